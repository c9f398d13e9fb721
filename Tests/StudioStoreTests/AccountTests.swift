import Foundation
import GRDB
import Testing
@testable import StudioCore
@testable import StudioStore
import TestSupport

/// Accounts and roles (issue 22): the store checks every write against the account's role, whatever a screen or
/// command offered; no terminal here.
@Suite struct AccountTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-accounts-\(UUID().uuidString)")
    let today = "2026-11-20"

    func demo() throws -> String {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("d.sqlite").path
        try DemoTemplate.copy(to: path, profiles: DemoTemplate.shippedProfiles())
        return path
    }

    /// The demo office with a 管理员, a 录入员, a 联络员 of the first studio, a 评估小组 member and a 审阅.
    func office() throws -> (path: String, own: Int64, other: Int64) {
        let path = try demo()
        let db = try AppDatabase.open(path: path)
        // Two running studios with activities on file.
        let studios = try db.studios().filter(\.status.isRunning).compactMap(\.id)
            .filter { id in try db.ledgerEntries(studioID: id, year: nil).contains { $0.kind == .activity } }
        let own = studios[0], other = studios[1]
        try db.addAccount(Account(name: "管理员甲", roleID: "管理员"), today: today)
        try db.addAccount(Account(name: "录入员乙", roleID: "clerk"), today: today)
        try db.addAccount(Account(name: "联络员丙", roleID: "联络员", studioIDs: [own]), today: today)
        try db.addAccount(Account(name: "评估丁", roleID: "评估小组"), today: today)
        try db.addAccount(Account(name: "审阅戊", roleID: "审阅"), today: today)
        return (path, own, other)
    }

    func open(_ path: String, as account: String, ssh: String? = nil) throws -> AppDatabase {
        try AppDatabase.open(path: path, client: ssh.flatMap { AuditLog.sshClient(environment: ["SSH_CONNECTION": "\($0) 50022 10.0.0.1 22"]) },
                             account: account)
    }

    func refused(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch StoreError.notPermitted(let text) { return text } catch { return "其他错误：\(error)" }
    }

    @Test func theShippedRolesAreDataWithTheirPermissions() throws {
        let roles = try AppDatabase.shippedRoles()
        #expect(roles.map(\.name) == ["管理员", "录入员", "联络员", "评估小组", "审阅"])
        #expect(Set(roles[0].permissions) == Set(Permission.allCases))
        #expect(roles[1].permissions == [.editRecords, .editLedger, .print, .export, .importData])
        #expect(roles[2].permissions == [.editLedger, .reviewLedger, .print] && roles[2].ownStudiosOnly)
        #expect(roles[3].permissions == [.panelEntries, .assessmentStages])
        #expect(roles[4].permissions == [.print] && !roles[4].writesData)
        #expect(throws: ProfileError.self) { try RoleLoader.load(data: Data(#"{"roles":[{"id":"x","name":"某","permissions":["fly"]}]}"#.utf8)) }
        #expect(throws: ProfileError(file: "roles.json", field: "roles[0].ownStudioOnly", message: "未知字段（是否拼写有误？）")) {
            try RoleLoader.load(data: Data(#"{"roles":[{"id":"x","name":"某","permissions":["print"],"ownStudioOnly":true}]}"#.utf8))
        }
    }

    @Test func unknownAndDisabledAccountsAreRefusedAndNoAccountsWorksAsBefore() throws {
        let path = try demo()
        // No accounts: the local user, as today.
        let plain = try AppDatabase.open(path: path)
        let has = try plain.hasAccounts()
        #expect(plain.actor.isLocal && !has)
        #expect(throws: StoreError.notPermitted("数据文件中还没有账户，不能以账户「张三」打开（请管理员先用 studiodesk accounts add 建立）")) {
            try open(path, as: "张三")
        }
        try plain.addAccount(Account(name: "张三", roleID: "录入员"), today: today)
        #expect(throws: StoreError.notPermitted("数据文件中没有账户「李四」，请与管理员联系")) { try open(path, as: "李四") }
        try plain.setAccountDisabled("张三")
        #expect(throws: StoreError.notPermitted("账户「张三」已停用，请与管理员联系")) { try open(path, as: "张三") }
        try plain.setAccountDisabled("张三", false)
        let zhang = try open(path, as: "张三")
        #expect(zhang.actor.role?.name == "录入员")
        try zhang.setSetting("note", "1")
        // Disabled while the session is open: its next save is refused.
        try plain.setAccountDisabled("张三")
        #expect(throws: StoreError.notPermitted("账户「张三」已停用或角色已改变，不能保存；请退出后重新登录")) { try zhang.setSetting("note", "2") }
        try plain.setAccountDisabled("张三", false)
        try zhang.setSetting("note", "3")
        // A 联络员 needs studios; other roles take none; a name that would break the forced command is refused.
        #expect(throws: StoreError.other("联络员须用 --studio 指定所负责的工作室")) { try plain.addAccount(Account(name: "王五", roleID: "联络员"), today: today) }
        #expect(throws: StoreError.other("审阅不限工作室，不能指定 --studio")) { try plain.addAccount(Account(name: "王五", roleID: "审阅", studioIDs: [1]), today: today) }
        #expect(throws: StoreError.other("账户名不能含有引号、反斜杠、$、` 或空格")) { try plain.addAccount(Account(name: "王\"五", roleID: "审阅"), today: today) }
        #expect(throws: StoreError.other("已有账户「张三」")) { try plain.addAccount(Account(name: "张三", roleID: "审阅"), today: today) }
    }

    @Test func aReviewerWritesNothing() throws {
        let (path, own, _) = try office()
        let db = try open(path, as: "审阅戊")
        let member = try #require(try db.members().first)
        let activity = try #require(try db.ledgerEntries(studioID: own, year: nil).first { $0.kind == .activity })
        let before = try db.auditCount()
        let refusals = [
            refused { _ = try db.saveMember(member) },
            refused { try db.setSetting("district", "别处") },
            refused { try db.setReview(kind: .activity, id: activity.id, Review(status: .approved, reviewer: "审阅戊", reviewedOn: today)) },
            refused { try db.deleteLedgerRecord(kind: .activity, id: activity.id) },
            refused { try db.addAccount(Account(name: "新人", roleID: "审阅"), today: today) },
            refused { try db.setWallListInUse(id: 1, false) },
            refused { _ = try db.restore(from: path, today: today) },
        ]
        #expect(refusals.allSatisfy { $0?.hasPrefix("账户「审阅戊」（审阅）") == true && $0?.hasSuffix("，不能保存") == true }, "\(refusals)")
        #expect(refusals[0] == "账户「审阅戊」（审阅）没有「录入和修改记录」的权限，不能保存")
        #expect(try db.auditCount() == before)
    }

    @Test func aRestoreKeepsTheAccountsAsTheyAreNow() throws {
        let (path, own, _) = try office()
        let admin = try open(path, as: "管理员甲")
        let backup = dir.appendingPathComponent("before-accounts.sqlite").path
        try admin.backup(to: backup)
        // After the backup: the 联络员 leaves (disabled), a new administrator and a studio of their own are added.
        try admin.setAccountDisabled("联络员丙")
        try admin.addAccount(Account(name: "管理员己", roleID: "管理员"), today: today)
        let studio = try admin.createStudio(Studio(name: "新设委员工作室", type: .personal, profileID: "binjiang-2020"))
        try admin.addAccount(Account(name: "联络员庚", roleID: "联络员", studioIDs: [own, studio.id!]), today: today)
        let now = try admin.accounts()
        _ = try admin.restore(from: backup, today: today)
        // The records are the backup's (the new studio is gone), the accounts are today's, less a link to that studio.
        #expect(try admin.studio(id: studio.id!) == nil)
        let after = try admin.accounts()
        #expect(after.map(\.name) == now.map(\.name))
        #expect(after.first { $0.name == "联络员丙" }?.disabled == true)
        #expect(after.first { $0.name == "联络员庚" }?.studioIDs == [own])
        #expect(throws: StoreError.self) { _ = try open(path, as: "联络员丙") }
        #expect(try open(path, as: "管理员己").actor.account?.name == "管理员己")
        #expect(try admin.auditEntries(AuditFilter()).contains { $0.table == "*" && $0.newValues["说明"]?.contains("账户和权限保持恢复前的设置") == true })
    }

    @Test func aClerkCannotRestoreManageAccountsOrRules() throws {
        let (path, own, _) = try office()
        let db = try open(path, as: "录入员乙")
        // What a 录入员 does: records and ledgers of every studio.
        _ = try db.saveMember(Member(name: "新委员", sector: "经济界"))
        _ = try db.saveActivity(Activity(studioID: own, date: "2026-11-18", category: "study", categoryName: "学习", title: "学习会"), memberIDs: [])
        #expect(refused { _ = try db.restore(from: path, today: today) } == "账户「录入员乙」（录入员）没有「恢复备份」的权限，不能保存")
        #expect(refused { try db.addAccount(Account(name: "新人", roleID: "审阅"), today: today) } == "账户「录入员乙」（录入员）没有「账户管理」的权限，不能保存")
        #expect(refused { try db.setAccountDisabled("审阅戊") } != nil)
        #expect(refused { try db.setWallListInUse(id: 1, false) } == "账户「录入员乙」（录入员）没有「规则设置」的权限，不能保存")
        #expect(refused { try db.setReview(kind: .activity, id: 1, Review(status: .approved, reviewer: "录入员乙", reviewedOn: today)) }
            == "账户「录入员乙」（录入员）没有「审核台账」的权限，不能保存")
        // Nothing was made for a refused restore.
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: db.backupDirectory)) ?? []).filter { $0.hasPrefix("before-restore") }.isEmpty)
    }

    @Test func aLiaisonWritesAndReviewsOnlyTheirOwnStudiosLedger() throws {
        let (path, own, other) = try office()
        let db = try open(path, as: "联络员丙")
        let mine = try #require(try db.ledgerEntries(studioID: own, year: nil).first { $0.kind == .activity })
        let theirs = try #require(try db.ledgerEntries(studioID: other, year: nil).first { $0.kind == .activity })
        let ok = Review(status: .approved, reviewer: "联络员丙", reviewedOn: today)
        try db.setReview(kind: .activity, id: mine.id, ok)
        _ = try db.saveActivity(Activity(studioID: own, date: "2026-11-18", category: "study", categoryName: "学习", title: "学习会"), memberIDs: [])
        let elsewhere = "账户「联络员丙」（联络员）只能对所负责的工作室「%@」，其他工作室只能查看，不能保存"
        #expect(refused { try db.setReview(kind: .activity, id: theirs.id, ok) } == elsewhere.replacingOccurrences(of: "%@", with: "审核台账"))
        #expect(refused { _ = try db.saveActivity(Activity(studioID: other, date: "2026-11-18", category: "study", categoryName: "学习", title: "别处"), memberIDs: []) }
            == elsewhere.replacingOccurrences(of: "%@", with: "录入台账"))
        #expect(refused { try db.deleteLedgerRecord(kind: .activity, id: theirs.id) } != nil)
        // Moving another studio's record into one's own is changing it where it is.
        var moved = try #require(try db.activity(id: theirs.id))
        moved.studioID = own
        #expect(refused { _ = try db.saveActivity(moved, memberIDs: []) } != nil)
        // Marked across studios: all or none.
        #expect(refused { try db.setReviews([(.activity, mine.id), (.activity, theirs.id)], ok) } != nil)
        #expect(refused { _ = try db.saveMember(Member(name: "新委员", sector: "经济界")) } == "账户「联络员丙」（联络员）没有「录入和修改记录」的权限，不能保存")
        // Reading other studios is open to them.
        let others = try db.ledgerEntries(studioID: other, year: nil)
        #expect(!others.isEmpty)
    }

    @Test func theAuditNamesTheAccountAndWhereItConnectedFrom() throws {
        let (path, own, _) = try office()
        let db = try open(path, as: "联络员丙", ssh: "192.168.1.23")
        #expect(db.user == "联络员丙" && db.client == "192.168.1.23")
        let entry = try #require(try db.ledgerEntries(studioID: own, year: nil).first { $0.kind == .activity })
        try db.setReview(kind: .activity, id: entry.id, Review(status: .approved, reviewer: "联络员丙", reviewedOn: today))
        #expect(try db.auditEntries(limit: 1).first?.user == "联络员丙（SSH 192.168.1.23）")
        #expect(try open(path, as: "录入员乙").user == "录入员乙")
        #expect(AuditLog.sshClient(environment: ["SSH_CLIENT": "fe80::1 4022 22"]) == "fe80::1")
        #expect(AuditLog.sshClient(environment: ["SSH_CONNECTION": "$(rm) 1 2 3"]) == nil)
    }

    @Test func thePanelScoresButDoesNotEnterTheStudiosOwnPoints() throws {
        let (path, _, _) = try office()
        let panel = try open(path, as: "评估丁")
        #expect(panel.actor.may(.panelEntries) && panel.actor.may(.assessmentStages) && !panel.actor.may(.editRecords) && !panel.actor.may(.print))
        #expect(refused { _ = try panel.saveMember(Member(name: "新委员", sector: "经济界")) } != nil)
    }

    @Test func theAuthorizedKeysLineForcesTheAccount() throws {
        let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0 zhang@pc"
        let a = Account(name: "张三", roleID: "clerk", publicKey: key)
        #expect(a.authorizedKeysLine(executable: "/usr/local/bin/studiodesk", database: "/srv/office/d.sqlite")
            == "command=\"/usr/local/bin/studiodesk --db /srv/office/d.sqlite --account 张三\",restrict,pty \(key)")
        #expect(a.authorizedKeysLine(executable: "/opt/s d/studiodesk", database: "/srv/o'k.sqlite")
            == "command=\"'/opt/s d/studiodesk' --db '/srv/o'\\''k.sqlite' --account 张三\",restrict,pty \(key)")
        #expect(Account.problem(publicKey: "ssh-ed25519") != nil)
        #expect(Account.problem(publicKey: "rsa AAAA") != nil)
        #expect(Account.problem(publicKey: key) == nil)
    }
}
