import Foundation
import Testing
@testable import StudioCore
import StudioResources

/// The statutory holidays of any year (issue 18) and the provisional (暂定) years the calendar
/// answers with them. Expected dates were checked apart from the code: the lunar ones against
/// lunar-python's tables, 清明 against PyEphem (VSOP87) and lunar-python's 寿星 algorithm.
@Suite("Statutory holidays")
struct StatutoryHolidaysTests {
    func shipped() throws -> HolidayCalendar {
        let url = try #require(ResourceLocator.holidayFile(), "Resources/holidays not found")
        return try HolidayCalendar.load(data: Data(contentsOf: url), file: url.lastPathComponent)
    }

    /// Foundation's Chinese calendar on this platform (Linux's swift-corelibs / ICU), read at noon in Beijing.
    @Test func foundationsChineseCalendarWorksHere() throws {
        var chinese = Calendar(identifier: .chinese)
        chinese.timeZone = try #require(TimeZone(secondsFromGMT: 8 * 3600))
        func lunar(_ iso: String) throws -> DateComponents {
            let n = try #require(CivilDate(iso: iso)?.dayNumber)
            return chinese.dateComponents([.month, .day, .isLeapMonth], from: Date(timeIntervalSince1970: Double(n) * 86_400 + 4 * 3_600))
        }
        let newYear = try lunar("2027-02-06")
        #expect(newYear.month == 1 && newYear.day == 1 && newYear.isLeapMonth == false)
        let eve = try lunar("2027-02-05")   // 腊月廿九: 2026's twelfth month has 29 days
        #expect(eve.month == 12 && eve.day == 29)
        let leap = try lunar("2028-06-27")  // 闰五月初五, not 端午
        #expect(leap.month == 5 && leap.day == 5 && leap.isLeapMonth == true)
    }

    @Test func the2027StatutoryHolidays() {
        let days = StatutoryHolidays.days(in: 2027)
        #expect(days.map(\.date) == [
            "2027-01-01",
            "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08",
            "2027-04-05",
            "2027-05-01", "2027-05-02",
            "2027-06-09",
            "2027-09-15",
            "2027-10-01", "2027-10-02", "2027-10-03",
        ])
        #expect(days.map(\.name) == ["元旦"] + Array(repeating: "春节", count: 4) + ["清明节", "劳动节", "劳动节", "端午节", "中秋节"]
            + Array(repeating: "国庆节", count: 3))
        #expect(days.allSatisfy { $0.kind == .off })
    }

    @Test func qingmingIsTheDayTheSunReaches15Degrees() {
        let known = ["2025-04-04", "2026-04-05", "2027-04-05", "2028-04-04"]
        #expect([2025, 2026, 2027, 2028].map { CivilDate(dayNumber: StatutoryHolidays.qingming($0)).iso } == known)
        // The years 1900–2100 whose 清明 falls within 35 minutes of midnight, Beijing time.
        let nearMidnight = ["1910-04-06", "1943-04-06", "1972-04-05", "1976-04-04", "2009-04-04", "2038-04-05",
                            "2042-04-04", "2071-04-05", "2075-04-04", "2100-04-05"]
        #expect(nearMidnight.map { CivilDate(dayNumber: StatutoryHolidays.qingming(Int($0.prefix(4))!)).iso } == nearMidnight)
    }

    @Test func aLeapMonthAndASharedDay() {
        let days = StatutoryHolidays.days(in: 2028)
        #expect(days.first { $0.name == "端午节" }?.date == "2028-05-28")   // not 闰五月初五 (06-27)
        #expect(days.first { $0.date == "2028-01-25" }?.name == "春节")     // 除夕 falls in January
        #expect(days.first { $0.date == "2028-10-03" }?.name == "国庆节、中秋节")
        #expect(days.count == 12)
    }

    /// Every notice keeps the statutory days: those of 2025 and 2026 are among the days off published.
    @Test func thePublishedYearsHoldTheirStatutoryDays() throws {
        let c = try shipped()
        for year in [2025, 2026] {
            let published = Set(c.days(in: year).filter { $0.kind == .off }.map(\.date))
            let statutory = StatutoryHolidays.days(in: year)
            #expect(statutory.count == 13)
            for d in statutory { #expect(published.contains(d.date), "\(d.date) \(d.name) is not off in the \(year) notice") }
        }
    }

    @Test func aYearNotEnteredIsProvisional() throws {
        let c = try shipped()
        #expect(c.isProvisional(year: 2027) && !c.isProvisional(year: 2026))
        #expect(c.provisionalYears(from: "2026-10-01", to: "2027-03-31") == [2027])
        #expect(c.day("2027-02-05")?.name == "春节（法定，暂定）")
        #expect(c.describe("2027-01-01") == "元旦（法定，暂定）")
        #expect(!c.isWorkingDay("2027-02-08"))    // a Monday in 春节
        #expect(c.isWorkingDay("2027-02-09"))
        #expect(c.nextWorkingDay(onOrAfter: "2027-02-05") == "2027-02-09")
        #expect(!c.isWorkingDay("2027-02-20"))    // no 调休 weekends before the notice
        #expect(c.days(in: 2027).count == 13 && c.days(in: 2027).allSatisfy { $0.kind == .off })
        // A published year keeps exactly its days: 2026's 调休 Saturday, and none of 2027's computed ones.
        #expect(c.isWorkingDay("2026-02-14") && c.day("2026-02-16")?.name == "春节")
        let entered = HolidayCalendar(years: [.init(year: 2027, source: "")], days: [.init(date: "2027-01-01", kind: .off, name: "元旦")])
        #expect(!entered.isProvisional(year: 2027) && entered.isWorkingDay("2027-02-05") && !entered.isWorkingDay("2027-01-01"))
        #expect(HolidayCalendar.provisionalNote([2027]) == "2027年节假日安排尚未公布，按法定节日暂定，公布后请重新排班")
        #expect(HolidayCalendar.provisionalNote([]) == nil)
    }

    @Test func a2027FirstQuarterRotaAvoidsTheStatutoryHolidays() throws {
        let patterns = try DutyPattern.parseAll("每周一、三、五上午 线下；每周五下午 线上")
        let layout = DutyLayout.make(patterns: patterns, period: Period(.quarter, year: 2027, index: 1), calendar: try shipped(), studioID: 1,
                                     defaultPlace: { $0 == .online ? "秦商量" : "工作室接待室" })
        let members = (1...6).map { DutyCandidate(id: Int64($0), name: "委员\($0)", activeFrom: "2026-01-01") }
        let rota = DutyGenerator.generate(slots: layout.slots, members: members, rule: nil)
        let dates = Set(rota.slots.map(\.date))
        for holiday in ["2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08"] {
            #expect(!dates.contains(holiday), "a slot on \(holiday)")
        }
        #expect(layout.provisionalYears == [2027])
        // Friday 1-1 moves to Monday 1-4 (already a duty day); Friday 2-5 and Monday 2-8 to Tuesday 2-9.
        #expect(dates.contains("2027-01-04") && dates.contains("2027-02-09"))
        #expect(layout.moved.contains("2月5日（春节（法定，暂定））顺延至2月9日"))
        #expect(rota.slots.filter { $0.date == "2027-02-09" }.count == 2)   // the morning and the online afternoon
    }
}
