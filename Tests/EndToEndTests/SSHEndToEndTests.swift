import Foundation
import Testing

/// Issue 22's deployment through a real sshd (SSHServer): each person's key forces the command, so a key gets
/// StudioDesk and nothing else; a key not authorized gets nothing; the audit names the person and the address the
/// session came from. sshd passes no locale to the session, so every test here also runs the program with no LANG.
@Suite(.serialized, .enabled(if: SSHServer.isAvailable, Comment(rawValue: SSHServer.unavailable)))
struct SSHEndToEndTests {
    /// A server, a copy of the demo and 张三's key forced to open it; the tmux session is not started yet.
    func office() throws -> (server: SSHServer, session: TmuxSession, key: SSHServer.Key) {
        let server = try SSHServer()
        let session = try TmuxSession()
        try session.loadDemo()
        try session.addAccount("张三", role: "录入员")
        let key = try server.makeKey("zhangsan")
        try server.authorize(key, command: SSHServer.forcedCommand(db: session.dbPath, name: "张三"))
        return (server, session, key)
    }

    @Test func anAuthorizedKeyGetsTheMainMenuInChineseThoughNoLocaleIsForwarded() throws {
        let (server, s, key) = try office()
        // What a session gets from this sshd: no LANG, no LC_* (the client below sends LANG=C.UTF-8 in vain).
        let probe = try server.makeKey("probe")
        try server.authorize(probe, command: "env", options: "restrict")
        let env = try server.run(probe)
        #expect(env.status == 0 && env.output.contains("SSH_CONNECTION=127.0.0.1 "), "\(env.output)\n\(server.log)")
        #expect(!env.output.contains("LANG=") && !env.output.contains("LC_"), "\(env.output)")
        try s.start("LANG=C.UTF-8 LC_ALL=C.UTF-8 " + server.sshCommand(key))
        let menu = try s.waitFor("[0] 退出")
        #expect(menu.contains("[1] 工作室申报") && menu.contains("委员名册"), "\(menu)")
        try s.quitFromMainMenu()
    }

    @Test func theForcedCommandRunsWhateverTheClientAsks() throws {
        let (server, s, key) = try office()
        try s.start(server.sshCommand(key, remote: ["sh", "-c", "id"]))
        let menu = try s.waitFor("[0] 退出")
        #expect(!menu.contains("uid="), "\(menu)")
        try s.quitFromMainMenu()
        // Without a terminal: still StudioDesk (which asks for one), never the shell.
        let plain = try server.run(key, remote: ["id"])
        #expect(plain.status == 1 && plain.output.contains("需要在终端中运行") && !plain.output.contains("uid="), "\(plain.output)")
    }

    @Test func aKeyNotInAuthorizedKeysGetsNothing() throws {
        let (server, s, _) = try office()
        let stranger = try server.makeKey("stranger")
        let refused = try server.run(stranger, remote: ["id"])
        #expect(refused.status == 255 && refused.output.contains("Permission denied"), "\(refused.output)")
        #expect(!refused.output.contains("uid=") && !refused.output.contains("委员"))
        // In a terminal too: no menu, ssh fails.
        try s.start(server.sshCommand(stranger))
        let screen = try s.waitFor("EXIT=")
        #expect(screen.contains("EXIT=255") && !screen.contains("退出"), "\(screen)")
    }

    @Test func theAuditNamesThePersonAndTheSSHClientAddress() throws {
        let (server, s, key) = try office()
        try s.start(server.sshCommand(key))
        try s.waitFor("[0] 退出")
        try s.keys("3")
        try s.waitFor("共 150 名委员")
        try s.keys("a")
        try s.waitFor("新增委员")
        try s.type("欧阳娜娜")
        try s.keys("F2")
        try s.waitFor("已新增：欧阳娜娜")
        try s.keys("Escape")
        try s.quitFromMainMenu()
        let audit = try s.studiodesk(["audit", "--db", s.dbPath, "--limit", "1"])
        #expect(line(audit.output, "欧阳娜娜").contains("张三（SSH 127.0.0.1）"), "\(audit.output)")
        // The name alone finds the lines from every address.
        let byName = try s.studiodesk(["audit", "--db", s.dbPath, "--by", "张三"])
        #expect(byName.output.contains("共 1 条") && byName.output.contains("欧阳娜娜"), "\(byName.output)")
        #expect(try s.studiodesk(["audit", "--verify", "--db", s.dbPath]).status == 0)
    }

    @Test func noEditorIsStartedOverSSH() throws {
        // vi would give the service account's shell (:!sh) to whoever holds a key.
        let (server, s, key) = try office()
        try s.start(server.sshCommand(key))
        try s.waitFor("[0] 退出")
        try s.keys("6")
        try s.waitFor("运行中工作室")
        try s.keys("End")  // 医药卫生界委员工作室 sorts last
        try s.keys("Enter")
        try s.waitFor("台账：医药卫生界委员工作室")
        try s.keys("n")
        try s.waitFor("计划与总结：医药卫生界委员工作室")
        try s.keys("Tab", "Tab")
        try s.waitFor("Ctrl-E 外部编辑器")
        try s.keys("C-e")
        try s.waitFor("通过 SSH 登录时不能打开外部编辑器")
        try s.keys("Escape")
        try s.waitFor("台账：医药卫生界委员工作室")
        try s.keys("Escape")
        try s.waitFor("运行中工作室")
        try s.keys("Escape")
        try s.quitFromMainMenu()
    }

    @Test func twoSSHSessionsAtOnceBothOpenTheFile() throws {
        let (server, a, keyA) = try office()
        try a.addAccount("李四", role: "录入员")
        let keyB = try server.makeKey("lisi")
        try server.authorize(keyB, command: SSHServer.forcedCommand(db: a.dbPath, name: "李四"))
        let b = try TmuxSession()
        try a.start(server.sshCommand(keyA))
        try b.start(server.sshCommand(keyB))
        for s in [a, b] {
            try s.waitFor("[0] 退出")
            try s.keys("3")
            try s.waitFor("共 150 名委员")
        }
        try a.keys("a")
        try a.waitFor("新增委员")
        try a.type("欧阳娜娜")
        try a.keys("F2")
        try a.waitFor("已新增：欧阳娜娜")
        // The other session reads it when it opens the roster again.
        try b.keys("Escape")
        try b.waitFor("[0] 退出")
        try b.keys("3")
        try b.waitFor("共 151 名委员")
        for s in [a, b] {
            try s.keys("Escape")
            try s.quitFromMainMenu()
        }
    }

    @Test func aTerminalTypeTheServerDoesNotKnowIsDrawnAsXterm() throws {
        let (server, s, key) = try office()
        // The client's TERM travels with the session; this server has no terminfo for it.
        try s.start(server.sshCommand(key), term: "studiodesk-unknown-term")
        let menu = try s.waitFor("[0] 退出")
        #expect(menu.contains("[1] 工作室申报"), "\(menu)")
        try s.quitFromMainMenu()
    }
}

/// The terminal details of issue 22 without SSH: the locale the program chooses, the one it refuses, TERM and
/// NCURSES_NO_UTF8_ACS.
@Suite(.serialized) struct TerminalEnvironmentTests {
    @Test func aCOrMissingLocaleIsReplacedByCUTF8() throws {
        for env in ["LANG=C LC_ALL=C", "-u LANG -u LC_ALL -u LC_CTYPE", "LC_ALL= LANG= LC_CTYPE=UTF-8", "LC_ALL=zh_CN.UTF-8"] {
            let s = try TmuxSession()
            try s.loadDemo()
            try s.start("env \(env) '\(TmuxSession.binary)' --db '\(s.dbPath)'")
            let menu = try s.waitFor("[0] 退出")
            #expect(menu.contains("[1] 工作室申报"), "\(env): \(menu)")
            try s.quitFromMainMenu()
        }
    }

    @Test func aLocaleNamingAnotherCharacterSetIsRefusedInChineseAndEnglish() throws {
        let s = try TmuxSession()
        try s.start("env LANG=zh_CN.GBK LC_ALL=zh_CN.GBK '\(TmuxSession.binary)' --db '\(s.dbPath)'")
        let screen = try s.waitFor("EXIT=")
        #expect(screen.contains("GBK，不是 UTF-8") && screen.contains("not UTF-8") && screen.contains("EXIT=1"), "\(screen)")
        #expect(!FileManager.default.fileExists(atPath: s.dbPath))
    }

    @Test func anUnknownTermFallsBackAndNcursesNoUTF8ACSIsLeftAlone() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        try s.startApp(term: "studiodesk-unknown-term")
        try s.waitFor("[0] 退出")
        try s.quitFromMainMenu()
        let acs = try TmuxSession.demoApp(extraEnv: "env NCURSES_NO_UTF8_ACS=1", showing: "[1] 工作室申报")
        try acs.quitFromMainMenu()
        // A terminal without cursor addressing is still refused, by name.
        let dumb = try TmuxSession()
        try dumb.start("'\(TmuxSession.binary)' --db '\(dumb.dbPath)'", term: "dumb")
        let screen = try dumb.waitFor("EXIT=")
        #expect(screen.contains("TERM=dumb") && screen.contains("EXIT=1"), "\(screen)")
    }
}

extension TmuxSession {
    /// `studiodesk accounts add NAME --role ROLE …` on this session's file, as the service account would run it.
    func addAccount(_ name: String, role: String, extra: [String] = []) throws {
        let r = try studiodesk(["accounts", "add", name, "--role", role, "--db", dbPath] + extra)
        #expect(r.status == 0, "\(r.output)")
    }
}

/// Issue 22's office over SSH: three people, each with a key that `accounts add --key` wrote into authorized_keys,
/// each kept to what their role allows, two of them at work at once.
@Suite(.serialized, .enabled(if: SSHServer.isAvailable, Comment(rawValue: SSHServer.unavailable)))
struct SSHAccountsEndToEndTests {
    @Test func aClerkALiaisonAndAReviewerEachDoWhatTheirRoleAllows() throws {
        let server = try SSHServer()
        let clerk = try TmuxSession(), liaison = try TmuxSession(), reviewer = try TmuxSession()
        try clerk.loadDemo()
        let db = clerk.dbPath
        // 医药卫生界委员工作室 is studio 6 in the demo; the liaison officer looks after it only.
        var keys: [String: SSHServer.Key] = [:]
        for (name, role, extra) in [("录入员乙", "录入员", []), ("联络员丙", "联络员", ["--studio", "6"]), ("审阅戊", "审阅", [])] {
            let key = try server.makeKey(name == "录入员乙" ? "clerk" : name == "联络员丙" ? "liaison" : "reviewer")
            try clerk.addAccount(name, role: role, extra: extra + ["--key", key.publicKey, "--authorized-keys", server.authorizedKeys])
            keys[name] = key
        }
        let lines = try String(contentsOfFile: server.authorizedKeys, encoding: .utf8)
        #expect(lines.contains("--account 联络员丙\",restrict,pty ssh-"), "\(lines)")

        // The clerk: no 规则设置, no 账户管理, no restore.
        try clerk.start(server.sshCommand(keys["录入员乙"]!))
        let menu = try clerk.waitFor("[0] 退出")
        #expect(menu.contains("录入员乙（录入员）") && menu.contains("[3] 委员名册"), "\(menu)")
        #expect(!menu.contains("规则设置") && !menu.contains("账户管理"), "\(menu)")
        try clerk.keys("9")
        #expect(!(try clerk.capture()).contains("规则设置"))
        try clerk.keys("8")
        let data = try clerk.waitFor("立即备份")
        #expect(!data.contains("从文件恢复") && !data.contains("从自动备份恢复"), "\(data)")
        try clerk.keys("Escape")
        try clerk.waitFor("[0] 退出")
        try clerk.keys("3")
        try clerk.waitFor("共 150 名委员")

        // The liaison officer reviews a record of their studio…
        try liaison.start(server.sshCommand(keys["联络员丙"]!))
        try liaison.waitFor("联络员丙（联络员）")
        try liaison.keys("6")
        try liaison.waitFor("运行中工作室")
        try liaison.keys("End")  // 医药卫生界委员工作室 sorts last
        try liaison.keys("Enter")
        try liaison.waitFor("待审核 17 条")
        try liaison.keys("v")
        try liaison.waitFor("审核人：联络员丙")
        // …at the moment the clerk adds a member: both saves are kept.
        try clerk.keys("a")
        try clerk.waitFor("新增委员")
        try clerk.type("欧阳娜娜")
        try clerk.keys("F2")
        try liaison.keys("F2")
        try clerk.waitFor("已新增：欧阳娜娜")
        try liaison.waitFor("已审核 1 条")
        // …and only looks at another studio's ledger.
        try liaison.keys("Escape")
        try liaison.waitFor("运行中工作室")
        try liaison.keys("Home")
        try liaison.keys("Enter")
        try liaison.waitFor("台账：")
        try liaison.keys("a")
        try liaison.waitFor("其他工作室只能查看")

        // The reviewer: 【只读】, and a write key only says why. The clerk's member shows in the reviewer's roster.
        try reviewer.start(server.sshCommand(keys["审阅戊"]!))
        try reviewer.waitFor("审阅戊（审阅）")
        #expect(try reviewer.capture().contains("【只读】"))
        try reviewer.keys("3")
        try reviewer.waitFor("共 151 名委员")
        // A change made now in the clerk's session shows in the reviewer's open roster without a key.
        try clerk.keys("a")
        try clerk.waitFor("新增委员")
        try clerk.type("上官燕")
        try clerk.keys("F2")
        try clerk.waitFor("已新增：上官燕")
        try reviewer.waitFor("共 152 名委员", timeout: 5)
        try reviewer.keys("a")
        try reviewer.waitFor("没有权限")
        #expect(!(try reviewer.capture()).contains("新增委员"))
        try reviewer.keys("Enter")

        for s in [clerk, reviewer] {
            try s.keys("Escape")
            try s.quitFromMainMenu()
        }
        try liaison.keys("Enter")  // the refusal
        try liaison.keys("Escape")
        try liaison.waitFor("运行中工作室")
        try liaison.keys("Escape")
        try liaison.quitFromMainMenu()

        // The audit names each account that wrote, with the address; the reviewer wrote nothing.
        let audit = try clerk.studiodesk(["audit", "--db", db, "--limit", "50"]).output
        #expect(line(audit, "欧阳娜娜").contains("录入员乙（SSH 127.0.0.1）"), "\(audit)")
        #expect(audit.contains("联络员丙（SSH 127.0.0.1）"), "\(audit)")
        #expect(!audit.contains("审阅戊（SSH"), "\(audit)")
        #expect(try clerk.studiodesk(["audit", "--verify", "--db", db]).status == 0)
    }
}
