import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real sshd on 127.0.0.1 for the SSH deployment tests (issue 22): its own port, host key, config and
/// authorized_keys in a temporary folder, password logins off. People log in as the user running the tests (sshd
/// run by an ordinary user can log in nobody else), each with a key whose authorized_keys line forces the command.
/// `stop()` (or the end of the test, deinit) ends sshd and removes the folder.
///
/// sshd as root (CI, containers) needs /run/sshd, made here. sshd as an ordinary user logs that user in, but gives
/// a session its terminal only where /dev/pts is mounted with gid=5 (the tty group), as on a normal Debian host: it
/// must chown a new pty to the tty group, which only root may, and a container's /dev/pts (mode=600, no gid) makes
/// it close the session at once ("chown(/dev/pts/N, …) failed").
final class SSHServer {
    static let sshd = "/usr/sbin/sshd"

    /// sshd, ssh and ssh-keygen are installed (Scripts/test installs openssh-server and openssh-client).
    static var isAvailable: Bool {
        [sshd, "/usr/bin/ssh", "/usr/bin/ssh-keygen"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static let unavailable = "sshd or ssh is not installed (apt-get install openssh-server openssh-client; Scripts/test does)"

    /// The forced command of one person's key: the one place the tests build it (`accounts add --key` writes the
    /// same line into authorized_keys).
    static func forcedCommand(db: String, name: String) -> String {
        "\(TmuxSession.shellQuote(TmuxSession.binary)) --db \(TmuxSession.shellQuote(db)) --account \(name)"
    }

    /// A client key pair: `path` is the private key, `publicKey` the line for authorized_keys.
    struct Key {
        let path: String
        let publicKey: String
    }

    let dir: URL
    private(set) var port = 0
    /// The account people log in as: the user running the tests (root on CI).
    let user: String
    private var pid: pid_t = 0
    var authorizedKeys: String { dir.appendingPathComponent("authorized_keys").path }
    var logPath: String { dir.appendingPathComponent("sshd.log").path }
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-sshd-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        user = getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "root"
        _ = FileManager.default.createFile(atPath: authorizedKeys, contents: nil, attributes: [.posixPermissions: 0o600])
        let hostKey = dir.appendingPathComponent("host_ed25519").path
        try Self.keygen(hostKey)
        // Run as root, sshd wants its privilege-separation directory (systemd makes it at boot, a container
        // has none); run as anyone else it skips privilege separation.
        if getuid() == 0 { try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755]) }
        var lastLog = ""
        // A free port is found by binding port 0; another process may take it before sshd does: try again.
        for _ in 0..<3 {
            port = try Self.freePort()
            try writeConfig(hostKey: hostKey)
            try start()
            let deadline = Date().addingTimeInterval(15)
            while Date() < deadline {
                lastLog = log
                if lastLog.contains("Server listening on 127.0.0.1 port \(port)") { return }
                if waitpid(pid, nil, WNOHANG) == pid { pid = 0; break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            stop(removing: false)
        }
        try? FileManager.default.removeItem(at: dir)
        throw TmuxSession.TimedOut(text: "sshd listening", screen: lastLog)
    }

    deinit { stop() }

    /// Ends sshd (the sessions end with their clients) and removes the folder.
    func stop() { stop(removing: true) }

    private func stop(removing: Bool) {
        if pid > 0 {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            pid = 0
        }
        if removing { try? FileManager.default.removeItem(at: dir) }
    }

    private func writeConfig(hostKey: String) throws {
        // StrictModes no: the folder lies under /tmp, which is world-writable, and sshd's strict modes refuse an
        // authorized_keys below such a directory. No PAM: without it sshd passes no locale (/etc/default/locale)
        // to the session, as on a server where nothing forwards one; AcceptEnv is left unset for the same reason.
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(hostKey)
            PidFile \(dir.appendingPathComponent("sshd.pid").path)
            AuthorizedKeysFile \(authorizedKeys)
            AllowUsers \(user)
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            UsePAM no
            StrictModes no
            PermitUserEnvironment no
            PrintMotd no
            PrintLastLog no
            LogLevel VERBOSE

            """
        try config.write(to: dir.appendingPathComponent("sshd_config"), atomically: true, encoding: .utf8)
    }

    private func start() throws {
        // `-D -e`: in the foreground, its log on stderr (into sshd.log). A clean environment, so nothing of the
        // test runner's (LANG above all) can reach the sessions whoever runs sshd; its own process group.
        let config = dir.appendingPathComponent("sshd_config").path
        let script = "exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \(Self.sshd) -D -e -f \(TmuxSession.shellQuote(config)) "
            + "> \(TmuxSession.shellQuote(logPath)) 2>&1 < /dev/null"
        let argv: [UnsafeMutablePointer<CChar>?] = ["/bin/sh", "-c", script].map { s in s.withCString { strdup($0) } } + [nil]
        defer { argv.forEach { free($0) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let rc = posix_spawn(&pid, "/bin/sh", nil, &attributes, argv, environ)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func keygen(_ path: String) throws {
        let r = try TmuxSession.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "studiodesk-test", "-f", path])
        guard r.status == 0 else { throw TmuxSession.TimedOut(text: "ssh-keygen", screen: r.output) }
    }

    /// A new client key pair, not yet authorized.
    func makeKey(_ name: String) throws -> Key {
        let path = dir.appendingPathComponent("id_\(name)").path
        try Self.keygen(path)
        let publicKey = try String(contentsOfFile: path + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return Key(path: path, publicKey: publicKey)
    }

    /// Adds the key to authorized_keys with a forced command: whatever the client asks, `command` runs.
    /// `restrict` turns off forwarding of every kind; `pty` gives back the terminal the program needs.
    func authorize(_ key: Key, command: String, options: String = "restrict,pty") throws {
        let quoted = command.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let line = "command=\"\(quoted)\",\(options) \(key.publicKey)\n"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: authorizedKeys))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
    }

    /// The client's arguments: this server, this key only, no known_hosts, no ~/.ssh/config or /etc/ssh/ssh_config
    /// (Debian's sends LANG and LC_*; sshd here accepts none anyway).
    func clientArguments(_ key: Key, tty: Bool = true) -> [String] {
        (tty ? ["-tt"] : []) + ["-F", "/dev/null", "-p", "\(port)", "-i", key.path, "-o", "StrictHostKeyChecking=no",
                                "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                                "-o", "LogLevel=ERROR", "\(user)@127.0.0.1"]
    }

    /// The shell command that logs in with `key` (asking the server to run `remote`), for a tmux session.
    func sshCommand(_ key: Key, remote: [String] = []) -> String {
        (["/usr/bin/ssh"] + clientArguments(key) + remote).map(TmuxSession.shellQuote).joined(separator: " ")
    }

    /// Logs in without a terminal and returns ssh's exit status and output (a key that is refused: 255).
    func run(_ key: Key, remote: [String] = []) throws -> (status: Int32, output: String) {
        try TmuxSession.run("/usr/bin/ssh", clientArguments(key, tty: false) + remote)
    }
}
