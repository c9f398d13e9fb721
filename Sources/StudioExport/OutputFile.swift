import Foundation
import StudioCore
import StudioPrint

/// The files the clerk asks for — printouts and exports, from the screens and the command line alike: where a
/// typed path points, the extension added when it has none, a studio's name made safe as a file name, and why
/// a file could not be written, in Chinese. The writing itself is `PrivateFile`'s (owner-only, whole or not at all).
public enum OutputFile {
    /// A path as typed: `~` expanded, a relative one taken from `directory` (nil: left relative, that is from
    /// the current directory); empty stays empty, for the caller to ask for one.
    public static func resolve(_ text: String?, in directory: String? = nil) -> String {
        let path = ((text ?? "") as NSString).expandingTildeInPath
        guard let directory, !path.isEmpty, !path.hasPrefix("/") else { return path }
        return (directory as NSString).appendingPathComponent(path)
    }

    /// `path` ending in `ext` (".pdf"): added when it is not already there, in any case; an empty path stays empty.
    public static func withExtension(_ path: String, _ ext: String) -> String {
        path.isEmpty || path.lowercased().hasSuffix(ext.lowercased()) ? path : path + ext
    }

    /// A studio's name as one file name: a "/" in it would make a folder.
    public static func safeName(_ name: String) -> String { name.replacingOccurrences(of: "/", with: "／") }

    /// What the clerk is told when writing `path` failed: the messages the program's own errors carry, the
    /// system's reason for a file it could not write.
    public static func message(for error: Error, path: String) -> String {
        switch error {
        case let e as PDFError: e.description
        case let e as PrivateFile.WriteError: e.description
        case let e as ExportError: e.description
        case let e as PrintoutProblem: e.description
        case let e as CocoaError: "无法写入 \(path)：\(e.localizedDescription)"
        default: "\(error)"
        }
    }

    /// Writes `text` owner-only, whole or not at all (`PrivateFile`).
    public static func write(_ text: String, to path: String) throws { try PrivateFile.write(text, to: path) }
}
