import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit
import StudioResources

@Suite struct LedgerScreenTests {
    func harness() throws -> Harness {
        try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
    }

    /// Opens 医药卫生界委员工作室 (Shaanxi rules) on its ledger, from the register.
    func openMedicalLedger(_ h: Harness) throws -> Studio {
        let studio = try #require(try h.db.studios().first { $0.name == "医药卫生界委员工作室" })
        h.press(.char("2"), .char("/"))
        h.type("yywsj")
        h.press(.enter, .enter, .char("l"))
        return studio
    }

    @Test func mainMenuShowsWhatFallsDueAndTheLedgerSummary() throws {
        let h = try harness()
        let s = h.screen
        #expect(s.contains("近30天到期："))
        #expect(s.contains("11-30（12天后）11月底前：年度总结报送负责联系指导的专门委员会"))
        #expect(s.contains("[6] 履职台账    未完成要求"))
    }

    @Test func officeViewListsStudiosAndTheirShortfalls() throws {
        let h = try harness()
        h.press(.char("6"))
        #expect(h.screen.contains("2026年  按工作室：运行中工作室"))
        #expect(h.screen.contains("医药卫生界委员工作室"))
        h.press(.char("v"))
        #expect(h.screen.contains("未完成的要求"))
        #expect(h.screen.contains("差"))
        h.press(.enter)
        #expect(h.screen.contains("最低要求"))
    }

    @Test func logAnActivityWithMembersByPinyinInitials() throws {
        let h = try harness()
        let studio = try openMedicalLedger(h)
        #expect(h.screen.contains("医药卫生界委员工作室  2026年"))
        let before = try h.db.ledgerEntries(studioID: studio.id!, year: 2026).count
        h.press(.char("a"))
        #expect(h.screen.contains("新活动：医药卫生界委员工作室"))
        h.press(.tab, .right, .tab, .right, .tab)  // 政策宣讲, 线上
        h.type("医保政策线上宣讲会")
        h.press(.tab)
        h.type("秦商量平台")
        h.press(.tab)
        h.type("zxq")
        h.press(.tab, .tab, .tab)  // 嘉宾, 嘉宾身份
        h.type("120")
        h.press(.function(2))
        #expect(h.screen.contains("医保政策线上宣"))  // the table cuts the rest
        #expect(h.screen.contains("张雪琴"))
        let entries = try h.db.ledgerEntries(studioID: studio.id!, year: 2026)
        #expect(entries.count == before + 1)
        let saved = try #require(entries.first { $0.title == "医保政策线上宣讲会" })
        #expect(saved.categoryID == "policy" && saved.mode == .online && saved.date == "2026-11-18")
        let a = try #require(try h.db.activity(id: saved.id))
        #expect(a.citizensReached == 120)
        #expect(try h.db.ledgerMembers(kind: .activity, id: saved.id).map(\.name) == ["张雪琴"])
    }

    @Test func unknownMemberAndBadDatesAreExplained() throws {
        let h = try harness()
        let studio = try openMedicalLedger(h)
        let before = try h.db.ledgerEntries(studioID: studio.id!).count
        h.press(.char("a"), .ctrl("u"))
        h.type("2099-1-1")
        h.press(.function(2))
        #expect(h.screen.contains("日期不能晚于今天"))
        h.press(.ctrl("u"))
        h.type("3.5")
        h.press(.tab, .tab, .tab)
        h.type("读书会")
        h.press(.tab, .tab)
        h.type("不存在的人")
        h.press(.function(2))
        #expect(h.screen.contains("找不到委员「不存在的人」"))
        #expect(try h.db.ledgerEntries(studioID: studio.id!).count == before)
    }

    @Test func aDuplicateIsWarnedOnceThenSaved() throws {
        let h = try harness()
        let studio = try openMedicalLedger(h)
        let last = try #require(try h.db.lastActivity(studioID: studio.id!)?.0)
        let before = try h.db.ledgerEntries(studioID: studio.id!).count
        // Repeat the last record on the same day with the same title.
        h.press(.char("r"))
        #expect(h.screen.contains("新活动（沿用上条）"))
        #expect(h.screen.contains(last.title))
        h.press(.ctrl("u"))
        h.type(last.date)
        h.press(.function(2))
        #expect(h.screen.contains("已有同名记录，可能重复录入"))
        #expect(try h.db.ledgerEntries(studioID: studio.id!).count == before)
        h.press(.function(2))
        #expect(try h.db.ledgerEntries(studioID: studio.id!).count == before + 1)
    }

    @Test func reviewApprovesOrReturnsWithAComment() throws {
        let h = try harness()
        let studio = try openMedicalLedger(h)
        let first = try #require(try h.db.ledgerEntries(studioID: studio.id!, year: 2026).first)
        h.press(.char("b"))
        #expect(h.screen.contains("退回："))
        #expect(h.screen.contains(h.db.user))  // 审核人 is the session's user
        h.press(.ctrl("u"))
        h.type("刘联络")
        h.press(.function(2))
        #expect(h.screen.contains("退回时请写明原因"))  // and the cursor goes to that field
        h.type("缺少签到表")
        h.press(.function(2))
        // The cursor moved on to the next 待审核: back to the returned record.
        h.press(.home)
        #expect(h.screen.contains("退回（刘联络）：缺少签到表"))
        h.press(.char("v"))
        #expect(h.screen.contains("审核通过："))
        #expect(h.screen.contains(h.db.user))
        h.press(.function(2))
        let after = try #require(try h.db.ledgerEntries(studioID: studio.id!, year: 2026).first { $0.id == first.id && $0.kind == first.kind })
        #expect(after.review.status == .approved && after.review.reviewer == h.db.user && after.review.reviewedOn == "2026-11-18")
    }

    @Test func complianceShowsTheSplitOnlineOfflineCountsAndWhoIsShortOfDuty() throws {
        let h = try harness()
        _ = try openMedicalLedger(h)
        h.press(.char("t"))
        let s = h.screen
        #expect(s.contains("医药卫生界委员工作室  2026年  适用规则：陕西 2023"))
        #expect(s.contains("读书交流"))
        #expect(s.contains("线上"))
        #expect(s.contains("年度工作计划：2026年1月20日"))
        // Walk to a per-member line (值班) and see who is short, if anyone.
        var found = false
        for _ in 0..<12 {
            if h.screen.contains("每位成员都已完成") || h.screen.contains("未完成：") { found = true; break }
            h.press(.down)
        }
        #expect(found)
    }

    @Test func anEmptyProposalNamesTheTitleFirstAndMarksTheOtherField() throws {
        let h = try harness()
        let studio = try openMedicalLedger(h)
        let before = try h.db.ledgerEntries(studioID: studio.id!).count
        h.press(.char("p"), .function(2))
        #expect(h.frame.line(22).contains("请填写提案标题"))
        // 提案人 is also missing: its label turns to the error style.
        let row = try #require(h.frame.lines.firstIndex { $0.contains("提案人：") })
        let col = try #require(h.frame.line(row).firstRange(of: "提案人").map { h.frame.line(row).distance(from: h.frame.line(row).startIndex, to: $0.lowerBound) })
        #expect(h.frame.style(row: row, col: col).role == .error)
        #expect(try h.db.ledgerEntries(studioID: studio.id!).count == before)
    }

    @Test func filtersNarrowTheView() throws {
        let h = try harness()
        let studio = try openMedicalLedger(h)
        h.press(.char("l"))
        #expect(h.screen.contains("台账：活动"))
        h.press(.char("l"))
        #expect(h.screen.contains("台账：提案"))
        let proposals = try h.db.ledgerEntries(studioID: studio.id!, year: 2026).filter { $0.kind == .proposal }
        #expect(h.screen.contains("第 1/\(proposals.count) 条"))
        h.press(.char("0"))
        #expect(h.screen.contains("筛选：全部"))
    }

    @Test func memberViewListsEveryRecordAcrossStudios() throws {
        let h = try harness()
        let member = try #require(try h.db.members(matching: SearchQuery("张雪琴")).first)
        let count = try h.db.ledgerEntries(memberID: member.id!, year: 2026).count
        h.press(.char("6"), .char("m"))
        h.type("zxq")
        h.press(.enter)
        #expect(h.screen.contains("委员履职记录：张雪琴"))
        #expect(count > 0)
        #expect(h.screen.contains("2026年："))
    }
}

@Suite struct HelpBarFitsTests {
    /// At 80 columns every screen's bar still ends with F1 帮助 (nothing pushed off the edge).
    @Test func everyScreenShowsF1At80Columns() throws {
        let h = try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
        func check(_ name: String) { #expect(h.frame.line(23).contains("F1 帮助"), "\(name): \(h.frame.line(23))") }
        check("main menu")
        h.press(.char("2")); check("register")
        h.press(.enter); check("studio detail")
        h.press(.char("w")); check("wall page")
        h.press(.char("n")); check("inspection form")
        h.press(.escape, .escape, .char("l")); check("studio ledger")
        h.press(.char("t")); check("compliance")
        h.press(.escape, .escape, .escape, .escape)
        h.press(.char("4")); check("wall overview")
        h.press(.escape, .char("6")); check("ledger office view")
        h.press(.char("i")); check("intake queue")
        h.press(.escape, .escape, .char("9")); check("rule settings")
        h.press(.char("s")); check("scorecard settings")
        h.press(.escape, .escape, .char("7")); check("assessment office view")
        h.press(.char("v"), .char("v")); check("assessment consequences")
        h.press(.char("v"), .enter); check("assessment sheet")
        h.press(.escape, .escape, .char("3")); check("roster")
        h.press(.escape, .char("8")); check("printing and data")
        h.press(.char("l")); check("audit log")
        h.press(.escape, .char("i")); check("import form")
        h.press(.escape, .enter); check("studio picker")
    }
}

/// Issue 20: long texts in a box of several rows, Enter starting a line, Ctrl-E through the clerk's editor.
@Suite struct LongTextScreenTests {
    func harness() throws -> Harness {
        try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
    }

    func openPlanForm(_ h: Harness) throws -> Studio {
        let studio = try #require(try h.db.studios().first { $0.name == "医药卫生界委员工作室" })
        h.press(.char("2"), .char("/"))
        h.type("yywsj")
        h.press(.enter, .enter, .char("l"), .char("n"))
        #expect(h.screen.contains("计划与总结：医药卫生界委员工作室"))
        h.press(.tab, .tab)  // 种类, 日期, 内容
        return studio
    }

    @Test func aPlanIsTypedInLinesAndEditedInTheClerksEditor() throws {
        let h = try harness()
        let studio = try openPlanForm(h)
        let before = try h.db.yearDocs(studioID: studio.id!, year: 2026).first { $0.kind == .plan }?.text ?? ""
        #expect(h.frame.line(h.height - 1).contains("Ctrl-E 外部编辑器"))
        h.press(.end, .end)  // the end of what is there
        if !before.isEmpty { h.press(.enter) }
        h.type("一、调研")
        h.press(.enter)
        h.type("二、走访群众")
        // Two rows on screen, the cursor after the wide characters of the second.
        let frame = h.frame
        let cursor = try #require(frame.cursor)
        #expect(frame.line(cursor.row).contains("二、走访群众"))
        #expect(frame.line(cursor.row - 1).contains("一、调研"))
        let boxStart = try #require(frame.line(cursor.row).range(of: "二、走访群众"))
        let startCol = DisplayWidth.of(frame.line(cursor.row)[..<boxStart.lowerBound])
        #expect(cursor.col == startCol + DisplayWidth.of("二、走访群众"))
        // Ctrl-E: a fake editor that appends a line; what comes back is in the box.
        final class Given: @unchecked Sendable { var text = "" }
        let given = Given()
        h.app.context.externalEditor = ExternalEditor { text in
            given.text = text
            return .success(text + "\n三、回访")
        }
        h.press(.ctrl("e"))
        #expect(given.text.hasSuffix("一、调研\n二、走访群众"))
        #expect(h.screen.contains("三、回访"))
        h.press(.function(2))
        let saved = try #require(try h.db.yearDocs(studioID: studio.id!, year: 2026).first { $0.kind == .plan })
        #expect(saved.text == (before.isEmpty ? "" : before + "\n") + "一、调研\n二、走访群众\n三、回访")
    }

    /// Switching 种类 shows that kind's own date and text; what was typed under each kind is saved under it.
    @Test func eachKindKeepsItsOwnTextAndF2SavesEveryChangedKind() throws {
        let h = try harness()
        let studio = try openPlanForm(h)
        let docs = try h.db.yearDocs(studioID: studio.id!, year: 2026)
        let plan = docs.first { $0.kind == .plan }?.text ?? ""
        let summary = docs.first { $0.kind == .summary }?.text ?? ""
        h.press(.end, .end)
        h.type("（补）走访")
        h.press(.backTab, .backTab, .right)  // back to 种类, then 年度总结
        let form = try #require(h.app.top as? EntryFormScreen)
        #expect(form.values["kind"] == "年度总结")
        #expect(form.values["text"] == summary, "the summary's own text, not the plan's")
        h.press(.tab, .tab, .end, .end)
        h.type("全年共开展活动")
        h.press(.backTab, .backTab, .left)  // the plan again: what was typed is still there
        #expect(form.values["text"] == plan + "（补）走访")
        h.press(.function(2))
        let saved = try h.db.yearDocs(studioID: studio.id!, year: 2026)
        #expect(saved.first { $0.kind == .plan }?.text == plan + "（补）走访")
        #expect(saved.first { $0.kind == .summary }?.text == summary + "全年共开展活动")
        #expect(saved.first { $0.kind == .selfAssessment }?.text == docs.first { $0.kind == .selfAssessment }?.text)
    }

    @Test func upAndDownMoveInTheBoxThenToTheFieldsAround() throws {
        let h = try harness()
        _ = try openPlanForm(h)
        let form = try #require(h.app.top as? EntryFormScreen)
        h.press(.ctrl("u"), .end, .end)  // Ctrl-U is not the box's: nothing happens; then the end of the text
        h.press(.enter)
        h.type("末行")
        h.press(.up)
        #expect(form.focus == 2)  // up a line inside the box
        h.press(.home, .home, .up)
        #expect(form.focus == 1)  // from the first line to 日期
        h.press(.down)
        #expect(form.focus == 2)
        #expect(form.values["text"]?.hasSuffix("\n末行") == true)
    }

    @Test func anEditorThatFailsLeavesTheTextAndSaysWhy() throws {
        let h = try harness()
        _ = try openPlanForm(h)
        h.type("原有计划")
        h.app.context.externalEditor = ExternalEditor { _ in .failure(.init("编辑器 vi 异常退出（状态 1），内容未改动")) }
        h.press(.ctrl("e"))
        #expect(h.screen.contains("编辑器 vi 异常退出（状态 1），内容未改动"))
        let form = try #require(h.app.top as? EntryFormScreen)
        #expect(form.values["text"]?.hasPrefix("原有计划") == true)
    }
}
