import CSV
import Foundation
import StudioCore
import StudioStore
import XLSXKit
#if canImport(Glibc)
import Glibc
#endif

/// The encodings an office's CSV comes in: UTF-8 (with or without BOM), and GB18030 — what Chinese Excel and
/// WPS save by default (GBK is a subset of it).
public enum ImportEncoding: String, CaseIterable, Sendable {
    case auto, utf8 = "utf-8", gb18030

    public var title: String {
        switch self {
        case .auto: "自动识别"
        case .utf8: "UTF-8"
        case .gb18030: "GB18030/GBK"
        }
    }
}

public struct ImportFileError: Error, Equatable, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ text: String) { description = text }
}

/// Reads a CSV file into an `ImportTable`. The parsing (quotes, commas, newlines inside quotes, CRLF) is
/// CSV.swift's; the decoding of GB18030 goes through the C library's iconv, since Foundation on Linux has no
/// GB18030 codec.
public enum ImportFile {
    /// Files above this are refused before reading (a roster or a year's ledger is far smaller).
    public static let maxBytes = 64 << 20
    /// Data rows (below the header) a file may have unless `--max-rows` says more: a district's year is a few
    /// thousand; a sheet of a million rows is a mistake, refused before it is read whole.
    public static let defaultMaxRows = 200_000

    /// The refusal of a file over the limit, the same for CSV and workbooks.
    static func tooManyRows(_ what: String, rows: Int?, limit: Int) -> ImportFileError {
        let count = rows.map { "有 \($0) 行数据，" } ?? "的数据"
        return ImportFileError("\(what)\(count)超过导入上限 \(limit) 行，已拒绝导入：请分成几个文件，或删去多余的行（命令行可用 --max-rows 提高上限）")
    }

    /// A CSV or an Excel workbook, told apart by content, not by name; the second value says how it was read.
    public static func readTable(path: String, encoding: ImportEncoding = .auto, sheet: String? = nil,
                                 maxRows: Int = defaultMaxRows) throws -> (ImportTable, String) {
        let head = FileHandle(forReadingAtPath: path).flatMap { h in defer { try? h.close() }; return try? h.read(upToCount: 8) } ?? Data()
        let isWorkbook = head.starts(with: [0x50, 0x4B]) || head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) || path.lowercased().hasSuffix(".xlsx")
        if isWorkbook {
            return try readWorkbook(path: path, sheet: sheet, maxRows: maxRows)
        }
        if sheet != nil { throw ImportFileError("--sheet 只用于 Excel 工作簿（.xlsx）；\(path) 是 CSV 文件") }
        let (table, used) = try readCSV(path: path, encoding: encoding, maxRows: maxRows)
        return (table, used.title)
    }

    /// A sheet of an Excel workbook. The header is the first row with content; a title row above it (one text
    /// merged across the columns, as offices head their sheets) is passed over. Other merged cells in the header
    /// are refused: a merged header covers several columns with one name, so the columns under it cannot be told apart.
    public static func readWorkbook(path: String, sheet: String? = nil, maxRows: Int = defaultMaxRows) throws -> (ImportTable, String) {
        let book: XLSXSheet
        do {
            // One row more for the header.
            book = try XLSXReader.read(path: path, sheet: sheet, maxRows: maxRows + 1)
        } catch let e as XLSXTooManyRows {
            throw tooManyRows("文件 \(path) 的工作表「\(e.sheet)」", rows: e.rows.map { $0 - 1 }, limit: maxRows)
        } catch let e as XLSXError { throw ImportFileError(e.description) }
        var rows = book.rows.filter { !$0.cells.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard var header = rows.first else { throw ImportFileError("文件 \(path) 的工作表「\(book.name)」是空的") }
        func merges(on row: Int) -> [XLSXMerge] { book.merges.filter { $0.firstRow <= row && row <= $0.lastRow && $0.lastColumn > $0.firstColumn } }
        let filled = header.cells.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        if filled.count == 1, !merges(on: header.number).isEmpty, rows.count > 1 {
            rows.removeFirst()
            header = rows[0]
        }
        let merged = merges(on: header.number)
        if !merged.isEmpty {
            throw ImportFileError("工作表「\(book.name)」的表头（第 \(header.number) 行）有合并单元格 \(merged.map(\.ref).joined(separator: "、"))：请取消合并，让每一列只有一个列名，再导入")
        }
        let table = ImportTable(headers: header.cells, rows: Array(rows.dropFirst()), headerRow: header.number)
        return (table, "Excel 工作表「\(book.name)」")
    }

    public static func readCSV(path: String, encoding: ImportEncoding = .auto, maxRows: Int = defaultMaxRows) throws -> (table: ImportTable, encoding: ImportEncoding) {
        let (source, used) = try openCSV(path: path, encoding: encoding, maxRows: maxRows)
        var body: [(number: Int, cells: [String])] = []
        while let row = try source.next() { body.append(row) }
        return (ImportTable(headers: source.headers, rows: body), used)
    }

    /// A CSV's header read and its rows handed out one at a time: only the decoded text is whole in memory, not
    /// every row's cells (200,000 rows as arrays of strings were most of an import's 388 MB).
    public static func openCSV(path: String, encoding: ImportEncoding = .auto, maxRows: Int = defaultMaxRows) throws -> (rows: ImportRows, encoding: ImportEncoding) {
        let (text, used) = try decodedText(path: path, encoding: encoding)
        do {
            let reader = try CSVReader(string: text, hasHeaderRow: false)
            guard let header = reader.next() else { throw ImportFileError("文件 \(path) 是空的") }
            var number = 1
            let rows = ImportRows(headers: header) {
                guard let cells = reader.next() else { return nil }
                number += 1
                // Stopped as soon as the limit is passed: the header and one row more.
                if number - 1 > maxRows { throw tooManyRows("文件 \(path) ", rows: nil, limit: maxRows) }
                return (number, cells)
            }
            return (rows, used)
        } catch let e as ImportFileError {
            throw e
        } catch {
            throw ImportFileError("文件 \(path) 不是有效的 CSV：\(error)")
        }
    }

    /// The file's text, checked: not too large, not empty, not binary, no quote left open. The bytes read are
    /// let go once decoded.
    static func decodedText(path: String, encoding: ImportEncoding) throws -> (String, ImportEncoding) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportFileError("无法读取文件 \(path)（不存在或没有读权限）")
        }
        if data.count > maxBytes { throw ImportFileError("文件 \(path) 太大（\(data.count >> 20) MB），请分成几个文件导入") }
        let (text, used) = try decode(data, encoding: encoding, path: path)
        // Scans that stop early or read bytes: trimming a whole 200,000-row text was a twentieth of an import.
        if text.allSatisfy(\.isWhitespace) { throw ImportFileError("文件 \(path) 是空的") }
        if text.utf8.contains(0) { throw ImportFileError("文件 \(path) 不是文本文件（含有二进制内容），请另存为 CSV 后再导入") }
        if let (row, column) = unclosedQuote(text) {
            throw ImportFileError("文件 \(path) 第 \(row) 行第 \(column) 列的引号（\"）没有闭合：从这里到文件末尾都会被当成一个单元格。请补上结尾的引号或删去这个引号后再导入")
        }
        return (text, used)
    }

    /// `readTable` for an import taken in chunks: a CSV streamed row by row; a workbook's sheet as read (its XML is
    /// read whole either way).
    public static func openTable(path: String, encoding: ImportEncoding = .auto, sheet: String? = nil,
                                 maxRows: Int = defaultMaxRows) throws -> (ImportRows, String) {
        let head = FileHandle(forReadingAtPath: path).flatMap { h in defer { try? h.close() }; return try? h.read(upToCount: 8) } ?? Data()
        let isWorkbook = head.starts(with: [0x50, 0x4B]) || head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) || path.lowercased().hasSuffix(".xlsx")
        if isWorkbook {
            let (table, source) = try readWorkbook(path: path, sheet: sheet, maxRows: maxRows)
            return (ImportRows(table), source)
        }
        if sheet != nil { throw ImportFileError("--sheet 只用于 Excel 工作簿（.xlsx）；\(path) 是 CSV 文件") }
        let (rows, used) = try openCSV(path: path, encoding: encoding, maxRows: maxRows)
        return (rows, used.title)
    }

    /// Where a quoted cell that never closes begins (row as Excel counts records, column), read the way CSV.swift
    /// reads: a quote opens a cell only at its start, and inside one "" is a quote and " ends it before a comma,
    /// a line break or the end. CSV.swift takes the rest of the file as that cell, and the clerk would be told
    /// the cell is too long.
    static func unclosedQuote(_ text: String) -> (row: Int, column: Int)? {
        let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        let bytes = text.utf8
        guard bytes.contains(quote) else { return nil }
        var row = 1, column = 1
        var i = bytes.startIndex
        func endRow(_ c: UInt8) {
            if c == cr, i < bytes.endIndex, bytes[i] == lf { i = bytes.index(after: i) }
            row += 1
            column = 1
        }
        while i < bytes.endIndex {
            // At the start of a cell.
            if bytes[i] == quote {
                let start = (row, column)
                i = bytes.index(after: i)
                var closed = false
                while i < bytes.endIndex {
                    let c = bytes[i]
                    i = bytes.index(after: i)
                    guard c == quote else { continue }
                    guard i < bytes.endIndex else { closed = true; break }
                    let next = bytes[i]
                    i = bytes.index(after: i)
                    if next == comma { column += 1; closed = true; break }
                    if next == cr || next == lf { endRow(next); closed = true; break }
                    // "" is a quote; a quote before anything else stays in the cell (the cell goes on).
                }
                if !closed { return start }
                continue
            }
            while i < bytes.endIndex {
                let c = bytes[i]
                i = bytes.index(after: i)
                if c == comma { column += 1; break }
                if c == cr || c == lf { endRow(c); break }
            }
        }
        return nil
    }

    static func decode(_ data: Data, encoding: ImportEncoding, path: String) throws -> (String, ImportEncoding) {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            if encoding == .gb18030 { throw ImportFileError("文件 \(path) 带有 UTF-8 标记，不是 GB18030 编码；请去掉 --encoding 或改为 utf-8") }
            bytes = bytes.dropFirst(3)
            // The mark says UTF-8: bytes after it that are not are a broken file, never a guess at GBK.
            guard let s = String(data: bytes, encoding: .utf8) else {
                throw ImportFileError("文件 \(path) 开头有 UTF-8 标记，但第 \(firstBadUTF8Line(bytes)) 行起的内容不是 UTF-8 编码（可能是 GBK），请在 Excel/WPS 中另存为「CSV UTF-8」后再导入")
            }
            return (s, .utf8)
        }
        switch encoding {
        case .utf8:
            guard let s = String(data: bytes, encoding: .utf8) else {
                throw ImportFileError("文件 \(path) 不是 UTF-8 编码（可能是 GBK/GB18030，Excel 和 WPS 默认如此）；请改用 --encoding gb18030 或自动识别")
            }
            return (s, .utf8)
        case .gb18030:
            guard let s = gb18030(bytes) else { throw ImportFileError("文件 \(path) 不是有效的 GB18030/GBK 编码") }
            return (s, .gb18030)
        case .auto:
            if let s = String(data: bytes, encoding: .utf8) { return (s, .utf8) }
            if let s = gb18030(bytes) { return (s, .gb18030) }
            throw ImportFileError("无法识别文件 \(path) 的编码（既不是 UTF-8 也不是 GB18030/GBK）；请在 Excel/WPS 中另存为「CSV UTF-8」")
        }
    }

    /// The line (1-based, counted in the bytes given) holding the first byte that is not UTF-8.
    static func firstBadUTF8Line(_ bytes: Data) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var input = bytes.makeIterator()
        var line = 1
        while true {
            switch parser.parseScalar(from: &input) {
            case .valid(let scalar): if scalar.count == 1 && scalar.first == 0x0A { line += 1 }
            case .error, .emptyInput: return line
            }
        }
    }

    /// GB18030 → String through iconv; nil on an invalid sequence.
    static func gb18030(_ data: Data) -> String? {
        let cd = iconv_open("UTF-8", "GB18030")
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = [CChar](repeating: 0, count: data.count)
        data.withUnsafeBytes { raw in
            for (i, b) in raw.enumerated() { input[i] = CChar(bitPattern: b) }
        }
        // Each GB18030 character (1, 2 or 4 bytes) becomes at most 4 bytes of UTF-8.
        var output = [CChar](repeating: 0, count: data.count * 2 + 16)
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
                var outLeft = outBuf.count
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                return r == -1 || inLeft != 0 ? nil : outBuf.count - outLeft
            }
        }
        guard let written else { return nil }
        return String(decoding: output[..<written].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// An import file's header and its data rows one at a time, numbered as Excel counts them.
public final class ImportRows {
    public let headers: [String]
    public let headerRow: Int
    /// Data rows handed out so far.
    public private(set) var count = 0
    private let nextRow: () throws -> (number: Int, cells: [String])?

    init(headers: [String], headerRow: Int = 1, next: @escaping () throws -> (number: Int, cells: [String])?) {
        self.headers = headers
        self.headerRow = headerRow
        nextRow = next
    }

    public convenience init(_ table: ImportTable) {
        var i = 0
        self.init(headers: table.headers, headerRow: table.headerRow) {
            guard i < table.rows.count else { return nil }
            defer { i += 1 }
            return table.rows[i]
        }
    }

    public func next() throws -> (number: Int, cells: [String])? {
        guard let row = try nextRow() else { return nil }
        count += 1
        return row
    }
}

/// The whole road in for a roster: read the file, map the columns, match with the roster, and write only when
/// every row is right. Shared by `studiodesk import members` and 打印导出.
public enum RosterImporter {
    public struct Outcome: Sendable {
        public var encoding: ImportEncoding
        public var rows: Int
        public var ignoredColumns: [String]
        public var plan: AppDatabase.MemberImportPlan
        /// Every problem, by row then column; non-empty means nothing was written.
        public var problems: [ImportProblem]
        public var warnings: [ImportProblem]
        public var written: Bool
    }

    public static func run(path: String, encoding: ImportEncoding = .auto, into db: AppDatabase, apply: Bool) throws -> Outcome {
        let (table, source) = try ImportFile.readTable(path: path, encoding: encoding)
        let used: ImportEncoding = source == ImportEncoding.gb18030.title ? .gb18030 : .utf8
        let read = RosterImport.read(table)
        var plan = try db.importMembers(read.members, apply: false)
        let problems = (read.problems + plan.problems).sorted { ($0.row, $0.column) < ($1.row, $1.column) }
        var written = false
        if apply && problems.isEmpty {
            plan = try db.importMembers(read.members, apply: true)
            written = plan.problems.isEmpty
        }
        return Outcome(encoding: used, rows: table.rows.count, ignoredColumns: read.ignored, plan: plan, problems: problems, warnings: read.warnings, written: written)
    }
}
