import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// Entering one inspection fast: the date, inspector and 现场/远程 on top, then one key per
/// item (1 合格, 2 不合格, 3 缺失) moving down the list, notes typed in the row (Enter) and an
/// evidence path (f). The whole inspection is saved in one transaction with F2.
public final class InspectionFormScreen: Screen {
    struct Row: Equatable {
        var itemID: Int64?
        var listKey: String
        var listName: String
        var itemText: String
        var verdict: WallVerdict?
        var note: TextField
        var evidence: TextField
    }

    enum Focus: Int, CaseIterable { case date, inspector, mode, note, rows }
    enum Editing { case note, evidence }

    let context: AppContext
    let studio: Studio
    let existing: Inspection?
    /// The studio's previous inspection, for "沿用上次" (r).
    let previous: InspectionRecord?
    var date: TextField
    var inspector: TextField
    var onSite: Bool
    var note: TextField
    var rows: [Row]
    var focus: Focus
    var editing: Editing?
    var beforeEdit: TextField?
    var table = TableView(columns: [
        TableColumn("序号", width: 4, align: .right),
        TableColumn("清单", width: 8),
        TableColumn("检查内容", width: 20, flex: 3),
        TableColumn("结论", width: 6),
        TableColumn("备注", width: 12, flex: 2),
    ])
    var issues: [String: String] = [:]
    var rowIssues: [Int: String] = [:]
    var message = ""
    var initial = ""

    /// The inspection being corrected, as this form opened it (the store refuses a save over another clerk's).
    var stamp: EditStamp?

    init(context: AppContext, studio: Studio, existing: Inspection?, previous: InspectionRecord?, date: String, inspector: String,
         onSite: Bool, note: String, rows: [Row]) {
        self.context = context
        self.studio = studio
        self.existing = existing
        self.previous = previous
        self.date = TextField(date, maxLength: 12)
        self.inspector = TextField(inspector, maxLength: 20)
        self.onSite = onSite
        self.note = TextField(note, maxLength: 200)
        self.rows = rows
        stamp = existing?.id.flatMap { try? context.db.editStamp(of: .inspection($0)) }
        // The item list has the keys from the start, so 1/2/3 go to the items at once (a digit typed into 检查人
        // by mistake was the trap); an empty 检查人 is asked for on the status line and at F2.
        focus = .rows
        table.setCount(rows.count)
        initial = snapshot
    }

    /// A new inspection of the items in use now; the inspector defaults to the last one who entered one.
    static func new(context: AppContext, status: StudioWallStatus) -> InspectionFormScreen {
        let rows = status.items.map { s in
            Row(itemID: s.item.id, listKey: s.list.key, listName: s.list.name, itemText: s.item.text, verdict: nil,
                note: TextField("", maxLength: 200), evidence: TextField("", maxLength: 240))
        }
        let last = ((try? context.db.setting("lastInspector")) ?? nil) ?? ""
        return InspectionFormScreen(context: context, studio: status.studio, existing: nil, previous: status.inspections.first,
                                    date: DateInput.iso(context.today()), inspector: last, onSite: true, note: "", rows: rows)
    }

    /// A saved inspection, as recorded (its own wording), plus items added to the lists since, unchecked.
    static func edit(context: AppContext, status: StudioWallStatus, record: InspectionRecord) -> InspectionFormScreen {
        var rows = record.verdicts.map { v in
            Row(itemID: v.itemID, listKey: v.listKey, listName: v.listName, itemText: v.itemText, verdict: v.verdict,
                note: TextField(v.note, maxLength: 200), evidence: TextField(v.evidence, maxLength: 240))
        }
        let covered = Set(record.verdicts.compactMap(\.itemID))
        for s in status.items where !covered.contains(s.item.id!) {
            rows.append(Row(itemID: s.item.id, listKey: s.list.key, listName: s.list.name, itemText: s.item.text, verdict: nil,
                            note: TextField("", maxLength: 200), evidence: TextField("", maxLength: 240)))
        }
        let previous = status.inspections.first { $0.inspection.id != record.inspection.id }
        let i = record.inspection
        let screen = InspectionFormScreen(context: context, studio: status.studio, existing: i, previous: previous, date: i.date,
                                          inspector: i.inspector, onSite: i.onSite, note: i.note, rows: rows)
        screen.focus = .rows
        return screen
    }

    public var title: String { (existing == nil ? "新检查：" : "修改检查：") + studio.name }

    var snapshot: String {
        ([date.text, inspector.text, onSite ? "1" : "0", note.text] + rows.map { "\($0.verdict?.rawValue ?? "-")|\($0.note.text)|\($0.evidence.text)" })
            .joined(separator: "\u{1}")
    }

    /// An archived studio's inspection, or any in a reviewer's session, is read, not edited.
    var isReadOnly: Bool { !studio.status.isActive || !context.session.may(.editRecords) }
    public var isEditingForm: Bool { !isReadOnly }

    enum Action: Sendable { case pass, fail, missing, clear, restPass, copyLast, editNote, editEvidence, save, next, previous, cancel }
    let keys = KeyMap<Action>([
        KeyBinding([.char("1"), .char(" ")], .pass, key: "1/空格", label: "合格", help: "所选条目：合格，并移到下一条", edits: true),
        KeyBinding([.char("2")], .fail, label: "不合格", help: "所选条目：不合格，并移到下一条", edits: true),
        KeyBinding([.char("3")], .missing, label: "缺失", help: "所选条目：缺失，并移到下一条", edits: true),
        KeyBinding([.char("0"), .backspace], .clear, key: "0", label: "清除", help: "清除所选条目的结论（未检查）", inBar: false),
        KeyBinding([.char("a")], .restPass, label: "其余合格", help: "尚未给出结论的条目全部记为合格", inBar: false, edits: true),
        KeyBinding([.char("r")], .copyLast, label: "沿用上次", help: "把上次检查的结论、备注和凭证填入尚未给出结论的条目", inBar: false, edits: true),
        KeyBinding([.enter], .editNote, label: "备注", help: "在所选条目的行内写备注（Enter 完成，Esc 放弃修改）"),
        KeyBinding([.char("f")], .editEvidence, label: "凭证", help: "所选条目的凭证：照片或文件的路径（须存在）", inBar: false),
        KeyBinding([.function(2), .ctrl("s")], .save, key: "F2", label: "保存", help: "保存整次检查（Ctrl-S 也可）", edits: true),
        KeyBinding([.tab], .next, label: "下一栏", help: "从条目列表到检查日期、检查人、方式、总体意见，再回到条目列表（表单打开时在条目列表）", inBar: false),
        KeyBinding([.backTab], .previous, label: "上一栏", help: "反向切换", inBar: false),
        KeyBinding([.escape], .cancel, label: "取消", help: "不保存返回（有修改时先确认）"),
    ])

    public var hints: [KeyHint] {
        if isReadOnly { return [KeyHint(key: "Up/Down", label: "移动"), CommonKeys.back, CommonKeys.help] }
        if editing != nil {
            return [KeyHint(key: "Enter", label: "完成"), KeyHint(key: "Esc", label: "放弃修改"), KeyHint(key: "F2", label: "保存"), CommonKeys.help]
        }
        if focus != .rows {
            // The keys of the field being typed in; 1/2/3 are not offered here, as they are not the items'.
            let mode = focus == .mode ? [KeyHint(key: "Left/Right", label: "现场/远程")] : []
            return [KeyHint(key: "Tab", label: focus == .note ? "回到条目" : "下一栏"), KeyHint(key: "Shift-Tab", label: "上一栏")] + mode
                + [KeyHint(key: "F2", label: "保存"), KeyHint(key: "Esc", label: "取消"), CommonKeys.help]
        }
        return keys.barHints(context) + [CommonKeys.help]
    }

    public var helpHints: [KeyHint] {
        if isReadOnly { return [KeyHint(key: "Up/Down", label: "在条目间移动"), KeyHint(key: "Esc", label: "返回")] }
        return keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "在条目间移动"), KeyHint(key: "PgUp/PgDn", label: "翻页"),
                          KeyHint(key: "Left/Right", label: "方式一栏：现场/远程"),
                          KeyHint(key: "日期", label: "可输入 t（今天）、y（昨天）、2026-3-5、3.5")]
    }

    var selected: Int { table.selected }

    public func handle(_ key: Key) -> Navigation {
        if isReadOnly {
            if key == .escape { return .pop }
            table.handle(key)
            return .stay
        }
        if let editing {
            return handleEditing(key, editing)
        }
        let action = keys.action(for: key, in: context)
        switch action {
        case .save?: return save()
        case .cancel?: return cancel()
        case .next?: moveFocus(by: 1); return .stay
        case .previous?: moveFocus(by: -1); return .stay
        default: break
        }
        if focus != .rows { return handleHeader(key) }
        if table.handle(key) { return .stay }
        switch action {
        case .pass?: setVerdict(.pass)
        case .fail?: setVerdict(.fail)
        case .missing?: setVerdict(.missing)
        case .clear?: if rows.indices.contains(selected) { rows[selected].verdict = nil }
        case .restPass?:
            let n = rows.indices.filter { rows[$0].verdict == nil }
            for i in n { rows[i].verdict = .pass }
            message = n.isEmpty ? "没有尚未给出结论的条目" : "其余 \(n.count) 个条目记为合格"
        case .copyLast?: copyLast()
        case .editNote?: startEditing(.note)
        case .editEvidence?: startEditing(.evidence)
        default: break
        }
        return .stay
    }

    func moveFocus(by step: Int) {
        let all = Focus.allCases
        focus = all[(all.firstIndex(of: focus)! + step + all.count) % all.count]
    }

    func handleHeader(_ key: Key) -> Navigation {
        switch (focus, key) {
        case (_, .enter), (_, .down): moveFocus(by: 1)
        case (_, .up): moveFocus(by: -1)
        case (.mode, .left), (.mode, .right), (.mode, .char(" ")): onSite.toggle()
        case (.mode, .char("1")): onSite = true
        case (.mode, .char("2")): onSite = false
        case (.date, _): date.handle(key); issues["date"] = nil
        case (.inspector, _): inspector.handle(key); issues["inspector"] = nil
        case (.note, _): note.handle(key)
        default: break
        }
        return .stay
    }

    func setVerdict(_ v: WallVerdict) {
        guard rows.indices.contains(selected) else { return }
        rows[selected].verdict = v
        rowIssues[selected] = nil
        message = ""
        table.select(selected + 1)
    }

    func copyLast() {
        guard let previous else { message = "这个工作室没有上次检查的记录"; return }
        var n = 0
        for i in rows.indices where rows[i].verdict == nil {
            guard let v = previous.verdicts.first(where: { $0.itemID != nil && $0.itemID == rows[i].itemID }) else { continue }
            rows[i].verdict = v.verdict
            rows[i].note.text = v.note
            rows[i].evidence.text = v.evidence
            n += 1
        }
        message = "已沿用 \(DateInput.chinese(previous.inspection.date)) 检查的 \(n) 个结论，请逐条核对"
    }

    func startEditing(_ what: Editing) {
        guard rows.indices.contains(selected) else { return }
        editing = what
        beforeEdit = what == .note ? rows[selected].note : rows[selected].evidence
    }

    func handleEditing(_ key: Key, _ what: Editing) -> Navigation {
        switch key {
        case .enter, .tab, .down, .up:
            editing = nil
            if key == .down || key == .up { table.handle(key) }
        case .escape:
            if let beforeEdit {
                if what == .note { rows[selected].note = beforeEdit } else { rows[selected].evidence = beforeEdit }
            }
            editing = nil
        case .function(2), .ctrl("s"):
            editing = nil
            return save()
        default:
            if what == .note { rows[selected].note.handle(key) } else { rows[selected].evidence.handle(key) }
            rowIssues[selected] = nil
        }
        return .stay
    }

    func cancel() -> Navigation {
        guard snapshot != initial else { return .pop }
        return .push(ConfirmDialog(title: "放弃检查", message: "本次检查还没有保存。放弃已录入的内容吗？") { yes in
            yes ? .popMany(2) : .pop
        })
    }

    func save() -> Navigation {
        issues = [:]
        rowIssues = [:]
        message = ""
        let today = DateInput.iso(context.today())
        guard let iso = DateInput.parse(date.text, today: context.today()) else {
            issues["date"] = "日期「\(date.text)」无法识别：可输入 t、2026-3-5、3.5"
            focus = .date
            return .stay
        }
        if iso > today {
            issues["date"] = "检查日期不能晚于今天（\(DateInput.chinese(today))）"
            focus = .date
            return .stay
        }
        let who = inspector.text.trimmingCharacters(in: .whitespaces)
        if who.isEmpty {
            issues["inspector"] = "请填写检查人"
            focus = .inspector
            return .stay
        }
        for (i, r) in rows.enumerated() where !r.evidence.text.isEmpty && r.verdict != nil {
            let path = (r.evidence.text as NSString).expandingTildeInPath
            if !FileManager.default.fileExists(atPath: path) {
                rowIssues[i] = "找不到凭证文件：\(r.evidence.text)"
                focus = .rows
                table.select(i)
                return .stay
            }
        }
        let verdicts = rows.enumerated().compactMap { i, r -> InspectionVerdict? in
            guard let v = r.verdict else { return nil }
            return InspectionVerdict(itemID: r.itemID, listKey: r.listKey, listName: r.listName, itemText: r.itemText, position: i,
                                     verdict: v, note: r.note.text.trimmingCharacters(in: .whitespaces),
                                     evidence: r.evidence.text.trimmingCharacters(in: .whitespaces))
        }
        if verdicts.isEmpty {
            message = "还没有任何结论：用 1（合格）、2（不合格）、3（缺失）逐条录入"
            focus = .rows
            return .stay
        }
        let inspection = Inspection(id: existing?.id, studioID: studio.id!, date: iso, inspector: who, onSite: onSite,
                                    note: note.text.trimmingCharacters(in: .whitespaces))
        do {
            try context.db.saveInspection(inspection, verdicts: verdicts, expecting: stamp)
            try? context.db.setSetting("lastInspector", who)
            return .pop
        } catch StoreError.validation(let found) {
            message = found.map(\.message).joined(separator: "；")
            return .stay
        } catch {
            return .push(MessageDialog(title: "保存失败", message: "\(error)（已录入的内容仍在屏幕上）", isError: true))
        }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        var x = col
        func label(_ text: String, _ f: Focus) {
            buffer.put(text, row: area.row, col: x, style: focus == f && editing == nil ? .accent : .normal)
            x += DisplayWidth.of(text)
        }
        label("检查日期：", .date)
        date.render(into: &buffer, row: area.row, col: x, width: 11, focused: focus == .date && !isReadOnly)
        x += 13
        label("检查人：", .inspector)
        inspector.render(into: &buffer, row: area.row, col: x, width: 10, focused: focus == .inspector && !isReadOnly)
        x += 12
        label("方式：", .mode)
        buffer.put("< \(onSite ? "现场" : "远程") >", row: area.row, col: x, style: focus == .mode ? .focusedField : .field)
        buffer.put("总体意见：", row: area.row + 1, col: col, style: focus == .note ? .accent : .normal)
        note.render(into: &buffer, row: area.row + 1, col: col + 10, width: area.width - 12, focused: focus == .note && !isReadOnly)

        let done = rows.filter { $0.verdict != nil }
        let counts = WallVerdict.allCases.map { v in "\(v.title) \(done.filter { $0.verdict == v }.count)" }.joined(separator: "，")
        var status = "已录 \(done.count)/\(rows.count)：\(counts)"
        if !studio.status.isActive { status += "（工作室已\(studio.status.title)，只读）" } else if isReadOnly { status += "（审阅模式，只读）" }
        else if inspector.text.trimmingCharacters(in: .whitespaces).isEmpty && focus != .inspector { status += "    检查人未填：按 Tab 填写" }
        let headerIssue = issues["date"] ?? issues["inspector"]
        buffer.put(headerIssue ?? status, row: area.row + 2, col: col, maxWidth: area.width - 2, style: headerIssue == nil ? .muted : .error)

        // Bottom: the selected item in full, its note or evidence, then messages.
        let tableArea = Rect(row: area.row + 3, col: col, width: area.width - 2, height: area.height - 6)
        // The list's selection is dimmed while a field above has the keys.
        table.render(into: &buffer, area: tableArea, focused: focus == .rows || isReadOnly) { [self] i in
            let r = rows[i]
            var remark = r.note.text
            if !r.evidence.text.isEmpty { remark = "[凭证] " + remark }
            return ["\(i + 1)", r.listName, r.itemText, r.verdict?.title ?? "未查", remark]
        }
        WallStyle.markVerdicts(in: &buffer, table: table, area: tableArea, column: 3, verdicts: rows.map(\.verdict))
        let widths = table.layout(width: tableArea.width)
        if editing == .note, rows.indices.contains(selected), let n = table.visibleRange.firstIndex(of: selected) {
            // The note is typed in its own row, in the 备注 column.
            let noteCol = tableArea.col + widths.prefix(4).reduce(0, +) + 4
            let y = tableArea.row + 1 + (n - table.visibleRange.lowerBound)
            rows[selected].note.render(into: &buffer, row: y, col: noteCol, width: widths[4], focused: true)
        }
        guard rows.indices.contains(selected) else {
            buffer.put("没有要检查的条目。", row: tableArea.row + 2, col: col + 2, style: .muted)
            return
        }
        let r = rows[selected]
        let y = area.bottom - 3
        buffer.put("\(r.listName)：\(r.itemText)", row: y, col: col, maxWidth: area.width - 2, style: .accent)
        buffer.put("凭证：", row: y + 1, col: col, style: editing == .evidence ? .accent : .muted)
        if editing == .evidence {
            rows[selected].evidence.render(into: &buffer, row: y + 1, col: col + 6, width: area.width - 8, focused: true)
        } else {
            buffer.put(r.evidence.text.isEmpty ? "（无；按 f 填写照片或文件路径）" : r.evidence.text, row: y + 1, col: col + 6,
                       maxWidth: area.width - 8, style: r.evidence.text.isEmpty ? .muted : .normal)
        }
        if let issue = rowIssues[selected] {
            buffer.put(issue, row: y + 2, col: col, maxWidth: area.width - 2, style: .error)
        } else if !message.isEmpty {
            buffer.put(message, row: y + 2, col: col, maxWidth: area.width - 2, style: .warning)
        }
        if editing == nil && focus == .rows { buffer.cursor = nil }
    }
}
