import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit
import StudioResources

/// 年度工作总结 (z on a studio's ledger) drawn into the in-memory buffer on the demo, today 2026-11-18.
@Suite struct AnnualSummaryScreenTests {
    func harness() throws -> Harness {
        try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
    }

    func openSummary(_ h: Harness) throws -> Studio {
        let studio = try #require(try h.db.studios().first { $0.name == "医药卫生界委员工作室" })
        h.press(.char("2"), .char("/"))
        h.type("yywsj")
        h.press(.enter, .enter, .char("l"))
        #expect(h.screen.contains("台账：医药卫生界委员工作室"))
        h.press(.char("z"))
        return studio
    }

    @Test func onTheMainMenusDueListBeforeTheDeadline() throws {
        let h = try harness()
        #expect(h.screen.contains("11-30（12天后）年度工作总结未定稿"), "\(h.screen)")
    }

    @Test func showsTheGeneratedDraftAndTheDeadline() throws {
        let h = try harness()
        _ = try openSummary(h)
        let s = h.screen
        #expect(s.contains("年度工作总结：医药卫生界委员工作室"))
        #expect(s.contains("截止 2026年11月30日（还有 12 天）"))
        #expect(s.contains("草稿：一至六部分按台账生成（只读）"))
        #expect(s.contains("一、基本情况"))
        #expect(s.contains("e 填写") && s.contains("f 定稿") && s.contains("p 打印"))
        // Scrolled to the end: the own sections, not yet written.
        h.press(.pageDown, .pageDown, .pageDown, .pageDown, .pageDown, .pageDown)
        #expect(h.screen.contains("九、下一步计划（按 e 填写）"))
        #expect(h.screen.contains("（未填写）"))
        // Every line within 80 columns.
        for line in h.screen.split(separator: "\n") { #expect(DisplayWidth.of(String(line)) <= 80) }
    }

    @Test func ownSectionsEditedThenFinalizedAndLockedUntilReopened() throws {
        let h = try harness()
        let studio = try openSummary(h)
        h.press(.char("f"))
        h.press(.char("y"))
        #expect(h.screen.contains("请先填写：成绩和特色亮点、存在问题、下一步计划"), "finalizing empty sections is refused")
        h.press(.enter)
        h.press(.char("e"))
        #expect(h.screen.contains("成绩和特色亮点"))
        h.type("委员进社区义诊")
        h.press(.tab)
        h.type("线上活动少")
        h.press(.tab)
        h.type("每季度一次线上读书会")
        h.press(.function(2))
        #expect(h.screen.contains("已保存"))
        let entry = try #require(try h.db.annualSummaryEntry(studioID: studio.id!, year: 2026))
        #expect(entry.text == AnnualSummaryText(highlights: "委员进社区义诊", problems: "线上活动少", nextPlan: "每季度一次线上读书会"))

        h.press(.char("f"))
        #expect(h.screen.contains("定稿？"))
        h.press(.char("y"))
        #expect(h.screen.contains("已定稿（2026年11月18日"))
        #expect(try h.db.yearDocs(studioID: studio.id!, year: 2026).contains { $0.kind == .summary && $0.date == "2026-11-18" })
        // While 定稿 the texts are not opened for editing; o reopens.
        h.press(.char("e"))
        #expect(h.screen.contains("要修改请先按 o 重新打开"))
        h.press(.enter, .char("o"), .char("y"))
        #expect(h.screen.contains("已重新打开"))
        #expect(try h.db.annualSummaryEntry(studioID: studio.id!, year: 2026)?.isFinal == false)
    }
}
