import Foundation
import StudioCore

/// The 值班公示 (rules.md §2.7: the plan is published with each 驻室委员's photo, 职务 and 专业特长):
/// the members on duty with their particulars and dates, then every slot with its time, 线上/线下,
/// place or channel and members, and how to reach the studio. A4, through the printing kit.
public struct DutyPrintout {
    public var publication: DutyPublication
    /// ISO date printed as 公示日期 and in the footer.
    public var printedOn: String

    public init(publication: DutyPublication, printedOn: String) {
        self.publication = publication
        self.printedOn = printedOn
    }

    public var title: String { "\(publication.studio.name)值班公示" }

    static let memberWidths: [Double] = [60, 52, 128, 96, FormLayout.width - 336]
    static let memberHeaders = ["照片", "姓名", "单位及职务", "专业特长", "值班日期"]
    static let slotWidths: [Double] = [94, 34, 80, 34, FormLayout.width - 352, 110]
    static let slotHeaders = ["日期", "星期", "时间", "形式", "地点/渠道", "值班委员"]
    /// A photo cell: about one inch, portrait.
    static let photoHeight = 72.0

    @discardableResult
    public func render(to path: String) throws -> Int {
        if publication.slots.isEmpty {
            throw PDFError("「\(publication.studio.name)」\(publication.period.title)还没有值班安排，无法打印值班公示")
        }
        let doc = try PDFDocument(path: path, title: title)
        let layout = FormLayout(doc: doc)
        return try layout.write(paginate(layout), studio: publication.studio.name, printedOn: printedOn)
    }

    func paginate(_ l: FormLayout) -> [[PlacedBlock]] {
        var pager = Pager()
        func place(_ blocks: [Block]) { pager.place(blocks) }
        let p = publication.period
        place([l.title(title)])
        place([l.headerLine(label: "值班期间", value: "\(p.title)（\(DateInput.chinese(p.start))至\(DateInput.chinese(p.end))）")])
        // Before the year's notice the dates avoid only the statutory holidays; say so where citizens read them.
        if let note = publication.provisionalNote { place([l.caption("说明：" + note)]) }
        /// A table whose caption and header go with its first row and repeat (续) on a new page.
        func table(_ caption: String, headers: [String], widths: [Double], rows: [Block]) {
            let head = cells(l, headers, widths: widths, align: .center)
            pager.table([l.caption(caption), head], continued: [l.caption(caption + "（续）"), head], rows: rows)
        }
        // The photo column only where a photo is recorded for someone on duty.
        let withPhoto = publication.dutyMembers.contains { $0.photoPath?.isEmpty == false }
        var widths = Self.memberWidths, headers = Self.memberHeaders
        if !withPhoto {
            widths[2] += widths[0] / 2
            widths[4] += widths[0] - widths[0] / 2
            widths.removeFirst()
            headers.removeFirst()
        }
        table("驻室委员", headers: headers, widths: widths, rows: publication.dutyMembers.map { m in
            let dates = publication.dates(of: m.id!).map { s in "\(s.whenText.split(separator: " ").first ?? "")\(s.time.title)·\(s.mode.title)" }
            let texts = [m.name, m.unitTitle, m.expertise, dates.joined(separator: "、")]
            guard withPhoto else { return cells(l, texts, widths: widths, align: .left) }
            return cells(l, [""] + texts, widths: widths, align: .left, minHeight: Self.photoHeight,
                         photo: (m.photoPath?.isEmpty == false ? m.photoPath : nil, "（无照片）"))
        })
        table("值班安排", headers: Self.slotHeaders, widths: Self.slotWidths, rows: publication.slots.map { s in
            cells(l, [DateInput.chinese(s.date), CivilDate.weekdayTitle(s.date), s.time.longTitle, s.mode.title, s.place, publication.names(s)],
                  widths: Self.slotWidths, align: .left)
        })
        place([Block(height: 12, items: []), l.headerLine(label: "联系方式", value: publication.contact),
               l.headerLine(label: "公示日期", value: DateInput.chinese(printedOn))])
        return pager.pages
    }

    /// One table row; with `photo`, the first cell shows the picture (or the placeholder text).
    func cells(_ l: FormLayout, _ texts: [String], widths: [Double], align: TextAlign, minHeight: Double = FormLayout.rowMin,
               photo: (path: String?, placeholder: String)? = nil) -> Block {
        let height = zip(texts, widths).map { l.doc.cellHeight($0, width: $1, minHeight: minHeight) }.max() ?? minHeight
        var x = FormLayout.left
        var items: [Item] = []
        for (i, (text, w)) in zip(texts, widths).enumerated() {
            if i == 0, let photo {
                items.append(Item(kind: .picture(path: photo.path), x: x, y: 0, width: w, height: height, text: photo.placeholder))
            } else {
                items.append(Item(kind: .cell(align: align, valign: .middle), x: x, y: 0, width: w, height: height, text: text))
            }
            x += w
        }
        return Block(height: height, items: items)
    }
}
