import Foundation
import StudioCore
import StudioPrint
import Testing

/// The 评估表 of 附件4 from a worked 滨江 year: every item with its points, the total and the verdict,
/// the signature lines; the summary sheet; the font embedded.
@Suite struct ScorecardPrintTests {
    static func facts() -> AssessmentFacts {
        func activity(_ id: Int64, _ category: String, _ date: String, guests: String = "") -> Activity {
            Activity(id: id, studioID: 1, date: date, category: category, categoryName: category, title: "\(category)活动", guests: guests,
                     guestKind: .committee)
        }
        return AssessmentFacts(
            year: 2026,
            activities: [activity(1, "consult", "2026-03-02", guests: "区政协社法委副主任"), activity(2, "study", "2026-04-02"),
                         activity(3, "service", "2026-05-02")],
            proposals: [Proposal(id: 1, studioID: 1, title: "关于加快老旧小区改造的提案", date: "2026-03-12", status: .filed, decidedOn: "2026-04-05")],
            socialInfos: [SocialInfo(id: 10, studioID: 1, title: "关于规范电动自行车充电的建议", date: "2026-02-08", status: .adopted,
                                     adoptedBy: "区委办公室", adoptedOn: "2026-02-25")],
            yearDocs: [YearDoc(studioID: 1, year: 2026, kind: .plan, date: "2026-01-20", text: "计划")],
            inspections: ["wall_content": (date: "2026-10-10", problems: 0, inspectionID: 7)])
    }

    static func assessment() throws -> (Studio, Assessment) {
        let p = try profile("binjiang-2020")
        let panel = ["fixed_site": PanelEntry(points: 5, note: "现场查看，场所约60平方米"), "materials": PanelEntry(points: 3, note: "宣传资料不全")]
        let sheet = Scoring.score(profile: p, facts: facts(), panel: panel)
        let studio = Studio(id: 14, name: "江志明委员工作室", type: .personal, mode: .offline, status: .plaqued, profileID: p.id,
                            address: "明湖区文昌路8号", committee: "教科卫体委员会")
        let a = Assessment(id: 1, studioID: 14, year: 2026, profile: p, stage: .approved, panel: panel, highlights: "联络处协商议事会形成品牌",
                           problems: "社情民意被采用的不多", nextPlan: "每季度至少开展一次协商活动", sheet: sheet, approvedOn: "2026-12-20",
                           updatedOn: "2026-12-20")
        return (studio, a)
    }

    @Test func theScorecardHasEveryItemItsPointsTheTotalAndTheSignatureLines() throws {
        let (studio, a) = try Self.assessment()
        let path = tempPDF("scorecard")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let pages = try ScorecardPrintout(sheets: [(studio, a)], district: "明湖区", printedOn: "2026-12-21").render(to: path)
        #expect(pages >= 1)
        let text = squeezed(try pdfText(path))
        #expect(text.contains(squeezed("明湖区政协委员工作室2026年度评估表")))
        #expect(text.contains("江志明委员工作室"))
        let card = try #require(a.profile.scorecard)
        for section in card.sections {
            #expect(text.contains(squeezed(section.name)), "section \(section.name)")
            // An item's text wraps inside its cell; its first line is whole in the extracted text.
            for item in section.items { #expect(text.contains(squeezed(String(item.text.prefix(12)))), "item \(item.text)") }
        }
        for b in card.bonus { #expect(text.contains(squeezed(String(b.text.prefix(12)))), "bonus \(b.text)") }
        // Each item's points (max, earned) beside it, then its basis.
        #expect(text.contains(squeezed("有固定场所。 5 5 评估小组：现场查看")))
        #expect(text.contains(squeezed("有规范上墙内容。 5 5 2026-10-10 上墙检查：全部合格")))
        // Points beside their items, and what earned them.
        #expect(text.contains(squeezed("（满分 35 分，得 25 分）")))
        #expect(text.contains(squeezed("（满分 15 分，得 13 分）")))
        #expect(text.contains("提案：关于加快老旧小区"))
        #expect(text.contains(squeezed("评估小组：宣传资料不全")))
        #expect(a.sheet.total == 78)
        #expect(text.contains(squeezed("合计得分：78 分（达标线 80 分）")))
        #expect(text.contains("评估结论：未达标"))
        #expect(text.contains("评估小组意见"))
        #expect(text.contains("主席会议审定"))
        #expect(text.contains("2026年12月20日"))
        #expect(text.contains("联络处协商议事会形成品牌"))
        let fonts = try run("pdffonts", [path])
        let rows = fonts.split(separator: "\n").dropFirst(2)
        #expect(!rows.isEmpty)
        for row in rows { #expect(row.contains(" yes "), "font not embedded: \(row)") }
    }

    @Test func theSummarySheetRanksCountsAndAveragesAndEachStudioStartsAPage() throws {
        let (studio, a) = try Self.assessment()
        var other = studio
        other.id = 16
        other.name = "湖东联络处委员工作室"
        other.type = .liaisonOffice
        var b = a
        b.studioID = 16
        b.panel["report_to_sector"] = PanelEntry(points: 5, note: "每半年报告")
        b.sheet = Scoring.score(profile: b.profile, facts: Self.facts(), panel: b.panel)
        let results = [(studio, a), (other, b)]
        let summary = YearEndSummary.make(year: 2026, results: results)
        #expect(summary.lines.map(\.name) == ["湖东联络处委员工作室", "江志明委员工作室"])
        #expect(summary.lines.map(\.rank) == [1, 2])
        #expect(summary.passed == 1)
        #expect(summary.byType.map(\.name) == ["个人", "联络处"])
        let report = try #require(summary.averages.first { $0.itemID == "report_to_sector" })
        #expect(report.average == 2.5)
        #expect(report.full == 1)
        let path = tempPDF("scorecards")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let pages = try ScorecardPrintout(sheets: results, summary: summary, district: "明湖区", printedOn: "2026-12-21").render(to: path)
        #expect(pages >= 3)
        let first = squeezed(try pdfText(path, page: 1))
        #expect(first.contains(squeezed("2026年度评估汇总表")))
        #expect(first.contains(squeezed("参评工作室：2 个，达标 1，未达标 1")))
        #expect(first.contains(squeezed("一、排名与结论：按评估表评分")))
        #expect(first.contains("按工作室类型"))
        #expect(first.contains("教科卫体委员会"))
        #expect(first.contains("各项平均得分"))
        // Each studio's sheet begins on a page of its own.
        let starts = try (1...pages).map { squeezed(try pdfText(path, page: $0)) }.filter { $0.hasPrefix("明湖区政协委员工作室2026年度评估表") }
        #expect(starts.count == 2)
        #expect(starts.contains { $0.contains("工作室名称：湖东联络处委员工作室") })
        #expect(starts.contains { $0.contains("工作室名称：江志明委员工作室") })
    }

    /// The year is printed page by page (each part laid out, drawn and let go): the whole has the pages of its parts
    /// printed alone, in order, and every footer counts the whole document; the texts that recur on each sheet
    /// (kept laid out between sheets) print as they do on a sheet alone.
    @Test func aYearPrintedPageByPageIsItsPartsInOrderNumberedAsOneDocument() throws {
        let (studio, a) = try Self.assessment()
        var sheets = [(studio: studio, assessment: a)]
        for n in 1...3 {
            var s = studio
            s.id = 20 + Int64(n)
            s.name = "第\(n)委员工作室"
            var b = a
            b.studioID = s.id!
            b.highlights = String(repeating: "开展协商议事活动，", count: 8 * n)
            sheets.append((s, b))
        }
        let summary = YearEndSummary.make(year: 2026, results: sheets)
        let path = tempPDF("year")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let total = try ScorecardPrintout(sheets: sheets, summary: summary, district: "明湖区", printedOn: "2026-12-21").render(to: path)
        var alone: [String] = [], owners: [String] = []
        for part in 0...sheets.count {
            let one = tempPDF("part\(part)")
            defer { try? FileManager.default.removeItem(atPath: one) }
            let printout = part == 0 ? ScorecardPrintout(sheets: [], summary: summary, district: "明湖区", printedOn: "2026-12-21")
                : ScorecardPrintout(sheets: [sheets[part - 1]], district: "明湖区", printedOn: "2026-12-21")
            let pages = try printout.render(to: one)
            alone += try (1...pages).map { squeezed(try pdfText(one, page: $0)) }
            owners += Array(repeating: part == 0 ? "" : squeezed(sheets[part - 1].studio.name), count: pages)
        }
        try #require(total == alone.count)
        let whole = try (1...total).map { squeezed(try pdfText(path, page: $0)) }
        // A page's text up to its footer ("第 n 页，共 N 页", then the date).
        func body(_ page: String) throws -> Substring {
            let footer = try #require(page.range(of: "页，共", options: .backwards))
            return page[..<(try #require(page[..<footer.lowerBound].lastIndex(of: "第")))]
        }
        for (n, page) in whole.enumerated() {
            #expect(page.contains("第\(n + 1)页，共\(total)页打印日期：2026年12月21日"), "page \(n + 1)")
            #expect(try body(page) == body(alone[n]), "page \(n + 1)")
            // A sheet's pages name their studio in the footer, in the whole document as when printed alone.
            if !owners[n].isEmpty { #expect(try body(page).hasSuffix(owners[n]), "page \(n + 1)") }
        }
    }
}
