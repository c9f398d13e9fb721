import Foundation
import GRDB
import Testing
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import StudioResources
import TestSupport

/// The year-end numbers an office signs (issue 18), tried as an office's year goes: a studio plaqued after the
/// year was locked, a member removed as 误选, a 退回 record, a locked year that must not move.
@Suite struct YearEndTrustTests {
    let tmp = TempDatabase()

    func profiles() throws -> [RuleProfile] {
        try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
    }

    func demo() throws -> AppDatabase {
        try DemoTemplate.open(path: tmp.path, profiles: profiles())
    }

    /// A new 滨江 studio walked to 授牌 on `date`.
    func plaque(_ db: AppDatabase, _ name: String, on date: String, profileID: String = "binjiang-2020") throws -> Studio {
        let s = try db.createStudio(Studio(name: name, type: .region, profileID: profileID))
        try db.changeStatus(studioID: s.id!, expected: .draft, to: .inApproval, date: "2026-10-01", reason: "提交审批")
        try db.changeStatus(studioID: s.id!, expected: .inApproval, to: .plaqued, date: date, reason: "授牌")
        return try #require(try db.studio(id: s.id!))
    }

    /// The year as every reader gets it: the list, the summary and the JSON of each sheet.
    func snapshot(_ db: AppDatabase, _ year: Int, today: String = "2026-12-06") throws -> String {
        let results = try db.yearResults(year: year, profiles: profiles(), today: today)
        let summary = try db.yearSummary(year: year, results: results)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let sheets = try results.map { String(decoding: try encoder.encode(LockedYear.Entry(studio: $0.0, assessment: $0.1)), as: UTF8.self) }
        return String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n" + sheets.joined(separator: "\n")
    }

    @Test func theDemosYear2025IsLockedWhenItsLastResultIsApproved() throws {
        let db = try demo()
        let locked = try #require(try db.lockedYear(2025))
        #expect(locked.lockedOn == DemoAssessments.approvedOn)
        #expect(locked.summary.lines.allSatisfy { $0.stage == .approved || $0.group == .notJudged })
        #expect(try db.lockedYear(2026) == nil)
    }

    @Test func aStudioPlaquedTodayIsNeitherInLastYearNorFailingThisYear() throws {
        let db = try demo()
        let before = try snapshot(db, 2025)
        let count2025 = try db.yearResults(year: 2025, profiles: profiles(), today: "2026-12-06").count
        let s = try plaque(db, "江南新区委员工作室", on: "2026-12-06")
        // 2025 is as it was: not one more studio, not one byte of difference.
        #expect(try db.yearResults(year: 2025, profiles: profiles(), today: "2026-12-06").count == count2025)
        #expect(try snapshot(db, 2025) == before)
        // 2026: listed, neither passed nor failed, unranked, no remedies.
        let results = try db.yearResults(year: 2026, profiles: profiles(), today: "2026-12-06")
        let mine = try #require(results.first { $0.0.id == s.id })
        #expect(mine.1.sheet.verdictText == "本年不参评（12月6日授牌）")
        #expect(mine.1.sheet.waysToClose.isEmpty)
        let line = try #require(try db.yearSummary(year: 2026, results: results).lines.first { $0.studioID == s.id })
        #expect(line.rank == nil && line.group == .notJudged && !line.passed)
        // Its compliance: nothing owed for the quarter it was plaqued in, nor for the year.
        let facts = try db.ledgerFacts(studioID: s.id!, year: 2026)
        let binjiang = try #require(try profiles().first { $0.id == "binjiang-2020" })
        #expect(Compliance.evaluate(profile: binjiang, year: 2026, facts: facts, today: "2026-12-06").isEmpty)
        // The year-end batch files nothing for it, and it cannot be pushed into the process.
        _ = try db.runYearEnd(year: 2026, profiles: profiles(), today: "2026-12-31")
        #expect(try db.storedAssessment(studioID: s.id!, year: 2026) == nil)
        #expect(throws: StoreError.self) { try db.advanceAssessment(mine.1, on: "2026-12-06", profiles: profiles()) }
    }

    @Test func aLockedYearDoesNotMoveWhenRecordsStudiosOrTablesChange() throws {
        let db = try demo()
        let before = try snapshot(db, 2025)
        let studio = try #require(try db.yearResults(year: 2025, profiles: profiles(), today: "2026-12-06").first { $0.1.sheet.method == "scorecard" }?.0)
        try db.write(.editRecords) { d in
            // An edited record, a deleted one, a renamed studio, a changed table, a member gone from the team.
            try d.execute(sql: "UPDATE activity SET title = '改过的标题' WHERE studioID = ? AND date LIKE '2025-%'", arguments: [studio.id])
            try d.execute(sql: "DELETE FROM proposal WHERE date LIKE '2025-%'")
            try d.execute(sql: "UPDATE studio SET name = name || '（更名）'")
            try d.execute(sql: "UPDATE studioMembership SET leftOn = '2025-02-01' WHERE studioID = ?", arguments: [studio.id])
        }
        let binjiang = try #require(try profiles().first { $0.id == "binjiang-2020" })
        var card = try #require(binjiang.scorecard)
        card.passMark = 60
        try db.saveOfficeScorecard(card, for: binjiang, today: "2026-12-06")
        _ = try plaque(db, "江北新区委员工作室", on: "2025-03-01")  // even one plaqued back in 2025
        #expect(try snapshot(db, 2025) == before)
        #expect(try db.runYearEnd(year: 2025, profiles: profiles(), today: "2026-12-06").count
                == db.lockedYear(2025)!.entries.count)
        #expect(try snapshot(db, 2025) == before)
    }

    @Test func reopeningReleasesTheYearAndTheLastApprovalLocksItAgain() throws {
        let db = try demo()
        let locked = try #require(try db.lockedYear(2025))
        let entry = try #require(locked.entries.first { $0.assessment.sheet.isJudged })
        // The demo office confirmed every 2025 consequence; this one is taken back to before that.
        try db.write(.editRecords) { d in try d.execute(sql: "UPDATE consequenceTask SET confirmedOn = NULL WHERE assessmentID = ?", arguments: [entry.assessment.id]) }
        _ = try db.reopenAssessment(id: entry.assessment.id!, reason: "评估小组复核场所", on: "2026-12-06")
        #expect(try db.lockedYear(2025) == nil)
        var a = try #require(try db.storedAssessment(id: entry.assessment.id!))
        a = try db.saveAssessment(a, today: "2026-12-06")
        a = try db.advanceAssessment(a, on: "2026-12-07", profiles: profiles())
        #expect(a.isLocked)
        #expect(try db.lockedYear(2025)?.lockedOn == "2026-12-07")
    }

    @Test func aMemberRemovedAsAWrongPickIsNeverShort() throws {
        let db = try tmp.open()
        let ps = try profiles()
        let shaanxi = try #require(ps.first { $0.id == "shaanxi-2023" })
        var ids: [Int64] = []
        for (i, name) in ["甲一", "乙二", "丙三", "丁四", "戊五", "己六", "庚七", "辛八"].enumerated() {
            ids.append(try db.saveMember(Member(name: name, phone: String(format: "1390000%04d", i))).id!)
        }
        let s = try db.createStudio(Studio(name: "测试界别委员工作室", type: .sector, profileID: shaanxi.id))
        for id in ids { try db.addTeamMember(studioID: s.id!, memberID: id, role: .resident, joinedOn: "2025-12-01") }
        // Three picked by mistake in the draft: taken off outright, no history.
        #expect(try db.isUnsubmittedDraft(studioID: s.id!))
        for id in ids.suffix(3) { try db.removeDraftPick(studioID: s.id!, memberID: id) }
        #expect(try db.team(studioID: s.id!).count == 5)
        try db.changeStatus(studioID: s.id!, expected: .draft, to: .inApproval, date: "2025-12-10", reason: "提交审批")
        try db.changeStatus(studioID: s.id!, expected: .inApproval, to: .plaqued, date: "2025-12-20", reason: "授牌")
        // After submission a removal is a departure with a date: this one left in Q2.
        #expect(throws: StoreError.self) { try db.removeDraftPick(studioID: s.id!, memberID: ids[4]) }
        try db.memberLeaves(studioID: s.id!, memberID: ids[4], on: "2026-05-06", reason: "工作调整")
        let facts = try db.ledgerFacts(studioID: s.id!, year: 2026)
        let duty = try #require(DutyRule.minimum(of: shaanxi))
        let q1 = Compliance.evaluate(duty, period: Period(.quarter, year: 2026, index: 1), facts: facts, today: "2026-12-06")
        #expect(q1.doneText == "0/5 人完成")
        let q2 = Compliance.evaluate(duty, period: Period(.quarter, year: 2026, index: 2), facts: facts, today: "2026-12-06")
        #expect(q2.doneText == "0/4 人完成")  // the one who left in May is not short for Q2
        #expect(!q2.members.contains { $0.memberID == ids[4] })
    }

    @Test func aReturnedDutyRecordCountsInNeitherComplianceNorTheScorecard() throws {
        let db = try demo()
        let ps = try profiles()
        let all = try db.ledgerFactsByStudio(year: 2026)
        // Take any studio's first counted record, return it, and both readers lose it together.
        let (id, facts) = try #require(all.first { !$0.value.done.isEmpty })
        let before = facts.done.count
        let record = try #require(try db.read { d in try Int64.fetchOne(d, sql: "SELECT id FROM activity WHERE studioID = ? AND date LIKE '2026-%' LIMIT 1", arguments: [id]) })
        try db.write(.editRecords) { d in try d.execute(sql: "UPDATE activity SET review = json_set(review, '$.status', 'returned') WHERE id = ?", arguments: [record]) }
        #expect(try db.ledgerFacts(studioID: id, year: 2026).done.count == before - 1)
        #expect(try db.ledgerFactsByStudio(year: 2026)[id]?.done.count == before - 1)
        let s = try #require(try db.studio(id: id))
        let p = try #require(ps.first { $0.id == s.profileID })
        let sheet = try db.assessment(studio: s, profile: p, year: 2026, today: "2026-12-06").sheet
        #expect(!(sheet.items + sheet.bonus).flatMap(\.basis).contains { $0.kind == "activity" && $0.id == record })
    }
}
