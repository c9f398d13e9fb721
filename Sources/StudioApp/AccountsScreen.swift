import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// 账户管理 (issue 22, 管理员 only): who may open the data file and as what; add an account, disable or enable one.
/// The key for SSH goes in through `studiodesk accounts add --key`, which also writes the authorized_keys line.
final class AccountsScreen: Screen {
    let context: AppContext
    var accounts: [Account] = []
    var roles: [Role] = []
    var studioNames: [Int64: String] = [:]
    var table = TableView(columns: [
        TableColumn("账户", width: 10),
        TableColumn("角色", width: 8),
        TableColumn("负责的工作室", width: 20, flex: 1),
        TableColumn("状态", width: 6),
        TableColumn("SSH 公钥", width: 12),
    ])
    var message = ""

    init(context: AppContext) {
        self.context = context
        reload()
    }

    func becameTop() { reload() }

    func reload() {
        roles = (try? AppDatabase.shippedRoles()) ?? []
        accounts = (try? context.db.accounts()) ?? []
        studioNames = Dictionary(((try? context.db.studios()) ?? []).compactMap { s in s.id.map { ($0, s.name) } }, uniquingKeysWith: { a, _ in a })
        table.setCount(accounts.count)
    }

    var title: String { "账户管理" }
    enum Action: Sendable { case add, toggle, back }
    let keys = KeyMap<Action>([
        KeyBinding([.char("a"), .insert], .add, key: "a", label: "添加", help: "添加账户：账户名、角色，联络员再填所负责的工作室", needs: .manageAccounts),
        KeyBinding([.char("x")], .toggle, label: "停用", help: "停用所选账户（不能再打开数据文件，修改记录中的名字保留）；再按一次恢复", needs: .manageAccounts),
        KeyBinding([.escape], .back, label: "返回", help: "返回主菜单"),
    ])
    var hints: [KeyHint] { keys.barHints(context) + [CommonKeys.help] }
    var helpHints: [KeyHint] { keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "上下移动")] }

    func roleName(_ id: String) -> String { RoleLoader.find(id, in: roles)?.name ?? id }

    func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        switch keys.action(for: key, in: context) {
        case .back?: return .pop
        case .add?: return .push(addForm())
        case .toggle?:
            guard accounts.indices.contains(table.selected) else { return .stay }
            let a = accounts[table.selected]
            do {
                try context.db.setAccountDisabled(a.name, !a.disabled)
                message = a.disabled ? "已恢复账户「\(a.name)」" : "已停用账户「\(a.name)」"
            } catch {
                message = "\(error)"
            }
            reload()
        case nil: break
        }
        return .stay
    }

    /// The studios typed as numbers or names, separated by spaces, commas or 、.
    func studioIDs(_ text: String) -> (ids: [Int64], unknown: [String]) {
        var ids: [Int64] = [], unknown: [String] = []
        for word in text.split(whereSeparator: { " ,，、;；".contains($0) }).map(String.init) {
            if let id = Int64(word), studioNames[id] != nil { ids.append(id) }
            else if let id = studioNames.first(where: { $0.value == word })?.key { ids.append(id) }
            else { unknown.append(word) }
        }
        return (ids, unknown)
    }

    func addForm() -> Screen {
        EntryFormScreen(
            title: "添加账户",
            fields: [.init("name", "账户名", .text(maxLength: 20), guidance: "一般为姓名；修改记录中以此署名"),
                     .init("role", "角色", .choice(roles.map(\.name)), guidance: "Left/Right 选择：" + roles.map { "\($0.name)（\($0.description)）" }.joined(separator: "；")),
                     .init("studios", "负责的工作室", .text(maxLength: 200), guidance: "只有联络员填写：工作室编号或名称，多个用空格或、分隔")],
            permission: (.manageAccounts, nil)
        ) { [self] v in
            guard let role = roles.first(where: { $0.name == v.choice("role") }) else { return .issues(["role": "请选择角色"]) }
            let (ids, unknown) = studioIDs(v.text("studios"))
            if !unknown.isEmpty { return .issues(["studios": "没有工作室「\(unknown.joined(separator: "、"))」"]) }
            let name = v.text("name").trimmingCharacters(in: .whitespaces)
            if let problem = Account.problem(name: name, role: role, studioIDs: ids, publicKey: nil) {
                return .issues([problem.contains("工作室") ? "studios" : "name": problem.replacingOccurrences(of: "须用 --studio 指定", with: "须填写")
                    .replacingOccurrences(of: "不能指定 --studio", with: "不填工作室")])
            }
            do {
                try context.db.addAccount(Account(name: name, roleID: role.id, studioIDs: ids), roles: roles, today: context.todayISO)
                message = "已添加账户「\(name)」（\(role.name)）。SSH 公钥用 studiodesk accounts add 的 --key 登记"
                return .saved(.stay)
            } catch {
                return .issues(["name": "\(error)"])
            }
        }
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        buffer.put("能打开本数据文件的账户；不带 --account 打开的本机用户不受限制", row: area.row, col: col, maxWidth: area.width - 2, style: .muted)
        table.render(into: &buffer, area: Rect(row: area.row + 2, col: col, width: area.width - 2, height: area.height - 4)) { [self] i in
            let a = accounts[i]
            return [a.name, roleName(a.roleID), a.studioIDs.map { studioNames[$0] ?? "#\($0)" }.joined(separator: "、"),
                    a.disabled ? "已停用" : "在用", a.publicKey.map { String($0.split(separator: " ").first ?? "") } ?? "未登记"]
        }
        if accounts.isEmpty { buffer.put("还没有账户：本数据文件由本机用户使用。按 a 添加。", row: area.row + 4, col: col + 2, style: .muted) }
        if !message.isEmpty { buffer.put(message, row: area.bottom - 1, col: col, maxWidth: area.width - 2, style: .accent) }
    }
}
