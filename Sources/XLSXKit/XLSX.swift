// XLSXKit: minimal reading and writing of .xlsx workbooks (cell text only).
import Foundation

// MARK: - Public types

public struct XLSXError: Error, Equatable, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A sheet with more rows than the reader was allowed: `rows` from its `<dimension>` when it has one, else nil
/// (the limit was passed while reading).
public struct XLSXTooManyRows: Error, Equatable, Sendable {
    public var sheet: String
    public var rows: Int?
}

/// A merged range; rows and columns are 1-based.
public struct XLSXMerge: Equatable, Hashable, Sendable {
    public var firstRow: Int
    public var firstColumn: Int
    public var lastRow: Int
    public var lastColumn: Int
    /// The range as written in the file, e.g. "A1:C1".
    public var ref: String

    public init(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int, ref: String) {
        self.firstRow = firstRow
        self.firstColumn = firstColumn
        self.lastRow = lastRow
        self.lastColumn = lastColumn
        self.ref = ref
    }
}

public struct XLSXSheet: Sendable {
    public var name: String
    /// Rows as the user sees them: `number` is the 1-based Excel row number; `cells` are dense from
    /// column A to the last non-empty cell of that row ("" for empty cells, trailing empties dropped).
    /// Only rows present in the file are listed, in file order (a row with no values has `cells == []`).
    public var rows: [(number: Int, cells: [String])]
    /// Merged ranges from `<mergeCells>`.
    public var merges: [XLSXMerge]

    public init(name: String, rows: [(number: Int, cells: [String])], merges: [XLSXMerge] = []) {
        self.name = name
        self.rows = rows
        self.merges = merges
    }

    /// The text of one cell by reference ("B7"); "" when absent.
    public func cell(_ ref: String) -> String {
        guard let (row, column) = XLSXCellRef.parse(ref), row > 0, column > 0,
              let entry = rows.first(where: { $0.number == row }), column <= entry.cells.count
        else { return "" }
        return entry.cells[column - 1]
    }
}

// MARK: - Reader

public enum XLSXReader {
    /// Sheet names in workbook order.
    public static func sheetNames(path: String) throws -> [String] {
        let package = try XLSXPackage(path: path)
        return try XLSXWorkbookInfo(package: package).sheets.map(\.name)
    }

    /// Reads one sheet: nil = the first sheet; otherwise a sheet name, or a 1-based number given as text ("2").
    /// `maxRows`: rows with content beyond it throw `XLSXTooManyRows`, from the sheet's `<dimension>` before any
    /// cell is read when it has one, else as soon as the limit is passed.
    public static func read(path: String, sheet: String? = nil, maxRows: Int = .max) throws -> XLSXSheet {
        let package = try XLSXPackage(path: path)
        let workbook = try XLSXWorkbookInfo(package: package)
        let index = try workbook.sheetIndex(for: sheet, fileName: package.fileName)
        let entry = workbook.sheets[index]

        let sheetPart = entry.relId.flatMap { id in workbook.rels.first { $0.id == id } }
            .map { XLSXPackage.resolve($0.target, from: workbook.partPath) }
        guard let sheetPart, let data = try package.data(sheetPart) else {
            throw XLSXError("「\(package.fileName)」已损坏：找不到工作表“\(entry.name)”的内容。请用 Excel 或 WPS 打开后重新保存为 .xlsx。")
        }
        if maxRows < .max, let rows = dimensionRows(data.prefix(16 * 1024)), rows > maxRows {
            throw XLSXTooManyRows(sheet: entry.name, rows: rows)
        }
        let sharedStrings = try workbook.loadSharedStrings(package: package)
        let dateKinds = try workbook.loadDateKinds(package: package)

        let parser = XLSXSheetParser(sharedStrings: sharedStrings, dateKinds: dateKinds, date1904: workbook.date1904, maxRows: maxRows)
        do {
            try parser.parse(data, part: sheetPart, fileName: package.fileName)
        } catch where parser.passedMaxRows {
            throw XLSXTooManyRows(sheet: entry.name, rows: nil)
        }
        return XLSXSheet(name: entry.name, rows: parser.rows, merges: parser.merges)
    }

    /// The rows the sheet's `<dimension ref="A1:H1048576"/>` spans; it comes before the cells.
    static func dimensionRows(_ head: Data) -> Int? {
        let text = String(decoding: head, as: UTF8.self)
        let pattern = #"<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref\s*=\s*["']([^"']+)["']"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text) else { return nil }
        let ends = text[range].split(separator: ":").compactMap { XLSXCellRef.parse($0)?.0 }.filter { $0 > 0 }
        guard let first = ends.min(), let last = ends.max() else { return nil }
        return last - first + 1
    }
}

enum XLSXCellRef {
    static let maxColumns = 16_384

    /// "B7" -> (row 7, column 2); row 0 when the reference has no digits, column 0 when it has no letters.
    static func parse<S: StringProtocol>(_ ref: S) -> (Int, Int)? {
        var column = 0, row = 0, seenDigit = false
        for b in ref.utf8 {
            switch b {
            case 0x41...0x5A where !seenDigit: column = column * 26 + Int(b - 0x40)
            case 0x61...0x7A where !seenDigit: column = column * 26 + Int(b - 0x60)
            case 0x24: continue  // "$A$1"
            case 0x30...0x39:
                seenDigit = true
                row = row * 10 + Int(b - 0x30)
            default: return nil
            }
            if column > maxColumns || row > 100_000_000 { return nil }
        }
        return (row, column)
    }

    static func columnName(_ column: Int) -> String {
        var n = column, scalars: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            scalars.insert(Character(UnicodeScalar(UInt8(65 + r))), at: 0)
            n = (n - 1) / 26
        }
        return String(scalars)
    }
}
