import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit
import StudioResources
import TestSupport

/// 汇总 (issue 23): area → office → studio with Enter, back with Esc; the 未报送 list; the statistics' bars.
@Suite struct AreaScreenTests {
    func profiles() throws -> [RuleProfile] {
        try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
    }

    func draw(_ screen: Screen, width: Int = 100, height: Int = 28) -> Buffer {
        var b = Buffer(width: width, height: height)
        screen.render(into: &b, area: b.area)
        return b
    }

    @Test func barsUseEighthBlocksAndKeepTheirWidth() {
        #expect(Bars.bar(0, max: 10, width: 10) == "")
        #expect(Bars.bar(10, max: 10, width: 10) == String(repeating: "█", count: 10))
        #expect(Bars.bar(5, max: 10, width: 10) == String(repeating: "█", count: 5))
        // 1 of 80 over 10 columns is one eighth of a column: still visible.
        #expect(Bars.bar(1, max: 80, width: 10) == "▏")
        #expect(Bars.bar(3, max: 16, width: 8) == "█▌")
        let line = Bars.line("界别", 3, max: 16, labelWidth: 6, width: 40)
        #expect(line.hasPrefix("界别   ") && line.hasSuffix(" 3"))
        #expect(DisplayWidth.of(Bars.line("很长的名字", 16, max: 16, labelWidth: 10, width: 40)) <= 40)
    }

    @Test func drillsFromTheAreaToAnOfficeToAStudioAndBack() throws {
        let h = try Harness(profiles: profiles())
        let context = h.app.context
        try h.db.setOfficeIdentity(name: "某市", level: .city)
        try h.db.setSetting("expectedOffices", "甲县、乙县")
        // 甲县 sends its return; 乙县 does not.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-area-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let county = try DemoTemplate.open(path: dir.appendingPathComponent("a.sqlite").path, profiles: profiles())
        try county.setOfficeIdentity(name: "甲县", level: .county)
        let q4 = Period(.quarter, year: 2026, index: 4)
        let data = try ReturnFile.encode(county.quarterlyReturn(period: q4, profiles: profiles(), today: "2026-11-18", madeAt: "2026-11-18T09:00:00"))
        #expect(try h.db.receiveReturn(data, receivedAt: "2026-11-18T10:00:00").0 == .received)

        let screen = AreaScreen(context: context, period: q4)
        var text = draw(screen).text
        #expect(text.contains("某市政协委员工作室2026年第4季度汇总表"))
        #expect(text.contains("未报送（1）：乙县"))
        #expect(text.contains("  甲县"))
        let s = try #require(screen.summary)
        #expect(s.totals.studios == s.offices[0].own.studios + s.offices[1].own.studios)
        // Down to 甲县, Enter: its studios.
        _ = screen.handle(.down)
        _ = screen.handle(.enter)
        text = draw(screen).text
        #expect(text.contains("甲县（县级）2026年第4季度") && text.contains("接收于 11-18 10:00"))
        let first = s.offices[1].studios[0]
        #expect(text.contains(first.name))
        // Enter: the studio's figures.
        _ = screen.handle(.enter)
        text = draw(screen).text
        #expect(text.contains("\(first.name)  甲县（县级）"))
        #expect(text.contains("活动 \(first.activityTotal) 次"))
        #expect(text.contains("规定次数："))
        // Esc twice: back to the area; a third leaves.
        _ = screen.handle(.escape)
        #expect(draw(screen).text.contains("甲县（县级）2026年第4季度"))
        _ = screen.handle(.escape)
        #expect(draw(screen).text.contains("未报送（1）：乙县"))
        guard case .pop = screen.handle(.escape) else { Issue.record("Esc at the area should leave"); return }
    }

    @Test func statisticsDrawBarsForTheOfficeAndTheArea() throws {
        let h = try Harness(profiles: profiles())
        let screen = StatisticsScreen(context: h.app.context, year: 2026)
        var text = draw(screen, height: 60).text
        #expect(text.contains("（本办）2026年"))
        #expect(text.contains("工作室：按类型"))
        #expect(text.contains("█"))
        #expect(screen.lines(width: 98).contains { $0.0.hasPrefix("活动：第4季度（共 ") })
        // The type bars: the largest type has the longest bar.
        let lines = screen.lines(width: 98).map(\.0)
        let typeLines = lines.drop { !$0.contains("工作室：按类型") }.dropFirst().prefix { !$0.isEmpty }
        #expect(typeLines.count >= 2)
        _ = screen.handle(.tab)
        text = draw(screen, height: 60).text
        #expect(text.contains("（含下级）2026年"))
    }

    /// 打印导出 → 报送 → 年度总结材料: the year's figures read-only, the office's three texts written on screen and
    /// kept for the year, printed on the official page; p on 统计 prints its tables.
    @Test func theOfficesYearEndMaterialIsWrittenOnScreenAndPrinted() throws {
        let h = try Harness(profiles: profiles())
        h.width = 100
        h.height = 30
        try h.db.setOfficeIdentity(name: "某市", level: .city)
        h.press(.char("8"))
        let row = try #require(DataScreen(context: h.app.context).tasks.firstIndex(of: .officeYear))
        for _ in 0..<row { h.press(.down) }
        h.press(.enter)
        #expect(h.screen.contains("某市（市级）  2026年度总结材料  截止 2026年12月31日"), "\(h.screen)")
        #expect(h.screen.contains("一、基本情况") && h.screen.contains("共有委员工作室"))
        h.press(.char("e"))
        h.type("社区工作室全覆盖")
        h.press(.tab)
        h.type("线上活动偏少")
        h.press(.tab)
        h.type("推广线上议事")
        h.press(.function(2))
        #expect(h.screen.contains("已保存"), "\(h.screen)")
        #expect(try h.db.officeYearText(year: 2026)?.text == AnnualSummaryText(highlights: "社区工作室全覆盖", problems: "线上活动偏少", nextPlan: "推广线上议事"))
        h.press(.char("p"))
        #expect(h.screen.contains("打印年度总结材料：2026年度"))
        let pdf = h.dir.appendingPathComponent("总结材料.pdf").path
        for _ in 0..<300 { h.press(.backspace) }
        h.type(pdf)
        h.press(.function(2))
        #expect(h.screen.contains("已生成") && h.screen.contains("页"), "\(h.screen)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)).starts(with: Array("%PDF".utf8)))

        // 统计 → p: the tables as a PDF.
        let stats = StatisticsScreen(context: h.app.context, year: 2026)
        guard case .push(let form) = stats.handle(.char("p")) else { Issue.record("p should open the print form"); return }
        #expect(draw(form).text.contains("打印统计表：2026年（本办）"))
    }
}
