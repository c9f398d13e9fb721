internal import CPangoCairo
import Foundation
import StudioCore

/// The faces an official page is set in, found among the fonts fontconfig knows (through pango's font map, the
/// same list `fc-list :lang=zh family` prints): a 小标宋 for the title, a 仿宋 for the body, a 黑体 for the section
/// headings and a 楷体 for sub-headings, as GB/T 9704-2012 names them. Where one is missing the embedded Noto
/// CJK faces stand in (Noto Serif CJK SC for the body, its bold for the title, Noto Sans CJK SC for headings), and
/// `note` says so: it goes into the PDF's metadata and the message of whoever printed it.
public struct OfficialFonts: Equatable, Sendable {
    public struct Face: Equatable, Sendable {
        public var family: String
        public var bold: Bool
        /// Found by its kind (仿宋, 小标宋 …), not the Noto stand-in.
        public var found: Bool
        public var label: String { family + (bold ? " Bold" : "") }

        public init(family: String, bold: Bool, found: Bool) {
            self.family = family
            self.bold = bold
            self.found = found
        }
    }

    public var title: Face
    public var body: Face
    public var heading: Face
    public var subheading: Face

    /// Faces named outright (a test, or an office that wants particular ones); `choose` finds them.
    public init(title: Face, body: Face, heading: Face, subheading: Face) {
        self.title = title
        self.body = body
        self.heading = heading
        self.subheading = subheading
    }

    static let noto = "Noto Serif CJK SC"
    static let notoSans = "Noto Sans CJK SC"

    /// Picks the faces from a list of font families (case and spacing ignored).
    public static func choose(from families: [String]) -> OfficialFonts {
        func find(_ needles: [String], avoiding: [String] = []) -> String? {
            let key = { (s: String) in s.lowercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "_", with: "") }
            for n in needles {
                if let f = families.sorted().first(where: { f in key(f).contains(key(n)) && !avoiding.contains { key(f).contains(key($0)) } }) { return f }
            }
            return nil
        }
        let title = find(["XiaoBiaoSong", "小标宋", "XBS"]).map { Face(family: $0, bold: false, found: true) }
            ?? Face(family: noto, bold: true, found: false)
        let body = find(["FangSong", "仿宋", "FangSong_GB2312", "STFangsong"]).map { Face(family: $0, bold: false, found: true) }
            ?? Face(family: noto, bold: false, found: false)
        let heading = find(["SimHei", "黑体", "HeiTi", "FZHei"], avoiding: ["Mono"]).map { Face(family: $0, bold: false, found: true) }
            ?? Face(family: notoSans, bold: false, found: false)
        let sub = find(["KaiTi", "楷体", "STKaiti", "UKai"]).map { Face(family: $0, bold: false, found: true) }
            ?? Face(family: body.family, bold: true, found: false)
        return OfficialFonts(title: title, body: body, heading: heading, subheading: sub)
    }

    /// The families fontconfig offers on this machine (through pango's default font map).
    public static func installedFamilies() -> [String] {
        guard let map = pango_cairo_font_map_get_default() else { return [] }
        var list: UnsafeMutablePointer<UnsafeMutablePointer<PangoFontFamily>?>?
        var count: Int32 = 0
        pango_font_map_list_families(map, &list, &count)
        defer { g_free(list) }
        guard let list else { return [] }
        return (0..<Int(count)).compactMap { i in list[i].flatMap { pango_font_family_get_name($0) }.map { String(cString: $0) } }
    }

    /// What this machine has, looked up once per process.
    public static let detected: OfficialFonts = choose(from: installedFamilies())

    /// "标题：方正小标宋简体；正文：仿宋" — or where the Noto faces stand in, that they do.
    public var note: String {
        func one(_ what: String, _ kind: String, _ f: Face) -> String {
            "\(what) \(f.label)" + (f.found ? "" : "（未找到\(kind)字体，使用内置字体）")
        }
        return [one("标题", "小标宋", title), one("正文", "仿宋", body)].joined(separator: "；")
    }
}

/// A document on the official page of GB/T 9704-2012: A4; 天头 (top margin) 37 mm; 订口 (binding margin: left on
/// odd pages, right on even ones) 28 mm; a 156 × 225 mm text block of 22 lines of 28 characters; the title in a
/// 小标宋 face at 2号 (22 pt), centred; the body in a 仿宋 face at 3号 (16 pt), each paragraph indented two characters;
/// section headings (一、) in a 黑体 face, sub-headings (（一）) in a 楷体 face; page numbers "— 1 —" in 4号 (14 pt)
/// half-width figures 7 mm below the text block, one character in from its outer edge (right on odd pages, left on
/// even ones). Tables are ruled, in 小四 (12 pt), their header repeated on each page they run onto.
///
/// Used by the studio's 年度工作总结 and meant for any report that goes up as a document (汇总表, 总结材料):
/// build the sections, set the closing lines (落款: who and the date), render to a path.
public struct OfficialDocument: Sendable {
    public struct Table: Equatable, Sendable {
        public var header: [String]
        public var rows: [[String]]
        /// Relative column widths; nil: from the widest text of each column.
        public var widths: [Double]?

        public init(header: [String], rows: [[String]], widths: [Double]? = nil) {
            self.header = header
            self.rows = rows
            self.widths = widths
        }
    }

    public enum Block: Equatable, Sendable {
        /// A body paragraph (first line indented two characters).
        case paragraph(String)
        /// A second-level heading such as "（一）活动情况", in the 楷体 face.
        case subheading(String)
        case table(Table)
    }

    public struct Section: Equatable, Sendable {
        /// "一、基本情况" (numbered by the caller), in the 黑体 face; empty for none.
        public var heading: String
        public var blocks: [Block]

        public init(heading: String, blocks: [Block]) {
            self.heading = heading
            self.blocks = blocks
        }
    }

    public var title: String
    public var sections: [Section]
    /// 落款: lines set right, four characters in (the issuer, the date).
    public var closing: [String]
    public var fonts: OfficialFonts

    public init(title: String, sections: [Section], closing: [String] = [], fonts: OfficialFonts = .detected) {
        self.title = title
        self.sections = sections
        self.closing = closing
        self.fonts = fonts
    }

    // The page in points (1 mm = 72 / 25.4 pt).
    public static let mm = 72.0 / 25.4
    public static let top = 37 * mm
    public static let binding = 28 * mm
    public static let blockWidth = 156 * mm
    public static let blockHeight = 225 * mm
    public static let linesPerPage = 22
    public static let charsPerLine = 28
    public static let bodySize = 16.0
    public static let titleSize = 22.0
    public static let pageNumberSize = 14.0
    public static let tableSize = 12.0
    /// One grid line: 225 mm / 22.
    public static var pitch: Double { blockHeight / Double(linesPerPage) }

    /// The left edge of the text block on page `n` (1-based): the binding is on the left of odd pages.
    public static func left(page n: Int) -> Double {
        n % 2 == 1 ? binding : PDFDocument.pageWidth - binding - blockWidth
    }

    var bodyFont: PDFFont {
        // 28 characters in 156 mm: the characters a little closer than their 16 pt (the standard's own arithmetic).
        PDFFont(size: Self.bodySize, bold: fonts.body.bold, family: fonts.body.family,
                letterSpacing: Self.blockWidth / Double(Self.charsPerLine) - Self.bodySize)
    }
    var titleFont: PDFFont { PDFFont(size: Self.titleSize, bold: fonts.title.bold, family: fonts.title.family) }
    var headingFont: PDFFont {
        PDFFont(size: Self.bodySize, bold: fonts.heading.bold, family: fonts.heading.family, letterSpacing: bodyFont.letterSpacing)
    }
    var subheadingFont: PDFFont {
        PDFFont(size: Self.bodySize, bold: fonts.subheading.bold, family: fonts.subheading.family, letterSpacing: bodyFont.letterSpacing)
    }
    var tableFont: PDFFont { PDFFont(size: Self.tableSize, family: fonts.body.family) }
    var numberFont: PDFFont { PDFFont(size: Self.pageNumberSize, family: OfficialFonts.noto) }

    /// Writes the PDF; returns the page count. The fonts used are in its metadata (subject).
    @discardableResult
    public func render(to path: String) throws -> Int {
        let pdf = try PDFDocument(path: path, title: title.replacingOccurrences(of: "\n", with: ""))
        pdf.metadata(subject: "字体：" + fonts.note, keywords: "GB/T 9704-2012")
        var page = Page(pdf: pdf, doc: self)
        page.titleLines(title)
        for section in sections {
            if !section.heading.isEmpty { page.lines(section.heading, font: headingFont, indent: true, keepWithNext: true) }
            for block in section.blocks {
                switch block {
                case .paragraph(let text): page.lines(text, font: bodyFont, indent: true)
                case .subheading(let text): page.lines(text, font: subheadingFont, indent: true, keepWithNext: true)
                case .table(let table): page.table(table)
                }
            }
        }
        if !closing.isEmpty {
            page.skip(1)
            for line in closing { page.closingLine(line) }
        }
        page.finish()
        return try pdf.finish()
    }

    /// The pen on the grid: page number and grid line (0–21), or a y below a table.
    struct Page {
        let pdf: PDFDocument
        let doc: OfficialDocument
        var number = 1
        var y: Double = OfficialDocument.top

        init(pdf: PDFDocument, doc: OfficialDocument) {
            self.pdf = pdf
            self.doc = doc
        }

        var left: Double { OfficialDocument.left(page: number) }
        var bottom: Double { OfficialDocument.top + OfficialDocument.blockHeight }
        var width: Double { OfficialDocument.blockWidth }
        var pitch: Double { OfficialDocument.pitch }

        /// Onto the next grid line at or below y.
        mutating func snap() {
            let n = ((y - OfficialDocument.top) / pitch - 0.001).rounded(.up)
            y = OfficialDocument.top + max(0, n) * pitch
        }

        mutating func newPage() {
            pageNumber()
            pdf.endPage()
            number += 1
            y = OfficialDocument.top
        }

        /// Room for `lines` more grid lines on this page.
        func fits(_ lines: Int) -> Bool { y + Double(lines) * pitch <= bottom + 0.5 }

        /// Blank grid lines (a page is begun only when something is drawn on it).
        mutating func skip(_ lines: Int) { y += Double(lines) * pitch }

        mutating func titleLines(_ text: String) {
            let font = doc.titleFont
            let lines = pdf.wrap(text, width: width, font: font)
            // A 22 pt line takes a grid line and a half: the title's lines are spaced by their own height.
            let h = pdf.measure("国", width: nil, font: font).height
            for line in lines {
                pdf.text(line, x: left, y: y, width: width, font: font, align: .center)
                y += h
            }
            snap()
            skip(1)
        }

        /// A paragraph or heading on the grid, a line at a time, onto the next page where the page ends. A heading
        /// is not left alone at the foot of a page.
        mutating func lines(_ text: String, font: PDFFont, indent: Bool, keepWithNext: Bool = false) {
            snap()
            let lines = pdf.wrap((indent ? "\u{3000}\u{3000}" : "") + text, width: width + 1, font: font)
            if keepWithNext && !fits(lines.count + 1) { newPage() }
            for line in lines {
                if !fits(1) { newPage() }
                pdf.text(line, x: left, y: y, width: width + 1, font: font)
                y += pitch
            }
        }

        mutating func closingLine(_ text: String) {
            if !fits(1) { newPage() }
            // 右空四字.
            pdf.text(text, x: left, y: y, width: width - 4 * OfficialDocument.bodySize, font: doc.bodyFont, align: .right)
            y += pitch
        }

        /// A ruled table under the text, the header again on each page it runs onto; the grid goes on below it.
        mutating func table(_ t: Table) {
            let font = doc.tableFont
            let n = t.header.count
            guard n > 0 else { return }
            let pad = PDFDocument.padding
            let weights: [Double] = t.widths ?? (0..<n).map { c in
                let texts = [t.header[c]] + t.rows.map { c < $0.count ? $0[c] : "" }
                let widest = texts.map { pdf.measure($0, width: nil, font: font).width }.max() ?? 0
                return min(max(widest, 2 * font.size), 16 * font.size) + 2 * pad
            }
            let widths = Self.columnWidths(weights, total: width)
            snap()
            func rowHeight(_ cells: [String]) -> Double {
                (0..<n).map { c in pdf.cellHeight(c < cells.count ? cells[c] : "", width: widths[c], font: font, minHeight: font.size * 1.8) }.max() ?? 0
            }
            func draw(_ cells: [String], bold: Bool) {
                var x = left
                let h = rowHeight(cells)
                var f = font
                f.bold = bold
                for c in 0..<n {
                    pdf.cell(c < cells.count ? cells[c] : "", x: x, y: y, width: widths[c], height: h, font: f, align: bold ? .center : .left)
                    x += widths[c]
                }
                y += h
            }
            let headerHeight = rowHeight(t.header)
            if y + headerHeight + (t.rows.first.map(rowHeight) ?? 0) > bottom { newPage() }
            draw(t.header, bold: true)
            for row in t.rows {
                if y + rowHeight(row) > bottom {
                    newPage()
                    draw(t.header, bold: true)
                }
                draw(row, bold: false)
            }
            snap()
        }

        /// Column widths from each column's widest text: narrow columns (dates, counts) keep their width, the wide
        /// ones share what is left in proportion; all grow alike when everything fits with room to spare.
        static func columnWidths(_ natural: [Double], total: Double) -> [Double] {
            var out = natural
            var left = total
            var open = Array(natural.indices).sorted { natural[$0] < natural[$1] }
            while let i = open.first, natural[i] <= left / Double(open.count) {
                left -= natural[i]
                open.removeFirst()
            }
            let rest = open.reduce(0) { $0 + natural[$1] }
            for i in open { out[i] = natural[i] / max(rest, 1) * left }
            let sum = out.reduce(0, +)
            return sum < total ? out.map { $0 * total / max(sum, 1) } : out
        }

        /// "— 3 —", 7 mm under the text block, one character in from the outer edge.
        func pageNumber() {
            let font = doc.numberFont
            let text = "— \(number) —"
            let w = pdf.measure(text, width: nil, font: font).width
            let y = bottom + 7 * OfficialDocument.mm
            let x = number % 2 == 1 ? left + width - font.size - w : left + font.size
            pdf.text(text, x: x, y: y, width: w + 1, font: font)
        }

        mutating func finish() { pageNumber() }
    }
}
