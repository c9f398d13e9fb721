import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

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
        KeyBinding([.char("g")], .generate, label: "生成", help: "按值班规律生成本季度或全年的值班表（先预览再保存；已过去和已记录的时段保留）", edits: true),
        KeyBinding([.char("s")], .swap, label: "交换", help: "交换两位委员：在一个时段按 s 标记所选委员，到另一个时段选好委员再按 s", edits: true),
        KeyBinding([.char("r")], .reassign, label: "换人", help: "把所选委员换成团队中的另一位（时段未排满时为增加一人）", edits: true),
        KeyBinding([.char("a")], .addSlot, label: "加时段", help: "增加一个值班时段", edits: true),
        KeyBinding([.char("d"), .delete], .deleteSlot, key: "d", label: "删时段", help: "删除所选时段（已记录的不能删）", inBar: false, edits: true),
        KeyBinding([.char("u")], .away, label: "不可值班", help: "登记委员不能值班的日期（出差、会议、病假），生成时会避开", inBar: false, edits: true),
        KeyBinding([.char("p")], .print, label: "公示", help: "打印值班公示（PDF：委员、职务、专业特长、照片、日期、时段、联系方式）", needs: .print),
        KeyBinding([.char("e")], .export, label: "导出", help: "导出手机日历文件（.ics）或 Excel 可打开的 CSV", inBar: false, needs: .export),
        KeyBinding([.char("[")], .previous, key: "[ ]", label: "上一季度", help: "上一季度 / 下一季度", inBar: false),
        KeyBinding([.char("]")], .next, label: "下一季度", inBar: false),
        KeyBinding([.escape], .back, label: "返回", help: "返回"),
    ])
    public var hints: [KeyHint] {
        // In review Enter shows the slot and its record as a view.
        keys.barHints(context, studio: studioID).map { $0.key == "Enter" && !context.session.may(.editRecords) ? KeyHint(key: "Enter", label: "查看") : $0 } + [CommonKeys.help]
    }
    public var helpHints: [KeyHint] {
        keys.helpHints(context, studio: studioID).map { $0.key == "Enter" && !context.session.may(.editRecords) ? KeyHint(key: "Enter", label: "查看所选时段及其值班记录") : $0 }
            + [KeyHint(key: "Left/Right", label: "在所选时段的几位委员中选择（交换、换人用）"),
                          KeyHint(key: "Up/Down", label: "上下移动"), KeyHint(key: "PgUp/PgDn", label: "翻页")]
    }

    public func becameTop() { reload() }
    /// Another session saved: read again (the cursor stays where it is).
    public func dataChanged() { reload() }

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
        if keys.action(for: key, in: context, studio: studioID) == nil, table.handle(key) {
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
        guard let action = keys.action(for: key, in: context, studio: studioID) else { return .stay }
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
        case .previous: period = period.advanced(by: -1); placed = false; reload()
        case .next: period = period.advanced(by: 1); placed = false; reload()
        case .open:
            guard let slot = selected else { return .stay }
            // A reviewer reads the slot and its record in a view.
            if !context.session.may(.editRecords) { return .push(slotView(state, slot)) }
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
            let whole = v.choice("scope") == yearChoice
            do {
                let proposal = try context.db.proposeDutyPlan(studio: state.studio, profile: state.profile, year: period.year,
                                                              quarter: whole ? nil : period.index, patterns: v.text("patterns"), today: today)
                return .saved(.push(DutyPreviewScreen(context: context, proposal: proposal, studio: state.studio)))
            } catch StoreError.validation(let issues) {
                return .issues(["patterns": issues.map(\.message).joined(separator: "；")])
            } catch {
                return .issues(["patterns": "\(error)"])
            }
        }
    }

    /// A slot and its record as a reviewer sees them: when, where, each member's attendance, visitors and notes.
    func slotView(_ state: StudioDutyState, _ slot: DutySlot) -> Screen {
        var fields: [EntryFormScreen.Field] = [.init("when", "时段", .text(maxLength: 40)), .init("place", "地点/渠道", .text(maxLength: 60))]
        var values = ["when": slot.whenText, "place": "\(slot.mode.title) \(slot.place)"]
        for (i, a) in slot.assignments.enumerated() {
            fields.append(.init("m\(i)", state.name(a.memberID), .text(maxLength: 40)))
            values["m\(i)"] = a.attendance.title + (a.substituteID.map { "（\(state.name($0)) 替班）" } ?? "")
        }
        fields += [.init("citizens", "接待人数", .text(maxLength: 5)), .init("note", "情况记录", .text(maxLength: 200))]
        values["citizens"] = slot.citizensReceived > 0 ? "\(slot.citizensReceived)" : ""
        values["note"] = slot.note
        return EntryFormScreen(title: "值班时段：\(state.studio.name) \(slot.whenText)", fields: fields, values: values, viewing: true) { _ in .saved(.stay) }
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
                .init("date", "日期", .date(today: context.today), guidance: "2026-12-9、12.9；须在\(period.title)内"),
                .init("time", "时间", .text(maxLength: 13), guidance: "上午、下午、全天，或 9:00-11:30"),
                .init("mode", "线上/线下", .choice(StudioMode.allCases.map(\.title))),
                .init("place", "地点/渠道", .text(maxLength: 60), guidance: "线下写地点；线上写平台或电话（秦商量、政协云…），空着用默认"),
                .init("needed", "人数", .choice(["1", "2", "3"])),
            ],
            values: ["date": existing.map { DateInput.chinese($0.date) } ?? "", "time": existing?.time.title ?? "上午", "mode": mode.title,
                     "place": existing?.place ?? "", "needed": "\(existing?.needed ?? 1)"]
        ) { [self] v in
            let date = v.date("date").iso
            guard period.contains(date) || existing != nil else { return .issues(["date": "日期应在\(period.title)内"]) }
            guard let time = DutyTime.parse(v.text("time")) else { return .issues(["time": "时间应为上午、下午、全天或 9:00-11:30"]) }
            let m = StudioMode.allCases.first { $0.title == v.choice("mode") } ?? .offline
            let place = v.text("place").isEmpty ? defaultPlace(m) : v.text("place")
            let needed = Int(v.choice("needed")) ?? 1
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
            values: ["path": (directory as NSString).appendingPathComponent("\(name)-值班公示-\(period.year)Q\(period.index).pdf")], writes: false
        ) { [self] v in
            let path = context.filePath(v.text("path"), ext: ".pdf")
            guard !path.isEmpty else { return .issues(["path": "请填写 PDF 文件的路径"]) }
            do {
                let pages = try Printouts.duty(state.studio, period: period, db: context.db, printedOn: today).render(to: path)
                return .saved(.push(MessageDialog(title: "已生成", message: "值班公示：\(path)（\(pages) 页）")))
            } catch {
                return .issues(["path": OutputFile.message(for: error, path: path)])
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
            values: ["path": base], writes: false
        ) { [self] v in
            let isICS = v.choice("kind") == ics
            let path = context.filePath(v.text("path"), ext: isICS ? ".ics" : ".csv")
            guard !path.isEmpty else { return .issues(["path": "请填写文件路径"]) }
            do {
                let pub = try context.db.dutyPublication(studio: state.studio, period: period)
                if pub.slots.isEmpty { return .issues(["kind": "\(period.title)还没有值班安排"]) }
                let text = isICS ? DutyCalendarFile.ics(pub) : try DutyTable.csv(pub)
                try OutputFile.write(text, to: path)
                return .saved(.push(MessageDialog(title: "已导出", message: "\(pub.slots.count) 个时段：\(path)")))
            } catch {
                return .issues(["path": OutputFile.message(for: error, path: path)])
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
            return [DutyText.short(s.date), CivilDate.weekdayTitle(s.date), time, s.mode.title, s.place, who,
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
