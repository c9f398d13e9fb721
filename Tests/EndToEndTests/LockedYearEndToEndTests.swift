import Foundation
import Testing

/// Issue 18 through the real binary, as an office's December goes: the 2025 results were 审定 in January; today
/// (2026-12-06) a new application is walked to 授牌 in tmux, records of 2025 are edited behind the program's back
/// and the office's table changes. 2025 prints the same, to the byte; 2026 lists the new studio as 本年不参评.
@Suite(.serialized) struct LockedYearEndToEndTests {
    static let today = "2026-12-06"

    func cli(_ s: TmuxSession, _ args: [String]) throws -> (status: Int32, output: String) {
        try TmuxSession.run(TmuxSession.binary, args + ["--db", s.dbPath],
                            env: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "STUDIODESK_TODAY": Self.today])
    }

    /// 2025 as the office prints it: the summary table, the JSON of every sheet, the CSV and the PDF's text.
    func print2025(_ s: TmuxSession, _ tag: String) throws -> [String] {
        let csv = s.dir.appendingPathComponent("2025-\(tag).csv").path
        let pdf = s.dir.appendingPathComponent("2025-\(tag).pdf").path
        let table = try cli(s, ["scorecard", "--year", "2025"])
        let json = try cli(s, ["scorecard", "--year", "2025", "--format", "json"])
        #expect(try cli(s, ["scorecard", "--year", "2025", "--format", "csv", "--out", csv]).status == 0)
        #expect(try cli(s, ["scorecard", "--year", "2025", "--format", "pdf", "--out", pdf]).status == 0)
        #expect(table.status == 0 && json.status == 0)
        // The PDF's text without its creation date line (the file's metadata time differs, the page text must not).
        let text = try TmuxSession.run("pdftotext", ["-layout", pdf, "-"]).output
        return [table.output, json.output, (try? String(contentsOfFile: csv, encoding: .utf8)) ?? "", text]
    }

    @Test func aStudioPlaquedTodayLeavesTheLockedYearAloneAndIsNotFailingThisYear() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let before = try print2025(s, "before")
        #expect(before[0].contains("2025年度评估：参评 15 个，达标 13，未达标 2，已审定 15"))
        #expect(!before[0].contains("农业界"))

        // The demo's 农业界 application, in approval, walked to 授牌 today.
        try s.startApp(extraEnv: "STUDIODESK_TODAY=\(Self.today)")
        try s.waitFor("共 18 个工作室")
        try s.walkTheDemoApplicationToThePlaque(plaque: "MH-2026-09")
        try s.keys("Escape", "Escape")
        try s.waitFor("第 1/1 个")
        try s.keys("Escape", "Escape")
        try s.waitFor("[0] 退出")

        // 2026: the new studio is listed, neither passed nor failed.
        try s.keys("7")
        var screen = try s.waitFor("2026年度评估")
        #expect(screen.contains("不参评 1"))
        #expect(line(screen, "农业界委员工作室").contains("本年不参评"))
        #expect(line(screen, "农业界委员工作室").contains("12月6日授牌"))
        #expect(!line(screen, "农业界委员工作室").contains("还差"))
        // 2025: as it was 审定 — the same 15 studios, the same counts, no 农业界.
        try s.keys("[")
        screen = try s.waitFor("2025年度评估（2026-01-28 审定锁定）")
        #expect(screen.contains("参评 15 个，达标 13，未达标 2，已审定 15"))
        #expect(!screen.contains("农业界"))
        try s.keys("Escape")
        try s.quitFromMainMenu()

        // Behind the program's back: a 2025 record edited, another deleted, studios renamed.
        let sql = """
            UPDATE activity SET title = '改过的标题' WHERE date LIKE '2025-%';
            DELETE FROM socialInfo WHERE date LIKE '2025-%';
            UPDATE studio SET name = name || '（更名）';
            """
        #expect(try TmuxSession.run("sqlite3", [s.dbPath, sql]).status == 0)
        // And the year-end batch asked for again.
        #expect(try cli(s, ["scorecard", "--year", "2025", "--save"]).status == 0)
        let after = try print2025(s, "after")
        for (a, b) in zip(before, after) { #expect(a == b) }

        // This year's batch before 12月31日 is refused without the flag, and names the days left.
        let early = try cli(s, ["scorecard", "--year", "2026", "--save"])
        #expect(early.status != 0 && early.output.contains("2026 年尚未结束（还有 25 天）"))
        let json = try cli(s, ["scorecard", "--year", "2026", "--format", "json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        let new = try #require(list.first { ($0["name"] as? String)?.hasPrefix("农业界委员工作室") == true })
        #expect(new["judged"] as? Bool == false && new["verdict"] as? String == "本年不参评（12月6日授牌）")
    }
}
