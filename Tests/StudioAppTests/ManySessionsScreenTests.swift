import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit

/// Issue 22, many sessions on one file: a second StudioDesk connection (another clerk's session) changes the data and
/// the visible list shows it at the next loop turn (`App.tick`), the cursor on the same record; a record open in
/// another session's form is marked 正在被 某某 编辑 in the list and in the form.
@Suite(.serialized) struct ManySessionsScreenTests {
    func roster(_ h: Harness) throws -> MemberListScreen {
        h.press(.char("3"))
        return try #require(h.app.top as? MemberListScreen)
    }

    @Test func anotherSessionsSaveShowsInTheListWithTheCursorOnTheSameMember() throws {
        let h = try Harness()
        let list = try roster(h)
        for _ in 0..<5 { h.press(.down) }
        let before = try #require(list.selectedMember)
        #expect(list.table.selected == 5)
        let other = try AppDatabase.open(path: h.db.path, user: "李四")
        // Sorts first (pinyin a…): every row moves down one.
        let added = try other.saveMember(Member(name: "阿宝", sector: "无党派人士"))
        #expect(!h.screen.contains("阿宝"), "no reload before the loop looks")
        h.app.tick()
        let s = h.screen
        #expect(s.contains("阿宝"))
        #expect(s.contains("共 151 名委员"))
        #expect(list.selectedMember?.id == before.id)
        #expect(list.table.selected == 6)
        // Nothing changed since: the next turn reloads nothing (the cursor moved by the clerk stays).
        h.press(.up)
        h.app.tick()
        #expect(list.table.selected == 5)
        let moved = try #require(list.selectedMember)
        // Deleted elsewhere: gone from the list at the next turn, every row up one, the cursor with its member.
        try other.deleteMember(id: added.id!)
        h.app.tick()
        #expect(!h.screen.contains("阿宝"))
        #expect(list.selectedMember?.id == moved.id)
        #expect(list.table.selected == 4)
    }

    @Test func theStudioListAndALedgerKeepTheirRecordToo() throws {
        let h = try Harness()
        h.press(.char("2"))
        let studios = try #require(h.app.top as? StudioListScreen)
        h.press(.down, .down)
        let id = studios.rows[studios.table.selected].studio.id
        let other = try AppDatabase.open(path: h.db.path, user: "李四")
        var copy = try #require(try other.studio(id: studios.rows[0].studio.id!))
        copy.id = nil
        copy.name = "阿坝路委员工作室"
        _ = try other.createStudio(copy)
        let count = studios.rows.count
        h.app.tick()
        #expect(studios.rows.count == count + 1)
        #expect(studios.rows[studios.table.selected].studio.id == id)
    }

    @Test func aMemberOpenInAnotherSessionIsMarkedInTheListAndTheForm() throws {
        let h = try Harness()
        let list = try roster(h)
        h.press(.down, .down)
        let m = try #require(list.selectedMember)
        let other = try AppDatabase.open(path: h.db.path, user: "李四")
        other.registerOpenEdit(RecordRef("member", m.id!))
        h.app.tick()
        #expect(h.screen.contains(m.name + "(编辑中)"))
        #expect(h.screen.contains("\(m.name)：正在被 李四 编辑（"))
        h.press(.enter)
        #expect(h.app.top is MemberFormScreen)
        #expect(h.frame.line(1).contains("此记录正在被 李四 编辑（"), "\(h.frame.line(1))")
        // This session's own form is marked for the other one, and cleared when it closes.
        #expect(other.openEditElsewhere(RecordRef("member", m.id!))?.user == h.db.user)
        h.press(.escape)
        #expect(h.app.top is MemberListScreen)
        #expect(other.openEditElsewhere(RecordRef("member", m.id!)) == nil)
        // The other session closes its form: the mark goes at the next turn.
        other.closeOpenEdit(RecordRef("member", m.id!))
        h.app.tick()
        #expect(!h.screen.contains("(编辑中)"))
    }

    @Test func anotherSessionsOpenFormsAndHeartbeatsRecomputeNothing() throws {
        let h = try Harness()
        let list = try roster(h)
        let m = try #require(list.selectedMember)
        var computed = 0
        func figures() throws -> Int { try h.app.context.cache.value("test-figures", db: h.db) { computed += 1; return computed } }
        _ = try figures()
        let other = try AppDatabase.open(path: h.db.path, user: "李四")
        let token = try h.db.changeToken()
        // A form opened elsewhere, its heartbeat, its closing: the marks change, the records do not.
        other.registerOpenEdit(RecordRef("member", m.id!))
        h.app.tick()
        #expect(h.screen.contains(m.name + "(编辑中)"), "the list's marks follow at the next turn")
        other.heartbeatOpenEdits(now: Date().addingTimeInterval(30))
        h.app.tick()
        other.closeOpenEdit(RecordRef("member", m.id!))
        h.app.tick()
        #expect(!h.screen.contains("(编辑中)"))
        #expect(try h.db.changeToken() == token)
        _ = try figures()
        #expect(computed == 1, "figures kept while only the marks changed")
        // A record saved elsewhere, and a load made there without audit lines: both are changes.
        _ = try other.saveMember(Member(name: "阿宝", sector: "无党派人士"))
        _ = try figures()
        #expect(computed == 2)
        let loadToken = try h.db.changeToken()
        try other.withoutAudit { _ = try other.saveMember(Member(name: "阿贵", sector: "无党派人士")) }
        #expect(try h.db.changeToken() != loadToken)
        _ = try figures()
        #expect(computed == 3)
    }

    @Test func aReviewSessionMarksNothing() throws {
        let h = try Harness(session: Session(mode: .review))
        let list = try roster(h)
        let m = try #require(list.selectedMember)
        h.press(.enter)
        let other = try AppDatabase.open(path: h.db.path, user: "李四")
        #expect(other.openEditsElsewhere().isEmpty)
        _ = m
    }
}
