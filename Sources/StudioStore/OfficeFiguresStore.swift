import Foundation
import GRDB
import StudioCore

// What the office-wide figures (the main menu's, the year's compliance) need to be kept fresh cheaply: one read
// transaction for all of them, and which studios a change touched, from the audit log.
//
// Why the audit log rather than count tables kept by triggers or a summary stored in the file: every StudioDesk
// session already writes a line for each row it changes, with the table, the row and the studio (AuditLog.swift),
// and other programs' writes are logged by the file's own triggers (AuditChain.swift). Reading the lines after the
// last one seen tells which studios to read again, in any session, at no cost to a save; count tables would add
// work to every save and import and a migration, and a stored summary could not be written by a read-only session.

/// Where the audit log stood when figures were read: its last line, known by id and content, so a log that was
/// replaced (a restore brings the backup's own lines back) is not mistaken for the same one.
public struct AuditPosition: Equatable, Sendable {
    public var id: Int64
    /// The line's signature (or, for a line without one, its time, table and row).
    public var mark: String

    public static let start = AuditPosition(id: 0, mark: "")
}

/// Which studios' figures a run of changes may have altered.
public struct StudioChanges: Equatable, Sendable {
    /// True when the log cannot say which studios (a restore, a whole-file import, a rule or checklist edited, a
    /// table the figures do not know): everything is read again.
    public var all = false
    public var studios: Set<Int64> = []
    /// Lines read: 0 means nothing was logged since the position.
    public var lines = 0

    public init(all: Bool = false, studios: Set<Int64> = [], lines: Int = 0) {
        self.all = all
        self.studios = studios
        self.lines = lines
    }
}

/// Writes this process made without audit lines (`withoutAudit`: the demo district, the bench's office): figures
/// kept from before one of them are read afresh.
public final class UnloggedWrites: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    public var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}

extension AppDatabase {
    /// Runs `body` in one read transaction: every read this thread makes through the store inside it sees the same
    /// snapshot of the file, so figures gathered from many queries belong to one instant (and an audit position
    /// read with them names exactly the changes they include). Nested batches share the outer one.
    public func batchRead<T>(_ body: () throws -> T) throws -> T {
        if batchDatabase != nil { return try body() }
        return try read { db in
            let key = batchKey
            Thread.current.threadDictionary[key] = db
            defer { Thread.current.threadDictionary.removeObject(forKey: key) }
            return try body()
        }
    }

    private var batchKey: String { "studiodesk.batchRead.\(ObjectIdentifier(self).hashValue)" }

    /// The transaction of a `batchRead` running on this thread, if any.
    var batchDatabase: Database? { Thread.current.threadDictionary[batchKey] as? Database }

    /// The audit log's last line.
    public func auditPosition() throws -> AuditPosition {
        try read { db in try Self.auditPosition(db) }
    }

    static func auditPosition(_ db: Database) throws -> AuditPosition {
        guard let r = try Row.fetchOne(db, sql: "SELECT id, hash, at, tableName, recordID FROM auditLog ORDER BY id DESC LIMIT 1") else { return .start }
        return AuditPosition(id: r["id"], mark: auditMark(r))
    }

    static func auditMark(_ r: Row) -> String {
        (r["hash"] as String?) ?? "\(r["at"] as String? ?? "")|\(r["tableName"] as String? ?? "")|\(r["recordID"] as Int64? ?? 0)"
    }

    /// Tables whose rows feed no studio's figures (or only the office-wide ones, which are read whole each time):
    /// a change there re-reads no studio.
    static let tablesOutsideStudioFigures: Set<String> = [
        "assessment", "assessmentReopening", "consequenceTask", "officeScorecard", "lockedYear", "annualSummary",
        "officeYearSummary", "receivedReturn", "account", "accountStudio", "holidayYear", "holidayDay", "dutyPlan",
        "dutyUnavailable", "yearDoc", "applicationValue", "approvalRecord", "auditLog", "openEdit",
    ]

    /// Tables whose lines carry no studio but whose row names one through another row: the column in the row's
    /// values, and the table (with its studio column) that row is in.
    static let studioThrough: [String: (column: String, sql: String)] = [
        "ledgerMember": ("recordID", ""),  // by the record's kind, below
        "inspectionVerdict": ("inspectionID", "SELECT studioID FROM inspection WHERE id = ?"),
        "dutyAssignment": ("slotID", "SELECT studioID FROM dutySlot WHERE id = ?"),
        // A member's name and standing are on each of their teams' figures.
        "member": ("id", "SELECT studioID FROM studioMembership WHERE memberID = ?"),
    ]

    /// More lines than this since the position: everything is read again rather than each line followed.
    static let linesWorthFollowing = 5_000

    static func int64(_ v: Any?) -> Int64? {
        if let n = v as? Int { return Int64(n) }
        if let n = v as? NSNumber { return n.int64Value }
        if let s = v as? String { return Int64(s) }
        return nil
    }

    static let recordTables = ["activity": "activity", "proposal": "proposal", "sqmy": "socialInfo", "intake": "citizenItem"]

    /// The studios whose figures the lines after `position` may have changed, and the new position. Lines of
    /// another program and of every session are there alike; a position whose line is gone or differs (the file
    /// was restored or replaced) gives `all`.
    public func studioChanges(since position: AuditPosition) throws -> (changes: StudioChanges, position: AuditPosition) {
        try read { db in
            var out = StudioChanges()
            if position.id > 0 {
                let line = try Row.fetchOne(db, sql: "SELECT id, hash, at, tableName, recordID FROM auditLog WHERE id = ?", arguments: [position.id])
                if line.map(Self.auditMark) != position.mark {
                    out.all = true
                    return (out, try Self.auditPosition(db))
                }
            }
            // After an import (thousands of lines) reading everything is cheaper than following each line.
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM auditLog WHERE id > ?", arguments: [position.id]) ?? 0
            if count > Self.linesWorthFollowing {
                out.all = true
                out.lines = count
                return (out, try Self.auditPosition(db))
            }
            var last = position
            var looked: Set<String> = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, hash, at, tableName, recordID, studioID, action, oldValues, newValues FROM auditLog WHERE id > ? ORDER BY id
                """, arguments: [position.id])
            while let r = try rows.next() {
                out.lines += 1
                last = AuditPosition(id: r["id"], mark: Self.auditMark(r))
                if out.all { continue }
                let table: String = r["tableName"]
                if let studio: Int64 = r["studioID"] {
                    out.studios.insert(studio)
                    continue
                }
                if Self.tablesOutsideStudioFigures.contains(table) { continue }
                guard let through = Self.studioThrough[table] else {
                    // "*" (a restore, a whole-file import), setting (the office's rule readings), wall lists and
                    // items (every studio of a profile), a table added later: the log cannot narrow it.
                    out.all = true
                    continue
                }
                for text in [r["oldValues"], r["newValues"]] as [String?] {
                    guard let text, let values = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                          let id = Self.int64(values[through.column]) ?? (table == "member" ? (r["recordID"] as Int64) : nil) else { continue }
                    var sql = through.sql
                    if table == "ledgerMember" {
                        guard let kind = values["kind"] as? String, let t = Self.recordTables[kind] else { out.all = true; continue }
                        sql = "SELECT studioID FROM \(t) WHERE id = ?"
                    }
                    guard looked.insert("\(sql)|\(id)").inserted else { continue }
                    // A row since deleted had its own line, with its studio (deletes cascade from it).
                    out.studios.formUnion(try Int64.fetchAll(db, sql: sql, arguments: [id]))
                }
            }
            return (out, last)
        }
    }

    /// The year's first-round results 审定 (the `stage` column kept with each body): counted, not decoded.
    public func approvedAssessmentCount(year: Int) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM assessment WHERE year = ? AND round = 1 AND stage = ?",
                             arguments: [year, AssessmentStage.approved.rawValue]) ?? 0
        }
    }
}
