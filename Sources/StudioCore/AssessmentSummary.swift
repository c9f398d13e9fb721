import Foundation

// The year-end summary sheet (汇总表): ranking, pass/fail, counts by studio type and 专委会, and the
// average of each scorecard item, computed from the year's results.

extension ScoreSheet {
    /// How far below the pass mark, as a share of it (negative: the margin above). The office list
    /// sorts by it, so a verdict studio with 2 of 5 lines met sits beside a scorecard at 40 of 80.
    public var shortfall: Double {
        // A verdict with no counts and no word from the panel yet sits with the failing.
        if method != "scorecard", items.isEmpty { return passed ? 0 : 1 }  // 待认定 or the panel's 未达标: with the failing
        return (passMark - total) / Swift.max(1, passMark)
    }

    /// "还差 12 分达标", "还差 2 项达标", "达标（85 分）".
    public var verdictText: String {
        if let notJudged { return YearStanding.exempt(notJudged).note }
        let unit = method == "scorecard" ? "分" : "项"
        if passed { return method == "scorecard" ? "达标（\(Scoring.points(total)) 分）" : "达标" }
        if method != "scorecard", items.isEmpty { return verdictNote == Scoring.awaitingPanel ? "待认定" : "未达标" }
        if gap == 0 { return "未达标" }
        return "还差 \(Scoring.points(gap)) \(unit)达标"
    }

    /// "85 / 80" or "3/5 项".
    public var scoreText: String {
        if !isJudged { return "—" }
        return method == "scorecard" ? Scoring.points(total) : "\(Scoring.points(total))/\(Scoring.points(passMark)) 项"
    }
}

public struct YearEndSummary: Codable, Equatable, Sendable {
    public struct Line: Codable, Equatable, Sendable {
        /// Rank within the line's group (scorecards by total, verdicts by lines met), 1 = best; nil when not judged.
        public var rank: Int?
        /// The ranking group: 评分 (a scorecard's points) or 达标认定 (a verdict), each ranked on its own.
        public var group: RankGroup
        public var studioID: Int64
        public var name: String
        public var type: StudioType
        public var committee: String
        public var profileName: String
        public var method: String
        public var total: Double
        public var passMark: Double
        public var passed: Bool
        public var stage: AssessmentStage
        public var approvedOn: String?
        public var verdict: String

        /// "85" or "3/5项"; "—" when not judged.
        public var scoreText: String {
            switch group {
            case .notJudged: "—"
            case .scored: Scoring.points(total)
            case .verdict: "\(Scoring.points(total))/\(Scoring.points(passMark))项"
            }
        }
    }

    public struct Count: Codable, Equatable, Sendable {
        public var name: String
        public var studios: Int
        public var passed: Int
    }

    public struct ItemAverage: Codable, Equatable, Sendable {
        public var profileName: String
        public var section: String
        public var itemID: String
        public var text: String
        public var max: Double
        public var average: Double
        /// Studios that earned the item's full points.
        public var full: Int
    }

    public var year: Int
    public var lines: [Line]
    public var byType: [Count]
    public var byCommittee: [Count]
    public var averages: [ItemAverage]

    /// The two groups ranked apart (issue 18): points and pass/fail cannot share one 名次 column.
    public enum RankGroup: Int, Codable, Comparable, Sendable {
        case scored, verdict, notJudged

        public var title: String {
            switch self {
            case .scored: "按评估表评分"
            case .verdict: "按达标要求认定"
            case .notJudged: "本年不参评"
            }
        }

        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }

    /// The groups present, in order.
    public var groups: [RankGroup] { Array(Set(lines.map(\.group))).sorted() }

    /// "15 个，达标 13，未达标 2，已审定 15，不参评 1" (after 参评): short enough for an 80-column header.
    public var headline: String {
        "\(judged) 个，达标 \(passed)，未达标 \(failed)，已审定 \(approved)" + (notJudged > 0 ? "，不参评 \(notJudged)" : "")
    }

    public var passed: Int { lines.filter(\.passed).count }
    public var judged: Int { lines.filter { $0.group != .notJudged }.count }
    public var failed: Int { judged - passed }
    public var notJudged: Int { lines.count - judged }
    public var approved: Int { lines.filter { $0.stage == .approved }.count }

    public static func make(year: Int, results: [(Studio, Assessment)]) -> YearEndSummary {
        // Scorecards first (by total), then verdicts (by share of lines met), each group ranked on its own;
        // studios the year does not judge last, unranked.
        func group(_ a: Assessment) -> RankGroup { !a.sheet.isJudged ? .notJudged : (a.sheet.method == "scorecard" ? .scored : .verdict) }
        let ordered = results.sorted { a, b in
            let (x, y) = (a.1.sheet, b.1.sheet)
            if group(a.1) != group(b.1) { return group(a.1) < group(b.1) }
            if x.shortfall != y.shortfall { return x.shortfall < y.shortfall }
            return a.0.pinyin < b.0.pinyin
        }
        let lines = ordered.map { s, a in
            Line(rank: group(a) == .notJudged ? nil : 1 + ordered.filter { group($0.1) == group(a) && $0.1.sheet.shortfall < a.sheet.shortfall }.count,
                 group: group(a), studioID: s.id ?? 0, name: s.name, type: s.type, committee: s.committee, profileName: a.profile.name,
                 method: a.sheet.method, total: a.sheet.total, passMark: a.sheet.passMark, passed: a.sheet.passed,
                 stage: a.stage, approvedOn: a.approvedOn, verdict: a.sheet.verdictText)
        }
        func counts(_ key: (Line) -> String) -> [Count] {
            var out: [Count] = []
            for l in lines where l.group != .notJudged {
                let k = key(l)
                if let i = out.firstIndex(where: { $0.name == k }) {
                    out[i].studios += 1
                    out[i].passed += l.passed ? 1 : 0
                } else {
                    out.append(Count(name: k, studios: 1, passed: l.passed ? 1 : 0))
                }
            }
            return out
        }
        let byType = StudioType.allCases.compactMap { t in counts { $0.type.title }.first { $0.name == t.title } }
        let byCommittee = counts { $0.committee.isEmpty ? "（未指定专委会）" : $0.committee }.sorted { a, b in
            if a.name.hasPrefix("（") != b.name.hasPrefix("（") { return b.name.hasPrefix("（") }
            return ChineseCollation.areInIncreasingOrder(a.name, b.name)
        }
        var averages: [ItemAverage] = []
        let scored = results.filter { $0.1.sheet.method == "scorecard" && $0.1.sheet.isJudged }
        for (_, a) in scored {
            for item in a.sheet.items + a.sheet.bonus {
                if let i = averages.firstIndex(where: { $0.profileName == a.profile.name && $0.itemID == item.id }) {
                    averages[i].average += item.points
                    averages[i].full += item.max > 0 && item.points >= item.max ? 1 : 0
                } else {
                    averages.append(ItemAverage(profileName: a.profile.name, section: item.section, itemID: item.id, text: item.text, max: item.max,
                                                average: item.points, full: item.max > 0 && item.points >= item.max ? 1 : 0))
                }
            }
        }
        for i in averages.indices {
            let n = scored.filter { $0.1.profile.name == averages[i].profileName }.count
            averages[i].average /= Double(max(1, n))
        }
        return YearEndSummary(year: year, lines: lines, byType: byType, byCommittee: byCommittee, averages: averages)
    }
}

/// A year the 主席会议 has 审定 (every judged result approved): what the year showed — each studio as it was
/// named then, its sheet with evidence, verdict and rank, and the 汇总 — kept as a record and read back from
/// there, so a studio plaqued later, an edited record or a changed table cannot move it. Only 重新打开 (with a
/// recorded reason) releases it.
public struct LockedYear: Codable, Equatable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
        public var studio: Studio
        public var assessment: Assessment
    }

    public var year: Int
    public var lockedOn: String
    public var entries: [Entry]
    public var summary: YearEndSummary

    public init(year: Int, lockedOn: String, results: [(Studio, Assessment)]) {
        self.year = year
        self.lockedOn = lockedOn
        entries = results.map { Entry(studio: $0.0, assessment: $0.1) }
        summary = YearEndSummary.make(year: year, results: results)
    }

    public var results: [(Studio, Assessment)] { entries.map { ($0.studio, $0.assessment) } }

    /// The year is complete when it judges someone and every judged result is 审定 (a 本年不参评 studio needs none).
    public static func isComplete(_ results: [(Studio, Assessment)]) -> Bool {
        let judged = results.filter { $0.1.sheet.isJudged }
        return !judged.isEmpty && judged.allSatisfy { $0.1.isLocked }
    }
}
