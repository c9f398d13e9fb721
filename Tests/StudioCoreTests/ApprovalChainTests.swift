import Foundation
import Testing
import StudioResources
@testable import StudioCore

@Suite struct ApprovalChainTests {
    let profiles: [String: RuleProfile]

    init() throws {
        let dir = try #require(ResourceLocator.profileDirectory())
        profiles = Dictionary(uniqueKeysWithValues: try ProfileLoader.loadAll(directory: dir).map { ($0.id, $0) })
    }

    func profile(_ id: String) throws -> RuleProfile {
        try #require(profiles[id], "profile \(id) not shipped")
    }

    /// A studio's life in memory: its status and stored records, moved on through the API only.
    struct Walk {
        let studioID: Int64 = 7
        let type: StudioType
        let profile: RuleProfile
        var status: StudioStatus = .draft
        var records: [ApprovalRecord] = []

        var progress: ApprovalProgress {
            ApprovalChain.progress(records: records, type: type, status: status, profile: profile)
        }

        mutating func submit() throws -> Int {
            let round = try ApprovalChain.submit(status: status, records: records)
            status = .inApproval
            return round
        }

        @discardableResult
        mutating func decide(_ decision: ApprovalDecision, opinion: String = "", signer: String = "王建国",
                             date: String, plaque: String? = nil) throws -> ApprovalRecord {
            let (record, newStatus) = try ApprovalChain.decide(decision, opinion: opinion, signer: signer, date: date,
                                                               plaqueNumber: plaque, studioID: studioID,
                                                               status: status, progress: progress)
            records.append(record)
            status = newStatus
            return record
        }
    }

    func expectError(_ field: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation,
                     _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected ApprovalError(\(field)): \(message)", sourceLocation: sourceLocation)
        } catch let error as ApprovalError {
            #expect(error.field == field, sourceLocation: sourceLocation)
            #expect(error.message.contains(message), "got: \(error.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - Steps per jurisdiction and type

    @Test func decisionTitles() {
        #expect(ApprovalDecision.approve.title == "同意")
        #expect(ApprovalDecision.returnForRevision.title == "退回修改")
        #expect(ApprovalDecision.reject.title == "不同意")
    }

    @Test func binjiangHasThreeSteps() throws {
        let p = try profile("binjiang-2020")
        for type in [StudioType.personal, .sector, .liaisonOffice] {
            let steps = ApprovalChain.steps(for: type, profile: p)
            #expect(steps.map(\.name) == ["委员工委审核", "主席会议审议", "授牌"])
            #expect(steps.map(\.isPlaque) == [false, false, true])
        }
    }

    @Test func chenzhouHasFiveStepsInOrder() throws {
        let p = try profile("chenzhou-2019")
        let steps = ApprovalChain.steps(for: .personal, profile: p)
        #expect(steps.map(\.id) == ["liaison_committee_review", "secretary_general_review", "vice_chair_review",
                                    "chair_meeting", "plaque"])
        #expect(steps.map(\.name) == ["委员学习联络委审核", "秘书长审核", "分管副主席审核", "主席会议审定", "授牌"])
    }

    @Test func shaanxiRegionStudiosSkipCommitteeReview() throws {
        let p = try profile("shaanxi-2023")
        let sector = ApprovalChain.steps(for: .sector, profile: p)
        let industry = ApprovalChain.steps(for: .industry, profile: p)
        let region = ApprovalChain.steps(for: .region, profile: p)
        #expect(sector.map(\.name) == ["专委会审核", "分管副主席审示", "主席会议研究", "授牌", "省政协办公厅备案"])
        #expect(industry == sector)
        #expect(region.map(\.name) == ["分管副主席审示", "主席会议研究", "授牌", "省政协办公厅备案"])
        #expect(!region.contains { $0.id == "committee_review" })
    }

    @Test func progressBeforeSubmission() throws {
        let p = try profile("shaanxi-2023")
        let progress = ApprovalChain.progress(records: [], type: .region, status: .draft, profile: p)
        #expect(progress.steps.count == 4)
        #expect(progress.round == 0)
        #expect(progress.records.isEmpty)
        #expect(progress.nextStep == nil)
        #expect(!progress.isComplete)
        #expect(progress.lastReturn == nil)
    }

    // MARK: - Walks

    @Test func fullWalkOfShaanxiSectorStudio() throws {
        var s = Walk(type: .sector, profile: try profile("shaanxi-2023"))
        #expect(try s.submit() == 1)
        #expect(s.status == .inApproval)
        #expect(s.progress.round == 1)
        #expect(s.progress.nextStep?.id == "committee_review")

        let first = try s.decide(.approve, opinion: "符合条件", signer: "李专委", date: "2026-03-05")
        #expect(first.round == 1)
        #expect(first.studioID == 7)
        #expect(first.stepID == "committee_review")
        #expect(first.stepName == "专委会审核")
        #expect(first.plaqueNumber == nil)
        #expect(s.status == .inApproval)
        #expect(s.progress.nextStep?.id == "vice_chair_review")

        try s.decide(.approve, signer: "赵副主席", date: "2026-03-05")   // same day as the step before is fine
        #expect(s.progress.nextStep?.id == "chair_meeting")
        try s.decide(.approve, opinion: "研究同意", signer: "主席会议", date: "2026-03-20")
        #expect(s.status == .inApproval)
        #expect(s.progress.nextStep?.isPlaque == true)

        let plaque = try s.decide(.approve, signer: "办公室", date: "2026-04-01", plaque: " 陕政协委室-2026-008 ")
        #expect(plaque.plaqueNumber == "陕政协委室-2026-008")
        #expect(s.status == .plaqued)
        let afterPlaque = s.progress
        #expect(afterPlaque.nextStep?.id == "provincial_filing")
        #expect(!afterPlaque.isComplete)
        #expect(afterPlaque.plaqueRecord?.plaqueNumber == "陕政协委室-2026-008")

        let filing = try s.decide(.approve, signer: "省政协办公厅", date: "2026-04-15")
        #expect(filing.stepName == "省政协办公厅备案")
        #expect(s.status == .plaqued)
        let done = s.progress
        #expect(done.isComplete)
        #expect(done.nextStep == nil)
        #expect(done.round == 1)
        #expect(done.records.map(\.stepID) == ["committee_review", "vice_chair_review", "chair_meeting", "plaque", "provincial_filing"])
        #expect(done.records.allSatisfy { $0.decision == .approve })
        #expect(done.plaqueRecord?.plaqueNumber == "陕政协委室-2026-008")
        #expect(done.lastReturn == nil)
    }

    @Test func filingReturnedAfterThePlaqueKeepsThePlaque() throws {
        var s = Walk(type: .sector, profile: try profile("shaanxi-2023"))
        _ = try s.submit()
        try s.decide(.approve, date: "2026-03-01")
        try s.decide(.approve, date: "2026-03-05")
        try s.decide(.approve, date: "2026-03-20")
        try s.decide(.approve, date: "2026-04-01", plaque: "陕政协委室-2026-009")
        let back = try s.decide(.returnForRevision, opinion: "备案材料缺建设方案", date: "2026-04-10")
        #expect(back.decision == .returnForRevision)
        #expect(s.status == .plaqued)
        #expect(s.progress.nextStep?.id == "provincial_filing")
    }

    @Test func binjiangEndsAtPlaque() throws {
        var s = Walk(type: .personal, profile: try profile("binjiang-2020"))
        _ = try s.submit()
        try s.decide(.approve, date: "2026-01-10")
        try s.decide(.approve, date: "2026-01-20")
        try s.decide(.approve, date: "2026-02-01", plaque: "滨政协-001")
        #expect(s.status == .plaqued)
        #expect(s.progress.isComplete)
        #expect(s.progress.nextStep == nil)
    }

    @Test func returnSendsBackToDraftAndResubmissionStartsRoundTwo() throws {
        var s = Walk(type: .region, profile: try profile("shaanxi-2023"))
        _ = try s.submit()
        try s.decide(.approve, date: "2026-03-01")
        let returned = try s.decide(.returnForRevision, opinion: "驻室委员不足5人，请补充", signer: "主席会议", date: "2026-03-10")
        #expect(returned.stepID == "chair_meeting")
        #expect(s.status == .draft)

        let draft = s.progress
        #expect(draft.nextStep == nil)
        #expect(!draft.isComplete)
        #expect(draft.round == 1)
        #expect(draft.lastReturn?.opinion == "驻室委员不足5人，请补充")
        #expect(draft.lastReturn?.stepName == "主席会议研究")

        #expect(try s.submit() == 2)
        let resubmitted = s.progress
        #expect(resubmitted.round == 2)
        #expect(resubmitted.records.isEmpty)
        #expect(resubmitted.nextStep?.id == "vice_chair_review")   // step 1 of a 区域 studio
        #expect(resubmitted.lastReturn == returned)

        // Round 2 is dated on its own: an earlier date than round 1's records is not checked against them.
        let again = try s.decide(.approve, date: "2026-03-09")
        #expect(again.round == 2)
        #expect(s.progress.records == [again])
        #expect(s.progress.nextStep?.id == "chair_meeting")
        #expect(s.progress.lastReturn == returned)
    }

    @Test func secondReturnIsTheLastReturn() throws {
        var s = Walk(type: .personal, profile: try profile("chenzhou-2019"))
        _ = try s.submit()
        try s.decide(.returnForRevision, opinion: "第一次退回", date: "2026-01-05")
        _ = try s.submit()
        try s.decide(.approve, date: "2026-01-10")
        try s.decide(.returnForRevision, opinion: "第二次退回", date: "2026-01-12")
        #expect(s.progress.lastReturn?.opinion == "第二次退回")
        #expect(s.progress.lastReturn?.round == 2)
        #expect(try s.submit() == 3)
    }

    @Test func rejectRevokesTheStudio() throws {
        var s = Walk(type: .sector, profile: try profile("binjiang-2020"))
        _ = try s.submit()
        let record = try s.decide(.reject, opinion: "不符合创建条件", signer: "委员工委", date: "2026-05-06")
        #expect(record.decision == .reject)
        #expect(s.status == .revoked)
        #expect(s.progress.nextStep == nil)
        #expect(!s.progress.isComplete)
        expectError("status", "该工作室不在审批中") { try s.decide(.approve, date: "2026-05-07") }
        expectError("status", "只有草稿才能提交") { _ = try s.submit() }
    }

    @Test func recordRoundTripsThroughJSON() throws {
        let record = ApprovalRecord(id: 3, studioID: 7, round: 2, stepID: "plaque", stepName: "授牌", decision: .returnForRevision,
                                    opinion: "牌匾规格不符", signer: "办公室", date: "2026-04-01", plaqueNumber: nil)
        let decoded = try JSONDecoder().decode(ApprovalRecord.self, from: JSONEncoder().encode(record))
        #expect(decoded == record)
    }

    // MARK: - Errors

    @Test func submitOnlyFromDraft() throws {
        expectError("status", "只有草稿才能提交") { _ = try ApprovalChain.submit(status: .inApproval, records: []) }
        expectError("status", "只有草稿才能提交") { _ = try ApprovalChain.submit(status: .plaqued, records: []) }
        #expect(try ApprovalChain.submit(status: .draft, records: []) == 1)
    }

    @Test func decidingOnADraftFails() throws {
        let s = Walk(type: .sector, profile: try profile("shaanxi-2023"))
        expectError("status", "该工作室不在审批中") {
            _ = try ApprovalChain.decide(.approve, opinion: "", signer: "王", date: "2026-03-05", plaqueNumber: nil,
                                         studioID: 7, status: .draft, progress: s.progress)
        }
        for status in [StudioStatus.warned, .delisted, .terminated] {
            expectError("status", "该工作室不在审批中") {
                _ = try ApprovalChain.decide(.approve, opinion: "", signer: "王", date: "2026-03-05", plaqueNumber: nil,
                                             studioID: 7, status: status, progress: s.progress)
            }
        }
    }

    @Test func plaquedStudioWithoutRecordsIsNotInApproval() throws {
        // A studio plaqued before the program was used has no records: nothing waits.
        let p = try profile("shaanxi-2023")
        let progress = ApprovalChain.progress(records: [], type: .sector, status: .plaqued, profile: p)
        #expect(progress.nextStep == nil)
        expectError("status", "该工作室不在审批中") {
            _ = try ApprovalChain.decide(.approve, opinion: "", signer: "王", date: "2026-03-05", plaqueNumber: nil,
                                         studioID: 7, status: .plaqued, progress: progress)
        }
    }

    @Test func emptySignerFails() throws {
        var s = Walk(type: .sector, profile: try profile("shaanxi-2023"))
        _ = try s.submit()
        expectError("signer", "请填写签名人") { try s.decide(.approve, signer: "   ", date: "2026-03-05") }
        #expect(s.records.isEmpty)
        #expect(s.status == .inApproval)
    }

    @Test func invalidDateFails() throws {
        var s = Walk(type: .sector, profile: try profile("shaanxi-2023"))
        _ = try s.submit()
        expectError("date", "请填写日期") { try s.decide(.approve, date: "") }
        expectError("date", "无效") { try s.decide(.approve, date: "2026-3-5") }
        expectError("date", "无效") { try s.decide(.approve, date: "2026-02-30") }
        expectError("date", "无效") { try s.decide(.approve, date: "明天") }
    }

    @Test func dateEarlierThanPreviousStepFails() throws {
        var s = Walk(type: .sector, profile: try profile("shaanxi-2023"))
        _ = try s.submit()
        try s.decide(.approve, date: "2026-03-05")
        expectError("date", "日期不能早于上一步（2026年3月5日）") { try s.decide(.approve, date: "2026-03-04") }
        #expect(s.records.count == 1)
        try s.decide(.approve, date: "2026-03-05")
        #expect(s.records.count == 2)
    }

    @Test func returnAndRejectNeedAReason() throws {
        var s = Walk(type: .sector, profile: try profile("shaanxi-2023"))
        _ = try s.submit()
        expectError("opinion", "退回修改须写明理由") { try s.decide(.returnForRevision, opinion: "  ", date: "2026-03-05") }
        expectError("opinion", "不同意须写明理由") { try s.decide(.reject, date: "2026-03-05") }
        #expect(s.status == .inApproval)
        try s.decide(.approve, date: "2026-03-05")   // approving needs no opinion
        #expect(s.records.count == 1)
    }

    @Test func plaqueStepNeedsAPlaqueNumber() throws {
        var s = Walk(type: .personal, profile: try profile("binjiang-2020"))
        _ = try s.submit()
        try s.decide(.approve, date: "2026-01-10")
        try s.decide(.approve, date: "2026-01-20")
        expectError("plaqueNumber", "授牌须填写牌匾编号") { try s.decide(.approve, date: "2026-02-01") }
        expectError("plaqueNumber", "授牌须填写牌匾编号") { try s.decide(.approve, date: "2026-02-01", plaque: "  ") }
        #expect(s.status == .inApproval)
        // Returning on the 授牌 step carries no plaque number.
        expectError("plaqueNumber", "不填写牌匾编号") {
            try s.decide(.returnForRevision, opinion: "场地未落实", date: "2026-02-01", plaque: "滨政协-001")
        }
    }

    @Test func plaqueNumberOnOtherStepsFails() throws {
        var s = Walk(type: .sector, profile: try profile("shaanxi-2023"))
        _ = try s.submit()
        expectError("plaqueNumber", "只有授牌步骤才填写牌匾编号") { try s.decide(.approve, date: "2026-03-05", plaque: "X-1") }
        // An empty field is the same as none.
        let record = try s.decide(.approve, date: "2026-03-05", plaque: "")
        #expect(record.plaqueNumber == nil)
    }

    @Test func decidingWhenCompleteFails() throws {
        var s = Walk(type: .region, profile: try profile("shaanxi-2023"))
        _ = try s.submit()
        try s.decide(.approve, date: "2026-03-01")
        try s.decide(.approve, date: "2026-03-02")
        try s.decide(.approve, date: "2026-03-03", plaque: "P-9")
        try s.decide(.approve, date: "2026-03-04")
        #expect(s.progress.isComplete)
        expectError("status", "审批流程已全部完成") { try s.decide(.approve, date: "2026-03-05") }
        #expect(s.records.count == 4)
    }

    @Test func errorDescribesItselfInChinese() {
        let error = ApprovalError(field: "signer", message: "请填写签名人")
        #expect(error.description == "请填写签名人")
        #expect(error.issue == FieldIssue(field: "signer", message: "请填写签名人"))
    }
}
