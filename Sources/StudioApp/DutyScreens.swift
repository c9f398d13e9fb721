import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

/// What the duty screens of one studio and one quarter show: the slots of every plan in the
/// quarter, who may be on duty, the rule, and what the ledger says was done.
struct StudioDutyState {
    var studio: Studio
    var profile: RuleProfile?
    var period: Period
    /// The quarter's plan, else the year's.
    var plan: DutyPlan?
    var slots: [DutySlot]
    var candidates: [DutyCandidate]
    var team: [Member]
    var names: [Int64: String]
    var rule: DutyRule?
    /// The per-member 值班 minimum as the ledger counts it (attended duties), for the quarter.
    var done: ComplianceLine?
    var missed: [MissedDuty]
    var calendar: HolidayCalendar

    static func load(_ context: AppContext, studioID: Int64, period: Period) throws -> StudioDutyState {
        let db = context.db
        guard let studio = try db.studio(id: studioID) else { throw StoreError.notFound("该工作室（可能已被删除）") }
        let profile = context.profiles.first { $0.id == studio.profileID }
        let plan = try db.dutyPlan(studioID: studioID, year: period.year, quarter: period.kind == .quarter ? period.index : nil)
            ?? db.dutyPlan(studioID: studioID, year: period.year, quarter: nil)
        let slots = try db.dutySlots(studioID: studioID, from: period.start, to: period.end)
        let candidates = try db.dutyCandidates(studioID: studioID, period: period)
        let team = try db.team(studioID: studioID).filter { !$0.member.isNonMember }.map(\.member)
        var names = Dictionary(team.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let others = Set(slots.flatMap { $0.memberIDs + $0.assignments.compactMap(\.substituteID) }).subtracting(names.keys)
        if !others.isEmpty {
            for m in try db.read({ d in try Member.fetchAll(d, keys: others) }) { names[m.id!] = m.name }
        }
        let done = try Compliance.dutyLine(profile: profile, viewing: period, facts: db.ledgerFacts(studioID: studioID, year: period.year),
                                           today: DateInput.iso(context.today()))
        return StudioDutyState(studio: studio, profile: profile, period: period, plan: plan, slots: slots, candidates: candidates, team: team,
                               names: names, rule: DutyRule.of(profile), done: done, missed: try db.missedDuties(studioID: studioID),
                               calendar: try db.holidayCalendar())
    }

    func name(_ id: Int64?) -> String { id.flatMap { names[$0] } ?? "" }

    var summary: (ok: Bool, text: String) { DutyCheck.summary(slots: slots, members: candidates, rule: rule) }

    /// "台账：第4季度 2 人值班未完成，剩 29 天（张三缺线下，李四缺线上）", nil where the rules set no minimum.
    func doneText(today: String) -> String? {
        guard let done else { return nil }
        if done.members.isEmpty { return "台账：\(done.period.shortTitle)每名委员的值班均已完成" }
        let list = done.members.prefix(3).map { m in
            "\(m.name)缺" + [m.online > 0 ? "线上" : nil, m.offline > 0 ? "线下" : nil, m.any > 0 ? "值班" : nil].compactMap { $0 }.joined(separator: "、")
        }.joined(separator: "，")
        let left = done.daysLeft < 0 ? "已过期" : "剩 \(done.daysLeft) 天"
        return "台账：\(done.period.shortTitle) \(done.members.count) 人值班未完成，\(left)（\(list)\(done.members.count > 3 ? "…" : "")）"
    }

    /// Patterns to start from: the plan's, else a pattern that can meet the rule.
    var defaultPatterns: String {
        if let p = plan?.patterns, !p.isEmpty { return p.replacingOccurrences(of: "\n", with: "；") }
        let online = profile?.hasOnlineMode == true ? "秦商量" : "线上平台"
        switch rule?.mode {
        case .eachMode?: return "每周三上午 线下；每周五下午 线上 @\(online)"
        case .online?: return "每周五下午 线上 @\(online)"
        default: return studio.mode == .online ? "每周三下午 线上 @\(online)" : "每周三上午 线下"
        }
    }

    /// 「2027年节假日安排尚未公布，…」 while the period's year has only its statutory holidays (暂定).
    var provisionalNote: String? { HolidayCalendar.provisionalNote(calendar.provisionalYears(from: period.start, to: period.end)) }
}

enum DutyText {
    /// "10-08".
    static func short(_ iso: String) -> String { String(iso.dropFirst(5)) }

    static func record(_ slot: DutySlot, names: (Int64?) -> String, today: String) -> String {
        if slot.assignments.contains(where: { $0.attendance != .planned }) {
            let parts = slot.assignments.map { a -> String in
                switch a.attendance {
                case .planned: "\(names(a.memberID))待记录"
                case .present: "到岗"
                case .absent: "\(names(a.memberID))缺席"
                case .substituted: "\(names(a.substituteID))替班"
                }
            }
            let unique = Array(NSOrderedSet(array: parts)) as? [String] ?? parts
            return unique.joined(separator: "、") + (slot.citizensReceived > 0 ? " 接待\(slot.citizensReceived)人" : "")
        }
        if slot.date < today { return "待记录" }
        return slot.date == today ? "今天" : ""
    }

    static func safeFileName(_ s: String) -> String { s.replacingOccurrences(of: "/", with: "／") }
}

// MARK: - 值班排班 (office)

/// 值班排班: every running studio's rota for a quarter — slots, who is still short of the rule
/// in the ledger, missed shifts not made up, the next duty — with the week at a glance and the
/// holiday calendar one key away.
public final class DutyHomeScreen: Screen {
    let context: AppContext
    var period: Period
    enum View { case studios, short, missed }
    var view = View.studios

    typealias Row = DutyOverviewRow
    var rows: [Row] = []
    var shortRows: [(Row, ComplianceLine.MemberShort)] = []
    var missed: [MissedDuty] = []
    var names: [Int64: String] = [:]
    var studioTable = TableView(columns: [
        TableColumn("工作室名称", width: 18, flex: 3),
        TableColumn("规则", width: 10),
        TableColumn("时段", width: 4, align: .right),
        TableColumn("缺人", width: 4, align: .right),
        TableColumn("未完成", width: 6, align: .right),
        TableColumn("缺席未补", width: 8, align: .right),
        TableColumn("下次值班", width: 16, flex: 1),
    ])
    var shortTable = TableView(columns: [
        TableColumn("工作室", width: 18, flex: 2),
        TableColumn("委员", width: 8),
        TableColumn("缺", width: 10),
        TableColumn("剩余", width: 6, align: .right),
        TableColumn("已排的值班", width: 16, flex: 2),
    ])
    var missedTable = TableView(columns: [
        TableColumn("日期", width: 10),
        TableColumn("工作室", width: 18, flex: 2),
        TableColumn("委员", width: 8),
        TableColumn("时间", width: 6),
        TableColumn("形式", width: 4),
        TableColumn("说明", width: 12, flex: 1),
    ])
    var error = ""

    public init(context: AppContext) {
        self.context = context
        period = Period.containing(DateInput.iso(context.today()), kind: .quarter)!
        reload()
    }

    public var title: String { "值班排班" }

    enum Action: Sendable { case open, view, previous, next, week, holidays, back }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .open, label: "值班表", help: "打开所选工作室的值班表：生成、调整、记录、公示"),
        KeyBinding([.char("v")], .view, label: "切换", help: "切换视图：按工作室 / 值班未完成的委员（按剩余天数）/ 缺席未补班"),
        KeyBinding([.char("w")], .week, label: "本周", help: "全区各工作室一周的值班（[ ] 换周）"),
        KeyBinding([.char("h")], .holidays, label: "节假日", help: "节假日与调休上班日（按国务院办公厅通知，可增补新的年份）"),
        KeyBinding([.char("[")], .previous, key: "[ ]", label: "季度", help: "[ 上一季度"),
        KeyBinding([.char("]")], .next, label: "下一季度", help: "] 下一季度", inBar: false),
        KeyBinding([.escape], .back, label: "返回", help: "返回主菜单"),
    ])
    public var hints: [KeyHint] { keys.barHints + [CommonKeys.help] }
    public var helpHints: [KeyHint] { keys.helpHints + [KeyHint(key: "Up/Down", label: "上下移动"), KeyHint(key: "PgUp/PgDn", label: "翻页")] }

    public func becameTop() { reload() }

    func reload() {
        do {
            let today = DateInput.iso(context.today())
            let allMissed = try context.db.missedDuties()
            rows = try context.db.dutyOverview(period: period, profiles: context.profiles, today: today, facts: context.ledgerFacts(year: period.year))
            shortRows = rows.flatMap { r in (r.done?.members ?? []).map { (r, $0) } }
            let shown = Set(rows.compactMap(\.studio.id))
            missed = allMissed.filter { shown.contains($0.studioID) }
            let ids = Set(rows.flatMap { $0.slots.flatMap(\.memberIDs) })
            names = Dictionary(uniqueKeysWithValues: try context.db.read { d in try Member.fetchAll(d, keys: ids) }.map { ($0.id!, $0.name) })
            error = ""
        } catch {
            rows = []
            shortRows = []
            missed = []
            self.error = "\(error)"
        }
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
        let moved = switch view {
        case .studios: studioTable.handle(key)
        case .short: shortTable.handle(key)
        case .missed: missedTable.handle(key)
        }
        if moved { return .stay }
        switch keys.action(for: key) {
        case .open?:
            guard let id = selectedStudioID else { return .stay }
            return .push(StudioDutyScreen(context: context, studioID: id, period: period))
        case .view?: view = view == .studios ? .short : (view == .short ? .missed : .studios)
        case .previous?: period = Self.step(period, by: -1); reload()
        case .next?: period = Self.step(period, by: 1); reload()
        case .week?: return .push(DutyWeekScreen(context: context))
        case .holidays?: return .push(HolidayScreen(context: context, year: period.year))
        case .back?: return .pop
        case nil: break
        }
        return .stay
    }

    static func step(_ q: Period, by n: Int) -> Period {
        let i = q.year * 4 + (q.index - 1) + n
        return Period(.quarter, year: i / 4, index: i % 4 + 1)
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let today = DateInput.iso(context.today())
        let short = shortRows.count
        let planned = rows.filter { !$0.slots.isEmpty }.count
        let left = DateMath.days(from: today, to: period.end) ?? 0
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
        if count == 0 {
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

// MARK: - One studio's rota

/// A studio's rota for a quarter: each slot with its members and record, the live rule line,
/// and the keys to generate, swap, reassign, add and remove slots, record attendance and publish.
public final class StudioDutyScreen: Screen {
    let context: AppContext
    let studioID: Int64
    var period: Period
    var state: StudioDutyState?
    /// Which member of the selected slot Left/Right have chosen.
    var memberIndex = 0
    /// The (slot, member) marked with `s`, waiting for its swap partner.
    var swapMark: (slotID: Int64, memberID: Int64)?
    var table = TableView(columns: [
        TableColumn("日期", width: 5),
        TableColumn("星期", width: 4),
        TableColumn("时间", width: 10),
        TableColumn("形式", width: 4),
        TableColumn("地点/渠道", width: 10, flex: 2),
        TableColumn("值班委员", width: 16, flex: 2),
        TableColumn("记录", width: 10, flex: 1),
    ])
    var message = ""
    var messageIsError = false
    /// The first load selects the next slot from today.
    var placed = false

    public init(context: AppContext, studioID: Int64, period: Period? = nil) {
        self.context = context
        self.studioID = studioID
        self.period = period ?? Period.containing(DateInput.iso(context.today()), kind: .quarter)!
        reload()
    }

    public var title: String { "值班：" + (state?.studio.name ?? "") }

    enum Action: Sendable { case open, generate, swap, reassign, addSlot, deleteSlot, away, print, export, previous, next, back }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .open, label: "记录", help: "已到日期的时段：记录到岗、缺席、替班、接待人数和群众意见；未到的时段：修改时间、地点、人数"),
        KeyBinding([.char("g")], .generate, label: "生成", help: "按值班规律生成本季度或全年的值班表（先预览再保存；已过去和已记录的时段保留）"),
        KeyBinding([.char("s")], .swap, label: "交换", help: "交换两位委员：在一个时段按 s 标记所选委员，到另一个时段选好委员再按 s"),
        KeyBinding([.char("r")], .reassign, label: "换人", help: "把所选委员换成团队中的另一位（时段未排满时为增加一人）"),
        KeyBinding([.char("a")], .addSlot, label: "加时段", help: "增加一个值班时段"),
        KeyBinding([.char("d"), .delete], .deleteSlot, key: "d", label: "删时段", help: "删除所选时段（已记录的不能删）", inBar: false),
        KeyBinding([.char("u")], .away, label: "不可值班", help: "登记委员不能值班的日期（出差、会议、病假），生成时会避开", inBar: false),
        KeyBinding([.char("p")], .print, label: "公示", help: "打印值班公示（PDF：委员、职务、专业特长、照片、日期、时段、联系方式）"),
        KeyBinding([.char("e")], .export, label: "导出", help: "导出手机日历文件（.ics）或 Excel 可打开的 CSV", inBar: false),
        KeyBinding([.char("[")], .previous, label: "上一季度", help: "[ 上一季度 / ] 下一季度", inBar: false),
        KeyBinding([.char("]")], .next, label: "下一季度", inBar: false),
        KeyBinding([.escape], .back, label: "返回", help: "返回"),
    ])
    public var hints: [KeyHint] { keys.barHints + [CommonKeys.help] }
    public var helpHints: [KeyHint] {
        keys.helpHints + [KeyHint(key: "Left/Right", label: "在所选时段的几位委员中选择（交换、换人用）"),
                          KeyHint(key: "Up/Down", label: "上下移动"), KeyHint(key: "PgUp/PgDn", label: "翻页")]
    }

    public func becameTop() { reload() }

    func reload() {
        do {
            state = try StudioDutyState.load(context, studioID: studioID, period: period)
        } catch {
            message = "\(error)"
            messageIsError = true
        }
        table.setCount(state?.slots.count ?? 0)
        if !placed, let slots = state?.slots, !slots.isEmpty {
            placed = true
            table.select(slots.firstIndex { $0.date >= today } ?? slots.count - 1)
        }
        clampMember()
    }

    var selected: DutySlot? {
        guard let s = state, s.slots.indices.contains(table.selected) else { return nil }
        return s.slots[table.selected]
    }

    var selectedMember: Int64? {
        guard let slot = selected, slot.assignments.indices.contains(memberIndex) else { return nil }
        return slot.assignments[memberIndex].memberID
    }

    func clampMember() {
        let n = selected?.assignments.count ?? 0
        memberIndex = n == 0 ? 0 : min(memberIndex, n - 1)
    }

    var today: String { DateInput.iso(context.today()) }

    func say(_ text: String, error: Bool = false) {
        message = text
        messageIsError = error
    }

    func readOnly() -> Navigation? {
        guard let s = state?.studio, !s.status.isActive else { return nil }
        return .push(MessageDialog(title: "只读", message: "「\(s.name)」已\(s.status.title)，记录已归档，只能查看。"))
    }

    /// After an edit: the live line says whether the rule still holds.
    func afterEdit(_ what: String) {
        reload()
        guard let s = state else { return }
        let check = s.summary
        say(what + "。" + (check.ok ? "仍符合规则。" : check.text), error: !check.ok)
    }

    public func handle(_ key: Key) -> Navigation {
        // The screen's own letters (g 生成) win over the table's vi-style ones (g = top).
        if keys.action(for: key) == nil, table.handle(key) {
            clampMember()
            return .stay
        }
        switch key {
        case .left:
            memberIndex = max(0, memberIndex - 1)
            return .stay
        case .right:
            memberIndex = min(max(0, (selected?.assignments.count ?? 1) - 1), memberIndex + 1)
            return .stay
        default: break
        }
        guard let action = keys.action(for: key) else { return .stay }
        guard let state else { return action == .back ? .pop : .stay }
        if action != .swap && action != .back { message = "" }
        switch action {
        case .back:
            if swapMark != nil {
                swapMark = nil
                say("已取消交换")
                return .stay
            }
            return .pop
        case .previous: period = DutyHomeScreen.step(period, by: -1); placed = false; reload()
        case .next: period = DutyHomeScreen.step(period, by: 1); placed = false; reload()
        case .open:
            guard let slot = selected else { return .stay }
            if let ro = readOnly() { return ro }
            if slot.date <= today { return .push(DutyAttendanceScreen(context: context, state: state, slotID: slot.id!)) }
            return .push(slotForm(state, existing: slot))
        case .generate:
            if let ro = readOnly() { return ro }
            return .push(generateForm(state))
        case .swap:
            if let ro = readOnly() { return ro }
            return swap()
        case .reassign:
            if let ro = readOnly() { return ro }
            guard let slot = selected else { return .stay }
            if slot.isRecorded { say("该时段已记录，不能换人；按 Enter 修改记录（替班）", error: true); return .stay }
            let replacing = selectedMember
            let stamp = try? context.db.editStamp(of: .dutySlot(slot.id!))
            return .push(DutyMemberPicker(context: context, state: state, slot: slot,
                                          title: replacing.map { "把 \(state.name($0)) 换成" } ?? "增加值班委员") { [self] m in
                var s = slot
                if let replacing, let i = s.assignments.firstIndex(where: { $0.memberID == replacing }) {
                    s.assignments[i] = DutyAssignment(memberID: m.id)
                } else {
                    if s.assignments.count >= s.needed { s.needed = min(3, s.needed + 1) }
                    s.assignments.append(DutyAssignment(memberID: m.id))
                }
                do {
                    try context.db.saveDutySlot(s, expecting: stamp)
                    afterEdit(replacing.map { "\(slot.whenText)：\(state.name($0)) 换成 \(m.name)" } ?? "\(slot.whenText)：增加 \(m.name)")
                } catch {
                    say("\(error)", error: true)
                }
                return .pop
            })
        case .addSlot:
            if let ro = readOnly() { return ro }
            return .push(slotForm(state, existing: nil))
        case .deleteSlot:
            if let ro = readOnly() { return ro }
            guard let slot = selected else { return .stay }
            let stamp = try? context.db.editStamp(of: .dutySlot(slot.id!))
            return .push(ConfirmDialog(title: "删除时段", message: "删除 \(slot.whenText)（\(slot.mode.title)）的值班时段？") { [self] yes in
                guard yes else { return .pop }
                do {
                    try context.db.deleteDutySlot(id: slot.id!, expecting: stamp)
                    afterEdit("已删除 \(slot.whenText) 的时段")
                    return .pop
                } catch {
                    return .push(MessageDialog(title: "不能删除", message: "\(error)", isError: true))
                }
            })
        case .away:
            return .push(DutyAwayScreen(context: context, studioID: studioID, period: period))
        case .print:
            return .push(printForm(state))
        case .export:
            return .push(exportForm(state))
        }
        return .stay
    }

    func swap() -> Navigation {
        guard let slot = selected, let member = selectedMember, let state else { return .stay }
        guard let mark = swapMark else {
            if slot.isRecorded { say("该时段已记录，不能交换", error: true); return .stay }
            swapMark = (slot.id!, member)
            say("已标记 \(state.name(member))（\(slot.whenText)）：选择另一个时段的委员后再按 s；Esc 取消")
            return .stay
        }
        swapMark = nil
        if mark.slotID == slot.id! && mark.memberID == member { say("已取消交换"); return .stay }
        let markSlot = state.slots.first { $0.id == mark.slotID }
        do {
            try context.db.swapDutyMembers(slotA: mark.slotID, memberA: mark.memberID, slotB: slot.id!, memberB: member)
            afterEdit("已交换：\(state.name(mark.memberID))→\(DutyText.short(slot.date))，\(state.name(member))→\(markSlot.map { DutyText.short($0.date) } ?? "")")
        } catch {
            say("\(error)", error: true)
        }
        return .stay
    }

    // MARK: Forms

    func generateForm(_ state: StudioDutyState) -> Screen {
        let quarterChoice = "本季度（\(period.title)）", yearChoice = "全年（\(period.year)年）"
        return EntryFormScreen(
            title: "生成值班表：\(state.studio.name)",
            fields: [
                .init("scope", "范围", .choice([quarterChoice, yearChoice]), guidance: "已过去和已记录的时段保留不变"),
                .init("patterns", "值班规律", .text(maxLength: 300), guidance: DutyPattern.guidance),
            ],
            values: ["patterns": state.defaultPatterns]
        ) { [self] v in
            let whole = v["scope"] == yearChoice
            do {
                let proposal = try context.db.proposeDutyPlan(studio: state.studio, profile: state.profile, year: period.year,
                                                              quarter: whole ? nil : period.index, patterns: v["patterns"] ?? "", today: today)
                return .saved(.push(DutyPreviewScreen(context: context, proposal: proposal, studio: state.studio)))
            } catch StoreError.validation(let issues) {
                return .issues(["patterns": issues.map(\.message).joined(separator: "；")])
            } catch {
                return .issues(["patterns": "\(error)"])
            }
        }
    }

    /// A new slot, or a future slot's day, time, mode, place and size.
    func slotForm(_ state: StudioDutyState, existing: DutySlot?) -> Screen {
        let defaultPlace: (StudioMode) -> String = { mode in
            mode == .online ? (state.profile?.hasOnlineMode == true ? "秦商量" : "线上平台") : (state.studio.address.isEmpty ? state.studio.name : state.studio.address)
        }
        let mode = existing?.mode ?? state.studio.mode
        let version = OpenedRecord(context, existing?.id.map { .dutySlot($0) }, base: existing) { [context] in
            existing?.id.flatMap { try? context.db.dutySlot(id: $0) }
        }
        return EntryFormScreen(
            title: existing == nil ? "增加值班时段：\(state.studio.name)" : "修改值班时段：\(state.studio.name) \(existing!.whenText)",
            fields: [
                .init("date", "日期", .text(maxLength: 12), guidance: "2026-12-9、12.9；须在\(period.title)内"),
                .init("time", "时间", .text(maxLength: 13), guidance: "上午、下午、全天，或 9:00-11:30"),
                .init("mode", "线上/线下", .choice(StudioMode.allCases.map(\.title))),
                .init("place", "地点/渠道", .text(maxLength: 60), guidance: "线下写地点；线上写平台或电话（秦商量、政协云…），空着用默认"),
                .init("needed", "人数", .choice(["1", "2", "3"])),
            ],
            values: ["date": existing.map { DateInput.chinese($0.date) } ?? "", "time": existing?.time.title ?? "上午", "mode": mode.title,
                     "place": existing?.place ?? "", "needed": "\(existing?.needed ?? 1)"]
        ) { [self] v in
            let raw = (v["date"] ?? "").trimmingCharacters(in: .whitespaces)
            guard let date = DateInput.parse(raw, today: context.today()) else {
                return .issues(["date": raw.isEmpty ? "请填写日期" : "日期「\(raw)」无法识别"])
            }
            guard period.contains(date) || existing != nil else { return .issues(["date": "日期应在\(period.title)内"]) }
            guard let time = DutyTime.parse(v["time"] ?? "") else { return .issues(["time": "时间应为上午、下午、全天或 9:00-11:30"]) }
            let m = StudioMode.allCases.first { $0.title == v["mode"] } ?? .offline
            let place = (v["place"] ?? "").isEmpty ? defaultPlace(m) : v["place"]!
            let needed = Int(v["needed"] ?? "1") ?? 1
            if let d = state.calendar.day(date), d.kind == .off { return .issues(["date": "\(DateInput.chinese(date))是\(d.name)假期，不安排值班"]) }
            do {
                var slot = version.base ?? DutySlot(studioID: studioID, date: date, time: time, mode: m, place: place, needed: needed)
                if existing != nil && (slot.date != date && date < today) { return .issues(["date": "只能改到今天或以后"]) }
                slot.date = date
                slot.time = time
                slot.mode = m
                slot.place = place
                slot.needed = needed
                if slot.assignments.count > needed { return .issues(["needed": "已排 \(slot.assignments.count) 人，请先用 r 换人或减少委员"]) }
                if existing == nil {
                    let plan = try state.plan ?? context.db.saveDutyPlan(DutyPlan(studioID: studioID, year: period.year, quarter: period.index,
                                                                                 patterns: "", createdOn: today), slots: [], today: today)
                    slot.planID = plan.id!
                }
                try context.db.saveDutySlot(slot, expecting: version.expected)
                afterEdit(existing == nil ? "已增加 \(slot.whenText)（\(m.title)）的时段，可按 r 安排委员" : "已修改 \(slot.whenText) 的时段")
                return .saved(.stay)
            } catch let conflict as ChangedElsewhere {
                return version.conflict(conflict) { s in
                    ["date": DateInput.chinese(s.date), "time": s.time.title, "mode": s.mode.title, "place": s.place, "needed": "\(s.needed)"]
                }
            } catch StoreError.validation(let issues) {
                return .issues(Dictionary(issues.map { ($0.field == "members" ? "needed" : $0.field, $0.message) }, uniquingKeysWith: { a, _ in a }))
            } catch {
                return .issues(["date": "\(error)"])
            }
        }
    }

    func printForm(_ state: StudioDutyState, directory: String? = nil) -> Screen {
        let directory = directory ?? context.outputDirectory
        let name = DutyText.safeFileName(state.studio.name)
        return EntryFormScreen(
            title: "打印值班公示：\(state.studio.name) \(period.title)",
            fields: [.init("path", "PDF 文件", .text(maxLength: 240), guidance: "A4，内嵌中文字体；委员照片取自委员名册的照片文件（PNG）")],
            values: ["path": (directory as NSString).appendingPathComponent("\(name)-值班公示-\(period.year)Q\(period.index).pdf")]
        ) { [self] v in
            var path = context.filePath(v["path"])
            guard !path.isEmpty else { return .issues(["path": "请填写 PDF 文件的路径"]) }
            if !path.lowercased().hasSuffix(".pdf") { path += ".pdf" }
            do {
                let pub = try context.db.dutyPublication(studio: state.studio, period: period)
                let pages = try DutyPrintout(publication: pub, printedOn: today).render(to: path)
                return .saved(.push(MessageDialog(title: "已生成", message: "值班公示：\(path)（\(pages) 页）")))
            } catch let e as PDFError {
                return .issues(["path": e.description])
            } catch {
                return .issues(["path": "\(error)"])
            }
        }
    }

    func exportForm(_ state: StudioDutyState, directory: String? = nil) -> Screen {
        let directory = directory ?? context.outputDirectory
        let ics = "手机日历（.ics）", csv = "Excel 表格（.csv）"
        let base = (directory as NSString).appendingPathComponent("\(DutyText.safeFileName(state.studio.name))-值班表-\(period.year)Q\(period.index)")
        return EntryFormScreen(
            title: "导出值班表：\(state.studio.name) \(period.title)",
            fields: [.init("kind", "格式", .choice([ics, csv]), guidance: ".ics 可导入手机日历，每个时段一个日程；.csv 用 Excel/WPS 打开"),
                     .init("path", "文件（不含扩展名）", .text(maxLength: 240))],
            values: ["path": base]
        ) { [self] v in
            var path = context.filePath(v["path"])
            guard !path.isEmpty else { return .issues(["path": "请填写文件路径"]) }
            let isICS = v["kind"] == ics
            let ext = isICS ? ".ics" : ".csv"
            if !path.lowercased().hasSuffix(ext) { path += ext }
            do {
                let pub = try context.db.dutyPublication(studio: state.studio, period: period)
                if pub.slots.isEmpty { return .issues(["kind": "\(period.title)还没有值班安排"]) }
                let text = isICS ? DutyCalendarFile.ics(pub) : try DutyTable.csv(pub)
                try PrivateFile.write(text, to: path)
                return .saved(.push(MessageDialog(title: "已导出", message: "\(pub.slots.count) 个时段：\(path)")))
            } catch let e as PrivateFile.WriteError {
                return .issues(["path": e.description])
            } catch {
                return .issues(["path": "无法写入 \(path)：\(error.localizedDescription)"])
            }
        }
    }

    // MARK: Drawing

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let width = area.width - 2
        guard let state else {
            buffer.put(message, row: area.row + 1, col: col, maxWidth: width, style: .error)
            return
        }
        let patterns = state.plan.map { $0.patterns.isEmpty ? "（手工排班）" : $0.patterns.replacingOccurrences(of: "\n", with: "；") } ?? "未生成"
        buffer.put("\(period.title)  \(state.slots.count) 个时段  规律：\(patterns)", row: area.row, col: col, maxWidth: width, style: .muted)
        let check = state.summary
        buffer.put(state.slots.isEmpty ? "还没有值班安排：按 g 按规律生成，或按 a 逐个增加时段" : check.text,
                   row: area.row + 1, col: col, maxWidth: width, style: state.slots.isEmpty ? .muted : (check.ok ? .accent : .warning))
        var info: [String] = []
        // The provisional calendar first: the notice may change every date below.
        if let note = state.provisionalNote { info.append(note) }
        if period.start <= today, let done = state.doneText(today: today) { info.append(done) }
        let missedHere = state.missed.filter { state.period.contains($0.slot.date) || $0.slot.date < state.period.start }
        if !missedHere.isEmpty { info.append("缺席未补 \(missedHere.count) 次：" + missedHere.prefix(3).map { "\($0.memberName)（\(DutyText.short($0.slot.date))）" }.joined(separator: "、")) }
        buffer.put(info.joined(separator: "；"), row: area.row + 2, col: col, maxWidth: width, style: state.provisionalNote != nil || !missedHere.isEmpty ? .warning : .muted)
        let tableArea = Rect(row: area.row + 3, col: col, width: width, height: area.height - 4)
        let current = table.selected  // read before render: the closure must not touch `table` while it draws
        table.render(into: &buffer, area: tableArea) { [self] i in
            let s = state.slots[i]
            let names = s.assignments.enumerated().map { j, a -> String in
                var n = state.name(a.memberID)
                if let mark = swapMark, mark.slotID == s.id, mark.memberID == a.memberID { n = "*" + n }
                return i == current && j == memberIndex && s.assignments.count > 1 ? "[\(n)]" : n
            }
            let gap = s.needed - s.assignments.count
            let who = names.joined(separator: "、") + (gap > 0 ? "（缺\(gap)人）" : "")
            let time = s.time.title
            return [DutyText.short(s.date), CivilDay.weekdayTitle(s.date), time, s.mode.title, s.place, who,
                    DutyText.record(s, names: state.name, today: today)]
        }
        if state.slots.isEmpty {
            buffer.put("（空）", row: tableArea.row + 2, col: col + 2, style: .muted)
        }
        if !message.isEmpty {
            buffer.put(message, row: area.bottom - 1, col: col, maxWidth: width, style: messageIsError ? .warning : .accent)
        }
    }
}

// MARK: - Preview

/// A generated rota before it is saved: the rule line, what cannot be met and the fix, holiday
/// moves, and every slot; F2 saves, Esc discards.
final class DutyPreviewScreen: Screen {
    let context: AppContext
    let proposal: DutyProposal
    let studio: Studio
    var table = TableView(columns: [
        TableColumn("日期", width: 10),
        TableColumn("星期", width: 4),
        TableColumn("时间", width: 11),
        TableColumn("形式", width: 4),
        TableColumn("地点/渠道", width: 10, flex: 1),
        TableColumn("值班委员", width: 16, flex: 2),
    ])
    let names: [Int64: String]
    var notes: [(String, Style)] = []

    init(context: AppContext, proposal: DutyProposal, studio: Studio) {
        self.context = context
        self.proposal = proposal
        self.studio = studio
        names = Dictionary(uniqueKeysWithValues: proposal.members.map { ($0.id, $0.name) })
        table.setCount(proposal.rota.slots.count)
        if let note = HolidayCalendar.provisionalNote(proposal.layout.provisionalYears) { notes.append((note + "（值班排班 > 节假日 中录入）", .warning)) }
        for p in proposal.rota.problems { notes.append(("无法满足：\(p.text)。建议：\(p.fix)", .warning)) }
        if !proposal.layout.moved.isEmpty { notes.append(("节假日顺延：" + proposal.layout.moved.joined(separator: "；"), .muted)) }
        let loads = proposal.members.map { "\($0.name)\(proposal.rota.load(of: $0.id))" }
        if !loads.isEmpty { notes.append(("每人次数：" + loads.joined(separator: " "), .muted)) }
    }

    var title: String { "预览：\(studio.name)" }
    var hints: [KeyHint] { [KeyHint(key: "F2", label: "保存"), KeyHint(key: "Esc", label: "放弃"), CommonKeys.help] }
    var helpHints: [KeyHint] {
        [KeyHint(key: "F2", label: "保存这份值班表（替换今天起尚未记录的时段）"), KeyHint(key: "Esc", label: "放弃，不保存"),
         KeyHint(key: "Up/Down", label: "上下移动"), KeyHint(key: "PgUp/PgDn", label: "翻页")]
    }

    func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        switch key {
        case .function(2), .ctrl("s"):
            do {
                try context.db.saveDutyPlan(proposal.plan, slots: proposal.rota.slots, today: DateInput.iso(context.today()))
                return .pop
            } catch {
                return .push(MessageDialog(title: "保存失败", message: "\(error)", isError: true))
            }
        case .escape: return .pop
        default: return .stay
        }
    }

    /// Wraps at spaces so "杨淑珍4" stays whole; a word wider than the line wraps anywhere.
    static func wrapWords(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ").map(String.init) {
            let candidate = line.isEmpty ? word : line + " " + word
            if DisplayWidth.of(candidate) <= width { line = candidate; continue }
            if !line.isEmpty { lines.append(line) }
            line = word
            if DisplayWidth.of(word) > width {
                let parts = DialogBox.wrap(word, width: width)
                lines += parts.dropLast()
                line = parts.last ?? ""
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1, width = area.width - 2
        let kept = proposal.kept > 0 ? "（保留已过去或已记录的 \(proposal.kept) 个）" : ""
        buffer.put("\(proposal.plan.period.title)：\(proposal.rota.slots.count) 个时段\(kept)。按 F2 保存，Esc 放弃", row: area.row, col: col, maxWidth: width, style: .accent)
        let summary = proposal.summary
        buffer.put(summary.text, row: area.row + 1, col: col, maxWidth: width, style: summary.ok ? .accent : .warning)
        // Notes wrap (the per-member counts run long), within five lines.
        let lines = notes.flatMap { n in Self.wrapWords(n.0, width: width).map { ($0, n.1) } }
        let shown = lines.prefix(max(0, min(5, area.height - 8)))
        for (i, n) in shown.enumerated() { buffer.put(n.0, row: area.row + 2 + i, col: col, maxWidth: width, style: n.1) }
        let top = area.row + 2 + shown.count
        table.render(into: &buffer, area: Rect(row: top, col: col, width: width, height: area.bottom - top)) { [self] i in
            let s = proposal.rota.slots[i]
            let who = s.memberIDs.compactMap { names[$0] }.joined(separator: "、") + (s.assignments.count < s.needed ? "（缺\(s.needed - s.assignments.count)人）" : "")
            return [s.date, CivilDay.weekdayTitle(s.date), s.time.title, s.mode.title, s.place, who + (s.id != nil ? "（保留）" : "")]
        }
    }
}

// MARK: - Attendance

/// 值班记录 of one shift: 到岗 / 缺席 / 替班 (by whom) for each member, citizens received, a note,
/// and the citizens' items received on the shift (i registers one, linked to the shift).
final class DutyAttendanceScreen: Screen {
    let context: AppContext
    let state: StudioDutyState
    let slotID: Int64
    var slot: DutySlot
    var assignments: [DutyAssignment]
    var citizens: TextField
    var note: TextField
    /// 0..<members, then the two fields.
    var focus = 0
    var items: [CitizenItem] = []
    var problem = ""
    var original: (assignments: [DutyAssignment], citizens: String, note: String)
    /// The slot as this screen opened it, for the store's edit-conflict check (nil once the clerk chose to overwrite).
    var stamp: EditStamp?

    init(context: AppContext, state: StudioDutyState, slotID: Int64) {
        self.context = context
        self.state = state
        self.slotID = slotID
        slot = (try? context.db.dutySlot(id: slotID)) ?? state.slots.first { $0.id == slotID }!
        assignments = []
        citizens = TextField("", maxLength: 5)
        note = TextField("", maxLength: 200)
        original = ([], "", "")
        loadRecord()
    }

    /// The slot's record as it is now (again after another clerk saved it meanwhile).
    func loadRecord() {
        slot = (try? context.db.dutySlot(id: slotID)) ?? slot
        stamp = try? context.db.editStamp(of: .dutySlot(slotID))
        // Most shifts are attended as planned: a new record starts with everyone 到岗.
        assignments = slot.assignments.map { $0.attendance == .planned ? DutyAssignment(memberID: $0.memberID, attendance: .present) : $0 }
        citizens = TextField(slot.citizensReceived > 0 ? "\(slot.citizensReceived)" : "", maxLength: 5)
        note = TextField(slot.note, maxLength: 200)
        original = (assignments, citizens.text, note.text)
        problem = ""
        reloadItems()
    }

    func reloadItems() { items = (try? context.db.citizenItems(dutySlotID: slotID)) ?? [] }

    func becameTop() { reloadItems() }

    var title: String { "值班记录：\(state.studio.name) \(slot.whenText)" }
    var hints: [KeyHint] {
        [KeyHint(key: "1/2/3", label: "到岗/缺席/替班"), KeyHint(key: "F3", label: "群众意见"), KeyHint(key: "F2", label: "保存"),
         KeyHint(key: "Esc", label: "取消"), CommonKeys.help]
    }
    var helpHints: [KeyHint] {
        [KeyHint(key: "1", label: "所选委员到岗"), KeyHint(key: "2", label: "缺席（未补班前一直显示）"), KeyHint(key: "3", label: "替班：选择替班的委员"),
         KeyHint(key: "Up/Down/Tab", label: "在委员、接待人数、情况记录之间移动"),
         KeyHint(key: "F3 / i", label: "登记值班时收到的群众意见建议（与本班关联，进入群众意见办理）；在文字栏中只能用 F3"),
         KeyHint(key: "F2", label: "保存：到岗或替班的记入履职台账的值班活动"), KeyHint(key: "Esc", label: "不保存返回（有修改时先确认）")]
    }

    var fieldCount: Int { assignments.count + 2 }

    var isDirty: Bool { assignments != original.assignments || citizens.text != original.citizens || note.text != original.note }

    func handle(_ key: Key) -> Navigation {
        switch key {
        case .function(2), .ctrl("s"): return save()
        case .function(3): return registerItem()
        case .escape:
            guard isDirty else { return .pop }
            return .push(ConfirmDialog(title: "放弃修改", message: "值班记录尚未保存，确定放弃吗？") { yes in yes ? .popMany(2) : .pop })
        case .tab, .down: focus = (focus + 1) % fieldCount; return .stay
        case .backTab, .up: focus = (focus - 1 + fieldCount) % fieldCount; return .stay
        case .enter:
            if focus == fieldCount - 1 { return save() }
            focus += 1
            return .stay
        default: break
        }
        if focus < assignments.count {
            switch key {
            case .char("1"): assignments[focus] = DutyAssignment(memberID: assignments[focus].memberID, attendance: .present)
            case .char("2"): assignments[focus] = DutyAssignment(memberID: assignments[focus].memberID, attendance: .absent)
            case .char("3"):
                let i = focus
                let absent = assignments[i].memberID
                return .push(DutyMemberPicker(context: context, state: state, slot: slot, title: "替 \(state.name(absent)) 值班的委员", allowBusy: true) { [self] m in
                    if m.id == absent { problem = "替班的委员不能是本人" } else {
                        assignments[i] = DutyAssignment(memberID: absent, attendance: .substituted, substituteID: m.id)
                        problem = ""
                    }
                    return .pop
                })
            case .char("i"): return registerItem()
            default: break
            }
            problem = ""
            return .stay
        }
        if key == .char("i") && focus == assignments.count && citizens.text.isEmpty { return registerItem() }
        if focus == assignments.count {
            if case .char(let c) = key, !c.isNumber { return .stay }
            citizens.handle(key)
        } else {
            note.handle(key)
        }
        return .stay
    }

    func registerItem() -> Navigation {
        .push(LedgerForms.citizenItem(context: context, studio: state.studio, existing: nil, shift: slot))
    }

    func save() -> Navigation {
        guard let category = state.profile?.activityCategories.first(where: { $0.id == "duty" }) else {
            problem = "「\(state.profile?.name ?? state.studio.profileID)」的活动类别中没有「值班」，无法记入台账"
            return .stay
        }
        let count = Int(citizens.text.trimmingCharacters(in: .whitespaces)) ?? 0
        do {
            try context.db.recordDutyAttendance(slotID: slotID, assignments: assignments, citizens: count, note: note.text,
                                                category: category, today: DateInput.iso(context.today()), expecting: stamp)
            return .pop
        } catch let conflict as ChangedElsewhere {
            // Another clerk recorded this shift meanwhile: load theirs, or save this record over it on purpose.
            return .push(ChangedElsewhereDialog(conflict: conflict, reload: { [self] in loadRecord() }) { [self] in
                stamp = nil
                switch save() {
                case .pop: return .popMany(2)
                case .stay: return .pop
                case let other: return other
                }
            })
        } catch {
            problem = "\(error)"
            return .stay
        }
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 3, width = area.width - 6
        buffer.put("\(slot.whenText)  \(slot.mode.title)  \(slot.place)", row: area.row + 1, col: col, maxWidth: width, style: .accent)
        var y = area.row + 3
        for (i, a) in assignments.enumerated() {
            let focused = i == focus
            buffer.put(DisplayWidth.pad(state.name(a.memberID), to: 10), row: y, col: col, style: focused ? .accent : .normal)
            var x = col + 11
            for (k, option) in [DutyAttendance.present, .absent, .substituted].enumerated() {
                let chosen = a.attendance == option
                x += buffer.put("\(k + 1) \(option.title)", row: y, col: x, style: chosen ? (focused ? .focusedField : .selection) : .normal) + 2
            }
            if a.attendance == .substituted {
                buffer.put("替班：\(state.name(a.substituteID))", row: y, col: x + 1, maxWidth: area.right - x - 2, style: .accent)
            }
            y += 1
        }
        y += 1
        let labelStyle = { (i: Int) in i == self.focus ? Style.accent : Style.normal }
        buffer.put("接待群众：", row: y, col: col, style: labelStyle(assignments.count))
        citizens.render(into: &buffer, row: y, col: col + 11, width: 6, focused: focus == assignments.count)
        var cursor = focus == assignments.count ? buffer.cursor : nil
        buffer.put("人", row: y, col: col + 18)
        y += 2
        buffer.put("情况记录：", row: y, col: col, style: labelStyle(assignments.count + 1))
        note.render(into: &buffer, row: y, col: col + 11, width: min(56, width - 12), focused: focus == assignments.count + 1)
        if focus == assignments.count + 1 { cursor = buffer.cursor }
        y += 2
        buffer.put(items.isEmpty ? "本班收到的群众意见：无（按 F3 登记，登记后进入群众意见办理）" : "本班收到的群众意见 \(items.count) 条：",
                   row: y, col: col, maxWidth: width, style: .muted)
        for (k, item) in items.prefix(max(0, area.bottom - y - 3)).enumerated() {
            buffer.put("· \(item.citizen)：\(item.content)", row: y + 1 + k, col: col + 2, maxWidth: width - 2)
        }
        if !problem.isEmpty { buffer.put(problem, row: area.bottom - 1, col: col, maxWidth: width, style: .error) }
        else {
            buffer.put("到岗或替班的委员记入履职台账（值班），计入每季度值班要求", row: area.bottom - 1, col: col, maxWidth: width, style: .muted)
        }
        buffer.cursor = cursor
    }
}

// MARK: - Member picker

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
        let q = search.text.lowercased()
        let members = Dictionary(state.team.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        rows = state.candidates.filter { c in
            q.isEmpty || c.name.contains(q) || (members[c.id]?.initials.hasPrefix(q) ?? false) || (members[c.id]?.pinyin.replacingOccurrences(of: " ", with: "").hasPrefix(q) ?? false)
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

// MARK: - Days away

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
    var hints: [KeyHint] { [KeyHint(key: "a", label: "登记"), KeyHint(key: "d", label: "删除"), CommonKeys.back, CommonKeys.help] }
    var helpHints: [KeyHint] {
        [KeyHint(key: "a", label: "登记一位委员不能值班的日期（选委员，再填日期和原因）"), KeyHint(key: "d", label: "删除所选登记"),
         KeyHint(key: "Esc", label: "返回值班表"), KeyHint(key: "Up/Down", label: "上下移动")]
    }

    func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        guard let state else { return key == .escape ? .pop : .stay }
        switch key {
        case .escape: return .pop
        case .char("a"):
            let probe = DutySlot(studioID: studioID, date: period.start, time: .allDay, mode: .offline, place: "")
            return .push(DutyMemberPicker(context: context, state: state, slot: probe, title: "登记不可值班的委员", allowBusy: true) { [self] m in
                .replace(awayForm(m))
            })
        case .char("d"), .delete:
            guard rows.indices.contains(table.selected) else { return .stay }
            let u = rows[table.selected]
            do {
                try context.db.deleteDutyUnavailability(id: u.id!)
                message = "已删除 \(state.name(u.memberID)) \(u.text)"
            } catch {
                message = "\(error)"
            }
            reload()
        default: break
        }
        return .stay
    }

    func awayForm(_ m: DutyCandidate) -> Screen {
        EntryFormScreen(
            title: "不可值班：\(m.name)",
            fields: [.init("from", "开始日期", .text(maxLength: 12), guidance: "2026-12-9、12.9、t（今天）"),
                     .init("to", "结束日期", .text(maxLength: 12), guidance: "只一天可空着"),
                     .init("reason", "原因", .text(maxLength: 40), guidance: "出差、会议、病假……")]
        ) { [self] v in
            guard let from = DateInput.parse(v["from"] ?? "", today: context.today()) else { return .issues(["from": "请填写开始日期"]) }
            let toText = (v["to"] ?? "").trimmingCharacters(in: .whitespaces)
            guard let to = toText.isEmpty ? from : DateInput.parse(toText, today: context.today()) else {
                return .issues(["to": "日期「\(toText)」无法识别"])
            }
            do {
                try context.db.saveDutyUnavailability(DutyUnavailability(memberID: m.id, from: from, to: to, reason: v["reason"] ?? ""))
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

// MARK: - The office's week

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
        guard let n = CivilDay.number(iso) else { return iso }
        return CivilDay.iso(n - (CivilDay.weekday(n) - 1))
    }

    var sunday: String { DateMath.adding(days: 6, to: monday) ?? monday }

    func reload() {
        rows = (try? context.db.officeDutySlots(from: monday, to: sunday)) ?? []
        let ids = Set(rows.flatMap { $0.slot.memberIDs + $0.slot.assignments.compactMap(\.substituteID) })
        names = Dictionary(uniqueKeysWithValues: ((try? context.db.read { d in try Member.fetchAll(d, keys: ids) }) ?? []).map { ($0.id!, $0.name) })
        table.setCount(rows.count)
    }

    func becameTop() { reload() }

    var title: String { "本周值班" }
    var hints: [KeyHint] { [KeyHint(key: "[ ]", label: "换周"), KeyHint(key: "t", label: "本周"), KeyHint(key: "Enter", label: "值班表"), CommonKeys.back, CommonKeys.help] }

    func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        switch key {
        case .escape: return .pop
        case .char("["): monday = DateMath.adding(days: -7, to: monday) ?? monday; reload()
        case .char("]"): monday = DateMath.adding(days: 7, to: monday) ?? monday; reload()
        case .char("t"): monday = Self.monday(of: DateInput.iso(context.today())); reload()
        case .enter:
            guard rows.indices.contains(table.selected) else { return .stay }
            let r = rows[table.selected]
            return .push(StudioDutyScreen(context: context, studioID: r.studio.id!, period: Period.containing(r.slot.date, kind: .quarter)))
        default: break
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
            return [DutyText.short(r.slot.date), CivilDay.weekdayTitle(r.slot.date), r.slot.time.title, r.studio.name, r.slot.mode.title,
                    who.isEmpty ? "（未安排）" : who, DutyText.record(r.slot, names: { $0.flatMap { self.names[$0] } ?? "" }, today: today)]
        }
        if rows.isEmpty { buffer.put("这一周没有值班安排。", row: area.row + 4, col: col + 2, style: .muted) }
    }
}

// MARK: - Holiday calendar

/// The office's copy of the holiday calendar: each year's days off and 调休 working weekends with
/// the notice they come from; the office adds the next year when the notice comes out. Until then
/// the year shows its statutory holidays, 暂定.
final class HolidayScreen: Screen {
    let context: AppContext
    var year: Int
    var calendar = HolidayCalendar.empty
    var days: [HolidayCalendar.Day] = []
    var table = TableView(columns: [
        TableColumn("日期", width: 10),
        TableColumn("星期", width: 4),
        TableColumn("类别", width: 8),
        TableColumn("节日", width: 12, flex: 1),
    ])
    var message = ""

    init(context: AppContext, year: Int) {
        self.context = context
        self.year = year
        reload()
    }

    func reload() {
        calendar = (try? context.db.holidayCalendar()) ?? .empty
        days = calendar.days(in: year)
        table.setCount(days.count)
    }

    func becameTop() { reload() }

    var title: String { "节假日" }
    var hints: [KeyHint] {
        [KeyHint(key: "[ ]", label: "年份"), KeyHint(key: "a", label: "添加"), KeyHint(key: "d", label: "删除"), KeyHint(key: "n", label: "来源"),
         CommonKeys.back, CommonKeys.help]
    }
    var helpHints: [KeyHint] {
        [KeyHint(key: "[ ]", label: "上一年 / 下一年"), KeyHint(key: "a", label: "添加放假日或调休上班日（连续放假可填起止日期）"),
         KeyHint(key: "d", label: "删除所选日期"), KeyHint(key: "n", label: "填写这一年的来源（国务院办公厅通知的文号和日期）"),
         KeyHint(key: "Esc", label: "返回")]
    }

    func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        switch key {
        case .escape: return .pop
        case .char("["): year -= 1; reload()
        case .char("]"): year += 1; reload()
        case .char("a"): return .push(dayForm())
        case .char("n"): return .push(sourceForm())
        case .char("d"), .delete:
            guard days.indices.contains(table.selected) else { return .stay }
            let d = days[table.selected]
            // Computed, not stored: there is nothing to delete until the year is entered.
            if calendar.isProvisional(year: year) {
                message = "暂定的法定节日不能删除：通知发布后按 a 录入 \(year) 年的节假日"
                return .stay
            }
            do {
                try context.db.deleteHolidayDay(d.date)
                message = "已删除 \(DateInput.chinese(d.date)) \(d.name)\(d.kind.title)"
            } catch { message = "\(error)" }
            reload()
        default: break
        }
        return .stay
    }

    func dayForm() -> Screen {
        EntryFormScreen(
            title: "添加 \(year) 年的节假日",
            fields: [.init("kind", "类别", .choice(HolidayCalendar.Kind.allCases.map(\.title))),
                     .init("from", "日期", .text(maxLength: 12), guidance: "\(year)-2-6 或 2.6"),
                     .init("to", "到（连续放假）", .text(maxLength: 12), guidance: "只一天可空着"),
                     .init("name", "节日", .text(maxLength: 12), guidance: "元旦、春节、清明节、劳动节、端午节、中秋节、国庆节")]
        ) { [self] v in
            let anchor = Calendar(identifier: .gregorian).date(from: DateComponents(year: year, month: 6, day: 15, hour: 12)) ?? context.today()
            guard let from = DateInput.parse(v["from"] ?? "", today: anchor), from.hasPrefix("\(year)-") else {
                return .issues(["from": "请填写 \(year) 年的日期"])
            }
            let toText = (v["to"] ?? "").trimmingCharacters(in: .whitespaces)
            guard let to = toText.isEmpty ? from : DateInput.parse(toText, today: anchor), let a = CivilDay.number(from), let b = CivilDay.number(to),
                  b >= a, b - a < 31 else {
                return .issues(["to": "结束日期应在开始日期之后，一个月以内"])
            }
            let kind = HolidayCalendar.Kind.allCases.first { $0.title == v["kind"] } ?? .off
            do {
                for n in a...b { try context.db.saveHolidayDay(.init(date: CivilDay.iso(n), kind: kind, name: v["name"] ?? "")) }
                message = "已添加 \(b - a + 1) 天：\(v["name"] ?? "")\(kind.title)"
                return .saved(.stay)
            } catch StoreError.validation(let issues) {
                return .issues(Dictionary(issues.map { ($0.field == "date" ? "from" : $0.field, $0.message) }, uniquingKeysWith: { a, _ in a }))
            } catch {
                return .issues(["from": "\(error)"])
            }
        }
    }

    func sourceForm() -> Screen {
        EntryFormScreen(
            title: "\(year) 年节假日的来源",
            fields: [.init("source", "来源", .text(maxLength: 120), guidance: "如：国务院办公厅关于\(year)年部分节假日安排的通知（国办发明电〔\(year - 1)〕N号）")],
            values: ["source": calendar.years.first { $0.year == year }?.source ?? ""]
        ) { [self] v in
            do {
                try context.db.addHolidayYear(year, source: v["source"] ?? "")
                message = "已记录 \(year) 年的来源"
                return .saved(.stay)
            } catch {
                return .issues(["source": "\(error)"])
            }
        }
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let source = calendar.years.first { $0.year == year }
        let off = days.filter { $0.kind == .off }.count, work = days.count - off
        if let source {
            buffer.put("\(year) 年：放假 \(off) 天，调休上班 \(work) 天", row: area.row, col: col, style: .accent)
            buffer.put("来源：" + (source.source.isEmpty ? "（未注明，按 n 填写）" : source.source), row: area.row + 1, col: col, maxWidth: area.width - 2, style: .muted)
        } else {
            let text = "\(year) 年节假日安排尚未公布：暂定按法定节日放假 \(off) 天，无调休上班。国务院办公厅通知发布后按 a 添加（法定节日随之录入）、n 填写来源。"
            for (i, line) in DialogBox.wrap(text, width: area.width - 2).prefix(2).enumerated() {
                buffer.put(line, row: area.row + i, col: col, style: .warning)
            }
        }
        table.render(into: &buffer, area: Rect(row: area.row + 3, col: col, width: area.width - 2, height: area.height - 5)) { [self] i in
            let d = days[i]
            return [d.date, CivilDay.weekdayTitle(d.date), d.kind.title, d.name]
        }
        if !message.isEmpty { buffer.put(message, row: area.bottom - 1, col: col, maxWidth: area.width - 2, style: .accent) }
    }
}
