import Foundation
import StudioCore
import StudioStore

/// What can be imported, as the command line and 打印导出 name it.
public enum ImportKind: String, CaseIterable, Sendable {
    case members, studios, activities, proposals, sqmy, intake

    public var title: String {
        switch self {
        case .members: "委员名册"
        case .studios: "工作室名册（含团队）"
        case .activities: "活动日志"
        case .proposals: "提案"
        case .sqmy: "社情民意"
        case .intake: "群众意见建议"
        }
    }

    /// The names a clerk may type for the kind on the command line.
    public var names: [String] {
        switch self {
        case .members: ["members", "委员", "委员名册"]
        case .studios: ["studios", "工作室", "工作室名册"]
        case .activities: ["activities", "activity", "活动", "活动日志"]
        case .proposals: ["proposals", "proposal", "提案"]
        case .sqmy: ["sqmy", "社情民意"]
        case .intake: ["intake", "群众意见", "群众意见建议"]
        }
    }

    public static func named(_ text: String) -> ImportKind? { allCases.first { $0.names.contains(text.lowercased()) } }

    public var ledger: LedgerKind? {
        switch self {
        case .activities: .activity
        case .proposals: .proposal
        case .sqmy: .sqmy
        case .intake: .intake
        case .members, .studios: nil
        }
    }

    /// Header and example row of the kind's template.
    public var template: [[String]] {
        switch self {
        case .members: RosterImport.template
        case .studios: StudioImport.template
        default: LedgerImport.template(ledger!)
        }
    }

    /// The columns with their aliases and allowed values (README and `--template` help).
    public var columns: [ImportColumn] {
        switch self {
        case .members: RosterImport.columns.map { ImportColumn($0.field?.rawValue ?? "gender", $0.title, aliases: Array($0.aliases.dropFirst()), required: $0.field == .name) }
        case .studios: StudioImport.columns
        default: LedgerImport.columns(ledger!)
        }
    }
}

/// The result of reading (and perhaps writing) one import file, the same for every kind.
public struct ImportOutcome: Sendable {
    public var kind: ImportKind
    /// How the file was read: "UTF-8", "GB18030/GBK", "Excel 工作表「名册」".
    public var source: String
    public var rows: Int
    public var ignoredColumns: [String]
    /// The problems by row then column (for a ledger, the first `ImportProblem.listedAtMost`); non-empty means
    /// nothing was written.
    public var problems: [ImportProblem]
    /// How many problems there were in all.
    public var problemCount = 0
    /// What does not stop the import but is said (an existing studio's team size, one name on two roster rows).
    public var warnings: [ImportProblem]
    /// One line per row that would be added or changed, for the preview.
    /// (For a ledger, the first 50 of each; `addedCount` and `changedCount` say how many in all.)
    public var added: [String]
    public var changed: [String]
    public var addedCount = 0
    public var changedCount = 0
    /// Words of the file read as something the rules name otherwise (an activity category's alias), for the preview.
    public var matched: [String] = []
    public var summary: String
    public var written: Bool
}

/// The whole road in for every kind: read the file, map the columns, look up studios and members, match with
/// what is on file, and write only when every row is right. Shared by `studiodesk import` and 打印导出.
public enum Importer {
    public static func run(_ kind: ImportKind, path: String, encoding: ImportEncoding = .auto, sheet: String? = nil,
                           maxRows: Int = ImportFile.defaultMaxRows, into db: AppDatabase,
                           profiles: [RuleProfile], defaultStudioID: Int64? = nil, apply: Bool,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> ImportOutcome {
        if let ledger = kind.ledger {
            // A ledger is read, checked and written in chunks: memory bounded by a chunk, not by the file.
            let (rows, source) = try ImportFile.openTable(path: path, encoding: encoding, sheet: sheet, maxRows: maxRows)
            return try runLedger(kind, ledger, rows: rows, source: source, into: db, profiles: profiles, defaultStudioID: defaultStudioID,
                                 apply: apply, progress: progress)
        }
        let (table, source) = try ImportFile.readTable(path: path, encoding: encoding, sheet: sheet, maxRows: maxRows)
        return try run(kind, table: table, source: source, into: db, profiles: profiles, defaultStudioID: defaultStudioID, apply: apply, progress: progress)
    }

    /// Rows read, checked and matched per chunk.
    public static let chunkRows = 2_000

    /// A ledger file a chunk at a time, in one transaction (see `AppDatabase.importLedger(chunks:)`).
    static func runLedger(_ kind: ImportKind, _ ledger: LedgerKind, rows: ImportRows, source: String, into db: AppDatabase, profiles: [RuleProfile],
                          defaultStudioID: Int64?, apply: Bool, chunkRows: Int = chunkRows,
                          progress: (@Sendable (Int, Int) -> Void)?, auditByTrigger: Bool = false) throws -> ImportOutcome {
        var stream = LedgerImport.Stream(ledger, headers: rows.headers, headerRow: rows.headerRow,
                                         directory: try db.importDirectory(profiles: profiles, defaultStudioID: defaultStudioID))
        var outcome = ImportOutcome(kind: kind, source: source, rows: 0, ignoredColumns: stream.ignored, problems: [], warnings: [],
                                    added: [], changed: [], matched: [], summary: "", written: false)
        let headerProblems = stream.headerProblems
        var started = false, ended = !headerProblems.isEmpty
        let tally = try db.importLedger(chunks: {
            if !started {
                started = true
                if !headerProblems.isEmpty { return ([], headerProblems) }
            }
            guard !ended else { return nil }
            var chunk: [LedgerImport.Row] = []
            var problems: [ImportProblem] = []
            for _ in 0..<chunkRows {
                guard let (number, cells) = try rows.next() else {
                    ended = true
                    if rows.count == 0 { problems.append(stream.noRowsProblem) }
                    break
                }
                let (row, found) = stream.read(number: number, cells: cells)
                if let row { chunk.append(row) }
                problems += found
            }
            return (chunk, problems)
        }, apply: apply && headerProblems.isEmpty, progress: progress, auditByTrigger: auditByTrigger)
        outcome.rows = rows.count
        outcome.matched = stream.aliases.lines
        outcome.problems = tally.problems
        outcome.problemCount = tally.problemCount
        outcome.written = apply && tally.problemCount == 0
        outcome.added = tally.firstAdded.map { "第\($0.row)行 \($0.record.date) \($0.record.title)" }
        outcome.changed = tally.firstChanged.map { "第\($0.row.row)行 \($0.row.record.date) \($0.row.record.title)：\($0.fields.joined(separator: "、"))" }
        outcome.addedCount = tally.added
        outcome.changedCount = tally.changed
        outcome.summary = tally.summary
        return outcome
    }

    public static func run(_ kind: ImportKind, table: ImportTable, source: String, into db: AppDatabase, profiles: [RuleProfile],
                           defaultStudioID: Int64? = nil, apply: Bool, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> ImportOutcome {
        func sorted(_ p: [ImportProblem]) -> [ImportProblem] { p.sorted { ($0.row, $0.column) < ($1.row, $1.column) } }
        var outcome = ImportOutcome(kind: kind, source: source, rows: table.rows.count, ignoredColumns: [], problems: [], warnings: [],
                                    added: [], changed: [], matched: [], summary: "", written: false)
        switch kind {
        case .members:
            let read = RosterImport.read(table)
            var plan = try db.importMembers(read.members, apply: false)
            outcome.ignoredColumns = read.ignored
            outcome.problems = sorted(read.problems + plan.problems)
            outcome.warnings = read.warnings
            if apply && outcome.problems.isEmpty {
                plan = try db.importMembers(read.members, apply: true)
                outcome.written = plan.problems.isEmpty
            }
            outcome.added = plan.added.map { "第\($0.row)行 \($0.member.name)  \($0.member.sector)  \($0.member.unitTitle)" }
            outcome.changed = plan.changed.map { "第\($0.row)行 \($0.before.name)：\($0.fields.joined(separator: "、"))" }
            outcome.summary = plan.summary
        case .studios:
            let read = StudioImport.read(table, directory: try db.studioImportDirectory(profiles: profiles, today: DateInput.iso(Date())))
            outcome.ignoredColumns = read.ignored
            outcome.problems = sorted(read.problems)
            outcome.warnings = read.rows.flatMap(\.warnings)
            let plan = try db.importStudios(read.rows, apply: apply && outcome.problems.isEmpty)
            outcome.written = apply && outcome.problems.isEmpty
            outcome.added = plan.added.map { "第\($0.row)行 \($0.studio.name)（\($0.studio.type.title)，\($0.studio.status.title)，团队 \($0.team.count) 人）" }
            outcome.changed = plan.changed.map { "第\($0.row.row)行 \($0.row.studio.name)：\($0.fields.joined(separator: "、"))" }
            outcome.summary = plan.summary
        case .activities, .proposals, .sqmy, .intake:
            return try runLedger(kind, kind.ledger!, rows: ImportRows(table), source: source, into: db, profiles: profiles,
                                 defaultStudioID: defaultStudioID, apply: apply, progress: progress)
        }
        outcome.problemCount = outcome.problems.count
        outcome.addedCount = outcome.added.count
        outcome.changedCount = outcome.changed.count
        return outcome
    }
}
