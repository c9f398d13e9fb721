import CSV
import Foundation
import Testing
@testable import StudioCore
@testable import StudioExport
@testable import StudioStore

/// Issue 24: a CSV is read a piece of its bytes at a time (GB18030 converted piece by piece), never whole. The rows
/// are CSV.swift's rows, whatever the pieces' size; the checks before reading say the same as when the whole text
/// was decoded first.
@Suite struct StreamedCSVTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-streamed-\(UUID().uuidString)")

    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The rows of the byte reader, its pieces `size` bytes long.
    func rows(_ path: String, _ source: ImportTextPieces.Source, size: Int) throws -> [[String]] {
        let reader = CSVByteReader(try #require(ImportTextPieces(path: path, source: source, pieceBytes: size)))
        var out: [[String]] = []
        while let row = try reader.next() { out.append(row) }
        return out
    }

    /// CSV.swift's rows of the same text.
    static func library(_ text: String) throws -> [[String]] {
        let reader = try CSVReader(string: text, hasHeaderRow: false)
        var out: [[String]] = []
        while let row = reader.next() { out.append(row) }
        return out
    }

    /// GB18030 bytes of the text, through the C library's iconv.
    static func gb18030(_ text: String) throws -> [UInt8] {
        let cd = iconv_open("GB18030", "UTF-8")
        #expect(cd != iconv_t(bitPattern: -1))
        defer { iconv_close(cd) }
        var input = Array(text.utf8).map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 2 + 16)
        let written: Int = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr = inBuf.baseAddress, inLeft = inBuf.count
                var outPtr = outBuf.baseAddress, outLeft = outBuf.count
                _ = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                return outBuf.count - outLeft
            }
        }
        return output[..<written].map { UInt8(bitPattern: $0) }
    }

    static let awkward = [
        "a,b,c\n1,2,3\n", "a,b\r\n\"x,y\",\"he said \"\"hi\"\"\"\r\nz,\n", "\"line\nbreak\",2\n", "a\rb\r\nc\n\n\nd",
        "\"x\"y,z\n", "\"x\"中文,z\n", "\"x\"😀,z\r\n", "\"x\" ,y", "a,\"\"\n,\n", "\"unclosed,row\nnext", "5\"屏,\"a\"\"\"\r\rb",
        "工作室,活动日期\n明湖区湖滨街道委员工作室,2026-01-01\n", "\"\"\"\",\"\"", "a,b,", ",", "\n", "\"", "x\"y\"z,\"é\"é",
    ]

    @Test func theByteReaderReadsEveryRowAsCSVSwiftDoesInPiecesOfAnySize() throws {
        // The awkward cases, and random texts of the characters that mean something to a CSV reader.
        var texts = Self.awkward
        var rng = SystemRandomNumberGenerator()
        let alphabet = ["a", "中", "é", "😀", "\"", "\"", ",", "\r", "\n", " ", "\r\n"]
        for _ in 0..<300 {
            texts.append((0..<Int.random(in: 1...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined())
        }
        for (i, text) in texts.enumerated() {
            let path = try file("t\(i).csv", Array(text.utf8))
            let expected = try Self.library(text)
            for size in [1, 2, 3, 5, 64, 1 << 16] {
                #expect(try rows(path, .utf8, size: size) == expected, "\(text.debugDescription) in pieces of \(size)")
            }
        }
    }

    @Test func gb18030IsConvertedPieceByPieceWithCharactersCutAtAPiecesEnd() throws {
        // Two- and four-byte characters (𠀀 and 😀 take four in GB18030), cut at every place by pieces of 1 to 7 bytes.
        let text = "工作室,活动名称,备注\n明湖区湖滨街道委员工作室,\"读书会，𠀀😀\",€é\r\n桂园,协商,\"多\n行\"\n"
        let path = try file("gb.csv", try Self.gb18030(text))
        for size in 1...7 {
            #expect(try rows(path, .gb18030, size: size) == Self.library(text), "pieces of \(size)")
        }
        // A file that stops in the middle of a character is not GB18030.
        let cut = try file("cut.csv", Array(try Self.gb18030("姓名\n张三")).dropLast())
        #expect(try ImportFile.scan(cut, .gb18030, pieceBytes: 3).isValid == false)
    }

    @Test func theChecksBeforeReadingFindTheSameInPiecesAsInTheWholeText() throws {
        // A quote opened in one piece and never closed, reported where it opens.
        let quote = try file("quote.csv", Array("姓名,备注\n张三,\"第一行\n李四,x\n王五,y\n".utf8))
        for size in [1, 4, 9, 1 << 16] {
            guard case .valid(let facts) = try ImportFile.scan(quote, .utf8, pieceBytes: size) else { Issue.record("not UTF-8"); continue }
            #expect(facts.unclosedQuote.map { [$0.row, $0.column] } == [2, 2], "pieces of \(size)")
            #expect(facts.hasContent && !facts.hasNUL)
        }
        // Bytes that are not UTF-8 after a BOM, named by their line, wherever the pieces are cut.
        let bad = try file("bad.csv", [0xEF, 0xBB, 0xBF] + Array("姓名\n李明\n中文".utf8) + [0xD5, 0xC5, 0xC8, 0xFD, 0x0A])
        for size in [1, 2, 3, 5, 1 << 16] {
            guard case .invalid(let line) = try ImportFile.scan(bad, .utf8, pieceBytes: size) else { Issue.record("read as UTF-8"); continue }
            #expect(line == 3, "pieces of \(size)")
        }
        // White space only (a full-width space too) is an empty file; a NUL byte a binary one.
        guard case .valid(let blank) = try ImportFile.scan(try file("blank.csv", Array(" \r\n\u{3000}\t\n".utf8)), .utf8, pieceBytes: 2) else {
            Issue.record("not UTF-8")
            return
        }
        #expect(!blank.hasContent)
        #expect(throws: ImportFileError("文件 \(dir.appendingPathComponent("nul.csv").path) 不是文本文件（含有二进制内容），请另存为 CSV 后再导入")) {
            _ = try ImportFile.openCSV(path: try file("nul.csv", Array("姓名\n张".utf8) + [0] + Array("三\n".utf8)))
        }
    }
}

extension ImportFile.Scan {
    var isValid: Bool { if case .valid = self { true } else { false } }
}
