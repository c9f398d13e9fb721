import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit
import StudioResources

@Suite struct ApprovalScreenTests {
    /// A Shaanxi 界别 studio in draft with a complete team, ready to submit.
    func harnessWithReadyDraft() throws -> (Harness, Studio) {
        let profiles = try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
        let h = try Harness(profiles: profiles)
        let agri = try #require(try h.db.studios().first { $0.name == "农业界委员工作室" })
        // Put it back to draft as a clerk preparing the application would have it.
        try h.db.changeStatus(studioID: agri.id!, expected: agri.status, to: .draft, date: "2026-11-01", reason: "示例：重新整理申报材料")
        return (h, try #require(try h.db.studio(id: agri.id!)))
    }

    func openApprovals(_ h: Harness) {
        h.press(.char("2"), .char("/"))
        h.type("nyjwy")
        h.press(.enter, .enter, .char("p"))
    }

    @Test func submitThenWalkTheShaanxiChainToThePlaque() throws {
        let (h, studio) = try harnessWithReadyDraft()
        openApprovals(h)
        #expect(h.screen.contains("审批：农业界委员工作室"))
        #expect(h.screen.contains("[未到]   专委会审核"))
        #expect(h.screen.contains("草稿，尚未提交"))
        h.press(.char("s"))
        #expect(h.screen.contains("提交「农业界委员工作室」进入审批"))
        h.press(.char("y"))
        #expect(h.screen.contains("[待办]   专委会审核"))
        #expect(try h.db.studio(id: studio.id!)?.status == .inApproval)

        for (step, signer) in [("专委会审核", "李明"), ("分管副主席审示", "王副主席"), ("主席会议研究", "主席会议")] {
            h.press(.char("r"))
            #expect(h.screen.contains("录入审批意见：\(step)"))
            h.press(.tab)
            h.type("同意")
            h.press(.tab)
            h.type(signer)
            h.press(.function(2))
            #expect(h.screen.contains("已记录：\(step) 同意"), "after \(step)")
        }
        #expect(h.screen.contains("[待办]   授牌"))
        h.press(.char("r"), .tab, .tab)
        h.type("办公室")
        h.press(.tab, .tab)
        h.type("明政协室〔2026〕7号")
        h.press(.function(2))
        #expect(h.screen.contains("状态改为「已授牌」"))
        #expect(h.screen.contains("牌匾编号 明政协室〔2026〕7号"))
        #expect(try h.db.studio(id: studio.id!)?.status == .plaqued)
        #expect(try h.db.approvalRecords(studioID: studio.id!).count == 4)
        #expect(h.screen.contains("[待办]   省政协办公厅备案"))
    }

    @Test func returnNeedsAReasonAndSendsTheApplicationBackToDraft() throws {
        let (h, studio) = try harnessWithReadyDraft()
        openApprovals(h)
        h.press(.char("s"), .char("y"), .char("r"))
        h.press(.char("2"))  // 退回修改
        h.press(.tab, .tab)
        h.type("李明")
        h.press(.function(2))
        #expect(h.screen.contains("理由"))  // opinion required for a return
        #expect(try h.db.approvalRecords(studioID: studio.id!).isEmpty)
        // The form moved to the field that needs fixing.
        h.type("请补充年度工作计划")
        h.press(.function(2))
        let s = h.screen
        #expect(s.contains("状态改为「草稿」"))
        #expect(s.contains("退回修改（专委会审核"))
        #expect(s.contains("请补充年度工作计划"))
        #expect(try h.db.studio(id: studio.id!)?.status == .draft)
    }

    @Test func badDateIsExplainedOnItsField() throws {
        let (h, _) = try harnessWithReadyDraft()
        openApprovals(h)
        h.press(.char("s"), .char("y"), .char("r"), .tab, .tab)
        h.type("李明")
        h.press(.tab, .ctrl("u"))
        h.type("2026-2-30")
        h.press(.function(2))
        #expect(h.screen.contains("无法识别"))
    }

    @Test func aStudioBreakingItsRulesCannotBeSubmitted() throws {
        let profiles = try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
        let h = try Harness(profiles: profiles)
        let draft = try #require(try h.db.studios().first { $0.status == .draft })
        h.press(.char("2"), .char("s"))
        h.press(.enter, .char("p"), .char("s"))
        #expect(h.screen.contains("不能提交"))
        #expect(h.screen.contains("联络员"))
        #expect(try h.db.studio(id: draft.id!)?.status == .draft)
    }

    @Test func registerShowsTheStepEachApplicationWaitsOn() throws {
        let profiles = try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
        let h = try Harness(profiles: profiles)
        h.press(.char("2"), .char("/"))
        h.type("nyjwy")
        #expect(h.screen.contains("待办环节"))
        let row = try #require(h.frame.lines.first { $0.contains("农业界委员工作室") })
        #expect(row.contains("审批中"))
        #expect(row.contains("专委会审核"))
    }
}
