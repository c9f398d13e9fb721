import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

/// 年度评估: every assessed studio's result for a year, worst first (by how far below the pass mark),
/// with its stage and the cheapest way to close the gap; the summary (by type, by 专委会, average per
/// item) and the consequences to confirm are one key away.
public final class AssessmentHomeScreen: Screen {
    let context: AppContext
    var year: Int
    enum View { case risk, summary, tasks }
    var view = View.risk
    /// What the `/` filter shows of `allResults` (the summary counts every result).
    var results: [(studio: Studio, assessment: Assessment)] = []
    var allResults: [(studio: Studio, assessment: Assessment)] = []
    var allTasks: [(ConsequenceTask, String)] = []
    var filter = ListFilter()
    var summary = YearEndSummary.make(year: 0, results: [])
    /// When the year was 审定 as a whole (its record is what the list shows).
    var lockedOn: String?
    var tasks: [(ConsequenceTask, String)] = []
    // The remedy in words may be cut (last of the text); the points it would earn have their own column.
    var table = TableView(columns: [
        TableColumn("工作室名称", width: 16, flex: 3, fit: .name),
        TableColumn("规则", width: 13),
        TableColumn("阶段", width: 6, fit: .keep),
        TableColumn("得分", width: 8, align: .right),
        TableColumn("结论", width: 14, fit: .keep),
        TableColumn("最省力的补救", width: 12, flex: 2, fit: .summary),
        TableColumn("可得", width: 4, align: .right),
    ])
    var summaryTable = TableView(columns: [
        TableColumn("分组", width: 20, flex: 2, fit: .name),
        TableColumn("参评", width: 4, align: .right),
        TableColumn("达标", width: 4, align: .right),
        TableColumn("未达标", width: 6, align: .right),
        TableColumn("说明", width: 10, flex: 2, fit: .keep),
    ])
    var summaryRows: [[String]] = []
    var taskTable = TableView(columns: [
        TableColumn("到期", width: 10, fit: .keep),
        TableColumn("工作室", width: 16, flex: 2, fit: .name),
        TableColumn("处理事项", width: 16, flex: 3, fit: .summary),
        TableColumn("状态", width: 8, fit: .keep),
        TableColumn("确认", width: 12, fit: .keep),
    ])
    var message = ""
    var messageIsError = false

    public init(context: AppContext, year: Int? = nil) {
        self.context = context
        self.year = year ?? Calendar(identifier: .gregorian).component(.year, from: context.today())
        reload()
    }

    public var title: String { "年度评估" }

    enum Action: Sendable { case open, view, batch, print, confirm, previous, next, filter, back }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .open, label: "评估表", help: "打开所选工作室的评估表：逐项得分与依据、自评、评估小组评分、审定"),
        ListFilter.binding(.filter),
        KeyBinding([.char("v")], .view, label: "切换", help: "切换视图：按风险排序 / 汇总（类型、专委会、各项平均）/ 处理事项（整改、警示、摘牌、表扬）"),
        KeyBinding([.char("b")], .batch, label: "年度计算", help: "年度批量计算：按台账为全部参评工作室重新计分并保存（已审定的不变）", needs: .assessmentStages),
        KeyBinding([.char("p")], .print, label: "打印", help: "打印全部评估表和汇总表（PDF，一个文件或每个工作室一个），或导出汇总表 CSV", needs: .print),
        KeyBinding([.char("c")], .confirm, label: "确认执行", help: "处理事项视图：确认执行所选事项（工作室状态随之变更，记入状态历史）", inBar: false, needs: .assessmentStages),
        KeyBinding([.char("[")], .previous, key: "[ ]", label: "年度", help: "上一年度 / 下一年度"),
        KeyBinding([.char("]")], .next, label: "下一年度", inBar: false),
        KeyBinding([.escape], .back, label: "返回", help: "返回主菜单（有筛选时先清除筛选）"),
    ])
    public var hints: [KeyHint] {
        if filter.isEditing { return ListFilter.editingHints }
        return view == .tasks && context.session.may(.assessmentStages) ? [KeyHint(key: "c", label: "确认")] + keys.barHints(context) + [CommonKeys.help] : keys.barHints(context) + [CommonKeys.help]
    }
    public var helpHints: [KeyHint] { keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "上下移动"), KeyHint(key: "PgUp/PgDn", label: "翻页")] }

    public func becameTop() { reload() }
    /// Another session saved: read again (the cursor stays where it is).
    public func dataChanged() { reload() }

    var todayISO: String { DateInput.iso(context.today()) }

    func reload() {
        do {
            allResults = try context.yearResults(year: year)
                .sorted { a, b in
                    // Most at risk first; studios the year does not judge last.
                    if a.1.sheet.isJudged != b.1.sheet.isJudged { return a.1.sheet.isJudged }
                    let (x, y) = (a.1.sheet.shortfall, b.1.sheet.shortfall)
                    return x != y ? x > y : a.0.pinyin < b.0.pinyin
                }.map { ($0.0, $0.1) }
            summary = try context.db.yearSummary(year: year, results: allResults.map { ($0.studio, $0.assessment) })
            lockedOn = try context.db.lockedYear(year)?.lockedOn
            allTasks = try context.db.consequenceTasks(year: year)
        } catch {
            allResults = []
            allTasks = []
            say("\(error)", error: true)
        }
        summaryRows = []
        func count(_ label: String, _ c: YearEndSummary.Count) -> [String] {
            [label + c.name, String(c.studios), String(c.passed), String(c.studios - c.passed), ""]
        }
        for c in summary.byType { summaryRows.append(count("类型：", c)) }
        for c in summary.byCommittee { summaryRows.append(count("专委会：", c)) }
        for a in summary.averages {
            let note = a.max > 0 ? "平均 \(String(format: "%.1f", a.average))/\(Scoring.points(a.max)) 分，\(a.full) 个满分" : "平均加 \(String(format: "%.1f", a.average)) 分"
            summaryRows.append(["\(a.profileName)：\(a.text)", "", "", "", note])
        }
        summaryTable.setCount(summaryRows.count)
        applyFilter()
    }

    /// The studios the `/` filter lets through, best match first (most at risk first within a rank).
    func applyFilter() {
        results = filter.apply(allResults, inPinyinOrder: false) { [($0.studio.name, $0.studio.pinyinKey)] }
        tasks = filter.apply(allTasks, inPinyinOrder: false) { [($0.1, nil)] }
        table.setCount(results.count)
        taskTable.setCount(tasks.count)
    }

    func say(_ text: String, error: Bool = false) {
        message = text
        messageIsError = error
    }

    public func handle(_ key: Key) -> Navigation {
        if let changed = filter.handle(key) {
            if changed {
                applyFilter()
                table.select(0)
                taskTable.select(0)
            }
            return .stay
        }
        let moved = switch view {
        case .risk: table.handle(key)
        case .summary: summaryTable.handle(key)
        case .tasks: taskTable.handle(key)
        }
        if moved { return .stay }
        switch keys.action(for: key, in: context) {
        case .filter?:
            // The summary counts every studio; the filter is for the lists of studios and tasks.
            if view != .summary { filter.open() }
        case .open?:
            if view == .summary { return openSummaryLine() }
            if view == .tasks { say("Enter 不打开处理事项：按 c 确认执行所选事项，v 切换视图"); return .stay }
            guard view == .risk, results.indices.contains(table.selected) else { return .stay }
            return .push(AssessmentSheetScreen(context: context, studioID: results[table.selected].studio.id!, year: year))
        case .view?:
            view = view == .risk ? .summary : (view == .summary ? .tasks : .risk)
        case .batch?:
            let open = allResults.filter { !$0.assessment.isLocked && $0.assessment.sheet.isJudged }.count
            let judged = allResults.filter { $0.assessment.sheet.isJudged }.count
            let left = CivilDate.days(from: todayISO, to: "\(year)-12-31") ?? 0
            // Before 12月31日 the year is not over: say so, and make No the default.
            let early = left > 0 ? "\(year) 年尚未结束（还有 \(left) 天），现在计算的是截至今天的台账，之后的活动不计入。\n" : ""
            return .push(ConfirmDialog(title: "年度批量计算", message: early + "按台账为 \(year) 年 \(judged) 个参评工作室计分并保存？\n已审定的 \(judged - open) 个保持不变，其余 \(open) 个按最新台账重新计分。", defaultYes: left <= 0) { [self] yes in
                guard yes else { return .stay }
                do {
                    let done = try context.db.runYearEnd(year: year, profiles: context.profiles, today: todayISO)
                    reload()
                    say("已计算并保存 \(done.count) 个工作室的 \(year) 年评估结果：达标 \(summary.passed) 个，未达标 \(summary.failed) 个")
                } catch {
                    say("\(error)", error: true)
                }
                return .stay
            })
        case .print?:
            return .push(printForm())
        case .confirm?:
            guard view == .tasks, tasks.indices.contains(taskTable.selected) else { return .stay }
            let (task, name) = tasks[taskTable.selected]
            if let on = task.confirmedOn {
                say("该事项已于 \(on) 确认", error: true)
                return .stay
            }
            let change = task.status.map { "，工作室状态改为「\($0.title)」" } ?? ""
            return .push(ConfirmDialog(title: "确认执行", message: "「\(name)」\(task.year)年度：\(task.action)\(change)。\n确认执行吗？") { [self] yes in
                guard yes, let id = task.id else { return .stay }
                do {
                    try context.db.confirmConsequence(id: id, on: todayISO)
                    reload()
                    say("已确认：\(name) \(task.action)")
                } catch {
                    say("\(error)", error: true)
                }
                return .stay
            })
        case .previous?: year -= 1; reload(); say("")
        case .next?: year += 1; reload(); say("")
        case .back?: return .pop
        case nil: break
        }
        return .stay
    }

    func printForm(directory: String? = nil) -> Screen {
        let directory = directory ?? context.outputDirectory
        // A 联络员 prints their own studios' sheets only; the 汇总表 (every studio's points) is the office's paper.
        let officeWide = context.session.actor.may(.print)
        let printable = officeWide ? allResults : allResults.filter { context.session.may(.print, studio: $0.studio.id) }
        let one = officeWide ? "PDF 一个文件（汇总表在前）" : "PDF 一个文件", split = "PDF 每个工作室一个（目录）", csv = "汇总表 CSV（Excel/WPS）"
        let guidance = "A4，内嵌中文字体；评估表按附件4的格式，含评分依据和签名栏"
            + (officeWide ? "" : "。只打印所负责的 \(printable.count) 个工作室的评估表（汇总表由办公室打印）")
        return EntryFormScreen(
            title: "打印 \(year) 年度评估表",
            fields: [.init("kind", "内容", .choice(officeWide ? [one, split, csv] : [one, split]), guidance: guidance),
                     .init("path", "文件或目录", .text(maxLength: 240))],
            values: ["path": (directory as NSString).appendingPathComponent("\(year)年度评估表")], writes: false
        ) { [self] v in
            let path = context.filePath(v.text("path"))
            guard !path.isEmpty else { return .issues(["path": "请填写文件路径"]) }
            if allResults.isEmpty { return .issues(["kind": "\(year) 年没有参评的工作室"]) }
            if printable.isEmpty { return .issues(["kind": "所负责的工作室 \(year) 年没有参评"]) }
            let layout: ScorecardFiles.Layout = v.choice("kind") == csv ? .summaryCSV : v.choice("kind") == split ? .perStudio : .oneFile
            do {
                // A printed sheet names the records behind its points: read them now (the list holds only the counts).
                let listed = printable.map { ($0.studio, $0.assessment) }
                let sheets = layout == .summaryCSV ? listed : try context.db.withEvidence(listed)
                let w = try ScorecardFiles.write(sheets, summary: officeWide ? summary : nil, year: year, district: context.districtName,
                                                 printedOn: todayISO, layout: layout, to: path)
                switch layout {
                case .summaryCSV: return .saved(.push(MessageDialog(title: "已导出", message: "汇总表（\(allResults.count) 个工作室）：\(w.path)")))
                case .perStudio: return .saved(.push(MessageDialog(title: "已生成", message: "\(sheets.count) 份评估表" + (officeWide ? "和汇总表" : "") + "：\(w.path)")))
                case .oneFile: return .saved(.push(MessageDialog(title: "已生成", message: (officeWide ? "汇总表和 " : "") + "\(sheets.count) 份评估表：\(w.path)（\(w.pages) 页）")))
                }
            } catch {
                return .issues(["path": OutputFile.message(for: error, path: path)])
            }
        }
    }

    /// Enter on a line of the 汇总 view: the studios a count is made of, or each studio's points on an averaged item.
    func openSummaryLine() -> Navigation {
        guard summaryRows.indices.contains(summaryTable.selected) else { return .stay }
        let label = summaryRows[summaryTable.selected][0]
        let judged = results.filter { $0.assessment.sheet.isJudged }
        let group: [(studio: Studio, assessment: Assessment)]
        if label.hasPrefix("类型：") {
            group = judged.filter { "类型：" + $0.studio.type.title == label }
        } else if label.hasPrefix("专委会：") {
            group = judged.filter { "专委会：" + ($0.studio.committee.isEmpty ? "（未指定专委会）" : $0.studio.committee) == label }
        } else if let a = summary.averages.first(where: { "\($0.profileName)：\($0.text)" == label }) {
            let lines = judged.filter { $0.assessment.profile.name == a.profileName }.compactMap { r -> String? in
                guard let item = (r.assessment.sheet.items + r.assessment.sheet.bonus).first(where: { $0.id == a.itemID }) else { return nil }
                return "\(r.studio.name)  \(Scoring.points(item.points))" + (a.max > 0 ? "/\(Scoring.points(a.max)) 分" : " 分")
            }
            return .push(LinesDialog(title: "\(year)年度 \(label)", lines: lines, footer: "各工作室此项得分；Enter 关闭"))
        } else {
            return .stay
        }
        let lines = group.map { r in "\(r.studio.name)  \(r.assessment.sheet.scoreText)  \(r.assessment.sheet.verdictText)" }
        return .push(LinesDialog(title: "\(year)年度 \(label)（\(group.count) 个）", lines: lines, footer: "v 切回按风险视图可打开各工作室的评估表"))
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let open = allTasks.filter { $0.0.confirmedOn == nil }.count
        let inProgress = year >= Calendar(identifier: .gregorian).component(.year, from: context.today())
        let viewName = switch view {
        case .risk: "按风险"
        case .summary: "汇总"
        case .tasks: "处理事项"
        }
        let state = lockedOn.map { "\($0) 审定锁定" } ?? (inProgress ? "进行中" : viewName)
        let head = "\(year)年度评估（\(state)）：\(inProgress && lockedOn == nil ? "预计" : "")参评 \(summary.headline)" + (open > 0 ? "；待确认处理 \(open) 项" : "")
        buffer.put(head, row: area.row, col: col, maxWidth: area.width - 2, style: summary.failed > 0 ? .warning : .accent)
        if inProgress { buffer.put("按已有台账预计；视图：\(viewName)（v 切换）", row: area.row + 1, col: col, maxWidth: area.width - 2, style: .muted) }
        // The filter line takes the place of the note while it is shown (the summary is not filtered).
        if view != .summary {
            filter.render(into: &buffer, row: area.row + 1, col: col, width: area.width - 2, shown: view == .risk ? results.count : tasks.count,
                          total: view == .risk ? allResults.count : allTasks.count)
        }
        let tableArea = Rect(row: area.row + 2, col: col, width: area.width - 2, height: area.height - 3)
        switch view {
        case .risk:
            if results.isEmpty, filter.isActive {
                buffer.put("没有符合「\(filter.query.text)」的工作室。按 Esc 清除筛选。", row: tableArea.row + 1, col: col, maxWidth: area.width - 2, style: .muted)
                break
            }
            if results.isEmpty {
                buffer.put("\(year) 年没有参评的工作室（已授牌、警示或整改中的工作室参加年度评估）。", row: tableArea.row + 1, col: col, style: .muted)
                break
            }
            table.render(into: &buffer, area: tableArea, rowStyle: { [self] i in
                let sheet = results[i].assessment.sheet
                return sheet.passed ? nil : (sheet.isJudged ? .warning : .muted)
            }) { [self] i in
                let (s, a) = results[i]
                let stage = !a.sheet.isJudged ? "—" : (a.id == nil ? "未开始" : a.stage.title)
                // A studio the year does not judge: the verdict column says so, the wide last column says why.
                if let why = a.sheet.notJudged { return [s.name, a.profile.name, stage, a.sheet.scoreText, "本年不参评", why, ""] }
                let way = a.sheet.passed ? nil : a.sheet.waysToClose.first
                return [s.name, a.profile.name, stage, a.sheet.scoreText, a.sheet.verdictText, way?.howToEarn ?? "", way.map { "+\(Scoring.points($0.missing))" } ?? ""]
            }
        case .summary:
            summaryTable.render(into: &buffer, area: tableArea) { [self] i in summaryRows[i] }
        case .tasks:
            if tasks.isEmpty, filter.isActive {
                buffer.put("没有符合「\(filter.query.text)」的处理事项。按 Esc 清除筛选。", row: tableArea.row + 1, col: col, maxWidth: area.width - 2, style: .muted)
                break
            }
            if tasks.isEmpty {
                buffer.put("\(year) 年还没有处理事项（审定后按本地规则生成：整改、警示、摘牌/终止、表扬）。", row: tableArea.row + 1, col: col,
                           maxWidth: area.width - 2, style: .muted)
                break
            }
            taskTable.render(into: &buffer, area: tableArea, rowStyle: { [self] i in tasks[i].0.confirmedOn == nil && tasks[i].0.dueOn <= todayISO ? .warning : nil }) { [self] i in
                let (t, name) = tasks[i]
                return [t.dueOn, name, t.action, t.status?.title ?? "—", t.confirmedOn.map { "已确认 \($0.dropFirst(5))" } ?? "待确认"]
            }
        }
        if !message.isEmpty {
            buffer.put(message, row: area.bottom - 1, col: col, maxWidth: area.width - 2, style: messageIsError ? .error : .accent)
        }
    }
}
