import ArgumentParser
import Foundation
import StudioApp
import StudioCore
import StudioDemo
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

/// `studiodesk bench`: the speed and memory goals, measured on an office far larger than a district.
/// A keypress must feel instant: each query and each full-screen frame has a median goal.
struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "性能测试：在大规模的虚拟数据上测量各项查询、整屏绘制的耗时和内存峰值。",
        discussion: "目标：每项查询或整屏绘制的中位数不超过 100 毫秒，打开数据文件不超过 200 毫秒，内存峰值不超过 200 MB。"
    )

    @Option(help: "另加的工作室数（每个 10 名成员）") var studios = 200
    @Option(help: "每个工作室一年的台账记录数") var records = 300
    @Option(help: "每项测量的次数") var runs = 5
    @Option(help: ArgumentHelp("保留生成的数据文件于此路径", valueName: "PATH")) var keep: String?
    @Option(help: "输出格式：table 或 json") var format: OutputFormat = .table
    @Flag(help: "有未达标的项目时以退出码 1 结束") var strict = false

    func validate() throws {
        if studios < 0 || records < 0 { throw ValidationError("--studios 和 --records 不能为负数") }
        if runs < 1 { throw ValidationError("--runs 至少为 1") }
    }

    struct Measurement: Encodable {
        let name: String
        let medianMs, maxMs, goalMs: Double
        var met: Bool { medianMs <= goalMs }
    }

    struct Report: Encodable {
        let studios, members, benchRecords: Int
        let loadSeconds: Double
        let measurements: [Measurement]
        let peakMemoryMB, memoryGoalMB: Double
        let allMet: Bool
    }

    func run() throws {
        let profiles = try loadProfiles()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-bench-\(UUID().uuidString)")
        let path = keep.map { ($0 as NSString).expandingTildeInPath } ?? dir.appendingPathComponent("bench.sqlite").path
        defer { if keep == nil { try? FileManager.default.removeItem(at: dir) } }
        let year = 2026
        let today = "\(year)-11-18"
        let clock = ContinuousClock()

        let loadStart = clock.now
        do {
            let db = try AppDatabase.open(path: path)
            try db.loadDemo(DemoDataSet.make(), profiles: profiles)
            try db.loadBenchmarkData(studios: studios, records: records, year: year, profiles: profiles)
        } catch { throw Failure("\(error)") }
        let loadSeconds = Double((clock.now - loadStart).components.attoseconds) / 1e18 + Double((clock.now - loadStart).components.seconds)

        var results: [Measurement] = []
        func measure(_ name: String, goal: Double, _ body: () throws -> Void) rethrows {
            var times: [Double] = []
            for _ in 0..<runs {
                let d = try clock.measure(body)
                times.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
            }
            times.sort()
            results.append(Measurement(name: name, medianMs: times[times.count / 2], maxMs: times.last!, goalMs: goal))
        }

        try measure("打开数据文件", goal: 200) { _ = try AppDatabase.open(path: path) }
        let db = try AppDatabase.open(path: path)
        let all = try db.studios()
        let running = all.filter { [.plaqued, .warned, .rectifying].contains($0.status) }
        let memberCount = try db.memberCount()
        try measure("委员名册：拼音首字母查找 zxq", goal: 100) { _ = try db.members(matching: SearchQuery("zxq")) }
        try measure("委员名册：汉字查找「医药」", goal: 100) { _ = try db.members(matching: SearchQuery("医药")) }
        try measure("工作室名册（全部）", goal: 100) { _ = try db.studioSummaries(limit: 100_000) }
        try measure("上墙检查一览", goal: 100) {
            let s = try db.wallStatuses()
            _ = WallOverview.problems(WallOverview.studios(s), today: today)
        }
        let busiest = running.last!
        try measure("一个工作室的年度台账", goal: 100) { _ = try db.ledgerEntries(studioID: busiest.id!, year: year) }
        try measure("全部工作室达标计算", goal: 1000) {
            for s in running {
                guard let p = profiles.first(where: { $0.id == s.profileID }) else { continue }
                _ = Compliance.evaluate(profile: p, year: year, facts: try db.ledgerFacts(studioID: s.id!, year: year), today: today)
            }
        }
        // 值班排班: 20 members over a whole year, 3 slots a week, under the Shaanxi rule (线上 and 线下 each quarter).
        let calendar = try db.holidayCalendar()
        let patterns = try DutyPattern.parseAll("每周一上午 线下；每周三下午 线上；每周五上午 线下")
        let shaanxi = profiles.first { $0.id == "shaanxi-2023" }
        let team = (1...20).map { DutyCandidate(id: Int64($0), name: "委员\($0)") }
        let yearSlots = DutyLayout.make(patterns: patterns, period: Period(.year, year: year), calendar: calendar, studioID: 1) { _ in "工作室" }.slots.count
        measure("值班表生成：20人×全年×每周3个时段（\(yearSlots) 个）", goal: 100) {
            let layout = DutyLayout.make(patterns: patterns, period: Period(.year, year: year), calendar: calendar, studioID: 1) { _ in "工作室" }
            _ = DutyGenerator.generate(slots: layout.slots, members: team, rule: DutyRule.of(shaanxi))
        }
        // 年度评估: every assessed studio's sheet for the year, then all of them printed in one PDF with the summary.
        var sheets: [(Studio, Assessment)] = []
        try measure("全年评估表计算（\(running.count) 个工作室）", goal: 2000) {
            sheets = try db.yearResults(year: year, profiles: profiles, today: today)
        }
        let pdfPath = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-bench-\(UUID().uuidString).pdf").path
        defer { try? FileManager.default.removeItem(atPath: pdfPath) }
        try measure("打印全部评估表 PDF（\(sheets.count) 份和汇总表）", goal: 3000) {
            let summary = YearEndSummary.make(year: year, results: sheets)
            try ScorecardPrintout(sheets: sheets, summary: summary, district: "", printedOn: today).render(to: pdfPath)
        }
        // Whole screens drawn into memory, as the terminal would get them.
        let fixed = Calendar(identifier: .gregorian).date(from: DateComponents(year: year, month: 11, day: 18, hour: 12))!
        let screens: [(String, [Key])] = [("主菜单", []), ("工作室名册", [.char("2")]), ("上墙检查", [.char("4")]), ("值班排班", [.char("5")]), ("履职台账", [.char("6")]), ("年度评估", [.char("7")])]
        for (name, keys) in screens {
            let app = App(context: AppContext(db: db, profiles: profiles, today: { fixed }))
            for k in keys { app.handle(k, width: 100, height: 30) }
            measure("整屏绘制：\(name)", goal: 100) { _ = app.frame(width: 100, height: 30) }
        }
        measure("打开程序到主菜单", goal: 1000) {
            _ = App(context: AppContext(db: db, profiles: profiles, today: { fixed })).frame(width: 100, height: 30)
        }
        for (name, key) in [("履职台账", Key.char("6")), ("上墙检查", .char("4")), ("值班排班", .char("5")), ("年度评估", .char("7"))] {
            let app = App(context: AppContext(db: db, profiles: profiles, today: { fixed }))
            measure("从主菜单进入「\(name)」", goal: 1000) {
                app.handle(key, width: 100, height: 30)
                _ = app.frame(width: 100, height: 30)
                app.handle(.escape, width: 100, height: 30)  // back: the menu recounts, as it does for a clerk
            }
        }

        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let peakMB = Double(usage.ru_maxrss) / 1024  // KiB on Linux
        let allMet = results.allSatisfy(\.met) && peakMB <= 200
        let report = Report(studios: all.count, members: memberCount, benchRecords: studios * records, loadSeconds: loadSeconds,
                            measurements: results, peakMemoryMB: peakMB, memoryGoalMB: 200, allMet: allMet)
        switch format {
        case .json:
            print(try JSONText.render(report), terminator: "")
        case .table, .csv:
            func ms(_ v: Double) -> String { String(format: "%.1f", v) }
            let rows = results.map { [$0.name, ms($0.medianMs), ms($0.maxMs), "<= \(Int($0.goalMs))", $0.met ? "达标" : "未达标"] }
                + [["内存峰值（MB）", String(format: "%.0f", peakMB), "", "<= 200", peakMB <= 200 ? "达标" : "未达标"]]
            print("数据：\(all.count) 个工作室，\(memberCount) 名委员，另加台账记录 \(studios * records) 条（生成用时 \(String(format: "%.1f", loadSeconds)) 秒）")
            print(TextTable.render(headers: ["项目", "中位数ms", "最长ms", "目标", "结果"], rows: rows,
                                   footer: allMet ? "全部达标" : "有未达标的项目"), terminator: "")
            if let keep { print("数据文件保留在 \(keep)") }
        }
        if strict && !allMet { throw ExitCode(1) }
    }
}
