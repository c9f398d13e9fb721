import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// 修改记录: every change newest first, filtered by studio, table, user and date, a page at a time from the
/// database (an import writes thousands of lines). Read-only: the program has no way to change the log.
public final class AuditScreen: Screen {
    let context: AppContext
    var filter = AuditFilter()
    var studioName = ""
    var entries: [AuditEntry] = []
    /// Names and titles for the lines: loaded with each page, so a studio renamed since shows as it is now.
    var presenter = AuditPresenter()
    var total = 0
    var table = TableView(columns: [
        TableColumn("时间", width: 16),
        TableColumn("操作人", width: 8),
        TableColumn("表", width: 10),
        TableColumn("操作", width: 4),
        TableColumn("记录", width: 12, flex: 1),
        TableColumn("内容", width: 20, flex: 3),
    ])
    static let pageSize = 200
    var page = 0

    public init(context: AppContext, studio: Studio? = nil) {
        self.context = context
        if let studio { filter.studioID = studio.id; studioName = studio.name }
        reload()
    }

    public var title: String { "修改记录" }

    enum Action: Sendable { case studio, table, user, since, clear, details, nextPage, previousPage, back }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .details, label: "详情", help: "所选一条修改前后的全部内容"),
        KeyBinding([.char("w")], .studio, label: "工作室", help: "只看一个工作室的修改（选工作室；再按一次取消）"),
        KeyBinding([.char("t")], .table, label: "表", help: "按表筛选（每按一次换下一张：委员名册、活动日志……）"),
        KeyBinding([.char("u")], .user, label: "操作人", help: "按操作人筛选（每按一次换下一位）"),
        KeyBinding([.char("d")], .since, label: "日期", help: "只看某天及以后的修改"),
        KeyBinding([.char("c")], .clear, label: "清除筛选", help: "清除全部筛选"),
        KeyBinding([.char("]")], .nextPage, label: "后200条", help: "更早的 200 条", inBar: false),
        KeyBinding([.char("[")], .previousPage, label: "前200条", help: "更新的 200 条", inBar: false),
        KeyBinding([.escape], .back, label: "返回", help: "返回"),
    ])
    public var hints: [KeyHint] { keys.barHints(context) + [CommonKeys.help] }
    public var helpHints: [KeyHint] { keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "上下移动"), KeyHint(key: "PgUp/PgDn", label: "翻页")] }

    public func becameTop() { reload() }
    /// Another session saved: read again (the cursor stays where it is).
    public func dataChanged() { reload() }

    func reload() {
        total = (try? context.db.auditCount(filter)) ?? 0
        page = min(page, max(0, (total - 1) / Self.pageSize))
        entries = (try? context.db.auditEntries(filter, limit: Self.pageSize, offset: page * Self.pageSize)) ?? []
        presenter = (try? context.db.auditPresenter(profileNames: Dictionary(context.profiles.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }))) ?? AuditPresenter()
        table.setCount(entries.count)
    }

    func next<T: Equatable>(_ current: T?, in all: [T]) -> T? {
        guard let current, let i = all.firstIndex(of: current) else { return all.first }
        return i + 1 < all.count ? all[i + 1] : nil
    }

    public func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        switch keys.action(for: key, in: context) {
        case .details?:
            guard entries.indices.contains(table.selected) else { return .stay }
            let e = entries[table.selected]
            let lines = presenter.detailLines(e)
            return .push(LinesDialog(title: "\(e.at.replacingOccurrences(of: "T", with: " ")) \(e.user) \(e.action.title)\(e.tableTitle) #\(e.recordID)", lines: lines))
        case .studio?:
            if filter.studioID != nil {
                filter.studioID = nil
                studioName = ""
                page = 0
                reload()
                return .stay
            }
            return .push(PickerScreen.studio(context: context, title: "只看这个工作室的修改") { [self] s in
                filter.studioID = s.id
                studioName = s.name
                page = 0
                return .pop
            })
        case .table?:
            filter.table = next(filter.table, in: (try? context.db.auditFacets().tables) ?? [])
        case .user?:
            filter.user = next(filter.user, in: (try? context.db.auditFacets().users) ?? [])
        case .since?:
            return .push(EntryFormScreen(title: "只看这一天及以后的修改", fields: [
                .init("since", "日期", .date(today: context.today, required: false), guidance: "如 2026-11-01、11-1（今年）或 t（今天）；留空为不限"),
            ], values: ["since": filter.since ?? ""], writes: false) { [self] v in
                filter.since = v.dateIfAny("since")?.iso
                page = 0
                return .saved(.pop)
            })
        case .clear?:
            filter = AuditFilter()
            studioName = ""
        case .nextPage?:
            if (page + 1) * Self.pageSize < total { page += 1 }
        case .previousPage?:
            page = max(0, page - 1)
        case .back?:
            return .pop
        case nil:
            return .stay
        }
        page = key == .char("]") || key == .char("[") ? page : 0
        reload()
        return .stay
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let width = area.width - 2
        var parts: [String] = []
        if !studioName.isEmpty { parts.append("工作室：\(studioName)") }
        if let t = filter.table { parts.append("表：\(AuditLog.tableTitles[t] ?? t)") }
        if let u = filter.user { parts.append("操作人：\(u)") }
        if let d = filter.since { parts.append("自 \(d) 起") }
        let shown = entries.isEmpty ? "" : "，第 \(page * Self.pageSize + 1)–\(page * Self.pageSize + entries.count) 条"
        buffer.put("修改记录 共 \(total) 条\(shown)" + (parts.isEmpty ? "" : "（" + parts.joined(separator: "，") + "）"),
                   row: area.row, col: col, maxWidth: width, style: .accent)
        buffer.put("每次新增、修改、删除由数据库自动记下，只能查看，不能修改。", row: area.row + 1, col: col, maxWidth: width, style: .muted)
        table.render(into: &buffer, area: Rect(row: area.row + 3, col: col, width: width, height: area.height - 3)) { [self] i in
            let e = entries[i]
            return [String(e.at.replacingOccurrences(of: "T", with: " ").prefix(16)), e.user, e.tableTitle, e.action.title, presenter.recordLabel(e), presenter.changeText(e)]
        }
        if entries.isEmpty {
            buffer.put(parts.isEmpty ? "还没有修改记录。" : "没有符合筛选的修改记录。", row: area.row + 5, col: col + 2, style: .muted)
        }
    }
}
