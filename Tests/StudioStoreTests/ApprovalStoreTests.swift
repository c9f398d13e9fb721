import Foundation
import Testing
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import TestSupport

@Suite struct ApprovalStoreTests {
    let tmp = TempDatabase()

    func draftStudio(_ db: AppDatabase) throws -> Studio {
        try #require(try db.studios().first { $0.status == .draft })
    }

    @Test func migrationAddsApprovalTables() throws {
        let db = try tmp.open()
        #expect(try db.appliedMigrations().contains("v3-approvals-status-history"))
    }

    @Test func statusChangeWritesHistoryAndRecordTogether() throws {
        let db = try DemoTemplate.open(path: tmp.path)
        let s = try draftStudio(db)
        try db.changeStatus(studioID: s.id!, expected: .draft, to: .inApproval, date: "2026-11-20", reason: "提交审批（第 1 轮）")
        let record = ApprovalRecord(studioID: s.id!, round: 1, stepID: "committee_review", stepName: "专委会审核",
                                    decision: .returnForRevision, opinion: "团队不足5人", signer: "李主任", date: "2026-11-21")
        try db.changeStatus(studioID: s.id!, expected: .inApproval, to: .draft, date: "2026-11-21", reason: "退回修改", record: record)
        #expect(try db.studio(id: s.id!)?.status == .draft)
        let records = try db.approvalRecords(studioID: s.id!)
        #expect(records.map(\.opinion) == ["团队不足5人"])
        #expect(records.first?.id != nil)
        let history = try db.statusHistory(studioID: s.id!)
        #expect(history.map(\.toStatus) == [.inApproval, .draft])
        #expect(history.map(\.date) == ["2026-11-20", "2026-11-21"])
        #expect(try db.approvalRecords(studioIDs: [s.id!])[s.id!]?.count == 1)
    }

    @Test func staleStatusIsRefusedAndNothingIsWritten() throws {
        let db = try DemoTemplate.open(path: tmp.path)
        let s = try draftStudio(db)
        // Another clerk already submitted it: this clerk's view (draft) is stale.
        try db.changeStatus(studioID: s.id!, expected: .draft, to: .inApproval, date: "2026-11-20", reason: "提交")
        let record = ApprovalRecord(studioID: s.id!, round: 1, stepID: "x", stepName: "x", decision: .approve,
                                    opinion: "", signer: "王", date: "2026-11-21")
        #expect(throws: StoreError.self) {
            try db.changeStatus(studioID: s.id!, expected: .draft, to: .inApproval, date: "2026-11-21", reason: "again", record: record)
        }
        #expect(try db.approvalRecords(studioID: s.id!).isEmpty)
        #expect(try db.statusHistory(studioID: s.id!).count == 1)
    }
}
