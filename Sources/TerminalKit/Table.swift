/// A column of a table: a title and a width in display columns; `flex` columns share what is left.
public struct TableColumn: Equatable, Sendable {
    public var title: String
    public var width: Int
    public var flex: Int
    public var align: DisplayWidth.Alignment

    public init(_ title: String, width: Int, flex: Int = 0, align: DisplayWidth.Alignment = .left) {
        self.title = title
        self.width = width
        self.flex = flex
        self.align = align
    }
}

/// Selection and scrolling over `count` rows; rows are supplied for the visible
/// window only, so a long list is never loaded whole (as bubbles' table does).
public struct TableView: Equatable, Sendable {
    public var columns: [TableColumn]
    public private(set) var count: Int = 0
    public private(set) var selected: Int = 0
    public private(set) var top: Int = 0
    /// Visible data rows at the last render; paging moves by this much.
    public private(set) var pageSize: Int = 10

    public init(columns: [TableColumn]) { self.columns = columns }

    public mutating func setCount(_ n: Int) {
        count = max(0, n)
        selected = min(selected, max(0, count - 1))
        clampTop()
    }

    public mutating func select(_ index: Int) {
        selected = max(0, min(index, count - 1))
        clampTop()
    }

    /// Moves the selection; false when the key is not a movement key.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .up, .char("k"): select(selected - 1)
        case .down, .char("j"): select(selected + 1)
        case .pageUp: select(selected - pageSize)
        case .pageDown: select(selected + pageSize)
        case .home, .char("g"): select(0)
        case .end, .char("G"): select(count - 1)
        default: return false
        }
        return true
    }

    private mutating func clampTop() {
        if selected < top { top = selected }
        if selected >= top + pageSize { top = selected - pageSize + 1 }
        top = max(0, min(top, max(0, count - pageSize)))
    }

    /// Column widths for a given total width: fixed widths first, the rest shared among flex columns.
    public func layout(width: Int) -> [Int] {
        let gaps = max(0, columns.count - 1)
        var widths = columns.map(\.width)
        let fixed = widths.reduce(0, +) + gaps
        let totalFlex = columns.map(\.flex).reduce(0, +)
        if width > fixed, totalFlex > 0 {
            var spare = width - fixed
            for (i, c) in columns.enumerated() where c.flex > 0 {
                let extra = (width - fixed) * c.flex / totalFlex
                widths[i] += extra
                spare -= extra
            }
            if let last = columns.lastIndex(where: { $0.flex > 0 }) { widths[last] += spare }
        } else if width < fixed {
            // Too narrow: shrink the widest columns first, never below 2.
            var over = fixed - width
            while over > 0, let i = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[i] > 2 {
                widths[i] -= 1
                over -= 1
            }
        }
        return widths
    }

    /// One table line: each cell fitted to its column by display width.
    public func formatRow(_ cells: [String], widths: [Int]) -> String {
        var parts: [String] = []
        for (i, w) in widths.enumerated() {
            let text = i < cells.count ? cells[i] : ""
            parts.append(DisplayWidth.pad(text, to: w, align: columns[i].align))
        }
        return parts.joined(separator: " ")
    }

    /// Draws the header and the visible rows; `row(i)` gives the cells of data row i, `rowStyle(i)` an
    /// emphasis for an unselected row (a difference to look at). A list that does not have the keys (`focused`
    /// false: the clerk is typing in a field beside it) draws its selection dimmed, as mc does, so it does not
    /// look as if keys went to it.
    public mutating func render(into buffer: inout Buffer, area: Rect, focused: Bool = true, rowStyle: ((Int) -> Style?)? = nil,
                                row: (Int) -> [String]) {
        guard area.height >= 1 else { return }
        pageSize = max(1, area.height - 1)
        clampTop()
        let widths = layout(width: area.width)
        buffer.put(formatRow(columns.map(\.title), widths: widths), row: area.row, col: area.col,
                   maxWidth: area.width, style: Style(.accent, [.bold, .underline]))
        for i in 0..<pageSize {
            let index = top + i
            guard index < count else { break }
            let y = area.row + 1 + i
            let selectedRow = index == selected
            let style = selectedRow ? (focused ? Style.selection : Style.inactiveSelection) : (rowStyle?(index) ?? Style.normal)
            if selectedRow { buffer.fill(Rect(row: y, col: area.col, width: area.width, height: 1), style: style) }
            buffer.put(formatRow(row(index), widths: widths), row: y, col: area.col, maxWidth: area.width, style: style)
        }
    }

    /// The range of data rows visible after the last render.
    public var visibleRange: Range<Int> { top..<min(count, top + pageSize) }
}
