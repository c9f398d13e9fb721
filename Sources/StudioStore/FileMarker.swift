import Foundation
import GRDB

/// What an existing SQLite file is, checked before StudioDesk opens it for writing (issue 19): a file another
/// program made must be left byte-identical — no WAL switch, no migration table, no restore over it.
public enum DataFileOrigin: Equatable, Sendable {
    /// No tables yet (a new or empty file): StudioDesk may make it its own.
    case empty
    /// StudioDesk's: marked with its application_id, or (files from before the mark) its first migration on record.
    case studioDesk
    /// Anything else, with what was found, in Chinese.
    case foreign(String)
}

extension AppDatabase {
    /// SQLite's application_id of a StudioDesk file ("SDSK"), written by the v16 migration and set on every new file.
    public static let applicationID: Int32 = 0x5344_534B

    /// The first migration StudioDesk ever shipped: an unmarked file with it on record is an older StudioDesk file.
    static let firstMigration = "v1-settings-members"

    /// Looks at a file without changing it (read-only, no WAL switch).
    public static func origin(ofFileAt path: String) throws -> DataFileOrigin {
        do {
            return try readingOnly(path) { db in
                let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                if id == applicationID { return .studioDesk }
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                if id != 0 {
                    return .foreign(String(format: "其他程序的数据文件（application_id 0x%08X）", UInt32(bitPattern: id)))
                }
                if tables.isEmpty { return .empty }
                if tables.contains("grdb_migrations"),
                   try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations").contains(firstMigration) {
                    return .studioDesk
                }
                let shown = tables.prefix(5).joined(separator: "、") + (tables.count > 5 ? " 等 \(tables.count) 个" : "")
                let app = tables.contains("grdb_migrations") ? "另一个程序（GRDB 应用）的" : "其他程序的"
                return .foreign("\(app) SQLite 文件，含有表：\(shown)")
            }
        } catch let e as DatabaseError {
            throw StoreError(e, path: path)
        }
    }

    /// Reads a file through a read-only connection opened and closed for the purpose (a check that cannot change it).
    static func readingOnly<T>(_ path: String, _ body: (Database) throws -> T) throws -> T {
        var config = Configuration()
        config.readonly = true
        // Another program's last connection closing checkpoints and removes the -wal file under an exclusive
        // lock: opening in that instant is SQLITE_BUSY, so wait as a write would.
        config.busyMode = .timeout(5)
        let queue = try DatabaseQueue(path: path, configuration: config)
        defer { try? queue.close() }
        return try queue.read(body)
    }

    /// Refuses, before anything is written, a file that is neither empty nor StudioDesk's.
    static func requireOwnOrEmpty(_ path: String) throws {
        if case .foreign(let found) = try origin(ofFileAt: path) { throw StoreError.notStudioDesk(path: path, found: found) }
    }
}
