import StudioCore
import TerminalKit

/// A yes/no question over the current screen. Y/Enter answer yes, N/Esc no.
public final class ConfirmDialog: Screen {
    public let title: String
    let message: String
    let onAnswer: (Bool) -> Navigation
    var yesFocused: Bool

    public init(title: String, message: String, defaultYes: Bool = false, onAnswer: @escaping (Bool) -> Navigation) {
        self.title = title
        self.message = message
        self.yesFocused = defaultYes
        self.onAnswer = onAnswer
    }

    public var isOverlay: Bool { true }
    public var hints: [KeyHint] {
        [KeyHint(key: "Y", label: "是"), KeyHint(key: "N", label: "否"), KeyHint(key: "Enter", label: "确定所选"),
         KeyHint(key: "Esc", label: "取消")]
    }

    public func handle(_ key: Key) -> Navigation {
        switch key {
        case .char("y"), .char("Y"): return answer(true)
        case .char("n"), .char("N"), .escape: return answer(false)
        case .enter: return answer(yesFocused)
        case .left, .right, .tab, .backTab: yesFocused.toggle(); return .stay
        default: return .stay
        }
    }

    func answer(_ yes: Bool) -> Navigation {
        switch onAnswer(yes) {
        case .push(let s), .replace(let s): return .replace(s)
        case .quit: return .quit
        case .popMany(let n): return .popMany(max(1, n))
        case .stay, .pop, .editExternally: return .pop
        }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let width = min(area.width - 4, 60)
        let lines = DialogBox.wrap(message, width: width - 4)
        let rect = DialogBox.rect(in: area, width: width, height: lines.count + 5)
        let inner = DialogBox.draw(into: &buffer, rect: rect, title: title)
        for (i, l) in lines.enumerated() { buffer.put(l, row: inner.row + i, col: inner.col, maxWidth: inner.width) }
        let yes = "[ 是(Y) ]", no = "[ 否(N) ]"
        let y = inner.row + lines.count + 1
        let total = DisplayWidth.of(yes) + 4 + DisplayWidth.of(no)
        let x = inner.col + max(0, (inner.width - total) / 2)
        buffer.put(yes, row: y, col: x, style: yesFocused ? .selection : .normal)
        buffer.put(no, row: y, col: x + DisplayWidth.of(yes) + 4, style: yesFocused ? .normal : .selection)
    }
}

/// A message to read and dismiss: Enter, Esc or Space closes it.
public final class MessageDialog: Screen {
    public let title: String
    let message: String
    let isError: Bool

    public init(title: String, message: String, isError: Bool = false) {
        self.title = title
        self.message = message
        self.isError = isError
    }

    public var isOverlay: Bool { true }
    public var hints: [KeyHint] { [KeyHint(key: "Enter", label: "知道了")] }

    public func handle(_ key: Key) -> Navigation {
        switch key {
        case .enter, .escape, .char(" "): .pop
        default: .stay
        }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let width = min(area.width - 4, 64)
        let lines = DialogBox.wrap(message, width: width - 4)
        let rect = DialogBox.rect(in: area, width: width, height: min(area.height, lines.count + 5))
        let inner = DialogBox.draw(into: &buffer, rect: rect, title: title, style: isError ? .error : .normal)
        for (i, l) in lines.enumerated() where i < inner.height - 2 {
            buffer.put(l, row: inner.row + i, col: inner.col, maxWidth: inner.width, style: isError ? .error : .normal)
        }
        let ok = "[ 确定 ]"
        buffer.put(ok, row: inner.bottom - 1, col: inner.col + (inner.width - DisplayWidth.of(ok)) / 2, style: .selection)
    }
}

/// F1: every binding of the screen beneath, from its one key table.
public final class HelpScreen: Screen {
    public let title: String
    let entries: [KeyHint]
    var scroll = 0

    public init(for screen: Screen) {
        title = "帮助：" + screen.title
        // F1 is explained here once, whatever the screen's own list says of it.
        entries = screen.helpHints.filter { $0.key != "F1" } + [KeyHint(key: "F1", label: "显示本帮助"), KeyHint(key: "Ctrl-C", label: "立即退出程序")]
    }

    public var isOverlay: Bool { true }
    public var hints: [KeyHint] { [KeyHint(key: "Esc", label: "关闭帮助"), KeyHint(key: "Up/Down", label: "滚动")] }

    public func handle(_ key: Key) -> Navigation {
        switch key {
        case .escape, .enter, .function(1), .char("q"): return .pop
        case .down, .pageDown: scroll = min(scroll + 1, max(0, entries.count - 1)); return .stay
        case .up, .pageUp: scroll = max(0, scroll - 1); return .stay
        default: return .stay
        }
    }

    var keyWidth: Int { max(8, entries.map { DisplayWidth.of($0.key) }.max() ?? 8) }

    /// The help as drawn in an area `areaWidth` wide: each key once, its explanation wrapped under itself.
    func lines(areaWidth: Int) -> [(key: String, text: String)] {
        let textWidth = min(areaWidth - 4, 76) - 4 - keyWidth - 2
        var lines: [(key: String, text: String)] = []
        for e in entries {
            for (i, part) in DialogBox.wrap(e.label, width: textWidth).enumerated() {
                lines.append((i == 0 ? e.key : "", part))
            }
        }
        return lines
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let keyWidth = keyWidth
        let width = min(area.width - 4, 76)
        let textWidth = width - 4 - keyWidth - 2
        let lines = lines(areaWidth: area.width)
        let rect = DialogBox.rect(in: area, width: width, height: min(area.height, lines.count + 3))
        let inner = DialogBox.draw(into: &buffer, rect: rect, title: title)
        scroll = min(scroll, max(0, lines.count - inner.height))
        for (i, l) in lines.dropFirst(scroll).enumerated() where i < inner.height {
            buffer.put(DisplayWidth.pad(l.key, to: keyWidth), row: inner.row + i, col: inner.col, style: .accent)
            buffer.put(l.text, row: inner.row + i, col: inner.col + keyWidth + 2, maxWidth: textWidth)
        }
    }
}

/// A list of lines to read (the records behind a score), scrolled with Up/Down and PgUp/PgDn.
public final class LinesDialog: Screen {
    public let title: String
    let lines: [String]
    let footer: String
    var top = 0
    var pageSize = 10
    /// Lines as wrapped at the last render.
    var shown = 0

    public init(title: String, lines: [String], footer: String = "") {
        self.title = title
        self.lines = lines.isEmpty ? ["（无）"] : lines
        self.footer = footer
    }

    public var isOverlay: Bool { true }
    public var hints: [KeyHint] { [KeyHint(key: "Up/Down", label: "滚动"), KeyHint(key: "Enter/Esc", label: "关闭")] }

    public func handle(_ key: Key) -> Navigation {
        let last = max(0, max(shown, lines.count) - pageSize)
        switch key {
        case .enter, .escape, .char(" "), .char("q"): return .pop
        case .down: top = min(last, top + 1)
        case .up: top = max(0, top - 1)
        case .pageDown: top = min(last, top + pageSize)
        case .pageUp: top = max(0, top - pageSize)
        case .home: top = 0
        case .end: top = last
        default: break
        }
        return .stay
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let width = min(area.width - 2, 76)
        let wrapped = lines.flatMap { DialogBox.wrap($0, width: width - 4) }
        let height = min(area.height, wrapped.count + (footer.isEmpty ? 3 : 4))
        let rect = DialogBox.rect(in: area, width: width, height: height)
        let inner = DialogBox.draw(into: &buffer, rect: rect, title: title)
        pageSize = max(1, inner.height - (footer.isEmpty ? 0 : 1))
        shown = wrapped.count
        top = min(top, max(0, wrapped.count - pageSize))
        for (i, l) in wrapped.dropFirst(top).prefix(pageSize).enumerated() {
            buffer.put(l, row: inner.row + i, col: inner.col, maxWidth: inner.width)
        }
        if !footer.isEmpty {
            let more = wrapped.count > pageSize ? "（\(top + 1)–\(min(wrapped.count, top + pageSize))/\(wrapped.count) 行）" : ""
            buffer.put(footer + more, row: inner.bottom - 1, col: inner.col, maxWidth: inner.width, style: .muted)
        }
    }
}
