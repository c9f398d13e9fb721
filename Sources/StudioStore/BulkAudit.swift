import Foundation
import GRDB

/// The audit lines of rows a bulk write inserts (an import's records and their members), written from Swift a
/// chunk at a time instead of by the insert trigger row by row (issue 24): the trigger ran a sub-program, a
/// subquery for the previous hash and a nine-argument SQL function for every row, half of a large import.
///
/// The lines are the trigger's own: the row's values are read back as the trigger's `json_object` of the same
/// columns (SQLite makes the JSON, so it is the same text), the user text and the studio are the trigger's, the
/// lines follow the rows' order and each is signed with the one before it (`AuditLog.hash`). Only the time differs
/// as any two writes' times do: one reading of the clock per chunk, where the trigger read it per statement.
/// Updates and deletes still go through the triggers (`logged`), after the pending lines, so the order holds.
/// Usable for any table; the switch it turns off is the connection's own and comes back with the transaction.
package final class BulkAudit {
    /// False when this connection's audit log is off (`withoutAudit`) or has none: nothing is written.
    let logging: Bool
    private let user: String
    private var pending: [(table: String, rowID: Int64)] = []
    /// Per table, the SELECT that reads rows back as the trigger's JSON and studio.
    private var readers: [String: String] = [:]

    /// Turns the insert triggers off for this transaction (the lines come from `flush`).
    init(_ db: Database, user: String) throws {
        self.user = user
        logging = (try? Bool.fetchOne(db, sql: "SELECT enabled FROM temp.auditSwitch")) == true
        if logging { try db.execute(sql: "UPDATE temp.auditSwitch SET enabled = 0") }
    }

    /// A row just inserted into `table` (its rowid); its line is written at the next `flush`.
    func inserted(_ table: String, _ rowID: Int64) {
        if logging { pending.append((table, rowID)) }
    }

    /// Runs `body`, whose writes the triggers log (an update needs the row as it was), after the lines pending.
    func logged<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        guard logging else { return try body() }
        try flush(db)
        try db.execute(sql: "UPDATE temp.auditSwitch SET enabled = 1")
        let out = try body()
        try db.execute(sql: "UPDATE temp.auditSwitch SET enabled = 0")
        return out
    }

    /// Writes the pending lines, then turns the triggers back on.
    func finish(_ db: Database) throws {
        guard logging else { return }
        try flush(db)
        try db.execute(sql: "UPDATE temp.auditSwitch SET enabled = 1")
    }

    /// Writes the lines of the rows inserted since the last flush, in the order they were inserted.
    func flush(_ db: Database) throws {
        guard logging, !pending.isEmpty else { return }
        // Each table's rows read back at once: an import's rowids run on, so a range holds just them.
        var values: [String: [Int64: (json: String, studio: Int64?)]] = [:]
        for (table, ids) in Dictionary(grouping: pending, by: \.table).mapValues({ $0.map(\.rowID) }) {
            let read = try reader(db, table)
            var rows: [Int64: (String, Int64?)] = [:]
            rows.reserveCapacity(ids.count)
            let (lo, hi) = (ids.min()!, ids.max()!)
            if hi - lo < Int64(ids.count) * 2 + 64 {
                let wanted = Set(ids)
                let cursor = try Row.fetchCursor(db.cachedStatement(sql: read + " BETWEEN ? AND ?"), arguments: [lo, hi])
                while let r = try cursor.next() {
                    let id: Int64 = r[0]
                    if wanted.contains(id) { rows[id] = (r[1] as String, r[2] as Int64?) }
                }
            } else {
                let one = try db.cachedStatement(sql: read + " = ?")
                for id in ids { if let r = try Row.fetchOne(one, arguments: [id]) { rows[id] = (r[1] as String, r[2] as Int64?) } }
            }
            values[table] = rows
        }
        let at = try String.fetchOne(db, sql: "SELECT strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')") ?? ""
        var prev = try String.fetchOne(db, sql: "SELECT hash FROM auditLog WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1")
        let insert = try db.cachedStatement(sql: """
            INSERT INTO auditLog(at, user, tableName, recordID, action, studioID, oldValues, newValues, prev, hash)
            VALUES (?, ?, ?, ?, 'insert', ?, NULL, ?, ?, ?)
            """)
        for (table, id) in pending {
            // Rows are deleted only with the triggers on (`logged`, after a flush): a row missing here was written
            // around the log, and the import stops rather than leave a gap.
            guard let (json, studio) = values[table]?[id] else { throw StoreError.other("审计日志：找不到刚写入的 \(table) 第 \(id) 行") }
            let hash = AuditLog.hash(prev: prev, at: at, user: user, table: table, recordID: id, action: "insert", studioID: studio, old: nil, new: json)
            try insert.execute(arguments: [at, user, table, id, studio, json, prev, hash])
            prev = hash
        }
        pending.removeAll(keepingCapacity: true)
    }

    private func reader(_ db: Database, _ table: String) throws -> String {
        if let sql = readers[table] { return sql }
        let (json, studio) = try AuditLog.rowExpressions(db, table: table)
        let sql = "SELECT r.rowid, \(json("r")), \(studio("r")) FROM main.\(table.quotedDatabaseIdentifier) AS r WHERE r.rowid"
        readers[table] = sql
        return sql
    }
}

extension AppDatabase {
    /// A bulk writer's audit lines for this transaction (see `BulkAudit`), carrying this process's user as the
    /// triggers do. `byTrigger`: the triggers log every row as before (a test compares the two).
    func bulkAudit(_ db: Database, byTrigger: Bool = false) throws -> BulkAudit? {
        byTrigger ? nil : try BulkAudit(db, user: AuditLog.lineUser(user, client: client))
    }
}
