import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit
import StudioResources

/// A reviewer's stream through a studio's ledger (审核人 is the session's user, the cursor moves on to the next
/// 待审核, Space marks several for one decision), and participants typed as initials in the activity form.
@Suite struct ReviewStreamScreenTests {
    func harness() throws -> Harness {
        try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
    }

    /// 医药卫生界委员工作室 (Shaanxi rules) on its ledger, showing only what waits for review.
    func openPending(_ h: Harness) throws -> Studio {
        let studio = try #require(try h.db.studios().first { $0.name == "医药卫生界委员工作室" })
        h.press(.char("2"), .char("/"))
        h.type("yywsj")
        h.press(.enter, .enter, .char("l"), .char("s"))
        #expect(h.screen.contains("审核：待审核"))
        return studio
    }

    func pending(_ h: Harness, _ studio: Studio) throws -> [LedgerEntry] {
        try h.db.ledgerEntries(studioID: studio.id!, year: 2026).filter { $0.review.status == .pending }
    }

    @Test func vThenEnterReviewsAsTheSessionsUserAndMovesToTheNextPending() throws {
        let h = try harness()
        let studio = try openPending(h)
        let waiting = try pending(h, studio)
        try #require(waiting.count >= 3)
        let first = waiting[0], second = waiting[1]
        #expect(h.screen.contains("第 1/\(waiting.count) 条"))
        h.press(.char("v"))
        #expect(h.screen.contains("审核通过：\(first.title.prefix(6))"))
        #expect(h.screen.contains(h.db.user))  // prefilled: Enter is enough
        h.press(.enter)
        let done = try #require(try h.db.ledgerEntries(studioID: studio.id!, year: 2026).first { $0.id == first.id && $0.kind == first.kind })
        #expect(done.review.status == .approved && done.review.reviewer == h.db.user)
        #expect(h.screen.contains("已审核 1 条，余 \(waiting.count - 1) 条"))
        #expect(h.screen.contains("第 1/\(waiting.count - 1) 条  \(second.kind.title)：\(second.title.prefix(6))"))

        // Without the filter the reviewed record stays in the list, and the cursor still moves to the next 待审核.
        h.press(.char("0"), .home)
        let all = try h.db.ledgerEntries(studioID: studio.id!, year: 2026)
        let next = try #require(all.firstIndex { $0.review.status == .pending })
        for _ in 0..<next { h.press(.down) }
        h.press(.char("v"), .enter)
        let after = try #require(all[(next + 1)...].first { $0.review.status == .pending })
        #expect(h.screen.contains("已审核 2 条"))
        #expect(h.screen.contains("第 \(all.firstIndex { $0.id == after.id && $0.kind == after.kind }! + 1)/\(all.count) 条"))
    }

    @Test func spaceMarksSeveralAndOneKeyReturnsThemAllWithOneComment() throws {
        let h = try harness()
        let studio = try openPending(h)
        let waiting = try pending(h, studio)
        h.press(.char(" "), .char(" "), .char(" "))
        #expect(h.screen.contains("已标记 3 条"))
        #expect(h.frame.lines.filter { $0.contains("*  2026-") }.count == 3)  // the mark column
        // Space again on a marked one takes its mark off.
        h.press(.up, .char(" "))
        #expect(h.screen.contains("已标记 2 条"))
        h.press(.char("b"))
        #expect(h.screen.contains("退回：已标记的 2 条记录"))
        h.press(.tab)
        h.type("请补充签到表")
        h.press(.function(2))
        let now = try h.db.ledgerEntries(studioID: studio.id!, year: 2026)
        for e in waiting.prefix(2) {
            let r = try #require(now.first { $0.id == e.id && $0.kind == e.kind }).review
            #expect(r.status == .returned && r.comment == "请补充签到表" && r.reviewer == h.db.user)
        }
        #expect(now.first { $0.id == waiting[2].id && $0.kind == waiting[2].kind }?.review.status == .pending)
        #expect(h.screen.contains("退回 2 条，余 \(waiting.count - 2) 条"))
        #expect(!h.screen.contains("已标记"))
    }

    /// The activity form of the same studio, with a team member, a roster member off the team, and two roster
    /// members sharing initials.
    func openActivityForm(_ h: Harness) throws -> (studio: Studio, inTeam: Member, offTeam: Member) {
        let studio = try #require(try h.db.studios().first { $0.name == "医药卫生界委员工作室" })
        let everOnTeam = try h.db.team(studioID: studio.id!)
        let inTeam = try #require(everOnTeam.filter(\.isCurrent).map(\.member).first { $0.name == "张雪琴" })
        let roster = try h.db.members(matching: SearchQuery(""), limit: 100_000)
        let offTeam = try #require(roster.first { m in !everOnTeam.contains { $0.member.id == m.id } && !m.isNonMember })
        h.press(.char("2"), .char("/"))
        h.type("yywsj")
        h.press(.enter, .enter, .char("l"), .char("a"))
        #expect(h.screen.contains("新活动：医药卫生界委员工作室"))
        h.press(.tab, .tab, .tab)
        h.type("医保政策宣讲会")
        h.press(.tab, .tab)
        return (studio, inTeam, offTeam)
    }

    @Test func initialsTurnIntoNamesAsTypedAndAMemberOffTheTeamIsNamedBeforeSaving() throws {
        let h = try harness()
        h.width = 100
        let (studio, inTeam, offTeam) = try openActivityForm(h)
        h.type(inTeam.initials + " ")
        #expect(h.screen.contains("参加委员：\(inTeam.name)"))
        h.type(offTeam.name)
        let before = try h.db.ledgerEntries(studioID: studio.id!).count
        h.press(.function(2))
        #expect(h.screen.contains("\(offTeam.name) 不是本工作室成员"))
        #expect(try h.db.ledgerEntries(studioID: studio.id!).count == before)
        h.press(.function(2))  // confirmed
        let saved = try #require(try h.db.ledgerEntries(studioID: studio.id!).first { $0.title == "医保政策宣讲会" })
        #expect(Set(try h.db.ledgerMembers(kind: .activity, id: saved.id).map(\.name)) == [inTeam.name, offTeam.name])
    }

    @Test func anAmbiguousTokenOpensAPickerOnTab() throws {
        let h = try harness()
        h.width = 100
        let roster = try h.db.members(matching: SearchQuery(""), limit: 100_000)
        let byInitials = Dictionary(grouping: roster.filter { !$0.isNonMember }, by: \.initials)
        let (_, _, _) = try openActivityForm(h)
        let team = Set(try h.db.team(studioID: try #require(try h.db.studios().first { $0.name == "医药卫生界委员工作室" }).id!).map(\.member.id))
        // Initials two roster members share and no team member has.
        let shared = try #require(byInitials.first { $0.value.count >= 2 && !$0.value.contains { team.contains($0.id) } })
        h.type(shared.key)
        h.press(.tab)
        #expect(h.screen.contains("「\(shared.key)」指哪一位"))
        #expect(shared.value.allSatisfy { h.screen.contains($0.name) })
        h.press(.char("2"))
        #expect(!h.screen.contains("指哪一位"))
        let picked = try #require(MemberNames.match(shared.key, team: [], roster: roster).candidates?[1])
        #expect(h.screen.contains("参加委员：\(picked.name)"))
    }

    @Test func theFormListsEveryProblemAtOnce() throws {
        let h = try harness()
        h.width = 120
        let (studio, _, _) = try openActivityForm(h)
        h.type("不存在的人 也没有")
        h.press(.tab, .tab, .tab)
        h.type("很多")
        let before = try h.db.ledgerEntries(studioID: studio.id!).count
        h.press(.function(2))
        let s = h.screen
        #expect(s.contains("找不到委员「不存在的人」；找不到委员「也没有」"))
        #expect(s.contains("服务群众人数应为不小于 0 的整数"))
        #expect(try h.db.ledgerEntries(studioID: studio.id!).count == before)
    }
}

extension MemberNames.TokenMatch {
    var candidates: [Member]? { if case .several(let m) = self { m } else { nil } }
}
