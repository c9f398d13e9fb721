import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// The store's compliance (`AppDatabase.studioCompliance`) with the context's profiles and today.
extension StudioCompliance {
    static func load(_ context: AppContext, studio: Studio, year: Int, quarter: Int? = nil) throws -> StudioCompliance {
        try context.db.studioCompliance(studio, year: year, quarter: quarter, profiles: context.profiles, today: DateInput.iso(context.today()))
    }
}

/// 达标情况: each minimum of the studio's rules for the year — required, done, short, due date;
/// for per-member minimums (值班) who is short.
public final class ComplianceScreen: Screen {
    let context: AppContext
    let studioID: Int64
    let year: Int
    var compliance: StudioCompliance?
    var docs: [YearDoc] = []
    var table = TableView(columns: [
        TableColumn("要求", width: 24, flex: 3),
        TableColumn("期间", width: 7, fit: .keep),
        TableColumn("完成", width: 10, fit: .keep),
        TableColumn("差额", width: 10, fit: .keep),
        TableColumn("截止", width: 5, fit: .keep),
        TableColumn("状态", width: 6, fit: .keep),
    ])
    var error = ""

    public init(context: AppContext, studioID: Int64, year: Int) {
        self.context = context
        self.studioID = studioID
        self.year = year
        reload()
    }

    public var title: String { "达标情况：" + (compliance?.studio.name ?? "") }
    public var hints: [KeyHint] { [CommonKeys.back, CommonKeys.help] }
    public var helpHints: [KeyHint] {
        [KeyHint(key: "Up/Down", label: "上下移动；值班等按人计算的要求在下方列出未完成的成员"), CommonKeys.back]
    }

    func reload() {
        do {
            if let s = try context.db.studio(id: studioID) {
                compliance = try StudioCompliance.load(context, studio: s, year: year)
                docs = try context.db.yearDocs(studioID: studioID, year: year)
            }
        } catch {
            self.error = "\(error)"
        }
        table.setCount(compliance?.lines.count ?? 0)
    }

    public func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        return key == .escape ? .pop : .stay
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        guard let c = compliance else {
            buffer.put(error.isEmpty ? "找不到这个工作室。" : error, row: area.row + 1, col: col + 1, style: .error)
            return
        }
        buffer.put("\(c.studio.name)  \(year)年  适用规则：\(c.profile?.name ?? c.studio.profileID)", row: area.row, col: col, maxWidth: area.width - 2, style: .accent)
        let docText = YearDocKind.allCases.map { k in "\(k.title)：" + (docs.first { $0.kind == k }.map { DateInput.chinese($0.date) } ?? "未填") }
        buffer.put(docText.joined(separator: "  "), row: area.row + 1, col: col, maxWidth: area.width - 2,
                   style: docs.count == YearDocKind.allCases.count ? .normal : .muted)
        let detailRows = 4
        let tableArea = Rect(row: area.row + 3, col: col, width: area.width - 2, height: area.height - 4 - detailRows)
        table.render(into: &buffer, area: tableArea) { i in
            let l = c.lines[i]
            // The year is in the heading: periods and dates without it.
            return [l.text, l.period.shortTitle, l.doneText, l.briefText, String(l.period.end.dropFirst(5)), l.state.title]
        }
        // Colour the state column of lines that are not met.
        let widths = table.layout(width: tableArea.width)
        let x = tableArea.col + widths.prefix(5).reduce(0, +) + 5
        for (n, i) in table.visibleRange.enumerated() where i != table.selected && c.lines[i].short > 0 {
            buffer.restyle(Rect(row: tableArea.row + 1 + n, col: x, width: widths[5], height: 1), style: c.lines[i].state == .missed ? .error : .warning)
        }
        if c.lines.isEmpty {
            buffer.put("本地规则没有规定活动的最低次数。", row: tableArea.row + 2, col: col + 2, style: .muted)
            return
        }
        guard c.lines.indices.contains(table.selected) else { return }
        let l = c.lines[table.selected]
        var y = area.bottom - detailRows
        let due = l.short == 0 ? "已完成" : l.daysLeft >= 0 ? "截止 \(DateInput.chinese(l.period.end))，还有 \(l.daysLeft) 天" : "期间已过（\(DateInput.chinese(l.period.end))）"
        buffer.put("\(l.text)：\(due)", row: y, col: col, maxWidth: area.width - 2, style: .accent)
        y += 1
        if l.scope == "member" {
            let text = l.members.isEmpty ? "每位成员都已完成。" : "未完成：" + l.members.map { m in
                l.mode == .eachMode ? "\(m.name)（" + [m.online > 0 ? "线上差\(m.online)" : nil, m.offline > 0 ? "线下差\(m.offline)" : nil].compactMap { $0 }.joined(separator: "，") + "）"
                    : "\(m.name)（差\(m.any)）"
            }.joined(separator: "、")
            for line in DialogBox.wrap(text, width: area.width - 3).prefix(detailRows - 1) {
                buffer.put(line, row: y, col: col, maxWidth: area.width - 2)
                y += 1
            }
        }
    }
}
