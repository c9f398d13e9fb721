import Foundation
import GRDB
import Testing
@testable import StudioCore
@testable import StudioDemo
@testable import StudioStore

/// Issue 19, items 4, 5, 9 and 11 in the store: backups beside the data file by its absolute path, a read-only
/// session that changes no file, leftovers of interrupted backups removed, new files and folders owner-only.
extension BackupStoreTests {
    func mode(_ path: String) throws -> Int { try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1 }

    /// Every file of a folder with its bytes.
    func snapshot(_ dir: String) throws -> [String: Data] {
        try Dictionary(uniqueKeysWithValues: FileManager.default.contentsOfDirectory(atPath: dir).map { ($0, try Data(contentsOf: URL(fileURLWithPath: dir + "/" + $0))) })
    }

    /// A file whose last change was `age` seconds ago.
    func leftover(_ path: String, age: TimeInterval) throws {
        try Data("leftover".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -age)], ofItemAtPath: path)
    }

    /// `--db t.sqlite` from the folder it is in: the backups go to that folder's backups/, not to /backups.
    @Test func aRelativePathIsMadeAbsoluteAndTheBackupsLieBesideTheFile() throws {
        let folder = tmp.dir.appendingPathComponent("office").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Only the opens run in that folder: the directory is the whole process's, and other tests run meanwhile.
        let cwd = FileManager.default.currentDirectoryPath
        #expect(FileManager.default.changeCurrentDirectoryPath(folder))
        let opened = Result { (try AppDatabase.open(path: "t.sqlite"), try AppDatabase.open(path: "./sub/../t.sqlite", readOnly: true)) }
        _ = FileManager.default.changeCurrentDirectoryPath(cwd)
        let (db, reader) = try opened.get()
        let rootBefore = try? FileManager.default.contentsOfDirectory(atPath: "/backups")
        #expect(db.path == folder + "/t.sqlite")
        #expect(db.backupDirectory == folder + "/backups")
        let made = try #require(try db.dailyBackup(today: "2026-11-18"))
        #expect(made == folder + "/backups/studiodesk-2026-11-18.sqlite")
        #expect(FileManager.default.fileExists(atPath: made))
        #expect(reader.path == folder + "/t.sqlite" && reader.backupDirectory == folder + "/backups")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: "/backups")) == rootBefore)
    }

    /// `backup --keep 1 --read-only` deletes nothing, a refused restore leaves no before-restore copy, leftovers
    /// stay: the backup folder is byte for byte what it was. A copy to a file the reviewer names is allowed.
    @Test func aReadOnlySessionChangesNoFileInTheBackupFolder() throws {
        let db = try demo()
        for day in 16...18 { #expect(try db.dailyBackup(today: "2026-11-\(day)") != nil) }
        try leftover(db.backupDirectory + "/studiodesk-2026-11-15.sqlite.partial", age: 7200)
        let before = try snapshot(db.backupDirectory)
        #expect(before.count == 4)

        let reader = try AppDatabase.open(path: tmp.path, readOnly: true)
        #expect { try reader.dailyBackup(today: "2026-11-19", keep: 1) } throws: { "\($0)".contains("只读方式（审阅模式）不做自动备份") }
        let source = db.backupDirectory + "/studiodesk-2026-11-16.sqlite"
        #expect { try reader.restore(from: source, today: "2026-11-19") } throws: { "\($0)".contains("只读方式（审阅模式）不能恢复") }
        #expect(reader.removeInterruptedBackups(now: Date()).isEmpty)
        let copy = try reader.backup(to: file("review/copy.sqlite"))
        #expect(copy.members == 150)
        #expect(try snapshot(db.backupDirectory) == before)
        #expect(try db.memberCount() == 150)
    }

    /// Interrupted backups' files (and their journals) are removed when the file is opened and at the next backup;
    /// a younger one may be a clerk's backup still running and stays, as do files that are not ours.
    @Test func leftoversOfInterruptedBackupsAreRemovedAtOpenAndAtTheNextBackup() throws {
        let db = try demo()
        let dir = db.backupDirectory
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let stale = ["studiodesk-2026-11-17.sqlite.partial", "studiodesk-2026-11-17.sqlite.partial-journal",
                     "studiodesk-2026-11-16.sqlite.1a2b3c4d.partial", "studiodesk-2026-11-16.sqlite.1a2b3c4d.partial-wal",
                     "studiodesk-2026-11-16.sqlite.1a2b3c4d.partial-shm", "before-restore-2026-11-16-abc123.sqlite.9f8e7d6c.partial"]
        for name in stale { try leftover(dir + "/" + name, age: 3600) }
        try leftover(dir + "/studiodesk-2026-11-18.sqlite.5e6f7a8b.partial", age: 5)
        try leftover(dir + "/说明.txt", age: 3600)

        // Read-only: left as they are.
        _ = try AppDatabase.open(path: tmp.path, readOnly: true)
        #expect(try Set(FileManager.default.contentsOfDirectory(atPath: dir)).isSuperset(of: stale))
        // Opened to write: gone.
        _ = try tmp.open()
        #expect(try Set(FileManager.default.contentsOfDirectory(atPath: dir)) == ["studiodesk-2026-11-18.sqlite.5e6f7a8b.partial", "说明.txt"])

        // At the next backup, in backups/ and beside a named backup (only that backup's leftovers there).
        for name in stale { try leftover(dir + "/" + name, age: 3600) }
        let elsewhere = file("copies")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try leftover(elsewhere + "/office.sqlite.partial", age: 3600)
        try leftover(elsewhere + "/office.sqlite.77aa88bb.partial-journal", age: 3600)
        try leftover(elsewhere + "/download.partial", age: 3600)
        _ = try db.backup(to: elsewhere + "/office.sqlite")
        #expect(try Set(FileManager.default.contentsOfDirectory(atPath: elsewhere)) == ["office.sqlite", "download.partial"])
        #expect(try Set(FileManager.default.contentsOfDirectory(atPath: dir)) == ["studiodesk-2026-11-18.sqlite.5e6f7a8b.partial", "说明.txt"])
    }

    /// Under umask 022: the backups folder 0700, each backup 0600, a file made by `import all` 0600.
    @Test func newBackupsFoldersAndWholeFileImportsAreTheOwnersOnly() throws {
        let old = umask(0o022)
        defer { umask(old) }
        let db = try demo()
        let made = try #require(try db.dailyBackup(today: "2026-11-18"))
        #expect(try mode(db.backupDirectory) == 0o700)
        #expect(try mode(made) == 0o600)
        let nested = try db.backup(to: file("a/b/copy.sqlite"))
        #expect(try mode(file("a")) == 0o700 && mode(file("a/b")) == 0o700 && mode(nested.path) == 0o600)
        let imported = try AppDatabase.create(path: file("imported.sqlite"), from: try AppDatabase.readDump(try db.dump().json(), path: "x"))
        #expect(try imported.memberCount() == 150)
        #expect(try mode(file("imported.sqlite")) == 0o600)
    }
}
