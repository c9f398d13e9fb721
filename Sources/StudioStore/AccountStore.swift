import Foundation
import GRDB
import StudioCore
import StudioResources

/// Accounts and roles (issue 22): kept in the data file, the roles read from Resources/roles.json.
extension AppDatabase {
    /// The shipped roles (Resources/roles.json, or the file `STUDIODESK_ROLES` names).
    public static func shippedRoles() throws -> [Role] {
        guard let url = ResourceLocator.rolesFile() else { throw StoreError.other("找不到角色文件 roles.json（可用环境变量 STUDIODESK_ROLES 指定）") }
        do {
            return try RoleLoader.load(data: try Data(contentsOf: url), file: url.lastPathComponent)
        } catch let e as ProfileError {
            throw StoreError.other("\(e)")
        }
    }

    /// Who `name` is in this file, or why they may not open it.
    func actor(account name: String, roles: [Role]?) throws -> Authorization {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard let account = try self.account(named: name) else {
            let count = try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account") ?? 0 }
            throw StoreError.notPermitted(count == 0 ? "数据文件中还没有账户，不能以账户「\(name)」打开（请管理员先用 studiodesk accounts add 建立）"
                : "数据文件中没有账户「\(name)」，请与管理员联系")
        }
        if account.disabled { throw StoreError.notPermitted("账户「\(name)」已停用，请与管理员联系") }
        guard let role = try RoleLoader.find(account.roleID, in: roles ?? Self.shippedRoles()) else {
            throw StoreError.notPermitted("账户「\(name)」的角色「\(account.roleID)」在 roles.json 中不存在，请与管理员联系")
        }
        return Authorization(account: account, role: role)
    }

    public func hasAccounts() throws -> Bool {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account") ?? 0 > 0 }
    }

    /// Every account, by name, with its studios.
    public func accounts() throws -> [Account] {
        try read { db in
            let studios = try Row.fetchAll(db, sql: "SELECT accountName, studioID FROM accountStudio ORDER BY studioID")
            return try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY name").map { r in
                let name: String = r["name"]
                return Account(name: name, roleID: r["roleID"], studioIDs: studios.filter { $0["accountName"] == name }.map { $0["studioID"] },
                               disabled: r["disabled"], publicKey: r["publicKey"])
            }
        }
    }

    public func account(named name: String) throws -> Account? {
        try accounts().first { $0.name == name }
    }

    /// Adds an account; the name must be new, the role known, a 联络员's studios on file.
    public func addAccount(_ account: Account, roles: [Role]? = nil, today: String) throws {
        let roles = try roles ?? Self.shippedRoles()
        guard let role = RoleLoader.find(account.roleID, in: roles) else {
            throw StoreError.other("没有角色「\(account.roleID)」；可用的角色：" + roles.map(\.name).joined(separator: "、"))
        }
        if let problem = Account.problem(name: account.name, role: role, studioIDs: account.studioIDs, publicKey: account.publicKey) {
            throw StoreError.other(problem)
        }
        let name = account.name.trimmingCharacters(in: .whitespaces)
        try write(.manageAccounts) { db in
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account WHERE name = ?", arguments: [name]) ?? 0 > 0 {
                throw StoreError.other("已有账户「\(name)」")
            }
            for id in account.studioIDs where try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM studio WHERE id = ?", arguments: [id]) == 0 {
                throw StoreError.notFound("编号为 \(id) 的工作室")
            }
            try db.execute(sql: "INSERT INTO account(name, roleID, disabled, publicKey, createdOn) VALUES (?, ?, 0, ?, ?)",
                           arguments: [name, role.id, account.publicKey, today])
            for id in Set(account.studioIDs) {
                try db.execute(sql: "INSERT INTO accountStudio(accountName, studioID) VALUES (?, ?)", arguments: [name, id])
            }
        }
    }

    /// Disables (or enables again) an account: it can no longer open the file; its name stays in the audit.
    public func setAccountDisabled(_ name: String, _ disabled: Bool = true) throws {
        try write(.manageAccounts) { db in
            try db.execute(sql: "UPDATE account SET disabled = ? WHERE name = ?", arguments: [disabled, name])
            if db.changesCount == 0 { throw StoreError.notFound("账户「\(name)」") }
        }
    }
}
