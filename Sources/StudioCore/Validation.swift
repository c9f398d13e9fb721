import Foundation

/// One problem with one field, worded for the clerk.
public struct FieldIssue: Equatable, Sendable {
    public enum Severity: Sendable { case error, warning }
    public var field: String
    public var message: String
    public var severity: Severity

    public init(field: String, message: String, severity: Severity = .error) {
        self.field = field
        self.message = message
        self.severity = severity
    }
}

/// Chinese phone numbers as clerks write them: a mobile number (13812345678,
/// +86 138 1234 5678), or a landline with area code (0571-87654321, 0571-8765432 转 801).
public enum PhoneNumber {
    public static func isValid(_ raw: String) -> Bool {
        var s = raw.trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return false }
        // An extension may follow: 转801, -801 after a full landline, ext. 801.
        for sep in ["转", "ext.", "ext", "x"] {
            if let r = s.range(of: sep) {
                let ext = s[r.upperBound...].trimmingCharacters(in: .whitespaces)
                guard !ext.isEmpty, ext.allSatisfy(\.isASCIIDigit), ext.count <= 6 else { return false }
                s = String(s[..<r.lowerBound]).trimmingCharacters(in: .whitespaces)
                break
            }
        }
        var digits = s.filter { $0 != " " && $0 != "-" }
        if digits.hasPrefix("+86") { digits.removeFirst(3) }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return false }
        if digits.count == 11, digits.first == "1", let second = digits.dropFirst().first, "3456789".contains(second) {
            return true
        }
        // Landline: 0 + 2–3 digit area code + 7–8 digit number.
        if digits.first == "0", (10...12).contains(digits.count) { return true }
        // A local number without area code (7–8 digits), as small offices often write; local
        // numbers never start with 0 or 1 (1 is a mobile number cut short).
        if s.allSatisfy({ $0.isASCIIDigit }) && (7...8).contains(digits.count) && digits.first != "0" && digits.first != "1" { return true }
        return false
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    /// 0–9 and full-width ０–９.
    var isDigitLike: Bool { isASCIIDigit || ("０"..."９").contains(self) }
}

public enum MemberValidator {
    /// Every problem with the member, field by field; empty means it may be saved.
    public static func validate(_ raw: Member) -> [FieldIssue] {
        let m = raw.normalized()
        var issues: [FieldIssue] = []
        if m.name.isEmpty {
            issues.append(FieldIssue(field: MemberField.name.rawValue, message: "姓名不能为空"))
        } else if let hidden = NameText.issue(field: MemberField.name.rawValue, m.name) {
            issues.append(hidden)
        } else if m.name.count > MemberField.name.maxLength {
            issues.append(FieldIssue(field: MemberField.name.rawValue, message: "姓名过长（最多\(MemberField.name.maxLength)个字）"))
        } else if m.name.contains(where: { $0.isDigitLike || "!@#$%^&*()<>/\\|{}[]=+_?？！，,;；:：\"'".contains($0) }) {
            // Digits only: Character.isNumber is true for 三 and 四, common in names.
            issues.append(FieldIssue(field: MemberField.name.rawValue, message: "姓名不能含数字或符号"))
        }
        if !m.phone.isEmpty && !PhoneNumber.isValid(m.phone) {
            issues.append(FieldIssue(field: MemberField.phone.rawValue,
                                     message: "联系方式格式不对：手机号为11位（如13812345678），座机带区号（如0571-87654321）"))
        }
        if let photo = m.photoPath, !photo.lowercased().hasSuffix(".png") {
            issues.append(FieldIssue(field: MemberField.photo.rawValue, message: "照片请用 PNG 文件（.png），可在图片软件中另存为 PNG"))
        }
        for field in MemberField.allCases where field != .name {
            if m[field].count > field.maxLength {
                issues.append(FieldIssue(field: field.rawValue, message: "\(field.label)过长（最多\(field.maxLength)个字）"))
            }
        }
        return issues
    }
}
