import StudioCore
import StudioStore
import TerminalKit

/// 委员名册: the roster in pinyin order, searchable by Chinese text or pinyin initials.
public final class MemberListScreen: Screen {
    let context: AppContext
    var table = TableView(columns: [
        TableColumn("姓名", width: 12),
        TableColumn("界别", width: 10),
        TableColumn("专委会", width: 12, flex: 1),
        TableColumn("单位职务", width: 14, flex: 3),
        TableColumn("专长", width: 10, flex: 1),
        TableColumn("联系方式", width: 13),
    ])
    var search = TextField("", maxLength: 30)
    var searching = false
    var status = ""
    var statusIsError = false
    /// Rows fetched page by page; the roster is never loaded whole.
    var cache: [Int: Member] = [:]
    static let pageSize = 100
    /// A search is counted up to this many matches (a province's 60,000 members all match `y`); the rest are
    /// counted when the cursor comes near the end of what was counted.
    var countLimit = 1000
    var countIsPartial = false

    public init(context: AppContext) {
        self.context = context
        reload()
    }

    public var title: String { "委员名册" }

    enum Action: Sendable { case add, open, edit, delete, search, termEnd, back }
    let keys = KeyMap<Action>([
        KeyBinding([.char("a"), .insert], .add, key: "a", label: "新增", help: "新增委员（Ins 也可）", edits: true),
        KeyBinding([.enter], .open, label: "打开", help: "打开所选委员：修改（审阅时查看全部内容）", inBar: false),
        KeyBinding([.char("e")], .edit, label: "修改", help: "修改所选委员（Enter 也可）", edits: true),
        KeyBinding([.char("d"), .delete], .delete, key: "d", label: "删除", help: "删除所选委员，需确认（Del 也可）；工作室成员不能删除", edits: true),
        KeyBinding([.char("/")], .search, label: "搜索", help: "搜索：输入汉字，或拼音首字母（如 zxq 找张雪琴）"),
        KeyBinding([.char("t")], .termEnd, label: "届满", help: "换届：标记所选委员任期届满（再按一次取消）；影响见工作室名册 h", inBar: false, edits: true),
        KeyBinding([.escape], .back, label: "返回", help: "返回主菜单（搜索时先清除搜索）"),
    ])

    let movementHelp = [
        KeyHint(key: "Up/Down", label: "上下移动"),
        KeyHint(key: "PgUp/PgDn", label: "翻页"),
        KeyHint(key: "Home/End", label: "第一个/最后一个"),
    ]

    public var hints: [KeyHint] {
        if searching {
            return [KeyHint(key: "Enter", label: "完成搜索"), KeyHint(key: "Esc", label: "清除搜索"),
                    KeyHint(key: "Down", label: "到列表"), CommonKeys.help]
        }
        return keys.barHints(context) + [CommonKeys.help]
    }

    public var helpHints: [KeyHint] {
        keys.helpHints(context) + movementHelp + [
            KeyHint(key: "搜索时", label: "Enter 保留结果回到列表；Esc 清除搜索；Left/Right/Home/End 移动光标"),
        ]
    }

    var query: SearchQuery { SearchQuery(search.text) }

    /// The member just saved in the form, to select when the list comes back.
    var pendingSelection: Int64?

    public func becameTop() {
        let id = pendingSelection ?? selectedMember?.id
        pendingSelection = nil
        reload()
        if let id { selectMember(id: id) }
    }

    /// Another session saved: the roster again, the cursor on the same member.
    public func dataChanged() {
        let id = selectedMember?.id
        reload()
        if let id { selectMember(id: id) }
    }

    public func openEditsChanged() {
        editedElsewhere = Dictionary(uniqueKeysWithValues: context.db.openEditsElsewhere(kind: "member").map { ($0.key.id, $0.value) })
    }

    /// Members open in another session's form (正在被 张三 编辑), by id.
    var editedElsewhere: [Int64: OpenEdit] = [:]

    func reload() {
        cache = [:]
        editedElsewhere = Dictionary(uniqueKeysWithValues: context.db.openEditsElsewhere(kind: "member").map { ($0.key.id, $0.value) })
        do {
            if query.isEmpty {
                table.setCount(try context.db.memberCount(matching: query))
                countIsPartial = false
            } else {
                let counted = try context.db.memberCount(matching: query, atMost: countLimit + 1)
                countIsPartial = counted > countLimit
                table.setCount(counted)
            }
        } catch {
            table.setCount(0)
            setStatus("\(error)", error: true)
        }
    }

    /// Every match counted, when only the first were (the cursor is near the end of them, or going there).
    func countAll() {
        guard countIsPartial else { return }
        countIsPartial = false
        if let all = try? context.db.memberCount(matching: query) { table.setCount(all) }
    }

    /// Moves the cursor, counting every match first when the move nears the end of those counted.
    @discardableResult
    func move(_ key: Key) -> Bool {
        if key == .end { countAll() }
        let moved = table.handle(key)
        if countIsPartial && table.selected >= table.count - Self.pageSize { countAll() }
        return moved
    }

    func setStatus(_ text: String, error: Bool = false) {
        status = text
        statusIsError = error
    }

    func member(at index: Int) -> Member? {
        if let m = cache[index] { return m }
        let start = index / Self.pageSize * Self.pageSize
        guard let page = try? context.db.members(matching: query, limit: Self.pageSize, offset: start) else { return nil }
        for (i, m) in page.enumerated() { cache[start + i] = m }
        return cache[index]
    }

    var selectedMember: Member? { table.count == 0 ? nil : member(at: table.selected) }

    func selectMember(id: Int64) {
        // Find the member's position in the current order without loading whole rows.
        countAll()
        var offset = 0
        while offset < table.count {
            guard let page = try? context.db.members(matching: query, limit: 500, offset: offset), !page.isEmpty else { return }
            if let i = page.firstIndex(where: { $0.id == id }) {
                table.select(offset + i)
                return
            }
            offset += page.count
        }
    }

    public func handle(_ key: Key) -> Navigation {
        if searching { return handleSearch(key) }
        if move(key) { return .stay }
        guard let action = keys.action(for: key, in: context) else { return .stay }
        setStatus("")
        switch action {
        case .back:
            if !search.text.isEmpty {
                search.text = ""
                reload()
                return .stay
            }
            return .pop
        case .search:
            searching = true
            return .stay
        case .termEnd:
            guard let m = selectedMember else { return .stay }
            return .push(StudioEditor.termEnd(context: context, member: m) { [weak self] text in
                self?.setStatus(text)
                self?.pendingSelection = m.id
            })
        case .add:
            return .push(MemberFormScreen(context: context, member: nil) { [weak self] saved in
                self?.setStatus("已新增：\(saved.name)")
                self?.pendingSelection = saved.id
            })
        case .open where !context.session.may(.editRecords):
            // A reviewer reads the whole entry in a view.
            guard let m = selectedMember else { return .stay }
            return .push(EntryFormScreen(title: "委员：\(m.name)", fields: MemberField.allCases.map { .init($0.rawValue, $0.label, .text(maxLength: $0.maxLength)) },
                                         values: Dictionary(uniqueKeysWithValues: MemberField.allCases.map { ($0.rawValue, m[$0]) }), viewing: true) { _ in .saved(.stay) })
        case .edit, .open:
            guard let m = selectedMember else { return .stay }
            return .push(MemberFormScreen(context: context, member: m) { [weak self] saved in
                self?.setStatus("已保存：\(saved.name)")
                self?.pendingSelection = saved.id
            })
        case .delete:
            guard let m = selectedMember, let id = m.id else { return .stay }
            return .push(ConfirmDialog(title: "删除委员", message: "确定删除委员「\(m.name)」吗？删除后不能恢复。") { [weak self] yes in
                guard yes, let self else { return .pop }
                do {
                    try self.context.db.deleteMember(id: id)
                    self.reload()
                    self.setStatus("已删除：\(m.name)")
                    return .pop
                } catch {
                    return .push(MessageDialog(title: "不能删除", message: "\(error)", isError: true))
                }
            })
        }
    }

    func handleSearch(_ key: Key) -> Navigation {
        switch key {
        case .enter:
            searching = false
        case .escape:
            searching = false
            search.text = ""
            reload()
        case .down, .up, .pageDown, .pageUp, .tab:
            searching = false
            if key != .tab { move(key) }
        default:
            let before = search.text
            search.handle(key)
            if search.text != before {
                reload()
                table.select(0)
            }
        }
        return .stay
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        // Search line.
        let label = "搜索："
        buffer.put(label, row: area.row, col: area.col + 1, style: searching ? .accent : .normal)
        let fieldCol = area.col + 1 + DisplayWidth.of(label)
        search.render(into: &buffer, row: area.row, col: fieldCol, width: 24, focused: searching,
                      style: searching ? .focusedField : .field)
        let summary = query.isEmpty ? "共 \(table.count) 名委员" : countIsPartial ? "找到 \(countLimit) 多名" : "找到 \(table.count) 名"
        let hint = searching ? "汉字或拼音首字母，如 zxq" : "按 / 搜索"
        buffer.put(summary + "   " + hint, row: area.row, col: fieldCol + 26, maxWidth: area.right - fieldCol - 27, style: .muted)

        let tableArea = Rect(row: area.row + 2, col: area.col + 1, width: area.width - 2, height: area.height - 4)
        table.render(into: &buffer, area: tableArea, focused: !searching) { [self] i in
            guard let m = member(at: i) else { return [] }
            return [m.name + (m.termEndedOn == nil ? "" : "(届满)") + (editedElsewhere[m.id ?? 0] == nil ? "" : "(编辑中)"), m.sector, m.committee, m.unitTitle, m.expertise, m.phone]
        }
        if table.count == 0 {
            let text = query.isEmpty ? "名册里还没有委员。按 a 新增。" : "没有找到「\(search.text)」。按 Esc 清除搜索。"
            buffer.put(text, row: tableArea.row + 2, col: tableArea.col + 2, style: .muted)
        }
        if table.count > 0 {
            let pos = "第 \(table.selected + 1)/\(countIsPartial ? "\(countLimit)+" : "\(table.count)") 名"
            buffer.put(pos, row: area.bottom - 1, col: area.right - DisplayWidth.of(pos) - 1, style: .muted)
        }
        if !status.isEmpty {
            buffer.put(status, row: area.bottom - 1, col: area.col + 1, maxWidth: area.width - 20,
                       style: statusIsError ? .error : .accent)
        } else if let m = selectedMember, let open = editedElsewhere[m.id ?? 0] {
            buffer.put("\(m.name)：" + open.notice, row: area.bottom - 1, col: area.col + 1, maxWidth: area.width - 20, style: .warning)
        }
        if !searching { buffer.cursor = nil }
    }
}
