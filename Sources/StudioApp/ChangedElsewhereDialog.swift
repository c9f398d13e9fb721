import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// Another clerk saved (or deleted) the record after this screen opened it: load their version, save anyway on
/// purpose, or go back. The same dialog for every record kind and screen (a form, the duty record), keys r / o / Esc.
final class ChangedElsewhereDialog: Screen {
    let conflict: ChangedElsewhere
    let reload: () -> Void
    let overwrite: () -> Navigation

    /// `reload` loads their version into the screen beneath; `overwrite` saves again without the check.
    init(conflict: ChangedElsewhere, reload: @escaping () -> Void, overwrite: @escaping () -> Navigation) {
        self.conflict = conflict
        self.reload = reload
        self.overwrite = overwrite
    }

    var title: String { "记录已被他人修改" }
    var isOverlay: Bool { true }
    var hints: [KeyHint] {
        (conflict.deleted ? [] : [KeyHint(key: "r", label: "载入对方版本")])
            + [KeyHint(key: "o", label: conflict.deleted ? "仍然保存（恢复）" : "仍然保存（覆盖）"), KeyHint(key: "Esc", label: "返回修改")]
    }

    func handle(_ key: Key) -> Navigation {
        switch key {
        case .char("r") where !conflict.deleted:
            reload()
            return .pop
        case .char("o"):
            return overwrite()
        case .escape: return .pop
        default: return .stay
        }
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let choices = conflict.deleted
            ? "o 仍然保存（以你填写的内容恢复这条记录）\nEsc 返回表单，暂不保存"
            : "r 载入对方保存的版本（你的修改不保存）\no 仍然保存（以你填写的内容覆盖对方的修改）\nEsc 返回表单，暂不保存"
        let width = min(area.width - 4, 64)
        let lines = DialogBox.wrap(conflict.description + "\n\n" + choices, width: width - 4)
        let rect = DialogBox.rect(in: area, width: width, height: min(area.height, lines.count + 2))
        let inner = DialogBox.draw(into: &buffer, rect: rect, title: title, style: .warning)
        for (i, l) in lines.enumerated() where i < inner.height {
            buffer.put(l, row: inner.row + i, col: inner.col, maxWidth: inner.width, style: i == 0 ? .warning : .normal)
        }
    }
}

/// What a screen opened, stamped (`EditStamp`) for the store's one edit-conflict check, with the record the save
/// builds on. A conflict offers their version (the base and stamp refreshed) or an overwrite on purpose (the base
/// refreshed too, so only what the clerk typed replaces their change).
final class OpenedRecord<R> {
    let context: AppContext
    let record: EditedRecord?
    let fetch: () -> R?
    /// What the save builds on: the record as opened, or as reloaded after a conflict.
    private(set) var base: R?
    private var stamp: EditStamp?
    private var overwriting = false

    /// `record` nil: a new record, nothing to check.
    init(_ context: AppContext, _ record: EditedRecord?, base: R?, fetch: @escaping () -> R? = { nil }) {
        self.context = context
        self.record = record
        self.base = base
        self.fetch = fetch
        stamp = record.flatMap { try? context.db.editStamp(of: $0) }
    }

    /// What the store must still find, or nil once the clerk chose to overwrite.
    var expected: EditStamp? { overwriting ? nil : stamp }

    /// After a save: the next save from the same screen checks against what was just written.
    func saved() {
        overwriting = false
        stamp = record.flatMap { try? context.db.editStamp(of: $0) }
    }

    func refresh() {
        if let fresh = fetch() { base = fresh }
        stamp = record.flatMap { try? context.db.editStamp(of: $0) }
    }

    /// The form's answer to a conflict, `values` filling it from their version.
    func conflict(_ c: ChangedElsewhere, values: @escaping (R) -> [String: String]) -> EntryFormScreen.Outcome {
        .changedElsewhere(c, theirs: { [self] in
            refresh()
            overwriting = false
            return base.map(values)
        }, overwrite: { [self] in
            refresh()
            overwriting = true
        })
    }
}
