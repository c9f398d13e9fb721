import Foundation
import StudioCore
import StudioExport
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
    /// Edit a text in the clerk's own editor (Ctrl-E in a long text): the navigator hands the terminal over to
    /// `AppContext.externalEditor`, then applies what `done` answers with the result.
    case editExternally(String, done: (Result<String, ExternalEditor.Failure>) -> Navigation)
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
    /// A form whose save changes data: never opened in a session that may not edit (a reviewer's).
    var isEditingForm: Bool { get }
    /// Another session committed a change (the loop's `data_version` check, `App.tick`): a list reloads, keeping the
    /// cursor on the same record. Forms do not reload under the clerk's hands (the edit-conflict check guards the save).
    func dataChanged()
    /// Only other sessions' open-form marks changed (a form opened or closed, a heartbeat): a list that marks records
    /// 正在被 张三 编辑 reads its marks again; nothing else is recomputed.
    func openEditsChanged()
    /// The record this form has open, marked for other sessions (正在被 张三 编辑); nil for lists, views and new records.
    var openRecord: RecordRef? { get }
    /// What saving the form needs (issue 22), and the studio it writes to where a role is limited to some.
    var formPermission: (Permission, studio: Int64?) { get }
}

extension Screen {
    public var helpHints: [KeyHint] { hints }
    public var isOverlay: Bool { false }
    public func becameTop() {}
    public var isEditingForm: Bool { false }
    public func dataChanged() {}
    public func openEditsChanged() {}
    public var openRecord: RecordRef? { nil }
    public var formPermission: (Permission, studio: Int64?) { (.editRecords, nil) }
}

/// Who is at the keyboard and what they may do: a clerk edits, a reviewer (studiodesk --read-only, or a file that
/// cannot be written) only reads; opened with an account (issue 22), what its role allows (`may`). Screens ask
/// `canEdit` (records open in forms or views) and `may(_:studio:)`; key bindings declare their permission.
public struct Session: Equatable, Sendable {
    public enum Mode: Equatable, Sendable {
        /// The clerk's day: records open in forms, every key is offered.
        case edit
        /// A reviewer's: records open in views, the keys that change data leave the help bar and F1 and are refused.
        case review
    }

    public var mode: Mode
    /// Why the file is read-only when review was not asked for (a folder that cannot be written); nil when asked.
    public var reason: String?
    /// The name changes are recorded under (`--user`), prefilled where a form asks who did it (审核人).
    public var user: String
    /// The account and what its role allows (issue 22); `Authorization.local` when the file has no accounts or none was given.
    public var actor: Authorization

    public init(mode: Mode, reason: String? = nil, user: String = "", actor: Authorization = .local) {
        self.mode = mode
        self.reason = reason
        self.user = user
        self.actor = actor
    }

    /// The session the open file allows: review when SQLite opened it read-only, or when the account's role writes
    /// nothing (审阅).
    public init(for db: AppDatabase) {
        self.init(mode: db.isReadOnly || !db.actor.writesData ? .review : .edit, reason: db.readOnlyReason,
                  user: db.actor.account?.name ?? db.user, actor: db.actor)
    }

    public var canEdit: Bool { mode == .edit }

    /// May this session do `permission` (on `studio`)? A permission that writes needs an edit session; `studio` nil
    /// on a screen that is not one studio's: offered when the role has it on some studio (the store checks the one).
    public func may(_ permission: Permission, studio: Int64? = nil) -> Bool {
        if permission.writesData && !canEdit { return false }
        return studio == nil ? actor.mayAnywhere(permission) : actor.may(permission, studio: studio)
    }

    /// What a key binding needs: its declared permission, or 录入和修改记录 for a key that edits; nil when it only reads.
    static func permission<A>(of binding: KeyBinding<A>) -> Permission? {
        binding.needs.flatMap(Permission.init(rawValue:)) ?? (binding.edits ? .editRecords : nil)
    }

    func allows<A>(_ binding: KeyBinding<A>, studio: Int64?) -> Bool {
        Self.permission(of: binding).map { may($0, studio: studio) } ?? true
    }

    /// A refused key or form: in an edit session, the permission the account lacks; otherwise why the session is read-only.
    func refusal(of key: String, needs: Permission?, studio: Int64?, form: Bool = false) -> MessageDialog {
        guard let needs, canEdit || !actor.isLocal else { return refusal(of: key, form: form) }
        return MessageDialog(title: "没有权限", message: "「\(key)」需要「\(needs.title)」权限：\(actor.refusal(needs, studio: studio))。")
    }

    /// What a refused key says: which key, that it changes data, and why this session may not.
    /// `form`: what was refused is a form that saves (named by its title), not a key.
    func refusal(of key: String, form: Bool = false) -> MessageDialog {
        let why = reason.map { "\($0)，已以只读方式打开" } ?? "本次以只读方式（审阅模式）打开"
        return MessageDialog(title: reason == nil ? "审阅模式（只读）" : "只读",
                             message: "「\(key)」\(form ? "是修改数据的表单" : "会修改数据")。\(why)，数据文件在 SQLite 层面不能写入。")
    }
}

/// What every screen can reach: the open database, the rule profiles and "today".
public final class AppContext {
    public let db: AppDatabase
    /// The shipped profiles with the office's own readings from 规则设置 (`officeProfiles`).
    public private(set) var profiles: [RuleProfile]
    let shippedProfiles: [RuleProfile]
    public let today: () -> Date
    /// Edit or review: what the key tables offer and whether records open in forms or views.
    public let session: Session
    /// A key the session refused (set by `KeyMap.action(for:in:)`); the navigator shows why and clears it.
    var refusedKey: String?
    /// The permission the refused key needed, and the studio it was pressed on.
    var refusedNeed: (Permission, Int64?)?

    /// Office-wide figures kept while the file is unchanged, filled in the background.
    public let cache = OfficeCache()
    /// Where print and export forms suggest writing their files: the directory the program was started in.
    public var outputDirectory = FileManager.default.currentDirectoryPath
    /// The editor Ctrl-E opens on a long text ($VISUAL/$EDITOR); screen tests put in a fake.
    public var externalEditor: ExternalEditor = .system

    /// `session` nil: the one the file allows (`Session(for:)`).
    public init(db: AppDatabase, profiles: [RuleProfile], today: @escaping () -> Date = Date.init, session: Session? = nil) {
        self.db = db
        self.session = session ?? Session(for: db)
        shippedProfiles = profiles
        self.profiles = (try? db.officeProfiles(profiles)) ?? profiles
        self.today = today
    }

    /// After 规则设置 changed an office reading: every screen reads the new one, and cached figures are recomputed.
    func reloadOfficeRules() {
        profiles = (try? db.officeProfiles(shippedProfiles)) ?? shippedProfiles
    }

    var todayISO: String { DateInput.iso(today()) }

    /// A path typed in a form: ~ expanded, a relative one taken from `outputDirectory`, `ext` added when missing.
    func filePath(_ text: String?, ext: String? = nil) -> String {
        let path = OutputFile.resolve(text, in: outputDirectory)
        return ext.map { OutputFile.withExtension(path, $0) } ?? path
    }

    /// The compliance of every studio that ran in the year (cached: the menu, 履职台账 and 值班排班 all ask), kept
    /// per studio and brought up to date by the studios changed since (OfficeFigures).
    func compliance(year: Int) throws -> [StudioCompliance] {
        try officeFigures(year: year).compliance
    }

    /// The year's scorecards as 年度评估 lists them (cached).
    func yearResults(year: Int) throws -> [(Studio, Assessment)] {
        try cache.value("year-results-\(year)-\(todayISO)", db: db) { try db.yearResults(year: year, profiles: profiles, today: todayISO) }
    }

    /// Every studio's compliance lines of a year, by studio, from the office figures: 值班排班 takes its 值班 lines
    /// from them rather than keeping the year's facts (a third of the file's records, grouped) for itself.
    func complianceLines(year: Int) throws -> [Int64: [ComplianceLine]] {
        Dictionary(try compliance(year: year).map { ($0.studio.id!, $0.lines) }, uniquingKeysWith: { a, _ in a })
    }

    /// The date as written on screen and paper: 2026年11月23日.
    public var todayText: String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: today())
        return "\(c.year!)年\(c.month!)月\(c.day!)日"
    }

    public var districtName: String { (try? db.setting("district")) ?? nil ?? "" }
}

extension KeyMap {
    /// The action of `key` in this context's session; a write key in a review session is refused (the navigator
    /// says why) and gives nil.
    /// `studio`: the studio the screen is about, where a role is limited to some (a 联络员's ledger keys).
    func action(for key: Key, in context: AppContext, studio: Int64? = nil) -> Action? {
        let allows = { (b: KeyBinding<Action>) in context.session.allows(b, studio: studio) }
        if let b = refused(key, allows: allows) {
            context.refusedKey = b.keyLabel + " " + b.label
            context.refusedNeed = Session.permission(of: b).map { ($0, studio) }
            return nil
        }
        return action(for: key, allows: allows)
    }

    func barHints(_ context: AppContext, studio: Int64? = nil) -> [KeyHint] { barHints(allows: { context.session.allows($0, studio: studio) }) }
    func helpHints(_ context: AppContext, studio: Int64? = nil) -> [KeyHint] { helpHints(allows: { context.session.allows($0, studio: studio) }) }
    func available(_ context: AppContext, studio: Int64? = nil) -> [KeyBinding<Action>] { bindings.filter { context.session.allows($0, studio: studio) } }
}

extension KeyBinding {
    /// A binding that needs `permission` (issue 22); it edits when the permission writes the data file.
    init(_ keys: [Key], _ action: Action, key keyLabel: String? = nil, label: String, help: String? = nil, inBar: Bool = true, needs permission: Permission) {
        self.init(keys, action, key: keyLabel, label: label, help: help, inBar: inBar, edits: permission.writesData, needs: permission.rawValue)
    }
}

extension TableView {
    /// After a reload for another session's change: the cursor back on the record it was on (`id`, found in `ids`,
    /// the rows' ids in order); where that record is gone it stays on the same row number.
    mutating func reselect<ID: Equatable>(_ id: ID?, in ids: [ID]) {
        if let id, let i = ids.firstIndex(of: id) { select(i) }
    }
}

/// Keys every screen shares, so each key table reads the same.
enum CommonKeys {
    static let help = KeyHint(key: "F1", label: "帮助")
    static let back = KeyHint(key: "Esc", label: "返回")
}

/// Hands a non-Sendable reference to a background thread that only reads through thread-safe parts of it
/// (the database pool, immutable profiles, the cache's locks).
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
