import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

/// Every studio's slots in one week, Monday to Sunday.
final class DutyWeekScreen: Screen {
    let context: AppContext
    var monday: String
    var rows: [OfficeDutySlot] = []
    var names: [Int64: String] = [:]
    var table = TableView(columns: [
        TableColumn("日期", width: 5),
        TableColumn("星期", width: 4),
        TableColumn("时间", width: 11),
        TableColumn("工作室", width: 16, flex: 2),
        TableColumn("形式", width: 4),
        TableColumn("值班委员", width: 12, flex: 2),
        TableColumn("记录", width: 8, flex: 1),
    ])

    init(context: AppContext) {
        self.context = context
        monday = Self.monday(of: DateInput.iso(context.today()))
        reload()
    }

    static func monday(of iso: String) -> String {
        guard let d = CivilDate(iso: iso) else { return iso }
        return d.adding(days: 1 - d.weekday).iso
    }

    var sunday: String { CivilDate.adding(days: 6, to: monday) ?? monday }

    func reload() {
        rows = (try? context.db.officeDutySlots(from: monday, to: sunday)) ?? []
        let ids = Set(rows.flatMap { $0.slot.memberIDs + $0.slot.assignments.compactMap(\.substituteID) })
        names = (try? context.db.memberNames(ids: ids)) ?? [:]
        table.setCount(rows.count)
    }

    func becameTop() { reload() }

    var title: String { "本周值班" }
    enum Action: Sendable { case previousWeek, nextWeek, thisWeek, open, back }
    let keys = KeyMap<Action>([
        KeyBinding([.char("[")], .previousWeek, key: "[ ]", label: "换周", help: "上一周 / 下一周"),
        KeyBinding([.char("]")], .nextWeek, label: "下一周", inBar: false),
        KeyBinding([.char("t")], .thisWeek, label: "本周", help: "回到本周"),
        KeyBinding([.enter], .open, label: "值班表", help: "打开所选时段所在工作室的值班表（该季度）"),
        KeyBinding([.escape], .back, label: "返回", help: "返回值班排班"),
    ])
    var hints: [KeyHint] { keys.barHints(context) + [CommonKeys.help] }
    var helpHints: [KeyHint] { keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "上下移动")] }

    func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        switch keys.action(for: key, in: context) {
        case .back?: return .pop
        case .previousWeek?: monday = CivilDate.adding(days: -7, to: monday) ?? monday; reload()
        case .nextWeek?: monday = CivilDate.adding(days: 7, to: monday) ?? monday; reload()
        case .thisWeek?: monday = Self.monday(of: DateInput.iso(context.today())); reload()
        case .open?:
            guard rows.indices.contains(table.selected) else { return .stay }
            let r = rows[table.selected]
            return .push(StudioDutyScreen(context: context, studioID: r.studio.id!, period: Period.containing(r.slot.date, kind: .quarter)))
        case nil: break
        }
        return .stay
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let studios = Set(rows.map(\.studio.id)).count
        buffer.put("\(DateInput.chinese(monday))（周一）至\(DateInput.chinese(sunday))：\(studios) 个工作室，\(rows.count) 个时段", row: area.row, col: col,
                   maxWidth: area.width - 2, style: .accent)
        let today = DateInput.iso(context.today())
        table.render(into: &buffer, area: Rect(row: area.row + 2, col: col, width: area.width - 2, height: area.height - 3)) { [self] i in
            let r = rows[i]
            let who = r.slot.memberIDs.compactMap { names[$0] }.joined(separator: "、")
            return [DutyText.short(r.slot.date), CivilDate.weekdayTitle(r.slot.date), r.slot.time.title, r.studio.name, r.slot.mode.title,
                    who.isEmpty ? "（未安排）" : who, DutyText.record(r.slot, names: { $0.flatMap { self.names[$0] } ?? "" }, today: today)]
        }
        if rows.isEmpty { buffer.put("这一周没有值班安排。", row: area.row + 4, col: col + 2, style: .muted) }
    }
}
