import Foundation
import Testing

@Suite(.serialized) struct BenchmarkCommandTests {
    /// `studiodesk-bench`, built beside `studiodesk`.
    static var bench: String { URL(fileURLWithPath: TmuxSession.binary).deletingLastPathComponent().appendingPathComponent("studiodesk-bench").path }

    static func bench(_ args: [String]) throws -> (status: Int32, output: String) {
        try TmuxSession.run(bench, args, env: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"])
    }

    /// A tiny run: the command builds its data, measures every item with its sqlite3 figure and reports memory by phase.
    @Test func benchReportsEveryMeasurementAsJSON() throws {
        let out = try Self.bench(["--studios", "22", "--members", "220", "--records", "1500", "--import-rows", "300",
                                  "--runs", "1", "--format", "json"])
        #expect(out.status == 0, "\(out.output.suffix(500))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(out.output.utf8)) as? [String: Any])
        let measurements = try #require(report["measurements"] as? [[String: Any]])
        let names = measurements.compactMap { $0["name"] as? String }
        for prefix in ["打开数据文件并绘制主菜单首屏", "主菜单统计数字（后台计算）", "返回主菜单（另一会话保存一条记录后）统计数字更新", "从主菜单进入「履职台账」首屏", "从主菜单进入「值班排班」首屏",
                       "从主菜单进入「年度评估」首屏", "全部台账记录首屏（", "全部台账记录：按 Down", "全部台账记录：按 PageDown",
                       "全部台账记录：按 End / Home", "全部台账记录：按 l（台账筛选）", "委员名册：拼音首字母查找", "委员名册界面：键入查找字母并重绘",
                       "全部工作室全年达标计算（", "全年评估表计算（", "打印全部评估表 PDF（", "导入 300 条活动记录（CSV）", "导入 300 条活动记录（CSV，不含审计）",
                       "接收 100 份下级报送（每份 20 个工作室）", "汇总界面首屏（100 个下级单位"] {
            #expect(names.contains { $0.hasPrefix(prefix) }, "missing \(prefix)")
        }
        for m in measurements {
            // Every measured step takes some time: a zero would be a step that was not measured.
            #expect((m["medianMs"] as? Double).map { $0 > 0 } == true, "\(m)")
            #expect((m["p95Ms"] as? Double).map { $0 >= ((m["medianMs"] as? Double) ?? 0) } == true, "\(m)")
        }
        // The floor beside the figures that have one.
        for prefix in ["委员名册：拼音首字母查找", "全部工作室全年达标计算（", "全年评估表计算（", "导入 300 条活动记录（CSV）", "导入 300 条活动记录（CSV，不含审计）"] {
            let m = try #require(measurements.first { ($0["name"] as? String)?.hasPrefix(prefix) == true })
            #expect((m["sqliteMedianMs"] as? Double).map { $0 > 0 } == true, "\(prefix): no sqlite3 figure")
            #expect(m["ratio"] is Double)
        }
        let memory = try #require(report["memory"] as? [[String: Any]])
        #expect(memory.count == 5)
        #expect((report["peakMemoryMB"] as? Double).map { $0 > 0 } == true)
        #expect(report["studios"] as? Int == 22)
        #expect(report["members"] as? Int == 220)
        #expect((report["ledgerRecords"] as? Int).map { $0 >= 1500 } == true)
        // Eight processes saving into one file at once (issue 22): every save went through, none was refused as busy.
        let concurrent = try #require(report["concurrentSaves"] as? [String: Any])
        #expect(concurrent["processes"] as? Int == 8)
        #expect(concurrent["saves"] as? Int == 160, "at least 20 saves a process, whatever --runs")
        #expect(concurrent["busyErrors"] as? Int == 0)
        #expect((concurrent["otherErrors"] as? [String]) == [], "\(concurrent)")
        #expect((concurrent["p95Ms"] as? Double).map { $0 > 0 } == true)
        #expect(names.contains("8 个进程同时保存（共 160 次，每次一名委员）"))
        let bad = try Self.bench(["--runs", "0"])
        #expect(bad.status != 0)
    }

    /// `--province` at a tiny size (explicit sizes win over the province's): its own section, every row of it, the
    /// file's size, the returns received; a second run on the kept file measures it without generating.
    @Test func provinceRunReportsItsOwnSection() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-province-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let kept = dir.appendingPathComponent("province.sqlite").path
        let args = ["--province", "--studios", "22", "--members", "220", "--records", "1500", "--runs", "1", "--format", "json", "--keep", kept]
        var generated: Double?
        for pass in 1...2 {
            let out = try Self.bench(args)
            #expect(out.status == 0, "\(out.output.suffix(500))")
            let top = try #require(try JSONSerialization.jsonObject(with: Data(out.output.utf8)) as? [String: Any])
            #expect(top["measurements"] == nil, "the office-sized run's rows are not in a province run")
            let report = try #require(top["province"] as? [String: Any])
            let measurements = try #require(report["measurements"] as? [[String: Any]])
            let names = measurements.compactMap { $0["name"] as? String }
            for prefix in ["打开数据文件并绘制主菜单首屏", "全部台账记录首屏（", "全部台账记录：按 Down", "全部台账记录：按 PageDown",
                           "全部台账记录：按 End / Home", "委员名册：拼音首字母查找", "委员名册：汉字查找「医」", "全部工作室全年达标计算（",
                           "汇总界面首屏（本办和 110 个下级单位）"] {
                #expect(names.contains { $0.hasPrefix(prefix) }, "missing \(prefix)")
            }
            for m in measurements {
                #expect((m["medianMs"] as? Double).map { $0 > 0 } == true, "\(m)")
            }
            for prefix in ["委员名册：拼音首字母查找", "委员名册：汉字查找「医」", "全部工作室全年达标计算（"] {
                let m = try #require(measurements.first { ($0["name"] as? String)?.hasPrefix(prefix) == true })
                #expect((m["sqliteMedianMs"] as? Double).map { $0 > 0 } == true, "\(prefix): no sqlite3 figure")
            }
            #expect(report["studios"] as? Int == 22)
            #expect(report["members"] as? Int == 220)
            #expect((report["ledgerRecords"] as? Int).map { $0 >= 1500 } == true)
            // A year of 10 cities' returns, each holding its 10 counties'.
            #expect(report["receivedReturns"] as? Int == 40)
            #expect(report["returnOffices"] as? Int == 110)
            let bytes = try #require(report["fileBytes"] as? Int)
            #expect(bytes > 0)
            #expect((report["bytesPerRecord"] as? Double).map { $0 > 0 } == true)
            #expect((report["fileMB"] as? Double).map { $0 > 0 } == true)
            // Where the bytes are, by sqlite3's dbstat: the ledger's part with its bytes a record.
            let parts = try #require(report["fileParts"] as? [[String: Any]])
            #expect(parts.contains { $0["part"] as? String == "台账记录及索引" && ($0["bytesPerRecord"] as? Double).map { $0 > 0 } == true }, "\(parts)")
            #expect((report["memory"] as? [[String: Any]])?.count == 3)
            #expect((report["leftOut"] as? [String])?.isEmpty == false)
            if pass == 1 {
                generated = report["generateSeconds"] as? Double
                #expect(generated.map { $0 > 0 } == true, "the first run generates the file")
                #expect((report["generatePeakMB"] as? Double).map { $0 > 0 } == true)
            } else {
                #expect(report["generateSeconds"] is NSNull, "the kept file is measured as it is")
            }
        }
        #expect(FileManager.default.fileExists(atPath: kept))
        #expect(!FileManager.default.fileExists(atPath: kept + ".generating"))
        let table = try Self.bench(["--province", "--runs", "1", "--keep", kept])
        #expect(table.status == 0, "\(table.output.suffix(500))")
        #expect(table.output.contains("省级规模（一个数据文件）：22 个工作室"), "\(table.output.prefix(500))")
        #expect(table.output.contains("省级规模未测："))
    }

    /// The product no longer carries the benchmark: `studiodesk bench` says where it went, and fails (nothing measured).
    @Test func studiodeskBenchPointsToTheBenchProgram() throws {
        let s = try TmuxSession()
        let out = try s.studiodesk(["bench", "--runs", "1"])
        #expect(out.status == 1)
        #expect(out.output.contains("性能测试已移至单独的程序 studiodesk-bench"), "\(out.output)")
        #expect(out.output.contains(".build/release/studiodesk-bench --runs 1"), "\(out.output)")
        let help = try s.studiodesk(["--help"])
        #expect(!help.output.contains("bench"), "\(help.output)")
    }
}
