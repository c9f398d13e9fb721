import Foundation
import StudioCore

/// `studiodesk scorecard --format json`: the documented contract (README「评估表 JSON」).
/// A list of studios; each item's `basis` lists the records (or the panel's note) that earned it.
public struct ScorecardDocument: Encodable, Equatable, Sendable {
    public struct Basis: Encodable, Equatable, Sendable {
        public var kind: String
        @NullWhenAbsent public var id: Int64?
        public var date: String
        public var text: String
    }

    public struct Item: Encodable, Equatable, Sendable {
        public var id: String
        public var text: String
        public var section: String
        public var points: Double
        /// The item's full points; 0 for a bonus item (no ceiling).
        public var max: Double
        public var byPanel: Bool
        @NullWhenAbsent public var selfScore: Double?
        public var basis: [Basis]
    }

    public var id: Int64
    public var name: String
    public var year: Int
    public var round: Int
    public var profile: String
    public var profileName: String
    public var method: String
    public var items: [Item]
    public var bonus: [Item]
    public var sections: [Section]
    public var total: Double
    public var passMark: Double
    public var passed: Bool
    /// False for a studio the year does not judge (本年不参评, the reason in `verdict`).
    public var judged: Bool
    public var gap: Double
    public var verdict: String
    public var stage: String
    public var locked: Bool
    @NullWhenAbsent public var approvedOn: String?
    public var highlights: String
    public var problems: String
    public var nextPlan: String

    public struct Section: Encodable, Equatable, Sendable {
        public var name: String
        public var cap: Double
        public var points: Double
    }

    public init(studio: Studio, assessment a: Assessment) {
        func item(_ i: ScoredItem) -> Item {
            Item(id: i.id, text: i.text, section: i.section, points: i.points, max: i.max, byPanel: i.byPanel, selfScore: a.selfScores[i.id],
                 basis: i.basis.map { Basis(kind: $0.kind, id: $0.id, date: $0.date, text: $0.text) })
        }
        id = studio.id ?? 0
        name = studio.name
        year = a.year
        round = a.round
        profile = a.profileID
        profileName = a.profile.name
        method = a.sheet.method
        items = a.sheet.items.map(item)
        bonus = a.sheet.bonus.map(item)
        sections = a.sheet.sections.map { Section(name: $0.name, cap: $0.cap, points: $0.points) }
        total = a.sheet.total
        passMark = a.sheet.passMark
        passed = a.sheet.passed
        judged = a.sheet.isJudged
        gap = a.sheet.gap
        verdict = a.sheet.verdictText
        stage = a.stage.title
        locked = a.isLocked
        approvedOn = a.approvedOn
        highlights = a.highlights
        problems = a.problems
        nextPlan = a.nextPlan
    }
}

/// The summary sheet as a CSV that opens right in Excel/WPS, and the studio-by-item table.
public enum ScorecardTable {
    /// 排名组 first: the 名次 column counts within its group (评分 and 达标认定 are ranked apart).
    public static let summaryHeaders = ["排名组", "名次", "工作室编号", "工作室", "类型", "专委会", "规则", "得分", "达标线", "结论", "阶段", "审定日期"]

    public static func summaryRows(_ s: YearEndSummary) -> [[String]] {
        s.lines.map { l in
            let judged = l.group != .notJudged
            return [l.group.title, l.rank.map(String.init) ?? "", String(l.studioID), l.name, l.type.title, l.committee, l.profileName,
                    judged ? Scoring.points(l.total) : "", judged ? Scoring.points(l.passMark) : "", l.verdict, judged ? l.stage.title : "",
                    l.approvedOn ?? ""]
        }
    }

    /// UTF-8 with a BOM, so Excel and WPS open the Chinese right; cells that could run as formulas are quoted as text.
    public static func csv(_ s: YearEndSummary) throws -> String {
        try CSVText.forExcel(headers: summaryHeaders, rows: summaryRows(s))
    }
}
