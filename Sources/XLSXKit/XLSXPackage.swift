// XLSXKit: the .xlsx package (a ZIP of XML parts) and its part names.
import Foundation
import ZIPFoundation

// MARK: - ZIP access

/// The opened ZIP, with part lookup that tolerates case and backslash differences (OPC names are case-insensitive).
struct XLSXPackage {
    static let maxEntrySize: UInt64 = 200 * 1024 * 1024

    let fileName: String
    private let archive: Archive
    private let entries: [String: Entry]

    init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        fileName = url.lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw XLSXError("找不到文件「\(fileName)」，请确认文件位置是否正确。")
        }
        if isDirectory.boolValue {
            throw XLSXError("「\(fileName)」是一个文件夹，不是 Excel 工作簿（.xlsx）。")
        }
        let head: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            head = try handle.read(upToCount: 8) ?? Data()
        } catch {
            throw XLSXError("无法读取文件「\(fileName)」：没有读取权限，或文件正被其他程序占用。")
        }
        if head.isEmpty {
            throw XLSXError("「\(fileName)」是空文件，不是有效的 Excel 工作簿（.xlsx）。")
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            // OLE compound file: legacy .xls, or an .xlsx wrapped by Excel's password encryption.
            throw XLSXError("「\(fileName)」是旧版 Excel（.xls）格式，或设置了打开密码。请在 Excel 或 WPS 中打开，另存为不带密码的 .xlsx 文件后再导入。")
        }
        let notWorkbook = XLSXError("「\(fileName)」不是有效的 Excel 工作簿（.xlsx）。它可能是 CSV、网页或其他文件改了扩展名，请在 Excel 或 WPS 中打开后另存为 .xlsx。")
        guard head.starts(with: [0x50, 0x4B]) else { throw notWorkbook }
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw notWorkbook
        }
        var index: [String: Entry] = [:]
        for entry in archive {
            index[XLSXPackage.key(entry.path)] = entry
        }
        entries = index
    }

    private static func key(_ path: String) -> String {
        var p = path.replacingOccurrences(of: "\\", with: "/")
        while p.hasPrefix("/") { p.removeFirst() }
        return p.lowercased()
    }

    func contains(_ part: String) -> Bool { entries[XLSXPackage.key(part)] != nil }

    /// The part's bytes, or nil if absent. Refuses entries over 200 MB, whatever the header claims.
    func data(_ part: String) throws -> Data? {
        guard let entry = entries[XLSXPackage.key(part)], entry.type == .file else { return nil }
        let limit = XLSXPackage.maxEntrySize
        let tooBig = XLSXError("「\(fileName)」中的 \(part) 解压后超过 200 MB，已拒绝读取（文件可能已损坏或被恶意构造）。")
        if entry.uncompressedSize > limit { throw tooBig }
        struct Overflow: Error {}
        var out = Data()
        out.reserveCapacity(Int(min(entry.uncompressedSize, 64 * 1024 * 1024)))
        do {
            let crc = try archive.extract(entry, bufferSize: 256 * 1024) { chunk in
                if UInt64(out.count + chunk.count) > limit { throw Overflow() }
                out.append(chunk)
            }
            if crc != entry.checksum { throw XLSXError("crc") }
        } catch is Overflow {
            throw tooBig
        } catch {
            throw XLSXError("「\(fileName)」已损坏：无法解压 \(part)。请用 Excel 或 WPS 打开后重新保存为 .xlsx。")
        }
        if Self.declaresDTD(out) {
            throw XLSXError("「\(fileName)」的 \(part) 声明了 DTD/实体：不支持含 DTD/实体定义的工作簿（可能是恶意文件）。请在 Excel 或 WPS 中打开后重新保存为 .xlsx，或另存为 CSV 再导入。")
        }
        return out
    }

    /// Whether the part's prolog has a `<!DOCTYPE`: a DTD declares entities (billion laughs, outside files),
    /// which libxml2 drops without a word, so a cell would lose its text. Excel and WPS never write one.
    static func declaresDTD(_ data: Data) -> Bool {
        // UTF-16 or UTF-32 markup (allowed by XML, never written by Excel) is ASCII once its zero bytes are gone.
        let bytes = data.prefix(4).contains(0) ? data.filter { $0 != 0 } : data
        return bytes.withUnsafeBytes { (b: UnsafeRawBufferPointer) -> Bool in
            func starts(_ s: String, at i: Int) -> Bool {
                let u = Array(s.utf8)
                return i + u.count <= b.count && zip(u.indices, u).allSatisfy { b[i + $0.0] == $0.1 }
            }
            func after(_ s: String, from i: Int) -> Int? {
                var j = i
                while j < b.count {
                    if starts(s, at: j) { return j + s.utf8.count }
                    j += 1
                }
                return nil
            }
            var i = 0
            while i < b.count, [0xEF, 0xBB, 0xBF, 0xFE, 0xFF].contains(b[i]) { i += 1 }  // byte order marks
            while i < b.count {
                if [0x20, 0x09, 0x0D, 0x0A].contains(b[i]) {
                    i += 1
                } else if starts("<?", at: i) {
                    guard let j = after("?>", from: i) else { return false }
                    i = j
                } else if starts("<!--", at: i) {
                    guard let j = after("-->", from: i) else { return false }
                    i = j
                } else {
                    return starts("<!DOCTYPE", at: i)
                }
            }
            return false
        }
    }

    /// Resolves a relationship target against the part that owns the .rels file.
    static func resolve(_ target: String, from sourcePart: String) -> String {
        var t = target.replacingOccurrences(of: "\\", with: "/")
        t = t.removingPercentEncoding ?? t
        var parts: [Substring] = t.hasPrefix("/") ? [] : Array(sourcePart.split(separator: "/").dropLast())
        for segment in t.split(separator: "/") {
            switch segment {
            case "", ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(segment)
            }
        }
        return parts.joined(separator: "/")
    }

    static func relsPath(for part: String) -> String {
        var dir = part.split(separator: "/").map(String.init)
        let name = dir.popLast() ?? ""
        return (dir + ["_rels", name + ".rels"]).joined(separator: "/")
    }
}
