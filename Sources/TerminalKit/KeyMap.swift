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
    /// The key changes data: in a read-only session it leaves the help bar and F1 and is refused.
    public var edits: Bool

    public init(_ keys: [Key], _ action: Action, key keyLabel: String? = nil, label: String, help: String? = nil, inBar: Bool = true, edits: Bool? = nil) {
        self.keys = keys
        self.action = action
        self.keyLabel = keyLabel ?? keys.map(\.label).joined(separator: "/")
        self.label = label
        self.help = help ?? label
        self.inBar = inBar
        self.edits = edits ?? ReadOnlySession.editingLabels.contains(label)
    }
}

/// A reviewer's session (studiodesk --read-only): the file is opened read-only by SQLite, and the keys that
/// would change data are taken out of every key table, so they vanish from the help bar and F1 and a press
/// says why instead of opening a form whose save would fail. Set once at start, before any screen exists.
public enum ReadOnlySession {
    nonisolated(unsafe) public static var isOn = false
    /// Why the file is read-only when it was not asked for (a folder that cannot be written).
    nonisolated(unsafe) public static var reason: String?
    /// Set when a refused key was pressed; the navigator shows the message and clears it.
    nonisolated(unsafe) public static var refusedKey: String?

    /// The help-bar labels of keys that change data, across the screens (a binding may also say `edits:`).
    public static let editingLabels: Set<String> = [
        "保存", "删除", "添加", "修改", "新增", "新建", "新检查", "重新打开", "恢复", "恢复所选", "小组评分", "自评分", "自评文字",
        "生成", "登记", "录入意见", "沿用上次", "沿用上条", "提交评估", "提交审批", "提交/审定", "审定", "审核", "退回", "导入名册", "备份",
        "复制", "改名", "换届", "届满", "办理退出", "加成员", "加时段", "删时段", "交换", "换人", "到岗/缺席/替班", "所选委员到岗", "确认执行",
        "停用", "在用", "解释说明", "反馈", "转办记录", "年度计算", "换规则", "非委员", "不可值班", "修改登记", "删除所选登记",
        "删除所选日期", "删除所选检查（先确认）", "其余合格", "合格", "不合格", "缺失", "填写申报表中的文字内容（基本情况、主要职能和工作计划等），随时保存",
        "录入", "排班", "替班：选择替班的委员", "信访", "咨询", "微建议", "重大问题", "社情民意", "活动", "提案",
            ]
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
        guard let b = bindings.first(where: { $0.keys.contains(key) }) else { return nil }
        if ReadOnlySession.isOn && b.edits {
            ReadOnlySession.refusedKey = b.keyLabel + " " + b.label
            return nil
        }
        return b.action
    }

    var available: [KeyBinding<Action>] { ReadOnlySession.isOn ? bindings.filter { !$0.edits } : bindings }

    public var barHints: [KeyHint] {
        available.filter(\.inBar).map { KeyHint(key: $0.keyLabel, label: $0.label) }
    }

    public var helpHints: [KeyHint] {
        available.map { KeyHint(key: $0.keyLabel, label: $0.help) }
    }
}
