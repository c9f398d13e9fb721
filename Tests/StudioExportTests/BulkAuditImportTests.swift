import Foundation
import GRDB
import Testing
@testable import StudioCore
@testable import StudioExport
@testable import StudioStore
import TestSupport

/// Issue 24, stop 21: an import's new rows are logged from Swift a chunk at a time (`BulkAudit`) instead of by the
/// insert trigger row by row. The lines must be the ones the triggers write: the same files imported both ways into
/// two copies of the demo district give the same lines, in the same order, signed the same way, and both chains
/// verify. Only `at` may differ (the clock read per chunk instead of per statement), and with it `prev`/`hash`; the
/// hashes are recomputed with the trigger side's times to show they sign the same content.
@Suite struct BulkAuditImportTests {
    /// Two copies of the demo district: `trigger` imports with the triggers, `bulk` with bulk lines.
    let dir: URL
    let trigger: AppDatabase
    let bulk: AppDatabase
    let profiles: [RuleProfile]

    init() throws {
        let (dir, trigger, profiles) = try demoOffice("bulk-audit")
        self.dir = dir
        self.trigger = trigger
        self.profiles = profiles
        bulk = try DemoTemplate.open(path: dir.appendingPathComponent("bulk.sqlite").path, profiles: profiles)
    }

    /// `count` rows of the kind's template, each its own record (the column that names it numbered), with
    /// `changed` written in the column an import may change.
    func file(_ kind: ImportKind, _ name: String, count: Int, changed: String = "") throws -> String {
        let template = kind.template
        let header = template[0]
        let (naming, changing): (String, String) = switch kind {
        case .activities: ("活动名称", "地点")
        case .proposals: ("提案标题", "承办单位")
        case .sqmy: ("信息标题", "采用单位")
        default: ("反映内容", "处理情况")
        }
        let lines = (0..<count).map { i in
            var row = template[1]
            row[header.firstIndex(of: naming)!] += "\(i)"
            if !changed.isEmpty { row[header.firstIndex(of: changing)!] = changed }
            return row.joined(separator: ",")
        }
        let path = dir.appendingPathComponent(name).path
        try ([header.joined(separator: ",")] + lines).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func importBothWays(_ kind: ImportKind, _ path: String) throws {
        for (db, byTrigger) in [(trigger, true), (bulk, false)] {
            let (rows, source) = try ImportFile.openTable(path: path)
            let outcome = try Importer.runLedger(kind, kind.ledger!, rows: rows, source: source, into: db, profiles: profiles, defaultStudioID: nil,
                                                 apply: true, chunkRows: 7, progress: nil, auditByTrigger: byTrigger)
            #expect(outcome.written, "\(kind) \(outcome.problems.prefix(3))")
        }
    }

    static func lines(_ db: AppDatabase, after id: Int64) throws -> [Row] {
        try db.read { db in try Row.fetchAll(db, sql: "SELECT * FROM auditLog WHERE id > ? ORDER BY id", arguments: [id]) }
    }

    static func lastLine(_ db: AppDatabase) throws -> Int64 {
        try db.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM auditLog") ?? 0 }
    }

    /// The lines written since `since` are the same both ways, but for their time; signed with the trigger side's
    /// times they give its hashes; both logs verify. Returns how many lines were compared.
    @discardableResult
    func expectSameLines(since: Int64) throws -> Int {
        let (a, b) = (try Self.lines(trigger, after: since), try Self.lines(bulk, after: since))
        #expect(a.count == b.count && !a.isEmpty)
        let content = ["id", "user", "tableName", "recordID", "action", "studioID", "oldValues", "newValues"]
        var prev: String? = b.first?["prev"]
        #expect(prev == a.first?["prev"])
        for (x, y) in zip(a, b) {
            for c in content where x[c] as DatabaseValue != y[c] as DatabaseValue {
                Issue.record("line \(x["id"] as Int64) \(c): \(x[c] as DatabaseValue) ≠ \(y[c] as DatabaseValue)")
            }
            let hash = AuditLog.hash(prev: prev, at: x["at"], user: y["user"], table: y["tableName"], recordID: y["recordID"], action: y["action"],
                                     studioID: y["studioID"], old: y["oldValues"], new: y["newValues"])
            #expect(hash == x["hash"] as String?, "line \(x["id"] as Int64)")
            prev = hash
        }
        let (verifiedTrigger, verifiedBulk) = (try trigger.verifyAuditLog(), try bulk.verifyAuditLog())
        #expect(verifiedTrigger.isIntact && verifiedBulk.isIntact && verifiedTrigger.lines == verifiedBulk.lines, "\(verifiedBulk.summary)")
        return a.count
    }

    /// Every ledger kind, in chunks of 7: first new records (with their members), then a file that changes them
    /// and adds more, whose changed records are logged by the triggers between the bulk lines of each chunk.
    @Test(arguments: [ImportKind.activities, .proposals, .sqmy, .intake])
    func aLedgerImportLogsTheSameLinesAsTheTriggers(_ kind: ImportKind) throws {
        let since = try Self.lastLine(trigger)
        #expect(since == (try Self.lastLine(bulk)))
        try importBothWays(kind, try file(kind, "\(kind)-new.csv", count: 30))
        try importBothWays(kind, try file(kind, "\(kind)-changed.csv", count: 45, changed: "改动后的值"))
        let compared = try expectSameLines(since: since)
        let tables = try Set(Self.lines(bulk, after: since).map { $0["tableName"] as String })
        let actions = try Set(Self.lines(bulk, after: since).map { $0["action"] as String })
        #expect(compared >= 75, "\(compared)")
        #expect(actions.isSuperset(of: ["insert", "update"]) && tables.count >= (kind == .intake ? 1 : 2), "\(tables) \(actions)")
    }

    /// The roster import: new members in bulk, a changed member by its trigger, the same lines both ways.
    @Test func aRosterImportLogsTheSameLinesAsTheTriggers() throws {
        let since = try Self.lastLine(trigger)
        let onFile = try trigger.read { db in try Member.filter(Column("isNonMember") == false).order(Column("id")).fetchOne(db) }
        var changed = try #require(onFile)
        changed.note = "导入改动的备注"
        let rows = [(2, changed)] + (0..<20).map { i in (3 + i, Member(name: "批量导入委员\(i)", sector: "经济界", phone: "1390571\(String(format: "%04d", i))")) }
        for (db, byTrigger) in [(trigger, true), (bulk, false)] {
            let plan = try db.importMembers(rows, apply: true, auditByTrigger: byTrigger)
            #expect(plan.added.count == 20 && plan.changed.count == 1 && plan.problems.isEmpty)
        }
        #expect(try expectSameLines(since: since) == 21)
    }

    /// All or nothing with bulk lines: an error raised while the third chunk is read, after two chunks and their
    /// lines were written, leaves the file as it was; a bad last row likewise. The audit switch comes back with the
    /// rollback, so the next save is logged by its trigger.
    @Test func anErrorAfterBulkLinesWereWrittenLeavesTheFileAsItWas() throws {
        struct Broken: Error {}
        let db = bulk
        let counts = { try db.read { db in try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM activity) * 1000000 + (SELECT COUNT(*) FROM auditLog)") ?? 0 } }
        let before = try counts()
        let directory = try db.importDirectory(profiles: profiles)
        let (source, _) = try ImportFile.openTable(path: try file(.activities, "broken.csv", count: 30))
        var stream = LedgerImport.Stream(.activity, headers: source.headers, directory: directory)
        var chunks = 0
        #expect(throws: Broken.self) {
            _ = try db.importLedger(chunks: {
                chunks += 1
                if chunks == 3 { throw Broken() }
                var rows: [LedgerImport.Row] = []
                for _ in 0..<10 { if let (n, cells) = try source.next(), let r = stream.read(number: n, cells: cells).row { rows.append(r) } }
                return (rows, [])
            }, apply: true)
        }
        let afterBroken = try counts()
        #expect(chunks == 3 && afterBroken == before)

        let lines = (try String(contentsOfFile: try file(.activities, "bad-last.csv", count: 30), encoding: .utf8)).split(separator: "\n")
        let bad = dir.appendingPathComponent("bad-last-row.csv").path
        try (lines.dropLast().map(String.init) + [lines.last!.replacingOccurrences(of: "2026-03-05", with: "2026-13-05")]).joined(separator: "\n")
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let (rows, name) = try ImportFile.openTable(path: bad)
        let refused = try Importer.runLedger(.activities, .activity, rows: rows, source: name, into: db, profiles: profiles, defaultStudioID: nil,
                                             apply: true, chunkRows: 7, progress: nil)
        let afterRefused = try counts()
        #expect(!refused.written && refused.problemCount == 1 && afterRefused == before)

        let studio = try #require(try db.studios().first { $0.name == "明湖区湖滨街道委员工作室" })
        let member = try #require(try db.team(studioID: studio.id!).first { $0.isCurrent && !$0.member.isNonMember }?.member)
        let audit = try db.auditCount()
        _ = try db.saveActivity(Activity(studioID: studio.id!, date: "2026-11-20", category: "policy", categoryName: "政策宣讲", mode: .online,
                                         title: "导入失败之后的保存"), memberIDs: [member.id!])
        #expect(try db.auditCount() == audit + 2)
        #expect(try db.verifyAuditLog().isIntact)
    }

    /// The line's hash, now built as bytes, is the one the chain was signed with before: SHA-256 of the
    /// length-prefixed fields as text (expected values from Python's hashlib over the same text).
    @Test func theHashIsTheOneTheChainWasSignedWith() {
        let cases: [(String?, String, String, String, Int64, String, Int64?, String?, String?, String)] = [
            (nil, "2026-01-01T08:00:00", "张三", "activity", 0, "insert", nil, nil, "{\"a\":1}",
             "7adb88aea3ee144f6492ca098ff619e23b367cca08c7a43db01b2ff524d02e53"),
            ("ab", "", "李四（SSH 192.0.2.7）", "*", 1234567890123, "import-all", 7, "{}", nil,
             "eb38f64f7d68db633ccf778a8c067d56fb2856161e0f21445d48b54dfbedd839"),
            ("x", "t", "u", "ledgerMember", -5, "delete", -120, "{\"说明\":\"引号\\\"与|竖线\"}", "",
             "59fa4d60ffe03a06f8f277cda90153551eff14278b801b462d7d039c100f37eb"),
            ("", "t", "u", "t", Int64.max, "update", Int64.min, "😀", "é",
             "acc6ea0eefac6337edcb2a9c67c14552b3e391a4af605551b8dd9f13f7ed2590"),
        ]
        for c in cases {
            #expect(AuditLog.hash(prev: c.0, at: c.1, user: c.2, table: c.3, recordID: c.4, action: c.5, studioID: c.6, old: c.7, new: c.8) == c.9)
        }
    }
}
