import Foundation
import Testing
@testable import StudioDemo
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit
import StudioResources

@Suite struct OfficeLedgerScreenTests {
    func harness() throws -> Harness {
        let h = try Harness(profiles: try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
        h.width = 100
        h.height = 30
        return h
    }

    @Test func everyRecordOfEveryStudioPagesNewestFirst() throws {
        let h = try harness()
        let total = try h.db.ledgerCount(LedgerScope())
        h.press(.char("6"), .char("a"))
        var s = h.screen
        #expect(s.contains("全部年度 全部台账：共 \(total) 条，第 1 条"), "\(s)")
        let newest = try #require(try h.db.ledgerPage(LedgerScope(), after: nil, limit: 1).first)
        #expect(s.contains(newest.date))
        h.press(.end)
        s = h.screen
        #expect(s.contains("第 \(total) 条"))
        let oldest = try #require(try h.db.ledgerPage(LedgerScope(), before: nil, limit: 1).first)
        #expect(s.contains(oldest.date))
        // Down and PageDown walk on through pages fetched as they are needed.
        h.press(.home)
        for _ in 0..<150 { h.press(.down) }
        #expect(h.screen.contains("第 151 条"))
        let at150 = try #require(try h.db.ledgerPage(LedgerScope(), offset: 150, limit: 1).first)
        #expect(line(h.screen, at150.date, String(at150.title.prefix(6))).isEmpty == false)
        h.press(.pageDown)
        #expect(!h.screen.contains("…"))
        // Filters: one ledger, one year.
        h.press(.char("l"))
        let activities = try h.db.ledgerCount(LedgerScope(kind: .activity))
        #expect(h.screen.contains("全部年度 活动：共 \(activities) 条，第 1 条"))
        h.press(.char("y"))
        let thisYear = try h.db.ledgerCount(LedgerScope(kind: .activity, year: 2026))
        #expect(h.screen.contains("2026年 活动：共 \(thisYear) 条"))
        h.press(.char("["))
        #expect(h.screen.contains("2025年 活动"))
        // Enter opens the record's studio ledger; back again the place is kept.
        h.press(.down, .enter)
        #expect(h.screen.contains("台账："))
        h.press(.escape)
        #expect(h.screen.contains("2025年 活动：共"))
        #expect(h.screen.contains("第 2 条"))
    }

    /// End and Home fetch only the rows around the cursor; moving on from there fetches the rest, in order.
    @Test func fromEndAndHomeTheNeighbouringRowsFollow() throws {
        let h = try harness()
        let total = try h.db.ledgerCount(LedgerScope())
        h.press(.char("6"), .char("a"), .end)
        for _ in 0..<70 { h.press(.up) }
        var s = h.screen
        #expect(s.contains("第 \(total - 70) 条") && !s.contains("…"))
        let at = try #require(try h.db.ledgerPage(LedgerScope(), offset: total - 71, limit: 1).first)
        #expect(!line(s, at.date, String(at.title.prefix(6))).isEmpty)
        h.press(.pageUp, .pageUp)
        #expect(!h.screen.contains("…"))
        h.press(.home)
        for _ in 0..<70 { h.press(.down) }
        s = h.screen
        #expect(s.contains("第 71 条") && !s.contains("…"))
        let at70 = try #require(try h.db.ledgerPage(LedgerScope(), offset: 70, limit: 1).first)
        #expect(!line(s, at70.date, String(at70.title.prefix(6))).isEmpty)
    }

    /// Lines of the screen holding all the texts.
    func line(_ screen: String, _ texts: String...) -> String {
        screen.split(separator: "\n").first { l in texts.allSatisfy { l.contains($0) } }.map(String.init) ?? ""
    }

    @Test func theMenuDrawsAtOnceAndFillsInItsFigures() throws {
        let h = try harness()
        // Before the background figures arrive the menu says so rather than waiting. They are held back here (their
        // cache entry taken first) so the first frame is surely the one drawn before them.
        let context = AppContext(db: h.db, profiles: h.profiles, today: { Harness.fixed })
        let key = "menu-summary-\(DateInput.iso(Harness.fixed))"
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let box = UncheckedSendable(context)
        Thread.detachNewThread {
            _ = try? box.value.cache.value(key, db: box.value.db) { holding.signal(); release.wait(); return 0 }
        }
        holding.wait()
        let app = App(context: context)
        #expect((app.stack.first as? MainMenuScreen)?.summaryKey == key)
        let first = app.frame(width: 100, height: 30).text
        #expect(first.contains("[3] 委员名册    共 150 名委员"))
        #expect(first.contains("[6] 履职台账    计算中…"))
        #expect(!first.contains("未完成要求"))
        release.signal()
        app.settle()
        let settled = app.frame(width: 100, height: 30).text
        #expect(settled.contains("[6] 履职台账    未完成要求"))
        #expect(!settled.contains("计算中…"))
        // A change made elsewhere shows when the menu comes back.
        let before = try #require(settled.firstMatch(of: /群众意见逾期 (\d+) 件/)).1
        let other = try AppDatabase.open(path: h.db.path)
        let studio = try #require(try other.studios().first { $0.status == .plaqued })
        try other.saveCitizenItem(CitizenItem(studioID: studio.id!, receivedOn: "2026-01-05", citizen: "测试群众", content: "很久以前的意见"))
        app.handle(.char("3"), width: 100, height: 30)
        app.handle(.escape, width: 100, height: 30)
        app.settle()
        let after = try #require(app.frame(width: 100, height: 30).text.firstMatch(of: /群众意见逾期 (\d+) 件/)).1
        #expect(Int(after)! == Int(before)! + 1)
    }
}

@Suite struct ChangedElsewhereScreenTests {
    @Test func aSaveAfterAnotherClerksChangeAsksToReloadOrOverwrite() throws {
        let profiles = try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
        let h = try Harness(profiles: profiles)
        h.width = 100
        h.height = 30
        let other = try AppDatabase.open(path: h.db.path, user: "李四")
        let entries = try h.db.studios().filter { $0.status == .plaqued }.flatMap { try h.db.ledgerEntries(studioID: $0.id!) }
        let entry = try #require(entries.first { $0.kind == .activity && $0.date < "2026-11-01" })
        let studio = try #require(try h.db.studio(id: entry.studioID))
        let opened = try #require(try h.db.activity(id: entry.id))
        let members = try h.db.participants(kind: .activity, recordID: entry.id)
        let context = h.app.context
        _ = h.app.apply(.push(LedgerForms.activity(context: context, studio: studio, profile: profiles.first { $0.id == studio.profileID },
                                                   existing: opened, members: members)))
        #expect(h.screen.contains("修改活动"))
        // Meanwhile the other clerk renames it.
        var theirs = opened
        theirs.title = "对方改过的标题"
        try other.saveActivity(theirs, memberIDs: members.compactMap(\.id))
        h.press(.function(2))
        var s = h.screen
        #expect(s.contains("记录已被他人修改"), "\(s)")
        #expect(s.contains("「李四」"))
        #expect(s.contains("r 载入对方保存的版本"))
        #expect(try h.db.activity(id: entry.id)?.title == "对方改过的标题")
        // r: their version in the form; saving it again changes nothing.
        h.press(.char("r"))
        s = h.screen
        #expect(s.contains("已载入他人保存的版本"))
        #expect(s.contains("对方改过的标题"))
        // A second change elsewhere, then o: this clerk's form wins, on purpose.
        var again = try #require(try other.activity(id: entry.id))
        again.place = "对方改的地点"
        try other.saveActivity(again, memberIDs: members.compactMap(\.id))
        h.press(.function(2))
        #expect(h.screen.contains("记录已被他人修改"))
        h.press(.char("o"))
        #expect(!h.screen.contains("记录已被他人修改"))
        #expect(!h.screen.contains("修改活动"))
        let saved = try #require(try h.db.activity(id: entry.id))
        #expect(saved.title == "对方改过的标题")
        #expect(saved.place == opened.place)
    }

    /// The kinds that lost updates silently before (issue 19): a 群众意见's feedback and a studio's particulars (the
    /// duty slot's form uses the same OpenedRecord; its store check is in EditConflictTests). Each form now refuses the save with who changed it, r loads theirs, o overwrites on purpose.
    @Test func intakeAndStudioFormsAskInsteadOfOverwriting() throws {
        let profiles = try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
        let h = try Harness(profiles: profiles)
        h.width = 100
        h.height = 30
        let other = try AppDatabase.open(path: h.db.path, user: "李四")
        let context = h.app.context

        // 群众意见: two clerks enter the feedback.
        let item = try #require(try h.db.citizenItems().first { $0.feedbackOn == nil })
        let screen = IntakeScreen(context: context, itemID: item.id!)
        _ = h.app.apply(.push(screen.feedbackForm(item)))
        var theirs = item
        theirs.feedbackOn = "2026-11-10"
        theirs.feedback = "李四已电话告知"
        try other.saveCitizenItem(theirs)
        h.press(.tab)
        h.type("我写的反馈")
        h.press(.function(2))
        #expect(h.screen.contains("记录已被他人修改") && h.screen.contains("「李四」"))
        #expect(try h.db.citizenItem(id: item.id!)?.feedback == "李四已电话告知")
        h.press(.char("r"))
        #expect(h.screen.contains("已载入他人保存的版本") && h.screen.contains("李四已电话告知"))
        h.press(.escape)

        // A studio's particulars.
        let studio = try #require(try h.db.studios().first { $0.status == .plaqued })
        _ = h.app.apply(.push(StudioEditor.form(context: context, studio: studio)))
        var changed = studio
        changed.address = "李四改的地址"
        try other.updateStudio(changed)
        h.press(.function(2))
        #expect(h.screen.contains("记录已被他人修改"))
        h.press(.char("o"))
        #expect(!h.screen.contains("记录已被他人修改"))
        // Overwrite on purpose: the form's own values (the old address) win, knowingly.
        #expect(try h.db.studio(id: studio.id!)?.address == studio.address)
    }
}

