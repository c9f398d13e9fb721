import Foundation
import Testing
@testable import XLSXKit
import ZIPFoundation

/// Workbooks a clerk can work in: date columns as date cells shown yyyy-mm-dd, counts as numbers, Excel's filter
/// buttons on the header, no formulas, and every cell read back as the text it was written from.
@Suite final class XLSXCellKindTests {
    private let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("xlsxkinds-\(UUID().uuidString)")
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

    @Test func datesAndCountsAreTypedCellsWithAFilterAndReadBackAsWritten() throws {
        let rows: [[String]] = [
            ["编号", "活动日期", "活动名称", "服务群众人数", "联系电话"],
            ["12", "2026-11-12", "冬季走访", "20", "13905710001"],
            ["7", "", "2026-11-12", "0", "0571"],
            ["", "2026年3月", "x", "约 20"],
            ["0012", "2026-02-30", "y", "-3", "1"],
            ["1", "1900-01-15", "z", "1.5", "2"],
        ]
        let kinds: [XLSXCellKind] = [.number, .date, .text, .number, .text]
        let path = dir.appendingPathComponent("活动.xlsx").path
        try XLSXWriter.write(sheets: [("活动日志", rows)], columnKinds: [kinds], to: path)
        let sheet = try part(path, "xl/worksheets/sheet1.xml")
        // 2026-11-12 is Excel's serial 46338, written with the date style (4), no type: a number shown as a date.
        #expect(sheet.contains(#"<c r="B2" s="4"><v>46338</v></c>"#), "\(sheet)")
        #expect(sheet.contains(#"<c r="A2"><v>12</v></c>"#) && sheet.contains(#"<c r="D2"><v>20</v></c>"#) && sheet.contains(#"<c r="D3"><v>0</v></c>"#), "\(sheet)")
        // The header row stays text; a phone number stays text; a text column with a date in it stays text.
        #expect(sheet.contains(#"<c r="A1" s="1" t="s">"#) && sheet.contains(#"<c r="E2" t="s">"#) && sheet.contains(#"<c r="C3" t="s">"#), "\(sheet)")
        // What is not a plain date or count stays text: 2026年3月, an impossible day, a day before 1900-03-01, 0012, -3, 1.5, 约 20.
        for ref in ["B4", "B5", "B6", "A5", "D4", "D5", "D6"] { #expect(sheet.contains("<c r=\"\(ref)\" t=\"s\">"), "\(ref): \(sheet)") }
        #expect(sheet.contains(#"<autoFilter ref="A1:E6"/>"#), "\(sheet)")
        #expect(!(sheet.contains("<f>")))
        let autoFilter = try #require(sheet.range(of: "<autoFilter")), data = try #require(sheet.range(of: "</sheetData>")),
            margins = try #require(sheet.range(of: "<pageMargins"))
        #expect(data.upperBound <= autoFilter.lowerBound && autoFilter.upperBound <= margins.lowerBound, "schema order")
        let styles = try part(path, "xl/styles.xml")
        #expect(styles.contains(#"<numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/>"#) && styles.contains(#"<cellXfs count="5">"#), "\(styles)")
        #expect(styles.contains(#"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#), "\(styles)")
        let workbook = try part(path, "xl/workbook.xml")
        #expect(workbook.contains(#"<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'活动日志'!$A$1:$E$6</definedName>"#), "\(workbook)")

        #expect(try XLSXReader.read(path: path).rows.map(\.cells) == rows)
    }

    @Test func dateSerialsMatchExcel() {
        #expect(XLSXWriter.dateSerial("1900-03-01") == 61)
        #expect(XLSXWriter.dateSerial("2024-02-29") == 45351)
        #expect(XLSXWriter.dateSerial("2026-11-12") == 46338)
        #expect(XLSXWriter.dateSerial("2025-02-29") == nil)
        #expect(XLSXWriter.dateSerial("2026-1-5") == nil)
        #expect(XLSXWriter.isPlainCount("0") && XLSXWriter.isPlainCount("150"))
        #expect(!(XLSXWriter.isPlainCount("007") || XLSXWriter.isPlainCount("+1") || XLSXWriter.isPlainCount("1e5") || XLSXWriter.isPlainCount("")))
    }

    @Test func anEmptySheetHasNoFilter() throws {
        let path = dir.appendingPathComponent("空.xlsx").path
        try XLSXWriter.write(sheets: [("空", [])], to: path)
        #expect(try !(part(path, "xl/worksheets/sheet1.xml").contains("autoFilter")))
        #expect(try !(part(path, "xl/workbook.xml").contains("definedName")))
    }
}
