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
            let n = Double(t.headers.count)
            let first = n == 1 ? FormLayout.width : max(120, FormLayout.width / (n + 1) * 2)
            let rest = n == 1 ? 0 : (FormLayout.width - first) / (n - 1)
            let widths = [first] + Array(repeating: rest, count: t.headers.count - 1)
            let head = [row(l, t.headers, widths: widths, bold: true)]
            let rows = t.rows.isEmpty ? [row(l, ["（无）"] + Array(repeating: "", count: t.headers.count - 1), widths: widths)]
                : t.rows.map { row(l, $0, widths: widths) }
            p.table([l.caption(t.caption)] + head, continued: [l.caption(t.caption + "（续）")] + head, rows: rows)
        }
        return try l.write(p.pages, studio: "", printedOn: printedOn)
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
