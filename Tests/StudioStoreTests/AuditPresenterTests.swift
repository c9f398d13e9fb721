import Foundation
import GRDB
import Testing
@testable import StudioCore
@testable import StudioDemo
@testable import StudioStore
import StudioResources
import TestSupport

/// 修改记录 in the clerk's words: the demo district's own rows changed as a clerk changes them, each logged line
/// shown with the titles of its form, values as the screens show them, names for ids, and JSON columns unpacked.
@Suite struct AuditPresenterTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-presenter-\(UUID().uuidString)")

    func demo() throws -> AppDatabase {
        try DemoTemplate.open(path: dir.appendingPathComponent("d.sqlite").path,
                              profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())), user: "王芳")
    }

    func last(_ db: AppDatabase, _ table: String) throws -> AuditEntry { try #require(try db.auditEntries(AuditFilter(table: table), limit: 1).first, "\(table)") }

    func sql(_ db: AppDatabase, _ text: String) throws { try db.writer.write { try $0.execute(sql: text) } }

    func running(_ db: AppDatabase) throws -> Studio { try #require(try db.studios().first { $0.name == "明湖区湖滨街道委员工作室" }) }

    @Test func aMemberChangeShowsOnlyTheChangedFieldByItsFormTitle() throws {
        let db = try demo()
        var m = try #require(try db.members(matching: SearchQuery("")).first)
        let before = m.phone
        m.phone = "13900000000"
        _ = try db.saveMember(m)
        let p = try db.auditPresenter()
        let e = try last(db, "member")
        #expect(p.fields(e) == [AuditPresenter.Field(title: "联系电话", old: before, new: "13900000000")])
        #expect(p.changeText(e) == "联系电话：\(before) → 13900000000")
        #expect(p.detailLines(e) == ["联系电话：\(before) → 13900000000"])
        #expect(p.recordLabel(e) == m.name)
    }

    @Test func aStudioShowsStatusTypeAndRuleInChinese() throws {
        let db = try demo()
        let s = try running(db)
        try sql(db, "UPDATE studio SET status = 'warned', sector = '新界别' WHERE id = \(s.id!)")
        let profiles = ["binjiang-2020": "滨江 2020"]
        let e = try last(db, "studio")
        let text = try db.auditPresenter(profileNames: profiles).changeText(e)
        #expect(text.contains("状态：\(s.status.title) → 警示") && text.contains("界别/区域：\(s.sector) → 新界别"), "\(text)")
        #expect(!text.contains("warned") && !text.contains("pinyin"), "\(text)")
    }

    @Test func anActivityAndItsReviewInTheLedgerFormsWords() throws {
        let db = try demo()
        let s = try running(db)
        let member = try #require(try db.team(studioID: s.id!).first { $0.membership.leftOn == nil }?.member)
        let a = try db.saveActivity(Activity(studioID: s.id!, date: "2026-11-12", category: "visit", categoryName: "走访调研", title: "冬季走访",
                                             citizensReached: 20), memberIDs: [member.id!])
        let p = try db.auditPresenter()
        let insert = try last(db, "activity")
        let fields = Dictionary(p.fields(insert).map { ($0.title, $0.new) }, uniquingKeysWith: { a, _ in a })
        #expect(fields["工作室"] == s.name && fields["活动日期"] == "2026-11-12" && fields["活动类别"] == "走访调研" && fields["活动名称"] == "冬季走访")
        #expect(fields["服务群众人数"] == "20" && fields["线上/线下"] == "线下" && fields["审核状态"] == "待审核")
        #expect(fields["studioID"] == nil && fields["review"] == nil && fields["审核"] == nil, "\(fields)")
        let participant = try last(db, "ledgerMember")
        #expect(p.recordLabel(participant) == "活动 #\(a.id!) \(member.name)")
        #expect(p.fields(participant).contains(AuditPresenter.Field(title: "参加委员", old: "", new: member.name)))

        try db.setReview(kind: .activity, id: a.id!, Review(status: .approved, reviewer: "陈立军", reviewedOn: "2026-11-13"))
        let review = try last(db, "activity")
        #expect(p.detailLines(review) == ["审核状态：待审核 → 已审核", "审核人：（空） → 陈立军", "审核日期：（空） → 2026-11-13"])
        #expect(!p.changeText(review).contains("{"), "\(p.changeText(review))")
        // A review changed with SQL's json functions (by another program) is logged as an object, not text: unpacked the same.
        try sql(db, "UPDATE activity SET review = json_set(review, '$.status', 'returned', '$.comment', '缺照片') WHERE id = \(a.id!)")
        #expect(p.changeText(try last(db, "activity")) == "审核状态：已审核 → 退回；审核意见： → 缺照片")
    }

    @Test func proposalsSocialInfoAndCitizenItemsShowTheirListsInChinese() throws {
        let db = try demo()
        let s = try running(db)
        try sql(db, "UPDATE proposal SET status = 'filed', decidedOn = '2026-11-20' WHERE id = (SELECT MIN(id) FROM proposal WHERE studioID = \(s.id!) AND status = 'submitted')")
        try sql(db, "UPDATE socialInfo SET status = 'adopted', adoptedBy = '区委办' WHERE id = (SELECT MIN(id) FROM socialInfo WHERE status = 'submitted')")
        try sql(db, """
            UPDATE citizenItem SET triage = CASE triage WHEN 'consultation' THEN 'petition' ELSE 'consultation' END,
              channel = CASE channel WHEN 'letter' THEN 'visit' ELSE 'letter' END WHERE id = (SELECT MIN(id) FROM citizenItem)
            """)
        let p = try db.auditPresenter()
        let proposal = p.changeText(try last(db, "proposal"))
        #expect(proposal.contains("办理状态：已提交 → 已立案") && proposal.contains("立案日期： → 2026-11-20"), "\(proposal)")
        let sqmy = p.changeText(try last(db, "socialInfo"))
        #expect(sqmy.contains("状态：已报送 → 已采用") && sqmy.contains("采用单位： → 区委办"), "\(sqmy)")
        let intake = p.changeText(try last(db, "citizenItem"))
        #expect(intake.contains("分类：") && intake.contains("收集渠道：") && !intake.contains("consultation") && !intake.contains("letter"), "\(intake)")
    }

    @Test func anAssessmentBodyIsUnpackedIntoItsFields() throws {
        let db = try demo()
        let id = try #require(try db.read { try Int64.fetchOne($0, sql: "SELECT MIN(id) FROM assessment") })
        let body = try #require(try db.read { try String.fetchOne($0, sql: "SELECT body FROM assessment WHERE id = ?", arguments: [id]) })
        var object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let from = try #require(AssessmentStage(rawValue: object["stage"] as? String ?? ""))
        let to: AssessmentStage = from == .panel ? .selfAssessment : .panel
        object["highlights"] = "社区议事厅常态运行"
        object["stage"] = to.rawValue
        let changed = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        try db.writer.write { try $0.execute(sql: "UPDATE assessment SET body = ?, stage = ? WHERE id = ?", arguments: [changed, to.rawValue, id]) }
        let p = try db.auditPresenter()
        let lines = p.detailLines(try last(db, "assessment"))
        #expect(lines.contains("阶段：\(from.title) → \(to.title)"), "\(lines)")
        #expect( lines.contains { $0.hasPrefix("成绩和特色亮点：") && $0.hasSuffix("→ 社区议事厅常态运行") }, "\(lines)")
        #expect(!lines.joined().contains("{") && !lines.joined().contains(from.rawValue) && !lines.joined().contains("body"), "\(lines)")
        // The stage is a column of its own: shown once.
        #expect(lines.filter { $0.hasPrefix("阶段：") }.count == 1)
        #expect(p.recordLabel(try last(db, "assessment")).hasSuffix(" 年"))
    }

    @Test func dutyApprovalInspectionAndTeamRowsUseNamesAndTitles() throws {
        let db = try demo()
        try sql(db, "UPDATE dutyAssignment SET attendance = 'absent' WHERE rowid = (SELECT MIN(rowid) FROM dutyAssignment WHERE attendance = 'planned')")
        try sql(db, "UPDATE inspection SET onSite = 1 - onSite WHERE id = (SELECT MIN(id) FROM inspection)")
        try sql(db, "INSERT INTO approvalRecord(studioID, round, stepID, stepName, decision, opinion, signer, date) SELECT MIN(id), 1, 'sector', '界别审核', 'approve', '同意', '李明', '2026-11-01' FROM studio")
        let approval = try last(db, "approvalRecord")
        let p0 = try db.auditPresenter()
        #expect(p0.changeText(approval).hasPrefix("工作室：") && p0.changeText(approval).contains("审批环节：界别审核；审批结果：同意；意见：同意"), "\(p0.changeText(approval))")
        try sql(db, "UPDATE approvalRecord SET decision = 'returnForRevision' WHERE id = (SELECT MAX(id) FROM approvalRecord)")
        try sql(db, "UPDATE studioMembership SET role = 'resident' WHERE id = (SELECT MIN(id) FROM studioMembership WHERE role = 'participant')")
        let p = try db.auditPresenter()
        let duty = try last(db, "dutyAssignment")
        #expect(p.changeText(duty) == "到岗：待值班 → 缺席")
        let memberID = try #require(Int64(duty.newValues["memberID"] ?? ""))
        #expect(p.recordLabel(duty) == p.memberNames[memberID])
        #expect(p.changeText(try last(db, "inspection")).hasPrefix("现场检查："))
        #expect(p.changeText(try last(db, "approvalRecord")) == "审批结果：同意 → 退回修改")
        #expect(p.changeText(try last(db, "studioMembership")) == "角色：参与委员 → 驻室委员")
    }

    @Test func aDeletedRowListsWhatItHeldAndARestoreItsNote() throws {
        let db = try demo()
        let m = try db.saveMember(Member(name: "临时委员", sector: "经济界", phone: "13900000001"))
        try db.deleteMember(id: m.id!)
        let p = try db.auditPresenter()
        let e = try last(db, "member")
        #expect(e.action == .delete)
        #expect(p.changeText(e) == "姓名：临时委员；界别：经济界；联系电话：13900000001")
        #expect(p.recordLabel(e) == "临时委员")
        let restore = AuditEntry(id: 0, at: "", user: "", table: "*", recordID: 0, action: .restore, studioID: nil, oldValues: [:], newValues: ["说明": "从备份 a 恢复"])
        #expect(p.changeText(restore) == "从备份 a 恢复")
    }
}
