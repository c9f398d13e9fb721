import Foundation
import GRDB
import Testing
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import TestSupport

/// Backups through SQLite's online backup, the checks before a restore, the rolling daily backups, and a
/// file of the first released schema brought forward after a copy is kept.
@Suite struct BackupStoreTests {
    let tmp = TempDatabase()

    func demo() throws -> AppDatabase {
        try DemoTemplate.open(path: tmp.path)
    }

    func file(_ name: String) -> String { tmp.dir.appendingPathComponent(name).path }

    func integrity(_ path: String) throws -> [String] {
        let q = try DatabaseQueue(path: path)
        defer { try? q.close() }
        return try q.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
    }

    @Test func aBackupTakenWhileAnotherConnectionWritesIsWholeAndRestores() throws {
        let db = try demo()
        let studio = try #require(try db.studios().first { $0.status == .plaqued })
        let before = try db.ledgerEntries(studioID: studio.id!).count
        // Another clerk's connection keeps saving while the backup runs.
        let other = try AppDatabase.open(path: tmp.path)
        let done = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let stop = ManagedAtomicFlag()
        DispatchQueue.global().async {
            var n = 0
            while !stop.isSet, n < 2000 {
                _ = try? other.saveActivity(Activity(studioID: studio.id!, date: "2026-10-01", category: "reading", categoryName: "读书交流",
                                                     title: "读书会\(n)"), memberIDs: [])
                if n == 0 { started.signal() }
                n += 1
            }
            done.signal()
        }
        // The backup starts once the other clerk has saved, not after a guessed pause.
        started.wait()
        let check = try db.backup(to: file("copy/backup.sqlite"))
        stop.set()
        done.wait()
        #expect(try integrity(check.path) == ["ok"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: file("copy")) == ["backup.sqlite"])
        #expect(try FileManager.default.attributesOfItem(atPath: check.path)[.posixPermissions] as? Int == 0o600)
        #expect(check.studios == 18 && check.members == 150 && check.schema == AppDatabase.migrator.migrations.last)
        // Restored into a fresh file: whole, and holding a prefix of the other clerk's saves (none half-written).
        let fresh = try AppDatabase.open(path: file("restored/studiodesk.sqlite"))
        let (restored, safety) = try fresh.restore(from: check.path, today: "2026-11-18")
        #expect(restored.studios == 18)
        #expect(FileManager.default.fileExists(atPath: safety))
        #expect(try integrity(fresh.path) == ["ok"])
        let titles = try fresh.ledgerEntries(studioID: studio.id!).map(\.title).filter { $0.hasPrefix("读书会") && $0 != "读书会" }
        let numbers = Set(titles.compactMap { Int($0.dropFirst(3)) })
        #expect(numbers == Set(0..<numbers.count))
        #expect(try fresh.ledgerEntries(studioID: studio.id!).count >= before)
    }

    @Test func aRestoreReplacesTheDataAndKeepsACopyOfWhatWasThere() throws {
        let db = try demo()
        let backup = try db.backup(to: file("b.sqlite"))
        let added = try db.saveMember(Member(name: "欧阳明", sector: "无党派人士"))
        let (_, safety) = try db.restore(from: backup.path, today: "2026-11-18")
        #expect(try db.member(id: added.id!) == nil)
        #expect(try db.memberCount() == 150)
        let kept = try AppDatabase.inspect(backup: safety)
        #expect(kept.members == 151)
        #expect(safety.hasPrefix(db.backupDirectory + "/before-restore-2026-11-18"))
    }

    @Test func aRestoreRefusesWhatIsNotAWholeStudioDeskFileOfThisOrAnEarlierVersion() throws {
        let db = try demo()
        let count = try db.memberCount()
        func refused(_ path: String, _ words: String) {
            #expect(throws: StoreError.self) { try db.restore(from: path, today: "2026-11-18") }
            do { _ = try AppDatabase.inspect(backup: path); Issue.record("\(path) was accepted") } catch {
                #expect("\(error)".contains(words), "\(error)")
            }
        }
        try Data("姓名,性别\n张三,男\n".utf8).write(to: URL(fileURLWithPath: file("roster.csv")))
        refused(file("roster.csv"), "不是 SQLite 数据文件")
        let other = try DatabaseQueue(path: file("other.sqlite"))
        try other.write { try $0.execute(sql: "CREATE TABLE note(text TEXT)") }
        try other.close()
        refused(file("other.sqlite"), "不是 StudioDesk 的数据文件")
        let newer = try db.backup(to: file("newer.sqlite")).path
        let q = try DatabaseQueue(path: newer)
        try q.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')") }
        try q.close()
        refused(newer, "更新版本")
        // A truncated copy (a download cut short).
        let whole = try Data(contentsOf: URL(fileURLWithPath: try db.backup(to: file("whole.sqlite")).path))
        try whole.prefix(whole.count / 3).write(to: URL(fileURLWithPath: file("truncated.sqlite")))
        #expect(throws: StoreError.self) { try AppDatabase.inspect(backup: file("truncated.sqlite")) }
        refused(file("missing.sqlite"), "找不到")
        // Nothing was touched.
        #expect(try db.memberCount() == count)
        #expect(try integrity(db.path) == ["ok"])
    }

    @Test func oneAutomaticBackupADayKeepingTheLastSeven() throws {
        let db = try demo()
        for day in 1...9 { #expect(try db.dailyBackup(today: String(format: "2026-11-%02d", day)) != nil) }
        #expect(try db.dailyBackup(today: "2026-11-09") == nil)
        let kept = try db.automaticBackups()
        #expect(kept.map(\.date) == (3...9).map { String(format: "2026-11-%02d", $0) })
        #expect(try AppDatabase.inspect(backup: kept.last!.path).members == 150)
    }

    @Test func aFileOfTheFirstReleasedSchemaIsBroughtForwardAfterACopyIsKept() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/schema-v1.sqlite")
        try FileManager.default.createDirectory(at: tmp.dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixture, to: URL(fileURLWithPath: tmp.path))
        #expect(try AppDatabase.inspect(backup: tmp.path).needsMigration)
        let db = try tmp.open()
        #expect(try db.appliedMigrations() == AppDatabase.migrator.migrations)
        #expect(try db.members(matching: SearchQuery("zxq")).map(\.name) == ["张雪琴"])
        #expect(try db.setting("district") == "明湖区")
        let upgrade = try FileManager.default.contentsOfDirectory(atPath: db.backupDirectory).filter { $0.hasPrefix("before-upgrade-from-v1-settings-members") }
        #expect(upgrade.count == 1)
        #expect(try AppDatabase.inspect(backup: db.backupDirectory + "/" + upgrade[0]).schema == "v1-settings-members")
        // Opening again at the current schema makes no further copy.
        _ = try tmp.open()
        #expect(try FileManager.default.contentsOfDirectory(atPath: db.backupDirectory).count == 1)
    }
}

/// A flag one thread sets and another reads.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
