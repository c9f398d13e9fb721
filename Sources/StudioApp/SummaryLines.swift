import StudioCore
import TerminalKit

/// A 总结's sections as screen lines, for the studio's 年度工作总结 and the office's 总结材料 alike: headings accented,
/// the own sections marked for `e`, paragraphs wrapped by display width, tables as rows (a two-column tally, name and
/// count, as one wrapped line).
enum SummaryLines {
    static func layout(_ sections: [SummarySection], width: Int) -> [(text: String, style: Style)] {
        let width = max(6, width)  // a terminal resized very small still wraps somewhere
        var out: [(String, Style)] = []
        for s in sections {
            out.append((s.heading + (s.own ? "（按 e 填写）" : ""), .accent))
            for b in s.blocks {
                switch b {
                case .paragraph(let p):
                    let style: Style = s.own && p == "（未填写）" ? .warning : .normal
                    out += DialogBox.wrap(p, width: width - 2).map { ("  " + $0, style) }
                case .table(let header, let rows) where header.count == 2:
                    let line = header[0] + "：" + rows.map { "\($0[0]) \($0.count > 1 ? $0[1] : "")" }.joined(separator: "、")
                    out += DialogBox.wrap(line, width: width - 2).map { ("  " + $0, .normal) }
                case .table(let header, let rows):
                    out.append(("  " + header.joined(separator: "｜"), .muted))
                    for r in rows { out += DialogBox.wrap(r.joined(separator: "｜"), width: width - 2).map { ("  " + $0, .normal) } }
                }
            }
            out.append(("", .normal))
        }
        return out
    }

    /// Up/Down/PgUp/PgDn move `top`; true when the key was one of them.
    static func scroll(_ key: Key, top: inout Int, page: Int) -> Bool {
        switch key {
        case .up: top = max(0, top - 1)
        case .down: top += 1
        case .pageUp: top = max(0, top - page)
        case .pageDown: top += page
        default: return false
        }
        return true
    }
}
