import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// A small keyboard form for short entries (a new studio, a member leaving, a role and date).
/// Text fields edit in place; choice fields cycle with Left/Right or a digit. Date and number fields are typed
/// as text and read here, in one place (`FormValues.read`): a date the way DateInput reads it, a number within
/// its range; a field that does not read is shown under it and `onSave` is not called. `onSave` gets the
/// values read (`FormValues`), and the problems it returns appear under their fields: nothing is saved until
/// all is right.
/// In a view (`viewing`, a reviewer's session) the same fields are read, not edited: every field with its whole
/// value wrapped by display width, scrolled with Up/Down and PgUp/PgDn, and no save key.
public final class EntryFormScreen: Screen {
    public struct Field {
        /// `multiline`: a paragraph (a work plan, a summary) in a box of several rows, Enter starting a new line.
        /// `date`: a day typed as DateInput reads it (t, y, 2026-3-5, 3.5 …), `today` what t and a year left off
        /// mean; empty only when not `required`; not after today when `notAfterToday`.
        /// `number`: a number within `range` (`whole`: an integer); empty only when not `required`; `message`, when
        /// given, is what a number that does not do says (else a uniform one).
        public enum Kind {
            case text(maxLength: Int), choice([String]), multiline(maxLength: Int)
            case date(today: () -> Date, required: Bool = true, notAfterToday: Bool = false)
            case number(range: ClosedRange<Double>? = nil, whole: Bool = true, required: Bool = true, maxLength: Int = 8,
                        message: String? = nil)

            /// The length of what may be typed, for the kinds edited as one line of text.
            var lineLength: Int? {
                switch self {
                case .text(let max): max
                case .date: 12
                case .number(_, _, _, let max, _): max
                case .choice, .multiline: nil
                }
            }
        }
        public var id: String
        public var label: String
        public var kind: Kind
        public var guidance: String?
        /// A text field that completes what is typed (members by pinyin initials): called after a space and when
        /// the field is left (`leaving`), with the text and a setter for a later change (a choice made in a picker
        /// it pushes). It returns where to go, `.stay` for nowhere.
        public var complete: ((_ text: String, _ leaving: Bool, _ set: @escaping (String) -> Void) -> Navigation)?
        /// A choice that decides what the other fields hold (计划与总结's 种类): called with the values as they were
        /// before the change and the new option; returns the other fields' new values.
        public var changed: ((_ before: [String: String], _ option: String) -> [String: String])?
        public init(_ id: String, _ label: String, _ kind: Kind, guidance: String? = nil,
                    complete: ((_ text: String, _ leaving: Bool, _ set: @escaping (String) -> Void) -> Navigation)? = nil,
                    changed: ((_ before: [String: String], _ option: String) -> [String: String])? = nil) {
            self.id = id
            self.label = label
            self.kind = kind
            self.guidance = guidance
            self.complete = complete
            self.changed = changed
        }
    }

    public enum Outcome {
        case saved(Navigation)
        case issues([String: String])
        /// Someone else saved the record since the form opened it: `theirs` loads their version into the form
        /// (nil when they deleted it), `overwrite` makes the next save replace it.
        case changedElsewhere(ChangedElsewhere, theirs: () -> [String: String]?, overwrite: () -> Void)
    }

    /// Set when the form shows another clerk's version loaded after a conflict.
    var reloadedNotice = ""

    public let title: String
    let fields: [Field]
    var text: [String: TextField] = [:]
    var choice: [String: Int] = [:]
    var boxes: [String: TextArea] = [:]
    let initial: [String: String]
    var focus = 0
    var issues: [String: String] = [:]
    /// The form's own checks of the values read, run with the reading so that every problem shows at once (the
    /// members typed, a title): a date or number field that did not read is absent from the values it gets.
    let check: ((FormValues) -> [String: String])?
    let onSave: (FormValues) -> Outcome

    /// Shows the record instead of editing it.
    public let viewing: Bool
    /// The save changes data (false for print, export and filter forms, which a reviewer may use).
    public let writes: Bool
    /// The first line of the view shown (`viewing`).
    var viewTop = 0
    var viewPage = 10

    /// What saving needs (issue 22): 录入台账 on the studio for a ledger record's form.
    public let permission: (Permission, studio: Int64?)

    public init(title: String, fields: [Field], values: [String: String] = [:], viewing: Bool = false, writes: Bool = true,
                permission: (Permission, studio: Int64?) = (.editRecords, nil),
                check: ((FormValues) -> [String: String])? = nil, onSave: @escaping (FormValues) -> Outcome) {
        self.permission = permission
        // A record's form is titled for editing ("修改活动"); its view names the record.
        self.title = viewing && title.hasPrefix("修改") ? String(title.dropFirst(2)) : title
        self.fields = fields
        self.check = check
        self.onSave = onSave
        self.viewing = viewing
        self.writes = writes
        for f in fields {
            switch f.kind {
            case .choice(let options): choice[f.id] = options.firstIndex(of: values[f.id] ?? "") ?? 0
            case .multiline(let max): boxes[f.id] = TextArea(values[f.id] ?? "", maxLength: max)
            case .text, .date, .number: text[f.id] = TextField(values[f.id] ?? "", maxLength: f.kind.lineLength!)
            }
        }
        initial = fields.reduce(into: [:]) { $0[$1.id] = values[$1.id] }
    }

    /// Current values as typed: text (dates and numbers too) trimmed, choices as the chosen option's text.
    public var values: [String: String] {
        var out: [String: String] = [:]
        for f in fields {
            switch f.kind {
            case .text, .date, .number: out[f.id] = text[f.id]!.text.trimmingCharacters(in: .whitespaces)
            case .choice(let options): out[f.id] = options.isEmpty ? "" : options[choice[f.id]!]
            case .multiline: out[f.id] = Self.trimmed(boxes[f.id]!.text)
            }
        }
        return out
    }

    /// A paragraph keeps its first line's indent (全角空格) and its inner blank lines; only blank space at the
    /// end, and empty lines at the start, go.
    static func trimmed(_ text: String) -> String {
        var s = Substring(text)
        while let last = s.last, last.isWhitespace || last.isNewline { s.removeLast() }
        while s.first == "\n" { s.removeFirst() }
        return String(s)
    }

    enum Action: Sendable { case save, next, previous, cancel }
    let keys = KeyMap<Action>([
        KeyBinding([.function(2), .ctrl("s")], .save, key: "F2", label: "保存", help: "保存（Ctrl-S 也可）", edits: false),  // also the print and export forms, which write no data
        KeyBinding([.tab, .down], .next, key: "Tab", label: "下一项", help: "下一项（Down 也可；Enter 在最后一项时保存）"),
        KeyBinding([.backTab, .up], .previous, key: "Shift-Tab", label: "上一项", help: "上一项（Up 也可）"),
        KeyBinding([.escape], .cancel, label: "取消", help: "不保存返回（有修改时先确认）"),
    ])
    /// The keys of a long text's box, for F1.
    static let multilineHelp = [
        KeyHint(key: "Enter", label: "长文字项：换行（另起一段）"),
        KeyHint(key: "Up/Down", label: "长文字项：上下移一行，保持所在列；在首行/末行时到上/下一项"),
        KeyHint(key: "PgUp/PgDn", label: "长文字项：翻页"),
        KeyHint(key: "Home/End", label: "长文字项：到本行行首/行尾；再按一次到全文开头/结尾"),
        KeyHint(key: "Backspace/Del", label: "长文字项：删除；在行首/行尾时与上一行/下一行合并"),
        KeyHint(key: "Ctrl-K", label: "长文字项：删到行尾（在行尾时合并下一行）"),
        KeyHint(key: "Ctrl-E", label: "长文字项：在外部编辑器（$VISUAL/$EDITOR，默认 vi）中编辑后取回"),
    ]

    var focusedIsMultiline: Bool {
        guard fields.indices.contains(focus), case .multiline = fields[focus].kind else { return false }
        return true
    }

    enum ViewAction: Sendable { case down, up, pageDown, pageUp, home, end, close }
    let viewKeys = KeyMap<ViewAction>([
        KeyBinding([.down], .down, key: "Up/Down", label: "滚动", help: "上下滚动一行"),
        KeyBinding([.up], .up, label: "上滚", inBar: false),
        KeyBinding([.pageDown, .char(" ")], .pageDown, key: "PgUp/PgDn", label: "翻页", help: "上下翻一页（空格也可向下翻页）"),
        KeyBinding([.pageUp], .pageUp, label: "上一页", inBar: false),
        KeyBinding([.home], .home, key: "Home/End", label: "开头/末尾", inBar: false),
        KeyBinding([.end], .end, label: "末尾", inBar: false),
        KeyBinding([.escape, .enter, .char("q")], .close, key: "Esc", label: "返回", help: "返回（Enter、q 也可）"),
    ])

    public var hints: [KeyHint] {
        if viewing { return viewKeys.barHints(canEdit: false) + [CommonKeys.help] }
        // In a long text Ctrl-E opens the clerk's editor: the bar says so there (Enter's new line is in F1: the
        // bar has no room for both at 80 columns, and a box of several rows shows it).
        return keys.barHints(canEdit: true) + (focusedIsMultiline ? [KeyHint(key: "Ctrl-E", label: "外部编辑器")] : []) + [CommonKeys.help]
    }
    public var helpHints: [KeyHint] {
        if viewing { return viewKeys.helpHints(canEdit: false) }
        return keys.helpHints(canEdit: true) + [KeyHint(key: "Left/Right", label: "选择项：换一个选项；文字项：移动光标"),
                                                KeyHint(key: "1-9", label: "选择项：直接选第几个")]
            + (fields.contains { if case .multiline = $0.kind { true } else { false } } ? Self.multilineHelp : [])
    }

    public var isEditingForm: Bool { writes && !viewing }
    public var formPermission: (Permission, studio: Int64?) { permission }

    /// The existing record the form shows (set by the factory through `marking`): other sessions see it as being edited.
    public private(set) var openRecord: RecordRef?

    func marking(_ record: RecordRef?) -> EntryFormScreen {
        openRecord = record
        return self
    }

    var isDirty: Bool { fields.contains { values[$0.id] != (initial[$0.id] ?? defaultValue($0)) } }

    func defaultValue(_ f: Field) -> String {
        if case .choice(let options) = f.kind { return options.first ?? "" }
        return ""
    }

    /// Runs the focused field's completion, if it has one.
    func complete(leaving: Bool) -> Navigation {
        let f = fields[focus]
        guard let complete = f.complete, case .text(let max) = f.kind else { return .stay }
        let set: (String) -> Void = { [weak self] t in
            self?.text[f.id] = TextField(t, maxLength: max)
            self?.issues[f.id] = nil
        }
        return complete(text[f.id]!.text, leaving, set)
    }

    public func handle(_ key: Key) -> Navigation {
        if viewing {
            switch viewKeys.action(for: key, canEdit: false) {
            case .down?: viewTop += 1
            case .up?: viewTop = max(0, viewTop - 1)
            case .pageDown?: viewTop += viewPage
            case .pageUp?: viewTop = max(0, viewTop - viewPage)
            case .home?: viewTop = 0
            case .end?: viewTop = Int.max / 2
            case .close?: return .pop
            case nil: break
            }
            return .stay
        }
        if focusedIsMultiline, let nav = handleMultiline(key) { return nav }
        if key == .enter {
            if focus == fields.count - 1 { return save() }
            let nav = complete(leaving: true)
            focus += 1
            return nav
        }
        if let action = keys.action(for: key, canEdit: true) {
            switch action {
            case .save: return save()
            case .next:
                let nav = complete(leaving: true)
                focus = (focus + 1) % fields.count
                return nav
            case .previous:
                let nav = complete(leaving: true)
                focus = (focus - 1 + fields.count) % fields.count
                return nav
            case .cancel:
                guard isDirty else { return .pop }
                return .push(ConfirmDialog(title: "放弃修改", message: "所填内容尚未保存，确定放弃吗？") { yes in yes ? .popMany(2) : .pop })
            }
        }
        let f = fields[focus]
        switch f.kind {
        case .choice(let options):
            guard !options.isEmpty else { return .stay }
            var i = choice[f.id]!
            switch key {
            case .right, .char(" "): i = (i + 1) % options.count
            case .left: i = (i - 1 + options.count) % options.count
            case .char(let c): if let d = c.wholeNumberValue, d >= 1, d <= options.count { i = d - 1 }
            default: break
            }
            let before = values
            choice[f.id] = i
            issues[f.id] = nil
            if let changed = f.changed, before[f.id] != options[i] { set(changed(before, options[i])) }
        case .text, .date, .number:
            if text[f.id]!.handle(key) {
                issues[f.id] = nil
                if key == .char(" ") || key == .char("、") { return complete(leaving: false) }
            }
        case .multiline:
            if boxes[f.id]!.handle(key) { issues[f.id] = nil }
        }
        return .stay
    }

    /// Keys a long text's box takes before the form's own: Enter, the row moves (Up on the first row and Down on
    /// the last fall through to the fields before and after), and Ctrl-E for the clerk's editor.
    func handleMultiline(_ key: Key) -> Navigation? {
        let f = fields[focus]
        switch key {
        case .enter, .up, .down, .pageUp, .pageDown:
            guard boxes[f.id]!.handle(key) else { return nil }
            if key == .enter { issues[f.id] = nil }
            return .stay
        case .ctrl("e"):
            return .editExternally(boxes[f.id]!.text) { [self] result in
                switch result {
                case .success(let edited):
                    boxes[f.id]!.text = edited
                    issues[f.id] = nil
                case .failure(let failure):
                    issues[f.id] = failure.message
                }
                return .stay
            }
        default:
            return nil
        }
    }

    func save() -> Navigation {
        let read = FormValues.read(values, fields: fields)
        var problems = read.problems
        if let check { problems.merge(check(read.values)) { unread, _ in unread } }
        guard problems.isEmpty else {
            issues = problems
            if let i = fields.firstIndex(where: { problems[$0.id] != nil }) { focus = i }
            return .stay
        }
        switch onSave(read.values) {
        case .saved(let nav):
            switch nav {
            case .stay: return .pop
            case .push(let s): return .replace(s)
            default: return nav
            }
        case .issues(let found):
            issues = found
            if let i = fields.firstIndex(where: { found[$0.id] != nil }) { focus = i }
            return .stay
        case .changedElsewhere(let conflict, let theirs, let overwrite):
            return .push(ChangedElsewhereDialog(conflict: conflict, reload: { [self] in if let v = theirs() { load(v) } }) { [self] in
                overwrite()
                switch save() {
                case .pop: return .popMany(2)
                case .stay: return .pop
                case let other: return other
                }
            })
        }
    }

    /// Puts `values` into the fields they name, leaving the others as typed.
    func set(_ values: [String: String]) {
        for f in fields {
            guard let value = values[f.id] else { continue }
            switch f.kind {
            case .choice(let options): choice[f.id] = options.firstIndex(of: value) ?? 0
            case .multiline(let max): boxes[f.id] = TextArea(value, maxLength: max)
            case .text, .date, .number: text[f.id] = TextField(value, maxLength: f.kind.lineLength!)
            }
            issues[f.id] = nil
        }
    }

    /// Replaces what is typed with `values` (another clerk's version of the record).
    func load(_ values: [String: String]) {
        for f in fields {
            switch f.kind {
            case .choice(let options): choice[f.id] = options.firstIndex(of: values[f.id] ?? "") ?? 0
            case .multiline(let max): boxes[f.id] = TextArea(values[f.id] ?? "", maxLength: max)
            case .text, .date, .number: text[f.id] = TextField(values[f.id] ?? "", maxLength: f.kind.lineLength!)
            }
        }
        issues = [:]
        reloadedNotice = "（已载入他人保存的版本）"
    }

    /// Rows each field takes: one, and for a long text an equal share of what is left (3 at least; up to half
    /// the screen, so a tall terminal shows more of a long plan).
    func fieldHeights(area: Rect, spacing: Int) -> [Int] {
        let long = fields.indices.filter { if case .multiline = fields[$0].kind { true } else { false } }
        guard !long.isEmpty else { return fields.map { _ in 1 } }
        let free = area.bottom - 1 - (area.row + 3) - fields.count * spacing
        let each = max(3, min(max(8, area.height / 2), 1 + free / long.count))
        return fields.indices.map { long.contains($0) ? each : 1 }
    }

    /// The view's lines: each field's label, then its whole value wrapped under it.
    func viewLines(width: Int, labelWidth: Int) -> [(label: String, text: String)] {
        var lines: [(String, String)] = []
        for f in fields {
            // The record as it was given, not a choice's first option standing in for an empty value.
            let value = (initial[f.id] ?? "").trimmingCharacters(in: .whitespaces)
            let parts = value.isEmpty ? ["—"] : DialogBox.wrap(value, width: max(10, width - labelWidth))
            for (i, part) in parts.enumerated() { lines.append((i == 0 ? f.label + "：" : "", part)) }
        }
        return lines
    }

    func renderView(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 3
        let width = area.width - 6
        buffer.put(title + "（查看）", row: area.row + 1, col: col, maxWidth: width, style: .accent)
        let labelWidth = max(10, (fields.map { DisplayWidth.of($0.label) }.max() ?? 0) + 2)
        let lines = viewLines(width: width, labelWidth: labelWidth)
        let top = area.row + 3
        viewPage = max(1, area.bottom - 1 - top)
        viewTop = max(0, min(viewTop, lines.count - viewPage))
        for (i, l) in lines.dropFirst(viewTop).prefix(viewPage).enumerated() {
            buffer.put(DisplayWidth.pad(l.label, to: labelWidth, align: .right), row: top + i, col: col, style: .muted)
            buffer.put(l.text, row: top + i, col: col + labelWidth, maxWidth: width - labelWidth)
        }
        if lines.count > viewPage {
            buffer.put("第 \(viewTop + 1)–\(min(lines.count, viewTop + viewPage)) 行，共 \(lines.count) 行（PgUp/PgDn 翻页）",
                       row: area.bottom - 1, col: col, maxWidth: width, style: .muted)
        }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        if viewing { return renderView(into: &buffer, area: area) }
        let col = area.col + 3
        buffer.put(title + reloadedNotice, row: area.row + 1, col: col, maxWidth: area.width - 6, style: .accent)
        let labelWidth = max(10, (fields.map { DisplayWidth.of($0.label) }.max() ?? 0) + 2)
        let fieldCol = col + labelWidth
        let fieldWidth = min(48, area.width - fieldCol - 2)
        let spacing = fields.count > 8 ? 1 : 2
        let heights = fieldHeights(area: area, spacing: spacing)
        var cursor: Point?
        var y = area.row + 3
        for (i, f) in fields.enumerated() {
            defer { y += heights[i] + spacing - 1 }
            guard y < area.bottom - 1 else { break }
            buffer.put(DisplayWidth.pad(f.label + "：", to: labelWidth, align: .right), row: y, col: col, style: i == focus ? .accent : .normal)
            switch f.kind {
            case .text, .date, .number:
                text[f.id]!.render(into: &buffer, row: y, col: fieldCol, width: fieldWidth, focused: i == focus)
                if i == focus { cursor = buffer.cursor }
            case .multiline:
                let box = Rect(row: y, col: fieldCol, width: max(3, area.right - fieldCol - 2), height: min(heights[i], area.bottom - 1 - y))
                boxes[f.id]!.render(into: &buffer, area: box, focused: i == focus)
                if i == focus { cursor = buffer.cursor }
                // Where the box is in a text longer than it: "3-8/12行" under the label.
                let count = boxes[f.id]!.rowCount
                if count > box.height, box.height >= 2 {
                    let at = "\(boxes[f.id]!.top + 1)-\(min(count, boxes[f.id]!.top + box.height))/\(count)行 "
                    buffer.put(DisplayWidth.pad(at, to: labelWidth, align: .right), row: box.bottom - 1, col: col, style: .muted)
                }
            case .choice(let options):
                let all = options.map { "[\($0)]" }.joined(separator: " ")
                if DisplayWidth.of(all) <= area.right - fieldCol - 1 {
                    var x = fieldCol
                    for (j, o) in options.enumerated() {
                        let style: Style = j == choice[f.id]! ? (i == focus ? .focusedField : .selection) : .normal
                        x += buffer.put("[\(o)]", row: y, col: x, style: style) + 1
                    }
                } else if !options.isEmpty {
                    // Too many to show side by side: the chosen one, with where it is in the list.
                    let j = choice[f.id]!
                    let x = fieldCol + buffer.put("< \(options[j]) >", row: y, col: fieldCol,
                                                  style: i == focus ? .focusedField : .selection)
                    buffer.put("  第 \(j + 1)/\(options.count) 项，Left/Right 切换", row: y, col: x, maxWidth: area.right - x - 1, style: .muted)
                }
            }
            let note = issues[f.id] ?? (i == focus ? f.guidance : nil)
            if spacing == 2, let note {
                buffer.put(note, row: y + heights[i], col: fieldCol, maxWidth: area.right - fieldCol - 1, style: issues[f.id] != nil ? .error : .muted)
            } else if spacing == 1, issues[f.id] != nil, i != focus {
                // No room under each field: a field with a problem shows it by its label's colour.
                buffer.restyle(Rect(row: y, col: col, width: labelWidth, height: 1), style: .error)
            }
        }
        if spacing == 1, fields.indices.contains(focus) {
            // One line for the focused field: its problem, else its guidance, else the first other problem.
            let f = fields[focus]
            let other = fields.lazy.compactMap { field in self.issues[field.id].map { ($0, field.label) } }.first
            // Every problem, not only the first: the focused field's, then the others' after it.
            let others = fields.filter { $0.id != f.id }.compactMap { field in issues[field.id].map { "\(field.label)：\($0)" } }
            let (text, style): (String?, Style) = if let m = issues[f.id] { (([m] + others).joined(separator: "；"), .error) }
                else if let g = f.guidance { (g, .muted) }
                else if other != nil { ("共 \(others.count) 处问题：" + others.joined(separator: "；"), .error) }
                else { (nil, .muted) }
            if let text { buffer.put(text, row: area.bottom - 1, col: col, maxWidth: area.width - 6, style: style) }
        }
        buffer.cursor = cursor
    }
}
