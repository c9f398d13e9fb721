import Foundation
import Testing
import XLSXKit
import ZIPFoundation

@Suite final class XLSXWriterTests {
    private let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("xlsxkit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    private func part(_ path: String, _ name: String) throws -> String {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        guard let entry = archive[name] else { Issue.record("missing \(name)"); return "" }
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func roundTripKeepsEveryCellAsText() throws {
        let roster: [[String]] = [
            ["姓名", "性别", "界别", "联系电话", "编号", "备注"],
            ["张三", "男", "经济界", "13905710001", "001", "=1+1"],
            ["李四", "", "教育界", "0571-88886666", "007", "第一行\n第二行"],
            [],
            ["王五", "女", "", "+86 139", "1e5", "A&B <c> \"q\" 'x' \t tab"],
            ["  前后空格 ", "", "", "", "", "windows\r\nline"],
            ["😀 emoji", "_x000D_ literal", "3.50", "TRUE", "#N/A", "-0"],
        ]
        let second: [[String]] = [["活动", "日期"], ["调研", "2024-03-05"]]
        let path = dir.appendingPathComponent("名册.xlsx").path
        try XLSXWriter.write(sheets: [("名册", roster), ("活动", second)], to: path)

        #expect(try XLSXReader.sheetNames(path: path) == ["名册", "活动"])
        let back = try XLSXReader.read(path: path)
        #expect(back.rows.map(\.number) == Array(1 ... roster.count))
        #expect(back.rows.map(\.cells) == roster)
        #expect(try XLSXReader.read(path: path, sheet: "活动").rows.map(\.cells) == second)

        let sheetXML = try part(path, "xl/worksheets/sheet1.xml")
        #expect(!(sheetXML.contains("<f>")), "=1+1 must be text, not a formula")
        #expect(!(sheetXML.contains("t=\"n\"")))
    }

    @Test func illegalXMLCharactersAreDroppedAndTrailingEmptiesTrimmed() throws {
        let path = dir.appendingPathComponent("ctl.xlsx").path
        try XLSXWriter.write(sheets: [("S", [["a\u{1}b\u{FFFE}c\u{1F}", "", ""], ["x", "", "y", ""]])], to: path)
        #expect(try XLSXReader.read(path: path).rows.map(\.cells) == [["abc"], ["x", "", "y"]])
    }

    @Test func headerBoldFrozenAndColumnWidths() throws {
        let path = dir.appendingPathComponent("w.xlsx").path
        try XLSXWriter.write(sheets: [("S", [["姓名姓名姓名", "abcdef", "x"], ["甲", "b", "y"]])], to: path)
        let sheet = try part(path, "xl/worksheets/sheet1.xml")
        #expect(sheet.contains(#"<c r="A1" s="1" t="s">"#), "\(sheet)")
        #expect(sheet.contains(#"<c r="A2" t="s">"#), "\(sheet)")
        #expect(sheet.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(try part(path, "xl/styles.xml").contains("<font><b/>"))
        // 6 CJK characters count as 12, twice the width of 6 ASCII letters.
        let widths = sheet.components(separatedBy: "width=\"").dropFirst().map { Double($0.prefix { $0 != "\"" })! }
        #expect(widths.count == 3)
        #expect(widths[0] > widths[1] * 1.6)
        #expect(widths[2] >= 6)
    }

    @Test func sheetNamesAreMadeValidAndUnique() throws {
        let path = dir.appendingPathComponent("names.xlsx").path
        let long = String(repeating: "委", count: 40)
        try XLSXWriter.write(sheets: [("a/b:c[1]*?\\", [["x"]]), (long, []), ("名册", []), ("名册", []), ("", [])],
                             to: path)
        let names = try XLSXReader.sheetNames(path: path)
        #expect(names == ["a_b_c_1____", String(repeating: "委", count: 31), "名册", "名册(2)", "Sheet5"])
        #expect(try XLSXReader.read(path: path, sheet: "名册(2)").rows.count == 0)
    }

    @Test func overwriteIsAtomicAndLeavesNoTemporaryFiles() throws {
        let path = dir.appendingPathComponent("out.xlsx").path
        try XLSXWriter.write(sheets: [("S", [["旧"]])], to: path)
        try XLSXWriter.write(sheets: [("S", [["新"]])], to: path)
        #expect(try XLSXReader.read(path: path).cell("A1") == "新")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.xlsx"])
    }

    @Test func writeErrors() {
        let missingDir = dir.appendingPathComponent("不存在/导出.xlsx").path
        let m = #expect(throws: XLSXError.self) { try XLSXWriter.write(sheets: [("S", [["a"]])], to: missingDir) }?.description ?? ""
        #expect(m.contains("导出.xlsx") && m.contains("无法写入"), "\(m)")
        #expect(throws: (any Error).self) { try XLSXWriter.write(sheets: [], to: self.dir.appendingPathComponent("e.xlsx").path) }
        let huge = String(repeating: "字", count: 32_768)
        let error = #expect(throws: (any Error).self) {
            try XLSXWriter.write(sheets: [("S", [["a"], ["b", huge]])], to: self.dir.appendingPathComponent("h.xlsx").path)
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains("B2"), "\(String(describing: error))")
    }

    /// A mid-sized round trip that runs in every test pass.
    @Test func fiveThousandRowRoundTrip() throws {
        let rows = [["序号", "姓名", "电话"]] + (1 ... 5000).map { ["\($0)", "委员\($0 % 97)", "139\(10_000_000 + $0)"] }
        let path = dir.appendingPathComponent("mid.xlsx").path
        try XLSXWriter.write(sheets: [("S", rows)], to: path)
        #expect(try XLSXReader.read(path: path).rows.map(\.cells) == rows)
    }
}
