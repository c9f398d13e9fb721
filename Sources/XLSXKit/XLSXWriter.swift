// XLSXKit: minimal reading and writing of .xlsx workbooks (cell text only).
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XMLCoder
import ZIPFoundation
// Workbooks written: the package, its parts and the shared strings.
// MARK: - Writer

/// What a column's cells are, so Excel can filter dates and sum counts. A cell that does not read as its
/// column's kind (an empty date, "约 20") is written as text, as every cell of a `.text` column is.
public enum XLSXCellKind: Sendable, Equatable {
    case text
    /// yyyy-mm-dd text written as a date serial shown yyyy-mm-dd; read back as the same text.
    case date
    /// A whole number without leading zeros ("0", "42"), written as a number; read back as the same text.
    case number
}

public enum XLSXWriter {
    /// One sheet per entry; the first row of each is bold and frozen as a header with an auto-filter; cells are
    /// text (shared strings), so "001", phone numbers and "=1+1" stay exactly as given, except in columns that
    /// `columnKinds` (per sheet, per column) marks as dates or numbers. Never a formula.
    /// Sheet names are made valid (max 31 characters, no []:*?/\, unique); the file is written to a
    /// temporary file next to `path` and then moved into place.
    public static func write(sheets: [(name: String, rows: [[String]])], columnKinds: [[XLSXCellKind]] = [], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let fileName = url.lastPathComponent
        let data = try workbook(sheets: sheets, columnKinds: columnKinds, fileName: fileName)
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
    public static func workbook(sheets: [(name: String, rows: [[String]])], columnKinds: [[XLSXCellKind]] = [], fileName: String) throws -> Data {
        guard !sheets.isEmpty else { throw XLSXError("无法写入「\(fileName)」：没有要写入的工作表。") }

        let names = sanitizedSheetNames(sheets.map(\.name))
        var strings = XLSXSharedStringTable()
        var parts: [(String, Data)] = []
        for (i, sheet) in sheets.enumerated() {
            guard sheet.rows.count <= 1_048_576 else {
                throw XLSXError("无法写入「\(fileName)」：工作表“\(names[i])”超过 Excel 的 1048576 行上限。")
            }
            let xml = try sheetXML(sheet.rows, kinds: i < columnKinds.count ? columnKinds[i] : [], selected: i == 0, strings: &strings,
                                   context: "「\(fileName)」的工作表“\(names[i])”")
            parts.append(("xl/worksheets/sheet\(i + 1).xml", xml))
        }
        parts.insert(contentsOf: [
            ("[Content_Types].xml", Data(contentTypes(sheetCount: sheets.count).utf8)),
            ("_rels/.rels", Data(rootRels.utf8)),
            ("xl/workbook.xml", Data(workbookXML(names, filters: sheets.map(\.rows).map(filterRange)).utf8)),
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

    /// The header row and the rows below it (A1:G12), nil for an empty sheet.
    static func filterRange(_ rows: [[String]]) -> String? {
        let columnCount = rows.map(\.count).max() ?? 0
        guard !rows.isEmpty, columnCount > 0, columnCount <= XLSXCellRef.maxColumns else { return nil }
        return "A1:\(XLSXCellRef.columnName(columnCount))\(rows.count)"
    }

    /// "0" or a whole number without a leading zero or sign, short enough to stay exact in a double.
    static func isPlainCount(_ s: String) -> Bool {
        let u = s.utf8
        guard let first = u.first, u.count <= 15, u.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
        return first != 0x30 || u.count == 1
    }

    private static func sheetXML(_ rows: [[String]], kinds: [XLSXCellKind], selected: Bool, strings: inout XLSXSharedStringTable,
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
                body.raw("<c r=\"")
                body.bytes.append(contentsOf: letterBytes[c])
                body.bytes.append(contentsOf: rowRef)
                let kind = r > 0 && c < kinds.count ? kinds[c] : .text
                if kind == .date, let serial = dateSerial(value) {
                    body.raw("\" s=\"4\"><v>")   // 4: yyyy-mm-dd
                    body.number(serial)
                    body.raw("</v></c>")
                    widths[c] = max(widths[c], 10)
                    continue
                }
                if kind == .number, isPlainCount(value) {
                    body.raw("\"><v>")
                    body.raw(value)
                    body.raw("</v></c>")
                    widths[c] = max(widths[c], value.utf8.count)
                    continue
                }
                let multiline = value.utf8.contains(0x0A)
                let style = (r == 0 ? 1 : 0) + (multiline ? 2 : 0)  // 1 bold, 2 wrap, 3 both
                body.raw(style > 0 ? "\" s=\"\(style)\" t=\"s\"><v>" : "\" t=\"s\"><v>")
                body.number(strings.index(of: value))
                body.raw("</v></c>")
                widths[c] = max(widths[c], displayWidth(value))
            }
            body.raw("</row>")
        }
        body.raw("</sheetData>")
        // Excel's filter buttons on the header (the workbook names the range, as Excel itself does).
        if let range = filterRange(rows) { body.raw("<autoFilter ref=\"\(range)\"/>") }

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

    private static func workbookXML(_ names: [String], filters: [String?]) -> String {
        var out = XLSXBytes()
        out.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        out.raw("\n<workbook xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\"><workbookPr/><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>")
        for (i, name) in names.enumerated() {
            out.raw("<sheet name=\"")
            out.text(name)
            out.raw("\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>")
        }
        out.raw("</sheets>")
        let defined = filters.enumerated().compactMap { i, range in range.map { (i, $0) } }
        if !defined.isEmpty {
            out.raw("<definedNames>")
            for (i, range) in defined {
                let absolute = range.split(separator: ":").map { ref in
                    let letters = ref.prefix { $0.isLetter }
                    return "$\(letters)$\(ref.dropFirst(letters.count))"
                }.joined(separator: ":")
                out.raw("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(i)\" hidden=\"1\">")
                out.text("'" + names[i].replacingOccurrences(of: "'", with: "''") + "'!" + absolute)
                out.raw("</definedName>")
            }
            out.raw("</definedNames>")
        }
        out.raw("</workbook>")
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

    // xf 0 normal, 1 bold (header), 2 wrapped (multi-line), 3 bold + wrapped, 4 date yyyy-mm-dd.
    private static let stylesXML = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>\
        <font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
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
