import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// Add or edit one member. Enter moves to the next field and saves on the last;
/// F2 or Ctrl-S saves from anywhere; problems show beside their field.
public final class MemberFormScreen: Screen {
    let context: AppContext
    /// The member as loaded (another clerk's later version after a reload): the save must still find it so.
    var original: Member?
    var overwrite = false
    let onSaved: (Member) -> Void
    var fields: [TextField]
    var focus = 0
    var issues: [String: String] = [:]
    var message = ""

    static let order = MemberField.allCases

    public init(context: AppContext, member: Member?, onSaved: @escaping (Member) -> Void = { _ in }) {
        self.context = context
        self.original = member
        self.onSaved = onSaved
        fields = Self.order.map { f in TextField(member?[f] ?? "", maxLength: f.maxLength) }
    }

    public var isEditingForm: Bool { true }

    public var openRecord: RecordRef? { original?.id.map { RecordRef("member", $0) } }

    public var title: String { original.map { "修改委员：\($0.name)" } ?? "新增委员" }

    enum Action: Sendable { case next, previous, save, cancel }
    let keys = KeyMap<Action>([
        KeyBinding([.function(2), .ctrl("s")], .save, key: "F2", label: "保存", help: "保存（Ctrl-S 也可）", edits: true),
        KeyBinding([.tab, .down], .next, key: "Tab", label: "下一项", help: "下一项（Down 也可；Enter 在最后一项时保存）"),
        KeyBinding([.backTab, .up], .previous, key: "Shift-Tab", label: "上一项", help: "上一项（Up 也可）"),
        KeyBinding([.escape], .cancel, label: "取消", help: "不保存返回（有修改时先确认）"),
    ])

    public var hints: [KeyHint] { keys.barHints(context) + [CommonKeys.help] }
    public var helpHints: [KeyHint] {
        keys.helpHints(context) + [
            KeyHint(key: "Enter", label: "下一项；在最后一项时保存"),
            KeyHint(key: "Left/Right", label: "在文字中移动光标"),
            KeyHint(key: "Home/End", label: "到行首/行尾（Ctrl-A/Ctrl-E 也可）"),
            KeyHint(key: "Backspace/Del", label: "删除光标前/后的字"),
            KeyHint(key: "Ctrl-U/Ctrl-K", label: "删除光标前/后的全部文字"),
        ]
    }

    var draft: Member {
        var m = original ?? Member(name: "")
        for (i, f) in Self.order.enumerated() { m[f] = fields[i].text }
        return m.normalized()
    }

    var isDirty: Bool {
        Self.order.enumerated().contains { i, f in fields[i].text != (original?[f] ?? "") }
    }

    public func handle(_ key: Key) -> Navigation {
        if key == .enter {
            if focus == fields.count - 1 { return save() }
            move(1)
            return .stay
        }
        if let action = keys.action(for: key, in: context) {
            switch action {
            case .next: move(1)
            case .previous: move(-1)
            case .save: return save()
            case .cancel:
                guard isDirty else { return .pop }
                // "Yes" closes the dialog and the form beneath it.
                return .push(ConfirmDialog(title: "放弃修改", message: "所填内容尚未保存，确定放弃吗？") { yes in
                    yes ? .popMany(2) : .pop
                })
            }
            return .stay
        }
        if fields[focus].handle(key) {
            issues[Self.order[focus].rawValue] = nil
        }
        return .stay
    }

    func move(_ delta: Int) {
        // Check a field as the clerk leaves it, so a bad phone number shows at once.
        let field = Self.order[focus]
        let fieldIssues = Self.issues(draft).filter { $0.field == field.rawValue }
        if field != .name || !fields[focus].text.isEmpty { issues[field.rawValue] = fieldIssues.first?.message }
        focus = (focus + delta + fields.count) % fields.count
    }

    func save() -> Navigation {
        let found = Self.issues(draft)
        issues = Dictionary(found.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a })
        if let first = Self.order.firstIndex(where: { issues[$0.rawValue] != nil }) {
            focus = first
            message = "请改正标红的项目后再保存。"
            return .stay
        }
        var member = draft
        // A photo is kept by its full path, so the 公示 finds it from any working directory.
        if let p = member.photoPath, !p.hasPrefix("/") { member.photoPath = FileManager.default.currentDirectoryPath + "/" + p }
        do {
            let saved = try context.db.saveMember(member, expecting: overwrite ? nil : original)
            onSaved(saved)
            return .pop
        } catch let c as ChangedElsewhere {
            let choice = c.deleted ? "Y 仍然保存（以你填写的内容恢复）；N 返回表单" : "Y 仍然保存（以你填写的内容覆盖对方的修改）；N 载入对方保存的版本（你的修改不保存）"
            return .push(ConfirmDialog(title: "记录已被他人修改", message: c.description + "\n" + choice) { [self] yes in
                if yes {
                    overwrite = true
                    switch save() {
                    case .pop: return .popMany(2)
                    case .push(let next): return .replace(next)
                    default: return .pop
                    }
                }
                if !c.deleted, let id = original?.id, let fresh = try? context.db.member(id: id) {
                    original = fresh
                    fields = Self.order.map { f in TextField(fresh[f], maxLength: f.maxLength) }
                    message = "已载入他人保存的版本。"
                }
                return .pop
            })
        } catch {
            return .push(MessageDialog(title: "保存失败", message: "\(error)", isError: true))
        }
    }

    static let guidance: [MemberField: String] = [
        .name: "必填",
        .sector: "如：民盟、经济界、医药卫生界",
        .committee: "如：提案委员会、教科卫体委员会",
        .unitTitle: "如：明湖区人民医院 副院长",
        .phone: "手机11位，或座机带区号，如 0571-87654321",
        .photo: "值班公示用的 PNG 照片文件路径，可不填",
    ]

    /// The photo must be a file that is there now (the domain checks only that it is a PNG name).
    static func photoIssue(_ m: Member, base: String = FileManager.default.currentDirectoryPath) -> FieldIssue? {
        guard let path = m.photoPath, path.lowercased().hasSuffix(".png") else { return nil }
        let full = path.hasPrefix("/") ? path : base + "/" + path
        var dir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue else {
            return FieldIssue(field: MemberField.photo.rawValue, message: "找不到照片文件：\(full)")
        }
        let handle = FileHandle(forReadingAtPath: full)
        defer { try? handle?.close() }
        let head = try? handle?.read(upToCount: 8)
        if head != Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return FieldIssue(field: MemberField.photo.rawValue, message: "不是 PNG 图片：\(full)")
        }
        return nil
    }

    static func issues(_ m: Member) -> [FieldIssue] { MemberValidator.validate(m) + [photoIssue(m)].compactMap { $0 } }

    public func render(into buffer: inout Buffer, area: Rect) {
        let labelWidth = 10
        let fieldCol = area.col + 3 + labelWidth
        let fieldWidth = min(44, area.width - fieldCol - 2)
        buffer.put(title, row: area.row + 1, col: area.col + 3, style: .accent)
        for (i, f) in Self.order.enumerated() {
            let y = area.row + 3 + i * 2
            guard y < area.bottom - 2 else { break }
            let label = DisplayWidth.pad(f.label + "：", to: labelWidth, align: .right)
            buffer.put(label, row: y, col: area.col + 3, style: i == focus ? .accent : .normal)
            fields[i].render(into: &buffer, row: y, col: fieldCol, width: fieldWidth, focused: i == focus)
            // Problems and guidance go on the row under the field, where there is always room.
            if let issue = issues[f.rawValue] {
                buffer.put(issue, row: y + 1, col: fieldCol, maxWidth: area.right - fieldCol - 1, style: .error)
            } else if i == focus, let guide = Self.guidance[f] {
                buffer.put(guide, row: y + 1, col: fieldCol, maxWidth: area.right - fieldCol - 1, style: .muted)
            }
        }
        if !message.isEmpty {
            buffer.put(message, row: area.bottom - 1, col: area.col + 3, maxWidth: area.width - 6, style: .error)
        }
        // Where the focused field's cursor went is where the user types.
        var cursorBuffer = buffer
        fields[focus].render(into: &cursorBuffer, row: area.row + 3 + focus * 2, col: fieldCol, width: fieldWidth, focused: true)
        buffer.cursor = cursorBuffer.cursor
    }
}
