import Foundation
import GRDB
import Testing
@testable import StudioCore
@testable import StudioDemo
@testable import StudioStore

/// The audit log records every change with who made it, written by SQLite's triggers; a read-only session
/// cannot write at all, whatever it tries.
@Suite struct AuditAndReadOnlyTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-audit-\(UUID().uuidString)")

    func path(_ name: String) throws -> String {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    @Test func everyChangeIsRecordedWithWhoWhenAndTheValuesBeforeAndAfter() throws {
        let db = try AppDatabase.open(path: try path("a.sqlite"), user: "王芳")
        var m = try db.saveMember(Member(name: "张雪琴", sector: "医药卫生界", phone: "13905710001"))
        m.phone = "13905710002"
        m = try db.saveMember(m)
        _ = try db.saveMember(m)   // saved unchanged: no line
        try db.deleteMember(id: m.id!)
        let lines = try db.auditEntries()
        #expect(lines.map(\.action) == [.delete, .update, .insert])
        #expect(lines.allSatisfy { $0.user == "王芳" && $0.table == "member" && $0.recordID == m.id! && $0.tableTitle == "委员名册" })
        let update = lines[1]
        #expect(update.changedColumns == ["phone"])
        #expect(update.oldValues["phone"] == "13905710001" && update.newValues["phone"] == "13905710002")
        #expect(lines[0].newValues.isEmpty && lines[0].oldValues["name"] == "张雪琴")
        #expect(lines[2].oldValues.isEmpty && lines[2].newValues["sector"] == "医药卫生界")
        let today = DateInput.iso(Date())
        #expect(lines.allSatisfy { $0.at.hasPrefix(today) && $0.at.count == 19 })

        // Another clerk's process, by default the OS user.
        let other = try AppDatabase.open(path: db.path)
        _ = try other.saveMember(Member(name: "李明", sector: "经济界"))
        #expect(try db.auditEntries(limit: 1).first?.user == AuditLog.systemUser())
        #expect(try db.auditFacets().users.sorted() == [AuditLog.systemUser(), "王芳"].sorted())
        #expect(try db.auditCount(AuditFilter(user: "王芳")) == 3)
        #expect(try db.auditCount(AuditFilter(since: "2999-01-01")) == 0)
    }

    @Test func theDemoLoadsWithoutLinesAndStudioChangesCarryTheirStudio() throws {
        let db = try AppDatabase.open(path: try path("d.sqlite"), user: "联络员")
        try db.loadDemo(DemoDataSet.make())
        #expect(try db.auditCount() == 0)
        let studio = try #require(try db.studios().first { $0.status == .plaqued })
        let a = try db.saveActivity(Activity(studioID: studio.id!, date: "2026-03-05", category: "visit", categoryName: "走访调研", title: "走访"), memberIDs: [])
        try db.setReview(kind: .activity, id: a.id!, Review(status: .approved, reviewer: "陈立军", reviewedOn: "2026-03-06"))
        let lines = try db.auditEntries(AuditFilter(studioID: studio.id, table: "activity"))
        #expect(lines.map(\.action) == [.update, .insert])
        #expect(lines[0].changedColumns == ["review"] && lines[0].newValues["review"]?.contains("approved") == true)
        #expect(try db.auditCount(AuditFilter(studioID: studio.id! + 1000)) == 0)
    }

    @Test func aReadOnlySessionCannotWriteAtTheSQLiteLevel() throws {
        let file = try path("r.sqlite")
        let db = try AppDatabase.open(path: file)
        _ = try db.saveMember(Member(name: "张雪琴", sector: "医药卫生界"))
        try db.writer.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: file))

        let reader = try AppDatabase.open(path: file, readOnly: true)
        #expect(reader.isReadOnly)
        #expect(try reader.memberCount() == 1)
        // Through the store: the clerk-readable message.
        #expect {
            _ = try reader.saveMember(Member(name: "李明", sector: "经济界"))
        } throws: { ($0 as? StoreError).map { "\($0)".contains("只读") } ?? false }
        // Around the store, with raw SQL on the pool's writer: SQLite itself refuses.
        #expect {
            try reader.writer.write { db in try db.execute(sql: "INSERT INTO member(name) VALUES ('x')") }
        } throws: { ($0 as? DatabaseError)?.resultCode == .SQLITE_READONLY }
        try reader.writer.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)

        // It never creates a file, and never migrates one.
        #expect(throws: StoreError.self) { try AppDatabase.open(path: try path("missing.sqlite"), readOnly: true) }
        #expect(!FileManager.default.fileExists(atPath: try path("missing.sqlite")))
        let old = try path("v1.sqlite")
        try FileManager.default.copyItem(atPath: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/schema-v1.sqlite").path, toPath: old)
        #expect { try AppDatabase.open(path: old, readOnly: true) } throws: { "\($0)".contains("需要升级") }
    }

    /// Makes `folder` unwritable: by its mode for a normal user; for root (whom modes do not stop) by a
    /// read-only bind mount. Returns the undo.
    func makeUnwritable(_ folder: String) throws -> () -> Void {
        func run(_ tool: String, _ args: [String]) throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tool)
            p.arguments = args
            try p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        if geteuid() != 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
            return { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder) }
        }
        try #require(try run("/bin/mount", ["--bind", folder, folder]) == 0)
        let undo = { _ = try? run("/bin/umount", ["-l", folder]) }
        let readOnly = try run("/bin/mount", ["-o", "remount,bind,ro", folder, folder]) == 0
        if !readOnly { undo() }
        try #require(readOnly, "a read-only bind mount is needed to test as root")
        return undo
    }

    /// Issue 19, item 12: a data file in a folder that cannot be written failed at the first save with
    /// 以只读方式打开…无法保存, blaming read-only mode. It opens read-only and says the folder is why.
    @Test func aFileInAnUnwritableFolderOpensReadOnlyAndSaysWhy() throws {
        let folder = try path("ro")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/t.sqlite"
        let db = try AppDatabase.open(path: file)
        _ = try db.saveMember(Member(name: "张雪琴", sector: "医药卫生界"))
        try db.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try db.writer.close()
        // The file alone, as when it is copied to a shared folder: SQLite cannot make its -wal and -shm there.
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
        let before = try Data(contentsOf: URL(fileURLWithPath: file))
        let undo = try makeUnwritable(folder)
        defer { undo() }

        let reopened = try AppDatabase.open(path: file)
        #expect(reopened.isReadOnly && reopened.readOnlyReason == "数据文件所在目录不可写：\(folder)")
        #expect(try reopened.memberCount() == 1)
        #expect {
            _ = try reopened.saveMember(Member(name: "李明", sector: "经济界"))
        } throws: { "\($0)" == "数据文件所在目录不可写：\(folder)，已以只读方式打开，无法保存。" }
        // A reviewer's read-only session works there too (it failed with 无法打开 before).
        #expect(try AppDatabase.open(path: file, readOnly: true).memberCount() == 1)
        try reopened.writer.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(files == ["t.sqlite"], "\(files)")
    }
}
