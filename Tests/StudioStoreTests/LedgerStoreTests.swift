import Foundation
import Testing
import GRDB
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import StudioResources
import TestSupport

/// The 履职台账 store: the four ledgers with participants, conversions of citizens' items,
/// review, the combined views, the compliance facts, and the demo ledger.
@Suite struct LedgerStoreTests {
    let tmp = TempDatabase()

    // MARK: Helpers

    func profiles() throws -> [RuleProfile] {
        try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory(), "Resources/profiles not found"))
    }

    /// A file with the demo district and its demo ledgers.
    func demo() throws -> AppDatabase {
        try DemoTemplate.open(path: tmp.path, profiles: profiles())
    }

    func studio(_ db: AppDatabase, _ name: String = "医药卫生界委员工作室") throws -> Studio {
        try #require(try db.studios().first { $0.name == name }, "demo studio \(name) missing")
    }

    /// Current CPPCC members of a studio's team.
    func members(_ db: AppDatabase, _ s: Studio) throws -> [Member] {
        let team = try db.team(studioID: s.id!).filter { $0.isCurrent && !$0.member.isNonMember }.map(\.member)
        try #require(team.count >= 3, "\(s.name) needs 3 members for these tests")
        return team
    }

    /// Rows of every ledger table and of the participant table.
    func counts(_ db: AppDatabase) throws -> [Int] {
        try db.read { d in
            try ["activity", "proposal", "socialInfo", "citizenItem", "ledgerMember", "yearDoc"].map {
                try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM \($0)") ?? -1
            }
        }
    }

    func item(_ s: Studio, receivedOn: String = "2026-11-02") -> CitizenItem {
        CitizenItem(studioID: s.id!, receivedOn: receivedOn, citizen: "赵大爷", contact: "13905719999", channel: .offlineDuty,
                    content: "小区楼道灯长期不亮，希望维修")
    }

    // MARK: Saving and reading back

    @Test func eachRecordTypeRoundTripsWithParticipants() throws {
        let db = try demo()
        let s = try studio(db)
        let team = try members(db, s)
        let before = try db.ledgerEntries(studioID: s.id!).count

        let a = try db.saveActivity(Activity(studioID: s.id!, date: "2026-11-20", category: "policy", categoryName: "政策宣讲", mode: .online,
                                             title: "  医保政策线上宣讲  ", place: "秦商量平台", guests: "区政协教科卫体委员会副主任",
                                             citizensReached: 120, summary: "答疑15条"),
                                    memberIDs: [team[0].id!, team[1].id!, team[0].id!])
        let readA = try #require(try db.activity(id: a.id!))
        #expect(readA.title == "医保政策线上宣讲")
        #expect(readA.mode == .online && readA.citizensReached == 120 && readA.guests == "区政协教科卫体委员会副主任")
        #expect(readA.review == Review())
        #expect(Set(try db.ledgerMembers(kind: .activity, id: a.id!).map(\.id)) == [team[0].id, team[1].id])

        let p = try db.saveProposal(Proposal(studioID: s.id!, title: "关于完善家庭医生签约服务的提案", date: "2026-11-21", kind: .joint,
                                             status: .filed, decidedOn: "2026-11-25", handlingUnit: "区卫健局"),
                                    memberIDs: [team[2].id!])
        let readP = try #require(try db.proposal(id: p.id!))
        #expect(readP == p)
        #expect(readP.kind == .joint && readP.status == .filed && readP.decidedOn == "2026-11-25")
        #expect(try db.ledgerMembers(kind: .proposal, id: p.id!).map(\.id) == [team[2].id])

        let info = try db.saveSocialInfo(SocialInfo(studioID: s.id!, title: "关于规范社区诊所收费的建议", date: "2026-11-22", channel: "区政协办公室",
                                                    status: .adopted, adoptedBy: "区委办公室", adoptedOn: "2026-11-28",
                                                    instructionBy: "区长", instructionLevel: "区委区政府主要领导", instructionOn: "2026-11-30"),
                                         memberIDs: [team[1].id!])
        let readS = try #require(try db.socialInfo(id: info.id!))
        #expect(readS == info)
        #expect(readS.hasInstruction)
        #expect(try db.ledgerMembers(kind: .sqmy, id: info.id!).map(\.id) == [team[1].id])

        let c = try db.saveCitizenItem(item(s))
        let readC = try #require(try db.citizenItem(id: c.id!))
        #expect(readC == c)
        #expect(readC.channel == .offlineDuty && readC.triage == nil)

        try db.saveYearDoc(YearDoc(studioID: s.id!, year: 2026, kind: .summary, date: "2026-11-28", text: "全年开展活动20次。"))
        try db.saveYearDoc(YearDoc(studioID: s.id!, year: 2026, kind: .summary, date: "2026-11-29", text: "全年开展活动21次。"))
        let docs = try db.yearDocs(studioID: s.id!, year: 2026)
        #expect(docs.filter { $0.kind == .summary }.map(\.text) == ["全年开展活动21次。"])
        #expect(docs.contains { $0.kind == .plan })
        #expect(throws: StoreError.self) { try db.saveYearDoc(YearDoc(studioID: s.id!, year: 2026, kind: .selfAssessment, date: "2026-11-29", text: " \n")) }

        let entries = try db.ledgerEntries(studioID: s.id!)
        #expect(entries.count == before + 4)
        let entryA = try #require(entries.first { $0.kind == .activity && $0.id == a.id })
        #expect(entryA.categoryID == "policy" && entryA.category == "政策宣讲" && entryA.mode == .online)
        #expect(entryA.status == "服务 120 人")
        #expect(Set(entryA.memberIDs) == [team[0].id!, team[1].id!])
        #expect(entries.first { $0.kind == .proposal && $0.id == p.id }?.category == "联名提案")
        #expect(entries.first { $0.kind == .sqmy && $0.id == info.id }?.status == "已采用/领导批示")
        #expect(entries.first { $0.kind == .intake && $0.id == c.id }?.status == "待分类")
    }

    /// An import writes activities through its own statement: the stored row (the review's JSON included) must be
    /// what saving the record writes, and the participants and the audit line must be there too.
    @Test func anImportedActivityIsStoredAsASavedOneIs() throws {
        let db = try demo()
        let s = try studio(db)
        let team = try members(db, s)
        let returned = Review(status: .returned, reviewer: "联络员甲", reviewedOn: "2026-11-22", comment: "缺照片")
        let record = Activity(studioID: s.id!, date: "2026-11-20", category: "policy", categoryName: "政策宣讲", mode: .online,
                              title: "医保政策线上宣讲", place: "秦商量平台", citizensReached: 12, summary: "答疑", review: returned)
        let saved = try db.saveActivity(record, memberIDs: [team[0].id!])
        var other = record
        other.title = "医保政策线上宣讲（二）"
        let plan = try db.importLedger([LedgerImport.Row(row: 2, record: .activity(other), memberIDs: [team[0].id!, team[1].id!])], apply: true)
        #expect(plan.added.count == 1 && plan.problems.isEmpty)
        let rows = try db.read { d in
            try Row.fetchAll(d, sql: "SELECT * FROM activity WHERE title LIKE '医保政策线上宣讲%' ORDER BY id")
        }
        try #require(rows.count == 2)
        let imported = try #require(rows.last?["id"] as Int64?)
        for column in rows[0].columnNames where !["id", "title"].contains(column) {
            #expect(rows[0][column] as DatabaseValue == rows[1][column] as DatabaseValue, "\(column)")
        }
        #expect(try db.activity(id: imported)?.review == returned)
        #expect(try db.activity(id: saved.id!)?.review == returned)
        #expect(Set(try db.ledgerMembers(kind: .activity, id: imported).map(\.id)) == [team[0].id, team[1].id])
        let audited = try db.read { d in
            try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM auditLog WHERE tableName = 'activity' AND recordID = ? AND action = 'insert'", arguments: [imported])
        }
        #expect(audited == 1)
    }

    @Test func validationErrorsThrowAndWriteNothing() throws {
        let db = try demo()
        let s = try studio(db)
        let team = try members(db, s)
        let before = try counts(db)

        func validation(_ body: () throws -> Void) -> [String] {
            do {
                try body()
                return ["no error"]
            } catch StoreError.validation(let issues) {
                return issues.map(\.field)
            } catch {
                return ["\(error)"]
            }
        }
        #expect(validation { try db.saveActivity(Activity(studioID: s.id!, date: "2026-11-20", category: "", categoryName: "", title: " "), memberIDs: []) }
            == ["title", "category"])
        #expect(validation { try db.saveActivity(Activity(studioID: s.id!, date: "2026-11-20", category: "service", categoryName: "便民公益",
                                                          title: "义诊", citizensReached: -1), memberIDs: []) } == ["citizensReached"])
        #expect(validation { try db.saveActivity(Activity(studioID: s.id!, date: "2026-02-30", category: "service", categoryName: "便民公益",
                                                          title: "义诊"), memberIDs: []) } == ["date"])
        #expect(validation { try db.saveProposal(Proposal(studioID: s.id!, title: "提案", date: "2026-11-20", status: .replied), memberIDs: []) }
            == ["decidedOn", "repliedOn"])
        #expect(validation { try db.saveProposal(Proposal(studioID: s.id!, title: "提案", date: "2026/11/20"), memberIDs: []) } == ["date"])
        #expect(validation { try db.saveSocialInfo(SocialInfo(studioID: s.id!, title: "建议", date: "2026-11-20", status: .adopted), memberIDs: []) }
            == ["adoptedBy", "adoptedOn"])
        #expect(validation { try db.saveCitizenItem(CitizenItem(studioID: s.id!, receivedOn: "2026-11-20", citizen: "", content: "x")) } == ["citizen"])
        #expect(validation { try db.saveCitizenItem(CitizenItem(studioID: s.id!, receivedOn: "2026-11-20", citizen: "李", contact: "1390571", content: "x")) }
            == ["contact"])
        // An unknown participant rolls the whole save back.
        #expect(throws: StoreError.notFound("编号为 999999 的委员")) {
            try db.saveActivity(Activity(studioID: s.id!, date: "2026-11-20", category: "service", categoryName: "便民公益", title: "义诊"),
                                memberIDs: [team[0].id!, 999_999])
        }
        #expect(try counts(db) == before)
    }

    @Test func endedStudioRefusesNewRecords() throws {
        let db = try demo()
        let s = try studio(db)
        let team = try members(db, s)
        let existing = try #require(try db.ledgerEntries(studioID: s.id!).first { $0.kind == .activity })
        let open = try #require(try db.citizenItems(studioID: s.id!).first { !$0.isSettled })
        try db.changeStatus(studioID: s.id!, expected: .plaqued, to: .terminated, date: "2026-11-20", reason: "工作室申请终止")
        let before = try counts(db)
        let refusal = StoreError.other("「医药卫生界委员工作室」已终止，记录已归档，只能查看。")
        #expect(throws: refusal) {
            try db.saveActivity(Activity(studioID: s.id!, date: "2026-11-21", category: "service", categoryName: "便民公益", title: "义诊"),
                                memberIDs: [team[0].id!])
        }
        #expect(throws: refusal) { try db.saveProposal(Proposal(studioID: s.id!, title: "提案", date: "2026-11-21"), memberIDs: []) }
        #expect(throws: refusal) { try db.saveSocialInfo(SocialInfo(studioID: s.id!, title: "建议", date: "2026-11-21"), memberIDs: []) }
        #expect(throws: refusal) { try db.saveCitizenItem(item(s)) }
        #expect(throws: refusal) { try db.saveYearDoc(YearDoc(studioID: s.id!, year: 2026, kind: .summary, date: "2026-11-21", text: "总结")) }
        #expect(throws: refusal) { try db.convertToSocialInfo(itemID: open.id!, SocialInfo(studioID: s.id!, title: "建议", date: "2026-11-21"), memberIDs: [], on: "2026-11-21") }
        #expect(throws: refusal) { try db.deleteLedgerRecord(kind: .activity, id: existing.id) }
        #expect(throws: refusal) { try db.setReview(kind: .activity, id: existing.id, Review(status: .approved, reviewer: "周海燕", reviewedOn: "2026-11-21")) }
        #expect(try counts(db) == before)
        #expect(try db.activity(id: existing.id)?.review == existing.review)
        #expect(refusal.description.contains("只能查看"))
        // A studio that is gone altogether.
        #expect(throws: StoreError.notFound("该工作室（可能已被删除）")) {
            try db.saveProposal(Proposal(studioID: 987_654, title: "提案", date: "2026-11-21"), memberIDs: [])
        }
    }

    @Test func updatingKeepsOneRowAndReplacesParticipants() throws {
        let db = try demo()
        let s = try studio(db)
        let team = try members(db, s)
        var a = try db.saveActivity(Activity(studioID: s.id!, date: "2026-11-20", category: "reading", categoryName: "读书交流", title: "读书会"),
                                    memberIDs: [team[0].id!, team[1].id!])
        let before = try counts(db)
        a.title = "《乡土中国》读书会"
        a.mode = .online
        let updated = try db.saveActivity(a, memberIDs: [team[2].id!])
        #expect(updated.id == a.id)
        let after = try counts(db)
        #expect(after[0] == before[0])
        #expect(after[4] == before[4] - 1)
        #expect(try db.activity(id: a.id!)?.title == "《乡土中国》读书会")
        #expect(try db.ledgerMembers(kind: .activity, id: a.id!).map(\.id) == [team[2].id])
        #expect(try db.ledgerEntries(studioID: s.id!).filter { $0.kind == .activity && $0.id == a.id }.count == 1)

        var p = try db.saveProposal(Proposal(studioID: s.id!, title: "关于增设公交站的提案", date: "2026-11-20"), memberIDs: [team[0].id!])
        p.status = .filed
        p.decidedOn = "2026-11-25"
        _ = try db.saveProposal(p, memberIDs: [])
        #expect(try db.proposal(id: p.id!)?.status == .filed)
        #expect(try db.ledgerMembers(kind: .proposal, id: p.id!).isEmpty)
    }

    // MARK: Conversions of citizens' items

    @Test func convertToSocialInfoLinksBothWaysAndDeletingClearsTheLink() throws {
        let db = try demo()
        let s = try studio(db)
        let team = try members(db, s)
        let c = try db.saveCitizenItem(item(s))
        let info = try db.convertToSocialInfo(itemID: c.id!, SocialInfo(studioID: 0, title: "关于老旧小区楼道照明改造的建议", date: "2026-11-10"),
                                              memberIDs: [team[0].id!], on: "2026-11-10")
        let id = try #require(info.id)
        #expect(info.studioID == s.id)
        #expect(try db.socialInfo(id: id)?.sourceIntakeID == c.id)
        let linked = try #require(try db.citizenItem(id: c.id!))
        #expect(linked.linkedKind == .sqmy)
        #expect(linked.linkedID == id)
        #expect(linked.triage == .microSuggestion)
        #expect(linked.handling.contains("关于老旧小区楼道照明改造的建议"))
        #expect(try db.ledgerMembers(kind: .sqmy, id: id).map(\.id) == [team[0].id])

        try db.deleteLedgerRecord(kind: .sqmy, id: id)
        #expect(try db.socialInfo(id: id) == nil)
        #expect(try db.ledgerMembers(kind: .sqmy, id: id).isEmpty)
        let unlinked = try #require(try db.citizenItem(id: c.id!))
        #expect(unlinked.linkedKind == nil && unlinked.linkedID == nil)
        // Deleting a record that is already gone is not an error.
        try db.deleteLedgerRecord(kind: .sqmy, id: id)
    }

    @Test func deletingTheItemClearsTheSocialInfoSource() throws {
        let db = try demo()
        let s = try studio(db)
        let c = try db.saveCitizenItem(item(s))
        let info = try db.convertToSocialInfo(itemID: c.id!, SocialInfo(studioID: s.id!, title: "关于楼道照明的建议", date: "2026-11-10"),
                                              memberIDs: [], on: "2026-11-10")
        try db.deleteLedgerRecord(kind: .intake, id: c.id!)
        #expect(try db.citizenItem(id: c.id!) == nil)
        #expect(try db.socialInfo(id: info.id!)?.sourceIntakeID == nil)
    }

    @Test func failedConversionWritesNothing() throws {
        let db = try demo()
        let s = try studio(db)
        let c = try db.saveCitizenItem(item(s))
        let before = try counts(db)
        #expect(throws: StoreError.self) {
            try db.convertToSocialInfo(itemID: c.id!, SocialInfo(studioID: s.id!, title: "建议", date: "2026-11-10"), memberIDs: [999_999], on: "2026-11-10")
        }
        #expect(throws: StoreError.notFound("这条群众意见")) {
            try db.convertToProposal(itemID: 999_999, Proposal(studioID: s.id!, title: "提案", date: "2026-11-10"), memberIDs: [])
        }
        // The converted records are checked like saved ones.
        #expect(throws: StoreError.self) {
            try db.convertToSocialInfo(itemID: c.id!, SocialInfo(studioID: s.id!, title: "建议", date: "2026-11-31"), memberIDs: [], on: "2026-11-10")
        }
        #expect(throws: StoreError.self) {
            try db.convertToActivity(itemID: c.id!, Activity(studioID: s.id!, date: "2026-11-10", category: "", categoryName: "", title: "微协商"), memberIDs: [])
        }
        #expect(throws: StoreError.self) {
            try db.convertToActivity(itemID: c.id!, Activity(studioID: s.id!, date: "11/10", category: "micro_consult", categoryName: "微协商", title: "微协商"), memberIDs: [])
        }
        #expect(throws: StoreError.self) {
            try db.convertToProposal(itemID: c.id!, Proposal(studioID: s.id!, title: "提案", date: "2026-13-10"), memberIDs: [])
        }
        #expect(try counts(db) == before)
        let unchanged = try #require(try db.citizenItem(id: c.id!))
        #expect(unchanged == c)
    }

    @Test func convertToActivityAndProposalMarkMajor() throws {
        let db = try demo()
        let s = try studio(db)
        let team = try members(db, s)
        let c1 = try db.saveCitizenItem(item(s))
        let a = try db.convertToActivity(itemID: c1.id!, Activity(studioID: 0, date: "2026-11-15", category: "micro_consult", categoryName: "微协商",
                                                                  title: "楼道照明改造微协商"), memberIDs: [team[0].id!, team[1].id!])
        let i1 = try #require(try db.citizenItem(id: c1.id!))
        #expect(i1.triage == .major)
        #expect(i1.linkedKind == .activity && i1.linkedID == a.id)
        #expect(i1.handling == "已转为微协商：楼道照明改造微协商")
        #expect(try db.activity(id: a.id!)?.studioID == s.id)
        #expect(try db.ledgerMembers(kind: .activity, id: a.id!).count == 2)

        let c2 = try db.saveCitizenItem(item(s, receivedOn: "2026-11-03"))
        let p = try db.convertToProposal(itemID: c2.id!, Proposal(studioID: 0, title: "关于老旧小区公共照明改造的提案", date: "2026-11-16", kind: .collective),
                                         memberIDs: team.prefix(3).map { $0.id! })
        let i2 = try #require(try db.citizenItem(id: c2.id!))
        #expect(i2.triage == .major)
        #expect(i2.linkedKind == .proposal && i2.linkedID == p.id)
        #expect(i2.handling.hasPrefix("已转为集体提案"))
        #expect(try db.proposal(id: p.id!)?.studioID == s.id)

        // Deleting the activity clears the link of the item it came from, and only that one.
        try db.deleteLedgerRecord(kind: .activity, id: a.id!)
        #expect(try db.citizenItem(id: c1.id!)?.linkedID == nil)
        #expect(try db.citizenItem(id: c2.id!)?.linkedID == p.id)
    }

    // MARK: Review

    @Test func reviewRules() throws {
        let db = try demo()
        let s = try studio(db)
        let a = try db.saveActivity(Activity(studioID: s.id!, date: "2026-11-20", category: "service", categoryName: "便民公益", title: "义诊"), memberIDs: [])
        #expect(throws: StoreError.validation([FieldIssue(field: "reviewer", message: "请填写审核人")])) {
            try db.setReview(kind: .activity, id: a.id!, Review(status: .approved, reviewer: " "))
        }
        #expect(throws: StoreError.validation([FieldIssue(field: "comment", message: "退回时请写明原因")])) {
            try db.setReview(kind: .activity, id: a.id!, Review(status: .returned, reviewer: "周海燕", comment: ""))
        }
        #expect(try db.activity(id: a.id!)?.review.status == .pending)
        #expect(throws: StoreError.notFound("这条记录（可能已被删除）")) {
            try db.setReview(kind: .proposal, id: 999_999, Review(status: .approved, reviewer: "周海燕"))
        }
        let returned = Review(status: .returned, reviewer: "周海燕", reviewedOn: "2026-11-21", comment: "缺少签到表")
        try db.setReview(kind: .activity, id: a.id!, returned)
        #expect(try db.activity(id: a.id!)?.review == returned)
        let approved = Review(status: .approved, reviewer: "陈立军", reviewedOn: "2026-11-22")
        try db.setReview(kind: .activity, id: a.id!, approved)
        #expect(try db.activity(id: a.id!)?.review == approved)
        let c = try db.saveCitizenItem(item(s))
        try db.setReview(kind: .intake, id: c.id!, approved)
        #expect(try db.citizenItem(id: c.id!)?.review == approved)
        #expect(try db.ledgerEntries(studioID: s.id!).first { $0.kind == .intake && $0.id == c.id }?.review.status == .approved)
    }

    // MARK: Views

    @Test func entriesAreNewestFirstAndFilteredByYear() throws {
        let db = try demo()
        let s = try studio(db)
        // The demo holds 2025 (the finished year) and 2026; one record before and one after them.
        try db.saveActivity(Activity(studioID: s.id!, date: "2024-12-31", category: "reading", categoryName: "读书交流", title: "跨年读书会"), memberIDs: [])
        try db.saveProposal(Proposal(studioID: s.id!, title: "2027年的提案", date: "2027-01-01"), memberIDs: [])
        let all = try db.ledgerEntries(studioID: s.id!)
        #expect(all.count > 10)
        #expect(all.map(\.date) == all.map(\.date).sorted(by: >))
        #expect(all.first?.date == "2027-01-01")
        #expect(all.last?.date == "2024-12-31")
        #expect(Set(all.map(\.kind)) == Set(LedgerKind.allCases))
        #expect(all.allSatisfy { $0.studioID == s.id })
        let y2026 = try db.ledgerEntries(studioID: s.id!, year: 2026)
        let y2025 = try db.ledgerEntries(studioID: s.id!, year: 2025)
        #expect(!y2025.isEmpty && y2026.count + y2025.count == all.count - 2)
        #expect(y2026.allSatisfy { $0.date.hasPrefix("2026-") })
        #expect(y2025.allSatisfy { $0.date.hasPrefix("2025-") })
        #expect(try db.ledgerEntries(studioID: s.id!, year: 2024).map(\.title) == ["跨年读书会"])
    }

    @Test func memberViewSpansStudiosAndLeavesOutIntake() throws {
        let db = try demo()
        let med = try studio(db)
        let other = try studio(db, "明湖区湖滨街道委员工作室")
        let m = try db.saveMember(Member(name: "欧阳明", sector: "无党派人士"))
        let a = try db.saveActivity(Activity(studioID: med.id!, date: "2026-03-05", category: "reading", categoryName: "读书交流", title: "读书会"),
                                    memberIDs: [m.id!])
        let p = try db.saveProposal(Proposal(studioID: other.id!, title: "关于湖滨步道照明的提案", date: "2026-05-05"), memberIDs: [m.id!])
        let i = try db.saveSocialInfo(SocialInfo(studioID: other.id!, title: "关于湖滨停车的建议", date: "2025-05-05"), memberIDs: [m.id!])
        _ = try db.saveCitizenItem(item(med))
        let mine = try db.ledgerEntries(memberID: m.id!)
        #expect(mine.map(\.id) == [p.id!, a.id!, i.id!])
        #expect(mine.map(\.kind) == [.proposal, .activity, .sqmy])
        #expect(Set(mine.map(\.studioID)) == [med.id!, other.id!])
        #expect(!mine.contains { $0.kind == .intake })
        #expect(try db.ledgerEntries(memberID: m.id!, year: 2026).count == 2)
    }

    @Test func duplicatesAndLastActivity() throws {
        let db = try demo()
        let s = try studio(db)
        let other = try studio(db, "明湖区湖滨街道委员工作室")
        let team = try members(db, s)
        let a = try db.saveActivity(Activity(studioID: s.id!, date: "2026-12-05", category: "reading", categoryName: "读书交流", title: "冬日读书会"),
                                    memberIDs: [team[1].id!, team[0].id!])
        #expect(try db.isDuplicate(kind: .activity, studioID: s.id!, date: "2026-12-05", title: " 冬日读书会 ", excluding: nil))
        #expect(try !db.isDuplicate(kind: .activity, studioID: s.id!, date: "2026-12-05", title: "冬日读书会", excluding: a.id))
        #expect(try !db.isDuplicate(kind: .activity, studioID: s.id!, date: "2026-12-06", title: "冬日读书会", excluding: nil))
        #expect(try !db.isDuplicate(kind: .activity, studioID: other.id!, date: "2026-12-05", title: "冬日读书会", excluding: nil))
        #expect(try !db.isDuplicate(kind: .proposal, studioID: s.id!, date: "2026-12-05", title: "冬日读书会", excluding: nil))
        let p = try db.saveProposal(Proposal(studioID: s.id!, title: "关于增设公交站的提案", date: "2026-12-05"), memberIDs: [])
        #expect(try db.isDuplicate(kind: .proposal, studioID: s.id!, date: "2026-12-05", title: "关于增设公交站的提案", excluding: nil))
        #expect(try !db.isDuplicate(kind: .proposal, studioID: s.id!, date: "2026-12-05", title: "关于增设公交站的提案", excluding: p.id))
        let c = try db.saveCitizenItem(item(s))
        #expect(try !db.isDuplicate(kind: .intake, studioID: s.id!, date: c.receivedOn, title: c.content, excluding: nil))

        // The newest entered, even when an older date: "repeat the last record".
        let older = try db.saveActivity(Activity(studioID: s.id!, date: "2026-01-05", category: "service", categoryName: "便民公益", title: "补录义诊"),
                                        memberIDs: [team[2].id!, team[0].id!])
        let last = try #require(try db.lastActivity(studioID: s.id!))
        #expect(last.0.id == older.id)
        #expect(last.0.title == "补录义诊")
        #expect(Set(last.1) == [team[2].id!, team[0].id!])
        let empty = try db.createStudio(Studio(name: "新建委员工作室", type: .sector, status: .draft, profileID: "shaanxi-2023"))
        #expect(try db.lastActivity(studioID: empty.id!) == nil)
    }

    @Test func factsCountOnlyTheYearAndOnlyCPPCCMembers() throws {
        let db = try demo()
        let s = try studio(db)
        let team = try members(db, s)
        try db.addNonMember(Member(name: "刘小梅"), studioID: s.id!, joinedOn: "2026-01-10")
        let nonMember = try #require(try db.team(studioID: s.id!).first { $0.member.name == "刘小梅" })
        #expect(nonMember.member.isNonMember)
        let base2026 = try db.ledgerFacts(studioID: s.id!, year: 2026)
        #expect(try db.ledgerFacts(studioID: s.id!, year: 2024).done.isEmpty)

        try db.saveActivity(Activity(studioID: s.id!, date: "2024-12-31", category: "duty", categoryName: "值班", mode: .online, title: "线上轮值"),
                            memberIDs: [team[0].id!])
        try db.saveProposal(Proposal(studioID: s.id!, title: "关于增设公交站的提案", date: "2027-01-01"), memberIDs: [])
        try db.saveActivity(Activity(studioID: s.id!, date: "2026-12-20", category: "duty", categoryName: "值班", mode: .online, title: "线上轮值"),
                            memberIDs: [team[0].id!, nonMember.member.id!])
        try db.saveCitizenItem(item(s))
        let other = try studio(db, "明湖区湖滨街道委员工作室")
        try db.saveActivity(Activity(studioID: other.id!, date: "2026-12-20", category: "duty", categoryName: "值班", title: "接待群众值班"), memberIDs: [])

        let facts = try db.ledgerFacts(studioID: s.id!, year: 2026)
        #expect(facts.done.count == base2026.done.count + 1)
        #expect(facts.done.allSatisfy { $0.date.hasPrefix("2026-") })
        let duty = try #require(facts.done.first { $0.date == "2026-12-20" })
        #expect(duty.what == "duty" && duty.mode == .online)
        // The facts are the database's counts: who took part is counted per member.
        #expect(Set(facts.memberDone.filter { $0.value.contains { $0.date == "2026-12-20" && $0.what == "duty" } }.keys)
                == [team[0].id!, nonMember.member.id!])
        #expect(!facts.team.contains { $0.id == nonMember.member.id })
        #expect(Set(facts.team.map(\.id)).isSuperset(of: team.map { $0.id! }))
        #expect(try db.ledgerFacts(studioID: s.id!, year: 2024).done.map(\.date) == ["2024-12-31"])
        #expect(try db.ledgerFacts(studioID: s.id!, year: 2027).done.map(\.what) == ["proposal"])
        // Proposals and 社情民意 count with their kinds.
        let kinds = Set(facts.done.map(\.what))
        #expect(kinds.isSuperset(of: ["proposal", "sqmy", "duty"]))
    }

    @Test func memberWhoRejoinedIsShortOnceInTheCompliance() throws {
        let db = try demo()
        let s = try studio(db)
        let m = try db.saveMember(Member(name: "欧阳明", sector: "无党派人士"))
        try db.addTeamMember(studioID: s.id!, memberID: m.id!, role: .resident, joinedOn: "2026-01-05")
        try db.memberLeaves(studioID: s.id!, memberID: m.id!, on: "2026-04-15", reason: "工作调动")
        try db.addTeamMember(studioID: s.id!, memberID: m.id!, role: .resident, joinedOn: "2026-05-20")
        let facts = try db.ledgerFacts(studioID: s.id!, year: 2026)
        #expect(facts.team.filter { $0.id == m.id }.count == 2)
        let duty = try #require(try profiles().first { $0.id == "shaanxi-2023" }?.minimums.first { $0.id == "duty" })
        // Away for part of Q2: not judged for it. On the team all of Q3 (two spells on file): short once.
        let q2 = Compliance.evaluate(duty, period: Period(.quarter, year: 2026, index: 2), facts: facts, today: "2026-11-18")
        #expect(!q2.members.contains { $0.memberID == m.id })
        let line = Compliance.evaluate(duty, period: Period(.quarter, year: 2026, index: 3), facts: facts, today: "2026-11-18")
        #expect(line.members.filter { $0.memberID == m.id }.map(\.short) == [2])
    }

    @Test func memberInARecordCannotBeDeleted() throws {
        let db = try demo()
        let s = try studio(db)
        let m = try db.saveMember(Member(name: "欧阳明", sector: "无党派人士"))
        try db.saveActivity(Activity(studioID: s.id!, date: "2026-03-05", category: "reading", categoryName: "读书交流", title: "读书会"), memberIDs: [m.id!])
        try db.saveSocialInfo(SocialInfo(studioID: s.id!, title: "关于停车的建议", date: "2026-03-06"), memberIDs: [m.id!])
        let error = try #require(throws: StoreError.self) { try db.deleteMember(id: m.id!) }
        #expect(error.description.contains("欧阳明"))
        #expect(error.description.contains("2 条履职记录"))
        #expect(try db.member(id: m.id!) != nil)
        let free = try db.saveMember(Member(name: "司马青", sector: "无党派人士"))
        try db.deleteMember(id: free.id!)
        #expect(try db.member(id: free.id!) == nil)
    }

    // MARK: Demo ledger

    /// The counts the overviews take in SQL agree with the record-by-record rules.
    @Test func sqlCountsAgreeWithTheDomainRules() throws {
        let db = try demo()
        var overdueSeen = 0
        for s in try db.studios() {
            for today in ["2026-10-01", "2026-11-18", "2027-01-10"] {
                let items = try db.citizenItems(studioID: s.id!)
                let expected = items.filter { $0.isOverdue(limitDays: 30, today: today) }.count
                #expect(try db.overdueIntakeCount(studioID: s.id!, limitDays: 30, today: today) == expected, "\(s.name) \(today)")
                overdueSeen += expected
            }
            let pending = try db.ledgerEntries(studioID: s.id!, year: 2026).filter { $0.review.status == .pending }.count
            #expect(try db.pendingReviewCount(studioID: s.id!, year: 2026) == pending, "\(s.name)")
        }
        #expect(overdueSeen > 0)
        #expect(CivilDate.adding(days: -30, to: "2026-03-01") == "2026-01-30")
        #expect(CivilDate.adding(days: 1, to: "2028-02-28") == "2028-02-29")
    }

    @Test func demoLedgerLoadsWithRunningStudiosActive() throws {
        let db = try demo()
        let profiles = try profiles()
        let running = try db.studios().filter { [.plaqued, .warned, .rectifying].contains($0.status) }
        try #require(!running.isEmpty)
        var short: [String] = [], metAll: [String] = []
        for s in running {
            let entries = try db.ledgerEntries(studioID: s.id!, year: 2026)
            #expect(entries.contains { $0.kind == .activity }, "\(s.name) has no activities")
            let profile = try #require(profiles.first { $0.id == s.profileID })
            guard !profile.minimums.isEmpty else { continue }
            let lines = Compliance.evaluate(profile: profile, year: 2026, facts: try db.ledgerFacts(studioID: s.id!, year: 2026), today: "2026-11-18")
            #expect(!lines.isEmpty)
            if lines.allSatisfy({ $0.state == .met }) { metAll.append(s.name) } else { short.append(s.name) }
        }
        #expect(!short.isEmpty)
        #expect(!metAll.isEmpty, "no demo studio meets all its minimums; short: \(short)")
        // Studios that are not running have no ledger.
        for s in try db.studios() where ![.plaqued, .warned, .rectifying].contains(s.status) {
            #expect(try db.ledgerEntries(studioID: s.id!).isEmpty, "\(s.name)")
        }
        let items = try db.citizenItems()
        let limit = try #require(profiles.first { $0.id == "shaanxi-2023" }).intakeLimitDays
        #expect(limit == 30)
        #expect(items.contains { $0.needsExplanation(limitDays: 30, today: "2026-11-18") })
        #expect(items.map(\.receivedOn) == items.map(\.receivedOn).sorted(by: >))
        // The demo's converted items link both ways.
        let converted = items.filter { $0.linkedKind == .sqmy }
        #expect(!converted.isEmpty)
        for c in converted {
            #expect(try db.socialInfo(id: try #require(c.linkedID))?.sourceIntakeID == c.id)
        }
    }

    @Test func demoLedgerRecordsPassTheirOwnChecks() throws {
        let ledger = DemoDataSet.make().ledger(profiles: try profiles())
        #expect(!ledger.activities.isEmpty)
        for r in ledger.activities {
            #expect(DateInput.isISO(r.value.date) && !r.value.title.isEmpty && !r.value.category.isEmpty, "\(r.value)")
            #expect(r.value.review.status != .returned || !r.value.review.comment.isEmpty)
        }
        for r in ledger.proposals { #expect(r.value.issues().isEmpty, "\(r.value.title): \(r.value.issues())") }
        for r in ledger.socialInfos { #expect(r.value.issues().isEmpty, "\(r.value.title): \(r.value.issues())") }
        for r in ledger.intake { #expect(r.value.issues().isEmpty, "\(r.value.content): \(r.value.issues())") }
        let dates = ledger.proposals.flatMap { [$0.value.date, $0.value.decidedOn, $0.value.repliedOn, $0.value.awardedOn].compactMap { $0 } }
            + ledger.socialInfos.flatMap { [$0.value.date, $0.value.adoptedOn, $0.value.instructionOn].compactMap { $0 } }
            + ledger.intake.flatMap { [$0.value.receivedOn, $0.value.feedbackOn].compactMap { $0 } }
        #expect(dates.allSatisfy(DateInput.isISO), "\(dates.filter { !DateInput.isISO($0) })")
    }

    @Test func demoWithoutProfilesWritesNoLedger() throws {
        let db = try tmp.open()
        try db.loadDemo(DemoDataSet.make())
        #expect(try counts(db) == [0, 0, 0, 0, 0, 0])
        #expect(try db.citizenItems().isEmpty)
        // A file without demo ledgers still takes new records (the former smoke test).
        let s = try studio(db)
        let team = try db.team(studioID: s.id!)
        let a = try db.saveActivity(Activity(studioID: s.id!, date: "2026-03-05", category: "reading", categoryName: "读书交流",
                                             mode: .online, title: "读书会"), memberIDs: [team[0].member.id!, team[1].member.id!])
        try db.setReview(kind: .activity, id: a.id!, Review(status: .approved, reviewer: "周海燕", reviewedOn: "2026-03-06"))
        let entries = try db.ledgerEntries(studioID: s.id!, year: 2026)
        #expect(entries.count == 1)
        #expect(entries.first?.memberIDs.count == 2)
        #expect(entries.first?.review.status == .approved)
        #expect(try db.ledgerFacts(studioID: s.id!, year: 2026).done.count == 1)
        #expect(try db.ledgerEntries(memberID: team[0].member.id!).count == 1)
    }
}
