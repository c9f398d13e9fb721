import Foundation
import GRDB
import Testing
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import StudioResources
import TestSupport

/// The year's facts are counted in Swift from plain scans (FactRows.swift): they must be the counts the `GROUP BY`
/// statements (`activityFactsSQL`, `recordFactsSQL`, `memberFactsSQL`: what the bench's sqlite3 floor runs) make, also
/// for what the fast paths hand on to their fallbacks: dates not of the year's form, more distinct categories and
/// guests than are compared in place, record and member ids beyond the flat table.
@Suite struct FactRowsTests {
    let tmp = TempDatabase()

    func profiles() throws -> [RuleProfile] {
        try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
    }

    /// The facts as the statements count them, per studio and per studio and member: "date|what|mode|review" to the
    /// number of records. (The statements' `GROUP BY … review` names the column, the review's whole JSON, so they may
    /// split a day's records into finer groups than the status: the same counts, summed here.)
    func grouped(_ db: AppDatabase, year: Int) throws -> (done: [Int64: [String: Int]], members: [String: [String: Int]]) {
        try db.read { d in
            let args = AppDatabase.yearArguments(year, studioID: nil)
            var done: [Int64: [String: Int]] = [:], members: [String: [String: Int]] = [:]
            for r in try Row.fetchAll(d, sql: AppDatabase.activityFactsSQL(studio: false), arguments: args) {
                done[r[0], default: [:]]["\(r[1] as String)|\(r[2] as String)|\(r[3] as String)|\(AppDatabase.reviewStatus(r[4]))", default: 0] += r[5]
            }
            for (table, what) in [("proposal", "proposal"), ("socialInfo", "sqmy")] {
                for r in try Row.fetchAll(d, sql: AppDatabase.recordFactsSQL(table, studio: false), arguments: args) {
                    done[r[0], default: [:]]["\(r[1] as String)|\(what)|nil|\(AppDatabase.reviewStatus(r[2]))", default: 0] += r[3]
                }
            }
            for r in try Row.fetchAll(d, sql: AppDatabase.memberFactsSQL(studio: false), arguments: args) {
                members["\(r[0] as Int64)/\(r[1] as Int64)", default: [:]][
                    "\(r[2] as String)|\(r[3] as String)|\(r[4] as String)|\(AppDatabase.reviewStatus(r[5]))", default: 0] += r[6]
            }
            return (done, members)
        }
    }

    /// Counted facts by "date|what|mode|review": each key once (the program's groups are by the review's status).
    static func counts(_ done: [LedgerFacts.Done]) -> [String: Int] {
        var out: [String: Int] = [:]
        for d in done {
            let key = "\(d.date)|\(d.what)|\(d.mode.map(\.rawValue) ?? "nil")|\(d.review)"
            #expect(out[key] == nil, "\(key) counted in two groups")
            out[key, default: 0] += d.count
        }
        return out
    }

    /// `countFacts` (every studio, and one studio by its index) against the grouped statements.
    func check(_ db: AppDatabase, year: Int) throws {
        let expected = try grouped(db, year: year)
        let counted = try db.read { try AppDatabase.countFacts($0, year: year, studioID: nil) }
        #expect(!expected.done.isEmpty && !expected.members.isEmpty)
        #expect(counted.done.mapValues(Self.counts) == expected.done)
        var members: [String: [String: Int]] = [:]
        for (studio, byMember) in counted.members {
            for (member, done) in byMember { members["\(studio)/\(member)"] = Self.counts(done) }
        }
        #expect(members == expected.members)
        for studio in Set(expected.done.keys) {
            let one = try db.read { try AppDatabase.countFacts($0, year: year, studioID: studio) }
            #expect(one.done[studio].map(Self.counts) == expected.done[studio])
            #expect(Set(one.done.keys) == [studio])
            let mine = expected.members.filter { $0.key.hasPrefix("\(studio)/") }
            #expect((one.members[studio] ?? [:]).count == mine.count)
            for (member, done) in one.members[studio] ?? [:] {
                #expect(Self.counts(done) == expected.members["\(studio)/\(member)"])
            }
        }
    }

    @Test func aBenchOfficesFactsAreTheGroupedStatementsCounts() throws {
        let p = try profiles()
        let db = try DemoTemplate.open(path: tmp.path, profiles: p)
        try db.loadBenchmarkData(scale: BenchmarkScale(studios: 30, members: 320, records: 4000, years: 2), year: 2026, profiles: p)
        try check(db, year: 2026)
        try check(db, year: 2025)
    }

    /// Records past the fast paths: 40 categories and 40 guests' texts, dates of another form inside the year's
    /// range, an activity and a member numbered past 4 million; counted as the statements count them, and the
    /// scorecard counts as the records give them.
    @Test func factsPastTheFastPathsAreCountedAlike() throws {
        let p = try profiles()
        let db = try DemoTemplate.open(path: tmp.path, profiles: p)
        try db.write(.editRecords) { d in
            let s = try #require(try Studio.filter(Column("status") == "plaqued").order(Column("id")).fetchOne(d))
            let id = s.id!
            let team = try Int64.fetchAll(d, sql: "SELECT memberID FROM studioMembership WHERE studioID = ? ORDER BY memberID", arguments: [id])
            var far = Member(name: "编号很大的委员")
            far.id = 5_000_001
            try far.insert(d)
            let dates = ["2026-03-05", "2026-1-5", "2026-02-30", "2026-12-31", "2026-03-05 ", "2026-06-01"]
            for i in 0..<44 {
                var a = Activity(studioID: id, date: dates[i % dates.count], category: "c\(i % 40)", categoryName: "类别\(i % 40)",
                                 mode: i % 3 == 0 ? .online : .offline, title: "活动\(i)", guests: i % 4 == 0 ? "" : "嘉宾单位\(i % 41)",
                                 guestKind: i % 5 == 0 ? nil : .committee,
                                 review: Review(status: [.approved, .pending, .returned][i % 3]))
                if i == 43 { a.id = 4_500_000 }
                try a.insert(d)
                let members = [team[i % team.count], team[(i + 1) % team.count]] + (i % 2 == 0 ? [far.id!] : [])
                try AppDatabase.setMembers(d, kind: .activity, recordID: a.id!, memberIDs: members, isNew: true)
            }
            // The same member twice in one group: the same day, category, mode and review.
            for _ in 0..<2 {
                var a = Activity(studioID: id, date: "2026-04-01", category: "c1", categoryName: "类别1", mode: .offline, title: "同组活动")
                try a.insert(d)
                try AppDatabase.setMembers(d, kind: .activity, recordID: a.id!, memberIDs: [far.id!], isNew: true)
            }
        }
        try check(db, year: 2026)
        let studios = try db.studios()
        let counted = try db.scoreCountsByStudio(year: 2026)
        let records = try db.read { try AppDatabase.records($0, year: 2026, studioIDs: Set(studios.map { $0.id! })) }
        for s in studios {
            #expect(counted[s.id!] ?? ScoreCounts(year: 2026) == ScoreCounts(facts: try #require(records[s.id!])), "\(s.name)")
        }
    }

    /// The office's facts kept counted (`yearFacts`) give each studio the facts `ledgerFacts(studioID:)` reads by its
    /// index (the same lines; the order is the read's, the table's or the index's); a studio without any gives none.
    /// The records waiting for review are counted in the facts' scan: the queue statements' counts exactly (a review
    /// without a status is pending to the facts but not in the queue).
    @Test func thePendingCountedWithTheFactsAreTheQueuesOwn() throws {
        let p = try profiles()
        let db = try DemoTemplate.open(path: tmp.path, profiles: p)
        try db.loadBenchmarkData(scale: BenchmarkScale(studios: 30, members: 320, records: 4000, years: 2), year: 2026, profiles: p)
        try db.write(.editRecords) { d in
            try d.execute(sql: "UPDATE activity SET review = '{}' WHERE id = (SELECT MIN(id) FROM activity WHERE date LIKE '2026-%')")
            try d.execute(sql: "UPDATE proposal SET review = '{\"status\":\"pending\"}' WHERE id = (SELECT MIN(id) FROM proposal WHERE date LIKE '2026-%')")
        }
        for year in [2025, 2026] {
            let facts = try db.yearFacts(year: year)
            let counted = try #require(facts.pendingReview)
            let viaFacts = try db.ledgerQueues(year: year, counted: counted)
            let viaSQL = try db.ledgerQueues(year: year)
            #expect(!viaSQL.pendingReview.isEmpty)
            #expect(viaFacts.pendingReview == viaSQL.pendingReview)
            #expect(viaFacts.openIntake == viaSQL.openIntake)
        }
        #expect(YearFacts.none.pendingReview == nil)
    }

    @Test func theYearsFactsAreEachStudiosOwn() throws {
        let p = try profiles()
        let db = try DemoTemplate.open(path: tmp.path, profiles: p)
        try db.loadBenchmarkData(scale: BenchmarkScale(studios: 30, members: 320, records: 4000, years: 2), year: 2026, profiles: p)
        func lines(_ done: [LedgerFacts.Done]) -> [String] {
            done.map { "\($0.date)|\($0.what)|\($0.mode.map(\.rawValue) ?? "nil")|\($0.review)|\($0.count)|\($0.memberIDs)" }.sorted()
        }
        for year in [2025, 2026] {
            let all = try db.yearFacts(year: year)
            let studios = try db.studios()
            #expect(all.studios == Set(studios.map { $0.id! }))
            for s in studios {
                let kept = try #require(all[s.id!])
                let one = try db.ledgerFacts(studioID: s.id!, year: year)
                #expect(lines(kept.done) == lines(one.done), "\(s.name) \(year)")
                #expect(kept.memberDone.mapValues(lines) == one.memberDone.mapValues(lines), "\(s.name) \(year)")
                #expect(kept.team.map(\.id) == one.team.map(\.id) && kept.term == one.term)
            }
            #expect(all[999_999] == nil)
            #expect(YearFacts.none[studios[0].id!] == nil)
        }
    }
}
