import Foundation

/// What a studio's year gives its 评估表, as numbers: how many records of each kind count, not the records.
/// Made from the records (`init(facts:)`: one studio, tests) or by the store from the database's counts; either
/// way through the same `add…` rules, so `Scoring` computes the same points from both. The records themselves
/// (the evidence named on a sheet) are read only when a sheet is shown, printed or exported.
public struct ScoreCounts: Equatable, Sendable {
    /// 社情民意 with a 领导批示, by what decides whether it scores.
    public struct Instruction: Hashable, Sendable {
        public var level: String
        public var channel: String

        public init(level: String, channel: String) {
            self.level = level
            self.channel = channel
        }
    }

    /// The latest inspection of the year that checked a wall checklist.
    public struct WallCheck: Equatable, Sendable {
        public var date: String
        public var problems: Int
        public var inspectionID: Int64?

        public init(date: String, problems: Int, inspectionID: Int64?) {
            self.date = date
            self.problems = problems
            self.inspectionID = inspectionID
        }
    }

    public var year: Int
    /// The days the studio ran: a year it is not judged for gets a 本年不参评 sheet.
    public var term: StudioTerm
    /// Activities that count, by category id.
    public var activities: [String: Int] = [:]
    /// Activities with guests recorded, by the guests' kind (nil: not recorded).
    public var guided: [GuestKind?: Int] = [:]
    public var proposals = 0
    /// 立案 (or answered) proposals.
    public var proposalsFiled = 0
    /// 重点/优秀 proposals.
    public var proposalsAwarded = 0
    public var sqmyAdopted = 0
    public var instructions: [Instruction: Int] = [:]
    /// The kinds of year document (计划, 总结) on file with text.
    public var yearDocs: Set<YearDocKind> = []
    /// By wall checklist key.
    public var inspections: [String: WallCheck] = [:]
    /// For verdict profiles: the compliance lines of the year.
    public var compliance: [ComplianceLine] = []

    public init(year: Int, term: StudioTerm = .always) {
        self.year = year
        self.term = term
    }

    /// The counts of the records in `facts` (which keeps only the year's records that count).
    public init(facts: AssessmentFacts) {
        self.init(year: facts.year, term: facts.term)
        for a in facts.activities {
            addActivities(category: a.category, guests: a.guests, guestKind: a.guestKind, review: a.review.status)
        }
        for p in facts.proposals { addProposals(status: p.status, awarded: p.award != nil, review: p.review.status) }
        for i in facts.socialInfos {
            addSocialInfos(status: i.status, instructed: i.hasInstruction, level: i.instructionLevel, channel: i.channel, review: i.review.status)
        }
        for d in facts.yearDocs { addYearDoc(kind: d.kind, text: d.text) }
        for (key, i) in facts.inspections { inspections[key] = WallCheck(date: i.date, problems: i.problems, inspectionID: i.inspectionID) }
        compliance = facts.compliance
    }

    // The rules of what counts, for records one at a time and for the database's grouped counts alike.

    /// `count` activities of a category; `guests` as entered (blank: none).
    public mutating func addActivities(category: String, guests: String, guestKind: GuestKind?, review: ReviewStatus, count: Int = 1) {
        guard review.counts else { return }
        activities[category, default: 0] += count
        if !guests.trimmingCharacters(in: .whitespaces).isEmpty { guided[guestKind, default: 0] += count }
    }

    public mutating func addProposals(status: ProposalStatus, awarded: Bool, review: ReviewStatus, count: Int = 1) {
        guard review.counts else { return }
        proposals += count
        if status.isFiled { proposalsFiled += count }
        if awarded { proposalsAwarded += count }
    }

    public mutating func addSocialInfos(status: SocialInfoStatus, instructed: Bool, level: String, channel: String, review: ReviewStatus,
                                        count: Int = 1) {
        guard review.counts else { return }
        if status == .adopted { sqmyAdopted += count }
        if instructed { instructions[Instruction(level: level, channel: channel), default: 0] += count }
    }

    public mutating func addYearDoc(kind: YearDocKind, text: String) {
        if !text.trimmingCharacters(in: .whitespaces).isEmpty { yearDocs.insert(kind) }
    }
}
