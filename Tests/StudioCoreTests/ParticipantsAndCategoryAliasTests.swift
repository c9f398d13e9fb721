import Foundation
import Testing
@testable import StudioCore
import StudioResources

/// Participants typed as initials (`zxq dhx cxy`) become names in place; a token naming several people offers a
/// choice, team first; a member not on the team that day is a warning naming them; every problem is listed.
@Suite struct ParticipantsTests {
    static let zhang = Member(id: 1, name: "张雪琴")
    static let zhao = Member(id: 2, name: "赵小青")
    static let du = Member(id: 3, name: "杜海侠")
    static let chen = Member(id: 4, name: "陈晓云")
    static let ouyang = Member(id: 5, name: "欧阳娜娜")
    static let left = Member(id: 6, name: "曹晓燕")
    static let roster = [zhang, zhao, du, chen, ouyang, left]

    static func entry(_ m: Member, joined: String = "2025-01-01", left: String? = nil) -> TeamEntry {
        TeamEntry(member: m, membership: StudioMembership(studioID: 9, memberID: m.id!, role: .resident, joinedOn: joined, leftOn: left))
    }
    static let team = [entry(zhang), entry(du), entry(chen), entry(left, left: "2026-03-31")]

    @Test func uniqueInitialsResolveInPlaceWhenTheTokenIsCompleted() {
        let current = Self.team.filter(\.isCurrent).map(\.member)
        // Only the tokens a separator follows; the last one is still being typed.
        var done = MemberNames.complete("zxq dhx cx", all: false, team: current, roster: Self.roster)
        #expect(done.text == "张雪琴 杜海侠 cx")
        #expect(done.choice == nil)
        // On Tab (the field is left) the last one too; separators as typed are kept.
        done = MemberNames.complete("zxq、dhx cxy", all: true, team: current, roster: Self.roster)
        #expect(done.text == "张雪琴、杜海侠 陈晓云")
        // Full pinyin also names one person; an exact name stays.
        #expect(MemberNames.complete("duhaixia 张雪琴 ", all: false, team: current, roster: Self.roster).text == "杜海侠 张雪琴 ")
        // The team wins over the roster: zxq is the team's 张雪琴, not 赵小青 from the roster.
        #expect(MemberNames.match("zxq", team: current, roster: Self.roster) == .one(Self.zhang))
    }

    @Test func anAmbiguousTokenOffersTheCandidatesTeamFirst() {
        let current = Self.team.filter(\.isCurrent).map(\.member)
        let xiaoqing = Member(id: 7, name: "张晓青")  // zxq too, on the team
        let done = MemberNames.complete("dhx zxq ", all: false, team: current + [xiaoqing], roster: Self.roster + [xiaoqing])
        #expect(done.text == "杜海侠 zxq ")
        let choice = try! #require(done.choice)
        #expect(choice.token == "zxq" && choice.index == 1)
        #expect(choice.candidates.map(\.name) == ["张雪琴", "张晓青", "赵小青"])
        #expect(MemberNames.replacing(token: 1, in: done.text, with: "张晓青") == "杜海侠 张晓青 ")
        // Not on the team at all: the roster's people, as a choice.
        #expect(MemberNames.match("zxq", team: [], roster: Self.roster) == .several([Self.zhang, Self.zhao]))
        #expect(MemberNames.match("nobody", team: current, roster: Self.roster) == .none)
    }

    @Test func aMemberNotOnTheTeamOnTheDayIsAWarningThatNamesThem() {
        let found = MemberNames.check("zxq oynn", team: Self.team, roster: Self.roster, on: "2026-05-10")
        #expect(found.problems.isEmpty)
        #expect(found.members.map(\.name) == ["张雪琴", "欧阳娜娜"])
        #expect(found.warnings == ["欧阳娜娜 不是本工作室成员"])
        // 曹晓燕 left on 31 March: on the team for a March activity, not for a May one.
        #expect(MemberNames.check("曹晓燕", team: Self.team, roster: Self.roster, on: "2026-03-05").warnings.isEmpty)
        let may = MemberNames.check("曹晓燕", team: Self.team, roster: Self.roster, on: "2026-05-10")
        #expect(may.warnings == ["曹晓燕 活动当天不是本工作室成员（2025年1月1日至2026年3月31日在团队中）"])
    }

    @Test func everyProblemIsListedNotOnlyTheFirst() {
        let found = MemberNames.check("不存在 zxq 也没有", team: [], roster: Self.roster)
        #expect(found.problems == ["找不到委员「不存在」", "「zxq」可指 张雪琴、赵小青，请写全名或按 Tab 选择", "找不到委员「也没有」"])
        if case .problem(let text) = MemberNames.resolve("不存在 也没有", team: [], roster: Self.roster) {
            #expect(text == "找不到委员「不存在」；找不到委员「也没有」")
        } else {
            Issue.record("expected a problem")
        }
    }
}

/// Each profile's activity categories found by name, id or alias, brackets of either width equal.
@Suite struct CategoryAliasTests {
    func profiles() throws -> [String: RuleProfile] {
        let all = try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
        return Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
    }

    @Test func binjiangTakesTheBodysWordsAndHalfWidthBrackets() throws {
        let index = ActivityCategoryIndex(try #require(try profiles()["binjiang-2020"]).activityCategories)
        for word in ["协商交流", "协商", "协商交流活动", "协商交流(界别或联络处协商)", "协商交流（界别或联络处协商）", "consult", " 协商交流 (界别或联络处协商) "] {
            #expect(index.match(word)?.category.id == "consult", "\(word)")
        }
        #expect(index.match("协商")?.alias == "协商")
        // The name with other brackets is the name, not an alias.
        #expect(index.match("协商交流(界别或联络处协商)")?.alias == nil)
        #expect(index.match("学习宣传")?.category.id == "study")
        #expect(index.match("学习宣传")?.alias == "学习宣传")
        #expect(index.match("学习宣讲")?.alias == nil)
        #expect(index.match("座谈") == nil)
    }

    @Test func eachProfileHasItsOwnWords() throws {
        let p = try profiles()
        func id(_ profile: String, _ word: String) throws -> String? {
            ActivityCategoryIndex(try #require(p[profile]).activityCategories).match(word)?.category.id
        }
        #expect(try id("chenzhou-2019", "协商") == "consult")
        #expect(try id("chenzhou-2019", "学习交流") == "study")
        #expect(try id("ordos-2021", "协商") == "consult")
        #expect(try id("shaanxi-2023", "读书交流分享活动") == "reading")
        #expect(try id("shaanxi-2023", "便民服务和公益活动") == "service")
        #expect(try id("shaanxi-2023", "协商") == "micro_consult")
        #expect(try id("shangluo-2023", "微监督活动") == "micro_supervise")
        // 学习宣传 is 滨江's word; 陕西 has no 学习 category.
        #expect(try id("shaanxi-2023", "学习宣传") == nil)
        // Full-width letters and digits are their half-width selves.
        #expect(ActivityCategoryIndex.key("ＳＴＵＤＹ　（１）") == "study(1)")
    }

    @Test func anAliasLeadingToTwoCategoriesIsRefused() throws {
        var p = try #require(try profiles()["binjiang-2020"])
        p.activityCategories[1].aliases.append("协商")
        #expect(throws: ProfileError.self) { try ProfileLoader.validate(p, file: "binjiang-2020.json") }
    }
}
