import Foundation
import StudioCore

/// The jurisdiction's own application form (rules.md §2.1), filled from the studio, its team,
/// its approval records and status history: every field of `profile.applicationForm.fields`
/// in order, with the labels the profile gives. Member rows beyond the form's printed rows
/// (or beyond the page) go on continuation sheets titled "<title>（续页）".
public struct ApplicationPrintout {
    public var profile: RuleProfile
    public var studio: Studio
    public var team: [TeamEntry]
    public var records: [ApprovalRecord]
    public var history: [StatusChange]
    /// Free-text field values by field id (基本情况, 工作计划, 联系人…); they also override computed values.
    public var values: [String: String]
    /// ISO date printed in the footer.
    public var printedOn: String

    public init(profile: RuleProfile, studio: Studio, team: [TeamEntry], records: [ApprovalRecord],
                history: [StatusChange], values: [String: String] = [:], printedOn: String) {
        self.profile = profile
        self.studio = studio
        self.team = team
        self.records = records
        self.history = history
        self.values = values
        self.printedOn = printedOn
    }

    public var form: RuleProfile.ApplicationForm { profile.applicationForm }

    // MARK: - Field values

    /// Current team members, in team order.
    var current: [TeamEntry] { team.filter(\.isCurrent) }

    /// Splits a person field id ("convener2_unit_title", "lead", "liaison_phone") into role, index and member property.
    static func personSlot(_ field: RuleProfile.FormField) -> (prefix: String, role: StudioRole, index: Int, property: MemberField?)? {
        let parts = field.id.split(separator: "_", maxSplits: 1).map(String.init)
        var head = parts[0]
        var index = 0
        if let last = head.last, last.isNumber, let n = Int(String(last)) {
            index = max(n - 1, 0)
            head.removeLast()
        }
        guard let role = StudioRole(rawValue: head), [.lead, .convener, .liaison].contains(role) else { return nil }
        let property: MemberField?
        switch parts.count > 1 ? parts[1] : "" {
        case "name": property = .name
        case "phone": property = .phone
        case "unit_title": property = .unitTitle
        case "sector": property = .sector
        case "committee": property = .committee
        case "expertise": property = .expertise
        case "": property = field.kind == .member ? nil : .name
        default: return nil
        }
        return (parts[0], role, index, property)
    }

    /// The team member printed in a person slot (召集人 1/2, 领衔委员 or 负责人, 联络员).
    func person(role: StudioRole, index: Int) -> Member? {
        var candidates = current.filter { $0.membership.role == role }
        // 负责人 / 领衔委员 under rules whose team has 召集人 instead, and the other way round.
        if candidates.isEmpty && role == .lead { candidates = current.filter { $0.membership.role == .convener } }
        if candidates.isEmpty && role == .convener { candidates = current.filter { $0.membership.role == .lead } }
        return index < candidates.count ? candidates[index].member : nil
    }

    /// Members printed in person fields of this form.
    var membersInSlots: Set<Int64> {
        var used = Set<Int64>()
        for f in form.fields {
            if let slot = Self.personSlot(f), let m = person(role: slot.role, index: slot.index), let id = m.id { used.insert(id) }
        }
        return used
    }

    /// Rows of the member table: the current team except those printed in person fields.
    public var memberTableMembers: [Member] {
        let used = membersInSlots
        var seen = Set<Int64>()
        return current.map(\.member).filter { m in
            guard let id = m.id else { return true }
            return !used.contains(id) && seen.insert(id).inserted
        }
    }

    /// 申请时间: the first move into approval.
    public var appliedOn: String? {
        history.first { $0.toStatus == .inApproval }?.date
    }

    /// The record printed in an opinion box: the chain step sharing the most leading words with the
    /// field's label (所属专委会意见 ↔ 专委会审核), latest round only.
    public func opinionRecord(for field: RuleProfile.FormField) -> ApprovalRecord? {
        let key = field.label.replacingOccurrences(of: "意见", with: "")
        var best: (RuleProfile.ApprovalStep, Int)?
        for step in profile.approvalChain {
            let score = Self.commonRun(key, step.name)
            if score >= 2 && score > (best?.1 ?? 0) { best = (step, score) }
        }
        guard let step = best?.0 else { return nil }
        let round = records.map(\.round).max() ?? 0
        return records.last { $0.round == round && $0.stepID == step.id }
    }

    /// Length of the longest run of characters two texts share.
    static func commonRun(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        var best = 0
        var prev = [Int](repeating: 0, count: y.count + 1)
        for i in 0..<x.count {
            var row = [Int](repeating: 0, count: y.count + 1)
            for j in 0..<y.count where x[i] == y[j] {
                row[j + 1] = prev[j] + 1
                best = max(best, row[j + 1])
            }
            prev = row
        }
        return best
    }

    /// The text printed for a field (empty when unknown; signature fields are always blank).
    public func value(of field: RuleProfile.FormField) -> String {
        if field.kind == .signature { return "" }
        if let v = values[field.id], !v.isEmpty { return v }
        if let slot = Self.personSlot(field) {
            guard let m = person(role: slot.role, index: slot.index) else { return "" }
            return m[slot.property ?? .name]
        }
        switch field.id {
        case "studio_name": return studio.name
        case "studio_type": return studio.type.title
        case "mode": return studio.mode.title
        case "address": return studio.address
        case "applied_on": return appliedOn.map(DateInput.chinese) ?? ""
        default: break
        }
        if field.kind == .opinion, let r = opinionRecord(for: field) {
            let opinion = r.opinion.trimmingCharacters(in: .whitespacesAndNewlines)
            // An opinion that starts with the decision ("同意", "同意。请抓紧授牌") is printed as written, not after it again.
            if opinion.isEmpty { return r.decision.title }
            return opinion.hasPrefix(r.decision.title) ? opinion : "\(r.decision.title)。\(opinion)"
        }
        return ""
    }

    /// Column headers of the member table as the form prints them (nil: the form prints none).
    var tableColumns: (headers: [String]?, widths: [Double], props: [MemberField]) {
        guard let field = form.fields.first(where: { $0.kind == .memberTable }) else { return (nil, [], []) }
        let guidance = field.guidance ?? ""
        let four: [MemberField] = [.name, .unitTitle, .expertise, .phone]
        let widths4 = [0.17, 0.39, 0.24, 0.20]
        if field.label.contains("/") {
            return (field.label.split(separator: "/").map(String.init), widths4, four)
        }
        if let r = guidance.range(of: "列：") {
            let list = guidance[r.upperBound...].prefix { $0 != "；" && $0 != ";" }
            let headers = list.split(separator: "、").map(String.init)
            if headers.count == 4 { return (headers, widths4, four) }
        }
        if field.label.contains("专长") || guidance.contains("专长") {
            return (["姓名", "单位及职务", "专长", "联系方式"], widths4, four)
        }
        // 滨江: two unlabelled cells per row, by layout 姓名 / 单位职务.
        return (nil, [0.3, 0.7], [.name, .unitTitle])
    }

    // MARK: - Rendering

    /// Writes the PDF; returns the number of pages.
    @discardableResult
    public func render(to path: String) throws -> Int {
        guard !form.fields.isEmpty else {
            throw PDFError("「\(profile.name)」的规则没有申报表（\(profile.id) 的 applicationForm 为空）")
        }
        let doc = try PDFDocument(path: path, title: form.title)
        let layout = FormLayout(doc: doc)
        return try layout.write(paginate(layout), studio: studio.name, printedOn: printedOn)
    }


    /// Lays the form out into pages of blocks.
    func paginate(_ l: FormLayout) -> [[PlacedBlock]] {
        var pages: [[PlacedBlock]] = [[]]
        var y = FormLayout.top
        func newPage() { pages.append([]); y = FormLayout.top }
        func place(_ b: Block) {
            if y + b.height > FormLayout.bottom && !(pages.last!.isEmpty) { newPage() }
            pages[pages.count - 1].append(PlacedBlock(y: y, block: b))
            y += b.height
        }

        place(l.title(form.title))
        var overflow: [[String]] = []
        var tableField: RuleProfile.FormField?
        let columns = tableColumns

        var i = 0
        let fields = form.fields
        while i < fields.count {
            let f = fields[i]
            // A header line above the table (滨江 "申报单位：XXX界别或XXX联络处").
            if f.id == "applicant_unit" {
                place(l.headerLine(label: f.label, value: value(of: f)))
                i += 1
                continue
            }
            // Person blocks: consecutive fields of one person (工作室召集人·姓名, ·联系方式…).
            if let slot = Self.personSlot(f) {
                var group = [f]
                var j = i + 1
                while j < fields.count, let s = Self.personSlot(fields[j]), s.prefix == slot.prefix { group.append(fields[j]); j += 1 }
                let groupLabel = f.label.components(separatedBy: "·").first ?? f.label
                var pairs: [(String, String)] = []
                for g in group {
                    if g.label.contains("·") {
                        pairs.append((g.label.components(separatedBy: "·").dropFirst().joined(separator: "·"), value(of: g)))
                    } else if g.kind == .member, let m = person(role: slot.role, index: slot.index) {
                        pairs.append(("姓名", m.name))
                        pairs.append(("单位职务", m.unitTitle))
                    } else if g.kind == .member {
                        pairs.append(("姓名", ""))
                        pairs.append(("单位职务", ""))
                    } else {
                        pairs.append((g.label, value(of: g)))
                    }
                }
                place(l.group(label: groupLabel, pairs: pairs))
                i = j
                continue
            }
            switch f.kind {
            case .memberTable:
                tableField = f
                let members = memberTableMembers
                var rows = members.map { m in columns.props.map { m[$0] } }
                let blank = [String](repeating: "", count: columns.props.count)
                let label: String? = f.label.contains("/") ? nil : f.label
                if let printed = form.memberRows {
                    let shown = Array(rows.prefix(printed))
                    overflow = Array(rows.dropFirst(printed))
                    let block = l.table(label: label, headers: columns.headers, widths: columns.widths,
                                        rows: shown + Array(repeating: blank, count: max(0, printed - shown.count)))
                    place(block)
                } else {
                    if rows.count < 5 { rows += Array(repeating: blank, count: 5 - rows.count) }
                    var k = fittingRows(l, label: label, columns: columns, rows: rows, space: FormLayout.bottom - y)
                    if k < min(3, rows.count) {
                        newPage()
                        k = fittingRows(l, label: label, columns: columns, rows: rows, space: FormLayout.bottom - y)
                    }
                    k = max(k, 1)
                    place(l.table(label: label, headers: columns.headers, widths: columns.widths, rows: Array(rows.prefix(k))))
                    overflow = rows.dropFirst(k).filter { $0.contains { !$0.isEmpty } }
                }
            case .longText:
                place(l.longText(label: f.label, value: value(of: f)))
            case .signature:
                let showDate = (f.guidance ?? "").contains("年") || !fields.contains { $0.kind == .date }
                place(l.signature(label: f.label, showDate: showDate))
            case .opinion:
                let r = opinionRecord(for: f)
                place(l.opinion(label: f.label, text: value(of: f), signer: r?.signer ?? "", date: r?.date))
            default:
                // Short fields two to a row (类型 … 线上或线下 …); 地址 and a field without a partner take the whole row.
                let next = i + 1 < fields.count ? fields[i + 1] : nil
                if f.id != "address", let next, Self.isShort(next), next.id != "address", next.id != "applicant_unit" {
                    place(l.row([(f.label, shown(f)), (next.label, shown(next))]))
                    i += 2
                    continue
                }
                place(l.row([(f.label, shown(f))]))
            }
            i += 1
        }

        // Continuation sheets for member rows that did not fit.
        if !overflow.isEmpty, let tf = tableField {
            let label: String? = tf.label.contains("/") ? nil : tf.label
            var rest = overflow
            while !rest.isEmpty {
                newPage()
                place(l.title(form.title + "（续页）"))
                var k = fittingRows(l, label: label, columns: columns, rows: rest, space: FormLayout.bottom - y)
                k = max(k, 1)
                place(l.table(label: label, headers: columns.headers, widths: columns.widths, rows: Array(rest.prefix(k))))
                rest.removeFirst(min(k, rest.count))
            }
        }
        return pages
    }

    /// The value as printed in a row: an unknown date keeps the form's blank "年  月  日".
    func shown(_ f: RuleProfile.FormField) -> String {
        let v = value(of: f)
        return v.isEmpty && f.kind == .date ? "            年      月      日" : v
    }

    static func isShort(_ f: RuleProfile.FormField) -> Bool {
        [.text, .date, .choice].contains(f.kind) && personSlot(f) == nil
    }

    /// How many of the rows fit, with the header, in `space` points.
    func fittingRows(_ l: FormLayout, label: String?, columns: (headers: [String]?, widths: [Double], props: [MemberField]),
                     rows: [[String]], space: Double) -> Int {
        var k = 0
        while k < rows.count,
              l.table(label: label, headers: columns.headers, widths: columns.widths, rows: Array(rows.prefix(k + 1))).height <= space {
            k += 1
        }
        return k
    }
}

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
            for placed in page { draw(placed.block, at: placed.y) }
            footer(page: n + 1, of: pages.count, studio: studio, printedOn: printedOn)
            doc.endPage()
        }
        return try doc.finish()
    }

    func footer(page: Int, of total: Int, studio: String, printedOn: String) {
        let y = PDFDocument.pageHeight - 40
        doc.text("第 \(page) 页，共 \(total) 页", x: Self.left, y: y, width: Self.width, font: .small, align: .center)
        doc.text("打印日期：\(DateInput.chinese(printedOn))", x: Self.left, y: y, width: Self.width, font: .small, align: .right)
    }
}
