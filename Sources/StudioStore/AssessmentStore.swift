import Foundation
import GRDB
import GRDBSQLite
import StudioCore

/// 年度评估 in the store: the facts a sheet is scored from, results through 自评 → 评估 → 审定, the
/// recorded reopening of a locked result, the year-end batch and the consequences as dated tasks.
extension AppDatabase {
    /// What the year's records hold for scoring: one studio's records, read by its index.
    public func assessmentFacts(studio: Studio, profile: RuleProfile, year: Int, today: String) throws -> AssessmentFacts {
        let studioID = studio.id!
        // A verdict reads only the compliance lines; the records themselves are the scorecard's.
        if profile.assessment.method != "scorecard" {
            let facts = try ledgerFacts(studioID: studioID, year: year)
            return AssessmentFacts(year: year, term: facts.term,
                                   compliance: Compliance.evaluate(profile: profile, year: year, facts: facts, today: max(today, "\(year)-12-31")))
        }
        return try read { db in
            var facts = try Self.records(db, year: year, studioIDs: [studioID])[studioID] ?? AssessmentFacts(year: year)
            facts.term = try Self.studioTerms(db, studioID: studioID)[studioID] ?? .never
            return facts
        }
    }

    /// The records behind the sheets of `studioIDs` for a year (the evidence named on a sheet), by studio: a few studios
    /// by their index, many by one scan of the year. Terms are left as always (the caller's to set).
    static func records(_ db: Database, year: Int, studioIDs: Set<Int64>) throws -> [Int64: AssessmentFacts] {
        guard !studioIDs.isEmpty else { return [:] }
        var activities: [Int64: [Activity]] = [:], proposals: [Int64: [Proposal]] = [:], infos: [Int64: [SocialInfo]] = [:]
        var docs: [Int64: [YearDoc]] = [:]
        var inspections: [Int64: [String: (date: String, problems: Int, inspectionID: Int64?)]] = [:]
        let (start, end) = ("\(year)-01-01", "\(year)-12-31")
        if studioIDs.count <= 20 {
            for id in studioIDs {
                let range: StatementArguments = [id, start, end]
                activities[id] = try Activity.filter(sql: "studioID = ? AND date BETWEEN ? AND ?", arguments: range).order(Column("date"), Column("id")).fetchAll(db)
                proposals[id] = try Proposal.filter(sql: "studioID = ? AND date BETWEEN ? AND ?", arguments: range).order(Column("date"), Column("id")).fetchAll(db)
                infos[id] = try SocialInfo.filter(sql: "studioID = ? AND date BETWEEN ? AND ?", arguments: range).order(Column("date"), Column("id")).fetchAll(db)
                docs[id] = try YearDoc.filter(Column("studioID") == id && Column("year") == year).fetchAll(db)
                for r in try Row.fetchAll(db, sql: Self.inspectionProblemsSQL(studio: true), arguments: range) {
                    inspections[id, default: [:]][r["listKey"]] = (r["date"], r["problems"], r["id"])
                }
            }
        } else {
            // Scans rather than the date index (see ledgerFactsByStudio), each studio's records put in date order here.
            let range: StatementArguments = [start, end]
            for a in try Activity.fetchAll(db, sql: "SELECT * FROM activity NOT INDEXED WHERE date BETWEEN ? AND ?", arguments: range)
            where studioIDs.contains(a.studioID) { activities[a.studioID, default: []].append(a) }
            for p in try Proposal.fetchAll(db, sql: "SELECT * FROM proposal NOT INDEXED WHERE date BETWEEN ? AND ?", arguments: range)
            where studioIDs.contains(p.studioID) { proposals[p.studioID, default: []].append(p) }
            for i in try SocialInfo.fetchAll(db, sql: "SELECT * FROM socialInfo NOT INDEXED WHERE date BETWEEN ? AND ?", arguments: range)
            where studioIDs.contains(i.studioID) { infos[i.studioID, default: []].append(i) }
            func byDate<R>(_ d: inout [Int64: [R]], _ key: (R) -> (String, Int64)) {
                for k in d.keys { d[k]!.sort { key($0) < key($1) } }
            }
            byDate(&activities) { ($0.date, $0.id ?? 0) }
            byDate(&proposals) { ($0.date, $0.id ?? 0) }
            byDate(&infos) { ($0.date, $0.id ?? 0) }
            for d in try YearDoc.filter(Column("year") == year).fetchAll(db) where studioIDs.contains(d.studioID) { docs[d.studioID, default: []].append(d) }
            for r in try Row.fetchAll(db, sql: Self.inspectionProblemsSQL(studio: false), arguments: range) where studioIDs.contains(r["studioID"]) {
                inspections[r["studioID"], default: [:]][r["listKey"]] = (r["date"], r["problems"], r["id"])
            }
        }
        return Dictionary(uniqueKeysWithValues: studioIDs.map { id in
            (id, AssessmentFacts(year: year, activities: activities[id] ?? [], proposals: proposals[id] ?? [], socialInfos: infos[id] ?? [],
                                 yearDocs: docs[id] ?? [], inspections: inspections[id] ?? [:]))
        })
    }

    /// The latest inspection of the year that checked each list, with its problems (rows in date order: the last wins).
    static func inspectionProblemsSQL(studio: Bool) -> String {
        """
        SELECT i.id, i.studioID, i.date, v.listKey, SUM(v.verdict != 'pass') AS problems
        FROM inspection i JOIN inspectionVerdict v ON v.inspectionID = i.id
        WHERE \(studio ? "i.studioID = ? AND " : "")i.date BETWEEN ? AND ?
        GROUP BY i.id, v.listKey ORDER BY i.date, i.id
        """
    }

    // The year's scorecards as the database counts them, every studio at once (`:start`, `:end`: the year's first and
    // last day; `:year`). Public, so that `studiodesk-bench` runs the very same statements in the sqlite3 shell. Each
    // row is a count `n` of records alike in what the scoring asks of them; which of them count (a 退回 record, a blank
    // guest, a 立案 status) is the core's rule (`ScoreCounts.add…`), applied to the row.

    /// Activities by studio, category, guests (blank for none; the text decides), the guests' kind and review.
    public static let activityCountsSQL = """
        SELECT studioID, category, guests, guestKind, \(reviewStatusSQL) AS review, COUNT(*) AS n FROM activity NOT INDEXED
        WHERE date BETWEEN :start AND :end GROUP BY studioID, category, guests, guestKind, review
        """

    /// Proposals by studio, status, award and review.
    public static let proposalCountsSQL = """
        SELECT studioID, status, award IS NOT NULL AS awarded, \(reviewStatusSQL) AS review, COUNT(*) AS n FROM proposal NOT INDEXED
        WHERE date BETWEEN :start AND :end GROUP BY studioID, status, awarded, review
        """

    /// 社情民意 by studio, status, review and, for those with a 批示, its level and channel.
    public static let socialInfoCountsSQL = """
        SELECT studioID, status, instructionOn IS NOT NULL AS instructed,
          CASE WHEN instructionOn IS NULL THEN '' ELSE instructionLevel END AS level,
          CASE WHEN instructionOn IS NULL THEN '' ELSE channel END AS channel, \(reviewStatusSQL) AS review, COUNT(*) AS n
        FROM socialInfo NOT INDEXED WHERE date BETWEEN :start AND :end GROUP BY studioID, status, instructed, level, channel, review
        """

    /// The year's documents (plans, summaries): whether each has text is the core's rule.
    public static let yearDocCountsSQL = "SELECT studioID, kind, text FROM yearDoc WHERE year = :year"

    /// The latest inspection of the year per studio and wall checklist, with its problems (date order: the last wins).
    public static let inspectionCountsSQL = """
        SELECT i.id, i.studioID, i.date, v.listKey, SUM(v.verdict != 'pass') AS problems
        FROM inspection i JOIN inspectionVerdict v ON v.inspectionID = i.id
        WHERE i.date BETWEEN :start AND :end GROUP BY i.id, v.listKey ORDER BY i.date, i.id
        """

    /// Every statement the year's scorecard counts are read by, with the arguments of `year` written in (the shell's form).
    public static func scoreCountSQL(year: Int) -> [String] {
        [activityCountsSQL, proposalCountsSQL, socialInfoCountsSQL, yearDocCountsSQL, inspectionCountsSQL].map { literal($0, year: year) }
    }

    // What the program reads instead: the same rows, not grouped (SQLite groups by sorting; see FactRows.swift),
    // counted in Swift by the same keys as the statements above and given to the same rules.

    static let activityScoreRowsSQL = """
        SELECT studioID, category, guests, guestKind, \(reviewStatusSQL) FROM activity NOT INDEXED WHERE date BETWEEN :start AND :end
        """

    static let proposalScoreRowsSQL = """
        SELECT studioID, status, award IS NOT NULL, \(reviewStatusSQL) FROM proposal NOT INDEXED WHERE date BETWEEN :start AND :end
        """

    static let socialInfoScoreRowsSQL = """
        SELECT studioID, status, instructionOn IS NOT NULL, CASE WHEN instructionOn IS NULL THEN '' ELSE instructionLevel END,
          CASE WHEN instructionOn IS NULL THEN '' ELSE channel END, \(reviewStatusSQL)
        FROM socialInfo NOT INDEXED WHERE date BETWEEN :start AND :end
        """

    /// Every studio's scorecard counts for a year (term and compliance are the caller's to add).
    public func scoreCountsByStudio(year: Int) throws -> [Int64: ScoreCounts] {
        try read { db in
            var out: [Int64: ScoreCounts] = [:]
            func update(_ id: Int64, _ change: (inout ScoreCounts) -> Void) {
                change(&out[id, default: ScoreCounts(year: year)])
            }
            struct Key: Hashable {
                var studio: Int64
                var a: Int32, b: Int32, c: Int32, d: Int32, e: Int32
            }
            let args = Self.yearArguments(year, studioID: nil)
            var texts = (TextInterner(), TextInterner(), TextInterner(), TextInterner(), TextInterner())
            var reviews = TextInterner()
            func review(_ i: Int32) -> ReviewStatus { Self.reviewStatus(reviews.value(i)) }
            var activities = Tally<Key>()
            try db.cachedStatement(sql: Self.activityScoreRowsSQL).forEachRow(arguments: args) { s in
                activities.add(Key(studio: sqlite3_column_int64(s, 0), a: texts.0.index(s, 1), b: texts.1.index(s, 2), c: texts.2.index(s, 3),
                                   d: reviews.index(s, 4), e: 0))
            }
            for (k, n) in zip(activities.keys, activities.counts) {
                let kind = texts.2.value(k.c).flatMap(GuestKind.init(rawValue:))
                update(k.studio) { $0.addActivities(category: texts.0.value(k.a) ?? "", guests: texts.1.value(k.b) ?? "", guestKind: kind,
                                                    review: review(k.d), count: n) }
            }
            texts = (TextInterner(), TextInterner(), TextInterner(), TextInterner(), TextInterner())
            var proposals = Tally<Key>()
            try db.cachedStatement(sql: Self.proposalScoreRowsSQL).forEachRow(arguments: args) { s in
                proposals.add(Key(studio: sqlite3_column_int64(s, 0), a: texts.0.index(s, 1), b: Int32(sqlite3_column_int(s, 2)),
                                  c: reviews.index(s, 3), d: 0, e: 0))
            }
            for (k, n) in zip(proposals.keys, proposals.counts) {
                let status = texts.0.value(k.a).flatMap(ProposalStatus.init(rawValue:)) ?? .submitted
                update(k.studio) { $0.addProposals(status: status, awarded: k.b != 0, review: review(k.c), count: n) }
            }
            texts = (TextInterner(), TextInterner(), TextInterner(), TextInterner(), TextInterner())
            var infos = Tally<Key>()
            try db.cachedStatement(sql: Self.socialInfoScoreRowsSQL).forEachRow(arguments: args) { s in
                infos.add(Key(studio: sqlite3_column_int64(s, 0), a: texts.0.index(s, 1), b: Int32(sqlite3_column_int(s, 2)),
                              c: texts.1.index(s, 3), d: texts.2.index(s, 4), e: reviews.index(s, 5)))
            }
            for (k, n) in zip(infos.keys, infos.counts) {
                let status = texts.0.value(k.a).flatMap(SocialInfoStatus.init(rawValue:)) ?? .submitted
                update(k.studio) { $0.addSocialInfos(status: status, instructed: k.b != 0, level: texts.1.value(k.c) ?? "",
                                                     channel: texts.2.value(k.d) ?? "", review: review(k.e), count: n) }
            }
            for r in try Row.fetchAll(db, sql: Self.yearDocCountsSQL, arguments: ["year": year]) {
                let (kind, text): (String, String) = (r[1], r[2])
                guard let kind = YearDocKind(rawValue: kind) else { continue }
                update(r[0]) { $0.addYearDoc(kind: kind, text: text) }
            }
            for r in try Row.fetchAll(db, sql: Self.inspectionCountsSQL, arguments: args) {
                let check = ScoreCounts.WallCheck(date: r["date"], problems: r["problems"], inspectionID: r["id"])
                update(r["studioID"]) { $0.inspections[r["listKey"]] = check }
            }
            return out
        }
    }

    /// The studio's result for the year and round, or a fresh one scored from the records (not saved) with
    /// the office's own 评估表 where it has one.
    public func assessment(studio: Studio, profile: RuleProfile, year: Int, round: Int = 1, today: String) throws -> Assessment {
        if round == 1, let locked = try lockedYear(year), let entry = locked.entries.first(where: { $0.studio.id == studio.id }) {
            return entry.assessment
        }
        if var stored = try storedAssessment(studioID: studio.id!, year: year, round: round) {
            if !stored.isLocked { stored.sheet = try rescore(stored, studio: studio, today: today) }
            return stored.shown(on: today)
        }
        let profile = try assessmentProfile(profile)
        let facts = try assessmentFacts(studio: studio, profile: profile, year: year, today: today)
        return Assessment(studioID: studio.id!, year: year, round: round, profile: profile,
                          sheet: Scoring.score(profile: profile, facts: facts, panel: [:]), updatedOn: today).shown(on: today)
    }

    /// One studio's sheet from its records, the evidence with it.
    func rescore(_ a: Assessment, studio: Studio, today: String) throws -> ScoreSheet {
        Scoring.score(profile: a.profile, facts: try assessmentFacts(studio: studio, profile: a.profile, year: a.year, today: today), panel: a.panel)
    }

    public func storedAssessment(studioID: Int64, year: Int, round: Int = 1) throws -> Assessment? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT id, body FROM assessment WHERE studioID = ? AND year = ? AND round = ?",
                             arguments: [studioID, year, round]).map(Self.decodeAssessment)
        }
    }

    public func storedAssessment(id: Int64) throws -> Assessment? {
        try read { db in try Row.fetchOne(db, sql: "SELECT id, body FROM assessment WHERE id = ?", arguments: [id]).map(Self.decodeAssessment) }
    }

    /// Every stored result of a year (all rounds), by studio.
    public func assessments(year: Int) throws -> [Assessment] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, body FROM assessment WHERE year = ? ORDER BY studioID, round", arguments: [year]).map(Self.decodeAssessment)
        }
    }

    static func decodeAssessment(_ row: Row) throws -> Assessment {
        var a = try JSONDecoder().decode(Assessment.self, from: Data((row["body"] as String).utf8))
        a.id = row["id"]
        return a
    }

    /// Saves the studio's or the panel's entries, rescoring from the records. A locked result is refused
    /// here too, whatever the caller thinks it holds, so a second clerk cannot write past a 审定.
    @discardableResult
    public func saveAssessment(_ a: Assessment, today: String, expecting: EditStamp? = nil) throws -> Assessment {
        guard let studio = try studio(id: a.studioID) else { throw StoreError.notFound("该工作室（可能已被删除）") }
        var a = a
        if !a.isLocked { a.sheet = try rescore(a, studio: studio, today: today) }
        if !a.sheet.isJudged { throw StoreError.other("「\(studio.name)」\(a.sheet.verdictText)，没有评估结果可保存") }
        a.updatedOn = today
        let saved = a
        // The panel's points are the 评估小组's; the studio's own points and texts are a record the office enters.
        let stored = try read { db in
            try Row.fetchOne(db, sql: "SELECT id, body FROM assessment WHERE studioID = ? AND year = ? AND round = ?",
                             arguments: [a.studioID, a.year, a.round]).map(Self.decodeAssessment)
        }
        let panelChanged = saved.panel != (stored?.panel ?? [:])
        let ownChanged = saved.selfScores != (stored?.selfScores ?? [:]) || saved.highlights != (stored?.highlights ?? "")
            || saved.problems != (stored?.problems ?? "") || saved.nextPlan != (stored?.nextPlan ?? "")
        if panelChanged && ownChanged { try require(.editRecords) }
        let needs: Permission = panelChanged ? .panelEntries : ownChanged ? .editRecords : actor.may(.panelEntries) ? .panelEntries : .editRecords
        return try write(needs) { db in
            try Self.require(expecting, db)
            return try Self.write(saved, db, allowLocked: false)
        }
    }

    static func write(_ a: Assessment, _ db: Database, allowLocked: Bool) throws -> Assessment {
        var a = a
        if let existing = try Row.fetchOne(db, sql: "SELECT id, stage, approvedOn FROM assessment WHERE studioID = ? AND year = ? AND round = ?",
                                           arguments: [a.studioID, a.year, a.round]) {
            if !allowLocked, existing["stage"] == AssessmentStage.approved.rawValue {
                throw StoreError.other(AssessmentError.locked(existing["approvedOn"] ?? "").description)
            }
            a.id = existing["id"]
        }
        var body = a
        body.id = nil
        let json = String(decoding: try JSONEncoder().encode(body), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO assessment (studioID, year, round, profileID, stage, total, passed, approvedOn, updatedOn, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(studioID, year, round) DO UPDATE SET profileID = excluded.profileID, stage = excluded.stage, total = excluded.total,
              passed = excluded.passed, approvedOn = excluded.approvedOn, updatedOn = excluded.updatedOn, body = excluded.body
            """, arguments: [a.studioID, a.year, a.round, a.profileID, a.stage.rawValue, a.sheet.total, a.sheet.passed, a.approvedOn, a.updatedOn, json])
        if a.id == nil { a.id = db.lastInsertedRowID }
        return a
    }

    /// Moves the result on (自评 → 评估 → 审定). 审定 freezes the sheet, locks it and writes the consequence
    /// tasks of the profile's ladder, all in one transaction.
    /// When this 审定 completes the year, the year is kept as a `LockedYear` (`profiles` say who else the year judges).
    @discardableResult
    public func advanceAssessment(_ a: Assessment, on date: String, profiles: [RuleProfile]) throws -> Assessment {
        guard let studio = try studio(id: a.studioID) else { throw StoreError.notFound("该工作室（可能已被删除）") }
        var a = a
        if !a.isLocked { a.sheet = try rescore(a, studio: studio, today: date) }
        if !a.sheet.isJudged { throw StoreError.other("「\(studio.name)」\(a.sheet.verdictText)，不进入评估程序") }
        do { try a.advance(on: date) } catch let e as AssessmentError { throw StoreError.other(e.description) }
        a.updatedOn = date
        let advanced = a
        let saved = try write(.assessmentStages) { db in
            let saved = try Self.write(advanced, db, allowLocked: false)
            if saved.isLocked { try Self.writeConsequences(for: saved, db) }
            return saved
        }
        if saved.isLocked, saved.round == 1 { try lockYearIfComplete(saved.year, profiles: profiles, on: date) }
        return saved
    }

    /// The year as it was 审定, or nil while any judged result is still open.
    public func lockedYear(_ year: Int) throws -> LockedYear? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT body FROM lockedYear WHERE year = ?", arguments: [year]).map {
                try JSONDecoder().decode(LockedYear.self, from: Data($0.utf8))
            }
        }
    }

    /// Keeps the year as a record once every judged result is 审定.
    @discardableResult
    public func lockYearIfComplete(_ year: Int, profiles: [RuleProfile], on date: String) throws -> LockedYear? {
        if let locked = try lockedYear(year) { return locked }
        let results = try yearResults(year: year, profiles: profiles, today: date)
        guard LockedYear.isComplete(results) else { return nil }
        let locked = LockedYear(year: year, lockedOn: date, results: results)
        let body = String(decoding: try JSONEncoder().encode(locked), as: UTF8.self)
        try write(.assessmentStages) { db in
            // Every result must still be 审定 when the record is written (another clerk may have reopened one).
            let open = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM assessment WHERE year = ? AND round = 1 AND stage != 'approved'", arguments: [year])!
            guard open == 0 else { return }
            try db.execute(sql: "INSERT OR IGNORE INTO lockedYear (year, lockedOn, body) VALUES (?, ?, ?)", arguments: [year, date, body])
        }
        return try lockedYear(year)
    }

    /// The 汇总 of the year: the record's own once the year is 审定, else made from `results`.
    public func yearSummary(year: Int, results: [(Studio, Assessment)]) throws -> YearEndSummary {
        try lockedYear(year)?.summary ?? YearEndSummary.make(year: year, results: results)
    }

    static func writeConsequences(for a: Assessment, _ db: Database) throws {
        let history = try Row.fetchAll(db, sql: """
            SELECT year, round, passed, approvedOn FROM assessment WHERE studioID = ? AND stage = 'approved' AND (year < ? OR (year = ? AND round <= ?))
            ORDER BY year, round
            """, arguments: [a.studioID, a.year, a.year, a.round]).map {
            Consequences.Result(year: $0["year"], round: $0["round"], passed: $0["passed"], approvedOn: $0["approvedOn"])
        }
        try db.execute(sql: "DELETE FROM consequenceTask WHERE assessmentID = ? AND confirmedOn IS NULL", arguments: [a.id])
        for t in Consequences.tasks(profile: a.profile, studioID: a.studioID, history: history) {
            try db.execute(sql: "INSERT INTO consequenceTask (studioID, assessmentID, year, trigger, action, status, dueOn) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [t.studioID, a.id, t.year, t.trigger, t.action, t.status?.rawValue, t.dueOn])
        }
    }

    /// Reopens a locked result for correction, recording why; its unconfirmed consequences are withdrawn.
    @discardableResult
    public func reopenAssessment(id: Int64, reason: String, on date: String) throws -> Assessment {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StoreError.other("请填写重新打开的理由（将记入评估档案）") }
        return try write(.assessmentStages) { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, body FROM assessment WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound("该评估结果")
            }
            var a = try Self.decodeAssessment(row)
            guard a.isLocked else { throw StoreError.other("该评估结果尚未审定，可以直接修改") }
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM consequenceTask WHERE assessmentID = ? AND confirmedOn IS NOT NULL", arguments: [id])! > 0 {
                throw StoreError.other("该结果的处理决定已确认执行（工作室状态已改变），不能重新打开；如需纠正请在工作室名册中变更状态")
            }
            try db.execute(sql: "INSERT INTO assessmentReopening (assessmentID, date, reason, approvedOnBefore, totalBefore) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, date, reason, a.approvedOn, a.sheet.total])
            // The year is open again until its last result is 审定 anew; the reason above is its record.
            if a.round == 1 { try db.execute(sql: "DELETE FROM lockedYear WHERE year = ?", arguments: [a.year]) }
            try db.execute(sql: "DELETE FROM consequenceTask WHERE assessmentID = ? AND confirmedOn IS NULL", arguments: [id])
            a.stage = .panel
            a.approvedOn = nil
            a.updatedOn = date
            return try Self.write(a, db, allowLocked: true)
        }
    }

    public struct Reopening: Equatable, Sendable {
        public var date: String
        public var reason: String
        public var approvedOnBefore: String?
        public var totalBefore: Double?
    }

    public func reopenings(assessmentID: Int64) throws -> [Reopening] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM assessmentReopening WHERE assessmentID = ? ORDER BY id", arguments: [assessmentID]).map {
                Reopening(date: $0["date"], reason: $0["reason"], approvedOnBefore: $0["approvedOnBefore"], totalBefore: $0["totalBefore"])
            }
        }
    }

    /// Every assessed studio's result for the year as it stands, without saving: stored results (rescored
    /// unless locked) and fresh sheets for the rest. Running studios, and any ended since whose result for the
    /// year is already on file. Scored from the database's counts: a sheet computed here names no records (its
    /// items' `basis`) until `withEvidence` reads them — for showing, printing or exporting a sheet.
    public func yearResults(year: Int, profiles: [RuleProfile], today: String) throws -> [(Studio, Assessment)] {
        if let locked = try lockedYear(year) { return locked.results }
        let stored = Dictionary(try assessments(year: year).filter { $0.round == 1 }.map { ($0.studioID, $0) }, uniquingKeysWith: { a, _ in a })
        let terms = try studioTerms()
        // Who is in the year is the core's rule (StudioTerm): a studio that did not run in it is not there.
        let studios = try studios().filter { stored[$0.id!] != nil || terms[$0.id!]?.existed(in: year) == true }
        // Stored results keep their own copy of the rules; a new one takes the studio's profile (the office's table
        // where it has one, looked up once a profile).
        var fresh: [String: RuleProfile] = [:]
        for s in studios where stored[s.id!] == nil && fresh[s.profileID] == nil {
            if let shipped = profiles.first(where: { $0.id == s.profileID }) { fresh[s.profileID] = try assessmentProfile(shipped) }
        }
        func profile(_ s: Studio) -> RuleProfile? { stored[s.id!].map { $0.isLocked ? nil : $0.profile } ?? fresh[s.profileID] }
        // Verdicts read compliance lines: the year's facts only when some sheet is a verdict.
        let verdicts = studios.contains { profile($0).map { $0.assessment.method != "scorecard" } ?? false }
        let facts = verdicts ? try yearFacts(year: year) : .none
        let counts = try scoreCountsByStudio(year: year)
        let end = "\(year)-12-31"
        func sheet(_ s: Studio, _ profile: RuleProfile, panel: [String: PanelEntry]) -> ScoreSheet {
            var c = counts[s.id!] ?? ScoreCounts(year: year)
            c.term = terms[s.id!] ?? .never
            if profile.assessment.method != "scorecard" {
                let f = facts[s.id!] ?? LedgerFacts(done: [], team: [], term: c.term)
                c.compliance = Compliance.evaluate(profile: profile, year: year, facts: f, today: max(today, end))
            }
            return Scoring.score(profile: profile, counts: c, panel: panel)
        }
        var out: [(Studio, Assessment)] = []
        for s in studios {
            if var a = stored[s.id!] {
                if !a.isLocked {
                    a.sheet = sheet(s, a.profile, panel: a.panel)
                    a.updatedOn = today
                }
                out.append((s, a.shown(on: today)))
            } else if let profile = fresh[s.profileID] {
                out.append((s, Assessment(studioID: s.id!, year: year, profile: profile, sheet: sheet(s, profile, panel: [:]), updatedOn: today).shown(on: today)))
            }
        }
        return out
    }

    /// The results with the records behind each item (`ScoredItem.basis`) for a sheet shown, printed or exported with
    /// its evidence: the records of the sheets computed from counts (not 审定 ones, which keep what they stored; not
    /// verdicts, whose lines are their evidence) are read — by the studio index, `evidenceBatch` studios at a time —
    /// and scored as one studio's sheet is, and their items' evidence put on the sheet. Nothing else on it changes.
    /// Studios whose records `withEvidence` reads at once (by the studio index: `records` reads up to 20 that way).
    static let evidenceBatch = 20

    public func withEvidence(_ results: [(Studio, Assessment)]) throws -> [(Studio, Assessment)] {
        func needs(_ a: Assessment) -> Bool { !a.isLocked && a.sheet.isJudged && a.sheet.method == "scorecard" }
        var out = results
        // One snapshot for all of them; the records read a few studios at a time, each by its index, and let go once
        // their sheets have their evidence: the year's records of 300 studios held at once were 40 MB of a printout.
        try batchRead {
            for year in Set(results.filter { needs($0.1) }.map(\.1.year)) {
                let ids = results.filter { needs($0.1) && $0.1.year == year }.map(\.1.studioID)
                let terms = try read { db in try Self.studioTerms(db) }
                for start in stride(from: 0, to: ids.count, by: Self.evidenceBatch) {
                    let batch = Set(ids[start..<min(start + Self.evidenceBatch, ids.count)])
                    let records = try read { db in try Self.records(db, year: year, studioIDs: batch) }
                    for i in out.indices where batch.contains(out[i].1.studioID) && needs(out[i].1) && out[i].1.year == year {
                        var facts = records[out[i].1.studioID] ?? AssessmentFacts(year: year)
                        facts.term = terms[out[i].1.studioID] ?? .never
                        out[i].1.sheet.takeEvidence(from: Scoring.score(profile: out[i].1.profile, facts: facts, panel: out[i].1.panel))
                    }
                }
            }
        }
        return out
    }

    /// The year-end batch: every assessed studio's result for the year, scored and saved (with its evidence, as a
    /// stored result keeps it) in one transaction. Locked results are kept as they are; results in progress are rescored.
    public func runYearEnd(year: Int, profiles: [RuleProfile], today: String) throws -> [(Studio, Assessment)] {
        if let locked = try lockedYear(year) { return locked.results }
        let out = try withEvidence(yearResults(year: year, profiles: profiles, today: today))
        let saved = try write(.assessmentStages) { db in
            // A 本年不参评 sheet is shown, not filed: there is nothing to approve.
            try out.map { _, a in a.isLocked || !a.sheet.isJudged ? a : try Self.write(a, db, allowLocked: false) }
        }
        return zip(out, saved).map { ($0.0, $1) }
    }

    public func consequenceTasks(year: Int? = nil, openOnly: Bool = false) throws -> [(ConsequenceTask, String)] {
        try read { db in
            var sql = "SELECT t.*, s.name AS studioName FROM consequenceTask t JOIN studio s ON s.id = t.studioID WHERE 1"
            var args: StatementArguments = []
            if let year { sql += " AND t.year = ?"; args += [year] }
            if openOnly { sql += " AND t.confirmedOn IS NULL" }
            sql += " ORDER BY t.dueOn, s.pinyin"
            return try Row.fetchAll(db, sql: sql, arguments: args).map { r in
                (ConsequenceTask(id: r["id"], studioID: r["studioID"], year: r["year"], trigger: r["trigger"], action: r["action"],
                                 status: (r["status"] as String?).flatMap(StudioStatus.init(rawValue:)), dueOn: r["dueOn"], confirmedOn: r["confirmedOn"]),
                 r["studioName"])
            }
        }
    }

    /// Confirms a consequence: the studio's status changes through the status history (表扬 only records the date).
    public func confirmConsequence(id: Int64, on date: String) throws {
        try write(.assessmentStages) { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT * FROM consequenceTask WHERE id = ?", arguments: [id]) else { throw StoreError.notFound("该处理事项") }
            guard (r["confirmedOn"] as String?) == nil else { throw StoreError.other("该事项已于 \(r["confirmedOn"] as String) 确认") }
            let studioID: Int64 = r["studioID"]
            if let target = (r["status"] as String?).flatMap(StudioStatus.init(rawValue:)) {
                guard let studio = try Studio.fetchOne(db, key: studioID) else { throw StoreError.notFound("该工作室") }
                guard StudioLifecycle.allowedTransitions(from: studio.status).contains(target) || studio.status == target else {
                    throw StoreError.other("「\(studio.name)」现为「\(studio.status.title)」，不能改为「\(target.title)」")
                }
                let year: Int = r["year"]
                try Self.changeStatus(db, studioID: studioID, expected: studio.status, to: target, date: date, reason: "\(year)年度评估：\(r["action"] as String)")
            }
            try db.execute(sql: "UPDATE consequenceTask SET confirmedOn = ? WHERE id = ?", arguments: [date, id])
        }
    }
}
