import Foundation

/// An inspector's finding on one wall-content or "X有" item.
public enum WallVerdict: String, Codable, CaseIterable, Sendable {
    case pass, fail, missing

    public var title: String {
        switch self {
        case .pass: "合格"
        case .fail: "不合格"
        case .missing: "缺失"
        }
    }

    public init?(text: String) {
        if let v = WallVerdict(rawValue: text) { self = v; return }
        guard let v = WallVerdict.allCases.first(where: { $0.title == text }) else { return nil }
        self = v
    }
}

/// The office's copy of one checklist of a rule profile (上墙内容, 六上墙, 四有 …).
/// The profile file gives the first version; the office then edits it in 规则设置.
public struct WallList: Codable, Equatable, Identifiable, Sendable {
    public var id: Int64?
    public var profileID: String
    /// The checklist id in the profile file (e.g. "six_on_wall"); stable across renames.
    public var key: String
    public var name: String
    /// No public source lists these items for certain (五上墙): shown as 推定.
    public var inferred: Bool
    public var source: String
    /// Lists not in use are kept but not inspected (e.g. the 西乡 variant under Shaanxi rules).
    public var inUse: Bool
    public var position: Int

    public init(id: Int64? = nil, profileID: String, key: String, name: String, inferred: Bool = false,
                source: String = "", inUse: Bool = true, position: Int = 0) {
        self.id = id
        self.profileID = profileID
        self.key = key
        self.name = name
        self.inferred = inferred
        self.source = source
        self.inUse = inUse
        self.position = position
    }
}

/// One item of a list. Items are never deleted, only retired, so that old inspections,
/// which keep their own copy of the text, still point somewhere.
public struct WallItem: Codable, Equatable, Identifiable, Sendable {
    public var id: Int64?
    public var listID: Int64
    public var key: String
    public var text: String
    public var position: Int
    /// ISO date the office stopped checking it; nil while in use.
    public var retiredOn: String?

    public var isActive: Bool { retiredOn == nil }

    public init(id: Int64? = nil, listID: Int64, key: String, text: String, position: Int, retiredOn: String? = nil) {
        self.id = id
        self.listID = listID
        self.key = key
        self.text = text
        self.position = position
        self.retiredOn = retiredOn
    }
}

/// A list with its items in order, as edited in 规则设置 and walked in an inspection.
public struct WallChecklist: Equatable, Sendable {
    public var list: WallList
    public var items: [WallItem]

    public init(list: WallList, items: [WallItem]) {
        self.list = list
        self.items = items
    }

    public var activeItems: [WallItem] { items.filter(\.isActive) }
}

/// One visit (检查) to a studio: who, when, on site or remote.
public struct Inspection: Codable, Equatable, Identifiable, Sendable {
    public var id: Int64?
    public var studioID: Int64
    /// ISO date.
    public var date: String
    public var inspector: String
    public var onSite: Bool
    public var note: String

    public init(id: Int64? = nil, studioID: Int64, date: String, inspector: String, onSite: Bool = true, note: String = "") {
        self.id = id
        self.studioID = studioID
        self.date = date
        self.inspector = inspector
        self.onSite = onSite
        self.note = note
    }

    public var modeTitle: String { onSite ? "现场" : "远程" }
}

/// The verdict on one item in one inspection. The list name and item text are copied in,
/// so an inspection reads as it was made even after the office renames or retires the item.
public struct InspectionVerdict: Codable, Equatable, Identifiable, Sendable {
    public var id: Int64?
    public var inspectionID: Int64
    public var itemID: Int64?
    public var listKey: String
    public var listName: String
    public var itemText: String
    public var position: Int
    public var verdict: WallVerdict
    public var note: String
    /// A photo or document path, as typed by the clerk.
    public var evidence: String

    public init(id: Int64? = nil, inspectionID: Int64 = 0, itemID: Int64?, listKey: String, listName: String,
                itemText: String, position: Int, verdict: WallVerdict, note: String = "", evidence: String = "") {
        self.id = id
        self.inspectionID = inspectionID
        self.itemID = itemID
        self.listKey = listKey
        self.listName = listName
        self.itemText = itemText
        self.position = position
        self.verdict = verdict
        self.note = note
        self.evidence = evidence
    }
}

/// An inspection with its verdicts.
public struct InspectionRecord: Equatable, Sendable {
    public var inspection: Inspection
    public var verdicts: [InspectionVerdict]

    public init(inspection: Inspection, verdicts: [InspectionVerdict]) {
        self.inspection = inspection
        self.verdicts = verdicts
    }

    public func count(_ v: WallVerdict) -> Int { verdicts.filter { $0.verdict == v }.count }
}

// MARK: - Editing the lists (规则设置)

public enum WallListEditing {
    public static let maxItemLength = 60

    /// Checks the wording of a new or renamed item against the other active items of its list.
    public static func checkText(_ text: String, in checklist: WallChecklist, excluding itemID: Int64? = nil) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return "条目内容不能为空" }
        if t.count > maxItemLength { return "条目内容不能超过 \(maxItemLength) 个字" }
        if checklist.activeItems.contains(where: { $0.id != itemID && $0.text == t }) {
            return "「\(checklist.list.name)」已有条目「\(t)」"
        }
        return nil
    }

    /// A list in use keeps at least one item, or an inspection would have nothing to check.
    public static func checkRetire(_ item: WallItem, in checklist: WallChecklist) -> String? {
        if checklist.list.inUse, item.isActive, checklist.activeItems.count <= 1 {
            return "「\(checklist.list.name)」至少要保留一个条目；不再检查整张清单时请把它设为不使用"
        }
        return nil
    }

    /// The lists a profile ships, as the office's first copy. Lists marked `inUse: false`
    /// in the profile (alternative readings) are kept but not inspected until switched on.
    public static func defaults(from profile: RuleProfile) -> [(list: WallList, items: [(key: String, text: String)])] {
        profile.wallChecklists.enumerated().map { i, c in
            (WallList(profileID: profile.id, key: c.id, name: c.name, inferred: c.inferred, source: c.source,
                      inUse: c.inUse ?? true, position: i),
             c.items.map { ($0.id, $0.text) })
        }
    }
}

// MARK: - Where a studio stands

/// The latest verdict on one item of a list in use, and how long it has been a problem.
public struct WallItemStatus: Equatable, Sendable {
    public var list: WallList
    public var item: WallItem
    /// Latest verdict on this item; nil when no inspection has checked it yet.
    public var latest: InspectionVerdict?
    /// Date of the inspection that gave `latest`.
    public var latestDate: String?
    /// First inspection date of the unbroken run of 不合格/缺失 that ends with `latest`.
    public var problemSince: String?
    /// How many inspections checked this item.
    public var timesChecked: Int

    public var isProblem: Bool { latest.map { $0.verdict != .pass } ?? false }

    /// Whole days from `problemSince` to `today` (ISO dates); 0 when there is no problem.
    public func daysOpen(today: String) -> Int {
        guard isProblem, let since = problemSince else { return 0 }
        return max(0, CivilDate.days(from: since, to: today) ?? 0)
    }
}

/// A list in use, item by item, for one studio.
public struct WallListStatus: Equatable, Sendable {
    public var list: WallList
    public var items: [WallItemStatus]

    public var passed: Int { items.filter { $0.latest?.verdict == .pass }.count }
    public var problems: Int { items.filter(\.isProblem).count }
    public var unchecked: Int { items.filter { $0.latest == nil }.count }

    /// Every item's latest verdict is 合格: the list's standard is met (Ordos 六有, Binjiang 上墙内容).
    /// nil when some item has never been checked.
    public var meetsStandard: Bool? {
        if items.contains(where: { $0.latest == nil }) { return nil }
        return items.allSatisfy { $0.latest?.verdict == .pass }
    }
}

/// Everything the checklist page shows for one studio.
public struct StudioWallStatus: Equatable, Sendable {
    public var studio: Studio
    public var lists: [WallListStatus]
    /// Newest first.
    public var inspections: [InspectionRecord]

    public var lastInspection: Inspection? { inspections.first?.inspection }
    public var items: [WallItemStatus] { lists.flatMap(\.items) }
    public var passed: Int { lists.reduce(0) { $0 + $1.passed } }
    public var total: Int { lists.reduce(0) { $0 + $1.items.count } }
    public var problems: [WallItemStatus] { items.filter(\.isProblem) }
    /// Date of the oldest problem still open.
    public var oldestProblemSince: String? { problems.compactMap(\.problemSince).min() }

    /// Builds the status from the studio's lists (in use, active items) and its inspections.
    public init(studio: Studio, checklists: [WallChecklist], inspections: [InspectionRecord]) {
        self.studio = studio
        // Newest first; on the same day the later-entered one wins.
        let ordered = inspections.sorted {
            ($0.inspection.date, $0.inspection.id ?? 0) > ($1.inspection.date, $1.inspection.id ?? 0)
        }
        self.inspections = ordered
        lists = checklists.filter(\.list.inUse).map { c in
            WallListStatus(list: c.list, items: c.activeItems.map { item in
                // This item's verdicts, newest first.
                let history: [(date: String, verdict: InspectionVerdict)] = ordered.compactMap { r in
                    r.verdicts.first { $0.itemID != nil && $0.itemID == item.id }.map { (r.inspection.date, $0) }
                }
                var since: String?
                if let first = history.first, first.verdict.verdict != .pass {
                    since = first.date
                    for h in history.dropFirst() {
                        if h.verdict.verdict == .pass { break }
                        since = h.date
                    }
                }
                return WallItemStatus(list: c.list, item: item, latest: history.first?.verdict, latestDate: history.first?.date,
                                      problemSince: since, timesChecked: history.count)
            })
        }
    }

    /// Whether the list with this key meets its standard (nil: not in use, or not fully checked).
    public func meetsStandard(listKey: String) -> Bool? {
        lists.first { $0.list.key == listKey }?.meetsStandard
    }

    /// Points for a scorecard item that is read from a checklist (Binjiang 有规范上墙内容, 5 points):
    /// full points when the list meets its standard at the latest inspection, else 0; nil when
    /// the item is not a checklist item.
    public func points(for item: RuleProfile.ScoreItem) -> Double? {
        guard let key = item.checklist else { return nil }
        return meetsStandard(listKey: key) == true ? item.points : 0
    }

    /// The history of one item, newest first: (inspection, verdict as recorded then).
    public func history(of itemID: Int64) -> [(inspection: Inspection, verdict: InspectionVerdict)] {
        inspections.compactMap { r in r.verdicts.first { $0.itemID == itemID }.map { (r.inspection, $0) } }
    }
}

// MARK: - Office-wide overview

/// One open problem in the office-wide overview.
public struct WallProblem: Equatable, Sendable {
    public var studio: Studio
    public var status: WallItemStatus
    public var days: Int
}

public enum WallOverview {
    /// Open problems across studios, the longest-open first; ties by studio (pinyin) then list order.
    public static func problems(_ statuses: [StudioWallStatus], today: String) -> [WallProblem] {
        statuses.flatMap { s in
            s.problems.map { WallProblem(studio: s.studio, status: $0, days: $0.daysOpen(today: today)) }
        }
        .sorted { a, b in
            if a.days != b.days { return a.days > b.days }
            if a.studio.pinyin != b.studio.pinyin { return a.studio.pinyin < b.studio.pinyin }
            if a.status.list.position != b.status.list.position { return a.status.list.position < b.status.list.position }
            return a.status.item.position < b.status.item.position
        }
    }

    /// Studios by how urgent their wall is: oldest open problem first, then never inspected,
    /// then the longest since the last inspection.
    public static func studios(_ statuses: [StudioWallStatus]) -> [StudioWallStatus] {
        // The oldest problem is worked out once per studio, not on every comparison of the sort.
        let keyed = statuses.map { (status: $0, oldest: $0.oldestProblemSince, last: $0.lastInspection?.date) }
        return keyed.sorted { a, b in
            switch (a.oldest, b.oldest) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: break
            }
            switch (a.last, b.last) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return true
            case (_?, nil): return false
            default: return a.status.studio.pinyin < b.status.studio.pinyin
            }
        }.map(\.status)
    }
}

/// Narrowing of the overview: 专委会, 界别 or type.
public struct WallFilter: Equatable, Sendable {
    public var committee: String?
    public var sector: String?
    public var type: StudioType?

    public init(committee: String? = nil, sector: String? = nil, type: StudioType? = nil) {
        self.committee = committee
        self.sector = sector
        self.type = type
    }

    public var isEmpty: Bool { committee == nil && sector == nil && type == nil }

    public func admits(_ s: Studio) -> Bool {
        (committee == nil || s.committee == committee) && (sector == nil || s.sector == sector) && (type == nil || s.type == type)
    }
}
