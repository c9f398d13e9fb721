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
}
