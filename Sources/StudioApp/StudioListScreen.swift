import StudioCore
import StudioStore
import TerminalKit

/// 工作室名册: every studio with type, 线上/线下, leaders, team size and status;
/// filters cycle with one key each, search takes Chinese or pinyin initials.
public final class StudioListScreen: Screen {
    let context: AppContext
    var table = TableView(columns: [
        TableColumn("工作室名称", width: 22, flex: 3),
        TableColumn("类型", width: 6),
        TableColumn("形式", width: 4),
        TableColumn("召集人/领衔", width: 12, flex: 1),
        TableColumn("人数", width: 4, align: .right),
        TableColumn("状态", width: 6),
        TableColumn("待办环节", width: 12),
    ])
    var search = TextField("", maxLength: 30)
    var searching = false
    var filter = StudioFilter()
    /// The approval step each studio waits on, by studio id.
    var waiting: [Int64: String] = [:]
    var sectors: [String] = []
    var rows: [StudioSummary] = []
    var status = ""

    /// The 工作室申报 view shows only open applications (草稿, 审批中).
    let applicationsOnly: Bool

    public init(context: AppContext, applicationsOnly: Bool = false) {
        self.context = context
        self.applicationsOnly = applicationsOnly
        filter.applicationsOnly = applicationsOnly
        sectors = (try? context.db.studioSectors()) ?? []
        reload()
    }

    public var title: String { applicationsOnly ? "工作室申报" : "工作室名册" }

    enum Action: Sendable { case open, new, search, status, type, sector, clear, termChange, back }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .open, label: "详情", help: "查看所选工作室：团队、角色、加入日期、规则检查"),
        KeyBinding([.char("n")], .new, label: "新建", help: "新建工作室申报（草稿）：先填基本情况，再在详情中添加团队成员", edits: true),
        KeyBinding([.char("/")], .search, label: "搜索", help: "搜索：名称、地址、界别中的汉字，或拼音首字母"),
        KeyBinding([.char("s")], .status, label: "状态", help: "按状态筛选（每按一次换下一种：草稿、审批中、已授牌等）"),
        KeyBinding([.char("t")], .type, label: "类型", help: "按类型筛选（区域、界别、行业、个人、联络处）"),
        KeyBinding([.char("b")], .sector, label: "界别", help: "按界别或区域筛选"),
        KeyBinding([.char("c")], .clear, label: "清除", help: "清除全部筛选和搜索", inBar: false),
        KeyBinding([.char("h")], .termChange, label: "换届", help: "换届检查：任期届满的委员影响哪些工作室，各需办理什么", inBar: false),
        KeyBinding([.escape], .back, label: "返回", help: "返回主菜单（有搜索时先清除搜索）"),
    ])

    public var hints: [KeyHint] {
        if searching {
            return [KeyHint(key: "Enter", label: "完成搜索"), KeyHint(key: "Esc", label: "清除搜索"), CommonKeys.help]
        }
        return keys.barHints(context) + [CommonKeys.help]
    }

    public var helpHints: [KeyHint] {
        keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "上下移动"), KeyHint(key: "PgUp/PgDn", label: "翻页"),
                          KeyHint(key: "Home/End", label: "第一个/最后一个")]
    }

    public func becameTop() { reload() }

    /// Another session saved: the list again, the cursor on the same studio.
    public func dataChanged() {
        let id = rows.indices.contains(table.selected) ? rows[table.selected].studio.id : nil
        reload()
        table.reselect(id, in: rows.map(\.studio.id))
    }

    public func openEditsChanged() { editedElsewhere = Set(context.db.openEditsElsewhere(kind: "studio").keys.map(\.id)) }

    /// Studios whose particulars are open in another session's form.
    var editedElsewhere: Set<Int64> = []

    func reload() {
        filter.query = SearchQuery(search.text)
        editedElsewhere = Set(context.db.openEditsElsewhere(kind: "studio").keys.map(\.id))
        do {
            // A district has tens of studios, not thousands: one page holds them all.
            rows = try context.db.studioSummaries(filter)
            let records = try context.db.approvalRecords(studioIDs: rows.compactMap(\.studio.id))
            waiting = Dictionary(uniqueKeysWithValues: rows.map { r in
                (r.studio.id!, StudioChecks.waitingStep(studio: r.studio, records: records[r.studio.id!] ?? [], profiles: context.profiles))
            })
            status = ""
        } catch {
            rows = []
            status = "\(error)"
        }
        table.setCount(rows.count)
    }

    /// Steps through nil (全部) and then each value in turn.
    static func next<T: Equatable>(_ current: T?, in values: [T]) -> T? {
        guard let c = current, let i = values.firstIndex(of: c) else { return values.first }
        return i + 1 < values.count ? values[i + 1] : nil
    }

    public func handle(_ key: Key) -> Navigation {
        if searching {
            switch key {
            case .enter: searching = false
            case .escape:
                searching = false
                search.text = ""
                reload()
            case .down, .up:
                searching = false
                table.handle(key)
            default:
                let before = search.text
                search.handle(key)
                if before != search.text { reload(); table.select(0) }
            }
            return .stay
        }
        if table.handle(key) { return .stay }
        switch keys.action(for: key, in: context) {
        case .open?:
            guard table.count > 0 else { return .stay }
            return .push(StudioDetailScreen(context: context, studioID: rows[table.selected].studio.id!))
        case .new?: return .push(StudioEditor.form(context: context, studio: nil))
        case .termChange?: return .push(TermChangeScreen(context: context))
        case .search?: searching = true
        case .status?:
            filter.status = Self.next(filter.status, in: applicationsOnly ? StudioFilter.applicationStatuses : StudioStatus.allCases)
            reload()
        case .type?: filter.type = Self.next(filter.type, in: StudioType.allCases); reload()
        case .sector?:
            // Only 界别 with a studio in this view (the 申报 view: drafts and applications), never an empty one.
            let shown = (try? context.db.studioSummaries(StudioFilter(applicationsOnly: applicationsOnly))) ?? []
            sectors = Set(shown.map(\.studio.sector)).filter { !$0.isEmpty }.sorted(by: ChineseCollation.areInIncreasingOrder)
            filter.sector = Self.next(filter.sector, in: sectors)
            reload()
        case .clear?:
            filter = StudioFilter(applicationsOnly: applicationsOnly)
            search.text = ""
            reload()
        case .back?:
            if !search.text.isEmpty {
                search.text = ""
                reload()
                return .stay
            }
            return .pop
        case nil: break
        }
        return .stay
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let label = "搜索："
        buffer.put(label, row: area.row, col: area.col + 1, style: searching ? .accent : .normal)
        let fieldCol = area.col + 1 + DisplayWidth.of(label)
        search.render(into: &buffer, row: area.row, col: fieldCol, width: 20, focused: searching)
        // The 申报 view never shows running studios: "全部" there would not be true.
        let filters = "状态：\(filter.status?.title ?? (applicationsOnly ? "草稿和审批中" : "全部"))  类型：\(filter.type?.title ?? "全部")  界别/区域：\(filter.sector ?? "全部")"
        buffer.put(filters, row: area.row, col: fieldCol + 22, maxWidth: area.right - fieldCol - 23, style: filter.isEmpty ? .muted : .accent)
        let tableArea = Rect(row: area.row + 2, col: area.col + 1, width: area.width - 2, height: area.height - 4)
        table.render(into: &buffer, area: tableArea, focused: !searching) { [self] i in
            let r = rows[i]
            return [r.studio.name + (editedElsewhere.contains(r.studio.id!) ? "(编辑中)" : ""), r.studio.type.title, r.studio.mode.title, r.leaders.joined(separator: "、"),
                    "\(r.memberCount)", r.studio.status.title, waiting[r.studio.id!] ?? ""]
        }
        if rows.isEmpty {
            let text = !filter.isEmpty ? "没有符合条件的工作室。按 c 清除筛选。"
                : applicationsOnly ? "没有草稿或审批中的申报。按 n 新建申报。" : "还没有工作室。按 n 新建申报。"
            buffer.put(text, row: tableArea.row + 2, col: tableArea.col + 2, style: .muted)
        } else {
            let pos = "第 \(table.selected + 1)/\(rows.count) 个"
            buffer.put(pos, row: area.bottom - 1, col: area.right - DisplayWidth.of(pos) - 1, style: .muted)
        }
        if !status.isEmpty { buffer.put(status, row: area.bottom - 1, col: area.col + 1, maxWidth: area.width - 20, style: .error) }
        if !searching { buffer.cursor = nil }
    }
}

/// One studio: its particulars, the team with roles and dates, and what the local rules say of it.
public final class StudioDetailScreen: Screen {
    let context: AppContext
    let studioID: Int64
    var studio: Studio?
    var team: [TeamEntry] = []
    var findings: [FieldIssue] = []
    var table = TableView(columns: [
        TableColumn("姓名", width: 8),
        TableColumn("角色", width: 8),
        TableColumn("界别", width: 10),
        TableColumn("单位职务", width: 16, flex: 1),
        TableColumn("加入日期", width: 10),
        TableColumn("退出日期", width: 10),
    ])
    var error = ""

    public init(context: AppContext, studioID: Int64) {
        self.context = context
        self.studioID = studioID
        reload()
    }

    public var title: String { studio?.name ?? "工作室" }
    enum Action: Sendable { case addMember, leave, edit, status, applicationText, approval, wall, ledger, archive, back }
    /// f 申报表 and z 档案 are in F1 only: the bar has room for the daily keys.
    let keys = KeyMap<Action>([
        KeyBinding([.char("a")], .addMember, label: "加成员", help: "从委员名册选人加入团队（拼音首字母查找），选角色和加入日期", edits: true),
        KeyBinding([.char("x")], .leave, label: "退出", help: "所选成员退出团队：填退出日期和原因（记录保留）；未提交的草稿中选错的人直接删除", edits: true),
        KeyBinding([.char("e")], .edit, label: "修改", help: "修改工作室基本情况：名称、类型、形式、地址、界别/区域、专委会、适用规则", edits: true),
        KeyBinding([.char("s")], .status, label: "状态", help: "变更状态：警示、整改中、摘牌、终止、撤销或恢复，须写日期和原因", edits: true),
        KeyBinding([.char("f")], .applicationText, label: "申报表", help: "申报表中的文字内容（基本情况、主要职能和工作计划等）：填写并随时保存；审阅时查看", inBar: false),
        KeyBinding([.char("p")], .approval, label: "审批", help: "审批流程：提交审批、录入各环节意见、授牌，查看审批和状态历史"),
        KeyBinding([.char("w")], .wall, label: "上墙", help: "上墙检查：各条目最近结论、问题起始日期，录入新检查"),
        KeyBinding([.char("l")], .ledger, label: "台账", help: "履职台账：活动、提案、社情民意、群众意见，达标情况"),
        KeyBinding([.char("z")], .archive, label: "档案", help: "导出档案包（ZIP）：团队（含已退出）、审批记录、状态历史、申报表 PDF；摘牌、终止、撤销后归档用", inBar: false, needs: .export),
        KeyBinding([.escape], .back, label: "返回", help: "返回工作室名册"),
    ])
    public var hints: [KeyHint] { keys.barHints(context) + [CommonKeys.help] }
    public var helpHints: [KeyHint] {
        keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "在团队名单中移动"), KeyHint(key: "PgUp/PgDn", label: "翻页")]
    }

    public func becameTop() { reload() }
    public func dataChanged() { reload() }

    var profile: RuleProfile? { context.profiles.first { $0.id == studio?.profileID } }

    func reload() {
        do {
            studio = try context.db.studio(id: studioID)
            team = try context.db.team(studioID: studioID)
            findings = try checkRules()
        } catch {
            self.error = "\(error)"
        }
        table.setCount(team.count)
    }

    func checkRules() throws -> [FieldIssue] {
        guard let studio else { return [] }
        return try StudioChecks.findings(context: context, studio: studio, team: team)
    }

    public func handle(_ key: Key) -> Navigation {
        guard let action = keys.action(for: key, in: context) else {
            table.handle(key)
            return .stay
        }
        switch action {
        case .back: return .pop
        case .approval: return .push(ApprovalScreen(context: context, studioID: studioID))
        case .wall: return .push(StudioWallScreen(context: context, studioID: studioID))
        case .ledger: return .push(StudioLedgerScreen(context: context, studioID: studioID))
        case .archive:
            guard let studio else { return .stay }
            return .push(StudioEditor.exportArchive(context: context, studio: studio))
        case .applicationText:
            guard let studio, let profile else { return .stay }
            if profile.applicationForm.freeTextFields.isEmpty {
                return .push(MessageDialog(title: "申报表", message: "「\(profile.name)」没有需要另填的申报表内容（\(profile.applicationForm.title.isEmpty ? "该地不用申报表" : "各项均来自工作室和团队")）。"))
            }
            // An archived studio's text, like a reviewer's, is read in a view.
            return .push(StudioEditor.applicationText(context: context, studio: studio, profile: profile,
                                                      viewing: StudioLifecycle.isArchived(studio.status)))
        case .edit, .addMember, .leave, .status:
            guard let studio else { return .stay }
            // An ended studio is archived: its record stays as it was.
            if StudioLifecycle.isArchived(studio.status) {
                return .push(MessageDialog(title: "只读", message: "「\(studio.name)」已\(studio.status.title)，记录已归档，只能查看。"))
            }
            switch action {
            case .edit: return .push(StudioEditor.form(context: context, studio: studio))
            case .addMember: return .push(StudioEditor.addMember(context: context, studio: studio, profile: profile))
            case .status:
                if StudioLifecycle.allowedTransitions(from: studio.status).isEmpty {
                    return .push(MessageDialog(title: "变更状态", message: "「\(studio.name)」正在审批中，状态由审批流程决定（按 p）。"))
                }
                return .push(StudioEditor.changeStatus(context: context, studio: studio, profile: profile))
            default:
                guard team.indices.contains(table.selected), team[table.selected].isCurrent else { return .stay }
                let entry = team[table.selected]
                // A wrong pick in a draft never submitted is simply taken off: it never was on a team.
                if (try? context.db.isUnsubmittedDraft(studioID: studioID)) == true {
                    return .push(ConfirmDialog(title: "删除选错的成员",
                                               message: "申报尚未提交：把「\(entry.member.name)」从团队名单中直接删除（不留退出记录）？") { [self] yes in
                        guard yes else { return .stay }
                        do { try context.db.removeDraftPick(studioID: studioID, memberID: entry.member.id!) } catch {
                            return .replace(MessageDialog(title: "不能删除", message: "\(error)", isError: true))
                        }
                        reload()
                        return .stay
                    })
                }
                return .push(StudioEditor.leave(context: context, entry: entry))
            }
        }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        guard let s = studio else {
            buffer.put(error.isEmpty ? "找不到这个工作室（可能已被删除）。按 Esc 返回。" : error, row: area.row + 1, col: area.col + 2, style: .error)
            return
        }
        let col = area.col + 2
        buffer.put(s.name, row: area.row, col: col, maxWidth: area.width - 4, style: .accent)
        let current = team.filter(\.isCurrent).count
        let facts: [(String, String)] = [
            ("类型", "\(s.type.title)  \(s.mode.title)"), ("状态", s.status.title),
            ("界别/区域", s.sector), ("联系专委会", s.committee),
            ("适用规则", profile?.name ?? "\(s.profileID)（未载入）"), ("现有成员", "\(current) 人"),
        ]
        for (i, f) in facts.enumerated() {
            let y = area.row + 1 + i / 2
            let x = col + (i % 2) * 38
            buffer.put(f.0 + "：", row: y, col: x, style: .muted)
            buffer.put(f.1, row: y, col: x + DisplayWidth.of(f.0 + "："), maxWidth: 36 - DisplayWidth.of(f.0))
        }
        buffer.put("地址：", row: area.row + 4, col: col, style: .muted)
        buffer.put(s.address, row: area.row + 4, col: col + 6, maxWidth: area.width - 10)

        // Rule findings under the particulars, the team below them.
        let findingRows = min(4, max(1, findings.count))
        let fy = area.row + 6
        if findings.isEmpty {
            buffer.put(profile == nil ? "规则检查：未载入「\(s.profileID)」规则，无法检查。" : "规则检查：符合「\(profile!.name)」的团队与命名要求。",
                       row: fy, col: col, maxWidth: area.width - 4, style: profile == nil ? .warning : .accent)
        } else {
            for (i, f) in findings.prefix(findingRows).enumerated() {
                let mark = f.severity == .error ? "不符合：" : "请注意："
                buffer.put(mark + f.message, row: fy + i, col: col, maxWidth: area.width - 4, style: f.severity == .error ? .error : .warning)
            }
            if findings.count > findingRows {
                buffer.put("（另有 \(findings.count - findingRows) 条）", row: fy + findingRows - 1, col: area.right - 16, style: .muted)
            }
        }
        let ty = fy + findingRows + 1
        let tableArea = Rect(row: ty, col: col, width: area.width - 4, height: area.bottom - ty)
        table.render(into: &buffer, area: tableArea) { [self] i in
            let e = team[i]
            return [e.member.name, e.membership.role.title, e.member.sector, e.member.unitTitle,
                    e.membership.joinedOn, e.membership.leftOn ?? ""]
        }
        if team.isEmpty { buffer.put("团队还没有成员。", row: ty + 2, col: col + 2, style: .muted) }
    }
}
