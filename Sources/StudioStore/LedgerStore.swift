import Foundation
import GRDB
import GRDBSQLite
import StudioCore

extension AppDatabase {
    // MARK: Writing

    /// Refuses writes to a studio that is gone or has ended (its record is archived).
    static func requireOpenStudio(_ db: Database, _ studioID: Int64) throws -> Studio {
        guard let studio = try Studio.fetchOne(db, key: studioID) else { throw StoreError.notFound("该工作室（可能已被删除）") }
        if !studio.status.isActive {
            throw StoreError.other("「\(studio.name)」已\(studio.status.title)，记录已归档，只能查看。")
        }
        return studio
    }

    static func checkDates(_ pairs: [(String, String?)]) throws {
        let bad = pairs.compactMap { field, value in value.flatMap { DateInput.isISO($0) ? nil : FieldIssue(field: field, message: "日期「\($0)」无效") } }
        if !bad.isEmpty { throw StoreError.validation(bad) }
    }

    /// `isNew`: the record was just inserted, so it has no participants to clear. `known`: the member ids on
    /// file, read once by a caller writing many records (an import) instead of a lookup per member.
    /// `audit`: a bulk writer's audit lines (BulkAudit), given each new participant's row.
    package static func setMembers(_ db: Database, kind: LedgerKind, recordID: Int64, memberIDs: [Int64], isNew: Bool = false,
                                   known: Set<Int64>? = nil, audit: BulkAudit? = nil) throws {
        // Cached statements: a demo load or an import calls this for every record.
        if !isNew { try db.cachedStatement(sql: "DELETE FROM ledgerMember WHERE kind = ? AND recordID = ?").execute(arguments: [kind, recordID]) }
        let exists = try db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM member WHERE id = ?)")
        let insert = try db.cachedStatement(sql: "INSERT INTO ledgerMember(kind, recordID, memberID) VALUES (?, ?, ?)")
        var seen = Set<Int64>()
        for m in memberIDs where seen.insert(m).inserted {
            let onFile = try known.map { $0.contains(m) } ?? (Bool.fetchOne(exists, arguments: [m]) == true)
            guard onFile else { throw StoreError.notFound("编号为 \(m) 的委员") }
            try insert.execute(arguments: [kind, recordID, m])
            audit?.inserted("ledgerMember", db.lastInsertedRowID)
        }
    }

    /// Saves an activity with its participants, in one transaction.
    @discardableResult
    /// `expecting`: the record and participants as the form loaded them; the save is refused (ChangedElsewhere)
    /// when another clerk changed them since. Nil saves whatever is there (a new record, or an overwrite chosen).
    public func saveActivity(_ activity: Activity, memberIDs: [Int64], expecting: (Activity, [Int64])? = nil) throws -> Activity {
        try Self.check(activity)
        return try write(.editLedger, studio: activity.studioID) { db in
            try self.requireLedgerStudio(db, "activity", id: activity.id, .editLedger)
            _ = try Self.requireOpenStudio(db, activity.studioID)
            if let (old, members) = expecting, let id = activity.id {
                try Self.requireUnchanged(db, Activity.self, id: id, expected: old, members: (.activity, members), what: "这条活动记录")
            }
            var a = activity
            a.title = a.title.trimmingCharacters(in: .whitespaces)
            try a.save(db)
            try Self.setMembers(db, kind: .activity, recordID: a.id!, memberIDs: memberIDs)
            return a
        }
    }

    /// The checks of an activity before it is written (saved, or made from a citizen's item).
    static func check(_ activity: Activity) throws {
        var issues = activity.issues()
        if activity.category.isEmpty { issues.append(FieldIssue(field: "category", message: "请选择活动类别")) }
        if activity.citizensReached < 0 { issues.append(FieldIssue(field: "citizensReached", message: "服务群众人数不能为负数")) }
        if !issues.isEmpty { throw StoreError.validation(issues) }
        try checkDates([("date", activity.date)])
    }

    @discardableResult
    public func saveProposal(_ proposal: Proposal, memberIDs: [Int64], expecting: (Proposal, [Int64])? = nil) throws -> Proposal {
        let issues = proposal.issues()
        if !issues.isEmpty { throw StoreError.validation(issues) }
        try Self.checkDates([("date", proposal.date), ("decidedOn", proposal.decidedOn), ("repliedOn", proposal.repliedOn), ("awardedOn", proposal.awardedOn)])
        return try write(.editLedger, studio: proposal.studioID) { db in
            try self.requireLedgerStudio(db, "proposal", id: proposal.id, .editLedger)
            _ = try Self.requireOpenStudio(db, proposal.studioID)
            if let (old, members) = expecting, let id = proposal.id {
                try Self.requireUnchanged(db, Proposal.self, id: id, expected: old, members: (.proposal, members), what: "这件提案")
            }
            var p = proposal
            p.title = p.title.trimmingCharacters(in: .whitespaces)
            try p.save(db)
            try Self.setMembers(db, kind: .proposal, recordID: p.id!, memberIDs: memberIDs)
            return p
        }
    }

    @discardableResult
    public func saveSocialInfo(_ info: SocialInfo, memberIDs: [Int64], expecting: (SocialInfo, [Int64])? = nil) throws -> SocialInfo {
        let issues = info.issues()
        if !issues.isEmpty { throw StoreError.validation(issues) }
        try Self.checkDates([("date", info.date), ("adoptedOn", info.adoptedOn), ("instructionOn", info.instructionOn)])
        return try write(.editLedger, studio: info.studioID) { db in
            try self.requireLedgerStudio(db, "socialInfo", id: info.id, .editLedger)
            _ = try Self.requireOpenStudio(db, info.studioID)
            if let (old, members) = expecting, let id = info.id {
                try Self.requireUnchanged(db, SocialInfo.self, id: id, expected: old, members: (.sqmy, members), what: "这篇社情民意信息")
            }
            var s = info
            s.title = s.title.trimmingCharacters(in: .whitespaces)
            try s.save(db)
            try Self.setMembers(db, kind: .sqmy, recordID: s.id!, memberIDs: memberIDs)
            return s
        }
    }

    @discardableResult
    public func saveCitizenItem(_ item: CitizenItem, expecting: EditStamp? = nil) throws -> CitizenItem {
        let issues = item.issues()
        if !issues.isEmpty { throw StoreError.validation(issues) }
        try Self.checkDates([("receivedOn", item.receivedOn), ("feedbackOn", item.feedbackOn), ("explainedOn", item.explainedOn)])
        return try write(.editLedger, studio: item.studioID) { db in
            try self.requireLedgerStudio(db, "citizenItem", id: item.id, .editLedger)
            try Self.require(expecting, db)
            _ = try Self.requireOpenStudio(db, item.studioID)
            var c = item
            try c.save(db)
            return c
        }
    }

    /// Makes a citizen's item into a record of another ledger, linked both ways, in one transaction:
    /// the record is written in the item's studio with its participants, and the item keeps the link.
    func convert<R: MutablePersistableRecord>(itemID: Int64, into kind: LedgerKind, as triage: Triage, _ record: R, memberIDs: [Int64],
                                              place: (inout R, _ studioID: Int64) -> Void, id: (R) -> Int64?,
                                              handling: (R) -> String) throws -> R {
        try write(.editLedger, eachRecord: true) { db in
            guard var item = try CitizenItem.fetchOne(db, key: itemID) else { throw StoreError.notFound("这条群众意见") }
            try self.require(.editLedger, studio: item.studioID)
            _ = try Self.requireOpenStudio(db, item.studioID)
            var r = record
            place(&r, item.studioID)
            try r.insert(db)
            try Self.setMembers(db, kind: kind, recordID: id(r)!, memberIDs: memberIDs)
            item.triage = triage
            item.linkedKind = kind
            item.linkedID = id(r)
            item.handling = handling(r)
            try item.update(db)
            return r
        }
    }

    /// Triage 微需求/微建议: the item becomes a 社情民意 record that keeps the link both ways.
    @discardableResult
    public func convertToSocialInfo(itemID: Int64, _ info: SocialInfo, memberIDs: [Int64], on date: String) throws -> SocialInfo {
        let issues = info.issues()
        if !issues.isEmpty { throw StoreError.validation(issues) }
        try Self.checkDates([("date", info.date), ("adoptedOn", info.adoptedOn), ("instructionOn", info.instructionOn)])
        return try convert(itemID: itemID, into: .sqmy, as: .microSuggestion, info, memberIDs: memberIDs,
                           place: { s, studioID in
                               s.studioID = studioID
                               s.sourceIntakeID = itemID
                               s.title = s.title.trimmingCharacters(in: .whitespaces)
                           },
                           id: \.id, handling: { "已转为社情民意信息（\(DateInput.chinese(date))）：\($0.title)" })
    }

    /// Triage 重大问题: the item becomes a 微协商/微监督 activity, linked.
    public func convertToActivity(itemID: Int64, _ activity: Activity, memberIDs: [Int64]) throws -> Activity {
        try Self.check(activity)
        return try convert(itemID: itemID, into: .activity, as: .major, activity, memberIDs: memberIDs,
                           place: { a, studioID in
                               a.studioID = studioID
                               a.title = a.title.trimmingCharacters(in: .whitespaces)
                           },
                           id: \.id, handling: { "已转为\($0.categoryName)：\($0.title)" })
    }

    /// Triage 重大问题: the item becomes a 集体提案, linked.
    public func convertToProposal(itemID: Int64, _ proposal: Proposal, memberIDs: [Int64]) throws -> Proposal {
        let issues = proposal.issues()
        if !issues.isEmpty { throw StoreError.validation(issues) }
        try Self.checkDates([("date", proposal.date), ("decidedOn", proposal.decidedOn), ("repliedOn", proposal.repliedOn), ("awardedOn", proposal.awardedOn)])
        return try convert(itemID: itemID, into: .proposal, as: .major, proposal, memberIDs: memberIDs,
                           place: { p, studioID in
                               p.studioID = studioID
                               p.title = p.title.trimmingCharacters(in: .whitespaces)
                           },
                           id: \.id, handling: { "已转为\($0.kind.title)提案：\($0.title)" })
    }

    /// Deletes a record and its participants; an intake item that pointed at it loses the link.
    public func deleteLedgerRecord(kind: LedgerKind, id: Int64) throws {
        try write(.editLedger, eachRecord: true) { db in
            let table = Self.table(kind)
            guard let studioID = try Int64.fetchOne(db, sql: "SELECT studioID FROM \(table) WHERE id = ?", arguments: [id]) else { return }
            try self.require(.editLedger, studio: studioID)
            _ = try Self.requireOpenStudio(db, studioID)
            try db.execute(sql: "DELETE FROM ledgerMember WHERE kind = ? AND recordID = ?", arguments: [kind, id])
            try db.execute(sql: "DELETE FROM \(table) WHERE id = ?", arguments: [id])
            if kind != .intake {
                try db.execute(sql: "UPDATE citizenItem SET linkedKind = NULL, linkedID = NULL WHERE linkedKind = ? AND linkedID = ?", arguments: [kind, id])
            } else {
                try db.execute(sql: "UPDATE socialInfo SET sourceIntakeID = NULL WHERE sourceIntakeID = ?", arguments: [id])
            }
        }
    }

    /// A liaison officer's decision on a record: 已审核, or 退回 with a comment.
    public func setReview(kind: LedgerKind, id: Int64, _ review: Review) throws {
        try setReviews([(kind, id)], review)
    }

    /// One decision on several records (marked in a studio's ledger), in one transaction: all are reviewed or,
    /// if one was deleted meanwhile or belongs to an archived studio, none is.
    public func setReviews(_ records: [(kind: LedgerKind, id: Int64)], _ review: Review) throws {
        if review.status == .returned && review.comment.trimmingCharacters(in: .whitespaces).isEmpty {
            throw StoreError.validation([FieldIssue(field: "comment", message: "退回时请写明原因")])
        }
        if review.status != .pending && review.reviewer.trimmingCharacters(in: .whitespaces).isEmpty {
            throw StoreError.validation([FieldIssue(field: "reviewer", message: "请填写审核人")])
        }
        let json = String(decoding: try JSONEncoder().encode(review), as: UTF8.self)
        try write(.reviewLedger, eachRecord: true) { db in
            for (kind, id) in records {
                guard let studioID = try Int64.fetchOne(db, sql: "SELECT studioID FROM \(Self.table(kind)) WHERE id = ?", arguments: [id]) else {
                    throw StoreError.notFound(records.count == 1 ? "这条记录（可能已被删除）" : "所选记录中的\(kind.title)记录 #\(id)（可能已被删除），均未审核")
                }
                try self.require(.reviewLedger, studio: studioID)
                _ = try Self.requireOpenStudio(db, studioID)
                try db.execute(sql: "UPDATE \(Self.table(kind)) SET review = ? WHERE id = ?", arguments: [json, id])
            }
        }
    }

    public func saveYearDoc(_ doc: YearDoc, expecting: EditStamp? = nil) throws {
        try saveYearDocs([doc], expecting: expecting)
    }

    /// Several of a studio's year documents (a plan and a summary written in one sitting): all or none.
    public func saveYearDocs(_ docs: [YearDoc], expecting: EditStamp? = nil) throws {
        for doc in docs {
            if doc.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw StoreError.validation([FieldIssue(field: "text", message: "请填写\(doc.kind.title)的内容")])
            }
            try Self.checkDates([("date", doc.date)])
        }
        try write(.editLedger, eachRecord: true) { db in
            try Self.require(expecting, db)
            for doc in docs {
                try self.require(.editLedger, studio: doc.studioID)
                _ = try Self.requireOpenStudio(db, doc.studioID)
                try doc.save(db)
            }
        }
    }

    /// A record being changed may be moved only by whoever may change it where it is now (a 联络员's own studios).
    func requireLedgerStudio(_ db: Database, _ table: String, id: Int64?, _ permission: Permission) throws {
        guard let id, let studioID = try Int64.fetchOne(db, sql: "SELECT studioID FROM \(table) WHERE id = ?", arguments: [id]) else { return }
        try require(permission, studio: studioID)
    }

    static func table(_ kind: LedgerKind) -> String {
        switch kind {
        case .activity: "activity"
        case .proposal: "proposal"
        case .sqmy: "socialInfo"
        case .intake: "citizenItem"
        }
    }

    // MARK: Reading

    public func activity(id: Int64) throws -> Activity? { try read { db in try Activity.fetchOne(db, key: id) } }
    public func proposal(id: Int64) throws -> Proposal? { try read { db in try Proposal.fetchOne(db, key: id) } }
    public func socialInfo(id: Int64) throws -> SocialInfo? { try read { db in try SocialInfo.fetchOne(db, key: id) } }
    public func citizenItem(id: Int64) throws -> CitizenItem? { try read { db in try CitizenItem.fetchOne(db, key: id) } }

    public func ledgerMembers(kind: LedgerKind, id: Int64) throws -> [Member] {
        try read { db in
            try Member.fetchAll(db, sql: """
                SELECT m.* FROM member m JOIN ledgerMember l ON l.memberID = m.id
                WHERE l.kind = ? AND l.recordID = ? ORDER BY m.pinyin
                """, arguments: [kind, id])
        }
    }

    /// The studio's newest activity, for "repeat the last record".
    public func lastActivity(studioID: Int64) throws -> (Activity, [Int64])? {
        try read { db in
            guard let a = try Activity.filter(Column("studioID") == studioID).order(Column("id").desc).fetchOne(db) else { return nil }
            let ids = try Int64.fetchAll(db, sql: "SELECT memberID FROM ledgerMember WHERE kind = 'activity' AND recordID = ?", arguments: [a.id])
            return (a, ids)
        }
    }

    /// Same studio, same day, same title: probably entered twice.
    public func isDuplicate(kind: LedgerKind, studioID: Int64, date: String, title: String, excluding id: Int64?) throws -> Bool {
        guard kind != .intake else { return false }
        let dateColumn = "date", titleColumn = "title"
        return try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(Self.table(kind)) WHERE studioID = ? AND \(dateColumn) = ? AND \(titleColumn) = ? AND id IS NOT ?",
                             arguments: [studioID, date, title.trimmingCharacters(in: .whitespaces), id]) ?? 0 > 0
        }
    }

    /// A studio's records of all four ledgers for a year (nil: every year), newest first.
    /// A studio's year holds tens of records, so one read takes them all.
    public func ledgerEntries(studioID: Int64, year: Int? = nil) throws -> [LedgerEntry] {
        try ledgerEntries(studioID: studioID, memberID: nil, year: year)
    }

    /// Every record a member took part in, across studios, newest first (it counts in their 履职考评).
    public func ledgerEntries(memberID: Int64, year: Int? = nil) throws -> [LedgerEntry] {
        try ledgerEntries(studioID: nil, memberID: memberID, year: year)
    }

    func ledgerEntries(studioID: Int64?, memberID: Int64?, year: Int?) throws -> [LedgerEntry] {
        try read { db in
            var out: [LedgerEntry] = []
            for kind in LedgerKind.allCases where memberID == nil || kind != .intake {
                var sql = "SELECT * FROM \(Self.table(kind)) WHERE 1"
                var arguments = StatementArguments()
                if let studioID {
                    sql += " AND studioID = ?"
                    arguments += [studioID]
                }
                if let memberID {
                    sql += " AND id IN (SELECT recordID FROM ledgerMember WHERE kind = ? AND memberID = ?)"
                    arguments += [kind, memberID]
                }
                if let year {
                    sql += " AND \(Self.dateColumn(kind)) BETWEEN ? AND ?"
                    arguments += ["\(year)-01-01", "\(year)-12-31"]
                }
                out += try Self.entries(db, kind: kind, sql: sql, arguments: arguments)
            }
            return out.sorted { ($0.date, $0.kind.rawValue, $0.id) > ($1.date, $1.kind.rawValue, $1.id) }
        }
    }

    static func dateColumn(_ kind: LedgerKind) -> String { kind == .intake ? "receivedOn" : "date" }

    /// The records of one ledger a query selects (`SELECT *`), as entries with their participants.
    static func entries(_ db: Database, kind: LedgerKind, sql: String, arguments: StatementArguments) throws -> [LedgerEntry] {
        /// Participants of the fetched records only.
        func participants(_ ids: [Int64]) throws -> [Int64: [Int64]] {
            guard !ids.isEmpty else { return [:] }
            let marks = ids.map { _ in "?" }.joined(separator: ",")
            return try Row.fetchAll(db, sql: "SELECT recordID, memberID FROM ledgerMember WHERE kind = ? AND recordID IN (\(marks))",
                                    arguments: StatementArguments([kind.rawValue] + ids.map { "\($0)" }))
                .reduce(into: [:]) { $0[$1["recordID"] as Int64, default: []].append($1["memberID"]) }
        }
        switch kind {
        case .activity:
            let activities = try Activity.fetchAll(db, sql: sql, arguments: arguments)
            let am = try participants(activities.compactMap(\.id))
            return activities.map {
                LedgerEntry(kind: .activity, id: $0.id!, studioID: $0.studioID, date: $0.date, title: $0.title, category: $0.categoryName,
                            categoryID: $0.category, mode: $0.mode, status: $0.citizensReached > 0 ? "服务 \($0.citizensReached) 人" : "",
                            review: $0.review, memberIDs: am[$0.id!] ?? [])
            }
        case .proposal:
            let proposals = try Proposal.fetchAll(db, sql: sql, arguments: arguments)
            let pm = try participants(proposals.compactMap(\.id))
            return proposals.map {
                LedgerEntry(kind: .proposal, id: $0.id!, studioID: $0.studioID, date: $0.date, title: $0.title, category: $0.kind.title + "提案",
                            status: [$0.status.title, $0.award?.title].compactMap { $0 }.joined(separator: "/"),
                            review: $0.review, memberIDs: pm[$0.id!] ?? [])
            }
        case .sqmy:
            let infos = try SocialInfo.fetchAll(db, sql: sql, arguments: arguments)
            let sm = try participants(infos.compactMap(\.id))
            return infos.map {
                LedgerEntry(kind: .sqmy, id: $0.id!, studioID: $0.studioID, date: $0.date, title: $0.title, category: "社情民意",
                            status: [$0.status.title, $0.hasInstruction ? "领导批示" : nil].compactMap { $0 }.joined(separator: "/"),
                            review: $0.review, memberIDs: sm[$0.id!] ?? [])
            }
        case .intake:
            return try CitizenItem.fetchAll(db, sql: sql, arguments: arguments).map {
                LedgerEntry(kind: .intake, id: $0.id!, studioID: $0.studioID, date: $0.receivedOn, title: $0.content,
                            category: $0.channel.title, status: $0.isSettled ? "已反馈" : ($0.triage?.title ?? "待分类"),
                            review: $0.review, memberIDs: [])
            }
        }
    }

    /// How many of a studio's records of the year wait for the liaison officer's review (a count in SQL:
    /// the overviews ask it of every studio).
    public func pendingReviewCount(studioID: Int64, year: Int) throws -> Int {
        try read { db in
            let kinds: [(LedgerKind, String)] = [(.activity, "date"), (.proposal, "date"), (.sqmy, "date"), (.intake, "receivedOn")]
            return try kinds.reduce(0) { total, k in
                total + (try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM \(Self.table(k.0))
                    WHERE studioID = ? AND \(k.1) BETWEEN ? AND ? AND json_extract(review, '$.status') = 'pending'
                    """, arguments: [studioID, "\(year)-01-01", "\(year)-12-31"]) ?? 0)
            }
        }
    }

    /// 群众意见建议 of a studio open longer than `limitDays` on `today` (`IntakeLimit`, counted in SQL).
    public func overdueIntakeCount(studioID: Int64, limitDays: Int, today: String) throws -> Int {
        guard let cutoff = IntakeLimit(days: limitDays, today: today).receivedBefore else { return 0 }
        return try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM citizenItem WHERE studioID = ? AND feedbackOn IS NULL AND receivedOn < ?",
                             arguments: [studioID, cutoff]) ?? 0
        }
    }

    /// 群众意见建议 of one studio, or of every studio (nil), newest first.
    public func citizenItems(studioID: Int64? = nil) throws -> [CitizenItem] {
        try read { db in
            var r = CitizenItem.all()
            if let studioID { r = r.filter(Column("studioID") == studioID) }
            return try r.order(Column("receivedOn").desc, Column("id").desc).fetchAll(db)
        }
    }

    /// What the compliance counts need for a studio and a year: its activities, proposals and 社情民意 of the year
    /// counted by day, kind, mode and review, each member's activities counted the same way, and the CPPCC members
    /// on the team at any time. The same statements as `ledgerFactsByStudio`, for one studio by its index.
    public func ledgerFacts(studioID: Int64, year: Int) throws -> LedgerFacts {
        try read { db in
            let counted = try Self.countFacts(db, year: year, studioID: studioID)
            let team = try Row.fetchAll(db, sql: """
                SELECT m.id, m.name, sm.joinedOn, sm.leftOn FROM studioMembership sm JOIN member m ON m.id = sm.memberID
                WHERE sm.studioID = ? AND m.isNonMember = 0 ORDER BY m.pinyin
                """, arguments: [studioID]).map {
                LedgerFacts.TeamMember(id: $0["id"], name: $0["name"], joinedOn: $0["joinedOn"], leftOn: $0["leftOn"])
            }
            return LedgerFacts(done: counted.done[studioID] ?? [], memberDone: counted.members[studioID] ?? [:], team: team,
                               term: try Self.studioTerms(db, studioID: studioID)[studioID] ?? .never)
        }
    }

    /// `ledgerFacts` of every studio at once: the same counts of a few scans of the year, instead of a round of
    /// queries per studio. Builds every studio's facts together: the office's callers take `yearFacts` instead.
    public func ledgerFactsByStudio(year: Int) throws -> [Int64: LedgerFacts] {
        let year = try yearFacts(year: year)
        return Dictionary(uniqueKeysWithValues: year.studios.map { ($0, year[$0]!) })
    }

    /// Every studio's facts for the year from a few scans (the office overviews, the main menu, `compliance`, the
    /// returns and the year's verdicts), kept counted: a studio's `LedgerFacts` are made when asked for.
    public func yearFacts(year: Int) throws -> YearFacts {
        try read { db in
            let counted = try Self.countYear(db, year: year, studioID: nil)
            var teams: [Int64: [LedgerFacts.TeamMember]] = [:]
            for r in try Row.fetchAll(db, sql: Self.teamSQL) {
                teams[r[0], default: []].append(LedgerFacts.TeamMember(id: r[1], name: r[2], joinedOn: r[3], leftOn: r[4]))
            }
            return YearFacts(counted: counted, teams: teams, terms: try Self.studioTerms(db))
        }
    }

    // The compliance facts as the database counts them. Each statement gives one row per studio, day, kind, mode and
    // review with its count `n`; `:start` and `:end` are the year's first and last day. Public, so that `studiodesk-bench`
    // runs the very same statements in the sqlite3 shell. NOT INDEXED: a year is a third of a province's records, and
    // reading them in date-index order seeks the table row by row (six times slower in the shell than a scan at
    // 200,000 records); one studio's facts (`studio: true`, `:studio`) are read by its index.

    /// Activities by studio, day, category, mode and review.
    public static func activityFactsSQL(studio: Bool) -> String {
        """
        SELECT studioID, date, category, mode, \(reviewStatusSQL) AS review, COUNT(*) AS n FROM activity\(studio ? "" : " NOT INDEXED")
        WHERE \(studio ? "studioID = :studio AND " : "")date BETWEEN :start AND :end GROUP BY studioID, date, category, mode, review
        """
    }

    /// Proposals (`table` proposal) or 社情民意 (socialInfo) by studio, day and review.
    public static func recordFactsSQL(_ table: String, studio: Bool) -> String {
        """
        SELECT studioID, date, \(reviewStatusSQL) AS review, COUNT(*) AS n FROM \(table)\(studio ? "" : " NOT INDEXED")
        WHERE \(studio ? "studioID = :studio AND " : "")date BETWEEN :start AND :end GROUP BY studioID, date, review
        """
    }

    /// Each member's activities by studio, member, day, category, mode and review.
    public static func memberFactsSQL(studio: Bool) -> String {
        """
        SELECT a.studioID, l.memberID, a.date, a.category, a.mode, json_extract(a.review, '$.status') AS review, COUNT(*) AS n
        FROM ledgerMember l JOIN activity a ON a.id = l.recordID
        WHERE l.kind = 'activity' AND \(studio ? "a.studioID = :studio AND " : "")a.date BETWEEN :start AND :end
        GROUP BY a.studioID, l.memberID, a.date, a.category, a.mode, review
        """
    }

    /// The CPPCC members of every studio's team, at any time (per-member minimums judge the ones on it in a period).
    public static let teamSQL = """
        SELECT sm.studioID, m.id, m.name, sm.joinedOn, sm.leftOn FROM studioMembership sm JOIN member m ON m.id = sm.memberID
        WHERE m.isNonMember = 0 ORDER BY m.pinyin
        """

    /// Every statement the office's compliance facts are read by, with the arguments of `year` written in (the shell's form).
    public static func complianceFactsSQL(year: Int) -> [String] {
        ([activityFactsSQL(studio: false), recordFactsSQL("proposal", studio: false), recordFactsSQL("socialInfo", studio: false),
          memberFactsSQL(studio: false)].map { literal($0, year: year) }) + [teamSQL]
    }

    /// A statement with the year's named arguments written in as literals, for the sqlite3 shell.
    public static func literal(_ sql: String, year: Int) -> String {
        sql.replacingOccurrences(of: ":start", with: "'\(year)-01-01'").replacingOccurrences(of: ":end", with: "'\(year)-12-31'")
            .replacingOccurrences(of: ":year", with: "\(year)")
    }

    static func yearArguments(_ year: Int, studioID: Int64?) -> StatementArguments {
        var args: [String: (any DatabaseValueConvertible)?] = ["start": "\(year)-01-01", "end": "\(year)-12-31"]
        if let studioID { args["studio"] = studioID }
        return StatementArguments(args)
    }

    // What the program reads instead (`countFacts`): the same rows, not grouped — SQLite groups by sorting, and these
    // rows hardly group (a studio's records of one day are rarely alike) — counted in Swift by the same keys.

    /// The year's activities, one row each: id, studio, day, category, mode and review.
    static func activityRowsSQL(studio: Bool) -> String {
        """
        SELECT id, studioID, date, category, mode, \(reviewStatusSQL) FROM activity\(studio ? "" : " NOT INDEXED")
        WHERE \(studio ? "studioID = :studio AND " : "")date BETWEEN :start AND :end
        """
    }

    /// The year's proposals or 社情民意, one row each: studio, day and review.
    static func recordRowsSQL(_ table: String, studio: Bool) -> String {
        """
        SELECT studioID, date, \(reviewStatusSQL) FROM \(table)\(studio ? "" : " NOT INDEXED")
        WHERE \(studio ? "studioID = :studio AND " : "")date BETWEEN :start AND :end
        """
    }

    /// Who took part in activities, by record: one studio's of the year through its activities; every studio's as the
    /// activities' id range (`:low`, `:high`), the year's kept by the activity rows already read.
    static func memberRowsSQL(studio: Bool) -> String {
        studio ? """
            SELECT l.recordID, l.memberID FROM activity a JOIN ledgerMember l ON l.kind = 'activity' AND l.recordID = a.id
            WHERE a.studioID = :studio AND a.date BETWEEN :start AND :end
            """
            : "SELECT recordID, memberID FROM ledgerMember WHERE kind = 'activity' AND recordID BETWEEN :low AND :high"
    }

    /// The facts by studio, what was done and per member: the year's rows counted by studio, day, kind, mode and review
    /// (per member also by member), as `activityFactsSQL`, `recordFactsSQL` and `memberFactsSQL` count them.
    static func countFacts(_ db: Database, year: Int, studioID: Int64?) throws
        -> (done: [Int64: [LedgerFacts.Done]], members: [Int64: [Int64: [LedgerFacts.Done]]]) {
        let counted = try countYear(db, year: year, studioID: studioID)
        var done: [Int64: [LedgerFacts.Done]] = [:]
        var members: [Int64: [Int64: [LedgerFacts.Done]]] = [:]
        for studio in counted.groups.keys { done[studio] = counted.done(studio) }
        for studio in counted.runs.keys { members[studio] = counted.memberDone(studio) }
        return (done, members)
    }

    /// The same counts kept as small numbers (`CountedFacts`), each studio's made into `Done` lines when asked for.
    static func countYear(_ db: Database, year: Int, studioID: Int64?) throws -> CountedFacts {
        typealias Key = CountedFacts.Key
        let args = yearArguments(year, studioID: studioID)
        let one = studioID != nil
        var days = DayInterner(year: year), whats = TextInterner(), modes = TextInterner(), reviews = TextInterner()
        var tally = Tally<Key>()
        // Each activity's group, for its participants.
        var groupOf = IDMap()
        var (low, high) = (Int64.max, Int64.min)
        try db.cachedStatement(sql: activityRowsSQL(studio: one)).forEachRow(arguments: args) { s in
            let id = sqlite3_column_int64(s, 0)
            groupOf[id] = tally.add(Key(studio: sqlite3_column_int64(s, 1), day: days.index(s, 2), what: whats.index(s, 3),
                                        mode: modes.index(s, 4), review: reviews.index(s, 5)))
            (low, high) = (min(low, id), max(high, id))
        }
        let activities = tally.keys.count
        for (table, what) in [("proposal", "proposal"), ("socialInfo", "sqmy")] {
            let kind = Int32(what == "proposal" ? -2 : -3)
            try db.cachedStatement(sql: recordRowsSQL(table, studio: one)).forEachRow(arguments: args) { s in
                tally.add(Key(studio: sqlite3_column_int64(s, 0), day: days.index(s, 1), what: kind, mode: -1, review: reviews.index(s, 2)))
            }
        }
        // Participants by member (a member's activity groups, in the order read), members numbered as first seen.
        var memberNumber = IDMap()
        var memberIDs: [Int64] = []
        var taken: [[Int32]] = []
        if activities > 0 {
            var memberArgs = args
            if !one { memberArgs += ["low": low, "high": high] }
            try db.cachedStatement(sql: memberRowsSQL(studio: one)).forEachRow(arguments: memberArgs) { s in
                guard let g = groupOf[sqlite3_column_int64(s, 0)] else { return }
                let member = sqlite3_column_int64(s, 1)
                if let m = memberNumber[member] {
                    taken[Int(m)].append(g)
                } else {
                    memberNumber[member] = Int32(memberIDs.count)
                    memberIDs.append(member)
                    taken.append([g])
                }
            }
        }
        groupOf = IDMap()
        let keys = tally.keys
        var out = CountedFacts(keys: keys, counts: tally.counts.map { Int32(clamping: $0) }, days: days.values, whats: whats.values,
                               modes: modes.values.map { StudioMode(rawValue: $0) }, reviews: reviews.values.map { reviewStatus($0) })
        tally = Tally()
        for (i, k) in keys.enumerated() { out.groups[k.studio, default: []].append(Int32(i)) }
        if let pending = reviews.values.firstIndex(of: ReviewStatus.pending.rawValue).map(Int32.init) {
            for (i, k) in keys.enumerated() where k.review == pending { out.pendingReview[k.studio, default: 0] += Int(out.counts[i]) }
        }
        // Each member's groups counted (a member in one group twice did two such activities), by studio.
        for m in taken.indices {
            var gs = taken[m]
            taken[m] = []
            gs.sort { (keys[Int($0)].studio, $0) < (keys[Int($1)].studio, $1) }
            var start = out.runGroups.count
            var i = 0
            while i < gs.count {
                var j = i + 1
                while j < gs.count && gs[j] == gs[i] { j += 1 }
                out.runGroups.append(gs[i])
                out.runCounts.append(Int32(j - i))
                let studio = keys[Int(gs[i])].studio
                if j == gs.count || keys[Int(gs[j])].studio != studio {
                    out.runs[studio, default: []].append(CountedFacts.Run(member: memberIDs[m], start: Int32(start), end: Int32(out.runGroups.count)))
                    start = out.runGroups.count
                }
                i = j
            }
        }
        return out
    }

    /// The review status as the counts read it, straight from the record's review JSON.
    static let reviewStatusSQL = "json_extract(review, '$.status')"

    static func reviewStatus(_ value: String?) -> ReviewStatus { value.flatMap(ReviewStatus.init(rawValue:)) ?? .pending }

    /// Per studio: records of the year waiting for review, and the dates 群众意见 not yet answered were received
    /// (each studio's rules set its own limit, so the overdue count is made per studio).
    /// `counted`: the pending records of the ledgers the year's facts read (`YearFacts.pendingReview`), so only the
    /// 群众意见 are scanned again.
    public func ledgerQueues(year: Int, counted: [Int64: Int]? = nil) throws -> (pendingReview: [Int64: Int], openIntake: [Int64: [String]]) {
        try read { db in
            var pending: [Int64: Int] = counted ?? [:]
            let kinds = counted == nil ? LedgerKind.allCases : [.intake]
            for sql in kinds.map({ Self.ledgerQueueSQL[LedgerKind.allCases.firstIndex(of: $0)!] }) {
                for r in try Row.fetchAll(db, sql: sql, arguments: Self.yearArguments(year, studioID: nil)) {
                    pending[r[0], default: 0] += r[1] as Int
                }
            }
            var open: [Int64: [String]] = [:]
            for r in try Row.fetchAll(db, sql: Self.ledgerQueueSQL.last!) {
                open[r[0], default: []].append(r[1])
            }
            return (pending, open)
        }
    }

    /// `ledgerQueues`' statements: each ledger's records of the year waiting for review by studio (`n`), then the
    /// 群众意见 not yet answered (public: `studiodesk-bench` runs them in the sqlite3 shell). NOT INDEXED, as the facts:
    /// through the date index a year's records are sought row by row (in the shell 0.095 s against 0.038 s a scan).
    public static let ledgerQueueSQL: [String] = LedgerKind.allCases.map { kind in
        """
        SELECT studioID, COUNT(*) AS n FROM \(table(kind)) NOT INDEXED
        WHERE \(dateColumn(kind)) BETWEEN :start AND :end AND json_extract(review, '$.status') = 'pending' GROUP BY studioID
        """
    } + ["SELECT studioID, receivedOn FROM citizenItem WHERE feedbackOn IS NULL"]

    public func yearDocs(studioID: Int64, year: Int) throws -> [YearDoc] {
        try read { db in try YearDoc.filter(Column("studioID") == studioID && Column("year") == year).fetchAll(db) }
    }
}
