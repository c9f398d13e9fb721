import ArgumentParser
import Foundation
import StudioCore
import StudioExport
import StudioResources
import StudioStore

struct StudioDeskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "studiodesk",
        abstract: "委员工作室管理 (StudioDesk)：政协委员工作室的申报、名册、台账与评估。",
        discussion: """
        不带子命令时打开全屏界面。数据文件默认位于 $XDG_DATA_HOME/studiodesk/studiodesk.sqlite
        （未设置时为 ~/.local/share/studiodesk/studiodesk.sqlite），可用 --db 或环境变量 STUDIODESK_DB 指定。
        """,
        subcommands: [UICommand.self, MembersCommand.self, StudiosCommand.self, DemoCommand.self, ProfilesCommand.self, PrintCommand.self, ArchiveCommand.self, ChecklistCommand.self, BenchMovedCommand.self,
                      LedgerCommand.self, ComplianceCommand.self, DutyCommand.self, ScorecardCommand.self, ReportCommand.self, BackupCommand.self, RestoreCommand.self, ImportCommand.self, ExportCommand.self, AuditCommand.self, AccountsCommand.self],
        defaultSubcommand: UICommand.self
    )
}

/// --db and its defaults, shared by every subcommand.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("数据文件路径（默认见 studiodesk --help）", valueName: "PATH"))
    var db: String?
    @Option(name: .long, help: ArgumentHelp("修改记录中记下的操作人（默认为系统用户名，或环境变量 STUDIODESK_USER）", valueName: "NAME"))
    var user: String?
    @Flag(name: .long, help: "只读打开（审阅模式，亦可设 STUDIODESK_READONLY=1）：在 SQLite 层面不能写入")
    var readOnly = false
    @Option(name: .long, help: ArgumentHelp("以数据文件中的账户打开（其角色决定能做什么）；不指定时为本机用户，可做一切", valueName: "NAME"))
    var account: String?

    var resolvedUser: String? {
        if let user, !user.trimmingCharacters(in: .whitespaces).isEmpty { return user.trimmingCharacters(in: .whitespaces) }
        if let env = ProcessInfo.processInfo.environment["STUDIODESK_USER"], !env.isEmpty { return env }
        return nil
    }

    var resolvedReadOnly: Bool {
        readOnly || ["1", "true", "yes"].contains(ProcessInfo.processInfo.environment["STUDIODESK_READONLY"]?.lowercased() ?? "")
    }

    func resolvedPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let db, !db.isEmpty { return (db as NSString).expandingTildeInPath }
        if let env = environment["STUDIODESK_DB"], !env.isEmpty { return (env as NSString).expandingTildeInPath }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            dataHome = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return dataHome + "/studiodesk/studiodesk.sqlite"
    }

    /// Opens a file that must already exist (reports, exports, changes to records): a mistyped path is named,
    /// never created, so a typo cannot look like an empty office.
    /// `needs`: the permission the subcommand declares (issue 22), checked against the account before anything runs;
    /// `studio` where the role is limited to some studios.
    func openExisting(needing needs: Permission? = nil, studio: Int64? = nil) throws -> AppDatabase {
        let db = try openExisting()
        try db.requireForCommand(needs, studio: studio)
        return db
    }

    func openExisting() throws -> AppDatabase {
        let path = resolvedPath()
        guard FileManager.default.fileExists(atPath: path) else {
            throw Failure("数据文件 \(path) 不存在。请检查 --db 的路径（或环境变量 STUDIODESK_DB）；新建数据文件请用 studiodesk demo 或直接打开全屏界面")
        }
        return try open()
    }

    /// Opens the file, or stops with the store's message and exit code 1.
    func open() throws -> AppDatabase {
        let db: AppDatabase
        do {
            // Over SSH the client's address goes into the audit with the name (issue 22).
            if account != nil, user != nil { throw Failure("--account 与 --user 只能用一个：账户的名字就是修改记录中的操作人") }
            db = try AppDatabase.open(path: resolvedPath(), user: resolvedUser, client: AuditLog.sshClient(), readOnly: resolvedReadOnly, account: account)
        } catch {
            throw Failure("\(error)")
        }
        // Said before anything else: a command that writes will fail, and this is why.
        if let reason = db.readOnlyReason { FileHandle.standardError.write(Data("\(reason)，已以只读方式打开\n".utf8)) }
        return db
    }
}

extension AppDatabase {
    /// Stops a subcommand whose permission the account lacks, saying which (exit code 1).
    func requireForCommand(_ needs: Permission?, studio: Int64? = nil) throws {
        guard let needs else { return }
        do { try require(needs, studio: studio) } catch { throw Failure("\(actor.refusal(needs, studio: studio))，不能执行此命令") }
    }
}

/// A report's text on standard output, or (`--out`) into `path`, owner-only, saying where (`written`).
func emit(_ text: String, to path: String?, written: (String) -> String = { "已写入 \($0)" }) throws {
    guard let path else {
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        return
    }
    try writePrivate(text, to: path)
    print(written(path))
}

/// Writes a file the clerk asked for, owner-only whatever the umask (`PrivateFile`), or stops with the reason.
func writePrivate(_ text: String, to path: String) throws { try writePrivate(Data(text.utf8), to: path) }

func writePrivate(_ data: Data, to path: String) throws {
    try writing(path) { try PrivateFile.write(data, to: path) }
}

/// Runs what writes `path`; a failure stops the command with the reason in Chinese (`OutputFile.message`),
/// a rule a printout cannot follow with where to look it up.
func writing<T>(_ path: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let f as Failure {
        throw f
    } catch PrintoutProblem.unknownProfile(let studio, let id) {
        throw Failure(PrintoutProblem.unknownProfile(studio: studio, profileID: id).description + "（studiodesk profiles 可列出已有规则）")
    } catch {
        throw Failure(OutputFile.message(for: error, path: path))
    }
}


/// "Today" for the program: the system date, or STUDIODESK_TODAY (yyyy-MM-dd) when set, so that
/// a demonstration or an end-to-end test sees the same deadlines and shortfalls on any day.
func today(environment: [String: String] = ProcessInfo.processInfo.environment) -> Date {
    guard let text = environment["STUDIODESK_TODAY"], DateInput.isISO(text) else { return Date() }
    let parts = text.split(separator: "-").compactMap { Int($0) }
    return Calendar(identifier: .gregorian).date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 12)) ?? Date()
}
