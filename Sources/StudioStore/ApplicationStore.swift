import Foundation
import GRDB
import StudioCore

extension AppDatabase {
    /// The free-text answers of a studio's application form, by the profile's field id.
    public func applicationValues(studioID: Int64) throws -> [String: String] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT fieldID, value FROM applicationValue WHERE studioID = ?", arguments: [studioID])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["fieldID"] as String, $0["value"] as String) })
        }
    }

    /// Saves all answers at once (a draft saved at any time is whole or not at all); empty answers are removed.
    public func saveApplicationValues(studioID: Int64, _ values: [String: String], expecting: EditStamp? = nil) throws {
        try write(.editRecords) { db in
            try Self.require(expecting, db)
            guard try Studio.exists(db, key: studioID) else { throw StoreError.notFound("该工作室（可能已被删除）") }
            for (field, raw) in values {
                let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                if value.isEmpty {
                    try db.execute(sql: "DELETE FROM applicationValue WHERE studioID = ? AND fieldID = ?", arguments: [studioID, field])
                } else {
                    try db.execute(sql: """
                        INSERT INTO applicationValue(studioID, fieldID, value) VALUES (?, ?, ?)
                        ON CONFLICT(studioID, fieldID) DO UPDATE SET value = excluded.value
                        """, arguments: [studioID, field, value])
                }
            }
        }
    }
}
