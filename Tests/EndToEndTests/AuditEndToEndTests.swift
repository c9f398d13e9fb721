import Foundation
import Testing

/// Issue 19 through the binary: another program's file is left alone; `audit --verify` finds a line edited and one
/// deleted with sqlite3; other programs' writes are recorded as 外部程序; an operator name that would forge a line
/// is refused.
@Suite(.serialized) struct AuditEndToEndTests {
    func sqlite(_ path: String, _ sql: String) throws -> (status: Int32, output: String) {
        try TmuxSession.run("sqlite3", [path, sql])
    }

    @Test func anotherProgramsFileIsLeftByteForByte() throws {
        let s = try TmuxSession()
        let notes = s.dir.appendingPathComponent("n.sqlite").path
        #expect(try sqlite(notes, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)").status == 0)
        let before = try #require(FileManager.default.contents(atPath: notes))
        for args in [["members", "--db", notes], ["demo", "--db", notes], ["members", "--db", notes, "--read-only"]] {
            let r = try s.studiodesk(args)
            #expect(r.status != 0 && r.output.contains("不是 StudioDesk 的数据文件") && r.output.contains("notes"), "\(args): \(r.output)")
        }
        #expect(FileManager.default.contents(atPath: notes) == before)
        #expect(!FileManager.default.fileExists(atPath: notes + "-wal"))
    }

    @Test func verifyFindsALineEditedAndOneDeletedWithSqlite3() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let roster = s.dir.appendingPathComponent("r.csv").path
        try "姓名,界别,联系电话\n欧阳新,经济界,13900001111\n上官新,农业界,13900002222\n司徒新,教育界,13900003333\n"
            .write(toFile: roster, atomically: true, encoding: .utf8)
        #expect(try s.studiodesk(["import", "members", roster, "--db", s.dbPath, "--user", "王秘书"]).status == 0)
        var verify = try s.studiodesk(["audit", "--verify", "--db", s.dbPath])
        #expect(verify.status == 0 && verify.output.contains("审计日志完好：共 3 行，签名 3 行"), "\(verify.output)")
        // Another program's write: recorded as 外部程序, still intact.
        #expect(try sqlite(s.dbPath, "UPDATE member SET note = '外部' WHERE name = '欧阳新'").status == 0)
        let log = try s.studiodesk(["audit", "--db", s.dbPath, "--limit", "1"])
        #expect(log.output.contains("外部程序"), "\(log.output)")
        verify = try s.studiodesk(["audit", "--verify", "--db", s.dbPath])
        #expect(verify.status == 0 && verify.output.contains("外部程序写入 1 行"), "\(verify.output)")
        // A signed line edited: named, exit 1.
        let ids = try sqlite(s.dbPath, "SELECT id FROM auditLog WHERE hash IS NOT NULL ORDER BY id").output.split(separator: "\n").map(String.init)
        #expect(try sqlite(s.dbPath, "UPDATE auditLog SET user = '别人' WHERE id = \(ids[1])").status == 0)
        verify = try s.studiodesk(["audit", "--verify", "--db", s.dbPath])
        #expect(verify.status == 1 && verify.output.contains("第一处在第 \(ids[1]) 行——这一行的内容在写入后被改动"), "\(verify.output)")
        // Put back, then one deleted: the line after it is named.
        #expect(try sqlite(s.dbPath, "UPDATE auditLog SET user = '王秘书' WHERE id = \(ids[1])").status == 0)
        #expect(try sqlite(s.dbPath, "DELETE FROM auditLog WHERE id = \(ids[0])").status == 0)
        verify = try s.studiodesk(["audit", "--verify", "--db", s.dbPath])
        #expect(verify.status == 1 && verify.output.contains("第一处在第 \(ids[1]) 行——它之前的签名记录被删除或改动"), "\(verify.output)")
        // A name that would forge a line is refused.
        let forged = try TmuxSession.run(TmuxSession.binary, ["members", "--db", s.dbPath],
                                         env: ["LANG": "C.UTF-8", "STUDIODESK_USER": "张三\n2026-01-01 管理员"])
        #expect(forged.status != 0 && forged.output.contains("U+000A"), "\(forged.output)")
    }
}
