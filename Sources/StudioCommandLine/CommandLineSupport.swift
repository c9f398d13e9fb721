import ArgumentParser
import Foundation
import StudioCore
import StudioResources
import StudioStore
import TerminalKit

// What `studiodesk` and `studiodesk-bench` share: their errors, the shipped profiles, output formats and tables.

/// An error whose text is the whole message (no "Error:" noise), exit code 1.
public struct Failure: Error, CustomStringConvertible {
    public let description: String
    public init(_ text: String) { description = text }
}

/// The shipped profiles with the office's own readings (规则设置) of this data file: what counts and scorecards judge by.
public func loadProfiles(for db: AppDatabase) throws -> [RuleProfile] {
    do { return try db.officeProfiles(loadProfiles()) } catch let f as Failure { throw f } catch { throw Failure("\(error)") }
}

/// Loads the shipped rule profiles; a malformed file names the file and field.
public func loadProfiles() throws -> [RuleProfile] {
    guard let dir = ResourceLocator.profileDirectory() else {
        let tried = ResourceLocator.profileDirectoryCandidates().map(\.path).joined(separator: "\n  ")
        throw Failure("找不到规则目录 profiles。已查找：\n  \(tried)\n可用环境变量 STUDIODESK_PROFILES 指定。")
    }
    do {
        return try ProfileLoader.loadAll(directory: dir)
    } catch let e as ProfileError {
        throw Failure("\(e)（目录：\(dir.path)）")
    }
}

/// Prints to standard error.
public func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

public enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// Plain-text tables for the command line, aligned by display width.
public enum TextTable {
    public static func render(headers: [String], rows: [[String]], footer: String? = nil) -> String {
        var widths = headers.map { DisplayWidth.of($0) }
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : DisplayWidth.pad(c, to: widths[i])
            }
            return padded.joined(separator: "  ")
        }
        var out = line(headers) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for r in rows { out += line(r) + "\n" }
        out += (footer ?? "共 \(rows.count) 名") + "\n"
        return out
    }
}
