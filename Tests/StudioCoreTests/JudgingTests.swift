import Foundation
import StudioCore
import StudioResources
import Testing

/// Who is judged, for which periods, and which records count (issue 18): one rule in the core, with worked
/// numbers — a studio plaqued in May and one in December, a member who left in Q2, a 退回 record.
struct JudgingTests {
    func profile(_ id: String) throws -> RuleProfile {
        let dir = try #require(ResourceLocator.profileDirectory())
        return try #require(try ProfileLoader.loadAll(directory: dir).first { $0.id == id })
    }

    func change(_ from: StudioStatus, _ to: StudioStatus, _ date: String, id: Int64) -> StatusChange {
        StatusChange(id: id, studioID: 1, fromStatus: from, toStatus: to, date: date, reason: "")
    }

    func q(_ i: Int, _ year: Int = 2026) -> Period { Period(.quarter, year: year, index: i) }

    let plaquedInMay = StudioTerm.of(status: .plaqued, history: [
        StatusChange(id: 1, studioID: 1, fromStatus: .draft, toStatus: .inApproval, date: "2026-03-01", reason: "提交"),
        StatusChange(id: 2, studioID: 1, fromStatus: .inApproval, toStatus: .plaqued, date: "2026-05-10", reason: "授牌"),
    ])
    let plaquedInDecember = StudioTerm.of(status: .plaqued, history: [
        StatusChange(id: 3, studioID: 2, fromStatus: .inApproval, toStatus: .plaqued, date: "2026-12-06", reason: "授牌"),
    ])

    @Test func theTermIsReadFromTheStatusHistory() {
        #expect(plaquedInMay.plaquedOn == "2026-05-10")
        #expect(plaquedInMay.endedOn == nil)
        let delisted = StudioTerm.of(status: .delisted, history: [
            change(.inApproval, .plaqued, "2024-06-18", id: 1), change(.plaqued, .warned, "2026-01-28", id: 2), change(.warned, .delisted, "2026-08-01", id: 3),
        ])
        #expect(delisted == StudioTerm(plaquedOn: "2024-06-18", endedOn: "2026-08-01", endedAs: .delisted))
        // A draft, an application and one revoked before its plaque never ran.
        #expect(StudioTerm.of(status: .draft, history: []) == .never)
        #expect(StudioTerm.of(status: .inApproval, history: [change(.draft, .inApproval, "2026-03-01", id: 1)]) == .never)
        #expect(StudioTerm.of(status: .revoked, history: [change(.inApproval, .revoked, "2026-03-01", id: 1)]) == .never)
        // A running studio whose file has no 授牌 date counts as running since before any year asked about.
        #expect(StudioTerm.of(status: .warned, history: []) == .always)
    }

    @Test func aStudioPlaquedInMayIsJudgedForTheYearFromItsFirstFullQuarter() throws {
        let shaanxi = try profile("shaanxi-2023")
        #expect(shaanxi.standing(of: plaquedInMay, year: 2026) == .judged)
        #expect(shaanxi.standing(of: plaquedInMay, year: 2025) == .absent)
        #expect([1, 2, 3, 4].map { plaquedInMay.judges(q($0)) } == [false, false, true, true])
        // Every yearly minimum and only Q3 and Q4 of the quarterly ones: nothing for the months before it existed.
        let lines = Compliance.evaluate(profile: shaanxi, year: 2026, facts: LedgerFacts(done: [], team: [], term: plaquedInMay), today: "2026-12-06")
        let quarterly = lines.filter { $0.period.kind == .quarter }
        #expect(Set(quarterly.map(\.period.index)) == [3, 4])
        #expect(lines.filter { $0.period.kind == .year }.count == shaanxi.minimums.filter { $0.period == .year }.count)
    }

    @Test func aStudioPlaquedInDecemberIsNotJudgedThatYearAndNotInTheYearBefore() throws {
        let binjiang = try profile("binjiang-2020")
        #expect(binjiang.standing(of: plaquedInDecember, year: 2026) == .exempt("12月6日授牌"))
        #expect(binjiang.standing(of: plaquedInDecember, year: 2025) == .absent)
        #expect(binjiang.standing(of: plaquedInDecember, year: 2027) == .judged)
        let sheet = Scoring.score(profile: binjiang, facts: AssessmentFacts(year: 2026, term: plaquedInDecember), panel: [:])
        #expect(!sheet.isJudged)
        #expect(sheet.verdictText == "本年不参评（12月6日授牌）")
        #expect(sheet.gap == 0 && sheet.waysToClose.isEmpty)  // not "还差 80 分达标"
        let shaanxi = try profile("shaanxi-2023")
        #expect(Compliance.evaluate(profile: shaanxi, year: 2026, facts: LedgerFacts(done: [], team: [], term: plaquedInDecember), today: "2026-12-06").isEmpty)
    }

    @Test func theCutOffIsTheProfilesAndAnOfficeCanMoveIt() throws {
        var p = try profile("binjiang-2020")
        let july = StudioTerm(plaquedOn: "2026-07-01")
        #expect(p.standing(of: StudioTerm(plaquedOn: "2026-06-30"), year: 2026) == .judged)
        #expect(p.standing(of: july, year: 2026) == .exempt("7月1日授牌"))
        p.assessment.notJudgedIfPlaquedAfter = "09-30"
        #expect(p.standing(of: july, year: 2026) == .judged)
    }

    @Test func aStudioThatEndedIsOutOfTheYearsAfterAndNotJudgedInTheYearItEnded() throws {
        let p = try profile("binjiang-2020")
        let ended = StudioTerm(plaquedOn: "2023-05-01", endedOn: "2026-03-15", endedAs: .terminated)
        #expect(p.standing(of: ended, year: 2025) == .judged)
        #expect(p.standing(of: ended, year: 2026) == .exempt("3月15日终止"))
        #expect(p.standing(of: ended, year: 2027) == .absent)
        #expect(ended.judges(q(4, 2025)) && !ended.judges(q(1)))
    }

    @Test func aReturnedRecordCountsNowhereAndAPendingOneCountsMarked() throws {
        // Compliance: one 退回 值班 does not satisfy the member's quarter.
        let shaanxi = try profile("shaanxi-2023")
        let duty = try #require(DutyRule.minimum(of: shaanxi))
        let team = [LedgerFacts.TeamMember(id: 1, name: "甲", joinedOn: "2024-01-01")]
        let facts = LedgerFacts(done: [LedgerFacts.Done(date: "2026-04-10", what: "duty", mode: .online, memberIDs: [1], review: .returned),
                                       LedgerFacts.Done(date: "2026-04-11", what: "duty", mode: .offline, memberIDs: [1], review: .pending)],
                                team: team)
        let line = Compliance.evaluate(duty, period: q(2), facts: facts, today: "2026-12-06")
        #expect(line.members.map(\.online) == [1])
        #expect(line.members.map(\.offline) == [0])
        // The scorecard: the same two records, the same decision.
        let binjiang = try profile("binjiang-2020")
        var returned = Activity(id: 1, studioID: 1, date: "2026-04-10", category: "study", categoryName: "学习宣讲", title: "学习会")
        returned.review.status = .returned
        var pending = Activity(id: 2, studioID: 1, date: "2026-04-11", category: "consult", categoryName: "协商交流", title: "协商会")
        pending.review.status = .pending
        let sheet = Scoring.score(profile: binjiang, facts: AssessmentFacts(year: 2026, activities: [returned, pending]), panel: [:])
        #expect((sheet.items.first { $0.id == "study_activity" }?.points) == 0)
        let consult = try #require(sheet.items.first { $0.id == "consult_activity" })
        #expect(consult.points == 10)
        #expect(consult.basis.map(\.text) == ["活动：协商会（协商交流，线下）〔待审核〕"])
    }

    @Test func theYearsGroupsAreRankedApartAndANewStudioIsNeitherPassedNorFailed() throws {
        let binjiang = try profile("binjiang-2020"), shaanxi = try profile("shaanxi-2023")
        func studio(_ id: Int64, _ name: String) -> Studio {
            var s = Studio(id: id, name: name, type: .region, status: .plaqued, profileID: "x")
            s.pinyin = name
            return s
        }
        func result(_ p: RuleProfile, total: Double, passed: Bool, notJudged: String? = nil) -> Assessment {
            let sheet = notJudged.map { Scoring.notJudged(profile: p, reason: $0) } ??
                ScoreSheet(method: p.assessment.method, title: "", items: [], bonus: [], sections: [], total: total, passMark: p.assessment.method == "scorecard" ? 80 : 5,
                           passed: passed, verdictNote: "")
            return Assessment(studioID: 0, year: 2026, profile: p, sheet: sheet, updatedOn: "2026-12-06")
        }
        let s = YearEndSummary.make(year: 2026, results: [
            (studio(1, "a"), result(binjiang, total: 95, passed: true)), (studio(2, "b"), result(binjiang, total: 70, passed: false)),
            (studio(3, "c"), result(shaanxi, total: 5, passed: true)), (studio(4, "d"), result(shaanxi, total: 3, passed: false)),
            (studio(5, "e"), result(binjiang, total: 0, passed: false, notJudged: "12月6日授牌")),
        ])
        #expect(s.lines.map(\.name) == ["a", "b", "c", "d", "e"])
        #expect(s.lines.map(\.rank) == [1, 2, 1, 2, nil])
        #expect(s.lines.map(\.group) == [.scored, .scored, .verdict, .verdict, .notJudged])
        #expect(s.passed == 2 && s.failed == 2 && s.notJudged == 1)
        #expect(s.headline == "4 个，达标 2，未达标 2，已审定 0，不参评 1")
        #expect(s.byType.map(\.studios) == [4])
    }

    @Test func aClosedYearListsNoRemediesAndAYearLocksWhenEveryJudgedResultIsApproved() throws {
        let p = try profile("binjiang-2020")
        var a = Assessment(studioID: 1, year: 2025, profile: p, sheet: Scoring.score(profile: p, facts: AssessmentFacts(year: 2025), panel: [:]), updatedOn: "2025-11-01")
        #expect(a.sheet.items.contains { $0.howToEarn == "做一次上墙检查" })
        #expect(a.shown(on: "2025-12-31").sheet.items.contains { $0.howToEarn == "做一次上墙检查" })
        #expect(a.shown(on: "2026-01-01").sheet.items.allSatisfy { $0.howToEarn.isEmpty })
        let s = Studio(id: 1, name: "甲", type: .region, status: .plaqued, profileID: p.id)
        let exempt = Assessment(studioID: 2, year: 2025, profile: p, sheet: Scoring.notJudged(profile: p, reason: "9月1日授牌"), updatedOn: "2025-11-01")
        #expect(!LockedYear.isComplete([(s, a), (s, exempt)]))
        a.stage = .approved
        #expect(LockedYear.isComplete([(s, a), (s, exempt)]))
        #expect(!LockedYear.isComplete([(s, exempt)]))
    }
}
