import ArgumentParser
import Foundation
import StudioCore
import StudioStore

/// `studiodesk accounts`: who may open the data file and as what (issue 22). Needs 账户管理 when run with
/// --account; without it the command runs as the local (service) user, who administers the file.
struct AccountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "账户：添加、列出、停用（需要「账户管理」权限）。",
        discussion: """
        角色见 roles.json：管理员、录入员、联络员（须用 --studio 指定所负责的工作室）、评估小组、审阅。
        不带 --account 运行时为本机用户（服务器上即服务账户），可管理账户；带 --account 时须是管理员。
        """,
        subcommands: [AccountsAddCommand.self, AccountsListCommand.self, AccountsDisableCommand.self]
    )
}

struct AccountsAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "添加账户；给出 --key 时输出（或用 --authorized-keys 追加到文件）authorized_keys 中的一行。"
    )

    @OptionGroup var options: DatabaseOptions
    @Argument(help: ArgumentHelp("账户名（一般为姓名）", valueName: "NAME")) var name: String
    @Option(help: ArgumentHelp("角色：管理员、录入员、联络员、评估小组、审阅", valueName: "ROLE")) var role: String
    @Option(name: .customLong("studio"), help: ArgumentHelp("联络员负责的工作室编号，可重复", valueName: "ID")) var studios: [Int64] = []
    @Option(help: ArgumentHelp("此人的 SSH 公钥（.pub 文件的一整行）", valueName: "\"ssh-ed25519 …\"")) var key: String?
    @Option(help: ArgumentHelp("把强制命令行追加到此 authorized_keys 文件（权限 0600）", valueName: "FILE")) var authorizedKeys: String?

    func validate() throws {
        if authorizedKeys != nil && key == nil { throw ValidationError("--authorized-keys 须与 --key 一起用") }
    }

    func run() throws {
        let db = try options.openExisting(needing: .manageAccounts)
        let account = Account(name: name.trimmingCharacters(in: .whitespaces), roleID: role, studioIDs: studios,
                              publicKey: key?.trimmingCharacters(in: .whitespacesAndNewlines))
        do { try db.addAccount(account, today: DateInput.iso(today())) } catch { throw Failure("\(error)") }
        let roleName = (try? AppDatabase.shippedRoles()).flatMap { RoleLoader.find(role, in: $0)?.name } ?? role
        print("已添加账户「\(account.name)」（\(roleName)）")
        let executable = Bundle.main.executableURL?.path ?? CommandLine.arguments[0]
        guard let line = account.authorizedKeysLine(executable: executable, database: db.path) else { return }
        print(line)
        if let file = authorizedKeys {
            let path = (file as NSString).expandingTildeInPath
            try Self.append(line, to: path)
            print("已追加到 \(path)")
        }
    }

    /// One line at the end of the file (created owner-only; sshd refuses a file others can write).
    static func append(_ line: String, to path: String) throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            guard fm.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else { throw Failure("无法创建 \(path)") }
        }
        guard let handle = FileHandle(forUpdatingAtPath: path) else { throw Failure("无法写入 \(path)（没有写权限？）") }
        defer { try? handle.close() }
        let end = try handle.seekToEnd()
        var text = line + "\n"
        if end > 0 {
            try handle.seek(toOffset: end - 1)
            if handle.readData(ofLength: 1) != Data("\n".utf8) { text = "\n" + text }
            _ = try handle.seekToEnd()
        }
        try handle.write(contentsOf: Data(text.utf8))
        try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
}

struct AccountsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "列出账户：角色、负责的工作室、是否停用、公钥。")

    @OptionGroup var options: DatabaseOptions

    func run() throws {
        let db = try options.openExisting(needing: .manageAccounts)
        let roles = (try? AppDatabase.shippedRoles()) ?? []
        let studios = Dictionary(try db.studios().compactMap { s in s.id.map { ($0, s.name) } }, uniquingKeysWith: { a, _ in a })
        let rows = try db.accounts().map { (a: Account) -> [String] in
            let role: String = RoleLoader.find(a.roleID, in: roles)?.name ?? a.roleID
            let own: [String] = a.studioIDs.map { (id: Int64) -> String in studios[id].map { "\($0)（\(id)）" } ?? "#\(id)" }
            let key: String = a.publicKey.map { (k: String) -> String in String(k.split(separator: " ").first ?? "") + " …" + String(k.suffix(12)) } ?? ""
            return [a.name, role, own.joined(separator: "、"), a.disabled ? "已停用" : "在用", key]
        }
        print(TextTable.render(headers: ["账户", "角色", "负责的工作室", "状态", "公钥"], rows: rows, footer: "共 \(rows.count) 个账户"), terminator: "")
    }
}

struct AccountsDisableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "停用账户：不能再打开数据文件，修改记录中的名字保留。")

    @OptionGroup var options: DatabaseOptions
    @Argument(help: ArgumentHelp("账户名", valueName: "NAME")) var name: String

    func run() throws {
        let db = try options.openExisting(needing: .manageAccounts)
        do { try db.setAccountDisabled(name) } catch { throw Failure("\(error)") }
        print("已停用账户「\(name)」")
    }
}
