import Foundation
import StudioApp
import StudioCommandLine
import StudioCore
import StudioDemo
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

// `studiodesk-bench --province` (issue 24): a whole province in one file — 3,000 studios, 60,000 members,
// 2,000,000 ledger records and a year of its cities' returns (each holding its counties') — and the figures that
// say one SQLite file on one server holds it. Its own report: the office-sized run's other measurements are left out.

extension BenchmarkRunner {
    /// Cities and counties whose returns the province receives: 10 cities of 10 counties, 30 studios each office.
    static let provinceCities = 10
    static let countiesPerCity = 10
    static let studiosPerReturn = 30

    /// What a province run leaves out, and why: said in the report, not skipped silently.
    static let provinceLeftOut = [
        "主菜单统计数字和从主菜单进入各界面（后台统计每次要读全年 200 万条中的三分之一，三次测量即逾数分钟；首屏不等它）",
        "全年评估表计算及打印 3000 份评估表",
        "导入（与数据文件的大小无关，见常规规模）",
        "8 个进程同时保存（同上）",
    ]

    struct ProvinceReport: Encodable {
        let scale: BenchmarkScale
        let studios, members, ledgerRecords: Int
        /// Returns kept in the file (received from the cities, each holding its counties') and the offices in them.
        let receivedReturns, returnOffices: Int
        /// Nil when the file was kept from an earlier run (--keep) and measured as it was.
        let generateSeconds: Double?
        let generatePeakMB: Double?
        let fileBytes: Int64
        var fileMB: Double { Double(fileBytes) / 1_048_576 }
        var bytesPerRecord: Double { ledgerRecords > 0 ? Double(fileBytes) / Double(ledgerRecords) : 0 }
        /// Where the bytes are (sqlite3's dbstat, tables with their indexes): ledger records, returns, audit log, the rest.
        let fileParts: [FilePart]
        let measurements: [Measurement]
        let memory: [Memory]
        let peakMemoryMB, memoryGoalMB: Double
        let sqlite3: String
        let leftOut: [String]
        let allMet: Bool

        enum CodingKeys: String, CodingKey {
            case scale, studios, members, ledgerRecords, receivedReturns, returnOffices, generateSeconds, generatePeakMB, fileBytes, fileMB,
                 bytesPerRecord, fileParts, measurements, memory, peakMemoryMB, memoryGoalMB, sqlite3, leftOut, allMet
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(scale, forKey: .scale)
            try c.encode(studios, forKey: .studios)
            try c.encode(members, forKey: .members)
            try c.encode(ledgerRecords, forKey: .ledgerRecords)
            try c.encode(receivedReturns, forKey: .receivedReturns)
            try c.encode(returnOffices, forKey: .returnOffices)
            try c.encode(generateSeconds, forKey: .generateSeconds)
            try c.encode(generatePeakMB, forKey: .generatePeakMB)
            try c.encode(fileBytes, forKey: .fileBytes)
            try c.encode(fileMB, forKey: .fileMB)
            try c.encode(bytesPerRecord, forKey: .bytesPerRecord)
            try c.encode(fileParts, forKey: .fileParts)
            try c.encode(measurements, forKey: .measurements)
            try c.encode(memory, forKey: .memory)
            try c.encode(peakMemoryMB, forKey: .peakMemoryMB)
            try c.encode(memoryGoalMB, forKey: .memoryGoalMB)
            try c.encode(sqlite3, forKey: .sqlite3)
            try c.encode(leftOut, forKey: .leftOut)
            try c.encode(allMet, forKey: .allMet)
        }

        var text: String {
            let rows = BenchmarkRunner.tableRows(measurements, memory: memory, peakMB: peakMemoryMB, goalMB: memoryGoalMB)
            let generated = generateSeconds.map { s in
                "生成用时 \(String(format: "%.1f", s)) 秒，生成时内存峰值 \(String(format: "%.0f", generatePeakMB ?? 0)) MB"
            } ?? "沿用已生成的数据文件"
            let parts = fileParts.isEmpty ? "" : "；其中" + fileParts.map { p in
                "\(p.part) \(String(format: "%.1f", Double(p.bytes) / 1_048_576)) MB" + (p.bytesPerRecord.map { "（每条 \(String(format: "%.0f", $0)) 字节）" } ?? "")
            }.joined(separator: "，")
            let head = """
                省级规模（一个数据文件）：\(studios) 个工作室，\(members) 名委员，台账记录 \(ledgerRecords) 条（\(scale.years) 年），\
                下级报送 \(receivedReturns) 份（含 \(returnOffices) 个单位）；\(generated)
                数据文件 \(String(format: "%.1f", fileMB)) MB，每条台账记录 \(String(format: "%.0f", bytesPerRecord)) 字节（文件大小除以台账记录数）\(parts)；对照：\(sqlite3)

                """
            let table = TextTable.render(headers: ["项目", "中位数ms", "p95 ms", "sqlite3 ms", "倍数", "目标", "结果"], rows: rows,
                                         footer: allMet ? "全部达标" : "有未达标的项目")
            return head + table + "省级规模未测：\n" + leftOut.map { "  · \($0)\n" }.joined()
        }
    }

    /// The province run: the file generated (unless kept from an earlier run), then measured.
    func runProvince(path: String) throws -> ProvinceReport {
        let results = Results()
        var generateSeconds: Double?
        var generatePeakMB: Double?
        if !FileManager.default.fileExists(atPath: path) {
            Self.resetPeak()
            let clock = ContinuousClock()
            let start = clock.now
            try generateProvince(path: path)
            generateSeconds = Self.milliseconds(clock.now - start) / 1000
            generatePeakMB = Self.peakMB()
        }
        let fileBytes = Self.fileSize(path)
        let sqlite = SQLiteShell(path: path)
        let db = try AppDatabase.open(path: path)
        let all = try db.studios()
        let running = all.filter(\.status.isRunning)
        let received = try db.receivedReturns()
        let returnOffices = Set(received.flatMap { r -> [String] in
            func names(_ q: QuarterlyReturn) -> [String] { [q.office] + q.lower.flatMap { names($0.content) } }
            return names(r.content)
        }).count

        try phase("界面（首屏、全部台账记录、查找）", into: results) {
            try measureOpening(path: path, into: results)
            try measureOfficeLedger(db: db, into: results)
            try measureSearch(db: db, sqlite: sqlite, into: results)
        }
        try phase("全年达标计算", into: results) {
            try measureCompliance(db: db, running: running, sqlite: sqlite, into: results)
        }
        try phase("汇总（下级报送）", into: results) {
            try measureProvinceSummary(db: db, into: results)
        }
        let peak = results.memory.map(\.peakMB).max() ?? Self.peakMB()
        let ledgerRecords = try db.ledgerCount(LedgerScope())
        return ProvinceReport(scale: scale, studios: all.count, members: try db.memberCount(), ledgerRecords: ledgerRecords,
                              receivedReturns: received.count, returnOffices: returnOffices, generateSeconds: generateSeconds,
                              generatePeakMB: generatePeakMB, fileBytes: fileBytes,
                              fileParts: Self.fileParts(path: path, ledgerRecords: ledgerRecords), measurements: results.list, memory: results.memory,
                              peakMemoryMB: peak, memoryGoalMB: 80, sqlite3: SQLiteShell.version, leftOut: Self.provinceLeftOut,
                              allMet: results.list.allSatisfy { $0.met != false } && peak <= 80)
    }

    struct FilePart: Encodable {
        let part: String
        let bytes: Int64
        /// The ledger's part over its records.
        let bytesPerRecord: Double?
    }

    /// The file's pages by what they hold (sqlite3's dbstat; none when the shell lacks it).
    static func fileParts(path: String, ledgerRecords: Int) -> [FilePart] {
        let sql = "SELECT coalesce(m.tbl_name, d.name), sum(d.pgsize) FROM dbstat d LEFT JOIN sqlite_master m ON m.name = d.name GROUP BY 1;\n"
        guard let out = try? SQLiteShell.runShell(arguments: ["-batch", "-separator", "|", path], input: sql) else { return [] }
        let ledger = Set(AppDatabase.benchmarkLedgerTables)
        var bytes: [String: Int64] = [:]
        for line in out.split(separator: "\n") {
            let f = line.split(separator: "|")
            guard f.count == 2, let n = Int64(f[1]) else { continue }
            let table = String(f[0])
            let part = ledger.contains(table) ? "台账记录及索引" : table == "receivedReturn" ? "下级报送" : table == "auditLog" ? "审计日志" : "其他"
            bytes[part, default: 0] += n
        }
        return ["台账记录及索引", "下级报送", "审计日志", "其他"].compactMap { p in
            bytes[p].map { FilePart(part: p, bytes: $0, bytesPerRecord: p == "台账记录及索引" && ledgerRecords > 0 ? Double($0) / Double(ledgerRecords) : nil) }
        }
    }

    /// The file and its write-ahead log, as they take room on disk.
    static func fileSize(_ path: String) -> Int64 {
        [path, path + "-wal"].compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int64 }.reduce(0, +)
    }

    /// Made beside `path` and moved there when whole: an interrupted run leaves no half province for --keep to reuse.
    func generateProvince(path: String) throws {
        let partial = path + ".generating"
        for p in [partial, partial + "-wal", partial + "-shm"] { try? FileManager.default.removeItem(atPath: p) }
        do {
            let db = try AppDatabase.open(path: partial)
            try db.loadDemo(DemoDataSet.make(), profiles: profiles)
            // The demo's studios, as a county would report them each quarter: the counties' returns are made of these.
            let quarters = try (1...4).map { q in
                try db.quarterlyReturn(period: Period(.quarter, year: year, index: q), profiles: profiles, today: today,
                                       madeAt: "\(year)-\(q * 3 < 10 ? "0" : "")\(q * 3)-28T09:00:00")
            }
            try db.loadBenchmarkData(scale: scale, year: year, profiles: profiles)
            try db.setOfficeIdentity(name: "某省", level: .province)
            for base in quarters where !base.studios.isEmpty {
                for file in try Self.cityReturns(base) { _ = try db.receiveReturn(file, receivedAt: base.madeAt.replacingOccurrences(of: "T09", with: "T15")) }
            }
        }
        for p in [partial + "-wal", partial + "-shm"] { try? FileManager.default.removeItem(atPath: p) }
        try FileManager.default.moveItem(atPath: partial, toPath: path)
    }

    /// A quarter's city returns, each holding its counties' (as received by the city), from one office's return.
    static func cityReturns(_ base: QuarterlyReturn) throws -> [Data] {
        func studios(_ office: String) -> [StudioReturn] {
            (0..<studiosPerReturn).map { i in
                var s = base.studios[i % base.studios.count]
                s.name = "\(office)\(s.name)（\(i + 1)）"
                return s
            }
        }
        return try (1...provinceCities).map { c in
            let city = "第\(c)市"
            let counties = try (1...countiesPerCity).map { k -> QuarterlyReturn.Received in
                let county = QuarterlyReturn(office: "\(city)第\(k)县", level: .county, period: base.period, madeAt: base.madeAt,
                                             studios: studios("\(city)第\(k)县"))
                return QuarterlyReturn.Received(receivedAt: base.madeAt.replacingOccurrences(of: "T09", with: "T11"),
                                                checksum: try ReturnFile.checksum(county), content: county)
            }
            let r = QuarterlyReturn(office: city, level: .city, period: base.period, madeAt: base.madeAt.replacingOccurrences(of: "T09", with: "T13"),
                                    studios: studios(city), lower: counties)
            return try ReturnFile.encode(r)
        }
    }

    /// One step of the province run, once, on a kept file and nothing else: what `valgrind --tool=callgrind` is run on.
    /// `import`: `importRows` activities from CSV into a fresh demo district (not the kept file), with the audit log;
    /// the district and the CSV are made first, so the import is `Importer.run`'s inclusive cost.
    func profileStep(_ step: String, path: String, importRows: Int = 0) throws {
        if step == "import" {
            let (db, csv) = try importFixture(rows: importRows)
            var outcome: ImportOutcome?
            let took = try ContinuousClock().measure {
                outcome = try Importer.run(.activities, path: csv, maxRows: max(importRows, ImportFile.defaultMaxRows), into: db, profiles: profiles, apply: true)
            }
            FileHandle.standardError.write(Data("导入 \(importRows) 行：\(Int(Self.milliseconds(took))) ms\n".utf8))
            return try Self.requireWritten(outcome)
        }
        let db = try AppDatabase.open(path: path)
        switch step {
        case "open":
            _ = app(db).frame(width: 100, height: 30)
        case "ledger":
            let ledger = app(db)
            ledger.handle(.char("6"), width: 100, height: 30)
            ledger.handle(.char("a"), width: 100, height: 30)
            _ = ledger.frame(width: 100, height: 30)
        case "ends":
            // 全部台账记录's first frame, then End and Home five times each.
            let ledger = app(db)
            ledger.handle(.char("6"), width: 100, height: 30)
            ledger.handle(.char("a"), width: 100, height: 30)
            _ = ledger.frame(width: 100, height: 30)
            for _ in 0..<5 {
                for key in [Key.end, .home] {
                    ledger.handle(key, width: 100, height: 30)
                    _ = ledger.frame(width: 100, height: 30)
                }
            }
        case "returns":
            // The year's last quarter's received returns, read as 汇总 reads them.
            _ = try db.receivedReturns(period: Period(.quarter, year: year, index: 4))
        case "search":
            _ = try db.members(matching: SearchQuery("yc"))
            _ = try db.members(matching: SearchQuery("医"))
        case "summary":
            let screen = AreaScreen(context: AppContext(db: db, profiles: profiles, today: { fixed }), period: Period(.quarter, year: year, index: 4))
            var buffer = Buffer(width: 100, height: 30)
            screen.render(into: &buffer, area: buffer.area)
        case "compliance":
            let running = try db.studios().filter(\.status.isRunning)
            _ = try db.officeCompliance(studios: running, year: year, profiles: db.officeProfiles(profiles), today: today)
        case "scorecards":
            _ = try db.yearResults(year: year, profiles: profiles, today: today)
        case "figures":
            // The main menu's figures in a fresh session (nothing cached), as the cold-figures row measures them.
            let menu = app(db)
            menu.waitForMenuFigures()
            _ = menu.frame(width: 100, height: 30)
        case "menu":
            // The main menu with its background figures done (heaptrack / massif: what the menu keeps).
            let menu = app(db)
            _ = menu.frame(width: 100, height: 30)
            menu.settle()
            for key in [Key.char("5"), .escape, .char("7"), .escape, .char("6"), .escape] {
                menu.handle(key, width: 100, height: 30)
                _ = menu.frame(width: 100, height: 30)
            }
        case "print":
            PDFDocument.prepareFonts()
            let printed = try db.withEvidence(db.yearResults(year: year, profiles: profiles, today: today))
            try ScorecardPrintout(sheets: printed, summary: YearEndSummary.make(year: year, results: printed), district: "", printedOn: today)
                .render(to: dir.appendingPathComponent("scorecards.pdf").path)
        default:
            throw Failure("--profile-step 只认 open、ledger、ends、returns、search、summary、compliance、scorecards、figures、menu、print、import")
        }
    }

    /// Opening the file and drawing the main menu: what a clerk waits for (the menu's figures follow in the background).
    func measureOpening(path: String, into results: Results) throws {
        let (w, h) = (100, 30)
        var opened: App?
        // The run before's App is let go untimed: at this size freeing its cached year of records took over a second,
        // which is no clerk's wait (the program ends, or keeps it).
        try measure("打开数据文件并绘制主菜单首屏", goalMs: 100, into: results, after: { opened?.settle(); opened = nil }) {
            let fresh = try AppDatabase.open(path: path)
            opened = app(fresh)
            _ = opened!.frame(width: w, height: h)
        }
        opened = nil
    }

    /// The province's 汇总 (its own studios and the returns received) for the year's last quarter, first frame.
    func measureProvinceSummary(db: AppDatabase, into results: Results) throws {
        let period = Period(.quarter, year: year, index: 4)
        let context = AppContext(db: db, profiles: profiles, today: { fixed })
        let lower = try db.receivedReturns(period: period)
        let offices = lower.map { 1 + $0.content.lower.count }.reduce(0, +)
        measure("汇总界面首屏（本办和 \(offices) 个下级单位）", count: min(runs, 3), goalMs: 1000, into: results) {
            let screen = AreaScreen(context: context, period: period)
            var buffer = Buffer(width: 100, height: 30)
            screen.render(into: &buffer, area: buffer.area)
        }
    }
}
