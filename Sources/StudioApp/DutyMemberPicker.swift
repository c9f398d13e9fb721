import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

/// Picks a member of the studio's team for a slot, showing each one's duties in the period and
/// why they cannot take this slot (away, on duty elsewhere, already on duty that day).
final class DutyMemberPicker: Screen {
    let context: AppContext
    let state: StudioDutyState
    let slot: DutySlot
    let title: String
    /// Substitutes may be anyone free; only conflicts with other studios are shown.
    let allowBusy: Bool
    var search = TextField("", maxLength: 20)
    var rows: [DutyCandidate] = []
    var table = TableView(columns: [
        TableColumn("姓名", width: 8),
        TableColumn("本期次数", width: 8, align: .right),
        TableColumn("线上", width: 4, align: .right),
        TableColumn("线下", width: 4, align: .right),
        TableColumn("能否值班", width: 20, flex: 1),
    ])
    let onPick: (DutyCandidate) -> Navigation

    init(context: AppContext, state: StudioDutyState, slot: DutySlot, title: String, allowBusy: Bool = false, onPick: @escaping (DutyCandidate) -> Navigation) {
        self.context = context
        self.state = state
        self.slot = slot
        self.title = title
        self.allowBusy = allowBusy
        self.onPick = onPick
        filter()
    }

    var hints: [KeyHint] { [KeyHint(key: "输入", label: "姓名或拼音首字母"), KeyHint(key: "Enter", label: "选定"), CommonKeys.back, CommonKeys.help] }

    func filter() {
        // The ranking of every list (characters, initials, full pinyin); the candidates' own order within a rank.
        let members = Dictionary(state.team.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        rows = SearchQuery(search.text).ranked(state.candidates, inPinyinOrder: false) { c in
            [(c.name, members[c.id].map { PinyinKey(spaced: $0.pinyin, initials: $0.initials) } ?? PinyinKey(c.name))]
        }
        table.setCount(rows.count)
        table.select(0)
    }

    func why(_ c: DutyCandidate) -> String {
        if slot.memberIDs.contains(c.id) && !allowBusy { return "已在本时段" }
        if let reason = c.conflict(with: slot) { return reason }
        if !allowBusy, state.slots.contains(where: { $0.id != slot.id && $0.date == slot.date && $0.memberIDs.contains(c.id) }) { return "当天已有值班" }
        return "可以"
    }

    func handle(_ key: Key) -> Navigation {
        switch key {
        case .escape: return .pop
        case .enter:
            guard rows.indices.contains(table.selected) else { return .stay }
            return onPick(rows[table.selected])
        case .up, .down, .pageUp, .pageDown: table.handle(key)
        default:
            let before = search.text
            search.handle(key)
            if search.text != before { filter() }
        }
        return .stay
    }

    func render(into buffer: inout Buffer, area: Rect) {
        buffer.put(title + "（\(slot.whenText) \(slot.mode.title)）", row: area.row, col: area.col + 2, maxWidth: area.width - 4, style: .accent)
        buffer.put("查找：", row: area.row + 1, col: area.col + 2)
        let tableArea = Rect(row: area.row + 3, col: area.col + 2, width: area.width - 4, height: area.height - 4)
        table.render(into: &buffer, area: tableArea) { [self] i in
            let c = rows[i]
            let mine = state.slots.filter { $0.memberIDs.contains(c.id) }
            let online = mine.filter { $0.mode == .online }.count
            return [c.name, "\(mine.count)", "\(online)", "\(mine.count - online)", why(c)]
        }
        if rows.isEmpty { buffer.put("没有可选的委员。", row: tableArea.row + 2, col: tableArea.col + 2, style: .muted) }
        search.render(into: &buffer, row: area.row + 1, col: area.col + 8, width: 20, focused: true)
    }
}
