import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// How an item stands against the studio's limit (rules: not settled within `intakeLimitDays`
/// → overdue, and a 解释说明 is required).
struct IntakeDeadline {
    var days: Int
    var limit: Int
    var settled: Bool
    var overdue: Bool
    var needsExplanation: Bool
    /// The studio has ended: its record is archived and nothing more can be done.
    var archived: Bool

    init(_ item: CitizenItem, limit: Int, today: String, archived: Bool = false) {
        days = item.daysOpen(today: today)
        self.limit = limit
        self.archived = archived
        settled = item.isSettled
        overdue = !archived && item.isOverdue(limitDays: limit, today: today)
        needsExplanation = !archived && item.needsExplanation(limitDays: limit, today: today)
    }

    /// The queue's 状态 column.
    var state: String {
        archived ? "已归档" : needsExplanation ? "逾期，须说明" : overdue ? "逾期，已说明" : settled ? "已办结" : "办理中"
    }

    static func limitDays(_ context: AppContext, studio: Studio?) -> Int {
        context.profiles.first { $0.id == studio?.profileID }?.intakeLimitDays ?? IntakeLimit.defaultDays
    }
}

/// One 群众意见建议: what the citizen said, one-key triage (陕西 运行程序 六.2–3), the record it
/// became, the feedback given, and the 解释说明 an overdue item needs.
public final class IntakeScreen: Screen {
    let context: AppContext
    let itemID: Int64
    var item: CitizenItem?
    var studio: Studio?
    /// The linked record as text: 社情民意「…」（日期，状态）.
    var linkedText: String?
    var message = ""
    var error = ""

    public init(context: AppContext, itemID: Int64) {
        self.context = context
        self.itemID = itemID
        reload()
    }

    public var title: String { "群众意见建议：" + (studio?.name ?? "") }
    var profile: RuleProfile? { context.profiles.first { $0.id == studio?.profileID } }
    var today: String { DateInput.iso(context.today()) }

    enum Action: Sendable { case petition, consultation, microSuggestion, major, feedback, explain, openLinked, edit, back }
    let keys = KeyMap<Action>([
        KeyBinding([.char("1")], .petition, label: "信访", help: "分类为信访：写明引导群众去的信访渠道", needs: .editLedger),
        KeyBinding([.char("2")], .consultation, label: "咨询", help: "分类为咨询：写明答复的内容或告知的途径", needs: .editLedger),
        KeyBinding([.char("3")], .microSuggestion, label: "微建议", help: "分类为微需求/微建议：转为一篇社情民意信息，两边互相关联", needs: .editLedger),
        KeyBinding([.char("4")], .major, label: "重大问题", help: "分类为重大问题：转为微协商、微监督活动或集体提案，互相关联", needs: .editLedger),
        KeyBinding([.char("f")], .feedback, label: "反馈", help: "登记反馈给群众的日期和内容；登记后即为办结", needs: .editLedger),
        KeyBinding([.char("e")], .explain, label: "解释说明", help: "逾期未办结时写解释说明：原因、进展、预计何时办结", needs: .editLedger),
        KeyBinding([.char("o")], .openLinked, label: "转办记录", help: "打开转成的社情民意、活动或提案，补充或更新（审阅时查看）", inBar: false),
        KeyBinding([.char("c")], .edit, label: "修改登记", help: "修改登记内容：收到日期、反映人、联系方式、渠道、内容", inBar: false, needs: .editLedger),
        KeyBinding([.escape], .back, label: "返回", help: "返回"),
    ])
    public var hints: [KeyHint] { keys.barHints(context, studio: studio?.id) + [CommonKeys.help] }
    public var helpHints: [KeyHint] { keys.helpHints(context, studio: studio?.id) }

    public func becameTop() { reload() }
    /// Another session saved: read again (the cursor stays where it is).
    public func dataChanged() { reload() }

    func reload() {
        let before = item
        do {
            item = try context.db.citizenItem(id: itemID)
            studio = try item.flatMap { try context.db.studio(id: $0.studioID) }
            linkedText = try item.flatMap(describeLinked)
            error = ""
        } catch {
            self.error = "\(error)"
        }
        // A form that made the linked record has just closed.
        if let before, before.linkedID == nil, let item, item.linkedKind != nil, let text = linkedText {
            message = "已转为\(text)；按 o 打开补充"
        }
    }

    func describeLinked(_ item: CitizenItem) throws -> String? {
        guard let kind = item.linkedKind, let id = item.linkedID else { return nil }
        switch kind {
        case .sqmy:
            return try context.db.socialInfo(id: id).map { "社情民意「\($0.title)」（\(DateInput.chinese($0.date))报送，\($0.status.title)）" }
        case .activity:
            return try context.db.activity(id: id).map { "\($0.categoryName)「\($0.title)」（\(DateInput.chinese($0.date))）" }
        case .proposal:
            return try context.db.proposal(id: id).map { "\($0.kind.title)提案「\($0.title)」（\(DateInput.chinese($0.date))提交，\($0.status.title)）" }
        case .intake:
            return nil
        }
    }

    public func handle(_ key: Key) -> Navigation {
        guard let action = keys.action(for: key, in: context, studio: studio?.id) else { return .stay }
        if action == .back { return .pop }
        guard let item, let studio else { return .stay }
        message = ""
        if !studio.status.isActive {
            let linked = linkedText.map { "\n转办记录：\($0)" } ?? ""
            return .push(MessageDialog(title: "只读", message: "「\(studio.name)」已\(studio.status.title)，记录已归档，只能查看。" + linked))
        }
        switch action {
        case .petition, .consultation:
            if let refused = refuseRetriage(item) { return refused }
            return .push(handlingForm(item, triage: action == .petition ? .petition : .consultation))
        case .microSuggestion:
            if let refused = refuseRetriage(item) { return refused }
            return .push(LedgerForms.socialInfo(context: context, studio: studio, existing: nil, members: [], fromIntake: item))
        case .major:
            if let refused = refuseRetriage(item) { return refused }
            return .push(majorForm(item, studio: studio))
        case .feedback:
            guard item.triage != nil else {
                return .push(MessageDialog(title: "请先分类", message: "这条意见还没有分类。请先按 1 信访、2 咨询、3 微需求/微建议 或 4 重大问题 分类办理，再登记反馈。"))
            }
            return .push(feedbackForm(item))
        case .explain:
            return .push(explanationForm(item))
        case .openLinked:
            return openLinked(item, studio: studio)
        case .edit:
            return .push(LedgerForms.citizenItem(context: context, studio: studio, existing: item))
        case .back:
            return .pop
        }
    }

    /// An item that became a record keeps its class: the record would lose its source.
    func refuseRetriage(_ item: CitizenItem) -> Navigation? {
        guard let kind = item.linkedKind else { return nil }
        let what = linkedText ?? kind.title
        return .push(MessageDialog(title: "不能重新分类",
                                   message: "这条意见已分类为\(item.triage?.title ?? "")，并已转为\(what)。如确需改变分类，请先在台账中删除该\(kind.title)记录。"))
    }

    /// The item as a form opens it, stamped for the store's edit-conflict check.
    func opened(_ item: CitizenItem) -> OpenedRecord<CitizenItem> {
        OpenedRecord(context, .citizenItem(itemID), base: item) { [context, itemID] in try? context.db.citizenItem(id: itemID) }
    }

    // MARK: Forms

    /// 信访: the referral given; 咨询: the answer or where to ask.
    func handlingForm(_ item: CitizenItem, triage: Triage) -> Screen {
        let guidance = triage == .petition ? "如：已引导到区信访局（人民路1号）或拨打12345反映" : "如：已告知办理条件和所需材料，可到街道便民服务中心办理"
        let fields: [EntryFormScreen.Field] = [.init("handling", triage.handlingLabel, .text(maxLength: 500), guidance: guidance)]
        let version = opened(item)
        return EntryFormScreen(title: "分类为\(triage.title)：\(LedgerForms.snippet(item.content, 24))", fields: fields,
                               values: ["handling": item.triage == triage ? item.handling : ""], permission: (.editLedger, item.studioID)) { [self] v in
            let text = LedgerForms.trimmed(v, "handling")
            guard !text.isEmpty else { return .issues(["handling": "请写明\(triage.handlingLabel)"]) }
            var c = version.base ?? item
            c.triage = triage
            c.handling = text
            do {
                try context.db.saveCitizenItem(c, expecting: version.expected)
                message = "已分类为\(triage.title)。群众得到答复后按 f 登记反馈。"
                return .saved(.stay)
            } catch let conflict as ChangedElsewhere {
                return version.conflict(conflict) { ["handling": $0.handling] }
            } catch {
                return LedgerForms.formIssues(error, fields: fields, fallback: "handling")
            }
        }
    }

    /// The activity categories a 重大问题 can become: 微协商 and 微监督 where the rules have them, else 协商.
    func majorTargets() -> [(id: String, name: String)] {
        let categories = profile?.activityCategories ?? []
        let micro = categories.filter { $0.id == "micro_consult" || $0.id == "micro_supervise" }.map { (id: $0.id, name: $0.name) }
        if !micro.isEmpty { return micro }
        return [(id: "consult", name: categories.first { $0.id == "consult" }?.name ?? "协商交流")]
    }

    static let collectiveProposal = "集体提案"

    /// 重大问题: a 微协商 / 微监督 activity or a 集体提案, linked to the item.
    func majorForm(_ item: CitizenItem, studio: Studio) -> Screen {
        let targets = majorTargets()
        let options = targets.map(\.name) + [Self.collectiveProposal]
        let fields: [EntryFormScreen.Field] = [
            .init("target", "转为", .choice(options), guidance: "活动记入活动台账，集体提案记入提案台账；参加委员等以后按 o 补充"),
            .init("title", "标题", .text(maxLength: 100), guidance: "活动名称或提案标题"),
            .init("date", "日期", .date(today: context.today, notAfterToday: true), guidance: "活动日期或提案提交日期；" + LedgerForms.dateGuidance),
        ]
        let values = ["target": options[0], "title": LedgerForms.snippet(item.content), "date": "t"]
        return EntryFormScreen(title: "重大问题：\(LedgerForms.snippet(item.content, 24))", fields: fields, values: values, permission: (.editLedger, item.studioID)) { [self] v in
            let date = v.date("date").iso
            guard let itemID = item.id else { return .issues([:]) }
            let title = LedgerForms.trimmed(v, "title")
            do {
                if let target = targets.first(where: { $0.name == v.choice("target") }) {
                    let source = "源自群众意见建议（\(DateInput.chinese(item.receivedOn))，\(item.citizen)）：\(item.content)"
                    let a = Activity(studioID: studio.id!, date: date, category: target.id, categoryName: target.name, mode: .offline,
                                     title: title, summary: source)
                    _ = try context.db.convertToActivity(itemID: itemID, a, memberIDs: [])
                } else {
                    let p = Proposal(studioID: studio.id!, title: title, date: date, kind: .collective)
                    _ = try context.db.convertToProposal(itemID: itemID, p, memberIDs: [])
                }
                return .saved(.stay)
            } catch {
                return LedgerForms.formIssues(error, fields: fields, fallback: "title")
            }
        }
    }

    /// 反馈: the date and what the citizen was told; the item is then settled.
    func feedbackForm(_ item: CitizenItem) -> Screen {
        let fields: [EntryFormScreen.Field] = [
            .init("feedbackOn", "反馈日期", .date(today: context.today, notAfterToday: true), guidance: LedgerForms.dateGuidance),
            .init("feedback", "反馈内容", .text(maxLength: 500), guidance: "告诉群众的办理结果和方式，如：已电话告知……"),
        ]
        // For 信访 and 咨询 what was said is usually the feedback itself.
        let said = item.feedback.isEmpty && (item.triage == .petition || item.triage == .consultation) ? item.handling : item.feedback
        let version = opened(item)
        return EntryFormScreen(title: "反馈群众：\(LedgerForms.snippet(item.content, 24))", fields: fields,
                               values: ["feedbackOn": item.feedbackOn ?? "t", "feedback": said], permission: (.editLedger, item.studioID)) { [self] v in
            let date = v.date("feedbackOn").iso
            let text = LedgerForms.trimmed(v, "feedback")
            guard !text.isEmpty else { return .issues(["feedback": "请写明反馈给群众的内容"]) }
            var c = version.base ?? item
            c.feedbackOn = date
            c.feedback = text
            do {
                try context.db.saveCitizenItem(c, expecting: version.expected)
                message = "已反馈，办结（收到后 \(c.daysOpen(today: today)) 天）"
                return .saved(.stay)
            } catch let conflict as ChangedElsewhere {
                return version.conflict(conflict) { ["feedbackOn": $0.feedbackOn ?? "", "feedback": $0.feedback] }
            } catch {
                return LedgerForms.formIssues(error, fields: fields, fallback: "feedbackOn")
            }
        }
    }

    /// 解释说明 of an item not settled in time, dated today.
    func explanationForm(_ item: CitizenItem) -> Screen {
        let fields: [EntryFormScreen.Field] = [
            .init("explanation", "解释说明", .text(maxLength: 500), guidance: "未能按期办结的原因、目前进展、预计何时办结"),
        ]
        let version = opened(item)
        return EntryFormScreen(title: "解释说明：\(LedgerForms.snippet(item.content, 24))", fields: fields,
                               values: ["explanation": item.explanation], permission: (.editLedger, item.studioID)) { [self] v in
            let text = LedgerForms.trimmed(v, "explanation")
            guard !text.isEmpty else { return .issues(["explanation": "请写明未能按期办结的原因和进展"]) }
            var c = version.base ?? item
            c.explanation = text
            c.explainedOn = today
            do {
                try context.db.saveCitizenItem(c, expecting: version.expected)
                message = "已写解释说明（\(DateInput.chinese(today))）"
                return .saved(.stay)
            } catch let conflict as ChangedElsewhere {
                return version.conflict(conflict) { ["explanation": $0.explanation] }
            } catch {
                return LedgerForms.formIssues(error, fields: fields, fallback: "explanation")
            }
        }
    }

    func openLinked(_ item: CitizenItem, studio: Studio) -> Navigation {
        guard let kind = item.linkedKind, let id = item.linkedID else {
            message = "这条意见没有转为其他记录（3 转为社情民意，4 转为微协商、微监督或集体提案）"
            return .stay
        }
        let members = (try? context.db.ledgerMembers(kind: kind, id: id)) ?? []
        let missing = "找不到转成的\(kind.title)记录（可能已被删除）"
        switch kind {
        case .activity:
            guard let a = try? context.db.activity(id: id) else { message = missing; return .stay }
            return .push(LedgerForms.activity(context: context, studio: studio, profile: profile, existing: a, members: members))
        case .proposal:
            guard let p = try? context.db.proposal(id: id) else { message = missing; return .stay }
            return .push(LedgerForms.proposal(context: context, studio: studio, existing: p, members: members))
        case .sqmy:
            guard let s = try? context.db.socialInfo(id: id) else { message = missing; return .stay }
            return .push(LedgerForms.socialInfo(context: context, studio: studio, existing: s, members: members))
        case .intake:
            return .stay
        }
    }

    // MARK: Drawing

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let width = area.width - 2
        guard let item, let studio else {
            buffer.put(error.isEmpty ? "找不到这条群众意见（可能已被删除）。按 Esc 返回。" : error, row: area.row + 1, col: col + 1,
                       maxWidth: width - 1, style: .error)
            return
        }
        let readOnly = studio.status.isActive ? "" : "（已\(studio.status.title)，只读）"
        buffer.put("\(studio.name)  群众意见建议" + readOnly, row: area.row, col: col, maxWidth: width, style: .accent)

        let labelWidth = 10
        let valueWidth = width - labelWidth
        let bottom = area.bottom - 2  // the last row is for messages
        var y = area.row + 2
        func label(_ text: String, row: Int, col x: Int) {
            buffer.put(DisplayWidth.pad(text + "：", to: labelWidth, align: .right), row: row, col: x, style: .muted)
        }
        /// A labelled value, wrapped to at most `lines` rows; what does not fit ends in "~".
        func field(_ name: String, _ value: String, style: Style = .normal, lines: Int = 1) {
            guard y <= bottom else { return }
            label(name, row: y, col: col)
            var wrapped = DialogBox.wrap(value, width: valueWidth)
            let room = max(1, min(lines, bottom - y + 1))
            if wrapped.count > room {
                let rest = wrapped[(room - 1)...].joined()
                wrapped = Array(wrapped.prefix(room - 1)) + [DisplayWidth.truncate(rest, to: valueWidth)]
            }
            for l in wrapped {
                buffer.put(l, row: y, col: col + labelWidth, maxWidth: valueWidth, style: style)
                y += 1
            }
        }
        /// Two short labelled values side by side.
        func pair(_ a: String, _ av: String, _ b: String, _ bv: String) {
            let half = width / 2
            label(a, row: y, col: col)
            buffer.put(av, row: y, col: col + labelWidth, maxWidth: half - labelWidth - 1)
            label(b, row: y, col: col + half)
            buffer.put(bv, row: y, col: col + half + labelWidth, maxWidth: width - half - labelWidth)
            y += 1
        }

        pair("收到日期", DateInput.chinese(item.receivedOn), "渠道", item.channel.title)
        pair("反映人", item.citizen, "联系方式", item.contact.isEmpty ? "未留" : item.contact)
        field("内容", item.content, lines: 4)

        let d = IntakeDeadline(item, limit: IntakeDeadline.limitDays(context, studio: studio), today: today,
                               archived: !studio.status.isActive)
        let deadline: String
        let deadlineStyle: Style
        if d.archived && !d.settled {
            deadline = "已 \(d.days) 天未办结；工作室已\(studio.status.title)，记录已归档"
            deadlineStyle = .muted
        } else if d.settled {
            deadline = "已办结：\(DateInput.chinese(item.feedbackOn!))反馈，历时 \(d.days) 天" + (d.days > d.limit ? "（超过 \(d.limit) 天期限）" : "")
            deadlineStyle = .normal
        } else if d.needsExplanation {
            deadline = "已 \(d.days) 天未办结，超过 \(d.limit) 天期限：须写解释说明（按 e）"
            deadlineStyle = .error
        } else if d.overdue {
            deadline = "已 \(d.days) 天未办结，超过 \(d.limit) 天期限；已写解释说明（\(item.explainedOn.map(DateInput.chinese) ?? "")）"
            deadlineStyle = .warning
        } else {
            let left = d.limit - d.days
            deadline = "已 \(d.days) 天，未办结；期限 \(d.limit) 天，" + (left == 0 ? "今天到期" : "还有 \(left) 天")
            deadlineStyle = left <= 5 ? .warning : .normal
        }
        field("办理期限", deadline, style: deadlineStyle)
        y += 1

        if let t = item.triage {
            field("分类", t.title + (item.linkedKind == nil ? "（按 1-4 可重新分类）" : ""))
        } else {
            field("分类", "待分类：按 1 信访  2 咨询  3 微需求/微建议  4 重大问题", style: .warning)
        }
        field("办理情况", item.handling.isEmpty ? "未办理" : item.handling, lines: 2)
        if item.linkedKind != nil {
            field("转办记录", (linkedText ?? "找不到转成的记录") + "  按 o 打开", lines: 2)
        }
        if let on = item.feedbackOn {
            field("反馈", "\(DateInput.chinese(on))：\(item.feedback)", lines: 2)
        } else {
            field("反馈", "未反馈" + (item.triage == nil ? "" : "（按 f 登记反馈日期和内容）"), style: .muted)
        }
        if !item.explanation.isEmpty {
            field("解释说明", (item.explainedOn.map { DateInput.chinese($0) + "：" } ?? "") + item.explanation, lines: 2)
        } else if d.overdue {
            field("解释说明", "未写", style: .error)
        }

        if !message.isEmpty {
            buffer.put(message, row: area.bottom - 1, col: col, maxWidth: width, style: .accent)
        } else if !error.isEmpty {
            buffer.put(error, row: area.bottom - 1, col: col, maxWidth: width, style: .error)
        }
    }
}

/// 群众意见建议 not yet settled, across studios, the longest open first: what the 联络员 must
/// chase, and which overdue items still need a 解释说明.
public final class IntakeQueueScreen: Screen {
    struct Row {
        var item: CitizenItem
        var studio: String
        var deadline: IntakeDeadline
    }

    let context: AppContext
    /// What the `/` filter shows of `allRows` (by studio or by the citizen's name).
    var rows: [Row] = []
    var allRows: [Row] = []
    var filter = ListFilter()
    var table = TableView(columns: [
        TableColumn("收到日期", width: 10, fit: .keep),
        TableColumn("工作室", width: 12, flex: 1, fit: .name),
        TableColumn("反映人", width: 6),
        TableColumn("内容", width: 16, flex: 2),
        TableColumn("分类", width: 8),
        TableColumn("天数", width: 4, align: .right),
        TableColumn("状态", width: 12),
    ])
    var error = ""

    public init(context: AppContext) {
        self.context = context
        reload()
    }

    public var title: String { "群众意见建议：未办结" }

    enum Action: Sendable { case open, filter, back }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .open, label: "打开", help: "打开所选意见：分类、转办、反馈、写解释说明"),
        ListFilter.binding(.filter),
        KeyBinding([.escape], .back, label: "返回", help: "返回（有筛选时先清除筛选）"),
    ])
    public var hints: [KeyHint] {
        filter.isEditing ? ListFilter.editingHints : keys.barHints(context) + [KeyHint(key: "Up/Down", label: "移动"), CommonKeys.help]
    }
    public var helpHints: [KeyHint] {
        keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "上下移动"), KeyHint(key: "PgUp/PgDn", label: "翻页"),
                          KeyHint(key: "Home/End", label: "第一件 / 最后一件")]
    }

    public func becameTop() { reload() }
    /// Another session saved: read again (the cursor stays where it is).
    public func dataChanged() { reload() }

    func reload() {
        let selectedID = rows.indices.contains(table.selected) ? rows[table.selected].item.id : nil
        let today = DateInput.iso(context.today())
        let district = context.districtName
        do {
            let studios = Dictionary(try context.db.studios().map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
            allRows = try context.db.citizenItems(studioID: nil).filter { !$0.isSettled }.map { item in
                let studio = studios[item.studioID]
                return Row(item: item, studio: studio.map { Self.shortName($0.name, district: district) } ?? "",
                           deadline: IntakeDeadline(item, limit: IntakeDeadline.limitDays(context, studio: studio), today: today,
                                                    archived: studio.map { !$0.status.isActive } ?? false))
            }.sorted {
                // Longest open first; items of ended studios (nothing more can be done) last.
                ($0.deadline.archived ? 1 : 0, $1.deadline.days, $0.item.receivedOn, $0.item.id ?? 0)
                    < ($1.deadline.archived ? 1 : 0, $0.deadline.days, $1.item.receivedOn, $1.item.id ?? 0)
            }
            error = ""
        } catch {
            allRows = []
            self.error = "\(error)"
        }
        applyFilter()
        if let selectedID, let i = rows.firstIndex(where: { $0.item.id == selectedID }) { table.select(i) }
    }

    /// The items the `/` filter lets through, best match first (the longest open first within a rank).
    func applyFilter() {
        rows = filter.apply(allRows, inPinyinOrder: false) { [($0.studio, nil), ($0.item.citizen, nil)] }
        table.setCount(rows.count)
    }

    /// "医药卫生界委员工作室" → "医药卫生界", "明湖区律师协会委员工作室" → "律师协会": the column says
    /// 工作室 already and the title bar the district.
    static func shortName(_ name: String, district: String) -> String {
        var short = Substring(name)
        let suffix = "委员工作室"
        if short.hasSuffix(suffix), short.count > suffix.count { short = short.dropLast(suffix.count) }
        if !district.isEmpty, short.hasPrefix(district), short.count > district.count { short = short.dropFirst(district.count) }
        return String(short)
    }

    /// The 分类 column: 微需求/微建议 shortened to fit.
    static func triageText(_ t: Triage?) -> String {
        guard let t else { return "待分类" }
        return t == .microSuggestion ? "微建议" : t.title
    }

    public func handle(_ key: Key) -> Navigation {
        if let changed = filter.handle(key) {
            if changed {
                applyFilter()
                table.select(0)
            }
            return .stay
        }
        if table.handle(key) { return .stay }
        switch keys.action(for: key, in: context) {
        case .open?:
            guard rows.indices.contains(table.selected), let id = rows[table.selected].item.id else { return .stay }
            return .push(IntakeScreen(context: context, itemID: id))
        case .filter?: filter.open(); return .stay
        case .back?: return .pop
        case nil: return .stay
        }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let width = area.width - 2
        let overdue = rows.filter(\.deadline.overdue).count
        let unexplained = rows.filter(\.deadline.needsExplanation).count
        let untriaged = rows.filter { $0.item.triage == nil }.count
        let head = "未办结 \(rows.count) 件：逾期 \(overdue) 件（须写解释说明 \(unexplained) 件），待分类 \(untriaged) 件"
        buffer.put(head, row: area.row, col: col, maxWidth: width, style: unexplained > 0 ? .error : overdue > 0 ? .warning : .accent)
        filter.render(into: &buffer, row: area.row + 1, col: col, width: width, shown: rows.count, total: allRows.count)
        let tableArea = Rect(row: area.row + 2, col: col, width: width, height: area.height - 4)
        table.render(into: &buffer, area: tableArea) { [self] i in
            let r = rows[i]
            return [r.item.receivedOn, r.studio, r.item.citizen, r.item.content, Self.triageText(r.item.triage),
                    "\(r.deadline.days)", r.deadline.state]
        }
        // Colour the state of overdue items (the selected row keeps its highlight).
        let widths = table.layout(width: tableArea.width)
        let x = tableArea.col + widths.prefix(6).reduce(0, +) + 6
        for (n, i) in table.visibleRange.enumerated() where i != table.selected && rows[i].deadline.overdue {
            buffer.restyle(Rect(row: tableArea.row + 1 + n, col: x, width: widths[6], height: 1),
                           style: rows[i].deadline.needsExplanation ? .error : .warning)
        }
        if !error.isEmpty {
            buffer.put(error, row: tableArea.row + 2, col: col + 2, maxWidth: width - 4, style: .error)
        } else if rows.isEmpty, filter.isActive {
            buffer.put("没有符合「\(filter.query.text)」的意见。按 Esc 清除筛选。", row: tableArea.row + 2, col: col + 2, maxWidth: width - 4, style: .muted)
        } else if rows.isEmpty {
            buffer.put("没有未办结的群众意见建议。", row: tableArea.row + 2, col: col + 2, maxWidth: width - 4, style: .muted)
        } else if rows.indices.contains(table.selected) {
            let r = rows[table.selected]
            buffer.put("第 \(table.selected + 1)/\(rows.count) 件  \(r.item.citizen)：\(r.item.content)", row: area.bottom - 1, col: col,
                       maxWidth: width, style: .muted)
        }
    }
}
