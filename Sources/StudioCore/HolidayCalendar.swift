import Foundation

/// Calendar days as integers, for the duty rota's day-by-day walks: the civil-from-days
/// arithmetic of Howard Hinnant's date algorithms (proleptic Gregorian, no time zone),
/// so laying out a year of slots builds no Calendar and no Date.
public enum CivilDay {
    /// Days since 1970-01-01 of an ISO date, or nil when it is not a real date.
    public static func number(_ iso: String) -> Int? {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= Period.daysIn(month: m, year: y) else { return nil }
        return number(year: y, month: m, day: d)
    }

    public static func number(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func iso(_ n: Int) -> String {
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    public static func weekday(_ n: Int) -> Int { ((n % 7 + 7) % 7 + 3) % 7 + 1 }

    public static func weekday(of iso: String) -> Int? { number(iso).map(weekday) }

    /// 一 … 日.
    public static let weekdayNames = ["一", "二", "三", "四", "五", "六", "日"]

    public static func weekdayTitle(_ iso: String) -> String {
        weekday(of: iso).map { "周" + weekdayNames[$0 - 1] } ?? ""
    }
}

/// The public holidays (放假) and the weekend days worked instead (调休上班) of the years the
/// State Council has announced, as the office keeps them (Resources/holidays, copied into the
/// data file and edited in the program when the next notice comes out). A year the office has not
/// entered yet is provisional (暂定): its statutory holidays are off and no weekend is worked.
public struct HolidayCalendar: Equatable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// 放假: no duty.
        case off
        /// 调休上班: a weekend day that is a working day.
        case work

        public var title: String { self == .off ? "放假" : "调休上班" }
    }

    public struct Day: Equatable, Codable, Sendable {
        public var date: String
        public var kind: Kind
        /// 春节, 国庆节 …
        public var name: String

        public init(date: String, kind: Kind, name: String) {
            self.date = date
            self.kind = kind
            self.name = name
        }
    }

    /// A year the calendar covers, with the notice it was taken from.
    public struct Year: Equatable, Codable, Sendable {
        public var year: Int
        public var source: String

        public init(year: Int, source: String) {
            self.year = year
            self.source = source
        }
    }

    public var years: [Year]
    public private(set) var days: [String: Day]

    public init(years: [Year], days: [Day]) {
        self.years = years.sorted { $0.year < $1.year }
        self.days = Dictionary(days.map { ($0.date, $0) }, uniquingKeysWith: { _, b in b })
    }

    public static let empty = HolidayCalendar(years: [], days: [])

    public func covers(_ year: Int) -> Bool { years.contains { $0.year == year } }

    /// Not yet entered from its notice: the year's days are its statutory holidays only, 暂定.
    public func isProvisional(year: Int) -> Bool { !covers(year) }

    /// The provisional years among those of a span of days.
    public func provisionalYears(from start: String, to end: String) -> [Int] {
        guard let first = Int(start.prefix(4)), let last = Int(end.prefix(4)), first <= last else { return [] }
        return (first...last).filter { isProvisional(year: $0) }
    }

    /// The day as the calendar has it: the office's entry, else in a provisional year the statutory
    /// holiday ("春节（法定，暂定）"), else nil for an ordinary day.
    public func day(_ iso: String) -> Day? {
        if let d = days[iso] { return d }
        guard let year = Int(iso.prefix(4)), isProvisional(year: year) else { return nil }
        return StatutoryHolidays.provisionalDays(in: year)[iso]
    }

    /// What a rota and its 公示 say of provisional years, nil when there are none.
    public static func provisionalNote(_ years: [Int]) -> String? {
        guard !years.isEmpty else { return nil }
        return years.map { "\($0)年" }.joined(separator: "、") + "节假日安排尚未公布，按法定节日暂定，公布后请重新排班"
    }

    /// Monday to Friday unless a holiday; a 调休 weekend day is a working day.
    public func isWorkingDay(_ iso: String) -> Bool {
        if let d = day(iso) { return d.kind == .work }
        return (CivilDay.weekday(of: iso) ?? 1) <= 5
    }

    func isWorkingDay(number n: Int) -> Bool { isWorkingDay(CivilDay.iso(n)) }

    /// The day itself if it is a working day, else the first working day after it.
    public func nextWorkingDay(onOrAfter iso: String) -> String {
        guard var n = CivilDay.number(iso) else { return iso }
        // Holidays run at most a few weeks; the bound only guards against a malformed calendar.
        for _ in 0..<60 where !isWorkingDay(number: n) { n += 1 }
        return CivilDay.iso(n)
    }

    /// What a day is called when it is not an ordinary day: 国庆节, 调休上班（国庆节）, 周六.
    public func describe(_ iso: String) -> String? {
        if let d = day(iso) { return d.kind == .off ? d.name : "调休上班（\(d.name)）" }
        guard let w = CivilDay.weekday(of: iso), w >= 6 else { return nil }
        return "周" + CivilDay.weekdayNames[w - 1]
    }

    /// The days of one year, in date order (a provisional year's statutory holidays).
    public func days(in year: Int) -> [Day] {
        if isProvisional(year: year) { return StatutoryHolidays.provisionalDays(in: year).values.sorted { $0.date < $1.date } }
        return days.values.filter { $0.date.hasPrefix("\(year)-") }.sorted { $0.date < $1.date }
    }

    // MARK: The shipped file

    /// Resources/holidays/*.json: `{years: [{year, source, holidays: [{name, off: [from, to], work: [dates]}]}]}`.
    struct File: Decodable {
        struct YearEntry: Decodable {
            var year: Int
            var source: String
            var holidays: [Holiday]
        }
        struct Holiday: Decodable {
            var name: String
            /// First and last day off (one date for a single day).
            var off: [String]
            var work: [String]
        }
        var years: [YearEntry]
    }

    /// Decodes and checks the shipped calendar; a problem names the file and the entry.
    public static func load(data: Data, file: String) throws -> HolidayCalendar {
        let decoded: File
        do { decoded = try JSONDecoder().decode(File.self, from: data) } catch {
            throw ProfileError(file: file, field: "", message: "节假日文件无法读取（\(error)）")
        }
        var years: [Year] = []
        var days: [Day] = []
        for (i, y) in decoded.years.enumerated() {
            years.append(Year(year: y.year, source: y.source))
            for (j, h) in y.holidays.enumerated() {
                let field = "years[\(i)].holidays[\(j)]"
                guard (1...2).contains(h.off.count), let first = CivilDay.number(h.off[0]),
                      let last = CivilDay.number(h.off.last!), first <= last, last - first < 31 else {
                    throw ProfileError(file: file, field: field + ".off", message: "应为放假的第一天和最后一天（YYYY-MM-DD）")
                }
                for n in first...last { days.append(Day(date: CivilDay.iso(n), kind: .off, name: h.name)) }
                for w in h.work {
                    guard CivilDay.number(w) != nil else { throw ProfileError(file: file, field: field + ".work", message: "日期「\(w)」无效") }
                    days.append(Day(date: w, kind: .work, name: h.name))
                }
            }
        }
        return HolidayCalendar(years: years, days: days)
    }
}
