import Foundation
import Testing
@testable import StudioCore
@testable import StudioDemo
@testable import StudioResources
@testable import StudioStore
import TestSupport

/// The demo district in a fresh temporary file, with the shipped rule profiles: what the import and export
/// tests start from.
func demoOffice(_ name: String) throws -> (dir: URL, db: AppDatabase, profiles: [RuleProfile]) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let profiles = try ProfileLoader.loadAll(directory: try #require(ResourceLocator.profileDirectory()))
    let db = try DemoTemplate.open(path: dir.appendingPathComponent("demo.sqlite").path, profiles: profiles)
    return (dir, db, profiles)
}
