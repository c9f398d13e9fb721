// XLSXKit: minimal reading and writing of .xlsx workbooks (cell text only).
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XMLCoder
import ZIPFoundation

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

// MARK: - ZIP access

/// The opened ZIP, with part lookup that tolerates case and backslash differences (OPC names are case-insensitive).
struct XLSXPackage {
    static let maxEntrySize: UInt64 = 200 * 1024 * 1024

    let fileName: String
    private let archive: Archive
    private let entries: [String: Entry]

    init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        fileName = url.lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw XLSXError("找不到文件「\(fileName)」，请确认文件位置是否正确。")
        }
        if isDirectory.boolValue {
            throw XLSXError("「\(fileName)」是一个文件夹，不是 Excel 工作簿（.xlsx）。")
        }
        let head: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            head = try handle.read(upToCount: 8) ?? Data()
        } catch {
            throw XLSXError("无法读取文件「\(fileName)」：没有读取权限，或文件正被其他程序占用。")
        }
        if head.isEmpty {
            throw XLSXError("「\(fileName)」是空文件，不是有效的 Excel 工作簿（.xlsx）。")
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            // OLE compound file: legacy .xls, or an .xlsx wrapped by Excel's password encryption.
            throw XLSXError("「\(fileName)」是旧版 Excel（.xls）格式，或设置了打开密码。请在 Excel 或 WPS 中打开，另存为不带密码的 .xlsx 文件后再导入。")
        }
        let notWorkbook = XLSXError("「\(fileName)」不是有效的 Excel 工作簿（.xlsx）。它可能是 CSV、网页或其他文件改了扩展名，请在 Excel 或 WPS 中打开后另存为 .xlsx。")
        guard head.starts(with: [0x50, 0x4B]) else { throw notWorkbook }
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw notWorkbook
        }
        var index: [String: Entry] = [:]
        for entry in archive {
            index[XLSXPackage.key(entry.path)] = entry
        }
        entries = index
    }

    private static func key(_ path: String) -> String {
        var p = path.replacingOccurrences(of: "\\", with: "/")
        while p.hasPrefix("/") { p.removeFirst() }
        return p.lowercased()
    }

    func contains(_ part: String) -> Bool { entries[XLSXPackage.key(part)] != nil }

    /// The part's bytes, or nil if absent. Refuses entries over 200 MB, whatever the header claims.
    func data(_ part: String) throws -> Data? {
        guard let entry = entries[XLSXPackage.key(part)], entry.type == .file else { return nil }
        let limit = XLSXPackage.maxEntrySize
        let tooBig = XLSXError("「\(fileName)」中的 \(part) 解压后超过 200 MB，已拒绝读取（文件可能已损坏或被恶意构造）。")
        if entry.uncompressedSize > limit { throw tooBig }
        struct Overflow: Error {}
        var out = Data()
        out.reserveCapacity(Int(min(entry.uncompressedSize, 64 * 1024 * 1024)))
        do {
            let crc = try archive.extract(entry, bufferSize: 256 * 1024) { chunk in
                if UInt64(out.count + chunk.count) > limit { throw Overflow() }
                out.append(chunk)
            }
            if crc != entry.checksum { throw XLSXError("crc") }
        } catch is Overflow {
            throw tooBig
        } catch {
            throw XLSXError("「\(fileName)」已损坏：无法解压 \(part)。请用 Excel 或 WPS 打开后重新保存为 .xlsx。")
        }
        if Self.declaresDTD(out) {
            throw XLSXError("「\(fileName)」的 \(part) 声明了 DTD/实体：不支持含 DTD/实体定义的工作簿（可能是恶意文件）。请在 Excel 或 WPS 中打开后重新保存为 .xlsx，或另存为 CSV 再导入。")
        }
        return out
    }

    /// Whether the part's prolog has a `<!DOCTYPE`: a DTD declares entities (billion laughs, outside files),
    /// which libxml2 drops without a word, so a cell would lose its text. Excel and WPS never write one.
    static func declaresDTD(_ data: Data) -> Bool {
        // UTF-16 or UTF-32 markup (allowed by XML, never written by Excel) is ASCII once its zero bytes are gone.
        let bytes = data.prefix(4).contains(0) ? data.filter { $0 != 0 } : data
        return bytes.withUnsafeBytes { (b: UnsafeRawBufferPointer) -> Bool in
            func starts(_ s: String, at i: Int) -> Bool {
                let u = Array(s.utf8)
                return i + u.count <= b.count && zip(u.indices, u).allSatisfy { b[i + $0.0] == $0.1 }
            }
            func after(_ s: String, from i: Int) -> Int? {
                var j = i
                while j < b.count {
                    if starts(s, at: j) { return j + s.utf8.count }
                    j += 1
                }
                return nil
            }
            var i = 0
            while i < b.count, [0xEF, 0xBB, 0xBF, 0xFE, 0xFF].contains(b[i]) { i += 1 }  // byte order marks
            while i < b.count {
                if [0x20, 0x09, 0x0D, 0x0A].contains(b[i]) {
                    i += 1
                } else if starts("<?", at: i) {
                    guard let j = after("?>", from: i) else { return false }
                    i = j
                } else if starts("<!--", at: i) {
                    guard let j = after("-->", from: i) else { return false }
                    i = j
                } else {
                    return starts("<!DOCTYPE", at: i)
                }
            }
            return false
        }
    }

    /// Resolves a relationship target against the part that owns the .rels file.
    static func resolve(_ target: String, from sourcePart: String) -> String {
        var t = target.replacingOccurrences(of: "\\", with: "/")
        t = t.removingPercentEncoding ?? t
        var parts: [Substring] = t.hasPrefix("/") ? [] : Array(sourcePart.split(separator: "/").dropLast())
        for segment in t.split(separator: "/") {
            switch segment {
            case "", ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(segment)
            }
        }
        return parts.joined(separator: "/")
    }

    static func relsPath(for part: String) -> String {
        var dir = part.split(separator: "/").map(String.init)
        let name = dir.popLast() ?? ""
        return (dir + ["_rels", name + ".rels"]).joined(separator: "/")
    }
}

// MARK: - Small parts (XMLCoder)

/// Matches any attribute or element key, so prefixed names ("r:id", "rel:id") can be found.
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

private struct WorkbookXML: Decodable {
    var workbookPr: WorkbookPr?
    var sheets: Sheets?
    struct WorkbookPr: Decodable { var date1904: String? }
    struct Sheets: Decodable { var sheet: [SheetXML] }
}

private struct SheetXML: Decodable {
    var name: String
    var relId: String?
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        name = try c.decodeIfPresent(String.self, forKey: AnyKey("name")) ?? ""
        relId = nil
        // The relationships namespace prefix is usually "r" but not always.
        for key in c.allKeys where key.stringValue == "id" || key.stringValue.hasSuffix(":id") {
            relId = try c.decode(String.self, forKey: key)
        }
    }
}

private struct RelationshipsXML: Decodable {
    var relationship: [Rel]
    enum CodingKeys: String, CodingKey { case relationship = "Relationship" }
    struct Rel: Decodable {
        var id: String?
        var type: String?
        var target: String?
        enum CodingKeys: String, CodingKey { case id = "Id", type = "Type", target = "Target" }
    }
}

private struct StylesXML: Decodable {
    var numFmts: NumFmts?
    var cellXfs: CellXfs?
    struct NumFmts: Decodable { var numFmt: [NumFmt] }
    struct NumFmt: Decodable { var numFmtId: String?; var formatCode: String? }
    struct CellXfs: Decodable { var xf: [Xf] }
    struct Xf: Decodable { var numFmtId: String? }
}

private func decodePart<T: Decodable>(_ type: T.Type, _ data: Data, part: String, fileName: String) throws -> T {
    let decoder = XMLDecoder(trimValueWhitespaces: false)
    decoder.shouldProcessNamespaces = true  // "x:sheet" and "sheet" decode alike
    do {
        return try decoder.decode(type, from: data)
    } catch {
        throw XLSXError("「\(fileName)」已损坏：\(part) 的内容无法解析。请用 Excel 或 WPS 打开后重新保存为 .xlsx。")
    }
}

struct XLSXRelationship {
    var id: String
    var type: String
    var target: String
}

private func loadRels(_ package: XLSXPackage, for part: String) throws -> [XLSXRelationship] {
    let relsPart = XLSXPackage.relsPath(for: part)
    guard let data = try package.data(relsPart) else { return [] }
    let rels = try decodePart(RelationshipsXML.self, data, part: relsPart, fileName: package.fileName)
    return rels.relationship.compactMap { r in
        guard let id = r.id, let target = r.target else { return nil }
        return XLSXRelationship(id: id, type: r.type ?? "", target: target)
    }
}

struct XLSXWorkbookInfo {
    var partPath: String
    var sheets: [(name: String, relId: String?)]
    var rels: [XLSXRelationship]
    var date1904: Bool

    init(package: XLSXPackage) throws {
        let fileName = package.fileName
        // The main part is named by _rels/.rels; xl/workbook.xml is the usual fallback.
        var main = "xl/workbook.xml"
        if let office = try loadRels(package, for: "").first(where: { $0.type.hasSuffix("/officeDocument") }) {
            let resolved = XLSXPackage.resolve(office.target, from: "")
            if package.contains(resolved) { main = resolved }
        }
        guard let data = try package.data(main) else {
            if package.contains("xl/workbook.bin") {
                throw XLSXError("「\(fileName)」是 Excel 二进制工作簿（.xlsb）格式，请在 Excel 中另存为 .xlsx 后再导入。")
            }
            throw XLSXError("「\(fileName)」不是 Excel 工作簿：压缩包中缺少 xl/workbook.xml（可能是 Word、PowerPoint 或其他压缩文件）。")
        }
        partPath = main
        let xml = try decodePart(WorkbookXML.self, data, part: main, fileName: fileName)
        sheets = (xml.sheets?.sheet ?? []).map { ($0.name, $0.relId) }
        let flag = xml.workbookPr?.date1904?.lowercased()
        date1904 = flag == "1" || flag == "true"
        rels = try loadRels(package, for: main)
        if sheets.isEmpty {
            throw XLSXError("「\(fileName)」中没有任何工作表。")
        }
    }

    func sheetIndex(for wanted: String?, fileName: String) throws -> Int {
        guard let wanted else { return 0 }
        if let i = sheets.firstIndex(where: { $0.name == wanted }) { return i }
        let trimmed = wanted.trimmingCharacters(in: .whitespacesAndNewlines)
        if let i = sheets.firstIndex(where: {
            $0.name.trimmingCharacters(in: .whitespacesAndNewlines).caseInsensitiveCompare(trimmed) == .orderedSame
        }) { return i }
        let list = sheets.enumerated().map { "\($0.offset + 1).\($0.element.name)" }.joined(separator: "、")
        if let n = Int(trimmed) {
            if n >= 1 && n <= sheets.count { return n - 1 }
            throw XLSXError("「\(fileName)」只有 \(sheets.count) 个工作表，没有第 \(n) 个。现有工作表：\(list)。")
        }
        throw XLSXError("「\(fileName)」中没有名为“\(wanted)”的工作表。现有工作表：\(list)。")
    }

    private func part(ofType suffix: String, fallback: String) -> String {
        if let rel = rels.first(where: { $0.type.hasSuffix(suffix) }) {
            return XLSXPackage.resolve(rel.target, from: partPath)
        }
        return fallback
    }

    func loadSharedStrings(package: XLSXPackage) throws -> [String] {
        let part = part(ofType: "/sharedStrings", fallback: "xl/sharedStrings.xml")
        guard let data = try package.data(part) else { return [] }
        let parser = XLSXSharedStringsParser()
        try XLSXSAX.run(data, delegate: parser, part: part, fileName: package.fileName)
        return parser.strings
    }

    /// Date kind per cellXfs index (the cell's s attribute).
    func loadDateKinds(package: XLSXPackage) throws -> [XLSXDateKind] {
        let part = part(ofType: "/styles", fallback: "xl/styles.xml")
        guard let data = try package.data(part) else { return [] }
        let styles = try decodePart(StylesXML.self, data, part: part, fileName: package.fileName)
        var custom: [Int: String] = [:]
        for fmt in styles.numFmts?.numFmt ?? [] {
            if let id = fmt.numFmtId.flatMap({ Int($0) }) { custom[id] = fmt.formatCode ?? "" }
        }
        return (styles.cellXfs?.xf ?? []).map { xf in
            let id = xf.numFmtId.flatMap { Int($0) } ?? 0
            if let code = custom[id] { return XLSXDateKind(formatCode: code) }
            return XLSXDateKind(builtinId: id)
        }
    }
}

// MARK: - Values

enum XLSXDateKind: Sendable, Equatable {
    case notDate
    case date
    case dateTime(seconds: Bool)
    case time(seconds: Bool)

    init(builtinId id: Int) {
        switch id {
        case 14...17, 27...31, 36, 50...54, 57, 58: self = .date
        case 22: self = .dateTime(seconds: false)
        case 18, 20, 32, 34, 55: self = .time(seconds: false)
        case 19, 21, 33, 35, 45...47, 56: self = .time(seconds: true)
        default: self = .notDate
        }
    }

    /// Classifies a custom format code: quoted text, [..] brackets, escapes and padding don't count.
    init(formatCode: String) {
        var letters = Set<Character>()
        var inQuote = false, inBracket = false, skipNext = false
        let section = formatCode.split(separator: ";", omittingEmptySubsequences: false).first ?? ""
        for ch in section {
            if skipNext { skipNext = false; continue }
            if inQuote { if ch == "\"" { inQuote = false }; continue }
            if inBracket {
                if ch == "]" { inBracket = false }
                else if "hHsS".contains(ch) { letters.insert(Character(ch.lowercased())) }  // [h]:mm elapsed time
                continue
            }
            switch ch {
            case "\"": inQuote = true
            case "[": inBracket = true
            case "\\", "_", "*": skipNext = true
            default: letters.insert(Character(ch.lowercased()))
            }
        }
        let hasTime = letters.contains("h") || letters.contains("s")
        let hasDate = letters.contains("y") || letters.contains("d") || (letters.contains("m") && !hasTime)
        let seconds = letters.contains("s")
        switch (hasDate, hasTime) {
        case (true, true): self = .dateTime(seconds: seconds)
        case (true, false): self = .date
        case (false, true): self = .time(seconds: seconds)
        default: self = .notDate
        }
    }
}

enum XLSXCellValue {
    /// Excel-like text for a numeric cell: no ".0", no exponent for phone-sized integers, 15 significant digits.
    static func number(_ raw: String) -> String {
        let utf8 = raw.utf8
        if !utf8.isEmpty, utf8.count <= 18,
           utf8.enumerated().allSatisfy({ ($1 >= 0x30 && $1 <= 0x39) || ($0 == 0 && $1 == 0x2D && utf8.count > 1) }) {
            return raw
        }
        if let plain = plainDecimal(utf8) { return plain }
        guard let d = Double(raw.trimmingCharacters(in: .whitespaces)), d.isFinite else { return raw }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        let g = String(format: "%.15g", d)
        if g.contains("e"), let dec = Decimal(string: g) { return "\(dec)" }
        return g
    }

    /// "-12.50" -> "-12.5" without going through Double, when it has at most 15 significant digits.
    private static func plainDecimal(_ utf8: String.UTF8View) -> String? {
        var bytes = Array(utf8)
        guard let dot = bytes.firstIndex(of: 0x2E), dot > (bytes.first == 0x2D ? 1 : 0) else { return nil }
        var digits = 0, leading = true
        for (i, b) in bytes.enumerated() where !(i == 0 && b == 0x2D) && i != dot {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            if b != 0x30 { leading = false }
            if !leading { digits += 1 }
        }
        guard digits <= 15 else { return nil }
        while bytes.last == 0x30 { bytes.removeLast() }
        if bytes.last == 0x2E { bytes.removeLast() }
        if bytes == [0x2D, 0x30] || bytes == [0x2D] { return "0" }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Serial number to "yyyy-MM-dd[ HH:mm]" (1900 or 1904 system). Pure integer arithmetic: proleptic
    /// Gregorian calendar in UTC, so neither the device's time zone nor its calendar setting can shift a date.
    static func date(_ raw: String, kind: XLSXDateKind, date1904: Bool) -> String? {
        guard let serial = Double(raw), serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 { days += 1; seconds -= 86_400 }

        func clock(_ withSeconds: Bool) -> String {
            let h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60
            return withSeconds && s != 0 ? "\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2))" : "\(pad(h, 2)):\(pad(m, 2))"
        }
        if case .time(let withSeconds) = kind, days == 0 { return clock(withSeconds) }

        let dayText: String
        if !date1904 && days == 60 {
            dayText = "1900-02-29"  // Excel's phantom leap day (Lotus 1-2-3 compatibility)
        } else {
            // Days since 1970-01-01: 1904 system starts 1904-01-01; 1900 system counts the fake leap day from 61 on.
            let unixDays = date1904 ? days - 24_107 : (days >= 61 ? days - 25_569 : days - 25_568)
            let (y, mo, d) = civil(fromDays: unixDays)
            dayText = "\(pad(y, 4))-\(pad(mo, 2))-\(pad(d, 2))"
        }
        switch kind {
        case .dateTime(let withSeconds), .time(let withSeconds):
            return seconds == 0 ? dayText : dayText + " " + clock(withSeconds)
        default:
            return dayText
        }
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// t="d" cells hold ISO 8601 text; show it like a formatted date.
    static func isoDate(_ raw: String) -> String {
        let parts = raw.split(separator: "T", maxSplits: 1)
        guard parts.count == 2 else { return raw }
        let time = parts[1].prefix(5)
        return time == "00:00" ? String(parts[0]) : parts[0] + " " + time
    }
}

/// OOXML strings escape characters as _xHHHH_ (Excel writes CR as _x000D_).
enum XLSXEscaping {
    static func unescape(_ s: String) -> String {
        guard s.utf8.contains(0x5F) else { return s }
        let units = Array(s.utf16)
        var out: [UInt16] = []
        out.reserveCapacity(units.count)
        var i = 0
        var changed = false
        while i < units.count {
            if units[i] == 0x5F, i + 6 < units.count, units[i + 1] == 0x78, units[i + 6] == 0x5F,
               let v = hex4(units[i + 2 ... i + 5]) {
                out.append(v)
                i += 7
                changed = true
            } else {
                out.append(units[i])
                i += 1
            }
        }
        return changed ? String(decoding: out, as: UTF16.self) : s
    }

    static func hex4(_ units: ArraySlice<UInt16>) -> UInt16? {
        var v: UInt16 = 0
        for u in units {
            switch u {
            case 0x30...0x39: v = v << 4 | (u - 0x30)
            case 0x41...0x46: v = v << 4 | (u - 0x37)
            case 0x61...0x66: v = v << 4 | (u - 0x57)
            default: return nil
            }
        }
        return v
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
