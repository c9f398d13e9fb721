import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit
import StudioResources

/// Each role's screens (issue 22): what the main menu, the help bar, F1 and 打印导出 offer, and a refused key's reason.
@Suite(.serialized) struct AccountScreenTests {
    /// The demo office with one account of each role; the 联络员 looks after the first studio the ledger lists.
    final class Office {
        let base: Harness
        let own: Int64
        init() throws {
            base = try Harness(profiles: ReviewModeTests.profiles())
            base.press(.char("6"), .enter)
            own = try #require((base.app.top as? StudioLedgerScreen)?.studioID)
            for (name, role, studios) in [("管理员甲", "管理员", [Int64]()), ("录入员乙", "录入员", []), ("联络员丙", "联络员", [own]),
                                          ("评估丁", "评估小组", []), ("审阅戊", "审阅", [])] {
                try base.db.addAccount(Account(name: name, roleID: role, studioIDs: studios), today: "2026-11-18")
            }
        }

        /// The program as `account` sees it, at 80x24.
        func app(_ account: String) throws -> App {
            let db = try AppDatabase.open(path: base.db.path, account: account)
            return App(context: AppContext(db: db, profiles: base.profiles, today: { Harness.fixed }))
        }
    }

    static func menu(_ app: App) -> [String] { ((app.stack[0] as? MainMenuScreen)?.capabilities ?? []).map(\.title) }
    static func bar(_ app: App) -> String { app.frame(width: 80, height: 24).line(23) }
    static func press(_ app: App, _ keys: Key...) { for k in keys { app.handle(k, width: 80, height: 24); app.settle() } }

    @Test func eachRoleSeesItsOwnMenu() throws {
        let o = try Office()
        let all = ["工作室申报", "工作室名册", "委员名册", "上墙检查", "值班排班", "履职台账", "年度评估", "打印导出", "规则设置", "账户管理", "退出"]
        let reading = ["工作室名册", "委员名册", "上墙检查", "值班排班", "履职台账", "年度评估", "打印导出", "退出"]
        #expect(Self.menu(try o.app("管理员甲")) == all)
        #expect(Self.menu(try o.app("录入员乙")) == ["工作室申报"] + reading)
        #expect(Self.menu(try o.app("联络员丙")) == reading)
        #expect(Self.menu(try o.app("评估丁")) == reading)
        #expect(Self.menu(try o.app("审阅戊")) == reading)
        // The local user of a file without accounts: the menu of before, 账户管理 left out until there are accounts.
        let plain = try Harness(profiles: ReviewModeTests.profiles())
        #expect(Self.menu(plain.app) == all.filter { $0 != "账户管理" })
        #expect(Self.menu(o.base.app) == all)   // the service account, once accounts exist
        // The title bar names the account and its role; a 审阅 is read-only.
        #expect(try o.app("联络员丙").frame(width: 80, height: 24).line(0).contains("联络员丙（联络员）"))
        #expect(try o.app("审阅戊").frame(width: 80, height: 24).line(0).contains("【只读】  审阅戊（审阅）"))
        // The admin's a opens 账户管理 with every account.
        let admin = try o.app("管理员甲")
        Self.press(admin, .char("a"))
        #expect(admin.top is AccountsScreen)
        let screen = admin.frame(width: 80, height: 24)
        #expect((0..<24).contains { screen.line($0).contains("联络员丙") && screen.line($0).contains("联络员") })
        #expect(Self.bar(admin).contains("a 添加") && Self.bar(admin).contains("x 停用"))
    }

    @Test func theLedgerOffersEachRoleItsKeys() throws {
        let o = try Office()
        // Each account opens the first studio's ledger (the 联络员's own), then the second's.
        func ledgerBars(_ account: String) throws -> (own: String, other: String, app: App) {
            let app = try o.app(account)
            Self.press(app, .char("6"), .enter)
            let own = Self.bar(app)
            Self.press(app, .escape, .down, .enter)
            return (own, Self.bar(app), app)
        }
        let clerk = try ledgerBars("录入员乙")
        #expect(clerk.own.contains("a 活动") && !clerk.own.contains("v 审核"), "\(clerk.own)")
        let liaison = try ledgerBars("联络员丙")
        #expect(liaison.own.contains("a 活动") && liaison.own.contains("v 审核"), "\(liaison.own)")
        #expect(!liaison.other.contains("a 活动") && !liaison.other.contains("v 审核"), "\(liaison.other)")
        // Pressing a key they may not use says why; the other studio's records open as views.
        Self.press(liaison.app, .char("v"))
        let refusal = try #require(liaison.app.top as? MessageDialog)
        #expect(refusal.title == "没有权限")
        #expect(refusal.message == "「v 审核」需要「审核台账」权限：账户「联络员丙」（联络员）只能对所负责的工作室「审核台账」，其他工作室只能查看。")
        Self.press(liaison.app, .enter, .enter)
        #expect((liaison.app.top as? EntryFormScreen)?.viewing == true)
        let panel = try ledgerBars("评估丁")
        #expect(!panel.own.contains("a 活动") && !panel.own.contains("v 审核"), "\(panel.own)")
        let reviewer = try ledgerBars("审阅戊")
        #expect(!reviewer.own.contains("a 活动"))
        Self.press(reviewer.app, .char("a"))
        #expect((reviewer.app.top as? MessageDialog)?.message == "「a 活动」需要「录入台账」权限：账户「审阅戊」（审阅）没有「录入台账」的权限。")
        // F1 follows the bar.
        // F1 follows the bar: the 联络员's own studio lists 审核 and 活动, another's neither.
        let again = try o.app("联络员丙")
        Self.press(again, .char("6"), .enter, .function(1))
        let help = try #require(again.top as? HelpScreen)
        #expect(help.entries.contains { $0.key == "v" } && help.entries.contains { $0.key == "a" }, "\(help.entries)")
        Self.press(again, .escape, .escape, .down, .enter, .function(1))
        let otherHelp = try #require(again.top as? HelpScreen)
        #expect(!otherHelp.entries.contains { $0.key == "v" } && !otherHelp.entries.contains { $0.key == "a" }, "\(otherHelp.entries)")
    }

    @Test func printingAndExportOfferWhatTheRoleAllows() throws {
        let o = try Office()
        func tasks(_ account: String) throws -> [String] {
            let app = try o.app(account)
            Self.press(app, .char("8"))
            return try #require(app.top as? DataScreen).tasks.map { "\($0.section)\($0.name)" }
        }
        let admin = try tasks("管理员甲")
        #expect(admin.contains("备份从文件恢复") && admin.contains("导入表格"))
        let clerk = try tasks("录入员乙")
        #expect(!clerk.contains("备份从文件恢复") && !clerk.contains("备份从自动备份恢复") && clerk.contains("导入表格") && clerk.contains("导出表格"))
        #expect(try tasks("审阅戊") == ["打印申报表", "打印上墙检查表", "打印值班公示", "打印年度评估表", "打印年度工作总结", "记录修改记录",
                                        "报送汇总", "报送统计", "报送年度总结材料"])
        #expect(try tasks("评估丁") == ["记录修改记录", "报送汇总", "报送统计"])
        // A 联络员 prints their own studios' papers only.
        let liaison = try o.app("联络员丙")
        let data = DataScreen(context: liaison.context)
        let own = try #require(try liaison.context.db.studio(id: o.own))
        let other = try #require(try liaison.context.db.studios().first { $0.id != o.own })
        #expect(data.mayFor(.application, own) && !data.mayFor(.application, other) && !data.mayFor(.archive, own))
        if case .replace(let dialog as MessageDialog) = data.refused(.application, other) {
            #expect(dialog.message == "「打印申报表：\(other.name)」需要「打印」权限：账户「联络员丙」（联络员）只能对所负责的工作室「打印」，其他工作室只能查看。")
        } else {
            Issue.record("no refusal")
        }
    }

    @Test func aLiaisonPrintsOnlyTheirOwnStudiosPapersFromEveryScreen() throws {
        let o = try Office()
        let ctx = try o.app("联络员丙").context
        let other = try #require(try ctx.db.studios().first { $0.id != o.own }?.id)
        func bar(_ s: some Screen) -> [String] { s.hints.map { "\($0.key) \($0.label)" } }
        // One studio's screens name their studio to the key table: 打印 on the liaison's own studio only.
        for (id, offered) in [(o.own, true), (other, false)] {
            #expect(bar(StudioWallScreen(context: ctx, studioID: id)).contains("p 打印") == offered)
            #expect(bar(StudioDutyScreen(context: ctx, studioID: id)).contains("p 公示") == offered)
            #expect(bar(AssessmentSheetScreen(context: ctx, studioID: id, year: 2026)).contains("p 打印") == offered)
        }
        let wall = StudioWallScreen(context: ctx, studioID: other)
        if case .stay = wall.handle(.char("p")) {} else { Issue.record("p on another studio should open nothing") }
        #expect(ctx.refusedKey == "p 打印")
        #expect(ctx.refusedNeed?.1 == other)
        // The year's scorecards: the liaison's own studios' sheets, without the office's 汇总表.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let home = AssessmentHomeScreen(context: ctx)
        #expect(home.allResults.count > 1 && home.allResults.contains { $0.studio.id == o.own })
        let form = try #require(home.printForm(directory: dir) as? EntryFormScreen)
        if case .choice(let options) = try #require(form.fields.first { $0.id == "kind" }).kind {
            #expect(options == ["PDF 一个文件", "PDF 每个工作室一个（目录）"])
        } else { Issue.record("内容 should be a choice") }
        guard case .replace(let done as MessageDialog) = form.save() else { Issue.record("the form should save: \(form.issues)"); return }
        #expect(done.message.hasPrefix("1 份评估表："), "\(done.message)")
        #expect(FileManager.default.fileExists(atPath: dir + "/2026年度评估表.pdf"))
    }

    @Test func thePanelScoresAndTheClerkCannot() throws {
        let o = try Office()
        func sheet(_ app: App) throws -> AssessmentSheetScreen {
            Self.press(app, .char("7"))
            let home = try #require(app.top as? AssessmentHomeScreen)
            home.table.select(try #require(home.results.firstIndex { $0.studio.name == "湖东联络处委员工作室" }))
            Self.press(app, .enter)
            let sheet = try #require(app.top as? AssessmentSheetScreen)
            sheet.table.select(try #require(sheet.items.firstIndex { $0.id == "report_to_sector" }))
            return sheet
        }
        let panel = try o.app("评估丁")
        let panelSheet = try sheet(panel)
        #expect(Self.bar(panel).contains("e 小组评分") && !Self.bar(panel).contains("s 自评分"), "\(Self.bar(panel))")
        Self.press(panel, .char("e"))
        #expect((panel.top as? EntryFormScreen)?.title.hasPrefix("评估小组评分：主动向所属界别和联络处报告工作") == true)
        for c in "5" { Self.press(panel, .char(c)) }
        Self.press(panel, .tab)
        for c in "现场查看" { Self.press(panel, .char(c)) }
        Self.press(panel, .function(2))
        #expect(panel.top === panelSheet)
        let studio = try #require(panelSheet.assessment?.studioID)
        #expect(try o.base.db.storedAssessment(studioID: studio, year: 2026)?.panel["report_to_sector"]?.points == 5)
        // The 录入员 (who enters the studio's own points in the 自评 stage) does not score for the panel.
        let clerk = try o.app("录入员乙")
        _ = try sheet(clerk)
        #expect(!Self.bar(clerk).contains("e 小组评分"), "\(Self.bar(clerk))")
        Self.press(clerk, .char("e"))
        #expect((clerk.top as? MessageDialog)?.title == "没有权限")
    }
}
