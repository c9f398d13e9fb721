// CivilCalendar: calendar days without Foundation, shared by the domain core and XLSXKit.

/// A calendar day, stored as its number of days since 1970-01-01 in the proleptic Gregorian calendar.
/// Howard Hinnant's civil-from-days algorithms, in integers: no Calendar, no Date, no time zone, so no
/// daylight saving or device setting can move a day, and a year of duty slots is laid out without allocating.
/// ISO text is yyyy-MM-dd.
public struct CivilDate: Hashable, Comparable, Sendable, Strideable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int

    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// The day, or nil when it does not exist (2026-02-29, month 13, day 0).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        self.init(dayNumber: Self.dayNumber(year: year, month: month, day: day))
    }

    /// Reads "2026-03-05" and also "2026-3-5" (digits between dashes); nil when it is not a real date.
    public init?(iso: String) {
        guard let (y, m, d) = Self.fields(iso, exact: false) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Reads exactly yyyy-MM-dd ("2026-03-05", not "2026-3-5"); nil when it is not a real date.
    public init?(exactISO: String) {
        guard let (y, m, d) = Self.fields(exactISO, exact: true) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    // MARK: Fields

    /// Year, month and day.
    public var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var year: Int { components.year }
    public var month: Int { components.month }
    public var day: Int { components.day }

    /// yyyy-MM-dd.
    public var iso: String {
        let c = components
        return Self.format(c.year, c.month, c.day)
    }

    public var description: String { iso }

    /// 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((dayNumber % 7 + 7) % 7 + 3) % 7 + 1 }

    /// Quarter 1–4.
    public var quarter: Int { (month - 1) / 3 + 1 }

    // MARK: Arithmetic

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// The same day `months` later (earlier when negative); the 31st of a shorter month falls on its last day.
    public func adding(months: Int) -> CivilDate {
        let c = components
        let i = c.year * 12 + (c.month - 1) + months
        let (y, m) = (i >= 0 ? i / 12 : (i - 11) / 12, ((i % 12) + 12) % 12 + 1)
        return CivilDate(dayNumber: Self.dayNumber(year: y, month: m, day: min(c.day, Self.daysIn(month: m, year: y))))
    }

    /// Days from this day to `other` (negative when `other` is earlier).
    public func days(to other: CivilDate) -> Int { other.dayNumber - dayNumber }

    public var monthStart: CivilDate { adding(days: 1 - day) }

    public var monthEnd: CivilDate {
        let c = components
        return adding(days: Self.daysIn(month: c.month, year: c.year) - c.day)
    }

    public var quarterStart: CivilDate {
        let c = components
        return CivilDate(dayNumber: Self.dayNumber(year: c.year, month: (c.month - 1) / 3 * 3 + 1, day: 1))
    }

    public var quarterEnd: CivilDate { quarterStart.adding(months: 2).monthEnd }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }
    public func distance(to other: CivilDate) -> Int { other.dayNumber - dayNumber }
    public func advanced(by n: Int) -> CivilDate { adding(days: n) }

    // MARK: On ISO text

    /// The ISO date `days` later (earlier when negative), nil when `iso` is not a date.
    public static func adding(days: Int, to iso: String) -> String? { CivilDate(iso: iso)?.adding(days: days).iso }

    /// The ISO date `months` later; the 31st of a shorter month falls on its last day.
    public static func adding(months: Int, to iso: String) -> String? { CivilDate(iso: iso)?.adding(months: months).iso }

    /// Days from one ISO date to another, nil when either is not a date.
    public static func days(from: String, to: String) -> Int? {
        guard let a = CivilDate(iso: from), let b = CivilDate(iso: to) else { return nil }
        return a.days(to: b)
    }

    /// 1 = Monday … 7 = Sunday, nil when `iso` is not a date.
    public static func weekday(of iso: String) -> Int? { CivilDate(iso: iso)?.weekday }

    // MARK: The calendar

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a year, month and day, unchecked (day 0 is the last of the month before).
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// yyyy-MM-dd, zero-padded by hand: Foundation's String(format:) was a tenth of the year's compliance, which
    /// formats a period's first and last day for every team member it checks.
    public static func format(_ y: Int, _ m: Int, _ d: Int) -> String {
        pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    public static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Year, month and day as written, unchecked. By bytes: every imported date and every record read passes here.
    /// `exact`: four, two and two digits; otherwise one or more digits in each part.
    public static func fields(_ text: String, exact: Bool) -> (Int, Int, Int)? {
        var parts = (0, 0, 0), index = 0, digits = 0
        var widths = (0, 0, 0)
        for b in text.utf8 {
            switch b {
            case 0x30...0x39:
                digits += 1
                guard digits <= 9 else { return nil }
                let v = Int(b - 0x30)
                switch index {
                case 0: parts.0 = parts.0 * 10 + v
                case 1: parts.1 = parts.1 * 10 + v
                default: parts.2 = parts.2 * 10 + v
                }
            case 0x2D:
                guard digits > 0, index < 2 else { return nil }
                if index == 0 { widths.0 = digits } else { widths.1 = digits }
                index += 1
                digits = 0
            default:
                return nil
            }
        }
        guard index == 2, digits > 0 else { return nil }
        widths.2 = digits
        if exact, widths != (4, 2, 2) { return nil }
        return parts
    }
}
