import Foundation
import GRDB
import StudioCore

/// The whole database as one JSON document: every table (GRDB's own bookkeeping aside) with its columns and
/// rows in rowid order, and the schema it came from. Written one row per line, so the same data always gives
/// the same bytes and a diff of two exports reads row by row. Tables are dumped generically rather than through
/// the records, so a table added later is carried without code here.
public struct DatabaseDump: Codable, Equatable, Sendable {
    public static let format = "studiodesk-database"

    public var format: String
    /// The last migration of the file it came from.
    public var schema: String
    public var tables: [Table]

    public struct Table: Codable, Equatable, Sendable {
        public var name: String
        public var columns: [String]
        public var rows: [[Value]]
    }

    /// A SQLite value as JSON: null, number, string, or {"blob": base64}.
    public enum Value: Codable, Equatable, Sendable {
        case null, integer(Int64), real(Double), text(String), blob(Data)

        public init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let i = try? c.decode(Int64.self) { self = .integer(i) }
            else if let d = try? c.decode(Double.self) { self = .real(d) }
            else if let s = try? c.decode(String.self) { self = .text(s) }
            else { self = .blob(try c.decode([String: Data].self)["blob"] ?? Data()) }
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .null: try c.encodeNil()
            case .integer(let i): try c.encode(i)
            case .real(let d): try c.encode(d)
            case .text(let s): try c.encode(s)
            case .blob(let b): try c.encode(["blob": b])
            }
        }

        init(_ v: DatabaseValue) {
            switch v.storage {
            case .null: self = .null
            case .int64(let i): self = .integer(i)
            case .double(let d): self = .real(d)
            case .string(let s): self = .text(s)
            case .blob(let b): self = .blob(b)
            }
        }

        var databaseValue: DatabaseValue {
            switch self {
            case .null: .null
            case .integer(let i): i.databaseValue
            case .real(let d): d.databaseValue
            case .text(let s): s.databaseValue
            case .blob(let b): b.databaseValue
            }
        }
    }

    /// The document's text: a header line, then one line per table header and per row.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func text<T: Encodable>(_ v: T) throws -> String { String(decoding: try encoder.encode(v), as: UTF8.self) }
        var out = "{\"format\":\(try text(format)),\"schema\":\(try text(schema)),\"tables\":["
        for (i, t) in tables.enumerated() {
            out += (i == 0 ? "\n" : ",\n") + "{\"name\":\(try text(t.name)),\"columns\":\(try text(t.columns)),\"rows\":["
            out += try t.rows.map { "\n" + (try text($0)) }.joined(separator: ",")
            out += "\n]}"
        }
        out += "\n]}\n"
        return Data(out.utf8)
    }
}

extension AppDatabase {
    /// User tables in name order; sqlite_sequence is kept so ids of deleted records are not given out again.
    static func dumpedTables(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb_%'
              AND (name NOT LIKE 'sqlite_%' OR name = 'sqlite_sequence') ORDER BY name
            """)
    }

    /// Every row of the file, in one read transaction (a consistent picture while others write).
    public func dump() throws -> DatabaseDump {
        try read { db in
            let schema = try Self.migrator.appliedMigrations(db).last ?? ""
            var tables: [DatabaseDump.Table] = []
            for name in try Self.dumpedTables(db) {
                let columns = try db.columns(in: name).map(\.name)
                let order = name == "sqlite_sequence" ? "name" : "rowid"
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(name.quotedDatabaseIdentifier) ORDER BY \(order)")
                    .map { row in columns.map { DatabaseDump.Value(row[$0] as DatabaseValue) } }
                tables.append(DatabaseDump.Table(name: name, columns: columns, rows: rows))
            }
            return DatabaseDump(format: DatabaseDump.format, schema: schema, tables: tables)
        }
    }

    /// Reads an export; a file that is not one gets a clear message.
    public static func readDump(_ data: Data, path: String) throws -> DatabaseDump {
        let dump: DatabaseDump
        do { dump = try JSONDecoder().decode(DatabaseDump.self, from: data) } catch {
            throw StoreError.other("\(path) 不是 StudioDesk 导出的数据文件（JSON 无法读取：\(error.localizedDescription)）")
        }
        guard dump.format == DatabaseDump.format else { throw StoreError.other("\(path) 不是 StudioDesk 导出的数据文件（format 为「\(dump.format)」）") }
        return dump
    }

    /// Brings an export into this file, which must hold no data yet; everything goes in one transaction with
    /// foreign keys checked at the end. An export from an earlier schema is loaded into that schema and
    /// brought forward; one from a newer version is refused.
    public static func create(path: String, from dump: DatabaseDump) throws -> AppDatabase {
        let migrations = migrator.migrations
        guard let at = migrations.firstIndex(of: dump.schema) else {
            throw StoreError.other("导出文件的数据版本「\(dump.schema)」比本程序新（或无法识别），请用新版 StudioDesk 导入")
        }
        let created = !FileManager.default.fileExists(atPath: path)
        if !created, (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 > 0 {
            let existing = try open(path: path)
            let hasData = try existing.read { db in
                try dumpedTables(db).contains { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0.quotedDatabaseIdentifier)") ?? 0 > 0 }
            }
            if hasData { throw StoreError.other("数据文件 \(path) 中已有数据；整库导入只写入新的数据文件，请用 --db 指定一个新文件") }
            try existing.writer.close()
        }
        do {
            // Owner-only like every data file (SQLite gives its -wal and -shm the same mode).
            if created { try PrivateFile.create(path) }
            var config = Configuration()
            config.foreignKeysEnabled = true
            config.prepareDatabase { db in try AppDatabase.prepareConnection(db) }
            let pool = try DatabasePool(path: path, configuration: config)
            try migrator.migrate(pool, upTo: migrations[at])
            try pool.write { db in
                try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
                for table in dump.tables {
                    guard try db.tableExists(table.name) || table.name == "sqlite_sequence" else {
                        throw StoreError.other("导出文件中的表「\(table.name)」在版本 \(dump.schema) 中不存在，文件可能已被改动")
                    }
                    if table.name == "sqlite_sequence" { try db.execute(sql: "DELETE FROM sqlite_sequence") }
                    guard !table.columns.isEmpty else { continue }
                    let sql = "INSERT INTO \(table.name.quotedDatabaseIdentifier) (\(table.columns.map(\.quotedDatabaseIdentifier).joined(separator: ", "))) VALUES (\(table.columns.map { _ in "?" }.joined(separator: ", ")))"
                    let statement = try db.makeStatement(sql: sql)
                    for row in table.rows {
                        guard row.count == table.columns.count else { throw StoreError.other("导出文件中表「\(table.name)」有一行的列数不对，文件可能已损坏") }
                        try statement.execute(arguments: StatementArguments(row.map(\.databaseValue)))
                    }
                }
            }
            try pool.close()
        } catch {
            // A file this import created is removed again: a failed import leaves nothing behind.
            if created { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            if let e = error as? DatabaseError { throw StoreError(e, path: path) }
            throw error
        }
        let db = try open(path: path)
        // The whole-file import is itself a line of the log (issue 19).
        try db.write(.restore) { d in try db.appendAuditNote(d, action: AuditEntry.Action.importAll.rawValue, detail: "整库导入（数据版本 \(dump.schema)）") }
        return db
    }
}
