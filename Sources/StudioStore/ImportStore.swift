import Foundation
import GRDB
import StudioCore

/// Imports into the store: matched against what is on file, shown as a plan (added, changed, unchanged),
/// and written all at once or not at all.
extension AppDatabase {
    public struct MemberImportPlan: Sendable {
        public var added: [(row: Int, member: Member)] = []
        /// The member on file and the same member with the file's values; `fields` names what changes.
        public var changed: [(row: Int, before: Member, after: Member, fields: [String])] = []
        public var unchanged = 0
        public var problems: [ImportProblem] = []

        public var summary: String {
            "新增 \(added.count) 名，修改 \(changed.count) 名，不变 \(unchanged) 名"
        }
    }

    /// Matches each row with the roster: the same name and phone (or one of them without a phone) is the same
    /// member, whose non-empty cells replace what is on file; anyone else is added. With `apply`, the plan is
    /// written in one transaction; a plan with problems writes nothing.
    /// `auditByTrigger`: every row logged by the triggers, as before bulk lines (a test compares the two).
    public func importMembers(_ rows: [(row: Int, member: Member)], apply: Bool, auditByTrigger: Bool = false) throws -> MemberImportPlan {
        try write(.importData) { db in
            var plan = MemberImportPlan()
            var byName: [String: [Member]] = [:]
            for m in try Member.fetchAll(db) where !m.isNonMember { byName[m.name, default: []].append(m) }
            for (row, incoming) in rows {
                let same = (byName[incoming.name] ?? []).filter { $0.phone == incoming.phone || $0.phone.isEmpty || incoming.phone.isEmpty }
                if same.count > 1 {
                    plan.problems.append(ImportProblem(row: row, column: "联系电话", message: "名册中有 \(same.count) 名「\(incoming.name)」，请填写联系电话以区分"))
                    continue
                }
                guard var existing = same.first else {
                    plan.added.append((row, incoming))
                    continue
                }
                let before = existing
                var fields: [String] = []
                for field in [MemberField.sector, .committee, .unitTitle, .expertise, .phone, .note] where !incoming[field].isEmpty && incoming[field] != existing[field] {
                    existing[field] = incoming[field]
                    fields.append(field.label)
                }
                if fields.isEmpty { plan.unchanged += 1 } else { plan.changed.append((row, before, existing, fields)) }
            }
            guard apply, plan.problems.isEmpty else { return plan }
            // New members logged in bulk (BulkAudit), changed ones by the triggers after them.
            let audit = try bulkAudit(db, byTrigger: auditByTrigger)
            for (_, m) in plan.added {
                var m = m.normalized()
                try m.insert(db)
                audit?.inserted(Member.databaseTableName, m.id!)
            }
            func writeChanged() throws {
                for (_, _, after, _) in plan.changed {
                    let m = after.normalized()
                    try m.update(db)
                }
            }
            if let audit { try audit.logged(db, writeChanged) } else { try writeChanged() }
            try audit?.finish(db)
            return plan
        }
    }
}

extension AppDatabase {
    /// Studios (with their rules' activity categories) and members by name, for reading a ledger file.
    public func importDirectory(profiles: [RuleProfile], defaultStudioID: Int64? = nil) throws -> ImportDirectory {
        try read { db in
            let studios = try Studio.fetchAll(db).map { s in
                ImportDirectory.StudioEntry(id: s.id!, name: s.name, status: s.status,
                                            categories: profiles.first { $0.id == s.profileID }?.activityCategories ?? [])
            }
            return ImportDirectory(studios: studios, membersByName: try Self.membersByName(db), defaultStudioID: defaultStudioID)
        }
    }

    /// Members of the roster (not outside helpers) by name.
    static func membersByName(_ db: Database) throws -> [String: [Int64]] {
        var out: [String: [Int64]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM member WHERE isNonMember = 0") {
            out[row["name"], default: []].append(row["id"])
        }
        return out
    }

    public func studioImportDirectory(profiles: [RuleProfile], today: String) throws -> StudioImport.Directory {
        try read { db in
            let studios = try Studio.fetchAll(db)
            let usual = Dictionary(grouping: studios, by: \.profileID).max { $0.value.count < $1.value.count }?.key
            return StudioImport.Directory(profiles: profiles, defaultProfileID: usual ?? profiles.first?.id ?? "",
                                          membersByName: try Self.membersByName(db), studios: studios, today: today)
        }
    }

    public struct LedgerImportPlan: Sendable {
        public var added: [LedgerImport.Row] = []
        /// A row that matches a record on file (same studio and key) and differs from it: `fields` names what changes.
        public var changed: [(row: LedgerImport.Row, fields: [String])] = []
        public var unchanged = 0
        public var problems: [ImportProblem] = []

        public var summary: String { "新增 \(added.count) 条，修改 \(changed.count) 条，不变 \(unchanged) 条" }
    }

    /// Matches rows with the ledger on file by their key; a matching record keeps its id and review and takes the
    /// file's values. With `apply`, everything is written in one transaction; `progress` is told every 1,000 rows.
    public func importLedger(_ rows: [LedgerImport.Row], apply: Bool, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> LedgerImportPlan {
        let work = { (db: Database) throws -> LedgerImportPlan in
            var plan = LedgerImportPlan()
            var onFile: [LedgerKind: [String: (Int64, LedgerRecord)]] = [:]
            for kind in Set(rows.map(\.record.kind)) {
                onFile[kind] = try Self.ledgerByKey(db, kind: kind, studioIDs: Set(rows.map(\.record.studioID)))
            }
            for r in rows {
                guard let (id, existing) = onFile[r.record.kind]?[r.record.matchKey(members: r.memberIDs)] else {
                    if let id = r.record.id {
                        plan.problems.append(ImportProblem(row: r.row, column: "编号", message: "编号 \(id) 不是该工作室台账中的记录（新记录请留空编号）"))
                    } else {
                        plan.added.append(r)
                    }
                    continue
                }
                if existing.studioID != r.record.studioID {
                    plan.problems.append(ImportProblem(row: r.row, column: "编号", message: "编号 \(id) 是另一个工作室的记录；记录不能由导入换到别的工作室"))
                    continue
                }
                var row = r
                row.record = Self.carryingIdentity(of: existing, id: id, into: r.record)
                let members = try Int64.fetchAll(db, sql: "SELECT memberID FROM ledgerMember WHERE kind = ? AND recordID = ? ORDER BY memberID", arguments: [r.record.kind, id])
                var fields = Self.differences(existing, row.record)
                if !r.memberIDs.isEmpty && Set(r.memberIDs) != Set(members) { fields.append("参加委员") }
                if r.memberIDs.isEmpty { row.memberIDs = members }
                if fields.isEmpty { plan.unchanged += 1 } else { plan.changed.append((row, fields)) }
            }
            guard apply, plan.problems.isEmpty else { return plan }
            var done = 0
            let known = Set(try Int64.fetchAll(db, sql: "SELECT id FROM member"))
            for r in plan.added {
                let id = try Self.insert(db, r.record)
                try Self.setMembers(db, kind: r.record.kind, recordID: id, memberIDs: r.memberIDs, isNew: true, known: known)
                done += 1
                if done % 1000 == 0 { progress?(done, rows.count) }
            }
            for r in plan.changed.map(\.row) {
                let id = try Self.save(db, r.record)
                try Self.setMembers(db, kind: r.record.kind, recordID: id, memberIDs: r.memberIDs, known: known)
                done += 1
                if done % 1000 == 0 { progress?(done, rows.count) }
            }
            return plan
        }
        return apply ? try write(.importData, work) : try read(work)
    }

    /// What a ledger import read in chunks keeps: counts, the first rows added and changed for the preview, and the
    /// first problems (by row then column) with how many there were in all.
    public struct LedgerImportTally: Sendable {
        public var added = 0
        public var changed = 0
        public var unchanged = 0
        public var firstAdded: [LedgerImport.Row] = []
        public var firstChanged: [(row: LedgerImport.Row, fields: [String])] = []
        public var problems: [ImportProblem] = []
        public var problemCount = 0
        /// How many of each are kept.
        public static let kept = 50
        public static let problemsKept = ImportProblem.listedAtMost

        public init() {}

        public var summary: String { "新增 \(added) 条，修改 \(changed) 条，不变 \(unchanged) 条" }

        public mutating func note(_ more: [ImportProblem]) {
            problemCount += more.count
            let room = Self.problemsKept - problems.count
            if room > 0 { problems += more.sorted { ($0.row, $0.column) < ($1.row, $1.column) }.prefix(room) }
        }
    }

    /// Thrown inside the transaction to undo what was written once a problem is found.
    struct RolledBack: Error { var tally: LedgerImportTally }

    /// `importLedger` for a file read in chunks: `nextChunk` gives the next rows already read and checked (with
    /// that chunk's problems), nil at the end. Every chunk is matched with the ledger on file and, with `apply` and
    /// no problem so far, written, all in one transaction that is undone if any problem turns up, even in the last
    /// row. In memory between chunks: the compact key of each record on file of the studios met so far.
    /// The new records and their members are logged from Swift a chunk at a time (`BulkAudit`), changed ones by the
    /// triggers; `auditByTrigger` logs every row by the triggers, as before (a test compares the two).
    public func importLedger(chunks nextChunk: () throws -> (rows: [LedgerImport.Row], problems: [ImportProblem])?, apply: Bool,
                             progress: (@Sendable (Int, Int) -> Void)? = nil, auditByTrigger: Bool = false) throws -> LedgerImportTally {
        func work(_ db: Database) throws -> LedgerImportTally {
            var tally = LedgerImportTally()
            let audit = apply ? try bulkAudit(db, byTrigger: auditByTrigger) : nil
            var onFile: [LedgerKind: [ImportKey: Int64]] = [:]
            // The studios whose records are keyed, per kind (no text built per row).
            var loaded: [LedgerKind: Set<Int64>] = [:]
            let known = apply ? Set(try Int64.fetchAll(db, sql: "SELECT id FROM member")) : []
            var done = 0
            while let chunk = try nextChunk() {
                let rows = chunk.rows
                var problems = chunk.problems
                var added: [LedgerImport.Row] = []
                var changed: [LedgerImport.Row] = []
                for r in rows {
                    let kind = r.record.kind
                    // A studio's records are keyed when the file first names it, before any of its rows are written.
                    if loaded[kind, default: []].insert(r.record.studioID).inserted {
                        try Self.ledgerKeys(db, kind: kind, studioID: r.record.studioID, into: &onFile[kind, default: [:]])
                    }
                    let match: Int64?
                    if let id = r.record.id {
                        guard let existing = try Self.ledgerRecord(db, kind: kind, id: id) else {
                            problems.append(ImportProblem(row: r.row, column: "编号", message: "编号 \(id) 不是该工作室台账中的记录（新记录请留空编号）"))
                            continue
                        }
                        if existing.studioID != r.record.studioID {
                            problems.append(ImportProblem(row: r.row, column: "编号", message: "编号 \(id) 是另一个工作室的记录；记录不能由导入换到别的工作室"))
                            continue
                        }
                        match = id
                    } else {
                        match = onFile[kind]?[r.key ?? ImportKey(r.record, members: r.memberIDs)]
                    }
                    guard let id = match, let existing = try Self.ledgerRecord(db, kind: kind, id: id) else {
                        added.append(r)
                        tally.added += 1
                        if tally.firstAdded.count < LedgerImportTally.kept { tally.firstAdded.append(r) }
                        continue
                    }
                    var row = r
                    row.record = Self.carryingIdentity(of: existing, id: id, into: r.record)
                    let members = try Int64.fetchAll(db, sql: "SELECT memberID FROM ledgerMember WHERE kind = ? AND recordID = ? ORDER BY memberID", arguments: [kind, id])
                    var fields = Self.differences(existing, row.record)
                    if !r.memberIDs.isEmpty && Set(r.memberIDs) != Set(members) { fields.append("参加委员") }
                    if r.memberIDs.isEmpty { row.memberIDs = members }
                    if fields.isEmpty { tally.unchanged += 1; continue }
                    changed.append(row)
                    tally.changed += 1
                    if tally.firstChanged.count < LedgerImportTally.kept { tally.firstChanged.append((row, fields)) }
                }
                tally.note(problems)
                // After the first problem nothing more is written, but every row is still read and checked.
                guard apply, tally.problemCount == 0 else { continue }
                for r in added {
                    let id = try Self.insert(db, r.record)
                    audit?.inserted(r.record.tableName, id)
                    try Self.setMembers(db, kind: r.record.kind, recordID: id, memberIDs: r.memberIDs, isNew: true, known: known, audit: audit)
                    done += 1
                    if done % 1000 == 0 { progress?(done, 0) }
                }
                // A changed record's line holds the row as it was: the triggers write it, after the chunk's new lines.
                func writeChanged() throws {
                    for r in changed {
                        let id = try Self.save(db, r.record)
                        try Self.setMembers(db, kind: r.record.kind, recordID: id, memberIDs: r.memberIDs, known: known)
                        done += 1
                        if done % 1000 == 0 { progress?(done, 0) }
                    }
                }
                if let audit, !changed.isEmpty { try audit.logged(db, writeChanged) } else { try writeChanged() }
                try audit?.flush(db)
            }
            if apply && tally.problemCount > 0 { throw RolledBack(tally: tally) }
            try audit?.finish(db)
            return tally
        }
        do {
            return apply ? try write(.importData, work) : try read(work)
        } catch let e as RolledBack {
            return e.tally
        }
    }

    /// The compact keys of one studio's records of a kind (each under its key without 编号), added to `keys`.
    static func ledgerKeys(_ db: Database, kind: LedgerKind, studioID: Int64, into keys: inout [ImportKey: Int64]) throws {
        var members: [Int64: [Int64]] = [:]
        if kind == .activity {
            for row in try Row.fetchAll(db, sql: """
                SELECT l.recordID, l.memberID FROM ledgerMember l JOIN activity a ON a.id = l.recordID
                WHERE l.kind = ? AND a.studioID = ?
                """, arguments: [kind, studioID]) {
                members[row[0], default: []].append(row[1])
            }
        }
        func add(_ r: LedgerRecord, _ id: Int64?) {
            guard let id else { return }
            var bare = r
            bare.setID(nil)
            keys[ImportKey(bare, members: members[id] ?? [])] = id
        }
        let mine = Column("studioID") == studioID
        switch kind {
        case .activity: for a in try Activity.filter(mine).fetchAll(db) { add(.activity(a), a.id) }
        case .proposal: for p in try Proposal.filter(mine).fetchAll(db) { add(.proposal(p), p.id) }
        case .sqmy: for s in try SocialInfo.filter(mine).fetchAll(db) { add(.sqmy(s), s.id) }
        case .intake: for c in try CitizenItem.filter(mine).fetchAll(db) { add(.intake(c), c.id) }
        }
    }

    static func ledgerRecord(_ db: Database, kind: LedgerKind, id: Int64) throws -> LedgerRecord? {
        switch kind {
        case .activity: try Activity.fetchOne(db, key: id).map { .activity($0) }
        case .proposal: try Proposal.fetchOne(db, key: id).map { .proposal($0) }
        case .sqmy: try SocialInfo.fetchOne(db, key: id).map { .sqmy($0) }
        case .intake: try CitizenItem.fetchOne(db, key: id).map { .intake($0) }
        }
    }

    static func ledgerByKey(_ db: Database, kind: LedgerKind, studioIDs: Set<Int64>) throws -> [String: (Int64, LedgerRecord)] {
        let ids = Array(studioIDs)
        var out: [String: (Int64, LedgerRecord)] = [:]
        var members: [Int64: [Int64]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT recordID, memberID FROM ledgerMember WHERE kind = ?", arguments: [kind]) {
            members[row["recordID"], default: []].append(row["memberID"])
        }
        // Each record under its 编号 and under its key without one.
        func add(_ r: LedgerRecord, _ id: Int64?) {
            guard let id else { return }
            out["#\(id)"] = (id, r)
            var bare = r
            bare.setID(nil)
            out[bare.matchKey(members: members[id] ?? [])] = (id, r)
        }
        switch kind {
        case .activity: for a in try Activity.filter(ids.contains(Column("studioID"))).fetchAll(db) { add(.activity(a), a.id) }
        case .proposal: for p in try Proposal.filter(ids.contains(Column("studioID"))).fetchAll(db) { add(.proposal(p), p.id) }
        case .sqmy: for s in try SocialInfo.filter(ids.contains(Column("studioID"))).fetchAll(db) { add(.sqmy(s), s.id) }
        case .intake: for c in try CitizenItem.filter(ids.contains(Column("studioID"))).fetchAll(db) { add(.intake(c), c.id) }
        }
        return out
    }

    /// The file's values on the record on file: its id, review, and the links a file does not carry.
    static func carryingIdentity(of existing: LedgerRecord, id: Int64, into incoming: LedgerRecord) -> LedgerRecord {
        switch (existing, incoming) {
        case (.activity(let e), .activity(var n)):
            n.id = id; n.review = e.review; n.attachments = e.attachments
            return .activity(n)
        case (.proposal(let e), .proposal(var n)):
            n.id = id; n.review = e.review
            return .proposal(n)
        case (.sqmy(let e), .sqmy(var n)):
            n.id = id; n.review = e.review; n.sourceIntakeID = e.sourceIntakeID
            return .sqmy(n)
        case (.intake(let e), .intake(var n)):
            n.id = id; n.review = e.review; n.linkedKind = e.linkedKind; n.linkedID = e.linkedID; n.explainedOn = e.explainedOn
            n.dutySlotID = e.dutySlotID
            if n.triage == nil { n.triage = e.triage }
            return .intake(n)
        default:
            return incoming
        }
    }

    /// The columns whose values differ, by their Chinese titles.
    static func differences(_ a: LedgerRecord, _ b: LedgerRecord) -> [String] {
        func encode(_ r: LedgerRecord) -> [String: String] {
            let encoder = JSONEncoder()
            let data: Data? = switch r {
            case .activity(let x): try? encoder.encode(x)
            case .proposal(let x): try? encoder.encode(x)
            case .sqmy(let x): try? encoder.encode(x)
            case .intake(let x): try? encoder.encode(x)
            }
            guard let data, let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
            // Sorted keys: a nested value (the review) must print the same way on both sides.
            return object.mapValues { v in
                (try? JSONSerialization.data(withJSONObject: [v], options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? ""
            }
        }
        let (x, y) = (encode(a), encode(b))
        let columns = LedgerImport.columns(a.kind)
        return Set(x.keys).union(y.keys).filter { x[$0] != y[$0] && $0 != "categoryName" }.sorted()
            .map { key in columns.first { $0.key == key }?.title ?? key }
    }

    /// A new record. Activities, most of a large file, go through one cached statement: GRDB's record insert
    /// builds its SQL and a container per row, which was most of the writing of 200,000 rows.
    static func insert(_ db: Database, _ record: LedgerRecord) throws -> Int64 {
        guard case .activity(let a) = record, a.id == nil else { return try save(db, record) }
        try db.cachedStatement(sql: """
            INSERT INTO activity (studioID, date, category, categoryName, mode, title, place, guests, guestKind, citizensReached, summary, attachments, review)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [a.studioID, a.date, a.category, a.categoryName, a.mode.rawValue, a.title, a.place, a.guests, a.guestKind?.rawValue,
                                      a.citizensReached, a.summary, a.attachments, try Review.storedJSON(a.review)])
        return db.lastInsertedRowID
    }

    static func save(_ db: Database, _ record: LedgerRecord) throws -> Int64 {
        switch record {
        case .activity(var a): try a.save(db); return a.id!
        case .proposal(var p): try p.save(db); return p.id!
        case .sqmy(var s): try s.save(db); return s.id!
        case .intake(var c): try c.save(db); return c.id!
        }
    }

    public struct StudioImportPlan: Sendable {
        public var added: [StudioImport.Row] = []
        /// A studio on file whose particulars change or whose team gains members (members are never removed by an import).
        public var changed: [(row: StudioImport.Row, fields: [String])] = []
        public var unchanged = 0

        public var summary: String { "新增 \(added.count) 个工作室，修改 \(changed.count) 个，不变 \(unchanged) 个" }
    }

    /// New studios are written with their status, the history line of their plaquing and their team from the
    /// 授牌日期; a studio on file takes the file's particulars and gains the members not yet on its team.
    public func importStudios(_ rows: [StudioImport.Row], apply: Bool) throws -> StudioImportPlan {
        let work = { (db: Database) throws -> StudioImportPlan in
            var plan = StudioImportPlan()
            for r in rows {
                guard let id = r.studio.id, let existing = try Studio.fetchOne(db, key: id) else {
                    plan.added.append(r)
                    continue
                }
                var fields: [String] = []
                let s = r.studio
                let labels: [(String, Bool)] = [("类型", s.type != existing.type), ("线上/线下", s.mode != existing.mode), ("适用规则", s.profileID != existing.profileID),
                                                ("地址", !s.address.isEmpty && s.address != existing.address), ("界别/区域", !s.sector.isEmpty && s.sector != existing.sector),
                                                ("联系专委会", !s.committee.isEmpty && s.committee != existing.committee)]
                fields += labels.filter(\.1).map(\.0)
                let current = Set(try Int64.fetchAll(db, sql: "SELECT memberID FROM studioMembership WHERE studioID = ? AND leftOn IS NULL", arguments: [id]))
                let outsidersOnFile = try Self.currentOutsiders(db, studioID: id)
                let joining = r.team.filter { !current.contains($0.memberID) }.count + r.outsiders.filter { !outsidersOnFile.contains($0.name) }.count
                if joining > 0 { fields.append("团队新增 \(joining) 人") }
                if fields.isEmpty { plan.unchanged += 1 } else { plan.changed.append((r, fields)) }
            }
            guard apply else { return plan }
            for r in plan.added {
                var s = try Self.checked(r.studio)
                let status = s.status
                s.status = .draft
                try s.insert(db)
                try Self.changeStatus(db, studioID: s.id!, expected: .draft, to: status, date: r.plaquedOn, reason: "导入（启用本系统前已有的工作室）")
                for (memberID, role) in r.team {
                    try StudioMembership(studioID: s.id!, memberID: memberID, role: role, joinedOn: r.plaquedOn).insert(db)
                }
                try Self.addOutsiders(db, r.outsiders, studioID: s.id!, joinedOn: r.plaquedOn)
            }
            for (r, _) in plan.changed {
                guard var s = try Studio.fetchOne(db, key: r.studio.id) else { continue }
                let incoming = try Self.checked(r.studio)
                s.type = incoming.type
                s.mode = incoming.mode
                s.profileID = incoming.profileID
                if !incoming.address.isEmpty { s.address = incoming.address }
                if !incoming.sector.isEmpty { s.sector = incoming.sector }
                if !incoming.committee.isEmpty { s.committee = incoming.committee }
                try s.update(db)
                let current = Set(try Int64.fetchAll(db, sql: "SELECT memberID FROM studioMembership WHERE studioID = ? AND leftOn IS NULL", arguments: [s.id!]))
                for (memberID, role) in r.team where !current.contains(memberID) {
                    try StudioMembership(studioID: s.id!, memberID: memberID, role: role, joinedOn: r.plaquedOn).insert(db)
                }
                let onFile = try Self.currentOutsiders(db, studioID: s.id!)
                try Self.addOutsiders(db, r.outsiders.filter { !onFile.contains($0.name) }, studioID: s.id!, joinedOn: r.plaquedOn)
            }
            return plan
        }
        return apply ? try write(.importData, work) : try read(work)
    }

    /// The names of the non-members now on a team (a second import of the same file adds none again).
    static func currentOutsiders(_ db: Database, studioID: Int64) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: """
            SELECT m.name FROM studioMembership sm JOIN member m ON m.id = sm.memberID
            WHERE sm.studioID = ? AND sm.leftOn IS NULL AND m.isNonMember = 1
            """, arguments: [studioID]))
    }

    static func addOutsiders(_ db: Database, _ people: [(name: String, role: StudioRole)], studioID: Int64, joinedOn: String) throws {
        for (name, role) in people {
            var p = Member(name: name)
            p.isNonMember = true
            try p.insert(db)
            try StudioMembership(studioID: studioID, memberID: p.id!, role: role, joinedOn: joinedOn).insert(db)
        }
    }
}

extension LedgerRecord {
    /// The table the record is stored in.
    var tableName: String {
        switch self {
        case .activity: Activity.databaseTableName
        case .proposal: Proposal.databaseTableName
        case .sqmy: SocialInfo.databaseTableName
        case .intake: CitizenItem.databaseTableName
        }
    }
}
