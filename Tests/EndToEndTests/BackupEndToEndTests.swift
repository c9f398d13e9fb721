import Foundation
import Testing

/// `backup` and `restore` through the real binary: a backup taken while another process (the sqlite3
/// shell) keeps writing restores to a file that passes integrity_check; bad files and a mistyped path are
/// refused with their reason and nothing changes.
@Suite(.serialized) struct BackupEndToEndTests {
    func sqlite(_ path: String, _ sql: String) throws -> String {
        try TmuxSession.run("sqlite3", [path, sql]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func backupWhileAnotherProcessWritesThenRestore() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        // Another process inserts 300 activities, one transaction each, while the backup runs.
        let writer = s.dir.appendingPathComponent("writer.sh").path
        try """
        for i in $(seq 1 300); do
          sqlite3 -cmd '.timeout 5000' '\(s.dbPath)' "INSERT INTO activity (studioID, date, category, categoryName, mode, title, review) VALUES (1, '2026-10-01', 'reading', '读书交流', 'offline', '并发写入' || $i, '{\\"comment\\":\\"\\",\\"reviewer\\":\\"\\",\\"status\\":\\"pending\\"}');" || exit 1
        done
        """.write(toFile: writer, atomically: true, encoding: .utf8)
        let background = DispatchQueue(label: "writer")
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var writerStatus: Int32 = -1
        background.async {
            writerStatus = (try? TmuxSession.run("/bin/sh", [writer]).status) ?? -1
            finished.signal()
        }
        // The backup starts once the writer is at work (its first row is in), not after a guessed pause.
        try TmuxSession.waitUntil("the writer's first row") {
            (Int(try sqlite(s.dbPath, "SELECT COUNT(*) FROM activity WHERE title LIKE '并发写入%'")) ?? 0) > 0
        }
        let copy = s.dir.appendingPathComponent("备份/明湖区.sqlite").path
        let backup = try s.studiodesk(["backup", copy, "--db", s.dbPath])
        finished.wait()
        #expect(writerStatus == 0, "the writer failed")
        #expect(backup.status == 0 && backup.output.contains("完整性检查通过"), "\(backup.output)")
        #expect(try sqlite(copy, "PRAGMA integrity_check") == "ok")
        let inCopy = Int(try sqlite(copy, "SELECT COUNT(*) FROM activity WHERE title LIKE '并发写入%'")) ?? -1
        #expect((0...300).contains(inCopy))
        #expect(try sqlite(s.dbPath, "SELECT COUNT(*) FROM activity WHERE title LIKE '并发写入%'") == "300")

        // Restoring it: the copy's rows, nothing else, and the data as it was kept aside.
        let check = try s.studiodesk(["restore", copy, "--check", "--db", s.dbPath])
        #expect(check.status == 0 && check.output.contains("可以恢复") && check.output.contains("18 个工作室"))
        let restored = try s.studiodesk(["restore", copy, "--db", s.dbPath])
        #expect(restored.status == 0 && restored.output.contains("恢复前的数据另存为"), "\(restored.output)")
        #expect(try sqlite(s.dbPath, "PRAGMA integrity_check") == "ok")
        #expect(try sqlite(s.dbPath, "SELECT COUNT(*) FROM activity WHERE title LIKE '并发写入%'") == String(inCopy))

        // Bad files and a mistyped path: a clear reason, exit 1, the data file untouched.
        let notes = s.dir.appendingPathComponent("名册.csv").path
        try "姓名,性别\n张三,男\n".write(toFile: notes, atomically: true, encoding: .utf8)
        let bad = try s.studiodesk(["restore", notes, "--db", s.dbPath])
        #expect(bad.status == 1 && bad.output.contains("不是 SQLite 数据文件"), "\(bad.output)")
        let typo = s.dir.appendingPathComponent("typo/x.sqlite").path
        let missing = try s.studiodesk(["backup", copy, "--db", typo])
        #expect(missing.status == 1 && missing.output.contains("不存在"), "\(missing.output)")
        #expect(!FileManager.default.fileExists(atPath: typo))
        #expect(try sqlite(s.dbPath, "PRAGMA integrity_check") == "ok")
        // The daily automatic backup, once a day.
        let daily = try s.studiodesk(["backup", "--db", s.dbPath])
        #expect(daily.status == 0 && daily.output.contains("已备份到"))
        let again = try s.studiodesk(["backup", "--db", s.dbPath])
        #expect(again.output.contains("今天已有自动备份"))
    }
}
