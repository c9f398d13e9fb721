import Foundation
import StudioCore
import StudioResources
import Testing

/// 年度工作总结 generated from a built year of records (issue 23): figures by kind and mode, outcomes, duty held
/// against the rule's lines, citizens' items, the compliance lines as given, the due date from the profile.
@Suite struct AnnualSummaryTests {
    func profile(_ id: String) throws -> RuleProfile {
        let all = try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory(), "Resources/profiles not found"))
        return try #require(all.first { $0.id == id })
    }

    /// A 陕西 studio's 2026: 3 读书交流 (2 online), 1 政策宣讲, 2 值班 (one online), one 退回 activity that must not
    /// count; 2 proposals (one replied and 重点), 2 社情民意 (one adopted with 批示); 3 citizens' items.
    func records(today: String = "2026-11-20") throws -> AnnualSummaryRecords {
        let p = try profile("shaanxi-2023")
        let s = Studio(id: 7, name: "湖滨街道委员工作室", type: .region, status: .plaqued, profileID: p.id, sector: "湖滨街道", committee: "社会法制委员会")
        let ok = Review(status: .approved)
        let activities = [
            Activity(id: 1, studioID: 7, date: "2026-02-04", category: "reading", categoryName: "读书交流", mode: .online, title: "读书会一", review: ok),
            Activity(id: 2, studioID: 7, date: "2026-05-04", category: "reading", categoryName: "读书交流", mode: .online, title: "读书会二", review: ok),
            Activity(id: 3, studioID: 7, date: "2026-06-04", category: "reading", categoryName: "读书交流", mode: .offline, title: "读书会三"),
            Activity(id: 4, studioID: 7, date: "2026-03-08", category: "policy", categoryName: "政策宣讲", mode: .offline, title: "宣讲", citizensReached: 40, review: ok),
            Activity(id: 5, studioID: 7, date: "2026-01-10", category: "duty", categoryName: "值班", mode: .online, title: "线上值班", review: ok),
            Activity(id: 6, studioID: 7, date: "2026-01-17", category: "duty", categoryName: "值班", mode: .offline, title: "线下值班", review: ok),
            Activity(id: 7, studioID: 7, date: "2026-04-01", category: "policy", categoryName: "政策宣讲", title: "退回的", review: Review(status: .returned)),
            Activity(id: 8, studioID: 7, date: "2025-12-30", category: "policy", categoryName: "政策宣讲", title: "去年的", review: ok),
        ]
        let proposals = [
            Proposal(id: 1, studioID: 7, title: "关于医疗的提案", date: "2026-03-12", kind: .collective, status: .replied, decidedOn: "2026-04-01",
                     handlingUnit: "区卫健局", repliedOn: "2026-06-01", satisfaction: "满意", award: .key, awardedOn: "2026-07-01", review: ok),
            Proposal(id: 2, studioID: 7, title: "关于公交的提案", date: "2026-09-12", review: ok),
        ]
        let infos = [
            SocialInfo(id: 1, studioID: 7, title: "停车难", date: "2026-02-08", status: .adopted, adoptedBy: "区委办公室", adoptedOn: "2026-03-01",
                       instructionBy: "区委书记", instructionOn: "2026-03-05", review: ok),
            SocialInfo(id: 2, studioID: 7, title: "助餐点", date: "2026-04-11", review: ok),
        ]
        let items = [
            CitizenItem(id: 1, studioID: 7, receivedOn: "2026-01-17", citizen: "张", content: "路灯", triage: .consultation, feedbackOn: "2026-01-20", feedback: "已答复"),
            CitizenItem(id: 2, studioID: 7, receivedOn: "2026-02-01", citizen: "李", content: "停车", triage: .microSuggestion, linkedKind: .sqmy, linkedID: 1),
            CitizenItem(id: 3, studioID: 7, receivedOn: "2026-11-10", citizen: "王", content: "噪音"),
        ]
        let slots = ["2026-01-10", "2026-01-17", "2026-12-05"].map {
            DutySlot(studioID: 7, date: $0, time: DutyTime(start: "09:00", end: "11:00"), mode: .offline, place: "工作室")
        }
        let team = [LedgerFacts.TeamMember(id: 1, name: "甲", joinedOn: "2025-01-01"), LedgerFacts.TeamMember(id: 2, name: "乙", joinedOn: "2025-01-01")]
        let facts = LedgerFacts(activities: activities.map { ($0, $0.category == "duty" ? [1] : []) }, proposals: proposals, sqmy: infos, team: team)
        let lines = Compliance.evaluate(profile: p, year: 2026, facts: facts, today: today)
        return AnnualSummaryRecords(studio: s, profile: p, year: 2026, today: today, teamSize: 2, activities: activities, proposals: proposals,
                                    socialInfos: infos, citizenItems: items, dutySlots: slots, compliance: lines)
    }

    @Test func countsActivitiesByKindAndModeLeavingOutDutyReturnedAndOtherYears() throws {
        let s = AnnualSummary.make(try records())
        #expect(s.activityCounts.map(\.name) == ["读书交流", "政策宣讲"])  // the profile's order
        #expect(s.activityCounts.map(\.online) == [2, 0])
        #expect(s.activityCounts.map(\.offline) == [1, 1])
        #expect(s.activityTotal == 4)
        #expect(s.activities.map(\.title) == ["读书会一", "宣讲", "读书会二", "读书会三"])  // by date
        #expect(s.activities[1].outcome == "服务群众 40 人")
        #expect(s.title == "湖滨街道委员工作室2026年度工作总结")
    }

    @Test func outcomesOfProposalsAndSocialInfo() throws {
        let s = AnnualSummary.make(try records())
        #expect(s.proposals.map(\.outcome) == ["已答复，承办：区卫健局，满意，评为重点提案", "已提交"])
        #expect(s.socialInfos.map(\.outcome) == ["区委办公室采用，区委书记批示", "已报送"])
        #expect((s.proposalsFiled, s.proposalsAwarded, s.infosAdopted, s.infosInstructed) == (1, 1, 1, 1))
    }

    @Test func dutyHeldAgainstTheRotaAndTheRuleLines() throws {
        let r = try records()
        let s = AnnualSummary.make(r)
        #expect((s.duty.heldOnline, s.duty.heldOffline) == (1, 1))
        #expect(s.duty.planned == 3)
        #expect(s.duty.plannedPast == 2)
        #expect(s.duty.rule?.contains("值班") == true)
        // Four quarters have begun by November: the duty lines are the store's, in words, not recounted.
        let profile = try #require(r.profile)
        let dutyID = try #require(DutyRule.minimum(of: profile)).id
        let given = r.compliance.filter { $0.minimumID == dutyID }
        #expect(s.duty.periods.map(\.period) == ["第1季度", "第2季度", "第3季度", "第4季度"])
        #expect(s.duty.periods.map(\.done) == given.map(\.doneText))
        #expect(s.duty.periods.map(\.short) == given.map(\.briefText))
        // Q1: member 1 did online and offline, member 2 nothing.
        #expect(s.duty.periods[0].done == "1/2 人完成")
    }

    @Test func citizensItemsAndTheirHandling() throws {
        let s = AnnualSummary.make(try records())
        #expect(s.intake.received == 3)
        #expect(s.intake.settled == 1)
        #expect(s.intake.open == 2)
        #expect(s.intake.converted == 1)
        // 陕西 limit: item 2 (received 2026-02-01) is long overdue, item 3 (10 days) is not.
        #expect(s.intake.overdue == 1)
        #expect(s.intake.byTriage.map(\.name) == ["咨询", "微需求/微建议", "待分类"])
    }

    @Test func complianceLinesAreTheOnesGivenInWords() throws {
        let r = try records()
        let s = AnnualSummary.make(r)
        #expect(s.compliance.count == r.compliance.count)
        #expect(s.compliance.map(\.text) == r.compliance.map(\.text))
        #expect(s.compliance.map(\.done) == r.compliance.map(\.doneText))
        #expect(s.compliance.map(\.state) == r.compliance.map(\.state.title))
        #expect(s.compliance.map(\.met) == r.compliance.map { $0.short == 0 })
        #expect(s.score == nil)
    }

    @Test func sectionsNumberedWithTheOwnThreeLast() throws {
        let s = AnnualSummary.make(try records())
        let sections = s.sections(own: AnnualSummaryText(highlights: "亮点一\n亮点二", problems: "", nextPlan: "计划"))
        #expect(sections.map(\.heading) == ["一、基本情况", "二、履职活动开展情况", "三、提案和社情民意信息", "四、值班情况", "五、群众意见建议办理情况",
                                            "六、达标情况和年度评估", "七、成绩和特色亮点", "八、存在问题", "九、下一步计划"])
        #expect(sections.map(\.own) == [false, false, false, false, false, false, true, true, true])
        #expect(sections[6].blocks == [.paragraph("亮点一"), .paragraph("亮点二")])
        #expect(sections[7].blocks == [.paragraph("（未填写）")])
        guard case .table(let header, let rows) = sections[1].blocks[1] else { Issue.record("no activity table"); return }
        #expect(header == ["日期", "类别·方式", "活动名称"])
        #expect(rows.first == ["2月4日", "读书交流·线上", "读书会一"])
        #expect(s.plainText(own: AnnualSummaryText()).hasPrefix("湖滨街道委员工作室2026年度工作总结\n\n一、基本情况"))
    }

    @Test func dueDateFromTheProfileOrTheShaanxiDefault() throws {
        let shaanxi = try profile("shaanxi-2023"), ordos = try profile("ordos-2021"), binjiang = try profile("binjiang-2020")
        #expect(shaanxi.annualSummaryRule == AnnualSummaryRule(due: "11-30", sendTo: "负责联系指导的专门委员会"))
        #expect(ordos.annualSummaryRule.dueDate(year: 2026) == "2026-12-31")
        #expect(binjiang.annualSummary == nil)
        #expect(binjiang.annualSummaryRule.dueDate(year: 2026) == "2026-11-30")
        #expect(AnnualSummaryRule(due: "02-30").dueDate(year: 2026) == "2026-02-28")
        let s = AnnualSummary.make(try records())
        #expect(s.dueDate == "2026-11-30")
        #expect(s.sendTo == "负责联系指导的专门委员会")
    }

    @Test func onTheDueSoonListWithinThirtyDays() throws {
        let shaanxi = try profile("shaanxi-2023"), ordos = try profile("ordos-2021")
        let studios: [(name: String, profile: RuleProfile?)] = [("甲工作室", shaanxi), ("乙工作室", shaanxi), ("丙工作室", ordos)]
        #expect(AnnualSummaryDue.upcoming(studios: studios, today: "2026-10-30").isEmpty)
        let nov = AnnualSummaryDue.upcoming(studios: studios, today: "2026-11-20")
        #expect(nov == [Deadline(date: "2026-11-30", text: "年度工作总结未定稿 2 个（甲工作室、乙工作室）", profileName: "")])
        let dec = AnnualSummaryDue.upcoming(studios: studios, today: "2026-12-02")
        #expect(dec.map(\.date) == ["2026-12-31"])
        #expect(AnnualSummaryDue.upcoming(studios: [], today: "2026-11-20").isEmpty)
    }

    /// The office's year-end 总结材料 is due by 12-31 for an office above a county (or one that receives returns),
    /// from 30 days before, while one of its three texts is empty.
    @Test func theOfficesYearEndMaterialIsDueBeforeTheYearsEnd() {
        let empty = AnnualSummaryText()
        #expect(OfficeYearSummaryDue.upcoming(level: .city, hasLower: false, text: empty, today: "2026-11-30").isEmpty)
        let due = OfficeYearSummaryDue.upcoming(level: .city, hasLower: false, text: AnnualSummaryText(highlights: "有"), today: "2026-12-02")
        #expect(due == [Deadline(date: "2026-12-31", text: "本办年度总结材料未填写：存在问题、下一步计划", profileName: "")])
        #expect(OfficeYearSummaryDue.upcoming(level: .county, hasLower: false, text: empty, today: "2026-12-02").isEmpty)
        #expect(OfficeYearSummaryDue.upcoming(level: .county, hasLower: true, text: empty, today: "2026-12-02").count == 1)
        #expect(OfficeYearSummaryDue.upcoming(level: .province, hasLower: true, text: AnnualSummaryText(highlights: "a", problems: "b", nextPlan: "c"),
                                              today: "2026-12-20").isEmpty)
    }
}
