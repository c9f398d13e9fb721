import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// A window of an office-wide ledger order kept in memory: the rows around what is on screen, fetched page by page
/// (LedgerPaging), so moving through 200,000 records costs the same as moving through 200.
final class LedgerPager {
    let db: AppDatabase
    private(set) var scope: LedgerScope
    private(set) var count = 0
    private var counts: [LedgerScope: Int] = [:]
    private var base = 0
    private var window: [LedgerEntry] = []
    /// Rows fetched at a time, and the most kept.
    let chunk = 60, keep = 300

    init(db: AppDatabase, scope: LedgerScope) throws {
        self.db = db
        self.scope = scope
        try reset(scope)
    }

    /// A new scope (or fresh data, `recount`): counts again and drops the window.
    func reset(_ scope: LedgerScope, recount: Bool = false) throws {
        if recount { counts = [:] }
        self.scope = scope
        if let known = counts[scope] { count = known } else {
            count = try db.ledgerCount(scope)
            counts[scope] = count
        }
        base = 0
        window = []
    }

    func entry(at index: Int) -> LedgerEntry? {
        window.indices.contains(index - base) ? window[index - base] : nil
    }

    /// Makes rows `range` available, fetching only what is missing next to the window when it can.
    func ensure(_ wanted: Range<Int>) throws {
        let range = max(0, wanted.lowerBound)..<min(count, wanted.upperBound)
        guard !range.isEmpty else { return }
        let end = base + window.count
        if !window.isEmpty, range.lowerBound >= base, range.upperBound <= end { return }
        if let last = window.last, range.lowerBound >= base, range.lowerBound <= end, range.upperBound - end <= chunk {
            // Moving down past the window: the next rows after its last one.
            window += try db.ledgerPage(scope, after: LedgerCursor(last), limit: chunk)
            if window.count > keep {
                let drop = window.count - keep
                window.removeFirst(drop)
                base += drop
            }
        } else if let first = window.first, range.upperBound <= end, range.upperBound >= base, base - range.lowerBound <= chunk {
            let newer = try db.ledgerPage(scope, before: LedgerCursor(first), limit: chunk)
            window = newer + window
            base -= newer.count
            if window.count > keep { window.removeLast(window.count - keep) }
        } else if range.lowerBound < chunk {
            // Home: only the rows asked for (a screenful either side of the cursor); moving on fetches the next chunk.
            window = try db.ledgerPage(scope, after: nil, limit: range.upperBound)
            base = 0
        } else if range.upperBound > count - chunk {
            // End: likewise, the last rows only.
            window = try db.ledgerPage(scope, before: nil, limit: count - range.lowerBound)
            base = count - window.count
        } else {
            window = try db.ledgerPage(scope, offset: range.lowerBound, limit: max(chunk, range.count))
            base = range.lowerBound
        }
    }
}

/// 全部台账记录: every studio's records in one list, newest first, by ledger and year — for the office and the
/// liaison officers who read across studios. Pages through the database; Enter opens the record's studio ledger.
public final class OfficeLedgerScreen: Screen {
    let context: AppContext
    var scope: LedgerScope
    var pager: LedgerPager?
    var studioNames: [Int64: String] = [:]
    var years: [Int]
    var table = TableView(columns: [
        TableColumn("日期", width: 10),
        TableColumn("工作室", width: 14, flex: 2),
        TableColumn("台账", width: 8),
        TableColumn("类别", width: 8),
        TableColumn("标题/内容", width: 16, flex: 3),
        TableColumn("审核", width: 6),
    ])
    var error = ""

    public init(context: AppContext, year: Int? = nil) {
        self.context = context
        let thisYear = Calendar(identifier: .gregorian).component(.year, from: context.today())
        years = Array((thisYear - 4)...thisYear)
        scope = LedgerScope(year: year)
        do {
            studioNames = try context.db.studioNames()
            pager = try LedgerPager(db: context.db, scope: scope)
        } catch {
            self.error = "\(error)"
        }
        table.setCount(pager?.count ?? 0)
    }

    public var title: String { "全部台账记录" }

    enum Action: Sendable { case open, kind, previousYear, nextYear, allYears, back }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .open, label: "所在台账", help: "打开所选记录所在工作室的台账（查看、修改、审核）"),
        KeyBinding([.char("l")], .kind, label: "台账筛选", help: "按台账筛选：活动、提案、社情民意、群众意见、全部"),
        KeyBinding([.char("[")], .previousYear, key: "[ ]", label: "年度", help: "上一年度 / 下一年度"),
        KeyBinding([.char("]")], .nextYear, label: "下一年度", inBar: false),
        KeyBinding([.char("y")], .allYears, label: "全部年度", help: "全部年度 / 本年度"),
        KeyBinding([.escape], .back, label: "返回", help: "返回"),
    ])
    public var hints: [KeyHint] { keys.barHints(context) + [CommonKeys.help] }
    public var helpHints: [KeyHint] {
        keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "上下移动"), KeyHint(key: "PgUp/PgDn", label: "翻页"), KeyHint(key: "Home/End", label: "最新/最早")]
    }

    /// Back from a studio's ledger: records may have changed, so count again and keep the place when it still exists.
    public func becameTop() {
        let at = table.selected
        apply(scope, recount: true)
        table.select(at)
    }

    /// Another session saved: counted again, at the same place.
    public func dataChanged() { becameTop() }

    func apply(_ scope: LedgerScope, recount: Bool = false) {
        self.scope = scope
        do {
            try pager?.reset(scope, recount: recount)
            error = ""
        } catch {
            self.error = "\(error)"
        }
        table.setCount(pager?.count ?? 0)
        if !recount { table.select(0) }
    }

    var thisYear: Int { Calendar(identifier: .gregorian).component(.year, from: context.today()) }

    public func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        switch keys.action(for: key, in: context) {
        case .open?:
            guard let e = pager?.entry(at: table.selected) else { return .stay }
            return .push(StudioLedgerScreen(context: context, studioID: e.studioID, year: Int(e.date.prefix(4))))
        case .kind?:
            var s = scope
            s.kind = StudioLedgerScreen.next(s.kind, in: LedgerKind.allCases)
            apply(s)
        case .previousYear?:
            var s = scope
            s.year = (s.year ?? thisYear + 1) - 1
            apply(s)
        case .nextYear?:
            var s = scope
            s.year = min(thisYear, (s.year ?? thisYear - 1) + 1)
            apply(s)
        case .allYears?:
            var s = scope
            s.year = s.year == nil ? thisYear : nil
            apply(s)
        case .back?: return .pop
        case nil: break
        }
        return .stay
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let count = pager?.count ?? 0
        let what = [scope.year.map { "\($0)年" } ?? "全部年度", scope.kind?.title ?? "全部台账"].joined(separator: " ")
        let position = count == 0 ? "" : "，第 \(table.selected + 1) 条"
        buffer.put("\(what)：共 \(count) 条\(position)", row: area.row, col: col, maxWidth: area.width - 2, style: .accent)
        let tableArea = Rect(row: area.row + 2, col: col, width: area.width - 2, height: area.height - 3)
        let height = max(1, tableArea.height)
        do {
            try pager?.ensure((table.selected - height)..<(table.selected + height))
        } catch {
            self.error = "\(error)"
        }
        table.render(into: &buffer, area: tableArea) { [self] i in
            guard let e = pager?.entry(at: i) else { return ["…"] }
            return [e.date, studioNames[e.studioID] ?? "", e.kind.title, e.category, e.title, e.review.status.title]
        }
        if count == 0 || !error.isEmpty {
            let text = error.isEmpty ? "没有\(what)的记录。" : error
            buffer.put(text, row: tableArea.row + 2, col: col + 2, maxWidth: area.width - 6, style: error.isEmpty ? .muted : .error)
        }
    }
}
