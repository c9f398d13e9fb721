import Foundation

/// One column an import understands: the title the template uses, the headers offices type for it, and
/// what it may hold (said in the README and in the problem when a cell is wrong).
public struct ImportColumn: Sendable {
    /// The record's field it fills (a property name), used to put a record's own checks on the right column.
    public var key: String
    public var title: String
    public var aliases: [String]
    public var required: Bool
    /// Allowed values or format, e.g. "线上、线下" or "日期".
    public var values: String
    /// It names something (a studio, a record's title): no hidden characters or line breaks (`NameText`).
    public var names: Bool

    public init(_ key: String, _ title: String, aliases: [String] = [], required: Bool = false, values: String = "", names: Bool = false) {
        self.key = key
        self.title = title
        self.aliases = [title] + aliases
        self.required = required
        self.values = values
        self.names = names
    }
}

/// The reading shared by every import kind: headers to columns, cells, the checks every cell gets, dates as
/// offices write them, lists of names.
public enum ImportCells {
    /// No cell of an import is longer than this (the longest field allows a few thousand characters).
    public static let maxCellBytes = 4000

    /// Spaces (half and full width) and the * of a required column dropped, lower case. A character filter: values
    /// of fixed lists go through here on every row of a large file.
    static func normalizedHeader(_ s: String) -> String {
        String(s.filter { !$0.isWhitespace && $0 != "*" && $0 != "＊" }).lowercased()
    }

    /// Column title → index in the row. Unknown headers are returned to be named in the preview; a column given
    /// twice is a problem on the header row.
    public static func mapHeaders(_ headers: [String], titles: [(title: String, aliases: [String])], headerRow: Int = 1)
        -> (index: [String: Int], ignored: [String], problems: [ImportProblem]) {
        var index: [String: Int] = [:]
        var ignored: [String] = []
        var problems: [ImportProblem] = []
        for (i, h) in headers.enumerated() {
            let key = normalizedHeader(h)
            if key.isEmpty { continue }
            guard let col = titles.first(where: { $0.aliases.map(normalizedHeader).contains(key) }) else {
                ignored.append(h)
                continue
            }
            if index[col.title] != nil {
                problems.append(ImportProblem(row: headerRow, column: h, message: "与另一列都是「\(col.title)」，请删去一列"))
            }
            index[col.title] = i
        }
        return (index, ignored, problems)
    }

    /// A cell's text, trimmed; a line break saved on Windows (CRLF) inside a quoted cell is one newline.
    public static func cell(_ cells: [String], _ i: Int?) -> String {
        guard let i, i < cells.count else { return "" }
        var v = cells[i]
        // An export keeps = + - @, tab and CR at the start of a cell as text with an apostrophe; it is not part of the value.
        // Foundation's replacing and trimming are slow per cell of a large file: only when there is something to do.
        if v.utf8.contains(13) { v = v.replacingOccurrences(of: "\r\n", with: "\n") }
        if v.utf8.first == UInt8(ascii: "'") {
            let kept = FormulaCells.restored(v)
            if kept.utf8.count != v.utf8.count { return kept }
        }
        guard let first = v.unicodeScalars.first, let last = v.unicodeScalars.last else { return v }
        if isSpace(first) || isSpace(last) {
            return v.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return v
    }

    /// `CharacterSet.whitespacesAndNewlines.contains`, without the set's lookup for ASCII and for the characters
    /// above U+3000 (Chinese text), where the answer is known: the set is tab, line breaks, U+0085 and Unicode's
    /// separators (Z*), the last of which is U+3000.
    @inline(__always) static func isSpace(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return s.value == 0x20 || (0x09...0x0D).contains(s.value) }
        if s.value > 0x3000 { return false }
        return CharacterSet.whitespacesAndNewlines.contains(s)
    }

    /// Per column, whether the header leaves it unnamed (an empty header cell); columns past the header have none.
    public static func unnamedColumns(_ headers: [String]) -> [Bool] {
        headers.map { $0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// Cells with content under no header: read by no column, they would be left out without a word, so the row
    /// is refused and the cell named.
    public static func unheadedCells(row: Int, _ cells: [String], unnamed: [Bool]) -> [ImportProblem] {
        cells.indices.filter { ($0 >= unnamed.count || unnamed[$0]) && !cells[$0].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.map { i in
            ImportProblem(row: row, column: "", message: "第 \(i + 1) 列（\(columnLetters(i + 1)) 列）没有表头，内容「\(cells[i].prefix(20))」无处导入：请给这一列加上列名，或删去这些内容")
        }
    }

    /// 1 → A, 27 → AA, as Excel names columns.
    static func columnLetters(_ n: Int) -> String {
        var n = n, out = ""
        while n > 0 {
            out = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + out
            n = (n - 1) / 26
        }
        return out
    }

    public static func isBlank(_ cells: [String]) -> Bool {
        // What trimming to nothing means, without a trimmed copy of every row's first cell.
        cells.allSatisfy { $0.unicodeScalars.allSatisfy { CharacterSet.whitespaces.contains($0) } }
    }

    /// Cells far longer than any field: refused before any other work on the row (pinyin keys of a pasted
    /// document are slow).
    public static func tooLong(row: Int, _ values: [(title: String, value: String)]) -> [ImportProblem] {
        values.filter { $0.value.utf8.count > maxCellBytes }
            .map { ImportProblem(row: row, column: $0.title, message: "内容过长（\($0.value.count) 字），不像是这一列的内容") }
    }

    /// A formula (its result is not what the clerk sees once pasted elsewhere; also behind an apostrophe, spaces or
    /// tabs, or as ＝) and control characters; in the columns that name things (`names`, by title) also format
    /// characters and line breaks.
    public static func cellProblems(row: Int, _ values: [(title: String, value: String)], names: Set<String> = []) -> [ImportProblem] {
        var out: [ImportProblem] = []
        for (title, v) in values {
            if FormulaCells.isFormula(v) {
                out.append(ImportProblem(row: row, column: title, message: "是公式（\(v.trimmingCharacters(in: .whitespacesAndNewlines).prefix(20))），请在 Excel/WPS 中复制后「粘贴为数值」再导入"))
            }
            if names.contains(title) {
                if let hidden = NameText.problem(v) { out.append(ImportProblem(row: row, column: title, message: hidden + "，请删除后再导入")) }
                continue
            }
            // Unicode's control category (Cc) is exactly U+0000–001F and U+007F–009F: compared directly, not looked up.
            if v.unicodeScalars.contains(where: { ($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) && !"\n\r\t".unicodeScalars.contains($0) }) {
                out.append(ImportProblem(row: row, column: title, message: "含有控制字符"))
            }
        }
        return out
    }

    /// A date in an import: the forms DateInput reads when they carry a year (2026-3-5, 2026/03/05, 2026.3.5,
    /// 20260305, 2026年3月5日), a time after it as Excel writes it (2026-03-05 00:00:00), or an Excel serial number
    /// (46086) from a cell that lost its date format. Nil when it is none of these or not a real date.
    public static func date(_ text: String) -> String? {
        var s = text
        if s.first?.isWhitespace == true || s.last?.isWhitespace == true { s = s.trimmingCharacters(in: .whitespaces) }
        if let space = s.firstIndex(of: " "), s[s.index(after: space)...].contains(":") { s = String(s[..<space]) }
        // Most files write ISO dates: checked directly, without a calendar per cell.
        if DateInput.components(s) != nil { return s }
        if let serial = Int(s), (20000...80000).contains(serial) { return excelSerialDate(serial) }
        // A year must be written: "3-5" means this year to a clerk typing, but in a file it is a lost year.
        guard s.filter(\.isNumber).count >= 6 || s.contains("年") else { return nil }
        return DateInput.parse(s, today: Date(timeIntervalSince1970: 0))
    }

    /// Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 the 1900-02-29 that never was.
    public static func excelSerialDate(_ serial: Int) -> String? {
        guard serial > 60 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let base = calendar.date(from: DateComponents(year: 1899, month: 12, day: 30))!
        guard let d = calendar.date(byAdding: .day, value: serial, to: base) else { return nil }
        return DateInput.iso(d, calendar: calendar)
    }

    /// Names in one cell: 张三、李四，王五;赵六 (any of 、，,；; / and spaces).
    public static func names(_ text: String) -> [String] {
        text.split(whereSeparator: { "、，,；;/／\n".contains($0) || $0.isWhitespace }).map(String.init).filter { !$0.isEmpty }
    }

    /// A value from a fixed list, matched by its Chinese title or any alias (or its code, for files made by export).
    public static func choice<T: CaseIterable & RawRepresentable>(_ text: String, _ titles: (T) -> [String]) -> T? where T.RawValue == String {
        // Most cells hold a title exactly as listed: found without normalising every title.
        if let exact = T.allCases.first(where: { titles($0).contains(text) }) { return exact }
        let v = normalizedHeader(text)
        return T.allCases.first { c in c.rawValue.lowercased() == v || titles(c).map(normalizedHeader).contains(v) }
    }

    /// The reading every kind but the roster shares: headers mapped and required columns checked (a missing one
    /// stops here), then each non-blank row's cells checked and handed to `row`, whose problems are collected.
    static func readRows(_ table: ImportTable, _ cols: [ImportColumn], optional: Set<String> = [],
                         _ row: (inout ImportRowReader) -> Void) -> (ignored: [String], problems: [ImportProblem]) {
        let checker = ImportRowChecker(headers: table.headers, headerRow: table.headerRow, cols, optional: optional)
        var problems = checker.headerProblems
        if !problems.isEmpty { return (checker.ignored, problems) }
        if table.rows.isEmpty { problems.append(ImportProblem(row: table.headerRow + 1, column: "", message: "只有表头，没有数据行")) }
        for (number, cells) in table.rows {
            problems += checker.check(number: number, cells: cells, row)
        }
        return (checker.ignored, problems)
    }
}

/// `readRows` one row at a time, for a file read in chunks: the headers mapped once, then each row checked.
struct ImportRowChecker {
    let headerRow: Int
    let cols: [ImportColumn]
    let index: [String: Int]
    let ignored: [String]
    /// A column twice or a required one missing: no row is read then.
    let headerProblems: [ImportProblem]
    let unnamed: [Bool]
    let names: Set<String>
    let mapped: [ImportColumn]
    /// Per mapped column, its key and its cell's place in a row: looked up once, not per row.
    let mappedKeys: [String]
    let mappedCells: [Int?]

    init(headers: [String], headerRow: Int, _ cols: [ImportColumn], optional: Set<String> = []) {
        var (index, ignored, problems) = ImportCells.mapHeaders(headers, titles: cols.map { ($0.title, $0.aliases) }, headerRow: headerRow)
        for c in cols where c.required && index[c.title] == nil && !optional.contains(c.key) {
            problems.append(ImportProblem(row: headerRow, column: "", message: "缺少必填列「\(c.title)」（可用：\(c.aliases.joined(separator: "、"))）"))
        }
        self.headerRow = headerRow
        self.cols = cols
        self.index = index
        self.ignored = ignored
        headerProblems = problems
        unnamed = ImportCells.unnamedColumns(headers)
        names = Set(cols.filter { $0.names && index[$0.title] != nil }.map(\.title))
        mapped = cols.filter { index[$0.title] != nil }
        mappedKeys = mapped.map(\.key)
        mappedCells = mapped.map { index[$0.title] }
    }

    /// The row's problems; a blank row has none and is not handed on.
    func check(number: Int, cells: [String], _ row: (inout ImportRowReader) -> Void) -> [ImportProblem] {
        if ImportCells.isBlank(cells) { return [] }
        let problems = ImportCells.unheadedCells(row: number, cells, unnamed: unnamed)
        let texts = mappedCells.map { ImportCells.cell(cells, $0) }
        let values = zip(mapped, texts).map { ($0.title, $1) }
        let long = ImportCells.tooLong(row: number, values)
        if !long.isEmpty { return problems + long }
        // The cells beside their keys, not a dictionary a row (which was a large part of checking a 200,000-row file).
        var reader = ImportRowReader(number: number, keys: mappedKeys, cells: texts, columns: cols)
        reader.problems = ImportCells.cellProblems(row: number, values, names: names)
        row(&reader)
        return problems + reader.problems
    }
}

/// Reads one row's cells by column, collecting every problem rather than stopping at the first.
struct ImportRowReader {
    var number: Int
    /// The row's cells by column key, each read once (`ImportCells.cell`): `cells[i]` is the column `keys[i]`'s
    /// (a column appears once: one named twice stops the file at its header).
    var keys: [String]
    var cells: [String]
    var columns: [ImportColumn]
    var problems: [ImportProblem] = []

    func text(_ key: String) -> String {
        for i in keys.indices where keys[i] == key { return cells[i] }
        return ""
    }

    func title(_ key: String) -> String { columns.first { $0.key == key }?.title ?? key }

    mutating func problem(_ key: String, _ message: String) {
        problems.append(ImportProblem(row: number, column: title(key), message: message))
    }

    mutating func date(_ key: String) -> String? {
        let v = text(key)
        if v.isEmpty { return nil }
        guard let d = ImportCells.date(v) else {
            problem(key, "日期「\(v.prefix(20))」无效（写作 2026-03-05、2026/3/5 或 2026年3月5日）")
            return nil
        }
        return d
    }

    mutating func requiredDate(_ key: String) -> String {
        if text(key).isEmpty { problem(key, "必填") }
        return date(key) ?? ""
    }

    mutating func choice<T: CaseIterable & RawRepresentable>(_ key: String, _ titles: (T) -> [String], default value: T) -> T where T.RawValue == String {
        optionalChoice(key, titles) ?? value
    }

    mutating func optionalChoice<T: CaseIterable & RawRepresentable>(_ key: String, _ titles: (T) -> [String]) -> T? where T.RawValue == String {
        let v = text(key)
        if v.isEmpty { return nil }
        guard let c = ImportCells.choice(v, titles) else {
            let allowed = columns.first { $0.key == key }?.values ?? ""
            problem(key, "「\(v.prefix(20))」不在可选值中（\(allowed)）")
            return nil
        }
        return c
    }

    mutating func studio(_ directory: ImportDirectory) -> ImportDirectory.StudioEntry? {
        let v = text("studioID")
        if v.isEmpty {
            if let id = directory.defaultStudioID, let s = directory.studios.first(where: { $0.id == id }) { return s }
            problem("studioID", "必填")
            return nil
        }
        guard let s = directory.studio(named: v) else {
            problem("studioID", "未知的工作室「\(v.prefix(30))」（工作室名册中没有，请先登记或检查名称）")
            return nil
        }
        if !s.status.isActive {
            problem("studioID", "「\(s.name)」已\(s.status.title)，记录已归档，不能再导入")
            return nil
        }
        return s
    }

    mutating func members(_ directory: ImportDirectory) -> [Int64] {
        var ids: [Int64] = []
        for name in ImportCells.names(text("memberIDs")) {
            let found = directory.membersByName[name] ?? []
            if found.isEmpty {
                problem("memberIDs", "未知的委员「\(name.prefix(20))」（委员名册中没有）")
            } else if found.count > 1 {
                problem("memberIDs", "名册中有 \(found.count) 名「\(name)」，无法确定是哪一位，请导入后在台账中选择")
            } else if !ids.contains(found[0]) {
                ids.append(found[0])
            }
        }
        return ids
    }

    mutating func required(_ key: String) -> String {
        let v = text(key)
        if v.isEmpty { problem(key, "必填") }
        return v
    }

    mutating func fieldIssues(_ issues: [FieldIssue]) {
        let present = Set(problems.map(\.column))
        for i in issues where i.severity == .error && !present.contains(title(i.field)) { problem(i.field, i.message) }
    }
}


/// A record's match key in 16 bytes, for a file read in chunks: the keys of 200,000 rows as strings were tens of
/// megabytes. Two 64-bit hashes of this process (seeded apart), so two different keys are taken for one only with
/// a chance of about 2⁻¹²⁸ per pair.
public struct ImportKey: Hashable, Sendable {
    let a: Int
    let b: Int

    public init(_ key: String) {
        var h = Hasher()
        h.combine(key)
        a = h.finalize()
        var g = Hasher()
        g.combine(0x5EED_1234)
        g.combine(key)
        b = g.finalize()
    }

    /// `record.matchKey(members:)`'s fields hashed one by one, without building its text (a row of a large file
    /// built and hashed a string twice): the same fields, the same key.
    public init(_ record: LedgerRecord, members: [Int64]) {
        let sorted = record.id == nil && members.count > 1 ? members.sorted() : members
        func feed(_ h: inout Hasher) {
            if let id = record.id { h.combine(0 as UInt8); h.combine(id); return }
            switch record {
            case .activity(let x):
                h.combine(1 as UInt8); h.combine(x.studioID); h.combine(x.date); h.combine(x.title)
                h.combine(sorted.count)
                for m in sorted { h.combine(m) }
            case .proposal(let x): h.combine(2 as UInt8); h.combine(x.studioID); h.combine(x.date); h.combine(x.title)
            case .sqmy(let x): h.combine(3 as UInt8); h.combine(x.studioID); h.combine(x.date); h.combine(x.title)
            case .intake(let x): h.combine(4 as UInt8); h.combine(x.studioID); h.combine(x.receivedOn); h.combine(x.citizen); h.combine(x.content)
            }
        }
        var h = Hasher()
        feed(&h)
        a = h.finalize()
        var g = Hasher()
        g.combine(0x5EED_1234)
        feed(&g)
        b = g.finalize()
    }
}
