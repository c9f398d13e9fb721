/// A column of a table: a title, a width in display columns, and what it holds, which decides how it gives way
/// when the table is too narrow and who gets the room when it is wide.
public struct TableColumn: Equatable, Sendable {
    /// What a column holds.
    public enum Fit: Equatable, Sendable {
        /// Text that may be cut (marked "~") when the table is too narrow; a lower priority gives way first.
        case shrink(priority: Int)
        /// Numbers, counts, dates, figures: as wide as their content and cut only when no text is left to shrink.
        case keep

        /// Names (of studios, of people): the first to give way, the last to get room; the detail line shows them whole.
        public static let name = Fit.shrink(priority: 0)
        public static let text = Fit.shrink(priority: 1)
        /// A shortfall, remedy or other summary in words: the last text to give way and the first to get room.
        public static let summary = Fit.shrink(priority: 2)
    }

    public var title: String
    /// The width the column has before the content asks for more (and the most it shrinks to first).
    public var width: Int
    /// Kept for the declarations; room now goes to the columns whose content needs it, by `fit`.
    public var flex: Int
    public var align: DisplayWidth.Alignment
    public var fit: Fit

    /// Without `fit`, a right-aligned column is taken for a number (`.keep`) and any other for `.text`.
    public init(_ title: String, width: Int, flex: Int = 0, align: DisplayWidth.Alignment = .left, fit: Fit? = nil) {
        self.title = title
        self.width = width
        self.flex = flex
        self.align = align
        self.fit = fit ?? (align == .right ? .keep : .text)
    }

    var priority: Int? {
        if case .shrink(let p) = fit { return p }
        return nil
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
    /// The widest content seen per column since the rows were last counted: columns widen as rows scroll
    /// into view and do not narrow again until the data changes, so they do not jump while moving.
    private var seen: [Int] = []
    /// The selected row's cut cells in full, shown under the table at the last render (nil: nothing was cut).
    public private(set) var detailText: String?

    public init(columns: [TableColumn]) { self.columns = columns }

    public mutating func setCount(_ n: Int) {
        count = max(0, n)
        selected = min(selected, max(0, count - 1))
        clampTop()
        // New rows: the columns are measured again from what is shown.
        seen = []
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

    /// Column widths for a given total width, from the declared widths and the content seen at the last render:
    /// number columns (`.keep`) are as wide as their content; spare room goes to the text columns whose content
    /// is cut, summaries first and names last, up to what they need (what is left stays empty, not given to the
    /// name); when too narrow, text gives way first, names first, and numbers only when no text is left.
    public func layout(width: Int) -> [Int] {
        Self.layout(columns, content: seen, width: width)
    }

    static func layout(_ columns: [TableColumn], content: [Int], width: Int) -> [Int] {
        let gaps = max(0, columns.count - 1)
        let need = columns.indices.map { i in i < content.count ? content[i] : 0 }
        var widths = columns.indices.map { i in columns[i].priority == nil ? max(columns[i].width, need[i]) : columns[i].width }
        var spare = width - gaps - widths.reduce(0, +)
        if spare > 0 {
            // Room to the text that needs it: summaries first, names last; within a kind, the most cut first.
            let priorities = Set(columns.compactMap(\.priority)).sorted(by: >)
            for p in priorities {
                while spare > 0, let i = columns.indices.filter({ columns[$0].priority == p && need[$0] > widths[$0] })
                    .max(by: { need[$0] - widths[$0] < need[$1] - widths[$1] }) {
                    widths[i] += 1
                    spare -= 1
                }
            }
        } else if spare < 0 {
            var over = -spare
            func shrink(_ candidates: [Int], floor: (Int) -> Int) {
                while over > 0, let i = candidates.filter({ widths[$0] > floor($0) }).max(by: { widths[$0] < widths[$1] }) {
                    widths[i] -= 1
                    over -= 1
                }
            }
            // Text first, names first, each kind down to its title (at least 4 columns) before the next gives way;
            // then all text down to 2; numbers last.
            let priorities = Set(columns.compactMap(\.priority)).sorted()
            for p in priorities {
                shrink(columns.indices.filter { columns[$0].priority == p }) { min(columns[$0].width, max(4, DisplayWidth.of(columns[$0].title))) }
            }
            for p in priorities { shrink(columns.indices.filter { columns[$0].priority == p }) { _ in 2 } }
            shrink(Array(columns.indices)) { _ in 1 }
        }
        return widths
    }

    /// One table line: each cell fitted to its column by display width.
    public func formatRow(_ cells: [String], widths: [Int]) -> String {
        var parts: [String] = []
        for (i, w) in widths.enumerated() {
            let text = i < cells.count ? cells[i] : ""
            parts.append(DisplayWidth.pad(text, to: w, align: columns[i].align, wholeNumbers: true))
        }
        return parts.joined(separator: " ")
    }

    /// The cells of a row that do not fit their columns.
    func cutCells(_ cells: [String], widths: [Int]) -> [Int] {
        widths.indices.filter { i in i < cells.count && DisplayWidth.of(cells[i]) > widths[i] }
    }

    /// Draws the header and the visible rows; `row(i)` gives the cells of data row i, `rowStyle(i)` an
    /// emphasis for an unselected row (a difference to look at). A list that does not have the keys (`focused`
    /// false: the clerk is typing in a field beside it) draws its selection dimmed, as mc does, so it does not
    /// look as if keys went to it. When a visible cell is cut, the last line of the area is the detail line
    /// (tig's way): the selected row's cut cells in full, "工作室名称：…".
    public mutating func render(into buffer: inout Buffer, area: Rect, focused: Bool = true, rowStyle: ((Int) -> Style?)? = nil,
                                row: (Int) -> [String]) {
        guard area.height >= 1 else { return }
        pageSize = max(1, area.height - 1)
        clampTop()
        var cells: [Int: [String]] = [:]
        func measure() {
            for index in visibleRange where cells[index] == nil {
                let r = row(index)
                cells[index] = r
                if seen.count < columns.count { seen += Array(repeating: 0, count: columns.count - seen.count) }
                for (i, text) in r.prefix(columns.count).enumerated() { seen[i] = max(seen[i], DisplayWidth.of(text)) }
            }
        }
        measure()
        var widths = layout(width: area.width)
        detailText = nil
        if area.height >= 4, visibleRange.contains(where: { !cutCells(cells[$0] ?? [], widths: widths).isEmpty }) {
            // A line for the detail: one row fewer, the selection still in view.
            pageSize = area.height - 2
            clampTop()
            measure()
            widths = layout(width: area.width)
            let selectedCells = cells[selected] ?? []
            detailText = cutCells(selectedCells, widths: widths).map { "\(columns[$0].title)：\(selectedCells[$0])" }.joined(separator: "  ")
        }
        let used = min(area.width, widths.reduce(0, +) + max(0, widths.count - 1))
        let header = formatRow(columns.map(\.title), widths: widths)
        buffer.put(header, row: area.row, col: area.col, maxWidth: used, style: Style(.accent, [.bold, .underline]))
        // Rows out of view are said where the eye is, at the header's right end, when it has room: "1-16/20".
        if count > pageSize {
            let position = "\(top + 1)-\(min(count, top + pageSize))/\(count)"
            var titles = Substring(header)
            while titles.last == " " { titles.removeLast() }
            let headerEnd = DisplayWidth.of(titles)
            if headerEnd + 2 + position.count <= area.width {
                buffer.put(position, row: area.row, col: area.right - position.count, style: .muted)
            }
        }
        for i in 0..<pageSize {
            let index = top + i
            guard index < count else { break }
            let y = area.row + 1 + i
            let selectedRow = index == selected
            let style = selectedRow ? (focused ? Style.selection : Style.inactiveSelection) : (rowStyle?(index) ?? Style.normal)
            if selectedRow { buffer.fill(Rect(row: y, col: area.col, width: area.width, height: 1), style: style) }
            buffer.put(formatRow(cells[index] ?? row(index), widths: widths), row: y, col: area.col, maxWidth: area.width, style: style)
        }
        if let detailText, !detailText.isEmpty {
            buffer.put(DisplayWidth.truncate(detailText, to: area.width), row: area.row + area.height - 1, col: area.col,
                       maxWidth: area.width, style: .muted)
        }
    }

    /// The range of data rows visible after the last render.
    public var visibleRange: Range<Int> { top..<min(count, top + pageSize) }
}
