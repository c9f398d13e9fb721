import Foundation
import GRDB
import GRDBSQLite
import StudioCore

// The year's facts are read by plain scans and counted here (`countFacts`, `scoreCountsByStudio`): SQLite groups by
// sorting, and grouping hardly shrinks these rows (a day's records of one studio are rarely alike), so a `GROUP BY`
// cost more than the counting. Rows are read by column index straight from SQLite's buffers, and each text column
// is one of a few values (a category, a mode, a review status, a day of the year) made into a String once, not a row.

/// Distinct texts of a column as small numbers: each new text is made into a String once.
struct TextInterner {
    private(set) var values: [String] = []
    /// The first few values' bytes, compared in place (a column holds a handful of distinct texts).
    private var bytes: [[UInt8]] = []
    /// Beyond them (many distinct texts: guests, a hostile file), by the decoded text.
    private var others: [String: Int32] = [:]
    static let linear = 32

    /// The index of a column's text (NULL: -1).
    mutating func index(_ statement: SQLiteStatement, _ column: Int32) -> Int32 {
        guard let p = sqlite3_column_text(statement, column) else { return -1 }
        let n = Int(sqlite3_column_bytes(statement, column))
        for (i, b) in bytes.enumerated() where b.count == n {
            if n == 0 || b.withUnsafeBufferPointer({ memcmp($0.baseAddress!, p, n) == 0 }) { return Int32(i) }
        }
        let text = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
        if bytes.count < Self.linear {
            bytes.append(Array(UnsafeBufferPointer(start: p, count: n)))
            values.append(text)
            return Int32(values.count - 1)
        }
        if let i = others[text] { return i }
        values.append(text)
        others[text] = Int32(values.count - 1)
        return Int32(values.count - 1)
    }

    /// The text of an index (NULL: nil).
    func value(_ i: Int32) -> String? { i < 0 ? nil : values[Int(i)] }
}

/// ISO dates as small numbers: a date of `year` ("YYYY-MM-DD") by its month and day without a lookup, anything else
/// (never written by the program, but a file may hold it) through a `TextInterner`. Each date made into a String once.
struct DayInterner {
    private var prefix: [UInt8]
    private var slots = [Int32](repeating: -1, count: 13 * 32)
    private var others = TextInterner()
    private(set) var values: [String] = []
    private var otherIndex: [Int32] = []

    init(year: Int) { prefix = Array(String(format: "%04d-", year).utf8) }

    mutating func index(_ statement: SQLiteStatement, _ column: Int32) -> Int32 {
        if let p = sqlite3_column_text(statement, column), sqlite3_column_bytes(statement, column) == 10,
           p[0] == prefix[0], p[1] == prefix[1], p[2] == prefix[2], p[3] == prefix[3], p[4] == prefix[4], p[7] == UInt8(ascii: "-") {
            let digits = (p[5] &- 48, p[6] &- 48, p[8] &- 48, p[9] &- 48)
            if digits.0 < 10, digits.1 < 10, digits.2 < 10, digits.3 < 10 {
                let slot = Int(digits.0) * 10 + Int(digits.1) < 13 && Int(digits.2) * 10 + Int(digits.3) < 32
                    ? (Int(digits.0) * 10 + Int(digits.1)) * 32 + Int(digits.2) * 10 + Int(digits.3) : -1
                if slot >= 0 {
                    if slots[slot] < 0 {
                        values.append(String(decoding: UnsafeBufferPointer(start: p, count: 10), as: UTF8.self))
                        slots[slot] = Int32(values.count - 1)
                    }
                    return slots[slot]
                }
            }
        }
        let i = others.index(statement, column)
        guard i >= 0 else { return -1 }
        while otherIndex.count <= Int(i) { otherIndex.append(-1) }
        if otherIndex[Int(i)] < 0 {
            values.append(others.values[Int(i)])
            otherIndex[Int(i)] = Int32(values.count - 1)
        }
        return otherIndex[Int(i)]
    }

    func value(_ i: Int32) -> String { i < 0 ? "" : values[Int(i)] }
}

/// Counts of rows alike, in the order they were first seen (so a file's facts come out the same every time).
struct Tally<Key: Hashable> {
    private var index: [Key: Int32] = [:]
    private(set) var keys: [Key] = []
    private(set) var counts: [Int] = []

    /// Counts one row; its group's number.
    @discardableResult
    mutating func add(_ key: Key, _ n: Int = 1) -> Int32 {
        if let i = index[key] {
            counts[Int(i)] += n
            return i
        }
        keys.append(key)
        counts.append(n)
        index[key] = Int32(keys.count - 1)
        return Int32(keys.count - 1)
    }
}

extension Statement {
    /// Steps through the rows (a plain cursor), `body` reading each by column index from the statement.
    func forEachRow(arguments: StatementArguments, _ body: (SQLiteStatement) throws -> Void) throws {
        try setArguments(arguments)
        let rows = try Row.fetchCursor(self)
        while try rows.next() != nil { try body(sqliteStatement) }
    }
}

/// Ids (of records, of members) to small numbers: a flat array for the ids a file holds (they count up from 1), a
/// dictionary for any beyond (a hostile or renumbered file), so that a row costs an index, not a hash.
struct IDMap {
    private var flat: [Int32] = []
    private var others: [Int64: Int32] = [:]
    /// 4 M ids: 16 MB at most for the array.
    static let flatLimit: Int64 = 1 << 22

    subscript(id: Int64) -> Int32? {
        get {
            guard id >= 0 && id < Self.flatLimit else { return others[id] }
            let i = Int(id)
            return i < flat.count && flat[i] >= 0 ? flat[i] : nil
        }
        set {
            guard id >= 0 && id < Self.flatLimit else { others[id] = newValue; return }
            let i = Int(id)
            if i >= flat.count {
                guard let newValue else { return }
                flat.append(contentsOf: repeatElement(-1, count: max(i + 1, flat.count * 2) - flat.count))
                flat[i] = newValue
                return
            }
            flat[i] = newValue ?? -1
        }
    }
}

/// The year's facts as counted (`AppDatabase.countYear`), kept as small numbers: a group of records alike is a key of
/// interned values, each member's part a run of group numbers. 24 bytes a group instead of a `Done` and its
/// dictionaries: a studio's `Done` lines are made when asked for, so an office's are never all built at once.
struct CountedFacts {
    struct Key: Hashable {
        var studio: Int64
        var day: Int32
        /// Activity category (interned), or -2 proposal, -3 社情民意.
        var what: Int32
        var mode: Int32
        var review: Int32
    }

    /// One member's activity groups in one studio: `runGroups[start..<end]` with their counts.
    struct Run {
        var member: Int64
        var start: Int32
        var end: Int32
    }

    var keys: [Key]
    var counts: [Int32]
    var days: [String]
    var whats: [String]
    var modes: [StudioMode?]
    var reviews: [ReviewStatus]
    /// Each studio's groups, in the order first read.
    var groups: [Int64: [Int32]] = [:]
    var runs: [Int64: [Run]] = [:]
    var runGroups: [Int32] = []
    var runCounts: [Int32] = []
    /// Per studio, the records read whose review status is exactly `pending` (as `ledgerQueueSQL` counts them; a record
    /// without a status counts as pending in the facts but is not in the queue): the same scan, not another.
    var pendingReview: [Int64: Int] = [:]

    init(keys: [Key], counts: [Int32], days: [String], whats: [String], modes: [StudioMode?], reviews: [ReviewStatus]) {
        (self.keys, self.counts, self.days, self.whats, self.modes, self.reviews) = (keys, counts, days, whats, modes, reviews)
    }

    func line(_ g: Int32, count: Int) -> LedgerFacts.Done {
        let k = keys[Int(g)]
        return LedgerFacts.Done(date: k.day < 0 ? "" : days[Int(k.day)],
                                what: k.what >= 0 ? whats[Int(k.what)] : (k.what == -2 ? "proposal" : "sqmy"),
                                mode: k.mode >= 0 ? modes[Int(k.mode)] : nil, review: k.review >= 0 ? reviews[Int(k.review)] : .pending,
                                count: count)
    }

    /// A studio's records counted, in the order first read.
    func done(_ studio: Int64) -> [LedgerFacts.Done] {
        (groups[studio] ?? []).map { line($0, count: Int(counts[Int($0)])) }
    }

    /// A studio's activities per member.
    func memberDone(_ studio: Int64) -> [Int64: [LedgerFacts.Done]] {
        var out: [Int64: [LedgerFacts.Done]] = [:]
        for r in runs[studio] ?? [] {
            out[r.member] = (Int(r.start)..<Int(r.end)).map { line(runGroups[$0], count: Int(runCounts[$0])) }
        }
        return out
    }
}

/// Every studio's compliance facts for a year (`AppDatabase.yearFacts`), kept counted: `self[studioID]` makes one
/// studio's `LedgerFacts`, which the caller evaluates and drops (an office's facts built at once were most of the
/// heap: 36 MB at 300 studios, ten times that at a province's).
public struct YearFacts: Sendable {
    let counted: CountedFacts?
    let teams: [Int64: [LedgerFacts.TeamMember]]
    let terms: [Int64: StudioTerm]
    /// The studios with any fact (records, a team or a term): the others have none (nil).
    public let studios: Set<Int64>

    init(counted: CountedFacts?, teams: [Int64: [LedgerFacts.TeamMember]], terms: [Int64: StudioTerm]) {
        self.counted = counted
        self.teams = teams
        self.terms = terms
        studios = Set(counted?.groups.keys ?? [:].keys).union(counted?.runs.keys ?? [:].keys).union(teams.keys).union(terms.keys)
    }

    /// No facts (a caller that needs none).
    public static let none = YearFacts(counted: nil, teams: [:], terms: [:])

    /// Activities, proposals and 社情民意 of the year waiting for review, by studio, as read with the facts; nil when
    /// the facts were not counted.
    public var pendingReview: [Int64: Int]? { counted?.pendingReview }

    /// One studio's facts, as `ledgerFacts(studioID:year:)` reads them; nil for a studio without any.
    public subscript(studioID: Int64) -> LedgerFacts? {
        guard studios.contains(studioID) else { return nil }
        return LedgerFacts(done: counted?.done(studioID) ?? [], memberDone: counted?.memberDone(studioID) ?? [:],
                           team: teams[studioID] ?? [], term: terms[studioID] ?? .never)
    }
}
