import Foundation

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
        return (CivilDate.weekday(of: iso) ?? 1) <= 5
    }

    func isWorkingDay(number n: Int) -> Bool { isWorkingDay(CivilDate(dayNumber: n).iso) }

    /// The day itself if it is a working day, else the first working day after it.
    public func nextWorkingDay(onOrAfter iso: String) -> String {
        guard var n = CivilDate(iso: iso)?.dayNumber else { return iso }
        // Holidays run at most a few weeks; the bound only guards against a malformed calendar.
        for _ in 0..<60 where !isWorkingDay(number: n) { n += 1 }
        return CivilDate(dayNumber: n).iso
    }

    /// What a day is called when it is not an ordinary day: 国庆节, 调休上班（国庆节）, 周六.
    public func describe(_ iso: String) -> String? {
        if let d = day(iso) { return d.kind == .off ? d.name : "调休上班（\(d.name)）" }
        guard let w = CivilDate.weekday(of: iso), w >= 6 else { return nil }
        return "周" + CivilDate.weekdayNames[w - 1]
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
                guard (1...2).contains(h.off.count), let first = CivilDate(iso: h.off[0])?.dayNumber,
                      let last = CivilDate(iso: h.off.last!)?.dayNumber, first <= last, last - first < 31 else {
                    throw ProfileError(file: file, field: field + ".off", message: "应为放假的第一天和最后一天（YYYY-MM-DD）")
                }
                for n in first...last { days.append(Day(date: CivilDate(dayNumber: n).iso, kind: .off, name: h.name)) }
                for w in h.work {
                    guard CivilDate(iso: w) != nil else { throw ProfileError(file: file, field: field + ".work", message: "日期「\(w)」无效") }
                    days.append(Day(date: w, kind: .work, name: h.name))
                }
            }
        }
        return HolidayCalendar(years: years, days: days)
    }
}
