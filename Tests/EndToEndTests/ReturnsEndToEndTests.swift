import Foundation
import Testing
import TestSupport

/// Issue 23 through the binary: three counties' files send their quarterly returns to a city, the city sends its own
/// (with theirs inside) to the province, and the province's 汇总 adds up to the counties' and the city's own.
@Suite(.serialized) struct ReturnsEndToEndTests {
    struct Area: Decodable {
        struct Totals: Decodable, Equatable {
            var studios: Int
            var activitiesOnline: Int
            var activitiesOffline: Int
            var linesMet: Int
            var linesDue: Int
            var linesMissed: Int
            var studiosCompliant: Int
        }
        struct Office: Decodable {
            var name: String
            var level: String
            var depth: Int
            var own: Totals
            var area: Totals
        }
        var period: String
        var totals: Totals
        var notSent: [String]
        var offices: [Office]
    }

    @Test func threeLevelsAddUpAndReceivingIsIdempotentAndChecked() throws {
        let s = try TmuxSession()
        let env = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "STUDIODESK_TODAY": "2026-12-31"]
        func run(_ args: [String]) throws -> (status: Int32, output: String) { try TmuxSession.run(TmuxSession.binary, args, env: env) }
        func path(_ name: String) -> String { s.dir.appendingPathComponent(name).path }
        func area(_ db: String) throws -> Area {
            let r = try run(["report", "area", "--period", "2026Q4", "--format", "json", "--db", db])
            #expect(r.status == 0, "\(r.output.prefix(400))")
            return try JSONDecoder().decode(Area.self, from: Data(r.output.utf8))
        }
        // Three counties and a city, each its own copy of the demo; 乙县 has two more activities (one online).
        let counties = ["甲县", "乙县", "丙县"]
        for name in counties + ["某市"] { try DemoTemplate.copyFile(TmuxSession.demoTemplate.get(), to: path("\(name).sqlite")) }
        let csv = path("more.csv")
        try "工作室,活动日期,活动类别,线上/线下,活动名称,地点,参加委员\n明湖区湖滨街道委员工作室,2026-11-05,走访调研,线下,加装电梯回访,湖滨街道,司马月华\n明湖区湖滨街道委员工作室,2026-11-12,走访调研,线上,线上议事,湖滨街道,司马月华\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try run(["import", "activities", csv, "--db", path("乙县.sqlite")]).status == 0)
        var own: [String: Area.Totals] = [:]
        for name in counties {
            let made = try run(["report", "quarter", "2026Q4", "--office", name, "--level", "县", "--db", path("\(name).sqlite"), "--out", path("\(name).json")])
            #expect(made.status == 0 && made.output.contains("已生成\(name)（县级）2026年第4季度报送"), "\(made.output)")
            own[name] = try area(path("\(name).sqlite")).totals
        }
        #expect(own["乙县"]!.activitiesOnline == own["甲县"]!.activitiesOnline + 1)
        #expect(own["乙县"]!.activitiesOffline == own["甲县"]!.activitiesOffline + 1)

        // The city receives them; again, nothing changes; a tampered one is refused with the reason.
        let city = path("某市.sqlite")
        let first = try run(["report", "receive", "--office", "某市", "--level", "市", "--db", city] + counties.map { path("\($0).json") })
        #expect(first.status == 0 && first.output.components(separatedBy: "已接收 ").count == 4, "\(first.output)")
        let cityOwn = try area(city).offices[0].own
        let again = try run(["report", "receive", "--db", city, path("甲县.json")])
        #expect(again.status == 0 && again.output.contains("已接收过 甲县") && again.output.contains("未改动"), "\(again.output)")
        let text = try String(contentsOfFile: path("丙县.json"), encoding: .utf8)
        let tampered = path("丙县-改.json")
        try text.replacingOccurrences(of: "\"studios\" : [", with: "\"studios\" : [ ", options: [], range: nil)
            .replacingOccurrences(of: "\"office\" : \"丙县\"", with: "\"office\" : \"丁县\"").write(toFile: tampered, atomically: true, encoding: .utf8)
        let refused = try run(["report", "receive", "--db", city, tampered])
        #expect(refused.status == 1 && refused.output.contains("校验和不符"), "\(refused.output)")
        let cityArea = try area(city)
        #expect(cityArea.offices.map(\.name) == ["某市", "丙县", "乙县", "甲县"])
        #expect(cityArea.notSent.isEmpty)

        // The city sends its own return; the province (a new file) receives it and sees three levels.
        #expect(try run(["report", "quarter", "2026Q4", "--db", city, "--out", path("某市.json")]).status == 0)
        let province = path("某省.sqlite")
        let received = try run(["report", "receive", "--office", "某省", "--level", "省", "--db", province, path("某市.json")])
        #expect(received.status == 0 && received.output.contains("已接收 某市（市级）"), "\(received.output)")
        let top = try area(province)
        #expect(top.offices.map(\.depth) == [0, 1, 2, 2, 2])
        #expect(top.offices.map(\.level) == ["province", "city", "county", "county", "county"])
        let parts = counties.map { own[$0]! } + [cityOwn]
        #expect(top.totals.studios == parts.reduce(0) { $0 + $1.studios })
        #expect(top.totals.activitiesOnline == parts.reduce(0) { $0 + $1.activitiesOnline })
        #expect(top.totals.activitiesOffline == parts.reduce(0) { $0 + $1.activitiesOffline })
        #expect(top.totals.linesMet == parts.reduce(0) { $0 + $1.linesMet })
        #expect(top.totals.linesMissed == parts.reduce(0) { $0 + $1.linesMissed })
        #expect(top.totals.studiosCompliant == parts.reduce(0) { $0 + $1.studiosCompliant })
        for (name, totals) in own { #expect(top.offices.first { $0.name == name }?.own == totals) }
        // Receiving the city's return twice changes nothing at the province either.
        #expect(try run(["report", "receive", "--db", province, path("某市.json")]).output.contains("已接收过"))
        #expect(try area(province).totals == top.totals)
        // The 汇总表 as a workbook and a PDF.
        #expect(try run(["report", "area", "--period", "2026Q4", "--format", "xlsx", "--out", path("汇总.xlsx"), "--db", province]).status == 0)
        #expect(try run(["report", "area", "--period", "2026Q4", "--format", "pdf", "--out", path("汇总.pdf"), "--db", province]).status == 0)
        #expect(FileManager.default.fileExists(atPath: path("汇总.xlsx")) && FileManager.default.fileExists(atPath: path("汇总.pdf")))
    }

    /// `report yearly`, `report stats` and the 汇总表's PDF through the binary: on the official page, with their
    /// sections; the statistics' figures are the year's four 汇总; a county the province receives directly and
    /// inside the city's return is counted once.
    @Test func yearlyStatsAndTheAreaPrintOnTheOfficialPage() throws {
        let s = try TmuxSession()
        let env = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "STUDIODESK_TODAY": "2026-12-31"]
        func run(_ args: [String]) throws -> (status: Int32, output: String) { try TmuxSession.run(TmuxSession.binary, args, env: env) }
        func path(_ name: String) -> String { s.dir.appendingPathComponent(name).path }
        func pdfText(_ file: String) throws -> String { try TmuxSession.run("pdftotext", ["-layout", file, "-"]).output.filter { !$0.isWhitespace } }
        for name in ["甲县", "某市"] { try DemoTemplate.copyFile(TmuxSession.demoTemplate.get(), to: path("\(name).sqlite")) }
        let (county, city, province) = (path("甲县.sqlite"), path("某市.sqlite"), path("某省.sqlite"))
        #expect(try run(["report", "quarter", "2026Q4", "--office", "甲县", "--level", "县", "--db", county, "--out", path("甲县.json")]).status == 0)
        #expect(try run(["report", "receive", "--office", "某市", "--level", "市", "--db", city, path("甲县.json")]).status == 0)

        // The city's 总结材料.
        let yearly = try run(["report", "yearly", "--year", "2026", "--db", city, "--out", path("总结材料")])
        #expect(yearly.status == 0 && yearly.output.contains("已生成 \(path("总结材料.pdf"))") && yearly.output.contains("尚未填写"), "\(yearly.output)")
        #expect(try TmuxSession.run("pdfinfo", [path("总结材料.pdf")]).output.contains("595 x 842 pts (A4)"))
        let yearText = try pdfText(path("总结材料.pdf"))
        for heading in ["某市政协委员工作室2026年度工作总结", "一、基本情况", "二、活动开展情况", "三、履职成果", "四、规定次数完成情况",
                        "五、下级单位报送情况", "六、成绩和特色亮点", "七、存在问题", "八、下一步计划", "2026年12月31日"] {
            #expect(yearText.contains(heading), "\(heading)")
        }

        // The statistics: JSON figures equal the four quarters' 汇总; a table and a PDF.
        struct Stats: Decodable {
            struct Totals: Decodable { var studios: Int; var activitiesOnline: Int; var activitiesOffline: Int }
            var studios: Totals
            var quarters: [Totals]
            var yearTotals: Totals
        }
        let json = try run(["report", "stats", "--year", "2026", "--format", "json", "--db", city])
        #expect(json.status == 0, "\(json.output.prefix(300))")
        let stats = try JSONDecoder().decode(Stats.self, from: Data(json.output.utf8))
        var online = 0
        for q in 1...4 { online += try area(run, city, "2026Q\(q)").totals.activitiesOnline }
        #expect(stats.yearTotals.activitiesOnline == online && stats.quarters.count == 4)
        #expect(stats.studios.studios == (try area(run, city, "2026Q4")).totals.studios)
        let table = try run(["report", "stats", "--db", city])
        #expect(table.status == 0 && table.output.contains("某市（含下级）政协委员工作室2026年统计表") && table.output.contains("四、活动：各季度按类别"), "\(table.output.prefix(300))")
        #expect(try run(["report", "stats", "--own", "--format", "pdf", "--out", path("统计.pdf"), "--db", city]).status == 0)
        let statsText = try pdfText(path("统计.pdf"))
        for heading in ["某市政协委员工作室2026年统计表", "统计范围：本办的工作室（不含下级单位）", "一、工作室：按类型", "二、工作室：按界别／区域", "三、工作室：按联系专委会", "四、活动：各季度按类别", "五、履职成果"] {
            #expect(statsText.contains(heading), "\(heading)")
        }

        // The province receives the city's return and 甲县's directly (made later): 甲县 counted once, and said so.
        #expect(try run(["report", "quarter", "2026Q4", "--db", city, "--out", path("某市.json")]).status == 0)
        #expect(try run(["report", "quarter", "2026Q4", "--db", county, "--out", path("甲县2.json")]).status == 0)
        let r = try run(["report", "receive", "--office", "某省", "--level", "省", "--db", province, path("某市.json"), path("甲县2.json")])
        #expect(r.status == 0, "\(r.output)")
        let top = try area(run, province, "2026Q4")
        #expect(top.totals.studios == (try area(run, county, "2026Q4")).totals.studios + (try area(run, city, "2026Q4")).offices[0].own.studios)
        #expect(top.offices.filter { $0.name == "甲县" }.count == 1)
        #expect(try run(["report", "area", "--period", "2026Q4", "--format", "pdf", "--out", path("汇总.pdf"), "--db", province]).status == 0)
        let areaText = try pdfText(path("汇总.pdf"))
        #expect(areaText.contains("某省政协委员工作室2026年第4季度汇总表") && areaText.contains("一、各单位") && areaText.contains("十、未报送的下级单位"))
        #expect(areaText.contains("甲县的报送收到2份：采用本办直接接收的一份"), "\(areaText.prefix(600))")
    }

    func area(_ run: ([String]) throws -> (status: Int32, output: String), _ db: String, _ period: String) throws -> Area {
        let r = try run(["report", "area", "--period", period, "--format", "json", "--db", db])
        #expect(r.status == 0, "\(r.output.prefix(400))")
        return try JSONDecoder().decode(Area.self, from: Data(r.output.utf8))
    }
}
