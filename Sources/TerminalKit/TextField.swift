/// A one-line text field that edits by character and places the cursor by
/// display column, so the cursor sits where the user types after Chinese input
/// (the bug bubbles#906 had). ncurses' form library cannot do this for Chinese.
public struct TextField: Equatable, Sendable {
    public private(set) var characters: [Character]
    /// Index in `characters` where the next character goes.
    public private(set) var cursor: Int
    /// First visible character when the text is wider than the field.
    public private(set) var scroll: Int = 0
    public var maxLength: Int

    public init(_ text: String = "", maxLength: Int = 200) {
        characters = Array(text)
        cursor = characters.count
        self.maxLength = maxLength
    }

    public var text: String {
        get { String(characters) }
        set {
            characters = Array(newValue.prefix(maxLength))
            cursor = characters.count
            scroll = 0
        }
    }

    /// Applies an editing key; false when the key is not an editing key (Tab, Enter, …).
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c):
            guard characters.count < maxLength, !c.isNewline else { return true }
            characters.insert(c, at: cursor)
            cursor += 1
        case .backspace, .ctrl("h"):
            if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete, .ctrl("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left, .ctrl("b"):
            cursor = max(0, cursor - 1)
        case .right, .ctrl("f"):
            cursor = min(characters.count, cursor + 1)
        case .home, .ctrl("a"):
            cursor = 0
        case .end, .ctrl("e"):
            cursor = characters.count
        case .ctrl("u"):
            characters.removeFirst(cursor)
            cursor = 0
        case .ctrl("k"):
            characters.removeLast(characters.count - cursor)
        default:
            return false
        }
        return true
    }

    /// Display column of the cursor relative to the text's start.
    public var cursorColumn: Int { DisplayWidth.of(String(characters[0..<cursor])) }

    /// Keeps the cursor inside a field `width` columns wide, scrolling as needed.
    mutating func adjustScroll(width: Int) {
        let usable = max(1, width - 1)
        if cursor < scroll { scroll = cursor }
        while scroll < cursor && DisplayWidth.of(String(characters[scroll..<cursor])) > usable {
            scroll += 1
        }
    }

    /// Draws the field; when focused, puts the terminal cursor where the next character goes.
    public mutating func render(into buffer: inout Buffer, row: Int, col: Int, width: Int, focused: Bool, style: Style? = nil) {
        adjustScroll(width: width)
        let st = style ?? (focused ? Style.focusedField : Style.field)
        buffer.fill(Rect(row: row, col: col, width: width, height: 1), style: st)
        let visible = String(characters[scroll...])
        buffer.put(DisplayWidth.prefix(visible, fitting: width), row: row, col: col, maxWidth: width, style: st)
        if focused {
            let x = col + DisplayWidth.of(String(characters[scroll..<cursor]))
            buffer.cursor = Point(row: row, col: min(x, col + width - 1))
        }
    }
}
