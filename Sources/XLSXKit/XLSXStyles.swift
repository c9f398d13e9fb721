// XLSXKit: styles (which cells are dates) and number formats.
import Foundation
import XMLCoder

private struct StylesXML: Decodable {
    var numFmts: NumFmts?
    var cellXfs: CellXfs?
    struct NumFmts: Decodable { var numFmt: [NumFmt] }
    struct NumFmt: Decodable { var numFmtId: String?; var formatCode: String? }
    struct CellXfs: Decodable { var xf: [Xf] }
    struct Xf: Decodable { var numFmtId: String? }
}

extension XLSXWorkbookInfo {
    /// Date kind per cellXfs index (the cell's s attribute).
    func loadDateKinds(package: XLSXPackage) throws -> [XLSXDateKind] {
        let part = part(ofType: "/styles", fallback: "xl/styles.xml")
        guard let data = try package.data(part) else { return [] }
        let styles = try decodePart(StylesXML.self, data, part: part, fileName: package.fileName)
        var custom: [Int: String] = [:]
        for fmt in styles.numFmts?.numFmt ?? [] {
            if let id = fmt.numFmtId.flatMap({ Int($0) }) { custom[id] = fmt.formatCode ?? "" }
        }
        return (styles.cellXfs?.xf ?? []).map { xf in
            let id = xf.numFmtId.flatMap { Int($0) } ?? 0
            if let code = custom[id] { return XLSXDateKind(formatCode: code) }
            return XLSXDateKind(builtinId: id)
        }
    }
}

// MARK: - Values

enum XLSXDateKind: Sendable, Equatable {
    case notDate
    case date
    case dateTime(seconds: Bool)
    case time(seconds: Bool)

    init(builtinId id: Int) {
        switch id {
        case 14...17, 27...31, 36, 50...54, 57, 58: self = .date
        case 22: self = .dateTime(seconds: false)
        case 18, 20, 32, 34, 55: self = .time(seconds: false)
        case 19, 21, 33, 35, 45...47, 56: self = .time(seconds: true)
        default: self = .notDate
        }
    }

    /// Classifies a custom format code: quoted text, [..] brackets, escapes and padding don't count.
    init(formatCode: String) {
        var letters = Set<Character>()
        var inQuote = false, inBracket = false, skipNext = false
        let section = formatCode.split(separator: ";", omittingEmptySubsequences: false).first ?? ""
        for ch in section {
            if skipNext { skipNext = false; continue }
            if inQuote { if ch == "\"" { inQuote = false }; continue }
            if inBracket {
                if ch == "]" { inBracket = false }
                else if "hHsS".contains(ch) { letters.insert(Character(ch.lowercased())) }  // [h]:mm elapsed time
                continue
            }
            switch ch {
            case "\"": inQuote = true
            case "[": inBracket = true
            case "\\", "_", "*": skipNext = true
            default: letters.insert(Character(ch.lowercased()))
            }
        }
        let hasTime = letters.contains("h") || letters.contains("s")
        let hasDate = letters.contains("y") || letters.contains("d") || (letters.contains("m") && !hasTime)
        let seconds = letters.contains("s")
        switch (hasDate, hasTime) {
        case (true, true): self = .dateTime(seconds: seconds)
        case (true, false): self = .date
        case (false, true): self = .time(seconds: seconds)
        default: self = .notDate
        }
    }
}

enum XLSXCellValue {
    /// Excel-like text for a numeric cell: no ".0", no exponent for phone-sized integers, 15 significant digits.
    static func number(_ raw: String) -> String {
        let utf8 = raw.utf8
        if !utf8.isEmpty, utf8.count <= 18,
           utf8.enumerated().allSatisfy({ ($1 >= 0x30 && $1 <= 0x39) || ($0 == 0 && $1 == 0x2D && utf8.count > 1) }) {
            return raw
        }
        if let plain = plainDecimal(utf8) { return plain }
        guard let d = Double(raw.trimmingCharacters(in: .whitespaces)), d.isFinite else { return raw }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        let g = String(format: "%.15g", d)
        if g.contains("e"), let dec = Decimal(string: g) { return "\(dec)" }
        return g
    }

    /// "-12.50" -> "-12.5" without going through Double, when it has at most 15 significant digits.
    private static func plainDecimal(_ utf8: String.UTF8View) -> String? {
        var bytes = Array(utf8)
        guard let dot = bytes.firstIndex(of: 0x2E), dot > (bytes.first == 0x2D ? 1 : 0) else { return nil }
        var digits = 0, leading = true
        for (i, b) in bytes.enumerated() where !(i == 0 && b == 0x2D) && i != dot {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            if b != 0x30 { leading = false }
            if !leading { digits += 1 }
        }
        guard digits <= 15 else { return nil }
        while bytes.last == 0x30 { bytes.removeLast() }
        if bytes.last == 0x2E { bytes.removeLast() }
        if bytes == [0x2D, 0x30] || bytes == [0x2D] { return "0" }
        return String(decoding: bytes, as: UTF8.self)
    }
}
