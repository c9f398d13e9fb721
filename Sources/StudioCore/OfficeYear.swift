import CivilCalendar
import Foundation

/// A year of an area (or of the office alone) from its four quarters' 汇总 (issue 23): the statistics view, its
/// printed tables and the year-end 总结材料 all read these figures, so they cannot disagree.
public struct AreaYear: Equatable, Sendable {
    public var year: Int
    /// The 汇总 of each quarter of the year, first to fourth.
    public var quarters: [AreaSummary]
    /// The whole area (the office and every office below it) or the office's own studios only.
    public var wholeArea: Bool

    public init(year: Int, quarters: [AreaSummary], wholeArea: Bool = true) {
        self.year = year
        self.quarters = quarters
        self.wholeArea = wholeArea
    }

    public var office: String { quarters.first?.offices.first?.name ?? "" }

    public func totals(_ s: AreaSummary) -> AreaTotals { wholeArea ? s.totals : (s.offices.first?.own ?? AreaTotals()) }

    /// The latest quarter of the year with any studio: studios are counted as of it (a studio runs in many quarters).
    public var current: AreaSummary? { quarters.last { totals($0).studios > 0 } ?? quarters.last }

    /// Studios by type, 界别, status, 专委会, as of `current`.
    public var studios: AreaTotals { current.map(totals) ?? AreaTotals() }

    public var perQuarter: [AreaTotals] { quarters.map(totals) }

    /// Activities, outcomes and duty of the whole year: the four quarters added. (Its compliance lines count a
    /// year's minimum once a quarter: read them per quarter.)
    public var sum: AreaTotals {
        var t = AreaTotals()
        for q in perQuarter { t.add(q) }
        return t
    }

    /// Studios first reported (备案) in any quarter of the year.
    public var newStudios: Int { perQuarter.reduce(0) { $0 + $1.newStudios } }

    /// The activity kinds of the year in first-seen order.
    public var activityKinds: [String] {
        var names: [String] = []
        for q in perQuarter { for t in q.activities where !names.contains(t.name) { names.append(t.name) } }
        return names
    }

    /// The lower offices of the year (any that sent, any expected), each with what it sent per quarter: the time
    /// its return was made, or nil.
    public var lowerOffices: [(name: String, level: OfficeLevel?, depth: Int, made: [String?])] {
        var out: [(name: String, level: OfficeLevel?, depth: Int, made: [String?])] = []
        for (i, q) in quarters.enumerated() {
            for o in q.offices.dropFirst() {
                if let k = out.firstIndex(where: { $0.name == o.name }) { out[k].made[i] = o.madeAt; continue }
                var made = [String?](repeating: nil, count: quarters.count)
                made[i] = o.madeAt
                out.append((o.name, o.level, o.depth, made))
            }
        }
        for q in quarters { for n in q.notSent where !out.contains(where: { $0.name == n }) {
            out.append((n, nil, 1, [String?](repeating: nil, count: quarters.count)))
        } }
        return out
    }

    /// Quarters that have ended by `today` (a quarter not over is not yet missed).
    public func endedQuarters(today: String) -> [Int] { quarters.indices.filter { quarters[$0].period.end < today } }
}

/// The office's year-end 总结材料 (陕西 四.7: a city by 12月底, for the 省政协办公厅): the year's 汇总 of its area and
/// its own three texts, the same three the studios write.
public struct OfficeYearSummary: Equatable, Sendable {
    public var office: String
    public var level: OfficeLevel
    public var figures: AreaYear
    public var today: String

    public init(office: String, level: OfficeLevel, figures: AreaYear, today: String) {
        self.office = office
        self.level = level
        self.figures = figures
        self.today = today
    }

    public var year: Int { figures.year }
    public var title: String { "\(office)政协委员工作室\(year)年度工作总结" }
    /// 12月底.
    public var dueDate: String { "\(year)-12-31" }

    static let quarterNames = ["一季度", "二季度", "三季度", "四季度"]

    /// The numbered sections: the year's figures (generated), then the office's own three.
    public func sections(own text: AnnualSummaryText) -> [SummarySection] {
        let f = figures
        let s = f.studios, sum = f.sum
        let lower = f.lowerOffices
        var out: [(String, [SummaryBlock], Bool)] = []
        func tallies(_ list: [Tally]) -> [[String]] { list.map { [$0.name, String($0.count)] } }

        let asOf = f.current.map { $0.period.title } ?? "\(year)年"
        var basic: [SummaryBlock] = [.paragraph("截至\(asOf)，" + (lower.isEmpty ? "本办" : "本办及下级 \(lower.count) 个单位")
            + "共有委员工作室 \(s.studios) 个，全年新增（备案）\(f.newStudios) 个。")]
        if !s.byType.isEmpty { basic.append(.table(header: ["类型", "工作室"], rows: tallies(s.byType))) }
        if !s.byStatus.isEmpty { basic.append(.table(header: ["状态", "工作室"], rows: tallies(s.byStatus))) }
        if !s.bySector.isEmpty { basic.append(.table(header: ["界别／区域", "工作室"], rows: tallies(s.bySector.sorted { $0.count > $1.count }))) }
        out.append(("基本情况", basic, false))

        var acts: [SummaryBlock] = [.paragraph("全年开展活动 \(sum.activitiesTotal) 次，其中线上 \(sum.activitiesOnline) 次、线下 \(sum.activitiesOffline) 次。")]
        let kinds = f.activityKinds
        if !kinds.isEmpty {
            let rows = kinds.map { k in
                [k] + f.perQuarter.map { q in String(q.activities.first { $0.name == k }?.count ?? 0) } + [String(sum.activities.first { $0.name == k }?.count ?? 0)]
            } + [["合计"] + f.perQuarter.map { String($0.activitiesTotal) } + [String(sum.activitiesTotal)]]
            acts.append(.table(header: ["类别"] + Self.quarterNames.prefix(f.quarters.count) + ["全年"], rows: rows))
        }
        out.append(("活动开展情况", acts, false))

        let p = sum.proposals, q = sum.sqmy
        out.append(("履职成果", [
            .paragraph("全年提交提案 \(p.total) 件，立案 \(p.filed) 件，已答复 \(p.replied) 件，重点／优秀提案 \(p.awarded) 件；"
                + "报送社情民意 \(q.total) 条，被采用 \(q.adopted) 条，获批示 \(q.instructed) 条；值班完成 \(sum.duty.held) 次（应完成 \(sum.duty.required) 次）。"),
        ], false))

        let rows = f.quarters.indices.map { i -> [String] in
            let t = f.perQuarter[i]
            return [Self.quarterNames[f.quarters[i].period.index - 1], String(t.studios), String(t.studiosCompliant), String(t.linesMet), String(t.linesDue), String(t.linesMissed)]
        }
        out.append(("规定次数完成情况", [
            // Each quarter's return lists the year's own minimums too: the quarters are not added up here.
            .paragraph("截至\(asOf)，\(s.studios) 个工作室中 \(s.studiosCompliant) 个全部达标；规定次数要求已完成 \(s.linesMet) 项，"
                + "未完成（期间未结束）\(s.linesDue) 项，未达到 \(s.linesMissed) 项（含全年要求；各季度按报送时计算，见下表）。"),
            .table(header: ["季度", "工作室", "全部达标", "已完成", "未完成", "未达到"], rows: rows),
        ], false))

        if !lower.isEmpty {
            let ended = Set(f.endedQuarters(today: today))
            var missing: [String] = []
            for i in f.quarters.indices where ended.contains(i) {
                let names = lower.filter { $0.made[i] == nil }.map(\.name)
                if !names.isEmpty { missing.append(Self.quarterNames[f.quarters[i].period.index - 1] + "：" + names.joined(separator: "、")) }
            }
            let rows = lower.map { o in
                [String(repeating: "  ", count: max(0, o.depth - 1)) + o.name]
                    + o.made.indices.map { i in o.made[i] != nil ? "已报送" : (ended.contains(i) ? "未报送" : "—") }
            }
            out.append(("下级单位报送情况", [
                .paragraph(missing.isEmpty ? "各下级单位均已按季度报送。" : "未按季度报送：" + missing.joined(separator: "；") + "。"),
                .table(header: ["单位"] + Self.quarterNames.prefix(f.quarters.count), rows: rows),
            ], false))
        }

        for (title, body) in zip(AnnualSummaryText.titles, [text.highlights, text.problems, text.nextPlan]) {
            let paragraphs = body.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            out.append((title, paragraphs.isEmpty ? [.paragraph("（未填写）")] : paragraphs.map { .paragraph($0) }, true))
        }
        return out.enumerated().map { n, s in SummarySection(heading: "\(AnnualSummary.numerals[n])、\(s.0)", blocks: s.1, own: s.2) }
    }
}

/// The office's 总结材料 on the due-soon list: an office above a county (it compiles its area), from `days` before
/// 12月底, while its own three sections are not all written.
public enum OfficeYearSummaryDue {
    public static func upcoming(level: OfficeLevel, hasLower: Bool, text: AnnualSummaryText, today: String, days: Int = 30) -> [Deadline] {
        guard level != .county || hasLower, let year = Int(today.prefix(4)) else { return [] }
        let due = "\(year)-12-31"
        guard let left = CivilDate.days(from: today, to: due), left >= 0, left <= days else { return [] }
        let open = zip(AnnualSummaryText.titles, [text.highlights, text.problems, text.nextPlan])
            .filter { $0.1.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.map(\.0)
        guard !open.isEmpty else { return [] }
        return [Deadline(date: due, text: "本办年度总结材料未填写：" + open.joined(separator: "、"), profileName: "")]
    }
}
