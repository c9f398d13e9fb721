import Foundation
import GRDB
import StudioCore

extension AppDatabase {
    public func studios() throws -> [Studio] {
        try read { db in try Studio.order(Column("pinyin"), Column("name")).fetchAll(db) }
    }

    /// How many studios are in each status, counted by SQLite: the menu's counts without decoding every studio
    /// (3,000 studios through Codable were a quarter of a province file's first frame).
    public func studioCountsByStatus() throws -> [StudioStatus: Int] {
        try read { db in
            var out: [StudioStatus: Int] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) FROM studio GROUP BY status") {
                if let s = StudioStatus(rawValue: r[0]) { out[s, default: 0] += r[1] }
            }
            return out
        }
    }

    /// Every studio's name by id, read by column (the office ledger's studio column).
    public func studioNames() throws -> [Int64: String] {
        try read { db in
            var out: [Int64: String] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, name FROM studio")
            while let r = try rows.next() { out[r[0]] = r[1] }
            return out
        }
    }

    public func studio(id: Int64) throws -> Studio? {
        try read { db in try Studio.fetchOne(db, key: id) }
    }

    public func memberships(studioID: Int64) throws -> [StudioMembership] {
        try read { db in
            try StudioMembership.filter(Column("studioID") == studioID).order(Column("id")).fetchAll(db)
        }
    }

    static func studioRequest(_ filter: StudioFilter) -> QueryInterfaceRequest<Studio> {
        var request = Studio.all()
        if let s = filter.status { request = request.filter(Column("status") == s.rawValue) }
        if filter.applicationsOnly {
            request = request.filter(StudioFilter.applicationStatuses.map(\.rawValue).contains(Column("status")))
        }
        if let t = filter.type { request = request.filter(Column("type") == t.rawValue) }
        if let b = filter.sector { request = request.filter(Column("sector") == b) }
        let q = filter.query
        if !q.isEmpty {
            if q.isPinyin {
                let p = likePattern(q.pinyinText)
                request = request.filter(sql: "initials LIKE ? ESCAPE '\\' OR replace(pinyin, ' ', '') LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\'",
                                         arguments: [p, p, p])
            } else {
                let p = likePattern(q.text)
                request = request.filter(sql: "name LIKE ? ESCAPE '\\' OR address LIKE ? ESCAPE '\\' OR sector LIKE ? ESCAPE '\\' OR committee LIKE ? ESCAPE '\\'",
                                         arguments: [p, p, p, p])
            }
        }
        guard let rank = searchRankSQL(q) else { return request.order(Column("pinyin"), Column("name"), Column("id")) }
        return request.order(sql: "\(rank.sql), pinyin, name, id", arguments: rank.arguments)
    }

    /// The register: studios matching the filter with leaders and current team size, in pinyin order.
    public func studioSummaries(_ filter: StudioFilter = StudioFilter(), limit: Int = 1000, offset: Int = 0) throws -> [StudioSummary] {
        try read { db in
            let studios = try Self.studioRequest(filter).limit(limit, offset: offset).fetchAll(db)
            let ids = studios.compactMap(\.id)
            guard !ids.isEmpty else { return [] }
            let marks = ids.map { _ in "?" }.joined(separator: ",")
            // Leaders and counts for the page in one query each, not one per studio.
            let leaderRows = try Row.fetchAll(db, sql: """
                SELECT sm.studioID, m.name FROM studioMembership sm JOIN member m ON m.id = sm.memberID
                WHERE sm.leftOn IS NULL AND sm.role IN ('convener', 'lead') AND sm.studioID IN (\(marks))
                ORDER BY CASE sm.role WHEN 'lead' THEN 0 ELSE 1 END, sm.id
                """, arguments: StatementArguments(ids))
            var leaders: [Int64: [String]] = [:]
            for r in leaderRows { leaders[r["studioID"], default: []].append(r["name"]) }
            let countRows = try Row.fetchAll(db, sql: """
                SELECT studioID, COUNT(*) AS n FROM studioMembership
                WHERE leftOn IS NULL AND studioID IN (\(marks)) GROUP BY studioID
                """, arguments: StatementArguments(ids))
            var counts: [Int64: Int] = [:]
            for r in countRows { counts[r["studioID"]] = r["n"] }
            return studios.map { s in
                StudioSummary(studio: s, leaders: leaders[s.id!] ?? [], memberCount: counts[s.id!] ?? 0)
            }
        }
    }

    public func studioCount(_ filter: StudioFilter = StudioFilter()) throws -> Int {
        try read { db in try Self.studioRequest(filter).fetchCount(db) }
    }

    /// 界别 values in use by studios, in pinyin order, for the register's filter.
    public func studioSectors() throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT sector FROM studio WHERE sector <> ''")
        }.sorted(by: ChineseCollation.areInIncreasingOrder)
    }

    /// The whole team with roles and dates: current members first (by role), then those who left.
    public func team(studioID: Int64) throws -> [TeamEntry] {
        try read { db in
            let links = try StudioMembership.filter(Column("studioID") == studioID).order(Column("id")).fetchAll(db)
            let members = try Member.fetchAll(db, keys: links.map(\.memberID))
            let byID = Dictionary(uniqueKeysWithValues: members.map { ($0.id!, $0) })
            let order = StudioRole.allCases
            return links.compactMap { link in byID[link.memberID].map { TeamEntry(member: $0, membership: link) } }
                .sorted { a, b in
                    if a.isCurrent != b.isCurrent { return a.isCurrent }
                    let ra = order.firstIndex(of: a.membership.role)!, rb = order.firstIndex(of: b.membership.role)!
                    if ra != rb { return ra < rb }
                    return a.member.pinyin < b.member.pinyin
                }
        }
    }

    /// For each member of the given studio's current team: the other active studios they are on.
    public func otherActiveStudios(forTeamOf studioID: Int64) throws -> [Int64: [String]] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT mine.memberID, s.name FROM studioMembership mine
                JOIN studioMembership other ON other.memberID = mine.memberID AND other.studioID <> mine.studioID AND other.leftOn IS NULL
                JOIN studio s ON s.id = other.studioID
                WHERE mine.studioID = ? AND mine.leftOn IS NULL AND s.status NOT IN ('delisted', 'terminated', 'revoked')
                ORDER BY s.pinyin
                """, arguments: [studioID])
            var out: [Int64: [String]] = [:]
            for r in rows { out[r["memberID"], default: []].append(r["name"]) }
            return out
        }
    }

    /// Other active 区域 studios serving the same area (the studio's 界别/area field).
    public func otherRegionStudios(sameAreaAs studio: Studio) throws -> [String] {
        guard studio.type == .region, !studio.sector.isEmpty else { return [] }
        return try read { db in
            try String.fetchAll(db, sql: """
                SELECT name FROM studio WHERE type = 'region' AND sector = ? AND id <> ?
                AND status NOT IN ('delisted', 'terminated', 'revoked') ORDER BY pinyin
                """, arguments: [studio.sector, studio.id ?? -1])
        }
    }
}
