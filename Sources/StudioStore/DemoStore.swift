import Foundation
import GRDB
import StudioCore

// What the demo's loader (StudioDemo) writes inside its one transaction, so its SQL stays in the store.
extension AppDatabase {
    /// Stops the load (`StoreError.notEmpty`) when the file holds any member or studio.
    package static func requireEmpty(_ db: Database, path: String) throws {
        let count = try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM member) + (SELECT COUNT(*) FROM studio)") ?? 0
        if count > 0 { throw StoreError.notEmpty(path: path) }
    }

    package static func setSetting(_ db: Database, _ key: String, _ value: String) throws {
        try db.execute(sql: "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }

    /// A citizen's item made into a 社情民意 (linked both ways, answered twelve days after it came in).
    package static func linkConvertedIntake(_ db: Database, intakeID: Int64, sqmyID: Int64) throws {
        try db.execute(sql: "UPDATE socialInfo SET sourceIntakeID = ? WHERE id = ?", arguments: [intakeID, sqmyID])
        try db.execute(sql: "UPDATE citizenItem SET triage = 'microSuggestion', linkedKind = 'sqmy', linkedID = ?, handling = '已转为社情民意信息', feedbackOn = date(receivedOn, '+12 days'), feedback = '已整理为社情民意信息报送区政协' WHERE id = ?",
                       arguments: [sqmyID, intakeID])
    }

    /// A profile's checklists in use, in their order, each with its current (not retired) items in order.
    package static func wallListsInUse(_ db: Database, profileID: String) throws -> [(list: WallList, items: [WallItem])] {
        try WallList.filter(Column("profileID") == profileID && Column("inUse") == true).order(Column("position")).fetchAll(db).map { list in
            (list, try WallItem.filter(Column("listID") == list.id! && Column("retiredOn") == nil).order(Column("position")).fetchAll(db))
        }
    }

    /// A year's consequence tasks marked done on their due dates (the demo office acted on its results in time).
    package func confirmConsequenceTasksOnTime(year: Int) throws {
        try write(.assessmentStages) { d in try d.execute(sql: "UPDATE consequenceTask SET confirmedOn = dueOn WHERE year = ?", arguments: [year]) }
    }
}
