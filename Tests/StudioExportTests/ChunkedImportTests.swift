import Foundation
import Testing
@testable import StudioCore
@testable import StudioExport
@testable import StudioStore

/// Issue 24: a ledger file is read, checked and written in chunks of `Importer.chunkRows` inside one transaction:
/// still all or nothing, every problem still named by row and column, duplicates found across chunks, and the
/// preview holds counts and the first rows, not every row.
@Suite struct ChunkedImportTests {
    let dir: URL
    let db: AppDatabase
    let profiles: [RuleProfile]

    init() throws { (dir, db, profiles) = try demoOffice("chunked-import") }

    /// `count` activities of the running studios, members by name, as the bench makes them.
    func activities(_ count: Int) throws -> [String] {
        var teams: [(Studio, [String], RuleProfile)] = []
        for s in try db.studios() where s.status.isRunning {
            guard let p = profiles.first(where: { $0.id == s.profileID }), !p.activityCategories.isEmpty else { continue }
            let names = try db.team(studioID: s.id!).filter(\.isCurrent).map(\.member).filter { !$0.isNonMember }.map(\.name)
            if !names.isEmpty { teams.append((s, names, p)) }
        }
        return (0..<count).map { r in
            let (s, names, p) = teams[r % teams.count]
            let c = p.activityCategories[r % p.activityCategories.count]
            let mode = p.hasOnlineMode ? (r % 2 == 0 ? "线上" : "线下") : "线下"
            return "\(s.name),2025-\(String(format: "%02d-%02d", 1 + r % 11, 1 + r % 28)),\(c.name),\(mode),分块导入测试\(r),\(names[r % names.count])"
        }
    }

    func write(_ name: String, _ rows: [String]) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try (["工作室,活动日期,活动类别,线上/线下,活动名称,参加委员"] + rows).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func activityCount() throws -> Int { try db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activity") ?? 0 } }

    @Test func twentyThousandRowsImportInChunksAndABadLastRowWritesNothing() throws {
        let rows = try activities(20_000)
        let before = try activityCount()
        let audit = try db.auditCount()

        // A bad date in the last row, ten chunks after the first were written: the whole file is undone.
        let bad = try write("bad-last.csv", rows.dropLast() + [rows.last!.replacingOccurrences(of: ",2025-", with: ",2025-13-")])
        let refused = try Importer.run(.activities, path: bad, into: db, profiles: profiles, apply: true)
        #expect(!refused.written && refused.rows == 20_000 && refused.problemCount == 1)
        #expect(refused.problems.map(\.row) == [20_001] && refused.problems.first?.column == "活动日期", "\(refused.problems)")
        #expect(try activityCount() == before && db.auditCount() == audit)

        // The good file: counts, and the preview's first rows only.
        let good = try write("good.csv", rows)
        let done = try Importer.run(.activities, path: good, into: db, profiles: profiles, apply: true)
        #expect(done.written && done.rows == 20_000 && done.problems.isEmpty, "\(done.problems.prefix(3))")
        #expect(done.summary == "新增 20000 条，修改 0 条，不变 0 条" && done.addedCount == 20_000 && done.added.count == 50)
        #expect(done.added.first?.hasPrefix("第2行 2025-01-01 分块导入测试0") == true, "\(done.added.first ?? "")")
        #expect(try activityCount() == before + 20_000)

        // Again, as a dry run: every row matched with the records just written (their keys loaded per studio),
        // and a row repeating row 2 near the end found as a duplicate across chunks.
        let again = try write("again.csv", rows + [rows[0]])
        let check = try Importer.run(.activities, path: again, into: db, profiles: profiles, apply: false)
        #expect(!check.written && check.summary == "新增 0 条，修改 0 条，不变 20000 条", "\(check.summary)")
        #expect(check.problems.map(\.description) == ["第 20002 行：与第 2 行重复（工作室、活动日期、活动名称和参加委员相同）"])
        #expect(try activityCount() == before + 20_000)
    }

    /// The import's own insert (one cached statement) left out 嘉宾身份: a file's 嘉宾身份 was read and checked, then
    /// not written. Each record and its member are signed lines of the audit chain, which stays unbroken.
    @Test func theGuestKindIsWrittenAndEachRecordIsSignedInTheAuditChain() throws {
        let path = dir.appendingPathComponent("guests.csv").path
        try (["工作室,活动日期,活动类别,线上/线下,活动名称,参加委员,指导嘉宾,嘉宾身份"] + (try activities(3)).map { $0 + ",王主任,政协领导" })
            .joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let audit = try db.auditCount()
        let done = try Importer.run(.activities, path: path, into: db, profiles: profiles, apply: true)
        #expect(done.written, "\(done.problems)")
        let kinds = try db.read { db in try String?.fetchAll(db, sql: "SELECT guestKind FROM activity WHERE title LIKE '分块导入测试%' ORDER BY id") }
        #expect(kinds == ["cppccLeader", "cppccLeader", "cppccLeader"])
        #expect(try db.auditCount() == audit + 6)
        #expect(try db.verifyAuditLog().isIntact)
    }

    /// Every row wrong: the outcome keeps the first hundred problems, in row order, and the count of all.
    @Test func aFileOfProblemsKeepsTheFirstHundredAndTheCount() throws {
        let rows = try activities(500).map { $0.replacingOccurrences(of: ",2025-", with: ",2025-13-") }
        let (source, name) = try ImportFile.openTable(path: try write("all-bad.csv", rows))
        let outcome = try Importer.runLedger(.activities, .activity, rows: source, source: name, into: db, profiles: profiles,
                                             defaultStudioID: nil, apply: true, chunkRows: 64, progress: nil)
        #expect(!outcome.written && outcome.problemCount == 500 && outcome.problems.count == ImportProblem.listedAtMost)
        #expect(outcome.problems.map(\.row) == Array(2...101))
        #expect(ImportProblem.lines(outcome.problems, total: outcome.problemCount).last == "…另有 400 个问题未列出")
    }
}
