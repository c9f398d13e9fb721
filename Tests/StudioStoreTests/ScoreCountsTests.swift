import Foundation
import GRDB
import Testing
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import StudioResources
import TestSupport

/// Scorecards and compliance from the database's counts (issue 24): one rule, fed either with records or with the
/// grouped counts, must give the same points, totals, verdicts and compliance lines for every studio; a sheet given
/// its evidence is the sheet scored from its records, to the last line.
@Suite struct ScoreCountsTests {
    let tmp = TempDatabase()

    func profiles() throws -> [RuleProfile] {
        try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
    }

    /// The demo, with records at the edges of the rules: blank guests (an ideographic space), a 退回 record with
    /// guests, a pending one, an awarded and answered proposal, a 退回 filed one, 批示 at a level and through a channel
    /// the table does not name, a blank year summary.
    func demo() throws -> AppDatabase {
        let db = try DemoTemplate.open(path: tmp.path, profiles: profiles())
        try db.write(.editRecords) { d in
            let studios = try Studio.filter(Column("profileID") == "binjiang-2020" && Column("status") == "plaqued").order(Column("id")).fetchAll(d)
            for s in studios.prefix(2) {
                let id = s.id!
                var blank = Activity(studioID: id, date: "2026-05-06", category: "consult", categoryName: "协商议事", title: "嘉宾空白的活动",
                                     guests: "\u{3000} ", guestKind: .committee)
                try blank.insert(d)
                var returned = Activity(studioID: id, date: "2026-05-07", category: "study", categoryName: "学习", title: "退回的活动",
                                        guests: "区政协社法委", guestKind: .committee, review: Review(status: .returned, comment: "日期有误"))
                try returned.insert(d)
                var pending = Activity(studioID: id, date: "2026-05-08", category: "service", categoryName: "服务", title: "待审核的活动",
                                       guests: "区民政局", guestKind: .department, review: Review(status: .pending))
                try pending.insert(d)
                var awarded = Proposal(studioID: id, title: "关于加装电梯的提案", date: "2026-03-01", status: .replied, decidedOn: "2026-03-20",
                                       repliedOn: "2026-06-01", award: .key, awardedOn: "2026-09-01", review: Review(status: .approved))
                try awarded.insert(d)
                var back = Proposal(studioID: id, title: "退回的提案", date: "2026-04-01", status: .filed, decidedOn: "2026-04-20",
                                    review: Review(status: .returned))
                try back.insert(d)
                var city = SocialInfo(studioID: id, title: "市级批示的信息", date: "2026-02-01", channel: "市政协信息处", status: .adopted,
                                      adoptedBy: "市政协", adoptedOn: "2026-02-10", instructionBy: "副市长", instructionLevel: "市级",
                                      instructionOn: "2026-02-20", review: Review(status: .approved))
                try city.insert(d)
                var unnamed = SocialInfo(studioID: id, title: "未填层级的批示", date: "2026-03-01", instructionBy: "某领导", instructionOn: "2026-03-09")
                try unnamed.insert(d)
                try d.execute(sql: "INSERT OR REPLACE INTO yearDoc (studioID, year, kind, date, text) VALUES (?, 2026, 'summary', '2026-11-01', ?)",
                              arguments: [id, " \t\u{3000}"])
            }
        }
        return db
    }

    /// A small bench office: every shipped profile's studios, verdicts and per-member 值班 minimums among them.
    func bench() throws -> AppDatabase {
        let p = try profiles()
        let db = try DemoTemplate.open(path: tmp.path, profiles: p)
        try db.loadBenchmarkData(scale: BenchmarkScale(studios: 30, members: 320, records: 4000, years: 2), year: 2026, profiles: p)
        return db
    }

    static func withoutEvidence(_ sheet: ScoreSheet) -> ScoreSheet {
        var s = sheet
        for i in s.items.indices { s.items[i].basis = [] }
        for i in s.bonus.indices { s.bonus[i].basis = [] }
        return s
    }

    /// Every studio's counts from SQL equal the counts of its records; every sheet of the year equals the one scored
    /// from its records (points, totals, verdicts and remedies without evidence; everything with it).
    func checkScorecards(_ db: AppDatabase, year: Int, today: String) throws {
        let studios = try db.studios()
        let counted = try db.scoreCountsByStudio(year: year)
        let records = try db.read { try AppDatabase.records($0, year: year, studioIDs: Set(studios.map { $0.id! })) }
        for s in studios {
            let fromRecords = ScoreCounts(facts: try #require(records[s.id!]))
            #expect(counted[s.id!] ?? ScoreCounts(year: year) == fromRecords, "\(s.name) \(year)")
        }
        let results = try db.yearResults(year: year, profiles: profiles(), today: today)
        #expect(!results.isEmpty)
        let shown = try db.withEvidence(results)
        #expect(shown.map(\.0.id) == results.map(\.0.id))
        for ((s, a), (_, e)) in zip(results, shown) {
            if a.isLocked {
                #expect(e == a, "\(s.name): a 审定 sheet keeps what it stored")
                continue
            }
            var expected = a
            expected.sheet = Scoring.score(profile: a.profile, facts: try db.assessmentFacts(studio: s, profile: a.profile, year: year, today: today),
                                           panel: a.panel)
            expected = expected.shown(on: today)
            #expect(Self.withoutEvidence(a.sheet) == Self.withoutEvidence(expected.sheet), "\(s.name) \(year)")
            #expect(e == expected, "\(s.name) \(year)")
        }
    }

    /// Each studio's compliance facts record by record, as they were read before the counts.
    func factsByRecord(_ db: AppDatabase, year: Int, batch: [Int64: LedgerFacts]) throws -> [Int64: LedgerFacts] {
        try db.read { d in
            let range: StatementArguments = ["\(year)-01-01", "\(year)-12-31"]
            var members: [Int64: [Int64]] = [:]
            for r in try Row.fetchAll(d, sql: "SELECT recordID, memberID FROM ledgerMember WHERE kind = 'activity'") { members[r[0], default: []].append(r[1]) }
            let activities = try Activity.fetchAll(d, sql: "SELECT * FROM activity WHERE date BETWEEN ? AND ?", arguments: range)
            let proposals = try Proposal.fetchAll(d, sql: "SELECT * FROM proposal WHERE date BETWEEN ? AND ?", arguments: range)
            let infos = try SocialInfo.fetchAll(d, sql: "SELECT * FROM socialInfo WHERE date BETWEEN ? AND ?", arguments: range)
            return Dictionary(uniqueKeysWithValues: batch.map { id, f in
                (id, LedgerFacts(activities: activities.filter { $0.studioID == id }.map { ($0, members[$0.id!] ?? []) },
                                 proposals: proposals.filter { $0.studioID == id }, sqmy: infos.filter { $0.studioID == id },
                                 team: f.team, term: f.term))
            })
        }
    }

    /// Every studio judged by every shipped profile, on days through the year and after it: the lines from the counts
    /// (the office's batch and one studio's) are those from the records.
    func checkCompliance(_ db: AppDatabase, year: Int) throws {
        let batch = try db.ledgerFactsByStudio(year: year)
        let byRecord = try factsByRecord(db, year: year, batch: batch)
        let ps = try profiles()
        #expect(ps.contains { $0.minimums.contains { $0.scope == "member" } })
        var lines = 0
        for s in try db.studios() {
            let counted = try #require(batch[s.id!])
            let one = try db.ledgerFacts(studioID: s.id!, year: year)
            let records = try #require(byRecord[s.id!])
            for p in ps {
                for today in ["\(year)-03-31", "\(year)-08-15", "\(year)-11-18", "\(year + 1)-01-05"] {
                    let expected = Compliance.evaluate(profile: p, year: year, facts: records, today: today)
                    #expect(Compliance.evaluate(profile: p, year: year, facts: counted, today: today) == expected, "\(s.name) \(p.id) \(today)")
                    #expect(Compliance.evaluate(profile: p, year: year, facts: one, today: today) == expected, "\(s.name) \(p.id) \(today)")
                    lines += expected.count
                }
            }
        }
        #expect(lines > 0)
    }

    @Test func theDemosScorecardsFromCountsAreTheScorecardsFromRecords() throws {
        let db = try demo()
        try checkScorecards(db, year: 2026, today: "2026-11-18")
        // After the year: remedies are no longer listed, from counts or records alike.
        try checkScorecards(db, year: 2026, today: "2027-01-10")
        try checkScorecards(db, year: 2025, today: "2026-11-18")
    }

    @Test func aBenchOfficesScorecardsFromCountsAreTheScorecardsFromRecords() throws {
        let db = try bench()
        try checkScorecards(db, year: 2026, today: "2026-11-18")
        try checkScorecards(db, year: 2025, today: "2026-11-18")
    }

    @Test func theDemosComplianceFromCountsIsComplianceFromRecords() throws {
        try checkCompliance(try demo(), year: 2026)
    }

    @Test func aBenchOfficesComplianceFromCountsIsComplianceFromRecords() throws {
        try checkCompliance(try bench(), year: 2026)
    }

    /// The year's list holds counts: a sheet computed there names no records until it is given its evidence, and a
    /// year-end batch files sheets with their evidence, as a stored result always kept it.
    @Test func evidenceIsReadForTheSheetsThatShowIt() throws {
        let db = try demo()
        let p = try profiles()
        let results = try db.yearResults(year: 2026, profiles: p, today: "2026-11-18")
        let records = { (a: Assessment) in (a.sheet.items + a.sheet.bonus).flatMap(\.basis).filter { ["activity", "proposal", "sqmy", "yearDoc"].contains($0.kind) } }
        let scorecards = results.filter { !$0.1.isLocked && $0.1.sheet.method == "scorecard" && $0.1.sheet.isJudged }
        #expect(!scorecards.isEmpty)
        #expect(scorecards.allSatisfy { records($0.1).isEmpty })
        #expect(try db.withEvidence(scorecards).contains { !records($0.1).isEmpty })
        let saved = try db.runYearEnd(year: 2026, profiles: p, today: "2026-11-18")
        for (s, a) in saved where !a.isLocked && a.sheet.method == "scorecard" && a.sheet.isJudged {
            let stored = try #require(try db.storedAssessment(studioID: s.id!, year: 2026))
            #expect(!records(stored).isEmpty, "\(s.name)")
            #expect(stored.sheet == a.sheet)
        }
    }
}
