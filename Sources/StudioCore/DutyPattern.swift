import Foundation

/// How a plan's slots fall (rules.md §2.7, the patterns offices use): fixed weekdays (每周三;
/// 每周一、三、五), fixed days of the month (每月10日、20日), the nth weekday of the month
/// (每月第二周周三上午), or every working day (online, 2–3 members a day).
public struct DutyPattern: Equatable, Sendable {
    public enum Rule: Equatable, Sendable {
        /// 1 = Monday … 7 = Sunday.
        case weekdays([Int])
        case monthDays([Int])
        case nthWeekday(n: Int, weekday: Int)
        case workingDays
    }

    public var rule: Rule
    public var time: DutyTime
    public var mode: StudioMode
    /// Empty: the studio's address (线下) or its online channel (线上).
    public var place: String
    public var needed: Int

    public init(rule: Rule, time: DutyTime = .morning, mode: StudioMode = .offline, place: String = "", needed: Int = 1) {
        self.rule = rule
        self.time = time
        self.mode = mode
        self.place = place
        self.needed = needed
    }

    /// The pattern written back as the clerk would type it.
    public var text: String {
        let w = CivilDate.weekdayNames
        let r: String = switch rule {
        case .weekdays(let days): "每周" + days.map { w[$0 - 1] }.joined(separator: "、")
        case .monthDays(let days): "每月" + days.map { "\($0)日" }.joined(separator: "、")
        case .nthWeekday(let n, let wd): "每月第\(w[n - 1])周周\(w[wd - 1])"
        case .workingDays: "每个工作日"
        }
        return [r + time.title, mode.title, "\(needed)人", place.isEmpty ? nil : "@" + place].compactMap { $0 }.joined(separator: " ")
    }

    public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        public var description: String
    }

    public static let guidance = "如：每周三上午 线下；每周一、三、五下午 线上 2人；每月10日、20日 全天；每月第二周周三上午；每个工作日 线上 2人 @秦商量；时间也可写 9:00-11:30"

    static let numerals: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7, "七": 7]

    /// Reads one pattern: the rule, then in any order a time (上午/下午/全天/9:00-11:30),
    /// 线上 or 线下, "N人" and "@place". `defaultMode` applies when neither mode is named.
    public static func parse(_ text: String, defaultMode: StudioMode = .offline) throws -> DutyPattern {
        var rest = text.trimmingCharacters(in: .whitespaces)
        guard !rest.isEmpty else { throw ParseError(description: "请填写值班规律。" + guidance) }
        var place = ""
        if let at = rest.firstIndex(where: { $0 == "@" || $0 == "＠" }) {
            place = String(rest[rest.index(after: at)...]).trimmingCharacters(in: .whitespaces)
            rest = String(rest[..<at])
        }
        var mode = defaultMode
        for (word, m) in [("线上", StudioMode.online), ("线下", .offline)] where rest.contains(word) {
            mode = m
            rest = rest.replacingOccurrences(of: word, with: " ")
        }
        var needed = 1
        if let r = rest.range(of: #"([0-9]+)\s*人"#, options: .regularExpression) {
            let digits = rest[r].filter(\.isNumber)
            needed = Int(digits) ?? 0
            guard (1...3).contains(needed) else { throw ParseError(description: "每个时段值班人数应为 1 到 3 人（「\(rest[r])」）") }
            rest.removeSubrange(r)
        }
        var time = DutyTime.morning
        if let r = rest.range(of: #"[0-9]{1,2}[:：][0-9]{2}\s*[-–~至]\s*[0-9]{1,2}[:：][0-9]{2}"#, options: .regularExpression) {
            guard let t = DutyTime.parse(String(rest[r])) else { throw ParseError(description: "时间「\(rest[r])」无效：应为 9:00-11:30 这样的开始和结束时间") }
            time = t
            rest.removeSubrange(r)
        } else {
            for (word, t) in [("上午", DutyTime.morning), ("下午", .afternoon), ("全天", .allDay)] where rest.contains(word) {
                time = t
                rest = rest.replacingOccurrences(of: word, with: " ")
            }
        }
        let core = rest.filter { !$0.isWhitespace && $0 != "的" && $0 != "，" && $0 != "," }
        guard let rule = parseRule(core) else {
            throw ParseError(description: "看不懂「\(text.trimmingCharacters(in: .whitespaces))」。" + guidance)
        }
        return DutyPattern(rule: rule, time: time, mode: mode, place: place, needed: needed)
    }

    static func parseRule(_ s: String) -> Rule? {
        if ["每个工作日", "每工作日", "工作日", "每天", "每日"].contains(s) { return .workingDays }
        if s.hasPrefix("每月第") {
            // 每月第二周周三 / 每月第2个星期三 / 每月第二个周三
            var t = Substring(s.dropFirst(3))
            guard let c = t.first, let n = numerals[c] ?? c.wholeNumberValue, (1...5).contains(n) else { return nil }
            t = t.dropFirst()
            for prefix in ["个", "周"] where t.hasPrefix(prefix) { t = t.dropFirst(prefix.count) }
            for prefix in ["星期", "周", "礼拜"] where t.hasPrefix(prefix) { t = t.dropFirst(prefix.count); break }
            guard t.count == 1, let wd = numerals[t.first!] ?? t.first!.wholeNumberValue, (1...7).contains(wd) else { return nil }
            return .nthWeekday(n: n, weekday: wd)
        }
        if s.hasPrefix("每月") {
            let days = s.dropFirst(2).split(whereSeparator: { "、日号,和".contains($0) }).map(String.init)
            let values = days.compactMap { Int($0) }
            guard !values.isEmpty, values.count == days.count, values.allSatisfy({ (1...31).contains($0) }) else { return nil }
            return .monthDays(Array(Set(values)).sorted())
        }
        var t = Substring(s)
        for prefix in ["每周", "每星期", "周", "星期"] where t.hasPrefix(prefix) { t = t.dropFirst(prefix.count); break }
        guard t.count < s.count, !t.isEmpty else { return nil }
        let span = t.replacingOccurrences(of: "周", with: "")
        if span == "一至五" || span == "一到五" { return .weekdays([1, 2, 3, 4, 5]) }
        var days: [Int] = []
        for c in t where c != "、" && c != "周" {
            guard let d = numerals[c] ?? c.wholeNumberValue, (1...7).contains(d) else { return nil }
            days.append(d)
        }
        return days.isEmpty ? nil : .weekdays(Array(Set(days)).sorted())
    }

    /// Several patterns, one per line or separated by ；.
    public static func parseAll(_ text: String, defaultMode: StudioMode = .offline) throws -> [DutyPattern] {
        let parts = text.split(whereSeparator: { "；;\n".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { throw ParseError(description: "请填写值班规律。" + guidance) }
        return try parts.map { try parse($0, defaultMode: defaultMode) }
    }
}

/// The slots of a plan laid out from its patterns, with what moved for a holiday and what the
/// calendar could not say.
public struct DutyLayout: Equatable, Sendable {
    public var slots: [DutySlot]
    /// "10月1日（国庆节）顺延至10月8日".
    public var moved: [String]
    /// Years of the period whose holiday notice the office has not entered (slots there avoid the
    /// statutory holidays only, 暂定).
    public var provisionalYears: [Int]

    /// Lays out the slots of `patterns` over the period's days, in date and time order. A slot
    /// that falls on a day off moves to the next working day (调休 weekends are working days);
    /// one that would move out of the period, or onto a day the pattern already has, is dropped.
    public static func make(patterns: [DutyPattern], period: Period, calendar: HolidayCalendar, studioID: Int64,
                            defaultPlace: (StudioMode) -> String) -> DutyLayout {
        guard let first = CivilDate(iso: period.start)?.dayNumber, let last = CivilDate(iso: period.end)?.dayNumber else {
            return DutyLayout(slots: [], moved: [], provisionalYears: [])
        }
        var slots: [DutySlot] = []
        var moved: [String] = []
        func md(_ iso: String) -> String {
            let p = iso.split(separator: "-")
            return "\(Int(p[1]) ?? 0)月\(Int(p[2]) ?? 0)日"
        }
        for pattern in patterns {
            var days = Set<Int>()
            func add(_ n: Int) {
                let iso = CivilDate(dayNumber: n).iso
                if calendar.isWorkingDay(number: n) {
                    days.insert(n)
                    return
                }
                let target = calendar.nextWorkingDay(onOrAfter: iso)
                guard let t = CivilDate(iso: target)?.dayNumber, t <= last else {
                    moved.append("\(md(iso))（\(calendar.describe(iso) ?? "休息日")）顺延后超出本期，未安排")
                    return
                }
                if days.insert(t).inserted {
                    moved.append("\(md(iso))（\(calendar.describe(iso) ?? "休息日")）顺延至\(md(target))")
                }
            }
            switch pattern.rule {
            case .workingDays:
                for n in first...last where calendar.isWorkingDay(number: n) { days.insert(n) }
            case .weekdays(let wds):
                for n in first...last where wds.contains(CivilDate(dayNumber: n).weekday) { add(n) }
            case .monthDays(let mds):
                var y = period.year, m = Int(period.start.split(separator: "-")[1]) ?? 1
                while CivilDate.dayNumber(year: y, month: m, day: 1) <= last {
                    for d in mds where d <= CivilDate.daysIn(month: m, year: y) { add(CivilDate.dayNumber(year: y, month: m, day: d)) }
                    m += 1
                    if m > 12 { m = 1; y += 1 }
                }
            case .nthWeekday(let nth, let wd):
                var y = period.year, m = Int(period.start.split(separator: "-")[1]) ?? 1
                while CivilDate.dayNumber(year: y, month: m, day: 1) <= last {
                    let firstOfMonth = CivilDate.dayNumber(year: y, month: m, day: 1)
                    let offset = (wd - CivilDate(dayNumber: firstOfMonth).weekday + 7) % 7
                    let n = firstOfMonth + offset + (nth - 1) * 7
                    if n < firstOfMonth + CivilDate.daysIn(month: m, year: y) { add(n) }
                    m += 1
                    if m > 12 { m = 1; y += 1 }
                }
            }
            let place = pattern.place.isEmpty ? defaultPlace(pattern.mode) : pattern.place
            for n in days where n >= first && n <= last {
                slots.append(DutySlot(studioID: studioID, date: CivilDate(dayNumber: n).iso, time: pattern.time, mode: pattern.mode, place: place,
                                      needed: pattern.needed))
            }
        }
        slots.sort { ($0.date, $0.start, $0.mode.rawValue) < ($1.date, $1.start, $1.mode.rawValue) }
        return DutyLayout(slots: slots, moved: moved, provisionalYears: calendar.provisionalYears(from: period.start, to: period.end))
    }
}
