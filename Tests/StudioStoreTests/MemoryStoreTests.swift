import Foundation
import GRDB
import Testing
@testable import StudioStore

/// Issue 24's memory: what the store holds while it reads.
@Suite struct MemoryStoreTests {
    /// The writer keeps its statement journals in memory (imports); a reader's sorts (a year's GROUP BY) spill to a
    /// temp file past the page cache rather than being held whole.
    @Test func onlyTheWriterKeepsItsTempFilesInMemory() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-temp-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let db = try AppDatabase.open(path: path)
        #expect(try db.writer.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA temp_store") } == 2)
        #expect(try db.writer.read { try Int.fetchOne($0, sql: "PRAGMA temp_store") } == 0)
    }
}
