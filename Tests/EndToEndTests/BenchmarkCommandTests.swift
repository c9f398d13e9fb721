import Foundation
import Testing

@Suite(.serialized) struct BenchmarkCommandTests {
    /// A tiny run: the command builds its data, measures every item and reports the memory peak.
    @Test func benchReportsEveryMeasurementAsJSON() throws {
        let s = try TmuxSession()
        let out = try s.studiodesk(["bench", "--studios", "2", "--records", "20", "--runs", "1", "--format", "json"])
        #expect(out.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(out.output.utf8)) as? [String: Any])
        let measurements = try #require(report["measurements"] as? [[String: Any]])
        let names = measurements.compactMap { $0["name"] as? String }
        for expected in ["打开数据文件", "委员名册：拼音首字母查找 zxq", "上墙检查一览", "全部工作室达标计算", "从主菜单进入「履职台账」", "从主菜单进入「值班排班」"] {
            #expect(names.contains(expected), "missing \(expected)")
        }
        #expect(names.contains { $0.hasPrefix("值班表生成：20人×全年×每周3个时段") })
        #expect(names.contains { $0.hasPrefix("全年评估表计算（") })
        #expect(names.contains { $0.hasPrefix("打印全部评估表 PDF（") })
        #expect(names.contains("从主菜单进入「年度评估」"))
        #expect(measurements.allSatisfy { ($0["medianMs"] as? Double).map { $0 >= 0 } == true })
        #expect((report["peakMemoryMB"] as? Double).map { $0 > 0 } == true)
        #expect(report["studios"] as? Int == 20)  // the demo's 18 and the 2 added
        let bad = try s.studiodesk(["bench", "--runs", "0"])
        #expect(bad.status != 0)
    }
}
