import Foundation
import Testing
@testable import StudioCore

/// The one date type of the core (CivilCalendar's CivilDate, re-exported by StudioCore): real dates around leap
/// years, month and quarter ends and the turn of a year, and the same answers as Foundation's Gregorian calendar
/// in UTC, which the day arithmetic (DateMath) used before.
@Suite("Civil dates")
struct CivilDateTests {
    func day(_ iso: String) throws -> CivilDate { try #require(CivilDate(iso: iso), "\(iso) is a date") }

    @Test func leapYearsFollowTheGregorianRules() throws {
        #expect(CivilDate.daysIn(month: 2, year: 2024) == 29)
        #expect(CivilDate.daysIn(month: 2, year: 2026) == 28)
        #expect(CivilDate.daysIn(month: 2, year: 2100) == 28)  // a century, not a 400th year
        #expect(CivilDate.daysIn(month: 2, year: 2000) == 29)
        #expect(CivilDate(iso: "2024-02-29") != nil)
        #expect(CivilDate(iso: "2100-02-29") == nil)
        #expect(CivilDate(iso: "2000-02-29") != nil)
        #expect(try day("2024-01-01").days(to: day("2025-01-01")) == 366)
        #expect(try day("2100-01-01").days(to: day("2101-01-01")) == 365)
        #expect(try day("2000-01-01").days(to: day("2001-01-01")) == 366)
        #expect(try day("2024-02-28").adding(days: 1).iso == "2024-02-29")
        #expect(try day("2100-02-28").adding(days: 1).iso == "2100-03-01")
    }

    @Test func theTurnOfTheYear() throws {
        let last = try day("2026-12-31")
        #expect(last.adding(days: 1).iso == "2027-01-01")
        #expect(last.weekday == 4)  // a Thursday
        #expect(last.adding(days: 1).weekday == 5)
        #expect(try day("2027-01-01").adding(days: -1) == last)
        #expect(CivilDate.days(from: "2026-12-31", to: "2027-01-01") == 1)
        #expect(CivilDate.days(from: "2027-01-01", to: "2026-12-31") == -1)
        #expect(try day("1970-01-01").dayNumber == 0)
        #expect(try day("2000-03-01").dayNumber == 11_017)
        #expect(try day("1969-12-31").dayNumber == -1)
    }

    @Test func monthAndQuarterBounds() throws {
        let d = try day("2026-05-17")
        #expect(d.monthStart.iso == "2026-05-01")
        #expect(d.monthEnd.iso == "2026-05-31")
        #expect(d.quarter == 2)
        #expect(d.quarterStart.iso == "2026-04-01")
        #expect(d.quarterEnd.iso == "2026-06-30")
        #expect(try day("2026-11-15").quarterEnd.iso == "2026-12-31")
        #expect(try day("2024-02-10").monthEnd.iso == "2024-02-29")
        #expect(try day("2100-02-10").monthEnd.iso == "2100-02-28")
        #expect(try day("2024-03-31").quarterStart.iso == "2024-01-01")
        #expect(try day("2024-01-01").quarterEnd.iso == "2024-03-31")
        #expect(try day("2026-09-30").quarter == 3)
        #expect(try day("2026-10-01").quarter == 4)
    }

    @Test func addingMonthsKeepsTheDayOrTheMonthsLastDay() throws {
        #expect(try day("2026-01-31").adding(months: 1).iso == "2026-02-28")
        #expect(try day("2024-01-31").adding(months: 1).iso == "2024-02-29")
        #expect(try day("2026-03-31").adding(months: -1).iso == "2026-02-28")
        #expect(try day("2026-11-30").adding(months: 3).iso == "2027-02-28")
        #expect(try day("2026-01-15").adding(months: -1).iso == "2025-12-15")
        #expect(try day("2026-01-15").adding(months: -13).iso == "2024-12-15")
        #expect(try day("2026-12-31").adding(months: 12).iso == "2027-12-31")
        #expect(try day("1944-03-29").adding(months: -25).iso == "1942-02-28")
    }

    @Test func readingAndWritingISOText() throws {
        #expect(CivilDate(iso: "2026-3-5")?.iso == "2026-03-05")  // as CivilDay.number read it
        #expect(CivilDate(exactISO: "2026-3-5") == nil)
        #expect(CivilDate(exactISO: "2026-03-05")?.iso == "2026-03-05")
        for bad in ["", "2026", "2026-03", "2026-13-01", "2026-00-10", "2026-04-31", "2026-03-05x", "2026--03-05",
                    "2026-03-05-01", "-2026-03-05", "２０２６-03-05", "2026/03/05"] {
            #expect(CivilDate(iso: bad) == nil, "\(bad)")
        }
        #expect(CivilDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2028, month: 2, day: 29)?.iso == "2028-02-29")
        #expect(CivilDate.weekdayTitle("2026-12-02") == "周三")
        #expect(CivilDate.weekdayTitle("2026-12-06") == "周日")
        #expect(CivilDate.weekdayTitle("not a date") == "")
        #expect(DateInput.isISO("2024-02-29") && !DateInput.isISO("2100-02-29") && !DateInput.isISO("2026-3-5"))
    }

    /// Every day 1900–2100 read, written and walked as Foundation's Gregorian calendar at UTC does.
    @Test func agreesWithFoundationsCalendar() throws {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let start = try day("1900-01-01"), end = try day("2100-12-31")
        var date = try #require(utc.date(from: DateComponents(year: 1900, month: 1, day: 1)))
        var mismatches = 0
        for d in start...end {
            let c = utc.dateComponents([.year, .month, .day, .weekday], from: date)
            let (y, m, dd) = d.components
            // Foundation: 1 = Sunday … 7 = Saturday.
            if (y, m, dd) != (c.year!, c.month!, c.day!) || d.weekday != (c.weekday! + 5) % 7 + 1 { mismatches += 1 }
            if d.dayNumber % 97 == 0 {
                // Not over two years back: Foundation on Linux takes 1944-03-29 − 25 months to 1942-03-01 (by way of
                // a 1942-02-29), where CivilDate clamps to 1942-02-28 as it does for every month end.
                for months in [-12, -1, 1, 3, 13, 24] {
                    let r = utc.dateComponents([.year, .month, .day], from: utc.date(byAdding: .month, value: months, to: date)!)
                    if d.adding(months: months).iso != CivilDate.format(r.year!, r.month!, r.day!) { mismatches += 1 }
                }
            }
            date = utc.date(byAdding: .day, value: 1, to: date)!
        }
        #expect(mismatches == 0)
        #expect(start.days(to: end) == 73_413)
    }

    @Test func periodsStepAcrossYears() {
        #expect(Period(.quarter, year: 2026, index: 4).advanced(by: 1) == Period(.quarter, year: 2027, index: 1))
        #expect(Period(.quarter, year: 2026, index: 1).advanced(by: -1) == Period(.quarter, year: 2025, index: 4))
        #expect(Period(.quarter, year: 2026, index: 2).advanced(by: -9) == Period(.quarter, year: 2024, index: 1))
        #expect(Period(.month, year: 2026, index: 12).advanced(by: 1) == Period(.month, year: 2027, index: 1))
        #expect(Period(.halfYear, year: 2026, index: 1).advanced(by: 3) == Period(.halfYear, year: 2027, index: 2))
        #expect(Period(.year, year: 2026).advanced(by: -1) == Period(.year, year: 2025))
        #expect(Period(.quarter, year: 2024, index: 1).end == "2024-03-31")
        #expect(Period(.month, year: 2024, index: 2).end == "2024-02-29")
        #expect(Period(.month, year: 2100, index: 2).end == "2100-02-28")
        #expect(Period(.quarter, year: 2026, index: 4).end == "2026-12-31")
    }
}
