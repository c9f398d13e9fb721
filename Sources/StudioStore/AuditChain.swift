import Crypto
import Foundation
import GRDB

// An audit log nobody can quietly rewrite (issue 19). Each line StudioDesk writes carries the SHA-256 of its own
// content and of the signed line before it, so `audit --verify` finds the first line changed or deleted afterwards.
// Writes by other programs (the sqlite3 shell) are recorded too, as 外部程序: triggers stored in the file fire
// only on connections without StudioDesk's mark (`connectionMark`); those lines cannot be signed (the other
// program has no hash function) and are listed as unsigned.

extension AuditLog {
    /// The user other programs' writes are recorded as.
    public static let externalUser = "外部程序"

    /// The page cache every StudioDesk connection sets (-2011 KiB, the default is -2000): the mark by which the
    /// triggers stored in the file tell StudioDesk's own writes (logged once, signed, by its temporary triggers)
    /// from another program's. A stored trigger cannot call a function the other program lacks without making
    /// that program's write fail, and looking the function up (pragma_function_list) cost 0.1 ms a row; reading a
    /// connection setting costs a few microseconds.
    static let connectionMark = -2011

    /// The SHA-256 (hex) of a line: the previous signed line's hash, then each field, length-prefixed so no two
    /// different lines read the same.
    static func hash(prev: String?, at: String, user: String, table: String, recordID: Int64, action: String, studioID: Int64?,
                     old: String?, new: String?) -> String {
        // Built as bytes (no interpolated text a field): a bulk import hashes two lines a row.
        var text: [UInt8] = []
        text.reserveCapacity(96 + (old?.utf8.count ?? 0) + (new?.utf8.count ?? 0))
        func addText(_ part: String) {
            var part = part
            part.withUTF8 { bytes in
                appendDecimal(bytes.count, to: &text)
                text.append(UInt8(ascii: ":"))
                text.append(contentsOf: bytes)
                text.append(UInt8(ascii: "|"))
            }
        }
        func addNumber(_ n: Int64?) {
            guard let n else { return addText("") }
            var digits: [UInt8] = []
            appendDecimal(n.magnitude, negative: n < 0, to: &digits)
            appendDecimal(digits.count, to: &text)
            text.append(UInt8(ascii: ":"))
            text += digits
            text.append(UInt8(ascii: "|"))
        }
        addText(prev ?? ""); addText(at); addText(user); addText(table); addNumber(recordID); addText(action); addNumber(studioID)
        addText(old ?? ""); addText(new ?? "")
        return hex(SHA256.hash(data: text))
    }

    /// `n` in decimal digits, as `String(n)` writes it.
    private static func appendDecimal<N: BinaryInteger>(_ n: N, negative: Bool = false, to out: inout [UInt8]) {
        if negative { out.append(UInt8(ascii: "-")) }
        var n = n
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(n % 10))
            n /= 10
        } while n > 0
        out[start...].reverse()
    }

    /// Lower-case hex by a table: String(format: "%02x") per byte was most of the audit trigger's cost, and the
    /// trigger about half of a large import.
    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The same as an SQL function, for the temporary triggers of StudioDesk's writer connections.
    static let hashFunction = DatabaseFunction("studiodesk_audit_hash", argumentCount: 9, pure: true) { v in
        hash(prev: String.fromDatabaseValue(v[0]), at: String.fromDatabaseValue(v[1]) ?? "", user: String.fromDatabaseValue(v[2]) ?? "",
             table: String.fromDatabaseValue(v[3]) ?? "", recordID: Int64.fromDatabaseValue(v[4]) ?? 0, action: String.fromDatabaseValue(v[5]) ?? "",
             studioID: Int64.fromDatabaseValue(v[6]), old: String.fromDatabaseValue(v[7]), new: String.fromDatabaseValue(v[8]))
    }

    /// The hash of the last signed line: what the next signed line links to.
    static let lastSignedHashSQL = "(SELECT hash FROM auditLog WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1)"

    /// A line's own values, as the hash reads them (the `values` of an INSERT … SELECT, in column order).
    static func signedInsert(at: String, user: String, table: String, recordID: String, action: String, studioID: String,
                             old: String, new: String) -> String {
        """
        INSERT INTO auditLog(at, user, tableName, recordID, action, studioID, oldValues, newValues, prev, hash)
        SELECT a, u, t, r, ac, s, o, n, p, studiodesk_audit_hash(p, a, u, t, r, ac, s, o, n) FROM (SELECT \(at) AS a, \(user) AS u,
          \(table) AS t, \(recordID) AS r, \(action) AS ac, \(studioID) AS s, \(old) AS o, \(new) AS n, \(lastSignedHashSQL) AS p);
        """
    }
}

/// What `audit --verify` found.
public struct AuditVerification: Equatable, Sendable {
    public var lines: Int
    public var signed: Int
    /// Lines other programs wrote (外部程序), recorded but unsigned.
    public var external: Int
    /// The first line whose content no longer matches its signature, or after which signed lines are missing.
    public var firstProblem: (id: Int64, text: String)?

    public static func == (a: Self, b: Self) -> Bool {
        a.lines == b.lines && a.signed == b.signed && a.external == b.external && a.firstProblem?.id == b.firstProblem?.id
            && a.firstProblem?.text == b.firstProblem?.text
    }

    public var isIntact: Bool { firstProblem == nil }

    public var summary: String {
        if let p = firstProblem { return "审计日志已被改动：第一处在第 \(p.id) 行——\(p.text)" }
        return "审计日志完好：共 \(lines) 行，签名 \(signed) 行" + (external > 0 ? "，其中外部程序写入 \(external) 行（无签名，已记录）" : "")
    }
}

extension AppDatabase {
    /// Walks the log in order, recomputing each signed line's hash from its content and the signed line before it.
    public func verifyAuditLog() throws -> AuditVerification {
        try read { db in
            var out = AuditVerification(lines: 0, signed: 0, external: 0)
            var previous: String?
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM auditLog ORDER BY id")
            while let r = try rows.next() {
                out.lines += 1
                let id: Int64 = r["id"]
                guard let stored: String = r["hash"] else {
                    if (r["user"] as String?) == AuditLog.externalUser { out.external += 1; continue }
                    out.firstProblem = (id, "这一行没有签名（不是 StudioDesk 写入的）")
                    return out
                }
                out.signed += 1
                let prev: String? = r["prev"]
                if prev != previous {
                    out.firstProblem = (id, "它之前的签名记录被删除或改动（签名链在此断开）")
                    return out
                }
                let expected = AuditLog.hash(prev: prev, at: r["at"], user: r["user"], table: r["tableName"], recordID: r["recordID"],
                                             action: r["action"], studioID: r["studioID"], old: r["oldValues"], new: r["newValues"])
                if expected != stored {
                    out.firstProblem = (id, "这一行的内容在写入后被改动")
                    return out
                }
                previous = stored
            }
            return out
        }
    }

    /// A line for an event that is not one row's change (a restore, a whole-file import), signed like the rest.
    func appendAuditNote(_ db: Database, action: String, detail: String) throws {
        let values = String(decoding: try JSONSerialization.data(withJSONObject: ["说明": detail], options: [.sortedKeys]), as: UTF8.self)
        try db.execute(sql: AuditLog.signedInsert(at: "strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')", user: AuditLog.quoted(AuditLog.lineUser(user, client: client)),
                                                   table: "'*'", recordID: "0", action: AuditLog.quoted(action), studioID: "NULL",
                                                   old: "NULL", new: AuditLog.quoted(values)))
    }

    /// Triggers stored in the file that record other programs' writes as 外部程序 (they fire only where the marker
    /// function is missing, so StudioDesk's own writes are logged once, signed, by its temporary triggers).
    func installExternalWriteTriggers(_ db: Database, tables: [String]) throws {
        let external = "(SELECT cache_size FROM pragma_cache_size) <> \(AuditLog.connectionMark)"
        for table in tables + ["auditLog"] {
            let (json, studio) = try AuditLog.rowExpressions(db, table: table)
            let q = table.quotedDatabaseIdentifier
            let insert = "INSERT INTO auditLog(at, user, tableName, recordID, action, studioID, oldValues, newValues) VALUES (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'), \(AuditLog.quoted(AuditLog.externalUser)), \(AuditLog.quoted(table)), "
            // The log's own lines: another program may not add to it quietly either; a change or deletion is recorded.
            let actions = table == "auditLog" ? ["update", "delete"] : ["insert", "update", "delete"]
            for action in actions {
                let name = "studiodesk_external_\(table)_\(action)".quotedDatabaseIdentifier
                let row = action == "delete" ? "OLD" : "NEW"
                let old = action == "insert" ? "NULL" : json("OLD")
                let new = action == "delete" ? "NULL" : json("NEW")
                // Written again only when it differs (a table gained a column): a schema change makes every other
                // clerk's connection prepare its statements again.
                let sql = """
                    CREATE TRIGGER \(name) AFTER \(action.uppercased()) ON \(q) WHEN \(external) BEGIN
                      \(insert) \(row).rowid, '\(action)', \(studio(row)), \(old), \(new)); END
                    """
                let stored = try String.fetchOne(db, sql: "SELECT sql FROM main.sqlite_master WHERE type = 'trigger' AND name = ?",
                                                 arguments: ["studiodesk_external_\(table)_\(action)"])
                guard stored != sql else { continue }
                if stored != nil { try db.execute(sql: "DROP TRIGGER main.\(name)") }
                try db.execute(sql: sql)
            }
        }
    }
}
