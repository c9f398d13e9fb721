import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

// The duty screens a clerk opens from a studio's rota: the 值班记录, the member picker, days away and the week.
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

    var isEditingForm: Bool { true }
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
        // The ranking of every list (characters, initials, full pinyin); the candidates' own order within a rank.
        let members = Dictionary(state.team.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        rows = SearchQuery(search.text).ranked(state.candidates, inPinyinOrder: false) { c in
            [(c.name, members[c.id].map { PinyinKey(spaced: $0.pinyin, initials: $0.initials) } ?? PinyinKey(c.name))]
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
        guard let d = CivilDate(iso: iso) else { return iso }
        return d.adding(days: 1 - d.weekday).iso
    }

    var sunday: String { CivilDate.adding(days: 6, to: monday) ?? monday }

    func reload() {
        rows = (try? context.db.officeDutySlots(from: monday, to: sunday)) ?? []
        let ids = Set(rows.flatMap { $0.slot.memberIDs + $0.slot.assignments.compactMap(\.substituteID) })
        names = Dictionary(uniqueKeysWithValues: ((try? context.db.read { d in try Member.fetchAll(d, keys: ids) }) ?? []).map { ($0.id!, $0.name) })
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
