import Foundation
import GRDB
import StudioCore

extension AppDatabase {
    /// Members matching the query, in pinyin order (best matches first when searching), one page at a time.
    public func members(matching query: SearchQuery = SearchQuery(""), limit: Int = 1000, offset: Int = 0) throws -> [Member] {
        try read { db in
            if query.isEmpty { return try Self.memberRequest(query).limit(limit, offset: offset).fetchAll(db) }
            // One query a rank, each in pinyin order through an index and stopping once the page is full: sorting
            // every match by rank (59,850 of 60,000 for `yc` at province size) cost more than the page it was for.
            var page: [Member] = []
            var skip = offset
            for tier in Self.searchTiers(query) where page.count < limit {
                let rows = try Member.fetchAll(db, sql: "SELECT * FROM member WHERE isNonMember = 0 AND \(tier.sql) ORDER BY pinyin, name, id LIMIT ? OFFSET ?",
                                               arguments: tier.arguments + [limit - page.count, skip])
                if rows.isEmpty && skip > 0 {
                    // The page starts after this rank: skip its rows.
                    skip -= try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM member WHERE isNonMember = 0 AND \(tier.sql)", arguments: tier.arguments) ?? 0
                } else {
                    skip = 0
                }
                page += rows
            }
            return page
        }
    }

    /// How many members match; `atMost`: stop counting there (a search that matches most of a province's roster).
    public func memberCount(matching query: SearchQuery = SearchQuery(""), atMost: Int? = nil) throws -> Int {
        try read { db in
            guard let atMost else { return try Self.memberRequest(query).fetchCount(db) }
            return try Self.memberRequest(query).unordered().limit(atMost).fetchCount(db)
        }
    }

    /// The ranks of `searchRankSQL` as separate conditions, best first, that together select what `memberRequest`
    /// does, each answerable in pinyin order without sorting every match: a name that begins with the query (found
    /// through the name index); for Latin letters, initials and then whole pinyin that begin with it (both begin with
    /// the same letter as the stored pinyin, so a range of the pinyin index holds them); then the rest.
    static func searchTiers(_ query: SearchQuery) -> [(sql: String, arguments: StatementArguments)] {
        let e = " ESCAPE '\\'"
        if query.isPinyin {
            let q = query.pinyinText
            let p = prefixPattern(q), c = likePattern(q)
            // LIKE folds ASCII case as lower() does, so `name LIKE` is the rank's `lower(name) LIKE`.
            let first = q.unicodeScalars.first!
            let upper = String(first).uppercased()
            let name = "((name >= ? AND name < ?) OR (name >= ? AND name < ?)) AND name LIKE ?\(e)"
            let nameArgs: StatementArguments = [upper, Self.nextScalar(upper), String(first), Self.nextScalar(String(first)), p]
            let range = "pinyin >= ? AND pinyin < ?"
            let rangeArgs: StatementArguments = [String(first), Self.nextScalar(String(first))]
            let initials = "initials LIKE ?\(e)", whole = "replace(pinyin, ' ', '') LIKE ?\(e)"
            let anywhere = "(initials LIKE ?\(e) OR replace(pinyin, ' ', '') LIKE ?\(e) OR name LIKE ?\(e))"
            return [
                (name, nameArgs),
                ("\(range) AND NOT name LIKE ?\(e) AND \(initials)", rangeArgs + [p, p]),
                ("\(range) AND NOT name LIKE ?\(e) AND NOT \(initials) AND \(whole)", rangeArgs + [p, p, p]),
                ("\(anywhere) AND NOT name LIKE ?\(e) AND NOT (\(range) AND (\(initials) OR \(whole)))",
                 [c, c, c, p] + rangeArgs + [p, p]),
            ]
        }
        let t = query.text
        let p = prefixPattern(t), c = likePattern(t)
        // Without ASCII letters (which LIKE matches in either case) a name's prefix is a range of the name index.
        let hasLetters = t.unicodeScalars.contains { $0.isASCII && CharacterSet.letters.contains($0) }
        let name = hasLetters ? ("name LIKE ?\(e)", [p] as StatementArguments)
            : ("name >= ? AND name < ? AND name LIKE ?\(e)", [t, t + "\u{10FFFF}", p] as StatementArguments)
        let fields = ["name", "sector", "committee", "unitTitle", "expertise", "phone"].map { "\($0) LIKE ?\(e)" }.joined(separator: " OR ")
        return [name, ("(\(fields)) AND NOT name LIKE ?\(e)", StatementArguments(Array(repeating: c, count: 6)) + [p])]
    }

    /// The text with its last character's code point one higher: the end of a prefix range ("y" → "z").
    static func nextScalar(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        guard let last = scalars.popLast(), let next = Unicode.Scalar(last.value + 1) else { return text + "\u{10FFFF}" }
        return String(String.UnicodeScalarView(scalars + [next]))
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
            // LIKE folds ASCII case as lower() would, without a copy of every name.
            if query.isPinyin {
                let pattern = likePattern(query.pinyinText)
                request = request.filter(sql: """
                    initials LIKE ? ESCAPE '\\' OR replace(pinyin, ' ', '') LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\'
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
