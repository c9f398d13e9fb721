import Foundation
import Testing

/// 上墙检查 driven through the real binary in tmux, and its command-line overview.
@Suite(.serialized) struct WallEndToEndTests {
    @Test func inspectADemoStudioAndSeeTheProblemInTheOverview() throws {
        let s = try TmuxSession.demoApp(width: 80, height: 24, showing: "上墙检查")
        try s.keys("4")
        try s.waitFor("视图：按工作室")
        // Studios with open problems come first (8 in the demo), then the never inspected by pinyin:
        // 经济界委员工作室 (Shaanxi rules) is the first of those.
        for _ in 0..<8 { try s.keys("Down") }
        try s.keys("Enter")
        try s.waitFor("上墙检查：经济界委员工作室")
        try s.waitFor("还没有检查记录")
        try s.keys("n")
        try s.waitFor("已录 0/8")
        try s.keys("Tab", "Tab")  // the form opens on the item list: Tab to 检查日期, 检查人
        try s.type("李秋菊")
        try s.keys("Tab", "Tab")
        try s.type("整体整洁")
        try s.keys("Tab")
        try s.keys("1", "2")
        try s.waitFor("已录 2/8")
        try s.keys("Up", "Enter")
        try s.type("职能表述过时")
        try s.keys("Enter", "Down", "3", "a")
        try s.waitFor("已录 8/8：合格 6，不合格 1，缺失 1")
        try s.keys("F2")
        let page = try s.waitFor("最近检查：")
        #expect(page.contains("李秋菊（现场）"))
        #expect(page.contains("墙面布置 3/5 合格，未达标"))
        #expect(page.contains("职能表述过时"))
        try s.keys("Escape")
        let overview = try s.waitFor("视图：按工作室")
        #expect(overview.contains("经济界委员工作室"))
        try s.keys("Escape")
        try s.quitFromMainMenu()

        // The command line gives the same figures.
        let json = try s.studiodesk(["checklist", "--db", s.dbPath, "--format", "json"])
        #expect(json.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let studios = try #require(report["studios"] as? [[String: Any]])
        let economy = try #require(studios.first { $0["name"] as? String == "经济界委员工作室" })
        #expect((economy["lastInspection"] as? [String: Any])?["inspector"] as? String == "李秋菊")
        let problems = try #require(economy["problems"] as? [[String: Any]])
        #expect(problems.count == 2)
        #expect(problems.contains { $0["item"] as? String == "职能" && $0["verdictTitle"] as? String == "不合格" && $0["note"] as? String == "职能表述过时" })
        let table = try s.studiodesk(["checklist", "--db", s.dbPath, "--type", "界别"])
        #expect(table.output.contains("经济界委员工作室"))
        #expect(!table.output.contains("柳巷社区委员工作室"))
        let unknown = try s.studiodesk(["checklist", "--db", s.dbPath, "--studio", "9999"])
        #expect(unknown.status != 0)
        #expect(unknown.output.contains("找不到编号为 9999 的工作室"))
    }
}
