import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// Picks a member from the roster by Chinese text or pinyin initials; Enter chooses.
public final class MemberPickerScreen: Screen {
    let context: AppContext
    public let title: String
    var search = TextField("", maxLength: 30)
    var table = TableView(columns: [
        TableColumn("姓名", width: 8),
        TableColumn("界别", width: 10),
        TableColumn("单位职务", width: 20, flex: 2),
        TableColumn("所在工作室", width: 16, flex: 1),
    ])
    var rows: [Member] = []
    var studiosOf: [Int64: [String]] = [:]
    let onPick: (Member) -> Navigation
    /// Where the form allows it (滨江 "及其他成员"), F3 enters someone who is not a CPPCC member.
    let onNonMember: (() -> Navigation)?

    public init(context: AppContext, title: String, onNonMember: (() -> Navigation)? = nil, onPick: @escaping (Member) -> Navigation) {
        self.context = context
        self.title = title
        self.onPick = onPick
        self.onNonMember = onNonMember
        reload()
    }

    public var hints: [KeyHint] {
        [KeyHint(key: "输入", label: "汉字或拼音首字母"), KeyHint(key: "Enter", label: "选定")]
            + (onNonMember == nil ? [] : [KeyHint(key: "F3", label: "非委员")]) + [CommonKeys.back, CommonKeys.help]
    }
    public var helpHints: [KeyHint] {
        [KeyHint(key: "输入", label: "搜索：汉字（姓名、界别、单位）或拼音首字母，如 zxq"),
         KeyHint(key: "Up/Down", label: "在结果中移动"), KeyHint(key: "PgUp/PgDn", label: "翻页"),
         KeyHint(key: "Enter", label: "选定所选委员")]
            + (onNonMember == nil ? [] : [KeyHint(key: "F3", label: "添加非政协委员的其他成员（本地规则允许时）")])
            + [KeyHint(key: "Esc", label: "不选，返回")]
    }

    func reload() {
        // A picker shows the first 200 matches; typing narrows it.
        rows = (try? context.db.members(matching: SearchQuery(search.text), limit: 200)) ?? []
        studiosOf = [:]
        for m in rows { if let id = m.id, let names = try? context.db.studioNames(usingMember: id), !names.isEmpty { studiosOf[id] = names } }
        table.setCount(rows.count)
        table.select(0)
    }

    public func handle(_ key: Key) -> Navigation {
        switch key {
        case .escape: return .pop
        case .function(3):
            return onNonMember?() ?? .stay
        case .enter:
            guard !rows.isEmpty else { return .stay }
            return onPick(rows[table.selected])
        case .up, .down, .pageUp, .pageDown:
            table.handle(key)
        default:
            let before = search.text
            search.handle(key)
            if search.text != before { reload() }
        }
        return .stay
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        buffer.put(title, row: area.row, col: area.col + 2, style: .accent)
        buffer.put("查找：", row: area.row + 1, col: area.col + 2)
        let tableArea = Rect(row: area.row + 3, col: area.col + 2, width: area.width - 4, height: area.height - 4)
        table.render(into: &buffer, area: tableArea) { [self] i in
            let m = rows[i]
            return [m.name, m.sector, m.unitTitle, (studiosOf[m.id!] ?? []).joined(separator: "、")]
        }
        if rows.isEmpty { buffer.put("没有找到。", row: tableArea.row + 2, col: tableArea.col + 2, style: .muted) }
        search.render(into: &buffer, row: area.row + 1, col: area.col + 8, width: 24, focused: true)
    }
}
