import Foundation
import StudioCore
import StudioResources
import Testing

/// 年度评估 on the seeds' rules: the 滨江 评估表 of 附件4 at its edges (rules.md §2.8, §7.1–7.3),
/// the 达标/未达标 verdict of 陕西, the consequence ladders of §2.9 and the locked result.
struct AssessmentTests {
    func profile(_ id: String) throws -> RuleProfile {
        let dir = try #require(ResourceLocator.profileDirectory())
        return try #require(try ProfileLoader.loadAll(directory: dir).first { $0.id == id })
    }

    func activity(_ category: String, _ date: String = "2026-05-10", guests: String = "", guestKind: GuestKind = .committee) -> Activity {
        Activity(id: Int64(date.replacingOccurrences(of: "-", with: "")), studioID: 1, date: date, category: category, categoryName: category, title: "\(category)活动",
                 guests: guests, guestKind: guestKind)
    }

    /// Every record item earned: consult, study, service, guidance, plan and summary, a 立案 提案, 3 adopted 社情民意,
    /// a clean wall inspection — 85 points before the panel's three items (有固定场所, 宣传资料, 向界别报告);
    /// with one adopted 社情民意 instead of three, 75.
    func fullYear(sqmyAdopted: Int = 3, proposal: ProposalStatus? = .filed, extraActivities: Int = 0) -> AssessmentFacts {
        var acts = [activity("consult", "2026-03-02", guests: "区政协社法委副主任"), activity("study", "2026-04-02"), activity("service", "2026-05-02")]
        for k in 0..<extraActivities { acts.append(activity("unity", String(format: "2026-06-%02d", k + 1))) }
        let proposals = proposal.map { [Proposal(id: 1, studioID: 1, title: "关于加快老旧小区改造的提案", date: "2026-03-12", status: $0,
                                                 decidedOn: $0 == .submitted ? nil : "2026-04-05")] } ?? []
        let sqmy = (0..<sqmyAdopted).map { i in
            SocialInfo(id: Int64(10 + i), studioID: 1, title: "社情民意\(i + 1)", date: "2026-0\(i + 1)-08", status: .adopted, adoptedBy: "区委办公室", adoptedOn: "2026-0\(i + 1)-25")
        }
        return AssessmentFacts(year: 2026, activities: acts, proposals: proposals, socialInfos: sqmy,
                               yearDocs: [YearDoc(studioID: 1, year: 2026, kind: .plan, date: "2026-01-20", text: "计划"),
                                          YearDoc(studioID: 1, year: 2026, kind: .summary, date: "2026-11-05", text: "总结")],
                               inspections: ["wall_content": (date: "2026-10-10", problems: 0, inspectionID: 7)])
    }

    func panel(site: Double = 5, materials: Double = 5, report: Double = 5) -> [String: PanelEntry] {
        ["fixed_site": PanelEntry(points: site, note: "现场查看"), "materials": PanelEntry(points: materials, note: "资料齐全"),
         "report_to_sector": PanelEntry(points: report, note: "每半年报告")]
    }

    func item(_ s: ScoreSheet, _ id: String) throws -> ScoredItem { try #require((s.items + s.bonus).first { $0.id == id }) }

    @Test func aProposalSubmittedButNotFiledScoresTenAndAFiledOneTwenty() throws {
        let p = try profile("binjiang-2020")
        #expect(try item(Scoring.score(profile: p, facts: fullYear(proposal: .submitted), panel: [:]), "proposal").points == 10)
        #expect(try item(Scoring.score(profile: p, facts: fullYear(proposal: .filed), panel: [:]), "proposal").points == 20)
        #expect(try item(Scoring.score(profile: p, facts: fullYear(proposal: .replied), panel: [:]), "proposal").points == 20)
        #expect(try item(Scoring.score(profile: p, facts: fullYear(proposal: nil), panel: [:]), "proposal").points == 0)
        // Not additive (§7.1): a filed one and a submitted one still make 20.
        var both = fullYear(proposal: .filed)
        both.proposals.append(Proposal(id: 2, studioID: 1, title: "关于优化公交线路的提案", date: "2026-06-01"))
        let sheet = Scoring.score(profile: p, facts: both, panel: [:])
        #expect(try item(sheet, "proposal").points == 20)
        // Waiting for the liaison officer's review: it counts, and the evidence says so.
        #expect(try item(sheet, "proposal").basis.map(\.text) == ["提案：关于加快老旧小区改造的提案（已立案）〔待审核〕"])
    }

    @Test func fourAdoptedSocialInfosScoreFifteen() throws {
        let p = try profile("binjiang-2020")
        #expect(try item(Scoring.score(profile: p, facts: fullYear(sqmyAdopted: 1), panel: [:]), "sqmy").points == 5)
        let four = Scoring.score(profile: p, facts: fullYear(sqmyAdopted: 4), panel: [:])
        #expect(try item(four, "sqmy").points == 15)
        #expect(try item(four, "sqmy").basis.count == 4)
        // Submitted but not adopted counts for nothing.
        var submitted = fullYear(sqmyAdopted: 0)
        submitted.socialInfos = [SocialInfo(id: 1, studioID: 1, title: "未采用", date: "2026-02-02")]
        #expect(try item(Scoring.score(profile: p, facts: submitted, panel: [:]), "sqmy").points == 0)
    }

    @Test func everyItemShowsTheRecordsThatEarnedIt() throws {
        let sheet = Scoring.score(profile: try profile("binjiang-2020"), facts: fullYear(), panel: panel())
        #expect(try item(sheet, "consult_activity").basis.map(\.date) == ["2026-03-02"])
        #expect(try item(sheet, "committee_guidance").basis.first?.text.contains("区政协社法委副主任") == true)
        #expect(try item(sheet, "plan_summary").points == 10)
        #expect(try item(sheet, "wall_content").basis.first?.text == "上墙检查：全部合格")
        #expect(try item(sheet, "fixed_site").basis.first?.text == "评估小组：现场查看")
        #expect(sheet.sections.map(\.points) == [15, 20, 30, 35])
        #expect(sheet.total == 100 && sheet.passed)
    }

    @Test func theBonusTakesTheTotalAboveAHundred() throws {
        var facts = fullYear(extraActivities: 2)
        facts.proposals[0].award = .key
        facts.socialInfos[0].instructionBy = "区委书记"
        facts.socialInfos[0].instructionLevel = "区委区政府主要领导"
        facts.socialInfos[0].channel = "区政协办公室"
        facts.socialInfos[0].instructionOn = "2026-03-01"
        var entries = panel()
        entries["city_station"] = PanelEntry(points: 10, note: "市政协文件命名", date: "2026-05-20")
        let sheet = Scoring.score(profile: try profile("binjiang-2020"), facts: facts, panel: entries)
        #expect(try item(sheet, "key_proposal").points == 10)
        #expect(try item(sheet, "leader_instruction").points == 5)
        #expect(try item(sheet, "extra_activity").points == 10)   // 5 activities, 3 required
        #expect(try item(sheet, "city_station").points == 10)
        #expect(sheet.total == 135)
    }

    @Test func exactlyEightyPassesAndSeventyNineFails() throws {
        let p = try profile("binjiang-2020")
        // 75 from the records: the panel's 5 for the site makes 80, its 4 makes 79.
        let eighty = Scoring.score(profile: p, facts: fullYear(sqmyAdopted: 1), panel: panel(site: 5, materials: 0, report: 0))
        #expect(eighty.total == 80 && eighty.passed && eighty.gap == 0)
        let seventyNine = Scoring.score(profile: p, facts: fullYear(sqmyAdopted: 1), panel: panel(site: 4, materials: 0, report: 0))
        #expect(seventyNine.total == 79 && !seventyNine.passed && seventyNine.gap == 1)
    }

    @Test func sectionCapsHoldForAnOfficesOwnTable() throws {
        var p = try profile("binjiang-2020")
        // An office's copy of the table gives the activities section a cap of 25 over items of 30.
        p.scorecard!.sections[2].cap = 25
        let sheet = Scoring.score(profile: p, facts: fullYear(), panel: panel())
        #expect(sheet.sections[2].points == 25)
        #expect(sheet.total == 95)
    }

    @Test func duringTheYearTheGapAndTheCheapestWaysShow() throws {
        var facts = fullYear(sqmyAdopted: 1, proposal: nil)
        facts.activities.removeAll { $0.category == "study" }
        let sheet = Scoring.score(profile: try profile("binjiang-2020"), facts: facts, panel: panel(materials: 0, report: 0))
        #expect(sheet.total == 50)   // 10 hardware + 15 system + 20 activities + 5 社情民意
        #expect(sheet.gap == 30)
        let ways = sheet.waysToClose.map(\.howToEarn)
        #expect(ways.first == "提交1件提案（立案计满分）")
        #expect(ways.contains("再开展1次学习宣讲活动"))
        #expect(ways.contains("再有2篇社情民意被采用"))
    }

    @Test func aReturnedRecordDoesNotScore() throws {
        var facts = fullYear()
        facts = AssessmentFacts(year: 2026, activities: facts.activities.map { a in
            var a = a
            if a.category == "study" { a.review = Review(status: .returned, reviewer: "周海燕", reviewedOn: "2026-05-01", comment: "缺照片") }
            return a
        }, proposals: facts.proposals, socialInfos: facts.socialInfos, yearDocs: facts.yearDocs, inspections: facts.inspections)
        #expect(try item(Scoring.score(profile: try profile("binjiang-2020"), facts: facts, panel: [:]), "study_activity").points == 0)
    }

    @Test func shaanxiGivesAVerdictWithTheReasons() throws {
        let p = try profile("shaanxi-2023")
        let lines = Compliance.evaluate(profile: p, year: 2026, facts: LedgerFacts(done: [], team: []), today: "2026-12-31")
        let sheet = Scoring.score(profile: p, facts: AssessmentFacts(year: 2026, compliance: lines), panel: [:])
        #expect(sheet.method == "verdict" && !sheet.passed)
        #expect(sheet.items.contains { $0.text.contains("读书交流") && $0.points == 0 && $0.howToEarn.contains("线上") })
        #expect(sheet.passMark == Double(sheet.items.count))
        // The panel's verdict stands (群众满意不满意 is the criterion, §7.7).
        let confirmed = Scoring.score(profile: p, facts: AssessmentFacts(year: 2026, compliance: lines),
                                      panel: ["verdict": PanelEntry(points: 1, note: "群众满意度测评 96%")])
        #expect(confirmed.passed && confirmed.verdictNote == "群众满意度测评 96%")
    }

    @Test func chenzhouHasNoCountsSoThePanelDecides() throws {
        let sheet = Scoring.score(profile: try profile("chenzhou-2019"), facts: AssessmentFacts(year: 2026), panel: [:])
        #expect(sheet.items.isEmpty && !sheet.passed && sheet.verdictNote.contains("评估小组认定"))
        #expect(sheet.verdictText == "待认定")
        // The panel's word decides, either way, and the office list reads it.
        let failed = Scoring.score(profile: try profile("chenzhou-2019"), facts: AssessmentFacts(year: 2026),
                                   panel: ["verdict": PanelEntry(points: 0, note: "全年未开展活动")])
        #expect(!failed.passed && failed.verdictText == "未达标" && failed.shortfall == 1)
        let passed = Scoring.score(profile: try profile("chenzhou-2019"), facts: AssessmentFacts(year: 2026),
                                   panel: ["verdict": PanelEntry(points: 1, note: "群众满意")])
        #expect(passed.passed && passed.verdictText == "达标" && passed.shortfall == 0)
    }

    @Test func aLockedResultRefusesEdits() throws {
        let p = try profile("binjiang-2020")
        var a = Assessment(studioID: 1, year: 2026, profile: p, sheet: Scoring.score(profile: p, facts: fullYear(), panel: [:]), updatedOn: "2026-11-05")
        #expect(throws: AssessmentError.self) { try a.advance(on: "2026-11-06") }   // no 成绩和特色亮点 yet
        a.highlights = "打造“健康驿站”品牌"
        try a.setSelfScore(itemID: "fixed_site", points: 5)
        try a.advance(on: "2026-11-06")
        #expect(a.stage == .panel)
        #expect(throws: AssessmentError.self) { try a.enter(itemID: "proposal", points: 20, note: "") }  // records decide it
        #expect(throws: AssessmentError.self) { try a.enter(itemID: "fixed_site", points: 6, note: "超出") }
        #expect(throws: AssessmentError.self) { try a.advance(on: "2026-11-10") }   // panel items still open
        for (id, e) in panel() { try a.enter(itemID: id, points: e.points, note: e.note) }
        try a.advance(on: "2026-11-20")
        #expect(a.isLocked && a.approvedOn == "2026-11-20")
        #expect(throws: AssessmentError.locked("2026-11-20")) { try a.enter(itemID: "fixed_site", points: 0, note: "改") }
        #expect(throws: AssessmentError.self) { try a.setSelfScore(itemID: "fixed_site", points: 0) }
        #expect(throws: AssessmentError.self) { try a.advance(on: "2026-11-21") }
    }

    @Test func differencesBetweenTheStudioAndThePanelAreListed() throws {
        let p = try profile("binjiang-2020")
        var a = Assessment(studioID: 1, year: 2026, profile: p, sheet: Scoring.score(profile: p, facts: fullYear(proposal: .submitted), panel: [:]),
                           updatedOn: "2026-11-05")
        try a.setSelfScore(itemID: "proposal", points: 20)
        try a.setSelfScore(itemID: "study_activity", points: 10)
        #expect(a.differences == ["proposal"])
    }

    // MARK: consequence ladders (§2.9)

    @Test func binjiangFailGivesSixMonthsThenTermination() throws {
        let p = try profile("binjiang-2020")
        let first = Consequences.tasks(profile: p, studioID: 3, history: [.init(year: 2026, passed: false, approvedOn: "2026-11-20")])
        #expect(first.map(\.status) == [.rectifying])
        #expect(first.first?.dueOn == "2027-05-20")
        let again = Consequences.tasks(profile: p, studioID: 3, history: [.init(year: 2026, passed: false, approvedOn: "2026-11-20"),
                                                                          .init(year: 2026, round: 2, passed: false, approvedOn: "2027-05-25")])
        #expect(again.map(\.status) == [.terminated] && again.first?.action.contains("主席会议审定") == true)
        let fixed = Consequences.tasks(profile: p, studioID: 3, history: [.init(year: 2026, passed: false, approvedOn: "2026-11-20"),
                                                                          .init(year: 2026, round: 2, passed: true, approvedOn: "2027-05-25")])
        #expect(fixed.map(\.trigger) == ["pass"] && fixed.first?.status == nil)
        // 31 August + 6 months is the end of February.
        #expect(Consequences.tasks(profile: p, studioID: 3, history: [.init(year: 2026, passed: false, approvedOn: "2026-08-31")]).first?.dueOn == "2027-02-28")
    }

    @Test func shaanxiWarnsFirstAndDelistsOnTheSecondFailInARow() throws {
        let p = try profile("shaanxi-2023")
        #expect(Consequences.tasks(profile: p, studioID: 1, history: [.init(year: 2025, passed: false, approvedOn: "2025-12-20")]).map(\.status) == [.warned])
        #expect(Consequences.tasks(profile: p, studioID: 1, history: [.init(year: 2025, passed: false, approvedOn: "2025-12-20"),
                                                                      .init(year: 2026, passed: false, approvedOn: "2026-12-20")]).map(\.status) == [.delisted])
        // A pass between two fails starts the count again.
        #expect(Consequences.tasks(profile: p, studioID: 1, history: [.init(year: 2024, passed: false, approvedOn: "2024-12-20"),
                                                                      .init(year: 2025, passed: true, approvedOn: "2025-12-20"),
                                                                      .init(year: 2026, passed: false, approvedOn: "2026-12-20")]).map(\.status) == [.warned])
        #expect(Consequences.tasks(profile: p, studioID: 1, history: [.init(year: 2026, passed: true, approvedOn: "2026-12-20")]).isEmpty)
    }

    @Test func chenzhouRevokesAfterTwoFailedYearsAndOrdosOnlyCommends() throws {
        let c = try profile("chenzhou-2019")
        #expect(Consequences.tasks(profile: c, studioID: 1, history: [.init(year: 2026, passed: false, approvedOn: "2026-12-20")]).isEmpty)
        #expect(Consequences.tasks(profile: c, studioID: 1, history: [.init(year: 2025, passed: false, approvedOn: "2025-12-20"),
                                                                      .init(year: 2026, passed: false, approvedOn: "2026-12-20")]).map(\.status) == [.revoked])
        // Two fails with a year between them are not "连续".
        #expect(Consequences.tasks(profile: c, studioID: 1, history: [.init(year: 2024, passed: false, approvedOn: "2024-12-20"),
                                                                      .init(year: 2026, passed: false, approvedOn: "2026-12-20")]).isEmpty)
        let o = try profile("ordos-2021")
        #expect(o.assessment.method == "ranking")
        #expect(Consequences.tasks(profile: o, studioID: 1, history: [.init(year: 2026, passed: true, approvedOn: "2026-12-20")]).map(\.action).first?.contains("通报表彰") == true)
        #expect(Consequences.tasks(profile: o, studioID: 1, history: [.init(year: 2026, passed: false, approvedOn: "2026-12-20")]).isEmpty)
    }

    // MARK: The 滨江 table read as written (issue 18)

    @Test func onlyTheNamedKindsCountPastTheThirdAndAnOfficeCapBoundsTheBonus() throws {
        var p = try profile("binjiang-2020")
        var facts = fullYear(extraActivities: 4)  // 7 activities of the named kinds: 3 required, 4 beyond
        // 5 值班 shifts and an activity of the 其他 kind: not 开展活动 in the table's sense.
        for d in 1...5 { facts.activities.append(activity("duty", String(format: "2026-07-%02d", d))) }
        facts.activities.append(activity("other", "2026-08-01"))
        let open = try item(Scoring.score(profile: p, facts: facts, panel: [:]), "extra_activity")
        #expect(open.points == 20)
        #expect(open.basis.first?.text == "第4–7次活动 ×5分 = 20分")
        #expect(open.basis.dropFirst().allSatisfy { $0.kind == "activity" } && open.basis.count == 5)
        let i = try #require(p.scorecard!.bonus.firstIndex { $0.id == "extra_activity" })
        p.scorecard!.bonus[i].source!.cap = 15
        let capped = try item(Scoring.score(profile: p, facts: facts, panel: [:]), "extra_activity")
        #expect(capped.points == 15)
        #expect(capped.basis.first?.text == "第4–7次活动 ×5分 = 20分，上限15分，计15分")
    }

    @Test func theCityStationIsAYesWithItsDateWorthExactlyTen() throws {
        let p = try profile("binjiang-2020")
        var a = Assessment(studioID: 1, year: 2026, profile: p, sheet: Scoring.score(profile: p, facts: fullYear(), panel: [:]), updatedOn: "2026-12-01")
        #expect(throws: AssessmentError.self) { try a.enter(itemID: "city_station", points: 15, note: "", date: "2026-05-20") }
        #expect(throws: AssessmentError.self) { try a.enter(itemID: "city_station", points: 1, note: "", date: "2026-05-20") }
        #expect(throws: AssessmentError.self) { try a.enter(itemID: "city_station", points: 10, note: "命名") }  // no date
        try a.enter(itemID: "city_station", points: 10, note: "市政协命名", date: "2026-05-20")
        let yes = try item(Scoring.score(profile: p, facts: fullYear(), panel: a.panel), "city_station")
        #expect(yes.points == 10 && yes.isYesNo == true)
        #expect(yes.basis.first?.text == "评估小组：是，市政协命名（2026年5月20日）")
        try a.enter(itemID: "city_station", points: 0, note: "未命名")
        #expect(try item(Scoring.score(profile: p, facts: fullYear(), panel: a.panel), "city_station").points == 0)
    }

    @Test func instructionsScoreOnlyAtTheNamedLevelThroughTheNamedChannel() throws {
        let p = try profile("binjiang-2020")
        var facts = fullYear()
        facts.socialInfos[0].instructionBy = "区委书记"
        facts.socialInfos[0].instructionLevel = "区委区政府主要领导"
        facts.socialInfos[0].channel = "区政协办公室"
        facts.socialInfos[0].instructionOn = "2026-02-01"
        facts.socialInfos[1].instructionBy = "市委副书记"
        facts.socialInfos[1].instructionLevel = "市级"
        facts.socialInfos[1].channel = "区政协办公室"
        facts.socialInfos[1].instructionOn = "2026-03-01"
        facts.socialInfos[2].instructionBy = "区长"
        facts.socialInfos[2].instructionLevel = "区委区政府主要领导"
        facts.socialInfos[2].channel = "区委办公室直报"
        facts.socialInfos[2].instructionOn = "2026-04-01"
        let bonus = try item(Scoring.score(profile: p, facts: facts, panel: [:]), "leader_instruction")
        #expect(bonus.points == 5)
        #expect(bonus.basis.map(\.kind) == ["sqmy", "unscored", "unscored"])
        #expect(bonus.basis[1].text.contains("不计分：批示层级为「市级」，本表只计区委区政府主要领导批示"))
        #expect(bonus.basis[2].text.contains("不计分：报送渠道为「区委办公室直报」，本表只计通过区政协办公室上报的"))
    }

    @Test func guidanceCountsACommitteeAsGuideNotAnyGuest() throws {
        let p = try profile("binjiang-2020")
        var facts = fullYear()
        facts.activities = facts.activities.map { var a = $0; if !a.guests.isEmpty { a.guestKind = .department }; return a }
        #expect(try item(Scoring.score(profile: p, facts: facts, panel: [:]), "committee_guidance").points == 0)
        facts.activities[0].guestKind = .committee
        #expect(try item(Scoring.score(profile: p, facts: facts, panel: [:]), "committee_guidance").points == 5)
    }
}
