import Foundation
import GRDB
import StudioCore

/// Backups and restores through SQLite's online backup (GRDB's `backup(to:)`): a consistent copy even
/// while other clerks write, since the copy is read in one snapshot of the WAL-mode file.
extension AppDatabase {
    /// What a backup file holds, checked before anything is restored from it.
    public struct BackupCheck: Equatable, Sendable {
        public var path: String
        /// The last schema change it has (e.g. "v11-office-scorecards").
        public var schema: String
        /// True when it is older than this program's schema: it is brought forward after restoring.
        public var needsMigration: Bool
        public var members: Int
        public var studios: Int
        public var ledgerRecords: Int
        public var district: String

        public var summary: String {
            "\(district.isEmpty ? "" : district + "：")\(studios) 个工作室、\(members) 名委员、台账记录 \(ledgerRecords) 条（数据版本 \(schema)）"
        }
    }

    /// The folder of the rolling automatic backups, beside the data file (whose path is absolute from `open`).
    public var backupDirectory: String { (path as NSString).deletingLastPathComponent + "/backups" }

    /// A copy in progress is written under this suffix (and SQLite's -journal, -wal, -shm beside it) and renamed
    /// into place when whole; one left behind was interrupted.
    static let partialSuffix = ".partial"

    /// Leftovers younger than this are left alone: they may be another clerk's backup still running.
    static let interruptedAfter: TimeInterval = 600

    /// Writes a consistent copy of the whole file to `destination` (replacing it only when the copy is complete
    /// and passes its checks), readable by the owner only. Leftovers of earlier interrupted backups to the same
    /// place and in `backups/` are removed first (not in a read-only session, which changes no file but this copy).
    @discardableResult
    public func backup(to destination: String) throws -> BackupCheck {
        let fm = FileManager.default
        let destination = Self.absolutePath(destination)
        let dir = (destination as NSString).deletingLastPathComponent
        if destination == path {
            throw StoreError.other("备份文件不能是数据文件本身：\(destination)")
        }
        do { try PrivateFile.createFolder(dir) } catch {
            throw StoreError.cannotOpen(path: destination, reason: "无法创建目录 \(dir)")
        }
        if !isReadOnly {
            Self.removeInterruptedBackups(in: dir, named: (destination as NSString).lastPathComponent + ".")
            removeInterruptedBackups()
        }
        // A name of its own, so two clerks backing up to the same place at once do not write into one file.
        let partial = destination + ".\(UUID().uuidString.prefix(8))" + Self.partialSuffix
        do { try PrivateFile.create(partial) } catch {
            throw StoreError.cannotOpen(path: destination, reason: "无法写入（目录不存在或没有写权限）")
        }
        do {
            let copy = try DatabaseQueue(path: partial)
            do {
                try writer.backup(to: copy)
                // The copy inherits WAL mode; a backup is one self-contained file.
                try copy.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
                try copy.close()
            } catch let e as DatabaseError {
                try? copy.close()
                throw StoreError(e, path: destination)
            }
            let check = try Self.inspect(backup: partial)
            // rename(2) replaces an older backup in one step: killed at any moment, the old copy or the new one is there.
            guard rename(partial, destination) == 0 else {
                throw StoreError.cannotOpen(path: destination, reason: String(cString: strerror(errno)))
            }
            var result = check
            result.path = destination
            return result
        } catch {
            for suffix in Self.journalSuffixes { try? fm.removeItem(atPath: partial + suffix) }
            if let e = error as? StoreError { throw e }
            throw StoreError.other("备份失败：\(error.localizedDescription)")
        }
    }

    /// Checks a file before a restore: an SQLite file that passes `integrity_check`, made by StudioDesk (its
    /// migrations), and not from a newer version. Opened read-only, so the check cannot change it.
    public static func inspect(backup path: String) throws -> BackupCheck {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.notFound("备份文件 \(path)") }
        do {
            return try readingOnly(path) { db in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                guard integrity == ["ok"] else {
                    throw StoreError.other("备份文件 \(path) 未通过完整性检查（\(integrity.prefix(3).joined(separator: "；"))），不能用来恢复")
                }
                guard try db.tableExists("grdb_migrations"), try db.tableExists("member"), try db.tableExists("setting") else {
                    throw StoreError.other("文件 \(path) 不是 StudioDesk 的数据文件，不能用来恢复")
                }
                let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                let known = migrator.migrations
                if let unknown = applied.first(where: { !known.contains($0) }) {
                    throw StoreError.other("备份文件 \(path) 来自更新版本的 StudioDesk（数据版本 \(unknown)），请升级程序后再恢复")
                }
                let last = known.last { applied.contains($0) } ?? ""
                func count(_ table: String) throws -> Int { try db.tableExists(table) ? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 : 0 }
                let ledger = try ["activity", "proposal", "socialInfo", "citizenItem"].reduce(0) { $0 + (try count($1)) }
                let district = try db.tableExists("setting") ? String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'district'") ?? "" : ""
                return BackupCheck(path: path, schema: last, needsMigration: applied.count < known.count, members: try count("member"),
                                   studios: try count("studio"), ledgerRecords: ledger, district: district)
            }
        } catch let e as DatabaseError {
            throw e.resultCode == .SQLITE_NOTADB || e.resultCode == .SQLITE_CORRUPT
                ? StoreError.other("文件 \(path) 不是 SQLite 数据文件或已损坏，不能用来恢复") : StoreError(e, path: path)
        }
    }

    /// Replaces the data file's contents with a checked backup, after keeping a copy of what is there now
    /// (returned, so the clerk can go back). A backup from an earlier schema is brought forward.
    @discardableResult
    public func restore(from backupPath: String, today: String) throws -> (restored: BackupCheck, safetyCopy: String) {
        // Before anything is made: a refused restore must not leave a before-restore copy behind.
        try require(.restore)
        if isReadOnly {
            throw StoreError.other("只读方式（审阅模式）不能恢复：恢复会替换数据文件 \(path)，并在 \(backupDirectory) 另存一份。请不带 --read-only（及 STUDIODESK_READONLY）再恢复")
        }
        let check = try Self.inspect(backup: backupPath)
        let safety = backupDirectory + "/before-restore-\(today)-\(UUID().uuidString.prefix(6)).sqlite"
        try backup(to: safety)
        // The log of what happened here is kept through the restore (issue 19): the lines the backup does not have
        // are written again after its own, then the restore itself.
        let history = try read { db in try Row.fetchAll(db, sql: "SELECT * FROM auditLog ORDER BY id") }
        // Who may do what stays as it is now: a restore brings back records, not a disabled account, a removed SSH
        // key or a 联络员's former studios — nor does it drop the account of the administrator restoring.
        let accounts = try read { db in try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY name") }
        let links = try read { db in try Row.fetchAll(db, sql: "SELECT * FROM accountStudio ORDER BY accountName, studioID") }
        var config = Configuration()
        config.readonly = true
        do {
            let source = try DatabaseQueue(path: backupPath, configuration: config)
            defer { try? source.close() }
            try source.backup(to: writer)
        } catch let e as DatabaseError {
            throw StoreError(e, path: path)
        }
        try migrate()
        try installAuditTriggers()
        try write(.restore) { db in
            let restored = Dictionary(try Row.fetchAll(db, sql: "SELECT id, at, user, tableName, recordID, action FROM auditLog").map {
                ($0["id"] as Int64, [$0["at"], $0["user"], $0["tableName"], $0["recordID"], $0["action"]] as [DatabaseValue])
            }, uniquingKeysWith: { a, _ in a })
            var kept = 0
            for r in history {
                let key: [DatabaseValue] = [r["at"], r["user"], r["tableName"], r["recordID"], r["action"]]
                if restored[r["id"]] == key { continue }
                func text(_ column: String) -> String { (r[column] as String?).map(AuditLog.quoted) ?? "NULL" }
                try db.execute(sql: AuditLog.signedInsert(at: text("at"), user: text("user"), table: text("tableName"), recordID: "\(r["recordID"] as Int64)",
                                                          action: text("action"), studioID: (r["studioID"] as Int64?).map(String.init) ?? "NULL",
                                                          old: text("oldValues"), new: text("newValues")))
                kept += 1
            }
            let accountsKept = try Self.keepAccounts(db, accounts: accounts, links: links)
            try appendAuditNote(db, action: AuditEntry.Action.restore.rawValue,
                                detail: "从备份 \(backupPath) 恢复（恢复前的数据另存为 \(safety)；恢复前的 \(kept) 行修改记录已保留"
                                    + (accountsKept ? "；账户和权限保持恢复前的设置）" : "）"))
        }
        return (check, safety)
    }

    /// Puts back the accounts and their studios as they were before a restore (links to studios the backup does not
    /// have are left out); true when the backup's differed.
    static func keepAccounts(_ db: Database, accounts: [Row], links: [Row]) throws -> Bool {
        let restoredAccounts = try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY name")
        let restoredLinks = try Row.fetchAll(db, sql: "SELECT * FROM accountStudio ORDER BY accountName, studioID")
        guard restoredAccounts != accounts || restoredLinks != links else { return false }
        try db.execute(sql: "DELETE FROM accountStudio")
        try db.execute(sql: "DELETE FROM account")
        for r in accounts {
            let columns = Array(r.columnNames)
            try db.execute(sql: "INSERT INTO account(\(columns.map(\.quotedDatabaseIdentifier).joined(separator: ", "))) VALUES (\(databaseQuestionMarks(count: columns.count)))",
                           arguments: StatementArguments(r.databaseValues))
        }
        for r in links {
            try db.execute(sql: "INSERT INTO accountStudio(accountName, studioID) SELECT ?, id FROM studio WHERE id = ?",
                           arguments: [r["accountName"], r["studioID"]])
        }
        return true
    }

    /// One backup a day, kept beside the data file; the oldest beyond `keep` are removed.
    /// Returns the backup made, or nil when today's is already there.
    @discardableResult
    public func dailyBackup(today: String, keep: Int = 7) throws -> String? {
        // The daily backup adds to backups/ and removes the oldest there: a read-only session changes no file.
        if isReadOnly {
            throw StoreError.other("只读方式（审阅模式）不做自动备份，也不删除 \(backupDirectory) 中的旧备份。要备份请写明备份文件，如 studiodesk backup 备份.sqlite --read-only（只写这一个文件）")
        }
        let target = backupDirectory + "/studiodesk-\(today).sqlite"
        if FileManager.default.fileExists(atPath: target) { return nil }
        try backup(to: target)
        let daily = try automaticBackups()
        for old in daily.dropLast(max(1, keep)) { try? FileManager.default.removeItem(atPath: old.path) }
        return target
    }

    /// Whether the file holds anything worth a backup: a member, a studio or a line of the log. A new file's
    /// first day gets its daily backup once this is true (at the end of the session), not only on the next start.
    public func holdsRecords() throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM member) OR EXISTS(SELECT 1 FROM studio) OR EXISTS(SELECT 1 FROM auditLog)") ?? false
        }
    }

    /// The rolling daily backups, oldest first.
    public func automaticBackups() throws -> [(path: String, date: String)] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: backupDirectory)) ?? []
        return files.compactMap { name -> (String, String)? in
            guard name.hasPrefix("studiodesk-"), name.hasSuffix(".sqlite") else { return nil }
            let date = String(name.dropFirst("studiodesk-".count).dropLast(".sqlite".count))
            return DateInput.isISO(date) ? (backupDirectory + "/" + name, date) : nil
        }.sorted { $0.1 < $1.1 }
    }

    /// The file itself and the journals SQLite may leave beside it.
    static let journalSuffixes = ["", "-journal", "-wal", "-shm"]

    /// Removes what interrupted backups left in `backups/` (killed mid-copy, power cut): each `*.partial` and its
    /// journals older than `interruptedAfter`. Called at every backup and when the file is opened for writing;
    /// a read-only session leaves them. Returns the files removed.
    @discardableResult
    public func removeInterruptedBackups(now: Date = Date()) -> [String] {
        if isReadOnly { return [] }
        return Self.removeInterruptedBackups(in: backupDirectory, now: now)
    }

    /// In a folder of the clerk's own only the leftovers whose names start with `prefix` (the destination's).
    @discardableResult
    static func removeInterruptedBackups(in dir: String, named prefix: String = "", now: Date = Date()) -> [String] {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: dir)) ?? []
        var removed: [String] = []
        for name in names where name.hasPrefix(prefix) && journalSuffixes.contains(where: { name.hasSuffix(partialSuffix + $0) }) {
            let file = (dir as NSString).appendingPathComponent(name)
            guard let modified = (try? fm.attributesOfItem(atPath: file))?[.modificationDate] as? Date,
                  now.timeIntervalSince(modified) > interruptedAfter, (try? fm.removeItem(atPath: file)) != nil else { continue }
            removed.append(file)
        }
        return removed
    }
}
