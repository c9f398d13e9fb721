import Foundation

/// The date shortcuts clerks type, turned into ISO dates (yyyy-MM-dd), and ISO dates
/// shown the Chinese way. "Today" is taken in the calendar's time zone.
public enum DateInput {
    /// Parses what a clerk types into an ISO date (yyyy-MM-dd): "t"/"今天" today, "y"/"昨天" yesterday, "2026-3-5", "2026/03/05",
    /// "2026.3.5", "20260305", "3-5" / "3.5" / "3/5" (this year), "2026年3月5日", "3月5日". Rejects impossible dates (2026-2-30).
    /// Full-width digits and separators (２０２６．３．５) are read like their ASCII forms; "号" may stand for "日".
    public static func parse(_ text: String, today: Date, calendar: Calendar = Calendar(identifier: .gregorian)) -> String? {
        let s = normalized(text)
        if s.isEmpty { return nil }
        switch s.lowercased() {
        case "t", "今天", "今日": return iso(today, calendar: calendar)
        case "y", "昨天", "昨日":
            guard let d = calendar.date(byAdding: .day, value: -1, to: today) else { return nil }
            return iso(d, calendar: calendar)
        default: break
        }
        let thisYear = calendar.component(.year, from: today)

        // 20260305
        if s.count == 8, s.allSatisfy(\.isASCIIDigit) {
            let chars = Array(s)
            guard let y = Int(String(chars[0..<4])), let m = Int(String(chars[4..<6])), let d = Int(String(chars[6..<8])) else { return nil }
            return make(y, m, d)
        }

        // 2026年3月5日, 3月5日 (the final 日/号 may be left off)
        if s.contains("月") {
            var rest = Substring(s)
            var year = thisYear
            if let r = rest.range(of: "年") {
                let y = rest[..<r.lowerBound]
                guard y.count == 4, let n = number(y) else { return nil }
                year = n
                rest = rest[r.upperBound...]
            }
            guard let r = rest.range(of: "月") else { return nil }
            let m = rest[..<r.lowerBound]
            var d = rest[r.upperBound...]
            if d.hasSuffix("日") || d.hasSuffix("号") { d = d.dropLast() }
            guard (1...2).contains(m.count), (1...2).contains(d.count), let mm = number(m), let dd = number(d) else { return nil }
            return make(year, mm, dd)
        }

        // 2026-3-5, 2026/03/05, 2026.3.5, 3-5, 3.5, 3/5 (one kind of separator throughout)
        guard let sep = s.first(where: { "-/.".contains($0) }) else { return nil }
        let parts = s.split(separator: sep, omittingEmptySubsequences: false)
        switch parts.count {
        case 3:
            guard parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
                  let y = number(parts[0]), let m = number(parts[1]), let d = number(parts[2]) else { return nil }
            return make(y, m, d)
        case 2:
            guard (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
                  let m = number(parts[0]), let d = number(parts[1]) else { return nil }
            return make(thisYear, m, d)
        default:
            return nil
        }
    }

    /// "2026-11-22" → "2026年11月22日" (nil-safe: returns the input if it is not ISO).
    public static func chinese(_ iso: String) -> String {
        guard let (y, m, d) = components(iso) else { return iso }
        return "\(y)年\(m)月\(d)日"
    }

    /// Today as ISO.
    public static func iso(_ date: Date, calendar: Calendar = Calendar(identifier: .gregorian)) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return format(c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// True for a real date written exactly as yyyy-MM-dd ("2026-03-05", not "2026-3-5" or "2026-02-30").
    public static func isISO(_ text: String) -> Bool {
        components(text) != nil
    }

    // MARK: - Helpers

    /// Year, month and day of an exact ISO date, nil if it is not one.
    static func components(_ iso: String) -> (Int, Int, Int)? {
        guard let (y, m, d) = CivilDate.fields(iso, exact: true), isValid(y, m, d) else { return nil }
        return (y, m, d)
    }

    static let years = 1900...2100

    static func isValid(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        guard years.contains(y), (1...12).contains(m), d >= 1 else { return false }
        return d <= CivilDate.daysIn(month: m, year: y)
    }

    static func make(_ y: Int, _ m: Int, _ d: Int) -> String? {
        isValid(y, m, d) ? format(y, m, d) : nil
    }

    static func format(_ y: Int, _ m: Int, _ d: Int) -> String { CivilDate.format(y, m, d) }

    static func number<S: StringProtocol>(_ s: S) -> Int? {
        guard !s.isEmpty, s.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(String(s))
    }

    /// Trims spaces and turns full-width digits and separators into ASCII.
    static func normalized(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF10...0xFF19: out.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0xFF0D, 0x2014, 0x2013: out.append("-")   // －, —, –
            case 0xFF0F: out.append("/")                   // ／
            case 0xFF0E, 0x3002: out.append(".")           // ．, 。
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out.filter { !$0.isWhitespace }
    }
}
