import Foundation
import Testing

@Suite(.serialized) struct ManyClerksAndHostileInputTests {
    static func sqlite(_ path: String, _ sql: String) throws -> String {
        try TmuxSession.run("sqlite3", [path, sql]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Four clerks import 1,000 records each at the same moment into one file: every record arrives and nobody is
    /// told the file is locked (the busy timeout waits for the other writers).
    @Test func fourProcessesInsertingAtOnceLoseNothing() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let before = Int(try Self.sqlite(s.dbPath, "SELECT COUNT(*) FROM activity"))!
        var script = ""
        for clerk in 0..<4 {
            var lines = ["工作室,活动日期,活动类别,线上/线下,活动名称,参加委员"]
            for i in 0..<1000 {
                lines.append("明湖区湖滨街道委员工作室,2026-0\(1 + clerk)-\(String(format: "%02d", 1 + i % 28)),走访调研,线下,并发录入\(clerk)-\(i),司马月华")
            }
            let file = s.dir.appendingPathComponent("clerk\(clerk).csv").path
            try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            let out = s.dir.appendingPathComponent("clerk\(clerk).out").path
            script += "LANG=C.UTF-8 '\(TmuxSession.binary)' import activities '\(file)' --db '\(s.dbPath)' --user 录入员\(clerk) > '\(out)' 2>&1; echo $? >> '\(out)' &\n"
        }
        script += "wait\n"
        try TmuxSession.run("sh", ["-c", script], captureOutput: false)
        for clerk in 0..<4 {
            let out = try String(contentsOf: s.dir.appendingPathComponent("clerk\(clerk).out"), encoding: .utf8)
            #expect(out.hasSuffix("0\n"), "clerk \(clerk): \(out)")
            #expect(!out.contains("locked") && !out.contains("占用"), "clerk \(clerk): \(out)")
        }
        #expect(Int(try Self.sqlite(s.dbPath, "SELECT COUNT(*) FROM activity"))! == before + 4000)
        #expect(try Self.sqlite(s.dbPath, "SELECT COUNT(DISTINCT user) FROM auditLog WHERE user LIKE '录入员%'") == "4")
        #expect(try Self.sqlite(s.dbPath, "PRAGMA integrity_check") == "ok")
    }

    /// Files that are not a StudioDesk database, a truncated one, a place no file can be made: a clear message
    /// each time, exit code 1, no crash, and the file left exactly as it was.
    @Test func badDataFilesGetAMessageAndStayUntouched() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let text = s.dir.appendingPathComponent("notes.sqlite").path
        try "这不是数据库，是一份会议记录。\n".write(toFile: text, atomically: true, encoding: .utf8)
        let truncated = s.dir.appendingPathComponent("truncated.sqlite").path
        _ = try TmuxSession.run("sqlite3", [s.dbPath, "PRAGMA wal_checkpoint(TRUNCATE)"])
        let whole = try Data(contentsOf: URL(fileURLWithPath: s.dbPath))
        try whole.prefix(whole.count / 3).write(to: URL(fileURLWithPath: truncated))
        for (path, args) in [(text, ["members"]), (text, ["studios"]), (truncated, ["ledger", "--studio", "1"]), (truncated, ["compliance", "--year", "2026"])] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let r = try s.studiodesk(args + ["--db", path])
            #expect(r.status == 1, "\(args) on \(path): \(r.output)")
            #expect(r.output.contains("已损坏或不是 StudioDesk 的数据文件") || r.output.contains("无法打开"), "\(args): \(r.output)")
            #expect(!r.output.contains("Fatal error") && !r.output.contains("Stack dump"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "\(path) was changed")
        }
        // Somewhere no file can be created (not even by root): the path is named.
        let nowhere = try s.studiodesk(["demo", "--db", "/proc/studiodesk-nowhere/x.sqlite"])
        #expect(nowhere.status == 1)
        #expect(nowhere.output.contains("/proc/studiodesk-nowhere"), "\(nowhere.output)")
        // The full-screen program on a damaged file says so before curses starts, and leaves it alone.
        try s.start("'\(TmuxSession.binary)' --db '\(text)'")
        let screen = try s.waitFor("EXIT=")
        #expect(screen.contains("已损坏或不是"))
        #expect(screen.contains("EXIT=1"))
    }

    /// Typed and imported text that could hurt: control characters, bytes that are no text, names far too long.
    @Test func hostileImportsAreRefusedRowByRowAndWriteNothing() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let before = try Self.sqlite(s.dbPath, "SELECT COUNT(*) FROM member")
        let cases: [(String, Data, String)] = [
            // In a name the character is named (issue 19); other columns say 含有控制字符.
            ("control", Data("姓名,界别\n张\u{07}三,民盟\n".utf8), "第 2 行「姓名」：含有不可见字符 U+0007（控制字符）"),
            ("control elsewhere", Data("姓名,界别\n张三,民\u{07}盟\n".utf8), "第 2 行「界别」：含有控制字符"),
            ("bytes", Data([0xE5, 0xA7, 0x93, 0xE5, 0x90, 0x8D, 0x2C, 0xE7, 0x95, 0x8C, 0xE5, 0x88, 0xAB, 0x0A, 0xFF, 0xFE, 0x80, 0x81, 0x2C, 0xC0, 0xC1, 0x0A]), "无法识别文件"),
            ("long", Data(("姓名,界别\n" + String(repeating: "长", count: 300) + ",民盟\n").utf8), "姓名过长"),
            ("escape", Data("姓名,界别\n\u{1b}[31m李四,民盟\n".utf8), "含有不可见字符 U+001B（控制字符）"),
        ]
        for (name, bytes, message) in cases {
            let file = s.dir.appendingPathComponent("\(name).csv")
            try bytes.write(to: file)
            let r = try s.studiodesk(["import", "members", file.path, "--db", s.dbPath])
            #expect(r.status == 1, "\(name): \(r.output)")
            #expect(r.output.contains(message), "\(name): \(r.output)")
        }
        #expect(try Self.sqlite(s.dbPath, "SELECT COUNT(*) FROM member") == before)
    }
}
