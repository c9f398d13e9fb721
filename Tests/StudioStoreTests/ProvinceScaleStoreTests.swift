import Foundation
import GRDB
import Testing
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import StudioResources
import TestSupport

/// What the province-scale work rests on: paging through every ledger without loading it, the change token the
/// overviews are cached by, the batch reads, a save refused when another clerk changed the record, a full disk.
@Suite struct ProvinceScaleStoreTests {
    let tmp = TempDatabase()

    func profiles() throws -> [RuleProfile] {
        try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
    }

    /// The demo grown to 24 studios and 3,000 more records over three years.
    func office() throws -> AppDatabase {
        let p = try profiles()
        let db = try DemoTemplate.open(path: tmp.path, profiles: p)
        try db.loadBenchmarkData(scale: BenchmarkScale(studios: 24, members: 260, records: 3000, years: 3), year: 2026, profiles: p)
        return db
    }

    /// Every record of every studio in the office order, the slow way.
    func wholeOrder(_ db: AppDatabase, _ scope: LedgerScope) throws -> [LedgerCursor] {
        try db.studios().flatMap { try db.ledgerEntries(studioID: $0.id!, year: scope.year) }
            .filter { scope.kind == nil || $0.kind == scope.kind }
            .map(LedgerCursor.init).sorted(by: >)
    }

    @Test func theBenchOfficeHasTheAskedSize() throws {
        let db = try office()
        #expect(try db.studios().count == 24)
        #expect(try db.memberCount() == 260)
        #expect(try db.ledgerCount(LedgerScope()) >= 3000)
        let years = try db.read { try String.fetchAll($0, sql: "SELECT DISTINCT substr(date, 1, 4) FROM activity ORDER BY 1") }
        #expect(years.suffix(3) == ["2024", "2025", "2026"])
    }

    @Test(arguments: [LedgerScope(), LedgerScope(kind: .proposal), LedgerScope(kind: .activity, year: 2025)])
    func pagesForwardBackwardAndByOffsetGiveTheWholeOrder(scope: LedgerScope) throws {
        let db = try office()
        let all = try wholeOrder(db, scope)
        #expect(try db.ledgerCount(scope) == all.count)
        var forward: [LedgerCursor] = []
        var page = try db.ledgerPage(scope, after: nil, limit: 37)
        while !page.isEmpty {
            forward += page.map(LedgerCursor.init)
            page = try db.ledgerPage(scope, after: forward.last, limit: 37)
        }
        #expect(forward == all)
        var backward: [LedgerCursor] = []
        page = try db.ledgerPage(scope, before: nil, limit: 41)
        while !page.isEmpty {
            backward = page.map(LedgerCursor.init) + backward
            page = try db.ledgerPage(scope, before: backward.first, limit: 41)
        }
        #expect(backward == all)
        let middle = all.count / 2
        #expect(try db.ledgerPage(scope, offset: middle, limit: 25).map(LedgerCursor.init) == Array(all[middle..<min(all.count, middle + 25)]))
    }

    /// The menu's counts and the ledger's studio names read by column equal the studios read whole.
    @Test func countsByStatusAndNamesEqualTheStudiosReadWhole() throws {
        let db = try office()
        let studios = try db.studios()
        #expect(try db.studioCountsByStatus() == Dictionary(grouping: studios, by: \.status).mapValues(\.count))
        #expect(try db.studioNames() == Dictionary(uniqueKeysWithValues: studios.map { ($0.id!, $0.name) }))
        #expect(try db.studioCountsByStatus().values.reduce(0, +) == 24)
    }

    @Test func batchFactsEqualTheStudioByStudioOnes() throws {
        let db = try office()
        let all = try db.ledgerFactsByStudio(year: 2026)
        for s in try db.studios().prefix(8) {
            let one = try db.ledgerFacts(studioID: s.id!, year: 2026)
            let batch = all[s.id!] ?? LedgerFacts(done: [], team: [])
            #expect(batch.done.map(\.date).sorted() == one.done.map(\.date).sorted(), "\(s.name)")
            #expect(batch.done.map { $0.memberIDs.sorted() }.sorted { $0.description < $1.description }
                    == one.done.map { $0.memberIDs.sorted() }.sorted { $0.description < $1.description })
            #expect(batch.team.map(\.id) == one.team.map(\.id))
        }
        // The year's scorecards from the batch read score as one studio at a time does.
        let p = try profiles()
        let results = try db.yearResults(year: 2026, profiles: p, today: "2026-11-18")
        for (s, a) in results.prefix(6) {
            let single = try db.assessment(studio: s, profile: try #require(p.first { $0.id == s.profileID }), year: 2026, today: "2026-11-18")
            #expect(single.sheet.total == a.sheet.total, "\(s.name)")
        }
    }

    @Test func theChangeTokenMovesWithEveryWriteFromAnyConnection() throws {
        let db = try tmp.open()
        let t0 = try db.changeToken()
        #expect(try db.changeToken() == t0)
        try db.saveMember(Member(name: "欧阳明", sector: "无党派人士"))
        let t1 = try db.changeToken()
        #expect(t1 != t0)
        // Another program (another connection) writes: the first one's token moves too.
        let other = try AppDatabase.open(path: tmp.path)
        try other.saveMember(Member(name: "司徒兰", sector: "民盟"))
        #expect(try db.changeToken() != t1)
    }

    @Test func aSaveOverAnotherClerksChangeIsRefusedUntilChosen() throws {
        let p = try profiles()
        let first = try DemoTemplate.open(path: tmp.path, profiles: p)
        let second = try AppDatabase.open(path: tmp.path, user: "李四")
        let entries = try first.studios().filter { $0.status == .plaqued }.flatMap { try first.ledgerEntries(studioID: $0.id!) }
        let entry = try #require(entries.first { $0.kind == .activity && $0.memberIDs.count >= 2 })
        let opened = try #require(try first.activity(id: entry.id))
        // The second clerk saves first.
        var theirs = opened
        theirs.title = "对方改过的标题"
        try second.saveActivity(theirs, memberIDs: entry.memberIDs)
        var mine = opened
        mine.summary = "我补充的内容"
        #expect {
            try first.saveActivity(mine, memberIDs: entry.memberIDs, expecting: (opened, entry.memberIDs))
        } throws: { error in
            guard let c = error as? ChangedElsewhere else { return false }
            return c.by == "李四" && !c.deleted && c.description.contains("李四") && c.description.contains("修改")
        }
        #expect(try first.activity(id: entry.id)?.title == "对方改过的标题")
        #expect(try first.activity(id: entry.id)?.summary != "我补充的内容")
        // Changed participants count as a change too.
        let fresh = try #require(try first.activity(id: entry.id))
        try second.saveActivity(fresh, memberIDs: Array(entry.memberIDs.prefix(1)))
        #expect(throws: ChangedElsewhere.self) { try first.saveActivity(fresh, memberIDs: entry.memberIDs, expecting: (fresh, entry.memberIDs)) }
        // Chosen on purpose: the overwrite goes through.
        try first.saveActivity(mine, memberIDs: entry.memberIDs)
        #expect(try first.activity(id: entry.id)?.summary == "我补充的内容")
        // A member edited in two places.
        let m = try #require(try first.members().first)
        var m2 = m
        m2.unitTitle = "对方的单位"
        try second.saveMember(m2)
        var m1 = m
        m1.phone = "13900000000"
        #expect(throws: ChangedElsewhere.self) { try first.saveMember(m1, expecting: m) }
        #expect(try first.member(id: m.id!)?.unitTitle == "对方的单位")
    }

    @Test func aFullDiskRefusesTheWholeWriteAndKeepsTheData() throws {
        let p = try profiles()
        let db = try DemoTemplate.open(path: tmp.path, profiles: p)
        let before = try db.ledgerCount(LedgerScope())
        // SQLite's page limit stands in for a full disk: the file may not grow by a page.
        try db.writer.writeWithoutTransaction { d in
            let pages = try Int.fetchOne(d, sql: "PRAGMA page_count") ?? 0
            _ = try Int.fetchOne(d, sql: "PRAGMA max_page_count = \(pages)")
        }
        #expect {
            try db.loadBenchmarkData(scale: BenchmarkScale(studios: 40, members: 600, records: 8000, years: 1), year: 2026, profiles: p)
        } throws: { error in
            guard case StoreError.diskFull = error else { return false }
            return "\(error)".contains("磁盘已满") && "\(error)".contains("原有数据完好")
        }
        #expect(try db.ledgerCount(LedgerScope()) == before)
        #expect(try db.studios().count == 18)
        #expect(try db.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
    }
}
