/// Text attributes that every terminal has, colour or not.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1)
    public static let reverse = TextAttributes(rawValue: 2)
    public static let underline = TextAttributes(rawValue: 4)
    public static let dim = TextAttributes(rawValue: 8)
}

/// What a piece of text means; the backend turns it into colours, or into
/// attributes alone when the terminal has no colours or NO_COLOR is set.
public enum ColorRole: UInt8, CaseIterable, Sendable {
    case normal, title, helpKey, helpText, selection, error, warning, accent, muted, field, focusedField
}

public struct Style: Hashable, Sendable {
    public var role: ColorRole
    public var attributes: TextAttributes

    public init(_ role: ColorRole = .normal, _ attributes: TextAttributes = []) {
        self.role = role
        self.attributes = attributes
    }

    public static let normal = Style()
    public static let title = Style(.title, [.bold])
    public static let selection = Style(.selection, [.reverse])
    /// The selection of a list that does not have the keys: dimmed, in the terminal's own colours.
    public static let inactiveSelection = Style(.muted, [.reverse, .dim])
    public static let error = Style(.error, [.bold])
    public static let warning = Style(.warning, [.bold])
    public static let accent = Style(.accent, [.bold])
    public static let muted = Style(.muted, [.dim])
    public static let helpKey = Style(.helpKey, [.reverse])
    public static let helpText = Style(.helpText)
    public static let field = Style(.field, [.underline])
    public static let focusedField = Style(.focusedField, [.reverse])
}

/// One screen cell. A wide character occupies its cell and a continuation cell to its right.
public struct Cell: Equatable, Sendable {
    public var symbol: String
    public var style: Style
    public var isContinuation: Bool

    public static let blank = Cell(symbol: " ", style: .normal, isContinuation: false)
}

public struct Point: Equatable, Sendable {
    public var row: Int
    public var col: Int
    public init(row: Int, col: Int) { self.row = row; self.col = col }
}

public struct Rect: Equatable, Sendable {
    public var row: Int, col: Int, width: Int, height: Int
    public init(row: Int, col: Int, width: Int, height: Int) {
        self.row = row; self.col = col; self.width = width; self.height = height
    }
    public var bottom: Int { row + height }
    public var right: Int { col + width }
}

/// A grid of cells that widgets draw into; a backend presents it. Modelled on
/// ratatui's Buffer: text is fitted here, so the backend only ever gets whole
/// cells and never a wide character in the last column.
public struct Buffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should sit (the text field being typed in); nil hides it.
    public var cursor: Point?

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var area: Rect { Rect(row: 0, col: 0, width: width, height: height) }

    public subscript(row: Int, col: Int) -> Cell {
        cells[row * width + col]
    }

    /// Writes text from (row, col), clipped at `maxWidth` columns and the right edge.
    /// Returns the number of columns written.
    @discardableResult
    public mutating func put(_ text: String, row: Int, col: Int, maxWidth: Int? = nil, style: Style = .normal) -> Int {
        guard row >= 0, row < height, col < width else { return 0 }
        let limit = min(width, col + (maxWidth ?? width))
        var x = col
        for ch in text {
            let c: Character = (ch.isNewline || ch == "\t" || (ch.asciiValue.map { $0 < 0x20 || $0 == 0x7f } ?? false)) ? " " : ch
            let w = DisplayWidth.of(c)
            if w == 0 {
                // A combining mark joins the character before it.
                if x > col, x - 1 >= 0 { append(c, row: row, col: x - 1) }
                continue
            }
            if x + w > limit {
                // Words or figures that do not fit are cut visibly ("~") and never inside a number: a silently
                // cut "逾期 19525 件" reads as another figure. Padding and rules (no letters, no digits) cut silently.
                if col >= 0, limit > col,
                   text.dropFirst(DisplayWidth.prefix(text, fitting: limit - col).count).contains(where: { $0.isLetter || $0.isNumber }) {
                    let cut = DisplayWidth.truncate(text, to: limit - col, wholeNumbers: true)
                    let drawn = put(cut, row: row, col: col, maxWidth: limit - col, style: style)
                    for blank in (col + drawn)..<limit { set(Cell(symbol: " ", style: style, isContinuation: false), row: row, col: blank) }
                    return drawn
                }
                // A wide character that would straddle the edge: blank the last column instead.
                if x < limit, x >= 0 { set(Cell(symbol: " ", style: style, isContinuation: false), row: row, col: x) }
                x = limit
                break
            }
            if x >= 0 {
                set(Cell(symbol: String(c), style: style, isContinuation: false), row: row, col: x)
                if w == 2 { set(Cell(symbol: "", style: style, isContinuation: true), row: row, col: x + 1) }
            }
            x += w
        }
        return max(0, x - col)
    }

    private mutating func append(_ c: Character, row: Int, col: Int) {
        var i = row * width + col
        while cells[i].isContinuation, i > row * width { i -= 1 }
        cells[i].symbol.append(c)
    }

    /// Sets one cell, repairing any wide character it half-overwrites.
    private mutating func set(_ cell: Cell, row: Int, col: Int) {
        let i = row * width + col
        if cells[i].isContinuation, col > 0, !cell.isContinuation {
            cells[i - 1] = Cell(symbol: " ", style: cells[i - 1].style, isContinuation: false)
        }
        if !cells[i].isContinuation, col + 1 < width, cells[i + 1].isContinuation {
            cells[i + 1] = Cell(symbol: " ", style: cells[i + 1].style, isContinuation: false)
        }
        cells[i] = cell
    }

    /// Fills a rectangle with spaces in a style (a background, a bar, a dialog).
    public mutating func fill(_ rect: Rect, style: Style = .normal) {
        for r in max(0, rect.row)..<min(height, rect.bottom) {
            for c in max(0, rect.col)..<min(width, rect.right) {
                set(Cell(symbol: " ", style: style, isContinuation: false), row: r, col: c)
            }
        }
    }

    /// Draws an ASCII frame: box-drawing glyphs are ambiguous-width and shift
    /// columns in terminals set up for Chinese.
    public mutating func frame(_ rect: Rect, style: Style = .normal) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let horizontal = "+" + String(repeating: "-", count: rect.width - 2) + "+"
        put(horizontal, row: rect.row, col: rect.col, style: style)
        put(horizontal, row: rect.bottom - 1, col: rect.col, style: style)
        for r in (rect.row + 1)..<(rect.bottom - 1) {
            put("|", row: r, col: rect.col, style: style)
            put("|", row: r, col: rect.right - 1, style: style)
        }
    }

    /// Applies a style to existing cells (e.g. highlight a selected row).
    public mutating func restyle(_ rect: Rect, style: Style) {
        for r in max(0, rect.row)..<min(height, rect.bottom) {
            for c in max(0, rect.col)..<min(width, rect.right) {
                cells[r * width + c].style = style
            }
        }
    }

    /// The text of one row as it appears on screen (continuation cells add nothing).
    public func line(_ row: Int) -> String {
        var s = ""
        for c in 0..<width where !self[row, c].isContinuation { s += self[row, c].symbol }
        return s
    }

    public var lines: [String] { (0..<height).map(line) }

    /// The whole screen as text, trailing spaces trimmed, for tests and snapshots.
    public var text: String {
        lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }.joined(separator: "\n")
    }

    /// Style at a position; used by tests to check highlighting.
    public func style(row: Int, col: Int) -> Style { self[row, col].style }
}
