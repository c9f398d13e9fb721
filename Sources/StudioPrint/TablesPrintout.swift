import Foundation
import StudioCore

/// A titled set of plain tables on A4 (the 汇总表 of a quarter): each table under its caption, its header repeated
/// (续) on a new page. The first column is the widest; the others share the rest.
public struct TablesPrintout {
    public struct Table: Sendable {
        public var caption: String
        public var headers: [String]
        public var rows: [[String]]
        public init(caption: String, headers: [String], rows: [[String]]) {
            self.caption = caption
            self.headers = headers
            self.rows = rows
        }
    }

    public var title: String
    public var lines: [String]
    public var tables: [Table]
    public var printedOn: String

    public init(title: String, lines: [String] = [], tables: [Table], printedOn: String) {
        self.title = title
        self.lines = lines
        self.tables = tables
        self.printedOn = printedOn
    }

    @discardableResult
    public func render(to path: String) throws -> Int {
        let doc = try PDFDocument(path: path, title: title)
        let l = FormLayout(doc: doc)
        var p = Pager()
        p.place([l.title(title)])
        for line in lines { p.place([l.headerLine(label: line.components(separatedBy: "：").first ?? "", value: line.components(separatedBy: "：").dropFirst().joined(separator: "："))]) }
        for t in tables where !t.headers.isEmpty {
            let widths = columnWidths(doc, t)
            let head = [row(l, t.headers, widths: widths, bold: true)]
            let rows = t.rows.isEmpty ? [row(l, ["（无）"] + Array(repeating: "", count: t.headers.count - 1), widths: widths)]
                : t.rows.map { row(l, $0, widths: widths) }
            p.table([l.caption(t.caption)] + head, continued: [l.caption(t.caption + "（续）")] + head, rows: rows)
        }
        return try l.write(p.pages, studio: "", printedOn: printedOn)
    }

    /// Each column as wide as its longest line (the header may wrap), scaled to the text block's width.
    func columnWidths(_ doc: PDFDocument, _ t: Table) -> [Double] {
        let font = PDFFont(size: 10.5)
        let natural = t.headers.indices.map { i -> Double in
            let cells = t.rows.map { $0.indices.contains(i) ? $0[i] : "" }
            let widest = cells.map { doc.measure($0, width: nil, font: font).width }.max() ?? 0
            let header = min(doc.measure(t.headers[i], width: nil, font: font).width, 4 * 10.5)
            return max(widest, header, 2 * 10.5) + 2 * PDFDocument.padding + 2
        }
        let total = natural.reduce(0, +)
        return natural.map { $0 * FormLayout.width / total }
    }

    func row(_ l: FormLayout, _ texts: [String], widths: [Double], bold: Bool = false) -> Block {
        let font = PDFFont(size: 10.5, bold: bold)
        let height = zip(texts, widths).map { l.doc.cellHeight($0, width: $1, font: font, minHeight: FormLayout.rowMin) }.max() ?? FormLayout.rowMin
        var x = FormLayout.left
        var items: [Item] = []
        for (i, (text, w)) in zip(texts, widths).enumerated() {
            items.append(Item(kind: .cell(align: bold ? .center : (i == 0 ? .left : .right), valign: .middle), x: x, y: 0, width: w, height: height,
                              text: text, font: font))
            x += w
        }
        return Block(height: height, items: items)
    }
}
