import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Edits a text in the clerk's own editor, as git and mutt do: `$VISUAL`, else `$EDITOR`, else `vi`, on a
/// temporary file (0600, in a 0700 folder of its own, removed afterwards). A seam: screen tests put in a fake.
/// The caller suspends the full-screen UI around `edit` (`Terminal.suspend`).
public struct ExternalEditor: Sendable {
    /// Why the text came back unchanged, in Chinese.
    public struct Failure: Error, Equatable, CustomStringConvertible, Sendable {
        public let message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    public let edit: @Sendable (String) -> Result<String, Failure>

    public init(edit: @escaping @Sendable (String) -> Result<String, Failure>) { self.edit = edit }

    /// The editor command line: VISUAL before EDITOR (a full-screen editor is what we can offer), `vi` if neither.
    public static func command(environment: [String: String]) -> String {
        for name in ["VISUAL", "EDITOR"] {
            if let v = environment[name]?.trimmingCharacters(in: .whitespaces), !v.isEmpty { return v }
        }
        return "vi"
    }

    /// Why no editor is started in this session, or nil. Over SSH (issue 22) a person's key runs StudioDesk as the
    /// service account and nothing else; an editor runs commands (vi's :!sh) and opens any file the account can
    /// (the data file, authorized_keys), so it would undo the forced command: refused in any SSH session.
    public static func refusal(environment: [String: String]) -> Failure? {
        guard ["SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"].contains(where: { !(environment[$0] ?? "").isEmpty }) else { return nil }
        return Failure("通过 SSH 登录时不能打开外部编辑器（编辑器能运行命令、打开别的文件），请在框内直接编辑，内容未改动")
    }

    /// The clerk's editor from the environment.
    public static let system = ExternalEditor { text in
        // An editor needs the terminal: without one (a pipe, a test runner) it would wait for keys that never come.
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return .failure(Failure("没有终端，无法打开编辑器，内容未改动")) }
        if let refused = refusal(environment: ProcessInfo.processInfo.environment) { return .failure(refused) }
        return run(command: command(environment: ProcessInfo.processInfo.environment), text: text)
    }

    /// Writes `text` to a private temporary file, runs `command` on it through /bin/sh (so "code -w" or
    /// "vim -u NONE" work, as in git) and reads it back. The one newline an editor adds at the end is dropped.
    public static func run(command: String, text: String) -> Result<String, Failure> {
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent("studiodesk-edit-XXXXXX")
        var template = Array(base.utf8CString)
        guard let dirPointer = mkdtemp(&template) else { return .failure(Failure("无法建立临时文件夹：\(String(cString: strerror(errno)))")) }
        let dir = String(cString: dirPointer)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        chmod(dir, 0o700)
        let path = (dir as NSString).appendingPathComponent("文本.txt")
        let body = text.isEmpty || text.hasSuffix("\n") ? text : text + "\n"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return .failure(Failure("无法写入临时文件：\(String(cString: strerror(errno)))")) }
        fchmod(fd, 0o600)
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do { try handle.write(contentsOf: Data(body.utf8)); try handle.close() } catch {
            return .failure(Failure("无法写入临时文件：\(error.localizedDescription)"))
        }
        let status: Int32
        switch spawnAndWait(command: command, path: path) {
        case .success(let s): status = s
        case .failure(let f): return .failure(f)
        }
        if status == 127 { return .failure(Failure("找不到编辑器 \(command)（可设置环境变量 VISUAL 或 EDITOR），内容未改动")) }
        guard status == 0 else {
            return .failure(Failure("编辑器 \(command) 异常退出（状态 \(status)），内容未改动"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Failure("编辑器退出后找不到临时文件，内容未改动"))
        }
        guard var edited = String(data: data, encoding: .utf8) else {
            return .failure(Failure("编辑后的文件不是 UTF-8 编码，内容未改动"))
        }
        edited = edited.replacingOccurrences(of: "\r\n", with: "\n")
        if edited.hasSuffix("\n") { edited.removeLast() }
        return .success(edited)
    }

    /// Runs `sh -c 'command "$@"' command path` and waits. The editor owns the terminal meanwhile: Ctrl-C typed
    /// there is the editor's, so this process ignores SIGINT and SIGQUIT until it returns (as git does).
    static func spawnAndWait(command: String, path: String) -> Result<Int32, Failure> {
        let args = ["/bin/sh", "-c", command + " \"$@\"", command, path]
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) }
        argv.append(nil)
        defer { for p in argv { free(p) } }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGQUIT)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGDEF))
        let oldInt = signal(SIGINT, SIG_IGN)
        let oldQuit = signal(SIGQUIT, SIG_IGN)
        defer {
            signal(SIGINT, oldInt)
            signal(SIGQUIT, oldQuit)
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", nil, &attr, argv, environ)
        guard rc == 0 else { return .failure(Failure("无法启动编辑器 \(command)：\(String(cString: strerror(rc)))")) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .failure(Failure("等待编辑器时出错：\(String(cString: strerror(errno)))")) }
        }
        // WIFEXITED / WEXITSTATUS, which Swift cannot import as macros.
        if status & 0x7f == 0 { return .success((status >> 8) & 0xff) }
        return .success(128 + (status & 0x7f))
    }
}
