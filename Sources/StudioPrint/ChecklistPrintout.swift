import Foundation
import StudioCore

/// The wall-content checklist (上墙检查表) of one studio: blank, to take along and tick by hand,
/// or filled with one inspection as it was recorded. The filled form prints the inspection's own
/// copy of the lists and items (InspectionVerdict.listName/itemText), not today's wording.
public struct ChecklistPrintout {
    public static let title = "委员工作室上墙检查表"

    public var status: StudioWallStatus
    public var profile: RuleProfile?
    public var team: [TeamEntry]
    /// nil: the blank form.
    public var inspection: InspectionRecord?
    /// ISO date printed in the footer.
    public var printedOn: String

    public init(status: StudioWallStatus, profile: RuleProfile? = nil, team: [TeamEntry] = [],
                inspection: InspectionRecord? = nil, printedOn: String) {
        self.status = status
        self.profile = profile
        self.team = team
        self.inspection = inspection
        self.printedOn = printedOn
    }

    /// One table of the form: a list's caption and its rows.
    public struct Section: Equatable, Sendable {
        public var caption: String
        public var rows: [Row]
    }

    public struct Row: Equatable, Sendable {
        public var text: String
        /// nil on the blank form.
        public var verdict: WallVerdict?
        public var note: String
    }

    /// 召集人 and 领衔委员 of the current team, in team order.
    public var leaders: String {
        team.filter { $0.isCurrent && [.convener, .lead].contains($0.membership.role) }.map(\.member.name).joined(separator: "、")
    }


    /// The tables to print: the lists in use (blank form) or the inspection's verdicts grouped by list (filled form).
    public var sections: [Section] {
        guard let inspection else {
            return status.lists.map { l in
                Section(caption: l.list.name + (l.list.inferred ? "（推定）" : ""),
                        rows: l.items.map { Row(text: $0.item.text, verdict: nil, note: "") })
            }
        }
        // Stable sort: verdicts with equal positions keep the order they were stored in.
        let ordered = inspection.verdicts.enumerated().sorted { ($0.element.position, $0.offset) < ($1.element.position, $1.offset) }.map(\.element)
        var sections: [Section] = []
        var byName: [String: Int] = [:]
        for v in ordered {
            let i = byName[v.listName] ?? {
                let inferred = status.lists.first { $0.list.key == v.listKey }?.list.inferred ?? false
                sections.append(Section(caption: v.listName + (inferred ? "（推定）" : ""), rows: []))
                byName[v.listName] = sections.count - 1
                return sections.count - 1
            }()
            var note = v.note
            if !v.evidence.isEmpty { note += (note.isEmpty ? "" : "\n") + "凭证：" + v.evidence }
            sections[i].rows.append(Row(text: v.itemText, verdict: v.verdict, note: note))
        }
        return sections
    }

    /// "合格 N 项，不合格 N 项，缺失 N 项" for the filled form.
    public var summary: String? {
        guard let inspection else { return nil }
        return WallVerdict.allCases.map { "\($0.title) \(inspection.count($0)) 项" }.joined(separator: "，")
    }

    // MARK: - Rendering

    /// Writes the PDF; returns the number of pages.
    @discardableResult
    public func render(to path: String) throws -> Int {
        if inspection == nil && status.lists.isEmpty {
            throw PDFError("「\(status.studio.name)」所用的规则没有在用的检查清单，无法打印上墙检查表")
        }
        let doc = try PDFDocument(path: path, title: Self.title)
        let layout = FormLayout(doc: doc)
        return try layout.write(paginate(layout), studio: status.studio.name, printedOn: printedOn)
    }


    /// Lays the form out into pages; a table row is never split, and a table that goes on
    /// to the next page repeats its caption (续) and column headers there.
    func paginate(_ l: FormLayout) -> [[PlacedBlock]] {
        var pages: [[PlacedBlock]] = [[]]
        var y = FormLayout.top
        func newPage() { pages.append([]); y = FormLayout.top }
        /// Places blocks that stay together on one page.
        func place(_ blocks: [Block]) {
            let height = blocks.reduce(0) { $0 + $1.height }
            if y + height > FormLayout.bottom && !pages.last!.isEmpty { newPage() }
            for b in blocks {
                pages[pages.count - 1].append(PlacedBlock(y: y, block: b))
                y += b.height
            }
        }

        place([l.title(Self.title)])
        for b in header(l) { place([b]) }
        let t = ChecklistTable(layout: l, blank: inspection == nil)
        for section in sections {
            // The caption and header go with the first row.
            var pending = [t.caption(section.caption), t.headerRow()]
            if section.rows.isEmpty { place(pending) }
            for (i, row) in section.rows.enumerated() {
                let block = t.row(number: i + 1, row)
                if !pending.isEmpty {
                    place(pending + [block])
                    pending = []
                    continue
                }
                if y + block.height > FormLayout.bottom {
                    newPage()
                    place([t.caption(section.caption + "（续）"), t.headerRow()])
                }
                place([block])
            }
        }
        place(closing(l))
        return pages
    }

    /// 工作室名称 … 检查方式, label/value rows.
    func header(_ l: FormLayout) -> [Block] {
        let s = status.studio
        let i = inspection?.inspection
        var mode = l.row([("检查方式", "")])
        // 现场 □ 远程 □ inside the value cell.
        let textH = l.doc.measure("现场", width: nil).height
        let box = 10.0
        var x = FormLayout.left + FormLayout.label + PDFDocument.padding + 4
        for (title, ticked) in [("现场", i?.onSite == true), ("远程", i.map { !$0.onSite } ?? false)] {
            let w = l.doc.measure(title, width: nil).width
            mode.items.append(Item(kind: .text(align: .left), x: x, y: (mode.height - textH) / 2, width: w + 2, height: textH, text: title))
            x += w + 6
            mode.items.append(Item(kind: .box(ticked: ticked), x: x, y: (mode.height - box) / 2, width: box, height: box, text: ""))
            x += box + 28
        }
        return [
            l.row([("工作室名称", s.name), ("类型", s.type.title)]),
            l.row([("地址", s.address)]),
            l.row([("召集人/领衔委员", leaders), ("适用规则", profile?.name ?? "")]),
            l.row([("检查日期", i.map { DateInput.chinese($0.date) } ?? "            年      月      日"), ("检查人", i?.inspector ?? "")]),
            mode,
        ]
    }

    /// Summary (filled form), 总体意见, then the two signatures; kept on one page.
    func closing(_ l: FormLayout) -> [Block] {
        var blocks: [Block] = [Block(height: 14, items: [])]
        if let summary {
            blocks.append(l.row([("检查结果", summary)]))
        }
        let note = inspection?.inspection.note ?? ""
        if inspection == nil || !note.isEmpty {
            let valueWidth = FormLayout.width - FormLayout.label
            // Room to write by hand on the blank form.
            let height = max(inspection == nil ? 60 : FormLayout.rowMin, l.h(note, valueWidth))
            blocks.append(Block(height: height, items: [
                Item(kind: .cell(align: .center, valign: .middle), x: FormLayout.left, y: 0, width: FormLayout.label, height: height, text: "总体意见"),
                Item(kind: .cell(align: .left, valign: .top), x: FormLayout.left + FormLayout.label, y: 0, width: valueWidth, height: height, text: note),
            ]))
        }
        // The two signatures side by side, a label above each box.
        let date = inspection?.inspection.date
        let half = FormLayout.width / 2
        var signatures = Block(height: FormLayout.rowMin + 52, items: [])
        for (k, label) in ["检查人签名", "工作室召集人（领衔委员）签名"].enumerated() {
            let x = FormLayout.left + Double(k) * half
            signatures.items.append(Item(kind: .cell(align: .center, valign: .middle), x: x, y: 0, width: half, height: FormLayout.rowMin, text: label))
            signatures.items.append(Item(kind: .signature(signer: "", date: date, showDate: true), x: x, y: FormLayout.rowMin,
                                         width: half, height: 52, text: ""))
        }
        blocks.append(signatures)
        return blocks
    }
}

/// Column widths and row builders of the checklist tables.
struct ChecklistTable {
    let layout: FormLayout
    let blank: Bool

    static let headers = ["序号", "检查内容", "合格", "不合格", "缺失", "备注（问题、整改要求）"]
    /// 序号, 检查内容, 合格, 不合格, 缺失, 备注: sums to FormLayout.width.
    static let widths: [Double] = [32, 172, 38, 44, 38, FormLayout.width - 324]
    /// Blank rows are tall enough to write a note by hand.
    static let blankRowMin = 32.0

    func caption(_ text: String) -> Block {
        let font = PDFFont(size: 11.5, bold: true)
        let height = layout.doc.measure(text, width: FormLayout.width, font: font).height
        return Block(height: height + 14, items: [Item(kind: .text(align: .left), x: FormLayout.left, y: 8, width: FormLayout.width,
                                                      height: height, text: text, font: font)])
    }

    func headerRow() -> Block {
        cells(Self.headers, aligns: Array(repeating: .center, count: 6), minHeight: FormLayout.rowMin)
    }

    func row(number: Int, _ row: ChecklistPrintout.Row) -> Block {
        let ticks = WallVerdict.allCases.map { row.verdict == $0 ? "√" : "" }
        return cells(["\(number)", row.text] + ticks + [row.note], aligns: [.center, .left, .center, .center, .center, .left],
                     minHeight: blank ? Self.blankRowMin : FormLayout.rowMin)
    }

    func cells(_ texts: [String], aligns: [TextAlign], minHeight: Double) -> Block {
        let height = zip(texts, Self.widths).map { layout.doc.cellHeight($0, width: $1, minHeight: minHeight) }.max() ?? minHeight
        var x = FormLayout.left
        var items: [Item] = []
        for ((text, w), align) in zip(zip(texts, Self.widths), aligns) {
            items.append(Item(kind: .cell(align: align, valign: .middle), x: x, y: 0, width: w, height: height, text: text))
            x += w
        }
        return Block(height: height, items: items)
    }
}
