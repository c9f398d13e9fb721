import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file's text as UTF-8 bytes, a piece at a time, so an import never holds the whole file or its decoded text:
/// read 64 KiB at a time, a UTF-8 file's BOM passed over, GB18030 converted by iconv piece by piece (a character
/// cut by a piece's end is carried over to the next piece).
final class ImportTextPieces {
    enum Source { case utf8, gb18030 }
    struct Invalid: Error {}

    static let pieceBytes = 1 << 16
    private let fd: Int32
    private let source: Source
    private var cd: iconv_t?
    /// Bytes read but not yet converted (the start of a GB18030 character cut by the piece's end).
    private var raw: [UInt8] = []
    private var rawCount = 0
    private var ended = false

    /// Nil when the file cannot be opened for reading.
    init?(path: String, source: Source, pieceBytes: Int = pieceBytes) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        self.source = source
        raw = [UInt8](repeating: 0, count: max(pieceBytes, 4))
        if source == .gb18030 {
            let c = iconv_open("UTF-8", "GB18030")
            guard c != iconv_t(bitPattern: -1) else { Glibc.close(fd); return nil }
            cd = c
        }
        // A BOM says UTF-8 and is not text.
        var head = [UInt8](repeating: 0, count: 3)
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 3, 0) }
        if source == .utf8, n == 3, head == [0xEF, 0xBB, 0xBF] { lseek(fd, 3, SEEK_SET) }
    }

    deinit {
        if let cd { iconv_close(cd) }
        Glibc.close(fd)
    }

    /// The next piece of UTF-8 text into `out` (replacing what it held); false at the end of the file. Throws
    /// `Invalid` on bytes that are no GB18030 character (or one cut off by the end of the file).
    func next(into out: inout [UInt8]) throws -> Bool {
        while true {
            if ended { return false }
            let room = raw.count - rawCount
            let n = raw.withUnsafeMutableBytes { read(fd, $0.baseAddress! + rawCount, room) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Invalid()
            }
            if n == 0 {
                ended = true
                // A GB18030 character begun and never finished.
                if rawCount > 0 { throw Invalid() }
                return false
            }
            rawCount += n
            switch source {
            case .utf8:
                out.removeAll(keepingCapacity: true)
                out.append(contentsOf: raw[0..<rawCount])
                rawCount = 0
                return true
            case .gb18030:
                try convert(into: &out)
                if !out.isEmpty { return true }
            }
        }
    }

    private func convert(into out: inout [UInt8]) throws {
        // Each GB18030 character (1, 2 or 4 bytes) becomes at most 4 bytes of UTF-8: twice the input is room enough.
        let capacity = rawCount * 2 + 16
        if out.count < capacity { out = [UInt8](repeating: 0, count: capacity) }
        var written = 0
        var consumed = 0
        var failed = false
        let total = rawCount
        raw.withUnsafeMutableBytes { inRaw in
            out.withUnsafeMutableBytes { outRaw in
                var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
                var inLeft = total
                var outPtr: UnsafeMutablePointer<CChar>? = outRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outLeft = capacity
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                // EINVAL: a character cut by the piece's end, carried over; anything else is a bad sequence.
                if r == -1 && errno != EINVAL { failed = true }
                consumed = total - inLeft
                written = capacity - outLeft
            }
        }
        if failed { throw Invalid() }
        // The unconverted tail (at most 3 bytes) moves to the front for the next read.
        let left = total - consumed
        if left > 0 {
            for i in 0..<left { raw[i] = raw[consumed + i] }
        }
        rawCount = left
        out.removeSubrange(written...)
    }
}

/// What the check before an import finds in a file's text while reading it once, a piece at a time: whether it
/// holds anything but white space, a NUL byte (a binary file), and where a quoted cell that never closes opens —
/// read the way the CSV reader reads (a quote opens a cell only at its start; inside one "" is a quote and "
/// ends it before a comma, a line break or the end; anything else after a closing quote stays in the cell).
struct ImportTextFacts {
    private enum State { case cellStart, unquoted, afterCR, quoted, quotedQuote }
    private var state = State.cellStart
    private var row = 1, column = 1
    private var quoteOpened = (row: 0, column: 0)
    private(set) var hasContent = false
    private(set) var hasNUL = false
    /// Bytes of a UTF-8 character cut by the piece's end, while looking for content that is not white space.
    private var pendingScalar: [UInt8] = []

    /// Where an unclosed quote opens, once the whole text has been read.
    var unclosedQuote: (row: Int, column: Int)? { state == .quoted ? quoteOpened : nil }

    mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) {
        let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        if !hasContent { findContent(bytes) }
        if !hasNUL && memchr(base, 0, bytes.count) != nil { hasNUL = true }
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            switch state {
            case .cellStart:
                if b == quote {
                    quoteOpened = (row, column)
                    state = .quoted
                    i += 1
                    continue
                }
                state = .unquoted
                continue  // the same byte, read as part of an unquoted cell
            case .unquoted:
                // Most bytes: skipped without a state change.
                while i < n {
                    let c = bytes[i]
                    if c == comma || c == cr || c == lf { break }
                    i += 1
                }
                guard i < n else { return }
                endCell(bytes[i])
            case .afterCR:
                state = .cellStart
                if b == lf { i += 1 }
                continue
            case .quoted:
                guard let q = memchr(base + i, Int32(quote), n - i) else { return }
                i = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(q))
                state = .quotedQuote
            case .quotedQuote:
                if b == comma || b == cr || b == lf { endCell(b) } else { state = .quoted }
            }
            i += 1
        }
    }

    /// A comma or a line break that ends a cell.
    private mutating func endCell(_ c: UInt8) {
        if c == 0x2C {
            column += 1
            state = .cellStart
        } else {
            row += 1
            column = 1
            state = c == 0x0D ? .afterCR : .cellStart
        }
    }

    /// Any character that is not white space (as `Character.isWhitespace` tells it, scalar by scalar).
    private mutating func findContent(_ bytes: UnsafeBufferPointer<UInt8>) {
        var input = (pendingScalar + Array(bytes)).makeIterator()
        pendingScalar = []
        var parser = Unicode.UTF8.ForwardParser()
        var taken = 0
        while true {
            switch parser.parseScalar(from: &input) {
            case .valid(let s):
                taken += s.count
                if !Unicode.UTF8.decode(s).properties.isWhitespace { hasContent = true; return }
            case .error(let length):
                // A character cut by the end of the piece: kept for the next one (bad bytes never get here).
                let rest = Array((pendingScalar + Array(bytes)).dropFirst(taken))
                pendingScalar = rest.count < 4 ? rest : []
                _ = length
                return
            case .emptyInput:
                return
            }
        }
    }
}

/// CSV rows from UTF-8 bytes, a piece at a time: the reading of CSV.swift's `CSVReader` (the library the program
/// writes its CSV with, and read with until the import was streamed), rule for rule, on bytes. CSV.swift can read
/// a stream too, but it decodes every character to a Unicode scalar and appends it to a string one at a time, which
/// was most of reading a 200,000-row file; the other CSV library at hand (SwiftCSV) reads a whole string. Commas,
/// quotes and line breaks are ASCII, never part of a UTF-8 character, so the rules read the same on bytes.
/// `ImportFileTests` holds this reader to CSV.swift's rows on the awkward cases.
final class CSVByteReader {
    private let pieces: ImportTextPieces
    private var buffer: [UInt8] = []
    private var position = 0
    private var ended = false
    /// A byte read ahead and given back (CSV.swift's `back`), -1 for none.
    private var back = -1
    private var field: [UInt8] = []

    private static let quote = 0x22, comma = 0x2C, cr = 0x0D, lf = 0x0A

    init(_ pieces: ImportTextPieces) {
        self.pieces = pieces
        field.reserveCapacity(256)
    }

    /// The next byte, -1 at the end.
    @inline(__always) private func moveNext() throws -> Int {
        if back >= 0 {
            defer { back = -1 }
            return back
        }
        if position < buffer.count {
            defer { position += 1 }
            return Int(buffer[position])
        }
        guard try refill() else { return -1 }
        position = 1
        return Int(buffer[0])
    }

    private func refill() throws -> Bool {
        if ended { return false }
        while try pieces.next(into: &buffer) {
            position = 0
            if !buffer.isEmpty { return true }
        }
        ended = true
        buffer.removeAll()
        position = 0
        return false
    }

    /// The next row's cells; nil at the end of the text.
    func next() throws -> [String]? {
        var c = try moveNext()
        if c < 0 { return nil }
        var row: [String] = []
        while true {
            let end: Bool
            if c < 0 {
                row.append("")
                end = true
            } else if c == Self.quote {
                end = try readField(quoted: true, into: &row)
            } else {
                back = c
                end = try readField(quoted: false, into: &row)
            }
            if end { break }
            c = try moveNext()
        }
        return row
    }

    /// One cell appended to `row`; true when it ended the row.
    private func readField(quoted: Bool, into row: inout [String]) throws -> Bool {
        field.removeAll(keepingCapacity: true)
        defer { row.append(String(decoding: field, as: UTF8.self)) }
        while true {
            if back < 0 { scanRun(quoted: quoted) }
            let c = try moveNext()
            if c < 0 { return true }
            if quoted {
                if c == Self.quote {
                    let next = try moveNext()
                    if next < 0 || next == Self.cr || next == Self.lf {
                        if next == Self.cr {
                            let after = try moveNext()
                            if after != Self.lf { back = after }
                        }
                        return true
                    } else if next == Self.comma {
                        return false
                    } else if next == Self.quote {
                        field.append(UInt8(Self.quote))
                    } else {
                        // As CSV.swift does: the quote is kept and the character after it dropped.
                        field.append(UInt8(Self.quote))
                        let more = next >= 0xF0 ? 3 : next >= 0xE0 ? 2 : next >= 0xC0 ? 1 : 0
                        for _ in 0..<more { _ = try moveNext() }
                    }
                } else {
                    field.append(UInt8(c))
                }
            } else {
                if c == Self.cr || c == Self.lf {
                    if c == Self.cr {
                        let next = try moveNext()
                        if next != Self.lf { back = next }
                    }
                    return true
                } else if c == Self.comma {
                    return false
                } else {
                    field.append(UInt8(c))
                }
            }
        }
    }

    /// The bytes up to the next one that means something to the reader, taken into the cell at once.
    @inline(__always) private func scanRun(quoted: Bool) {
        let start = position
        let end = buffer.count
        guard start < end else { return }
        var i = start
        buffer.withUnsafeBufferPointer { b in
            if quoted {
                while i < end && b[i] != 0x22 { i += 1 }
            } else {
                while i < end {
                    let c = b[i]
                    if c == 0x2C || c == 0x0A || c == 0x0D { break }
                    i += 1
                }
            }
            if i > start { field.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i])) }
        }
        position = i
    }
}

/// UTF-8 checked a piece at a time: a character cut by a piece's end is checked with the next piece.
struct UTF8Check {
    private var carry: [UInt8] = []
    /// Line breaks in the text checked so far.
    private var lineBreaks = 0

    /// The line (1-based, in the whole text) holding the first byte that is not UTF-8, or nil while all is.
    mutating func read(_ piece: [UInt8]) -> Int? {
        let bytes = carry.isEmpty ? piece : carry + piece
        // A character begun in the last three bytes and not finished there is carried over.
        var cut = bytes.count
        var k = bytes.count - 1
        while k >= 0 && k >= bytes.count - 4 {
            let b = bytes[k]
            if b & 0xC0 != 0x80 {
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                if k + length > bytes.count { cut = k }
                break
            }
            k -= 1
        }
        let whole = bytes[..<cut]
        if String(validating: whole, as: UTF8.self) == nil {
            return lineBreaks + ImportFile.firstBadUTF8Line(Data(whole))
        }
        lineBreaks += whole.withUnsafeBufferPointer { b in b.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
        carry = Array(bytes[cut...])
        return nil
    }

    /// At the end of the text: a character begun and not finished.
    mutating func finish() -> Int? {
        carry.isEmpty ? nil : lineBreaks + 1
    }
}
