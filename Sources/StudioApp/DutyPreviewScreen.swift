import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

/// A generated rota before it is saved: the rule line, what cannot be met and the fix, holiday
/// moves, and every slot; F2 saves, Esc discards.
final class DutyPreviewScreen: Screen {
    let context: AppContext
    let proposal: DutyProposal
    let studio: Studio
    var table = TableView(columns: [
        TableColumn("日期", width: 10),
        TableColumn("星期", width: 4),
        TableColumn("时间", width: 11),
        TableColumn("形式", width: 4),
        TableColumn("地点/渠道", width: 10, flex: 1),
        TableColumn("值班委员", width: 16, flex: 2),
    ])
    let names: [Int64: String]
    var notes: [(String, Style)] = []

    init(context: AppContext, proposal: DutyProposal, studio: Studio) {
        self.context = context
        self.proposal = proposal
        self.studio = studio
        names = Dictionary(uniqueKeysWithValues: proposal.members.map { ($0.id, $0.name) })
        table.setCount(proposal.rota.slots.count)
        if let note = HolidayCalendar.provisionalNote(proposal.layout.provisionalYears) { notes.append((note + "（值班排班 > 节假日 中录入）", .warning)) }
        for p in proposal.rota.problems { notes.append(("无法满足：\(p.text)。建议：\(p.fix)", .warning)) }
        if !proposal.layout.moved.isEmpty { notes.append(("节假日顺延：" + proposal.layout.moved.joined(separator: "；"), .muted)) }
        let loads = proposal.members.map { "\($0.name)\(proposal.rota.load(of: $0.id))" }
        if !loads.isEmpty { notes.append(("每人次数：" + loads.joined(separator: " "), .muted)) }
    }

    var title: String { "预览：\(studio.name)" }
    var hints: [KeyHint] { [KeyHint(key: "F2", label: "保存"), KeyHint(key: "Esc", label: "放弃"), CommonKeys.help] }
    var helpHints: [KeyHint] {
        [KeyHint(key: "F2", label: "保存这份值班表（替换今天起尚未记录的时段）"), KeyHint(key: "Esc", label: "放弃，不保存"),
         KeyHint(key: "Up/Down", label: "上下移动"), KeyHint(key: "PgUp/PgDn", label: "翻页")]
    }

    func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        switch key {
        case .function(2), .ctrl("s"):
            do {
                try context.db.saveDutyPlan(proposal.plan, slots: proposal.rota.slots, today: DateInput.iso(context.today()))
                return .pop
            } catch {
                return .push(MessageDialog(title: "保存失败", message: "\(error)", isError: true))
            }
        case .escape: return .pop
        default: return .stay
        }
    }

    /// Wraps at spaces so "杨淑珍4" stays whole; a word wider than the line wraps anywhere.
    static func wrapWords(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ").map(String.init) {
            let candidate = line.isEmpty ? word : line + " " + word
            if DisplayWidth.of(candidate) <= width { line = candidate; continue }
            if !line.isEmpty { lines.append(line) }
            line = word
            if DisplayWidth.of(word) > width {
                let parts = DialogBox.wrap(word, width: width)
                lines += parts.dropLast()
                line = parts.last ?? ""
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1, width = area.width - 2
        let kept = proposal.kept > 0 ? "（保留已过去或已记录的 \(proposal.kept) 个）" : ""
        buffer.put("\(proposal.plan.period.title)：\(proposal.rota.slots.count) 个时段\(kept)。按 F2 保存，Esc 放弃", row: area.row, col: col, maxWidth: width, style: .accent)
        let summary = proposal.summary
        buffer.put(summary.text, row: area.row + 1, col: col, maxWidth: width, style: summary.ok ? .accent : .warning)
        // Notes wrap (the per-member counts run long), within five lines.
        let lines = notes.flatMap { n in Self.wrapWords(n.0, width: width).map { ($0, n.1) } }
        let shown = lines.prefix(max(0, min(5, area.height - 8)))
        for (i, n) in shown.enumerated() { buffer.put(n.0, row: area.row + 2 + i, col: col, maxWidth: width, style: n.1) }
        let top = area.row + 2 + shown.count
        table.render(into: &buffer, area: Rect(row: top, col: col, width: width, height: area.bottom - top)) { [self] i in
            let s = proposal.rota.slots[i]
            let who = s.memberIDs.compactMap { names[$0] }.joined(separator: "、") + (s.assignments.count < s.needed ? "（缺\(s.needed - s.assignments.count)人）" : "")
            return [s.date, CivilDate.weekdayTitle(s.date), s.time.title, s.mode.title, s.place, who + (s.id != nil ? "（保留）" : "")]
        }
    }
}
