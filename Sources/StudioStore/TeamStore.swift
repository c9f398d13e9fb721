import Foundation
import GRDB
import StudioCore

extension AppDatabase {
    /// Creates a studio as a draft application; returns it with its id.
    @discardableResult
    public func createStudio(_ studio: Studio) throws -> Studio {
        var s = try Self.checked(studio)
        s.status = .draft
        return try write(.editRecords) { db in
            try s.insert(db)
            return s
        }
    }

    /// Saves a studio's particulars (name, type, mode, address, area, committee, rules). Status is not changed here.
    public func updateStudio(_ studio: Studio, expecting: EditStamp? = nil) throws {
        let s = try Self.checked(studio)
        try write(.editRecords) { db in
            try Self.require(expecting, db)
            guard let old = try Studio.fetchOne(db, key: s.id) else { throw StoreError.notFound("该工作室（可能已被删除）") }
            var updated = s
            updated.status = old.status
            try updated.update(db)
        }
    }

    static func checked(_ studio: Studio) throws -> Studio {
        var s = studio
        s.name = s.name.trimmingCharacters(in: .whitespacesAndNewlines)
        s.address = s.address.trimmingCharacters(in: .whitespacesAndNewlines)
        let issues = s.issues()
        if !issues.isEmpty { throw StoreError.validation(issues) }
        let key = PinyinKey(s.name)
        s.pinyin = key.spaced
        s.initials = key.initials
        return s
    }

    /// Puts a member on a team with a role from a date. Refuses a member who is already on this team.
    public func addTeamMember(studioID: Int64, memberID: Int64, role: StudioRole, joinedOn: String, expecting: EditStamp? = nil) throws {
        try write(.editRecords) { db in
            try Self.require(expecting, db)
            guard try Studio.exists(db, key: studioID) else { throw StoreError.notFound("该工作室（可能已被删除）") }
            guard let member = try Member.fetchOne(db, key: memberID) else { throw StoreError.notFound("该委员（可能已被删除）") }
            let already = try StudioMembership
                .filter(Column("studioID") == studioID && Column("memberID") == memberID && Column("leftOn") == nil)
                .fetchCount(db)
            if already > 0 { throw StoreError.other("\(member.name) 已在本工作室团队中。") }
            try StudioMembership(studioID: studioID, memberID: memberID, role: role, joinedOn: joinedOn).insert(db)
        }
    }

    /// Whether the studio is a draft never submitted: its team is still a list being drawn up, with no history.
    public func isUnsubmittedDraft(studioID: Int64) throws -> Bool {
        try read { db in try Self.isUnsubmittedDraft(db, studioID: studioID) }
    }

    static func isUnsubmittedDraft(_ db: Database, studioID: Int64) throws -> Bool {
        guard let studio = try Studio.fetchOne(db, key: studioID), studio.status == .draft else { return false }
        return try ApprovalRecord.filter(Column("studioID") == studioID).fetchCount(db) == 0
            && StatusChange.filter(Column("studioID") == studioID).fetchCount(db) == 0
    }

    /// Takes a wrong pick off a draft's team outright (no 退出日期, no history): only while the application has
    /// never been submitted. After that a member leaves with a date and a reason (`memberLeaves`).
    public func removeDraftPick(studioID: Int64, memberID: Int64, expecting: EditStamp? = nil) throws {
        try write(.editRecords) { db in
            try Self.require(expecting, db)
            guard try Self.isUnsubmittedDraft(db, studioID: studioID) else {
                throw StoreError.other("申报已提交过，团队变动须办理退出（填写退出日期和原因），以便留下记录")
            }
            let count = try StudioMembership.filter(Column("studioID") == studioID && Column("memberID") == memberID).deleteAll(db)
            if count == 0 { throw StoreError.notFound("该成员（可能已被删除）") }
        }
    }

    /// Records that a member left the team on a date, with the reason; the line stays in the team's history.
    public func memberLeaves(studioID: Int64, memberID: Int64, on date: String, reason: String, expecting: EditStamp? = nil) throws {
        try write(.editRecords) { db in
            try Self.require(expecting, db)
            let count = try StudioMembership
                .filter(Column("studioID") == studioID && Column("memberID") == memberID && Column("leftOn") == nil)
                .updateAll(db, Column("leftOn").set(to: date), Column("leftReason").set(to: reason))
            if count == 0 { throw StoreError.notFound("该成员（可能已退出）") }
        }
    }
}

extension AppDatabase {
    /// 换届 check: every running studio with a current member whose term has ended, and what it needs.
    public func termChangeFindings(profiles: [RuleProfile]) throws -> [TermChangeFinding] {
        let studios = try studios().filter { $0.status.isActive }
        return try studios.compactMap { s in
            TermChangeAdvisor.assess(studio: s, team: try team(studioID: s.id!), profile: profiles.first { $0.id == s.profileID })
        }
    }

    /// Every current member of the studio whose term has ended leaves it on the date, reason 任期届满; one transaction.
    @discardableResult
    public func endedMembersLeave(studioID: Int64, on date: String) throws -> Int {
        try write(.editRecords) { db in
            try db.execute(sql: """
                UPDATE studioMembership SET leftOn = ?, leftReason = '任期届满'
                WHERE studioID = ? AND leftOn IS NULL
                AND memberID IN (SELECT id FROM member WHERE termEndedOn IS NOT NULL)
                """, arguments: [date, studioID])
            return db.changesCount
        }
    }
}
