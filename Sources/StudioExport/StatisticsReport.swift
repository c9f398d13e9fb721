import Foundation
import StudioCore
import StudioPrint

/// The statistics of a year as tables (统计 → p, `studiodesk report stats`): what the 统计 screen draws as bars —
/// studios by type, 界别 and 专委会, activities per quarter by kind, outcomes — for the office or its whole area.
public enum StatisticsReport {
    public static func title(_ y: AreaYear) -> String {
        "\(y.office)\(y.wholeArea ? "（含下级）" : "（本办）")政协委员工作室\(y.year)年统计表"
    }

    /// The printed title: the scope goes in the first line of the text, so the title keeps to one line.
    static func printedTitle(_ y: AreaYear) -> String { "\(y.office)政协委员工作室\(y.year)年统计表" }

    static let quarterNames = ["一季度", "二季度", "三季度", "四季度"]

    public static func sections(_ y: AreaYear) -> [AreaReport.Section] {
        let s = y.studios
        func tallies(_ list: [Tally]) -> [[String]] { list.map { [$0.name, String($0.count)] } }
        let asOf = y.current.map { "（截至\($0.period.shortTitle)）" } ?? ""
        let quarters = y.quarters.map { quarterNames[$0.period.index - 1] }
        let per = y.perQuarter, sum = y.sum
        var out: [AreaReport.Section] = []
        out.append(.init(title: "一、工作室：按类型" + asOf, headers: ["类型", "工作室"], rows: tallies(s.byType) + [["合计", String(s.studios)]], widths: [3, 1]))
        out.append(.init(title: "二、工作室：按界别／区域" + asOf, headers: ["界别／区域", "工作室"], rows: tallies(s.bySector.sorted { $0.count > $1.count }), widths: [3, 1]))
        out.append(.init(title: "三、工作室：按联系专委会" + asOf, headers: ["专委会", "工作室"], rows: tallies(s.byCommittee.sorted { $0.count > $1.count }), widths: [3, 1]))
        let kinds = y.activityKinds.map { k in
            [k] + per.map { q in String(q.activities.first { $0.name == k }?.count ?? 0) } + [String(sum.activities.first { $0.name == k }?.count ?? 0)]
        }
        out.append(.init(title: "四、活动：各季度按类别", headers: ["类别"] + quarters + ["全年"],
                         rows: kinds + [["线上"] + per.map { String($0.activitiesOnline) } + [String(sum.activitiesOnline)],
                                        ["线下"] + per.map { String($0.activitiesOffline) } + [String(sum.activitiesOffline)],
                                        ["合计"] + per.map { String($0.activitiesTotal) } + [String(sum.activitiesTotal)]],
                         widths: [2.4] + Array(repeating: 1, count: quarters.count + 1)))
        let outcomes: [(String, (AreaTotals) -> Int)] = [
            ("提案", { $0.proposals.total }), ("其中立案", { $0.proposals.filed }), ("其中已答复", { $0.proposals.replied }),
            ("重点／优秀提案", { $0.proposals.awarded }), ("社情民意", { $0.sqmy.total }), ("其中被采用", { $0.sqmy.adopted }),
            ("其中获批示", { $0.sqmy.instructed }), ("值班完成", { $0.duty.held }), ("值班应完成", { $0.duty.required }),
        ]
        out.append(.init(title: "五、履职成果", headers: ["项目"] + quarters + ["全年"],
                         rows: outcomes.map { name, f in [name] + per.map { String(f($0)) } + [String(f(sum))] },
                         widths: [2.4] + Array(repeating: 1, count: quarters.count + 1)))
        return out
    }

    public static func text(_ y: AreaYear, render: ([String], [[String]]) -> String) -> String {
        var out = title(y) + "\n"
        for sec in sections(y) { out += "\n" + sec.title + "\n" + (sec.rows.isEmpty ? "（无）\n" : render(sec.headers, sec.rows)) }
        return out
    }

    /// `report stats --format json`: the tables as they print, and the figures they come from.
    public struct JSONShape: Encodable {
        public struct Table: Encodable {
            var title: String
            var headers: [String]
            var rows: [[String]]
        }
        var year: Int
        var office: String
        var wholeArea: Bool
        var title: String
        var studios: AreaTotals
        var quarters: [AreaTotals]
        var year_: AreaTotals
        var tables: [Table]

        enum CodingKeys: String, CodingKey { case year, office, wholeArea, title, studios, quarters, year_ = "yearTotals", tables }
    }

    public static func json(_ y: AreaYear) -> JSONShape {
        JSONShape(year: y.year, office: y.office, wholeArea: y.wholeArea, title: title(y), studios: y.studios, quarters: y.perQuarter, year_: y.sum,
                  tables: sections(y).map { .init(title: $0.title, headers: $0.headers, rows: $0.rows) })
    }

    public static func document(_ y: AreaYear, printedOn: String, fonts: OfficialFonts = .detected) -> OfficialDocument {
        let scope = y.wholeArea ? "统计范围：本办及已接收报送的下级单位（\(max(0, (y.current?.offices.count ?? 1) - 1)) 个）的工作室。"
            : "统计范围：本办的工作室（不含下级单位）。"
        let sections = [OfficialDocument.Section(heading: "", blocks: [.paragraph(scope + "工作室数截至该年最后一个有工作室的季度，活动和成果为各季度之和。")])]
            + sections(y).map { sec in
            OfficialDocument.Section(heading: sec.title, blocks: sec.rows.isEmpty ? [.paragraph("（无）")]
                : [.table(OfficialDocument.Table(header: sec.headers, rows: sec.rows, widths: sec.widths))])
        }
        return OfficialDocument(title: printedTitle(y), sections: sections, closing: [y.office, DateInput.chinese(printedOn)], fonts: fonts)
    }

    @discardableResult
    public static func writePDF(_ y: AreaYear, to path: String, printedOn: String) throws -> Int {
        try document(y, printedOn: printedOn).render(to: path)
    }

    public static func fileName(_ y: AreaYear) -> String {
        OutputFile.safeName("\(y.office)-\(y.year)年统计表\(y.wholeArea ? "" : "（本办）")") + ".pdf"
    }
}
