import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// 履职台账: the office-wide picture for a year — each running studio's shortfalls against its
/// minimums with the days left, overdue citizens' items and records waiting for review.
public final class LedgerHomeScreen: Screen {
    let context: AppContext
    var year: Int
    enum View { case studios, shortfalls }
    var view = View.studios
    /// What the `/` filter shows of `allRows` and `allShortfalls`.
    var rows: [StudioCompliance] = []
    var shortfalls: [(StudioCompliance, ComplianceLine)] = []
    var allRows: [StudioCompliance] = []
    var allShortfalls: [(StudioCompliance, ComplianceLine)] = []
    var filter = ListFilter()
    var studioTable = TableView(columns: [
        TableColumn("工作室名称", width: 20, flex: 3, fit: .name),
        TableColumn("规则", width: 10),
        TableColumn("要求", width: 4, align: .right),
        TableColumn("未完成", width: 6, align: .right),
        TableColumn("最近截止", width: 10, fit: .keep),
        TableColumn("逾期意见", width: 8, align: .right),
        TableColumn("待审核", width: 6, align: .right),
    ])
    // The shortfall in its brief form ("4人共差7次") as a figure: the numbers are never cut.
    var shortTable = TableView(columns: [
        TableColumn("工作室", width: 14, flex: 2, fit: .name),
        TableColumn("要求", width: 20, flex: 3),
        TableColumn("期间", width: 14, fit: .keep),
        TableColumn("差额", width: 10, fit: .keep),
        TableColumn("剩余", width: 6, align: .right),
    ])
    var error = ""

    public init(context: AppContext) {
        self.context = context
        year = Calendar(identifier: .gregorian).component(.year, from: context.today())
        reload()
    }

    public var title: String { "履职台账" }

    enum Action: Sendable { case open, view, previousYear, nextYear, member, intake, all, filter, back }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .open, label: "台账", help: "打开所选工作室的台账：活动、提案、社情民意、群众意见，录入与审核"),
        ListFilter.binding(.filter),
        KeyBinding([.char("v")], .view, label: "切换", help: "切换视图：按工作室 / 未完成的要求（剩余天数少的在前）"),
        KeyBinding([.char("[")], .previousYear, key: "[ ]", label: "年度", help: "上一年度 / 下一年度"),
        KeyBinding([.char("]")], .nextYear, label: "下一年度", inBar: false),
        KeyBinding([.char("m")], .member, label: "委员", help: "按委员查看：某位委员参加的全部履职记录（计入履职考评）"),
        KeyBinding([.char("i")], .intake, label: "群众意见", help: "全部未办结的群众意见建议，逾期的在前"),
        KeyBinding([.char("a")], .all, label: "全部", help: "全部工作室的全部台账记录，最新的在前，可按台账和年度筛选"),
        KeyBinding([.escape], .back, label: "返回", help: "返回主菜单（有筛选时先清除筛选）"),
    ])
    public var hints: [KeyHint] { filter.isEditing ? ListFilter.editingHints : keys.barHints(context) + [CommonKeys.help] }
    public var helpHints: [KeyHint] { keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "上下移动"), KeyHint(key: "PgUp/PgDn", label: "翻页")] }

    public func becameTop() { reload() }
    /// Another session saved: read again (the cursor stays where it is).
    public func dataChanged() { reload() }

    func reload() {
        do {
            allRows = try context.compliance(year: year)
            // Most urgent first: short lines whose period ends soonest.
            // Sorted by index on precomputed keys: moving the (large) pairs themselves made this most of the screen's cost.
            let flat = allRows.flatMap { r in r.short.map { (r, $0) } }
            let keys = flat.map { ($0.1.period.end, $0.0.studio.pinyin) }
            allShortfalls = flat.indices.sorted { keys[$0] < keys[$1] }.map { flat[$0] }
            error = ""
        } catch {
            allRows = []
            allShortfalls = []
            self.error = "\(error)"
        }
        applyFilter()
    }

    /// The rows the `/` filter lets through, best match first (the urgent order kept within a rank).
    func applyFilter() {
        rows = filter.apply(allRows) { [($0.studio.name, $0.studio.pinyinKey)] }
        shortfalls = filter.apply(allShortfalls, inPinyinOrder: false) { [($0.0.studio.name, $0.0.studio.pinyinKey)] }
        studioTable.setCount(rows.count)
        shortTable.setCount(shortfalls.count)
    }

    var selectedStudio: Studio? {
        switch view {
        case .studios: rows.indices.contains(studioTable.selected) ? rows[studioTable.selected].studio : nil
        case .shortfalls: shortfalls.indices.contains(shortTable.selected) ? shortfalls[shortTable.selected].0.studio : nil
        }
    }

    public func handle(_ key: Key) -> Navigation {
        if let changed = filter.handle(key) {
            if changed {
                applyFilter()
                studioTable.select(0)
                shortTable.select(0)
            }
            return .stay
        }
        if view == .studios ? studioTable.handle(key) : shortTable.handle(key) { return .stay }
        switch keys.action(for: key, in: context) {
        case .open?:
            guard let s = selectedStudio else { return .stay }
            return .push(StudioLedgerScreen(context: context, studioID: s.id!, year: year))
        case .filter?: filter.open()
        case .view?: view = view == .studios ? .shortfalls : .studios
        case .previousYear?: year -= 1; reload()
        case .nextYear?: year += 1; reload()
        case .member?:
            return .push(MemberPickerScreen(context: context, title: "按委员查看履职记录") { [self] m in
                .replace(MemberLedgerScreen(context: context, member: m, year: year))
            })
        case .intake?: return .push(IntakeQueueScreen(context: context))
        case .all?: return .push(OfficeLedgerScreen(context: context))
        case .back?: return .pop
        case nil: break
        }
        return .stay
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let short = shortfalls.count
        let overdue = rows.reduce(0) { $0 + $1.overdueIntake }
        let viewName = view == .studios ? "按工作室" : "未完成的要求"
        var head = "\(year)年  \(viewName)：运行中工作室 \(rows.count) 个，未完成要求 \(short) 项，群众意见逾期 \(overdue) 件"
        if DisplayWidth.of(head) > area.width - 2 {
            head = "\(year)年 \(viewName)：运行中 \(rows.count) 个，未完成 \(short) 项，逾期意见 \(overdue) 件"
        }
        buffer.put(head, row: area.row, col: col, maxWidth: area.width - 2, style: short + overdue > 0 ? .warning : .accent)
        let tableArea = Rect(row: area.row + 2, col: col, width: area.width - 2, height: area.height - 3)
        let today = DateInput.iso(context.today())
        switch view {
        case .studios:
            studioTable.render(into: &buffer, area: tableArea) { [self] i in
                let r = rows[i]
                let next = r.short.filter { $0.period.end >= today }.map(\.period.end).min()
                return [r.studio.name, r.profile?.name ?? r.studio.profileID, "\(r.lines.count)", r.short.isEmpty ? "" : "\(r.short.count)",
                        next ?? "", r.overdueIntake == 0 ? "" : "\(r.overdueIntake)", r.pendingReview == 0 ? "" : "\(r.pendingReview)"]
            }
        case .shortfalls:
            shortTable.render(into: &buffer, area: tableArea) { [self] i in
                let (r, l) = shortfalls[i]
                return [r.studio.name, l.text, l.period.title, l.briefText, l.daysLeft < 0 ? "已过" : "\(l.daysLeft)天"]
            }
        }
        let count = view == .studios ? rows.count : shortfalls.count
        filter.render(into: &buffer, row: area.row + 1, col: col, width: area.width - 2, shown: count,
                      total: view == .studios ? allRows.count : allShortfalls.count)
        if count == 0 {
            let text = !error.isEmpty ? error : filter.isActive ? "没有符合「\(filter.query.text)」的工作室。按 Esc 清除筛选。"
                : view == .studios ? "没有运行中的工作室。" : "\(year)年各项要求均已完成。"
            buffer.put(text, row: tableArea.row + 2, col: col + 2, maxWidth: area.width - 6, style: error.isEmpty ? .muted : .error)
        }
    }
}
