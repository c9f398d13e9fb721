import Foundation
import GRDB
import Testing
import XLSXKit
import ZIPFoundation
@testable import StudioCore
@testable import StudioDemo
@testable import StudioExport
@testable import StudioResources
@testable import StudioStore

/// Excel workbooks on the road in: the sheet an office made (a merged title row above the header, numbers
/// where Excel keeps dates), what an export writes, and the workbooks that must be refused.
@Suite struct WorkbookImportTests {
    let dir: URL
    let db: AppDatabase
    let profiles: [RuleProfile]

    init() throws { (dir, db, profiles) = try demoOffice("xlsx") }

    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("XLSXKitTests/Fixtures/\(name)").path
    }

    func count(_ table: String) throws -> Int { try db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 } }

    /// A workbook from the writer (or a copy of `source`) with the first sheet's XML edited (a merge, a formula, a number).
    func workbook(_ name: String, _ rows: [[String]], source: String? = nil, edit: (String) -> String = { $0 }) throws -> String {
        let plain = source ?? dir.appendingPathComponent("plain-\(name)").path
        if source == nil { try XLSXWriter.write(sheets: [("台账", rows)], to: plain) }
        let path = dir.appendingPathComponent(name).path
        let source = try Archive(url: URL(fileURLWithPath: plain), accessMode: .read)
        let target = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for entry in source {
            var data = Data()
            _ = try source.extract(entry) { data.append($0) }
            if entry.path == "xl/worksheets/sheet1.xml" { data = Data(edit(String(decoding: data, as: UTF8.self)).utf8) }
            try target.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position) ..< Int(position) + size)
            }
        }
        return path
    }

    static let activities = LedgerImport.template(.activity)

    @Test func anOfficeRosterWithATitleRowImportsWithItsExcelRowNumbers() throws {
        let before = try db.memberCount()
        // The fixture has a formula in F3, under no header: named, not dropped (issue 19), and nothing written.
        let asMade = try Importer.run(.members, path: Self.fixture("roster.xlsx"), into: db, profiles: profiles, apply: true)
        #expect(asMade.problems.map(\.description) == ["第 3 行：第 6 列（F 列）没有表头，内容「=D3+1」无处导入：请给这一列加上列名，或删去这些内容"])
        #expect(try !asMade.written && db.memberCount() == before)
        let path = try workbook("roster.xlsx", [], source: Self.fixture("roster.xlsx")) {
            $0.replacingOccurrences(of: #"<c r="F3"[^>]*>.*?</c>"#, with: "", options: .regularExpression)
        }
        let outcome = try Importer.run(.members, path: path, into: db, profiles: profiles, apply: true)
        #expect(outcome.source == "Excel 工作表「名册」" && outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.added.map { String($0.prefix(6)) } == ["第3行 张三", "第4行 李四", "第5行 王五", "第7行 赵六"])
        #expect(outcome.ignoredColumns == ["活动日期"])
        #expect(try db.memberCount() == before + 4)
        #expect(try db.members(matching: SearchQuery("王五")).first?.sector == "科技界")
    }

    @Test func anExportedWorkbookImportsBackUnchanged() throws {
        let path = dir.appendingPathComponent("all.xlsx").path
        let tables = try ImportKind.allCases.map { ($0.title, try TableExport.rows($0, db: db, profiles: profiles)) }
        try TableExport.writeWorkbook(tables, to: path)
        let outcome = try Importer.run(.members, path: path, into: db, profiles: profiles, apply: false)
        #expect(outcome.problems.isEmpty && outcome.added.isEmpty && outcome.changed.isEmpty, "\(outcome.problems.prefix(3))")
        let studios = try Importer.run(.studios, path: path, sheet: "2", into: db, profiles: profiles, apply: false)
        #expect(studios.source == "Excel 工作表「工作室名册（含团队）」" && studios.problems.isEmpty && studios.changed.isEmpty, "\(studios.problems.prefix(3))")
        #expect(throws: ImportFileError.self) { try Importer.run(.members, path: path, sheet: "第九张", into: db, profiles: profiles, apply: false) }
    }

    @Test func aDateKeptAsAnExcelNumberIsADate() throws {
        let path = try workbook("serial.xlsx", Self.activities) { xml in
            xml.replacingOccurrences(of: #"<c r="C2" t="s"><v>\d+</v></c>"#, with: #"<c r="C2"><v>46086</v></c>"#, options: .regularExpression)
        }
        let outcome = try Importer.run(.activities, path: path, into: db, profiles: profiles, apply: true)
        #expect(outcome.written, "\(outcome.problems)")
        #expect(outcome.added.first?.contains("2026-03-05") == true, "\(outcome.added)")
    }

    /// Issue 19, item 12: an entity declared in a DTD was dropped without a word (备注 empty, or 姓名不能为空).
    @Test func aWorkbookPartWithADTDIsRefused() throws {
        let before = try db.memberCount()
        let doctype = #"<!DOCTYPE worksheet [<!ENTITY note "张三的备注">]>"#
        func withEntity(_ prolog: String) -> (String) -> String {
            { xml in
                xml.replacingOccurrences(of: "?>", with: "?>" + prolog, options: [], range: xml.range(of: "?>"))
                    .replacingOccurrences(of: #"(<row r="2"[^>]*>.*?)</row>"#, with: #"$1<c r="H2" t="inlineStr"><is><t>&note;</t></is></c></row>"#, options: .regularExpression)
            }
        }
        for (name, prolog) in [("dtd.xlsx", doctype), ("dtd-after-comment.xlsx", "<!-- 说明 -->\n" + doctype)] {
            let path = try workbook(name, RosterImport.template, edit: withEntity(prolog))
            #expect {
                _ = try Importer.run(.members, path: path, into: db, profiles: profiles, apply: true)
            } throws: { "\($0)".contains("不支持含 DTD/实体定义的工作簿（可能是恶意文件）") && "\($0)".contains("xl/worksheets/sheet1.xml") }
        }
        #expect(try db.memberCount() == before)
        // The same workbook without the DTD reads (the edit itself is sound).
        let plain = try workbook("no-dtd.xlsx", RosterImport.template)
        #expect(try Importer.run(.members, path: plain, into: db, profiles: profiles, apply: false).problems.isEmpty)
    }

    /// Issue 19, item 10: a sheet of a million rows was read whole. Its `<dimension>` refuses it before any cell
    /// is read (this one says 1,048,576 rows and holds two); without one, reading stops at the limit.
    @Test func aSheetOverTheRowLimitIsRefusedFromItsDimensionOrWhileReading() throws {
        let huge = try workbook("huge.xlsx", Self.activities) { $0.replacingOccurrences(of: #"<dimension ref="[^"]+"/>"#, with: #"<dimension ref="A1:L1048576"/>"#, options: .regularExpression) }
        #expect {
            _ = try Importer.run(.activities, path: huge, into: db, profiles: profiles, apply: true)
        } throws: { "\($0)" == "文件 \(huge) 的工作表「台账」有 1048575 行数据，超过导入上限 200000 行，已拒绝导入：请分成几个文件，或删去多余的行（命令行可用 --max-rows 提高上限）" }
        let rows = Self.activities + [Self.activities[1], Self.activities[1]]
        let undimensioned = try workbook("rows.xlsx", rows) { $0.replacingOccurrences(of: #"<dimension ref="[^"]+"/>"#, with: "", options: .regularExpression) }
        #expect {
            _ = try Importer.run(.activities, path: undimensioned, maxRows: 2, into: db, profiles: profiles, apply: true)
        } throws: { "\($0)".contains("工作表「台账」的数据超过导入上限 2 行") }
        // At the limit it is read (and the repeated rows are then named as such).
        let read = try Importer.run(.activities, path: undimensioned, maxRows: 3, into: db, profiles: profiles, apply: false)
        #expect(read.rows == 3 && read.problems.map(\.row) == [3, 4], "\(read.problems)")
    }

    /// Each bad workbook gives its message and writes nothing.
    @Test func badWorkbooksAreRefusedAndWriteNothing() throws {
        let before = try count("activity")
        let merged = try workbook("merged.xlsx", Self.activities) { $0.replacingOccurrences(of: "</sheetData>", with: #"</sheetData><mergeCells count="1"><mergeCell ref="B1:C1"/></mergeCells>"#) }
        let formula = try workbook("formula.xlsx", Self.activities) { xml in
            xml.replacingOccurrences(of: #"<c r="K2" t="s"><v>\d+</v></c>"#, with: #"<c r="K2"><f>SUM(30,5)</f><v>35</v></c>"#, options: .regularExpression)
        }
        let cases: [(String, String)] = [
            (merged, "表头（第 1 行）有合并单元格 B1:C1"),
            (formula, "第 2 行「服务群众人数」：是公式（=SUM(30,5)）"),
            (Self.fixture("csv_renamed.xlsx"), "不是有效的 Excel 工作簿"),
            (Self.fixture("ole_header.xlsx"), "旧版 Excel（.xls）格式，或设置了打开密码"),
            (Self.fixture("truncated.xlsx"), "truncated.xlsx"),
            (Self.fixture("empty.xlsx"), "空文件"),
        ]
        for (path, expected) in cases {
            do {
                let outcome = try Importer.run(.activities, path: path, into: db, profiles: profiles, apply: true)
                #expect(!outcome.written && outcome.problems.contains { $0.description.contains(expected) }, "\(path): \(outcome.problems)")
            } catch let e as ImportFileError {
                #expect(e.description.contains(expected), "\(path): \(e)")
            }
        }
        #expect(try count("activity") == before)
    }
}
