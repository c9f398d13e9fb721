import Foundation
import Testing
import ZIPFoundation
@testable import StudioCore
@testable import StudioDemo
@testable import StudioExport
@testable import StudioPrint
@testable import StudioResources
@testable import StudioStore

/// The cells that make Excel or WPS run a formula (OWASP's list, the full-width forms too).
let hostileCells = ["=HYPERLINK(\"http://x\")", "@x", "+1", "-1", "\tx", "\rx", "＝1", "＋1", "－1", "＠x"]

/// A CSV's records and cells (quotes, doubled quotes, line breaks inside quotes; a BOM skipped): enough to read
/// back what the program wrote, without the program's own reader.
func csvRecords(_ text: String) -> [[String]] {
    var records: [[String]] = [], record: [String] = [], cell = ""
    var quoted = false, atStart = true
    var scalars = Array(text.unicodeScalars)
    if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
    var i = 0
    while i < scalars.count {
        let c = scalars[i]
        if quoted {
            if c == "\"" {
                if i + 1 < scalars.count, scalars[i + 1] == "\"" { cell.unicodeScalars.append("\""); i += 1 } else { quoted = false }
            } else { cell.unicodeScalars.append(c) }
        } else if c == "\"" && atStart {
            quoted = true
        } else if c == "," {
            record.append(cell); cell = ""; atStart = true; i += 1; continue
        } else if c == "\n" || c == "\r" {
            if c == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
            record.append(cell); records.append(record); record = []; cell = ""; atStart = true; i += 1; continue
        } else { cell.unicodeScalars.append(c) }
        atStart = false
        i += 1
    }
    if !cell.isEmpty || !record.isEmpty { record.append(cell); records.append(record) }
    return records
}

/// Every cell of the CSV is safe to open in Excel, and each hostile value is there behind its apostrophe.
func expectNeutralised(_ csv: String, _ values: [String], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let cells = csvRecords(csv).flatMap { $0 }
    let unsafe = cells.filter { $0.unicodeScalars.first.map { FormulaCells.triggers.contains(Character($0)) } ?? false }
    #expect(unsafe.isEmpty, "\(what): cells that would run as formulas: \(unsafe)", sourceLocation: sourceLocation)
    for v in values {
        #expect(cells.contains("'" + v), "\(what): \(v.debugDescription) is not kept as text", sourceLocation: sourceLocation)
    }
}

/// Issue 19, items 3 and 4: one CSV writer keeps every formula start as text on every path, imports refuse a
/// formula however disguised, and every file written for the clerk is the owner's only.
@Suite(.serialized) struct FormulaAndPrivateFileTests {
    let dir: URL
    let db: AppDatabase
    let profiles: [RuleProfile]

    init() throws { (dir, db, profiles) = try demoOffice("formula") }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func mode(_ path: String) throws -> Int { try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1 }

    @Test func theWriterKeepsEveryFormulaStartAsText() throws {
        let rows = hostileCells.map { [$0, "普通"] }
        expectNeutralised(try CSVText.render(headers: ["a", "b"], rows: rows), hostileCells, "render")
        let excel = try CSVText.forExcel(headers: ["a", "b"], rows: rows)
        #expect(excel.hasPrefix("\u{FEFF}a,b"))
        expectNeutralised(excel, hostileCells, "forExcel")
        // Text that only looks alike is left alone.
        #expect(FormulaCells.neutralised("明湖区 =1") == "明湖区 =1" && FormulaCells.neutralised("") == "")
    }

    @Test func theRotaCSVKeepsAPlaceAsText() throws {
        let studio = try #require(try db.studios().first { $0.name == "医药卫生界委员工作室" })
        var pub = try db.dutyPublication(studio: studio, period: Period(.quarter, year: 2026, index: 4))
        #expect(pub.slots.count >= hostileCells.count)
        for (i, v) in hostileCells.enumerated() { pub.slots[i].place = v }
        pub.slots[0].place = "@=HYPERLINK(\"http://x\")"
        expectNeutralised(try DutyTable.csv(pub), ["@=HYPERLINK(\"http://x\")"] + hostileCells.dropFirst(), "duty csv")
    }

    @Test func theScorecardSummaryKeepsANameAsText() throws {
        var summary = try db.yearSummary(year: 2026, results: try db.yearResults(year: 2026, profiles: profiles, today: "2026-11-18"))
        #expect(summary.lines.count >= hostileCells.count)
        for (i, v) in hostileCells.enumerated() { summary.lines[i].name = v }
        expectNeutralised(try ScorecardTable.csv(summary), hostileCells, "scorecard csv")
    }

    @Test func theTableExportAndTheArchiveBundleKeepNotesAsText() throws {
        let studio = try #require(try db.studios().first { $0.name == "明湖区湖滨街道委员工作室" })
        let team = try db.team(studioID: studio.id!).map(\.member)
        #expect(team.count >= 3)
        // Saved through the store (a form accepts any note; it trims a leading tab or CR): the CSV writer is what keeps it text.
        for (i, v) in hostileCells.filter({ !$0.unicodeScalars.first!.properties.isWhitespace }).enumerated() {
            var m = team[i % team.count]
            m.note = v
            _ = try db.saveMember(m)
            let rows = try TableExport.rows(.members, db: db, profiles: profiles)
            expectNeutralised(try CSVText.forExcel(headers: rows[0], rows: Array(rows.dropFirst())), [v], "export members")
            let zip = URL(fileURLWithPath: path("bundle-\(i).zip"))
            try ArchiveExporter.export(studioID: studio.id!, db: db, profiles: profiles, to: zip, exportedOn: "2026-11-18")
            let archive = try Archive(url: zip, accessMode: .read)
            for name in [ArchiveExporter.teamFile, ArchiveExporter.approvalFile, ArchiveExporter.historyFile] {
                var data = Data()
                _ = try archive.extract(try #require(archive[name])) { data.append($0) }
                expectNeutralised(String(decoding: data, as: UTF8.self), name == ArchiveExporter.teamFile ? [v] : [], "archive \(name)")
            }
        }
    }

    /// A formula behind our apostrophe, a tab, spaces or as ＝ is refused with today's words, in the roster and in
    /// a ledger; what our export kept as text comes back as typed.
    @Test func importsRefuseAFormulaHoweverDisguised() throws {
        let header = "姓名,性别,界别,专委会,单位及职务,专业特长,联系电话,备注\n"
        let disguised = ["'\t=cmd|' /C calc'!A0", "\t=1+2", "  =1+2", "＝1+2", "' =1+2", "'=1+2", "'\t＝1"]
        for (i, cell) in disguised.enumerated() {
            let file = path("roster-\(i).csv")
            try (header + "李明,男,经济界,,,,,\(cell)\n").write(toFile: file, atomically: true, encoding: .utf8)
            let outcome = try Importer.run(.members, path: file, into: db, profiles: profiles, apply: true)
            #expect(!outcome.written && outcome.problems.contains { $0.description.contains("第 2 行「备注」：是公式") },
                    "\(cell.debugDescription): \(outcome.problems)")
            let activity = path("activity-\(i).csv")
            try "工作室,活动日期,活动类别,活动名称,活动内容\n明湖区湖滨街道委员工作室,2026/3/5,政策宣讲,宣讲会,\(cell)\n"
                .write(toFile: activity, atomically: true, encoding: .utf8)
            let ledger = try Importer.run(.activities, path: activity, into: db, profiles: profiles, apply: true)
            #expect(!ledger.written && ledger.problems.contains { $0.description.contains("「活动内容」：是公式") },
                    "\(cell.debugDescription): \(ledger.problems)")
        }
        #expect(try db.members(matching: SearchQuery("李明")).isEmpty)

        // An export's own apostrophe comes off again; the text is stored as typed.
        let kept = ["-社区治理", "+86 0571", "@明湖", "＠明湖", "－备注"]
        let rows = kept.enumerated().map { i, v in "李明\(["一", "二", "三", "四", "五"][i]),男,经济界,,,,,\(FormulaCells.neutralised(v))" }
        let file = path("kept.csv")
        try (header + rows.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let outcome = try Importer.run(.members, path: file, into: db, profiles: profiles, apply: true)
        #expect(outcome.written, "\(outcome.problems)")
        let notes = try db.members(matching: SearchQuery("李明")).map(\.note)
        #expect(Set(notes) == Set(kept))
    }

    /// Under umask 022 every file written for the clerk is 0600 and every folder made for it 0700.
    @Test func filesForTheClerkAreTheOwnersOnly() throws {
        let old = umask(0o022)
        defer { umask(old) }
        // A file that was world-readable before is replaced by an owner-only one.
        let csv = path("roster.csv")
        try "old".write(toFile: csv, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: csv)
        let rows = try TableExport.rows(.members, db: db, profiles: profiles)
        try PrivateFile.write(try CSVText.forExcel(headers: rows[0], rows: Array(rows.dropFirst())), to: csv)
        #expect(try mode(csv) == 0o600)
        #expect(try Data(contentsOf: URL(fileURLWithPath: csv)).starts(with: Data("\u{FEFF}姓名".utf8)))

        let book = path("all.xlsx")
        try TableExport.writeWorkbook(try ImportKind.allCases.map { ($0.title, try TableExport.rows($0, db: db, profiles: profiles)) }, to: book)
        #expect(try mode(book) == 0o600)

        let json = path("all.json")
        try PrivateFile.write(try db.dump().json(), to: json)
        #expect(try mode(json) == 0o600)

        let studio = try #require(try db.studios().first { $0.name == "明湖区湖滨街道委员工作室" })
        let zip = path("bundle.zip")
        try ArchiveExporter.export(studioID: studio.id!, db: db, profiles: profiles, to: URL(fileURLWithPath: zip), exportedOn: "2026-11-18")
        #expect(try mode(zip) == 0o600)

        // New folders, each level; a PDF drawn by cairo into one, over an older world-readable file.
        let folder = path("a/b/c")
        try PrivateFile.createFolder(folder)
        for p in [path("a"), path("a/b"), folder] { #expect(try mode(p) == 0o700, "\(p)") }
        let pdf = folder + "/值班公示.pdf"
        _ = FileManager.default.createFile(atPath: pdf, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
        let medical = try #require(try db.studios().first { $0.name == "医药卫生界委员工作室" })
        let pub = try db.dutyPublication(studio: medical, period: Period(.quarter, year: 2026, index: 4))
        #expect(try DutyPrintout(publication: pub, printedOn: "2026-11-18").render(to: pdf) > 0)
        #expect(try mode(pdf) == 0o600)
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)).prefix(5) == Data("%PDF-".utf8))

        // Nothing but the files asked for is left in the folder (no temporary copies).
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
        #expect(names.isEmpty, "\(names)")
    }

    @Test func aFileThatCannotBeWrittenSaysWhyAndLeavesNothing() throws {
        #expect(throws: PrivateFile.WriteError.self) { try PrivateFile.write("x", to: path("no-such-folder/x.csv")) }
        try PrivateFile.createFolder(path("folder"))
        do {
            try PrivateFile.write("x", to: path("folder"))
            Issue.record("a folder is not replaced by a file")
        } catch let e as PrivateFile.WriteError {
            #expect(e.description == "无法写入 \(path("folder"))：这是一个目录")
        }
    }
}
