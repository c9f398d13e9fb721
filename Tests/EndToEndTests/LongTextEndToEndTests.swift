import Foundation
import Testing

/// Issue 20 through the real binary in tmux: the inspection form takes the verdict keys at once, a plan is typed
/// in several lines, and Ctrl-E edits it in a scripted $EDITOR; the database keeps the newlines and the Chinese.
@Suite(.serialized) struct LongTextEndToEndTests {
    func query(_ s: TmuxSession, _ sql: String) throws -> String {
        try TmuxSession.run("sqlite3", [s.dbPath, sql]).output.trimmingCharacters(in: .newlines)
    }

    /// The keys: `4`, `n`, then `1 2 ↑ Enter 字迹仍褪色`.
    @Test func theInspectionFormTakesTheVerdictsAtOnce() throws {
        let s = try TmuxSession.demoApp(width: 100, height: 30, showing: "上墙检查")
        try s.keys("4")
        try s.waitFor("视图：按工作室")
        try s.keys("n")
        try s.waitFor("已录 0/")
        try s.keys("1", "2", "Up", "Enter")
        try s.type("字迹仍褪色")
        try s.keys("Enter")
        // The note shows while it is typed; after Enter the bar is the list's again.
        try s.waitFor("字迹仍褪色")
        var screen = try s.waitFor("1/空格 合格")
        #expect(screen.contains("合格 1，不合格 1"))
        // 检查人 is still empty; the note is on item 2, where ↑ put the selection (Enter writes the selected
        // item's note).
        #expect(line(screen, "检查人：").contains("检查人：") && !screen.contains("12字迹仍褪色"))
        #expect(!line(screen, "检查人：").contains("字迹"))
        // The item rows begin with their number (序号, right-aligned).
        func row(_ n: Int) -> String {
            screen.split(separator: "\n").map(String.init).first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("\(n) ") } ?? ""
        }
        #expect(row(1).contains("合格") && !row(1).contains("不合格") && !row(1).contains("字迹"))
        #expect(row(2).contains("不合格") && row(2).contains("字迹仍褪色"))
        #expect(row(3).contains("未查"))
        #expect(screen.contains("检查人未填：按 Tab 填写"))
        // The help bar shows the list's keys; Tab to the fields shows theirs.
        #expect(line(screen, "F2 保存").contains("1/空格 合格"))
        try s.keys("Tab", "Tab")
        screen = try s.waitFor("Shift-Tab 上一栏")
        #expect(!line(screen, "F2 保存").contains("合格"))
        try s.type("李秋菊")
        try s.keys("F2")
        try s.waitFor("视图：按工作室")  // saved: back on the overview the form was opened from
        let verdicts = try query(s, "SELECT position, verdict, note FROM inspectionVerdict WHERE inspectionID = (SELECT max(id) FROM inspection) ORDER BY position")
        #expect(verdicts == "0|pass|\n1|fail|字迹仍褪色")
        #expect(try query(s, "SELECT inspector FROM inspection WHERE id = (SELECT max(id) FROM inspection)") == "李秋菊")
        try s.keys("Escape")
        try s.quitFromMainMenu()
    }

    /// From the main menu to 医药卫生界委员工作室's 计划与总结 form, on its 内容 box.
    func openThePlan(_ s: TmuxSession) throws {
        try s.waitFor("近30天到期")
        try s.keys("6")
        try s.waitFor("运行中工作室")
        try s.keys("End")  // 医药卫生界委员工作室 sorts last
        try s.keys("Enter")
        try s.waitFor("台账：医药卫生界委员工作室")
        try s.keys("n")
        try s.waitFor("计划与总结：医药卫生界委员工作室")
        try s.keys("Tab", "Tab")
        try s.waitFor("Ctrl-E 外部编辑器")
    }

    func planText(_ s: TmuxSession) throws -> String {
        try query(s, "SELECT hex(text) FROM yearDoc WHERE studioID = 6 AND year = 2026 AND kind = 'plan'")
    }

    func hex(_ text: String) -> String { Data(text.utf8).map { String(format: "%02X", $0) }.joined() }

    @Test func aPlanTypedInSeveralLinesIsSavedWithItsNewlines() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        try query(s, "DELETE FROM yearDoc WHERE studioID = 6 AND year = 2026")
        try s.startApp(width: 80, height: 24, extraEnv: "STUDIODESK_TODAY=2026-11-18")
        try openThePlan(s)
        try s.type("一、围绕医保政策开展调研，走访社区卫生服务中心和定点药店，了解群众用药难题并形成调研报告")
        try s.keys("Enter")
        try s.type("二、每季度组织一次线上读书会")
        try s.keys("Enter", "Enter")
        try s.type("三、Q4 summary")
        // Up twice: into the empty line, then the second line, at most its width; typing goes there.
        try s.keys("Up", "Up", "Home")
        try s.type("（重点）")
        let screen = try s.waitFor("（重点）二、每季度")
        // The first line wraps within the box; both of its rows are on screen.
        #expect(screen.contains("一、围绕医保政策开展调研"))
        #expect(screen.contains("三、Q4 summary"))
        try s.keys("F2")
        try s.waitFor("台账：医药卫生界委员工作室")
        let expected = "一、围绕医保政策开展调研，走访社区卫生服务中心和定点药店，了解群众用药难题并形成调研报告\n（重点）二、每季度组织一次线上读书会\n\n三、Q4 summary"
        #expect(try planText(s) == hex(expected))
        try s.keys("Escape")
        try s.waitFor("运行中工作室")
        try s.keys("Escape")
        try s.quitFromMainMenu()
    }

    @Test func ctrlEOpensTheClerksEditorAndTakesTheTextBack() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        try query(s, "DELETE FROM yearDoc WHERE studioID = 6 AND year = 2026")
        // The scripted editor appends a line with sed (as a clerk's would), and notes that it ran on a private file.
        let editor = s.dir.appendingPathComponent("editor.sh").path
        let mark = s.dir.appendingPathComponent("ran").path
        try """
        #!/bin/sh
        stat -c %a "$1" > '\(mark)'
        sed -i '$a 三、年底前报送年度总结' "$1"
        """.write(toFile: editor, atomically: true, encoding: .utf8)
        chmod(editor, 0o755)
        try s.startApp(width: 100, height: 30, extraEnv: "STUDIODESK_TODAY=2026-11-18 VISUAL= EDITOR='\(editor)'")
        try openThePlan(s)
        try s.type("一、调研")
        try s.keys("Enter")
        try s.type("二、走访")
        try s.keys("C-e")
        try s.waitFor("三、年底前报送年度总结")
        #expect(try String(contentsOfFile: mark, encoding: .utf8) == "600\n")
        // Back in the form, typing goes on after the editor.
        try s.keys("End", "End")
        try s.type("。")
        try s.waitFor("年度总结。")
        try s.keys("F2")
        try s.waitFor("台账：医药卫生界委员工作室")
        #expect(try planText(s) == hex("一、调研\n二、走访\n三、年底前报送年度总结。"))
        try s.keys("Escape")
        try s.waitFor("运行中工作室")
        try s.keys("Escape")
        try s.quitFromMainMenu()
    }
}
