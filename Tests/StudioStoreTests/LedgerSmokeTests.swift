import Foundation
import Testing
@testable import StudioCore
@testable import StudioStore

@Suite struct LedgerSmokeTests {
    @Test func activityRoundTripsWithMembersAndReview() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-smoke-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try AppDatabase.open(path: dir.appendingPathComponent("t.sqlite").path)
        try db.loadDemo(DemoDataSet.make())
        let studio = try #require(try db.studios().first { $0.name == "医药卫生界委员工作室" })
        let team = try db.team(studioID: studio.id!)
        let a = try db.saveActivity(Activity(studioID: studio.id!, date: "2026-03-05", category: "reading", categoryName: "读书交流",
                                             mode: .online, title: "读书会"), memberIDs: [team[0].member.id!, team[1].member.id!])
        try db.setReview(kind: .activity, id: a.id!, Review(status: .approved, reviewer: "周海燕", reviewedOn: "2026-03-06"))
        let entries = try db.ledgerEntries(studioID: studio.id!, year: 2026)
        #expect(entries.count == 1)
        #expect(entries[0].memberIDs.count == 2)
        #expect(entries[0].review.status == .approved)
        let facts = try db.ledgerFacts(studioID: studio.id!, year: 2026)
        #expect(facts.done.count == 1)
        #expect(try db.ledgerEntries(memberID: team[0].member.id!).count == 1)
        #expect(try db.isDuplicate(kind: .activity, studioID: studio.id!, date: "2026-03-05", title: "读书会", excluding: nil))
    }
}
