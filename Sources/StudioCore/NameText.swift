import Foundation

/// Text that names something — a member, a studio, a record's title — is what clerks search, sort and compare by
/// eye. Characters that do not show (control and format characters: bidi overrides, zero-width joiners, the BOM,
/// the soft hyphen) or that break the line (U+2028, U+2029, CR, LF) make two names look alike or a list
/// line lie, so they are refused where a name is entered: by the forms' validators and by every import.
public enum NameText {
    /// The first character a name may not hold, or nil. Decided by Unicode's general category, not a list.
    public static func hiddenCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { s in
            // Printable ASCII and the common CJK ideographs are neither (no property lookup for most characters of a large import).
            if (0x20...0x7E).contains(s.value) || (0x4E00...0x9FFF).contains(s.value) { return false }
            switch s.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: return true
            default: return false
            }
        }
    }

    /// What is wrong, without the remedy: 含有不可见字符 U+202E（从右至左覆盖）.
    public static func problem(_ text: String) -> String? {
        guard let s = hiddenCharacter(in: text) else { return nil }
        let what = isLineBreak(s) ? "换行符" : "不可见字符"
        return "含有\(what) \(code(s))（\(describe(s))）"
    }

    /// The message a form shows under the field.
    public static func issue(field: String, _ text: String) -> FieldIssue? {
        problem(text).map { FieldIssue(field: field, message: $0 + "，请删除") }
    }

    /// U+202E.
    public static func code(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    static func isLineBreak(_ s: Unicode.Scalar) -> Bool {
        s == "\n" || s == "\r" || s.properties.generalCategory == .lineSeparator || s.properties.generalCategory == .paragraphSeparator
    }

    /// A clerk's name for the character: the ones pasted from web pages and chat by name, the rest by kind.
    static func describe(_ s: Unicode.Scalar) -> String {
        switch s.value {
        case 0x0A: return "换行"
        case 0x0D: return "回车"
        case 0x09: return "制表符"
        case 0x2028: return "行分隔符"
        case 0x2029: return "段落分隔符"
        case 0x202E: return "从右至左覆盖"
        case 0x202D: return "从左至右覆盖"
        case 0x200B: return "零宽空格"
        case 0x200C: return "零宽不连字"
        case 0x200D: return "零宽连接符"
        case 0xFEFF: return "零宽不换行空格/BOM"
        case 0x00AD: return "软连字符"
        default: break
        }
        if s.properties.isBidiControl { return "文字方向控制符" }
        if s.properties.isDefaultIgnorableCodePoint { return "零宽字符" }
        return s.properties.generalCategory == .control ? "控制字符" : "格式字符"
    }
}
