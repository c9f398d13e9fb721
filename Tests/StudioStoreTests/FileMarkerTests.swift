import Foundation
import GRDB
import Testing
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import StudioResources

/// Issue 19, item 1: a StudioDesk file is marked and checked; any other program's SQLite file is refused before a
/// byte of it changes — opening, read-only review, demo, restore — and older StudioDesk files are marked on migration.
@Suite struct FileMarkerTests {
    let tmp = TempDatabase()

    /// A file another program made with `sql`, in the temporary folder.
    func foreignFile(_ name: String, _ sql: String) throws -> String {
        try FileManager.default.createDirectory(at: tmp.dir, withIntermediateDirectories: true)
        let path = tmp.dir.appendingPathComponent(name).path
        let q = try DatabaseQueue(path: path)
        try q.write { try $0.execute(sql: sql) }
        try q.close()
        return path
    }

    /// The file and its neighbours (no -wal, no -shm may appear).
    func bytes(_ path: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasPrefix(URL(fileURLWithPath: path).lastPathComponent) {
            out[name] = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path)
        }
        return out
    }

    @Test(arguments: [
        ("notes.sqlite", "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)", "其他程序的 SQLite 文件，含有表：notes"),
        ("own-member.sqlite", "CREATE TABLE member(id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE setting(key TEXT)", "含有表：member、setting"),
        ("other-grdb.sqlite", "CREATE TABLE grdb_migrations(identifier TEXT NOT NULL PRIMARY KEY); INSERT INTO grdb_migrations VALUES ('v1'); CREATE TABLE place(id INTEGER)",
         "另一个程序（GRDB 应用）的 SQLite 文件"),
        ("marked.sqlite", "PRAGMA application_id = 1234; CREATE TABLE t(x)", "application_id 0x000004D2"),
    ])
    func anotherProgramsFileIsRefusedAndLeftByteIdentical(_ test: (String, String, String)) throws {
        let path = try foreignFile(test.0, test.1)
        let before = try bytes(path)
        for readOnly in [false, true] {
            #expect {
                _ = try AppDatabase.open(path: path, readOnly: readOnly)
            } throws: { error in
                guard case .notStudioDesk(_, let found) = error as? StoreError else { return false }
                return found.contains(test.2) && "\(error)".contains("StudioDesk 没有改动它")
            }
        }
        #expect(try bytes(path) == before)
        // A restore needs the target open first: refused the same way, and the backup never lands on it.
        let backupSource = try tmp.open()
        _ = try backupSource.backup(to: tmp.dir.appendingPathComponent("good-backup.sqlite").path)
        #expect(throws: StoreError.self) { try AppDatabase.open(path: path).restore(from: tmp.dir.appendingPathComponent("good-backup.sqlite").path, today: "2026-12-06") }
        #expect(try bytes(path) == before)
    }

    @Test func newAndOlderStudioDeskFilesAreMarked() throws {
        let db = try tmp.open()
        #expect(try db.read { try Int32.fetchOne($0, sql: "PRAGMA application_id") } == AppDatabase.applicationID)
        #expect(try AppDatabase.origin(ofFileAt: tmp.path) == .studioDesk)
        // The first shipped schema, made before the mark: recognised by its migrations, marked by the upgrade.
        let old = tmp.dir.appendingPathComponent("old.sqlite").path
        try FileManager.default.copyItem(atPath: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/schema-v1.sqlite").path,
                                         toPath: old)
        #expect(try AppDatabase.origin(ofFileAt: old) == .studioDesk)
        let upgraded = try AppDatabase.open(path: old)
        #expect(try upgraded.read { try Int32.fetchOne($0, sql: "PRAGMA application_id") } == AppDatabase.applicationID)
        // An empty SQLite file (no tables) may become StudioDesk's.
        let empty = try foreignFile("empty.sqlite", "PRAGMA user_version = 0")
        #expect(try AppDatabase.origin(ofFileAt: empty) == .empty)
        #expect(try AppDatabase.open(path: empty).appliedMigrations().count > 10)
    }

    @Test func theDemoIsNotLoadedIntoAnotherProgramsFile() throws {
        let path = try foreignFile("notes2.sqlite", "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES ('保留')")
        let before = try bytes(path)
        #expect(throws: StoreError.self) {
            try AppDatabase.open(path: path).loadDemo(DemoDataSet.make(), profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
        }
        #expect(try bytes(path) == before)
    }
}
