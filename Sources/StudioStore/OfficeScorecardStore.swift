import Foundation
import GRDB
import StudioCore

/// An office's own 评估表: a copy of a profile's table (or of another profile's, as a local table for a
/// verdict profile) that the office edits in 规则设置. New results use it; results already on file keep
/// the table they were computed with (the profile snapshot in each assessment).
extension AppDatabase {
    public func officeScorecard(profileID: String) throws -> (card: RuleProfile.Scorecard, updatedOn: String)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT body, updatedOn FROM officeScorecard WHERE profileID = ?", arguments: [profileID]) else {
                return nil
            }
            return (try JSONDecoder().decode(RuleProfile.Scorecard.self, from: Data((row["body"] as String).utf8)), row["updatedOn"])
        }
    }

    /// Saves the office's table after the same checks a profile file gets (caps, points, pass mark, sources).
    public func saveOfficeScorecard(_ card: RuleProfile.Scorecard, for profile: RuleProfile, today: String, expecting: EditStamp? = nil) throws {
        var p = profile
        p.scorecard = card
        p.assessment.method = "scorecard"
        do { try ProfileLoader.validate(p, file: "本办公室的评估表") } catch let e as ProfileError {
            throw StoreError.other(e.field.isEmpty ? e.message : "\(e.field)：\(e.message)")
        }
        let json = String(decoding: try JSONEncoder().encode(card), as: UTF8.self)
        try write(.manageRules) { db in
            try Self.require(expecting, db)
            try db.execute(sql: """
                INSERT INTO officeScorecard (profileID, body, updatedOn) VALUES (?, ?, ?)
                ON CONFLICT(profileID) DO UPDATE SET body = excluded.body, updatedOn = excluded.updatedOn
                """, arguments: [profile.id, json, today])
        }
    }

    public func removeOfficeScorecard(profileID: String) throws {
        try write(.manageRules) { db in try db.execute(sql: "DELETE FROM officeScorecard WHERE profileID = ?", arguments: [profileID]) }
    }

    /// The office's cut-off for 本年不参评 ("MM-dd"), set in 规则设置; nil: the profile's own (06-30).
    public func officeCutoff(profileID: String) throws -> String? {
        try setting("notJudgedIfPlaquedAfter:\(profileID)").flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Saves the office's cut-off after the profile check; nil or empty goes back to the profile's.
    public func saveOfficeCutoff(_ cutoff: String?, for profile: RuleProfile) throws {
        let value = cutoff?.trimmingCharacters(in: .whitespaces) ?? ""
        if !value.isEmpty {
            var p = profile
            p.assessment.notJudgedIfPlaquedAfter = value
            do { try ProfileLoader.validate(p, file: "本办公室的规则") } catch let e as ProfileError { throw StoreError.other(e.message) }
        }
        try setSetting("notJudgedIfPlaquedAfter:\(profile.id)", value, permission: .manageRules)
    }

    /// The shipped profiles with the office's own readings where 规则设置 set them (the 本年不参评 cut-off): what
    /// every count, list and scorecard of this file judges by.
    public func officeProfiles(_ shipped: [RuleProfile]) throws -> [RuleProfile] {
        try shipped.map { p in
            guard let cutoff = try officeCutoff(profileID: p.id) else { return p }
            var q = p
            q.assessment.notJudgedIfPlaquedAfter = cutoff
            return q
        }
    }

    /// The profile a new result is computed with: the office's own table where it has one.
    public func assessmentProfile(_ profile: RuleProfile) throws -> RuleProfile {
        guard let own = try officeScorecard(profileID: profile.id) else { return profile }
        var p = profile
        p.scorecard = own.card
        p.assessment.method = "scorecard"
        return p
    }
}
