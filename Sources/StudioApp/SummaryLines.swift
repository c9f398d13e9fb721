import Foundation
import StudioCore
import StudioExport
import StudioPrint
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

    /// Draws `lines` from `top` below `bodyTop`, with the position (or `message`) on the area's last row; keeps `top`
    /// in range and sets `page` to the rows shown.
    static func renderBody(_ lines: [(text: String, style: Style)], top: inout Int, page: inout Int, message: String,
                           into buffer: inout Buffer, area: Rect, bodyTop: Int) {
        let col = area.col + 1, width = area.width - 2
        page = max(1, area.bottom - 1 - bodyTop)
        top = min(top, max(0, lines.count - page))
        for (i, line) in lines.dropFirst(top).prefix(page).enumerated() {
            buffer.put(line.text, row: bodyTop + i, col: col, maxWidth: width, style: line.style)
        }
        let foot = message.isEmpty ? "第 \(min(lines.count, top + 1))–\(min(lines.count, top + page)) / \(lines.count) 行" : message
        buffer.put(foot, row: area.bottom - 1, col: col, maxWidth: width, style: message.isEmpty ? .muted : .accent)
    }

    /// The print form of a 总结 on the official page: the PDF's path, then the pages and the faces used.
    static func printForm(_ context: AppContext, title: String, what: String, suggested: String,
                          make: @escaping () throws -> OfficialDocument) -> Screen {
        EntryFormScreen(
            title: title,
            fields: [.init("path", "PDF 文件", .text(maxLength: 240), guidance: "A4 公文版式：天头 37 mm，订口 28 mm，版心 156 × 225 mm")],
            values: ["path": suggested],
            writes: false
        ) { v in
            let path = context.filePath(v.text("path"), ext: ".pdf")
            guard !path.isEmpty else { return .issues(["path": "请填写 PDF 文件的路径"]) }
            do {
                let doc = try make()
                let pages = try doc.render(to: path)
                return .saved(.push(MessageDialog(title: "已生成", message: "\(what)：\(path)（\(pages) 页）\n字体：\(doc.fonts.note)")))
            } catch {
                return .issues(["path": OutputFile.message(for: error, path: path)])
            }
        }
    }
}
