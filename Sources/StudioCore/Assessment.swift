import Foundation

// 年度评估 (rules.md §2.8, §2.9, §7.1–7.3, §7.7–7.9): a studio's year scored from its records, the
// panel's entries for what records cannot show, and the process 自评 → 评估 → 审定.

/// How a score item is earned. Kept in the profile beside the item, so the mapping from records to
/// points is data like the rest of the rules.
public struct ScoreSource: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// Entered by the 评估小组 with a note (有固定场所, 宣传资料…).
        case panel
        /// Full points when at least `atLeast` activities of `categories` were held.
        case activities
        /// Activities with guests recorded (专委会 leaders came to guide the work).
        case guidance
        /// `each` points per year document of `docs` (计划, 总结).
        case yearDocs
        /// `filed` points if a 提案 was 立案, else `submitted` if one was submitted (§7.1: not additive).
        case proposals
        /// `each` points per adopted 社情民意, up to the item's points (§7.2: no spill into the bonus).
        case sqmyAdopted
        /// The latest inspection of the item's wall checklist found nothing 不合格 or 缺失.
        case wall
        /// Bonus: each 重点/优秀提案.
        case proposalAwards
        /// Bonus: each 社情民意 with a 领导批示.
        case instructions
        /// Bonus: each activity of `categories` beyond `beyond` (§7.3), up to `cap` points where the office sets one.
        case activitiesBeyond
        /// Bonus: a yes/no the panel records with its date (命名为市级委员工作站): worth exactly the item's points.
        case yesNo
    }

    public var kind: Kind
    public var categories: [String]?
    public var atLeast: Int?
    public var each: Double?
    public var submitted: Double?
    public var filed: Double?
    public var docs: [YearDocKind]?
    public var beyond: Int?
    /// The most a bonus item adds in all (an office's bound on 开展活动多于规定次数); nil: no bound.
    public var cap: Double?
    /// 批示: the levels (批示层级) and channels (报送渠道) that score; others show, unscored, with the reason.
    public var levels: [String]?
    public var channels: [String]?
    /// 指导工作: the guests' kinds that count (专委会); nil: any guest.
    public var guestKinds: [GuestKind]?

    public init(kind: Kind, categories: [String]? = nil, atLeast: Int? = nil, each: Double? = nil, submitted: Double? = nil,
                filed: Double? = nil, docs: [YearDocKind]? = nil, beyond: Int? = nil, cap: Double? = nil, levels: [String]? = nil,
                channels: [String]? = nil, guestKinds: [GuestKind]? = nil) {
        self.cap = cap
        self.levels = levels
        self.channels = channels
        self.guestKinds = guestKinds
        self.kind = kind
        self.categories = categories
        self.atLeast = atLeast
        self.each = each
        self.submitted = submitted
        self.filed = filed
        self.docs = docs
        self.beyond = beyond
    }

    public static let panel = ScoreSource(kind: .panel)
}

/// One record (or the panel's note) that earned points.
public struct ScoreBasis: Codable, Equatable, Sendable {
    /// "activity", "proposal", "sqmy", "yearDoc", "inspection" or "panel".
    public var kind: String
    public var id: Int64?
    public var date: String
    public var text: String

    /// `review`: a record still waiting for the liaison officer counts, and says so (待审核).
    public init(kind: String, id: Int64? = nil, date: String, text: String, review: ReviewStatus? = nil) {
        self.kind = kind
        self.id = id
        self.date = date
        self.text = review == .pending ? text + "〔待审核〕" : text
    }

    public var line: String { date.isEmpty ? text : "\(date)  \(text)" }
}

/// The panel's entry on an item records cannot show, or its verdict.
public struct PanelEntry: Codable, Equatable, Sendable {
    public var points: Double
    public var note: String
    /// The day of what a yes/no item records (命名 on 2026-05-20).
    public var date: String?

    public init(points: Double, note: String, date: String? = nil) {
        self.points = points
        self.note = note
        self.date = date
    }
}

/// A scored line of the sheet.
public struct ScoredItem: Codable, Equatable, Sendable {
    public var id: String
    public var text: String
    public var section: String
    public var points: Double
    public var max: Double
    public var basis: [ScoreBasis]
    /// True when the 评估小组 enters it (no record can show it).
    public var byPanel: Bool
    /// What would earn the missing points, for "还差 N 分" ("再开展1次学习宣讲活动").
    public var howToEarn: String
    /// A yes/no the panel records with its date (`ScoreSource.Kind.yesNo`): worth 0 or exactly `max`.
    public var isYesNo: Bool?

    public var missing: Double { Swift.max(0, max - points) }
}

public struct SectionTotal: Codable, Equatable, Sendable {
    public var name: String
    public var cap: Double
    /// Sum of the items, at most the cap.
    public var points: Double
}

/// A studio's year, scored. For a scorecard profile the items are the table's; for a verdict
/// profile each minimum in each of its periods is an item (points = done, max = required) and
/// the pass mark is every line met, unless the panel's verdict says otherwise.
public struct ScoreSheet: Codable, Equatable, Sendable {
    public var method: String
    public var title: String
    public var items: [ScoredItem]
    public var bonus: [ScoredItem]
    public var sections: [SectionTotal]
    public var total: Double
    public var passMark: Double
    public var passed: Bool
    /// The panel's 达标/未达标 where the method is a verdict (陕西 "群众满意不满意", 郴州 without a table).
    public var verdictNote: String
    /// Why the year does not judge the studio ("12月6日授牌": 本年不参评); nil when it is judged.
    public var notJudged: String?

    public init(method: String, title: String, items: [ScoredItem], bonus: [ScoredItem], sections: [SectionTotal], total: Double,
                passMark: Double, passed: Bool, verdictNote: String, notJudged: String? = nil) {
        self.method = method
        self.title = title
        self.items = items
        self.bonus = bonus
        self.sections = sections
        self.total = total
        self.passMark = passMark
        self.passed = passed
        self.verdictNote = verdictNote
        self.notJudged = notJudged
    }

    public var isJudged: Bool { notJudged == nil }

    /// Puts on this sheet's items the evidence (`basis`) of `scored`: the same sheet scored from the records.
    public mutating func takeEvidence(from scored: ScoreSheet) {
        for i in items.indices where scored.items.indices.contains(i) && scored.items[i].id == items[i].id { items[i].basis = scored.items[i].basis }
        for i in bonus.indices where scored.bonus.indices.contains(i) && scored.bonus[i].id == bonus[i].id { bonus[i].basis = scored.bonus[i].basis }
    }

    public var gap: Double { isJudged ? Swift.max(0, passMark - total) : 0 }

    /// The cheapest ways to close the gap: unearned record items first (a clerk can still do them),
    /// most points for one record first.
    public var waysToClose: [ScoredItem] {
        (items + bonus).filter { $0.missing > 0 && !$0.byPanel && !$0.howToEarn.isEmpty }
            .sorted { ($0.missing, $1.id) > ($1.missing, $0.id) }
    }
}

/// What the year's records hold, as the scoring reads them.
public struct AssessmentFacts: Sendable {
    public var year: Int
    /// The days the studio ran: a year it is not judged for gets a 本年不参评 sheet.
    public var term: StudioTerm
    public var activities: [Activity]
    public var proposals: [Proposal]
    public var socialInfos: [SocialInfo]
    public var yearDocs: [YearDoc]
    /// The latest inspection in the year per wall checklist key, with how many items failed.
    public var inspections: [String: (date: String, problems: Int, inspectionID: Int64?)]
    /// For verdict profiles: the compliance lines of the year.
    public var compliance: [ComplianceLine]

    public init(year: Int, term: StudioTerm = .always, activities: [Activity] = [], proposals: [Proposal] = [], socialInfos: [SocialInfo] = [], yearDocs: [YearDoc] = [],
                inspections: [String: (date: String, problems: Int, inspectionID: Int64?)] = [:], compliance: [ComplianceLine] = []) {
        self.year = year
        self.term = term
        // The one rule of which records count (`ReviewStatus.counts`): 退回 ones do not.
        self.activities = activities.filter { $0.review.status.counts && $0.date.hasPrefix("\(year)-") }
        self.proposals = proposals.filter { $0.review.status.counts && $0.date.hasPrefix("\(year)-") }
        self.socialInfos = socialInfos.filter { $0.review.status.counts && $0.date.hasPrefix("\(year)-") }
        self.yearDocs = yearDocs.filter { $0.year == year }
        self.inspections = inspections
        self.compliance = compliance
    }
}

public enum Scoring {
    /// The note of a verdict that only the panel can give and has not given yet (郴州 names no counts).
    public static let awaitingPanel = "本地区规则未规定量化要求，请评估小组认定达标或未达标"

    static func fmt(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v) }
    public static func points(_ v: Double) -> String { fmt(v) }

    /// Scores a year from its records: the counts made from them (`ScoreCounts(facts:)`), the records as evidence.
    /// `panel` holds the 评估小组's entries by item id (and "verdict" for verdict profiles: points 1 = 达标, 0 = 未达标).
    public static func score(profile: RuleProfile, facts: AssessmentFacts, panel: [String: PanelEntry]) -> ScoreSheet {
        score(profile: profile, counts: ScoreCounts(facts: facts), panel: panel, evidence: facts)
    }

    /// Scores a year from its counts. Points, totals and what is missing come from `counts` alone; `evidence` (the
    /// year's records) only names on each item the records behind it (`ScoredItem.basis`). Without it the sheet lists
    /// what needs no record (the panel's notes, the wall inspection, the compliance lines) and no records.
    public static func score(profile: RuleProfile, counts: ScoreCounts, panel: [String: PanelEntry], evidence: AssessmentFacts? = nil) -> ScoreSheet {
        if case .exempt(let why) = profile.standing(of: counts.term, year: counts.year) {  // "12月6日授牌"
            return notJudged(profile: profile, reason: why)
        }
        if let card = profile.scorecard, profile.assessment.method == "scorecard" {
            return score(card, categories: profile.activityCategories, counts: counts, panel: panel, evidence: evidence)
        }
        return verdict(profile: profile, compliance: counts.compliance, panel: panel)
    }

    public static func score(_ card: RuleProfile.Scorecard, categories: [RuleProfile.ActivityCategory], facts: AssessmentFacts,
                             panel: [String: PanelEntry]) -> ScoreSheet {
        score(card, categories: categories, counts: ScoreCounts(facts: facts), panel: panel, evidence: facts)
    }

    public static func score(_ card: RuleProfile.Scorecard, categories: [RuleProfile.ActivityCategory], counts: ScoreCounts,
                             panel: [String: PanelEntry], evidence: AssessmentFacts?) -> ScoreSheet {
        func categoryNames(_ ids: [String]) -> String {
            ids.map { id in categories.first { $0.id == id }?.name ?? id }.joined(separator: "、")
        }
        func activityBasis(_ a: Activity) -> ScoreBasis {
            ScoreBasis(kind: "activity", id: a.id, date: a.date, text: "活动：\(a.title)（\(a.categoryName)，\(a.mode.title)）", review: a.review.status)
        }
        /// Activities of the categories `include` takes.
        func activities(_ include: (String) -> Bool) -> Int { counts.activities.reduce(0) { include($1.key) ? $0 + $1.value : $0 } }
        func item(_ it: RuleProfile.ScoreItem, section: String) -> ScoredItem {
            let source = it.source ?? .panel
            var points = 0.0
            var basis: [ScoreBasis] = []
            var how = ""
            switch source.kind {
            case .panel:
                if let e = panel[it.id] {
                    points = min(it.points, max(0, e.points))
                    basis = [ScoreBasis(kind: "panel", date: "", text: "评估小组：" + (e.note.isEmpty ? "（未填写说明）" : e.note))]
                }
            case .activities:
                let ids = source.categories ?? []
                let done = activities(ids.contains)
                basis = evidence?.activities.filter { ids.contains($0.category) }.map(activityBasis) ?? []
                let need = source.atLeast ?? 1
                points = done >= need ? it.points : 0
                how = "再开展\(need - done)次\(categoryNames(ids))活动"
            case .guidance:
                // Only guests of the kinds the table names (a 专委会 as guide), not any guest.
                func named(_ kind: GuestKind?) -> Bool { source.guestKinds.map { kinds in kind.map(kinds.contains) ?? false } ?? true }
                let done = counts.guided.reduce(0) { named($1.key) ? $0 + $1.value : $0 }
                basis = evidence?.activities.filter { a in !a.guests.trimmingCharacters(in: .whitespaces).isEmpty && named(a.guestKind) }
                    .map { ScoreBasis(kind: "activity", id: $0.id, date: $0.date, text: "活动：\($0.title)（\($0.guestKind?.title ?? "嘉宾")：\($0.guests)）", review: $0.review.status) } ?? []
                points = done >= (source.atLeast ?? 1) ? it.points : 0
                how = "请区政协专委会指导一次活动（在活动的「嘉宾」中记录，嘉宾身份选「政协专委会」）"
            case .yearDocs:
                let kinds = source.docs ?? [.plan, .summary]
                let each = source.each ?? it.points / Double(max(1, kinds.count))
                basis = evidence?.yearDocs.filter { kinds.contains($0.kind) && !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
                    .map { ScoreBasis(kind: "yearDoc", date: $0.date, text: "\($0.kind.title)（\($0.year)年）") } ?? []
                points = min(it.points, each * Double(counts.yearDocs.filter(kinds.contains).count))
                let lacking = kinds.filter { !counts.yearDocs.contains($0) }
                how = lacking.isEmpty ? "" : "填写" + lacking.map(\.title).joined(separator: "、")
            case .proposals:
                let submitted = source.submitted ?? it.points / 2
                if counts.proposalsFiled > 0 {
                    points = min(it.points, source.filed ?? it.points)
                    basis = evidence?.proposals.filter(\.status.isFiled).map {
                        ScoreBasis(kind: "proposal", id: $0.id, date: $0.decidedOn ?? $0.date, text: "提案：\($0.title)（\($0.status.title)）", review: $0.review.status)
                    } ?? []
                } else if counts.proposals > 0 {
                    points = min(it.points, submitted)
                    basis = evidence?.proposals.map {
                        ScoreBasis(kind: "proposal", id: $0.id, date: $0.date, text: "提案：\($0.title)（\($0.status.title)）", review: $0.review.status)
                    } ?? []
                    how = "提案被立案"
                } else {
                    how = "提交1件提案（立案计满分）"
                }
            case .sqmyAdopted:
                let each = source.each ?? 5
                points = min(it.points, each * Double(counts.sqmyAdopted))
                basis = evidence?.socialInfos.filter { $0.status == .adopted }.map {
                    ScoreBasis(kind: "sqmy", id: $0.id, date: $0.adoptedOn ?? $0.date, text: "社情民意：\($0.title)（\($0.adoptedBy)采用）", review: $0.review.status)
                } ?? []
                let need = Int(((it.points - points) / each).rounded(.up))
                how = need > 0 ? "再有\(need)篇社情民意被采用" : ""
            case .wall:
                if let key = it.checklist, let i = counts.inspections[key] {
                    points = i.problems == 0 ? it.points : 0
                    basis = [ScoreBasis(kind: "inspection", id: i.inspectionID, date: i.date,
                                        text: i.problems == 0 ? "上墙检查：全部合格" : "上墙检查：\(i.problems) 项不合格或缺失")]
                    how = i.problems == 0 ? "" : "整改上墙内容后复查"
                } else {
                    how = "做一次上墙检查"
                }
            default:
                break
            }
            return ScoredItem(id: it.id, text: it.text, section: section, points: points, max: it.points, basis: basis,
                              byPanel: source.kind == .panel, howToEarn: points >= it.points ? "" : how)
        }
        var items: [ScoredItem] = []
        var sections: [SectionTotal] = []
        for s in card.sections {
            let scored = s.items.map { item($0, section: s.name) }
            items += scored
            sections.append(SectionTotal(name: s.name, cap: s.cap, points: min(s.cap, scored.reduce(0) { $0 + $1.points })))
        }
        let bonus = card.bonus.map { b -> ScoredItem in
            let source = b.source ?? .panel
            var count = 0
            var basis: [ScoreBasis] = []
            var how = ""
            switch source.kind {
            case .proposalAwards:
                count = counts.proposalsAwarded
                basis = evidence?.proposals.filter { $0.award != nil }.map {
                    ScoreBasis(kind: "proposal", id: $0.id, date: $0.awardedOn ?? $0.date, text: "提案：\($0.title)（\($0.award!.title)）", review: $0.review.status)
                } ?? []
            case .instructions:
                // Only the levels and channels the table names score; the rest show, unscored, with the reason.
                func why(level: String, channel: String) -> String? {
                    if let levels = source.levels, !levels.contains(level) {
                        return "批示层级为「\(level.isEmpty ? "未填写" : level)」，本表只计\(levels.joined(separator: "、"))批示"
                    }
                    if let channels = source.channels, !channels.contains(where: { channel.contains($0) }) {
                        return "报送渠道为「\(channel.isEmpty ? "未填写" : channel)」，本表只计通过\(channels.joined(separator: "、"))上报的"
                    }
                    return nil
                }
                count = counts.instructions.reduce(0) { why(level: $1.key.level, channel: $1.key.channel) == nil ? $0 + $1.value : $0 }
                for i in evidence?.socialInfos.filter(\.hasInstruction) ?? [] {
                    let level = i.instructionLevel.isEmpty ? "" : "\(i.instructionLevel) "
                    let text = "社情民意：\(i.title)（\(level)\(i.instructionBy)批示，经\(i.channel.isEmpty ? "未填写渠道" : i.channel)）"
                    if let reason = why(level: i.instructionLevel, channel: i.channel) {
                        basis.append(ScoreBasis(kind: "unscored", id: i.id, date: i.instructionOn ?? i.date, text: text + "〔不计分：\(reason)〕"))
                    } else {
                        basis.append(ScoreBasis(kind: "sqmy", id: i.id, date: i.instructionOn ?? i.date, text: text, review: i.review.status))
                    }
                }
            case .activitiesBeyond:
                // The kinds of activity the table names (not 值班, not other ledgers), in date order past the required ones.
                func named(_ category: String) -> Bool { source.categories.map { $0.contains(category) } ?? (category != "duty") }
                let counted = activities(named)
                let beyond = source.beyond ?? 3
                count = max(0, counted - beyond)
                if count > 0 {
                    let raw = Double(count) * b.pointsEach
                    var text = "第\(beyond + 1)\(count > 1 ? "–\(counted)" : "")次活动 ×\(fmt(b.pointsEach))分 = \(fmt(raw))分"
                    if let cap = source.cap { text += raw > cap ? "，上限\(fmt(cap))分，计\(fmt(cap))分" : "（上限\(fmt(cap))分）" }
                    let records = evidence?.activities.filter { named($0.category) }.sorted { ($0.date, $0.id ?? 0) < ($1.date, $1.id ?? 0) } ?? []
                    basis = [ScoreBasis(kind: "reckoning", date: "", text: text)] + records.suffix(count).map(activityBasis)
                }
                let names = source.categories.map(categoryNames) ?? "各类"
                how = "本年已开展\(names)活动\(counted)次，超过\(beyond)次的每次加\(fmt(b.pointsEach))分" + (source.cap.map { "（上限\(fmt($0))分）" } ?? "")
            case .yesNo:
                if let e = panel[b.id] {
                    count = e.points > 0 ? 1 : 0
                    let when = e.date.map { DateInput.chinese($0) } ?? ""
                    basis = [ScoreBasis(kind: "panel", date: e.date ?? "", text: "评估小组：" + (count > 0 ? "是" : "否") + (e.note.isEmpty ? "" : "，\(e.note)")
                                        + (count > 0 && !when.isEmpty ? "（\(when)）" : ""))]
                }
            default:
                if let e = panel[b.id] {
                    count = max(0, Int((e.points / b.pointsEach).rounded()))
                    basis = [ScoreBasis(kind: "panel", date: "", text: "评估小组：" + (e.note.isEmpty ? "（未填写说明）" : e.note))]
                }
            }
            var points = Double(count) * b.pointsEach
            if let cap = source.cap { points = min(points, cap) }
            return ScoredItem(id: b.id, text: b.text, section: "加分项目", points: points, max: source.kind == .yesNo ? b.pointsEach : 0, basis: basis,
                              byPanel: source.kind == .panel || source.kind == .yesNo, howToEarn: how, isYesNo: source.kind == .yesNo ? true : nil)
        }
        let total = sections.reduce(0) { $0 + $1.points } + bonus.reduce(0) { $0 + $1.points }
        return ScoreSheet(method: "scorecard", title: card.title, items: items, bonus: bonus, sections: sections, total: total,
                          passMark: card.passMark, passed: total >= card.passMark, verdictNote: "")
    }

    /// The sheet of a studio the year does not judge: no items, neither passed nor failed.
    public static func notJudged(profile: RuleProfile, reason: String) -> ScoreSheet {
        let title = profile.assessment.method == "scorecard" ? (profile.scorecard?.title ?? "评估表") : "\(profile.name) 年度考核"
        return ScoreSheet(method: profile.assessment.method, title: title, items: [], bonus: [], sections: [], total: 0,
                          passMark: profile.scorecard?.passMark ?? 0, passed: false, verdictNote: YearStanding.exempt(reason).note, notJudged: reason)
    }

    /// 达标/未达标 from the minimums (陕西, 商洛, 郴州, 鄂尔多斯), with the reasons listed.
    static func verdict(profile: RuleProfile, compliance: [ComplianceLine], panel: [String: PanelEntry]) -> ScoreSheet {
        let items = compliance.map { line -> ScoredItem in
            let id = line.period.kind == .year ? line.minimumID : "\(line.minimumID)-\(line.period.shortTitle)"
            var basis = [ScoreBasis(kind: "compliance", date: line.period.end, text: "已完成：\(line.doneText)")]
            if !line.members.isEmpty {
                basis.append(ScoreBasis(kind: "compliance", date: "", text: "未完成的委员：" + line.members.map(\.name).joined(separator: "、")))
            }
            return ScoredItem(id: id, text: line.text, section: line.period.shortTitle, points: line.state == .met ? 1 : 0, max: 1,
                              basis: basis, byPanel: false, howToEarn: line.state == .met ? "" : line.briefText)
        }
        let met = Double(items.filter { $0.points >= $0.max }.count)
        let byRecords = met >= Double(items.count)
        var passed = byRecords
        var note = ""
        if let v = panel["verdict"] {
            passed = v.points >= 1
            note = v.note
        } else if items.isEmpty {
            // 郴州 names no counts: the result is the panel's to record.
            passed = false
            note = Scoring.awaitingPanel
        }
        return ScoreSheet(method: profile.assessment.method, title: profile.assessment.method == "ranking" ? "\(profile.name) 年度评比" : "\(profile.name) 年度考核", items: items, bonus: [], sections: [], total: met,
                          passMark: Double(items.count), passed: passed, verdictNote: note)
    }
}

// MARK: - The process

public enum AssessmentStage: String, Codable, CaseIterable, Sendable {
    /// 自查自评: the studio's own scores and texts.
    case selfAssessment
    /// 评估小组综合评定.
    case panel
    /// 主席会议审定: final and locked.
    case approved

    public var title: String {
        switch self {
        case .selfAssessment: "自评"
        case .panel: "评估"
        case .approved: "审定"
        }
    }

    public var next: AssessmentStage? {
        switch self {
        case .selfAssessment: .panel
        case .panel: .approved
        case .approved: nil
        }
    }
}

/// A studio's assessment for a year (round 2 is the re-assessment after 整改).
public struct Assessment: Codable, Equatable, Identifiable, Sendable {
    public var id: Int64?
    public var studioID: Int64
    public var year: Int
    public var round: Int
    public var profileID: String
    /// The profile as it was when the result was computed: a later change to the rules does not rewrite it.
    public var profile: RuleProfile
    public var stage: AssessmentStage
    /// The studio's own points by item id (自评).
    public var selfScores: [String: Double]
    public var panel: [String: PanelEntry]
    public var highlights: String
    public var problems: String
    public var nextPlan: String
    /// The sheet as last computed; frozen once approved.
    public var sheet: ScoreSheet
    public var approvedOn: String?
    public var updatedOn: String

    public init(id: Int64? = nil, studioID: Int64, year: Int, round: Int = 1, profile: RuleProfile, stage: AssessmentStage = .selfAssessment,
                selfScores: [String: Double] = [:], panel: [String: PanelEntry] = [:], highlights: String = "", problems: String = "",
                nextPlan: String = "", sheet: ScoreSheet, approvedOn: String? = nil, updatedOn: String) {
        self.id = id
        self.studioID = studioID
        self.year = year
        self.round = round
        self.profileID = profile.id
        self.profile = profile
        self.stage = stage
        self.selfScores = selfScores
        self.panel = panel
        self.highlights = highlights
        self.problems = problems
        self.nextPlan = nextPlan
        self.sheet = sheet
        self.approvedOn = approvedOn
        self.updatedOn = updatedOn
    }

    public var isLocked: Bool { stage == .approved }

    /// There is still time to act: not 审定 and the year not over.
    public func isOpen(on today: String) -> Bool { !isLocked && today <= "\(year)-12-31" }

    /// The result as shown on `today`: a closed year (审定, or over) lists no remedies ("做一次上墙检查") on screen,
    /// in files or on paper; what earned the points stays.
    public func shown(on today: String) -> Assessment {
        guard !isOpen(on: today) else { return self }
        var a = self
        for i in a.sheet.items.indices { a.sheet.items[i].howToEarn = "" }
        for i in a.sheet.bonus.indices { a.sheet.bonus[i].howToEarn = "" }
        return a
    }

    /// Items where the studio's own score differs from the sheet's.
    public var differences: [String] {
        (sheet.items + sheet.bonus).filter { i in selfScores[i.id].map { $0 != i.points } ?? false }.map(\.id)
    }
}

public enum AssessmentError: Error, Equatable, CustomStringConvertible, Sendable {
    case locked(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .locked(let d): "该评估结果已于 \(d) 经主席会议审定，已锁定；如需修改，请先登记重新打开的理由"
        case .invalid(let m): m
        }
    }
}

extension Assessment {
    /// Applies the panel's entry on a panel item, refusing a locked result or points outside 0…max.
    public mutating func enter(itemID: String, points: Double, note: String, date: String? = nil) throws {
        if isLocked { throw AssessmentError.locked(approvedOn ?? "") }
        if itemID == "verdict" {
            guard points == 0 || points == 1 else { throw AssessmentError.invalid("结论只能是达标或未达标") }
        } else if let item = (sheet.items + sheet.bonus).first(where: { $0.id == itemID }) {
            guard item.byPanel else { throw AssessmentError.invalid("「\(item.text)」由台账记录计分，不能手工填写") }
            if item.isYesNo == true {
                guard points == 0 || points == item.max else {
                    throw AssessmentError.invalid("「\(item.text)」只能是「是」（加\(Scoring.points(item.max))分）或「否」")
                }
                guard points == 0 || date.map(DateInput.isISO) == true else {
                    throw AssessmentError.invalid("请填写命名日期（如 2026-05-20）")
                }
                panel[itemID] = PanelEntry(points: points, note: note, date: points > 0 ? date : nil)
                return
            }
            if item.max > 0, points < 0 || points > item.max {
                throw AssessmentError.invalid("「\(item.text)」分值为 0–\(Scoring.points(item.max)) 分")
            }
            if points < 0 { throw AssessmentError.invalid("分数不能为负") }
        } else {
            throw AssessmentError.invalid("没有这个评分项目：\(itemID)")
        }
        if note.trimmingCharacters(in: .whitespaces).isEmpty && points > 0 {
            throw AssessmentError.invalid("请写明评分依据（如：现场查看，场所面积约60平方米）")
        }
        panel[itemID] = PanelEntry(points: points, note: note)
    }

    public mutating func setSelfScore(itemID: String, points: Double?) throws {
        if isLocked { throw AssessmentError.locked(approvedOn ?? "") }
        guard let item = (sheet.items + sheet.bonus).first(where: { $0.id == itemID }) else {
            throw AssessmentError.invalid("没有这个评分项目：\(itemID)")
        }
        if let p = points, p < 0 || (item.max > 0 && p > item.max) {
            throw AssessmentError.invalid("「\(item.text)」分值为 0–\(Scoring.points(item.max)) 分")
        }
        selfScores[itemID] = points
    }

    /// Moves to the next stage; 审定 locks the result on `date`.
    public mutating func advance(on date: String) throws {
        guard let next = stage.next else { throw AssessmentError.locked(approvedOn ?? "") }
        if next == .panel, highlights.trimmingCharacters(in: .whitespaces).isEmpty {
            throw AssessmentError.invalid("自查自评须填写「成绩和特色亮点」后才能提交评估小组")
        }
        if next == .approved {
            let open = sheet.items.filter { $0.byPanel && panel[$0.id] == nil }
            if !open.isEmpty {
                throw AssessmentError.invalid("评估小组还有 \(open.count) 项未评分：" + open.map { $0.text }.joined(separator: "；"))
            }
            if sheet.method != "scorecard", sheet.items.isEmpty, panel["verdict"] == nil {
                throw AssessmentError.invalid("请先由评估小组认定达标或未达标")
            }
            approvedOn = date
        }
        stage = next
    }
}
