import Foundation

// MARK: - Consequences (§2.9)

/// What follows from a year's approved result, as a dated task the office confirms.
public struct ConsequenceTask: Codable, Equatable, Identifiable, Sendable {
    public var id: Int64?
    public var studioID: Int64
    public var year: Int
    public var trigger: String
    public var action: String
    /// The status the studio moves to when confirmed; nil for 通报表扬.
    public var status: StudioStatus?
    /// When it falls due (end of a 整改期, or the day of the 审定).
    public var dueOn: String
    public var confirmedOn: String?

    public init(id: Int64? = nil, studioID: Int64, year: Int, trigger: String, action: String, status: StudioStatus?, dueOn: String,
                confirmedOn: String? = nil) {
        self.id = id
        self.studioID = studioID
        self.year = year
        self.trigger = trigger
        self.action = action
        self.status = status
        self.dueOn = dueOn
        self.confirmedOn = confirmedOn
    }
}

public enum Consequences {
    /// One approved result of the studio's history, oldest first.
    public struct Result: Equatable, Sendable {
        public var year: Int
        public var round: Int
        public var passed: Bool
        public var approvedOn: String

        public init(year: Int, round: Int = 1, passed: Bool, approvedOn: String) {
            self.year = year
            self.round = round
            self.passed = passed
            self.approvedOn = approvedOn
        }
    }

    /// The tasks the profile's ladder gives for the latest result in `history`.
    public static func tasks(profile: RuleProfile, studioID: Int64, history: [Result]) -> [ConsequenceTask] {
        guard let last = history.last else { return [] }
        let ladder = profile.consequences
        func task(_ c: RuleProfile.Consequence, due: String) -> ConsequenceTask {
            ConsequenceTask(studioID: studioID, year: last.year, trigger: c.trigger, action: c.action, status: c.status, dueOn: due)
        }
        if last.passed {
            return ladder.filter { $0.trigger == "pass" }.map { task($0, due: last.approvedOn) }
        }
        // Round 2 is the re-assessment at the end of the 整改期.
        if last.round > 1, let c = ladder.first(where: { $0.trigger == "failAfterRectification" }) {
            return [task(c, due: last.approvedOn)]
        }
        // Failures in consecutive years, counting back from this one.
        var run = 0
        var year = last.year
        for r in history.filter({ $0.round == 1 }).reversed() {
            guard r.year == year, !r.passed else { break }
            run += 1
            year -= 1
        }
        if let c = ladder.filter({ $0.trigger == "consecutiveFails" }).first(where: { run >= ($0.times ?? 2) }) {
            return [task(c, due: last.approvedOn)]
        }
        if let c = ladder.first(where: { $0.trigger == "firstFail" }) {
            let due = c.months.flatMap { CivilDate.adding(months: $0, to: last.approvedOn) } ?? last.approvedOn
            return [task(c, due: due)]
        }
        return []
    }
}
