import Foundation

/// Finds the shipped data files (rule profiles) without Bundle.module, whose
/// accessor stops the program when the bundle is missing: a clerk's copied
/// binary must get a clear message instead.
public enum ResourceLocator {
    /// Candidate profile directories, in the order they are tried.
    public static func profileDirectoryCandidates(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var out: [URL] = []
        if let dir = environment["STUDIODESK_PROFILES"], !dir.isEmpty {
            out.append(URL(fileURLWithPath: dir))
        }
        let bundleName = "StudioDesk_StudioResources.resources"
        if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            out.append(exe.appendingPathComponent(bundleName).appendingPathComponent("profiles"))
            out.append(exe.deletingLastPathComponent().appendingPathComponent("share/studiodesk/profiles"))
        }
        out.append(Bundle.main.bundleURL.appendingPathComponent(bundleName).appendingPathComponent("profiles"))
        // The source tree, for `swift run` and `swift test` on the machine that built it.
        out.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("profiles"))
        return out
    }

    /// The first candidate that exists, or nil.
    public static func profileDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        profileDirectoryCandidates(environment: environment).first { url in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
        }
    }

    /// The shipped holiday calendar (Resources/holidays/cn-holidays.json), found beside the profiles:
    /// `STUDIODESK_HOLIDAYS` names another file.
    public static func holidayFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let file = environment["STUDIODESK_HOLIDAYS"], !file.isEmpty { return URL(fileURLWithPath: file) }
        var dirs = profileDirectoryCandidates(environment: [:]).map { $0.deletingLastPathComponent().appendingPathComponent("holidays") }
        if let custom = environment["STUDIODESK_PROFILES"], !custom.isEmpty {
            dirs.insert(URL(fileURLWithPath: custom).deletingLastPathComponent().appendingPathComponent("holidays"), at: 0)
        }
        return dirs.map { $0.appendingPathComponent("cn-holidays.json") }.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The demo district's data (Resources/demo), found beside the profiles like the holiday calendar.
    public static func demoDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        var dirs = profileDirectoryCandidates(environment: [:]).map { $0.deletingLastPathComponent().appendingPathComponent("demo") }
        if let custom = environment["STUDIODESK_PROFILES"], !custom.isEmpty {
            dirs.insert(URL(fileURLWithPath: custom).deletingLastPathComponent().appendingPathComponent("demo"), at: 0)
        }
        return dirs.first { url in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.appendingPathComponent("studios.json").path, isDirectory: &isDir) && !isDir.boolValue
        }
    }

    /// The roles and their permissions (Resources/roles.json), found beside the profiles: `STUDIODESK_ROLES` names another file.
    public static func rolesFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let file = environment["STUDIODESK_ROLES"], !file.isEmpty { return URL(fileURLWithPath: file) }
        var dirs = profileDirectoryCandidates(environment: [:]).map { $0.deletingLastPathComponent() }
        if let custom = environment["STUDIODESK_PROFILES"], !custom.isEmpty {
            dirs.insert(URL(fileURLWithPath: custom).deletingLastPathComponent(), at: 0)
        }
        return dirs.map { $0.appendingPathComponent("roles.json") }.first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
