// XLSXKit: minimal reading and writing of .xlsx workbooks (cell text only).
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XMLCoder
import ZIPFoundation
// The large parts of a workbook (shared strings, sheets) read by SAX, a row at a time.
// MARK: - Large parts (SAX)

// Sheet data and shared strings use XMLParser (SAX), not XMLCoder: XMLCoder builds two whole trees
// before decoding (~28 µs per shared string, 5.7 s for 200k strings), and its XMLParser(data:) input
// fails on Linux beyond libxml2's 10 MB lookup limit. XMLCoder stays for the small parts.

protocol XLSXSAXHandler: XMLParserDelegate {
    var failure: XLSXError? { get }
    /// True once the root element has closed: a truncated part parses "successfully" otherwise.
    var finished: Bool { get }
}

enum XLSXSAX {
    static func run(_ data: Data, delegate: XLSXSAXHandler, part: String, fileName: String) throws {
        // Stream input keeps libxml2's buffer small; XMLParser(data:) hits "huge input lookup" on big parts.
        let parser = XMLParser(stream: InputStream(data: data))
        // Namespace processing stays off: it allocates URI strings per event (~25% of parse time);
        // prefixes ("x:c") are stripped by localName instead.
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        let ok = parser.parse()
        if let failure = delegate.failure { throw failure }
        if !ok || !delegate.finished {
            let line = parser.lineNumber > 0 ? "第 \(parser.lineNumber) 行" : ""
            throw XLSXError("「\(fileName)」已损坏：\(part) \(line)的 XML 格式错误或内容不完整。请用 Excel 或 WPS 打开后重新保存为 .xlsx。")
        }
    }

    static func localName(_ name: String) -> String {
        guard name.utf8.contains(0x3A), let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }
}

final class XLSXSheetParser: NSObject, XLSXSAXHandler {
    private let sharedStrings: [String]
    private let dateKinds: [XLSXDateKind]
    private let date1904: Bool

    private(set) var rows: [(number: Int, cells: [String])] = []
    private(set) var merges: [XLSXMerge] = []
    private(set) var failure: XLSXError?
    private(set) var finished = false
    private var depth = 0
    private var fileName = ""
    private var part = ""

    private var inSheetData = false
    private var inRow = false
    private var rowNumber = 0
    private var cells: [String] = []
    private var lastColumn = 0

    private var inCell = false
    private var cellDepth = 0
    private var denseCells = 0
    static let maxDenseCells = 20_000_000
    private var column = 0
    private var cellType = ""
    private var cellStyle = 0
    private var valueText = ""
    private var inlineText = ""
    private var hasFormula = false
    private var formulaText = ""
    private var formulaType = ""
    private var formulaGroup = ""
    private var sharedFormulas: [String: String] = [:]

    private enum Capture { case off, value, text, formula }
    private var capture = Capture.off
    private var inInlineString = false
    private var inPhonetic = false
    private var buffer = ""

    /// Rows with content the sheet may have; passing it stops the parse.
    private let maxRows: Int
    private var rowsWithContent = 0
    private(set) var passedMaxRows = false

    init(sharedStrings: [String], dateKinds: [XLSXDateKind], date1904: Bool, maxRows: Int = .max) {
        self.sharedStrings = sharedStrings
        self.dateKinds = dateKinds
        self.date1904 = date1904
        self.maxRows = maxRows
    }

    func parse(_ data: Data, part: String, fileName: String) throws {
        self.fileName = fileName
        self.part = part
        try XLSXSAX.run(data, delegate: self, part: part, fileName: fileName)
    }

    private func fail(_ parser: XMLParser, _ message: String) {
        if failure == nil { failure = XLSXError(message) }
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        depth += 1
        let elementName = XLSXSAX.localName(elementName)
        if inCell {
            let direct = depth == cellDepth + 1  // not something nested in the cell's extLst
            switch elementName {
            case "v" where direct:
                capture = .value
                buffer = ""
            case "f" where direct:
                hasFormula = true
                formulaType = attributeDict["t"] ?? ""
                formulaGroup = attributeDict["si"] ?? ""
                capture = .formula
                buffer = ""
            case "is" where direct:
                inInlineString = true
            case "rPh":
                inPhonetic = true
            case "t" where inInlineString && !inPhonetic:
                capture = .text
                buffer = ""
            default:
                break
            }
            return
        }
        switch elementName {
        case "c" where inRow:
            inCell = true
            cellDepth = depth
            if let ref = attributeDict["r"], let (_, col) = XLSXCellRef.parse(ref), col > 0 {
                column = col
            } else if let ref = attributeDict["r"], XLSXCellRef.parse(ref) == nil {
                fail(parser, "「\(fileName)」已损坏：\(part) 中的单元格位置“\(ref)”无效。")
                return
            } else {
                column = lastColumn + 1
            }
            if column > XLSXCellRef.maxColumns {
                fail(parser, "「\(fileName)」已损坏：\(part) 第 \(rowNumber) 行的列数超过 Excel 上限。")
                return
            }
            cellType = attributeDict["t"] ?? ""
            cellStyle = attributeDict["s"].flatMap { Int($0) } ?? 0
            valueText = ""
            inlineText = ""
            hasFormula = false
            formulaText = ""
        case "row" where inSheetData:
            inRow = true
            rowNumber = attributeDict["r"].flatMap { Int($0) } ?? (rowNumber + 1)
            cells = []
            lastColumn = 0
        case "sheetData":
            inSheetData = true
        case "mergeCell":
            if let ref = attributeDict["ref"], let merge = Self.merge(ref) { merges.append(merge) }
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        depth -= 1
        if depth == 0 { finished = true }
        let elementName = XLSXSAX.localName(elementName)
        switch elementName {
        case "v" where capture == .value:
            valueText = buffer
            capture = .off
        case "t" where capture == .text:
            inlineText += buffer
            capture = .off
        case "f" where capture == .formula:
            formulaText = buffer
            if formulaType == "shared", !formulaGroup.isEmpty, !buffer.isEmpty {
                sharedFormulas[formulaGroup] = buffer
            }
            capture = .off
        case "rPh":
            inPhonetic = false
        case "is":
            inInlineString = false
        case "c" where inCell:
            inCell = false
            let text = cellText(parser)
            if !text.isEmpty {
                if column > cells.count { cells.append(contentsOf: repeatElement("", count: column - cells.count)) }
                cells[column - 1] = text
            }
            lastColumn = column
        case "row" where inRow:
            inRow = false
            while cells.last?.isEmpty == true { cells.removeLast() }
            // Dense rows make a sparse file expensive (one cell in column XFD per row); cap the total.
            denseCells += cells.count
            if denseCells > XLSXSheetParser.maxDenseCells {
                fail(parser, "「\(fileName)」的工作表过大（超过 2000 万个单元格），无法读取。请删除多余的行列后再导入。")
                return
            }
            if !cells.isEmpty { rowsWithContent += 1 }
            if rowsWithContent > maxRows {
                passedMaxRows = true
                fail(parser, "「\(fileName)」的工作表超过 \(maxRows) 行。")
                return
            }
            rows.append((rowNumber, cells))
        case "sheetData":
            inSheetData = false
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capture != .off { buffer += string }
    }

    func parser(_ parser: XMLParser, foundIgnorableWhitespace whitespaceString: String) {
        if capture != .off { buffer += whitespaceString }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if capture != .off { buffer += String(decoding: CDATABlock, as: UTF8.self) }
    }

    private func cellText(_ parser: XMLParser) -> String {
        // Formula cells are reported as formulas so the caller can refuse them.
        if hasFormula {
            if !formulaText.isEmpty { return "=" + formulaText }
            if formulaType == "shared", let master = sharedFormulas[formulaGroup] { return "=" + master }
            return "=(公式)"
        }
        switch cellType {
        case "s":
            guard !valueText.isEmpty else { return "" }
            guard let index = Int(valueText), index >= 0, index < sharedStrings.count else {
                fail(parser, "「\(fileName)」已损坏：\(part) 引用了不存在的共享字符串（第 \(rowNumber) 行）。")
                return ""
            }
            return sharedStrings[index]
        case "inlineStr":
            return XLSXEscaping.unescape(inlineText.isEmpty ? valueText : inlineText)
        case "str":
            return XLSXEscaping.unescape(valueText)
        case "b":
            if valueText.isEmpty { return "" }
            return valueText == "1" || valueText.lowercased() == "true" ? "TRUE" : "FALSE"
        case "e":
            return valueText
        case "d":
            return XLSXCellValue.isoDate(valueText)
        default:
            guard !valueText.isEmpty else { return "" }
            if cellStyle < dateKinds.count, dateKinds[cellStyle] != .notDate,
               let text = XLSXCellValue.date(valueText, kind: dateKinds[cellStyle], date1904: date1904) {
                return text
            }
            return XLSXCellValue.number(valueText)
        }
    }

    static func merge(_ ref: String) -> XLSXMerge? {
        let ends = ref.split(separator: ":")
        guard ends.count == 1 || ends.count == 2,
              let (r1, c1) = XLSXCellRef.parse(ends[0]), let (r2, c2) = XLSXCellRef.parse(ends[ends.count - 1]),
              r1 > 0, c1 > 0, r2 > 0, c2 > 0
        else { return nil }
        return XLSXMerge(firstRow: min(r1, r2), firstColumn: min(c1, c2), lastRow: max(r1, r2),
                         lastColumn: max(c1, c2), ref: ref)
    }
}
