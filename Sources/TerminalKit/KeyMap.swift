/// One key binding of a screen: the keys, a short label for the help bar,
/// a longer text for F1, and the action it triggers. As in tig's keys.c and
/// bubbles' key.Binding, the help bar and F1 are drawn from the same table.
public struct KeyBinding<Action: Sendable>: Sendable {
    public var keys: [Key]
    public var action: Action
    /// The key as written in help ("Enter", "/", "a").
    public var keyLabel: String
    /// A two- to four-character label for the help bar.
    public var label: String
    /// The sentence in F1 help; defaults to the label.
    public var help: String
    /// Shown in the help bar, not only in F1.
    public var inBar: Bool

    public init(_ keys: [Key], _ action: Action, key keyLabel: String? = nil, label: String, help: String? = nil, inBar: Bool = true) {
        self.keys = keys
        self.action = action
        self.keyLabel = keyLabel ?? keys.map(\.label).joined(separator: "/")
        self.label = label
        self.help = help ?? label
        self.inBar = inBar
    }
}

/// A key with what it does, for the help bar and the F1 list.
public struct KeyHint: Equatable, Sendable {
    public var key: String
    public var label: String
    public init(key: String, label: String) {
        self.key = key
        self.label = label
    }
}

public struct KeyMap<Action: Sendable>: Sendable {
    public var bindings: [KeyBinding<Action>]

    public init(_ bindings: [KeyBinding<Action>]) { self.bindings = bindings }

    public func action(for key: Key) -> Action? {
        bindings.first { $0.keys.contains(key) }?.action
    }

    public var barHints: [KeyHint] {
        bindings.filter(\.inBar).map { KeyHint(key: $0.keyLabel, label: $0.label) }
    }

    public var helpHints: [KeyHint] {
        bindings.map { KeyHint(key: $0.keyLabel, label: $0.help) }
    }
}
