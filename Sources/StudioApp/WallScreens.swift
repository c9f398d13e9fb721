import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

/// 上墙检查: across the running studios, what is missing or failed and since when.
/// Two views of the same data: one line per studio, or one line per open problem.
public final class WallOverviewScreen: Screen {
    let context: AppContext
    enum View { case studios, problems }
    var view = View.studios
    var filter = WallFilter()
    /// What the `/` filter line (`search`) shows of `allStatuses` and `allProblems`.
    var statuses: [StudioWallStatus] = []
    var problems: [WallProblem] = []
    var allStatuses: [StudioWallStatus] = []
    var allProblems: [WallProblem] = []
    var search = ListFilter()
    var committees: [String] = []
    var sectors: [String] = []
    var studioTable = TableView(columns: [
        TableColumn("工作室名称", width: 20, flex: 3, fit: .name),
        TableColumn("类型", width: 6, fit: .keep),
        TableColumn("最近检查", width: 10, fit: .keep),
        TableColumn("检查人", width: 6),
        TableColumn("合格", width: 5, align: .right),
        TableColumn("问题", width: 4, align: .right),
        TableColumn("最早问题自", width: 10, fit: .keep),
        TableColumn("天数", width: 4, align: .right),
    ])
    var problemTable = TableView(columns: [
        TableColumn("工作室", width: 14, flex: 2, fit: .name),
        TableColumn("清单", width: 8),
        TableColumn("条目", width: 14, flex: 2, fit: .summary),
        TableColumn("结论", width: 6, fit: .keep),
        TableColumn("自", width: 10, fit: .keep),
        TableColumn("天数", width: 4, align: .right),
    ])
    var error = ""

    public init(context: AppContext) {
        self.context = context
        reload()
        let all = (try? context.db.studios()) ?? []
        committees = Array(Set(all.map(\.committee).filter { !$0.isEmpty })).sorted { $0.compare($1, locale: Locale(identifier: "zh_CN")) == .orderedAscending }
        sectors = Array(Set(all.map(\.sector).filter { !$0.isEmpty })).sorted { $0.compare($1, locale: Locale(identifier: "zh_CN")) == .orderedAscending }
    }

    public var title: String { "上墙检查" }

    enum Action: Sendable { case open, inspect, view, committee, sector, type, clear, search, back }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .open, label: "检查表", help: "打开所选工作室的检查表：各条目最近结论、问题起始日期和检查历史"),
        ListFilter.binding(.search),
        KeyBinding([.char("n")], .inspect, label: "新检查", help: "为所选工作室录入一次新的检查", edits: true),
        KeyBinding([.char("v")], .view, label: "切换", help: "切换视图：按工作室 / 按问题条目（逾期最久的在前）"),
        KeyBinding([.char("m")], .committee, label: "专委会", help: "按联系专委会筛选（每按一次换下一个）"),
        KeyBinding([.char("b")], .sector, label: "界别", help: "按界别或区域筛选"),
        KeyBinding([.char("t")], .type, label: "类型", help: "按工作室类型筛选"),
        KeyBinding([.char("c")], .clear, label: "清除", help: "清除全部筛选", inBar: false),
        KeyBinding([.escape], .back, label: "返回", help: "返回主菜单（有 / 筛选时先清除筛选）"),
    ])
    public var hints: [KeyHint] { search.isEditing ? ListFilter.editingHints : keys.barHints(context) + [CommonKeys.help] }
    public var helpHints: [KeyHint] {
        keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "上下移动"), KeyHint(key: "PgUp/PgDn", label: "翻页"),
                          KeyHint(key: "Home/End", label: "第一个/最后一个")]
    }

    public func becameTop() { reload() }
    /// Another session saved: read again (the cursor stays where it is).
    public func dataChanged() { reload() }

    var today: String { DateInput.iso(context.today()) }

    func reload() {
        do {
            try context.db.syncChecklists(from: context.profiles)
            allStatuses = WallOverview.studios(try context.db.wallStatuses(filter))
            allProblems = WallOverview.problems(allStatuses, today: today)
            error = ""
        } catch {
            allStatuses = []
            allProblems = []
            self.error = "\(error)"
        }
        applySearch()
    }

    /// The rows the `/` filter lets through, best match first (problems keep their oldest-first order within a rank).
    func applySearch() {
        statuses = search.apply(allStatuses, inPinyinOrder: false) { [($0.studio.name, $0.studio.pinyinKey)] }
        problems = search.apply(allProblems, inPinyinOrder: false) { [($0.studio.name, $0.studio.pinyinKey)] }
        studioTable.setCount(statuses.count)
        problemTable.setCount(problems.count)
    }

    var selectedStudioID: Int64? {
        switch view {
        case .studios: statuses.indices.contains(studioTable.selected) ? statuses[studioTable.selected].studio.id : nil
        case .problems: problems.indices.contains(problemTable.selected) ? problems[problemTable.selected].studio.id : nil
        }
    }

    public func handle(_ key: Key) -> Navigation {
        if let changed = search.handle(key) {
            if changed {
                applySearch()
                studioTable.select(0)
                problemTable.select(0)
            }
            return .stay
        }
        let moved = view == .studios ? studioTable.handle(key) : problemTable.handle(key)
        if moved { return .stay }
        switch keys.action(for: key, in: context) {
        case .search?: search.open()
        case .open?:
            guard let id = selectedStudioID else { return .stay }
            return .push(StudioWallScreen(context: context, studioID: id))
        case .inspect?:
            guard let id = selectedStudioID, let status = try? context.db.wallStatus(studioID: id) else { return .stay }
            return .push(InspectionFormScreen.new(context: context, status: status))
        case .view?:
            // Keep the same studio under the cursor when switching views.
            let id = selectedStudioID
            view = view == .studios ? .problems : .studios
            if let id {
                if view == .problems, let i = problems.firstIndex(where: { $0.studio.id == id }) { problemTable.select(i) }
                if view == .studios, let i = statuses.firstIndex(where: { $0.studio.id == id }) { studioTable.select(i) }
            }
        case .committee?: filter.committee = StudioListScreen.next(filter.committee, in: committees); reload()
        case .sector?: filter.sector = StudioListScreen.next(filter.sector, in: sectors); reload()
        case .type?: filter.type = StudioListScreen.next(filter.type, in: StudioType.allCases); reload()
        case .clear?: filter = WallFilter(); reload()
        case .back?: return .pop
        case nil: break
        }
        return .stay
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let viewText = view == .studios ? "视图：按工作室" : "视图：按问题条目"
        buffer.put(viewText, row: area.row, col: col, style: .accent)
        let filters = "专委会：\(filter.committee ?? "全部")  界别/区域：\(filter.sector ?? "全部")  类型：\(filter.type?.title ?? "全部")"
        let fx = col + DisplayWidth.of(viewText) + 2
        buffer.put(filters, row: area.row, col: fx, maxWidth: area.right - fx - 1, style: filter.isEmpty ? .muted : .accent)
        let never = statuses.filter { $0.lastInspection == nil }.count
        let withProblems = statuses.filter { !$0.problems.isEmpty }.count
        let summary = "运行中工作室 \(statuses.count) 个：有问题 \(withProblems) 个，共 \(problems.count) 项；从未检查 \(never) 个"
        buffer.put(summary, row: area.row + 1, col: col, maxWidth: area.width - 2, style: problems.isEmpty ? .normal : .warning)
        let tableArea = Rect(row: area.row + 3, col: col, width: area.width - 2, height: area.height - 5)
        switch view {
        case .studios:
            studioTable.render(into: &buffer, area: tableArea) { [self] i in
                let s = statuses[i]
                let since = s.oldestProblemSince
                return [s.studio.name, s.studio.type.title, s.lastInspection?.date ?? "从未检查", s.lastInspection?.inspector ?? "",
                        "\(s.passed)/\(s.total)", s.problems.isEmpty ? "" : "\(s.problems.count)", since ?? "",
                        since.map { "\(max(0, CivilDate.days(from: $0, to: today) ?? 0))" } ?? ""]
            }
        case .problems:
            problemTable.render(into: &buffer, area: tableArea) { [self] i in
                let p = problems[i]
                return [p.studio.name, p.status.list.name, p.status.item.text, p.status.latest?.verdict.title ?? "",
                        p.status.problemSince ?? "", "\(p.days)"]
            }
        }
        let count = view == .studios ? statuses.count : problems.count
        search.render(into: &buffer, row: area.row + 2, col: col, width: area.width - 2, shown: count,
                      total: view == .studios ? allStatuses.count : allProblems.count)
        if count == 0 {
            let text = !error.isEmpty ? error
                : search.isActive ? "没有符合「\(search.query.text)」的工作室。按 Esc 清除筛选。"
                : view == .problems ? "没有不合格或缺失的条目。" : filter.isEmpty ? "没有运行中的工作室。" : "没有符合条件的工作室。按 c 清除筛选。"
            buffer.put(text, row: tableArea.row + 2, col: col + 2, maxWidth: area.width - 6, style: error.isEmpty ? .muted : .error)
        } else {
            let pos = "第 \((view == .studios ? studioTable.selected : problemTable.selected) + 1)/\(count) 行"
            buffer.put(pos, row: area.bottom - 1, col: area.right - DisplayWidth.of(pos) - 1, style: .muted)
        }
    }
}

/// One studio's checklist page: every item of the lists in use with its latest verdict,
/// since when a problem has stood, and what the scorecard reads from it.
public final class StudioWallScreen: Screen {
    let context: AppContext
    let studioID: Int64
    var status: StudioWallStatus?
    var table = TableView(columns: [
        TableColumn("清单", width: 8),
        TableColumn("检查内容", width: 20, flex: 3),
        TableColumn("最近结论", width: 8, fit: .keep),
        TableColumn("检查日期", width: 10, fit: .keep),
        TableColumn("问题自", width: 10, fit: .keep),
        TableColumn("备注", width: 10, flex: 1, fit: .summary),
    ])
    var error = ""

    public init(context: AppContext, studioID: Int64) {
        self.context = context
        self.studioID = studioID
        reload()
    }

    public var title: String { "上墙检查：" + (status?.studio.name ?? "工作室") }

    enum Action: Sendable { case item, inspect, history, print, back }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .item, label: "历史", help: "所选条目的历次检查结论、备注和凭证"),
        KeyBinding([.char("n")], .inspect, label: "新检查", help: "录入一次新的检查：每个条目一键给出合格/不合格/缺失", edits: true),
        KeyBinding([.char("h")], .history, label: "检查记录", help: "历次检查：查看、修改或删除"),
        KeyBinding([.char("p")], .print, label: "打印", help: "打印检查表（PDF）：空白表供现场勾选，或最近一次检查的结果", needs: .print),
        KeyBinding([.escape], .back, label: "返回", help: "返回"),
    ])
    public var hints: [KeyHint] { keys.barHints(context, studio: studioID) + [CommonKeys.help] }
    public var helpHints: [KeyHint] {
        keys.helpHints(context, studio: studioID) + [KeyHint(key: "Up/Down", label: "在条目间移动"), KeyHint(key: "PgUp/PgDn", label: "翻页")]
    }

    public func becameTop() { reload() }
    /// Another session saved: read again (the cursor stays where it is).
    public func dataChanged() { reload() }

    var profile: RuleProfile? { context.profiles.first { $0.id == status?.studio.profileID } }

    func reload() {
        do {
            try context.db.syncChecklists(from: context.profiles)
            status = try context.db.wallStatus(studioID: studioID)
            error = status == nil ? "找不到这个工作室（可能已被删除）。按 Esc 返回。" : ""
        } catch {
            self.error = "\(error)"
        }
        table.setCount(status?.items.count ?? 0)
    }

    public func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        guard let status else { return key == .escape ? .pop : .stay }
        switch keys.action(for: key, in: context, studio: studioID) {
        case .item?:
            guard status.items.indices.contains(table.selected) else { return .stay }
            let item = status.items[table.selected]
            let lines = status.history(of: item.item.id!).map { h in
                var line = "\(DateInput.chinese(h.inspection.date)) \(h.inspection.inspector)（\(h.inspection.modeTitle)）：\(h.verdict.verdict.title)"
                if !h.verdict.note.isEmpty { line += "；\(h.verdict.note)" }
                if !h.verdict.evidence.isEmpty { line += "；凭证 \(h.verdict.evidence)" }
                if h.verdict.itemText != item.item.text { line += "（当时条目：\(h.verdict.itemText)）" }
                return line
            }
            return .push(MessageDialog(title: "\(item.list.name)：\(item.item.text)",
                                       message: lines.isEmpty ? "还没有检查过这个条目。" : lines.joined(separator: "\n")))
        case .inspect?:
            if !status.studio.status.isActive {
                return .push(MessageDialog(title: "只读", message: "「\(status.studio.name)」已\(status.studio.status.title)，记录已归档，不能再录入检查。"))
            }
            if status.items.isEmpty {
                return .push(MessageDialog(title: "没有条目", message: "「\(profile?.name ?? status.studio.profileID)」没有在用的上墙清单。可在 规则设置 中启用或添加。"))
            }
            return .push(InspectionFormScreen.new(context: context, status: status))
        case .history?: return .push(InspectionHistoryScreen(context: context, studioID: studioID))
        case .print?: return .push(printForm(status))
        case .back?: return .pop
        case nil: return .stay
        }
    }

    /// Prints the checklist as a PDF: blank to carry on site, or the latest inspection as it was recorded.
    func printForm(_ status: StudioWallStatus, directory: String? = nil) -> Screen {
        let directory = directory ?? context.outputDirectory
        let today = DateInput.iso(context.today())
        let blank = "空白检查表", latest = "最近一次检查"
        let choices = status.inspections.isEmpty ? [blank] : [latest, blank]
        let safeName = OutputFile.safeName(status.studio.name)
        return EntryFormScreen(
            title: "打印上墙检查表：\(status.studio.name)",
            fields: [.init("what", "内容", .choice(choices), guidance: status.inspections.isEmpty ? "还没有检查记录，只能打印空白表" : nil),
                     .init("path", "PDF 文件", .text(maxLength: 240), guidance: "A4，内嵌中文字体")],
            values: ["path": (directory as NSString).appendingPathComponent("\(safeName)-上墙检查表-\(today).pdf")], writes: false
        ) { [self] v in
            let path = context.filePath(v.text("path"), ext: ".pdf")
            guard !path.isEmpty else { return .issues(["path": "请填写 PDF 文件的路径"]) }
            let record = v.choice("what") == latest ? status.inspections.first : nil
            if record == nil && status.items.isEmpty { return .issues(["what": "没有在用的上墙清单，无法打印空白表"]) }
            do {
                let pages = try Printouts.checklist(status, profile: profile, inspection: record, db: context.db, printedOn: today).render(to: path)
                let what = record.map { "\(DateInput.chinese($0.inspection.date)) \($0.inspection.inspector) 的检查" } ?? "空白检查表"
                return .saved(.push(MessageDialog(title: "已生成", message: "\(what)：\(path)（\(pages) 页）")))
            } catch {
                return .issues(["path": OutputFile.message(for: error, path: path)])
            }
        }
    }

    /// One line per list: passed of total, and whether its standard is met.
    func listSummary(_ l: WallListStatus) -> String {
        let verdict = switch l.meetsStandard {
        case true?: "达标"
        case false?: "未达标"
        case nil: l.unchecked == l.items.count ? "未检查" : "有 \(l.unchecked) 项未查"
        }
        return "\(l.list.name)\(l.list.inferred ? "（推定）" : "") \(l.passed)/\(l.items.count) 合格，\(verdict)"
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        guard let status else {
            buffer.put(error, row: area.row + 1, col: area.col + 2, maxWidth: area.width - 4, style: .error)
            return
        }
        let col = area.col + 2
        buffer.put(status.studio.name, row: area.row, col: col, maxWidth: area.width - 4, style: .accent)
        let last = status.lastInspection.map { "最近检查：\(DateInput.chinese($0.date)) \($0.inspector)（\($0.modeTitle)），共检查 \(status.inspections.count) 次" }
            ?? "还没有检查记录。按 n 录入第一次检查。"
        buffer.put(last, row: area.row + 1, col: col, maxWidth: area.width - 4, style: status.lastInspection == nil ? .warning : .normal)
        buffer.put(status.lists.map(listSummary).joined(separator: "；"), row: area.row + 2, col: col, maxWidth: area.width - 4)
        // What the scorecard reads from here (Binjiang 有规范上墙内容).
        var y = area.row + 3
        if let card = profile?.scorecard {
            for item in card.sections.flatMap(\.items) where item.checklist != nil {
                let points = status.points(for: item) ?? 0
                let why = status.meetsStandard(listKey: item.checklist!) == nil ? "（尚未全部检查）" : ""
                let text = "评估表「\(item.text.trimmingCharacters(in: CharacterSet(charactersIn: "。")))」：按最近检查得 \(WallStyle.points(points)) / \(WallStyle.points(item.points)) 分\(why)"
                buffer.put(text, row: y, col: col, maxWidth: area.width - 4, style: points == item.points ? .accent : .warning)
                y += 1
            }
        }
        let tableArea = Rect(row: y + 1, col: col, width: area.width - 4, height: area.bottom - y - 3)
        let items = status.items
        table.render(into: &buffer, area: tableArea) { i in
            let s = items[i]
            return [s.list.name, s.item.text, s.latest?.verdict.title ?? "未检查", s.latestDate ?? "", s.problemSince ?? "",
                    s.latest?.note ?? ""]
        }
        WallStyle.markVerdicts(in: &buffer, table: table, area: tableArea, column: 2, verdicts: items.map { $0.latest?.verdict })
        if items.isEmpty {
            buffer.put("没有在用的上墙清单。可在 规则设置 中启用或添加。", row: tableArea.row + 2, col: col + 2, style: .muted)
        } else if items.indices.contains(table.selected) {
            // The table cuts long items; the selected one is shown whole below it.
            let s = items[table.selected]
            var line = "\(s.list.name)：\(s.item.text)"
            if let note = s.latest?.note, !note.isEmpty { line += "  备注：\(note)" }
            buffer.put(line, row: area.bottom - 1, col: col, maxWidth: area.width - 4, style: .muted)
        }
    }
}

/// Colours a verdict column: 合格 plain, 不合格 and 缺失 as errors (bold without colour).
enum WallStyle {
    /// 5.0 → "5", 2.5 → "2.5".
    static func points(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }

    static func markVerdicts(in buffer: inout Buffer, table: TableView, area: Rect, column: Int, verdicts: [WallVerdict?]) {
        let widths = table.layout(width: area.width)
        let x = area.col + widths.prefix(column).reduce(0, +) + column
        for (n, i) in table.visibleRange.enumerated() where i != table.selected {
            guard let v = verdicts[i], v != .pass else { continue }
            buffer.restyle(Rect(row: area.row + 1 + n, col: x, width: widths[column], height: 1), style: .error)
        }
    }
}

/// 检查记录: a studio's inspections, newest first; open one to correct it, or delete it.
public final class InspectionHistoryScreen: Screen {
    let context: AppContext
    let studioID: Int64
    var status: StudioWallStatus?
    var table = TableView(columns: [
        TableColumn("检查日期", width: 10),
        TableColumn("检查人", width: 8),
        TableColumn("方式", width: 4),
        TableColumn("合格", width: 4, align: .right),
        TableColumn("不合格", width: 6, align: .right),
        TableColumn("缺失", width: 4, align: .right),
        TableColumn("备注", width: 12, flex: 1),
    ])
    var message = ""

    public init(context: AppContext, studioID: Int64) {
        self.context = context
        self.studioID = studioID
        reload()
    }

    public var title: String { "检查记录：" + (status?.studio.name ?? "") }
    enum Action: Sendable { case open, delete, back }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .open, label: "查看/修改", help: "打开所选检查：查看各条目结论，可更正后保存（审阅时只能查看）"),
        KeyBinding([.char("d"), .delete], .delete, key: "d/Del", label: "删除", help: "删除所选检查（先确认）", edits: true),
        KeyBinding([.escape], .back, label: "返回", help: "返回"),
    ])
    public var hints: [KeyHint] { keys.barHints(context, studio: studioID) + [CommonKeys.help] }
    public var helpHints: [KeyHint] { keys.helpHints(context, studio: studioID) + [KeyHint(key: "Up/Down", label: "上下移动")] }

    public func becameTop() { reload() }
    /// Another session saved: read again (the cursor stays where it is).
    public func dataChanged() { reload() }

    func reload() {
        status = try? context.db.wallStatus(studioID: studioID)
        table.setCount(status?.inspections.count ?? 0)
    }

    public func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        let action = keys.action(for: key, in: context, studio: studioID)
        guard let status, status.inspections.indices.contains(table.selected) else { return action == .back ? .pop : .stay }
        let record = status.inspections[table.selected]
        switch action {
        case .back?: return .pop
        case .open?: return .push(InspectionFormScreen.edit(context: context, status: status, record: record))
        case .delete?:
            if !status.studio.status.isActive {
                return .push(MessageDialog(title: "只读", message: "「\(status.studio.name)」已\(status.studio.status.title)，记录已归档，不能删除。"))
            }
            let i = record.inspection
            let question = "删除 \(DateInput.chinese(i.date)) \(i.inspector) 的检查记录（\(record.verdicts.count) 个条目的结论）？删除后不能恢复。"
            let dialog = ConfirmDialog(title: "删除检查", message: question) { [self] yes in
                guard yes else { return .pop }
                do {
                    try context.db.deleteInspection(id: i.id!)
                    message = "已删除 \(DateInput.chinese(i.date)) 的检查记录"
                    return .pop
                } catch {
                    return .push(MessageDialog(title: "不能删除", message: "\(error)", isError: true))
                }
            }
            return .push(dialog)
        case nil: return .stay
        }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 2
        guard let status else { return }
        buffer.put(status.studio.name + "：共检查 \(status.inspections.count) 次", row: area.row, col: col, maxWidth: area.width - 4, style: .accent)
        let tableArea = Rect(row: area.row + 2, col: col, width: area.width - 4, height: area.height - 4)
        table.render(into: &buffer, area: tableArea) { i in
            let r = status.inspections[i]
            return [r.inspection.date, r.inspection.inspector, r.inspection.modeTitle, "\(r.count(.pass))", "\(r.count(.fail))",
                    "\(r.count(.missing))", r.inspection.note]
        }
        if status.inspections.isEmpty {
            buffer.put("还没有检查记录。", row: tableArea.row + 2, col: col + 2, style: .muted)
        }
        if !message.isEmpty { buffer.put(message, row: area.bottom - 1, col: col, maxWidth: area.width - 4, style: .accent) }
    }
}
