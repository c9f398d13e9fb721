import Foundation
import Testing

/// `studiodesk accounts` and `--account` run as built (issue 22): accounts are added, listed and disabled; an unknown
/// account is refused; each subcommand is refused without its permission.
@Suite(.serialized) struct AccountsCLITests {
    static let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl zhang@pc"

    @Test func accountsAreAddedListedAndDisabled() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let id = try LedgerCLITests.medicalStudioID(s)
        let keys = s.dir.appendingPathComponent("authorized_keys").path
        let add = try s.studiodesk(["accounts", "add", "张三", "--db", s.dbPath, "--role", "录入员", "--key", Self.key, "--authorized-keys", keys])
        #expect(add.status == 0, "\(add.output)")
        let forced = "command=\"\(TmuxSession.binary) --db \(s.dbPath) --account 张三\",restrict,pty \(Self.key)"
        #expect(add.output == "已添加账户「张三」（录入员）\n\(forced)\n已追加到 \(keys)\n")
        #expect(try String(contentsOfFile: keys, encoding: .utf8) == forced + "\n")
        #expect(try FileManager.default.attributesOfItem(atPath: keys)[.posixPermissions] as? Int == 0o600)

        let liaison = try s.studiodesk(["accounts", "add", "李四", "--db", s.dbPath, "--role", "联络员", "--studio", "\(id)"])
        #expect(liaison.status == 0 && liaison.output == "已添加账户「李四」（联络员）\n", "\(liaison.output)")
        let noStudio = try s.studiodesk(["accounts", "add", "王五", "--db", s.dbPath, "--role", "联络员"])
        #expect(noStudio.status == 1 && noStudio.output == "错误：联络员须用 --studio 指定所负责的工作室\n", "\(noStudio.output)")
        #expect(try s.studiodesk(["accounts", "add", "赵六", "--db", s.dbPath, "--role", "审阅"]).status == 0)

        let list = try s.studiodesk(["accounts", "list", "--db", s.dbPath])
        #expect(list.status == 0)
        #expect(line(list.output, "张三", "录入员", "在用", "ssh-ed25519 …") != "", "\(list.output)")
        #expect(line(list.output, "李四", "联络员", "医药卫生界委员工作室（\(id)）", "在用") != "", "\(list.output)")
        #expect(list.output.contains("共 3 个账户"))

        // Only a 管理员 (or the service account, without --account) manages accounts.
        let byClerk = try s.studiodesk(["accounts", "disable", "赵六", "--db", s.dbPath, "--account", "张三"])
        #expect(byClerk.status == 1 && byClerk.output == "错误：账户「张三」（录入员）没有「账户管理」的权限，不能执行此命令\n", "\(byClerk.output)")
        let disable = try s.studiodesk(["accounts", "disable", "赵六", "--db", s.dbPath])
        #expect(disable.status == 0 && disable.output == "已停用账户「赵六」\n")
        let disabled = try s.studiodesk(["studios", "--db", s.dbPath, "--account", "赵六"])
        #expect(disabled.status == 1 && disabled.output == "错误：账户「赵六」已停用，请与管理员联系\n", "\(disabled.output)")
        #expect(line(try s.studiodesk(["accounts", "list", "--db", s.dbPath]).output, "赵六", "已停用") != "")
    }

    @Test func anUnknownAccountIsRefusedAndEachCommandNeedsItsPermission() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let id = try LedgerCLITests.medicalStudioID(s)
        let unknown = try s.studiodesk(["studios", "--db", s.dbPath, "--account", "张三"])
        #expect(unknown.status == 1 && unknown.output == "错误：数据文件中还没有账户，不能以账户「张三」打开（请管理员先用 studiodesk accounts add 建立）\n",
                "\(unknown.output)")
        #expect(try s.studiodesk(["accounts", "add", "审阅甲", "--db", s.dbPath, "--role", "审阅"]).status == 0)
        #expect(try s.studiodesk(["accounts", "add", "联络乙", "--db", s.dbPath, "--role", "联络员", "--studio", "\(id)"]).status == 0)
        let nobody = try s.studiodesk(["studios", "--db", s.dbPath, "--account", "张三"])
        #expect(nobody.status == 1 && nobody.output == "错误：数据文件中没有账户「张三」，请与管理员联系\n", "\(nobody.output)")

        // A 审阅 reads, and writes nothing: `ledger add` is refused before anything is written.
        #expect(try s.studiodesk(["ledger", "--db", s.dbPath, "--studio", "\(id)", "--account", "审阅甲"]).status == 0)
        let add = ["ledger", "add", "--db", s.dbPath, "--studio", "\(id)", "--date", "2026-11-18", "--category", "微协商", "--title", "协商会"]
        let refused = try s.studiodesk(add + ["--account", "审阅甲"])
        #expect(refused.status == 1 && refused.output == "错误：账户「审阅甲」（审阅）没有「录入台账」的权限，不能执行此命令\n", "\(refused.output)")
        let restore = try s.studiodesk(["restore", s.dbPath, "--db", s.dbPath, "--account", "审阅甲"])
        #expect(restore.status == 1 && restore.output.contains("没有「恢复备份」的权限"), "\(restore.output)")
        let importing = try s.studiodesk(["import", "members", "/dev/null", "--db", s.dbPath, "--account", "审阅甲"])
        #expect(importing.status == 1 && importing.output.contains("没有「导入数据」的权限"), "\(importing.output)")

        // The 联络员 enters and reviews their own studio's ledger, not another's.
        let own = try s.studiodesk(add + ["--account", "联络乙"])
        #expect(own.status == 0 && own.output.hasPrefix("已录入活动 #"), "\(own.output)")
        let recordID = String(own.output.dropFirst("已录入活动 #".count).prefix { $0.isNumber })
        let review = try s.studiodesk(["ledger", "review", "--db", s.dbPath, "--kind", "活动", "--id", recordID, "--account", "联络乙"])
        #expect(review.status == 0 && review.output == "活动 #\(recordID) 已审核\n", "\(review.output)")
        let elsewhere = try s.studiodesk(["ledger", "add", "--db", s.dbPath, "--studio", "\(id == 1 ? 2 : 1)", "--date", "2026-11-18",
                                          "--category", "微协商", "--title", "别处", "--account", "联络乙"])
        #expect(elsewhere.status == 1 && elsewhere.output.contains("只能对所负责的工作室「录入台账」"), "\(elsewhere.output)")
        // The audit names the account.
        let audit = try s.studiodesk(["audit", "--db", s.dbPath, "--format", "json"])
        #expect(audit.output.contains("\"联络乙\""), "\(audit.output.prefix(400))")
    }
}
