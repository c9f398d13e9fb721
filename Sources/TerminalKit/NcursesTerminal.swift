import CNcursesw
import Foundation

/// Why the full-screen UI cannot start; each case says what to do, in Chinese.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    case notATerminal
    case notUTF8(codeset: String)
    case unknownTerminal(term: String)
    case noCursorAddressing(term: String)

    public var description: String {
        switch self {
        case .notATerminal:
            "StudioDesk 的全屏界面需要在终端中运行（标准输入和输出都必须是终端）。命令行功能见 studiodesk --help。"
        case .notUTF8(let codeset):
            """
            当前语言环境的字符集是 \(codeset)，不是 UTF-8，中文无法显示。请先设置，例如：export LANG=zh_CN.UTF-8（或 C.UTF-8），\
            终端也须使用 UTF-8（PuTTY：Window → Translation → Remote character set 选 UTF-8）。
            The locale's character set is \(codeset), not UTF-8: StudioDesk cannot show Chinese. Use a UTF-8 locale \
            (export LANG=C.UTF-8) and a UTF-8 terminal (PuTTY: Window > Translation > UTF-8).
            """
        case .unknownTerminal(let term):
            "无法识别终端类型 TERM=\(term)。请改用常见类型，例如：TERM=xterm-256color studiodesk"
        case .noCursorAddressing(let term):
            "终端类型 TERM=\(term) 不能定位光标，无法显示全屏界面。请改用 xterm-256color、screen 或 linux。"
        }
    }
}

/// ncursesw behind the `Terminal` protocol. Text is fitted in `Buffer` first,
/// so this only draws whole cells.
public final class NcursesTerminal: Terminal {
    private var screen: OpaquePointer?
    private let useColor: Bool
    private var lastFrame: Buffer?
    private var consecutiveErrors = 0

    /// Checks what must hold before curses starts: a terminal on both ends and a UTF-8 locale.
    /// Sets the locale from the environment as a side effect (ncursesw needs it); when the environment names no
    /// usable locale (`LocaleChoice`), C.UTF-8 is chosen here and exported for the programs the session starts.
    public static func checkEnvironment() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        let environment = ProcessInfo.processInfo.environment
        let installed = setlocale(LC_ALL, "") != nil
        let codeset = String(cString: sd_codeset())
        if LocaleChoice.isUTF8(codeset) { return }
        let name = LocaleChoice.ctypeName(environment)
        if LocaleChoice.mayFallBack(name: name, installed: installed, codeset: codeset) {
            for candidate in LocaleChoice.fallbacks where setlocale(LC_CTYPE, candidate) != nil {
                guard LocaleChoice.isUTF8(String(cString: sd_codeset())) else { continue }
                // LC_ALL, when set (to C, or to a locale this machine lacks), would override LC_CTYPE for them.
                setenv(environment["LC_ALL"].map { !$0.isEmpty } == true ? "LC_ALL" : "LC_CTYPE", candidate, 1)
                return
            }
        }
        throw TerminalError.notUTF8(codeset: LocaleChoice.requestedCodeset(name) ?? codeset)
    }

    /// Starts curses. `noColor` (NO_COLOR set) keeps attributes only.
    public init(noColor: Bool) throws {
        try Self.checkEnvironment()
        // Esc must answer at once, not after ncurses' default second.
        setenv("ESCDELAY", "25", 0)
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        // newterm returns NULL for an unknown TERM where initscr would print and exit. TERM comes from the session
        // (over SSH, the client's): a name this machine has no terminfo for (kitty, alacritty, foot without
        // ncurses-term) is almost always an xterm-compatible terminal, so xterm-256color is tried before refusing.
        var opened = sd_newterm()
        if opened == nil, term != Self.fallbackTerm {
            setenv("TERM", Self.fallbackTerm, 1)
            opened = sd_newterm()
        }
        guard let s = opened else { throw TerminalError.unknownTerminal(term: term) }
        screen = s
        _ = set_term(s)
        if sd_has_cup() == 0 {
            endwin()
            delscreen(s)
            screen = nil
            throw TerminalError.noCursorAddressing(term: term)
        }
        _ = raw()
        _ = noecho()
        _ = nonl()
        _ = keypad(sd_stdscr(), true)
        _ = set_escdelay(25)
        useColor = !noColor && has_colors()
        if useColor {
            _ = start_color()
            _ = use_default_colors()
            Self.initPairs()
        }
    }

    /// What an unknown TERM is drawn as.
    public static let fallbackTerm = "xterm-256color"

    deinit { stop() }

    /// Restores the terminal; safe to call more than once. Call before printing any error.
    public func stop() {
        guard let s = screen else { return }
        endwin()
        delscreen(s)
        screen = nil
    }

    /// Leaves curses for another program (the terminal back in its normal mode), then resumes: refresh after
    /// endwin restores curses' mode, and the next frame is drawn whole over whatever the program left.
    public func suspend(_ body: () -> Void) {
        guard screen != nil else { body(); return }
        endwin()
        body()
        _ = refresh()
        lastFrame = nil
    }

    public var width: Int { Int(sd_cols()) }
    public var height: Int { Int(sd_lines()) }

    static let pairs: [ColorRole: (fg: Int16, bg: Int16)] = [
        .title: (Int16(COLOR_WHITE), Int16(COLOR_BLUE)),
        .helpKey: (Int16(COLOR_BLACK), Int16(COLOR_CYAN)),
        .helpText: (-1, -1),
        .selection: (Int16(COLOR_BLACK), Int16(COLOR_CYAN)),
        .error: (Int16(COLOR_RED), -1),
        .warning: (Int16(COLOR_YELLOW), -1),
        .accent: (Int16(COLOR_CYAN), -1),
        .muted: (-1, -1),
        .field: (-1, -1),
        .focusedField: (Int16(COLOR_BLACK), Int16(COLOR_WHITE)),
    ]

    static func initPairs() {
        for role in ColorRole.allCases where role != .normal {
            if let p = pairs[role] { _ = init_pair(Int16(role.rawValue), p.fg, p.bg) }
        }
    }

    func attributes(for style: Style) -> (UInt32, Int16) {
        var a: UInt32 = sd_a_normal()
        var attrs = style.attributes
        var pair: Int16 = 0
        if useColor, style.role != .normal, Self.pairs[style.role] != nil {
            pair = Int16(style.role.rawValue)
            // With colour, selection and title read by colour; keep bold, drop reverse.
            if style.role == .selection || style.role == .helpKey || style.role == .title || style.role == .focusedField {
                attrs.remove(.reverse)
            }
        }
        if attrs.contains(.bold) { a |= sd_a_bold() }
        if attrs.contains(.reverse) { a |= sd_a_reverse() }
        if attrs.contains(.underline) { a |= sd_a_underline() }
        if attrs.contains(.dim) { a |= sd_a_dim() }
        return (a, pair)
    }

    public func present(_ buffer: Buffer) {
        let full = lastFrame.map { $0.width != buffer.width || $0.height != buffer.height } ?? true
        if full { _ = clearok(sd_stdscr(), true) }
        for row in 0..<buffer.height {
            for col in 0..<buffer.width {
                let cell = buffer[row, col]
                if cell.isContinuation { continue }
                if !full, let last = lastFrame, last[row, col] == cell,
                   col + 1 >= buffer.width || last[row, col + 1] == buffer[row, col + 1] { continue }
                let (a, pair) = attributes(for: cell.style)
                var wchars: [wchar_t] = cell.symbol.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
                if wchars.isEmpty { wchars = [wchar_t(32)] }
                wchars.append(0)
                // The bottom-right cell returns ERR though it is drawn; nothing to do.
                _ = sd_put_cell(Int32(row), Int32(col), wchars, a, pair)
            }
        }
        if let c = buffer.cursor, c.row < buffer.height, c.col < buffer.width {
            _ = curs_set(1)
            _ = move(Int32(c.row), Int32(c.col))
        } else {
            _ = curs_set(0)
        }
        _ = refresh()
        lastFrame = buffer
    }

    public func read(timeoutMilliseconds: Int?) -> InputEvent {
        wtimeout(sd_stdscr(), Int32(timeoutMilliseconds ?? -1))
        var ch: wint_t = 0
        let rc = get_wch(&ch)
        if rc == ERR {
            if timeoutMilliseconds != nil { return .timeout }
            // A blocking read that fails means the terminal is gone; never spin.
            consecutiveErrors += 1
            return consecutiveErrors >= 3 ? .hangup : .timeout
        }
        consecutiveErrors = 0
        if rc == sd_key_code_yes() {
            if let key = KeyDecoder.decode(keyCode: Int32(ch)) {
                if key == .resize { lastFrame = nil }
                return .key(key)
            }
            return .timeout
        }
        if ch == 27 { return readEscapeSequence() }
        if let key = KeyDecoder.decode(character: UInt32(ch)) { return .key(key) }
        return .timeout
    }

    /// Reads the rest of a raw escape sequence (terminals whose keys ncurses did not map).
    private func readEscapeSequence() -> InputEvent {
        var rest = ""
        wtimeout(sd_stdscr(), 15)
        defer { wtimeout(sd_stdscr(), -1) }
        while rest.count < 8 {
            var ch: wint_t = 0
            let rc = get_wch(&ch)
            if rc == ERR { break }
            if rc == sd_key_code_yes() {
                // Esc, then a key ncurses already decoded: both count; the key waits its turn.
                _ = ungetch(Int32(ch))
                return .key(.escape)
            }
            guard let s = Unicode.Scalar(UInt32(ch)) else { break }
            if s == "\u{1b}" {
                // Esc, then another key's sequence at once: the first Esc stands alone.
                _ = unget_wch(wchar_t(27))
                break
            }
            rest.unicodeScalars.append(s)
            if !KeyDecoder.isIncomplete(escapeSequence: rest) { break }
        }
        // No screen binds Alt: Esc then a key typed (or delivered, on a busy machine) together is Esc, then that key.
        if rest.unicodeScalars.count == 1, case .alt = KeyDecoder.decode(escapeSequence: rest), let s = rest.unicodeScalars.first {
            _ = unget_wch(wchar_t(s.value))
            return .key(.escape)
        }
        if let key = KeyDecoder.decode(escapeSequence: rest) { return .key(key) }
        return .timeout
    }
}

/// The locale decision before curses starts (issue 22). An SSH session from PuTTY or Windows' ssh forwards no
/// LANG (and sshd passes on only what AcceptEnv lists), a Mac forwards LC_CTYPE=UTF-8, which Linux does not know:
/// each means "a UTF-8 terminal, no locale here", so the program picks C.UTF-8 itself rather than refusing. A
/// locale that names another character set (zh_CN.GBK, en_US.ISO-8859-1), or one installed with it (zh_CN is
/// GB2312), means the terminal really uses that set: refused, since UTF-8 Chinese would come out garbled.
/// NCURSES_NO_UTF8_ACS is left to ncurses: the program never sets it.
public enum LocaleChoice {
    /// Tried in order; C.UTF-8 is built into glibc since 2.35 and shipped by Debian long before.
    public static let fallbacks = ["C.UTF-8", "C.utf8", "en_US.UTF-8"]

    public static func isUTF8(_ codeset: String) -> Bool { normalized(codeset) == "UTF8" }

    /// The name that decides LC_CTYPE: LC_ALL, then LC_CTYPE, then LANG (POSIX's order); "" when none is set.
    public static func ctypeName(_ environment: [String: String]) -> String {
        ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
    }

    /// The character set a locale name asks for, normalized ("UTF8", "GBK"); nil when it names none (C, POSIX,
    /// zh_CN). A bare "UTF-8" (what a Mac sends as LC_CTYPE) asks for UTF-8.
    public static func requestedCodeset(_ name: String) -> String? {
        let base = name.split(separator: "@", maxSplits: 1).first.map(String.init) ?? name
        if let dot = base.firstIndex(of: ".") { return normalized(String(base[base.index(after: dot)...])) }
        return normalized(base) == "UTF8" ? "UTF8" : nil
    }

    /// Whether a locale that did not come out UTF-8 may be replaced by C.UTF-8: nothing set, C or POSIX, or a name
    /// asking for UTF-8 (or for no character set) that this machine does not have. `installed`: setlocale accepted
    /// the environment; `codeset`: what it gave.
    public static func mayFallBack(name: String, installed: Bool, codeset: String) -> Bool {
        if let asked = requestedCodeset(name), asked != "UTF8" { return false }
        // Installed and not plain ASCII (C's ANSI_X3.4-1968): a real character set the terminal was set up for.
        if installed, !["ANSIX3.41968", "ASCII", "USASCII", ""].contains(normalized(codeset)) { return false }
        return true
    }

    static func normalized(_ s: String) -> String {
        s.uppercased().filter { $0 != "-" && $0 != "_" }
    }
}
