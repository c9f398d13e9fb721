import Foundation

/// A table read from an office's file: the header and each data row with the row number the clerk sees in
/// Excel/WPS (the header is row 1).
public struct ImportTable: Equatable, Sendable {
    public var headers: [String]
    public var rows: [(number: Int, cells: [String])]
    /// The row the headers are on: 1, or 2 when a spreadsheet has a title row above them.
    public var headerRow: Int

    public init(headers: [String], rows: [(number: Int, cells: [String])], headerRow: Int = 1) {
        self.headers = headers
        self.rows = rows
        self.headerRow = headerRow
    }

    public static func == (a: ImportTable, b: ImportTable) -> Bool {
        a.headers == b.headers && a.rows.map(\.number) == b.rows.map(\.number) && a.rows.map(\.cells) == b.rows.map(\.cells)
    }
}

/// One problem of an import file, by row and column.
public struct ImportProblem: Equatable, Sendable, CustomStringConvertible {
    public var row: Int
    public var column: String
    public var message: String

    public init(row: Int, column: String, message: String) {
        self.row = row
        self.column = column
        self.message = message
    }

    public var description: String { column.isEmpty ? "第 \(row) 行：\(message)" : "第 \(row) 行「\(column)」：\(message)" }

    /// How many problems a listing shows: every line of a broken million-row sheet was 87 MB of output.
    public static let listedAtMost = 100

    /// The problems as lines, at most `listedAtMost`, then how many were left out.
    /// `total`: how many there were when only the first ones were kept (a ledger read in chunks).
    public static func lines(_ problems: [ImportProblem], atMost limit: Int = listedAtMost, total: Int? = nil) -> [String] {
        let shown = problems.prefix(limit).map(\.description)
        let all = max(total ?? problems.count, problems.count)
        return all > shown.count ? shown + ["…另有 \(all - shown.count) 个问题未列出"] : shown
    }
}

/// 委员名册 from an office's spreadsheet: columns found by the headers offices type (with aliases), each row
/// checked like the member form. Pure: the file is read elsewhere and the store applies the result.
public enum RosterImport {
    /// The columns, in template order, with the headers accepted for each.
    public static let columns: [(field: MemberField?, title: String, aliases: [String])] = [
        (.name, "姓名", ["姓名", "委员姓名", "名字", "name"]),
        (nil, "性别", ["性别", "gender"]),
        (.sector, "界别", ["界别", "所属界别", "sector"]),
        (.committee, "专委会", ["专委会", "所属专委会", "专门委员会", "committee"]),
        (.unitTitle, "单位及职务", ["单位及职务", "单位职务", "工作单位及职务", "工作单位和职务", "单位和职务"]),
        (.expertise, "专业特长", ["专业特长", "专长", "特长"]),
        (.phone, "联系电话", ["联系电话", "手机", "手机号", "手机号码", "电话", "联系方式"]),
        (.note, "备注", ["备注", "说明"]),
    ]

    /// The header row of the template (`studiodesk import --template members`) and an example row.
    public static var template: [[String]] {
        [columns.map(\.title), ["张雪琴", "女", "医药卫生界", "教科卫体委员会", "明湖区人民医院副院长", "基层医疗", "13905710001", ""]]
    }

    public struct Result: Equatable, Sendable {
        /// The members read, with the row each came from.
        public var members: [(row: Int, member: Member)]
        public var problems: [ImportProblem]
        /// Headers that match no column (left out, said in the preview).
        public var ignored: [String]
        /// What does not stop the import but the clerk should confirm (one name on two rows: two members).
        public var warnings: [ImportProblem] = []

        public static func == (a: Result, b: Result) -> Bool {
            a.members.map(\.row) == b.members.map(\.row) && a.members.map(\.member) == b.members.map(\.member) && a.problems == b.problems
                && a.ignored == b.ignored && a.warnings == b.warnings
        }
    }

    public static func read(_ table: ImportTable) -> Result {
        var (index, ignored, problems) = ImportCells.mapHeaders(table.headers, titles: columns.map { ($0.title, $0.aliases) }, headerRow: table.headerRow)
        guard index["姓名"] != nil else {
            problems.append(ImportProblem(row: table.headerRow, column: "", message: "缺少必填列「姓名」（表头应在第一行，可用：\(columns[0].aliases.joined(separator: "、"))）"))
            return Result(members: [], problems: problems, ignored: ignored)
        }
        if table.rows.isEmpty { problems.append(ImportProblem(row: table.headerRow + 1, column: "", message: "只有表头，没有数据行")) }
        var members: [(Int, Member)] = []
        var seen: [String: Int] = [:]
        var firstRowOfName: [String: Int] = [:]
        var warnings: [ImportProblem] = []
        let unnamed = ImportCells.unnamedColumns(table.headers)
        for (number, cells) in table.rows {
            func cell(_ title: String) -> String { ImportCells.cell(cells, index[title]) }
            if ImportCells.isBlank(cells) { continue }
            problems += ImportCells.unheadedCells(row: number, cells, unnamed: unnamed)
            let values = columns.filter { index[$0.title] != nil }.map { ($0.title, cell($0.title)) }
            let tooLong = ImportCells.tooLong(row: number, values)
            if !tooLong.isEmpty {
                problems += tooLong
                continue
            }
            var rowProblems = ImportCells.cellProblems(row: number, values, names: ["姓名"])
            let gender = cell("性别")
            if !gender.isEmpty && !["男", "女"].contains(gender) {
                rowProblems.append(ImportProblem(row: number, column: "性别", message: "应为「男」或「女」，现为「\(gender.prefix(10))」"))
            }
            var m = Member(name: cell("姓名"), sector: cell("界别"), committee: cell("专委会"), unitTitle: cell("单位及职务"),
                           expertise: cell("专业特长"), phone: cell("联系电话"), note: cell("备注"))
            m = m.normalized()
            let named = Set(rowProblems.map(\.column))
            for issue in MemberValidator.validate(m) where issue.severity == .error {
                let title = columns.first { $0.field?.rawValue == issue.field }?.title ?? issue.field
                // The cell's own check said it first, in the import's words.
                if named.contains(title) { continue }
                rowProblems.append(ImportProblem(row: number, column: title, message: issue.message))
            }
            let key = m.name + "|" + m.phone
            if rowProblems.isEmpty, !m.name.isEmpty {
                if let first = seen[key] {
                    rowProblems.append(ImportProblem(row: number, column: "姓名", message: "与第 \(first) 行重复（同一姓名和联系电话）"))
                } else {
                    seen[key] = number
                }
            }
            problems += rowProblems
            guard rowProblems.isEmpty else { continue }
            members.append((number, m))
            // Not the same person to the store (matched by name and phone): said, so two members are not a surprise.
            if let first = firstRowOfName[m.name] {
                warnings.append(ImportProblem(row: number, column: "", message: "与第 \(first) 行同名「\(m.name)」但电话不同，将作为两名委员导入，请确认"))
            } else {
                firstRowOfName[m.name] = number
            }
        }
        return Result(members: members, problems: problems, ignored: ignored, warnings: warnings)
    }
}
