import Foundation
import GRDB
import StudioCore

extension AppDatabase {
    /// Every approval record of a studio, all rounds, in the order they were made.
    public func approvalRecords(studioID: Int64) throws -> [ApprovalRecord] {
        try read { db in try ApprovalRecord.filter(Column("studioID") == studioID).order(Column("id")).fetchAll(db) }
    }

    /// Approval records of many studios at once (the register shows the step each one waits on).
    public func approvalRecords(studioIDs: [Int64]) throws -> [Int64: [ApprovalRecord]] {
        guard !studioIDs.isEmpty else { return [:] }
        let records = try read { db in
            try ApprovalRecord.filter(studioIDs.contains(Column("studioID"))).order(Column("id")).fetchAll(db)
        }
        return Dictionary(grouping: records, by: \.studioID)
    }

    public func statusHistory(studioID: Int64) throws -> [StatusChange] {
        try read { db in try StatusChange.filter(Column("studioID") == studioID).order(Column("id")).fetchAll(db) }
    }

    /// The days each studio ran (授牌 → 摘牌/终止/撤销), from its status history: what every count and list judges by.
    public func studioTerms() throws -> [Int64: StudioTerm] {
        try read { db in try Self.studioTerms(db) }
    }

    public func studioTerm(id: Int64) throws -> StudioTerm {
        try read { db in try Self.studioTerms(db, studioID: id)[id] ?? .never }
    }

    static func studioTerms(_ db: Database, studioID: Int64? = nil) throws -> [Int64: StudioTerm] {
        let filter = studioID == nil ? "" : " WHERE studioID = \(studioID!)"
        var history: [Int64: [StatusChange]] = [:]
        for c in try StatusChange.fetchAll(db, sql: "SELECT * FROM statusChange\(filter) ORDER BY id") { history[c.studioID, default: []].append(c) }
        var out: [Int64: StudioTerm] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT id, status FROM studio" + (studioID == nil ? "" : " WHERE id = \(studioID!)")) {
            let id: Int64 = r[0]
            out[id] = StudioTerm.of(status: StudioStatus(rawValue: r[1]) ?? .draft, history: history[id] ?? [])
        }
        return out
    }

    /// Changes a studio's status and writes the history line, in one transaction. Refuses if another
    /// clerk changed the status meanwhile (`expected` is what this clerk saw), so nothing is decided twice.
    public func changeStatus(studioID: Int64, expected: StudioStatus, to newStatus: StudioStatus, date: String, reason: String,
                             record: ApprovalRecord? = nil) throws {
        try write(.editRecords) { db in
            if var r = record { try r.insert(db) }
            try Self.changeStatus(db, studioID: studioID, expected: expected, to: newStatus, date: date, reason: reason)
        }
    }

    /// The status change inside a caller's transaction (a confirmed assessment consequence uses it too).
    static func changeStatus(_ db: Database, studioID: Int64, expected: StudioStatus, to newStatus: StudioStatus, date: String, reason: String) throws {
        guard var studio = try Studio.fetchOne(db, key: studioID) else { throw StoreError.notFound("该工作室（可能已被删除）") }
        guard studio.status == expected else {
            throw StoreError.other("「\(studio.name)」的状态已被他人改为「\(studio.status.title)」，请返回后重新查看。")
        }
        if newStatus != expected {
            studio.status = newStatus
            try studio.update(db)
            var change = StatusChange(studioID: studioID, fromStatus: expected, toStatus: newStatus, date: date, reason: reason)
            try change.insert(db)
        }
    }
}
