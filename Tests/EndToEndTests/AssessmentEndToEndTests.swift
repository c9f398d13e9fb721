import Foundation
import Testing

/// 年度评估 through the real binary in tmux at year end: the batch over the demo district, the panel's
/// scores for the studio with the panel, 审定 locking it, printing its sheet; then the command line's
/// JSON contract, the summary CSV and the whole year's PDF with its summary sheet.
@Suite(.serialized) struct AssessmentEndToEndTests {
    func cli(_ s: TmuxSession, _ args: [String]) throws -> (status: Int32, output: String) {
        try TmuxSession.run(TmuxSession.binary, args + ["--db", s.dbPath],
                            env: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "STUDIODESK_TODAY": "2026-12-20"])
    }

    @Test func runTheYearEndBatchLockOneResultAndPrint() throws {
        let s = try TmuxSession.demoApp(width: 100, height: 30, extraEnv: "STUDIODESK_TODAY=2026-12-20", showing: "[7] 年度评估")
        try s.keys("7")
        var screen = try s.waitFor("2026年度评估")
        #expect(line(screen, "湖东联络处委员工作室").contains("评估"))
        try s.keys("b")
        try s.waitFor("年度批量计算")
        try s.keys("y")
        screen = try s.waitFor("已计算并保存 15 个工作室的 2026 年评估结果")
        // 湖东联络处 has the highest score, so it sorts last (the list is worst first).
        try s.keys("End", "Enter")
        screen = try s.waitFor("湖东联络处委员工作室  2026年度（杭州滨江 2020）")
        #expect(screen.contains("自评→【评估】→审定"))
        // The panel's three items: 有固定场所 (row 1), 宣传资料 (row 3), 向界别报告 (row 5).
        try s.keys("Home")
        for (step, note) in [(0, "现场查看，场所约80平方米"), (2, "电子版资料和学习书籍齐全"), (2, "每半年书面报告联络处")] {
            for _ in 0..<step { try s.keys("Down") }
            try s.keys("e")
            try s.waitFor("评估小组评分：")
            try s.type("5")
            try s.keys("Tab")
            try s.type(note)
            try s.keys("F2")
            try s.waitFor(String(note.prefix(6)))
        }
        try s.keys("n")
        try s.waitFor("主席会议审定（审定后结果锁定")
        try s.keys("y")
        screen = try s.waitFor("已审定并锁定（2026-12-20）")
        #expect(screen.contains("2026-12-20 审定，已锁定"))
        // A locked result refuses the panel's key.
        try s.keys("e")
        try s.waitFor("已锁定；如需修改")
        // Print its sheet.
        let pdf = s.dir.appendingPathComponent("湖东-2026.pdf").path
        try s.keys("p")
        try s.waitFor("打印评估表：湖东联络处委员工作室")
        try s.keys("C-u")
        try s.type(pdf)
        try s.keys("F2")
        try s.waitFor("已生成", timeout: 20)
        #expect(FileManager.default.fileExists(atPath: pdf))
        let text = try TmuxSession.run("pdftotext", [pdf, "-"]).output.filter { !$0.isWhitespace }
        #expect(text.contains("湖东联络处委员工作室"))
        #expect(text.contains("评估结论：达标"))
        #expect(text.contains("2026年12月20日"))
        try s.keys("Enter", "Escape")
        screen = try s.waitFor("已审定 1；")
        #expect(line(screen, "湖东联络处委员工作室").contains("审定"))
        // Its consequence (通报表扬) waits to be confirmed.
        try s.keys("v", "v")
        screen = try s.waitFor("处理事项")
        #expect(line(screen, "湖东联络处委员工作室").contains("待确认"))
        try s.keys("Escape")
        try s.quitFromMainMenu()

        // The command line sees the same year: JSON per the contract, the summary as CSV, every sheet in one PDF.
        let json = try cli(s, ["scorecard", "--year", "2026", "--format", "json"])
        #expect(json.status == 0)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(list.count == 15)
        let hudong = try #require(list.first { $0["name"] as? String == "湖东联络处委员工作室" })
        for key in ["id", "name", "profile", "method", "items", "bonus", "total", "passMark", "passed", "stage", "locked"] {
            #expect(hudong[key] != nil, "missing \(key)")
        }
        #expect(hudong["stage"] as? String == "审定" && hudong["locked"] as? Bool == true && hudong["method"] as? String == "scorecard")
        let items = try #require(hudong["items"] as? [[String: Any]])
        let site = try #require(items.first { $0["id"] as? String == "fixed_site" })
        #expect(site["points"] as? Double == 5 && site["max"] as? Double == 5)
        #expect(((site["basis"] as? [[String: Any]])?.first?["text"] as? String)?.contains("现场查看") == true)
        for item in items { #expect(item["section"] != nil && item["text"] != nil && item["basis"] != nil) }
        let csvPath = s.dir.appendingPathComponent("汇总.csv").path
        #expect(try cli(s, ["scorecard", "--year", "2026", "--format", "csv", "--out", csvPath]).status == 0)
        let csv = try #require(FileManager.default.contents(atPath: csvPath))
        #expect(csv.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: csv, as: UTF8.self).contains("湖东联络处委员工作室"))
        let all = s.dir.appendingPathComponent("全部.pdf").path
        let printed = try cli(s, ["scorecard", "--year", "2026", "--format", "pdf", "--out", all])
        #expect(printed.status == 0 && printed.output.contains("15 份评估表和汇总表"))
        let first = try TmuxSession.run("pdftotext", ["-f", "1", "-l", "1", all, "-"]).output.filter { !$0.isWhitespace }
        #expect(first.contains("2026年度评估汇总表"))
        let split = s.dir.appendingPathComponent("分册").path
        #expect(try cli(s, ["scorecard", "--year", "2026", "--format", "pdf", "--split", "--out", split]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: split).filter { $0.hasSuffix(".pdf") }.count == 16)
        // An unknown studio and a missing --out are refused with a clear message.
        let unknown = try cli(s, ["scorecard", "--year", "2026", "--studio", "999"])
        #expect(unknown.status != 0 && unknown.output.contains("找不到编号为 999 的工作室"))
        let noOut = try cli(s, ["scorecard", "--year", "2026", "--format", "pdf"])
        #expect(noOut.status != 0 && noOut.output.contains("--out"))
    }
}
