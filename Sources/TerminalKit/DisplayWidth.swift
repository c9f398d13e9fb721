import CNcursesw
import Foundation

/// Display columns of text, as the terminal draws it: Chinese takes 2 columns,
/// Latin 1, combining marks 0. Never use `String.count` for layout.
public enum DisplayWidth {
    /// wcwidth answers by LC_CTYPE; in a C locale it knows no Chinese. The program
    /// refuses non-UTF-8 locales before drawing, so this only matters in tests and
    /// plain command-line output, where C.UTF-8 gives the same table.
    private static let localeReady: Bool = {
        if String(cString: sd_codeset()).uppercased().replacingOccurrences(of: "-", with: "") != "UTF8" {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
        return true
    }()

    public static func of(_ c: Character) -> Int {
        if c.isASCII { return 1 }  // control characters are drawn as a space
        _ = localeReady
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        // Emoji presentation selector makes a narrow base wide.
        if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        let w = Int(sd_wcwidth(wchar_t(bitPattern: first.value)))
        if w >= 0 { return min(w, 2) }
        return fallbackWidth(first)
    }

    public static func of<S: StringProtocol>(_ s: S) -> Int {
        var total = 0
        for c in s { total += of(c) }
        return total
    }

    /// When wcwidth has no answer (no UTF-8 locale could be set): the East Asian
    /// Wide and Fullwidth blocks are 2, control characters are drawn as one '?'.
    static func fallbackWidth(_ s: Unicode.Scalar) -> Int {
        switch s.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        case 0x0300...0x036F, 0x200B...0x200F:
            return 0
        default:
            return 1
        }
    }

    /// The longest prefix that fits in `width` columns; a wide character that
    /// would straddle the edge is left out, never cut.
    public static func prefix<S: StringProtocol>(_ s: S, fitting width: Int) -> String {
        var used = 0
        var out = ""
        for c in s {
            let w = of(c)
            if used + w > width { break }
            used += w
            out.append(c)
        }
        return out
    }

    /// Fits text to `width` columns, ending with `marker` when something was cut.
    /// "~" rather than "…": the ellipsis is ambiguous-width and shifts columns in
    /// terminals set up for Chinese.
    /// `wholeNumbers`: a cut never falls inside a number ("提交12次" → "提交~", not "提交1~", which reads as a count).
    public static func truncate<S: StringProtocol>(_ s: S, to width: Int, marker: String = "~", wholeNumbers: Bool = false) -> String {
        if width <= 0 { return "" }
        if of(s) <= width { return String(s) }
        let mw = of(marker)
        if mw >= width { return prefix(marker, fitting: width) }
        var kept = prefix(s, fitting: width - mw)
        if wholeNumbers, let next = s.dropFirst(kept.count).first, next.isASCII, next.isNumber {
            while let last = kept.last, last.isASCII, last.isNumber || last == "." { kept.removeLast() }
        }
        return kept + marker
    }

    /// Fits a path to `width` columns by cutting out of its middle with `marker`, keeping the start and as much of
    /// the end (the file name) as fits: "/home/clerk/~/2026/明湖区.sqlite".
    public static func truncateMiddle<S: StringProtocol>(_ s: S, to width: Int, marker: String = "~") -> String {
        if width <= 0 { return "" }
        if of(s) <= width { return String(s) }
        let room = width - of(marker)
        if room <= 0 { return prefix(marker, fitting: width) }
        // The file name and the separator before it, when they leave a few columns for the start.
        let name = s.lastIndex(of: "/").map { String(s[$0...]) } ?? String(s)
        let tail = min(of(name), max(room / 2, room - 8))
        let end = suffix(s, fitting: tail)
        return prefix(s, fitting: room - of(end)) + marker + end
    }

    /// The longest suffix that fits in `width` columns.
    public static func suffix<S: StringProtocol>(_ s: S, fitting width: Int) -> String {
        var used = 0
        var out: [Character] = []
        for c in s.reversed() {
            let w = of(c)
            if used + w > width { break }
            used += w
            out.append(c)
        }
        return String(out.reversed())
    }

    public enum Alignment: Sendable { case left, right, center }

    /// Exactly `width` columns: truncated with a marker if too long, padded with spaces if short.
    public static func pad<S: StringProtocol>(_ s: S, to width: Int, align: Alignment = .left, marker: String = "~", wholeNumbers: Bool = false) -> String {
        let t = truncate(s, to: width, marker: marker, wholeNumbers: wholeNumbers)
        let gap = max(0, width - of(t))
        switch align {
        case .left: return t + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + t
        case .center:
            let l = gap / 2
            return String(repeating: " ", count: l) + t + String(repeating: " ", count: gap - l)
        }
    }
}
