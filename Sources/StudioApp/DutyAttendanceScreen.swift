import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

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
