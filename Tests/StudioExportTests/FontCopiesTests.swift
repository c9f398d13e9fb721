import Foundation
import Testing
@testable import StudioCore
@testable import StudioDemo
@testable import StudioPrint
@testable import StudioResources
@testable import StudioStore
import TestSupport

/// Issue 24: printouts set in the smaller copies of the Noto faces (FontSubsets) are the same documents as with the
/// full faces — the demo year's scorecards give the same text, page for page, in the same fonts.
@Suite(.serialized) struct FontCopiesTests {
    func run(_ tool: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [tool] + args
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(tool) \(args)")
        return String(decoding: data, as: UTF8.self)
    }

    /// The font names pdffonts lists, without cairo's subset tags (ABCDEF+), and whether all are embedded.
    func fonts(_ pdf: String) throws -> (names: Set<String>, embedded: Bool) {
        let rows = try run("pdffonts", [pdf]).split(separator: "\n").dropFirst(2)
        let names = Set(rows.compactMap { $0.split(separator: " ").first.map { String($0.split(separator: "+").last ?? $0) } })
        return (names, rows.allSatisfy { $0.contains(" yes ") })
    }

    @Test func theDemoYearsScorecardsReadTheSameInTheCopiesAsInTheFullFaces() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-fontcopies-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let profiles = try ProfileLoader.loadAll(directory: try #require(ResourceLocator.profileDirectory()))
        let db = try DemoTemplate.open(path: dir.appendingPathComponent("demo.sqlite").path, profiles: profiles)
        var sheets = try db.withEvidence(db.yearResults(year: 2026, profiles: profiles, today: "2026-12-20"))
        try #require(sheets.count > 5)
        // A text with a character outside GB 2312 (names often have one) is set in the full faces whole.
        sheets[0].0.name = "王堃喆赟委员工作室"
        let summary = YearEndSummary.make(year: 2026, results: sheets)
        func render(copies: Bool) throws -> String {
            PDFDocument.usesFontCopies = copies
            defer { PDFDocument.usesFontCopies = true }
            let path = dir.appendingPathComponent("scorecards-\(copies).pdf").path
            try ScorecardPrintout(sheets: sheets, summary: summary, district: "明湖区", printedOn: "2026-12-21").render(to: path)
            return path
        }
        let full = try render(copies: false)
        let copies = try render(copies: true)
        // The copies are made and in use on this machine (the CI installs fonts-noto-cjk).
        #expect(FontSubsets.families.hasPrefix(FontSubsets.family))
        let text = try run("pdftotext", ["-layout", copies, "-"])
        #expect(text.contains("王堃喆赟委员工作室"))
        #expect(text == (try run("pdftotext", ["-layout", full, "-"])))
        let (a, b) = (try fonts(full), try fonts(copies))
        #expect(a.names == b.names)
        #expect(b.names.contains("NotoSerifCJKsc-Regular") && b.names.contains("NotoSerifCJKsc-Bold"))
        #expect(a.embedded && b.embedded)
    }

    @Test func theCopiesHoldGB2312AndAreKeptForTheNextProcess() throws {
        let kept = FontSubsets.characters()
        let count = kept.reduce(0) { $0 + $1.count }
        #expect(count > 10_000)
        for c in ["评", "估", "表", "值", "班", "①", "□", "：", "Ａ", "a", "℃"] {
            let v = c.unicodeScalars.first!.value
            #expect(kept.contains { $0.contains(v) }, "\(c)")
        }
        #expect(!kept.contains { $0.contains("堃".unicodeScalars.first!.value) })
        #expect(FontSubsets.covers("评估表：合计 78 分（达标线 80 分）\n①□"))
        #expect(!FontSubsets.covers("王堃委员工作室"))
        #expect(!FontSubsets.covers("𠀀"))
        _ = FontSubsets.families
        let dir = try #require(FontSubsets.directory())
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix("-v\(FontSubsets.version).otf") }
        #expect(files.contains { $0.hasPrefix("NotoSerifCJK-Regular-") } && files.contains { $0.hasPrefix("NotoSerifCJK-Bold-") })
    }
}
