import CSV
import Foundation
import StudioCore
import StudioPrint
import StudioStore
import ZIPFoundation

/// Why an export did not happen; the text is the whole message, in Chinese.
public enum ExportError: Error, Equatable, CustomStringConvertible, Sendable {
    case unknownStudio(Int64)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownStudio(let id): "找不到编号为 \(id) 的工作室"
        case .cannotWrite(let path, let reason): "无法写入档案文件 \(path)（\(reason)）"
        }
    }
}

/// What an export wrote.
public struct ArchiveSummary: Equatable, Sendable {
    /// The ZIP file.
    public var url: URL
    /// Entries of the bundle, in the order they were written.
    public var fileNames: [String]
    public var studioName: String
    public var status: StudioStatus
    /// Every membership, those who left included.
    public var teamCount: Int
    public var currentMemberCount: Int
    public var approvalRecordCount: Int
    public var statusChangeCount: Int
    /// Pages of 申报表.pdf; nil when the bundle has none.
    public var applicationPages: Int?
    /// Lines also written to 说明.txt about what is missing (no application form, unknown rules).
    public var notes: [String]
    /// The 年度工作总结 PDFs in the bundle: year → pages (years with a summary written or 定稿).
    public var annualSummaries: [Int: Int] = [:]
}

/// One studio's complete record as a single self-contained ZIP bundle, for the archive kept
/// when a studio ends (摘牌/终止/撤销; rules.md §2.13, Shaanxi 七.4 "收集、归档").
/// Any studio may be exported; for a running one the bundle is its current state.
public enum ArchiveExporter {
    public static let noteFile = "说明.txt"
    public static let jsonFile = "工作室档案.json"
    public static let teamFile = "团队名单.csv"
    public static let approvalFile = "审批记录.csv"
    public static let historyFile = "状态历史.csv"
    public static let applicationFile = "申报表.pdf"
    public static func annualSummaryFile(_ year: Int) -> String { "\(year)年度工作总结.pdf" }

    public static let teamHeaders = ["姓名", "角色", "加入日期", "退出日期", "退出原因", "界别", "专委会", "单位职务", "专长", "联系方式", "备注"]
    public static let approvalHeaders = ["轮次", "审批环节", "决定", "意见", "签署人", "日期", "授牌编号"]
    public static let historyHeaders = ["日期", "原状态", "新状态", "原因"]

    /// Default file name: `<工作室名称>-档案-<date>.zip`, with path separators in the name replaced.
    public static func defaultFileName(studioName: String, date: String) -> String {
        let safe = studioName.replacingOccurrences(of: "/", with: "／").replacingOccurrences(of: "\\", with: "＼")
        return "\(safe.isEmpty ? "工作室" : safe)-档案-\(date).zip"
    }

    /// Writes the bundle to `url` (replacing a file already there). The ZIP is built beside the
    /// destination under a temporary name and moved into place at the end, so a failed export
    /// leaves no partial file. The file is readable by its owner only: it holds members' phone numbers.
    @discardableResult
    public static func export(studioID: Int64, db: AppDatabase, profiles: [RuleProfile], to url: URL,
                              exportedOn: String) throws -> ArchiveSummary {
        guard let studio = try db.studio(id: studioID) else { throw ExportError.unknownStudio(studioID) }
        let team = try db.team(studioID: studioID)
        let records = try db.approvalRecords(studioID: studioID)
        let history = try db.statusHistory(studioID: studioID)
        let values = try db.applicationValues(studioID: studioID)
        let profile = profiles.first { $0.id == studio.profileID }

        let document = ArchiveDocument(
            formatVersion: ArchiveDocument.currentFormatVersion, exportedOn: exportedOn,
            studio: .init(studio),
            profile: .init(id: studio.profileID, name: profile?.name, issuer: profile?.issuer),
            team: team.map(ArchiveDocument.TeamRow.init), approvalRecords: records.map(ArchiveDocument.ApprovalRow.init),
            statusHistory: history.map(ArchiveDocument.StatusRow.init), applicationValues: values)

        // The application printout, rendered to a scratch file and read back.
        var notes: [String] = []
        var pdf: (data: Data, pages: Int)?
        if let profile, !profile.applicationForm.fields.isEmpty {
            let scratch = FileManager.default.temporaryDirectory
                .appendingPathComponent("studiodesk-archive-\(UUID().uuidString).pdf")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let pages = try Printouts.application(studio, profile: profile, db: db, printedOn: exportedOn).render(to: scratch.path)
            pdf = (try Data(contentsOf: scratch), pages)
        } else if let profile {
            notes.append("未附申报表：「\(profile.name)」的规则没有申报表式样（该地由政协办公室自行制定建设方案），申报内容见 \(jsonFile)。")
        } else {
            notes.append("未附申报表：找不到工作室所用的规则「\(studio.profileID)」，申报内容见 \(jsonFile)。")
        }

        // Each year's 年度工作总结 the studio wrote (or 定稿), printed as it prints on its own.
        var annual: [(year: Int, data: Data, pages: Int)] = []
        for year in try db.annualSummaryYears(studioID: studioID) {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-archive-\(UUID().uuidString).pdf")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let pages = try Printouts.annualSummary(studio, year: year, profiles: profiles, db: db, printedOn: exportedOn).document.render(to: scratch.path)
            annual.append((year, try Data(contentsOf: scratch), pages))
        }

        var entries: [(name: String, data: Data)] = []
        let summaryNames = [noteFile, jsonFile, teamFile, approvalFile, historyFile] + (pdf == nil ? [] : [applicationFile])
            + annual.map { annualSummaryFile($0.year) }
        var summary = ArchiveSummary(
            url: url, fileNames: summaryNames, studioName: studio.name, status: studio.status,
            teamCount: team.count, currentMemberCount: team.filter(\.isCurrent).count,
            approvalRecordCount: records.count, statusChangeCount: history.count,
            applicationPages: pdf?.pages, notes: notes,
            annualSummaries: Dictionary(uniqueKeysWithValues: annual.map { ($0.year, $0.pages) }))
        entries.append((noteFile, Data(readme(studio: studio, profile: profile, summary: summary, exportedOn: exportedOn).utf8)))
        entries.append((jsonFile, try document.encoded()))
        entries.append((teamFile, Data(try CSVText.render(headers: teamHeaders, rows: team.map(teamCells)).utf8)))
        entries.append((approvalFile, Data(try CSVText.render(headers: approvalHeaders, rows: records.map(approvalCells)).utf8)))
        entries.append((historyFile, Data(try CSVText.render(headers: historyHeaders, rows: history.map(historyCells)).utf8)))
        if let pdf { entries.append((applicationFile, pdf.data)) }
        for a in annual { entries.append((annualSummaryFile(a.year), a.data)) }

        try writeZip(entries, to: url)
        summary.url = url
        return summary
    }

    // MARK: - Rows

    static func teamCells(_ e: TeamEntry) -> [String] {
        [e.member.name, e.membership.role.title, e.membership.joinedOn, e.membership.leftOn ?? "", e.membership.leftReason ?? "",
         e.member.sector, e.member.committee, e.member.unitTitle, e.member.expertise, e.member.phone, e.member.note]
    }

    static func approvalCells(_ r: ApprovalRecord) -> [String] {
        ["\(r.round)", r.stepName, r.decision.title, r.opinion, r.signer, r.date, r.plaqueNumber ?? ""]
    }

    static func historyCells(_ c: StatusChange) -> [String] {
        [c.date, c.fromStatus.title, c.toStatus.title, c.reason]
    }

    // MARK: - 说明.txt

    static func readme(studio: Studio, profile: RuleProfile?, summary s: ArchiveSummary, exportedOn: String) -> String {
        var lines = ["委员工作室档案", ""]
        lines.append("工作室：\(studio.name)（编号 \(studio.id ?? 0)，\(studio.type.title)）")
        lines.append("状态：\(studio.status.title)")
        lines.append("规则：\(profile.map { "\($0.name)（\(studio.profileID)）" } ?? studio.profileID)")
        lines.append("导出日期：\(exportedOn)")
        lines.append("")
        if studio.status.isActive {
            lines.append("该工作室仍在运行，本档案为导出之日的当前状态，不是最终归档。")
        } else {
            lines.append("该工作室已\(studio.status.title)。本压缩包即其归档档案：工作室摘牌、终止或撤销后，")
            lines.append("其申报、团队、审批和状态变更的全部记录收集于此，一并归档保存。")
        }
        lines.append("")
        lines.append("文件：")
        var files = [
            (noteFile, "本说明"),
            (jsonFile, "完整记录（工作室信息、规则、团队含已退出成员、全部审批记录、状态历史、申报表填写内容），供程序读取"),
            (teamFile, "团队名单，含已退出成员及其退出日期和原因（共 \(s.teamCount) 人次，现有成员 \(s.currentMemberCount) 人）"),
            (approvalFile, "各轮审批记录（共 \(s.approvalRecordCount) 条）"),
            (historyFile, "状态变更记录（共 \(s.statusChangeCount) 条）"),
        ]
        if let pages = s.applicationPages {
            files.append((applicationFile, "按「\(profile?.applicationForm.title ?? "申报表")」式样生成的申报表（\(pages) 页）"))
        }
        for (year, pages) in s.annualSummaries.sorted(by: { $0.key < $1.key }) {
            files.append((annualSummaryFile(year), "\(year)年度工作总结（公文版式，\(pages) 页）"))
        }
        for (name, what) in files { lines.append("  \(name)：\(what)") }
        if !s.notes.isEmpty {
            lines.append("")
            lines += s.notes
        }
        lines.append("")
        lines.append("CSV 文件为 UTF-8 编码。档案含委员联系方式，请妥善保管。")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Writing

    /// The ZIP is built in memory (a bundle is small: a few CSVs, one JSON, one PDF) and written owner-only,
    /// whole or not at all (`PrivateFile`), so the destination is whole or untouched.
    static func writeZip(_ entries: [(name: String, data: Data)], to url: URL) throws {
        let path = url.path
        let zip: Data
        do {
            let archive = try Archive(accessMode: .create)
            let now = Date()
            for entry in entries {
                try archive.addEntry(with: entry.name, type: .file, uncompressedSize: Int64(entry.data.count),
                                     modificationDate: now, permissions: 0o600, compressionMethod: .deflate) { position, size in
                    entry.data.subdata(in: Data.Index(position)..<Data.Index(position) + size)
                }
            }
            guard let data = archive.data else { throw ExportError.cannotWrite(path: path, reason: "压缩包生成失败") }
            zip = data
        } catch let e as ExportError {
            throw e
        } catch {
            throw ExportError.cannotWrite(path: path, reason: "压缩失败：\(error)")
        }
        do { try PrivateFile.write(zip, to: path) } catch let e as PrivateFile.WriteError {
            throw ExportError.cannotWrite(path: path, reason: e.reason)
        }
    }
}
