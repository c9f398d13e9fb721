import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// Choose one of many by typing: the rows come from `load(search)`, so a long list (300 studios) is narrowed
/// by the database, not by scrolling. Enter picks, Esc leaves without choosing.
final class PickerScreen<Value>: Screen {
    let title: String
    var search = TextField("", maxLength: 30)
    var table: TableView
    var rows: [(cells: [String], value: Value)] = []
    let load: (String) -> [(cells: [String], value: Value)]
    let onPick: (Value) -> Navigation
    let placeholder: String

    init(title: String, columns: [TableColumn], placeholder: String = "汉字或拼音首字母", load: @escaping (String) -> [(cells: [String], value: Value)],
         onPick: @escaping (Value) -> Navigation) {
        self.title = title
        self.table = TableView(columns: columns)
        self.load = load
        self.onPick = onPick
        self.placeholder = placeholder
        reload()
    }

    var hints: [KeyHint] { [KeyHint(key: "输入", label: placeholder), KeyHint(key: "Enter", label: "选定"), CommonKeys.back, CommonKeys.help] }
    var helpHints: [KeyHint] {
        [KeyHint(key: "输入", label: "查找：\(placeholder)"), KeyHint(key: "Up/Down", label: "在结果中移动"), KeyHint(key: "PgUp/PgDn", label: "翻页"),
         KeyHint(key: "Enter", label: "选定"), KeyHint(key: "Esc", label: "不选，返回")]
    }

    func reload() {
        rows = load(search.text)
        table.setCount(rows.count)
        table.select(0)
    }

    func handle(_ key: Key) -> Navigation {
        switch key {
        case .escape: return .pop
        case .enter:
            guard rows.indices.contains(table.selected) else { return .stay }
            return onPick(rows[table.selected].value)
        case .up, .down, .pageUp, .pageDown, .home, .end:
            _ = table.handle(key)
        default:
            let before = search.text
            search.handle(key)
            if search.text != before { reload() }
        }
        return .stay
    }

    func render(into buffer: inout Buffer, area: Rect) {
        buffer.put(title, row: area.row, col: area.col + 2, maxWidth: area.width - 4, style: .accent)
        buffer.put("查找：", row: area.row + 1, col: area.col + 2)
        let tableArea = Rect(row: area.row + 3, col: area.col + 2, width: area.width - 4, height: area.height - 4)
        table.render(into: &buffer, area: tableArea) { [self] i in rows[i].cells }
        if rows.isEmpty { buffer.put("没有找到。", row: tableArea.row + 2, col: tableArea.col + 2, style: .muted) }
        search.render(into: &buffer, row: area.row + 1, col: area.col + 8, width: 24, focused: true)
    }
}

extension PickerScreen where Value == Studio {
    /// A studio from the register, found by name, pinyin initials or 界别; the first 200 matches.
    static func studio(context: AppContext, title: String, onPick: @escaping (Studio) -> Navigation) -> PickerScreen<Studio> {
        PickerScreen(title: title, columns: [TableColumn("工作室", width: 24, flex: 2), TableColumn("类型", width: 6), TableColumn("状态", width: 6),
                                             TableColumn("召集人/领衔", width: 12, flex: 1)],
                     load: { text in
                         ((try? context.db.studioSummaries(StudioFilter(query: SearchQuery(text)), limit: 200)) ?? [])
                             .map { ([$0.studio.name, $0.studio.type.title, $0.studio.status.title, $0.leaders.joined(separator: "、")], $0.studio) }
                     }, onPick: onPick)
    }
}
