import Foundation
import StudioCore
import StudioPrint
import StudioStore

/// The 汇总表 of a quarter in every output (`studiodesk report area`, 打印导出 → 汇总): the same tables as text, JSON,
/// an XLSX workbook (one sheet a table) and a PDF.
public enum AreaReport {
    public struct Section: Sendable {
        public var title: String
        public var headers: [String]
        public var rows: [[String]]
        /// Relative column widths on the printed page (156 mm); nil: from the texts.
        public var widths: [Double]? = nil
    }

    public static func title(_ s: AreaSummary) -> String {
        let me = s.offices.first
        return "\(me?.name ?? "")政协委员工作室\(s.period.title)汇总表"
    }

    static func tallies(_ list: [Tally]) -> [[String]] { list.map { [$0.name, String($0.count)] } }

    /// The tables, in reading order: offices, studios by type / 界别 / status / 专委会, activities by kind, outcomes,
    /// compliance, who has not sent.
    public static func sections(_ s: AreaSummary) -> [Section] {
        let t = s.totals
        var out: [Section] = []
        out.append(Section(title: "一、各单位", headers: ["单位", "级别", "工作室", "新增备案", "活动", "提案", "社情民意", "值班完成/应完成", "全部达标", "报送时间"],
                           rows: s.offices.map { o in
            [String(repeating: "  ", count: o.depth) + o.name, o.level.title, String(o.area.studios), String(o.area.newStudios),
             String(o.area.activitiesTotal), String(o.area.proposals.total), String(o.area.sqmy.total),
             "\(o.area.duty.held)/\(o.area.duty.required)", String(o.area.studiosCompliant),
             o.receivedAt == nil ? "本办" : String(o.madeAt.prefix(16)).replacingOccurrences(of: "T", with: " ")]
        }, widths: [5, 2.4, 2.4, 2.4, 2.6, 2.4, 2.4, 4.6, 2.4, 6.4]))
        out.append(Section(title: "二、按工作室类型", headers: ["类型", "工作室"], rows: tallies(t.byType)))
        out.append(Section(title: "三、按界别／区域", headers: ["界别／区域", "工作室"], rows: tallies(t.bySector)))
        out.append(Section(title: "四、按状态", headers: ["状态", "工作室"], rows: tallies(t.byStatus)))
        out.append(Section(title: "五、按联系专委会", headers: ["专委会", "工作室"], rows: tallies(t.byCommittee)))
        out.append(Section(title: "六、活动（按类别）", headers: ["类别", "次数"],
                           rows: tallies(t.activities) + [["线上合计", String(t.activitiesOnline)], ["线下合计", String(t.activitiesOffline)], ["合计", String(t.activitiesTotal)]]))
        out.append(Section(title: "七、履职成果", headers: ["项目", "数量"], rows: [
            ["提案", String(t.proposals.total)], ["其中立案", String(t.proposals.filed)], ["其中已答复", String(t.proposals.replied)],
            ["其中不立案", String(t.proposals.notFiled)], ["重点／优秀提案", String(t.proposals.awarded)],
            ["社情民意", String(t.sqmy.total)], ["其中被采用", String(t.sqmy.adopted)], ["其中获批示", String(t.sqmy.instructed)],
            ["值班完成", String(t.duty.held)], ["值班应完成", String(t.duty.required)],
        ]))
        out.append(Section(title: "八、规定次数完成情况", headers: ["项目", "数量"], rows: [
            ["工作室", String(t.studios)], ["全部达标的工作室", String(t.studiosCompliant)],
            ["已完成的要求", String(t.linesMet)], ["未完成（期间未结束）", String(t.linesDue)], ["未达到（期间已结束）", String(t.linesMissed)],
        ]))
        let fresh = s.offices.flatMap { o in o.studios.filter(\.isNew).map { [o.name, $0.name, $0.type.title, $0.sector, $0.plaquedOn ?? ""] } }
        out.append(Section(title: "九、新增工作室（备案）", headers: ["单位", "工作室", "类型", "界别／区域", "授牌日期"], rows: fresh,
                           widths: [2, 3, 1.6, 2, 2]))
        out.append(Section(title: "十、未报送的下级单位", headers: ["单位"], rows: s.notSent.map { [$0] }))
        return out
    }

    public static func text(_ s: AreaSummary, render: ([String], [[String]]) -> String) -> String {
        var out = title(s) + "\n"
        let t = s.totals
        out += "工作室 \(t.studios) 个（新增 \(t.newStudios)），活动 \(t.activitiesTotal) 次，提案 \(t.proposals.total) 件，社情民意 \(t.sqmy.total) 条；"
        out += "下级报送 \(s.offices.count - 1) 份" + (s.notSent.isEmpty ? "" : "，未报送：" + s.notSent.joined(separator: "、")) + "\n"
        for d in s.duplicates { out += d + "\n" }
        for sec in sections(s) where !(sec.rows.isEmpty && sec.title.hasPrefix("十")) {
            out += "\n" + sec.title + "\n" + render(sec.headers, sec.rows)
        }
        return out
    }

    /// The JSON of `report area --format json` (README): the totals of the whole area, each office with its own and
    /// area totals and its studios, who has not sent.
    public struct JSONShape: Encodable {
        public struct Office: Encodable {
            var name: String
            var level: String
            var depth: Int
            var madeAt: String
            var receivedAt: String?
            var below: [String]
            var own: AreaTotals
            var area: AreaTotals
            var studios: [StudioReturn]
        }
        var period: String
        var title: String
        var totals: AreaTotals
        var notSent: [String]
        /// Offices received more than once, and which copy was counted.
        var duplicates: [String]
        var offices: [Office]
    }

    public static func json(_ s: AreaSummary) -> JSONShape {
        JSONShape(period: s.period.code, title: title(s), totals: s.totals, notSent: s.notSent, duplicates: s.duplicates, offices: s.offices.map {
            .init(name: $0.name, level: $0.level.rawValue, depth: $0.depth, madeAt: $0.madeAt, receivedAt: $0.receivedAt, below: $0.children,
                  own: $0.own, area: $0.area, studios: $0.studios)
        })
    }

    public static func writeXLSX(_ s: AreaSummary, to path: String) throws {
        let sheets = sections(s).map { sec in
            (name: String(sec.title.split(separator: "、").last ?? Substring(sec.title)).replacingOccurrences(of: "／", with: "-"), rows: [sec.headers] + sec.rows)
        }
        try TableExport.writeWorkbook(sheets, to: path)
    }

    /// The 汇总表 on the official page (GB/T 9704, as the 年度工作总结): a lead paragraph, each table under its
    /// numbered heading, signed with the office's name and the date.
    public static func document(_ s: AreaSummary, printedOn: String, fonts: OfficialFonts = .detected) -> OfficialDocument {
        let t = s.totals
        var lead = "汇总范围：本办及下级 \(s.offices.count - 1) 个单位，工作室 \(t.studios) 个（新增 \(t.newStudios)），活动 \(t.activitiesTotal) 次，"
            + "提案 \(t.proposals.total) 件，社情民意 \(t.sqmy.total) 条。"
        lead += s.notSent.isEmpty ? "" : "未报送：" + s.notSent.joined(separator: "、") + "。"
        var sections = [OfficialDocument.Section(heading: "", blocks: [.paragraph(lead)] + s.duplicates.map { .paragraph($0) })]
        for var sec in self.sections(s) {
            // 报送时间 without the year (the period says it): ten columns in 156 mm.
            if sec.headers.last == "报送时间" {
                sec.rows = sec.rows.map { r in r.dropLast() + [r.last.map { $0.count == 16 ? String($0.dropFirst(5)) : $0 } ?? ""] }
            }
            let twoColumns = sec.headers.count == 2
            let table = OfficialDocument.Table(header: sec.headers, rows: sec.rows, widths: sec.widths ?? (twoColumns ? [3, 1] : nil))
            sections.append(.init(heading: sec.title, blocks: sec.rows.isEmpty ? [.paragraph("（无）")] : [.table(table)]))
        }
        return OfficialDocument(title: title(s), sections: sections, closing: [s.offices.first?.name ?? "", DateInput.chinese(printedOn)], fonts: fonts)
    }

    @discardableResult
    public static func writePDF(_ s: AreaSummary, to path: String, printedOn: String) throws -> Int {
        try document(s, printedOn: printedOn).render(to: path)
    }
}
