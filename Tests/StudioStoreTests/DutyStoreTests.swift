import Foundation
import Testing
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import StudioResources
import TestSupport

/// The duty rota in the data file: the holiday calendar copy, plans generated and saved,
/// regeneration that keeps the past, edits, attendance that becomes a 值班 activity the compliance
/// counts read, citizens' items received on duty, days away, conflicts across studios, missed shifts.
@Suite struct DutyStoreTests {
    let tmp = TempDatabase()

    func profiles() throws -> [RuleProfile] {
        try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
    }

    func calendar() throws -> HolidayCalendar {
        let url = try #require(ResourceLocator.holidayFile())
        return try HolidayCalendar.load(data: Data(contentsOf: url), file: url.lastPathComponent)
    }

    func demo() throws -> AppDatabase {
        let db = try DemoTemplate.open(path: tmp.path, profiles: profiles())
        try db.syncHolidays(from: calendar())
        return db
    }

    func studio(_ db: AppDatabase, _ name: String = "医药卫生界委员工作室") throws -> Studio {
        try #require(try db.studios().first { $0.name == name })
    }

    func profile(_ s: Studio) throws -> RuleProfile { try #require(try profiles().first { $0.id == s.profileID }) }

    func duty(_ p: RuleProfile) throws -> RuleProfile.ActivityCategory { try #require(p.activityCategories.first { $0.id == "duty" }) }

    /// A 2026 Q3 plan (the demo has none there) saved as generated, on a "today" before the quarter.
    func q3Plan(_ db: AppDatabase, _ s: Studio, today: String = "2026-06-30") throws -> (DutyPlan, [DutySlot]) {
        let proposal = try db.proposeDutyPlan(studio: s, profile: profile(s), year: 2026, quarter: 3,
                                              patterns: "每周三上午 线下；每周五下午 线上", today: today)
        let plan = try db.saveDutyPlan(proposal.plan, slots: proposal.rota.slots, today: today)
        return (plan, try db.dutySlots(planID: plan.id!))
    }

    @Test func theShippedCalendarIsCopiedOnceAndTheOfficeEditsItsCopy() throws {
        let db = try demo()
        var c = try db.holidayCalendar()
        #expect(c.covers(2025) && c.covers(2026) && !c.isWorkingDay("2026-10-01") && c.isWorkingDay("2026-10-10"))
        try db.deleteHolidayDay("2026-10-07")
        try db.saveHolidayDay(.init(date: "2027-02-06", kind: .off, name: "春节"))
        try db.syncHolidays(from: calendar())  // a later start copies nothing over the office's edits
        c = try db.holidayCalendar()
        #expect(c.isWorkingDay("2026-10-07") && c.covers(2027) && !c.isWorkingDay("2027-02-06"))
        #expect(throws: StoreError.self) { try db.saveHolidayDay(.init(date: "2027-02-08", kind: .work, name: "春节")) }  // a Monday
        #expect(throws: StoreError.self) { try db.saveHolidayDay(.init(date: "2027-02-30", kind: .off, name: "春节")) }
    }

    /// Issue 18: 2027 before its notice is entered is provisional; entering it from the notice publishes it.
    @Test func aProvisionalYearIsPublishedOnceTheOfficeEntersIt() throws {
        let db = try demo()
        let s = try studio(db)
        var c = try db.holidayCalendar()
        #expect(c.isProvisional(year: 2027) && c.day("2027-02-05")?.name == "春节（法定，暂定）")
        let proposal = try db.proposeDutyPlan(studio: s, profile: profile(s), year: 2027, quarter: 1,
                                              patterns: "每周一、五上午 线下", today: "2026-12-01")
        #expect(proposal.layout.provisionalYears == [2027])
        #expect(!proposal.rota.slots.contains { ["2027-01-01", "2027-02-05", "2027-02-08"].contains($0.date) })
        let plan = try db.saveDutyPlan(proposal.plan, slots: proposal.rota.slots, today: "2026-12-01")
        #expect(try db.dutyPublication(studio: s, period: plan.period).provisionalNote == "2027年节假日安排尚未公布，按法定节日暂定，公布后请重新排班")

        // The notice is out and the office enters a 调休 Saturday: the year is published, its statutory days stay off.
        try db.saveHolidayDay(.init(date: "2027-02-20", kind: .work, name: "春节"))
        c = try db.holidayCalendar()
        #expect(!c.isProvisional(year: 2027) && c.isWorkingDay("2027-02-20"))
        #expect(c.day("2027-02-05")?.name == "春节" && !c.isWorkingDay("2027-02-08"))
        #expect(c.days(in: 2027).filter { $0.kind == .off }.count == 13)
        #expect(try db.dutyPublication(studio: s, period: plan.period).provisionalNote == nil)
        // From then on the year is exactly what the office keeps.
        try db.deleteHolidayDay("2027-09-15")
        #expect(try db.holidayCalendar().isWorkingDay("2027-09-15"))   // a Wednesday
        // Entering the notice's source publishes a year the same way.
        try db.addHolidayYear(2028, source: "国务院办公厅关于2028年部分节假日安排的通知")
        c = try db.holidayCalendar()
        #expect(!c.isProvisional(year: 2028) && c.day("2028-10-03")?.name == "国庆节、中秋节")
    }

    @Test func aGeneratedPlanIsSavedWithItsMembersAndMeetsTheRule() throws {
        let db = try demo()
        let s = try studio(db)
        let (plan, slots) = try q3Plan(db, s)
        #expect(plan.id != nil && plan.patterns == "每周三上午 线下 1人\n每周五下午 线上 1人")
        #expect(slots.count == 27)   // 14 Wednesdays, 13 Fridays (9-25 中秋 moved to Monday 9-28)
        #expect(slots.allSatisfy { $0.assignments.count == 1 && $0.planID == plan.id })
        #expect(slots.contains { $0.mode == .online && $0.place == "秦商量" })
        let members = try db.dutyCandidates(studioID: s.id!, period: plan.period)
        #expect(DutyCheck.shortfalls(slots: slots, members: members, rule: DutyRule.of(try profile(s))).isEmpty)
        // Saving again replaces, it does not add a second plan.
        _ = try q3Plan(db, s)
        #expect(try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM dutyPlan WHERE studioID = ? AND year = 2026 AND quarter = 3", arguments: [s.id]) } == 1)
        #expect(try db.dutySlots(planID: plan.id!).count == 27)
    }

    @Test func attendanceBecomesADutyActivityThatComplianceCounts() throws {
        let db = try demo()
        let s = try studio(db)
        let p = try profile(s)
        let (_, slots) = try q3Plan(db, s)
        let slot = try #require(slots.first { $0.mode == .offline })
        let member = slot.assignments[0].memberID
        let before = (try db.ledgerFacts(studioID: s.id!, year: 2026).memberDone[member] ?? []).filter { $0.what == "duty" && $0.date == slot.date }
        #expect(before.isEmpty)
        let q3 = Period(.quarter, year: 2026, index: 3)
        let minimum = try #require(p.minimums.first { $0.id == "duty" })
        let was = Compliance.evaluate(minimum, period: q3, facts: try db.ledgerFacts(studioID: s.id!, year: 2026), today: "2026-12-02")
            .members.first { $0.memberID == member }
        let saved = try db.recordDutyAttendance(slotID: slot.id!, assignments: [DutyAssignment(memberID: member, attendance: .present)],
                                                citizens: 3, note: "接待群众 3 人，记录意见 1 条", category: duty(p), today: "2026-12-02")
        let activityID = try #require(saved.activityID)
        let activity = try #require(try db.activity(id: activityID))
        #expect(activity.category == "duty" && activity.mode == .offline && activity.citizensReached == 3 && activity.date == slot.date)
        #expect(try db.ledgerMembers(kind: .activity, id: activity.id!).map(\.id) == [member])
        let facts = try db.ledgerFacts(studioID: s.id!, year: 2026)
        let line = Compliance.evaluate(minimum, period: q3, facts: facts, today: "2026-12-02")
        let short = line.members.first { $0.memberID == member }
        // The member's line is the one before with one 线下 shift fewer missing, and gone when nothing is left.
        let expected = was.flatMap { w in
            var e = w
            e.offline = max(0, w.offline - 1)
            return e.short == 0 ? nil : e
        }
        #expect(short == expected, "before: \(String(describing: was))")
        // Recorded again as absent: the activity goes, nothing is counted.
        _ = try db.recordDutyAttendance(slotID: slot.id!, assignments: [DutyAssignment(memberID: member, attendance: .absent)],
                                        citizens: 0, note: "", category: duty(p), today: "2026-12-02")
        #expect(try db.activity(id: activity.id!) == nil)
        // The demo's 第4季度 has this member at a later 线下 shift, attended: that makes the Q3 absence up.
        let later = try db.dutySlots(studioID: s.id!, from: slot.date, to: "2026-12-31").filter {
            $0.date > slot.date && $0.mode == .offline && $0.assignments.contains { $0.memberID == member && $0.attendance == .present }
        }
        #expect(!later.isEmpty)
        #expect(try db.missedDuties(studioID: s.id!).isEmpty)
        // Marked absent there too, nothing later makes it up and both stay listed.
        for l in later {
            _ = try db.recordDutyAttendance(slotID: l.id!, assignments: l.assignments.map { $0.memberID == member ? DutyAssignment(memberID: member, attendance: .absent) : $0 },
                                            citizens: 0, note: "", category: duty(p), today: "2026-12-02")
        }
        #expect(try db.missedDuties(studioID: s.id!).map(\.memberID) == Array(repeating: member, count: later.count + 1))
    }

    @Test func aSubstituteIsCountedAndAFutureShiftCannotBeRecorded() throws {
        let db = try demo()
        let s = try studio(db)
        let p = try profile(s)
        let (_, slots) = try q3Plan(db, s)
        let slot = slots[0]
        let other = try #require(slots.first { $0.assignments[0].memberID != slot.assignments[0].memberID }).assignments[0].memberID
        let saved = try db.recordDutyAttendance(slotID: slot.id!, assignments: [DutyAssignment(memberID: slot.assignments[0].memberID, attendance: .substituted, substituteID: other)],
                                                citizens: 0, note: "", category: duty(p), today: "2026-12-02")
        #expect(try db.ledgerMembers(kind: .activity, id: #require(saved.activityID)).map(\.id) == [other])
        #expect(try db.missedDuties(studioID: s.id!).isEmpty)
        #expect(throws: StoreError.self) {
            try db.recordDutyAttendance(slotID: slot.id!, assignments: [DutyAssignment(memberID: slot.assignments[0].memberID, attendance: .present)],
                                        citizens: 0, note: "", category: duty(p), today: "2026-06-30")
        }
        #expect(throws: StoreError.self) {
            try db.recordDutyAttendance(slotID: slot.id!, assignments: [DutyAssignment(memberID: slot.assignments[0].memberID, attendance: .substituted)],
                                        citizens: 0, note: "", category: duty(p), today: "2026-12-02")
        }
        // A recorded shift cannot be deleted from the plan.
        #expect(throws: StoreError.self) { try db.deleteDutySlot(id: slot.id!) }
    }

    @Test func regeneratingKeepsThePastAndTheRecorded() throws {
        let db = try demo()
        let s = try studio(db)
        let p = try profile(s)
        let (plan, slots) = try q3Plan(db, s)
        let past = slots.filter { $0.date < "2026-08-15" }
        let recorded = try #require(past.first)
        _ = try db.recordDutyAttendance(slotID: recorded.id!, assignments: [DutyAssignment(memberID: recorded.assignments[0].memberID, attendance: .present)],
                                        citizens: 1, note: "", category: duty(p), today: "2026-08-15")
        // Mid-quarter the office switches the online day to Thursday.
        let proposal = try db.proposeDutyPlan(studio: s, profile: p, year: 2026, quarter: 3, patterns: "每周三上午 线下；每周四下午 线上", today: "2026-08-15")
        #expect(proposal.kept == past.count)
        try db.saveDutyPlan(proposal.plan, slots: proposal.rota.slots, today: "2026-08-15")
        let after = try db.dutySlots(planID: plan.id!)
        let kept = after.filter { $0.date < "2026-08-15" }
        #expect(kept.map(\.id) == past.map(\.id))
        #expect(kept.map(\.memberIDs) == past.map(\.memberIDs))
        #expect(kept.first?.isRecorded == true && kept.first?.activityID != nil)
        let future = after.filter { $0.date >= "2026-08-15" }
        #expect(future.filter { $0.mode == .online }.allSatisfy { CivilDate.weekday(of: $0.date) == 4 })
        #expect(!future.contains { CivilDate.weekday(of: $0.date) == 5 })
        #expect(!future.isEmpty)
    }

    @Test func swapReassignAndRemove() throws {
        let db = try demo()
        let s = try studio(db)
        let (_, slots) = try q3Plan(db, s)
        let (a, b) = (slots[0], try #require(slots.first { $0.assignments[0].memberID != slots[0].assignments[0].memberID }))
        try db.swapDutyMembers(slotA: a.id!, memberA: a.assignments[0].memberID, slotB: b.id!, memberB: b.assignments[0].memberID)
        #expect(try db.dutySlot(id: a.id!)!.memberIDs == b.memberIDs)
        #expect(try db.dutySlot(id: b.id!)!.memberIDs == a.memberIDs)
        var c = try #require(try db.dutySlot(id: slots[2].id!))
        c.needed = 2
        c.assignments.append(DutyAssignment(memberID: a.assignments[0].memberID))
        try db.saveDutySlot(c)
        #expect(try db.dutySlot(id: c.id!)!.memberIDs.count == 2)
        c.assignments.append(DutyAssignment(memberID: b.assignments[0].memberID))
        #expect(throws: StoreError.self) { try db.saveDutySlot(c) }   // 3 on a slot for 2
        try db.deleteDutySlot(id: c.id!)
        #expect(try db.dutySlot(id: c.id!) == nil)
    }

    @Test func aMemberOnDutyInAnotherStudioIsBusyThere() throws {
        let db = try demo()
        let s = try studio(db)
        let (plan, slots) = try q3Plan(db, s)
        let member = slots[0].assignments[0].memberID
        // The same member put on a second studio's team: that studio's candidates see the first studio's slots.
        let other = try #require(try db.studios().first { $0.id != s.id && $0.status == .plaqued && $0.profileID == s.profileID })
        if try !db.team(studioID: other.id!).contains(where: { $0.member.id == member && $0.isCurrent }) {
            try db.addTeamMember(studioID: other.id!, memberID: member, role: .resident, joinedOn: "2026-01-01")
        }
        let candidates = try db.dutyCandidates(studioID: other.id!, period: plan.period)
        let c = try #require(candidates.first { $0.id == member })
        #expect(c.busy.contains { $0.date == slots[0].date && $0.studio == s.name })
        #expect(c.conflict(with: DutySlot(studioID: other.id!, date: slots[0].date, time: slots[0].time, mode: .offline, place: "")) != nil)
    }

    @Test func daysAwayAreKeptAndRead() throws {
        let db = try demo()
        let s = try studio(db)
        let m = try #require(try db.team(studioID: s.id!).first { $0.isCurrent && !$0.member.isNonMember }).member
        let u = try db.saveDutyUnavailability(DutyUnavailability(memberID: m.id!, from: "2026-07-01", to: "2026-09-30", reason: "外出学习"))
        #expect(throws: StoreError.self) { try db.saveDutyUnavailability(DutyUnavailability(memberID: m.id!, from: "2026-09-30", to: "2026-07-01")) }
        let (_, slots) = try q3Plan(db, s)
        #expect(!slots.contains { $0.memberIDs.contains(m.id!) })
        let proposal = try db.proposeDutyPlan(studio: s, profile: profile(s), year: 2026, quarter: 3, patterns: "每周三上午 线下；每周五下午 线上", today: "2026-06-30")
        #expect(proposal.rota.problems.contains { $0.memberID == m.id && $0.text.contains("外出学习") })
        try db.deleteDutyUnavailability(id: u.id!)
        #expect(try db.dutyUnavailability(memberIDs: [m.id!]).isEmpty)
    }

    @Test func aCitizensItemReceivedOnDutyKeepsItsShift() throws {
        let db = try demo()
        let s = try studio(db)
        let (_, slots) = try q3Plan(db, s)
        var item = CitizenItem(studioID: s.id!, receivedOn: slots[0].date, citizen: "赵大爷", channel: .offlineDuty, content: "希望社区卫生站延长服务时间")
        item.dutySlotID = slots[0].id
        let saved = try db.saveCitizenItem(item)
        #expect(try db.citizenItems(dutySlotID: slots[0].id!).map(\.id) == [saved.id])
        #expect(try db.citizenItem(id: saved.id!)?.dutySlotID == slots[0].id)
    }

    @Test func aPatternThatCannotBeReadIsAFieldProblem() throws {
        let db = try demo()
        let s = try studio(db)
        #expect(throws: StoreError.self) {
            try db.proposeDutyPlan(studio: s, profile: profile(s), year: 2026, quarter: 3, patterns: "隔周一次", today: "2026-06-30")
        }
    }
}
