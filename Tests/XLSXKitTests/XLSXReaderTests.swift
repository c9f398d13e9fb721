import Foundation
import Testing
import XLSXKit

/// Fixtures are committed binaries made by Scripts/make_xlsx_fixtures.py (openpyxl + hand-written XML).
func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(name).path
}

/// Rows as (number, cells) pairs are not Equatable; compare them through this.
func flat(_ sheet: XLSXSheet) -> [String] {
    sheet.rows.map { "\($0.number):" + $0.cells.joined(separator: "|") }
}

@Suite struct XLSXReaderTests {
    // MARK: Workbook structure

    @Test func sheetNamesComeInWorkbookOrder() throws {
        #expect(try XLSXReader.sheetNames(path: fixture("roster.xlsx")) == ["名册", "活动"])
        // sheetId order and .rels order differ from workbook order here.
        #expect(try XLSXReader.sheetNames(path: fixture("crafted.xlsx")) == ["数据", "日期", "空表"])
    }

    @Test func sheetsAreFoundThroughRelsWithAbsoluteAndRelativeTargets() throws {
        // crafted.xlsx: "/xl/worksheets/data_a.xml", "worksheets/dates.xml", "worksheets/../worksheets/empty.xml".
        #expect(try XLSXReader.read(path: fixture("crafted.xlsx")).cell("A1") == "普通文本")
        #expect(try XLSXReader.read(path: fixture("crafted.xlsx"), sheet: "日期").cell("A1") == "1")
        let empty = try XLSXReader.read(path: fixture("crafted.xlsx"), sheet: "空表")
        #expect(empty.name == "空表")
        #expect(empty.rows.isEmpty)
    }

    @Test func sheetSelectionByNameNumberAndDefault() throws {
        let path = fixture("roster.xlsx")
        #expect(try XLSXReader.read(path: path).name == "名册")
        #expect(try XLSXReader.read(path: path, sheet: "活动").name == "活动")
        #expect(try XLSXReader.read(path: path, sheet: "2").name == "活动")
        #expect(try XLSXReader.read(path: path, sheet: " 活动 ").name == "活动")
        #expect(try XLSXReader.read(path: fixture("prefixed.xlsx"), sheet: "sheet a").name == "Sheet A")
    }

    // MARK: Roster written by openpyxl

    @Test func rosterWithMergedTitleDatesPhonesAndFormula() throws {
        let sheet = try XLSXReader.read(path: fixture("roster.xlsx"), sheet: "名册")
        #expect(flat(sheet) == [
            "1:明湖区委员名册",
            "2:姓名|性别|界别|联系电话|活动日期",
            "3:张三|男|经济界|13905710001|2024-03-05|=D3+1",
            "4:李四|女|教育界|13800138000|2024-03-06 14:30",
            "5:王五|男|  科技界 |13512345678|2023-12-31",  // rich text runs joined; spaces kept
            "7:赵六||医卫界|18600001111|2024-02-29",        // row 6 and column B skipped; 年月日 format
        ])
        #expect(sheet.merges == [XLSXMerge(firstRow: 1, firstColumn: 1, lastRow: 1, lastColumn: 3, ref: "A1:C1")])
    }

    @Test func numbersBooleansAndNonDateFormats() throws {
        let sheet = try XLSXReader.read(path: fixture("roster.xlsx"), sheet: "活动")
        #expect(flat(sheet) == [
            "1:活动名称|人数|比例|合计|标记",
            "2:调研|3|3.5|=B2*C2|TRUE",
            "3:座谈|12|0.3|=SUM(B2:B3)|FALSE",           // 0.30000000000000004 shown as Excel shows it
            "4:金额|-2|12.5|7|100000000000000000000",    // [Red] and "day" formats are not dates
            "5:小数|0.0000001|1234567.891|0",
        ])
    }

    // MARK: Hand-written XML

    @Test func sharedStringsRichTextPreserveAndEscapes() throws {
        let sheet = try XLSXReader.read(path: fixture("crafted.xlsx"))
        #expect(sheet.cell("A1") == "普通文本")
        #expect(sheet.cell("B1") == "富文本 结尾")  // runs joined, phonetic <rPh> ignored
        #expect(sheet.cell("C1") == "")
        #expect(sheet.cell("D1") == "  两端空格  ")
        #expect(sheet.cell("A2") == "第一行\r\n第二行")  // _x000D_ decoded
        #expect(sheet.cell("B2") == "")
        #expect(sheet.cell("C2") == "A&B <c> \"q\"")
        #expect(sheet.cell("D2") == " ")
        #expect(sheet.rows[1].cells.count == 4)
    }

    @Test func inlineStrFormulaStringBooleanErrorAndNumbers() throws {
        let sheet = try XLSXReader.read(path: fixture("crafted.xlsx"))
        #expect(sheet.cell("A3") == "内联")
        #expect(sheet.cell("B3") == " 行内 ")
        #expect(sheet.cell("A4") == "=CONCATENATE(\"a\",\"b\")")  // t="str" with <f>: formula wins
        #expect(sheet.cell("B4") == "TRUE")
        #expect(sheet.cell("C4") == "FALSE")
        #expect(sheet.cell("D4") == "#N/A")
        #expect(sheet.cell("E4") == "=1/0")
        #expect(sheet.rows.first { $0.number == 5 }?.cells == ["3", "3.5", "13905710001", "13905710001", "0.3", "-12.5"])
    }

    @Test func dateStylesBuiltinAndCustom() throws {
        let sheet = try XLSXReader.read(path: fixture("crafted.xlsx"))
        #expect(sheet.cell("B7") == "2024-03-05")         // numFmtId 14
        #expect(sheet.cell("C7") == "2024-03-05")         // yyyy"年"m"月"d"日"
        #expect(sheet.cell("D7") == "2024-03-05 18:00")   // [$-804]yyyy/m/d\ h:mm;@
        #expect(sheet.cell("E7") == "2024-03-05 12:00")   // numFmtId 22
        #expect(sheet.cell("F7") == "2024-03-05")         // date-time format, no time part
        #expect(sheet.cell("A8") == "7")                  // "day"0: quoted letters are not a date
        #expect(sheet.cell("B8") == "8")                  // \d0: escaped letter is not a date
        #expect(sheet.cell("C8") == "18:00")              // numFmtId 20, time only
        #expect(sheet.cell("D8") == "42")                 // numFmtId 49 (text) stays a number
        #expect(sheet.rows.first { $0.number == 8 }?.cells.count == 4)  // styled empty E8/F8 trimmed
        #expect(sheet.cell("C20") == "9999-12-31")
    }

    @Test func sharedFormulas() throws {
        let sheet = try XLSXReader.read(path: fixture("crafted.xlsx"))
        #expect(sheet.cell("B10") == "=A10*2")
        #expect(sheet.cell("B11") == "=A10*2")   // child of shared group 0: master text
        #expect(sheet.cell("B12") == "=(公式)")  // group without master in the file
    }

    @Test func skippedRowsColumnsAndMissingReferences() throws {
        let sheet = try XLSXReader.read(path: fixture("crafted.xlsx"))
        #expect(sheet.rows.map(\.number) == [1, 2, 3, 4, 5, 7, 8, 10, 11, 12, 13, 14, 20, 21])
        #expect(sheet.rows.first { $0.number == 1 }?.cells == ["普通文本", "富文本 结尾", "", "  两端空格  "])
        // <row> without r follows row 12; <c> without r follows the previous cell.
        #expect(sheet.rows.first { $0.number == 13 }?.cells == ["无r行", "13", "", "", "5", "6"])
        #expect(sheet.rows.first { $0.number == 14 }?.cells == ["再下一行"])
        #expect(sheet.rows.last?.cells == [])  // row 21 is present but holds no values
    }

    @Test func mergedCells() throws {
        let sheet = try XLSXReader.read(path: fixture("crafted.xlsx"))
        #expect(sheet.merges == [
            XLSXMerge(firstRow: 1, firstColumn: 1, lastRow: 1, lastColumn: 2, ref: "A1:B1"),
            XLSXMerge(firstRow: 5, firstColumn: 4, lastRow: 5, lastColumn: 4, ref: "D5"),
        ])
    }

    @Test func dateSerialsAgreeWithFoundationGregorianCalendarInUTC() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        let base1900 = calendar.date(from: DateComponents(year: 1899, month: 12, day: 30))!

        let sheet = try XLSXReader.read(path: fixture("crafted.xlsx"), sheet: "日期")
        #expect(sheet.rows.count == 15)
        for row in sheet.rows {
            let serial = Int(row.cells[0])!
            let expected: String
            if serial == 60 {
                expected = "1900-02-29"  // Excel's fake leap day
            } else {
                let days = serial < 60 ? serial + 1 : serial  // serials before the fake day are one off
                expected = formatter.string(from: calendar.date(byAdding: .day, value: days, to: base1900)!)
            }
            #expect(row.cells[1] == expected, "serial \(serial)")
        }
        #expect(sheet.cell("B1") == "1900-01-01")
        #expect(sheet.cell("B6") == "1900-03-01")
    }

    @Test func date1904PrefixedElementsAndCaseInsensitivePartNames() throws {
        let path = fixture("prefixed.xlsx")
        #expect(try XLSXReader.sheetNames(path: path) == ["Sheet A"])
        let sheet = try XLSXReader.read(path: path)
        #expect(flat(sheet) == ["1:前缀|1904-01-01|2024-03-05"])
        #expect(sheet.merges.map(\.ref) == ["A1:A2"])
    }

    // MARK: Errors

    private func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            Issue.record("expected an error")
            return ""
        } catch let error as XLSXError {
            return error.description
        } catch {
            Issue.record("unexpected error type \(error)")
            return ""
        }
    }

    @Test func missingFile() {
        let m = message { try XLSXReader.read(path: fixture("没有这个文件.xlsx")) }
        #expect(m.contains("找不到文件") && m.contains("没有这个文件.xlsx"), "\(m)")
    }

    @Test func emptyFileAndDirectory() {
        let m = message { try XLSXReader.read(path: fixture("empty.xlsx")) }
        #expect(m.contains("empty.xlsx") && m.contains("空文件"), "\(m)")
        let d = message { try XLSXReader.read(path: fixture("")) }
        #expect(d.contains("文件夹"), "\(d)")
    }

    @Test func cSVRenamedToXLSX() {
        let m = message { try XLSXReader.read(path: fixture("csv_renamed.xlsx")) }
        #expect(m.contains("csv_renamed.xlsx") && m.contains("不是有效的 Excel 工作簿（.xlsx）"), "\(m)")
        #expect(m == message { try XLSXReader.sheetNames(path: fixture("csv_renamed.xlsx")) })
    }

    @Test func oldXLSOrPasswordProtected() {
        let m = message { try XLSXReader.read(path: fixture("ole_header.xlsx")) }
        #expect(m.contains("ole_header.xlsx") && m.contains(".xls") && m.contains("密码") && m.contains("另存为"), "\(m)")
    }

    @Test func zipWithoutWorkbook() {
        let m = message { try XLSXReader.read(path: fixture("not_excel.xlsx")) }
        #expect(m.contains("not_excel.xlsx") && m.contains("不是 Excel 工作簿") && m.contains("xl/workbook.xml"), "\(m)")
    }

    @Test func unknownSheetListsAvailableSheets() {
        let m = message { try XLSXReader.read(path: fixture("roster.xlsx"), sheet: "统计") }
        #expect(m.contains("roster.xlsx") && m.contains("统计") && m.contains("名册") && m.contains("活动"), "\(m)")
        let n = message { try XLSXReader.read(path: fixture("roster.xlsx"), sheet: "3") }
        #expect(n.contains("只有 2 个工作表") && n.contains("名册") && n.contains("活动"), "\(n)")
        let zero = message { try XLSXReader.read(path: fixture("roster.xlsx"), sheet: "0") }
        #expect(zero.contains("名册"), "\(zero)")
    }

    @Test func damagedXML() throws {
        let m = message { try XLSXReader.read(path: fixture("damaged_sheet.xlsx")) }
        #expect(m.contains("damaged_sheet.xlsx") && m.contains("已损坏") && m.contains("data_a.xml"), "\(m)")
        // Other sheets of the same file are still readable.
        #expect(try XLSXReader.read(path: fixture("damaged_sheet.xlsx"), sheet: "日期").cell("B1") == "1900-01-01")
        let t = message { try XLSXReader.read(path: fixture("truncated.xlsx")) }  // cut off half-way
        #expect(t.contains("truncated.xlsx") && t.contains("已损坏") && t.contains("data_a.xml"), "\(t)")
        let w = message { try XLSXReader.sheetNames(path: fixture("damaged_workbook.xlsx")) }
        #expect(w.contains("damaged_workbook.xlsx") && w.contains("已损坏") && w.contains("xl/workbook.xml"), "\(w)")
    }

    @Test func zipBombIsRefused() {
        for name in ["bomb.xlsx", "bomb_lying.xlsx"] {  // honest 210 MB header, and one claiming 1000 bytes
            let m = message { try XLSXReader.read(path: fixture(name)) }
            #expect(m.contains(name) && m.contains("200 MB"), "\(m)")
        }
    }

    @Test func errorEquality() {
        #expect(XLSXError("x") == XLSXError("x"))
        #expect("\(XLSXError("坏了"))" == "坏了")
    }
}
