import Foundation
import Testing
@testable import StudioCore
import StudioResources

/// Worked examples of the 履职台账 minimums (rules.md §2.6, §7.5–7.6) with the real profile
/// minimums, the deadline calendar (§2.10), periods, record validation and the ledger filter.
@Suite("Ledger compliance")
struct ComplianceTests {
    // MARK: Helpers

    func profiles() throws -> [RuleProfile] {
        try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory(), "Resources/profiles not found"))
    }

    func profile(_ id: String) throws -> RuleProfile {
        try #require(try profiles().first { $0.id == id }, "profile \(id) missing")
    }

    func minimum(_ profileID: String, _ id: String) throws -> RuleProfile.Minimum {
        try #require(try profile(profileID).minimums.first { $0.id == id }, "minimum \(id) missing in \(profileID)")
    }

    func act(_ date: String, _ what: String, _ mode: StudioMode = .offline, _ members: [Int64] = []) -> LedgerFacts.Done {
        LedgerFacts.Done(date: date, what: what, mode: mode, memberIDs: members)
    }

    func facts(_ done: [LedgerFacts.Done], team: [LedgerFacts.TeamMember] = []) -> LedgerFacts {
        LedgerFacts(done: done, team: team)
    }

    let year2026 = Period(.year, year: 2026)
    func q(_ i: Int, _ year: Int = 2026) -> Period { Period(.quarter, year: year, index: i) }

    // MARK: 陕西 "分别" (eachMode) year minimums

    @Test func shaanxiReadingTwoOnlineOneOfflineIsShortOneOffline() throws {
        let m = try minimum("shaanxi-2023", "reading")
        #expect(m.mode == .eachMode && m.count == 2 && m.period == .year)
        let f = facts([act("2026-03-02", "reading", .online), act("2026-05-10", "reading", .online), act("2026-06-20", "reading", .offline),
                       // Other categories and other years do not count.
                       act("2026-04-01", "policy", .offline), act("2025-12-31", "reading", .offline), act("2027-01-01", "reading", .offline)])
        let due = Compliance.evaluate(m, period: year2026, facts: f, today: "2026-11-18")
        #expect(due.done == 3)
        #expect(due.doneOnline == 2 && due.doneOffline == 1)
        #expect(due.short == 1)
        #expect(due.shortText == "差 1 次（线上 0、线下 1）")
        #expect(due.doneText == "线上 2／线下 1")
        #expect(due.state == .due)
        #expect(due.daysLeft == 43)

        let missed = Compliance.evaluate(m, period: year2026, facts: f, today: "2027-01-05")
        #expect(missed.state == .missed)
        #expect(missed.daysLeft == -5)
        #expect(missed.short == 1)
    }

    @Test func shaanxiReadingTwoAndTwoIsMet() throws {
        let m = try minimum("shaanxi-2023", "reading")
        let f = facts([act("2026-03-02", "reading", .online), act("2026-05-10", "reading", .online),
                       act("2026-06-20", "reading", .offline), act("2026-09-21", "reading", .offline)])
        let line = Compliance.evaluate(m, period: year2026, facts: f, today: "2026-11-18")
        #expect(line.state == .met)
        #expect(line.short == 0)
        #expect(line.shortText == "已完成")
        // Met stays met after the year is over.
        #expect(Compliance.evaluate(m, period: year2026, facts: f, today: "2027-02-01").state == .met)
    }

    @Test func onlineSurplusDoesNotMakeUpOffline() throws {
        let m = try minimum("shaanxi-2023", "reading")
        let f = facts((1...4).map { act("2026-0\($0)-15", "reading", .online) })
        let line = Compliance.evaluate(m, period: year2026, facts: f, today: "2026-11-18")
        #expect(line.done == 4)
        #expect(line.short == 2)
        #expect(line.shortText == "差 2 次（线上 0、线下 2）")
        #expect(line.state == .due)
    }

    // MARK: 陕西 每季度 提案或社情民意 (rules.md §7.6: an OR condition per studio)

    @Test func shaanxiProposalOrSqmyPerQuarter() throws {
        let m = try minimum("shaanxi-2023", "proposal_or_sqmy")
        #expect(m.period == .quarter && m.mode == .any && m.count == 1 && Set(m.counts) == ["proposal", "sqmy"])
        let f = facts([LedgerFacts.Done(date: "2026-02-10", what: "sqmy"),
                       LedgerFacts.Done(date: "2026-08-01", what: "proposal"),
                       // An activity does not stand in for a proposal.
                       act("2026-05-05", "reading", .offline)])
        let q1 = Compliance.evaluate(m, period: q(1), facts: f, today: "2026-11-18")
        #expect(q1.state == .met && q1.done == 1)
        let q2 = Compliance.evaluate(m, period: q(2), facts: f, today: "2026-11-18")
        #expect(q2.short == 1)
        #expect(q2.state == .missed)
        #expect(q2.shortText == "差 1 次")
        #expect(Compliance.evaluate(m, period: q(3), facts: f, today: "2026-11-18").state == .met)
        let q4 = Compliance.evaluate(m, period: q(4), facts: f, today: "2026-11-18")
        #expect(q4.state == .due)
        #expect(q4.daysLeft == 43)
    }

    @Test func wholeProfileForOneQuarter() throws {
        let shaanxi = try profile("shaanxi-2023")
        let lines = Compliance.evaluate(profile: shaanxi, year: 2026, quarter: 2, facts: facts([]), today: "2026-11-18")
        // Every year minimum once, plus only Q2 of the two quarter minimums.
        let yearIDs = shaanxi.minimums.filter { $0.period == .year }.map(\.id)
        let quarterIDs = shaanxi.minimums.filter { $0.period == .quarter }.map(\.id)
        #expect(yearIDs.count == 5 && quarterIDs == ["duty", "proposal_or_sqmy"])
        #expect(lines.count == yearIDs.count + quarterIDs.count)
        #expect(lines.filter { $0.period.kind == .year }.map(\.minimumID) == yearIDs)
        #expect(lines.filter { $0.period.kind == .quarter }.map(\.period) == [q(2), q(2)])
        #expect(lines.filter { $0.period.kind == .quarter }.map(\.minimumID) == quarterIDs)
    }

    @Test func wholeProfileForTheCurrentYearStopsAtQuartersBegun() throws {
        let shaanxi = try profile("shaanxi-2023")
        let may = Compliance.evaluate(profile: shaanxi, year: 2026, facts: facts([]), today: "2026-05-10")
        let quarterLines = may.filter { $0.minimumID == "proposal_or_sqmy" }
        #expect(quarterLines.map(\.period.index) == [1, 2])
        #expect(quarterLines.map(\.state) == [.missed, .due])
        #expect(may.filter { $0.period.kind == .year }.count == 5)
        // On the first day of Q4, Q4 has begun.
        #expect(Compliance.evaluate(profile: shaanxi, year: 2026, facts: facts([]), today: "2026-10-01")
            .filter { $0.minimumID == "duty" }.map(\.period.index) == [1, 2, 3, 4])
        // A past year shows every quarter.
        #expect(Compliance.evaluate(profile: shaanxi, year: 2025, facts: facts([]), today: "2026-05-10")
            .filter { $0.minimumID == "duty" }.count == 4)
    }

    // MARK: 值班 per member

    @Test func shaanxiDutyPerMemberOnlineAndOffline() throws {
        let m = try minimum("shaanxi-2023", "duty")
        #expect(m.scope == "member" && m.mode == .eachMode && m.count == 1 && m.period == .quarter)
        let team = [LedgerFacts.TeamMember(id: 1, name: "甲", joinedOn: "2024-01-01"),
                    LedgerFacts.TeamMember(id: 2, name: "乙", joinedOn: "2024-01-01"),
                    LedgerFacts.TeamMember(id: 3, name: "丙", joinedOn: "2024-01-01")]
        let f = facts([act("2026-04-10", "duty", .online, [1]), act("2026-05-10", "duty", .offline, [1, 2]),
                       // Another category with member 3 does not count as 值班.
                       act("2026-05-11", "reading", .online, [3]),
                       // 值班 in another quarter does not count for Q2.
                       act("2026-07-01", "duty", .online, [2])], team: team)
        let line = Compliance.evaluate(m, period: q(2), facts: f, today: "2026-06-01")
        #expect(line.short == 3)
        #expect(line.doneText == "1/3 人完成")  // members done, not records summed over members
        #expect(line.state == .due)
        #expect(line.members.map(\.memberID) == [2, 3])
        #expect(line.members.map(\.name) == ["乙", "丙"])
        #expect(line.members[0].online == 1 && line.members[0].offline == 0)
        #expect(line.members[1].online == 1 && line.members[1].offline == 1)
        #expect(line.shortText == "2 人未完成，共差 3 次")
    }

    @Test func dutyCountsOnlyMembersOnTheTeamTheWholeQuarter() throws {
        let m = try minimum("shaanxi-2023", "duty")
        let team = [LedgerFacts.TeamMember(id: 1, name: "甲", joinedOn: "2024-01-01"),
                    // Left before Q2 began.
                    LedgerFacts.TeamMember(id: 2, name: "乙", joinedOn: "2024-01-01", leftOn: "2026-03-20"),
                    // Joins after Q2.
                    LedgerFacts.TeamMember(id: 3, name: "丙", joinedOn: "2026-07-02"),
                    // Left during Q2: a member who left is never short for the quarter they left in.
                    LedgerFacts.TeamMember(id: 4, name: "丁", joinedOn: "2024-01-01", leftOn: "2026-05-01"),
                    // Joined during Q2: first judged for Q3.
                    LedgerFacts.TeamMember(id: 6, name: "戊", joinedOn: "2026-05-15")]
        // Participation is by memberIDs on the duty record: member 5 is not on the team at all.
        let f = facts([act("2026-04-10", "duty", .online, [1, 5]), act("2026-04-11", "duty", .offline, [1, 5])], team: team)
        let line = Compliance.evaluate(m, period: q(2), facts: f, today: "2026-11-18")
        #expect(line.members.isEmpty)
        #expect(line.teamSize == 1)
        #expect(line.doneText == "1/1 人完成")
        #expect(line.state == .met)
        let q3 = Compliance.evaluate(m, period: q(3), facts: f, today: "2026-11-18")
        #expect(q3.members.map(\.name) == ["甲", "戊"])  // 丙 joined on 7月2日: first judged for Q4
        #expect(LedgerFacts.TeamMember(id: 2, name: "乙", joinedOn: "2024-01-01", leftOn: "2026-03-31").judged(during: q(1)))
        #expect(!LedgerFacts.TeamMember(id: 2, name: "乙", joinedOn: "2024-01-01", leftOn: "2026-03-20").judged(during: q(1)))
        #expect(!LedgerFacts.TeamMember(id: 3, name: "丙", joinedOn: "2026-07-02").judged(during: q(3)))
        #expect(LedgerFacts.TeamMember(id: 3, name: "丙", joinedOn: "2026-07-02").judged(during: q(4)))
    }

    @Test func memberWhoLeftAndRejoinedInTheQuarterIsCountedOnce() throws {
        let m = try minimum("shaanxi-2023", "duty")
        // Two spells on the team (the store gives one row per membership): away for part of Q2, so not judged for it;
        // on the team all of Q3, and counted once there.
        let team = [LedgerFacts.TeamMember(id: 1, name: "甲", joinedOn: "2024-01-01", leftOn: "2026-04-15"),
                    LedgerFacts.TeamMember(id: 1, name: "甲", joinedOn: "2026-05-01"),
                    LedgerFacts.TeamMember(id: 1, name: "甲", joinedOn: "2026-05-01")]
        #expect(Compliance.evaluate(m, period: q(2), facts: facts([], team: team), today: "2026-11-18").teamSize == 0)
        let none = Compliance.evaluate(m, period: q(3), facts: facts([], team: team), today: "2026-11-18")
        #expect(none.members.map(\.memberID) == [1])
        #expect(none.short == 2)
        let done = Compliance.evaluate(m, period: q(3), facts: facts([act("2026-07-10", "duty", .online, [1]), act("2026-09-10", "duty", .offline, [1])],
                                                                       team: team), today: "2026-11-18")
        #expect(done.state == .met)
    }

    @Test func shangluoDutyAnyModeOneOfflineIsEnough() throws {
        let m = try minimum("shangluo-2023", "duty")
        #expect(m.mode == .any && m.scope == "member")
        let team = [LedgerFacts.TeamMember(id: 1, name: "甲", joinedOn: "2024-01-01"),
                    LedgerFacts.TeamMember(id: 2, name: "乙", joinedOn: "2024-01-01")]
        let f = facts([act("2026-04-10", "duty", .offline, [1]), act("2026-06-10", "duty", .offline, [2])], team: team)
        let line = Compliance.evaluate(m, period: q(2), facts: f, today: "2026-11-18")
        #expect(line.state == .met)
        #expect(line.members.isEmpty)
        // The same records against the Shaanxi rule: both members still owe an online duty.
        let shaanxi = Compliance.evaluate(try minimum("shaanxi-2023", "duty"), period: q(2), facts: f, today: "2026-11-18")
        #expect(shaanxi.short == 2)
        #expect(shaanxi.members.map(\.online) == [1, 1])
        // Someone who did nothing is short one, with no mode split.
        let lazy = Compliance.evaluate(m, period: q(3), facts: f, today: "2026-11-18")
        #expect(lazy.members.map(\.any) == [1, 1])
        #expect(lazy.members.map(\.online) == [0, 0])
    }

    @Test func shangluoMicroConsultAnyModeWhereShaanxiSplits() throws {
        let f = facts([act("2026-03-10", "micro_consult", .offline), act("2026-06-10", "micro_consult", .offline)])
        let shangluo = Compliance.evaluate(try minimum("shangluo-2023", "micro_consult"), period: year2026, facts: f, today: "2026-11-18")
        #expect(shangluo.state == .met)
        #expect(shangluo.doneText == "2")
        let shaanxi = Compliance.evaluate(try minimum("shaanxi-2023", "micro_consult"), period: year2026, facts: f, today: "2026-11-18")
        #expect(shaanxi.state == .due)
        #expect(shaanxi.shortText == "差 2 次（线上 2、线下 0）")
        // Shangluo keeps 分别 for reading.
        #expect(try minimum("shangluo-2023", "reading").mode == .eachMode)
    }

    // MARK: 滨江

    func binjiangYear() -> [LedgerFacts.Done] {
        [act("2026-03-10", "consult"), act("2026-05-10", "study"), act("2026-09-10", "unity"),
         LedgerFacts.Done(date: "2026-04-01", what: "proposal"),
         LedgerFacts.Done(date: "2026-02-01", what: "sqmy"), LedgerFacts.Done(date: "2026-06-01", what: "sqmy"),
         LedgerFacts.Done(date: "2026-10-01", what: "sqmy")]
    }

    @Test func binjiangWorkedYearMeetsAll() throws {
        let binjiang = try profile("binjiang-2020")
        #expect(binjiang.minimums.map(\.id) == ["activities", "consult", "study", "research_unity_service", "proposal", "sqmy"])
        let lines = Compliance.evaluate(profile: binjiang, year: 2026, facts: facts(binjiangYear()), today: "2026-11-18")
        #expect(lines.count == 6)
        #expect(lines.allSatisfy { $0.state == .met }, "\(lines.filter { $0.state != .met }.map(\.minimumID))")
        #expect(lines.first { $0.minimumID == "activities" }?.done == 3)
        #expect(lines.first { $0.minimumID == "sqmy" }?.done == 3)
    }

    @Test func binjiangWithoutStudyIsShortOnlyOnStudy() throws {
        let binjiang = try profile("binjiang-2020")
        var done = binjiangYear().filter { $0.what != "study" }
        done.append(act("2026-07-01", "service"))
        let lines = Compliance.evaluate(profile: binjiang, year: 2026, facts: facts(done), today: "2026-11-18")
        #expect(lines.filter { $0.state != .met }.map(\.minimumID) == ["study"])
        #expect(lines.first { $0.minimumID == "study" }?.state == .due)
    }

    @Test func activityCountsEveryActivityButDuty() throws {
        let m = try minimum("binjiang-2020", "activities")
        #expect(m.counts == ["activity"] && m.count == 3)
        let f = facts([act("2026-03-10", "other"), act("2026-04-10", "duty"), act("2026-05-10", "duty"),
                       LedgerFacts.Done(date: "2026-06-01", what: "proposal"), LedgerFacts.Done(date: "2026-06-02", what: "sqmy"),
                       act("2026-07-10", "service")])
        let line = Compliance.evaluate(m, period: year2026, facts: f, today: "2026-11-18")
        #expect(line.done == 2)
        #expect(line.short == 1)
    }

    // MARK: 鄂尔多斯

    @Test func ordosOneActivityEachQuarter() throws {
        let ordos = try profile("ordos-2021")
        let f = facts([act("2026-02-10", "study"), act("2026-08-10", "service"), act("2026-05-10", "duty")])
        let lines = Compliance.evaluate(profile: ordos, year: 2026, facts: f, today: "2026-11-18")
        #expect(lines.map(\.period.index) == [1, 2, 3, 4])
        #expect(lines.map(\.state) == [.met, .missed, .met, .due])
        #expect(lines[1].short == 1)
        // In Q2 itself, Q2 was still due.
        #expect(Compliance.evaluate(profile: ordos, year: 2026, facts: f, today: "2026-06-30").map(\.state) == [.met, .due])
    }

    // MARK: Period

    @Test func quarterEndsAndLeapFebruary() {
        #expect(Period.all(.quarter, in: 2026).map(\.end) == ["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"])
        #expect(Period.all(.quarter, in: 2026).map(\.start) == ["2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"])
        #expect(Period(.month, year: 2028, index: 2).end == "2028-02-29")
        #expect(Period(.month, year: 2026, index: 2).end == "2026-02-28")
        #expect(Period(.month, year: 2100, index: 2).end == "2100-02-28")
        #expect(Period(.month, year: 2000, index: 2).end == "2000-02-29")
        #expect(Period(.halfYear, year: 2026, index: 2).start == "2026-07-01")
        #expect(Period(.year, year: 2026).end == "2026-12-31")
        #expect(Period.all(.month, in: 2026).count == 12)
    }

    @Test func containingAndTitles() {
        #expect(Period.containing("2026-08-15", kind: .quarter) == Period(.quarter, year: 2026, index: 3))
        #expect(Period.containing("2026-09-30", kind: .quarter)?.index == 3)
        #expect(Period.containing("2026-10-01", kind: .quarter)?.index == 4)
        #expect(Period.containing("2026-06-30", kind: .halfYear)?.index == 1)
        #expect(Period.containing("2026-11-18", kind: .month)?.index == 11)
        #expect(Period.containing("2026-11", kind: .quarter) == nil)
        #expect(Period.quarter(of: "2026-01-01") == 1)
        #expect(Period(.quarter, year: 2026, index: 3).title == "2026年第3季度")
        #expect(Period(.halfYear, year: 2026, index: 1).title == "2026年上半年")
        #expect(Period(.quarter, year: 2026, index: 3).contains("2026-07-01"))
        #expect(Period(.quarter, year: 2026, index: 3).contains("2026-09-30"))
        #expect(!Period(.quarter, year: 2026, index: 3).contains("2026-10-01"))
    }

    // MARK: Deadline calendar

    @Test func shaanxiDeadlinesInEarlyNovember() throws {
        let shaanxi = try profile("shaanxi-2023")
        let list = DeadlineCalendar.upcoming(profiles: [shaanxi], today: "2026-11-05")
        #expect(list.map(\.date) == ["2026-11-30"])
        #expect(list.first?.text.contains("年度总结") == true)
        #expect(list.first?.profileName == shaanxi.name)
        #expect(!list.contains { $0.date == "2026-12-31" })
    }

    @Test func shaanxiDeadlinesInDecember() throws {
        let shaanxi = try profile("shaanxi-2023")
        let list = DeadlineCalendar.upcoming(profiles: [shaanxi], today: "2026-12-10")
        #expect(list.count == 3)
        #expect(list.allSatisfy { $0.date == "2026-12-31" })
        #expect(list.contains { $0.text.hasPrefix("季度末") })
        #expect(list.contains { $0.text.hasPrefix("12月底前") })
        #expect(list.contains { $0.text.hasPrefix("年终") })
        // Today and today + 30 are both inside the window.
        #expect(DeadlineCalendar.upcoming(profiles: [shaanxi], today: "2026-12-31").count == 3)
        #expect(DeadlineCalendar.upcoming(profiles: [shaanxi], today: "2026-12-01").count == 3)
        #expect(DeadlineCalendar.upcoming(profiles: [shaanxi], today: "2026-11-30", days: 0).map(\.date) == ["2026-11-30"])
    }

    @Test func startOfYearFallsOnTheEndOfJanuaryAndListIsSorted() throws {
        let shaanxi = try profile("shaanxi-2023")
        let list = DeadlineCalendar.upcoming(profiles: [shaanxi], today: "2026-12-20", days: 60)
        #expect(list.map(\.date) == ["2026-12-31", "2026-12-31", "2026-12-31", "2027-01-31"])
        #expect(list.last?.text.hasPrefix("年初") == true)
        let ordos = try profile("ordos-2021")
        let both = DeadlineCalendar.upcoming(profiles: [shaanxi, ordos], today: "2026-09-01", days: 120)
        #expect(both.map(\.date) == both.map(\.date).sorted())
        #expect(both.first?.date == "2026-09-21")
        #expect(both.contains { $0.date == "2026-09-30" && $0.profileName == ordos.name })
    }

    @Test func sameTextOnSameDateIsListedOnce() throws {
        let list = DeadlineCalendar.upcoming(profiles: [try profile("shaanxi-2023"), try profile("shangluo-2023")], today: "2026-09-01")
        #expect(list.filter { $0.date == "2026-09-21" }.count == 1)
        // Different texts on the same date stay separate.
        #expect(list.filter { $0.date == "2026-09-30" }.count == 2)
    }

    // MARK: Record validation

    @Test func proposalChainIssues() {
        let ok = Proposal(studioID: 1, title: "关于加装电梯的提案", date: "2026-03-10", status: .replied, decidedOn: "2026-03-20",
                          handlingUnit: "区住建局", repliedOn: "2026-05-20", reply: "已列入计划", satisfaction: "满意", award: .key)
        #expect(ok.issues().isEmpty)

        var replied = ok
        replied.decidedOn = nil
        replied.repliedOn = nil
        #expect(replied.issues().map(\.field) == ["decidedOn", "repliedOn"])
        #expect(replied.issues().first?.message == "请填写立案日期")

        var backwards = ok
        backwards.decidedOn = "2026-03-01"
        backwards.repliedOn = "2026-02-20"
        #expect(backwards.issues().map(\.field) == ["decidedOn", "repliedOn"])

        var notFiled = ok
        notFiled.status = .notFiled
        notFiled.repliedOn = nil
        #expect(notFiled.issues().map(\.field) == ["award"])
        var submittedWithAward = Proposal(studioID: 1, title: "x", date: "2026-03-10", award: .excellent)
        #expect(submittedWithAward.issues().map(\.field) == ["award"])
        submittedWithAward.award = nil
        #expect(submittedWithAward.issues().isEmpty)

        var satisfaction = ok
        satisfaction.satisfaction = "非常满意"
        #expect(satisfaction.issues().map(\.field) == ["satisfaction"])

        #expect(Proposal(studioID: 1, title: "  ", date: "2026-03-10").issues().map(\.field) == ["title"])
    }

    @Test func socialInfoIssues() {
        let adopted = SocialInfo(studioID: 1, title: "关于停车难的建议", date: "2026-04-08", status: .adopted)
        #expect(adopted.issues().map(\.field) == ["adoptedBy", "adoptedOn"])
        var early = SocialInfo(studioID: 1, title: "关于停车难的建议", date: "2026-04-08", status: .adopted, adoptedBy: "区委办公室",
                               adoptedOn: "2026-04-20", instructionBy: "区委书记", instructionOn: "2026-04-01")
        #expect(early.issues().map(\.field) == ["instructionOn"])
        early.instructionOn = "2026-05-01"
        #expect(early.issues().isEmpty)
        #expect(early.hasInstruction)
        early.instructionBy = ""
        #expect(early.issues().map(\.field) == ["instructionBy"])
        early.instructionBy = "区委书记"
        early.adoptedOn = "2026-04-01"
        #expect(early.issues().map(\.field) == ["adoptedOn"])
    }

    @Test func citizenItemIssues() {
        let blank = CitizenItem(studioID: 1, receivedOn: "2026-06-10", citizen: " ", content: "")
        #expect(blank.issues().map(\.field) == ["citizen", "content"])
        var item = CitizenItem(studioID: 1, receivedOn: "2026-06-10", citizen: "匿名", content: "路灯不亮")
        #expect(item.issues().isEmpty)
        item.feedbackOn = "2026-06-01"
        item.feedback = "已联系街道"
        #expect(item.issues().map(\.field) == ["feedbackOn"])
        item.feedbackOn = "2026-06-12"
        item.feedback = "  "
        #expect(item.issues().map(\.field) == ["feedback"])
        item.feedback = "已联系街道"
        #expect(item.issues().isEmpty)
    }

    @Test(arguments: ["1390571", "139057100", "23905710001", "0571-876"])
    func badPhoneContactIsFlagged(_ contact: String) {
        let item = CitizenItem(studioID: 1, receivedOn: "2026-06-10", citizen: "李先生", contact: contact, content: "路灯不亮")
        #expect(item.issues().map(\.field) == ["contact"], "\(contact)")
    }

    @Test(arguments: ["", "微信 wx123", "13905710001", "0571-87654321", "87654321", "湖滨路88号3单元", "微信 13905710001"])
    func otherContactsAreAccepted(_ contact: String) {
        let item = CitizenItem(studioID: 1, receivedOn: "2026-06-10", citizen: "李先生", contact: contact, content: "路灯不亮")
        #expect(item.issues().isEmpty, "\(contact)")
    }

    @Test func overdueAfterThirtyDays() {
        var item = CitizenItem(studioID: 1, receivedOn: "2026-10-18", citizen: "李先生", content: "路灯不亮")
        #expect(item.daysOpen(today: "2026-11-17") == 30)
        #expect(!item.isOverdue(limitDays: 30, today: "2026-11-17"))
        #expect(item.daysOpen(today: "2026-11-18") == 31)
        #expect(item.isOverdue(limitDays: 30, today: "2026-11-18"))
        #expect(item.needsExplanation(limitDays: 30, today: "2026-11-18"))

        var explained = item
        explained.explanation = "涉及多个部门，正在协调"
        explained.explainedOn = "2026-11-18"
        #expect(explained.isOverdue(limitDays: 30, today: "2026-11-18"))
        #expect(!explained.needsExplanation(limitDays: 30, today: "2026-11-18"))

        item.feedbackOn = "2026-12-30"
        item.feedback = "已修复"
        #expect(item.isSettled)
        #expect(item.daysOpen(today: "2027-06-01") == 73)
        #expect(!item.isOverdue(limitDays: 30, today: "2027-06-01"))
        #expect(!item.needsExplanation(limitDays: 30, today: "2027-06-01"))
        // A date in the future never gives negative days.
        #expect(CitizenItem(studioID: 1, receivedOn: "2026-12-01", citizen: "x", content: "y").daysOpen(today: "2026-11-18") == 0)
    }

    // MARK: LedgerFilter

    @Test func filterAdmitsByEachField() {
        let e = LedgerEntry(kind: .activity, id: 7, studioID: 1, date: "2026-08-15", title: "读书会", category: "读书交流", categoryID: "reading",
                            mode: .online, status: "", review: Review(status: .approved, reviewer: "周海燕"), memberIDs: [3, 4])
        #expect(LedgerFilter().admits(e))
        #expect(LedgerFilter(kind: .activity).admits(e))
        #expect(!LedgerFilter(kind: .proposal).admits(e))
        #expect(LedgerFilter(category: "reading").admits(e))
        // Category compares the id, not the name.
        #expect(!LedgerFilter(category: "读书交流").admits(e))
        #expect(!LedgerFilter(category: "policy").admits(e))
        #expect(LedgerFilter(year: 2026).admits(e))
        #expect(!LedgerFilter(year: 2025).admits(e))
        #expect(!LedgerFilter(year: 202).admits(e))
        #expect(LedgerFilter(quarter: 3).admits(e))
        #expect(!LedgerFilter(quarter: 2).admits(e))
        #expect(LedgerFilter(memberID: 4).admits(e))
        #expect(!LedgerFilter(memberID: 5).admits(e))
        #expect(LedgerFilter(review: .approved).admits(e))
        #expect(!LedgerFilter(review: .pending).admits(e))
        #expect(LedgerFilter(kind: .activity, category: "reading", year: 2026, quarter: 3, memberID: 3, review: .approved).admits(e))
        #expect(!LedgerFilter(kind: .activity, category: "reading", year: 2026, quarter: 3, memberID: 3, review: .returned).admits(e))
    }
}
