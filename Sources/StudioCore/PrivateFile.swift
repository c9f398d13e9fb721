import Foundation

/// Files and folders the program writes for the clerk — exports, the whole-file JSON, archive bundles, printouts,
/// backups — hold members' names and phone numbers: they are the owner's only (0600 files, 0700 new folders)
/// whatever the umask, like the data file itself.
public enum PrivateFile {
    public static let fileMode: mode_t = 0o600
    public static let folderMode: mode_t = 0o700

    /// Why a file could not be written, in Chinese.
    public struct WriteError: Error, CustomStringConvertible, LocalizedError {
        public let path: String
        public let reason: String
        public var description: String { "无法写入 \(path)：\(reason)" }
        public var errorDescription: String? { description }
    }

    /// Writes `data` to `path` whole or not at all: a temporary file beside it, created owner-only (so the data
    /// is never readable by others, not even while it is written), is renamed over it.
    public static func write(_ data: Data, to path: String) throws {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: path)
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue { throw WriteError(path: path, reason: "这是一个目录") }
        let dir = url.deletingLastPathComponent().path
        if !fm.fileExists(atPath: dir, isDirectory: &isDir) || !isDir.boolValue {
            throw WriteError(path: path, reason: "目录 \(dir) 不存在")
        }
        let temp = (dir as NSString).appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).part")
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw WriteError(path: path, reason: "目录 \(dir) 不可写（\(reason(errno))）") }
        // open's mode passes through the umask, which may take more than group and other away.
        fchmod(fd, fileMode)
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            unlink(temp)
            throw WriteError(path: path, reason: "写入失败（\(error.localizedDescription)）")
        }
        guard rename(temp, path) == 0 else {
            let why = reason(errno)
            unlink(temp)
            throw WriteError(path: path, reason: why)
        }
    }

    public static func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }

    /// An empty owner-only file at `path` (an existing one emptied and made owner-only), for a library that then
    /// writes it by name (cairo's PDF surface truncates it and keeps its mode).
    public static func create(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw WriteError(path: path, reason: reason(errno)) }
        defer { close(fd) }
        guard fchmod(fd, fileMode) == 0 else { throw WriteError(path: path, reason: reason(errno)) }
    }

    /// `path` and any missing folders above it, each new one owner-only; folders already there are left as they are.
    public static func createFolder(_ path: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue { return }
            throw WriteError(path: path, reason: "已有同名文件，不是目录")
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path { try createFolder(parent) }
        // Made by another process meanwhile: theirs, left as it is.
        if mkdir(path, folderMode) == 0 { chmod(path, folderMode) } else if errno != EEXIST {
            throw WriteError(path: path, reason: "无法创建目录（\(reason(errno))）")
        }
    }

    /// The usual reasons a file cannot be written, in Chinese; others as the system gives them.
    public static func reason(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: "没有写权限"
        case EROFS: "只读文件系统"
        case ENOSPC: "磁盘空间不足"
        case ENOENT, ENOTDIR: "路径不存在"
        default: String(cString: strerror(code))
        }
    }
}
