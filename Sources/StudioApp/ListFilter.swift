import StudioCore
import TerminalKit

/// The `/` filter line of a list, as less, mutt and tig have it: typing narrows the rows live by characters, pinyin
/// initials or full pinyin, best matches first (`SearchQuery.rank`, the ranking of every list and picker); Enter keeps
/// the filter and returns to the list, Esc clears it. The line sits just above the table and says
/// "筛选：oy（3/18）" while a filter is on. One per screen, over whichever view it shows.
struct ListFilter {
    var field = TextField("", maxLength: 30)
    /// The line has the keyboard.
    private(set) var isEditing = false
    /// Pinyin of names that are not stored with their keys, worked out once.
    private var keys: [String: PinyinKey] = [:]

    var query: SearchQuery { SearchQuery(field.text) }
    var isActive: Bool { !query.isEmpty }
    /// Drawn while typing or while a filter is on.
    var isShown: Bool { isEditing || isActive }

    /// The binding each list declares in its KeyMap: it reads, it never edits. The office lists' help bars are full at
    /// 80 columns, so the key is offered on the filter's own row ("/ 筛选") and in F1.
    static func binding<Action: Sendable>(_ action: Action) -> KeyBinding<Action> {
        KeyBinding([.char("/")], action, label: "筛选",
                   help: "筛选：输入汉字、拼音首字母（如 oy）或全拼，边输边筛，最相符的在前；Enter 保留筛选回到列表，Esc 清除",
                   inBar: false, edits: false)
    }

    static let offer = "/ 筛选"

    /// The help bar while the line has the keyboard.
    static let editingHints = [KeyHint(key: "输入", label: "汉字/首字母/全拼"), KeyHint(key: "Enter", label: "保留筛选"),
                               KeyHint(key: "Esc", label: "清除筛选"), KeyHint(key: "Down", label: "到列表"), CommonKeys.help]

    mutating func open() { isEditing = true }

    /// Call first from the screen's handle(_:). nil: the key is not the filter's (the screen goes on with it);
    /// otherwise whether the query changed, so the rows must be filtered again. Esc on the list clears a filter
    /// that is on before it means 返回.
    mutating func handle(_ key: Key) -> Bool? {
        if !isEditing {
            guard key == .escape, isActive else { return nil }
            field.text = ""
            return true
        }
        switch key {
        case .enter:
            isEditing = false
            return false
        case .escape:
            isEditing = false
            let had = isActive
            field.text = ""
            return had
        case .up, .down, .pageUp, .pageDown:
            // Straight to the rows, keeping the filter.
            isEditing = false
            return nil
        default:
            let before = field.text
            field.handle(key)
            return field.text != before
        }
    }

    /// The rows that match, best first. `names` gives each row's names (a studio's, a member's); stored keys are
    /// used when given, others are worked out once. `inPinyinOrder: false` keeps the list's own order within a rank.
    mutating func apply<T>(_ items: [T], inPinyinOrder: Bool = true, names: (T) -> [(String, PinyinKey?)]) -> [T] {
        let q = query
        if q.isEmpty { return items }
        return q.ranked(items, inPinyinOrder: inPinyinOrder) { item in
            names(item).map { name, key in (name, key ?? pinyin(name)) }
        }
    }

    private mutating func pinyin(_ name: String) -> PinyinKey {
        if let k = keys[name] { return k }
        let k = PinyinKey(name)
        keys[name] = k
        return k
    }

    /// "筛选：oy（3/18）".
    func status(shown: Int, total: Int) -> String { "筛选：\(query.text)（\(shown)/\(total)）" }

    /// Draws the line when it is shown, else offers the key at the row's right end; false when the filter is not
    /// shown (the rest of the row is the screen's).
    @discardableResult
    mutating func render(into buffer: inout Buffer, row: Int, col: Int, width: Int, shown: Int, total: Int) -> Bool {
        guard isShown, width > 8 else {
            let w = DisplayWidth.of(Self.offer)
            if width > w { buffer.put(Self.offer, row: row, col: col + width - w, style: .muted) }
            return false
        }
        buffer.fill(Rect(row: row, col: col, width: width, height: 1))
        if !isEditing {
            buffer.put(status(shown: shown, total: total) + "  Esc 清除", row: row, col: col, maxWidth: width, style: .accent)
            return true
        }
        let label = "筛选："
        var x = col + buffer.put(label, row: row, col: col, style: .accent)
        let fieldWidth = min(20, max(4, col + width - x - 12))
        field.render(into: &buffer, row: row, col: x, width: fieldWidth, focused: true)
        x += fieldWidth
        let cursor = buffer.cursor
        buffer.put("（\(shown)/\(total)）  Enter 保留  Esc 清除", row: row, col: x, maxWidth: col + width - x, style: .muted)
        buffer.cursor = cursor
        return true
    }
}
