import Foundation
import GRDB
import Testing
@testable import StudioCore
@testable import StudioDemo
@testable import StudioExport
@testable import StudioResources
@testable import StudioStore
import XLSXKit

/// Exports: every kind in its import's columns (so export → edit → import works, and an unedited file changes
/// nothing), cells safe from formula injection, and the whole file as JSON that comes back byte for byte.
@Suite struct TableExportTests {
    let dir: URL
    let db: AppDatabase
    let profiles: [RuleProfile]

    init() throws { (dir, db, profiles) = try demoOffice("export") }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    @Test func theWholeFileComesBackByteForByte() throws {
        // A deleted record: its id must not be given out again after the round trip.
        let studio = try #require(try db.studios().first { $0.name == "明湖区湖滨街道委员工作室" })
        let last = try #require(try db.ledgerEntries(studioID: studio.id!).first { $0.kind == .activity })
        try db.deleteLedgerRecord(kind: .activity, id: last.id)
        let first = try db.dump().json()
        let copy = try AppDatabase.create(path: path("copy.sqlite"), from: try AppDatabase.readDump(first, path: "x"))
        // The same bytes, once the log's own line of the whole-file import (and its id in the sequence) is set aside.
        var back = try copy.dump()
        let log = try #require(back.tables.firstIndex { $0.name == "auditLog" })
        let note = back.tables[log].rows.removeLast()
        #expect(note.contains(.text("import-all")))
        let original = try AppDatabase.readDump(first, path: "x")
        let sequence = try #require(back.tables.firstIndex { $0.name == "sqlite_sequence" })
        back.tables[sequence] = try #require(original.tables.first { $0.name == "sqlite_sequence" })
        #expect(try back.json() == first)
        #expect(try copy.dump().tables.first { $0.name == "activity" }?.rows.count == db.dump().tables.first { $0.name == "activity" }?.rows.count)
        let seq = try copy.read { db in try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'activity'") }
        #expect(seq == (try db.read { db in try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'activity'") }))
        #expect(try copy.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") } == ["ok"])
        // Every table of the schema is in the document, GRDB's own bookkeeping aside.
        let names = try db.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb_%'") }
        #expect(Set(try db.dump().tables.map(\.name)) == Set(names))
    }

    @Test func aWholeFileImportGoesOnlyIntoAnEmptyFileAndABadDocumentLeavesNothing() throws {
        let json = try db.dump().json()
        #expect(throws: StoreError.self) { try AppDatabase.create(path: db.path, from: try AppDatabase.readDump(json, path: "x")) }
        // Truncated, not ours, from a newer version, a row that breaks a foreign key: refused, no file left behind.
        let truncated = json.prefix(json.count / 2)
        #expect(throws: StoreError.self) { try AppDatabase.readDump(Data(truncated), path: "cut.json") }
        #expect(throws: StoreError.self) { try AppDatabase.readDump(Data(#"{"format":"other","schema":"v1","tables":[]}"#.utf8), path: "o.json") }
        var newer = try AppDatabase.readDump(json, path: "x")
        newer.schema = "v99-from-the-future"
        #expect(throws: StoreError.self) { try AppDatabase.create(path: path("newer.sqlite"), from: newer) }
        var broken = try AppDatabase.readDump(json, path: "x")
        let i = try #require(broken.tables.firstIndex { $0.name == "studioMembership" })
        broken.tables[i].rows[0][broken.tables[i].columns.firstIndex(of: "studioID")!] = .integer(999_999)
        #expect(throws: (any Error).self) { try AppDatabase.create(path: path("broken.sqlite"), from: broken) }
        for name in ["newer.sqlite", "broken.sqlite"] { #expect(!FileManager.default.fileExists(atPath: path(name)), "\(name)") }
    }

    /// An export of each kind, imported back unedited, changes nothing: the columns are the import's own.
    @Test(arguments: ImportKind.allCases)
    func anUneditedExportImportsBackAsUnchanged(_ kind: ImportKind) throws {
        let studio = try #require(try db.studios().first { $0.name == "明湖区湖滨街道委员工作室" })
        // Studios and members whole; a ledger for one running studio (an archived studio's records are read-only).
        let filter = kind == .members || kind == .studios ? TableExport.Filter() : TableExport.Filter(studioID: studio.id)
        let rows = try TableExport.rows(kind, db: db, profiles: profiles, filter: filter)
        #expect(rows.count > 1, "\(kind) has rows to export")
        let file = path("\(kind).csv")
        try CSVText.forExcel(headers: rows[0], rows: Array(rows.dropFirst())).write(toFile: file, atomically: true, encoding: .utf8)
        let outcome = try Importer.run(kind, path: file, into: db, profiles: profiles, apply: false)
        #expect(outcome.problems.isEmpty, "\(kind): \(outcome.problems.prefix(5))")
        #expect(outcome.added.isEmpty && outcome.changed.isEmpty, "\(kind): \(outcome.added.prefix(3)) \(outcome.changed.prefix(3))")
    }

    /// The same through a workbook: dates written as date cells and 编号 and counts as numbers read back as the same
    /// text, so the unedited workbook changes nothing either.
    @Test(arguments: ImportKind.allCases)
    func anUneditedWorkbookExportImportsBackAsUnchanged(_ kind: ImportKind) throws {
        let studio = try #require(try db.studios().first { $0.name == "明湖区湖滨街道委员工作室" })
        let filter = kind == .members || kind == .studios ? TableExport.Filter() : TableExport.Filter(studioID: studio.id)
        let rows = try TableExport.rows(kind, db: db, profiles: profiles, filter: filter)
        #expect(rows.count > 1, "\(kind) has rows to export")
        let file = path("\(kind).xlsx")
        try TableExport.writeWorkbook([(kind.title, rows)], to: file)
        // The columns that are typed are typed in the file.
        let kinds = rows[0].map(TableExport.cellKind)
        if kind != .members && kind != .studios { #expect(kinds.contains(.date) && kinds.first == .number, "\(rows[0])") }
        let outcome = try Importer.run(kind, path: file, into: db, profiles: profiles, apply: false)
        #expect(outcome.problems.isEmpty, "\(kind): \(outcome.problems.prefix(5))")
        #expect(outcome.added.isEmpty && outcome.changed.isEmpty, "\(kind): \(outcome.added.prefix(3)) \(outcome.changed.prefix(3))")
    }

    @Test func cellsThatWouldRunAsFormulasStayTextAndComeBackAsTyped() throws {
        var m = try #require(try db.members(matching: SearchQuery("")).first)
        m.note = "=HYPERLINK(\"http://x\")"
        m.expertise = "-社区治理"
        _ = try db.saveMember(m)
        let rows = try TableExport.rows(.members, db: db, profiles: profiles)
        let csv = try CSVText.forExcel(headers: rows[0], rows: Array(rows.dropFirst()))
        #expect(csv.hasPrefix("\u{FEFF}姓名,"))
        #expect(csv.contains("'-社区治理") && csv.contains("'=HYPERLINK"))
        #expect(!csv.split(separator: "\n").contains { $0.split(separator: ",").contains { $0.hasPrefix("=") || $0.hasPrefix("\"=") } })
        #expect(ImportCells.cell(["'-社区治理"], 0) == "-社区治理")
    }

    /// Exported rows carry their 编号: an edited title updates that record instead of adding one; a number that
    /// is not on file, or belongs to another studio, is refused.
    @Test func anEditedExportUpdatesTheRecordByItsNumber() throws {
        let studio = try #require(try db.studios().first { $0.name == "明湖区湖滨街道委员工作室" })
        var rows = try TableExport.rows(.proposals, db: db, profiles: profiles, filter: TableExport.Filter(studioID: studio.id))
        let title = try #require(rows[0].firstIndex(of: "提案标题"))
        let id = try #require(Int64(rows[1][0]))
        rows[1][title] = "（修改后）" + rows[1][title]
        let file = path("edited.csv")
        try CSVText.forExcel(headers: rows[0], rows: Array(rows.dropFirst())).write(toFile: file, atomically: true, encoding: .utf8)
        let before = try db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM proposal") }
        let outcome = try Importer.run(.proposals, path: file, into: db, profiles: profiles, apply: true)
        #expect(outcome.written && outcome.added.isEmpty && outcome.changed.count == 1 && outcome.changed[0].contains("提案标题"), "\(outcome.changed) \(outcome.problems)")
        #expect(try db.proposal(id: id)?.title.hasPrefix("（修改后）") == true)
        #expect(try db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM proposal") } == before)

        rows[1][0] = "999999"
        try CSVText.forExcel(headers: rows[0], rows: Array(rows.dropFirst())).write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try Importer.run(.proposals, path: file, into: db, profiles: profiles, apply: true)
        #expect(!refused.written && refused.problems.map(\.description) == ["第 2 行「编号」：编号 999999 不是该工作室台账中的记录（新记录请留空编号）"])
    }
}
