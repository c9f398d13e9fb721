import Foundation
import GRDB
import Testing
@testable import StudioCore
@testable import StudioStore

/// Issue 22, many sessions on one file: writes begin IMMEDIATE and wait out the busy timeout, so clerks saving at
/// the same moment all succeed; the advisory 正在被 某某 编辑 marks come and go with the forms and their sessions.
@Suite(.serialized) struct ManySessionsTests {
    let tmp = TempDatabase()

    /// Eight sessions, each its own AppDatabase (own connection pool) on one file, save at the same moment: every
    /// save goes through, none is told the file is busy, and every row is there.
    @Test func eightSessionsSavingAtOnceNeverGetBusy() throws {
        let first = try tmp.open()
        let sessions = try (0..<8).map { i in try AppDatabase.open(path: tmp.path, user: "录入员\(["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"][i])") }
        let saves = 25
        let failures = Failures()
        let start = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for (i, db) in sessions.enumerated() {
            let box = UncheckedBox(db)
            group.enter()
            Thread.detachNewThread {
                start.wait()
                for n in 0..<saves {
                    do {
                        // A save that reads before it writes (the edit-conflict check does): with a deferred
                        // transaction its lock upgrade is what fails at once with "database is locked".
                        let m = try box.value.saveMember(Member(name: "并发", unitTitle: "会话\(i)第\(n)次"))
                        try box.value.saveMember(m, expecting: m)
                    } catch {
                        failures.add("\(i)/\(n): \(error)")
                    }
                }
                group.leave()
            }
        }
        for _ in sessions { start.signal() }
        group.wait()
        #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
        #expect(try first.memberCount() == 8 * saves)
    }

    @Test func writesBeginImmediate() throws {
        let db = try tmp.open()
        // Inside `write` the connection already holds the RESERVED lock: another connection cannot start writing.
        let other = try AppDatabase.open(path: tmp.path, busyTimeout: 0)
        try db.write(.editRecords) { _ in
            #expect(throws: StoreError.busy(path: tmp.path)) { try other.setSetting("x", "1") }
        }
        try other.setSetting("x", "1")
    }

    @Test func openEditMarksComeAndGoWithTheirSessions() throws {
        let a = try AppDatabase.open(path: tmp.path, user: "张三")
        let b = try AppDatabase.open(path: tmp.path, user: "李四")
        let ref = RecordRef("member", 7)
        let opened = Date(timeIntervalSince1970: 1_795_000_000)
        a.registerOpenEdit(ref, now: opened)
        #expect(a.openEditElsewhere(ref, now: opened) == nil, "one's own form is not another's")
        let seen = try #require(b.openEditElsewhere(ref, now: opened))
        #expect(seen.user == "张三")
        #expect(seen.notice.hasPrefix("正在被 张三 编辑（") && seen.notice.hasSuffix(" 打开）"))
        #expect(b.openEditsElsewhere(kind: "studio", now: opened).isEmpty)
        // No heartbeat for two minutes: a hung session holds nothing.
        #expect(b.openEditElsewhere(ref, now: opened.addingTimeInterval(121)) == nil)
        a.heartbeatOpenEdits(now: opened.addingTimeInterval(100))
        #expect(b.openEditElsewhere(ref, now: opened.addingTimeInterval(121))?.user == "张三")
        a.closeOpenEdit(ref)
        #expect(b.openEditElsewhere(ref, now: opened.addingTimeInterval(121)) == nil)
        // Not data: no line in the audit log.
        #expect(try a.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM auditLog WHERE tableName = 'openEdit'") } == 0)
    }

    @Test func aCrashedSessionsMarksCountForNothing() throws {
        let a = try AppDatabase.open(path: tmp.path, user: "张三")
        let b = try AppDatabase.open(path: tmp.path, user: "李四")
        // A process that has ended: its mark, fresh heartbeat or not, is ignored and cleared by the next registration.
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let now = Date().timeIntervalSince1970
        try a.unchecked { db in
            try db.execute(sql: "INSERT INTO openEdit(kind, recordID, user, session, host, pid, openedAt, heartbeat) VALUES ('member', 1, '王五', 'gone', ?, ?, ?, ?)",
                           arguments: [AppDatabase.hostName, dead.processIdentifier, now, now])
        }
        #expect(b.openEditElsewhere(RecordRef("member", 1)) == nil)
        b.registerOpenEdit(RecordRef("member", 2))
        #expect(try a.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM openEdit WHERE session = 'gone'") } == 0)
    }

    @Test func aReadOnlySessionRegistersNothing() throws {
        _ = try tmp.open()
        let reviewer = try AppDatabase.open(path: tmp.path, readOnly: true)
        reviewer.registerOpenEdit(RecordRef("member", 1))
        reviewer.heartbeatOpenEdits()
        let other = try AppDatabase.open(path: tmp.path, user: "李四")
        #expect(other.openEditsElsewhere().isEmpty)
    }
}

final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ s: String) { lock.withLock { list.append(s) } }
    var all: [String] { lock.withLock { list } }
}

struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
