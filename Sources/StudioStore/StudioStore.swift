import Foundation
import GRDB
import StudioCore

extension AppDatabase {
    public func studios() throws -> [Studio] {
        try read { db in try Studio.order(Column("pinyin"), Column("name")).fetchAll(db) }
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
                request = request.filter(sql: "initials LIKE ? ESCAPE '\\' OR replace(pinyin, ' ', '') LIKE ? ESCAPE '\\'", arguments: [p, p])
            } else {
                let p = likePattern(q.text)
                request = request.filter(sql: "name LIKE ? ESCAPE '\\' OR address LIKE ? ESCAPE '\\' OR sector LIKE ? ESCAPE '\\' OR committee LIKE ? ESCAPE '\\'",
                                         arguments: [p, p, p, p])
            }
        }
        return request.order(Column("pinyin"), Column("name"), Column("id"))
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

    /// Loads the demo district into an empty file, all in one transaction.
    /// Loads the demo data set into an empty file, with demo inspections of the checklists of
    /// `profiles` (synced into the file first), in one transaction.
    public func loadDemo(_ data: DemoDataSet, profiles: [RuleProfile] = []) throws {
        if !profiles.isEmpty, try isEmpty() { try syncChecklists(from: profiles) }
        let inspections = data.inspections(profiles: profiles)
        let ledger = data.ledger(profiles: profiles)
        try write { db in
            let count = try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM member) + (SELECT COUNT(*) FROM studio)") ?? 0
            if count > 0 { throw StoreError.notEmpty(path: path) }
            var memberIDs: [Int64] = []
            for var m in data.members {
                m = m.normalized()
                try m.insert(db)
                memberIDs.append(m.id!)
            }
            var studioIDs: [Int64] = []
            for var s in data.studios {
                try s.insert(db)
                studioIDs.append(s.id!)
            }
            for link in data.memberships {
                try StudioMembership(studioID: studioIDs[link.studioIndex], memberID: memberIDs[link.memberIndex],
                                     role: link.role, joinedOn: link.joinedOn).insert(db)
            }
            try db.execute(sql: "INSERT INTO setting(key, value) VALUES ('district', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [data.districtName])
            let memberID = { (i: Int) in memberIDs[i] }
            for r in ledger.activities {
                var a = r.value
                a.studioID = studioIDs[r.studioIndex]
                try a.insert(db)
                try Self.setMembers(db, kind: .activity, recordID: a.id!, memberIDs: r.memberIndexes.map(memberID))
            }
            for r in ledger.proposals {
                var p = r.value
                p.studioID = studioIDs[r.studioIndex]
                try p.insert(db)
                try Self.setMembers(db, kind: .proposal, recordID: p.id!, memberIDs: r.memberIndexes.map(memberID))
            }
            var intakeIDs: [Int64] = []
            for r in ledger.intake {
                var c = r.value
                c.studioID = studioIDs[r.studioIndex]
                try c.insert(db)
                intakeIDs.append(c.id!)
            }
            var sqmyIDs: [Int64] = []
            for r in ledger.socialInfos {
                var s = r.value
                s.studioID = studioIDs[r.studioIndex]
                try s.insert(db)
                sqmyIDs.append(s.id!)
                try Self.setMembers(db, kind: .sqmy, recordID: s.id!, memberIDs: r.memberIndexes.map(memberID))
            }
            for link in ledger.convertedIntake {
                try db.execute(sql: "UPDATE socialInfo SET sourceIntakeID = ? WHERE id = ?", arguments: [intakeIDs[link.intakeIndex], sqmyIDs[link.sqmyIndex]])
                try db.execute(sql: "UPDATE citizenItem SET triage = 'microSuggestion', linkedKind = 'sqmy', linkedID = ?, handling = '已转为社情民意信息', feedbackOn = date(receivedOn, '+12 days'), feedback = '已整理为社情民意信息报送区政协' WHERE id = ?",
                               arguments: [sqmyIDs[link.sqmyIndex], intakeIDs[link.intakeIndex]])
            }
            for r in ledger.yearDocs {
                var d = r.value
                d.studioID = studioIDs[r.studioIndex]
                try d.insert(db)
            }
            for demo in inspections {
                let studio = data.studios[demo.studioIndex]
                let lists = try WallList.filter(Column("profileID") == studio.profileID && Column("inUse") == true)
                    .order(Column("position")).fetchAll(db)
                var inspection = Inspection(studioID: studioIDs[demo.studioIndex], date: demo.date, inspector: demo.inspector, onSite: demo.onSite)
                try inspection.insert(db)
                var position = 0
                for list in lists {
                    for item in try WallItem.filter(Column("listID") == list.id! && Column("retiredOn") == nil).order(Column("position")).fetchAll(db) {
                        let finding = demo.findings["\(list.key)/\(item.key)"]
                        var v = InspectionVerdict(inspectionID: inspection.id!, itemID: item.id, listKey: list.key, listName: list.name,
                                                  itemText: item.text, position: position, verdict: finding?.verdict ?? .pass, note: finding?.note ?? "")
                        try v.insert(db)
                        position += 1
                    }
                }
            }
        }
    }
}
