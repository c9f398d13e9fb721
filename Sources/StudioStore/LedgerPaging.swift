import Foundation
import GRDB
import StudioCore

/// Which records an office-wide ledger view shows: all four ledgers, or one; every year, or one; every studio, or one.
public struct LedgerScope: Hashable, Sendable {
    public var kind: LedgerKind?
    public var year: Int?
    public var studioID: Int64?

    public init(kind: LedgerKind? = nil, year: Int? = nil, studioID: Int64? = nil) {
        self.kind = kind
        self.year = year
        self.studioID = studioID
    }

    var kinds: [LedgerKind] { kind.map { [$0] } ?? LedgerKind.allCases }
}

/// A place in the office-wide order (newest first: date, then ledger, then number, all descending).
public struct LedgerCursor: Hashable, Sendable, Comparable {
    public var date: String
    public var kind: LedgerKind
    public var id: Int64

    public init(_ e: LedgerEntry) {
        date = e.date
        kind = e.kind
        id = e.id
    }

    public static func < (a: LedgerCursor, b: LedgerCursor) -> Bool {
        (a.date, a.kind.rawValue, a.id) < (b.date, b.kind.rawValue, b.id)
    }
}

/// Pages through all ledgers without loading them: each page is one indexed query per ledger
/// (keyset on date and number, LIMIT one page) merged in memory, so the cost of a key press does not grow with the
/// number of records (200,000 in `studiodesk bench`). Only a jump into the middle falls back to OFFSET.
extension AppDatabase {
    public func ledgerCount(_ scope: LedgerScope) throws -> Int {
        try read { db in
            try scope.kinds.reduce(0) { total, kind in
                let (conditions, arguments) = Self.scopeConditions(scope, kind: kind)
                // No WHERE at all when nothing narrows it: SQLite then counts the smallest index instead of filtering rows.
                let filter = conditions == "1" ? "" : " WHERE \(conditions)"
                return total + (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(Self.table(kind))\(filter)", arguments: arguments) ?? 0)
            }
        }
    }

    /// Up to `limit` records, newest first, that come after `cursor` in the order (older); nil starts at the newest.
    public func ledgerPage(_ scope: LedgerScope, after cursor: LedgerCursor?, limit: Int) throws -> [LedgerEntry] {
        try page(scope, limit: limit, descending: true) { kind, date in
            guard let c = cursor else { return ("", []) }
            if kind.rawValue < c.kind.rawValue { return (" AND \(date) <= ?", [c.date]) }
            if kind.rawValue > c.kind.rawValue { return (" AND \(date) < ?", [c.date]) }
            return (" AND (\(date), id) < (?, ?)", [c.date, c.id])
        }
    }

    /// Up to `limit` records just before `cursor` in the order (newer), newest first; nil takes the oldest.
    public func ledgerPage(_ scope: LedgerScope, before cursor: LedgerCursor?, limit: Int) throws -> [LedgerEntry] {
        try page(scope, limit: limit, descending: false) { kind, date in
            guard let c = cursor else { return ("", []) }
            if kind.rawValue > c.kind.rawValue { return (" AND \(date) >= ?", [c.date]) }
            if kind.rawValue < c.kind.rawValue { return (" AND \(date) > ?", [c.date]) }
            return (" AND (\(date), id) > (?, ?)", [c.date, c.id])
        }
    }

    /// Keys first (date and number from each ledger's date index, `limit` each), merged; then only the records
    /// that made the page are read whole.
    private func page(_ scope: LedgerScope, limit: Int, descending: Bool,
                      bound: (LedgerKind, String) -> (String, StatementArguments)) throws -> [LedgerEntry] {
        try read { db in
            var keys: [LedgerCursor] = []
            for kind in scope.kinds {
                var (conditions, arguments) = Self.scopeConditions(scope, kind: kind)
                let date = Self.dateColumn(kind)
                let (extra, extraArguments) = bound(kind, date)
                conditions += extra
                arguments += extraArguments
                arguments += [limit]
                let order = descending ? "\(date) DESC, id DESC" : "\(date), id"
                for r in try Row.fetchAll(db, sql: "SELECT \(date), id FROM \(Self.table(kind)) WHERE \(conditions) ORDER BY \(order) LIMIT ?",
                                          arguments: arguments) {
                    keys.append(LedgerCursor(date: r[0], kind: kind, id: r[1]))
                }
            }
            keys.sort { descending ? $0 > $1 : $0 < $1 }
            let chosen = keys.prefix(limit)
            var entries: [LedgerCursor: LedgerEntry] = [:]
            for kind in scope.kinds {
                let ids = chosen.filter { $0.kind == kind }.map(\.id)
                guard !ids.isEmpty else { continue }
                let marks = ids.map { _ in "?" }.joined(separator: ",")
                for e in try Self.entries(db, kind: kind, sql: "SELECT * FROM \(Self.table(kind)) WHERE id IN (\(marks))",
                                          arguments: StatementArguments(ids)) {
                    entries[LedgerCursor(e)] = e
                }
            }
            let ordered = chosen.compactMap { entries[$0] }
            return descending ? ordered : ordered.reversed()
        }
    }

    /// Records `offset`..<offset+limit of the order: for a jump into the middle (a scan of `offset` index entries).
    public func ledgerPage(_ scope: LedgerScope, offset: Int, limit: Int) throws -> [LedgerEntry] {
        let keys: [LedgerCursor] = try read { db in
            let arms = scope.kinds.map { kind -> (String, StatementArguments) in
                let (conditions, arguments) = Self.scopeConditions(scope, kind: kind)
                return ("SELECT \(Self.dateColumn(kind)) AS d, '\(kind.rawValue)' AS k, id FROM \(Self.table(kind)) WHERE \(conditions)", arguments)
            }
            var arguments = arms.reduce(StatementArguments()) { $0 + $1.1 }
            arguments += [limit, offset]
            let sql = arms.map(\.0).joined(separator: " UNION ALL ") + " ORDER BY d DESC, k DESC, id DESC LIMIT ? OFFSET ?"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { r in
                LedgerKind(rawValue: r["k"]).map { LedgerCursor(date: r["d"], kind: $0, id: r["id"]) }
            }
        }
        guard let first = keys.first else { return [] }
        // The page starts at its first key: everything after the key just before it.
        let newer = try ledgerPage(scope, before: first, limit: 1).first
        return try newer.map { try ledgerPage(scope, after: LedgerCursor($0), limit: limit) } ?? ledgerPage(scope, after: nil, limit: limit)
    }

    static func scopeConditions(_ scope: LedgerScope, kind: LedgerKind) -> (String, StatementArguments) {
        var conditions = ["1"]
        var arguments = StatementArguments()
        if let s = scope.studioID { conditions.append("studioID = ?"); arguments += [s] }
        if let y = scope.year { conditions.append("\(dateColumn(kind)) BETWEEN ? AND ?"); arguments += ["\(y)-01-01", "\(y)-12-31"] }
        return (conditions.joined(separator: " AND "), arguments)
    }
}

extension LedgerCursor {
    init(date: String, kind: LedgerKind, id: Int64) {
        self.date = date
        self.kind = kind
        self.id = id
    }
}
