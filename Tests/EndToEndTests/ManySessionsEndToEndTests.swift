import Foundation
import Testing

/// Issue 22, many sessions on one file: two clerks' programs in two tmux sessions. A save in one shows in the other's
/// list with no key pressed there, its cursor on the same member; a form open in one is marked in the other; both
/// saving at the same moment keep both.
@Suite(.serialized) struct ManySessionsEndToEndTests {
    static func sqlite(_ path: String, _ sql: String) throws -> String {
        try TmuxSession.run("sqlite3", [path, sql]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aSaveInOneSessionShowsInTheOtherWithoutAKey() throws {
        let a = try TmuxSession.demoApp()
        let b = try TmuxSession()
        try b.start("'\(TmuxSession.binary)' --db '\(a.dbPath)' --user 李四")
        try b.waitFor("[0] 退出")
        for s in [a, b] {
            try s.keys("3")
            try s.waitFor("共 150 名委员")
        }
        try a.keys("Down", "Down", "Down", "Down", "Down")
        try a.waitFor("第 6/150 名")
        // 阿宝 sorts first: every row of A's list moves down one, and A's cursor with its member.
        try b.keys("a")
        try b.waitFor("新增委员")
        try b.type("阿宝")
        try b.keys("F2")
        try b.waitFor("已新增：阿宝")
        let started = Date()
        try TmuxSession.waitUntil("A's list shows 阿宝", timeout: 10) { try a.capture().contains("第 7/151 名") }
        #expect(Date().timeIntervalSince(started) < 3, "took \(Date().timeIntervalSince(started)) s")
        #expect(try a.capture().contains("阿宝"))

        // B opens 阿宝 in a form: A's list marks it, with who; B closes it: the mark goes.
        try b.keys("Home", "Enter")
        try b.waitFor("修改委员：阿宝")
        let marked = try a.waitFor("阿宝(编辑中)", timeout: 10)
        #expect(!marked.contains("正在被 李四 编辑") || marked.contains("第 7/151 名"))
        try a.keys("Home")
        try a.waitFor("阿宝：正在被 李四 编辑（")
        try b.keys("Escape")
        try b.waitFor("共 151 名委员")
        try TmuxSession.waitUntil("the mark goes", timeout: 10) { try !a.capture().contains("(编辑中)") }

        // Both save a new member at the same moment: both are kept.
        try a.keys("a")
        try a.waitFor("新增委员")
        try a.type("甲并发")
        try b.keys("a")
        try b.waitFor("新增委员")
        try b.type("乙并发")
        try a.keys("F2")
        try b.keys("F2")
        try a.waitFor("已新增：甲并发")
        try b.waitFor("已新增：乙并发")
        #expect(try Self.sqlite(a.dbPath, "SELECT COUNT(*) FROM member WHERE name IN ('阿宝', '甲并发', '乙并发')") == "3")
        #expect(try Self.sqlite(a.dbPath, "SELECT COUNT(*) FROM member") == "153")
        #expect(try Self.sqlite(a.dbPath, "SELECT user FROM auditLog WHERE tableName = 'member' AND newValues LIKE '%乙并发%'") == "李四")
        for s in [a, b] {
            try TmuxSession.waitUntil("both lists show 153", timeout: 10) { try s.capture().contains("共 153 名委员") }
            try s.keys("Escape")
            try s.quitFromMainMenu()
        }
        // Closed cleanly: no mark is left behind.
        #expect(try Self.sqlite(a.dbPath, "SELECT COUNT(*) FROM openEdit") == "0")
    }
}
