import Foundation
import StudioCore

/// What an entry form hands its save: every field's value read by its kind, so a save never parses text.
/// `text` and `choice` are as typed (trimmed) and as chosen; `date` and `int`/`number` are the values the
/// form read from a `.date` or `.number` field, present whenever the field is required (the form does not
/// call the save otherwise); the `…IfAny` forms are for fields that may be left empty.
public struct FormValues {
    /// Each field's text as typed, by field id.
    public let typed: [String: String]
    var dates: [String: CivilDate] = [:]
    var numbers: [String: Double] = [:]

    public init(typed: [String: String]) { self.typed = typed }

    public func text(_ id: String) -> String { typed[id] ?? "" }

    /// The chosen option's text.
    public func choice(_ id: String) -> String { typed[id] ?? "" }

    /// The option whose title was chosen, nil when none is (an empty list).
    public func choice<T>(_ id: String, in options: [T], title: (T) -> String) -> T? {
        options.first { title($0) == typed[id] }
    }

    /// A required date field's day.
    public func date(_ id: String) -> CivilDate {
        guard let d = dates[id] else { preconditionFailure("form field \(id) is not a required date") }
        return d
    }

    /// A date field's day, nil when it was left empty.
    public func dateIfAny(_ id: String) -> CivilDate? { dates[id] }

    /// A required whole-number field's value.
    public func int(_ id: String) -> Int { Int(number(id)) }

    /// A whole-number field's value, nil when it was left empty.
    public func intIfAny(_ id: String) -> Int? { numbers[id].map { Int($0) } }

    /// A required number field's value.
    public func number(_ id: String) -> Double {
        guard let n = numbers[id] else { preconditionFailure("form field \(id) is not a required number") }
        return n
    }

    /// A number field's value, nil when it was left empty.
    public func numberIfAny(_ id: String) -> Double? { numbers[id] }

    // MARK: Reading

    /// Reads the typed text of `fields`: the values, and the problem of each date or number field that does not read.
    static func read(_ typed: [String: String], fields: [EntryFormScreen.Field]) -> (values: FormValues, problems: [String: String]) {
        var out = FormValues(typed: typed)
        var problems: [String: String] = [:]
        for f in fields {
            let raw = (typed[f.id] ?? "").trimmingCharacters(in: .whitespaces)
            switch f.kind {
            case .date(let today, let required, let notAfterToday):
                switch readDate(raw, today: today(), required: required, notAfterToday: notAfterToday) {
                case .success(let d): out.dates[f.id] = d
                case .failure(let p): problems[f.id] = p.message
                }
            case .number(let range, let whole, let required, _, let message):
                switch readNumber(raw, range: range, whole: whole, required: required) {
                case .success(let n): out.numbers[f.id] = n
                case .failure(let p): problems[f.id] = message ?? p.message
                }
            case .text, .choice, .multiline:
                break
            }
        }
        return (out, problems)
    }

    /// A field's problem, said under it.
    struct Problem: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    static let dateGuidance = "可输入 t（今天）、y（昨天）、2026-3-5、3.5"

    /// A date as the forms read it: empty is nil (a problem when `required`), else DateInput's reading of it.
    static func readDate(_ raw: String, today: Date, required: Bool = true, notAfterToday: Bool = false) -> Result<CivilDate?, Problem> {
        let raw = raw.trimmingCharacters(in: .whitespaces)
        if raw.isEmpty { return required ? .failure(Problem("请填写日期")) : .success(nil) }
        guard let iso = DateInput.parse(raw, today: today), let day = CivilDate(exactISO: iso) else {
            return .failure(Problem("日期「\(raw)」无法识别：\(dateGuidance)"))
        }
        if notAfterToday && iso > DateInput.iso(today) { return .failure(Problem("日期不能晚于今天")) }
        return .success(day)
    }

    /// A number as the forms read it: ASCII or full-width digits, a sign and (unless `whole`) a decimal point.
    static func readNumber(_ raw: String, range: ClosedRange<Double>?, whole: Bool, required: Bool = true) -> Result<Double?, Problem> {
        let raw = String(raw.trimmingCharacters(in: .whitespaces).unicodeScalars.map { s in
            (0xFF10...0xFF19).contains(s.value) ? Character(Unicode.Scalar(s.value - 0xFF10 + 0x30)!) : s.value == 0xFF0E ? "." : Character(s)
        })
        let wanted = whole ? "整数" : "数字"
        if raw.isEmpty { return required ? .failure(Problem("请填写\(wanted)")) : .success(nil) }
        guard let n = whole ? Int(raw).map(Double.init) : Double(raw), n.isFinite else {
            return .failure(Problem("「\(raw)」不是\(wanted)"))
        }
        if let range, !range.contains(n) {
            let lo = Scoring.points(range.lowerBound), hi = Scoring.points(range.upperBound)
            return .failure(Problem(range.upperBound >= 1e9 ? "应为不小于 \(lo) 的\(wanted)" : "应为 \(lo)–\(hi) 之间的\(wanted)"))
        }
        return .success(n)
    }
}
