import Foundation
import GRDB
import StudioCore
import StudioDemo
import StudioResources
import StudioStore

/// The demo district built once per test process (per set of rule profiles) and copied for each test: loading it
/// takes seconds in a debug build, copying the file milliseconds. Tests run in parallel, so the templates are
/// built under a lock; each copy is a new file of the test's own, mode 0600 as the program makes its files.
public enum DemoTemplate {
    /// The shipped rule profiles (Resources/profiles).
    public static func shippedProfiles() throws -> [RuleProfile] {
        guard let dir = ResourceLocator.profileDirectory() else { throw TemplateError("Resources/profiles not found") }
        return try ProfileLoader.loadAll(directory: dir)
    }

    /// Copies the demo district, loaded with `profiles` as `AppDatabase.loadDemo(DemoDataSet.make(), profiles:)`
    /// loads it, to `path` (its folder made if missing) and opens the copy.
    public static func open(path: String, profiles: [RuleProfile] = [], user: String? = nil) throws -> AppDatabase {
        try copy(to: path, profiles: profiles)
        return try AppDatabase.open(path: path, user: user)
    }

    /// Copies the demo district to `path`, which must not exist yet.
    public static func copy(to path: String, profiles: [RuleProfile] = []) throws {
        try copyFile(template(profiles: profiles), to: path)
    }

    /// A copy of a closed, checkpointed SQLite file: a new file, mode 0600, in a folder made 0700 when missing.
    public static func copyFile(_ template: String, to path: String) throws {
        let fm = FileManager.default
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // A leftover -wal beside the new file would be replayed into it.
        for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: path + suffix) {
            throw TemplateError("\(path + suffix) already exists")
        }
        try fm.copyItem(atPath: template, toPath: path)
        try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// The template file for these profiles, built on first use.
    static func template(profiles: [RuleProfile]) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let built = built.first(where: { $0.profiles == profiles }) { return built.path }
        let path = folder.appendingPathComponent("demo-\(built.count).sqlite").path
        let db = try AppDatabase.open(path: path)
        try db.loadDemo(DemoDataSet.make(), profiles: profiles)
        try seal(db)
        built.append((profiles, path))
        return path
    }

    /// Checkpoints the file and closes it, so the file alone holds every page (no -wal to copy along).
    public static func seal(_ db: AppDatabase) throws {
        try db.writer.writeWithoutTransaction { _ = try $0.checkpoint(.truncate) }
        try db.writer.close()
        let wal = (try? FileManager.default.attributesOfItem(atPath: db.path + "-wal")[.size] as? Int) ?? 0
        if wal != 0 { throw TemplateError("\(db.path)-wal still holds \(wal) bytes after the checkpoint") }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var built: [(profiles: [RuleProfile], path: String)] = []
    private static let folder: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-demo-template-\(getpid())-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        atexit { try? FileManager.default.removeItem(at: DemoTemplate.folder) }
        return dir
    }()
}

public struct TemplateError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
