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

/// Reads a CSV file into an `ImportTable`, or its rows one at a time. The parsing (quotes, commas, newlines inside
/// quotes, CRLF) is CSV.swift's, done on bytes (`CSVByteReader`); the decoding of GB18030 goes through the C
/// library's iconv, since Foundation on Linux has no GB18030 codec.
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

    /// A CSV's header read and its rows handed out one at a time, the file read in pieces: in memory, one piece
    /// of its bytes and the row being read, never the whole file or its decoded text (at 200,000 rows the text and
    /// the bytes were most of an import's 107 MB).
    public static func openCSV(path: String, encoding: ImportEncoding = .auto, maxRows: Int = defaultMaxRows) throws -> (rows: ImportRows, encoding: ImportEncoding) {
        let used = try checkedEncoding(path: path, encoding: encoding)
        guard let pieces = ImportTextPieces(path: path, source: used == .gb18030 ? .gb18030 : .utf8) else {
            throw ImportFileError("无法读取文件 \(path)（不存在或没有读权限）")
        }
        let reader = CSVByteReader(pieces)
        func next() throws -> [String]? {
            do { return try reader.next() } catch is ImportTextPieces.Invalid {
                // Read and checked a moment ago: the file changed (or could not be read) while it was imported.
                throw ImportFileError("读取文件 \(path) 时出错（文件在导入过程中被改动？），请重新导入")
            }
        }
        guard let header = try next() else { throw ImportFileError("文件 \(path) 是空的") }
        var number = 1
        let rows = ImportRows(headers: header) {
            guard let cells = try next() else { return nil }
            number += 1
            // Stopped as soon as the limit is passed: the header and one row more.
            if number - 1 > maxRows { throw tooManyRows("文件 \(path) ", rows: nil, limit: maxRows) }
            return (number, cells)
        }
        return (rows, used)
    }

    /// The file read through once before its rows are, a piece at a time: not too large, its encoding (the one
    /// asked for, or found), not empty, not binary, no quote left open. The same refusals, in the same order, as
    /// when the whole text was decoded first.
    static func checkedEncoding(path: String, encoding: ImportEncoding) throws -> ImportEncoding {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR, access(path, R_OK) == 0 else {
            throw ImportFileError("无法读取文件 \(path)（不存在或没有读权限）")
        }
        if Int(info.st_size) > maxBytes { throw ImportFileError("文件 \(path) 太大（\(Int(info.st_size) >> 20) MB），请分成几个文件导入") }
        let head = FileHandle(forReadingAtPath: path).flatMap { h in defer { try? h.close() }; return try? h.read(upToCount: 3) } ?? Data()
        let used: ImportEncoding
        let facts: ImportTextFacts
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            if encoding == .gb18030 { throw ImportFileError("文件 \(path) 带有 UTF-8 标记，不是 GB18030 编码；请去掉 --encoding 或改为 utf-8") }
            // The mark says UTF-8: bytes after it that are not are a broken file, never a guess at GBK.
            switch try scan(path, .utf8) {
            case .invalid(let line):
                throw ImportFileError("文件 \(path) 开头有 UTF-8 标记，但第 \(line) 行起的内容不是 UTF-8 编码（可能是 GBK），请在 Excel/WPS 中另存为「CSV UTF-8」后再导入")
            case .valid(let f): (used, facts) = (.utf8, f)
            }
        } else {
            switch encoding {
            case .utf8:
                guard case .valid(let f) = try scan(path, .utf8) else {
                    throw ImportFileError("文件 \(path) 不是 UTF-8 编码（可能是 GBK/GB18030，Excel 和 WPS 默认如此）；请改用 --encoding gb18030 或自动识别")
                }
                (used, facts) = (.utf8, f)
            case .gb18030:
                guard case .valid(let f) = try scan(path, .gb18030) else { throw ImportFileError("文件 \(path) 不是有效的 GB18030/GBK 编码") }
                (used, facts) = (.gb18030, f)
            case .auto:
                if case .valid(let f) = try scan(path, .utf8) {
                    (used, facts) = (.utf8, f)
                } else if case .valid(let f) = try scan(path, .gb18030) {
                    (used, facts) = (.gb18030, f)
                } else {
                    throw ImportFileError("无法识别文件 \(path) 的编码（既不是 UTF-8 也不是 GB18030/GBK）；请在 Excel/WPS 中另存为「CSV UTF-8」")
                }
            }
        }
        if !facts.hasContent { throw ImportFileError("文件 \(path) 是空的") }
        if facts.hasNUL { throw ImportFileError("文件 \(path) 不是文本文件（含有二进制内容），请另存为 CSV 后再导入") }
        if let (row, column) = facts.unclosedQuote {
            throw ImportFileError("文件 \(path) 第 \(row) 行第 \(column) 列的引号（\"）没有闭合：从这里到文件末尾都会被当成一个单元格。请补上结尾的引号或删去这个引号后再导入")
        }
        return used
    }

    enum Scan {
        case valid(ImportTextFacts)
        /// The line (1-based) of the first byte that is not UTF-8 (GB18030: always 0, not said).
        case invalid(line: Int)
    }

    /// The file's text read once as `source`, a piece at a time: what `ImportTextFacts` finds, or where it stops being that encoding.
    static func scan(_ path: String, _ source: ImportTextPieces.Source, pieceBytes: Int = ImportTextPieces.pieceBytes) throws -> Scan {
        guard let pieces = ImportTextPieces(path: path, source: source, pieceBytes: pieceBytes) else { throw ImportFileError("无法读取文件 \(path)（不存在或没有读权限）") }
        var facts = ImportTextFacts()
        var check = UTF8Check()
        var piece: [UInt8] = []
        do {
            while try pieces.next(into: &piece) {
                if source == .utf8, let line = check.read(piece) { return .invalid(line: line) }
                piece.withUnsafeBufferPointer { facts.read($0) }
            }
        } catch is ImportTextPieces.Invalid {
            return .invalid(line: 0)
        }
        if source == .utf8, let line = check.finish() { return .invalid(line: line) }
        return .valid(facts)
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

    /// Where a quoted cell that never closes begins (row as Excel counts records, column), read the way the CSV
    /// reader reads (`ImportTextFacts`). Left alone, the reader takes the rest of the file as that cell, and the
    /// clerk would be told the cell is too long.
    static func unclosedQuote(_ text: String) -> (row: Int, column: Int)? {
        var facts = ImportTextFacts()
        Array(text.utf8).withUnsafeBufferPointer { facts.read($0) }
        return facts.unclosedQuote
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
