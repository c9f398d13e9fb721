/// The title bar on the first row: program and screen on the left, context on the right.
public enum TitleBar {
    /// `right`: the parts on the right, most important first (a 【只读】 mark before the office's name and the
    /// date). Parts that do not fit leave from the end; the first one always stays, and the title is cut (with
    /// its mark) rather than that.
    public static func render(into buffer: inout Buffer, title: String, right: [String] = []) {
        buffer.fill(Rect(row: 0, col: 0, width: buffer.width, height: 1), style: .title)
        var parts = right.filter { !$0.isEmpty }
        while parts.count > 1, DisplayWidth.of(parts.joined(separator: "  ")) + DisplayWidth.of(title) + 4 > buffer.width {
            parts.removeLast()
        }
        let rightText = parts.isEmpty ? "" : parts.joined(separator: "  ") + " "
        let rightWidth = DisplayWidth.of(rightText)
        let room = max(0, buffer.width - rightWidth - 2)
        let shown = DisplayWidth.of(" " + title) <= room ? " " + title : DisplayWidth.truncate(" " + title, to: room)
        buffer.put(shown, row: 0, col: 0, maxWidth: room, style: .title)
        if !rightText.isEmpty, rightWidth < buffer.width {
            buffer.put(rightText, row: 0, col: buffer.width - rightWidth, style: .title)
        }
    }
}

/// The key-help bar on the last row, drawn from the screen's key table.
public enum HelpBar {
    public static func render(into buffer: inout Buffer, hints: [KeyHint], row: Int? = nil) {
        let y = row ?? buffer.height - 1
        buffer.fill(Rect(row: y, col: 0, width: buffer.width, height: 1), style: .helpText)
        var x = 0
        for h in hints {
            let need = DisplayWidth.of(h.key) + DisplayWidth.of(h.label) + 3
            if x + need > buffer.width { break }
            x += buffer.put(h.key, row: y, col: x, style: .helpKey)
            x += buffer.put(" " + h.label + "  ", row: y, col: x, style: .helpText)
        }
    }
}

/// A vertical menu with a one-key shortcut beside each item, as office systems have.
public struct Menu: Equatable, Sendable {
    public struct Item: Equatable, Sendable {
        public var shortcut: Character
        public var title: String
        public var detail: String
        /// A shorter wording drawn when `detail` does not fit (province-sized figures make long notes).
        public var compact: String?
        public init(shortcut: Character, title: String, detail: String = "", compact: String? = nil) {
            self.shortcut = shortcut
            self.title = title
            self.detail = detail
            self.compact = compact
        }
    }

    public var items: [Item]
    public private(set) var selected: Int = 0

    public init(items: [Item]) { self.items = items }

    public enum Outcome: Equatable, Sendable { case moved, chosen(Int), ignored }

    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .up, .char("k"): selected = (selected - 1 + items.count) % items.count; return .moved
        case .down, .char("j"), .tab: selected = (selected + 1) % items.count; return .moved
        case .home: selected = 0; return .moved
        case .end: selected = items.count - 1; return .moved
        case .enter: return .chosen(selected)
        case .char(let c):
            if let i = items.firstIndex(where: { $0.shortcut == c }) {
                selected = i
                return .chosen(i)
            }
            return .ignored
        default: return .ignored
        }
    }

    /// Draws items as "[1] 工作室申报   detail", the selected one highlighted.
    public func render(into buffer: inout Buffer, area: Rect) {
        let titleWidth = items.map { DisplayWidth.of($0.title) }.max() ?? 0
        for (i, item) in items.enumerated() where i < area.height {
            let y = area.row + i
            let style = i == selected ? Style.selection : Style.normal
            let head = "[\(item.shortcut)] " + DisplayWidth.pad(item.title, to: titleWidth) + "  "
            let room = area.width - DisplayWidth.of(head)
            var detail = item.detail
            if DisplayWidth.of(detail) > room, let compact = item.compact { detail = compact }
            // What still does not fit is cut by `put`, marked and never inside a number.
            let text = head + detail
            if i == selected { buffer.fill(Rect(row: y, col: area.col, width: area.width, height: 1), style: style) }
            buffer.put(text, row: y, col: area.col, maxWidth: area.width, style: style)
        }
    }
}

/// Lays out a dialog box in the middle of the screen and draws its frame and title.
public enum DialogBox {
    public static func rect(in area: Rect, width: Int, height: Int) -> Rect {
        let w = min(area.width, width)
        let h = min(area.height, height)
        return Rect(row: area.row + (area.height - h) / 2, col: area.col + (area.width - w) / 2, width: w, height: h)
    }

    /// Clears the box, frames it and writes the title in the top border. Returns the inner area.
    @discardableResult
    public static func draw(into buffer: inout Buffer, rect: Rect, title: String, style: Style = .normal) -> Rect {
        buffer.fill(rect)
        buffer.frame(rect, style: style)
        if !title.isEmpty {
            let t = " " + title + " "
            let col = rect.col + max(1, (rect.width - DisplayWidth.of(t)) / 2)
            buffer.put(t, row: rect.row, col: col, maxWidth: rect.width - 2, style: .title)
        }
        return Rect(row: rect.row + 1, col: rect.col + 2, width: rect.width - 4, height: rect.height - 2)
    }

    /// Splits text into lines of at most `width` columns (honours newlines). Chinese breaks between any two
    /// characters, except that closing punctuation never starts a line and opening punctuation never ends one
    /// (the usual rule for Chinese text, as word processors break it), and a run of Latin letters or digits
    /// ("PgUp", "2026", "F1") stays whole unless it is longer than a line.
    public static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let chars = Array(paragraph)
            var start = 0
            repeat {
                var end = start, used = 0
                while end < chars.count, used + DisplayWidth.of(chars[end]) <= width {
                    used += DisplayWidth.of(chars[end])
                    end += 1
                }
                if end == chars.count {
                    lines.append(String(chars[start...]))
                    break
                }
                if end == start { end = start + 1 }  // one character wider than the line
                var cut = end
                while cut > start + 1, !canBreak(chars, at: cut) { cut -= 1 }
                if !canBreak(chars, at: cut) { cut = end }  // no allowed place: cut where the line is full
                // No single character alone on the last line ("…缺席未补" / "班"): it takes one more with it.
                if cut == chars.count - 1, cut - start > 2, canBreak(chars, at: cut - 1) { cut -= 1 }
                lines.append(String(String(chars[start..<cut]).reversed().drop(while: { $0 == " " }).reversed()))
                start = cut
                while start < chars.count, chars[start] == " " { start += 1 }
            } while start < chars.count
        }
        return lines
    }

    /// Closing punctuation: never at the start of a line.
    static let closing = Set("、。，．：；！？）」』】》〉”’…,.;:!?)]}%")
    /// Opening punctuation: never at the end of a line.
    static let opening = Set("（「『【《〈“‘([{")

    /// Whether a line may end before `chars[i]`.
    static func canBreak(_ chars: [Character], at i: Int) -> Bool {
        guard i > 0, i < chars.count else { return true }
        let before = chars[i - 1], after = chars[i]
        if closing.contains(after) || opening.contains(before) { return false }
        let word: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        return !(word(before) && word(after))
    }
}
