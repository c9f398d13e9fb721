import StudioCore
import StudioStore
import TerminalKit

/// 规则设置 → 上墙清单: the office edits each profile's checklists without touching code.
/// Items are added, renamed, reordered and retired (never deleted); a whole list is switched
/// in or out of use. Inspections already made keep the wording they were made with.
public final class ChecklistSettingsScreen: Screen {
    enum Line: Equatable {
        case list(Int)
        case item(Int, Int)
    }

    let context: AppContext
    var profileIndex = 0
    var checklists: [WallChecklist] = []
    var lines: [Line] = []
    var table = TableView(columns: [
        TableColumn("清单 / 条目", width: 30, flex: 3),
        TableColumn("状态", width: 16),
    ])
    var message = ""
    var isError = false

    public init(context: AppContext) {
        self.context = context
        reload()
    }

    public var title: String { "规则设置" }
    var profile: RuleProfile? { context.profiles.indices.contains(profileIndex) ? context.profiles[profileIndex] : nil }

    enum Action: Sendable { case add, rename, retire, up, down, inUse, scorecard, nextProfile, previousProfile, back }
    let keys = KeyMap<Action>([
        KeyBinding([.char("a"), .insert], .add, key: "a", label: "添加", help: "在所选清单末尾添加条目", needs: .manageRules),
        KeyBinding([.char("e"), .enter], .rename, key: "e", label: "改名", help: "修改所选条目的文字（已做的检查保留原文字）", needs: .manageRules),
        KeyBinding([.char("x")], .retire, label: "停用", help: "停用所选条目，或恢复已停用的条目（历史检查不受影响）", needs: .manageRules),
        KeyBinding([.char("[")], .up, key: "[ ]", label: "排序", help: "所选条目上移 / 下移一位（即上墙和检查表的顺序）", inBar: false, needs: .manageRules),
        KeyBinding([.char("]")], .down, label: "下移", inBar: false, needs: .manageRules),
        KeyBinding([.char("u")], .inUse, label: "在用", help: "所选清单在用/不用：不用的清单保留，但不再检查", needs: .manageRules),
        KeyBinding([.char("s")], .scorecard, label: "评估表", help: "所选规则的年度评估表：复制为本办公室的表后修改项目、分值、上限和达标线"),
        KeyBinding([.right], .nextProfile, key: "Left/Right", label: "换规则", help: "换一个地区的规则（Right 下一个，Left 上一个）"),
        KeyBinding([.left], .previousProfile, label: "上一个规则", inBar: false),
        KeyBinding([.escape], .back, label: "返回", help: "返回主菜单"),
    ])
    public var hints: [KeyHint] { keys.barHints(context) + [CommonKeys.help] }
    public var helpHints: [KeyHint] { keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "上下移动")] }

    public func becameTop() { reload() }

    func reload() {
        guard let profile else { return }
        do {
            try context.db.syncChecklists(from: context.profiles)
            checklists = try context.db.checklists(profileID: profile.id)
        } catch {
            checklists = []
            say("\(error)", error: true)
        }
        lines = checklists.indices.flatMap { l in [Line.list(l)] + checklists[l].items.indices.map { Line.item(l, $0) } }
        table.setCount(lines.count)
    }

    func say(_ text: String, error: Bool = false) {
        message = text
        isError = error
    }

    var current: (list: WallChecklist, item: WallItem?)? {
        guard lines.indices.contains(table.selected) else { return nil }
        switch lines[table.selected] {
        case .list(let l): return (checklists[l], nil)
        case .item(let l, let i): return (checklists[l], checklists[l].items[i])
        }
    }

    /// Runs a store change, reloads, and keeps the cursor on the item it touched.
    func perform(_ done: String, follow itemID: Int64? = nil, _ change: () throws -> Void) {
        do {
            try change()
            reload()
            if let itemID, let i = lines.firstIndex(where: { line in
                if case .item(let l, let n) = line { return checklists[l].items[n].id == itemID }
                return false
            }) { table.select(i) }
            say(done)
        } catch {
            say("\(error)", error: true)
        }
    }

    public func handle(_ key: Key) -> Navigation {
        if table.handle(key) { message = ""; return .stay }
        guard let action = keys.action(for: key, in: context) else { return .stay }
        switch action {
        case .back: return .pop
        case .scorecard: return .push(ScorecardSettingsScreen(context: context, profileIndex: profileIndex))
        case .nextProfile, .previousProfile:
            guard !context.profiles.isEmpty else { return .stay }
            profileIndex = (profileIndex + (action == .nextProfile ? 1 : -1) + context.profiles.count) % context.profiles.count
            table.select(0)
            message = ""
            reload()
            return .stay
        default: break
        }
        guard let (checklist, item) = current else { return .stay }
        let listID = checklist.list.id!
        switch action {
        case .add:
            return .push(textForm(title: "在「\(checklist.list.name)」添加条目", value: "") { [self] text in
                let added = try context.db.addWallItem(listID: listID, text: text)
                reload()
                if let i = lines.firstIndex(where: { if case .item(let l, let n) = $0 { return checklists[l].items[n].id == added.id }; return false }) {
                    table.select(i)
                }
                say("已添加：\(added.text)")
            })
        case .rename:
            guard let item else { return .stay }
            // The list as the clerk saw it: another clerk's change meanwhile is refused, not overwritten.
            let stamp = try? context.db.editStamp(of: .wallList(listID))
            return .push(textForm(title: "修改条目（\(checklist.list.name)）", value: item.text) { [self] text in
                try context.db.renameWallItem(id: item.id!, text: text, expecting: stamp)
                reload()
                say("已改为：\(text)（已做的检查保留原文字）")
            })
        case .retire:
            guard let item else { return .stay }
            let today = DateInput.iso(context.today())
            perform(item.isActive ? "已停用：\(item.text)" : "已恢复：\(item.text)", follow: item.id) {
                try context.db.setWallItemRetired(id: item.id!, on: item.isActive ? today : nil)
            }
        case .up, .down:
            guard let item else { return .stay }
            perform("", follow: item.id) { try context.db.moveWallItem(id: item.id!, up: action == .up) }
        case .inUse:
            let on = !checklist.list.inUse
            perform(on ? "「\(checklist.list.name)」已启用：检查时逐项检查" : "「\(checklist.list.name)」已停用：保留但不再检查") {
                try context.db.setWallListInUse(id: listID, on)
            }
        default: break
        }
        return .stay
    }

    /// A one-field form for an item's wording; the store's refusal shows under the field.
    func textForm(title: String, value: String, save: @escaping (String) throws -> Void) -> Screen {
        EntryFormScreen(title: title, fields: [.init("text", "条目内容", .text(maxLength: WallListEditing.maxItemLength),
                                                     guidance: "如：委员工作室简介；值班计划（含照片、职务、专长）")],
                        values: ["text": value]) { v in
            do {
                try save(v.text("text"))
                return .saved(.stay)
            } catch StoreError.validation(let found) {
                return .issues(["text": found.map(\.message).joined(separator: "；")])
            } catch {
                return .issues(["text": "\(error)"])
            }
        }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 2
        guard let profile else {
            buffer.put("没有载入任何规则文件。", row: area.row + 1, col: col, style: .error)
            return
        }
        buffer.put("适用规则：", row: area.row, col: col)
        let name = "< \(profile.name) >"
        buffer.put(name, row: area.row, col: col + 10, style: .focusedField)
        buffer.put("（\(profileIndex + 1)/\(context.profiles.count)，Left/Right 换）\(profile.issuer)", row: area.row, col: col + 11 + DisplayWidth.of(name),
                   maxWidth: area.right - col - 12 - DisplayWidth.of(name), style: .muted)
        buffer.put("上墙与X有清单：可添加、改名、排序、停用条目；停用的清单保留但不检查", row: area.row + 1, col: col, maxWidth: area.width - 4, style: .muted)
        let tableArea = Rect(row: area.row + 3, col: col, width: area.width - 4, height: area.height - 5)
        table.render(into: &buffer, area: tableArea) { [self] i in
            switch lines[i] {
            case .list(let l):
                let c = checklists[l]
                let name = c.list.name + (c.list.inferred ? "（推定）" : "")
                return ["【\(name)】\(c.activeItems.count) 项", c.list.inUse ? "在用" : "不用"]
            case .item(let l, let n):
                let item = checklists[l].items[n]
                let number = checklists[l].items.prefix(n + 1).filter(\.isActive).count
                return item.isActive ? ["    \(number). \(item.text)", ""] : ["    -  \(item.text)", "停用 \(item.retiredOn ?? "")"]
            }
        }
        // List lines stand out; retired items and lists not in use are dimmed.
        for (n, i) in table.visibleRange.enumerated() where i != table.selected {
            let dim: Bool
            switch lines[i] {
            case .list(let l): dim = !checklists[l].list.inUse
            case .item(let l, let k): dim = !checklists[l].items[k].isActive || !checklists[l].list.inUse
            }
            let isList = if case .list = lines[i] { true } else { false }
            if dim || isList {
                buffer.restyle(Rect(row: tableArea.row + 1 + n, col: tableArea.col, width: tableArea.width, height: 1),
                               style: dim ? .muted : .accent)
            }
        }
        if let (c, _) = current, !c.list.source.isEmpty {
            buffer.put("出处：" + c.list.source, row: area.bottom - 2, col: col, maxWidth: area.width - 4, style: .muted)
        }
        if !message.isEmpty {
            buffer.put(message, row: area.bottom - 1, col: col, maxWidth: area.width - 4, style: isError ? .error : .accent)
        }
    }
}
