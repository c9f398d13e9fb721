import ArgumentParser
import Foundation
import Histogram
import StudioApp
import StudioCommandLine
import StudioCore
import StudioDemo
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

/// `studiodesk-bench`: the speed and memory goals, measured on a province-sized office generated afresh in a
/// temporary file, each figure beside the same work done by the `sqlite3` shell on the same file where there is one.
struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "studiodesk-bench",
        abstract: "性能测试：在省级规模的虚拟数据上测量各项操作的中位数和 95 分位耗时、内存峰值，并与 sqlite3 命令行对照。",
        discussion: """
        默认规模：300 个工作室、6000 名委员、三年 200000 条台账记录（含演示数据）。目标（发布版本）：首屏 100 毫秒内；\
        20 万条台账中一次按键 5 毫秒内（95 分位）；查找 20 毫秒内；全年达标计算和评估表计算不超过 sqlite3 同等 SQL 的 2 倍；\
        导入不超过 sqlite3 .import 的 5 倍（另列不含审计日志的同一导入）；打印 300 份评估表 3 秒内；内存峰值 80 MB 内。
        """
    )

    // Unset, a size is the office's (300 studios …) or, with --province, the province's; set, it wins over either.
    @Option(help: "工作室总数（含演示数据；默认 300，--province 时 3000）") var studios: Int?
    @Option(help: "委员总数（含演示数据；默认 6000，--province 时 60000）") var members: Int?
    @Option(help: "台账记录总数（分布在 --years 年中；默认 200000，--province 时 2000000）") var records: Int?
    @Option(help: "台账记录跨越的年数") var years: Int?
    @Flag(help: "省级规模：一个数据文件装下全省 3000 个工作室、60000 名委员、200 万条台账记录和一年的下级报送，只测首屏、全部台账记录按键、查找、全年达标计算、汇总和文件大小（可用 --studios 等改小）")
    var province = false
    /// With --province and --keep: one step only, once (open, ledger, search, summary), for a profiler.
    @Option(help: .hidden) var profileStep: String?
    @Option(help: "每项测量的次数（按键类测量另乘 10）") var runs = 20
    @Option(help: "导入测量的行数（0 不测导入）") var importRows = 200_000
    @Option(help: ArgumentHelp("保留生成的数据文件于此路径（已有此文件时直接测量它，不再生成）", valueName: "PATH")) var keep: String?
    @Option(help: "输出格式：table 或 json") var format: OutputFormat = .table
    @Flag(help: "有未达标的项目时以退出码 1 结束") var strict = false
    @Option(help: "同时保存测量的进程数") var sessions = 8
    /// A child of the many-sessions figure: saves into this file once every sibling is ready (ConcurrentSaves).
    @Option(help: .hidden) var saveWorker: String?
    @Option(help: .hidden) var workerID = 0

    func validate() throws {
        if (studios ?? 0) < 0 || (members ?? 0) < 0 || (records ?? 0) < 0 || importRows < 0 { throw ValidationError("--studios、--members、--records、--import-rows 不能为负数") }
        if (years ?? 1) < 1 { throw ValidationError("--years 至少为 1") }
        if runs < 1 { throw ValidationError("--runs 至少为 1") }
        if sessions < 1 { throw ValidationError("--sessions 至少为 1") }
    }

    func run() throws {
        if let saveWorker { return try ConcurrentSaves.work(path: saveWorker, id: workerID, saves: runs) }
        let profiles = try loadProfiles()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = keep.map { ($0 as NSString).expandingTildeInPath } ?? dir.appendingPathComponent("bench.sqlite").path
        let size = province ? BenchmarkScale.wholeProvince : BenchmarkScale.province
        let bench = BenchmarkRunner(profiles: profiles, dir: dir, runs: runs, sessions: sessions,
                                    scale: BenchmarkScale(studios: studios ?? size.studios, members: members ?? size.members,
                                                          records: records ?? size.records, years: years ?? size.years))
        if let profileStep { return try bench.profileStep(profileStep, path: path, importRows: importRows) }
        if province { return try runProvince(bench, path: path) }
        let report: BenchmarkRunner.Report
        do { report = try bench.run(path: path, importRows: importRows) } catch let e as Failure { throw e } catch { throw Failure("\(error)") }
        switch format {
        case .json:
            print(try JSONText.render(report), terminator: "")
        case .table, .csv:
            print(report.text, terminator: "")
            if let keep { print("数据文件保留在 \(keep)") }
        }
        if strict && !report.allMet { throw ExitCode(1) }
    }

    /// `--province`: the report's own section, {"province": {…}} in JSON.
    func runProvince(_ bench: BenchmarkRunner, path: String) throws {
        let report: BenchmarkRunner.ProvinceReport
        do { report = try bench.runProvince(path: path) } catch let e as Failure { throw e } catch { throw Failure("\(error)") }
        switch format {
        case .json:
            print(try JSONText.render(["province": report]), terminator: "")
        case .table, .csv:
            print(report.text, terminator: "")
            if let keep { print("数据文件保留在 \(keep)") }
        }
        if strict && !report.allMet { throw ExitCode(1) }
    }
}

/// The measurements of `studiodesk-bench`, one after another on one generated file.
struct BenchmarkRunner {
    let profiles: [RuleProfile]
    let dir: URL
    let runs: Int
    var sessions = 8
    let scale: BenchmarkScale
    let year = 2026
    var today: String { "\(year)-11-18" }
    var fixed: Date { Calendar(identifier: .gregorian).date(from: DateComponents(year: year, month: 11, day: 18, hour: 12))! }

    struct Measurement: Encodable {
        let name: String
        let runs: Int
        let medianMs, p95Ms, maxMs: Double
        /// An absolute goal for the 95th percentile, or a goal as a ratio to sqlite3's median.
        let goalMs: Double?
        let goalRatio: Double?
        let sqliteMedianMs: Double?
        var ratio: Double? { sqliteMedianMs.map { $0 > 0 ? medianMs / $0 : 0 } }
        var met: Bool? {
            if let goalMs { return p95Ms <= goalMs }
            if let goalRatio, let ratio { return ratio <= goalRatio }
            return nil
        }
        var goalText: String {
            if let goalMs { return "p95 ≤ \(goalMs < 10 ? String(format: "%.0f", goalMs) : String(Int(goalMs)))" }
            if let goalRatio { return "≤ \(String(format: "%.0f", goalRatio))× sqlite3" }
            return ""
        }

        enum CodingKeys: String, CodingKey { case name, runs, medianMs, p95Ms, maxMs, goalMs, goalRatio, sqliteMedianMs, ratio, met }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(runs, forKey: .runs)
            try c.encode(medianMs, forKey: .medianMs)
            try c.encode(p95Ms, forKey: .p95Ms)
            try c.encode(maxMs, forKey: .maxMs)
            try c.encode(goalMs, forKey: .goalMs)
            try c.encode(goalRatio, forKey: .goalRatio)
            try c.encode(sqliteMedianMs, forKey: .sqliteMedianMs)
            try c.encode(ratio, forKey: .ratio)
            try c.encode(met, forKey: .met)
        }
    }

    struct Memory: Encodable {
        let phase: String
        let peakMB: Double
    }

    struct Report: Encodable {
        let scale: BenchmarkScale
        let studios, members, ledgerRecords: Int
        let generateSeconds: Double
        let measurements: [Measurement]
        let memory: [Memory]
        let peakMemoryMB, memoryGoalMB: Double
        let sqlite3: String
        /// Many sessions saving into one file at once: every save's time, and how many were refused as busy (must be 0).
        let concurrentSaves: ConcurrentSaves.Outcome
        let allMet: Bool

        var text: String {
            let rows = BenchmarkRunner.tableRows(measurements, memory: memory, peakMB: peakMemoryMB, goalMB: memoryGoalMB)
                + [concurrentSaves.busyRow]
            let head = "数据：\(studios) 个工作室，\(members) 名委员，台账记录 \(ledgerRecords) 条（\(scale.years) 年；生成用时 \(String(format: "%.1f", generateSeconds)) 秒）；对照：\(sqlite3)\n"
            return head + TextTable.render(headers: ["项目", "中位数ms", "p95 ms", "sqlite3 ms", "倍数", "目标", "结果"], rows: rows,
                                           footer: allMet ? "全部达标" : "有未达标的项目")
        }
    }

    // MARK: timing

    final class Results {
        var list: [Measurement] = []
        var memory: [Memory] = []
    }

    /// The report's rows: each measurement beside its floor and goal, then each phase's peak memory and the run's.
    static func tableRows(_ measurements: [Measurement], memory: [Memory], peakMB: Double, goalMB: Double) -> [[String]] {
        func ms(_ v: Double?) -> String { v.map { String(format: $0 < 10 ? "%.2f" : "%.1f", $0) } ?? "" }
        return measurements.map { m in
            [m.name, ms(m.medianMs), ms(m.p95Ms), ms(m.sqliteMedianMs), m.ratio.map { String(format: "%.2f×", $0) } ?? "", m.goalText,
             m.met.map { $0 ? "达标" : "未达标" } ?? ""]
        } + memory.map { ["内存峰值：\($0.phase)（MB）", String(format: "%.0f", $0.peakMB), "", "", "", "", ""] }
            + [["内存峰值：全程（MB）", String(format: "%.0f", peakMB), "", "", "", "≤ \(Int(goalMB))", peakMB <= goalMB ? "达标" : "未达标"]]
    }

    static func milliseconds(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }

    /// Times `body` `count` times into a histogram (microseconds) and records the median, p95 and max.
    func measure(_ name: String, count: Int? = nil, goalMs: Double? = nil, goalRatio: Double? = nil, sqlite: [Double]? = nil,
                 into results: Results, before: () -> Void = {}, after: () -> Void = {}, _ body: () throws -> Void) rethrows {
        var histogram = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
        let clock = ContinuousClock()
        let n = count ?? runs
        for _ in 0..<n {
            before()  // untimed: what the step responds to
            let d = try clock.measure(body)
            histogram.record(UInt64(max(1, Self.milliseconds(d) * 1000)))
            after()  // untimed: the background figures the step started, so the next run does not compete with them
        }
        func v(_ p: Double) -> Double { Double(histogram.valueAtPercentile(p)) / 1000 }
        results.list.append(Measurement(name: name, runs: n, medianMs: v(50), p95Ms: v(95), maxMs: Double(histogram.max) / 1000,
                                        goalMs: goalMs, goalRatio: goalRatio, sqliteMedianMs: sqlite.map(Self.median)))
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? 0 : s[s.count / 2]
    }

    // MARK: memory (Linux: VmHWM in /proc/self/status, reset by writing 5 to clear_refs)

    static func resetPeak() {
        // What the phase before freed is given back first, so a phase's peak is its own.
        #if canImport(Glibc)
        GlibcMalloc.trim()
        #endif
        guard let h = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        h.write(Data("5".utf8))
        try? h.close()
    }

    static func peakMB() -> Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kb = Double(line.split(separator: " ").dropFirst().first ?? "") {
            return kb / 1024
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    func phase(_ name: String, into results: Results, _ body: () throws -> Void) rethrows {
        Self.resetPeak()
        try body()
        results.memory.append(Memory(phase: name, peakMB: Self.peakMB()))
    }

    // MARK: the run

    func run(path: String, importRows: Int) throws -> Report {
        let results = Results()
        let clock = ContinuousClock()
        let start = clock.now
        // A file kept by an earlier run (--keep) is measured again as it is: profiling without regenerating.
        if !FileManager.default.fileExists(atPath: path) {
            let db = try AppDatabase.open(path: path)
            try db.loadDemo(DemoDataSet.make(), profiles: profiles)
            try db.loadBenchmarkData(scale: scale, year: year, profiles: profiles)
        }
        let generateSeconds = Self.milliseconds(clock.now - start) / 1000
        let sqlite = SQLiteShell(path: path)

        let db = try AppDatabase.open(path: path)
        let all = try db.studios()
        let memberCount = try db.memberCount()
        let ledgerRecords = try db.ledgerCount(LedgerScope())
        let running = all.filter(\.status.isRunning)

        try phase("界面（首屏、台账、按键、查找）", into: results) {
            try measureScreens(db: db, path: path, into: results)
            try measureSearch(db: db, sqlite: sqlite, into: results)
        }
        try phase("达标和评估计算", into: results) {
            try measureCompliance(db: db, running: running, sqlite: sqlite, into: results)
        }
        // The smaller copies of the print faces are made once a machine (FontSubsets), not by a printout's memory.
        PDFDocument.prepareFonts()
        try phase("评估表计算和打印", into: results) {
            // Held within the phase only: the next phase's memory is its own, not these sheets'.
            var sheets: [(Studio, Assessment)] = []
            try measure("全年评估表计算（\(running.count) 个工作室）", goalRatio: 2, sqlite: try sqlite.time(Self.scorecardSQL(year: year), runs: runs),
                        into: results) {
                sheets = try db.yearResults(year: year, profiles: profiles, today: today)
            }
            let pdf = dir.appendingPathComponent("scorecards.pdf").path
            try measure("打印全部评估表 PDF（\(sheets.count) 份和汇总表）", count: min(runs, 5), goalMs: 3000, into: results) {
                // A printed sheet names the records behind its points: they are read for the printout, as the program does.
                let printed = try db.withEvidence(sheets)
                let summary = YearEndSummary.make(year: year, results: printed)
                try ScorecardPrintout(sheets: printed, summary: summary, district: "", printedOn: today).render(to: pdf)
            }
        }
        try phase("报送与汇总", into: results) {
            try measureReturns(db: db, into: results)
        }
        if importRows > 0 {
            try phase("导入 \(importRows) 行", into: results) {
                try measureImport(rows: importRows, into: results)
            }
        }
        // Last, on a file of its own: the other figures are one program's.
        // At least 20 saves a process, so that the 95th percentile is one of many.
        let concurrent = try ConcurrentSaves.measure(processes: sessions, saves: max(runs, 20), dir: dir, profiles: profiles)
        results.list.append(concurrent.measurement)
        let peak = results.memory.map(\.peakMB).max() ?? Self.peakMB()
        let allMet = results.list.allSatisfy { $0.met != false } && peak <= 80 && concurrent.busyErrors == 0 && concurrent.otherErrors.isEmpty
        return Report(scale: scale, studios: all.count, members: memberCount, ledgerRecords: ledgerRecords, generateSeconds: generateSeconds,
                      measurements: results.list, memory: results.memory, peakMemoryMB: peak, memoryGoalMB: 80,
                      sqlite3: SQLiteShell.version, concurrentSaves: concurrent, allMet: allMet)
    }

    func app(_ db: AppDatabase) -> App { App(context: AppContext(db: db, profiles: profiles, today: { fixed })) }

    func measureScreens(db: AppDatabase, path: String, into results: Results) throws {
        let (w, h) = (100, 30)
        var opened: App?
        try measure("打开数据文件并绘制主菜单首屏", goalMs: 100, into: results, after: { opened?.settle() }) {
            let fresh = try AppDatabase.open(path: path)
            opened = app(fresh)
            _ = opened!.frame(width: w, height: h)
        }
        // One program at a time, as a clerk runs it: each App keeps its own cache of the year, so an App is let go
        // before the next is made (the memory figure is then one program's, not five's).
        opened = nil
        // The menu's office-wide figures, computed in the background after the first frame (fresh file state each run,
        // nothing cached): until they are drawn. The scorecards it then gets ready for 年度评估 are waited for untimed.
        var cold: App?
        measure("主菜单统计数字（后台计算）", goalMs: 300, into: results, after: { cold?.settle(); cold = nil }) {
            cold = app(db)
            cold!.waitForMenuFigures()
            _ = cold!.frame(width: w, height: h)
        }
        try measureMenuAfterSave(db: db, path: path, into: results)
        try measureMenuEntries(db: db, into: results)
        try measureOfficeLedger(db: db, into: results)
    }

    /// A clerk on the main menu while another session saves one record (an activity of a running studio this year,
    /// its mode switched, which moves that studio's figures): from the session noticing the change (`tick`, as its
    /// loop does every half second) to the menu drawn with the new figures. A different studio each run.
    func measureMenuAfterSave(db: AppDatabase, path: String, into results: Results) throws {
        let (w, h) = (100, 30)
        let menu = app(db)
        menu.settle()
        let other = try AppDatabase.open(path: path, user: "bench-other")
        var activities: [Int64] = []
        for s in try other.studios().filter(\.status.isRunning).prefix(runs) {
            let page = try other.ledgerPage(LedgerScope(kind: .activity, year: year, studioID: s.id), offset: 0, limit: 100)
            if let e = page.first(where: { $0.categoryID != "duty" && $0.date <= today }) { activities.append(e.id) }
        }
        var next = 0
        var failed: Error?
        measure("返回主菜单（另一会话保存一条记录后）统计数字更新", count: activities.count, goalMs: 300, into: results,
                before: {
                    do {
                        guard var a = try other.activity(id: activities[next]) else { return }
                        next += 1
                        let members = try other.participants(kind: .activity, recordID: a.id!).compactMap(\.id)
                        a.mode = a.mode == .online ? .offline : .online
                        try other.saveActivity(a, memberIDs: members)
                    } catch { failed = failed ?? error }
                },
                after: { menu.settle() }) {
            menu.tick()
            menu.waitForMenuFigures()
            _ = menu.frame(width: w, height: h)
        }
        if let failed { throw failed }
    }

    func measureMenuEntries(db: AppDatabase, into results: Results) throws {
        let (w, h) = (100, 30)
        let menu = app(db)
        menu.settle()
        _ = menu.frame(width: w, height: h)
        for (name, key) in [("履职台账", Key.char("6")), ("值班排班", .char("5")), ("年度评估", .char("7")), ("工作室名册", .char("2")), ("上墙检查", .char("4"))] {
            measure("从主菜单进入「\(name)」首屏", goalMs: 100, into: results, after: { menu.settle() }) {
                menu.handle(key, width: w, height: h)
                _ = menu.frame(width: w, height: h)
                menu.handle(.escape, width: w, height: h)  // back: the menu recounts, as it does for a clerk
            }
        }
    }

    func measureOfficeLedger(db: AppDatabase, into results: Results) throws {
        let (w, h) = (100, 30)
        // 全部台账记录: every record of every year (200,000 at full size).
        let ledger = app(db)
        ledger.settle()
        ledger.handle(.char("6"), width: w, height: h)
        measure("全部台账记录首屏（\(try db.ledgerCount(LedgerScope())) 条）", goalMs: 100, into: results,
                after: { ledger.handle(.escape, width: w, height: h) }) {
            ledger.handle(.char("a"), width: w, height: h)
            _ = ledger.frame(width: w, height: h)
        }
        ledger.handle(.char("a"), width: w, height: h)
        _ = ledger.frame(width: w, height: h)
        let presses = runs * 10
        measure("全部台账记录：按 Down", count: presses, goalMs: 5, into: results) {
            ledger.handle(.down, width: w, height: h)
            _ = ledger.frame(width: w, height: h)
        }
        measure("全部台账记录：按 PageDown", count: presses, goalMs: 5, into: results) {
            ledger.handle(.pageDown, width: w, height: h)
            _ = ledger.frame(width: w, height: h)
        }
        var toEnd = true
        measure("全部台账记录：按 End / Home", count: presses, goalMs: 5, into: results) {
            ledger.handle(toEnd ? .end : .home, width: w, height: h)
            _ = ledger.frame(width: w, height: h)
            toEnd.toggle()
        }
        measure("全部台账记录：按 l（台账筛选）", count: presses, goalMs: 5, into: results) {
            ledger.handle(.char("l"), width: w, height: h)
            _ = ledger.frame(width: w, height: h)
        }
    }

    func measureSearch(db: AppDatabase, sqlite: SQLiteShell, into results: Results) throws {
        let count = try db.memberCount()
        let sql = """
            SELECT * FROM member WHERE isNonMember = 0 AND (initials LIKE '%yc%' OR replace(pinyin, ' ', '') LIKE '%yc%' OR lower(name) LIKE '%yc%')
            ORDER BY pinyin, name LIMIT 1000
            """
        try measure("委员名册：拼音首字母查找 yc（\(count) 名）", goalMs: 20, sqlite: try sqlite.time([sql], runs: runs), into: results) {
            _ = try db.members(matching: SearchQuery("yc"))
        }
        let hanzi = "SELECT * FROM member WHERE isNonMember = 0 AND (name LIKE '%医%' OR sector LIKE '%医%' OR committee LIKE '%医%' OR unitTitle LIKE '%医%' OR expertise LIKE '%医%' OR phone LIKE '%医%') ORDER BY pinyin, name LIMIT 1000"
        try measure("委员名册：汉字查找「医」", goalMs: 20, sqlite: try sqlite.time([hanzi], runs: runs), into: results) {
            _ = try db.members(matching: SearchQuery("医"))
        }
        // Through the screen: typing the search's last letter, results redrawn.
        let (w, h) = (100, 30)
        let roster = app(db)
        roster.settle()
        roster.handle(.char("3"), width: w, height: h)
        roster.handle(.char("/"), width: w, height: h)
        roster.handle(.char("y"), width: w, height: h)
        _ = roster.frame(width: w, height: h)
        measure("委员名册界面：键入查找字母并重绘", count: runs * 5, goalMs: 20, into: results) {
            roster.handle(.char("c"), width: w, height: h)
            _ = roster.frame(width: w, height: h)
            roster.handle(.backspace, width: w, height: h)
            _ = roster.frame(width: w, height: h)
        }
    }

    func measureCompliance(db: AppDatabase, running: [Studio], sqlite: SQLiteShell, into results: Results) throws {
        try measure("全部工作室全年达标计算（\(running.count) 个）", goalRatio: 2, sqlite: try sqlite.time(Self.complianceSQL(year: year), runs: runs),
                    into: results) {
            // Nothing from a cache of the run before: the office's readings and the year's facts read afresh each run.
            _ = try db.officeCompliance(studios: running, year: year, profiles: db.officeProfiles(profiles), today: today)
        }
    }

    func measureImport(rows: Int, into results: Results) throws {
        let (db, csv) = try importFixture(rows: rows)
        let scratch = dir.appendingPathComponent("dot-import.sqlite").path
        let shell = try SQLiteShell(path: scratch).time([".import --csv \(csv) imported"], runs: 1, fresh: { try? FileManager.default.removeItem(atPath: scratch) })
        var outcome: ImportOutcome?
        // A second fresh district for the same import with the audit log off (`withoutAudit`): the difference is the
        // audit log's share (a signed line for each record and each of its members).
        let bare = try AppDatabase.open(path: dir.appendingPathComponent("import-without-audit.sqlite").path)
        try bare.loadDemo(DemoDataSet.make(), profiles: profiles)
        // The phase's peak is the imports' own, not the making of the districts and of the file's lines.
        Self.resetPeak()
        try measure("导入 \(rows) 条活动记录（CSV）", count: 1, goalRatio: 5, sqlite: shell, into: results) {
            // The measured size is asked for: the import's row limit must not refuse it.
            outcome = try Importer.run(.activities, path: csv, maxRows: max(rows, ImportFile.defaultMaxRows), into: db, profiles: profiles, apply: true)
        }
        try Self.requireWritten(outcome)
        try measure("导入 \(rows) 条活动记录（CSV，不含审计）", count: 1, goalRatio: 5, sqlite: shell, into: results) {
            outcome = try bare.withoutAudit {
                try Importer.run(.activities, path: csv, maxRows: max(rows, ImportFile.defaultMaxRows), into: bare, profiles: profiles, apply: true)
            }
        }
        try Self.requireWritten(outcome)
    }

    /// A fresh demo district and a CSV of `rows` activities of its running studios, members by name.
    func importFixture(rows: Int) throws -> (AppDatabase, String) {
        let target = dir.appendingPathComponent("import.sqlite").path
        let csv = dir.appendingPathComponent("activities.csv").path
        let db = try AppDatabase.open(path: target)
        try db.loadDemo(DemoDataSet.make(), profiles: profiles)
        var lines = ["工作室,活动日期,活动类别,线上/线下,活动名称,参加委员"]
        var teams: [(Studio, [String], RuleProfile)] = []
        for s in try db.studios() where s.status.isRunning {
            guard let p = profiles.first(where: { $0.id == s.profileID }), !p.activityCategories.isEmpty else { continue }
            let names = try db.team(studioID: s.id!).filter(\.isCurrent).map(\.member).filter { !$0.isNonMember }.map(\.name)
            if !names.isEmpty { teams.append((s, names, p)) }
        }
        for r in 0..<rows {
            let (s, names, p) = teams[r % teams.count]
            let c = p.activityCategories[r % p.activityCategories.count]
            let mode = p.hasOnlineMode ? (r % 2 == 0 ? "线上" : "线下") : "线下"
            let date = String(format: "%04d-%02d-%02d", year - r % 3, 1 + r % 11, 1 + r % 28)
            lines.append("\(s.name),\(date),\(c.name),\(mode),导入测试活动\(r),\(names[r % names.count])")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        return (db, csv)
    }

    static func requireWritten(_ outcome: ImportOutcome?) throws {
        if let o = outcome, !o.problems.isEmpty || !o.written {
            throw Failure("导入测试数据未能写入：\(o.problems.prefix(3).map { "第 \($0.row) 行 \($0.column)：\($0.message)" }.joined(separator: "；"))")
        }
    }

    // MARK: the floor's SQL

    static func quarter(_ column: String) -> String { "(CAST(substr(\(column), 6, 2) AS INTEGER) + 2) / 3" }

    // The shell runs the program's own statements (the store's public SQL, the year written in), so the ratio is the
    // program's own cost: reading the rows and what it makes of them. Each grouped statement is summed over its rows
    // (`n`, its count), so the shell computes every row without printing it.

    static func summed(_ sql: String, _ column: String = "n") -> String { "SELECT COUNT(*), SUM(\(column)) FROM (\(sql))" }

    /// What the year's compliance reads: per studio and day, activities by category, mode and review, proposals and
    /// 社情民意 by review, each member's activities the same way, the teams; and the records waiting for review.
    static func complianceSQL(year: Int) -> [String] {
        let facts = AppDatabase.complianceFactsSQL(year: year)
        return facts.dropLast().map { summed($0) } + [summed(facts.last!, "length(name)")]
            + AppDatabase.ledgerQueueSQL.dropLast().map { summed(AppDatabase.literal($0, year: year)) }
            + [summed(AppDatabase.ledgerQueueSQL.last!, "length(receivedOn)")]
    }

    /// What a year's scorecards read: the counts of activities, proposals and 社情民意 (and the year's documents and
    /// inspections), and, for the verdicts among them (the bench's office has them), the compliance facts.
    static func scorecardSQL(year: Int) -> [String] {
        let counts = AppDatabase.scoreCountSQL(year: year)
        let facts = AppDatabase.complianceFactsSQL(year: year)
        return counts.prefix(3).map { summed($0) } + [summed(counts[3], "length(text)"), summed(counts[4], "problems")]
            + facts.dropLast().map { summed($0) } + [summed(facts.last!, "length(name)")]
    }
}

/// The `sqlite3` command-line shell, timing statements with `.timer on` (its own clock, so starting the shell is not counted).
struct SQLiteShell {
    let path: String

    static var version: String {
        guard let out = try? SQLiteShell.runShell(arguments: ["--version"], input: "") else { return "sqlite3（未找到）" }
        return "sqlite3 " + (out.split(separator: " ").first.map(String.init) ?? out)
    }

    /// Per run, the total real time of `statements` (milliseconds); `fresh` runs before each run (a new target file).
    func time(_ statements: [String], runs: Int, fresh: (() -> Void)? = nil) throws -> [Double] {
        var totals: [Double] = []
        if let fresh {
            for _ in 0..<runs {
                fresh()
                totals += try timeOnce(statements, repeats: 1)
            }
            return totals
        }
        return try timeOnce(statements, repeats: runs)
    }

    private func timeOnce(_ statements: [String], repeats: Int) throws -> [Double] {
        // Dot-commands (.import) have no timer line: the whole shell is timed, its start (a few ms) included.
        if statements.allSatisfy({ $0.hasPrefix(".") }) {
            return try (0..<repeats).map { _ in
                let clock = ContinuousClock()
                let d = try clock.measure { _ = try Self.runShell(arguments: ["-batch", path], input: statements.joined(separator: "\n") + "\n") }
                return BenchmarkRunner.milliseconds(d)
            }
        }
        let body = (0..<repeats).map { _ in statements.map { $0.hasPrefix(".") ? $0 : $0 + ";" }.joined(separator: "\n") }.joined(separator: "\n")
        let out = try Self.runShell(arguments: ["-batch", path], input: ".timer on\n" + body + "\n")
        let times = out.split(separator: "\n").compactMap { line -> Double? in
            guard line.hasPrefix("Run Time: real ") else { return nil }
            return Double(line.dropFirst("Run Time: real ".count).split(separator: " ").first ?? "")
        }
        guard times.count == statements.count * repeats else {
            throw Failure("sqlite3 未给出计时（期望 \(statements.count * repeats) 行，得到 \(times.count) 行）：\(out.prefix(300))")
        }
        return stride(from: 0, to: times.count, by: statements.count).map { i in times[i..<(i + statements.count)].reduce(0, +) * 1000 }
    }

    static func runShell(arguments: [String], input: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["sqlite3"] + arguments
        let inPipe = Pipe(), outPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        p.standardError = outPipe
        try p.run()
        let writer = Thread { inPipe.fileHandleForWriting.write(Data(input.utf8)); try? inPipe.fileHandleForWriting.close() }
        writer.start()
        let data = outPipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw Failure("sqlite3 出错：\(String(decoding: data, as: UTF8.self).prefix(300))") }
        return String(decoding: data, as: UTF8.self)
    }
}
