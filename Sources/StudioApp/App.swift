import Foundation
import StudioCore
import StudioDemo
import StudioStore
import TerminalKit

/// The navigator: a stack of screens, the title and help bars, F1, and the
/// "terminal too small" notice. `handle` and `frame` are what tests drive.
public final class App {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public let context: AppContext
    public private(set) var stack: [Screen]

    public init(context: AppContext) {
        self.context = context
        // The office's copy of the profile checklists; a failure here shows again where they are used.
        try? context.db.syncChecklists(from: context.profiles)
        // The office's copy of the holiday calendar; the duty screens say when a year is missing.
        try? ShippedData.syncHolidays(into: context.db)
        stack = [MainMenuScreen(context: context)]
        // Offered only when its data files (Resources/demo) are there, as a copied binary may lack them.
        if context.db.isNew, (try? context.db.isEmpty()) == true, let demo = try? DemoDataSet.load() {
            stack.append(DemoOfferDialog(context: context, demo: demo))
        }
        seenToken = try? context.db.changeToken()
        seenFile = try? context.db.fileVersion()
    }

    // MARK: other sessions (issue 22)

    /// How long the loop waits for a key before it looks whether another session changed the file.
    static let pollMilliseconds = 500
    /// The records as this session last saw them (`AppDatabase.changeToken`), and the file (`fileVersion`: any commit,
    /// other sessions' open-form marks included).
    private var seenToken: String?
    private var seenFile: String?
    private var lastHeartbeat = Date()
    /// The records the forms on the stack have open, by screen; marked in the file for other sessions (edit sessions only).
    private var opened: [ObjectIdentifier: RecordRef] = [:]
    /// 正在被 张三 编辑（10:02 打开）, by form screen: another session has the same record open.
    private(set) var notices: [ObjectIdentifier: String] = [:]

    /// Once a loop turn (before a key is applied, or after half a second without one): renews this session's marks, and
    /// when another session committed since the last look tells the visible screen (`Screen.dataChanged`).
    public func tick(now: Date = Date()) {
        if context.session.canEdit, !opened.isEmpty, now.timeIntervalSince(lastHeartbeat) >= AppDatabase.openEditHeartbeat {
            lastHeartbeat = now
            context.db.heartbeatOpenEdits(now: now)
        }
        // Cheap first: nothing committed since the last look, nothing to do.
        guard let file = try? context.db.fileVersion(), file != seenFile else { return }
        seenFile = file
        if let token = try? context.db.changeToken(), token != seenToken {
            seenToken = token
            top.dataChanged()
        } else {
            // Only the marks moved (a form opened or closed elsewhere, a heartbeat): lists redraw their marks.
            top.openEditsChanged()
        }
        refreshNotices(now: now)
    }

    /// After every key: marks the records of forms that opened, clears those of forms that closed.
    func syncOpenEdits() {
        var current: [ObjectIdentifier: RecordRef] = [:]
        for s in stack { if let r = s.openRecord { current[ObjectIdentifier(s)] = r } }
        guard current != opened else { return }
        if context.session.canEdit {
            for (k, r) in opened where current[k] != r { context.db.closeOpenEdit(r) }
            for (k, r) in current where opened[k] != r { context.db.registerOpenEdit(r) }
            lastHeartbeat = Date()
        }
        opened = current
        refreshNotices()
    }

    func refreshNotices(now: Date = Date()) {
        guard !opened.isEmpty else { return notices = [:] }
        let others = context.db.openEditsElsewhere(now: now)
        notices = opened.compactMapValues { others[$0]?.notice }
    }

    /// The program ends: this session's marks go with it.
    func closeOpenEdits() {
        if context.session.canEdit { for r in Set(opened.values) { context.db.closeOpenEdit(r) } }
        opened = [:]
    }

    public var top: Screen { stack[stack.count - 1] }

    /// Hands the terminal to another program while the body runs: the terminal's `suspend`, set by `run(on:)`.
    var suspendTerminal: (() -> Void) -> Void = { $0() }

    /// Applies a key; false when the program should end.
    @discardableResult
    public func handle(_ key: Key, width: Int = 80, height: Int = 24) -> Bool {
        defer { syncOpenEdits() }
        return handleKey(key, width: width, height: height)
    }

    private func handleKey(_ key: Key, width: Int, height: Int) -> Bool {
        if key == .resize { return true }
        if key == .ctrl("c") { return false }
        if width < Self.minimumWidth || height < Self.minimumHeight {
            // Nothing can be seen to act on; only quitting works until the window grows.
            return key != .function(10)
        }
        if key == .function(1), !(top is HelpScreen) {
            stack.append(HelpScreen(for: top))
            return true
        }
        let nav = top.handle(key)
        if let refused = context.refusedKey {
            context.refusedKey = nil
            let need = context.refusedNeed
            context.refusedNeed = nil
            stack.append(context.session.refusal(of: refused, needs: need?.0, studio: need?.1))
            return true
        }
        return apply(nav)
    }

    func apply(_ nav: Navigation) -> Bool {
        // The last guard of a review session: a form that saves never opens, whichever screen asked for it
        // (screens open records in views; the walk over every screen in the tests expects this never to fire).
        // An account's form is guarded the same way: one it may not save (a 联络员's on another studio) never opens.
        switch nav {
        case .push(let s) where s.isEditingForm, .replace(let s) where s.isEditingForm:
            let (needs, studio) = s.formPermission
            if !context.session.canEdit || !context.session.may(needs, studio: studio) {
                stack.append(context.session.refusal(of: s.title, needs: needs, studio: studio, form: true))
                return true
            }
        default: break
        }
        switch nav {
        case .stay:
            return true
        case .push(let s):
            stack.append(s)
        case .pop:
            if stack.count > 1 { stack.removeLast() }
            top.becameTop()
        case .popMany(let n):
            stack.removeLast(min(n, stack.count - 1))
            top.becameTop()
        case .replace(let s):
            if stack.count > 1 { stack.removeLast() }
            stack.append(s)
        case .quit:
            return false
        case .editExternally(let text, let done):
            var result: Result<String, ExternalEditor.Failure> = .failure(.init("编辑器没有运行"))
            let editor = context.externalEditor
            suspendTerminal { result = editor.edit(text) }
            return apply(done(result))
        }
        return true
    }

    /// Puts back a stack saved before a key was tried (the walk over every screen in the review-mode test).
    func restore(_ saved: [Screen]) {
        let changed = saved.count != stack.count || saved.last !== stack.last
        stack = saved
        if changed { top.becameTop() }
        syncOpenEdits()
    }

    /// Waits for the figures being computed in the background (tests and the bench read a settled screen).
    public func settle() { context.cache.waitUntilIdle() }

    /// Draws the whole screen for a terminal of the given size.
    public func frame(width: Int, height: Int) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        guard width >= Self.minimumWidth, height >= Self.minimumHeight else {
            let lines = ["请放大终端窗口", "当前 \(width)x\(height)，至少需要 \(Self.minimumWidth)x\(Self.minimumHeight)"]
            let y = max(0, height / 2 - 1)
            for (i, line) in lines.enumerated() where y + i < height {
                let w = DisplayWidth.of(line)
                buffer.put(line, row: y + i, col: max(0, (width - w) / 2), style: i == 0 ? .warning : .normal)
            }
            return buffer
        }
        // Draw from the last full screen up, so dialogs sit over what they belong to.
        let base = stack.lastIndex(where: { !$0.isOverlay }) ?? 0
        let titleScreen = stack[base]
        let right = [context.session.canEdit ? "" : "【只读】",
                     context.session.actor.account.map { "\($0.name)（\(context.session.actor.role?.name ?? $0.roleID)）" } ?? "",
                     context.districtName, context.todayText]
        TitleBar.render(into: &buffer, title: "StudioDesk 委员工作室管理" + (titleScreen is MainMenuScreen ? "" : " > " + titleScreen.title), right: right)
        let area = Rect(row: 1, col: 0, width: width, height: height - 2)
        for screen in stack[base...] {
            buffer.cursor = nil
            screen.render(into: &buffer, area: area)
            // Forms leave the row under the title bar empty: another session's open form on the record is said there.
            if let notice = notices[ObjectIdentifier(screen)] {
                let cursor = buffer.cursor
                buffer.put("此记录" + notice + "；后保存者会收到提示", row: area.row, col: area.col + 3, maxWidth: area.width - 4, style: .warning)
                buffer.cursor = cursor
            }
        }
        HelpBar.render(into: &buffer, hints: top.hints)
        return buffer
    }

    /// The event loop: draw, wait for a key, apply it; ends on quit or a lost terminal.
    public func run(on terminal: Terminal) {
        suspendTerminal = { [unowned terminal] body in terminal.suspend(body) }
        defer { closeOpenEdits() }
        while true {
            terminal.present(frame(width: terminal.width, height: terminal.height))
            // While figures are computed in the background, wake up to draw them when they arrive; otherwise every half
            // second, to show what other sessions saved.
            switch terminal.read(timeoutMilliseconds: context.cache.isBusy ? 100 : Self.pollMilliseconds) {
            case .hangup: return
            case .timeout: tick()
            case .key(let key):
                tick()
                if !handle(key, width: terminal.width, height: terminal.height) { return }
            }
        }
    }
}
