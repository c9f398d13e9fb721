import Foundation
import StudioCore
import StudioPrint
import StudioStore

/// Why a printout cannot be made, in Chinese (the command line adds where to look things up).
public enum PrintoutProblem: Error, Equatable, CustomStringConvertible, Sendable {
    case unknownProfile(studio: String, profileID: String)
    case noApplicationForm(studio: String, profile: String)

    public var description: String {
        switch self {
        case .unknownProfile(let studio, let id): "找不到工作室「\(studio)」所用的规则「\(id)」"
        case .noApplicationForm(let studio, let profile):
            "「\(studio)」所用的规则「\(profile)」没有申报表，无法打印（该地由政协办公室自行制定建设方案）"
        }
    }
}

/// The printouts, assembled from the store once for the screens, the command line and the archive bundle:
/// each gathers what its form needs and gives the StudioPrint document, ready to render to a PDF.
/// Here (in StudioExport) rather than in a target of their own because the archive bundle, an export, prints
/// the application form too: StudioExport already stands on StudioStore and StudioPrint, and the command line
/// reaches it without the screens.
public enum Printouts {
    /// The application form of `studio` in its rules' format (rules.md §2.1).
    public static func application(_ studio: Studio, profile: RuleProfile, db: AppDatabase, printedOn: String) throws -> ApplicationPrintout {
        let id = studio.id!
        return ApplicationPrintout(profile: profile, studio: studio, team: try db.team(studioID: id),
                                   records: try db.approvalRecords(studioID: id), history: try db.statusHistory(studioID: id),
                                   values: try db.applicationValues(studioID: id), printedOn: printedOn)
    }

    /// The application form of `studio`, or why its rules give none.
    public static func application(_ studio: Studio, profiles: [RuleProfile], db: AppDatabase, printedOn: String) throws -> ApplicationPrintout {
        guard let profile = profiles.first(where: { $0.id == studio.profileID }) else {
            throw PrintoutProblem.unknownProfile(studio: studio.name, profileID: studio.profileID)
        }
        guard !profile.applicationForm.fields.isEmpty else {
            throw PrintoutProblem.noApplicationForm(studio: studio.name, profile: profile.name)
        }
        return try application(studio, profile: profile, db: db, printedOn: printedOn)
    }

    /// The wall checklist of a studio: blank (`inspection` nil) or as an inspection recorded it.
    public static func checklist(_ status: StudioWallStatus, profile: RuleProfile?, inspection: InspectionRecord?,
                                 db: AppDatabase, printedOn: String) throws -> ChecklistPrintout {
        ChecklistPrintout(status: status, profile: profile, team: try db.team(studioID: status.studio.id!),
                          inspection: inspection, printedOn: printedOn)
    }

    /// A studio's 年度工作总结 of `year` on the official page (GB/T 9704-2012), with the summary it was made from.
    /// Dated the day it was 定稿, else the day it is printed.
    public static func annualSummary(_ studio: Studio, year: Int, profiles: [RuleProfile], db: AppDatabase,
                                     printedOn: String) throws -> (document: OfficialDocument, summary: AnnualSummaryDocument) {
        let doc = try db.annualSummaryDocument(studio: studio, year: year, profiles: profiles, today: printedOn)
        return (OfficialDocument(annualSummary: doc.summary, own: doc.text, dated: doc.entry?.finalizedOn ?? printedOn), doc)
    }

    public static func annualSummaryFileName(studio: String, year: Int) -> String { "\(OutputFile.safeName(studio))-\(year)年度工作总结.pdf" }

    /// The office's year-end 总结材料 of `year` on the official page, with its figures and texts. `madeAt`: local
    /// time, as a return made now would carry.
    public static func officeYear(year: Int, profiles: [RuleProfile], db: AppDatabase, printedOn: String,
                                  madeAt: String) throws -> (document: OfficialDocument, summary: OfficeYearSummary, text: AnnualSummaryText) {
        let summary = try db.officeYearSummary(year: year, profiles: profiles, today: printedOn, madeAt: madeAt)
        let text = try db.officeYearText(year: year)?.text ?? AnnualSummaryText()
        return (OfficialDocument(officeYear: summary, own: text, dated: printedOn), summary, text)
    }

    public static func officeYearFileName(office: String, year: Int) -> String { "\(OutputFile.safeName(office))-\(year)年度总结材料.pdf" }

    /// The 值班公示 of a studio for a period.
    public static func duty(_ studio: Studio, period: Period, db: AppDatabase, printedOn: String) throws -> DutyPrintout {
        DutyPrintout(publication: try db.dutyPublication(studio: studio, period: period), printedOn: printedOn)
    }
}

/// The year's 评估表 written the three ways an office asks for them.
public enum ScorecardFiles {
    public enum Layout: Sendable {
        /// One PDF: the 汇总表 first (when given), then every studio's sheet.
        case oneFile
        /// A folder: one PDF per studio, and the 汇总表 as a PDF of its own (when given).
        case perStudio
        /// The 汇总表 as CSV for Excel/WPS.
        case summaryCSV
    }

    /// What was written.
    public struct Written: Equatable, Sendable {
        /// The file or folder, with the extension added when it was missing.
        public var path: String
        public var files: Int
        /// Pages of the PDFs; 0 for the CSV.
        public var pages: Int
    }

    /// File name of one studio's sheet in a folder.
    public static func sheetFileName(studio: String, year: Int) -> String { "\(OutputFile.safeName(studio))-\(year)年度评估表.pdf" }
    /// File name of the 汇总表 in a folder.
    public static func summaryFileName(year: Int) -> String { "\(year)年度评估汇总表.pdf" }

    /// Writes `sheets` (and `summary` when given) at `path` in `layout`. `addExtension`: a file without
    /// .pdf/.csv gets it (the screens; the command line writes the file it is named).
    public static func write(_ sheets: [(studio: Studio, assessment: Assessment)], summary: YearEndSummary?, year: Int,
                             district: String, printedOn: String, layout: Layout, to path: String,
                             addExtension: Bool = true) throws -> Written {
        switch layout {
        case .summaryCSV:
            guard let summary else { return Written(path: path, files: 0, pages: 0) }
            let file = addExtension ? OutputFile.withExtension(path, ".csv") : path
            try PrivateFile.write(try ScorecardTable.csv(summary), to: file)
            return Written(path: file, files: 1, pages: 0)
        case .perStudio:
            try PrivateFile.createFolder(path)
            var pages = 0
            for (s, a) in sheets {
                let file = (path as NSString).appendingPathComponent(sheetFileName(studio: s.name, year: year))
                pages += try ScorecardPrintout(sheets: [(s, a)], district: district, printedOn: printedOn).render(to: file)
            }
            if let summary {
                pages += try ScorecardPrintout(sheets: [], summary: summary, district: district, printedOn: printedOn)
                    .render(to: (path as NSString).appendingPathComponent(summaryFileName(year: year)))
            }
            return Written(path: path, files: sheets.count + (summary == nil ? 0 : 1), pages: pages)
        case .oneFile:
            let file = addExtension ? OutputFile.withExtension(path, ".pdf") : path
            let pages = try ScorecardPrintout(sheets: sheets, summary: summary, district: district, printedOn: printedOn).render(to: file)
            return Written(path: file, files: 1, pages: pages)
        }
    }
}
