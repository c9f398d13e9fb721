import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// One studio's ledger in one scrolling view, newest first: enter records, open them, review them.
public final class StudioLedgerScreen: Screen {
    let context: AppContext
    let studioID: Int64
    var studio: Studio?
    var year: Int
    var filter: LedgerFilter
    var all: [LedgerEntry] = []
    var rows: [LedgerEntry] = []
    var names: [Int64: String] = [:]
    var compliance: StudioCompliance?
    var team: [Member] = []
    var table = TableView(columns: [
        TableColumn("选", width: 2),
        TableColumn("日期", width: 10),
        TableColumn("台账", width: 8),
        TableColumn("类别", width: 8),
        TableColumn("形式", width: 4),
        TableColumn("标题/内容", width: 16, flex: 3),
        TableColumn("参加委员", width: 10, flex: 1),
        TableColumn("状态", width: 8),
        TableColumn("审核", width: 6),
    ])
    var message = ""
    /// Records marked with Space ("kind#id") for one decision on all of them.
    var marked: Set<String> = []
    /// Reviewed and returned since the screen opened, for the stream's status line.
    var reviewedCount = 0
    var returnedCount = 0
    /// Set by a review form when it saves: the records from the cursor down as they were ("kind#id"), so that
    /// after it closes the cursor goes to the next of them still 待审核.
    var afterReview: (following: [String], approved: Bool, count: Int)?

    public init(context: AppContext, studioID: Int64, year: Int? = nil) {
        self.context = context
        self.studioID = studioID
        self.year = year ?? Calendar(identifier: .gregorian).component(.year, from: context.today())
        filter = LedgerFilter(year: self.year)
        reload()
    }

    public var title: String { "台账：" + (studio?.name ?? "") }
    var profile: RuleProfile? { context.profiles.first { $0.id == studio?.profileID } }

    enum Action: Sendable {
        case open, newActivity, repeatLast, newProposal, newSocialInfo, newIntake, approve, reject, mark, delete
        case kind, category, quarter, member, reviewFilter, clear, previousYear, nextYear, compliance, yearDoc, annualSummary, back
    }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .open, label: "打开", help: "打开所选记录：修改（审阅时查看全部内容）；群众意见在此分类、转办、反馈", inBar: false),
        KeyBinding([.char("a")], .newActivity, label: "活动", help: "录入一次活动（含值班）", needs: .editLedger),
        KeyBinding([.char("r")], .repeatLast, label: "沿用上条", help: "以本工作室最近一条活动为底稿录入新活动（改日期即可）", inBar: false, needs: .editLedger),
        KeyBinding([.char("p")], .newProposal, label: "提案", help: "录入一件提案", needs: .editLedger),
        KeyBinding([.char("x")], .newSocialInfo, label: "社情民意", help: "录入一篇社情民意信息", needs: .editLedger),
        KeyBinding([.char("i")], .newIntake, label: "群众意见", help: "登记一条群众意见建议", needs: .editLedger),
        KeyBinding([.char("v")], .approve, label: "审核",
                   help: "所选记录审核通过（审核人为登录用户），光标随即移到下一条待审核；有标记时一次审核全部标记的记录", needs: .reviewLedger),
        KeyBinding([.char("b")], .reject, label: "退回", help: "把所选记录（有标记时为全部标记的记录）退回录入人，写明原因", inBar: false, needs: .reviewLedger),
        KeyBinding([.char(" ")], .mark, key: "空格", label: "标记", help: "标记或取消标记所选记录并下移，再按 v 或 b 一次审核全部标记的记录", inBar: false, needs: .reviewLedger),
        KeyBinding([.char("d"), .delete], .delete, key: "d", label: "删除", help: "删除所选记录（先确认）", inBar: false, needs: .editLedger),
        KeyBinding([.char("l")], .kind, label: "台账筛选", help: "按台账筛选：活动、提案、社情民意、群众意见", inBar: false),
        KeyBinding([.char("c")], .category, label: "类别筛选", help: "按活动类别筛选", inBar: false),
        KeyBinding([.char("q")], .quarter, label: "季度筛选", help: "按季度筛选", inBar: false),
        KeyBinding([.char("m")], .member, label: "委员筛选", help: "只看某位成员参加的记录（每按一次换下一位）", inBar: false),
        KeyBinding([.char("s")], .reviewFilter, label: "审核筛选", help: "按审核状态筛选：待审核、已审核、退回", inBar: false),
        KeyBinding([.char("0")], .clear, label: "清除筛选", help: "清除全部筛选", inBar: false),
        KeyBinding([.char("[")], .previousYear, key: "[ ]", label: "上一年度", help: "上一年度 / 下一年度", inBar: false),
        KeyBinding([.char("]")], .nextYear, label: "下一年度", inBar: false),
        KeyBinding([.char("t")], .compliance, label: "达标", help: "对照本地规则的最低要求：已完成、差几次、何时截止"),
        KeyBinding([.char("n")], .yearDoc, label: "计划总结", help: "年度工作计划、年度总结、自查自评（审阅时查看）", inBar: false),
        KeyBinding([.char("z")], .annualSummary, label: "年度工作总结",
                   help: "年度工作总结：按台账生成各项情况，填写成绩亮点、存在问题、下一步计划，定稿后记为年度总结，打印为公文版式 PDF", inBar: false),
        KeyBinding([.escape], .back, label: "返回", help: "返回"),
    ])
    public var hints: [KeyHint] { keys.barHints(context, studio: studio?.id) + [CommonKeys.help] }
    public var helpHints: [KeyHint] { keys.helpHints(context, studio: studio?.id) + [KeyHint(key: "Up/Down", label: "上下移动"), KeyHint(key: "PgUp/PgDn", label: "翻页")] }

    public func becameTop() {
        reload()
        if let done = afterReview {
            afterReview = nil
            if done.approved { reviewedCount += done.count } else { returnedCount += done.count }
            moveToNextPending(following: done.following)
        }
    }

    /// Another session saved: the ledger again, the cursor on the same record.
    public func dataChanged() {
        let key = selected.map(Self.markKey)
        reload()
        table.reselect(key, in: rows.map(Self.markKey))
    }

    /// The record an entry is, as forms mark it open (the table's name).
    static func recordRef(_ e: LedgerEntry) -> RecordRef {
        let table = switch e.kind {
        case .activity: "activity"
        case .proposal: "proposal"
        case .sqmy: "socialInfo"
        case .intake: "citizenItem"
        }
        return RecordRef(table, e.id)
    }

    public func openEditsChanged() { editedElsewhere = context.db.openEditsElsewhere() }

    /// Records open in another session's form.
    var editedElsewhere: [RecordRef: OpenEdit] = [:]

    func reload() {
        editedElsewhere = context.db.openEditsElsewhere()
        do {
            studio = try context.db.studio(id: studioID)
            all = try context.db.ledgerEntries(studioID: studioID, year: year)
            team = try context.db.team(studioID: studioID).map(\.member)
            for m in team { names[m.id!] = m.name }
            let others = Set(all.flatMap(\.memberIDs)).subtracting(names.keys)
            if !others.isEmpty {
                for m in try context.db.members(matching: SearchQuery(""), limit: 100_000) where others.contains(m.id!) { names[m.id!] = m.name }
            }
            if let studio { compliance = try StudioCompliance.load(context, studio: studio, year: year) }
        } catch {
            message = "\(error)"
        }
        filter.year = year
        rows = all.filter(filter.admits)
        table.setCount(rows.count)
    }

    var selected: LedgerEntry? { rows.indices.contains(table.selected) ? rows[table.selected] : nil }

    static func markKey(_ e: LedgerEntry) -> String { "\(e.kind.rawValue)#\(e.id)" }

    /// The stream's status line: what was reviewed here and what is still 待审核 in the list as filtered.
    var streamStatus: String? {
        guard reviewedCount + returnedCount > 0 || !marked.isEmpty else { return nil }
        var parts: [String] = []
        if reviewedCount > 0 || returnedCount == 0 { parts.append("已审核 \(reviewedCount) 条") }
        if returnedCount > 0 { parts.append("退回 \(returnedCount) 条") }
        parts.append("余 \(rows.filter { $0.review.status == .pending }.count) 条")
        if !marked.isEmpty { parts.append("已标记 \(marked.count) 条") }
        return parts.joined(separator: "，")
    }

    /// After a review: the first record still 待审核 among those that were at or below the cursor (the reviewed
    /// ones may have left a 待审核 filter), else the first 待审核 from the top; the cursor stays when none is left.
    func moveToNextPending(following: [String]) {
        var position: [String: Int] = [:]
        for (i, e) in rows.enumerated() { position[Self.markKey(e)] = i }
        let pending = { (i: Int) in self.rows[i].review.status == .pending }
        if let next = following.lazy.compactMap({ position[$0] }).first(where: pending) ?? rows.indices.first(where: pending) {
            table.select(next)
        }
    }

    /// The review form for the marked records, or for the selected one when none is marked.
    func review(approve: Bool) -> Navigation {
        let chosen = marked.isEmpty ? (selected.map { [$0] } ?? []) : rows.filter { marked.contains(Self.markKey($0)) }
        guard !chosen.isEmpty else { return .stay }
        let following = rows[max(0, min(table.selected, rows.count - 1))...].map(Self.markKey)
        return .push(LedgerForms.review(context: context, entries: chosen, approve: approve) { [weak self] in
            guard let self else { return }
            afterReview = (following, approve, chosen.count)
            marked = []
        })
    }

    func readOnly() -> Navigation? {
        guard let studio, !studio.status.isActive else { return nil }
        return .push(MessageDialog(title: "只读", message: "「\(studio.name)」已\(studio.status.title)，记录已归档，只能查看。"))
    }

    static func next<T: Equatable>(_ current: T?, in values: [T]) -> T? { StudioListScreen.next(current, in: values) }

    public func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        guard let studio, let action = keys.action(for: key, in: context, studio: studio.id) else { return key == .escape ? .pop : .stay }
        message = ""
        switch action {
        case .back: return .pop
        case .open:
            guard let e = selected else { return .stay }
            return open(e, studio: studio)
        case .newActivity:
            if let ro = readOnly() { return ro }
            return .push(LedgerForms.activity(context: context, studio: studio, profile: profile, existing: nil, members: []))
        case .repeatLast:
            if let ro = readOnly() { return ro }
            guard let (last, ids) = try? context.db.lastActivity(studioID: studioID) else {
                message = "还没有活动记录可以沿用"
                return .stay
            }
            let members = ids.compactMap { id in names[id].map { n in Member(id: id, name: n) } }
            return .push(LedgerForms.activity(context: context, studio: studio, profile: profile, existing: nil, members: members, template: last))
        case .newProposal:
            if let ro = readOnly() { return ro }
            return .push(LedgerForms.proposal(context: context, studio: studio, existing: nil, members: []))
        case .newSocialInfo:
            if let ro = readOnly() { return ro }
            return .push(LedgerForms.socialInfo(context: context, studio: studio, existing: nil, members: []))
        case .newIntake:
            if let ro = readOnly() { return ro }
            return .push(LedgerForms.citizenItem(context: context, studio: studio, existing: nil))
        case .approve, .reject:
            return review(approve: action == .approve)
        case .mark:
            guard let e = selected else { return .stay }
            let key = Self.markKey(e)
            if marked.contains(key) { marked.remove(key) } else { marked.insert(key) }
            table.select(table.selected + 1)
            return .stay
        case .delete:
            guard let e = selected else { return .stay }
            if let ro = readOnly() { return ro }
            return .push(ConfirmDialog(title: "删除记录", message: "删除\(e.kind.title)记录「\(e.title)」（\(DateInput.chinese(e.date))）？删除后不能恢复。") { [self] yes in
                guard yes else { return .pop }
                do {
                    try context.db.deleteLedgerRecord(kind: e.kind, id: e.id)
                    message = "已删除：\(e.title)"
                    return .pop
                } catch {
                    return .push(MessageDialog(title: "不能删除", message: "\(error)", isError: true))
                }
            })
        case .kind: filter.kind = Self.next(filter.kind, in: LedgerKind.allCases); filter.category = nil
        case .category:
            let ids = (profile?.activityCategories ?? []).map(\.id)
            filter.category = Self.next(filter.category, in: ids)
            if filter.category != nil { filter.kind = .activity }
        case .quarter: filter.quarter = Self.next(filter.quarter, in: [1, 2, 3, 4])
        case .member: filter.memberID = Self.next(filter.memberID, in: team.filter { !$0.isNonMember }.compactMap(\.id))
        case .reviewFilter: filter.review = Self.next(filter.review, in: ReviewStatus.allCases)
        case .clear: filter = LedgerFilter(year: year)
        case .previousYear: year -= 1
        case .nextYear: year += 1
        case .compliance:
            return .push(ComplianceScreen(context: context, studioID: studioID, year: year))
        case .yearDoc:
            if let ro = readOnly() { return ro }
            return .push(LedgerForms.yearDoc(context: context, studio: studio, year: year))
        case .annualSummary:
            return .push(AnnualSummaryScreen(context: context, studioID: studioID, year: year))
        }
        reload()
        return .stay
    }

    func open(_ e: LedgerEntry, studio: Studio) -> Navigation {
        let members = e.memberIDs.compactMap { id in names[id].map { Member(id: id, name: $0) } }
        if !studio.status.isActive {
            return .push(MessageDialog(title: "\(e.kind.title)：\(e.title)", message: describe(e)))
        }
        switch e.kind {
        case .activity:
            guard let a = try? context.db.activity(id: e.id) else { return .stay }
            return .push(LedgerForms.activity(context: context, studio: studio, profile: profile, existing: a, members: members))
        case .proposal:
            guard let p = try? context.db.proposal(id: e.id) else { return .stay }
            return .push(LedgerForms.proposal(context: context, studio: studio, existing: p, members: members))
        case .sqmy:
            guard let s = try? context.db.socialInfo(id: e.id) else { return .stay }
            return .push(LedgerForms.socialInfo(context: context, studio: studio, existing: s, members: members))
        case .intake:
            return .push(IntakeScreen(context: context, itemID: e.id))
        }
    }

    /// A record as text, for a studio whose record is archived.
    func describe(_ e: LedgerEntry) -> String {
        var lines = ["日期：\(DateInput.chinese(e.date))", "类别：\(e.category)", "状态：\(e.status)"]
        if !e.memberIDs.isEmpty { lines.append("参加委员：" + e.memberIDs.compactMap { names[$0] }.joined(separator: "、")) }
        lines.append("审核：\(e.review.status.title)" + (e.review.reviewer.isEmpty ? "" : "（\(e.review.reviewer)）"))
        return lines.joined(separator: "\n")
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        guard let studio else {
            buffer.put(message.isEmpty ? "找不到这个工作室。按 Esc 返回。" : message, row: area.row + 1, col: area.col + 2, style: .error)
            return
        }
        let col = area.col + 1
        buffer.put("\(studio.name)  \(year)年", row: area.row, col: col, maxWidth: area.width - 2, style: .accent)
        if let c = compliance {
            let text = c.lines.isEmpty ? "「\(c.profile?.name ?? studio.profileID)」没有规定最低次数"
                : "最低要求 \(c.lines.count) 项：已完成 \(c.lines.count - c.short.count)，未完成 \(c.short.count)（按 t 查看）"
            let extra = (c.overdueIntake > 0 ? "；群众意见逾期 \(c.overdueIntake) 件" : "") + (c.pendingReview > 0 ? "；待审核 \(c.pendingReview) 条" : "")
            buffer.put(text + extra, row: area.row + 1, col: col, maxWidth: area.width - 2, style: c.short.isEmpty && c.overdueIntake == 0 ? .normal : .warning)
        }
        var parts: [String] = []
        if let k = filter.kind { parts.append("台账：\(k.title)") }
        if let c = filter.category { parts.append("类别：\(profile?.activityCategories.first { $0.id == c }?.name ?? c)") }
        if let q = filter.quarter { parts.append("第\(q)季度") }
        if let m = filter.memberID { parts.append("委员：\(names[m] ?? "")") }
        if let r = filter.review { parts.append("审核：\(r.title)") }
        let filterText = parts.isEmpty ? "筛选：全部（l 台账  c 类别  q 季度  m 委员  s 审核  0 清除）" : "筛选：" + parts.joined(separator: "  ") + "（0 清除）"
        buffer.put(filterText, row: area.row + 2, col: col, maxWidth: area.width - 2, style: parts.isEmpty ? .muted : .accent)
        let tableArea = Rect(row: area.row + 3, col: col, width: area.width - 2, height: area.height - 5)
        table.render(into: &buffer, area: tableArea) { [self] i in
            let e = rows[i]
            return [marked.contains(Self.markKey(e)) ? "*" : "", e.date, e.kind.title, e.category, e.mode?.title ?? "",
                    (editedElsewhere[Self.recordRef(e)] == nil ? "" : "(编辑中)") + e.title,
                    e.memberIDs.compactMap { names[$0] }.joined(separator: "、"), e.status, e.review.status.title]
        }
        if rows.isEmpty {
            buffer.put(all.isEmpty ? "\(year)年还没有记录。按 a 录入活动，p 提案，x 社情民意，i 群众意见。" : "没有符合筛选的记录。按 0 清除筛选。",
                       row: tableArea.row + 2, col: col + 2, maxWidth: area.width - 6, style: .muted)
        }
        // The selected record's review comment, or a message.
        if !message.isEmpty {
            buffer.put(message, row: area.bottom - 1, col: col, maxWidth: area.width - 2, style: .accent)
        } else if let e = selected, e.review.status == .returned {
            buffer.put("退回（\(e.review.reviewer)）：\(e.review.comment)", row: area.bottom - 1, col: col, maxWidth: area.width - 2, style: .error)
        } else if let e = selected {
            let pos = "第 \(table.selected + 1)/\(rows.count) 条  \(e.kind.title)：\(e.title)"
            if let status = streamStatus {
                let x = col + buffer.put(status + "  ", row: area.bottom - 1, col: col, maxWidth: area.width - 2, style: .accent)
                buffer.put(pos, row: area.bottom - 1, col: x, maxWidth: max(0, area.right - 1 - x), style: .muted)
            } else {
                buffer.put(pos, row: area.bottom - 1, col: col, maxWidth: area.width - 2, style: .muted)
            }
        } else if let status = streamStatus {
            buffer.put(status, row: area.bottom - 1, col: col, maxWidth: area.width - 2, style: .accent)
        }
    }
}
