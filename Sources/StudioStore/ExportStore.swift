import Foundation
import GRDB
import StudioCore

// What the table exports (StudioExport's TableExport) read: records in export order with the names they show.
extension AppDatabase {
    /// The roster as an export lists it: members (not 非委员) by pinyin; with `studioID`, that studio's current team.
    public func exportMembers(studioID: Int64?) throws -> [Member] {
        try read { db in
            var request = Member.filter(Column("isNonMember") == false)
            if let id = studioID {
                request = request.filter(sql: "id IN (SELECT memberID FROM studioMembership WHERE studioID = ? AND leftOn IS NULL)", arguments: [id])
            }
            return try request.order(Column("pinyin"), Column("name"), Column("id")).fetchAll(db)
        }
    }

    /// Studios as an export lists them, by pinyin: each with its first 授牌 date and its current team in joining
    /// order, and every member's name by id.
    public func exportStudios(studioID: Int64?) throws -> (studios: [(studio: Studio, plaqued: String?, team: [StudioMembership])], memberNames: [Int64: String]) {
        try read { db in
            var request = Studio.all()
            if let id = studioID { request = request.filter(key: id) }
            let names = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, name FROM member").map { ($0["id"] as Int64, $0["name"] as String) })
            let studios = try request.order(Column("pinyin"), Column("id")).fetchAll(db).map { s in
                let plaqued = try String.fetchOne(db, sql: "SELECT date FROM statusChange WHERE studioID = ? AND toStatus = 'plaqued' ORDER BY id LIMIT 1", arguments: [s.id])
                let team = try StudioMembership.filter(Column("studioID") == s.id && Column("leftOn") == nil).order(Column("rowid")).fetchAll(db)
                return (studio: s, plaqued: plaqued, team: team)
            }
            return (studios, names)
        }
    }

    /// A ledger's records as an export lists them (by studio, date, id), optionally one studio's or one year's,
    /// with every studio's name and each record's participants' names (one query, not one per record).
    /// `Record`: the kind's record type (Activity, Proposal, SocialInfo, CitizenItem).
    public func exportLedger<Record: FetchableRecord>(_ kind: LedgerKind, as _: Record.Type, studioID: Int64?, year: Int?) throws
        -> (records: [Record], studioNames: [Int64: String], participants: [Int64: [String]]) {
        let table = ["activity": "activity", "proposal": "proposal", "sqmy": "socialInfo", "intake": "citizenItem"][kind.rawValue]!
        let dateColumn = kind == .intake ? "receivedOn" : "date"
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let id = studioID { conditions.append("studioID = ?"); arguments.append(id) }
        if let y = year { conditions.append("substr(\(dateColumn), 1, 4) = ?"); arguments.append(String(y)) }
        let sql = "SELECT * FROM \(table)" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " ORDER BY studioID, \(dateColumn), id"
        let args = StatementArguments(arguments.map { $0.databaseValue })
        return try read { db in
            let studioNames = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, name FROM studio").map { ($0["id"] as Int64, $0["name"] as String) })
            var participants: [Int64: [String]] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT l.recordID, m.name FROM ledgerMember l JOIN member m ON m.id = l.memberID WHERE l.kind = ? ORDER BY l.rowid", arguments: [kind]) {
                participants[r["recordID"], default: []].append(r["name"])
            }
            return (try Record.fetchAll(db, sql: sql, arguments: args), studioNames, participants)
        }
    }
}
