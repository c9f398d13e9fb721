import Foundation

// Who is judged, for which periods (issue 18). One rule, read by compliance, scorecards, the office lists,
// the due-soon list, duty, the command line and the bench, so no two places can disagree.

extension StudioStatus {
    /// 授牌 and not ended: the studios whose ledgers are kept, counted and assessed.
    public static let running: Set<StudioStatus> = [.plaqued, .warned, .rectifying]

    public var isRunning: Bool { Self.running.contains(self) }

    /// 摘牌, 终止, 撤销: the studio's run is over.
    public var hasEnded: Bool { !isActive }
}

/// The days a studio ran: from its 授牌 to its 摘牌/终止/撤销, read from its status history.
public struct StudioTerm: Codable, Equatable, Hashable, Sendable {
    /// The day of the first 授牌; nil when never plaqued, or a running studio without history (then it counts
    /// as running since before any year asked about).
    public var plaquedOn: String?
    /// The day it ended, and how.
    public var endedOn: String?
    public var endedAs: StudioStatus?
    /// Whether the studio ever ran (a running status, or a 授牌 in its history).
    public var ran: Bool

    public init(plaquedOn: String?, endedOn: String? = nil, endedAs: StudioStatus? = nil, ran: Bool = true) {
        self.plaquedOn = plaquedOn
        self.endedOn = endedOn
        self.endedAs = endedAs
        self.ran = ran
    }

    /// A running studio with no dates on file: judged for every period (older files, studios made by tests).
    public static let always = StudioTerm(plaquedOn: nil)
    /// A draft or an application: never judged.
    public static let never = StudioTerm(plaquedOn: nil, ran: false)

    /// From the studio's status and its history (oldest first).
    public static func of(status: StudioStatus, history: [StatusChange]) -> StudioTerm {
        let sorted = history.sorted { ($0.date, $0.id ?? 0) < ($1.date, $1.id ?? 0) }
        let plaqued = sorted.first { $0.toStatus == .plaqued }?.date
        guard plaqued != nil || status.isRunning || (status.hasEnded && sorted.contains { $0.fromStatus.isRunning }) else { return .never }
        let ended = status.hasEnded ? sorted.last { $0.toStatus == status } : nil
        return StudioTerm(plaquedOn: plaqued, endedOn: ended?.date, endedAs: ended == nil ? nil : status)
    }

    /// The studio ran the whole period: plaqued on or before its first day, not ended before its last.
    /// A studio plaqued mid-quarter is first judged for the next full quarter.
    public func judges(_ p: Period) -> Bool {
        guard ran else { return false }
        if let plaquedOn, plaquedOn > p.start { return false }
        if let endedOn, endedOn < p.end { return false }
        return true
    }

    /// The studio ran at least one day of the period (it is in that period's lists).
    public func overlaps(_ p: Period) -> Bool {
        guard ran else { return false }
        if let plaquedOn, plaquedOn > p.end { return false }
        if let endedOn, endedOn < p.start { return false }
        return true
    }

    /// The studio ran at least one day of the year.
    public func existed(in year: Int) -> Bool { overlaps(Period(.year, year: year)) }

    /// Whether the year is judged (yearly minimums and the scorecard): a studio plaqued after the profile's
    /// cut-off day, or ended within the year, is listed as not judged, with the reason; one that did not run in
    /// the year is not in it at all.
    public func standing(year: Int, cutoff: String) -> YearStanding {
        guard existed(in: year) else { return .absent }
        if let plaquedOn, plaquedOn > "\(year)-\(cutoff)" {
            return .exempt("\(Self.monthDay(plaquedOn))授牌")
        }
        if let endedOn, let endedAs, endedOn <= "\(year)-12-31" {
            return .exempt("\(Self.monthDay(endedOn))\(endedAs.title)")
        }
        return .judged
    }

    /// "12月6日".
    static func monthDay(_ iso: String) -> String {
        let p = iso.split(separator: "-").compactMap { Int($0) }
        return p.count == 3 ? "\(p[1])月\(p[2])日" : iso
    }
}

/// A studio's place in a year's assessment.
public enum YearStanding: Equatable, Hashable, Sendable {
    /// Yearly minimums and the scorecard apply.
    case judged
    /// Listed, but neither passed nor failed, with why: "12月6日授牌" (shown as 本年不参评（12月6日授牌）).
    case exempt(String)
    /// Did not run in the year: not in that year's lists.
    case absent

    public var isJudged: Bool { self == .judged }

    public var note: String {
        switch self {
        case .judged: ""
        case .exempt(let why): "本年不参评（\(why)）"
        case .absent: "本年未运行"
        }
    }
}

extension ReviewStatus {
    /// Which records count, everywhere (compliance, scorecards, every list): a record the liaison officer
    /// returned (退回) does not count until it is corrected; one waiting for review (待审核) counts, marked
    /// 待审核 in the evidence, so a slow review does not fail a studio.
    public var counts: Bool { self != .returned }
}

extension RuleProfile.AssessmentRules {
    /// The default cut-off: a studio plaqued after 6月30日 is not judged that year.
    public static let defaultCutoff = "06-30"

    /// "MM-dd": plaqued after this day of the year → 本年不参评.
    public var judgedIfPlaquedBy: String { notJudgedIfPlaquedAfter ?? Self.defaultCutoff }
}

extension RuleProfile {
    /// Where the studio stands in the year under this profile.
    public func standing(of term: StudioTerm, year: Int) -> YearStanding {
        term.standing(year: year, cutoff: assessment.judgedIfPlaquedBy)
    }
}
