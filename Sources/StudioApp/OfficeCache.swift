import Foundation
import StudioStore

/// Office-wide figures that take a whole-file read (every studio's compliance for a year, the year's scorecards),
/// kept while the file is unchanged (`AppDatabase.changeToken`). Thread-safe: the main menu fills it from a
/// background thread while the clerk already moves about; a screen asking for a figure being computed waits for it
/// rather than computing it twice.
public final class OfficeCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (token: String, value: Any)] = [:]
    private var keyLocks: [String: NSLock] = [:]

    private func keyLock(_ key: String) -> NSLock {
        lock.withLock {
            if let l = keyLocks[key] { return l }
            let l = NSLock()
            keyLocks[key] = l
            return l
        }
    }

    /// The value for `key` computed at the current token, or `compute`'s result stored for it.
    func value<T>(_ key: String, db: AppDatabase, _ compute: () throws -> T) throws -> T {
        let keyLock = keyLock(key)
        keyLock.lock()
        defer { keyLock.unlock() }
        let token = try db.changeToken()
        if let hit = lock.withLock({ entries[key] }), hit.token == token, let v = hit.value as? T { return v }
        let v = try compute()
        lock.withLock { entries[key] = (token, v) }
        return v
    }

    /// The last value stored for `key`, whatever the token (to show while a fresh one is computed).
    func last<T>(_ key: String) -> T? { lock.withLock { entries[key]?.value as? T } }

    /// `update` brings the last value stored for `key` (nil: none yet) up to date and stores the result. For values
    /// that know how fresh they are themselves (OfficeFigures keeps its audit position), so no token is kept.
    func updated<T>(_ key: String, _ update: (T?) throws -> T) throws -> T {
        let keyLock = keyLock(key)
        keyLock.lock()
        defer { keyLock.unlock() }
        let v = try update(last(key))
        lock.withLock { entries[key] = ("", v) }
        return v
    }

    // MARK: background work

    private var running = 0
    private let idle = NSCondition()

    /// Runs `work` on a background thread; `waitUntilIdle` (tests, the bench) waits for every such run to end.
    func background(_ work: @escaping @Sendable () -> Void) {
        idle.lock()
        running += 1
        idle.unlock()
        Thread.detachNewThread { [self] in
            work()
            idle.lock()
            running -= 1
            idle.broadcast()
            idle.unlock()
        }
    }

    public var isBusy: Bool {
        idle.lock()
        defer { idle.unlock() }
        return running > 0
    }

    public func waitUntilIdle() {
        idle.lock()
        while running > 0 { idle.wait() }
        idle.unlock()
    }
}
