import Foundation
import StudioCore
import StudioStore

/// Every studio's figures for a year that take the whole file to read: compliance (the menu's 台账 and 值班 lines,
/// 履职台账's list), open wall problems and missed shifts. Kept per studio as figures, not records, with the audit
/// position they were read at: after a save, in this session or another, only the studios the new audit lines
/// touch are read again (`AppDatabase.studioChanges`), so coming back to the menu costs a few studios' queries
/// instead of the year.
struct OfficeFigures {
    let year: Int
    let today: String
    /// The audit log's last line when these were read, and this process's unlogged writes then.
    var position: AuditPosition
    var unlogged: Int
    /// Studios that ran in the year, in the list's order, with their compliance.
    var compliance: [StudioCompliance]
    /// By studio: open wall problems (running studios) and missed shifts not made up.
    var wallProblems: [Int64: Int]
    var missedDuties: [Int64: Int]
    /// How the last refresh went: every studio read, or how many (for tests and the bench).
    var readAll = true
    var studiosRead = 0

    /// Everything read afresh, in the caller's read transaction (`batchRead`).
    static func read(_ db: AppDatabase, year: Int, profiles: [RuleProfile], today: String, unlogged: Int) throws -> OfficeFigures {
        try db.batchRead {
            let position = try db.auditPosition()
            let studios = try db.studios(runningDuring: Period(.year, year: year))
            let compliance = try db.officeCompliance(studios: studios, year: year, profiles: profiles, today: today)
            var wall: [Int64: Int] = [:]
            for w in try db.wallStatuses() { wall[w.studio.id!] = w.problems.count }
            var missed: [Int64: Int] = [:]
            for m in try db.missedDuties() { missed[m.studioID, default: 0] += 1 }
            return OfficeFigures(year: year, today: today, position: position, unlogged: unlogged, compliance: compliance,
                                 wallProblems: wall, missedDuties: missed, readAll: true, studiosRead: studios.count)
        }
    }

    /// These figures brought up to date: only the studios changed since `position` read again; everything when
    /// the log cannot say which (`StudioChanges.all`), the day or the year moved, or this process wrote unlogged.
    func refreshed(_ db: AppDatabase, profiles: [RuleProfile], unlogged now: Int) throws -> OfficeFigures {
        try db.batchRead {
            let (changes, position) = try db.studioChanges(since: position)
            if changes.all || now != unlogged {
                return try Self.read(db, year: year, profiles: profiles, today: today, unlogged: now)
            }
            var out = self
            out.position = position
            out.readAll = false
            out.studiosRead = 0
            guard !changes.studios.isEmpty else { return out }
            let kept = Dictionary(compliance.map { ($0.studio.id!, $0) }, uniquingKeysWith: { a, _ in a })
            // Which studios ran in the year can change with a status (a studio's own line): the list is read again.
            var read = 0
            out.compliance = try db.studios(runningDuring: Period(.year, year: year)).map { studio in
                let id = studio.id!
                if !changes.studios.contains(id), let c = kept[id] { return c }
                read += 1
                return try db.studioCompliance(studio, year: year, profiles: profiles, today: today)
            }
            out.studiosRead = read
            for id in changes.studios {
                // As `wallStatuses` counts them: running studios only.
                if let w = try db.wallStatus(studioID: id), w.studio.status.isRunning { out.wallProblems[id] = w.problems.count }
                else { out.wallProblems[id] = nil }
                let missed = try db.missedDuties(studioID: id).count
                out.missedDuties[id] = missed == 0 ? nil : missed
            }
            return out
        }
    }
}

extension AppContext {
    /// The year's office figures, brought up to date (cached; see OfficeFigures).
    func officeFigures(year: Int) throws -> OfficeFigures {
        let today = todayISO
        return try cache.updated("office-figures-\(year)-\(today)") { (last: OfficeFigures?) in
            // Read before the transaction begins: an unlogged write after it is then seen next time.
            let unlogged = db.unloggedWrites.value
            guard let last else { return try OfficeFigures.read(db, year: year, profiles: profiles, today: today, unlogged: unlogged) }
            return try last.refreshed(db, profiles: profiles, unlogged: unlogged)
        }
    }
}
