import StudioCore
import StudioDemo
import Foundation
import Testing
import TestSupport

/// The first line of a captured screen holding all the texts, or "".
func line(_ screen: String, _ texts: String...) -> String {
    screen.split(separator: "\n").first { l in texts.allSatisfy { l.contains($0) } }.map(String.init) ?? ""
}

/// Drives the built `studiodesk` binary inside tmux, as a clerk would use it,
/// and reads the screen back with capture-pane.
final class TmuxSession {
    let socket = "studiodesk-e2e-\(UUID().uuidString.prefix(8))"
    let dir: URL
    var dbPath: String { dir.appendingPathComponent("data/studiodesk.sqlite").path }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    deinit {
        _ = try? Self.run("tmux", ["-L", socket, "kill-server"], captureOutput: false)
        try? FileManager.default.removeItem(at: dir)
    }

    /// The binary `swift build` / `swift test` put beside the test bundle.
    static var binary: String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("studiodesk"),
            Bundle.main.bundleURL.appendingPathComponent("studiodesk"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/studiodesk"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.standardizedFileURL.path
            ?? candidates[2].path
    }

    @discardableResult
    static func run(_ tool: String, _ args: [String], env: [String: String] = [:], captureOutput: Bool = true) throws -> (status: Int32, output: String) {
        // posix_spawn + waitpid rather than Foundation's Process: under the test runner
        // Process never saw the tmux client exit. Output goes through a file, which the
        // forked tmux server cannot hold open the way it holds a pipe.
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("sd-e2e-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let assignments = env.map { "\($0.key)=\(shellQuote($0.value))" }.joined(separator: " ")
        let command = ([tool] + args).map(shellQuote).joined(separator: " ")
        let target = captureOutput ? shellQuote(out) : "/dev/null"
        // Tests run from an SSH login behave as on CI: the program treats an SSH session apart (issue 22).
        let script = "env -u SSH_CONNECTION -u SSH_CLIENT -u SSH_TTY \(assignments) \(command) > \(target) 2>&1 < /dev/null"
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = ["/bin/sh", "-c", script].map { s in s.withCString { strdup($0) } } + [nil]
        defer { argv.forEach { free($0) } }
        let rc = posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let text = captureOutput ? ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "") : ""
        return (exitCode, text)
    }

    static func shellQuote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Starts a shell command in a new detached session of the given size.
    func start(_ command: String, width: Int = 100, height: Int = 30, term: String = "xterm-256color") throws {
        try Self.run("tmux", ["-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "\(width)", "-y", "\(height)",
                              "env -u NO_COLOR LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=\(term) \(command); echo EXIT=$?; sleep 30"], captureOutput: false)
        // Esc must reach the program at once, as README tells tmux users to set.
        try Self.run("tmux", ["-L", socket, "set", "-sg", "escape-time", "0"], captureOutput: false)
    }

    func startApp(width: Int = 100, height: Int = 30, term: String = "xterm-256color", extraEnv: String = "") throws {
        try start("\(extraEnv) '\(Self.binary)' --db '\(dbPath)'", width: width, height: height, term: term)
    }

    func keys(_ keys: String...) throws {
        try Self.run("tmux", ["-L", socket, "send-keys", "-t", "e2e"] + keys)
    }

    /// Types text literally (Chinese included), as an input method would deliver it.
    func type(_ text: String) throws {
        try Self.run("tmux", ["-L", socket, "send-keys", "-t", "e2e", "-l", text])
    }

    func capture(escapes: Bool = false) throws -> String {
        try Self.run("tmux", ["-L", socket, "capture-pane", "-p", "-t", "e2e"] + (escapes ? ["-e"] : [])).output
    }

    func resize(width: Int, height: Int) throws {
        try Self.run("tmux", ["-L", socket, "resize-window", "-t", "e2e", "-x", "\(width)", "-y", "\(height)"])
    }

    /// What `waitFor` throws when the text never came: the test stops there, with the screen as it was.
    struct TimedOut: Error, CustomStringConvertible {
        let text: String, screen: String
        var description: String { "timed out waiting for «\(text)»; screen was:\n\(screen)" }
    }

    /// Waits until the screen contains the text and returns the screen; throws `TimedOut` (ending the test) when it
    /// does not come. The timeout is generous: it is only reached by a failing test, and a busy machine is slow.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 30) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        repeat {
            screen = try capture()
            if screen.contains(text) {
                // A screen caught half drawn holds the title but not yet the rows: return it once two captures
                // 0.1 s apart agree, so what a test reads next is the whole frame.
                Thread.sleep(forTimeInterval: 0.1)
                let again = try capture()
                if again == screen { return screen }
                continue
            }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        throw TimedOut(text: text, screen: screen)
    }

    /// Waits until `condition` holds, polling; throws `TimedOut` naming `what` when it does not.
    static func waitUntil(_ what: String, timeout: TimeInterval = 30, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        throw TimedOut(text: what, screen: "")
    }

    /// The demo district, made once per test run by `studiodesk demo` and copied for each session that only
    /// needs its data (the tests of the `demo` command itself still run it).
    static let demoTemplate: Result<String, Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-e2e-template-\(getpid())-\(UUID().uuidString.prefix(8))")
        let path = dir.appendingPathComponent("demo.sqlite").path
        let made = try run(binary, ["demo", "--db", path], env: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"])
        // The command has ended: its connection closed, checkpointed the file and removed the -wal.
        guard made.status == 0 else { throw TimedOut(text: "studiodesk demo", screen: made.output) }
        atexit { if case .success(let p) = TmuxSession.demoTemplate { try? FileManager.default.removeItem(atPath: (p as NSString).deletingLastPathComponent) } }
        return path
    }

    /// This session's data file: a private copy of the demo district (mode 0600, as `studiodesk demo` makes it).
    func loadDemo() throws {
        try DemoTemplate.copyFile(Self.demoTemplate.get(), to: dbPath)
    }

    /// The start every screen test shares: a new session on a copy of the demo, the program started and its main
    /// first screen drawn (waiting for `showing`, a text on it: by default the main menu's).
    static func demoApp(width: Int = 100, height: Int = 30, term: String = "xterm-256color", extraEnv: String = "",
                        showing: String = "[0] 退出") throws -> TmuxSession {
        let s = try TmuxSession()
        try s.loadDemo()
        try s.startApp(width: width, height: height, term: term, extraEnv: extraEnv)
        try s.waitFor(showing)
        return s
    }

    /// The end they share: from the main menu, q, and the program's clean exit.
    func quitFromMainMenu() throws {
        try waitFor("[0] 退出")
        try keys("q")  // sent apart from Esc, or the terminal reads Esc q as Alt-q
        try waitFor("EXIT=0")
    }

    /// From the main menu: the demo's 农业界 application (in approval, 陕西 chain) walked through every step to 授牌.
    /// Returns the approval screen after the plaque.
    @discardableResult
    func walkTheDemoApplicationToThePlaque(plaque: String) throws -> String {
        try keys("2")
        try waitFor("待办环节")
        try keys("/")
        try type("nyj")
        try waitFor("第 1/1 个")
        try keys("Enter", "Enter")
        try waitFor("加入日期")
        try keys("p")
        try waitFor("[待办]   专委会审核")
        for (step, signer) in [("专委会审核", "李明"), ("分管副主席审示", "王建国"), ("主席会议研究", "主席会议")] {
            try keys("r")
            try waitFor("录入审批意见：\(step)")
            try keys("Tab")
            try type("同意设立")
            try keys("Tab")
            try type(signer)
            try keys("F2")
            try waitFor("已记录：\(step) 同意")
        }
        try keys("r")
        try waitFor("录入审批意见：授牌")
        try keys("Tab", "Tab")
        try type("办公室")
        try keys("Tab", "Tab")
        try type(plaque)
        try keys("F2")
        return try waitFor("状态改为「已授牌」")
    }

    func studiodesk(_ args: [String]) throws -> (status: Int32, output: String) {
        try Self.run(Self.binary, args, env: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"])
    }
}

@Suite(.serialized) struct EndToEndTests {
    @Test func binaryWasBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: TmuxSession.binary), "build the package first: \(TmuxSession.binary)")
    }

    @Test func firstRunOffersDemoDataAndCreatesAPrivateFile() throws {
        let s = try TmuxSession()
        try s.startApp()
        try s.waitFor("是否载入演示数据")
        try s.keys("y")
        try s.waitFor("已载入演示数据")
        try s.keys("Enter")
        try s.waitFor("共 150 名委员")
        let mode = try FileManager.default.attributesOfItem(atPath: s.dbPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        try s.keys("q")
        try s.waitFor("EXIT=0")
    }

    @Test func typeChineseIntoTheRosterAndFindItByPinyinInitials() throws {
        let s = try TmuxSession.demoApp(showing: "委员名册")
        try s.keys("3")
        try s.waitFor("共 150 名委员")
        try s.keys("a")
        try s.waitFor("新增委员")
        try s.type("欧阳娜娜")
        try s.keys("Tab")
        try s.type("民盟")
        try s.keys("Tab", "Tab", "Tab", "Tab")
        try s.type("0571-87654321")
        try s.keys("F2")
        let saved = try s.waitFor("已新增：欧阳娜娜")
        #expect(saved.contains("共 151 名委员"))
        try s.keys("/")
        try s.type("oynn")
        let found = try s.waitFor("找到 1 名")
        let row = try #require(found.split(separator: "\n").first { $0.contains("欧阳娜娜") })
        #expect(row.contains("民盟"))
        #expect(row.contains("0571-87654321"))
        try s.keys("Escape")
        try s.waitFor("共 151 名委员")
        try s.keys("Escape")
        try s.waitFor("[1] 工作室申报")
        try s.keys("q")
        try s.waitFor("EXIT=0")
        // The command line sees the same roster.
        let out = try s.studiodesk(["members", "--db", s.dbPath, "--search", "oynn", "--format", "json"])
        #expect(out.status == 0)
        #expect(out.output.contains("\"name\" : \"欧阳娜娜\""))
    }

    @Test func tooSmallTerminalAsksToEnlargeAndRecovers() throws {
        let s = try TmuxSession.demoApp(width: 70, height: 20, showing: "请放大终端窗口")
        try s.resize(width: 100, height: 30)
        try s.waitFor("[3] 委员名册")
        try s.resize(width: 80, height: 24)
        let screen = try s.waitFor("[0] 退出")
        #expect(!screen.contains("请放大终端窗口"))
        try s.keys("q")
        try s.waitFor("EXIT=0")
    }

    @Test(arguments: ["xterm-256color", "screen", "tmux-256color", "linux", "vt100"])
    func worksWithCommonTerminalTypes(term: String) throws {
        let s = try TmuxSession.demoApp(term: term, showing: "委员名册")
        try s.keys("3")
        try s.waitFor("共 150 名委员")
        try s.keys("F1")
        try s.waitFor("帮助：委员名册")
        try s.keys("Escape")
        try s.waitFor("第 1/150 名")
        try s.keys("PageDown")
        try s.waitFor("第 2")  // a page further down: 第 2x/150 名
        try s.keys("Tab")      // Tab is not bound here; only checks nothing breaks
        try s.keys("Escape", "Escape")
        try s.waitFor("[0] 退出")
        try s.keys("F10")
        try s.waitFor("EXIT=0")
    }

    @Test func noColorDrawsWithAttributesOnly() throws {
        let s = try TmuxSession.demoApp(extraEnv: "env NO_COLOR=1")
        let colored = try s.capture(escapes: true)
        // No foreground/background colour codes (3x/4x), only attributes such as reverse (7).
        #expect(colored.range(of: "\u{1b}\\[[0-9;]*(3[0-7]|4[0-7])m", options: .regularExpression) == nil)
        #expect(colored.contains("\u{1b}["))
        try s.keys("q")
        let s2 = try TmuxSession.demoApp()
        // With colours allowed, the title bar's colour codes appear (polled: the first paint may lag).
        try TmuxSession.waitUntil("colour codes on screen") {
            try s2.capture(escapes: true).range(of: "\u{1b}\\[[0-9;]*(3[0-7]|4[0-7])m", options: .regularExpression) != nil
        }
        try s2.keys("q")
    }

    @Test func nonUTF8LocaleIsRefusedBeforeCursesStarts() throws {
        let s = try TmuxSession()
        // LANG=C is no longer refused (the program picks C.UTF-8, issue 22); a locale naming another set still is.
        try s.start("LANG=en_US.ISO-8859-1 LC_ALL=en_US.ISO-8859-1 '\(TmuxSession.binary)' --db '\(s.dbPath)'")
        let screen = try s.waitFor("EXIT=")
        #expect(screen.contains("不是 UTF-8"))
        #expect(screen.contains("EXIT=1"))
        #expect(!FileManager.default.fileExists(atPath: s.dbPath))
    }

    @Test func commandLineErrorsAreClear() throws {
        let s = try TmuxSession()
        let bad = s.dir.appendingPathComponent("bad.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: bad))
        let out = try s.studiodesk(["members", "--db", bad])
        #expect(out.status == 1)
        #expect(out.output.contains("已损坏或不是 StudioDesk 的数据文件"))
        // A mistyped path is named and refused, never created as an empty office.
        let typo = s.dir.appendingPathComponent("typo/x.sqlite").path
        for args in [["members"], ["studios"], ["compliance", "--year", "2026"], ["ledger", "--studio", "1"], ["scorecard", "--year", "2026"],
                     ["checklist"], ["duty", "show", "--studio", "1", "--quarter", "2026Q4"]] {
            let r = try s.studiodesk(args + ["--db", typo])
            #expect(r.status == 1 && r.output.contains("数据文件 \(typo) 不存在"), "\(args): \(r.output)")
        }
        #expect(!FileManager.default.fileExists(atPath: s.dir.appendingPathComponent("typo").path))
        let fmt = try s.studiodesk(["members", "--db", s.dbPath, "--format", "xml"])
        #expect(fmt.status != 0)
        let csv = try s.studiodesk(["demo", "--db", s.dbPath])
        #expect(csv.status == 0)
        let again = try s.studiodesk(["demo", "--db", s.dbPath])
        #expect(again.status == 1)
        #expect(again.output.contains("已有数据"))
        let rows = try s.studiodesk(["members", "--db", s.dbPath, "--format", "csv", "--search", "zxq"])
        #expect(rows.output.split(separator: "\n").count == 2)
        #expect(rows.output.hasPrefix("姓名,界别,专委会,单位职务,专长,联系方式,备注"))
    }

    @Test func archiveCommandWritesABundleAndRefusesAnUnknownStudio() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let unknown = try s.studiodesk(["archive", "--db", s.dbPath, "--studio", "9999"])
        #expect(unknown.status != 0)
        #expect(unknown.output.contains("找不到编号为 9999 的工作室"))
        let zip = s.dir.appendingPathComponent("a.zip").path
        let ok = try s.studiodesk(["archive", "--db", s.dbPath, "--studio", "1", "--out", zip])
        #expect(ok.status == 0)
        #expect(ok.output.contains("已导出档案"))
        let listing = try TmuxSession.run("unzip", ["-l", zip])
        #expect(listing.output.contains("工作室档案.json"))
        #expect(listing.output.contains("团队名单.csv"))
        let mode = try FileManager.default.attributesOfItem(atPath: zip)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func printChecklistBlankOrFilled() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let unknown = try s.studiodesk(["print", "checklist", "--db", s.dbPath, "--studio", "9999", "--blank",
                                        "--out", s.dir.appendingPathComponent("x.pdf").path])
        #expect(unknown.status != 0)
        #expect(unknown.output.contains("找不到编号为 9999"))
        let blank = s.dir.appendingPathComponent("blank.pdf").path
        let ok = try s.studiodesk(["print", "checklist", "--db", s.dbPath, "--studio", "1", "--blank", "--out", blank])
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.contains("已生成"))
        let blankText = try TmuxSession.run("pdftotext", ["-layout", blank, "-"]).output
        #expect(blankText.contains("委员工作室上墙检查表"))
        #expect(blankText.contains("检查人签名") && !blankText.contains("√"))
        // Demo studio 1 was inspected in spring and autumn: without --blank the latest inspection is printed.
        let filled = s.dir.appendingPathComponent("filled.pdf").path
        let latest = try s.studiodesk(["print", "checklist", "--db", s.dbPath, "--studio", "1", "--out", filled])
        #expect(latest.status == 0, "\(latest.output)")
        let filledText = try TmuxSession.run("pdftotext", ["-layout", filled, "-"]).output
        #expect(filledText.contains("委员工作室上墙检查表") && filledText.contains("检查结果") && filledText.contains("√"))
        let wrong = try s.studiodesk(["print", "checklist", "--db", s.dbPath, "--studio", "1", "--inspection", "999999", "--out", filled])
        #expect(wrong.status != 0)
        #expect(wrong.output.contains("没有编号为 999999 的检查记录"))
        // 经济界委员工作室 has never been inspected in the demo: a filled form needs --blank.
        let json = try s.studiodesk(["studios", "--db", s.dbPath, "--format", "json", "--search", "jjjwy"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        let id = try #require(rows.first?["id"] as? Int)
        let never = try s.studiodesk(["print", "checklist", "--db", s.dbPath, "--studio", "\(id)", "--out", filled])
        #expect(never.status != 0)
        #expect(never.output.contains("还没有检查记录；要打印空白检查表请加 --blank"))
    }
}

@Suite(.serialized) struct StudioRegisterEndToEndTests {
    @Test func browseTheRegisterAndOpenAStudio() throws {
        let s = try TmuxSession.demoApp(width: 80, height: 24, showing: "共 18 个工作室")
        try s.keys("2")
        try s.waitFor("第 1/18 个")
        try s.keys("/")
        try s.type("医药")
        try s.waitFor("第 1/1 个")
        try s.keys("Enter", "Enter")
        let detail = try s.waitFor("加入日期")
        #expect(detail.contains("张雪琴"))
        #expect(detail.contains("规则检查"))
        try s.keys("Escape")
        try s.waitFor("第 1/1 个")
        try s.keys("Escape", "Escape")
        try s.quitFromMainMenu()
    }

    @Test func studiosCommandListsAndFilters() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let json = try s.studiodesk(["studios", "--db", s.dbPath, "--format", "json", "--status", "已授牌"])
        #expect(json.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0["statusTitle"] as? String == "已授牌" })
        #expect(rows.contains { ($0["leaders"] as? [String])?.contains("张雪琴") == true })
        let table = try s.studiodesk(["studios", "--db", s.dbPath])
        #expect(table.output.contains("共 18 个工作室"))
        let csv = try s.studiodesk(["studios", "--db", s.dbPath, "--format", "csv", "--type", "界别"])
        #expect(csv.output.hasPrefix("编号,工作室名称,类型"))
        let bad = try s.studiodesk(["studios", "--db", s.dbPath, "--status", "授牌"])
        #expect(bad.status != 0)
        #expect(bad.output.contains("未知状态"))
    }
}

@Suite(.serialized) struct ApprovalEndToEndTests {
    /// A Shaanxi 界别 application (the demo's 农业界 studio, in approval) walked through the chain to 授牌.
    @Test func walkAShaanxiSectorApplicationToThePlaque() throws {
        let s = try TmuxSession.demoApp(showing: "共 18 个工作室")
        let done = try s.walkTheDemoApplicationToThePlaque(plaque: "MH-2026-07")
        #expect(done.contains("牌匾编号 MH-2026-07"))
        try s.keys("Escape", "Escape")
        try s.waitFor("第 1/1 个")
        try s.keys("Escape", "Escape")
        try s.quitFromMainMenu()
        let json = try s.studiodesk(["studios", "--db", s.dbPath, "--format", "json", "--search", "nyj"])
        #expect(json.output.contains("\"statusTitle\" : \"已授牌\""))
    }
}

@Suite(.serialized) struct ApplicationEndToEndTests {
    @Test func createADraftAndPickAMemberByPinyin() throws {
        let s = try TmuxSession.demoApp(showing: "共 18 个工作室")
        try s.keys("2")
        try s.waitFor("待办环节")
        try s.keys("n")
        try s.waitFor("新建工作室申报")
        try s.keys("Tab", "Tab", "Tab")
        try s.type("文化艺术界委员工作室")
        try s.keys("Tab")
        try s.type("明湖区文昌路12号")
        try s.keys("F2")
        try s.waitFor("状态：草稿")
        try s.keys("a")
        try s.waitFor("添加成员")
        try s.type("zxq")
        try s.waitFor("张雪琴")
        try s.keys("Enter")
        try s.waitFor("加入「文化艺术界委员工作室」")
        try s.keys("F2")
        let detail = try s.waitFor("现有成员：1 人")
        #expect(detail.contains("张雪琴"))
        try s.keys("Escape", "Escape")
        try s.quitFromMainMenu()
        let out = try s.studiodesk(["studios", "--db", s.dbPath, "--status", "草稿", "--format", "csv"])
        #expect(out.output.contains("文化艺术界委员工作室"))
    }
}

@Suite(.serialized) struct PrintEndToEndTests {
    /// Text typed into the application on screen comes out in the printed PDF, with the form's labels.
    @Test func typedApplicationTextIsPrinted() throws {
        let s = try TmuxSession.demoApp(showing: "共 18 个工作室")
        try s.keys("2")
        try s.waitFor("待办环节")
        try s.keys("/")
        try s.type("nyjwy")
        try s.waitFor("第 1/1 个")
        try s.keys("Enter", "Enter")
        try s.waitFor("现有成员")
        try s.keys("f")
        try s.waitFor("工作室主要职能和主要工作计划")
        try s.type("围绕高标准农田建设开展调研")
        try s.keys("F2")
        try s.waitFor("现有成员")
        try s.keys("Escape", "Escape", "Escape")
        try s.quitFromMainMenu()

        let json = try s.studiodesk(["studios", "--db", s.dbPath, "--format", "json", "--search", "nyjwy"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        let id = try #require(rows.first?["id"] as? Int)
        let pdf = s.dir.appendingPathComponent("application.pdf").path
        let out = try s.studiodesk(["print", "application", "--db", s.dbPath, "--studio", "\(id)", "--out", pdf])
        #expect(out.status == 0, "\(out.output)")
        #expect(out.output.contains("已生成"))
        let text = try TmuxSession.run("pdftotext", ["-layout", pdf, "-"]).output
        for label in ["创建线上或线下政协委员工作室申报表", "工作室名称", "工作室召集人", "工作室联络员", "参与委员", "所属专委会意见"] {
            #expect(text.contains(label), "PDF misses \(label)")
        }
        #expect(text.contains("农业界委员工作室"))
        #expect(text.contains("围绕高标准农田建设开展调研"))
        let unknown = try s.studiodesk(["print", "application", "--db", s.dbPath, "--studio", "9999", "--out", pdf])
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("找不到编号为 9999 的工作室"))
    }
}


@Suite(.serialized) struct ShaanxiApplicationEndToEndTests {
    /// Demo members on no team: Shaanxi allows one studio per member.
    static func freeMembers() -> [String] {
        let demo = DemoDataSet.make()
        let used = Set(demo.memberships.map(\.memberIndex))
        return demo.members.indices.filter { !used.contains($0) }.map { demo.members[$0].name }
    }

    /// Fills a Shaanxi 界别 application, submits it, and walks it through the chain to 授牌.
    @Test func fillSubmitAndWalkToThePlaque() throws {
        let names = Array(Self.freeMembers().prefix(5))
        #expect(names.count == 5)
        let s = try TmuxSession.demoApp(showing: "草稿 1，审批中 1")
        try s.keys("1")
        try s.waitFor("第 1/2 个")
        try s.keys("n")
        try s.waitFor("新建工作室申报")
        try s.keys("Tab", "Tab", "Tab")
        try s.type("文化艺术界委员工作室")
        try s.keys("Tab")
        try s.type("明湖区文昌路12号")
        try s.keys("Tab")
        try s.type("文化艺术界")
        try s.keys("Tab")
        try s.type("文化文史和学习委员会")
        try s.keys("F2")
        try s.waitFor("状态：草稿")
        // Team: 召集人 (role 1), 联络员 (role 2), three 驻室委员 (the default).
        for (i, name) in names.enumerated() {
            try s.keys("a")
            try s.waitFor("添加成员")
            try s.type(name)
            try s.keys("Enter")
            try s.waitFor("\(name) 加入「文化艺术界委员工作室」")
            if i == 0 { try s.keys("1") }
            if i == 1 { try s.keys("2") }
            try s.keys("F2")
            try s.waitFor("现有成员：\(i + 1) 人")
        }
        try s.waitFor("规则检查：符合「陕西 2023」")
        try s.keys("f")
        try s.waitFor("工作室主要职能和主要工作计划")
        try s.type("开展文化惠民活动，每季度组织读书交流")
        try s.keys("F2")
        try s.waitFor("现有成员：5 人")
        try s.keys("p")
        try s.waitFor("草稿，尚未提交")
        try s.keys("s")
        try s.waitFor("进入审批（第 1 轮）")
        try s.keys("y")
        try s.waitFor("[待办]   专委会审核")
        for (step, signer) in [("专委会审核", "李明"), ("分管副主席审示", "王建国"), ("主席会议研究", "主席会议")] {
            try s.keys("r")
            try s.waitFor("录入审批意见：\(step)")
            try s.keys("Tab")
            try s.type("同意")
            try s.keys("Tab")
            try s.type(signer)
            try s.keys("F2")
            try s.waitFor("已记录：\(step) 同意")
        }
        try s.keys("r")
        try s.waitFor("录入审批意见：授牌")
        try s.keys("Tab", "Tab")
        try s.type("办公室")
        try s.keys("Tab", "Tab")
        try s.type("MH-2026-21")
        try s.keys("F2")
        let plaqued = try s.waitFor("状态改为「已授牌」")
        #expect(plaqued.contains("牌匾编号 MH-2026-21"))
        #expect(plaqued.contains("[待办]   省政协办公厅备案"))
        try s.keys("Escape", "Escape", "Escape", "Escape")
        try s.quitFromMainMenu()
        let json = try s.studiodesk(["studios", "--db", s.dbPath, "--format", "json", "--search", "文化艺术界委员工作室"])
        #expect(json.output.contains("\"statusTitle\" : \"已授牌\""))
        #expect(json.output.contains("\"memberCount\" : 5"))
    }
}
