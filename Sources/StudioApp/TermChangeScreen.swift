import StudioCore
import StudioStore
import TerminalKit

/// 换届: the studios touched by members whose term has ended, and what each needs
/// (a new convener, more members, or the studio ends under its rules).
public final class TermChangeScreen: Screen {
    let context: AppContext
    var findings: [TermChangeFinding] = []
    var table = TableView(columns: [
        TableColumn("工作室", width: 22, flex: 2),
        TableColumn("状态", width: 6),
        TableColumn("届满", width: 4, align: .right),
        TableColumn("首要事项", width: 24, flex: 3),
    ])
    var message = ""

    public init(context: AppContext) {
        self.context = context
        reload()
    }

    public var title: String { "换届检查" }

    enum Action: Sendable { case open, leave, back }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .open, label: "打开", help: "打开所选工作室：另选召集人、补充成员、办理终止（s）"),
        KeyBinding([.char("x")], .leave, label: "办理退出", help: "所选工作室的届满成员全部办理退出（日期为今天，原因「任期届满」）", edits: true),
        KeyBinding([.escape], .back, label: "返回", help: "返回工作室名册"),
    ])
    public var hints: [KeyHint] { keys.barHints(context) + [CommonKeys.help] }
    public var helpHints: [KeyHint] {
        keys.helpHints(context) + [KeyHint(key: "委员名册 t", label: "在委员名册中按 t 标记委员任期届满"), KeyHint(key: "Up/Down", label: "上下移动")]
    }

    public func becameTop() { reload() }
    /// Another session saved: read again (the cursor stays where it is).
    public func dataChanged() { reload() }

    func reload() {
        do {
            findings = try context.db.termChangeFindings(profiles: context.profiles)
        } catch {
            message = "\(error)"
        }
        table.setCount(findings.count)
    }

    public func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        switch keys.action(for: key, in: context) {
        case .back?: return .pop
        case .open?:
            guard !findings.isEmpty else { return .stay }
            return .push(StudioDetailScreen(context: context, studioID: findings[table.selected].studio.id!))
        case .leave?:
            guard !findings.isEmpty else { return .stay }
            let f = findings[table.selected]
            let names = f.endedMembers.map(\.name).joined(separator: "、")
            return .push(ConfirmDialog(title: "办理届满退出", message: "「\(f.studio.name)」的 \(names) 于今天退出团队（任期届满）？") { [weak self] yes in
                guard yes, let self else { return .pop }
                do {
                    let n = try self.context.db.endedMembersLeave(studioID: f.studio.id!, on: DateInput.iso(self.context.today()))
                    self.reload()
                    self.message = "已办理 \(n) 名成员退出：\(f.studio.name)"
                    return .pop
                } catch {
                    return .push(MessageDialog(title: "不能办理", message: "\(error)", isError: true))
                }
            })
        case nil: return .stay
        }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 2
        if findings.isEmpty {
            buffer.put("没有受换届影响的工作室。", row: area.row + 1, col: col, style: .accent)
            buffer.put("在委员名册中选中委员按 t，可标记其任期届满；这里随即列出受影响的工作室和需要办理的事项。",
                       row: area.row + 3, col: col, maxWidth: area.width - 4, style: .muted)
        } else {
            buffer.put("任期届满影响 \(findings.count) 个工作室：", row: area.row, col: col, style: .accent)
            let listHeight = max(3, min(findings.count + 1, area.height / 2))
            table.render(into: &buffer, area: Rect(row: area.row + 1, col: col, width: area.width - 4, height: listHeight)) { [self] i in
                let f = findings[i]
                return [f.studio.name, f.studio.status.title, "\(f.endedMembers.count)", f.needs.first ?? ""]
            }
            let f = findings[table.selected]
            var y = area.row + 2 + listHeight
            buffer.put("「\(f.studio.name)」需要：", row: y, col: col, maxWidth: area.width - 4)
            for need in f.needs where y + 1 < area.bottom - 1 {
                y += 1
                buffer.put("- " + need, row: y, col: col + 2, maxWidth: area.width - 6, style: f.studioEnds && need == f.needs.first ? .error : .normal)
            }
        }
        if !message.isEmpty { buffer.put(message, row: area.bottom - 1, col: col, maxWidth: area.width - 4, style: .accent) }
    }
}
