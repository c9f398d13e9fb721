import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import Testing

/// The output services the screens and the command line share: paths, extensions, messages, printouts, scorecard files.
@Suite struct OutputServiceTests {
    @Test func aTypedPathIsResolvedOnce() {
        #expect(OutputFile.resolve("a/b.pdf", in: "/srv/out") == "/srv/out/a/b.pdf")
        #expect(OutputFile.resolve("/abs/b.pdf", in: "/srv/out") == "/abs/b.pdf")
        #expect(OutputFile.resolve("~/b.pdf", in: "/srv/out") == (NSHomeDirectory() as NSString).appendingPathComponent("b.pdf"))
        // The command line: a relative path stays relative (the current directory's).
        #expect(OutputFile.resolve("b.pdf") == "b.pdf")
        #expect(OutputFile.resolve("", in: "/srv/out") == "")
        #expect(OutputFile.resolve(nil, in: "/srv/out") == "")
    }

    @Test func theExtensionIsAddedOnlyWhenMissing() {
        #expect(OutputFile.withExtension("/tmp/表", ".pdf") == "/tmp/表.pdf")
        #expect(OutputFile.withExtension("/tmp/表.PDF", ".pdf") == "/tmp/表.PDF")
        #expect(OutputFile.withExtension("/tmp/表.csv", ".xlsx") == "/tmp/表.csv.xlsx")
        #expect(OutputFile.withExtension("", ".pdf") == "")
        #expect(OutputFile.safeName("A/B 工作室") == "A／B 工作室")
    }

    @Test func aFailedWriteIsToldInChinese() {
        #expect(OutputFile.message(for: PDFError("无法写入文件 /x.pdf"), path: "/x.pdf") == "无法写入文件 /x.pdf")
        let folder = NSTemporaryDirectory()
        let written = #expect(throws: PrivateFile.WriteError.self) { try OutputFile.write("x", to: folder) }
        #expect(written.map { OutputFile.message(for: $0, path: folder) } == "无法写入 \(folder)：这是一个目录")
        #expect(OutputFile.message(for: ExportError.unknownStudio(7), path: "/x.zip") == "找不到编号为 7 的工作室")
        #expect(OutputFile.message(for: PrintoutProblem.noApplicationForm(studio: "甲", profile: "乙"), path: "/x.pdf")
                == "「甲」所用的规则「乙」没有申报表，无法打印（该地由政协办公室自行制定建设方案）")
        #expect(OutputFile.message(for: CocoaError(.fileWriteNoPermission), path: "/x.pdf").hasPrefix("无法写入 /x.pdf："))
    }

    @Test func theApplicationPrintoutIsTheArchiveBundlesOne() throws {
        let f = try Fixture()
        defer { f.remove() }
        let studio = try f.studio { s in f.profiles.first { $0.id == s.profileID }.map { !$0.applicationForm.fields.isEmpty } ?? false }
        let pdf = f.dir.appendingPathComponent("申报表.pdf").path
        let pages = try Printouts.application(studio, profiles: f.profiles, db: f.db, printedOn: "2026-03-01").render(to: pdf)
        let summary = try ArchiveExporter.export(studioID: studio.id!, db: f.db, profiles: f.profiles,
                                                 to: f.dir.appendingPathComponent("a.zip"), exportedOn: "2026-03-01")
        #expect(pages > 0)
        #expect(summary.applicationPages == pages)
        // The same bytes but for the moment of making: the two renders may fall in different seconds.
        let bundled = try #require(try unzip(f.dir.appendingPathComponent("a.zip"))[ArchiveExporter.applicationFile])
        #expect(Self.undated(bundled) == Self.undated(try Data(contentsOf: URL(fileURLWithPath: pdf))))
        #expect(try FileManager.default.attributesOfItem(atPath: pdf)[.posixPermissions] as? Int == 0o600)
    }

    /// A PDF with its /CreationDate blanked (cairo writes the current second there).
    static func undated(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).replacingOccurrences(of: #"/CreationDate \(D:[0-9Z+'\-]*\)"#, with: "/CreationDate ()",
                                                                  options: .regularExpression)
    }

    @Test func rulesWithoutAnApplicationFormGiveTheReason() throws {
        let f = try Fixture()
        defer { f.remove() }
        let formless = try #require(f.profiles.first { $0.applicationForm.fields.isEmpty })
        let studio = try f.studio { $0.profileID == formless.id }
        #expect(throws: PrintoutProblem.noApplicationForm(studio: studio.name, profile: formless.name)) {
            try Printouts.application(studio, profiles: f.profiles, db: f.db, printedOn: "2026-03-01")
        }
        #expect(throws: PrintoutProblem.unknownProfile(studio: studio.name, profileID: studio.profileID)) {
            try Printouts.application(studio, profiles: [], db: f.db, printedOn: "2026-03-01")
        }
    }

    @Test func scorecardsAreWrittenTheThreeWays() throws {
        let f = try Fixture()
        defer { f.remove() }
        let results = try f.db.yearResults(year: 2026, profiles: f.profiles, today: "2026-11-18")
        let summary = try f.db.yearSummary(year: 2026, results: results)
        let sheets = Array(results.prefix(3)).map { (studio: $0.0, assessment: $0.1) }
        func write(_ layout: ScorecardFiles.Layout, _ name: String, summary: YearEndSummary?, addExtension: Bool = true) throws -> ScorecardFiles.Written {
            try ScorecardFiles.write(sheets, summary: summary, year: 2026, district: "明湖区", printedOn: "2026-11-18",
                                     layout: layout, to: f.dir.appendingPathComponent(name).path, addExtension: addExtension)
        }

        let one = try write(.oneFile, "评估表", summary: summary)
        #expect(one.path.hasSuffix("评估表.pdf") && one.files == 1 && one.pages > sheets.count)
        #expect(try write(.oneFile, "原样", summary: nil, addExtension: false).path.hasSuffix("/原样"))

        let folder = try write(.perStudio, "目录", summary: summary)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == (sheets.map { ScorecardFiles.sheetFileName(studio: $0.studio.name, year: 2026) } + ["2026年度评估汇总表.pdf"]).sorted())
        #expect(folder.files == sheets.count + 1)
        #expect(try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int == 0o700)
        // One studio's sheets without the 汇总表 (the command line's --studio).
        #expect(try write(.perStudio, "一个", summary: nil).files == sheets.count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.dir.appendingPathComponent("一个").path).count == sheets.count)

        let csv = try write(.summaryCSV, "汇总", summary: summary)
        #expect(csv.path.hasSuffix("汇总.csv") && csv.pages == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: csv.path)) == Data(try ScorecardTable.csv(summary).utf8))
        #expect(try FileManager.default.attributesOfItem(atPath: csv.path)[.posixPermissions] as? Int == 0o600)
    }
}
