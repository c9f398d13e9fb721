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
        let unit = method == "scorecard" ? "分" : "项"
        if passed { return method == "scorecard" ? "达标（\(Scoring.points(total)) 分）" : "达标" }
        if method != "scorecard", items.isEmpty { return verdictNote == Scoring.awaitingPanel ? "待认定" : "未达标" }
        if gap == 0 { return "未达标" }
        return "还差 \(Scoring.points(gap)) \(unit)达标"
    }

    /// "85 / 80" or "3/5 项".
    public var scoreText: String {
        method == "scorecard" ? Scoring.points(total) : "\(Scoring.points(total))/\(Scoring.points(passMark)) 项"
    }
}

public struct YearEndSummary: Equatable, Sendable {
    public struct Line: Equatable, Sendable {
        /// Rank among the studios of the same method (scorecards by total, verdicts by lines met), 1 = best.
        public var rank: Int
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
    }

    public struct Count: Equatable, Sendable {
        public var name: String
        public var studios: Int
        public var passed: Int
    }

    public struct ItemAverage: Equatable, Sendable {
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

    public var passed: Int { lines.filter(\.passed).count }
    public var failed: Int { lines.count - passed }
    public var approved: Int { lines.filter { $0.stage == .approved }.count }

    public static func make(year: Int, results: [(Studio, Assessment)]) -> YearEndSummary {
        // Scorecards first (by total), then verdicts (by share of lines met), each ranked within its method.
        let ordered = results.sorted { a, b in
            let (x, y) = (a.1.sheet, b.1.sheet)
            if (x.method == "scorecard") != (y.method == "scorecard") { return x.method == "scorecard" }
            if x.shortfall != y.shortfall { return x.shortfall < y.shortfall }
            return a.0.pinyin < b.0.pinyin
        }
        func group(_ a: Assessment) -> Bool { a.sheet.method == "scorecard" }
        let lines = ordered.map { s, a in
            Line(rank: 1 + ordered.filter { group($0.1) == group(a) && $0.1.sheet.shortfall < a.sheet.shortfall }.count,
                 studioID: s.id ?? 0, name: s.name, type: s.type, committee: s.committee, profileName: a.profile.name,
                 method: a.sheet.method, total: a.sheet.total, passMark: a.sheet.passMark, passed: a.sheet.passed,
                 stage: a.stage, approvedOn: a.approvedOn, verdict: a.sheet.verdictText)
        }
        func counts(_ key: (Line) -> String) -> [Count] {
            var out: [Count] = []
            for l in lines {
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
        for (_, a) in results where a.sheet.method == "scorecard" {
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
            let n = results.filter { $0.1.sheet.method == "scorecard" && $0.1.profile.name == averages[i].profileName }.count
            averages[i].average /= Double(max(1, n))
        }
        return YearEndSummary(year: year, lines: lines, byType: byType, byCommittee: byCommittee, averages: averages)
    }
}
