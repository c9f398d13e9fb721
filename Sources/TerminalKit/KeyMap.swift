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
    /// The key changes data: a session that may not edit (a reviewer's) does not see it in the help bar or F1,
    /// and a press is refused. Declared at each binding, never guessed.
    public var edits: Bool
    /// What the key needs beyond being allowed to edit (issue 22): the name of a permission the application defines
    /// ("reviewLedger"); nil for a key that edits with the application's default permission, or only reads.
    public var needs: String?

    public init(_ keys: [Key], _ action: Action, key keyLabel: String? = nil, label: String, help: String? = nil, inBar: Bool = true, edits: Bool = false,
                needs: String? = nil) {
        self.keys = keys
        self.action = action
        self.keyLabel = keyLabel ?? keys.map(\.label).joined(separator: "/")
        self.label = label
        self.help = help ?? label
        self.inBar = inBar
        self.edits = edits
        self.needs = needs
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

    public func binding(for key: Key) -> KeyBinding<Action>? { bindings.first { $0.keys.contains(key) } }

    /// The action of `key`; nil when the key is not bound, or when it edits and the session may not
    /// (`refused(_:canEdit:)` then names it for the message).
    public func action(for key: Key, canEdit: Bool) -> Action? {
        action(for: key, allows: { canEdit || !$0.edits })
    }

    /// The action of `key` when `allows` lets its binding through (an account's permissions).
    public func action(for key: Key, allows: (KeyBinding<Action>) -> Bool) -> Action? {
        guard let b = binding(for: key), allows(b) else { return nil }
        return b.action
    }

    /// The binding `key` would trigger if `allows` let it through.
    public func refused(_ key: Key, allows: (KeyBinding<Action>) -> Bool) -> KeyBinding<Action>? {
        guard let b = binding(for: key), !allows(b) else { return nil }
        return b
    }

    /// The binding `key` would trigger if the session could edit: what the refusal message names.
    public func refused(_ key: Key, canEdit: Bool) -> KeyBinding<Action>? {
        guard !canEdit, let b = binding(for: key), b.edits else { return nil }
        return b
    }

    public func available(canEdit: Bool) -> [KeyBinding<Action>] { canEdit ? bindings : bindings.filter { !$0.edits } }

    public func barHints(canEdit: Bool) -> [KeyHint] { barHints(available(canEdit: canEdit)) }

    public func barHints(allows: (KeyBinding<Action>) -> Bool) -> [KeyHint] { barHints(bindings.filter(allows)) }

    public func helpHints(allows: (KeyBinding<Action>) -> Bool) -> [KeyHint] { helpHints(bindings.filter(allows)) }

    func barHints(_ shown: [KeyBinding<Action>]) -> [KeyHint] {
        shown.filter(\.inBar).map { KeyHint(key: $0.keyLabel, label: $0.label) }
    }

    /// F1 lists each key once: a binding whose keys an earlier one's key label already names (`]` after `[ ]`,
    /// Left after Left/Right) is explained there.
    public func helpHints(canEdit: Bool) -> [KeyHint] { helpHints(available(canEdit: canEdit)) }

    func helpHints(_ shown: [KeyBinding<Action>]) -> [KeyHint] {
        var named: Set<String> = []
        var hints: [KeyHint] = []
        for b in shown {
            let keys = Self.keyNames(b.keyLabel)
            if !keys.isEmpty, keys.isSubset(of: named) { continue }
            named.formUnion(keys)
            hints.append(KeyHint(key: b.keyLabel, label: b.help))
        }
        return hints
    }

    /// The keys a help label names: "[ ]" → [, ]; "Left/Right" → Left, Right; "1-9, 0" stays one name per part.
    public static func keyNames(_ label: String) -> Set<String> {
        Set(label.split(whereSeparator: { $0 == "/" || $0 == " " || $0 == "," }).map(String.init))
    }
}
