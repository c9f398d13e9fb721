/// A multi-line text editor for paragraphs (a work plan, a year's summary): the text wraps by display width
/// (a Chinese character is never cut at the edge; it moves to the next row), Up/Down keep the display column,
/// PgUp/PgDn page, Enter starts a new line, and the box scrolls to keep the cursor in view. Like `TextField` it
/// edits by character and places the terminal cursor by display column, so it sits where the user types after
/// Chinese input.
public struct TextArea: Equatable, Sendable {
    public private(set) var characters: [Character]
    /// Index in `characters` where the next character goes.
    public private(set) var cursor: Int
    public var maxLength: Int
    /// First row (of the wrapped rows) shown at the last render.
    public private(set) var top: Int = 0
    /// Rows of text that fit at the last render; paging moves by this much.
    public private(set) var pageSize: Int = 5
    /// Columns of text per row at the last render (the box's width less one column kept for the cursor).
    public private(set) var textWidth: Int = 40
    /// The display column Up/Down aim for, kept across rows shorter than it.
    private var goalColumn: Int?
    /// The cursor sits at the end of a wrapped row rather than at the start of the next (after End, or Down to a
    /// column past a wrapped row's end): both are the same place in the text.
    private var atRowEnd = false

    public init(_ text: String = "", maxLength: Int = 3000) {
        characters = Array(Self.normalized(text).prefix(maxLength))
        // A long text opens at its beginning, so the clerk reads it from the top.
        cursor = 0
        self.maxLength = maxLength
    }

    public var text: String {
        get { String(characters) }
        set {
            characters = Array(Self.normalized(newValue).prefix(maxLength))
            cursor = min(cursor, characters.count)
            resetColumn()
        }
    }

    /// One line ending: an editor or a file from Windows may bring "\r\n" or "\r".
    static func normalized(_ s: String) -> String {
        s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    // MARK: Layout

    /// A row on screen: characters `start..<end` of the text (the newline ending a line is not in it).
    public struct Row: Equatable, Sendable {
        public var start: Int
        public var end: Int
        /// The row ends a line (a newline or the end of the text follows), rather than wrapping into the next row.
        public var endsLine: Bool
    }

    /// The text cut into rows of at most `width` display columns; every line gives at least one row.
    public func rows(width: Int) -> [Row] {
        let width = max(2, width)
        var rows: [Row] = []
        var start = 0
        var used = 0
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c == "\n" {
                rows.append(Row(start: start, end: i, endsLine: true))
                start = i + 1
                used = 0
            } else {
                let w = DisplayWidth.of(c)
                if used + w > width, i > start {
                    rows.append(Row(start: start, end: i, endsLine: false))
                    start = i
                    used = 0
                }
                used += w
            }
            i += 1
        }
        rows.append(Row(start: start, end: characters.count, endsLine: true))
        return rows
    }

    /// The row holding the cursor: the last one starting at or before it (so the cursor at a wrap point is at the
    /// start of the next row), unless it was put at the end of the row before.
    func cursorRow(in rows: [Row]) -> Int {
        var r = 0
        var lo = 0, hi = rows.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if rows[mid].start <= cursor { r = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        if atRowEnd, r > 0, rows[r].start == cursor, !rows[r - 1].endsLine, rows[r - 1].end == cursor { return r - 1 }
        return r
    }

    func width(_ from: Int, _ to: Int) -> Int {
        var w = 0
        for i in from..<to { w += DisplayWidth.of(characters[i]) }
        return w
    }

    /// Row and display column of the cursor for a box `width` columns wide (one kept for the cursor).
    public func cursorPosition(width: Int) -> Point {
        let rows = rows(width: width - 1)
        let r = cursorRow(in: rows)
        return Point(row: r, col: self.width(rows[r].start, cursor))
    }

    /// The place in `row` nearest to display column `column`, never inside a wide character.
    private func index(in row: Row, column: Int) -> (index: Int, atEnd: Bool) {
        var used = 0
        var i = row.start
        while i < row.end {
            let w = DisplayWidth.of(characters[i])
            if used + w > column { return (i, false) }
            used += w
            i += 1
        }
        return (row.end, !row.endsLine)
    }

    private mutating func resetColumn() {
        goalColumn = nil
        atRowEnd = false
    }

    // MARK: Keys

    /// Applies an editing or moving key at the width of the last render. False when the key is not the text
    /// area's (Tab, F2, Esc …), and for Up on the first row and Down on the last, so a form can move to the field
    /// before or after.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c):
            insert(c.isNewline ? "\n" : c)
        case .enter:
            insert("\n")
        case .backspace, .ctrl("h"):
            guard cursor > 0 else { return true }
            characters.remove(at: cursor - 1)
            cursor -= 1
            resetColumn()
        case .delete, .ctrl("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
            resetColumn()
        case .left, .ctrl("b"):
            cursor = max(0, cursor - 1)
            resetColumn()
        case .right, .ctrl("f"):
            cursor = min(characters.count, cursor + 1)
            resetColumn()
        case .up, .ctrl("p"):
            return moveRows(by: -1, stopAtEdge: true)
        case .down, .ctrl("n"):
            return moveRows(by: 1, stopAtEdge: true)
        case .pageUp:
            top = max(0, top - pageSize)
            return moveRows(by: -pageSize, stopAtEdge: false)
        case .pageDown:
            top += pageSize
            return moveRows(by: pageSize, stopAtEdge: false)
        case .home, .ctrl("a"):
            let rows = rows(width: textWidth)
            let row = rows[cursorRow(in: rows)]
            // A second Home, already at the row's start, goes to the start of the text.
            cursor = cursor == row.start ? 0 : row.start
            resetColumn()
        case .end:
            let rows = rows(width: textWidth)
            let r = cursorRow(in: rows)
            let row = rows[r]
            if cursor == row.end && (atRowEnd || row.endsLine) {
                // A second End goes to the end of the text.
                cursor = characters.count
                resetColumn()
            } else {
                cursor = row.end
                goalColumn = nil
                atRowEnd = !row.endsLine
            }
        case .ctrl("k"):
            // To the end of the line; at the end of a line, joins the next one (as in Emacs and readline).
            var end = cursor
            while end < characters.count, characters[end] != "\n" { end += 1 }
            if end == cursor, end < characters.count { end += 1 }
            characters.removeSubrange(cursor..<end)
            resetColumn()
        default:
            return false
        }
        return true
    }

    private mutating func insert(_ c: Character) {
        guard characters.count < maxLength else { return }
        characters.insert(c, at: cursor)
        cursor += 1
        resetColumn()
    }

    /// Moves the cursor `step` rows, keeping its display column as far as the row allows. With `stopAtEdge`,
    /// a move past the first or last row does nothing and answers false; a page move stops at the text's ends.
    private mutating func moveRows(by step: Int, stopAtEdge: Bool) -> Bool {
        let rows = rows(width: textWidth)
        let r = cursorRow(in: rows)
        let column = goalColumn ?? width(rows[r].start, cursor)
        var target = r + step
        if target < 0 || target >= rows.count {
            if stopAtEdge { return false }
            cursor = target < 0 ? 0 : characters.count
            resetColumn()
            return true
        }
        target = max(0, min(rows.count - 1, target))
        let (i, atEnd) = index(in: rows[target], column: column)
        cursor = i
        goalColumn = column
        atRowEnd = atEnd
        return true
    }

    // MARK: Drawing

    /// Draws the text in `area`, scrolled so the cursor's row shows; when focused, puts the terminal cursor where
    /// the next character goes. The last column is kept free for the cursor at the end of a full row.
    public mutating func render(into buffer: inout Buffer, area: Rect, focused: Bool, style: Style? = nil) {
        guard area.width >= 3, area.height >= 1 else { return }
        textWidth = area.width - 1
        pageSize = area.height
        let st = style ?? (focused ? Style.focusedField : Style.field)
        buffer.fill(area, style: st)
        let rows = rows(width: textWidth)
        let r = cursorRow(in: rows)
        top = max(0, min(top, rows.count - pageSize))
        if r < top { top = r }
        if r >= top + pageSize { top = r - pageSize + 1 }
        for i in 0..<pageSize {
            let index = top + i
            guard index < rows.count else { break }
            let row = rows[index]
            buffer.put(String(characters[row.start..<row.end]), row: area.row + i, col: area.col, maxWidth: textWidth, style: st)
        }
        if focused {
            buffer.cursor = Point(row: area.row + r - top, col: area.col + min(textWidth, width(rows[r].start, cursor)))
        }
    }

    /// How many rows the text takes at the last render's width, and which are shown: for "第 3–7 行，共 12 行".
    public var rowCount: Int { rows(width: textWidth).count }
}
