import Foundation
import Testing
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import StudioResources
import TestSupport

/// 年度评估 in the data file, on the demo district: facts read from the ledger, the year-end batch,
/// the process to a locked result, a recorded reopening, and consequences that change the status.
@Suite struct AssessmentStoreTests {
    let tmp = TempDatabase()

    func profiles() throws -> [RuleProfile] {
        try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
    }

    func demo() throws -> AppDatabase {
        try DemoTemplate.open(path: tmp.path, profiles: profiles())
    }

    func studio(_ db: AppDatabase, _ name: String) throws -> Studio { try #require(try db.studios().first { $0.name == name }) }
    func profile(_ s: Studio) throws -> RuleProfile { try #require(try profiles().first { $0.id == s.profileID }) }

    @Test func aBinjiangSheetIsScoredFromTheLedgerWithItsRecords() throws {
        let db = try demo()
        let s = try studio(db, "江志明委员工作室")
        let a = try db.assessment(studio: s, profile: profile(s), year: 2026, today: "2026-11-18")
        // The demo's studio has begun its 自评 for 2026: the stored result, rescored from the ledger.
        #expect(a.sheet.method == "scorecard" && a.id != nil && a.stage == .selfAssessment)
        let consult = try #require(a.sheet.items.first { $0.id == "consult_activity" })
        #expect(consult.points == 10 && !consult.basis.isEmpty)
        let activityIDs = consult.basis.compactMap(\.id)
        for id in activityIDs { #expect(try db.activity(id: id)?.category == "consult") }
        // 计划 is on file, 总结 is not yet: 5 of 10.
        #expect(a.sheet.items.first { $0.id == "plan_summary" }?.points == 5)
        #expect(a.sheet.items.first { $0.id == "fixed_site" }?.byPanel == true)
    }

    @Test func theYearEndBatchSavesOneResultPerRunningStudioAndKeepsLockedOnes() throws {
        let db = try demo()
        let running = try db.studios().filter { [.plaqued, .warned, .rectifying].contains($0.status) }
        let first = try db.runYearEnd(year: 2026, profiles: profiles(), today: "2026-11-18")
        #expect(first.count == running.count)
        #expect(try db.assessments(year: 2026).count == running.count)
        #expect(Set(first.map { $0.1.sheet.method }) == ["scorecard", "verdict", "ranking"])
        // A result approved meanwhile is kept as it is by the next run; the others are rescored, still one per studio.
        let s = try studio(db, "江志明委员工作室")
        var a = try #require(first.first { $0.0.id == s.id }?.1)
        a.highlights = "企业服务直通车"
        a = try db.advanceAssessment(a, on: "2026-11-18", profiles: profiles())
        for id in ["fixed_site", "materials", "report_to_sector"] { try a.enter(itemID: id, points: 5, note: "现场查看") }
        a = try db.advanceAssessment(a, on: "2026-11-18", profiles: profiles())
        _ = try db.saveActivity(Activity(studioID: s.id!, date: "2026-11-19", category: "study", categoryName: "学习宣讲", title: "审定后的活动"), memberIDs: [])
        let second = try db.runYearEnd(year: 2026, profiles: profiles(), today: "2026-11-19")
        #expect(try db.assessments(year: 2026).count == running.count)
        let kept = try #require(second.first { $0.0.id == s.id }?.1)
        #expect(kept.isLocked && kept.sheet == a.shown(on: "2026-11-19").sheet && kept.updatedOn == "2026-11-18")
        #expect(second.filter { !$0.1.isLocked }.allSatisfy { $0.1.updatedOn == "2026-11-19" })
    }

    @Test func throughThePanelToALockedResultWithItsConsequence() throws {
        let db = try demo()
        let s = try studio(db, "江志明委员工作室")
        var a = try db.assessment(studio: s, profile: profile(s), year: 2026, today: "2026-11-05")
        a.highlights = "打造“企业服务直通车”品牌"
        try a.setSelfScore(itemID: "fixed_site", points: 5)
        a = try db.saveAssessment(a, today: "2026-11-05")
        a = try db.advanceAssessment(a, on: "2026-11-06", profiles: profiles())
        #expect(a.stage == .panel)
        // The panel cannot 审定 with its own items open.
        #expect(throws: StoreError.self) { try db.advanceAssessment(a, on: "2026-11-10", profiles: profiles()) }
        try a.enter(itemID: "fixed_site", points: 5, note: "现场查看，场所约60平方米")
        try a.enter(itemID: "materials", points: 0, note: "")
        try a.enter(itemID: "report_to_sector", points: 5, note: "半年报告2次")
        a = try db.saveAssessment(a, today: "2026-11-10")
        a = try db.advanceAssessment(a, on: "2026-11-20", profiles: profiles())
        #expect(a.isLocked)
        let stored = try #require(try db.storedAssessment(studioID: s.id!, year: 2026))
        #expect(stored.isLocked && stored.approvedOn == "2026-11-20" && stored.sheet == a.sheet)
        // A locked result refuses a save, even from a copy that still thinks it is open.
        var stale = a
        stale.stage = .panel
        #expect(throws: StoreError.self) { try db.saveAssessment(stale, today: "2026-11-21") }
        // The demo's busy year passes: the ladder's task is 通报表扬, on the day of the 审定, with no status change.
        #expect(a.sheet.passed)
        let tasks = try db.consequenceTasks(year: 2026).filter { $0.0.studioID == s.id }.map(\.0)
        #expect(tasks.map(\.trigger) == ["pass"])
        #expect(tasks.first?.status == nil && tasks.first?.dueOn == "2026-11-20")
    }

    /// 湖东联络处's 2024, which has no records in the demo's ledger, taken to 审定 on 2026-11-20: a fail.
    func failedAndApproved(_ db: AppDatabase) throws -> (Studio, Assessment) {
        let s = try studio(db, "湖东联络处委员工作室")
        var a = try db.assessment(studio: s, profile: profile(s), year: 2024, today: "2026-11-05")
        a.highlights = "联络处协商议事常态化"
        a = try db.advanceAssessment(a, on: "2026-11-06", profiles: profiles())
        for id in ["fixed_site", "materials", "report_to_sector"] { try a.enter(itemID: id, points: 0, note: "") }
        return (s, try db.advanceAssessment(a, on: "2026-11-20", profiles: profiles()))
    }

    @Test func reopeningNeedsAReasonAndIsRecorded() throws {
        let db = try demo()
        let (s, a) = try failedAndApproved(db)
        let id = try #require(a.id)
        #expect(!a.sheet.passed)
        #expect(try db.consequenceTasks(year: 2024).contains { $0.0.studioID == s.id && $0.0.status == .rectifying })
        #expect(throws: StoreError.self) { try db.reopenAssessment(id: id, reason: "  ", on: "2026-11-21") }
        let reopened = try db.reopenAssessment(id: id, reason: "场所已补查，评估小组复核", on: "2026-11-21")
        #expect(reopened.stage == .panel && reopened.approvedOn == nil)
        #expect(try db.reopenings(assessmentID: id).map(\.reason) == ["场所已补查，评估小组复核"])
        #expect(try db.reopenings(assessmentID: id).first?.approvedOnBefore == "2026-11-20")
        // Its unconfirmed consequence is withdrawn until the result is approved again.
        #expect(!(try db.consequenceTasks(year: 2024).contains { $0.0.studioID == s.id }))
    }

    @Test func confirmingAConsequenceChangesTheStatusThroughTheHistory() throws {
        let db = try demo()
        let (s, a) = try failedAndApproved(db)
        let task = try #require(try db.consequenceTasks(year: 2024, openOnly: true).first { $0.0.studioID == s.id }?.0)
        try db.confirmConsequence(id: task.id!, on: "2026-11-25")
        #expect(try db.studio(id: s.id!)?.status == .rectifying)
        let last = try #require(try db.statusHistory(studioID: s.id!).last)
        #expect(last.toStatus == .rectifying && last.date == "2026-11-25" && last.reason.contains("2024年度评估"))
        #expect(throws: StoreError.self) { try db.confirmConsequence(id: task.id!, on: "2026-11-26") }
        // Once acted on, the result cannot be reopened quietly.
        #expect(throws: StoreError.self) { try db.reopenAssessment(id: a.id!, reason: "复核", on: "2026-11-27") }
    }

    @Test func theDemoHasAFinishedYearAndOneUnderWay() throws {
        let db = try demo()
        let done = try db.assessments(year: 2025)
        let running = try db.studios().filter { [.plaqued, .warned, .rectifying].contains($0.status) }
        #expect(done.count == running.count && done.allSatisfy { $0.isLocked && $0.approvedOn == "2026-01-28" })
        // The studios warned or rectifying since failed 2025; the rest passed, with the panel's entries on file.
        let failed = Set(done.filter { !$0.sheet.passed }.map(\.studioID))
        #expect(failed == Set(running.filter { $0.status != .plaqued }.map { $0.id! }))
        let jiang = try studio(db, "江志明委员工作室")
        let jiang2025 = try #require(done.first { $0.studioID == jiang.id })
        #expect(jiang2025.panel["report_to_sector"]?.points == 0 && jiang2025.sheet.passed)
        #expect(try db.consequenceTasks(year: 2025).allSatisfy { $0.0.confirmedOn != nil })
        let tasks = try db.consequenceTasks(year: 2025).map(\.0)
        #expect(failed.allSatisfy { id in tasks.contains { $0.studioID == id && $0.status == .warned } })
        // 2026: one 自评 and one with the panel; reading the year does not write it.
        #expect(try db.assessments(year: 2026).map(\.stage).sorted { $0.rawValue < $1.rawValue } == [.panel, .selfAssessment])
        let results = try db.yearResults(year: 2026, profiles: profiles(), today: "2026-11-18")
        #expect(results.count == running.count)
        #expect(try db.assessments(year: 2026).count == 2)
    }
}
