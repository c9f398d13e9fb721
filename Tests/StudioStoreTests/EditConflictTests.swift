import Foundation
import GRDB
import Testing
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import StudioResources
import TestSupport

/// Issue 19, item 2: one edit-conflict check in the store for every editable record kind. Clerk A opens a record
/// (a stamp), another clerk changes it from another process — a second StudioDesk connection pool, and the sqlite3
/// shell as a wholly separate program — and A's save is refused, naming who changed it, with their change kept.
/// Saving again without the stamp (the clerk's "overwrite") goes through.
@Suite(.serialized) struct EditConflictTests {
    let tmp = TempDatabase()

    func profiles() throws -> [RuleProfile] { try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())) }

    func demo() throws -> AppDatabase {
        try DemoTemplate.open(path: tmp.path, profiles: profiles())
    }

    /// Another program writing the same file: the sqlite3 shell, a separate process.
    func sqlite3(_ sql: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [tmp.path, sql]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    /// A opens `record`; B (another StudioDesk process, user 李四) changes it; A's save is refused and B's change stays;
    /// A's overwrite then goes through.
    func conflict(_ db: AppDatabase, _ record: EditedRecord, otherClerk: (AppDatabase) throws -> Void, save: (EditStamp?) throws -> Void,
                  stillTheirs: () throws -> Bool) throws {
        let stamp = try db.editStamp(of: record)
        let other = try AppDatabase.open(path: tmp.path, user: "李四")
        try otherClerk(other)
        #expect {
            try save(stamp)
        } throws: { error in
            guard let c = error as? ChangedElsewhere else { return false }
            return c.by == "李四" && c.description.contains("在你打开后已被「李四」")
        }
        #expect(try stillTheirs(), "\(record)")
        try save(nil)
    }

    @Test func aCitizensItemIsNotOverwrittenSilently() throws {
        let db = try demo()
        var item = try #require(try db.citizenItems().first { $0.feedbackOn == nil })
        try conflict(db, .citizenItem(item.id!), otherClerk: { other in
            var theirs = item
            theirs.feedback = "已电话告知（李四）"
            theirs.feedbackOn = "2026-12-01"
            try other.saveCitizenItem(theirs)
        }, save: { stamp in
            item.explanation = "正在协调"
            item.explainedOn = "2026-12-02"
            try db.saveCitizenItem(item, expecting: stamp)
        }, stillTheirs: { try db.citizenItem(id: item.id!)?.feedback == "已电话告知（李四）" })
    }

    @Test func aStudiosParticularsAndTeamAreNotOverwrittenSilently() throws {
        let db = try demo()
        var studio = try #require(try db.studios().first { $0.status == .plaqued })
        try conflict(db, .studio(studio.id!), otherClerk: { other in
            var theirs = studio
            theirs.address = "李四改的地址1号"
            try other.updateStudio(theirs)
        }, save: { stamp in
            studio.committee = "经济委员会"
            try db.updateStudio(studio, expecting: stamp)
        }, stillTheirs: { try db.studio(id: studio.id!)?.address == "李四改的地址1号" })

        let newcomer = try db.saveMember(Member(name: "欧阳新", phone: "13900001111"))
        let third = try db.saveMember(Member(name: "上官新", phone: "13900002222"))
        try conflict(db, .team(studioID: studio.id!), otherClerk: { other in
            try other.addTeamMember(studioID: studio.id!, memberID: newcomer.id!, role: .resident, joinedOn: "2026-12-01")
        }, save: { stamp in
            try db.addTeamMember(studioID: studio.id!, memberID: third.id!, role: .resident, joinedOn: "2026-12-01", expecting: stamp)
        }, stillTheirs: { try db.team(studioID: studio.id!).contains { $0.member.id == newcomer.id } })
    }

    @Test func aDutySlotAndItsAttendanceAreNotOverwrittenSilently() throws {
        let db = try demo()
        let studio = try #require(try db.studios().first { $0.status == .plaqued && !((try? db.dutySlots(studioID: $0.id!, from: "2026-12-10", to: "2026-12-31")) ?? []).isEmpty })
        var slot = try #require(try db.dutySlots(studioID: studio.id!, from: "2026-12-10", to: "2026-12-31").first)
        try conflict(db, .dutySlot(slot.id!), otherClerk: { other in
            var theirs = slot
            theirs.place = "李四改的地点"
            try other.saveDutySlot(theirs)
        }, save: { stamp in
            slot.needed = max(slot.needed, slot.assignments.count)
            slot.note = "A 的备注"
            try db.saveDutySlot(slot, expecting: stamp)
        }, stillTheirs: { try db.dutySlot(id: slot.id!)?.place == "李四改的地点" })

        // The record of a past shift, changed by another program (the sqlite3 shell) after A opened it.
        let past = try #require(try db.dutySlots(studioID: studio.id!, from: "2026-01-01", to: "2026-12-05").first { !$0.assignments.isEmpty })
        let category = try #require(try profiles().first { $0.id == studio.profileID }?.activityCategories.first { $0.id == "duty" })
        let stamp = try db.editStamp(of: .dutySlot(past.id!))
        try sqlite3("UPDATE dutySlot SET note = 'sqlite3 改的' WHERE id = \(past.id!)")
        let present = past.assignments.map { DutyAssignment(memberID: $0.memberID, attendance: .present) }
        #expect(throws: ChangedElsewhere.self) {
            try db.recordDutyAttendance(slotID: past.id!, assignments: present, citizens: 2, note: "A", category: category, today: "2026-12-06", expecting: stamp)
        }
        #expect(try db.dutySlot(id: past.id!)?.note == "sqlite3 改的")
    }

    @Test func plansInspectionsResultsTablesApplicationsAndHolidaysToo() throws {
        let db = try demo()
        let ps = try profiles()
        let studio = try #require(try db.studios().first { $0.name == "江志明委员工作室" })
        // 计划与总结
        try conflict(db, .yearDocs(studioID: studio.id!), otherClerk: { other in
            try other.saveYearDoc(YearDoc(studioID: studio.id!, year: 2026, kind: .summary, date: "2026-12-01", text: "李四写的总结"))
        }, save: { stamp in
            try db.saveYearDoc(YearDoc(studioID: studio.id!, year: 2026, kind: .summary, date: "2026-12-02", text: "A 写的总结"), expecting: stamp)
        }, stillTheirs: { try db.yearDocs(studioID: studio.id!, year: 2026).contains { $0.text == "李四写的总结" } })
        // 上墙检查 corrected by two clerks
        let record = try #require(try db.inspections(studioID: studio.id!).first)
        try conflict(db, .inspection(record.inspection.id!), otherClerk: { other in
            var theirs = record.inspection
            theirs.note = "李四补记"
            try other.saveInspection(theirs, verdicts: record.verdicts)
        }, save: { stamp in
            var mine = record.inspection
            mine.inspector = "A"
            try db.saveInspection(mine, verdicts: record.verdicts, expecting: stamp)
        }, stillTheirs: { try db.inspections(studioID: studio.id!).first { $0.inspection.id == record.inspection.id }?.inspection.note == "李四补记" })
        // The panel's entries on a result in progress
        let stored = try #require(try db.storedAssessment(studioID: studio.id!, year: 2026))
        try conflict(db, .assessment(stored.id!), otherClerk: { other in
            var theirs = stored
            theirs.problems = "李四写的问题"
            try other.saveAssessment(theirs, today: "2026-12-01")
        }, save: { stamp in
            var mine = stored
            mine.nextPlan = "A 写的计划"
            try db.saveAssessment(mine, today: "2026-12-02", expecting: stamp)
        }, stillTheirs: { try db.storedAssessment(id: stored.id!)?.problems == "李四写的问题" })
        // The office's own table
        let binjiang = try #require(ps.first { $0.id == "binjiang-2020" })
        var card = try #require(try db.officeScorecard(profileID: binjiang.id)?.card)
        try conflict(db, .officeScorecard(profileID: binjiang.id), otherClerk: { other in
            var theirs = card
            theirs.passMark = 70
            try other.saveOfficeScorecard(theirs, for: binjiang, today: "2026-12-01")
        }, save: { stamp in
            card.title = "A 改的标题"
            try db.saveOfficeScorecard(card, for: binjiang, today: "2026-12-02", expecting: stamp)
        }, stillTheirs: { try db.officeScorecard(profileID: binjiang.id)?.card.passMark == 70 })
        // The application form's text
        try conflict(db, .application(studioID: studio.id!), otherClerk: { other in
            try other.saveApplicationValues(studioID: studio.id!, ["plan": "李四的计划"])
        }, save: { stamp in
            try db.saveApplicationValues(studioID: studio.id!, ["plan": "A 的计划"], expecting: stamp)
        }, stillTheirs: { try db.applicationValues(studioID: studio.id!)["plan"] == "李四的计划" })
        // A holiday
        try conflict(db, .holiday(date: "2027-01-01"), otherClerk: { other in
            try other.saveHolidayDay(.init(date: "2027-01-01", kind: .off, name: "元旦（李四）"))
        }, save: { stamp in
            try db.saveHolidayDay(.init(date: "2027-01-01", kind: .off, name: "元旦"), expecting: stamp)
        }, stillTheirs: { try db.holidayCalendar().day("2027-01-01")?.name == "元旦（李四）" })
    }
}
