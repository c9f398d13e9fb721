import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

/// The team's dates away from duty (出差、会议、病假): the generator and the picker respect them.
final class DutyAwayScreen: Screen {
    let context: AppContext
    let studioID: Int64
    let period: Period
    var state: StudioDutyState?
    var rows: [DutyUnavailability] = []
    var table = TableView(columns: [
        TableColumn("委员", width: 8),
        TableColumn("开始", width: 10),
        TableColumn("结束", width: 10),
        TableColumn("原因", width: 20, flex: 1),
    ])
    var message = ""

    init(context: AppContext, studioID: Int64, period: Period) {
        self.context = context
        self.studioID = studioID
        self.period = period
        reload()
    }

    func becameTop() { reload() }

    func reload() {
        state = try? StudioDutyState.load(context, studioID: studioID, period: period)
        rows = (try? context.db.dutyUnavailability(memberIDs: state?.team.compactMap(\.id) ?? [])) ?? []
        table.setCount(rows.count)
    }

    var title: String { "不可值班：" + (state?.studio.name ?? "") }
    enum Action: Sendable { case add, delete, back }
    let keys = KeyMap<Action>([
        KeyBinding([.char("a")], .add, label: "登记", help: "登记一位委员不能值班的日期（选委员，再填日期和原因）", edits: true),
        KeyBinding([.char("d"), .delete], .delete, key: "d", label: "删除", help: "删除所选登记", edits: true),
        KeyBinding([.escape], .back, label: "返回", help: "返回值班表"),
    ])
    var hints: [KeyHint] { keys.barHints(context) + [CommonKeys.help] }
    var helpHints: [KeyHint] { keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "上下移动")] }

    func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        let action = keys.action(for: key, in: context)
        guard let state else { return action == .back ? .pop : .stay }
        switch action {
        case .back?: return .pop
        case .add?:
            let probe = DutySlot(studioID: studioID, date: period.start, time: .allDay, mode: .offline, place: "")
            return .push(DutyMemberPicker(context: context, state: state, slot: probe, title: "登记不可值班的委员", allowBusy: true) { [self] m in
                .replace(awayForm(m))
            })
        case .delete?:
            guard rows.indices.contains(table.selected) else { return .stay }
            let u = rows[table.selected]
            do {
                try context.db.deleteDutyUnavailability(id: u.id!)
                message = "已删除 \(state.name(u.memberID)) \(u.text)"
            } catch {
                message = "\(error)"
            }
            reload()
        case nil: break
        }
        return .stay
    }

    func awayForm(_ m: DutyCandidate) -> Screen {
        EntryFormScreen(
            title: "不可值班：\(m.name)",
            fields: [.init("from", "开始日期", .date(today: context.today), guidance: "2026-12-9、12.9、t（今天）"),
                     .init("to", "结束日期", .date(today: context.today, required: false), guidance: "只一天可空着"),
                     .init("reason", "原因", .text(maxLength: 40), guidance: "出差、会议、病假……")]
        ) { [self] v in
            let from = v.date("from").iso
            let to = v.dateIfAny("to")?.iso ?? from
            do {
                try context.db.saveDutyUnavailability(DutyUnavailability(memberID: m.id, from: from, to: to, reason: v.text("reason")))
                message = "已登记：\(m.name) \(DateInput.chinese(from))\(to == from ? "" : "至\(DateInput.chinese(to))")不能值班（已排的时段请用 r 换人）"
                return .saved(.stay)
            } catch StoreError.validation(let issues) {
                return .issues(Dictionary(issues.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a }))
            } catch {
                return .issues(["from": "\(error)"])
            }
        }
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        buffer.put("团队委员不能值班的日期：生成值班表和换人时会避开", row: area.row, col: col, maxWidth: area.width - 2, style: .muted)
        table.render(into: &buffer, area: Rect(row: area.row + 2, col: col, width: area.width - 2, height: area.height - 4)) { [self] i in
            let u = rows[i]
            return [state?.name(u.memberID) ?? "", u.from, u.to, u.reason]
        }
        if rows.isEmpty { buffer.put("还没有登记。按 a 登记。", row: area.row + 4, col: col + 2, style: .muted) }
        if !message.isEmpty { buffer.put(message, row: area.bottom - 1, col: col, maxWidth: area.width - 2, style: .accent) }
    }
}
