import Foundation
import StudioCore

// The form-layout engine the printouts share (application form, wall checklist): bordered cells and loose
// text in blocks never split across pages, the pager, and the rows measured with the document's fonts.

// MARK: - Blocks

/// Something drawn on a form: a bordered cell or loose text, positioned relative to its block.
struct Item {
    enum Kind {
        case cell(align: TextAlign, valign: VerticalAlign)
        case text(align: TextAlign)
        case signature(signer: String, date: String?, showDate: Bool)
        /// A tick box (检查方式 现场 □ / 远程 □), drawn so it does not depend on the font having ☑.
        case box(ticked: Bool)
        /// A bordered cell with a PNG picture (the member's photo on the 值班公示), or the text when there is none.
        case picture(path: String?)
    }
    var kind: Kind
    var x, y, width, height: Double
    var text: String
    var font: PDFFont = .body
}

/// A horizontal slice of the form that is never split across pages.
/// A block at its place on a page.
struct PlacedBlock {
    var y: Double
    var block: Block
}

struct Block {
    var height: Double
    var items: [Item]
}

/// Lays out blocks on pages; a table's caption and header repeat (续) on each new page.
struct Pager {
    var pages: [[PlacedBlock]] = [[]]
    var y = FormLayout.top

    mutating func place(_ blocks: [Block]) {
        let height = blocks.reduce(0) { $0 + $1.height }
        if y + height > FormLayout.bottom && !pages.last!.isEmpty {
            pages.append([])
            y = FormLayout.top
        }
        for b in blocks {
            pages[pages.count - 1].append(PlacedBlock(y: y, block: b))
            y += b.height
        }
    }

    mutating func table(_ head: [Block], continued: [Block], rows: [Block]) {
        var pending = head
        for row in rows {
            if !pending.isEmpty {
                place(pending + [row])
                pending = []
            } else if y + row.height > FormLayout.bottom {
                pages.append([])
                y = FormLayout.top
                place(continued + [row])
            } else {
                place([row])
            }
        }
        if !pending.isEmpty { place(pending) }
    }
}

/// Widths and builders of the form's rows, measured with the document's fonts.
struct FormLayout {
    let doc: PDFDocument
    static let left = 45.0
    static let width = PDFDocument.pageWidth - 2 * left
    static let top = 48.0
    static let bottom = PDFDocument.pageHeight - 56
    static let label = 92.0
    static let groupLabel = label
    static let subLabel = 78.0
    static let rowMin = 26.0

    func h(_ text: String, _ width: Double, font: PDFFont = .body) -> Double {
        doc.cellHeight(text, width: width, font: font, minHeight: Self.rowMin)
    }

    func title(_ text: String) -> Block {
        let height = doc.measure(text, width: Self.width, font: .title).height
        return Block(height: height + 22, items: [Item(kind: .text(align: .center), x: Self.left, y: 4, width: Self.width,
                                                      height: height, text: text, font: .title)])
    }

    /// A bold line above a table ("驻室委员", "一、排名与结论").
    func caption(_ text: String) -> Block {
        let font = PDFFont(size: 11.5, bold: true)
        let height = doc.measure(text, width: Self.width, font: font).height
        return Block(height: height + 14, items: [Item(kind: .text(align: .left), x: Self.left, y: 8, width: Self.width,
                                                      height: height, text: text, font: font)])
    }

    func headerLine(label: String, value: String) -> Block {
        let text = "\(label)：\(value)"
        let height = doc.measure(text, width: Self.width).height
        return Block(height: height + 8, items: [Item(kind: .text(align: .left), x: Self.left, y: 0, width: Self.width,
                                                     height: height, text: text)])
    }

    /// One row of label/value pairs (one or two pairs).
    func row(_ pairs: [(String, String)]) -> Block {
        let valueWidth = (Self.width - Double(pairs.count) * Self.label) / Double(pairs.count)
        let height = pairs.map { max(h($0.0, Self.label), h($0.1, valueWidth)) }.max() ?? Self.rowMin
        var items: [Item] = []
        var x = Self.left
        for (label, value) in pairs {
            items.append(Item(kind: .cell(align: .center, valign: .middle), x: x, y: 0, width: Self.label, height: height, text: label))
            x += Self.label
            items.append(Item(kind: .cell(align: .left, valign: .middle), x: x, y: 0, width: valueWidth, height: height, text: value))
            x += valueWidth
        }
        return Block(height: height, items: items)
    }

    /// A person block: the group label on the left spanning the rows, sub-label/value pairs two to a row.
    func group(label: String, pairs: [(String, String)]) -> Block {
        let inner = Self.width - Self.groupLabel
        let value2 = (inner - 2 * Self.subLabel) / 2
        var items: [Item] = []
        var y = 0.0
        var i = 0
        while i < pairs.count {
            let chunk = Array(pairs[i..<min(i + 2, pairs.count)])
            // A one-row block (姓名 + 单位职务) gives the second value more room.
            let single = pairs.count == 2
            let widths = chunk.count == 1 ? [inner - Self.subLabel]
                : single ? [2 * value2 * 0.38, 2 * value2 * 0.62] : [value2, value2]
            let height = zip(chunk, widths).map { max(h($0.0, Self.subLabel), h($0.1, $1)) }.max()!
            var x = Self.left + Self.groupLabel
            for ((sub, value), valueWidth) in zip(chunk, widths) {
                items.append(Item(kind: .cell(align: .center, valign: .middle), x: x, y: y, width: Self.subLabel, height: height, text: sub))
                x += Self.subLabel
                items.append(Item(kind: .cell(align: .left, valign: .middle), x: x, y: y, width: valueWidth, height: height, text: value))
                x += valueWidth
            }
            y += height
            i += 2
        }
        let total = max(y, h(label, Self.groupLabel))
        if total > y, let lastRowStart = items.indices.last.map({ items[$0].y }) {
            for k in items.indices where items[k].y == lastRowStart { items[k].height += total - y }
        }
        items.insert(Item(kind: .cell(align: .center, valign: .middle), x: Self.left, y: 0, width: Self.groupLabel, height: total, text: label), at: 0)
        return Block(height: total, items: items)
    }

    /// The member table: optional label cell on the left, optional header row, then the rows.
    func table(label: String?, headers: [String]?, widths: [Double], rows: [[String]]) -> Block {
        let x0 = Self.left + (label == nil ? 0 : Self.label)
        let inner = Self.width - (label == nil ? 0 : Self.label)
        let colWidths = widths.map { $0 * inner }
        var items: [Item] = []
        var y = 0.0
        func addRow(_ cells: [String], align: TextAlign) {
            let height = zip(cells, colWidths).map { h($0, $1) }.max() ?? Self.rowMin
            var x = x0
            for (text, w) in zip(cells, colWidths) {
                items.append(Item(kind: .cell(align: align, valign: .middle), x: x, y: y, width: w, height: height, text: text))
                x += w
            }
            y += height
        }
        if let headers { addRow(headers, align: .center) }
        for r in rows { addRow(r, align: .left) }
        if let label {
            let total = max(y, h(label, Self.label))
            items.insert(Item(kind: .cell(align: .center, valign: .middle), x: Self.left, y: 0, width: Self.label, height: total, text: label), at: 0)
            y = total
        }
        return Block(height: y, items: items)
    }

    func longText(label: String, value: String) -> Block {
        let valueWidth = Self.width - Self.label
        let height = max(130, h(label, Self.label), h(value, valueWidth) + 10)
        return Block(height: height, items: [
            Item(kind: .cell(align: .center, valign: .middle), x: Self.left, y: 0, width: Self.label, height: height, text: label),
            Item(kind: .cell(align: .left, valign: .top), x: Self.left + Self.label, y: 0, width: valueWidth, height: height, text: value),
        ])
    }

    func signature(label: String, showDate: Bool) -> Block {
        let valueWidth = Self.width - Self.label
        let height = max(showDate ? 70 : 56, h(label, Self.label))
        return Block(height: height, items: [
            Item(kind: .cell(align: .center, valign: .middle), x: Self.left, y: 0, width: Self.label, height: height, text: label),
            Item(kind: .signature(signer: "", date: nil, showDate: showDate), x: Self.left + Self.label, y: 0, width: valueWidth, height: height, text: ""),
        ])
    }

    func opinion(label: String, text: String, signer: String, date: String?) -> Block {
        let valueWidth = Self.width - Self.label
        let lines = doc.measure("签名：", width: nil).height * 2 + 14
        let height = max(78, h(label, Self.label), h(text, valueWidth) + lines)
        return Block(height: height, items: [
            Item(kind: .cell(align: .center, valign: .middle), x: Self.left, y: 0, width: Self.label, height: height, text: label),
            Item(kind: .signature(signer: signer, date: date, showDate: true), x: Self.left + Self.label, y: 0, width: valueWidth, height: height, text: ""),
            Item(kind: .text(align: .left), x: Self.left + Self.label + PDFDocument.padding, y: PDFDocument.padding,
                 width: valueWidth - 2 * PDFDocument.padding, height: 0, text: text),
        ])
    }

    func draw(_ block: Block, at top: Double) {
        for item in block.items {
            let y = top + item.y
            switch item.kind {
            case let .cell(align, valign):
                doc.cell(item.text, x: item.x, y: y, width: item.width, height: item.height, font: item.font, align: align, valign: valign)
            case let .text(align):
                doc.text(item.text, x: item.x, y: y, width: item.width, font: item.font, align: align)
            case let .signature(signer, date, showDate):
                doc.signatureBox(x: item.x, y: y, width: item.width, height: item.height, signer: signer, date: date,
                                 showDate: showDate, font: item.font)
            case let .picture(path):
                doc.rect(x: item.x, y: y, width: item.width, height: item.height)
                let p = PDFDocument.padding
                if path.map({ doc.image(path: $0, x: item.x + p, y: y + p, width: item.width - 2 * p, height: item.height - 2 * p) }) != true {
                    doc.cell(item.text, x: item.x, y: y, width: item.width, height: item.height, font: .small, align: .center, border: false)
                }
            case let .box(ticked):
                doc.rect(x: item.x, y: y, width: item.width, height: item.height, lineWidth: 0.7)
                if ticked {
                    // A stroked tick: the CJK fonts have no ☑ and their √ sits low in the box.
                    let (w, h) = (item.width, item.height)
                    doc.line(x1: item.x + 0.18 * w, y1: y + 0.5 * h, x2: item.x + 0.42 * w, y2: y + 0.78 * h, lineWidth: 1.3)
                    doc.line(x1: item.x + 0.42 * w, y1: y + 0.78 * h, x2: item.x + 0.85 * w, y2: y + 0.15 * h, lineWidth: 1.3)
                }
            }
        }
    }

    /// Draws laid-out pages with their footers and writes the file; returns the page count.
    func write(_ pages: [[PlacedBlock]], studio: String, printedOn: String) throws -> Int {
        for (n, page) in pages.enumerated() {
            draw(page, number: n + 1, of: pages.count, studio: studio, printedOn: printedOn)
        }
        return try doc.finish()
    }

    /// Draws one laid-out page with its footer and ends it.
    func draw(_ page: [PlacedBlock], number: Int, of total: Int, studio: String, printedOn: String) {
        for placed in page { draw(placed.block, at: placed.y) }
        footer(page: number, of: total, studio: studio, printedOn: printedOn)
        doc.endPage()
    }

    func footer(page: Int, of total: Int, studio: String, printedOn: String) {
        let y = PDFDocument.pageHeight - 40
        // A loose page of a long printout still says whose it is.
        doc.text(studio, x: Self.left, y: y, width: Self.width * 0.36, font: .small)
        doc.text("第 \(page) 页，共 \(total) 页", x: Self.left, y: y, width: Self.width, font: .small, align: .center)
        doc.text("打印日期：\(DateInput.chinese(printedOn))", x: Self.left, y: y, width: Self.width, font: .small, align: .right)
    }
}
