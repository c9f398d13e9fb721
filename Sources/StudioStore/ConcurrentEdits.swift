import Foundation
import GRDB
import StudioCore

/// A record that another clerk saved or deleted after this form opened it: the save is refused, so nothing is
/// silently lost; the form offers to load their version or to overwrite it on purpose.
public struct ChangedElsewhere: Error, Equatable, CustomStringConvertible {
    public var what: String
    public var by: String?
    public var at: String?
    public var deleted: Bool

    public var description: String {
        let who = [by.map { "「\($0)」" }, at.map { "于 " + $0.replacingOccurrences(of: "T", with: " ") }].compactMap { $0 }.joined(separator: " ")
        return deleted ? "\(what)在你打开后已被\(who.isEmpty ? "他人" : who)删除。"
            : "\(what)在你打开后已被\(who.isEmpty ? "他人" : who)修改。"
    }
}

extension AppDatabase {
    /// Inside a save's transaction: the row as it is now must still be `expected` (and its participants
    /// `members`), or the save is refused with who changed it last (from the audit log).
    static func requireUnchanged<R: FetchableRecord & TableRecord & Equatable>(
        _ db: Database, _ type: R.Type, id: Int64, expected: R, members: (kind: LedgerKind, ids: [Int64])? = nil, what: String
    ) throws {
        let current = try R.fetchOne(db, key: id)
        var same = current == expected
        if same, let members {
            let now = try Int64.fetchAll(db, sql: "SELECT memberID FROM ledgerMember WHERE kind = ? AND recordID = ?", arguments: [members.kind, id])
            same = Set(now) == Set(members.ids)
        }
        guard !same else { return }
        let last = try Row.fetchOne(db, sql: "SELECT user, at FROM auditLog WHERE tableName = ? AND recordID = ? ORDER BY id DESC LIMIT 1",
                                    arguments: [R.databaseTableName, id])
        throw ChangedElsewhere(what: what, by: last?["user"], at: last?["at"], deleted: current == nil)
    }
}

extension AppDatabase {
    /// The members on a ledger record, as they are now (a form reloading another clerk's version).
    public func participants(kind: LedgerKind, recordID: Int64) throws -> [Member] {
        try read { db in
            try Member.fetchAll(db, sql: """
                SELECT m.* FROM member m JOIN ledgerMember l ON l.memberID = m.id WHERE l.kind = ? AND l.recordID = ? ORDER BY m.pinyin
                """, arguments: [kind, recordID])
        }
    }
}

/// The rows a form opened, as they were (issue 19): one edit-conflict check for every record kind — a 群众意见,
/// a studio's particulars or its team, a duty slot and its attendance, an inspection, a plan or summary, the
/// office's tables and lists, a holiday. The store recomputes the stamp inside the save's transaction; if another
/// clerk changed those rows meanwhile the save is refused with `ChangedElsewhere`, never silently overwritten.
public struct EditStamp: Equatable, Sendable {
    /// Rows of one table: `column = value` (a record by id, a team by studioID, a slot's assignments by slotID).
    /// The value is bound as text: SQLite's column affinity compares it with an integer column as a number.
    public struct Scope: Equatable, Sendable {
        public var table: String
        public var column: String
        public var value: String
        public init(_ table: String, _ column: String = "id", _ value: some CustomStringConvertible) {
            self.table = table
            self.column = column
            self.value = value.description
        }
    }

    public var what: String
    public var scopes: [Scope]
    var fingerprint: String
}

extension AppDatabase {
    /// The stamp of `scopes` as they are now: taken when a form opens.
    public func editStamp(_ what: String, _ scopes: [EditStamp.Scope]) throws -> EditStamp {
        try read { db in EditStamp(what: what, scopes: scopes, fingerprint: try Self.fingerprint(db, scopes)) }
    }

    static func fingerprint(_ db: Database, _ scopes: [EditStamp.Scope]) throws -> String {
        var parts: [String] = []
        for s in scopes {
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(s.table) WHERE \(s.column) = ? ORDER BY rowid", arguments: [s.value])
            parts.append("\(s.table)#\(rows.count):" + rows.map(\.description).joined(separator: "|"))
        }
        return parts.joined(separator: "\n")
    }

    /// Inside a save's transaction: the rows must still be as the form opened them (nil: a new record, or an
    /// overwrite the clerk chose), else the save is refused with who changed them last (from the audit log).
    static func require(_ stamp: EditStamp?, _ db: Database) throws {
        guard let stamp, try fingerprint(db, stamp.scopes) != stamp.fingerprint else { return }
        // Who changed them last: the audit log's newest line on any of the rows (by rowid, whatever the scope's column).
        var last: Row?
        for s in stamp.scopes {
            let ids = try Int64.fetchAll(db, sql: "SELECT rowid FROM \(s.table) WHERE \(s.column) = ?", arguments: [s.value])
                + (s.column == "id" ? [Int64(s.value)].compactMap { $0 } : [])
            guard !ids.isEmpty else { continue }
            let list = Set(ids).map(String.init).joined(separator: ",")
            if let r = try Row.fetchOne(db, sql: "SELECT user, at FROM auditLog WHERE tableName = ? AND recordID IN (\(list)) ORDER BY id DESC LIMIT 1",
                                        arguments: [s.table]),
               (last?["at"] as String?).map({ $0 < (r["at"] as String) }) ?? true { last = r }
        }
        let first = stamp.scopes.first
        let gone = try first.map { s in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(s.table) WHERE \(s.column) = ?", arguments: [s.value]) == 0 } ?? false
        throw ChangedElsewhere(what: stamp.what, by: last?["user"], at: last?["at"], deleted: gone && first?.column == "id")
    }
}

/// Every kind of record a form edits, with the rows that make it up: what `editStamp(of:)` stamps.
public enum EditedRecord: Equatable, Sendable {
    case citizenItem(Int64)
    /// A studio's particulars (name, type, address, …).
    case studio(Int64)
    /// A studio's team: every membership line.
    case team(studioID: Int64)
    /// A duty slot with its members and their attendance.
    case dutySlot(Int64)
    case inspection(Int64)
    /// A studio's plans and summaries (年度计划 / 总结).
    case yearDocs(studioID: Int64)
    /// The 自评 / 评估 entries of a result.
    case assessment(Int64)
    case officeScorecard(profileID: String)
    case holiday(date: String)
    case application(studioID: Int64)
    /// An office's wall list and its items.
    case wallList(Int64)

    var what: String {
        switch self {
        case .citizenItem: "这条群众意见建议"
        case .studio: "该工作室的基本情况"
        case .team: "该工作室的团队"
        case .dutySlot: "该值班时段"
        case .inspection: "该次上墙检查"
        case .yearDocs: "该工作室的计划与总结"
        case .assessment: "该评估结果"
        case .officeScorecard: "本办公室的评估表"
        case .holiday: "该节假日"
        case .application: "该工作室的申报表"
        case .wallList: "该上墙清单"
        }
    }

    var scopes: [EditStamp.Scope] {
        switch self {
        case .citizenItem(let id): [.init("citizenItem", "id", id)]
        case .studio(let id): [.init("studio", "id", id)]
        case .team(let id): [.init("studioMembership", "studioID", id)]
        case .dutySlot(let id): [.init("dutySlot", "id", id), .init("dutyAssignment", "slotID", id)]
        case .inspection(let id): [.init("inspection", "id", id), .init("inspectionVerdict", "inspectionID", id)]
        case .yearDocs(let id): [.init("yearDoc", "studioID", id)]
        case .assessment(let id): [.init("assessment", "id", id)]
        case .officeScorecard(let p): [.init("officeScorecard", "profileID", p)]
        case .holiday(let d): [.init("holidayDay", "date", d)]
        case .application(let id): [.init("applicationValue", "studioID", id)]
        case .wallList(let id): [.init("wallList", "id", id), .init("wallItem", "listID", id)]
        }
    }
}

extension AppDatabase {
    /// The stamp of a record as it is now: taken when a form opens it, passed back with the save.
    public func editStamp(of record: EditedRecord) throws -> EditStamp { try editStamp(record.what, record.scopes) }
}
