import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit
import StudioResources

@Suite struct StudioRegisterScreenTests {
    /// Data rows of the register (below the title, search line and column header).
    func tableRows(_ h: Harness) -> [String] {
        h.frame.lines.dropFirst(4).dropLast(2).filter { $0.contains("委员") }
    }

    func harness() throws -> Harness {
        let profiles = try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
        return try Harness(profiles: profiles)
    }

    @Test func menuItemTwoOpensTheRegister() throws {
        let h = try harness()
        #expect(h.screen.contains("共 18 个工作室"))
        h.press(.char("2"))
        let s = h.screen
        for col in ["工作室名称", "类型", "形式", "召集人/领衔", "人数", "状态"] { #expect(s.contains(col)) }
        #expect(s.contains("常静委员工作室"))
        #expect(s.contains("第 1/18 个"))
        // The last studio in pinyin order is one End away.
        h.press(.end)
        #expect(h.screen.contains("医药卫生界委员工作室"))
        #expect(h.screen.contains("第 18/18 个"))
        #expect(h.frame.line(23).contains("s 状态"))
    }

    @Test func statusFilterCyclesWithOneKey() throws {
        let h = try harness()
        h.press(.char("2"), .char("s"))
        #expect(h.screen.contains("状态：草稿"))
        h.press(.char("s"), .char("s"))
        #expect(h.screen.contains("状态：已授牌"))
        let rows = tableRows(h)
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0.contains("已授牌") })
        h.press(.char("c"))
        #expect(h.screen.contains("第 1/18 个"))
    }

    @Test func searchByPinyinInitials() throws {
        let h = try harness()
        h.press(.char("2"), .char("/"))
        h.type("yywsj")
        let rows = tableRows(h)
        #expect(rows.count == 1)
        #expect(rows.first?.contains("医药卫生界委员工作室") == true)
        #expect(rows.first?.contains("张雪琴") == true)
    }

    @Test func detailShowsTeamRolesDatesAndRuleCheck() throws {
        let h = try harness()
        h.press(.char("2"), .char("/"))
        h.type("yywsj")
        h.press(.enter, .enter)
        let s = h.screen
        #expect(s.contains("StudioDesk 委员工作室管理 > 医药卫生界委员工作室"))
        for text in ["类型：界别", "状态：已授牌", "适用规则：陕西 2023", "张雪琴", "召集人", "联络员", "加入日期"] {
            #expect(s.contains(text), "detail misses \(text)")
        }
        #expect(s.contains("规则检查："))
        h.press(.escape)
        #expect(h.screen.contains("第 1/1 个"))
    }

    @Test func detailFlagsAStudioThatBreaksItsRules() throws {
        let h = try harness()
        // The draft studio in the demo has no 联络员 yet.
        let draft = try #require(try h.db.studioSummaries(StudioFilter(status: .draft)).first)
        h.press(.char("2"), .char("s"))
        h.press(.enter)
        let s = h.screen
        #expect(s.contains(draft.studio.name))
        #expect(s.contains("不符合："))
    }
}
