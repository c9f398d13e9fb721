import Foundation
import GRDB

/// A record a form has open: its kind (the table's name: "member", "studio", "citizenItem", …) and id.
public struct RecordRef: Hashable, Sendable {
    public var kind: String
    public var id: Int64
    public init(_ kind: String, _ id: Int64) {
        self.kind = kind
        self.id = id
    }
}

/// Another session's form open on a record (issue 22): shown as 正在被 张三 编辑. Advisory only — the edit-conflict
/// check (ConcurrentEdits.swift) is what keeps a save from overwriting another's.
public struct OpenEdit: Equatable, Sendable {
    public var record: RecordRef
    public var user: String
    public var openedAt: Date

    /// "正在被 张三 编辑（10:02 打开）".
    public var notice: String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: openedAt)
        return "正在被 \(user) 编辑（\(String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)) 打开）"
    }
}

extension AppDatabase {
    /// A mark without a heartbeat for this long belongs to a session that hung or lost its terminal: ignored, then removed.
    public static let openEditStaleAfter: TimeInterval = 120
    /// How often a session renews its marks (well inside `openEditStaleAfter`).
    public static let openEditHeartbeat: TimeInterval = 30

    static let hostName = ProcessInfo.processInfo.hostName

    /// Marks `record` as open in this session's form. Nothing in a read-only session (the file may not be writable);
    /// marks of sessions that are gone are cleared on the way. Advisory: a failure is not the clerk's concern.
    public func registerOpenEdit(_ record: RecordRef, now: Date = Date()) {
        guard !isReadOnly else { return }
        let t = now.timeIntervalSince1970
        try? unchecked { db in
            try Self.removeStaleOpenEdits(db, now: now)
            try db.execute(sql: """
                INSERT INTO openEdit(kind, recordID, user, session, host, pid, openedAt, heartbeat) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.kind, record.id, user, sessionID, Self.hostName, Int(getpid()), t, t])
        }
    }

    /// The form on `record` closed.
    public func closeOpenEdit(_ record: RecordRef) {
        guard !isReadOnly else { return }
        try? unchecked { db in
            try db.execute(sql: "DELETE FROM openEdit WHERE session = ? AND kind = ? AND recordID = ?", arguments: [sessionID, record.kind, record.id])
        }
    }

    /// Renews this session's marks (the program's loop calls it every `openEditHeartbeat` while a form is open).
    public func heartbeatOpenEdits(now: Date = Date()) {
        guard !isReadOnly else { return }
        try? unchecked { db in
            try db.execute(sql: "UPDATE openEdit SET heartbeat = ? WHERE session = ?", arguments: [now.timeIntervalSince1970, sessionID])
        }
    }

    /// Other live sessions' open forms, by record (of one kind, or all); the earliest opening when several have it.
    public func openEditsElsewhere(kind: String? = nil, now: Date = Date()) -> [RecordRef: OpenEdit] {
        let rows = (try? read { db in
            try Row.fetchAll(db, sql: """
                SELECT kind, recordID, user, host, pid, openedAt FROM openEdit
                WHERE session <> ? AND heartbeat > ? AND (? IS NULL OR kind = ?) ORDER BY openedAt
                """, arguments: [sessionID, now.timeIntervalSince1970 - Self.openEditStaleAfter, kind, kind])
        }) ?? []
        var result: [RecordRef: OpenEdit] = [:]
        for r in rows where Self.isAlive(host: r["host"], pid: r["pid"]) {
            let ref = RecordRef(r["kind"], r["recordID"])
            if result[ref] == nil { result[ref] = OpenEdit(record: ref, user: r["user"], openedAt: Date(timeIntervalSince1970: r["openedAt"])) }
        }
        return result
    }

    /// Another live session's form on `record`, if any.
    public func openEditElsewhere(_ record: RecordRef, now: Date = Date()) -> OpenEdit? {
        openEditsElsewhere(kind: record.kind, now: now)[record]
    }

    /// A session on this machine whose process has ended (killed, crashed) holds nothing, heartbeat or not.
    static func isAlive(host: String, pid: Int) -> Bool {
        guard host == hostName, pid > 0 else { return true }
        return kill(pid_t(pid), 0) == 0 || errno == EPERM
    }

    static func removeStaleOpenEdits(_ db: Database, now: Date) throws {
        try db.execute(sql: "DELETE FROM openEdit WHERE heartbeat <= ?", arguments: [now.timeIntervalSince1970 - openEditStaleAfter])
        for r in try Row.fetchAll(db, sql: "SELECT DISTINCT host, pid FROM openEdit WHERE host = ?", arguments: [hostName])
        where !isAlive(host: r["host"], pid: r["pid"]) {
            try db.execute(sql: "DELETE FROM openEdit WHERE host = ? AND pid = ?", arguments: [r["host"], r["pid"]])
        }
    }
}
