import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

/// 值班排班: every running studio's rota for a quarter — slots, who is still short of the rule
/// in the ledger, missed shifts not made up, the next duty — with the week at a glance and the
/// holiday calendar one key away.
public final class DutyHomeScreen: Screen {
    let context: AppContext
    var period: Period
    enum View { case studios, short, missed }
    var view = View.studios

    typealias Row = DutyOverviewRow
    /// What the `/` filter shows of `allRows`, `allShortRows` and `allMissed`.
    var rows: [Row] = []
    var shortRows: [(Row, ComplianceLine.MemberShort)] = []
    var missed: [MissedDuty] = []
    var allRows: [Row] = []
    var allShortRows: [(Row, ComplianceLine.MemberShort)] = []
    var allMissed: [MissedDuty] = []
    var filter = ListFilter()
    var names: [Int64: String] = [:]
    var studioTable = TableView(columns: [
        TableColumn("工作室名称", width: 20, flex: 3, fit: .name),
        TableColumn("规则", width: 10, fit: .keep),
        TableColumn("时段", width: 4, align: .right),
        TableColumn("缺人", width: 4, align: .right),
        TableColumn("未完成", width: 6, align: .right),
        TableColumn("缺席未补", width: 8, align: .right),
        TableColumn("下次值班", width: 16, flex: 1, fit: .summary),
    ])
    var shortTable = TableView(columns: [
        TableColumn("工作室", width: 18, flex: 2, fit: .name),
        TableColumn("委员", width: 8),
        TableColumn("缺", width: 10, fit: .keep),
        TableColumn("剩余", width: 6, align: .right),
        TableColumn("已排的值班", width: 16, flex: 2, fit: .summary),
    ])
    var missedTable = TableView(columns: [
        TableColumn("日期", width: 10, fit: .keep),
        TableColumn("工作室", width: 18, flex: 2, fit: .name),
        TableColumn("委员", width: 8),
        TableColumn("时间", width: 6, fit: .keep),
        TableColumn("形式", width: 4, fit: .keep),
        TableColumn("说明", width: 12, flex: 1, fit: .summary),
    ])
    var error = ""

    public init(context: AppContext) {
        self.context = context
        period = Period.containing(DateInput.iso(context.today()), kind: .quarter)!
        reload()
    }

    public var title: String { "值班排班" }

    enum Action: Sendable { case open, view, previous, next, week, holidays, filter, back }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .open, label: "值班表", help: "打开所选工作室的值班表：生成、调整、记录、公示"),
        ListFilter.binding(.filter),
        KeyBinding([.char("v")], .view, label: "切换", help: "切换视图：按工作室 / 值班未完成的委员（按剩余天数）/ 缺席未补班"),
        KeyBinding([.char("w")], .week, label: "本周", help: "全区各工作室一周的值班（[ ] 换周）"),
        KeyBinding([.char("h")], .holidays, label: "节假日", help: "节假日与调休上班日（按国务院办公厅通知，可增补新的年份）"),
        KeyBinding([.char("[")], .previous, key: "[ ]", label: "季度", help: "上一季度 / 下一季度"),
        KeyBinding([.char("]")], .next, label: "下一季度", inBar: false),
        KeyBinding([.escape], .back, label: "返回", help: "返回主菜单（有筛选时先清除筛选）"),
    ])
    public var hints: [KeyHint] { filter.isEditing ? ListFilter.editingHints : keys.barHints(context) + [CommonKeys.help] }
    public var helpHints: [KeyHint] { keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "上下移动"), KeyHint(key: "PgUp/PgDn", label: "翻页")] }

    public func becameTop() { reload() }
    /// Another session saved: read again (the cursor stays where it is).
    public func dataChanged() { reload() }

    func reload() {
        do {
            let today = DateInput.iso(context.today())
            let everyMissed = try context.db.missedDuties()
            allRows = try context.db.dutyOverview(period: period, profiles: context.profiles, today: today, yearLines: context.complianceLines(year: period.year))
            allShortRows = allRows.flatMap { r in (r.done?.members ?? []).map { (r, $0) } }
            let shown = Set(allRows.compactMap(\.studio.id))
            allMissed = everyMissed.filter { shown.contains($0.studioID) }
            let ids = Set(allRows.flatMap { $0.slots.flatMap(\.memberIDs) })
            names = try context.db.memberNames(ids: ids)
            error = ""
        } catch {
            allRows = []
            allShortRows = []
            allMissed = []
            self.error = "\(error)"
        }
        applyFilter()
    }

    /// The rows the `/` filter lets through, best match first: studios by name, members too in the member views.
    func applyFilter() {
        rows = filter.apply(allRows) { [($0.studio.name, $0.studio.pinyinKey)] }
        shortRows = filter.apply(allShortRows, inPinyinOrder: false) { [($0.0.studio.name, $0.0.studio.pinyinKey), ($0.1.name, nil)] }
        missed = filter.apply(allMissed, inPinyinOrder: false) { [($0.studioName, nil), ($0.memberName, nil)] }
        studioTable.setCount(rows.count)
        shortTable.setCount(shortRows.count)
        missedTable.setCount(missed.count)
    }

    var selectedStudioID: Int64? {
        switch view {
        case .studios: rows.indices.contains(studioTable.selected) ? rows[studioTable.selected].studio.id : nil
        case .short: shortRows.indices.contains(shortTable.selected) ? shortRows[shortTable.selected].0.studio.id : nil
        case .missed: missed.indices.contains(missedTable.selected) ? missed[missedTable.selected].studioID : nil
        }
    }

    public func handle(_ key: Key) -> Navigation {
        if let changed = filter.handle(key) {
            if changed {
                applyFilter()
                studioTable.select(0)
                shortTable.select(0)
                missedTable.select(0)
            }
            return .stay
        }
        let moved = switch view {
        case .studios: studioTable.handle(key)
        case .short: shortTable.handle(key)
        case .missed: missedTable.handle(key)
        }
        if moved { return .stay }
        switch keys.action(for: key, in: context) {
        case .open?:
            guard let id = selectedStudioID else { return .stay }
            return .push(StudioDutyScreen(context: context, studioID: id, period: period))
        case .filter?: filter.open()
        case .view?: view = view == .studios ? .short : (view == .short ? .missed : .studios)
        case .previous?: period = period.advanced(by: -1); reload()
        case .next?: period = period.advanced(by: 1); reload()
        case .week?: return .push(DutyWeekScreen(context: context))
        case .holidays?: return .push(HolidayScreen(context: context, year: period.year))
        case .back?: return .pop
        case nil: break
        }
        return .stay
    }


    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let today = DateInput.iso(context.today())
        let short = shortRows.count
        let planned = rows.filter { !$0.slots.isEmpty }.count
        let left = CivilDate.days(from: today, to: period.end) ?? 0
        let viewName = switch view {
        case .studios: "按工作室"
        case .short: "值班未完成的委员"
        case .missed: "缺席未补班"
        }
        let head = "\(period.title) \(viewName)：运行中\(rows.count)个，已排班\(planned)个；未完成\(short)人\(left >= 0 ? "（剩\(left)天）" : "")；缺席未补\(missed.count)次"
        buffer.put(head, row: area.row, col: col, maxWidth: area.width - 2, style: short + missed.count > 0 ? .warning : .accent)
        let tableArea = Rect(row: area.row + 2, col: col, width: area.width - 2, height: area.height - 3)
        switch view {
        case .studios:
            studioTable.render(into: &buffer, area: tableArea) { [self] i in
                let r = rows[i]
                let rule = DutyRule.of(r.profile).map { $0.mode == .eachMode ? "线上+线下" : ($0.mode == .any ? "每季\($0.count)次" : $0.mode.rawValue) } ?? "轮值"
                let gaps = r.slots.reduce(0) { $0 + max(0, $1.needed - $1.assignments.count) }
                let next = r.slots.first { $0.date >= today }
                let nextText = next.map { "\(DutyText.short($0.date)) \($0.time.title) " + $0.memberIDs.compactMap { names[$0] }.joined(separator: "、") } ?? (r.slots.isEmpty ? "未排班" : "")
                let undone = r.done.map { $0.members.isEmpty ? "" : "\($0.members.count)人" } ?? ""
                return [r.studio.name, rule, "\(r.slots.count)", gaps == 0 ? "" : "\(gaps)", undone, r.missed == 0 ? "" : "\(r.missed)", nextText]
            }
        case .short:
            shortTable.render(into: &buffer, area: tableArea) { [self] i in
                let (r, m) = shortRows[i]
                let what = [m.online > 0 ? "线上" : nil, m.offline > 0 ? "线下" : nil, m.any > 0 ? "值班" : nil].compactMap { $0 }.joined(separator: "、")
                let planned = r.slots.filter { $0.date >= today && $0.memberIDs.contains(m.memberID) }
                    .map { "\(DutyText.short($0.date))\($0.mode.title)" }.joined(separator: " ")
                let days = r.done?.daysLeft ?? 0
                return [r.studio.name, m.name, what, days < 0 ? "已过" : "\(days)天", planned.isEmpty ? "（未安排）" : planned]
            }
        case .missed:
            missedTable.render(into: &buffer, area: tableArea) { [self] i in
                let m = missed[i]
                return [m.slot.date, m.studioName, m.memberName, m.slot.time.title, m.slot.mode.title, "需补\(m.slot.mode.title)值班"]
            }
        }
        let count = view == .studios ? rows.count : (view == .short ? shortRows.count : missed.count)
        filter.render(into: &buffer, row: area.row + 1, col: col, width: area.width - 2, shown: count,
                      total: view == .studios ? allRows.count : (view == .short ? allShortRows.count : allMissed.count))
        if count == 0, filter.isActive {
            buffer.put("没有符合「\(filter.query.text)」的行。按 Esc 清除筛选。", row: tableArea.row + 2, col: col + 2, maxWidth: area.width - 6, style: .muted)
        } else if count == 0 {
            let empty = switch view {
            case .studios: "没有运行中的工作室。"
            case .short: "\(period.title)各工作室委员的值班均已完成（或规则未规定）。"
            case .missed: "没有缺席未补的值班。"
            }
            let text = error.isEmpty ? empty : error
            buffer.put(text, row: tableArea.row + 2, col: col + 2, maxWidth: area.width - 6, style: error.isEmpty ? .muted : .error)
        }
    }
}
