import Foundation
import GRDB
import StudioCore

extension Activity: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "activity"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Read by column rather than through Decodable: activities are most of a province's 200,000 records, and the
    /// year's scorecards read them all (decoding was a fifth of `studiodesk bench`).
    public init(row: Row) throws {
        self.init(id: row["id"], studioID: row["studioID"], date: row["date"], category: row["category"], categoryName: row["categoryName"],
                  mode: StudioMode(rawValue: row["mode"] ?? "") ?? .offline, title: row["title"], place: row["place"] ?? "",
                  guests: row["guests"] ?? "", guestKind: (row["guestKind"] as String?).flatMap(GuestKind.init(rawValue:)), citizensReached: row["citizensReached"] ?? 0, summary: row["summary"] ?? "",
                  attachments: row["attachments"] ?? "", review: try Review.stored(row["review"]))
    }

    /// Written by column, the review's JSON encoded once per distinct review: an import writes 200,000 of these,
    /// and Codable's encoder (a JSONEncoder for the nested review) was most of its writing.
    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["studioID"] = studioID
        container["date"] = date
        container["category"] = category
        container["categoryName"] = categoryName
        container["mode"] = mode.rawValue
        container["title"] = title
        container["place"] = place
        container["guests"] = guests
        container["guestKind"] = guestKind?.rawValue
        container["citizensReached"] = citizensReached
        container["summary"] = summary
        container["attachments"] = attachments
        container["review"] = try Review.storedJSON(review)
    }
}

extension Review {
    private static let cache = LockedCache<String, Review>()

    /// A review column's JSON, decoded once per distinct text (most records share the same few).
    static func stored(_ json: String?) throws -> Review {
        guard let json else { return Review() }
        if let hit = cache.get(json) { return hit }
        let review = try JSONDecoder().decode(Review.self, from: Data(json.utf8))
        cache.put(json, review)
        return review
    }

    private static let encoded = LockedCache<Review, String>()

    /// The text GRDB's Codable path would store (its JSON encoder, sorted keys), so records written either way
    /// read and compare the same.
    static func storedJSON(_ review: Review) throws -> String {
        if let hit = encoded.get(review) { return hit }
        let json = String(decoding: try Activity.databaseJSONEncoder(for: "review").encode(review), as: UTF8.self)
        encoded.put(review, json)
        return json
    }
}

/// A small map shared across threads, emptied when it grows past 10,000 entries (reviews repeat a few values).
final class LockedCache<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Key: Value] = [:]
    func get(_ key: Key) -> Value? { lock.withLock { values[key] } }
    func put(_ key: Key, _ value: Value) {
        lock.withLock {
            if values.count > 10_000 { values.removeAll() }
            values[key] = value
        }
    }
}

extension Proposal: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "proposal"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Read by column, as activities are: the year's scorecards read every proposal of the year.
    public init(row: Row) throws {
        self.init(id: row["id"], studioID: row["studioID"], title: row["title"], date: row["date"],
                  kind: ProposalKind(rawValue: row["kind"] ?? "") ?? .individual, status: ProposalStatus(rawValue: row["status"] ?? "") ?? .submitted,
                  decidedOn: row["decidedOn"], handlingUnit: row["handlingUnit"] ?? "", repliedOn: row["repliedOn"], reply: row["reply"] ?? "",
                  satisfaction: row["satisfaction"] ?? "", award: (row["award"] as String?).flatMap(ProposalAward.init(rawValue:)),
                  awardedOn: row["awardedOn"], review: try Review.stored(row["review"]))
    }
}

extension SocialInfo: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "socialInfo"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public init(row: Row) throws {
        self.init(id: row["id"], studioID: row["studioID"], title: row["title"], date: row["date"], channel: row["channel"] ?? "",
                  status: SocialInfoStatus(rawValue: row["status"] ?? "") ?? .submitted, adoptedBy: row["adoptedBy"] ?? "",
                  adoptedOn: row["adoptedOn"], instructionBy: row["instructionBy"] ?? "", instructionLevel: row["instructionLevel"] ?? "",
                  instructionOn: row["instructionOn"], sourceIntakeID: row["sourceIntakeID"], review: try Review.stored(row["review"]))
    }
}

extension CitizenItem: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "citizenItem"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension YearDoc: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "yearDoc"
}

extension LedgerKind: DatabaseValueConvertible {}
extension ProposalKind: DatabaseValueConvertible {}
extension ProposalStatus: DatabaseValueConvertible {}
extension ProposalAward: DatabaseValueConvertible {}
extension SocialInfoStatus: DatabaseValueConvertible {}
extension IntakeChannel: DatabaseValueConvertible {}
extension Triage: DatabaseValueConvertible {}
extension YearDocKind: DatabaseValueConvertible {}
