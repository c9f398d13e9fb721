import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit
import StudioResources

@Suite struct WallScreenTests {
    func harness() throws -> Harness {
        try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
    }

    /// Opens 医药卫生界委员工作室 (Shaanxi rules: 墙面布置 5 + 公开 3 items) on its checklist page.
    func openMedicalStudio(_ h: Harness) throws -> Studio {
        let studio = try #require(try h.db.studios().first { $0.name == "医药卫生界委员工作室" })
        h.press(.char("2"), .char("/"))
        h.type("yywsj")
        h.press(.enter, .enter, .char("w"))
        return studio
    }

    @Test func overviewPutsTheLongestOpenProblemFirstAndSwitchesViews() throws {
        let h = try harness()
        h.press(.char("4"))
        let statuses = WallOverview.studios(try h.db.wallStatuses())
        let first = try #require(statuses.first)
        let s = h.screen
        #expect(s.contains("视图：按工作室"))
        #expect(s.contains("从未检查"))
        // The first table row is the studio whose oldest problem has stood longest.
        #expect(h.frame.line(5).contains(first.studio.name))
        #expect(first.oldestProblemSince != nil)
        h.press(.char("v"))
        #expect(h.screen.contains("视图：按问题条目"))
        let problems = WallOverview.problems(statuses, today: "2026-11-18")
        #expect(h.frame.line(5).contains(problems[0].status.item.text.prefix(6)))
        #expect(h.frame.line(5).contains("\(problems[0].days)"))
    }

    @Test func overviewFiltersByType() throws {
        let h = try harness()
        h.press(.char("4"), .char("t"))
        #expect(h.screen.contains("类型：区域"))
        let regions = try h.db.wallStatuses(WallFilter(type: .region)).count
        #expect(h.screen.contains("运行中工作室 \(regions) 个"))
        #expect(!h.screen.contains("医药卫生界委员工作室"))
        h.press(.char("c"))
        #expect(h.screen.contains("医药卫生界委员工作室"))
    }

    @Test func oneKeyEntryWithAnInlineNoteSavesTheInspection() throws {
        let h = try harness()
        let studio = try openMedicalStudio(h)
        let before = try h.db.inspections(studioID: studio.id!).count
        h.press(.char("n"))
        #expect(h.screen.contains("新检查：医药卫生界委员工作室"))
        #expect(h.screen.contains("已录 0/8"))
        #expect(h.screen.contains("检查人未填：按 Tab 填写"))
        h.press(.tab, .tab)        // the list has the keys at first: Tab goes to 检查日期, 检查人
        h.type("王建国")
        h.press(.tab, .tab, .tab)  // 方式, 总体意见, the list
        h.press(.char("1"), .char(" "), .char("2"))
        #expect(h.screen.contains("已录 3/8：合格 2，不合格 1，缺失 0"))
        h.press(.up, .enter)
        h.type("年度安排未更新")
        h.press(.enter)
        #expect(h.screen.contains("年度安排未更新"))
        h.press(.down, .char("3"), .char("a"))
        #expect(h.screen.contains("已录 8/8：合格 6，不合格 1，缺失 1"))
        h.press(.function(2))
        #expect(h.screen.contains("最近检查：2026年11月18日 王建国（现场）"))
        let saved = try h.db.inspections(studioID: studio.id!)
        #expect(saved.count == before + 1)
        let latest = try #require(saved.first)
        #expect(latest.inspection.inspector == "王建国")
        #expect(latest.verdicts.count == 8)
        #expect(latest.verdicts[2].verdict == .fail && latest.verdicts[2].note == "年度安排未更新")
        #expect(latest.verdicts[3].verdict == .missing)
        #expect(try h.db.setting("lastInspector") == "王建国")
        // The next inspection starts with the inspector remembered and the list focused.
        h.press(.char("n"))
        #expect(h.screen.contains("检查人：王建国"))
        h.press(.char("r"))
        #expect(h.screen.contains("已录 8/8：合格 6，不合格 1，缺失 1"))
    }

    /// Issue 20: `1 2 ↑ Enter 字迹仍褪色` once landed in 检查人 as "12字迹仍褪色" while row 1 looked selected.
    @Test func inspectionFormStartsOnTheItemListAndShowsWhereTheKeysGo() throws {
        let h = try harness()
        _ = try openMedicalStudio(h)
        h.press(.char("n"))
        let bar = { h.frame.line(h.height - 1) }
        #expect(bar().contains("1/空格 合格") && bar().contains("2 不合格"))
        // Data rows start under the header at row 5 (title, three header lines, the table's header).
        #expect(h.frame.style(row: 5, col: 2) == .selection)
        h.press(.char("1"), .char("2"), .up, .enter)
        h.type("字迹仍褪色")
        h.press(.enter)
        let form = try #require(h.app.top as? InspectionFormScreen)
        #expect(form.inspector.text == "")
        #expect(form.rows[0].verdict == .pass && form.rows[1].verdict == .fail && form.rows[2].verdict == nil)
        #expect(form.rows[1].note.text == "字迹仍褪色")
        #expect(h.screen.contains("已录 2/8：合格 1，不合格 1，缺失 0"))
        // Tab: 检查日期 has the keys; the list's selection is dimmed and the bar shows the field's keys.
        h.press(.tab)
        #expect(h.frame.style(row: 6, col: 2) == .inactiveSelection)
        #expect(!bar().contains("合格") && bar().contains("Tab 下一栏") && bar().contains("Shift-Tab 上一栏"))
        #expect(h.frame.cursor?.row == 1)
        h.press(.tab, .tab)
        #expect(bar().contains("Left/Right 现场/远程"))
        h.press(.tab, .tab)  // 总体意见, back to the list
        #expect(h.frame.style(row: 6, col: 2) == .selection)
        #expect(bar().contains("1/空格 合格"))
        h.press(.backTab)
        #expect(bar().contains("Tab 回到条目"))
    }

    @Test func badEntriesAreExplainedAndNothingIsSaved() throws {
        let h = try harness()
        let studio = try openMedicalStudio(h)
        let before = try h.db.inspections(studioID: studio.id!).count
        h.press(.char("n"), .tab, .tab)
        h.type("王建国")
        h.press(.function(2))
        #expect(h.screen.contains("还没有任何结论"))
        h.press(.char("1"), .backTab, .backTab, .backTab, .backTab, .ctrl("u"))
        h.type("2027-1-5")
        h.press(.function(2))
        #expect(h.screen.contains("检查日期不能晚于今天（2026年11月18日）"))
        h.press(.ctrl("u"))
        h.type("t")
        h.press(.tab, .tab, .tab, .tab, .up, .char("f"))
        h.type("/no/such/photo.jpg")
        h.press(.enter, .function(2))
        #expect(h.screen.contains("找不到凭证文件：/no/such/photo.jpg"))
        #expect(try h.db.inspections(studioID: studio.id!).count == before)
        // Leaving with unsaved verdicts asks first.
        h.press(.escape)
        #expect(h.screen.contains("本次检查还没有保存"))
        h.press(.char("y"))
        #expect(h.screen.contains("Enter 历史"))
    }

    @Test func itemHistoryAndCorrectionOfAnInspection() throws {
        let h = try harness()
        let studio = try openMedicalStudio(h)
        let records = try h.db.inspections(studioID: studio.id!)
        let latest = try #require(records.first)
        h.press(.enter)  // history of the first item
        #expect(h.screen.contains(DateInput.chinese(latest.inspection.date) + " " + latest.inspection.inspector))
        h.press(.enter, .char("h"))
        #expect(h.screen.contains("共检查 \(records.count) 次"))
        h.press(.enter)
        #expect(h.screen.contains("修改检查：医药卫生界委员工作室"))
        h.press(.char("2"), .function(2))
        let corrected = try #require(try h.db.inspections(studioID: studio.id!).first)
        #expect(corrected.inspection.id == latest.inspection.id)
        #expect(corrected.verdicts[0].verdict == .fail)
        #expect(try h.db.inspections(studioID: studio.id!).count == records.count)
        h.press(.char("d"), .char("y"))
        #expect(try h.db.inspections(studioID: studio.id!).count == records.count - 1)
    }

    @Test func settingsRenameKeepsTheWordingOfOldInspections() throws {
        let h = try harness()
        let studio = try openMedicalStudio(h)
        let oldText = try #require(try h.db.inspections(studioID: studio.id!).first?.verdicts.first?.itemText)
        h.press(.escape, .escape, .escape, .escape)
        h.press(.char("9"))
        #expect(h.screen.contains("适用规则：< 杭州滨江 2020 >"))
        while !h.screen.contains("< 陕西 2023 >") { h.press(.right) }
        #expect(h.screen.contains("【墙面布置】5 项"))
        h.press(.down, .char("e"), .ctrl("u"))
        h.type("工作室成员名单及照片")
        h.press(.function(2))
        #expect(h.screen.contains("1. 工作室成员名单及照片"))
        // An empty wording is refused with the reason.
        h.press(.char("a"), .function(2))
        #expect(h.screen.contains("条目内容不能为空"))
        h.press(.escape)
        let lists = try h.db.checklists(profileID: "shaanxi-2023")
        #expect(lists[0].items[0].text == "工作室成员名单及照片")
        #expect(try h.db.inspections(studioID: studio.id!).first?.verdicts.first?.itemText == oldText)
        // Retiring the item takes it off the studio's page; the list count drops.
        h.press(.char("x"))
        #expect(h.screen.contains("【墙面布置】4 项"))
        #expect(try h.db.wallStatus(studioID: studio.id!)?.items.count == 7)
    }

    @Test func switchingAListIntoUseAddsItsItemsToInspections() throws {
        let h = try harness()
        h.press(.char("9"))
        while !h.screen.contains("< 陕西 2023 >") { h.press(.right) }
        // 墙面布置 (1 + 5 lines), 公开 (1 + 3 lines), then the 五上墙 line.
        for _ in 0..<10 { h.press(.down) }
        #expect(h.frame.lines.contains { $0.contains("【五上墙（推定）】5 项") && $0.contains("不用") })
        h.press(.char("u"))
        #expect(h.screen.contains("「五上墙」已启用"))
        #expect(h.frame.lines.contains { $0.contains("【五上墙（推定）】5 项") && $0.contains("在用") })
        let studio = try #require(try h.db.studios().first { $0.name == "医药卫生界委员工作室" })
        #expect(try h.db.wallStatus(studioID: studio.id!)?.items.count == 13)
    }

    @Test func studioDetailOpensTheChecklistPage() throws {
        let h = try harness()
        _ = try openMedicalStudio(h)
        let s = h.screen
        #expect(s.contains("上墙检查：医药卫生界委员工作室"))
        #expect(s.contains("墙面布置"))
        #expect(s.contains("合格，"))
        #expect(h.frame.line(23).contains("n 新检查"))
    }

    @Test func printTheLatestInspectionOrABlankFormFromThePage() throws {
        let h = try harness()
        _ = try openMedicalStudio(h)
        h.press(.char("p"))
        #expect(h.screen.contains("打印上墙检查表：医药卫生界委员工作室"))
        #expect(h.screen.contains("[最近一次检查] [空白检查表]"))
        let filled = h.dir.appendingPathComponent("filled.pdf").path
        h.press(.tab, .ctrl("u"))
        h.type(filled)
        h.press(.function(2))
        #expect(h.screen.contains("已生成"))
        #expect(h.screen.contains("2026年9月14日 陈立军 的检查"))
        #expect(FileManager.default.fileExists(atPath: filled))
        h.press(.enter, .char("p"), .right)
        let blank = h.dir.appendingPathComponent("blank")
        h.press(.tab, .ctrl("u"))
        h.type(blank.path)
        h.press(.function(2))
        #expect(h.screen.contains("空白检查表：/"))
        #expect(FileManager.default.fileExists(atPath: blank.path + ".pdf"))
    }
}
