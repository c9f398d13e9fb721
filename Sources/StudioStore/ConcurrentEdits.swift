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
