import Foundation
import Testing
import TestSupport
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit

/// Issue 24: the menu's figures kept per studio and brought up to date from the audit log — after any change, in
/// this session or another (another connection, another program), they equal a full recompute.
@Suite(.serialized) struct OfficeFiguresTests {
    static let year = 2026
    static let today = "2026-11-18"

    typealias Seeded = SeededRandom

    func harness() throws -> Harness { try Harness(profiles: try DemoTemplate.shippedProfiles()) }

    /// Everything read afresh, as a fresh session would.
    func recomputed(_ h: Harness) throws -> OfficeFigures {
        try OfficeFigures.read(h.db, year: Self.year, profiles: h.app.context.profiles, today: Self.today, unlogged: 0)
    }

    func expectSame(_ a: OfficeFigures, _ b: OfficeFigures, _ what: String) {
        #expect(a.compliance.map(\.studio) == b.compliance.map(\.studio), "studios after \(what)")
        for (x, y) in zip(a.compliance, b.compliance) {
            #expect(x.lines == y.lines, "\(x.studio.name)'s lines after \(what)")
            #expect(x.overdueIntake == y.overdueIntake, "\(x.studio.name)'s overdue after \(what)")
            #expect(x.pendingReview == y.pendingReview, "\(x.studio.name)'s pending after \(what)")
        }
        #expect(a.wallProblems == b.wallProblems, "wall after \(what)")
        #expect(a.missedDuties == b.missedDuties, "missed shifts after \(what)")
    }

    /// One edit of many kinds by another session; returns what it did, and whether it is narrow (a studio or a few).
    func randomEdit(_ other: AppDatabase, _ r: inout Seeded, profiles: [RuleProfile]) throws -> (String, narrow: Bool)? {
        let running = try other.studios().filter(\.status.isRunning)
        guard let studio = r.pick(running), let sid = studio.id else { return nil }
        let entries = try other.ledgerPage(LedgerScope(year: Self.year, studioID: sid), offset: 0, limit: 200)
        let activities = entries.filter { $0.kind == .activity && $0.categoryID != "duty" }
        let team = try other.team(studioID: sid)
        switch r.int(10) {
        case 0, 1:
            guard let e = r.pick(activities), var a = try other.activity(id: e.id) else { return nil }
            let members = try other.participants(kind: .activity, recordID: e.id).compactMap(\.id)
            a.mode = a.mode == .online ? .offline : .online
            try other.saveActivity(a, memberIDs: members)
            return ("mode of activity \(e.id)", true)
        case 2:
            guard let e = r.pick(activities), var a = try other.activity(id: e.id) else { return nil }
            let members = try other.participants(kind: .activity, recordID: e.id).compactMap(\.id)
            a.date = String(format: "2026-%02d-%02d", 1 + r.int(11), 1 + r.int(28))
            try other.saveActivity(a, memberIDs: members)
            return ("date of activity \(e.id)", true)
        case 3:
            guard let e = r.pick(entries) else { return nil }
            try other.setReview(kind: e.kind, id: e.id, Review(status: r.int(2) == 0 ? .returned : .approved, reviewer: "联络员", reviewedOn: Self.today))
            return ("review of \(e.kind) \(e.id)", true)
        case 4:
            // A new 值班-counting activity with some of the team: moves per-member duty lines.
            let profile = profiles.first { $0.id == studio.profileID }
            let category = r.pick(profile?.activityCategories.map(\.id) ?? [])  ?? "duty"
            let a = Activity(studioID: sid, date: String(format: "2026-%02d-%02d", 1 + r.int(11), 1 + r.int(28)), category: category,
                             categoryName: category, mode: r.int(2) == 0 ? .online : .offline, title: "随机新增活动")
            let members = team.filter(\.isCurrent).prefix(1 + r.int(3)).map { $0.member.id! }
            try other.saveActivity(a, memberIDs: Array(members))
            return ("new activity in \(studio.name)", true)
        case 5:
            guard let e = r.pick(entries) else { return nil }
            try other.deleteLedgerRecord(kind: e.kind, id: e.id)
            return ("delete \(e.kind) \(e.id)", true)
        case 6:
            // A member's name is on their teams' duty lines: the member's line names no studio, the log's row does.
            guard let t = r.pick(team), var m = try other.member(id: t.member.id!) else { return nil }
            m.name += "改"
            try other.saveMember(m)
            return ("rename member \(m.id!)", true)
        case 7:
            guard let t = r.pick(team.filter { $0.isCurrent && $0.membership.role != .lead }) else { return nil }
            try other.memberLeaves(studioID: sid, memberID: t.member.id!, on: "2026-0\(1 + r.int(9))-15", reason: "工作调动")
            return ("member \(t.member.id!) leaves \(studio.name)", true)
        case 8:
            let status: StudioStatus = studio.status == .warned ? .plaqued : .warned
            try other.changeStatus(studioID: sid, expected: studio.status, to: status, date: Self.today, reason: "随机")
            return ("\(studio.name) → \(status)", true)
        default:
            // The office's readings (a setting): every studio, read whole.
            try other.setSetting("district", "随机区\(r.int(100))")
            return ("a setting", false)
        }
    }

    @Test func randomEditsInAnotherSessionLeaveTheKeptFiguresEqualToARecompute() throws {
        let h = try harness()
        let context = h.app.context
        h.app.settle()
        var kept = try context.officeFigures(year: Self.year)
        expectSame(kept, try recomputed(h), "the first read")
        let other = try AppDatabase.open(path: h.db.path, user: "李四")
        var r = Seeded(state: 24)
        var narrow = 0
        for _ in 0..<40 {
            var done: (String, narrow: Bool)?
            do { done = try randomEdit(other, &r, profiles: context.profiles) } catch { continue }  // a refused edit (a rule of the store) changes nothing
            guard let (what, isNarrow) = done else { continue }
            kept = try context.officeFigures(year: Self.year)
            expectSame(kept, try recomputed(h), what)
            if isNarrow {
                narrow += 1
                #expect(!kept.readAll, "\(what): only the studios it touched are read again")
                #expect(kept.studiosRead <= 3, "\(what): \(kept.studiosRead) studios read again")
            } else {
                #expect(kept.readAll, "\(what): everything read again")
            }
            // The menu's figures from them equal those of a session started now.
            let fresh = AppContext(db: h.db, profiles: try DemoTemplate.shippedProfiles(), today: { Harness.fixed })
            #expect(try MenuSummary.compute(context) == MenuSummary.compute(fresh), "\(what)")
        }
        #expect(narrow >= 20)
    }

    @Test func nothingLoggedSinceMeansNothingReadAgain() throws {
        let h = try harness()
        // A context of its own: the harness's menu has read its figures in the background already.
        let context = AppContext(db: h.db, profiles: try DemoTemplate.shippedProfiles(), today: { Harness.fixed })
        let first = try context.officeFigures(year: Self.year)
        #expect(first.readAll)
        let again = try context.officeFigures(year: Self.year)
        #expect(!again.readAll)
        #expect(again.studiosRead == 0)
    }

    @Test func anotherProgramsWriteIsSeenThroughTheFilesOwnTriggers() throws {
        let h = try harness()
        h.app.settle()
        let context = h.app.context
        _ = try context.officeFigures(year: Self.year)
        let e = try #require(try h.db.ledgerPage(LedgerScope(kind: .activity, year: Self.year), offset: 0, limit: 1).first)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [h.db.path, "UPDATE activity SET mode = CASE mode WHEN 'online' THEN 'offline' ELSE 'online' END WHERE id = \(e.id)"]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let kept = try context.officeFigures(year: Self.year)
        #expect(!kept.readAll)
        #expect(kept.studiosRead == 1)
        expectSame(kept, try recomputed(h), "the sqlite3 shell's update")
    }

    @Test func aRestoreOrAnUnloggedLoadReadsEverythingAgain() throws {
        let h = try harness()
        let context = h.app.context
        let backup = h.dir.appendingPathComponent("b.sqlite").path
        try h.db.backup(to: backup)
        _ = try context.officeFigures(year: Self.year)
        let e = try #require(try h.db.ledgerPage(LedgerScope(kind: .activity, year: Self.year), offset: 0, limit: 1).first)
        try h.db.deleteLedgerRecord(kind: .activity, id: e.id)
        _ = try context.officeFigures(year: Self.year)
        try h.db.restore(from: backup, today: Self.today)
        var kept = try context.officeFigures(year: Self.year)
        #expect(kept.readAll)
        expectSame(kept, try recomputed(h), "the restore")
        // Writes without audit lines (the demo loader's, the bench's) in this process: read whole.
        try h.db.withoutAudit { try h.db.setSetting("district", "未记录的改动") }
        kept = try context.officeFigures(year: Self.year)
        #expect(kept.readAll)
    }

    @Test func theStudiosAChangeTouchesAreNamedByTheLog() throws {
        let h = try harness()
        let start = try h.db.auditPosition()
        // A participant added to a record of studio A: the ledgerMember line names no studio; its record does.
        let e = try #require(try h.db.ledgerPage(LedgerScope(kind: .activity, year: Self.year), offset: 0, limit: 1).first)
        let a = try #require(try h.db.activity(id: e.id))
        let members = try h.db.participants(kind: .activity, recordID: e.id).compactMap(\.id)
        let team = try h.db.team(studioID: a.studioID).map { $0.member.id! }.filter { !members.contains($0) }
        try h.db.saveActivity(a, memberIDs: members + team.prefix(1))
        var (changes, position) = try h.db.studioChanges(since: start)
        #expect(!changes.all)
        #expect(changes.studios == [a.studioID])
        #expect(changes.lines > 0)
        // Nothing since: nothing.
        (changes, position) = try h.db.studioChanges(since: position)
        #expect(changes == StudioChanges())
        // An assessment, an account: office-wide figures only, read whole each time anyway.
        try h.db.setSetting("district", "某区")
        (changes, _) = try h.db.studioChanges(since: position)
        #expect(changes.all)
        // A position whose line is not the one there now (the file was replaced): everything.
        (changes, _) = try h.db.studioChanges(since: AuditPosition(id: position.id, mark: "另一个文件"))
        #expect(changes.all)
    }

    @Test func theMenuSaysItsFiguresAreBeingUpdated() throws {
        let h = try harness()
        let menu = try #require(h.app.top as? MainMenuScreen)
        #expect(!h.screen.contains("统计数字更新中"))
        // Asked for and not yet answered: the figures shown are the last ones, marked.
        let ticket = menu.progress.ask()
        #expect(h.app.frame(width: 80, height: 24).text.contains("统计数字更新中…"))
        menu.progress.done(ticket)
        #expect(!h.app.frame(width: 80, height: 24).text.contains("统计数字更新中"))
        // Another session saves: at the next loop turn the menu recomputes, then shows the new figures unmarked.
        let other = try AppDatabase.open(path: h.db.path, user: "李四")
        try other.setSetting("district", "某区")
        h.app.tick()
        h.app.waitForMenuFigures()
        #expect(!h.app.frame(width: 80, height: 24).text.contains("统计数字更新中"))
    }

    /// 值班排班 takes its 值班 lines from the kept figures, not from the year's facts kept for it (issue 24's memory):
    /// after edits in another session they equal the lines made from the facts read afresh — every quarter of last
    /// year, this year and next (a quarter not yet begun is read from the facts).
    @Test func dutyLinesFromTheKeptFiguresEqualThoseFromTheYearsFacts() throws {
        let h = try harness()
        let context = h.app.context
        h.app.settle()
        #expect(context.cache.last("facts-\(Self.year)") as [Int64: LedgerFacts]? == nil, "the menu keeps no year of facts")
        let other = try AppDatabase.open(path: h.db.path, user: "李四")
        var r = Seeded(state: 11)
        var edits = 0
        for round in 0..<10 {
            if round > 0, (try? randomEdit(other, &r, profiles: context.profiles)) != nil { edits += 1 }
            for year in [Self.year - 1, Self.year, Self.year + 1] {
                let lines = try context.complianceLines(year: year)
                for q in 1...4 {
                    let period = Period(.quarter, year: year, index: q)
                    let kept = try h.db.dutyOverview(period: period, profiles: context.profiles, today: context.todayISO, yearLines: lines)
                    let fresh = try h.db.dutyOverview(period: period, profiles: context.profiles, today: context.todayISO)
                    #expect(kept.map(\.studio.id) == fresh.map(\.studio.id), "\(period.start), round \(round)")
                    #expect(kept.map(\.done) == fresh.map(\.done), "\(period.start), round \(round)")
                    if year == Self.year && q == 4 { #expect(kept.contains { $0.done != nil }) }
                }
            }
        }
        #expect(edits >= 5)
    }
}
