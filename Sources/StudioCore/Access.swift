import Foundation

/// What an account may do (issue 22). Each key, subcommand and store write names the one it needs; roles are sets
/// of these, declared as data (Resources/roles.json). Reading is not a permission: every account reads every studio
/// (a 联络员 reads other studios' records but changes only their own).
public enum Permission: String, Codable, CaseIterable, Sendable, Comparable {
    /// Enter and change the office's records: the roster, studios and applications, inspections, duty, 自评.
    case editRecords
    /// Enter and change ledger records (活动, 提案, 社情民意, 群众意见建议, plans and summaries). Studio-scoped.
    case editLedger
    /// 审核 or 退回 ledger records. Studio-scoped.
    case reviewLedger
    /// The 评估小组's points and notes on what records cannot show.
    case panelEntries
    /// The assessment's stages: 提交, 评估, 审定, reopening, the year-end batch, confirming consequences.
    case assessmentStages
    /// PDF printouts. Studio-scoped.
    case print
    /// Files out of the data file: exports, archives, backups.
    case export
    /// Imports of rosters, studios and ledgers; the demo district.
    case importData
    /// 规则设置: wall checklists, the office's scorecards, the holiday calendar.
    case manageRules
    /// Replacing the data file from a backup or a whole-file import.
    case restore
    /// Accounts: add, disable, list.
    case manageAccounts

    public var title: String {
        switch self {
        case .editRecords: "录入和修改记录"
        case .editLedger: "录入台账"
        case .reviewLedger: "审核台账"
        case .panelEntries: "评估小组评分"
        case .assessmentStages: "评估流程（提交、评估、审定）"
        case .print: "打印"
        case .export: "导出和备份"
        case .importData: "导入数据"
        case .manageRules: "规则设置"
        case .restore: "恢复备份"
        case .manageAccounts: "账户管理"
        }
    }

    /// Limited to the account's own studios when the role says so (a 联络员's).
    public var isStudioScoped: Bool { self == .editLedger || self == .reviewLedger || self == .print }

    /// Changes the data file (printing and exporting only read it): refused in a read-only session whatever the role.
    public var writesData: Bool { self != .print && self != .export }

    public static func < (a: Permission, b: Permission) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A named set of permissions, from Resources/roles.json.
public struct Role: Codable, Equatable, Sendable {
    /// The key stored with each account ("liaison").
    public var id: String
    /// As shown and typed (联络员).
    public var name: String
    public var description: String
    public var permissions: Set<Permission>
    /// The role's studio-scoped permissions hold only on the account's own studios (at least one is required).
    public var ownStudiosOnly: Bool

    public init(id: String, name: String, description: String = "", permissions: Set<Permission>, ownStudiosOnly: Bool = false) {
        self.id = id
        self.name = name
        self.description = description
        self.permissions = permissions
        self.ownStudiosOnly = ownStudiosOnly
    }

    enum CodingKeys: String, CodingKey { case id, name, description, permissions, ownStudiosOnly }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        permissions = Set(try c.decode([Permission].self, forKey: .permissions))
        ownStudiosOnly = try c.decodeIfPresent(Bool.self, forKey: .ownStudiosOnly) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(permissions.sorted(), forKey: .permissions)
        try c.encode(ownStudiosOnly, forKey: .ownStudiosOnly)
    }

    /// True when the role may change the data file at all; a role that cannot (审阅) gets a review session.
    public var writesData: Bool { permissions.contains { $0.writesData } }
}

/// The roles file: decoded and checked like a rule profile (unknown permission, duplicate id or name named).
public enum RoleLoader {
    struct File: Codable { var roles: [Role] }

    public static func load(data: Data, file: String = "roles.json") throws -> [Role] {
        let roles: [Role]
        do {
            roles = try JSONDecoder().decode(File.self, from: data).roles
        } catch DecodingError.dataCorrupted(let c) {
            throw ProfileError(file: file, field: c.codingPath.map(\.stringValue).joined(separator: "."), message: "无法读取（\(c.debugDescription)）；权限只能是：" + Permission.allCases.map(\.rawValue).joined(separator: "、"))
        } catch {
            throw ProfileError(file: file, field: "", message: "无法读取：\(error)")
        }
        // A misspelt key ("ownStudioOnly") would load silently as false: every key must be one the file format knows.
        if let raw = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let list = raw["roles"] as? [[String: Any]] {
            let known: Set<String> = ["id", "name", "description", "permissions", "ownStudiosOnly"]
            for (i, r) in list.enumerated() {
                if let unknown = r.keys.sorted().first(where: { !known.contains($0) }) {
                    throw ProfileError(file: file, field: "roles[\(i)].\(unknown)", message: "未知字段（是否拼写有误？）")
                }
            }
        }
        var ids = Set<String>(), names = Set<String>()
        for r in roles {
            guard ids.insert(r.id).inserted else { throw ProfileError(file: file, field: "roles.id", message: "重复：\(r.id)") }
            guard names.insert(r.name).inserted else { throw ProfileError(file: file, field: "roles.name", message: "重复：\(r.name)") }
        }
        if roles.isEmpty { throw ProfileError(file: file, field: "roles", message: "没有角色") }
        return roles
    }

    /// The role a command line or form names, by its Chinese name or its id.
    public static func find(_ text: String, in roles: [Role]) -> Role? {
        let t = text.trimmingCharacters(in: .whitespaces)
        return roles.first { $0.name == t || $0.id == t }
    }
}

/// One person's login to the data file: who they are (the audit names them), their role, and for a 联络员 the
/// studios they look after. A disabled account is kept (the audit log names it) but cannot open the file.
public struct Account: Equatable, Sendable {
    public var name: String
    public var roleID: String
    public var studioIDs: [Int64]
    public var disabled: Bool
    /// The OpenSSH public key ("ssh-ed25519 AAAA… comment") its forced command was written for.
    public var publicKey: String?

    public init(name: String, roleID: String, studioIDs: [Int64] = [], disabled: Bool = false, publicKey: String? = nil) {
        self.name = name
        self.roleID = roleID
        self.studioIDs = studioIDs
        self.disabled = disabled
        self.publicKey = publicKey
    }

    /// What is wrong with a new account, in Chinese, or nil.
    public static func problem(name: String, role: Role, studioIDs: [Int64], publicKey: String?) -> String? {
        let n = name.trimmingCharacters(in: .whitespaces)
        if n.isEmpty { return "账户名不能为空" }
        if let p = NameText.problem(n) { return "账户名\(p)" }
        // The name goes into the forced command of authorized_keys: quotes or a backslash would break out of it.
        if n.contains(where: { "\"'\\`$ ".contains($0) }) { return "账户名不能含有引号、反斜杠、$、` 或空格" }
        if role.ownStudiosOnly && studioIDs.isEmpty { return "\(role.name)须用 --studio 指定所负责的工作室" }
        if !role.ownStudiosOnly && !studioIDs.isEmpty { return "\(role.name)不限工作室，不能指定 --studio" }
        if let key = publicKey, problem(publicKey: key) != nil { return problem(publicKey: key) }
        return nil
    }

    /// A public key as it goes on one line of authorized_keys: type, base64, optional comment.
    public static func problem(publicKey: String) -> String? {
        let parts = publicKey.split(separator: " ", omittingEmptySubsequences: true)
        let types = ["ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
                     "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com"]
        guard parts.count >= 2, types.contains(String(parts[0])) else { return "公钥格式不对：应以 ssh-ed25519、ssh-rsa 或 ecdsa-sha2-… 开头，后接密钥（即 .pub 文件的一整行）" }
        guard Data(base64Encoded: String(parts[1])) != nil else { return "公钥格式不对：密钥部分不是 Base64" }
        if publicKey.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\"" }) { return "公钥只能是一行，且不能含引号" }
        return nil
    }

    /// The line of the service account's authorized_keys that lets this person in as this account and nothing else:
    /// the forced command opens the data file with the account, `restrict` turns off forwarding, `pty` gives the
    /// full-screen program its terminal.
    public func authorizedKeysLine(executable: String, database: String) -> String? {
        guard let publicKey else { return nil }
        return "command=\"\(Self.shellWord(executable)) --db \(Self.shellWord(database)) --account \(name)\",restrict,pty \(publicKey)"
    }

    /// A path as one word of the shell that runs the forced command: quoted when it holds more than plain characters.
    static func shellWord(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._-+,=:".unicodeScalars.contains($0)) }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Who is acting and what they may do: the one question "may do P on studio S?" for keys, subcommands and the store.
public struct Authorization: Equatable, Sendable {
    /// nil: the local user (no accounts defined, or the service account itself), who may do everything.
    public var account: Account?
    public var role: Role?

    public init(account: Account? = nil, role: Role? = nil) {
        self.account = account
        self.role = role
    }

    /// The one person at the one office PC, or the service account on the server: everything.
    public static let local = Authorization()

    public var isLocal: Bool { account == nil }

    /// May this actor do `permission` on `studio`? `studio` nil: office-wide (no particular studio), which a
    /// studio-scoped permission of a 联络员 does not cover.
    public func may(_ permission: Permission, studio: Int64? = nil) -> Bool {
        guard let account, let role else { return true }
        guard !account.disabled, role.permissions.contains(permission) else { return false }
        guard role.ownStudiosOnly, permission.isStudioScoped else { return true }
        guard let studio else { return false }
        return account.studioIDs.contains(studio)
    }

    /// May do `permission` on some studio (what a screen without a studio shows a 联络员's key for).
    public func mayAnywhere(_ permission: Permission) -> Bool {
        guard let account, let role else { return true }
        return may(permission, studio: account.studioIDs.first ?? (role.ownStudiosOnly ? nil : 0))
    }

    /// True when this actor may change the data file in any way.
    public var writesData: Bool { role?.writesData ?? true }

    /// Why `permission` on `studio` is refused, in Chinese.
    public func refusal(_ permission: Permission, studio: Int64? = nil) -> String {
        let who = account.map { "账户「\($0.name)」（\(role?.name ?? $0.roleID)）" } ?? "本用户"
        if let account, account.disabled { return "\(who)已停用" }
        if let role, role.permissions.contains(permission), role.ownStudiosOnly, permission.isStudioScoped {
            return studio == nil ? "\(who)只能对所负责的工作室「\(permission.title)」，请进入该工作室办理"
                : "\(who)只能对所负责的工作室「\(permission.title)」，其他工作室只能查看"
        }
        return "\(who)没有「\(permission.title)」的权限"
    }
}
