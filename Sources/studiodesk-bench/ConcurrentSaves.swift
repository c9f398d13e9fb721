import Foundation
import Histogram
import StudioCore
import StudioDemo
import StudioStore

/// The many-sessions figure (issue 22): `processes` copies of this program, each its own StudioDesk connection as a
/// clerk's SSH session is, save `saves` members each into one file at the same moment. Every save's time goes into one
/// histogram; a save refused because the file was busy ("database is locked") is counted, and must never happen:
/// writes begin IMMEDIATE and wait out the busy timeout.
enum ConcurrentSaves {
    struct Outcome: Encodable {
        let processes, saves: Int
        let medianMs, p95Ms, maxMs: Double
        let busyErrors: Int
        /// Any other failure, as the child said it (a child that crashed or could not open the file).
        let otherErrors: [String]

        var met: Bool { busyErrors == 0 && otherErrors.isEmpty }

        /// The report table's row: the count of busy refusals, with its goal (none).
        var busyRow: [String] {
            return ["\(processes) 个进程同时保存：数据文件忙被拒（次）", "\(busyErrors)", "", "", "", "= 0", met ? "达标" : "未达标"]
        }

        var measurement: BenchmarkRunner.Measurement {
            BenchmarkRunner.Measurement(name: "\(processes) 个进程同时保存（共 \(saves) 次，每次一名委员）", runs: saves, medianMs: medianMs, p95Ms: p95Ms,
                                        maxMs: maxMs, goalMs: nil, goalRatio: nil, sqliteMedianMs: nil)
        }
    }

    /// What one child prints: its saves' times and its failures.
    struct Report: Codable {
        var ms: [Double] = []
        var busy = 0
        var errors: [String] = []
    }

    static func readyFile(_ path: String, _ id: Int) -> String { path + ".ready-\(id)" }
    static func goFile(_ path: String) -> String { path + ".go" }

    static func measure(processes: Int, saves: Int, dir: URL, profiles: [RuleProfile]) throws -> Outcome {
        let path = dir.appendingPathComponent("sessions.sqlite").path
        let db = try AppDatabase.open(path: path)
        try db.loadDemo(DemoDataSet.make(), profiles: profiles)
        let before = try db.memberCount()
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var children: [(Process, Pipe)] = []
        for id in 0..<processes {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: FileManager.default.fileExists(atPath: me) ? me : CommandLine.arguments[0])
            p.arguments = ["--save-worker", path, "--worker-id", "\(id)", "--runs", "\(saves)"]
            let out = Pipe()
            p.standardOutput = out
            p.standardError = out
            try p.run()
            children.append((p, out))
        }
        // All open and waiting, then all at once.
        let deadline = Date().addingTimeInterval(60)
        while (0..<processes).contains(where: { !FileManager.default.fileExists(atPath: readyFile(path, $0)) }),
              children.allSatisfy({ $0.0.isRunning }), Date() < deadline {
            usleep(2000)
        }
        _ = FileManager.default.createFile(atPath: goFile(path), contents: nil)
        var histogram = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
        var busy = 0, total = 0
        var errors: [String] = []
        for (id, (p, out)) in children.enumerated() {
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            guard p.terminationStatus == 0, let r = try? JSONDecoder().decode(Report.self, from: data) else {
                errors.append("进程 \(id)（退出码 \(p.terminationStatus)）：\(String(decoding: data, as: UTF8.self).prefix(200))")
                continue
            }
            for ms in r.ms { histogram.record(UInt64(max(1, ms * 1000))) }
            busy += r.busy
            total += r.ms.count
            errors += r.errors.map { "进程 \(id)：\($0)" }
        }
        let saved = try db.memberCount() - before
        if saved != total { errors.append("保存了 \(total) 次，文件中多了 \(saved) 名委员") }
        func v(_ p: Double) -> Double { Double(histogram.valueAtPercentile(p)) / 1000 }
        return Outcome(processes: processes, saves: total, medianMs: v(50), p95Ms: v(95), maxMs: Double(histogram.max) / 1000,
                       busyErrors: busy, otherErrors: errors)
    }

    /// A child: opens the file as a clerk's session does, says it is ready, waits for the start, saves, prints its Report.
    static func work(path: String, id: Int, saves: Int) throws {
        var report = Report()
        let db = try AppDatabase.open(path: path, user: "并发录入\(["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"][id % 8])")
        _ = FileManager.default.createFile(atPath: readyFile(path, id), contents: nil)
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: goFile(path)), Date() < deadline { usleep(500) }
        let clock = ContinuousClock()
        for i in 0..<saves {
            let member = Member(name: "并发录入", unitTitle: "进程\(id)第\(i)次")
            let start = clock.now
            do {
                try db.saveMember(member)
                report.ms.append(BenchmarkRunner.milliseconds(clock.now - start))
            } catch StoreError.busy {
                report.busy += 1
            } catch {
                report.errors.append("\(error)")
            }
        }
        print(String(decoding: try JSONEncoder().encode(report), as: UTF8.self))
    }
}
