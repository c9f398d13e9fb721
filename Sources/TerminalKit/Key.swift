/// Every key the program understands, decoded in one place from whatever the
/// terminal sends (ncurses key codes, or raw escape sequences on vt100/linux).
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    case alt(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case insert, delete, backspace
    case enter, tab, backTab, escape
    case function(Int)
    case resize

    /// How the key is written in the help bar and F1 help.
    public var label: String {
        switch self {
        case .char(" "): "空格"
        case .char(let c): String(c)
        case .ctrl(let c): "Ctrl-\(c.uppercased())"
        case .alt(let c): "Alt-\(c)"
        case .up: "Up"
        case .down: "Down"
        case .left: "Left"
        case .right: "Right"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .insert: "Ins"
        case .delete: "Del"
        case .backspace: "Backspace"
        case .enter: "Enter"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .escape: "Esc"
        case .function(let n): "F\(n)"
        case .resize: "resize"
        }
    }

    /// A printable character typed into a text field.
    public var typedCharacter: Character? {
        if case .char(let c) = self { return c }
        return nil
    }
}

/// Turns terminal input into keys. Pure, so every terminal's variants are unit-tested.
public enum KeyDecoder {
    // ncurses key codes (stable across ncurses 5/6; from curses.h).
    static let codes: [Int32: Key] = [
        258: .down, 259: .up, 260: .left, 261: .right, 262: .home, 263: .backspace,
        330: .delete, 331: .insert, 338: .pageDown, 339: .pageUp, 343: .enter,
        353: .backTab, 360: .end, 410: .resize,
        // TERM=linux inside tmux reports Shift-Tab as 512 (seen on this machine).
        512: .backTab,
        // Keypad variants some terminfo entries send.
        348: .home, 350: .end, 385: .end, 386: .end, 383: .home, 384: .end,
    ]

    /// A function-key code (KEY_F(n) = 264 + n) or one of the named codes.
    public static func decode(keyCode: Int32) -> Key? {
        if (265...288).contains(keyCode) { return .function(Int(keyCode) - 264) }
        return codes[keyCode]
    }

    /// A character from get_wch that is not a key code.
    public static func decode(character value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 27: return .escape
        case 0: return .ctrl(" ")
        case 1...26: return .ctrl(Character(Unicode.Scalar(value + 96)!))
        case 28...31: return nil
        default:
            guard let s = Unicode.Scalar(value) else { return nil }
            return .char(Character(s))
        }
    }

    static let sequences: [String: Key] = [
        "[A": .up, "[B": .down, "[C": .right, "[D": .left,
        "OA": .up, "OB": .down, "OC": .right, "OD": .left,
        "[H": .home, "[F": .end, "OH": .home, "OF": .end,
        "[1~": .home, "[7~": .home, "[4~": .end, "[8~": .end,
        "[2~": .insert, "[3~": .delete, "[5~": .pageUp, "[6~": .pageDown,
        "[Z": .backTab,
        "OP": .function(1), "OQ": .function(2), "OR": .function(3), "OS": .function(4),
        "[11~": .function(1), "[12~": .function(2), "[13~": .function(3), "[14~": .function(4),
        "[[A": .function(1), "[[B": .function(2), "[[C": .function(3), "[[D": .function(4), "[[E": .function(5),
        "[15~": .function(5), "[17~": .function(6), "[18~": .function(7), "[19~": .function(8),
        "[20~": .function(9), "[21~": .function(10), "[23~": .function(11), "[24~": .function(12),
        "OM": .enter,
    ]

    /// Decodes what followed an Esc. Empty: Esc alone. One printable character: Alt+key.
    /// Unknown sequences give nil and are ignored rather than typed as text.
    public static func decode(escapeSequence rest: String) -> Key? {
        if rest.isEmpty { return .escape }
        if let k = sequences[rest] { return k }
        if rest.count == 1, let c = rest.first, !c.isNewline, c != "[", c != "O" {
            if c == "\u{1b}" { return .escape }
            return .alt(c)
        }
        return nil
    }

    /// Whether more bytes must be read to finish an escape sequence begun with `rest`.
    public static func isIncomplete(escapeSequence rest: String) -> Bool {
        guard let first = rest.first else { return true }
        if first != "[" && first != "O" { return false }
        if rest == "[" || rest == "O" || rest == "[[" { return true }
        guard let last = rest.unicodeScalars.last else { return true }
        // CSI sequences end with a byte in @–~ (but "[[" continues with a letter).
        if first == "[" { return !(0x40...0x7E).contains(last.value) || (rest.hasPrefix("[[") && rest.count < 3) }
        return rest.count < 2
    }
}
