import GRDB
import StudioCore

// Domain types become GRDB records here, so StudioCore never imports GRDB.

extension Member: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "member"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Read by column rather than through Decodable (a third of a 1,000-row search page's time at province size).
    public init(row: Row) throws {
        self.init(id: row["id"], name: row["name"] ?? "", sector: row["sector"] ?? "", committee: row["committee"] ?? "",
                  unitTitle: row["unitTitle"] ?? "", expertise: row["expertise"] ?? "", phone: row["phone"] ?? "", note: row["note"] ?? "",
                  pinyin: row["pinyin"] ?? "", initials: row["initials"] ?? "", isNonMember: row["isNonMember"] ?? false,
                  termEndedOn: row["termEndedOn"], photoPath: row["photoPath"])
    }
}

extension Studio: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "studio"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension StudioMembership: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "studioMembership"
}

extension StudioType: DatabaseValueConvertible {}
extension StudioMode: DatabaseValueConvertible {}
extension StudioStatus: DatabaseValueConvertible {}
extension StudioRole: DatabaseValueConvertible {}

extension ApprovalRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "approvalRecord"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension StatusChange: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "statusChange"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension ApprovalDecision: DatabaseValueConvertible {}

extension WallList: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "wallList"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension WallItem: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "wallItem"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Inspection: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "inspection"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension InspectionVerdict: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "inspectionVerdict"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension WallVerdict: DatabaseValueConvertible {}
