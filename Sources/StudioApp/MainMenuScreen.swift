import Foundation
import StudioCore
import StudioDemo
import StudioStore
import TerminalKit

/// The capabilities of the main menu, with their one-key shortcuts (1–9, 0).
enum Capability: CaseIterable {
    case application, studios, members, wall, duty, ledger, assessment, printing, rules, accounts, quit

    var shortcut: Character {
        switch self {
        case .application: "1"
        case .studios: "2"
        case .members: "3"
        case .wall: "4"
        case .duty: "5"
        case .ledger: "6"
        case .assessment: "7"
        case .printing: "8"
        case .rules: "9"
        case .accounts: "a"
        case .quit: "0"
        }
    }

    var title: String {
        switch self {
        case .application: "工作室申报"
        case .studios: "工作室名册"
        case .members: "委员名册"
        case .wall: "上墙检查"
        case .duty: "值班排班"
        case .ledger: "履职台账"
        case .assessment: "年度评估"
        case .printing: "打印导出"
        case .rules: "规则设置"
        case .accounts: "账户管理"
        case .quit: "退出"
        }
    }

    /// What the item needs (issue 22); nil: every account may open it (to read).
    var permission: Permission? {
        switch self {
        case .application: .editRecords
        case .rules: .manageRules
        case .accounts: .manageAccounts
        default: nil
        }
    }
}

/// The main menu's office-wide figures: each needs a read of the whole file, so they are computed on a
/// background thread (OfficeCache) and the menu draws at once with the last figures it had.
struct MenuSummary: Equatable, Sendable {
    var wallStudiosWithProblems = 0
    var wallProblemCount = 0
    var ledgerShort = 0
    var overdueIntake = 0
    /// What falls due in the next 30 days under the rules the running studios follow.
    var deadlines: [Deadline] = []
    /// Members of running studios still short of the duty rule in the current period, and shifts missed and not made up.
    var dutyShortCount = 0
    var dutyMissed = 0
    /// Per studio, who is still short of duty this period (the period end is the deadline).
    var dutyDue: [Deadline] = []
    /// The current year's stored results: how many approved, and consequences waiting to be confirmed.
    var assessedCount = 0
    var approvedCount = 0
    var openConsequences = 0

    /// One read transaction for everything shown (`batchRead`): the per-studio figures come from OfficeFigures,
    /// which reads again only the studios changed since it last read; the rest are small office-wide reads.
    static func compute(_ context: AppContext) throws -> MenuSummary {
        try context.db.batchRead { try computeInBatch(context) }
    }

    private static func computeInBatch(_ context: AppContext) throws -> MenuSummary {
        var s = MenuSummary()
        let studios = try context.db.studios()
        let year = Calendar(identifier: .gregorian).component(.year, from: context.today())
        let running = studios.filter(\.status.isRunning)
        let figures = try context.officeFigures(year: year)
        let wall = running.compactMap { figures.wallProblems[$0.id!] }
        s.wallStudiosWithProblems = wall.filter { $0 > 0 }.count
        s.wallProblemCount = wall.reduce(0, +)
        let compliance = figures.compliance
        s.ledgerShort = compliance.reduce(0) { $0 + $1.short.count }
        s.overdueIntake = compliance.reduce(0) { $0 + $1.overdueIntake }
        let today = DateInput.iso(context.today())
        let dutyShort = compliance.flatMap { c in
            c.lines.filter { l in c.profile.flatMap(DutyRule.minimum(of:))?.id == l.minimumID }
                .filter { $0.period.start <= today && today <= $0.period.end }
                .flatMap { line in line.members.map { (c.studio.name, line, $0) } }
        }
        s.dutyShortCount = dutyShort.count
        s.dutyDue = dutyDeadlines(dutyShort)
        s.dutyMissed = running.reduce(0) { $0 + (figures.missedDuties[$1.id!] ?? 0) }
        let used = Set(running.map(\.profileID))
        s.deadlines = DeadlineCalendar.upcoming(profiles: context.profiles.filter { used.contains($0.id) }, today: today)
        // The 年度工作总结 of each running studio not yet 定稿, from 30 days before its rule's due date.
        let final = try context.db.finalizedAnnualSummaries(year: year)
        let due = AnnualSummaryDue.upcoming(studios: running.filter { !final.contains($0.id!) }.map { st in
            (st.name, context.profiles.first { $0.id == st.profileID })
        }, today: today)
        // The office's year-end 总结材料 (an office above a county, or one that receives returns), before 12月底.
        let me = try context.db.officeIdentity()
        let officeDue = OfficeYearSummaryDue.upcoming(level: me.level, hasLower: !(try context.db.expectedOffices()).isEmpty,
                                                      text: try context.db.officeYearText(year: year)?.text ?? AnnualSummaryText(), today: today)
        s.deadlines = (s.deadlines + due + officeDue).sorted { ($0.date, $0.profileName.isEmpty ? 1 : 0) < ($1.date, $1.profileName.isEmpty ? 1 : 0) }
        s.assessedCount = running.count
        s.approvedCount = try context.db.approvedAssessmentCount(year: year)
        s.openConsequences = try context.db.consequenceTasks(openOnly: true).count
        return s
    }

    /// Members short of duty in the running period, one line per studio, most short first.
    static func dutyDeadlines(_ dutyShort: [(String, ComplianceLine, ComplianceLine.MemberShort)]) -> [Deadline] {
        var byStudio: [(String, String, [String])] = []
        for (studio, line, m) in dutyShort {
            let what = [m.online > 0 ? "线上" : nil, m.offline > 0 ? "线下" : nil, m.any > 0 ? "值班" : nil].compactMap { $0 }.joined(separator: "、")
            if let i = byStudio.firstIndex(where: { $0.0 == studio }) { byStudio[i].2.append("\(m.name)缺\(what)") }
            else { byStudio.append((studio, line.period.end, ["\(m.name)缺\(what)"])) }
        }
        return byStudio.sorted { ($0.1, -$0.2.count) < ($1.1, -$1.2.count) }.map { studio, end, names in
            Deadline(date: end, text: "\(studio)：" + names.joined(separator: "，"), profileName: "")
        }
    }
}

public final class MainMenuScreen: Screen {
    let context: AppContext
    var menu: Menu
    var memberCount = 0
    var studioCount = 0
    var draftCount = 0
    /// Studios past approval and not ended: what the ledger, duty and assessment lines are about.
    var runningCount = 0
    var inApprovalCount = 0
    /// nil until the first background computation ends: the items say 计算中.
    var summary: MenuSummary?
    /// Figures asked for and figures ready: while newer ones are computed the menu says the shown ones are being updated.
    let progress = FiguresProgress()
    var lastBackup: String?

    public init(context: AppContext) {
        self.context = context
        menu = Menu(items: [])
        becameTop()
    }

    public var title: String { "主菜单" }

    enum Action: Sendable { case choose, quit }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .choose, label: "进入", help: "进入所选功能"),
        KeyBinding([.char("q"), .function(10)], .quit, key: "q/F10", label: "退出", help: "退出程序"),
    ])

    public var hints: [KeyHint] {
        [KeyHint(key: capabilities.contains(.accounts) ? "1-9,a,0" : "1-9,0", label: "选择")] + keys.barHints(context) + [CommonKeys.help]
    }

    public var helpHints: [KeyHint] {
        [KeyHint(key: capabilities.contains(.accounts) ? "1-9, a, 0" : "1-9, 0", label: "直接进入对应功能（0 退出）"), KeyHint(key: "Up/Down", label: "移动选择")] + keys.helpHints(context)
    }

    var summaryKey: String { "menu-summary-\(DateInput.iso(context.today()))" }

    /// Another session saved: the counts and figures again.
    public func dataChanged() { becameTop() }

    /// The quick counts now; the office-wide figures from the cache, recomputed in the background when the file changed.
    public func becameTop() {
        memberCount = (try? context.db.memberCount()) ?? 0
        let byStatus = (try? context.db.studioCountsByStatus()) ?? [:]
        studioCount = byStatus.values.reduce(0, +)
        draftCount = byStatus[.draft] ?? 0
        inApprovalCount = byStatus[.inApproval] ?? 0
        runningCount = byStatus.filter { $0.key.isActive && $0.key != .draft && $0.key != .inApproval }.values.reduce(0, +)
        lastBackup = (try? context.db.automaticBackups())?.last?.date
        summary = context.cache.last(summaryKey)
        rebuildMenu()
        let box = UncheckedSendable(context), key = summaryKey, progress = progress, ticket = progress.ask()
        context.cache.background {
            let context = box.value
            _ = try? context.cache.value(key, db: context.db) { try MenuSummary.compute(context) }
            progress.done(ticket)
            // 年度评估 opens on this year's scorecards: have them ready too (after the menu's own figures).
            let year = Calendar(identifier: .gregorian).component(.year, from: context.today())
            _ = try? context.yearResults(year: year)
            // 值班排班 takes its 值班 lines from the office figures the menu's own figures brought up to date.
        }
    }

    /// The items this session's account may open: 工作室申报, 规则设置 and 账户管理 only with their permissions;
    /// 账户管理 only once the file has accounts or for the local user, who creates the first.
    var capabilities: [Capability] {
        Capability.allCases.filter { cap in
            guard let p = cap.permission else { return true }
            if cap == .accounts && context.session.actor.isLocal && !((try? context.db.hasAccounts()) ?? false) { return false }
            // By role, not by mode: a read-only session still views 工作室申报 and 规则设置, as it always has.
            return context.session.actor.mayAnywhere(p)
        }
    }

    func rebuildMenu() {
        let selected = menu.selected
        menu = Menu(items: capabilities.map { cap in
            Menu.Item(shortcut: cap.shortcut, title: cap.title, detail: detail(cap), compact: compactDetail(cap))
        })
        for _ in 0..<selected { _ = menu.handle(.down) }
    }

    func detail(_ cap: Capability) -> String {
        let year = Calendar(identifier: .gregorian).component(.year, from: context.today())
        switch cap {
        case .members: return "共 \(memberCount) 名委员"
        case .studios: return "共 \(studioCount) 个工作室"
        case .application: return "草稿 \(draftCount)，审批中 \(inApprovalCount)"
        case .rules: return "\(context.profiles.count) 套地区规则，上墙清单"
        case .printing: return lastBackup.map { "上次自动备份 \($0)" } ?? "还没有备份"
        case .accounts: return "\((try? context.db.accounts().count) ?? 0) 个账户"
        case .quit: return ""
        case .wall, .ledger, .duty, .assessment: break
        }
        guard let s = summary else { return "计算中…" }
        // With no running studio there is nothing to have completed: "均已完成" would be a false all-clear.
        if runningCount == 0 {
            let none = studioCount == 0 ? "还没有工作室" : "没有运行中的工作室"
            switch cap {
            case .ledger: return "\(none)，无台账要求"
            case .duty: return "\(none)，无值班安排"
            default: break
            }
        }
        switch cap {
        case .wall: return s.wallProblemCount == 0 ? "无未整改问题" : "\(s.wallStudiosWithProblems) 个工作室有 \(s.wallProblemCount) 项问题"
        case .ledger: return s.ledgerShort + s.overdueIntake == 0 ? "本年要求均已完成" : "未完成要求 \(s.ledgerShort) 项，群众意见逾期 \(s.overdueIntake) 件"
        case .duty: return s.dutyShortCount == 0 && s.dutyMissed == 0 ? "本季度值班均已完成"
            : "本季度 \(s.dutyShortCount) 人值班未完成" + (s.dutyMissed > 0 ? "，缺席未补 \(s.dutyMissed) 次" : "")
        case .assessment: return "\(year)年 已审定 \(s.approvedCount)/\(s.assessedCount) 个"
            + (s.openConsequences > 0 ? "，待确认处理 \(s.openConsequences) 项" : "")
        default: return ""
        }
    }

    /// The same figures in fewer words, for when the full note does not fit beside the title.
    func compactDetail(_ cap: Capability) -> String? {
        guard let s = summary, runningCount > 0 else { return nil }
        switch cap {
        case .ledger where s.ledgerShort + s.overdueIntake > 0: return "未完成 \(s.ledgerShort) 项，逾期意见 \(s.overdueIntake) 件"
        case .duty where s.dutyShortCount > 0 || s.dutyMissed > 0:
            return "\(s.dutyShortCount) 人未完成" + (s.dutyMissed > 0 ? "，缺席未补 \(s.dutyMissed) 次" : "")
        case .assessment: return "已审定 \(s.approvedCount)/\(s.assessedCount)" + (s.openConsequences > 0 ? "，待处理 \(s.openConsequences) 项" : "")
        default: return nil
        }
    }

    public func handle(_ key: Key) -> Navigation {
        if let action = keys.action(for: key, in: context), action == .quit { return .quit }
        switch menu.handle(key) {
        case .chosen(let i): return open(capabilities[i])
        case .moved, .ignored: return .stay
        }
    }

    func open(_ cap: Capability) -> Navigation {
        switch cap {
        case .quit: .quit
        case .members: .push(MemberListScreen(context: context))
        case .studios: .push(StudioListScreen(context: context))
        case .application: .push(StudioListScreen(context: context, applicationsOnly: true))
        case .wall: .push(WallOverviewScreen(context: context))
        case .ledger: .push(LedgerHomeScreen(context: context))
        case .duty: .push(DutyHomeScreen(context: context))
        case .assessment: .push(AssessmentHomeScreen(context: context))
        case .rules: .push(ChecklistSettingsScreen(context: context))
        case .printing: .push(DataScreen(context: context))
        case .accounts: .push(AccountsScreen(context: context))
        }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        if let fresh: MenuSummary = context.cache.last(summaryKey), fresh != summary {
            summary = fresh
            rebuildMenu()
        }
        let deadlines = summary?.deadlines ?? [], dutyDue = summary?.dutyDue ?? []
        let col = area.col + max(2, (area.width - 56) / 2)
        buffer.put("请选择功能（按数字键直接进入）", row: area.row + 1, col: col, style: .accent)
        // The figures shown are from before the last change (this session's or another's) until the new ones are in.
        if summary != nil && !progress.isCurrent {
            let note = "统计数字更新中…"
            buffer.put(note, row: area.row + 1, col: max(col, min(col + 56, area.right) - DisplayWidth.of(note)), style: .warning)
        }
        // Ten items as always; an account's menu has fewer, an administrator's one more (账户管理).
        let shown = menu.items.count
        menu.render(into: &buffer, area: Rect(row: area.row + 3, col: col, width: min(56, area.width - col), height: shown))
        let info = area.row + 4 + shown
        if info + 2 < area.bottom {
            // A long path is cut in its middle, marked, so the file name stays readable.
            buffer.put("数据文件：" + DisplayWidth.truncateMiddle(context.db.path, to: area.width - col - 1 - DisplayWidth.of("数据文件：")),
                       row: info + 1, col: col, maxWidth: area.width - col - 1, style: .muted)
            let names = context.profiles.map(\.name).joined(separator: "、")
            buffer.put(DisplayWidth.truncate("已载入规则：" + (names.isEmpty ? "无" : names), to: area.width - col - 1), row: info + 2, col: col,
                       maxWidth: area.width - col - 1, style: .muted)
            buffer.put("工作室 \(studioCount) 个，委员 \(memberCount) 名", row: info, col: col, style: .muted)
        }
        // Deadlines of the next 30 days, as many as fit.
        let dy = info + 4
        if dy + 1 < area.bottom {
            let heading = summary == nil ? "近30天到期：计算中…" : deadlines.isEmpty ? "近30天没有到期事项" : "近30天到期："
            buffer.put(heading, row: dy, col: col, style: deadlines.isEmpty ? .muted : .accent)
            for (i, d) in deadlines.prefix(area.bottom - dy - 1).enumerated() {
                let days = CivilDate.days(from: DateInput.iso(context.today()), to: d.date) ?? 0
                let when = days == 0 ? "今天" : "\(days)天后"
                buffer.put(DisplayWidth.truncate("\(d.date.dropFirst(5))（\(when)）\(d.text)", to: area.width - col - 3), row: dy + 1 + i, col: col + 2,
                           maxWidth: area.width - col - 3)
            }
        }
        // Members short of duty this quarter, with the days left, below the calendar's deadlines:
        // a line per studio where there is room, else one line for them all.
        let vy = dy + 1 + min(deadlines.count, max(0, area.bottom - dy - 1))
        if let first = dutyDue.first, vy < area.bottom {
            let days = CivilDate.days(from: DateInput.iso(context.today()), to: first.date) ?? 0
            let head = "值班未完成（\(first.date.dropFirst(5)) 截止，剩 \(days) 天）："
            if vy + 2 < area.bottom {
                buffer.put(head, row: vy, col: col, style: .warning)
                let room = area.bottom - vy - 1
                for (i, d) in dutyDue.prefix(room).enumerated() {
                    let more = i == room - 1 && dutyDue.count > room ? "（另有 \(dutyDue.count - room + 1) 个工作室，按 5 查看）" : ""
                    buffer.put(DisplayWidth.truncate(more.isEmpty ? d.text : more, to: area.width - col - 3), row: vy + 1 + i, col: col + 2,
                               maxWidth: area.width - col - 3)
                }
            } else {
                let studios = dutyDue.map { String($0.text.prefix { $0 != "：" }) }.joined(separator: "、")
                buffer.put(DisplayWidth.truncate(head + "\(summary?.dutyShortCount ?? 0) 人，" + studios, to: area.width - col - 1), row: vy, col: col,
                           maxWidth: area.width - col - 1, style: .warning)
            }
        }
    }
}

/// The menu's background figures: each `becameTop` asks (a ticket), the background run answers it.
final class FiguresProgress: @unchecked Sendable {
    private let condition = NSCondition()
    private var asked = 0
    private var answered = 0

    func ask() -> Int { condition.withLock { asked += 1; return asked } }

    func done(_ ticket: Int) {
        condition.withLock {
            answered = max(answered, ticket)
            condition.broadcast()
        }
    }

    /// The latest figures asked for are the ones shown (or failed: the last ones stay).
    var isCurrent: Bool { condition.withLock { answered >= asked } }

    func waitUntilCurrent() {
        condition.lock()
        while answered < asked { condition.wait() }
        condition.unlock()
    }
}

extension App {
    /// Waits until the main menu's figures are the latest asked for (the bench: the time a clerk waits for them),
    /// not for the work started after them (`settle` waits for that too).
    public func waitForMenuFigures() {
        for case let menu as MainMenuScreen in stack { menu.progress.waitUntilCurrent() }
    }
}

/// First run on a new file: offer the demo district so a newcomer sees a populated program.
final class DemoOfferDialog: Screen {
    let context: AppContext
    let dialog: ConfirmDialog

    init(context: AppContext, demo: DemoDataSet) {
        self.context = context
        dialog = ConfirmDialog(
            title: "首次使用",
            message: "这是一个新的数据文件。\n是否载入演示数据（虚构的\(demo.districtName)政协：\(demo.studios.count) 个工作室、\(demo.members.count) 名委员）？\n正式使用请选「否」，从空白开始。",
            defaultYes: true
        ) { yes in
            guard yes else { return .pop }
            do {
                try context.db.loadDemo(demo, profiles: context.profiles)
                return .push(MessageDialog(title: "演示数据", message: "已载入演示数据：\(demo.studios.count) 个工作室、\(demo.members.count) 名委员。"))
            } catch {
                return .push(MessageDialog(title: "载入失败", message: "\(error)", isError: true))
            }
        }
    }

    var title: String { dialog.title }
    var isOverlay: Bool { true }
    var hints: [KeyHint] { dialog.hints }
    func handle(_ key: Key) -> Navigation { dialog.handle(key) }
    func render(into buffer: inout Buffer, area: Rect) { dialog.render(into: &buffer, area: area) }
}
