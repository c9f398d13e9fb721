import Foundation
import StudioCore

/// The 评估表 (rules.md §2.8, 附件4): per studio the table of sections, items, points and what earned
/// them, the total and the verdict, the studio's three texts, and the 评估小组's and 主席会议's
/// signature and date lines; optionally preceded by the year's summary sheet (汇总表). A4, through
/// the printing kit; each studio's sheet starts on a new page.
public struct ScorecardPrintout {
    public var sheets: [(studio: Studio, assessment: Assessment)]
    public var summary: YearEndSummary?
    public var district: String
    public var printedOn: String

    public init(sheets: [(studio: Studio, assessment: Assessment)], summary: YearEndSummary? = nil, district: String = "", printedOn: String) {
        self.sheets = sheets
        self.summary = summary
        self.district = district
        self.printedOn = printedOn
    }

    /// At most this many records are named under an item; the rest are counted ("等 12 条").
    static let basisShown = 4
    static let scoreWidths: [Double] = [190, 36, 36, FormLayout.width - 262]
    static let scoreHeaders = ["评估项目", "分值", "得分", "评分依据（台账记录或评估小组说明）"]
    static let verdictWidths: [Double] = [200, 60, 50, FormLayout.width - 310]
    static let verdictHeaders = ["要求", "时段", "结论", "完成情况"]

    @discardableResult
    public func render(to path: String) throws -> Int {
        if sheets.isEmpty && summary == nil { throw PDFError("没有可打印的评估表") }
        let title = sheets.count == 1 && summary == nil ? "\(sheets[0].studio.name)\(sheets[0].assessment.year)年度评估表" : "委员工作室年度评估表"
        let doc = try PDFDocument(path: path, title: title)
        let layout = FormLayout(doc: doc)
        let studio = sheets.count == 1 ? sheets[0].studio.name : ""
        // Page by page: a part (the summary, or one studio's sheet) is laid out, drawn and let go, so memory is one
        // part's, not 750 pages'. The footer counts the whole document, so the parts are first laid out only to be counted.
        let parts = (summary == nil ? 0 : 1) + sheets.count
        func pages(_ part: Int) -> [[PlacedBlock]] {
            if let summary, part == 0 { return summaryPages(layout, summary) }
            let (s, a) = sheets[part - (summary == nil ? 0 : 1)]
            return sheetPages(layout, studio: s, assessment: a)
        }
        if parts == 1 { return try layout.write(pages(0), studio: studio, printedOn: printedOn) }
        let total = (0..<parts).reduce(0) { $0 + pages($1).count }
        var number = 0
        for part in 0..<parts {
            let owner = summary != nil && part == 0 ? "" : sheets[part - (summary == nil ? 0 : 1)].studio.name
            for page in pages(part) {
                number += 1
                layout.draw(page, number: number, of: total, studio: owner, printedOn: printedOn)
            }
        }
        return try doc.finish()
    }

    func sheetPages(_ l: FormLayout, studio: Studio, assessment a: Assessment) -> [[PlacedBlock]] {
        var p = Pager()
        let sheet = a.sheet
        p.place([l.title("\(district)政协委员工作室\(a.year)年度评估表" + (a.round > 1 ? "（整改后复评）" : ""))])
        p.place([l.headerLine(label: "工作室名称", value: studio.name),
                 l.headerLine(label: "适用规则", value: "\(a.profile.name)（\(sheet.method == "scorecard" ? sheet.title : "按年度量化要求认定达标")）"),
                 l.headerLine(label: "评估阶段", value: a.stage.title + (a.approvedOn.map { "（\(DateInput.chinese($0)) 主席会议审定）" } ?? "（未审定）"))])
        if sheet.method == "scorecard" {
            let head = [cells(l, Self.scoreHeaders, widths: Self.scoreWidths, align: .center, bold: true)]
            var rows: [Block] = []
            for section in sheet.sections {
                rows.append(band(l, "\(section.name)（满分 \(Scoring.points(section.cap)) 分，得 \(Scoring.points(section.points)) 分）"))
                for item in sheet.items where item.section == section.name {
                    rows.append(cells(l, [item.text, Scoring.points(item.max), Scoring.points(item.points), basisText(item)],
                                      widths: Self.scoreWidths, align: .left))
                }
            }
            if !sheet.bonus.isEmpty {
                let bonus = sheet.bonus.reduce(0) { $0 + $1.points }
                rows.append(band(l, "加分项目（得 \(Scoring.points(bonus)) 分）"))
                for item in sheet.bonus {
                    let each = a.profile.scorecard?.bonus.first { $0.id == item.id }.map { "每项\(Scoring.points($0.pointsEach))" } ?? ""
                    rows.append(cells(l, [item.text, each, Scoring.points(item.points), basisText(item)], widths: Self.scoreWidths, align: .left))
                }
            }
            rows.append(band(l, "合计得分：\(Scoring.points(sheet.total)) 分（达标线 \(Scoring.points(sheet.passMark)) 分）　评估结论：\(sheet.passed ? "达标" : "未达标")", bold: true))
            p.table(head, continued: [l.caption("评估表（续）")] + head, rows: rows)
        } else {
            let head = [cells(l, Self.verdictHeaders, widths: Self.verdictWidths, align: .center, bold: true)]
            var rows = sheet.items.map { item in
                cells(l, [item.text, item.section, item.points >= item.max ? "已完成" : "未完成", basisText(item)], widths: Self.verdictWidths, align: .left)
            }
            if sheet.items.isEmpty { rows.append(band(l, "本地区规则未规定量化要求，由评估小组认定")) }
            let note = sheet.verdictNote.isEmpty ? "" : "（评估小组：\(sheet.verdictNote)）"
            rows.append(band(l, "完成要求 \(Scoring.points(sheet.total)) / \(Scoring.points(sheet.passMark)) 项　评估结论：\(sheet.passed ? "达标" : "未达标")\(note)", bold: true))
            p.table(head, continued: [l.caption("评估表（续）")] + head, rows: rows)
        }
        p.place([Block(height: 10, items: [])])
        for (label, text) in [("成绩和特色亮点", a.highlights), ("问题和不足", a.problems), ("下一步工作计划", a.nextPlan)] {
            p.place([textBlock(l, label: label, value: text.isEmpty ? "（未填写）" : text)])
        }
        p.place([l.opinion(label: "评估小组意见", text: sheet.passed ? "经综合评定，评估结论为达标。" : "经综合评定，评估结论为未达标。",
                           signer: "", date: nil),
                 l.opinion(label: "主席会议审定", text: a.approvedOn == nil ? "" : "经主席会议审定。", signer: "", date: a.approvedOn.map(DateInput.chinese))])
        return p.pages
    }

    func basisText(_ item: ScoredItem) -> String {
        if item.basis.isEmpty { return item.byPanel ? "（待评估小组评分）" : (item.howToEarn.isEmpty ? "无记录" : "无记录（\(item.howToEarn)）") }
        let shown = item.basis.prefix(Self.basisShown).map(\.line)
        let more = item.basis.count > Self.basisShown ? ["等 \(item.basis.count) 条"] : []
        return (shown + more).joined(separator: "\n")
    }

    func summaryPages(_ l: FormLayout, _ s: YearEndSummary) -> [[PlacedBlock]] {
        var p = Pager()
        p.place([l.title("\(district)政协委员工作室\(s.year)年度评估汇总表")])
        p.place([l.headerLine(label: "参评工作室", value: s.headline)])
        let rankWidths: [Double] = [34, 150, 40, 90, 64, 56, FormLayout.width - 434]
        let rankHead = [cells(l, ["名次", "工作室", "类型", "专委会", "规则", "得分", "结论（阶段）"], widths: rankWidths, align: .center, bold: true)]
        // Each group ranked on its own, under its own caption: points and pass/fail never share a 名次 column.
        for group in s.groups {
            let caption = "一、排名与结论：\(group.title)"
            p.table([l.caption(caption)] + rankHead, continued: [l.caption(caption + "（续）")] + rankHead, rows: s.lines.filter { $0.group == group }.map { line in
                cells(l, [line.rank.map(String.init) ?? "—", line.name, line.type.title, line.committee, line.profileName, line.scoreText,
                          line.group == .notJudged ? line.verdict : "\(line.verdict)（\(line.stage.title)）"], widths: rankWidths, align: .left)
            })
        }
        let countWidths: [Double] = [200, 100, 100, FormLayout.width - 400]
        func counts(_ title: String, _ first: String, _ list: [YearEndSummary.Count]) {
            let head = [cells(l, [first, "参评", "达标", "未达标"], widths: countWidths, align: .center, bold: true)]
            p.table([l.caption(title)] + head, continued: [l.caption(title + "（续）")] + head, rows: list.map {
                cells(l, [$0.name, String($0.studios), String($0.passed), String($0.studios - $0.passed)], widths: countWidths, align: .left)
            })
        }
        counts("二、按工作室类型", "类型", s.byType)
        counts("三、按联系专委会", "专委会", s.byCommittee)
        if !s.averages.isEmpty {
            let avgWidths: [Double] = [90, FormLayout.width - 290, 50, 70, 80]
            let head = [cells(l, ["规则", "评估项目", "分值", "平均得分", "得满分的工作室"], widths: avgWidths, align: .center, bold: true)]
            p.table([l.caption("四、各项平均得分")] + head, continued: [l.caption("四、各项平均得分（续）")] + head, rows: s.averages.map { a in
                cells(l, [a.profileName, a.text, a.max > 0 ? Scoring.points(a.max) : "加分", String(format: "%.1f", a.average),
                          a.max > 0 ? String(a.full) : "—"], widths: avgWidths, align: .left)
            })
        }
        return p.pages
    }

    /// A full-width row: a section's name and subtotal, or the total.
    func band(_ l: FormLayout, _ text: String, bold: Bool = false) -> Block {
        let font = PDFFont(size: 10.5, bold: bold)
        let height = l.doc.cellHeight(text, width: FormLayout.width, font: font, minHeight: FormLayout.rowMin)
        return Block(height: height, items: [Item(kind: .cell(align: .left, valign: .middle), x: FormLayout.left, y: 0, width: FormLayout.width,
                                                  height: height, text: text, font: font)])
    }

    func cells(_ l: FormLayout, _ texts: [String], widths: [Double], align: TextAlign, bold: Bool = false) -> Block {
        let font = PDFFont(size: 10.5, bold: bold)
        let height = zip(texts, widths).map { l.doc.cellHeight($0, width: $1, font: font, minHeight: FormLayout.rowMin) }.max() ?? FormLayout.rowMin
        var x = FormLayout.left
        var items: [Item] = []
        for (i, (text, w)) in zip(texts, widths).enumerated() {
            // Points sit in the middle of their narrow columns.
            let a: TextAlign = bold || (widths.count == 4 && (i == 1 || i == 2)) ? .center : align
            items.append(Item(kind: .cell(align: a, valign: .middle), x: x, y: 0, width: w, height: height, text: text, font: font))
            x += w
        }
        return Block(height: height, items: items)
    }

    /// A labelled text the height of what it holds (the three 自评 texts are usually short).
    func textBlock(_ l: FormLayout, label: String, value: String) -> Block {
        let valueWidth = FormLayout.width - FormLayout.label
        let height = max(44, l.h(label, FormLayout.label), l.h(value, valueWidth) + 8)
        return Block(height: height, items: [
            Item(kind: .cell(align: .center, valign: .middle), x: FormLayout.left, y: 0, width: FormLayout.label, height: height, text: label),
            Item(kind: .cell(align: .left, valign: .top), x: FormLayout.left + FormLayout.label, y: 0, width: valueWidth, height: height, text: value),
        ])
    }
}
