import Foundation
@testable import StudioCore
import StudioPrint
import Testing

/// The official page (GB/T 9704-2012) checked from the PDF itself: page size, the margins from the words'
/// positions (pdftotext -bbox, in points), 28 characters a line, page numbers on the outer edge, the fonts named.
@Suite struct OfficialDocumentTests {
    struct Word {
        var page: Int
        var xMin, yMin, xMax: Double
        var text: String
    }

    /// Every word of the PDF with its page (1-based) and box.
    func words(_ path: String) throws -> [Word] {
        let html = try run("pdftotext", ["-bbox", path, "-"])
        var out: [Word] = []
        var page = 0
        for line in html.split(separator: "\n") {
            if line.contains("<page ") { page += 1; continue }
            guard line.contains("<word ") else { continue }
            func attr(_ name: String) -> Double {
                guard let r = line.range(of: name + "=\"") else { return .nan }
                return Double(line[r.upperBound...].prefix { $0 != "\"" }) ?? .nan
            }
            let text = line.split(separator: ">", maxSplits: 1).last.map { String($0.prefix { $0 != "<" }) } ?? ""
            out.append(Word(page: page, xMin: attr("xMin"), yMin: attr("yMin"), xMax: attr("xMax"), text: text))
        }
        return out
    }

    func sampleDocument() -> OfficialDocument {
        let long = String(repeating: "委员工作室履职活动情况", count: 8)
        return OfficialDocument(title: "示范委员工作室2026年度工作总结", sections: [
            // Six paragraphs of four lines: the sixth goes on onto page 2.
            OfficialDocument.Section(heading: "一、基本情况", blocks: Array(repeating: .paragraph(long), count: 6)),
            OfficialDocument.Section(heading: "二、履职活动开展情况", blocks: [
                .subheading("（一）活动"),
                .table(OfficialDocument.Table(header: ["日期", "类别", "活动名称"],
                                              rows: (1...30).map { ["3月\($0)日", "读书交流", "第\($0)次读书会"] })),
                .paragraph(long),
            ]),
            OfficialDocument.Section(heading: "三、下一步计划", blocks: [.paragraph(long)]),
        ], closing: ["示范委员工作室", "2026年11月20日"])
    }

    @Test func a4WithTheStandardsMarginsAndLines() throws {
        let path = tempPDF("official")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let pages = try sampleDocument().render(to: path)
        #expect(pages >= 3)
        let info = try run("pdfinfo", [path])
        #expect(info.contains("595 x 842 pts (A4)"))
        let all = try words(path).filter { !$0.text.contains("—") && Int($0.text) == nil }  // without the page numbers
        let mm = 72.0 / 25.4
        // Page 1: the text block starts 37 mm from the top (天头) and 28 mm from the left (订口 of an odd page).
        let first = all.filter { $0.page == 1 }
        #expect(abs((first.map(\.yMin).min() ?? 0) - 37 * mm) < 2, "top \(first.map(\.yMin).min() ?? 0)")
        #expect(abs((first.map(\.xMin).min() ?? 0) - 28 * mm) < 1, "left \(first.map(\.xMin).min() ?? 0)")
        // No text right of the 156 mm block.
        #expect((all.filter { $0.page % 2 == 1 }.map(\.xMax).max() ?? 0) <= (28 + 156) * mm + 1)
        // Page 2 (even): the binding is on the right, the left margin is 210 − 28 − 156 = 26 mm.
        let second = all.filter { $0.page == 2 }
        #expect(abs((second.map(\.xMin).min() ?? 0) - 26 * mm) < 1, "left of page 2 \(second.map(\.xMin).min() ?? 0)")
        // Nothing below the 225 mm block but the page number.
        #expect((all.map(\.yMin).max() ?? 0) < (37 + 225) * mm)
        // 28 characters a line: a wrapped line of the body (not its indented first line).
        let body = first.filter { $0.text.allSatisfy { "委员工作室履职活动情况".contains($0) } }
        #expect(body.contains { $0.text.count == 28 }, "\(body.map { $0.text.count })")
        #expect(body.allSatisfy { $0.text.count <= 28 })
        // 22 lines a page: the body's grid lines are 225 mm / 22 apart.
        let ys = Set(first.filter { $0.text.count >= 20 }.map { ($0.yMin * 10).rounded() / 10 }).sorted()
        let gaps = zip(ys.dropFirst(), ys).map { $0 - $1 }
        #expect(gaps.contains { abs($0 - 225 * mm / 22) < 0.5 }, "\(gaps)")
    }

    @Test func pageNumbersOnTheOuterEdge() throws {
        let path = tempPDF("official-numbers")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try sampleDocument().render(to: path)
        let mm = 72.0 / 25.4
        let numbers = try words(path).filter { Int($0.text) != nil && $0.yMin > (37 + 225) * mm }
        let one = try #require(numbers.first { $0.page == 1 && $0.text == "1" })
        let two = try #require(numbers.first { $0.page == 2 && $0.text == "2" })
        // Odd page: at the right, one character (14 pt) in from the block's edge; even page: at the left.
        #expect(one.xMin > 150 * mm && one.xMax < (28 + 156) * mm)
        #expect(two.xMin < 60 * mm && two.xMin > 26 * mm)
        // 7 mm under the text block.
        #expect(abs(one.yMin - (37 + 225 + 7) * mm) < 4, "\(one.yMin)")
        let text = try pdfText(path, page: 1)
        #expect(text.contains("— 1 —") || squeezed(text).contains("—1—"))
    }

    @Test func sectionTitlesAndClosingAreFoundAndTheFontsNamed() throws {
        let path = tempPDF("official-text")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let doc = sampleDocument()
        try doc.render(to: path)
        let text = squeezed(try pdfText(path))
        for heading in ["示范委员工作室2026年度工作总结", "一、基本情况", "二、履职活动开展情况", "（一）活动", "三、下一步计划", "第30次读书会", "2026年11月20日"] {
            #expect(text.contains(heading), "\(heading)")
        }
        let info = try run("pdfinfo", [path])
        #expect(info.contains("Subject:") && info.contains("正文 \(doc.fonts.body.label)"), "\(info)")
    }

    @Test func fontsChosenFromWhatFontconfigHas() {
        let full = OfficialFonts.choose(from: ["Noto Serif CJK SC", "FangSong", "方正小标宋简体", "SimHei", "KaiTi", "Noto Sans Mono CJK SC"])
        #expect(full.title == .init(family: "方正小标宋简体", bold: false, found: true))
        #expect(full.body == .init(family: "FangSong", bold: false, found: true))
        #expect(full.heading.family == "SimHei")
        #expect(full.subheading.family == "KaiTi")
        #expect(full.note == "标题 方正小标宋简体；正文 FangSong")
        // GB2312-era names, any case.
        #expect(OfficialFonts.choose(from: ["FangSong_GB2312", "FZXiaoBiaoSong-B05S"]).body.family == "FangSong_GB2312")
        #expect(OfficialFonts.choose(from: ["fzxiaobiaosong-b05s"]).title.found)
        // Only the Noto faces: they stand in, and the note says so.
        let noto = OfficialFonts.choose(from: ["Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Sans Mono CJK SC"])
        #expect(noto.title == .init(family: "Noto Serif CJK SC", bold: true, found: false))
        #expect(noto.body == .init(family: "Noto Serif CJK SC", bold: false, found: false))
        #expect(noto.heading.family == "Noto Sans CJK SC")
        #expect(noto.note == "标题 Noto Serif CJK SC Bold（未找到小标宋字体，使用内置字体）；正文 Noto Serif CJK SC（未找到仿宋字体，使用内置字体）")
        // This machine's list comes from fontconfig through pango, and has the Noto faces the README installs.
        #expect(OfficialFonts.installedFamilies().contains("Noto Serif CJK SC"))
    }

    /// The office's year-end 总结材料 prints like a studio's 总结: its figures' sections, then its own three.
    @Test func theOfficesYearEndMaterialPrintsItsSections() throws {
        let q4 = Period(.quarter, year: 2026, index: 4)
        let studio = StudioReturn(name: "甲县某委员工作室", type: .sector, mode: .offline, sector: "医药卫生界", committee: "", status: .plaqued,
                                  plaquedOn: "2026-10-10", endedOn: nil, isNew: true,
                                  activities: [.init(id: "visit", name: "走访调研", online: 1, offline: 2)],
                                  proposals: .init(), sqmy: .init(), duty: .init(), compliance: [], highlights: [])
        let county = QuarterlyReturn(office: "甲县", level: .county, period: q4, madeAt: "2026-12-30T09:00:00", studios: [studio])
        let quarters = Period.all(.quarter, in: 2026).map { p in
            AreaSummary(QuarterlyReturn(office: "某市", level: .city, period: p, madeAt: "2026-12-31T09:00:00", studios: [],
                                        lower: p == q4 ? [.init(receivedAt: "2026-12-30T10:00:00", checksum: "x", content: county)] : []), expected: ["甲县"])
        }
        let summary = OfficeYearSummary(office: "某市", level: .city, figures: AreaYear(year: 2026, quarters: quarters), today: "2026-12-31")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("office-year-\(UUID().uuidString).pdf").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let doc = OfficialDocument(officeYear: summary, own: AnnualSummaryText(highlights: "全市工作室建设有序推进。"), dated: "2026-12-31")
        #expect(try doc.render(to: path) >= 1)
        let text = squeezed(try pdfText(path))
        for heading in ["某市政协委员工作室2026年度工作总结", "一、基本情况", "二、活动开展情况", "三、履职成果", "四、规定次数完成情况",
                        "五、下级单位报送情况", "六、成绩和特色亮点", "七、存在问题", "八、下一步计划", "全市工作室建设有序推进。",
                        "全年开展活动3次", "未按季度报送：一季度：甲县；二季度：甲县；三季度：甲县。", "2026年12月31日"] {
            #expect(text.contains(heading), "\(heading)")
        }
        // On the official page: the text block's left edge at 订口 28 mm on page 1.
        let first = try words(path).filter { $0.page == 1 }
        #expect(abs((first.map(\.xMin).min() ?? 0) - OfficialDocument.binding) < 1)
    }
}
