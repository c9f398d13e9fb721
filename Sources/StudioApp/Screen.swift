import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// What a screen asks the navigator to do after a key.
public enum Navigation {
    case stay
    case push(Screen)
    case pop
    /// Pop this many screens (a dialog that also closes the form beneath it).
    case popMany(Int)
    /// Pop this screen and push another (a dialog answering with a new dialog).
    case replace(Screen)
    case quit
}

/// A screen is state + handle(key) + render: driven and asserted in tests
/// without a terminal, as in bubbletea's model–update–view.
public protocol Screen: AnyObject {
    /// Shown in the title bar after the program name.
    var title: String { get }
    /// The main keys of the screen, for the help bar.
    var hints: [KeyHint] { get }
    /// Every binding of the screen, for F1.
    var helpHints: [KeyHint] { get }
    /// Dialogs draw over the screen beneath them.
    var isOverlay: Bool { get }
    func handle(_ key: Key) -> Navigation
    func render(into buffer: inout Buffer, area: Rect)
    /// Called when the screen comes back on top (data may have changed).
    func becameTop()
}

extension Screen {
    public var helpHints: [KeyHint] { hints }
    public var isOverlay: Bool { false }
    public func becameTop() {}
}

/// What every screen can reach: the open database, the rule profiles and "today".
public final class AppContext {
    public let db: AppDatabase
    public let profiles: [RuleProfile]
    public let today: () -> Date

    public init(db: AppDatabase, profiles: [RuleProfile], today: @escaping () -> Date = Date.init) {
        self.db = db
        self.profiles = profiles
        self.today = today
    }

    /// The date as written on screen and paper: 2026年11月23日.
    public var todayText: String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: today())
        return "\(c.year!)年\(c.month!)月\(c.day!)日"
    }

    public var districtName: String { (try? db.setting("district")) ?? nil ?? "" }
}

/// Keys every screen shares, so each key table reads the same.
enum CommonKeys {
    static let help = KeyHint(key: "F1", label: "帮助")
    static let back = KeyHint(key: "Esc", label: "返回")
}
