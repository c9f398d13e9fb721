import Foundation
import Testing
@testable import StudioCore
@testable import StudioDemo
@testable import StudioStore
import TestSupport

/// Several marked records reviewed with one decision: one transaction (all or none), one audit line each under
/// the session's user.
@Suite struct BatchReviewTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-batch-\(UUID().uuidString)")

    func open(user: String) throws -> AppDatabase {
        try DemoTemplate.open(path: dir.appendingPathComponent("b.sqlite").path, user: user)
    }

    @Test func markedRecordsAreReviewedInOneTransactionWithAnAuditLineEach() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try open(user: "李联络")
        let studio = try #require(try db.studios().first { $0.status == .plaqued })
        var ids: [Int64] = []
        for day in 1...3 {
            let a = try db.saveActivity(Activity(studioID: studio.id!, date: "2026-03-0\(day)", category: "visit", categoryName: "走访调研",
                                                 title: "走访 \(day)"), memberIDs: [])
            ids.append(a.id!)
        }
        let p = try db.saveProposal(Proposal(studioID: studio.id!, title: "关于加装电梯的建议", date: "2026-03-04", kind: .collective), memberIDs: [])
        let before = try db.auditCount()
        let review = Review(status: .returned, reviewer: db.user, reviewedOn: "2026-03-10", comment: "缺少签到表")

        // One record deleted meanwhile: nothing is reviewed.
        #expect(throws: StoreError.self) {
            try db.setReviews(ids.map { (LedgerKind.activity, $0) } + [(.activity, 999_999)], review)
        }
        #expect(try ids.allSatisfy { try db.activity(id: $0)?.review.status == .pending })
        #expect(try db.auditCount() == before)

        try db.setReviews(ids.map { (LedgerKind.activity, $0) } + [(.proposal, p.id!)], review)
        for id in ids {
            let r = try #require(try db.activity(id: id)).review
            #expect(r.status == .returned && r.reviewer == "李联络" && r.comment == "缺少签到表")
        }
        #expect(try db.proposal(id: p.id!)?.review.status == .returned)
        let lines = try db.auditEntries(limit: 4)
        #expect(lines.count == 4 && lines.allSatisfy { $0.action == .update && $0.user == "李联络" && $0.changedColumns == ["review"] })
        #expect(Set(lines.map(\.recordID)) == Set(ids + [p.id!]))
        #expect(try db.auditCount() == before + 4)

        // A 退回 without a comment is refused before anything is written.
        #expect(throws: StoreError.self) {
            try db.setReviews(ids.map { (LedgerKind.activity, $0) }, Review(status: .returned, reviewer: "李联络", reviewedOn: "2026-03-10"))
        }
    }
}
