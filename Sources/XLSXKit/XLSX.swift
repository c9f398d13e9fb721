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

final class XLSXSharedStringsParser: NSObject, XLSXSAXHandler {
    private(set) var strings: [String] = []
    private(set) var finished = false
    let failure: XLSXError? = nil
    private var depth = 0
    private var current = ""
    private var buffer = ""
    private var capturing = false
    private var inPhonetic = false

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        depth += 1
        let elementName = XLSXSAX.localName(elementName)
        switch elementName {
        case "si": current = ""
        case "rPh": inPhonetic = true  // phonetic guide runs are not cell text
        case "t" where !inPhonetic:
            capturing = true
            buffer = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        depth -= 1
        if depth == 0 { finished = true }
        let elementName = XLSXSAX.localName(elementName)
        switch elementName {
        case "t" where capturing:
            current += buffer  // plain <t>, or one rich-text run
            capturing = false
        case "rPh": inPhonetic = false
        case "si": strings.append(XLSXEscaping.unescape(current))
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capturing { buffer += string }
    }

    func parser(_ parser: XMLParser, foundIgnorableWhitespace whitespaceString: String) {
        if capturing { buffer += whitespaceString }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if capturing { buffer += String(decoding: CDATABlock, as: UTF8.self) }
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

// MARK: - Writer

public enum XLSXWriter {
    /// One sheet per entry; the first row of each is bold and frozen as a header; every cell is written
    /// as text (shared strings), so "001", phone numbers and "=1+1" stay exactly as given.
    /// Sheet names are made valid (max 31 characters, no []:*?/\, unique); the file is written to a
    /// temporary file next to `path` and then moved into place.
    public static func write(sheets: [(name: String, rows: [[String]])], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let fileName = url.lastPathComponent
        let data = try workbook(sheets: sheets, fileName: fileName)
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(fileName).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temp, options: .withoutOverwriting)
            guard rename(temp.path, url.path) == 0 else { throw XLSXError("rename") }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw XLSXError("无法写入「\(fileName)」：请确认文件夹存在且有写入权限，并且文件没有在 Excel 或 WPS 中打开。")
        }
    }

    /// The workbook's bytes, built in memory, for a caller that writes the file itself (owner-only, say);
    /// `fileName` names it in messages.
    public static func workbook(sheets: [(name: String, rows: [[String]])], fileName: String) throws -> Data {
        guard !sheets.isEmpty else { throw XLSXError("无法写入「\(fileName)」：没有要写入的工作表。") }

        let names = sanitizedSheetNames(sheets.map(\.name))
        var strings = XLSXSharedStringTable()
        var parts: [(String, Data)] = []
        for (i, sheet) in sheets.enumerated() {
            guard sheet.rows.count <= 1_048_576 else {
                throw XLSXError("无法写入「\(fileName)」：工作表“\(names[i])”超过 Excel 的 1048576 行上限。")
            }
            let xml = try sheetXML(sheet.rows, selected: i == 0, strings: &strings,
                                   context: "「\(fileName)」的工作表“\(names[i])”")
            parts.append(("xl/worksheets/sheet\(i + 1).xml", xml))
        }
        parts.insert(contentsOf: [
            ("[Content_Types].xml", Data(contentTypes(sheetCount: sheets.count).utf8)),
            ("_rels/.rels", Data(rootRels.utf8)),
            ("xl/workbook.xml", Data(workbookXML(names).utf8)),
            ("xl/_rels/workbook.xml.rels", Data(workbookRels(sheetCount: sheets.count).utf8)),
            ("xl/styles.xml", Data(stylesXML.utf8)),
            ("xl/sharedStrings.xml", strings.xml()),
        ], at: 0)

        do {
            let archive = try Archive(accessMode: .create)
            let stamp = Date()
            for (name, data) in parts {
                try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count),
                                     modificationDate: stamp, compressionMethod: .deflate,
                                     bufferSize: 256 * 1024) { position, size in
                    data.subdata(in: Int(position) ..< Int(position) + size)
                }
            }
            guard let data = archive.data else { throw XLSXError("zip") }
            return data
        } catch {
            throw XLSXError("无法写入「\(fileName)」：压缩失败（\(error)）。")
        }
    }

    /// Excel's rules: 1–31 characters, none of []:*?/\, no leading/trailing apostrophe, unique ignoring case.
    static func sanitizedSheetNames(_ names: [String]) -> [String] {
        var used = Set<String>()
        var result: [String] = []
        for (i, raw) in names.enumerated() {
            var name = String(raw.unicodeScalars.map { s -> Character in
                "[]:*?/\\".unicodeScalars.contains(s) || s.value < 0x20 || s.value == 0xFFFE || s.value == 0xFFFF
                    ? "_" : Character(s)
            }).trimmingCharacters(in: CharacterSet(charactersIn: "'").union(.whitespaces))
            if name.isEmpty || name.lowercased() == "history" { name = name.isEmpty ? "Sheet\(i + 1)" : name + "_" }
            name = truncated(name, to: 31)
            var candidate = name
            var n = 2
            while used.contains(candidate.lowercased()) {
                let suffix = "(\(n))"
                candidate = truncated(name, to: 31 - suffix.utf16.count) + suffix
                n += 1
            }
            used.insert(candidate.lowercased())
            result.append(candidate)
        }
        return result
    }

    private static func truncated(_ s: String, to maxUTF16: Int) -> String {
        var out = ""
        var count = 0
        for ch in s {
            count += ch.utf16.count
            if count > maxUTF16 { break }
            out.append(ch)
        }
        return out
    }

    private static func sheetXML(_ rows: [[String]], selected: Bool, strings: inout XLSXSharedStringTable,
                                 context: String) throws -> Data {
        let columnCount = rows.map(\.count).max() ?? 0
        guard columnCount <= XLSXCellRef.maxColumns else {
            throw XLSXError("无法写入\(context)：列数超过 Excel 的 16384 列上限。")
        }
        let letters = (0 ..< columnCount).map { XLSXCellRef.columnName($0 + 1) }
        var widths = [Int](repeating: 0, count: columnCount)
        var out = XLSXBytes()
        out.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        out.raw("\n<worksheet xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\">")
        out.raw(columnCount > 0 && !rows.isEmpty ? "<dimension ref=\"A1:\(letters[columnCount - 1])\(rows.count)\"/>" : "<dimension ref=\"A1\"/>")
        out.raw("<sheetViews><sheetView workbookViewId=\"0\"\(selected ? " tabSelected=\"1\"" : "")>")
        if !rows.isEmpty {
            out.raw(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>"#)
        }
        out.raw("</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>")

        // Bytes are appended directly: string interpolation per cell doubled the write time.
        let letterBytes = letters.map { Array($0.utf8) }
        var body = XLSXBytes()
        body.raw("<sheetData>")
        for (r, row) in rows.enumerated() {
            let rowRef = Array(String(r + 1).utf8)
            body.raw("<row r=\"")
            body.bytes.append(contentsOf: rowRef)
            body.raw("\">")
            for (c, value) in row.enumerated() where !value.isEmpty {
                guard value.utf16.count <= 32_767 else {
                    throw XLSXError("无法写入\(context)：单元格 \(letters[c])\(r + 1) 超过 Excel 单元格 32767 个字符的上限。")
                }
                let multiline = value.utf8.contains(0x0A)
                let style = (r == 0 ? 1 : 0) + (multiline ? 2 : 0)  // 1 bold, 2 wrap, 3 both
                body.raw("<c r=\"")
                body.bytes.append(contentsOf: letterBytes[c])
                body.bytes.append(contentsOf: rowRef)
                body.raw(style > 0 ? "\" s=\"\(style)\" t=\"s\"><v>" : "\" t=\"s\"><v>")
                body.number(strings.index(of: value))
                body.raw("</v></c>")
                widths[c] = max(widths[c], displayWidth(value))
            }
            body.raw("</row>")
        }
        body.raw("</sheetData>")

        if columnCount > 0 {
            out.raw("<cols>")
            for c in 0 ..< columnCount {
                let width = min(60.0, max(6.0, Double(widths[c]) * 1.1 + 2))
                out.raw("<col min=\"\(c + 1)\" max=\"\(c + 1)\" width=\"\(String(format: "%.1f", width))\" customWidth=\"1\"/>")
            }
            out.raw("</cols>")
        }
        out.bytes.append(contentsOf: body.bytes)
        out.raw(#"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#)
        return Data(out.bytes)
    }

    /// Widest line in "character units": CJK and other wide characters count 2.
    static func displayWidth(_ s: String) -> Int {
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x80 }) { return s.utf8.count }
        var widest = 0, current = 0
        for scalar in s.unicodeScalars {
            if scalar == "\n" { widest = max(widest, current); current = 0; continue }
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            current += wide ? 2 : 1
            if current > 100 { return current }
        }
        return max(widest, current)
    }

    private static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let rootRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """

    private static func contentTypes(sheetCount: Int) -> String {
        var s = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        s += "\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        s += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#
        s += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        for i in 1 ... sheetCount {
            s += "<Override PartName=\"/xl/worksheets/sheet\(i).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        s += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        s += #"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
        return s + "</Types>"
    }

    private static func workbookXML(_ names: [String]) -> String {
        var out = XLSXBytes()
        out.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        out.raw("\n<workbook xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\"><workbookPr/><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>")
        for (i, name) in names.enumerated() {
            out.raw("<sheet name=\"")
            out.text(name)
            out.raw("\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>")
        }
        out.raw("</sheets></workbook>")
        return String(decoding: out.bytes, as: UTF8.self)
    }

    private static func workbookRels(sheetCount: Int) -> String {
        var s = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        s += "\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for i in 1 ... sheetCount {
            s += "<Relationship Id=\"rId\(i)\" Type=\"\(relNS)/worksheet\" Target=\"worksheets/sheet\(i).xml\"/>"
        }
        s += "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(relNS)/styles\" Target=\"styles.xml\"/>"
        s += "<Relationship Id=\"rId\(sheetCount + 2)\" Type=\"\(relNS)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        return s + "</Relationships>"
    }

    // xf 0 normal, 1 bold (header), 2 wrapped (multi-line), 3 bold + wrapped.
    private static let stylesXML = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>\
        <font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}

/// Deduplicates by exact UTF-8 bytes (Swift's String == would merge canonically equivalent spellings).
struct XLSXSharedStringTable {
    private struct Key: Hashable {
        let s: String
        static func == (a: Key, b: Key) -> Bool { a.s.utf8.elementsEqual(b.s.utf8) }
        func hash(into hasher: inout Hasher) {
            var s = s
            s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }
    private var indices: [Key: Int] = [:]
    private var ordered: [String] = []
    private var total = 0

    mutating func index(of s: String) -> Int {
        total += 1
        if let i = indices[Key(s: s)] { return i }
        indices[Key(s: s)] = ordered.count
        ordered.append(s)
        return ordered.count - 1
    }

    func xml() -> Data {
        var out = XLSXBytes()
        out.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        out.raw("\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(total)\" uniqueCount=\"\(ordered.count)\">")
        for s in ordered {
            let edges = s.unicodeScalars.first.map(Self.isSpace) == true || s.unicodeScalars.last.map(Self.isSpace) == true
            out.raw(edges || s.utf8.contains(0x0A) || s.utf8.contains(0x0D) ? "<si><t xml:space=\"preserve\">" : "<si><t>")
            out.text(s)
            out.raw("</t></si>")
        }
        out.raw("</sst>")
        return Data(out.bytes)
    }

    private static func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\n" || s == "\r" }
}

/// UTF-8 output with XML escaping. Characters illegal in XML 1.0 are dropped; CR is kept as &#13;
/// (a raw CR would be normalised away by readers); a literal "_xHHHH_" is protected as "_x005F_xHHHH_".
struct XLSXBytes {
    var bytes: [UInt8] = []

    mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    mutating func number(_ n: Int) {
        guard n >= 10 else { bytes.append(UInt8(0x30 + n)); return }
        number(n / 10)
        bytes.append(UInt8(0x30 + n % 10))
    }

    mutating func text(_ s: String) {
        let needsWork = s.utf8.contains { b in
            b < 0x20 || b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x5F || b == 0xEF
        }
        guard needsWork else { bytes.append(contentsOf: s.utf8); return }
        let scalars = Array(s.unicodeScalars)
        for (i, u) in scalars.enumerated() {
            switch u.value {
            case 0x26: raw("&amp;")
            case 0x3C: raw("&lt;")
            case 0x3E: raw("&gt;")
            case 0x22: raw("&quot;")
            case 0x0D: raw("&#13;")
            case 0x09, 0x0A: bytes.append(UInt8(u.value))
            case 0 ..< 0x20, 0xFFFE, 0xFFFF: continue
            case 0x5F where i + 6 < scalars.count && scalars[i + 1] == "x" && scalars[i + 6] == "_"
                && scalars[i + 2 ... i + 5].allSatisfy({ $0.properties.isASCIIHexDigit }):
                raw("_x005F_")
            default: bytes.append(contentsOf: String(u).utf8)
            }
        }
    }
}
