import Foundation
import GRDB
import StudioCore

extension AppDatabase {
    /// Members matching the query, in pinyin order, one page at a time.
    public func members(matching query: SearchQuery = SearchQuery(""), limit: Int = 1000, offset: Int = 0) throws -> [Member] {
        try read { db in
            try Self.memberRequest(query).limit(limit, offset: offset).fetchAll(db)
        }
    }

    public func memberCount(matching query: SearchQuery = SearchQuery("")) throws -> Int {
        try read { db in try Self.memberRequest(query).fetchCount(db) }
    }

    public func member(id: Int64) throws -> Member? {
        try read { db in try Member.fetchOne(db, key: id) }
    }

    /// The names of these members by id (a duty table's members, substitutes from other studios included).
    public func memberNames(ids: Set<Int64>) throws -> [Int64: String] {
        try read { db in try Member.fetchAll(db, keys: ids) }.reduce(into: [:]) { names, m in names[m.id!] = m.name }
    }

    /// Chinese text matches name, 界别, 专委会, unit or expertise as a substring;
    /// Latin letters match pinyin initials (zxq) or whole pinyin (zhangxue).
    static func memberRequest(_ query: SearchQuery) -> QueryInterfaceRequest<Member> {
        // The roster is of CPPCC members; non-members appear only on the teams they belong to.
        var request = Member.filter(Column("isNonMember") == false)
        if !query.isEmpty {
            if query.isPinyin {
                let pattern = likePattern(query.pinyinText)
                request = request.filter(sql: """
                    initials LIKE ? ESCAPE '\\' OR replace(pinyin, ' ', '') LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\'
                    """, arguments: [pattern, pattern, pattern])
            } else {
                let pattern = likePattern(query.text)
                request = request.filter(sql: """
                    name LIKE ? ESCAPE '\\' OR sector LIKE ? ESCAPE '\\' OR committee LIKE ? ESCAPE '\\'
                    OR unitTitle LIKE ? ESCAPE '\\' OR expertise LIKE ? ESCAPE '\\' OR phone LIKE ? ESCAPE '\\'
                    """, arguments: [pattern, pattern, pattern, pattern, pattern, pattern])
            }
        }
        guard let rank = searchRankSQL(query) else { return request.order(Column("pinyin"), Column("name"), Column("id")) }
        return request.order(sql: "\(rank.sql), pinyin, name, id", arguments: rank.arguments)
    }

    /// `SearchQuery.rank` in SQL, for the lists the database pages (roster, register, pickers): the characters or
    /// a Latin name begin with the query (0), the initials do (1), the whole pinyin does (2), anything else (3).
    static func searchRankSQL(_ query: SearchQuery) -> (sql: String, arguments: StatementArguments)? {
        if query.isEmpty { return nil }
        if query.isPinyin {
            let p = prefixPattern(query.pinyinText)
            return ("""
                CASE WHEN lower(name) LIKE ? ESCAPE '\\' THEN 0 WHEN initials LIKE ? ESCAPE '\\' THEN 1
                WHEN replace(pinyin, ' ', '') LIKE ? ESCAPE '\\' THEN 2 ELSE 3 END
                """, [p, p, p])
        }
        return ("CASE WHEN name LIKE ? ESCAPE '\\' THEN 0 ELSE 3 END", [prefixPattern(query.text)])
    }

    static func prefixPattern(_ text: String) -> String {
        String(likePattern(text).dropFirst())
    }

    static func likePattern(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        return "%\(escaped)%"
    }

    /// Validates and saves (insert or update) in one transaction; returns the saved member.
    @discardableResult
    /// `expecting`: the member as the form loaded them (refused with ChangedElsewhere when someone changed them since).
    public func saveMember(_ member: Member, expecting: Member? = nil) throws -> Member {
        let issues = MemberValidator.validate(member).filter { $0.severity == .error }
        if !issues.isEmpty { throw StoreError.validation(issues) }
        var m = member.normalized()
        return try write(.editRecords) { db in
            if let id = m.id, let expecting {
                try Self.requireUnchanged(db, Member.self, id: id, expected: expecting, what: "委员「\(expecting.name)」的信息")
            }
            if let id = m.id, try Member.exists(db, key: id) == false {
                throw StoreError.notFound("编号为 \(id) 的委员（可能已被他人删除）")
            }
            try m.save(db)
            return m
        }
    }

    /// Names of the studios whose current team includes the member.
    public func studioNames(usingMember id: Int64) throws -> [String] {
        try read { db in try Self.studioNames(db, usingMember: id) }
    }

    static func studioNames(_ db: Database, usingMember id: Int64) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT DISTINCT s.name FROM studioMembership sm JOIN studio s ON s.id = sm.studioID
            WHERE sm.memberID = ? ORDER BY s.pinyin
            """, arguments: [id])
    }

    /// Deletes a member who is on no studio team; otherwise refuses and names the studios.
    public func deleteMember(id: Int64) throws {
        try write(.editRecords) { db in
            guard let m = try Member.fetchOne(db, key: id) else {
                throw StoreError.notFound("编号为 \(id) 的委员")
            }
            let studios = try Self.studioNames(db, usingMember: id)
            if !studios.isEmpty { throw StoreError.memberInUse(name: m.name, studios: studios) }
            let records = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledgerMember WHERE memberID = ?", arguments: [id]) ?? 0
            if records > 0 { throw StoreError.other("\(m.name) 参加过 \(records) 条履职记录（活动、提案或社情民意），不能删除。") }
            _ = try Member.deleteOne(db, key: id)
        }
    }

    /// Adds a person who is not a CPPCC member to a team (其他成员, or a 联络员 from a member's unit), in one transaction.
    public func addNonMember(_ person: Member, studioID: Int64, role: StudioRole = .other, joinedOn: String) throws {
        var p = person.normalized()
        p.isNonMember = true
        let issues = MemberValidator.validate(p).filter { $0.severity == .error }
        if !issues.isEmpty { throw StoreError.validation(issues) }
        try write(.editRecords) { db in
            guard try Studio.exists(db, key: studioID) else { throw StoreError.notFound("该工作室（可能已被删除）") }
            try p.insert(db)
            try StudioMembership(studioID: studioID, memberID: p.id!, role: role, joinedOn: joinedOn).insert(db)
        }
    }

    /// Marks (or, with nil, clears) the end of a member's term.
    public func setTermEnded(memberID: Int64, on date: String?) throws {
        try write(.editRecords) { db in
            let n = try Member.filter(key: memberID).updateAll(db, Column("termEndedOn").set(to: date))
            if n == 0 { throw StoreError.notFound("该委员（可能已被删除）") }
        }
    }
}
