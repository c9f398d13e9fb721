import Foundation
import StudioCore

/// Compliance of one studio for a year: its lines, computed from the ledgers and the profile.
public struct StudioCompliance {
    public var studio: Studio
    public var profile: RuleProfile?
    public var lines: [ComplianceLine]
    public var overdueIntake: Int
    public var pendingReview: Int

    public var short: [ComplianceLine] { lines.filter { $0.short > 0 } }
}

// Office-wide compliance lives here, not in the screens: the overviews, the command line and `studiodesk-bench`
// all count it, and the command line does not import the screens.
extension AppDatabase {
    /// One studio's compliance for a year (or one quarter of it). `profiles`: with the office's readings.
    public func studioCompliance(_ studio: Studio, year: Int, quarter: Int? = nil, profiles: [RuleProfile], today: String) throws -> StudioCompliance {
        let profile = profiles.first { $0.id == studio.profileID }
        let facts = try ledgerFacts(studioID: studio.id!, year: year)
        let lines = profile.map { Compliance.evaluate(profile: $0, year: year, quarter: quarter, facts: facts, today: today) } ?? []
        let limit = profile?.intakeLimitDays ?? IntakeLimit.defaultDays
        let overdue = try overdueIntakeCount(studioID: studio.id!, limitDays: limit, today: today)
        let pending = try pendingReviewCount(studioID: studio.id!, year: year)
        return StudioCompliance(studio: studio, profile: profile, lines: lines, overdueIntake: overdue, pendingReview: pending)
    }

    /// Every studio's compliance for a year from one round of queries (not a round per studio), in the given order.
    /// `facts`: the year's ledger facts when the caller keeps them already (the screens' cache); read here otherwise.
    public func officeCompliance(studios: [Studio], year: Int, profiles: [RuleProfile], today: String,
                                 facts: YearFacts? = nil) throws -> [StudioCompliance] {
        let facts = try facts ?? yearFacts(year: year)
        let queues = try ledgerQueues(year: year, counted: facts.pendingReview)
        return studios.map { studio in
            let id = studio.id!
            let profile = profiles.first { $0.id == studio.profileID }
            let lines = profile.map {
                Compliance.evaluate(profile: $0, year: year, facts: facts[id] ?? LedgerFacts(done: [], team: []), today: today)
            } ?? []
            let limit = IntakeLimit(days: profile?.intakeLimitDays ?? IntakeLimit.defaultDays, today: today)
            let overdue = (queues.openIntake[id] ?? []).filter { limit.isOverdue(receivedOn: $0, settled: false) }.count
            return StudioCompliance(studio: studio, profile: profile, lines: lines, overdueIntake: overdue, pendingReview: queues.pendingReview[id] ?? 0)
        }
    }
}
