import Foundation
import GRDB
import StudioCore

/// The one SQLite file that holds everything, shared by several clerks'
/// processes through WAL mode (DatabasePool). Follows GRDB's AppDatabase pattern:
/// it owns the pool and the migrator; screens and commands go through its methods.
public final class AppDatabase: Sendable {
    public let writer: DatabasePool
    public let path: String
    /// True when this open created the file (the first run offers demo data).
    public let isNew: Bool

    /// Opens (creating if needed) the database at `path`, migrated to the current schema.
    /// `busyTimeout`: how long a write waits for another clerk's transaction to finish.
    /// `user`: the name the audit log records for this process's changes (the OS user when nil).
    /// `client`: the SSH client's address (`AuditLog.sshClient`), recorded with the user in every audit line.
    /// `readOnly`: opened read-only at the SQLite level (a reviewer's session); nothing can be written.
    /// A file that exists but cannot be written, or sits in a folder that cannot be, is opened read-only and
    /// `readOnlyReason` says why.
    /// `account`: the account (issue 22) whose role decides what this process may write; an unknown or disabled one
    /// is refused. nil: the local user (no accounts, or the service account itself), who may do everything.
    /// `roles`: the roles accounts refer to (nil: Resources/roles.json).
    public static func open(path: String, busyTimeout: TimeInterval = 5, user: String? = nil, client: String? = nil, readOnly: Bool = false,
                            account: String? = nil, roles: [Role]? = nil) throws -> AppDatabase {
        // Once, here: a relative --db is taken from the current directory, and backups/ lies beside the file.
        let path = absolutePath(path)
        if readOnly {
            let plain = try openReadOnly(path: path, busyTimeout: busyTimeout)
            guard let account else { return plain }
            let actor = try plain.actor(account: account, roles: roles)
            return AppDatabase(writer: plain.writer, path: path, isNew: false, user: account, client: client, readOnly: true,
                               readOnlyReason: plain.readOnlyReason, actor: actor)
        }
        // The name goes into every line of the audit log: a newline or an invisible character there would forge lines.
        if let user, let problem = NameText.problem(user) {
            throw StoreError.other("操作人姓名\(problem)，请改正 --user 或 STUDIODESK_USER 后再打开")
        }
        if user?.trimmingCharacters(in: .whitespaces).isEmpty == true { throw StoreError.other("操作人姓名不能为空（--user 或 STUDIODESK_USER）") }
        let url = URL(fileURLWithPath: path)
        let fm = FileManager.default
        var isNew = false
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue { throw StoreError.cannotOpen(path: path, reason: "这是一个目录，不是数据文件") }
            if !fm.isReadableFile(atPath: path) { throw StoreError.cannotOpen(path: path, reason: "没有读权限") }
            // SQLite writes its -wal and -shm files beside the data file: a folder that cannot take them makes
            // every save fail, so it is said at once rather than blamed on read-only mode at the first save.
            let dir = url.deletingLastPathComponent().path
            if !fm.isWritableFile(atPath: dir) {
                return try openReadOnly(path: path, busyTimeout: busyTimeout, reason: "数据文件所在目录不可写：\(dir)")
            }
            if !fm.isWritableFile(atPath: path) {
                return try openReadOnly(path: path, busyTimeout: busyTimeout, reason: "数据文件不可写：\(path)")
            }
            isNew = (try? fm.attributesOfItem(atPath: path)[.size] as? Int) == 0
            // Another program's file is left exactly as it is (issue 19).
            if !isNew { try requireOwnOrEmpty(path) }
        } else {
            let dir = url.deletingLastPathComponent()
            do {
                try fm.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError.cannotOpen(path: path, reason: "无法创建目录 \(dir.path)")
            }
            // Members' phone numbers live here: readable by the owner only.
            // SQLite gives the -wal and -shm files the same mode.
            guard fm.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw StoreError.cannotOpen(path: path, reason: "无法创建文件")
            }
            isNew = true
        }
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        // Statement journals in memory: with triggers and foreign keys every INSERT keeps one, and in a temp
        // file it was 30 small writes a row (an import of 20,000 rows spent 4 s in pwrite). The writer's only: a
        // reader's sort (a year's GROUP BY, 140,000 rows at 300 studios) then spills to a temp file past the page
        // cache instead of being held whole in memory (14 MB there, ten times that for a province; issue 24).
        config.prepareDatabase { db in
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA temp_store = MEMORY") }
            try Self.prepareConnection(db)
        }
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            let plain = AppDatabase(writer: pool, path: path, isNew: isNew, user: user ?? AuditLog.systemUser(), client: client)
            try plain.migrate()
            // The account is looked up in the migrated file; the audit triggers then carry its name.
            let db = try account.map { name in
                AppDatabase(writer: pool, path: path, isNew: isNew, user: name, client: client, actor: try plain.actor(account: name, roles: roles))
            } ?? plain
            try db.installAuditTriggers()
            db.removeInterruptedBackups()
            return db
        } catch let error as DatabaseError {
            throw StoreError(error, path: path)
        }
    }

    /// What every StudioDesk connection carries: the mark that keeps the file's own triggers from logging its writes
    /// a second time (as 外部程序), and the audit line's signature function.
    static func prepareConnection(_ db: Database) throws {
        try db.execute(sql: "PRAGMA cache_size = \(AuditLog.connectionMark)")
        db.add(function: AuditLog.hashFunction)
    }

    /// Who this process's changes are recorded as.
    public let user: String
    /// This open's own name in the open-edit marks (OpenEdits.swift): two sessions of one process are two sessions.
    public let sessionID = UUID().uuidString
    /// The SSH client's address when the session came over SSH; nil otherwise.
    public let client: String?
    public let isReadOnly: Bool
    /// Why a file opened normally came out read-only ("数据文件所在目录不可写：…"); nil when it was asked for.
    public let readOnlyReason: String?

    /// The account this process acts as and what its role allows (`Authorization.local` without one): checked by `write`.
    public let actor: Authorization
    /// Writes made without audit lines (`withoutAudit`), for figures kept by the audit position (OfficeFiguresStore).
    public let unloggedWrites = UnloggedWrites()

    init(writer: DatabasePool, path: String, isNew: Bool, user: String = AuditLog.systemUser(), client: String? = nil, readOnly: Bool = false,
         readOnlyReason: String? = nil, actor: Authorization = .local) {
        self.actor = actor
        self.writer = writer
        self.path = path
        self.isNew = isNew
        self.user = user
        self.client = client
        self.isReadOnly = readOnly
        self.readOnlyReason = readOnlyReason
    }

    /// `path` made absolute against the current directory (and `.`/`..` resolved).
    static func absolutePath(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// A reviewer's session, or a file that cannot be written (`reason`): SQLite opens the file read-only, so no
    /// write can happen whatever a screen tries; a file that needs migrating is refused (that is a write).
    static func openReadOnly(path: String, busyTimeout: TimeInterval, reason: String? = nil) throws -> AppDatabase {
        let fm = FileManager.default
        guard fm.fileExists(atPath: path) else { throw StoreError.cannotOpen(path: path, reason: "文件不存在（只读方式不会新建数据文件）") }
        var config = Configuration()
        config.readonly = true
        config.prepareDatabase { db in try Self.prepareConnection(db) }
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        // In a folder that cannot take the -shm and -wal files SQLite reads a WAL file only as immutable
        // (nobody can write beside it either).
        let absolute = URL(fileURLWithPath: path).standardizedFileURL
        var target = path
        if !fm.isWritableFile(atPath: absolute.deletingLastPathComponent().path),
           !(fm.fileExists(atPath: path + "-shm") && fm.fileExists(atPath: path + "-wal")) {
            var uri = URLComponents()
            uri.scheme = "file"
            uri.path = absolute.path
            uri.query = "immutable=1"
            target = uri.string ?? path
        }
        let why = reason.map { "；现在\($0)，已以只读方式打开，不能升级" } ?? "（只读方式不能升级）"
        // Another program's file is refused even for reading (issue 19); in an unwritable folder it cannot be changed anyway.
        if fm.isWritableFile(atPath: absolute.deletingLastPathComponent().path) { try requireOwnOrEmpty(path) }
        do {
            let pool = try DatabasePool(path: target, configuration: config)
            let db = AppDatabase(writer: pool, path: path, isNew: false, readOnly: true, readOnlyReason: reason)
            let state = try pool.read { d in (try migrator.hasBeenSuperseded(d), try migrator.hasCompletedMigrations(d)) }
            if state.0 { throw StoreError.newerSchema(path: path) }
            if !state.1 { throw StoreError.cannotOpen(path: path, reason: "数据文件需要升级到本版本，请先以正常方式打开一次\(why)") }
            return db
        } catch let error as DatabaseError {
            throw StoreError(error, path: path)
        }
    }

    /// Brings the file to the current schema. A file from a newer version is refused untouched; one from an
    /// earlier version is first copied to backups/ (so an upgrade can always be undone).
    func migrate() throws {
        let migrator = Self.migrator
        let older = try writer.read { db -> String? in
            if try migrator.hasBeenSuperseded(db) {
                throw StoreError.newerSchema(path: path)
            }
            let applied = try migrator.appliedMigrations(db)
            let complete = try migrator.hasCompletedMigrations(db)
            return !applied.isEmpty && !complete ? applied.last : nil
        }
        if let older {
            let stamp = ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withFullDate, .withTime])
            try backup(to: backupDirectory + "/before-upgrade-from-\(older)-\(stamp).sqlite")
        }
        try migrator.migrate(writer)
    }

    /// The names of the applied migrations, oldest first.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Self.migrator.appliedMigrations(db) }
    }

    public func journalMode() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Refuses (`StoreError.notPermitted`) what this process's account may not do: the store's own check, whatever
    /// a screen or command offered (issue 22). `studio`: the studio the change touches, where the role is limited to some.
    public func require(_ permission: Permission, studio: Int64? = nil) throws {
        guard actor.may(permission, studio: studio) else { throw StoreError.notPermitted(actor.refusal(permission, studio: studio) + "，不能保存") }
    }

    /// Runs a write transaction, turning SQLite errors into clerk-readable ones. Every write names the permission it
    /// needs (and the studio it touches where a role is limited to some) and is refused without it.
    /// `eachRecord`: the body checks `require(permission, studio:)` for each record it touches (records of several
    /// studios, or found by id), so here it is enough that the role has the permission on some studio.
    package func write<T>(_ permission: Permission, studio: Int64? = nil, eachRecord: Bool = false, _ body: (Database) throws -> T) throws -> T {
        if eachRecord {
            guard actor.mayAnywhere(permission) else { throw StoreError.notPermitted(actor.refusal(permission) + "，不能保存") }
        } else {
            try require(permission, studio: studio)
        }
        return try unchecked { db in
            try requireAccountStillInUse(db)
            return try body(db)
        }
    }

    /// An account disabled (or its role changed) while its session was open writes nothing more: the account is read
    /// again inside each save's transaction, not only when the file was opened.
    private func requireAccountStillInUse(_ db: Database) throws {
        guard let account = actor.account else { return }
        let row = try Row.fetchOne(db, sql: "SELECT disabled, roleID FROM account WHERE name = ?", arguments: [account.name])
        guard let row, !(row["disabled"] as Bool), (row["roleID"] as String) == account.roleID else {
            throw StoreError.notPermitted("账户「\(account.name)」已停用或角色已改变，不能保存；请退出后重新登录")
        }
    }

    /// Copies of shipped data (checklists, holidays) made on first use: not a person's change, so any account that
    /// may write the file at all makes them; a role that writes nothing (审阅) does not.
    package func writeShippedData<T>(_ body: (Database) throws -> T) throws -> T {
        guard actor.writesData else { throw StoreError.notPermitted(actor.refusal(.editRecords) + "，不能保存") }
        return try unchecked(body)
    }

    /// BEGIN IMMEDIATE, said here rather than left to GRDB's default: the write lock is taken (waiting up to the busy
    /// timeout for another session's save) before anything is read, so a save never fails at once with "database is
    /// locked" when a deferred transaction's read lock cannot be upgraded.
    package func unchecked<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        }
        catch let e as DatabaseError {
            if e.resultCode == .SQLITE_READONLY, let readOnlyReason { throw StoreError.other("\(readOnlyReason)，已以只读方式打开，无法保存。") }
            throw StoreError(e, path: path)
        }
    }

    package func read<T>(_ body: (Database) throws -> T) throws -> T {
        // Inside `batchRead` on this thread: its transaction (a pool's read is not reentrant).
        if let db = batchDatabase { return try body(db) }
        do { return try writer.read(body) }
        catch let e as DatabaseError { throw StoreError(e, path: path) }
    }

    // MARK: Settings

    public func setting(_ key: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
    }

    public func setSetting(_ key: String, _ value: String, permission: Permission = .editRecords) throws {
        try write(permission) { db in
            try db.execute(sql: "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }

    /// True when there is no member and no studio yet.
    public func isEmpty() throws -> Bool {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM member) + (SELECT COUNT(*) FROM studio)") == 0
        }
    }
}

/// What went wrong, worded for the clerk.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case notADatabase(path: String)
    case busy(path: String)
    case readOnly(path: String)
    case newerSchema(path: String)
    case validation([FieldIssue])
    case memberInUse(name: String, studios: [String])
    case notFound(String)
    case notEmpty(path: String)
    case notStudioDesk(path: String, found: String)
    case diskFull(path: String)
    /// The account's role does not allow it (issue 22): the text says who and what.
    case notPermitted(String)
    case other(String)

    init(_ error: DatabaseError, path: String) {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: self = .notADatabase(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy(path: path)
        case .SQLITE_READONLY: self = .readOnly(path: path)
        case .SQLITE_FULL: self = .diskFull(path: path)
        case .SQLITE_CANTOPEN, .SQLITE_PERM: self = .cannotOpen(path: path, reason: "无法打开（\(error.message ?? "")）")
        default: self = .other("数据库错误：\(error.message ?? "\(error.resultCode)")")
        }
    }

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "无法打开数据文件 \(path)：\(reason)"
        case .notADatabase(let path): "数据文件 \(path) 已损坏或不是 StudioDesk 的数据文件。请从备份恢复，或用 --db 指定其他文件。"
        case .busy(let path): "数据文件 \(path) 正被其他程序占用，等待超时。请稍后再试。"
        case .readOnly(let path): "数据文件 \(path) 以只读方式打开（审阅模式）或文件只读，无法保存。"
        case .newerSchema(let path): "数据文件 \(path) 由更新版本的 StudioDesk 创建，请升级程序后再打开。"
        case .validation(let issues): issues.map(\.message).joined(separator: "；")
        case .memberInUse(let name, let studios): "\(name) 是「\(studios.joined(separator: "、"))」的成员，不能删除。请先在工作室名册中办理退出。"
        case .notFound(let what): "找不到\(what)"
        case .notEmpty(let path): "数据文件 \(path) 已有数据，不能再载入演示数据。请用 --db 指定一个新文件。"
        case .notStudioDesk(let path, let found): "\(path) 不是 StudioDesk 的数据文件（\(found)），StudioDesk 没有改动它。请用 --db 指定 StudioDesk 的数据文件或一个新文件名。"
        case .diskFull(let path): "磁盘已满，数据文件 \(path) 无法写入：这次的修改整个没有保存，原有数据完好。请腾出磁盘空间后再试。"
        case .notPermitted(let text): text
        case .other(let text): text
        }
    }
}

extension AppDatabase {
    /// Changes whenever the file's records may have changed, and not when only the open-form marks did (`openEdit`:
    /// a form opened or closed, a session's heartbeat) — those would make every other session read its screens and
    /// figures again every few seconds. Every table but the marks is audited in the same transaction (another
    /// program's writes through the file's own triggers), so the audit log's last line names the data's state;
    /// unlogged loads count in this process (`unloggedWrites`) and for others in `user_version` (`withoutAudit`);
    /// `schema_version` covers a migration. Overviews computed from a token stay valid while it is unchanged.
    public func changeToken() throws -> String {
        try writer.writeWithoutTransaction { db in
            let schema = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
            let loads = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            let last = try Self.auditPosition(db)
            return "\(schema):\(loads):\(unloggedWrites.value):\(last.id):\(last.mark)"
        }
    }

    /// Changes with every commit to the file, the open-form marks' included (`PRAGMA data_version` of the writer
    /// connection for other processes' commits, `total_changes()` for this one's): when it moved but `changeToken`
    /// did not, only the marks changed.
    public func fileVersion() throws -> String {
        try writer.writeWithoutTransaction { db in
            let version = try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
            let changes = try Int.fetchOne(db, sql: "SELECT total_changes()") ?? 0
            return "\(version):\(changes)"
        }
    }
}
