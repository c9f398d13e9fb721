import Foundation
import Testing
@testable import StudioCore
import StudioResources

/// The duty rota (rules.md §2.7): the holiday calendar of holidays.md, the patterns offices use,
/// and the generator on the seeds' rules (陕西 线上+线下 each quarter, 商洛 one a quarter, 滨江 none).
@Suite("Duty rota")
struct DutyTests {
    func profile(_ id: String) throws -> RuleProfile {
        let all = try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
        return try #require(all.first { $0.id == id })
    }

    func calendar() throws -> HolidayCalendar {
        let url = try #require(ResourceLocator.holidayFile(), "Resources/holidays not found")
        return try HolidayCalendar.load(data: Data(contentsOf: url), file: url.lastPathComponent)
    }

    func layout(_ patterns: String, _ period: Period, defaultMode: StudioMode = .offline) throws -> DutyLayout {
        DutyLayout.make(patterns: try DutyPattern.parseAll(patterns, defaultMode: defaultMode), period: period, calendar: try calendar(),
                        studioID: 1, defaultPlace: { $0 == .online ? "秦商量" : "工作室接待室" })
    }

    func team(_ n: Int) -> [DutyCandidate] {
        let names = ["张雪琴", "李书明", "王建国", "赵丽华", "刘志强", "陈晓燕", "杨文斌", "黄海涛", "周佳怡", "吴国平",
                     "徐晓东", "孙丽萍", "马建军", "朱红梅", "胡伟民", "郭晓华", "何志明", "高丽娟", "林国庆", "罗文静"]
        return (0..<n).map { DutyCandidate(id: Int64($0 + 1), name: names[$0 % names.count], activeFrom: "2025-01-01") }
    }

    let q4 = Period(.quarter, year: 2026, index: 4)

    // MARK: Calendar

    @Test func calendarKnowsHolidaysAndWorkingWeekends() throws {
        let c = try calendar()
        #expect(c.covers(2025) && c.covers(2026) && !c.covers(2027))
        #expect(!c.isWorkingDay("2026-10-01") && !c.isWorkingDay("2026-10-07"))
        #expect(c.isWorkingDay("2026-10-10"))   // 调休 Saturday
        #expect(c.isWorkingDay("2026-09-20"))   // 调休 Sunday
        #expect(!c.isWorkingDay("2026-10-17"))  // an ordinary Saturday
        #expect(c.nextWorkingDay(onOrAfter: "2026-10-01") == "2026-10-08")
        #expect(c.nextWorkingDay(onOrAfter: "2025-01-28") == "2025-02-05")
        #expect(c.describe("2026-10-10") == "调休上班（国庆节）")
        #expect(c.days(in: 2026).filter { $0.kind == .off }.count == 3 + 9 + 3 + 5 + 3 + 3 + 7)
    }

    @Test func civilDaysRoundTripAndKnowTheWeekday() {
        #expect(CivilDate(iso: "2026-12-02")!.iso == "2026-12-02")
        #expect(CivilDate.weekday(of: "2026-12-02") == 3)   // a Wednesday
        #expect(CivilDate.weekday(of: "2024-02-29") == 4)
        #expect(CivilDate(iso: "2026-02-29") == nil)
        #expect(CivilDate(iso: "2027-01-01")!.dayNumber - CivilDate(iso: "2026-12-31")!.dayNumber == 1)
    }

    // MARK: Patterns

    @Test func patternsReadAsOfficesWriteThem() throws {
        #expect(try DutyPattern.parse("每周三").rule == .weekdays([3]))
        #expect(try DutyPattern.parse("每周一、三、五 下午").rule == .weekdays([1, 3, 5]))
        #expect(try DutyPattern.parse("每周一、三、五 下午").time == .afternoon)
        #expect(try DutyPattern.parse("每月10日、20日 2人").rule == .monthDays([10, 20]))
        #expect(try DutyPattern.parse("每月10日、20日 2人").needed == 2)
        #expect(try DutyPattern.parse("每月第二周的周三上午").rule == .nthWeekday(n: 2, weekday: 3))
        let online = try DutyPattern.parse("每个工作日 线上 3人 @政协云")
        #expect(online.rule == .workingDays && online.mode == .online && online.needed == 3 && online.place == "政协云")
        #expect(try DutyPattern.parse("每周五 9:00-11:30").time == DutyTime(start: "09:00", end: "11:30"))
        #expect(try DutyPattern.parse("周一至周五").rule == .weekdays([1, 2, 3, 4, 5]))
        #expect(throws: DutyPattern.ParseError.self) { try DutyPattern.parse("每两周一次") }
        #expect(throws: DutyPattern.ParseError.self) { try DutyPattern.parse("每周三 5人") }
        #expect(throws: DutyPattern.ParseError.self) { try DutyPattern.parse("每周三 11:00-9:00") }
        // What the program writes back reads the same again.
        let p = try DutyPattern.parse("每月第二周周三上午 线下 2人 @接待室")
        #expect(try DutyPattern.parse(p.text) == p)
    }

    @Test func aWednesdayInTheNationalDayHolidayMovesToThursday() throws {
        let l = try layout("每周三上午 线下", q4)
        #expect(!l.slots.contains { $0.date == "2026-10-07" })
        #expect(l.slots.contains { $0.date == "2026-10-08" })
        #expect(l.slots.count == 13)   // Wednesdays 10-07 … 12-30, 10-07 moved to 10-08
        #expect(l.moved == ["10月7日（国庆节）顺延至10月8日"])
        #expect(l.provisionalYears.isEmpty)
    }

    @Test func everyWorkingDayIncludesTheTiaoxiuWeekends() throws {
        let q3 = Period(.quarter, year: 2026, index: 3)
        let l = try layout("每个工作日 线上 2人", Period(.halfYear, year: 2026, index: 2))
        let dates = Set(l.slots.map(\.date))
        #expect(dates.contains("2026-09-20") && dates.contains("2026-10-10"))  // 调休 Sunday and Saturday
        #expect(!dates.contains("2026-09-25") && !dates.contains("2026-10-01") && !dates.contains("2026-10-17"))
        #expect(dates.contains("2026-10-19"))
        #expect(l.slots.allSatisfy { $0.needed == 2 && $0.mode == .online })
        #expect(l.slots.filter { q3.contains($0.date) }.count == 66 - 1 + 1)  // 66 weekdays, less 中秋 (Fri 9-25), plus the 调休 Sunday 9-20
    }

    @Test func monthDaysOnAWeekendMoveToMonday() throws {
        let l = try layout("每月10日、20日", Period(.quarter, year: 2026, index: 1))
        // 1-10 Sat → 1-12; 1-20 Tue; 2-10 Tue; 2-20 春节 → 2-24; 3-10 Tue; 3-20 Fri.
        #expect(l.slots.map(\.date) == ["2026-01-12", "2026-01-20", "2026-02-10", "2026-02-24", "2026-03-10", "2026-03-20"])
    }

    @Test func nthWeekdayOfTheMonth() throws {
        let l = try layout("每月第二周周三上午", q4)
        #expect(l.slots.map(\.date) == ["2026-10-14", "2026-11-11", "2026-12-09"])
    }

    @Test func aYearWithoutACalendarIsNamed() throws {
        let l = try layout("每周三", Period(.quarter, year: 2027, index: 1))
        #expect(l.provisionalYears == [2027])
        #expect(l.slots.count == 13)   // no Wednesday of 2027's statutory 元旦 or 春节
    }

    // MARK: Generator

    func shaanxiQ4(_ members: [DutyCandidate], perSlot: Int = 1) throws -> (DutyRota, DutyRule) {
        let rule = try #require(DutyRule.of(try profile("shaanxi-2023")))
        let l = try layout("每周三上午 线下 \(perSlot)人；每周五下午 线上 \(perSlot)人", q4)
        return (DutyGenerator.generate(slots: l.slots, members: members, rule: rule), rule)
    }

    @Test func shaanxiEveryMemberGetsAnOnlineAndAnOfflineDutyEachQuarter() throws {
        let members = team(8)
        let (rota, rule) = try shaanxiQ4(members)
        #expect(rule.mode == .eachMode && rule.count == 1 && rule.period == .quarter)
        #expect(rota.problems.isEmpty)
        #expect(DutyCheck.shortfalls(slots: rota.slots, members: members, rule: rule).isEmpty)
        for m in members {
            #expect(rota.slots.contains { $0.mode == .online && $0.memberIDs.contains(m.id) }, "\(m.name) online")
            #expect(rota.slots.contains { $0.mode == .offline && $0.memberIDs.contains(m.id) }, "\(m.name) offline")
        }
        let loads = members.map { rota.load(of: $0.id) }
        #expect(loads.max()! - loads.min()! <= 1)
        #expect(loads.reduce(0, +) == rota.slots.count)   // every slot filled
        #expect(DutyCheck.summary(slots: rota.slots, members: members, rule: rule).ok)
    }

    @Test func sameInputSameRota() throws {
        let (a, _) = try shaanxiQ4(team(7))
        let (b, _) = try shaanxiQ4(team(7))
        #expect(a == b)
    }

    @Test func tooFewOfflineSlotsSaysWhoAndProposesTheFix() throws {
        // 20 members, 13 Wednesdays with one seat each: 7 cannot get a 线下 duty this quarter.
        let members = team(20)
        let (rota, rule) = try shaanxiQ4(members)
        let shorts = DutyCheck.shortfalls(slots: rota.slots, members: members, rule: rule)
        #expect(shorts.filter { $0.offline > 0 }.count == 7)
        #expect(shorts.filter { $0.online > 0 }.count == 7)
        let offline = try #require(rota.problems.first { $0.text.contains("第4季度线下值班共 13 个岗位") })
        #expect(offline.text.contains("20 名委员每人需 1 次"))
        #expect(offline.fix.contains("增加 7 个线下时段"))
        #expect(!DutyCheck.summary(slots: rota.slots, members: members, rule: rule).ok)
        // Two per slot is enough.
        let (two, _) = try shaanxiQ4(members, perSlot: 2)
        #expect(two.problems.isEmpty)
    }

    @Test func aMemberAwayForTheWholeQuarterIsNamedWithTheReason() throws {
        var members = team(4)
        members[2].unavailable = [DutyUnavailability(memberID: 3, from: "2026-10-01", to: "2026-12-31", reason: "外出学习")]
        let (rota, _) = try shaanxiQ4(members)
        #expect(!rota.slots.contains { $0.memberIDs.contains(3) })
        let p = try #require(rota.problems.first { $0.memberID == 3 })
        #expect(p.text.contains("王建国 2026年第4季度缺线下值班") && p.text.contains("外出学习"))
    }

    @Test func unavailableDatesAndOtherStudiosAreRespected() throws {
        var members = team(4)
        members[0].unavailable = [DutyUnavailability(memberID: 1, from: "2026-10-01", to: "2026-11-15")]
        members[1].busy = (0..<13).map { w in DutyCandidate.Busy(date: CivilDate(iso: "2026-10-02")!.adding(days: 7 * w).iso, time: .afternoon, studio: "另一工作室") }
        let (rota, rule) = try shaanxiQ4(members)
        #expect(rota.problems.isEmpty)
        #expect(!rota.slots.contains { $0.memberIDs.contains(1) && $0.date <= "2026-11-15" })
        let busyDays = Set(members[1].busy.map(\.date))
        #expect(!rota.slots.contains { $0.memberIDs.contains(2) && $0.mode == .online && busyDays.contains($0.date) })
        #expect(!DutyCheck.shortfalls(slots: rota.slots, members: members, rule: rule).contains { $0.memberID == 2 })
        for s in rota.slots {
            for id in s.memberIDs { #expect(members.first { $0.id == id }!.conflict(with: s) == nil) }
        }
    }

    @Test func nobodyTwiceOnOneDay() throws {
        let rule = try #require(DutyRule.of(try profile("shaanxi-2023")))
        let l = try layout("每周三上午 线下；每周三下午 线上", q4)
        let members = team(3)
        let rota = DutyGenerator.generate(slots: l.slots, members: members, rule: rule)
        for date in Set(rota.slots.map(\.date)) {
            let ids = rota.slots.filter { $0.date == date }.flatMap(\.memberIDs)
            #expect(Set(ids).count == ids.count, "\(date)")
        }
    }

    @Test func membersWhoLeftOrWhoseTermEndedAreNotScheduledAfter() throws {
        var members = team(5)
        members[4].activeUntil = "2026-10-31"
        let (rota, _) = try shaanxiQ4(members)
        #expect(!rota.slots.contains { $0.memberIDs.contains(5) && $0.date > "2026-10-31" })
    }

    @Test func shangluoOneDutyAQuarterEitherMode() throws {
        let rule = try #require(DutyRule.of(try profile("shangluo-2023")))
        #expect(rule.mode == .any)
        let members = team(6)
        let rota = DutyGenerator.generate(slots: try layout("每月10日、20日 线下", q4).slots, members: members, rule: rule)
        #expect(rota.problems.isEmpty)
        #expect(members.allSatisfy { rota.load(of: $0.id) == 1 })
    }

    @Test func withoutADutyRuleAnEvenRotation() throws {
        #expect(DutyRule.of(try profile("binjiang-2020")) == nil)
        let members = team(4)
        let rota = DutyGenerator.generate(slots: try layout("每周一、三、五", q4).slots, members: members, rule: nil)
        let loads = members.map { rota.load(of: $0.id) }
        #expect(loads.max()! - loads.min()! <= 1)
        #expect(loads.reduce(0, +) == rota.slots.count)
        #expect(DutyCheck.summary(slots: rota.slots, members: members, rule: nil).text.contains("轮流值班"))
    }

    @Test func regeneratingKeepsThePastAsItIs() throws {
        let members = team(6)
        let (first, rule) = try shaanxiQ4(members)
        let past = Set(first.slots.indices.filter { first.slots[$0].date < "2026-11-15" })
        var slots = first.slots
        // A member was away on a past shift; someone stood in.
        let i = past.min()!
        slots[i].assignments[0].attendance = .substituted
        slots[i].assignments[0].substituteID = 6
        let again = DutyGenerator.generate(slots: slots, fixed: past, members: members, rule: rule)
        for j in past { #expect(again.slots[j] == slots[j]) }
        #expect(DutyCheck.shortfalls(slots: again.slots, members: members, rule: rule).isEmpty)
    }

    @Test func liveCheckCountsWhoActuallyCame() throws {
        let members = team(2)
        let rule = DutyRule(text: "每季度线上、线下各1次", mode: .eachMode)
        var on = DutySlot(studioID: 1, date: "2026-10-09", time: .afternoon, mode: .online, place: "秦商量", assignments: [DutyAssignment(memberID: 1)])
        var off = DutySlot(studioID: 1, date: "2026-10-14", time: .morning, mode: .offline, place: "接待室",
                           assignments: [DutyAssignment(memberID: 1, attendance: .absent)])
        let s1 = DutyCheck.shortfalls(slots: [on, off], members: members, rule: rule)
        #expect(s1.map(\.name) == ["张雪琴", "李书明"])
        #expect(s1[0].missingText == "缺线下 1 次")
        off.assignments[0] = DutyAssignment(memberID: 1, attendance: .substituted, substituteID: 2)
        on.assignments.append(DutyAssignment(memberID: 2, attendance: .present))
        on.needed = 2
        let s2 = DutyCheck.shortfalls(slots: [on, off], members: members, rule: rule)
        #expect(s2.map(\.memberID) == [1])
        #expect(off.attendees == [2] && off.missedBy.isEmpty)
    }
}
