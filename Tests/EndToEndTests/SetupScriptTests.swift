import Foundation
import Testing

/// Scripts/run and Scripts/test install the Debian packages they need. Scripts/setup-test.sh checks that with a fake
/// dpkg, apt-get, sudo and id on a PATH of their own (nothing is installed); this runs it with every test run.
@Suite struct SetupScriptTests {
    @Test func theScriptsInstallWhatIsMissingThroughAptGetAndSudoOnlyWhenNotRoot() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
        let out = root.appendingPathComponent(".build/setup-test-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["bash", root.appendingPathComponent("Scripts/setup-test.sh").path]
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        p.waitUntilExit()
        try handle.close()
        let output = String(decoding: try Data(contentsOf: out), as: UTF8.self)
        #expect(p.terminationStatus == 0, "\(output)")
        #expect(output.contains("all passed"), "\(output)")
        #expect(!output.contains("FAIL"), "\(output)")
    }
}
