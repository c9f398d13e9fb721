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
