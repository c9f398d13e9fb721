import Foundation
import Testing
@testable import StudioCore

@Suite struct DateInputTests {
    /// Beijing time, pinned so the tests do not depend on the machine's zone.
    let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        return c
    }()

    /// 2026-03-10 09:30 in Beijing.
    var today: Date {
        calendar.date(from: DateComponents(year: 2026, month: 3, day: 10, hour: 9, minute: 30))!
    }

    func parse(_ text: String) -> String? {
        DateInput.parse(text, today: today, calendar: calendar)
    }

    @Test func todayAndYesterday() {
        #expect(parse("t") == "2026-03-10")
        #expect(parse("T") == "2026-03-10")
        #expect(parse("今天") == "2026-03-10")
        #expect(parse(" 今天 ") == "2026-03-10")
        #expect(parse("y") == "2026-03-09")
        #expect(parse("昨天") == "2026-03-09")
    }

    @Test func yesterdayCrossesMonthAndYear() {
        let newYear = calendar.date(from: DateComponents(year: 2026, month: 1, day: 1, hour: 8))!
        #expect(DateInput.parse("y", today: newYear, calendar: calendar) == "2025-12-31")
        let march = calendar.date(from: DateComponents(year: 2024, month: 3, day: 1, hour: 8))!
        #expect(DateInput.parse("昨天", today: march, calendar: calendar) == "2024-02-29")
    }

    @Test func todayFollowsTheCalendarsTimeZone() {
        // 2026-03-09 20:00 UTC is already 03-10 in Beijing, still 03-09 in UTC.
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let instant = utc.date(from: DateComponents(year: 2026, month: 3, day: 9, hour: 20))!
        #expect(DateInput.parse("t", today: instant, calendar: calendar) == "2026-03-10")
        #expect(DateInput.parse("t", today: instant, calendar: utc) == "2026-03-09")
        #expect(DateInput.iso(instant, calendar: calendar) == "2026-03-10")
        #expect(DateInput.iso(instant, calendar: utc) == "2026-03-09")
    }

    @Test func fullDatesWithSeparators() {
        #expect(parse("2026-3-5") == "2026-03-05")
        #expect(parse("2026-03-05") == "2026-03-05")
        #expect(parse("2026/03/05") == "2026-03-05")
        #expect(parse("2026/3/5") == "2026-03-05")
        #expect(parse("2026.3.5") == "2026-03-05")
        #expect(parse("2025.12.31") == "2025-12-31")
    }

    @Test func eightDigits() {
        #expect(parse("20260305") == "2026-03-05")
        #expect(parse("20241231") == "2024-12-31")
    }

    @Test func monthAndDayMeanThisYear() {
        #expect(parse("3-5") == "2026-03-05")
        #expect(parse("3.5") == "2026-03-05")
        #expect(parse("3/5") == "2026-03-05")
        #expect(parse("12/31") == "2026-12-31")
        #expect(parse("11-22") == "2026-11-22")
    }

    @Test func chineseForms() {
        #expect(parse("2026年3月5日") == "2026-03-05")
        #expect(parse("2026年11月22日") == "2026-11-22")
        #expect(parse("3月5日") == "2026-03-05")
        #expect(parse("3月5号") == "2026-03-05")
        #expect(parse("2026年3月5") == "2026-03-05")
    }

    @Test func fullWidthDigitsAreRead() {
        #expect(parse("２０２６．３．５") == "2026-03-05")
        #expect(parse("３月５日") == "2026-03-05")
    }

    @Test func leapDays() {
        #expect(parse("2024-2-29") == "2024-02-29")
        #expect(parse("2000-02-29") == "2000-02-29")
        #expect(parse("2026-2-29") == nil)
        #expect(parse("1900-2-29") == nil)
        #expect(parse("2-29") == nil)   // 2026 is no leap year
    }

    @Test func impossibleAndMalformedDatesAreRejected() {
        for text in ["", "   ", "x", "明天", "2026-2-30", "2026-13-01", "2026-00-10", "2026-4-31", "2026-3-0",
                     "20260230", "2026035", "202603051", "3-32", "13/1", "2026-3", "2026-3-5-1", "2026/3-5",
                     "26-3-5", "2026年13月1日", "2026年2月30日", "3月", "月5日", "abcd-ef-gh", "2026-03-05x", "3.5.",
                     "-3-5"] {
            #expect(parse(text) == nil, "\(text) should be rejected")
        }
    }

    @Test func chineseDisplay() {
        #expect(DateInput.chinese("2026-11-22") == "2026年11月22日")
        #expect(DateInput.chinese("2026-03-05") == "2026年3月5日")
        #expect(DateInput.chinese("") == "")
        #expect(DateInput.chinese("2026-3-5") == "2026-3-5")
        #expect(DateInput.chinese("2026-02-30") == "2026-02-30")
        #expect(DateInput.chinese("待定") == "待定")
    }

    @Test func isoFormatsInCalendarZone() {
        #expect(DateInput.iso(today, calendar: calendar) == "2026-03-10")
        let early = calendar.date(from: DateComponents(year: 987, month: 1, day: 2))!
        #expect(DateInput.iso(early, calendar: calendar) == "0987-01-02")
    }

    @Test func isISOIsStrict() {
        #expect(DateInput.isISO("2026-03-05"))
        #expect(!DateInput.isISO("2026-3-5"))
        #expect(!DateInput.isISO("2026/03/05"))
        #expect(!DateInput.isISO("2026-02-30"))
        #expect(!DateInput.isISO("２０２６-03-05"))
    }

    @Test func parsedDatesAreISO() {
        for text in ["t", "y", "2026-3-5", "3/5", "3月5日", "20260305"] {
            let iso = parse(text)
            #expect(iso.map(DateInput.isISO) == true, "\(text) → \(iso ?? "nil")")
        }
    }

    /// The byte-wise reading and hand padding that replaced Character arrays and String(format:).
    @Test func isoDatesAreReadAndWrittenByBytes() {
        #expect(DateInput.format(2026, 3, 5) == "2026-03-05")
        #expect(DateInput.format(2026, 12, 31) == "2026-12-31")
        #expect(DateInput.components("2024-02-29").map { [$0.0, $0.1, $0.2] } == [2024, 2, 29])
        #expect(DateInput.components("2026-02-29") == nil)
        #expect(DateInput.components("2026-3-05") == nil)
        #expect(DateInput.components("２０２６-03-05") == nil)
        #expect(DateInput.components("2026/03/05") == nil)
        #expect(Period(.quarter, year: 2026, index: 4).end == "2026-12-31")
        #expect(Period(.halfYear, year: 2024, index: 1).start == "2024-01-01")
    }

    @Test func importDatesKeepTheirFastPathAndTheirChecks() {
        #expect(ImportCells.date("2026-03-05") == "2026-03-05")
        #expect(ImportCells.date(" 2026-03-05 ") == "2026-03-05")
        #expect(ImportCells.date("2026-03-05 00:00:00") == "2026-03-05")
        #expect(ImportCells.date("2026-02-30") == nil)
        #expect(ImportCells.date("2026/3/5") == "2026-03-05")
    }

    @Test func anImportFindsACategoryByNameAsTypedOrByIdAndTheFirstMatchWins() {
        typealias C = RuleProfile.ActivityCategory
        let studio = ImportDirectory.StudioEntry(id: 7, name: "湖滨街道委员工作室", status: .plaqued,
                                                 categories: [C(id: "study", name: "学习培训"), C(id: "visit", name: "走访调研"), C(id: "other", name: "study")])
        let directory = ImportDirectory(studios: [studio], membersByName: [:])
        #expect(directory.category(of: studio, named: "学习培训")?.id == "study")
        #expect(directory.category(of: studio, named: "走访 调研")?.id == "visit")
        #expect(directory.category(of: studio, named: "VISIT")?.id == "visit")
        // "study" is the first category's id and the third's name: the first in the list wins, as before.
        #expect(directory.category(of: studio, named: "study")?.id == "study")
        #expect(directory.category(of: studio, named: "座谈") == nil)
        #expect(directory.studio(named: "湖滨街道 委员工作室")?.id == 7)
    }
}
