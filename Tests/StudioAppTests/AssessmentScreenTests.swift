import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit
import StudioResources

/// 年度评估 through the in-memory screen: the office list by risk, a studio's sheet with the records
/// behind each item, the panel's entry, self scores beside the sheet, 审定 locking and the reopening.
@Suite struct AssessmentScreenTests {
    static let jiang = "江志明委员工作室"  // 滨江, 2026 at 自评 in the demo
    static let hudong = "湖东联络处委员工作室"  // 滨江, 2026 with the panel

    func harness() throws -> Harness {
        try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
    }

    func top<T>(_ h: Harness, _: T.Type) throws -> T { try #require(h.app.stack.last as? T) }

    func openSheet(_ h: Harness, _ name: String) throws -> AssessmentSheetScreen {
        h.press(.char("7"))
        let home = try top(h, AssessmentHomeScreen.self)
        home.table.select(try #require(home.results.firstIndex { $0.studio.name == name }))
        h.press(.enter)
        return try top(h, AssessmentSheetScreen.self)
    }

    func select(_ sheet: AssessmentSheetScreen, _ id: String) throws {
        sheet.table.select(try #require(sheet.items.firstIndex { $0.id == id }))
    }

    @Test func theMenuAndTheOfficeListSortedByRisk() throws {
        let h = try harness()
        #expect(h.screen.contains("[7] 年度评估    2026年 已审定 0/15 个"))
        h.press(.char("7"))
        let home = try top(h, AssessmentHomeScreen.self)
        #expect(h.screen.contains("2026年度评估（进行中）：预计参评 15 个，达标 3，未达标 12，已审定 0"))
        #expect(home.results.count == 15)
        let shortfalls = home.results.map(\.assessment.sheet.shortfall)
        #expect(shortfalls == shortfalls.sorted(by: >))
        // The worst first with how far it is from passing; the 滨江 studios well above the mark last.
        let worst = try #require(home.results.first)
        #expect(h.frame.line(4).contains(worst.studio.name))
        #expect(h.frame.line(4).contains(worst.assessment.sheet.verdictText))
        #expect(h.screen.contains("还差 10 项达标"))
        #expect(h.screen.contains("达标（95 分）"))
        // Stored results show their stage; the rest have not begun.
        #expect(h.screen.split(separator: "\n").first { $0.contains("湖东联络处") }?.contains("评估") == true)
        #expect(h.screen.split(separator: "\n").first { $0.contains("常静委员工作室") }?.contains("未开始") == true)
        // The earlier year: every result approved, the consequences confirmed.
        h.press(.char("["))
        #expect(h.screen.contains("2025年度评估"))
        #expect(h.screen.contains("2025年度评估（2026-01-28 审定锁定）：参评 15 个，达标 13，未达标 2，已审定 15"))
        h.press(.char("v"))
        #expect(h.screen.contains("类型：界别"))
        #expect(h.screen.contains("专委会：教科卫体委员会"))
        h.press(.char("v"))
        h.width = 120
        #expect(h.screen.contains("年度考核首次未达标的予以警示"), "\(h.screen)")
        #expect(h.screen.contains("已确认 01-28"))
    }

    @Test func enterOnAnItemListsTheRecordsThatEarnedIt() throws {
        let h = try harness()
        let sheet = try openSheet(h, Self.jiang)
        #expect(h.screen.contains("江志明委员工作室  2026年度（杭州滨江 2020）  【自评】→评估→审定"))
        #expect(h.screen.contains("合计 95 分，达标线 80 分：达标（95 分）"))
        try select(sheet, "committee_guidance")
        h.press(.enter)
        let dialog = try top(h, LinesDialog.self)
        let guidance = try #require(sheet.selected)
        #expect(dialog.lines.count == guidance.basis.count)
        #expect(h.screen.contains("政协专委会：区政协教科卫体委员会副主任"))
        #expect(h.screen.contains("共 \(guidance.basis.count) 条依据"))
        h.press(.escape)
        // An item not yet earned says how to earn it.
        try select(sheet, "sqmy")
        h.press(.enter)
        #expect(h.screen.contains("补救：再有1篇社情民意被采用（可得 5 分）"))
    }

    @Test func theStudiosOwnScoresSitBesideTheSheetWithDifferencesMarked() throws {
        let h = try harness()
        let sheet = try openSheet(h, Self.jiang)
        let a = try #require(sheet.assessment)
        #expect(a.differences.count == 1)
        #expect(h.screen.contains("自评与评估不同 1 项（≠ 标出）"))
        #expect(h.screen.contains("≠10"))
        // The differing row is drawn in the warning style.
        let row = try #require((0..<h.height).first { h.frame.line($0).contains("≠10") })
        #expect((0..<h.width).contains { h.frame[row, $0].style == .warning })
        // s changes the studio's own score on the selected item; a value above the item's points is refused.
        try select(sheet, "study_activity")
        h.press(.char("s"))
        for _ in 0..<6 { h.press(.backspace) }
        h.type("12")
        h.press(.function(2))
        #expect(h.screen.contains("分值为 0–10 分"))
        for _ in 0..<6 { h.press(.backspace) }
        h.type("8")
        h.press(.function(2))
        #expect(h.screen.contains("已记录自评分"))
        #expect(try #require(sheet.assessment).differences.count == 2)
        #expect(try h.db.storedAssessment(studioID: a.studioID, year: 2026)?.selfScores["study_activity"] == 8)
        // The panel scores in its own stage only.
        h.press(.char("e"))
        #expect(h.screen.contains("评估小组评分在「评估」阶段进行"))
    }

    @Test func thePanelEntersWhatRecordsCannotShowWithANote() throws {
        let h = try harness()
        let sheet = try openSheet(h, Self.hudong)
        let before = try #require(sheet.assessment).sheet.total
        try select(sheet, "wall_content")
        h.press(.char("e"))
        #expect(h.screen.contains("由台账记录自动计分，不能手工填写"))
        try select(sheet, "report_to_sector")
        h.press(.char("e"))
        #expect(h.screen.contains("评估小组评分：主动向所属界别和联络处报告工作"))
        h.type("7")
        h.press(.function(2))
        #expect(h.screen.contains("分值为 0–5 分"))
        for _ in 0..<3 { h.press(.backspace) }
        h.type("5")
        h.press(.function(2))
        #expect(h.screen.contains("请写明评分依据"))
        // The form moves to the field with the problem.
        h.type("每半年向联络处书面报告")
        h.press(.function(2))
        #expect(h.screen.contains("已记录评估小组评分：主动向所属界别和联络处报告工作 5 分"))
        let after = try #require(sheet.assessment)
        #expect(after.sheet.total == before + 5)
        let stored = try #require(try h.db.storedAssessment(studioID: after.studioID, year: 2026))
        #expect(stored.panel["report_to_sector"] == PanelEntry(points: 5, note: "每半年向联络处书面报告"))
        #expect(h.screen.contains("评估小组：每半年向联"))
    }

    @Test func approvalLocksTheResultAndAReopeningNeedsAReason() throws {
        let h = try harness()
        let sheet = try openSheet(h, Self.hudong)
        // Every panel item must be scored before 审定.
        h.press(.char("n"), .char("y"))
        #expect(h.screen.contains("评估小组还有"))
        for id in ["fixed_site", "materials", "report_to_sector"] {
            try select(sheet, id)
            h.press(.char("e"))
            h.type("5")
            h.press(.tab)
            h.type("现场查看")
            h.press(.function(2))
        }
        h.press(.char("n"))
        #expect(h.screen.contains("主席会议审定"))
        h.press(.char("y"))
        #expect(h.screen.contains("已审定并锁定（2026-11-18）"))
        #expect(h.screen.contains("2026-11-18 审定，已锁定"))
        #expect(h.frame.line(1).contains("【审定】"))
        let locked = try #require(sheet.assessment)
        #expect(locked.isLocked)
        #expect(!sheet.hints.contains { $0.label == "小组评分" })
        h.press(.char("e"))
        #expect(h.screen.contains("已锁定"))
        // The ladder's task (通报表扬) is written.
        #expect(try h.db.consequenceTasks(year: 2026).contains { $0.1 == Self.hudong && $0.0.action.contains("通报表扬") })
        // Reopening asks why.
        h.press(.char("o"))
        h.press(.function(2))
        #expect(h.screen.contains("请填写重新打开的理由"))
        h.type("漏记一次协商活动，经主席会议同意复核")
        h.press(.function(2))
        #expect(h.screen.contains("已重新打开"))
        #expect(h.screen.contains("曾重新打开 1 次（2026-11-18：漏记一次协商活动"))
        #expect(try #require(sheet.assessment).stage == .panel)
        #expect(try h.db.consequenceTasks(year: 2026).allSatisfy { $0.1 != Self.hudong })
    }

    @Test func aVerdictStudioIsJudgedByThePanelAfterItsSelfAssessment() throws {
        let h = try harness()
        let sheet = try openSheet(h, "常静委员工作室")  // 郴州: no counts in the rules
        #expect(h.screen.contains("待认定"))
        h.press(.char("n"), .char("y"))
        #expect(h.screen.contains("须填写「成绩和特色亮点」"))
        h.press(.char("t"))
        h.type("开展法律咨询12次")
        h.press(.function(2))
        h.press(.char("n"), .char("y"))
        #expect(h.screen.contains("已提交评估小组"))
        h.press(.char("e"))
        #expect(h.screen.contains("评估小组认定"))
        h.press(.char("1"), .tab)
        h.type("群众满意度测评92%")
        h.press(.function(2))
        #expect(try #require(sheet.assessment).sheet.passed)
        #expect(h.screen.contains("群众满意度测评92%"))
    }

    @Test func theYearEndBatchSavesEveryResult() throws {
        let h = try harness()
        h.press(.char("7"), .char("b"))
        #expect(h.screen.contains("年度批量计算"))
        h.press(.char("y"))
        #expect(h.screen.contains("已计算并保存 15 个工作室的 2026 年评估结果"))
        #expect(try h.db.assessments(year: 2026).count == 15)
    }
}

/// 规则设置 → 评估表: an office's own copy of a table, edited under the profile checks; new results use
/// it, results on file keep theirs.
@Suite struct ScorecardSettingsScreenTests {
    func harness() throws -> Harness {
        try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
    }

    func settings(_ h: Harness, profile id: String) throws -> ScorecardSettingsScreen {
        h.press(.char("9"), .char("s"))
        let screen = try #require(h.app.stack.last as? ScorecardSettingsScreen)
        while screen.profile?.id != id { h.press(.right) }
        return screen
    }

    @Test func copyEditAndRevertTheBinjiangTable() throws {
        let h = try harness()
        // The demo office has its own table (a cap on 开展活动多于规定次数); start from the file's.
        try h.db.removeOfficeScorecard(profileID: "binjiang-2020")
        let s = try settings(h, profile: "binjiang-2020")
        #expect(h.screen.contains("使用：规则文件中的评估表（只读"))
        #expect(h.screen.contains("硬件设施配置到位"))
        #expect(h.screen.contains("上限 15"))
        // The file's table is read-only until copied.
        s.table.select(try #require(s.lines.firstIndex(of: .item(0, 0))))
        h.press(.char("e"))
        #expect(h.screen.contains("请先按 c 复制"))
        h.press(.char("c"))
        #expect(h.screen.contains("已复制为本办公室的评估表"))
        #expect(h.screen.contains("使用：本办公室的评估表（2026-11-18 修改"))
        // Raising an item above its section's cap is refused by the profile checks.
        h.press(.char("e"), .tab)
        for _ in 0..<4 { h.press(.backspace) }
        h.type("10")
        h.press(.function(2))
        #expect(h.screen.contains("超过上限"))
        for _ in 0..<4 { h.press(.backspace) }
        h.type("3")
        h.press(.function(2))
        #expect(h.screen.contains("已修改：有固定场所"))
        // A new item in the section, scored by the panel.
        h.press(.char("a"))
        h.type("有志愿服务队伍")
        h.press(.tab)
        h.type("2")
        h.press(.function(2))
        #expect(h.screen.contains("已添加：有志愿服务队伍"))
        let own = try #require(try h.db.officeScorecard(profileID: "binjiang-2020")).card
        #expect(own.sections[0].items.map(\.points) == [3, 5, 5, 2])
        // A new result uses the office's table; a result on file keeps its own.
        let jiang = try #require(try h.db.studios().first { $0.name == "江志明委员工作室" })
        let binjiang = try #require(h.app.context.profiles.first { $0.id == "binjiang-2020" })
        #expect(try h.db.assessment(studio: jiang, profile: binjiang, year: 2027, today: "2026-11-18").sheet.items.contains { $0.text == "有志愿服务队伍" })
        #expect(try h.db.assessment(studio: jiang, profile: binjiang, year: 2025, today: "2026-11-18").profile.scorecard?.sections[0].items.count == 3)
        // x puts the file's table back.
        h.press(.char("x"), .char("y"))
        #expect(h.screen.contains("已恢复规则文件的评估表"))
        #expect(try h.db.officeScorecard(profileID: "binjiang-2020") == nil)
    }

    @Test func theOfficeSetsTheNotJudgedCutOffWithoutATable() throws {
        let h = try harness()
        let s = try settings(h, profile: "shaanxi-2023")
        #expect(s.lines.first == .cutoff)
        #expect(h.screen.contains("本年不参评：授牌晚于") && h.screen.contains("6月30日"))
        s.table.select(0)
        h.press(.char("e"))
        #expect(h.screen.contains("本年不参评的起算日：陕西 2023"))
        h.type("13-45")
        h.press(.function(2))
        #expect(h.screen.contains("应为「月-日」，如 06-30"))
        for _ in 0..<5 { h.press(.backspace) }
        h.type("09-30")
        h.press(.function(2))
        #expect(h.screen.contains("9月30日") && h.screen.contains("本办公室设定"))
        // Every reader now judges by it: a studio plaqued on 8月1日 is judged for the year.
        let shaanxi = try #require(h.app.context.profiles.first { $0.id == "shaanxi-2023" })
        #expect(shaanxi.standing(of: StudioTerm(plaquedOn: "2026-08-01"), year: 2026) == .judged)
        #expect(try h.db.officeProfiles(ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
            .first { $0.id == "shaanxi-2023" }?.assessment.notJudgedIfPlaquedAfter == "09-30")
    }

    @Test func aVerdictProfileGetsALocalTableFromBinjiangs() throws {
        let h = try harness()
        _ = try settings(h, profile: "shaanxi-2023")
        #expect(h.screen.contains("该地区按量化要求认定达标/未达标"))
        h.press(.char("c"))
        #expect(h.screen.contains("已以「杭州滨江 2020」的评估表为底稿建立本地评估表"))
        let shaanxi = try #require(h.app.context.profiles.first { $0.id == "shaanxi-2023" })
        let local = try h.db.assessmentProfile(shaanxi)
        #expect(local.assessment.method == "scorecard" && local.scorecard?.title == "陕西 2023 本地评估表")
        // The 滨江 wall list does not exist under 陕西: that item is the panel's.
        #expect(local.scorecard?.sections[0].items.allSatisfy { $0.checklist == nil } == true)
        let studio = try #require(try h.db.studios().first { $0.name == "医药卫生界委员工作室" })
        #expect(try h.db.assessment(studio: studio, profile: shaanxi, year: 2027, today: "2026-11-18").sheet.method == "scorecard")
    }
}
