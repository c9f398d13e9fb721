import Foundation
import Testing
import TestSupport

/// Processes killed with SIGKILL in the middle of writing, many times over: the file must pass integrity_check every
/// time and each operation must be wholly there or wholly absent. Seeded, so a failure replays.
@Suite(.serialized) struct CrashTests {
    typealias Seeded = SeededRandom

    static func spawn(_ args: [String]) throws -> pid_t {
        var pid: pid_t = 0
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([TmuxSession.binary] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let vars: [String] = ["LANG=C.UTF-8", "LC_ALL=C.UTF-8", "HOME=" + NSHomeDirectory()]
        let env: [UnsafeMutablePointer<CChar>?] = vars.map { strdup($0) } + [nil]
        defer { env.forEach { free($0) } }
        let rc = posix_spawn(&pid, TmuxSession.binary, &actions, nil, argv, env)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        return pid
    }

    /// Kills the process after `delay` microseconds; true when it was still running (killed mid-operation).
    static func kill(_ pid: pid_t, after delay: UInt32) -> Bool {
        usleep(delay)
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7f) == SIGKILL
    }

    static func sqlite(_ path: String, _ sql: String) throws -> String {
        try TmuxSession.run("sqlite3", [path, sql]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func csv(rows: Int, tag: String) -> String {
        var lines = ["工作室,活动日期,活动类别,线上/线下,活动名称,参加委员"]
        for i in 0..<rows {
            lines.append("明湖区湖滨街道委员工作室,2026-03-\(String(format: "%02d", 1 + i % 28)),走访调研,线下,崩溃测试\(tag)-\(i),司马月华、施春梅")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func killedMidImportSaveOrBackupLeavesAWholeFile() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        // Check the files import at all, so a kill that "leaves nothing" is not a file that never imports.
        let probe = s.dir.appendingPathComponent("probe.csv").path
        try Self.csv(rows: 2, tag: "probe").write(toFile: probe, atomically: true, encoding: .utf8)
        let ok = try s.studiodesk(["import", "activities", probe, "--db", s.dbPath])
        try #require(ok.status == 0, "\(ok.output)")
        var count = Int(try Self.sqlite(s.dbPath, "SELECT COUNT(*) FROM activity")) ?? -1
        var rng = Seeded(state: 20261203)
        var killedMidway = 0
        let backup = s.dir.appendingPathComponent("backups/copy.sqlite").path
        for i in 0..<120 {
            let op = i % 3
            let rows = op == 0 ? 600 : 1  // an import, or one record (a save)
            let file = s.dir.appendingPathComponent("run\(i).csv").path
            try Self.csv(rows: rows, tag: "\(i)").write(toFile: file, atomically: true, encoding: .utf8)
            let args = op == 2 ? ["backup", backup, "--db", s.dbPath] : ["import", "activities", file, "--db", s.dbPath]
            let pid = try Self.spawn(args)
            if Self.kill(pid, after: UInt32.random(in: 5_000...300_000, using: &rng)) { killedMidway += 1 }
            #expect(try Self.sqlite(s.dbPath, "PRAGMA integrity_check") == "ok", "run \(i) (\(args[0])): data file damaged")
            let now = Int(try Self.sqlite(s.dbPath, "SELECT COUNT(*) FROM activity")) ?? -1
            if op == 2 {
                #expect(now == count, "run \(i): a backup changed the data")
                if FileManager.default.fileExists(atPath: backup) {
                    #expect(try Self.sqlite(backup, "PRAGMA integrity_check") == "ok", "run \(i): the backup left is damaged")
                }
            } else {
                #expect(now == count || now == count + rows, "run \(i): \(now - count) of \(rows) rows written")
                let tagged = Int(try Self.sqlite(s.dbPath, "SELECT COUNT(*) FROM activity WHERE title LIKE '崩溃测试\(i)-%'")) ?? -1
                #expect(tagged == 0 || tagged == rows)
            }
            count = now
        }
        // The kills must land in the middle of the work often enough to mean something.
        #expect(killedMidway >= 40, "only \(killedMidway) of 120 kills caught a process at work")
        #expect(try s.studiodesk(["studios", "--db", s.dbPath]).status == 0)
    }

    /// The terminal disappears while a form is half typed: the program ends, the file is clean, nothing half-saved.
    @Test func aTerminalThatDisappearsMidEditLeavesTheFileClean() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let before = try Self.sqlite(s.dbPath, "SELECT COUNT(*) FROM member")
        try s.startApp()
        try s.waitFor("共 150 名委员")
        try s.keys("3")
        try s.waitFor("新增")
        try s.keys("a")
        try s.waitFor("新增委员")
        try s.type("半途而废")
        try TmuxSession.run("tmux", ["-L", s.socket, "kill-session", "-t", "e2e"], captureOutput: false)
        // The program notices the lost terminal and ends; give it a moment, then nothing of it may be left.
        var gone = false
        for _ in 0..<50 {
            // "[s]" keeps the pattern from matching the shell that runs pgrep.
            let ps = try TmuxSession.run("sh", ["-c", "pgrep -f '[s]tudiodesk --db \(s.dbPath)' || true"]).output
            if ps.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { gone = true; break }
            usleep(100_000)
        }
        #expect(gone, "the program kept running after its terminal went away")
        #expect(try Self.sqlite(s.dbPath, "PRAGMA integrity_check") == "ok")
        #expect(try Self.sqlite(s.dbPath, "SELECT COUNT(*) FROM member") == before)
        #expect(try Self.sqlite(s.dbPath, "SELECT COUNT(*) FROM member WHERE name = '半途而废'") == "0")
    }
}
