import Foundation
import GRDB
import StudioCore

extension AppDatabase {
    public func studios() throws -> [Studio] {
        try read { db in try Studio.order(Column("pinyin"), Column("name")).fetchAll(db) }
    }

    public func memberships(studioID: Int64) throws -> [StudioMembership] {
        try read { db in
            try StudioMembership.filter(Column("studioID") == studioID).order(Column("id")).fetchAll(db)
        }
    }

    /// Loads the demo district into an empty file, all in one transaction.
    public func loadDemo(_ data: DemoDataSet) throws {
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
        }
    }
}
