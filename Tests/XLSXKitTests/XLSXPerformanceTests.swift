import Foundation
import Testing
import XLSXKit

/// Opt-in timing: XLSX_PERF=1 swift test -c release --filter XLSXPerformanceTests
@Suite struct XLSXPerformanceTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["XLSX_PERF"] != nil, "set XLSX_PERF=1 (or a row count) to run"))
    func read200kRows() throws {
        let rowsText = ProcessInfo.processInfo.environment["XLSX_PERF"] ?? "1"
        let count = Int(rowsText).flatMap { $0 > 1 ? $0 : nil } ?? 200_000
        let sectors = ["经济界", "教育界", "科技界", "医卫界", "文艺界", "农业界"]
        var rows: [[String]] = [["姓名", "性别", "界别", "联系电话", "活动日期", "单位", "职务", "备注"]]
        rows.reserveCapacity(count + 1)
        for i in 1 ... count {
            rows.append(["委员\(i)", i % 2 == 0 ? "男" : "女", sectors[i % sectors.count], "139\(10_000_000 + i)",
                         "2024-0\(i % 9 + 1)-1\(i % 10)", "明湖区第\(i % 500)单位", i % 7 == 0 ? "主任" : "委员",
                         i % 3 == 0 ? "" : "备注\(i % 1000)"])
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("perf-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }

        var start = Date()
        try XLSXWriter.write(sheets: [("名册", rows)], to: path)
        let writeTime = Date().timeIntervalSince(start)
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0

        start = Date()
        let sheet = try XLSXReader.read(path: path)
        let readTime = Date().timeIntervalSince(start)
        print(String(format: "XLSX perf: %d rows x 8 cols, file %.1f MB, write %.2f s, read %.2f s",
                     count, Double(size) / 1_048_576, writeTime, readTime))
        #expect(sheet.rows.count == count + 1)
        #expect(sheet.rows.last?.cells == rows.last.map { row in
            var r = row
            while r.last == "" { r.removeLast() }
            return r
        })
    }
}
