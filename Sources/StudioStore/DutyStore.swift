import Foundation
import GRDB
import StudioCore

extension DutyPlan: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "dutyPlan"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension DutyUnavailability: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "dutyUnavailable"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension DutyAttendance: DatabaseValueConvertible {}
extension HolidayCalendar.Kind: DatabaseValueConvertible {}

/// A slot's own columns; its members are rows of dutyAssignment.
struct DutySlotRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "dutySlot"
    var id: Int64?
    var planID: Int64
    var studioID: Int64
    var date: String
    var start: String
    var end: String
    var mode: StudioMode
    var place: String
    var needed: Int
    var citizensReceived: Int
    var note: String
    var activityID: Int64?

    init(_ s: DutySlot) {
        id = s.id
        planID = s.planID
        studioID = s.studioID
        date = s.date
        start = s.start
        end = s.end
        mode = s.mode
        place = s.place
        needed = s.needed
        citizensReceived = s.citizensReceived
        note = s.note
        activityID = s.activityID
    }

    func slot(_ assignments: [DutyAssignment]) -> DutySlot {
        DutySlot(id: id, planID: planID, studioID: studioID, date: date, time: DutyTime(start: start, end: end), mode: mode, place: place,
                 needed: needed, assignments: assignments, citizensReceived: citizensReceived, note: note, activityID: activityID)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One studio's slot in the office-wide week view.
public struct OfficeDutySlot: Equatable, Sendable {
    public var studio: Studio
    public var slot: DutySlot
}

/// A shift a member missed (缺席, nobody stood in) and has not made up with a later duty of the same kind.
public struct MissedDuty: Equatable, Sendable {
    public var studioID: Int64
    public var studioName: String
    public var slot: DutySlot
    public var memberID: Int64
    public var memberName: String
}

extension AppDatabase {
    // MARK: Holiday calendar

    /// Copies the years of the shipped calendar that the file does not have yet; the office's own
    /// entries for a year it already has are left as they are.
    public func syncHolidays(from calendar: HolidayCalendar) throws {
        try writeShippedData { db in
            for y in calendar.years where try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM holidayYear WHERE year = ?", arguments: [y.year]) == 0 {
                try db.execute(sql: "INSERT INTO holidayYear(year, source) VALUES (?, ?)", arguments: [y.year, y.source])
                for d in calendar.days(in: y.year) {
                    try db.execute(sql: "INSERT OR REPLACE INTO holidayDay(date, kind, name) VALUES (?, ?, ?)", arguments: [d.date, d.kind, d.name])
                }
            }
        }
    }

    public func holidayCalendar() throws -> HolidayCalendar {
        try read { db in
            let years = try Row.fetchAll(db, sql: "SELECT year, source FROM holidayYear ORDER BY year").map {
                HolidayCalendar.Year(year: $0["year"], source: $0["source"])
            }
            let days = try Row.fetchAll(db, sql: "SELECT date, kind, name FROM holidayDay").compactMap { r -> HolidayCalendar.Day? in
                guard let kind = HolidayCalendar.Kind(rawValue: r["kind"]) else { return nil }
                return HolidayCalendar.Day(date: r["date"], kind: kind, name: r["name"])
            }
            return HolidayCalendar(years: years, days: days)
        }
    }

    /// Adds a year to the calendar (the office enters 2027 when the notice comes out).
    public func addHolidayYear(_ year: Int, source: String) throws {
        guard (2000...2100).contains(year) else { throw StoreError.validation([FieldIssue(field: "year", message: "年份「\(year)」无效")]) }
        try write(.manageRules) { db in
            try publishHolidayYear(db, year)
            try db.execute(sql: "UPDATE holidayYear SET source = ? WHERE year = ?", arguments: [source.trimmingCharacters(in: .whitespaces), year])
        }
    }

    /// A provisional year joins the calendar the first time the office enters something of its notice.
    /// Its statutory days come along as 放假 (every notice keeps them), so entering only the 调休
    /// weekends and bridging days does not turn 春节 into working days.
    private func publishHolidayYear(_ db: Database, _ year: Int) throws {
        guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM holidayYear WHERE year = ?", arguments: [year]) == 0 else { return }
        try db.execute(sql: "INSERT INTO holidayYear(year, source) VALUES (?, '')", arguments: [year])
        for d in StatutoryHolidays.days(in: year) {
            try db.execute(sql: "INSERT OR IGNORE INTO holidayDay(date, kind, name) VALUES (?, ?, ?)", arguments: [d.date, d.kind, d.name])
        }
    }

    /// A day off or a 调休 working day; its year joins the calendar if it was not in it.
    public func saveHolidayDay(_ day: HolidayCalendar.Day, expecting: EditStamp? = nil) throws {
        guard CivilDate(iso: day.date) != nil else { throw StoreError.validation([FieldIssue(field: "date", message: "日期「\(day.date)」无效")]) }
        if day.name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw StoreError.validation([FieldIssue(field: "name", message: "请填写节日名称（如 春节）")])
        }
        if day.kind == .work, let w = CivilDate.weekday(of: day.date), w <= 5 {
            throw StoreError.validation([FieldIssue(field: "kind", message: "\(DateInput.chinese(day.date))是工作日，调休上班只用于周末")])
        }
        try write(.manageRules) { db in
            try Self.require(expecting, db)
            try publishHolidayYear(db, Int(day.date.prefix(4))!)
            try db.execute(sql: "INSERT OR REPLACE INTO holidayDay(date, kind, name) VALUES (?, ?, ?)",
                           arguments: [day.date, day.kind, day.name.trimmingCharacters(in: .whitespaces)])
        }
    }

    public func deleteHolidayDay(_ date: String) throws {
        try write(.manageRules) { db in try db.execute(sql: "DELETE FROM holidayDay WHERE date = ?", arguments: [date]) }
    }

    // MARK: Plans and slots

    public func dutyPlan(studioID: Int64, year: Int, quarter: Int?) throws -> DutyPlan? {
        try read { db in
            try DutyPlan.fetchOne(db, sql: "SELECT * FROM dutyPlan WHERE studioID = ? AND year = ? AND quarter IS ?",
                                  arguments: [studioID, year, quarter])
        }
    }

    /// The plan whose period holds the date: the quarter's, else the whole year's.
    public func dutyPlan(studioID: Int64, covering date: String) throws -> DutyPlan? {
        guard let year = Int(date.prefix(4)), let q = Period.quarter(of: date) else { return nil }
        return try dutyPlan(studioID: studioID, year: year, quarter: q) ?? dutyPlan(studioID: studioID, year: year, quarter: nil)
    }

    static func loadSlots(_ db: Database, _ rows: [DutySlotRow]) throws -> [DutySlot] {
        guard !rows.isEmpty else { return [] }
        let ids = rows.compactMap(\.id)
        var byID: [Int64: [DutyAssignment]] = [:]
        // In chunks: SQLite limits the number of bound values.
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            let marks = chunk.map { _ in "?" }.joined(separator: ",")
            for r in try Row.fetchAll(db, sql: "SELECT * FROM dutyAssignment WHERE slotID IN (\(marks)) ORDER BY slotID, position",
                                      arguments: StatementArguments(chunk)) {
                byID[r["slotID"], default: []].append(DutyAssignment(memberID: r["memberID"], attendance: DutyAttendance(rawValue: r["attendance"]) ?? .planned,
                                                                     substituteID: r["substituteID"]))
            }
        }
        return rows.map { $0.slot(byID[$0.id!] ?? []) }
    }

    /// A plan's slots in date and time order.
    public func dutySlots(planID: Int64) throws -> [DutySlot] {
        try read { db in
            try Self.loadSlots(db, DutySlotRow.fetchAll(db, sql: "SELECT * FROM dutySlot WHERE planID = ? ORDER BY date, start, mode", arguments: [planID]))
        }
    }

    /// A studio's slots between two dates (both included), of every plan.
    public func dutySlots(studioID: Int64, from: String, to: String) throws -> [DutySlot] {
        try read { db in
            try Self.loadSlots(db, DutySlotRow.fetchAll(db, sql: "SELECT * FROM dutySlot WHERE studioID = ? AND date BETWEEN ? AND ? ORDER BY date, start, mode",
                                                       arguments: [studioID, from, to]))
        }
    }

    /// Every studio's slots between two dates, by studio (each in date order): the office overview's one read
    /// instead of a query per studio.
    public func dutySlotsByStudio(from: String, to: String) throws -> [Int64: [DutySlot]] {
        try read { db in Dictionary(grouping: try Self.slots(db, from: from, to: to), by: \.studioID) }
    }

    /// Every studio's slots between two dates (both included), in date order.
    static func slots(_ db: Database, from: String, to: String) throws -> [DutySlot] {
        try loadSlots(db, DutySlotRow.fetchAll(db, sql: "SELECT * FROM dutySlot WHERE date BETWEEN ? AND ? ORDER BY date, start, mode",
                                               arguments: [from, to]))
    }

    public func dutySlot(id: Int64) throws -> DutySlot? {
        try read { db in try Self.loadSlots(db, DutySlotRow.fetchAll(db, keys: [id])).first }
    }

    /// Every studio's slots between two dates: the office's week at a glance.
    public func officeDutySlots(from: String, to: String) throws -> [OfficeDutySlot] {
        try read { db in
            let slots = try Self.slots(db, from: from, to: to)
            let studios = try Studio.fetchAll(db, keys: Set(slots.map(\.studioID)))
            let byID = Dictionary(uniqueKeysWithValues: studios.map { ($0.id!, $0) })
            return slots.compactMap { s in byID[s.studioID].map { OfficeDutySlot(studio: $0, slot: s) } }
                .sorted { ($0.slot.date, $0.slot.start, $0.studio.pinyin) < ($1.slot.date, $1.slot.start, $1.studio.pinyin) }
        }
    }

    static func writeAssignments(_ db: Database, slotID: Int64, _ assignments: [DutyAssignment]) throws {
        try db.execute(sql: "DELETE FROM dutyAssignment WHERE slotID = ?", arguments: [slotID])
        for (i, a) in assignments.enumerated() {
            guard try Member.exists(db, key: a.memberID) else { throw StoreError.notFound("编号为 \(a.memberID) 的委员") }
            if let sub = a.substituteID, try !Member.exists(db, key: sub) { throw StoreError.notFound("编号为 \(sub) 的委员") }
            try db.execute(sql: "INSERT INTO dutyAssignment(slotID, memberID, position, attendance, substituteID) VALUES (?, ?, ?, ?, ?)",
                           arguments: [slotID, a.memberID, i, a.attendance, a.substituteID])
        }
    }

    static func checkSlot(_ slot: DutySlot) throws {
        let issues = slot.issues()
        if !issues.isEmpty { throw StoreError.validation(issues) }
    }

    /// Saves a generated (or regenerated) plan in one transaction: the plan's slots from `today` on
    /// that have no attendance yet are replaced by `slots`' new ones; past and recorded slots stay.
    @discardableResult
    public func saveDutyPlan(_ plan: DutyPlan, slots: [DutySlot], today: String) throws -> DutyPlan {
        for s in slots where s.id == nil { try Self.checkSlot(s) }
        return try write(.editRecords) { db in
            _ = try Self.requireOpenStudio(db, plan.studioID)
            var p = plan
            if p.id == nil, let existing = try DutyPlan.fetchOne(db, sql: "SELECT * FROM dutyPlan WHERE studioID = ? AND year = ? AND quarter IS ?",
                                                                 arguments: [plan.studioID, plan.year, plan.quarter]) {
                p.id = existing.id
            }
            try p.save(db)
            try db.execute(sql: """
                DELETE FROM dutySlot WHERE planID = ? AND date >= ? AND activityID IS NULL
                AND NOT EXISTS (SELECT 1 FROM dutyAssignment a WHERE a.slotID = dutySlot.id AND a.attendance != 'planned')
                """, arguments: [p.id, today])
            for var s in slots where s.id == nil {
                guard p.period.contains(s.date) else { continue }
                s.planID = p.id!
                s.studioID = p.studioID
                var row = DutySlotRow(s)
                try row.insert(db)
                try Self.writeAssignments(db, slotID: row.id!, s.assignments)
            }
            return p
        }
    }

    /// Saves one slot (added, moved, its members changed) with its members, in one transaction.
    @discardableResult
    public func saveDutySlot(_ slot: DutySlot, expecting: EditStamp? = nil) throws -> DutySlot {
        try Self.checkSlot(slot)
        return try write(.editRecords) { db in
            try Self.require(expecting, db)
            _ = try Self.requireOpenStudio(db, slot.studioID)
            guard let plan = try DutyPlan.fetchOne(db, key: slot.planID) else { throw StoreError.notFound("该值班计划（可能已被删除）") }
            if !plan.period.contains(slot.date) {
                throw StoreError.validation([FieldIssue(field: "date", message: "日期应在\(plan.period.title)内")])
            }
            var row = DutySlotRow(slot)
            try row.save(db)
            try Self.writeAssignments(db, slotID: row.id!, slot.assignments)
            var out = slot
            out.id = row.id
            return out
        }
    }

    /// Exchanges two members between two slots of a studio (or within one day's slots), in one transaction.
    public func swapDutyMembers(slotA: Int64, memberA: Int64, slotB: Int64, memberB: Int64) throws {
        try write(.editRecords) { db in
            let slots = try Self.loadSlots(db, DutySlotRow.fetchAll(db, keys: [slotA, slotB]))
            guard var a = slots.first(where: { $0.id == slotA }), var b = slots.first(where: { $0.id == slotB }) else {
                throw StoreError.notFound("要交换的值班时段")
            }
            _ = try Self.requireOpenStudio(db, a.studioID)
            guard let i = a.assignments.firstIndex(where: { $0.memberID == memberA }),
                  let j = b.assignments.firstIndex(where: { $0.memberID == memberB }) else { throw StoreError.notFound("要交换的委员") }
            if a.assignments[i].attendance != .planned || b.assignments[j].attendance != .planned {
                throw StoreError.other("已记录值班情况的时段不能再交换。")
            }
            if slotA == slotB { return }
            if b.memberIDs.contains(memberA) || a.memberIDs.contains(memberB) { throw StoreError.other("交换后同一时段会有同一委员两次。") }
            a.assignments[i].memberID = memberB
            b.assignments[j].memberID = memberA
            try Self.writeAssignments(db, slotID: slotA, a.assignments)
            try Self.writeAssignments(db, slotID: slotB, b.assignments)
        }
    }

    /// Removes a slot that has no attendance recorded.
    public func deleteDutySlot(id: Int64, expecting: EditStamp? = nil) throws {
        try write(.editRecords) { db in
            try Self.require(expecting, db)
            guard let slot = try Self.loadSlots(db, DutySlotRow.fetchAll(db, keys: [id])).first else { return }
            _ = try Self.requireOpenStudio(db, slot.studioID)
            if slot.activityID != nil || slot.assignments.contains(where: { $0.attendance != .planned }) {
                throw StoreError.other("该时段已记录值班情况（已计入台账），不能删除；可在台账中处理对应的值班记录。")
            }
            try db.execute(sql: "DELETE FROM dutySlot WHERE id = ?", arguments: [id])
        }
    }

    /// Records who came (值班记录) in one transaction, and makes the attended shift a 值班 activity in
    /// the ledger with those who came as participants (so the per-member 值班 minimum counts it);
    /// a shift nobody attended has no activity.
    @discardableResult
    public func recordDutyAttendance(slotID: Int64, assignments: [DutyAssignment], citizens: Int, note: String,
                                     category: RuleProfile.ActivityCategory, today: String, expecting: EditStamp? = nil) throws -> DutySlot {
        try write(.editRecords) { db in
            try Self.require(expecting, db)
            guard var slot = try Self.loadSlots(db, DutySlotRow.fetchAll(db, keys: [slotID])).first else {
                throw StoreError.notFound("该值班时段（可能已被删除）")
            }
            let studio = try Self.requireOpenStudio(db, slot.studioID)
            if slot.date > today { throw StoreError.validation([FieldIssue(field: "date", message: "\(DateInput.chinese(slot.date))还没到，值班后再记录")]) }
            slot.assignments = assignments
            slot.citizensReceived = citizens
            slot.note = note.trimmingCharacters(in: .whitespaces)
            try Self.checkSlot(slot)
            if slot.assignments.contains(where: { $0.attendance == .planned }) {
                throw StoreError.validation([FieldIssue(field: "members", message: "请为每位值班委员记录到岗、缺席或替班")])
            }
            for a in slot.assignments where a.substituteID == a.memberID {
                throw StoreError.validation([FieldIssue(field: "members", message: "替班的委员不能是本人")])
            }
            try Self.writeAssignments(db, slotID: slotID, slot.assignments)
            let attendees = slot.attendees
            var activity = try slot.activityID.flatMap { try Activity.fetchOne(db, key: $0) }
            if attendees.isEmpty {
                if let a = activity {
                    try db.execute(sql: "DELETE FROM ledgerMember WHERE kind = 'activity' AND recordID = ?", arguments: [a.id])
                    try db.execute(sql: "DELETE FROM activity WHERE id = ?", arguments: [a.id])
                }
                slot.activityID = nil
            } else {
                var a = activity ?? Activity(studioID: studio.id!, date: slot.date, category: category.id, categoryName: category.name, title: "")
                a.date = slot.date
                a.mode = slot.mode
                a.title = slot.mode == .online ? "线上轮值（\(slot.time.title)）" : "接待群众值班（\(slot.time.title)）"
                a.place = slot.place
                a.citizensReached = citizens
                a.summary = slot.note.isEmpty ? "按值班计划值班。" : slot.note
                try a.save(db)
                try Self.setMembers(db, kind: .activity, recordID: a.id!, memberIDs: attendees)
                activity = a
                slot.activityID = a.id
            }
            let row = DutySlotRow(slot)
            try row.update(db)
            return slot
        }
    }

    // MARK: Who can be on duty

    /// Dates members cannot be on duty, for the given members (all when nil).
    public func dutyUnavailability(memberIDs: [Int64]? = nil) throws -> [DutyUnavailability] {
        try read { db in
            var r = DutyUnavailability.all()
            if let memberIDs { r = r.filter(memberIDs.contains(Column("memberID"))) }
            return try r.order(Column("from")).fetchAll(db)
        }
    }

    @discardableResult
    public func saveDutyUnavailability(_ u: DutyUnavailability) throws -> DutyUnavailability {
        var issues: [FieldIssue] = []
        if CivilDate(iso: u.from) == nil { issues.append(FieldIssue(field: "from", message: "开始日期「\(u.from)」无效")) }
        if CivilDate(iso: u.to) == nil { issues.append(FieldIssue(field: "to", message: "结束日期「\(u.to)」无效")) }
        if issues.isEmpty && u.to < u.from { issues.append(FieldIssue(field: "to", message: "结束日期不能早于开始日期")) }
        if !issues.isEmpty { throw StoreError.validation(issues) }
        return try write(.editRecords) { db in
            guard try Member.exists(db, key: u.memberID) else { throw StoreError.notFound("该委员（可能已被删除）") }
            var v = u
            v.reason = v.reason.trimmingCharacters(in: .whitespaces)
            try v.save(db)
            return v
        }
    }

    public func deleteDutyUnavailability(id: Int64) throws {
        try write(.editRecords) { db in try db.execute(sql: "DELETE FROM dutyUnavailable WHERE id = ?", arguments: [id]) }
    }

    /// The studio's CPPCC members who may be put on duty in the period, with their days away and
    /// their slots in other studios' plans (for conflicts); in the team's pinyin order.
    public func dutyCandidates(studioID: Int64, period: Period) throws -> [DutyCandidate] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT m.id, m.name, m.termEndedOn, sm.joinedOn, sm.leftOn FROM studioMembership sm JOIN member m ON m.id = sm.memberID
                WHERE sm.studioID = ? AND m.isNonMember = 0 AND sm.joinedOn <= ? AND (sm.leftOn IS NULL OR sm.leftOn >= ?)
                ORDER BY m.pinyin, m.id
                """, arguments: [studioID, period.end, period.start])
            var out: [DutyCandidate] = []
            for r in rows {
                let id: Int64 = r["id"]
                // A member who left and rejoined has one row per spell: keep the latest.
                if let i = out.firstIndex(where: { $0.id == id }) { out.remove(at: i) }
                let until = [r["leftOn"] as String?, r["termEndedOn"] as String?].compactMap { $0 }.min()
                out.append(DutyCandidate(id: id, name: r["name"], activeFrom: r["joinedOn"], activeUntil: until))
            }
            let ids = out.map(\.id)
            guard !ids.isEmpty else { return [] }
            let marks = ids.map { _ in "?" }.joined(separator: ",")
            let away = try DutyUnavailability.fetchAll(db, sql: "SELECT * FROM dutyUnavailable WHERE memberID IN (\(marks)) AND \"to\" >= ? AND \"from\" <= ?",
                                                       arguments: StatementArguments(ids.map { DatabaseValue(value: $0)! } + [period.start.databaseValue, period.end.databaseValue]))
            let busy = try Row.fetchAll(db, sql: """
                SELECT a.memberID, s.date, s.start, s."end", st.name FROM dutyAssignment a JOIN dutySlot s ON s.id = a.slotID JOIN studio st ON st.id = s.studioID
                WHERE a.memberID IN (\(marks)) AND s.studioID != ? AND s.date BETWEEN ? AND ?
                """, arguments: StatementArguments(ids.map { DatabaseValue(value: $0)! } + [studioID.databaseValue, period.start.databaseValue, period.end.databaseValue]))
            for i in out.indices {
                out[i].unavailable = away.filter { $0.memberID == out[i].id }
                out[i].busy = busy.filter { ($0["memberID"] as Int64) == out[i].id }.map {
                    DutyCandidate.Busy(date: $0["date"], time: DutyTime(start: $0["start"], end: $0["end"]), studio: $0["name"])
                }
            }
            return out
        }
    }

    /// Shifts missed (缺席 with nobody standing in) and not made up: the member has no attended duty of
    /// the same kind (线上/线下) in the same studio after it. One studio, or every studio (nil).
    public func missedDuties(studioID: Int64? = nil) throws -> [MissedDuty] {
        try read { db in
            var sql = """
                SELECT s.*, a.memberID AS missedMember, m.name AS memberName, st.name AS studioName
                FROM dutyAssignment a JOIN dutySlot s ON s.id = a.slotID JOIN member m ON m.id = a.memberID JOIN studio st ON st.id = s.studioID
                WHERE a.attendance = 'absent'
                AND NOT EXISTS (
                    SELECT 1 FROM dutyAssignment b JOIN dutySlot t ON t.id = b.slotID
                    WHERE t.studioID = s.studioID AND t.mode = s.mode AND t.date > s.date
                    AND ((b.memberID = a.memberID AND b.attendance = 'present') OR (b.substituteID = a.memberID AND b.attendance = 'substituted')))
                """
            var args: StatementArguments = []
            if let studioID {
                sql += " AND s.studioID = ?"
                args += [studioID]
            }
            sql += " ORDER BY s.date, st.pinyin"
            let rows = try Row.fetchAll(db, sql: sql, arguments: args)
            let slots = try Self.loadSlots(db, rows.map { try DutySlotRow(row: $0) })
            return zip(rows, slots).map { r, s in
                MissedDuty(studioID: s.studioID, studioName: r["studioName"], slot: s, memberID: r["missedMember"], memberName: r["memberName"])
            }
        }
    }

    /// 群众意见建议 received on a shift.
    public func citizenItems(dutySlotID: Int64) throws -> [CitizenItem] {
        try read { db in try CitizenItem.filter(Column("dutySlotID") == dutySlotID).order(Column("id")).fetchAll(db) }
    }
}

/// A generated plan shown before it is saved: the slots, what moved for holidays, what cannot be met.
public struct DutyProposal: Equatable, Sendable {
    public var plan: DutyPlan
    public var layout: DutyLayout
    public var rota: DutyRota
    public var members: [DutyCandidate]
    public var rule: DutyRule?
    /// Slots already past (or recorded) that regenerating keeps as they are.
    public var kept: Int

    public var summary: (ok: Bool, text: String) { DutyCheck.summary(slots: rota.slots, members: members, rule: rule) }
}

extension AppDatabase {
    /// Lays out and fills a studio's plan for a quarter (or the year when `quarter` is nil) from the
    /// patterns, keeping the slots of an existing plan that are past or already recorded.
    public func proposeDutyPlan(studio: Studio, profile: RuleProfile?, year: Int, quarter: Int?, patterns text: String,
                                today: String) throws -> DutyProposal {
        let patterns: [DutyPattern]
        do { patterns = try DutyPattern.parseAll(text, defaultMode: studio.mode) } catch let e as DutyPattern.ParseError {
            throw StoreError.validation([FieldIssue(field: "patterns", message: e.description)])
        }
        let plan = DutyPlan(studioID: studio.id!, year: year, quarter: quarter, patterns: patterns.map(\.text).joined(separator: "\n"), createdOn: today)
        let calendar = try holidayCalendar()
        let online = profile?.hasOnlineMode == true ? "秦商量" : "线上平台"
        let layout = DutyLayout.make(patterns: patterns, period: plan.period, calendar: calendar, studioID: studio.id!) { mode in
            mode == .online ? online : (studio.address.isEmpty ? studio.name : studio.address)
        }
        let existing = try dutyPlan(studioID: studio.id!, year: year, quarter: quarter).map { try dutySlots(planID: $0.id!) } ?? []
        let kept = existing.filter { $0.date < today || $0.isRecorded || $0.activityID != nil }
        // A kept (recorded) slot today stands for the pattern's slot at the same time.
        let fresh = layout.slots.filter { f in f.date >= today && !kept.contains { $0.date == f.date && $0.time == f.time && $0.mode == f.mode } }
        let slots = (kept + fresh).sorted { ($0.date, $0.start, $0.mode.rawValue) < ($1.date, $1.start, $1.mode.rawValue) }
        let fixed = Set(slots.indices.filter { slots[$0].id != nil })
        let members = try dutyCandidates(studioID: studio.id!, period: plan.period)
        let rule = DutyRule.of(profile)
        let rota = DutyGenerator.generate(slots: slots, fixed: fixed, members: members, rule: rule)
        var p = plan
        p.id = try dutyPlan(studioID: studio.id!, year: year, quarter: quarter)?.id
        return DutyProposal(plan: p, layout: layout, rota: rota, members: members, rule: rule, kept: kept.count)
    }
}

extension AppDatabase {
    /// A studio's rota for a period as it is published: its slots, the members on them, and how to
    /// reach the studio (address and the online channels its slots use).
    public func dutyPublication(studio: Studio, period: Period) throws -> DutyPublication {
        let slots = try dutySlots(studioID: studio.id!, from: period.start, to: period.end)
        let ids = Set(slots.flatMap { $0.memberIDs + $0.assignments.compactMap(\.substituteID) })
        let members = try read { db in try Member.fetchAll(db, keys: ids) }
        let channels = Array(Set(slots.filter { $0.mode == .online }.map(\.place))).sorted()
        let offline = Array(Set(slots.filter { $0.mode == .offline }.map(\.place))).sorted()
        var contact: [String] = []
        if !offline.isEmpty { contact.append("线下接待：" + offline.joined(separator: "、")) }
        else if !studio.address.isEmpty { contact.append("地址：" + studio.address) }
        if !channels.isEmpty { contact.append("线上：" + channels.joined(separator: "、")) }
        return DutyPublication(studio: studio, period: period, slots: slots,
                               members: Dictionary(uniqueKeysWithValues: members.map { ($0.id!, $0) }), contact: contact.joined(separator: "；"),
                               provisionalYears: try holidayCalendar().provisionalYears(from: period.start, to: period.end))
    }
}

/// One studio's line in the office's duty overview of a quarter.
public struct DutyOverviewRow: Sendable {
    public var studio: Studio
    public var profile: RuleProfile?
    public var slots: [DutySlot]
    /// The per-member 值班 minimum for the quarter, as the ledger counts it; nil where none applies.
    public var done: ComplianceLine?
    public var missed: Int
}

extension AppDatabase {
    /// Studios that ran at least one day of the period (授牌 → 摘牌), in pinyin order: who the period's lists hold.
    public func studios(runningDuring period: Period) throws -> [Studio] {
        let terms = try studioTerms()
        return try studios().filter { terms[$0.id!]?.overlaps(period) == true }
    }

    /// The office's duty overview of a quarter: every studio that ran in it, its slots, its members' 值班 against the
    /// rule (`Compliance.dutyLine`) and its missed shifts not yet made up. The 值班排班 screen and `duty overview` read this.
    /// `yearLines`: every studio's compliance lines of the period's year on `today` where the caller keeps them
    /// (the screens' office figures): the 值班 lines are taken from them, and the year's facts (a third of a
    /// province's records, grouped) are read only for what they cannot hold — a quarter not yet begun.
    public func dutyOverview(period: Period, profiles: [RuleProfile], today: String, facts: YearFacts? = nil,
                             yearLines: [Int64: [ComplianceLine]]? = nil) throws -> [DutyOverviewRow] {
        let studios = try studios(runningDuring: period)
        var facts = facts
        let slots = try dutySlotsByStudio(from: period.start, to: period.end)
        let missed = Dictionary(grouping: try missedDuties(), by: \.studioID)
        return try studios.map { s in
            let profile = profiles.first { $0.id == s.profileID }
            var done: ComplianceLine?
            if let lines = yearLines?[s.id!], case .line(let kept) = Compliance.dutyLine(profile: profile, viewing: period, yearLines: lines, today: today) {
                done = kept
            } else {
                if facts == nil { facts = try yearFacts(year: period.year) }
                done = Compliance.dutyLine(profile: profile, viewing: period, facts: facts?[s.id!] ?? LedgerFacts(done: [], team: [], term: .never), today: today)
            }
            return DutyOverviewRow(studio: s, profile: profile, slots: slots[s.id!] ?? [], done: done, missed: missed[s.id!]?.count ?? 0)
        }
    }
}
