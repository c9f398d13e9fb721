import Foundation
import GRDB
import Testing
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import StudioResources

/// Issue 19, item 6: an audit log nobody can quietly rewrite — signed lines, other programs' writes recorded as
/// 外部程序, a restore that keeps the history and is itself recorded, the operator's name checked.
@Suite(.serialized) struct AuditChainTests {
    let tmp = TempDatabase()

    /// The sqlite3 shell: another program on the same file.
    func sqlite3(_ sql: String) throws -> String {
        let out = Pipe()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [tmp.path, sql]
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func clerkWork(_ db: AppDatabase) throws -> Member {
        var m = try db.saveMember(Member(name: "张雪琴", sector: "医药卫生界", phone: "13905710001"))
        m.phone = "13905710002"
        m = try db.saveMember(m)
        _ = try db.saveMember(Member(name: "李明", sector: "经济界"))
        return m
    }

    @Test func theLogIsSignedAndAnEditOrADeletionWithSqlite3IsFound() throws {
        let db = try tmp.open()
        let m = try clerkWork(db)
        let intact = try db.verifyAuditLog()
        #expect(intact.isIntact && intact.signed == 3 && intact.lines == 3, "\(intact.summary)")
        #expect(intact.summary == "审计日志完好：共 3 行，签名 3 行")
        // Another program changes the member: recorded, as 外部程序, with the row before and after.
        _ = try sqlite3("UPDATE member SET note = '外部改的' WHERE id = \(m.id!)")
        let external = try #require(try db.auditEntries().first)
        #expect(external.user == AuditLog.externalUser && external.table == "member" && external.newValues["note"] == "外部改的")
        #expect(try db.verifyAuditLog().external == 1 && db.verifyAuditLog().isIntact)
        // A signed line edited afterwards: named.
        let second = try #require(try db.auditEntries(limit: 10).map(\.id).sorted().dropFirst().first)
        _ = try sqlite3("UPDATE auditLog SET user = '别人' WHERE id = \(second)")
        let found = try db.verifyAuditLog()
        #expect(found.firstProblem?.id == second && found.firstProblem?.text == "这一行的内容在写入后被改动", "\(found.summary)")
        // …and the edit of the log itself was recorded too.
        #expect(try db.auditEntries().first?.table == "auditLog")
    }

    @Test func aSignedLineDeletedWithSqlite3IsFoundAtTheLineAfterIt() throws {
        let db = try tmp.open()
        _ = try clerkWork(db)
        let ids = try db.auditEntries().map(\.id).sorted()
        _ = try sqlite3("DELETE FROM auditLog WHERE id = \(ids[1])")
        let found = try db.verifyAuditLog()
        #expect(found.firstProblem?.id == ids[2])
        #expect(found.firstProblem?.text == "它之前的签名记录被删除或改动（签名链在此断开）", "\(found.summary)")
        // The deletion itself is in the log, as 外部程序, with the line it removed.
        let note = try #require(try db.auditEntries().first)
        #expect(note.user == AuditLog.externalUser && note.table == "auditLog" && note.action == .delete)
    }

    @Test func aRestoreKeepsWhatHappenedSinceTheBackupAndIsRecorded() throws {
        let db = try tmp.open()
        _ = try clerkWork(db)
        let copy = tmp.dir.appendingPathComponent("b.sqlite").path
        _ = try db.backup(to: copy)
        let before = try db.auditCount()
        _ = try db.saveMember(Member(name: "王五", sector: "农业界"))
        _ = try db.saveMember(Member(name: "赵六", sector: "农业界"))
        let afterBackup = try db.auditEntries(limit: 2).map(\.recordLabel)
        try db.restore(from: copy, today: "2026-12-06")
        // The members are as in the backup, the log is not: its history since the backup kept, then the restore.
        #expect(try db.members(matching: SearchQuery("王五")).isEmpty)
        let entries = try db.auditEntries(limit: 10)
        #expect(entries.first?.action == .restore && entries.first?.changeText.contains("从备份 \(copy) 恢复") == true)
        #expect(Array(entries.dropFirst().prefix(2).map(\.recordLabel)) == afterBackup)
        #expect(try db.auditCount() == before + 3)
        #expect(try db.verifyAuditLog().isIntact)
    }

    @Test func aWholeFileImportIsRecorded() throws {
        let db = try tmp.open()
        _ = try clerkWork(db)
        let target = tmp.dir.appendingPathComponent("imported.sqlite").path
        let imported = try AppDatabase.create(path: target, from: try db.dump())
        #expect(try imported.auditEntries().first?.action == .importAll)
        #expect(try imported.verifyAuditLog().isIntact)
    }

    @Test(arguments: ["张三\n2026-01-01T00:00:00", "李四\u{202E}", "", "王\u{2028}五"])
    func anOperatorNameThatCouldForgeALineIsRefused(_ name: String) throws {
        #expect(throws: StoreError.self) { try AppDatabase.open(path: tmp.path, user: name) }
    }
}
