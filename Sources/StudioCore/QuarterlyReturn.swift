import Foundation

/// Where an office sits in the chain of returns (陕西 八.2): counties send to their city, cities to the province.
public enum OfficeLevel: String, Codable, CaseIterable, Sendable {
    case county, city, province

    public var title: String {
        switch self {
        case .county: "县级"
        case .city: "市级"
        case .province: "省级"
        }
    }

    /// "县", "县级", "区", "county" … as a clerk types it on the command line or in 设置.
    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let v = OfficeLevel(rawValue: t) { self = v; return }
        switch t {
        case "县", "县级", "区", "县区", "县（区）": self = .county
        case "市", "市级", "地市": self = .city
        case "省", "省级": self = .province
        default: return nil
        }
    }
}

extension Period {
    /// "2026Q4", "2026q4", "2026-Q4" or "2026年第4季度": the quarter a return is for.
    public static func quarter(parsing text: String) -> Period? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let digits = t.filter(\.isNumber)
        guard digits.count == 5, t.contains("Q") || t.contains("季度"), let year = Int(digits.prefix(4)), let q = Int(digits.suffix(1)),
              (1000...9999).contains(year), (1...4).contains(q) else { return nil }
        return Period(.quarter, year: year, index: q)
    }

    /// "2026Q4": how files and the command line name a quarter.
    public var code: String { "\(year)Q\(index)" }
}

/// What one office reports upward for a quarter (季度报送, 陕西 八.2): its studios' figures, and the returns it received
/// from the offices below, nested, so that a province sees its cities and the counties inside them. Only names and
/// titles: no phone numbers, addresses or members.
public struct QuarterlyReturn: Codable, Equatable, Sendable {
    /// The file's format name and the version this program writes (ReturnFile in StudioStore reads and checks it).
    public static let formatName = "studiodesk-quarterly-return"
    public static let currentVersion = 1

    public var office: String
    public var level: OfficeLevel
    public var year: Int
    public var quarter: Int
    /// Local time the return was made, yyyy-MM-ddTHH:mm:ss: of two returns of one office and quarter the later wins.
    public var madeAt: String
    public var studios: [StudioReturn]
    /// The lower offices' returns for the same quarter, as received.
    public var lower: [Received]

    /// A lower office's return inside this one, with when this office received it and its own checksum.
    public struct Received: Codable, Equatable, Sendable {
        public var receivedAt: String
        public var checksum: String
        public var content: QuarterlyReturn

        public init(receivedAt: String, checksum: String, content: QuarterlyReturn) {
            self.receivedAt = receivedAt
            self.checksum = checksum
            self.content = content
        }
    }

    public init(office: String, level: OfficeLevel, period: Period, madeAt: String, studios: [StudioReturn], lower: [Received] = []) {
        self.office = office
        self.level = level
        self.year = period.year
        self.quarter = period.index
        self.madeAt = madeAt
        self.studios = studios
        self.lower = lower
    }

    public var period: Period { Period(.quarter, year: year, index: quarter) }

    /// Studios first reported in this return: to be 备案 with the 省政协办公厅 (五.3).
    public var newStudios: [StudioReturn] { studios.filter(\.isNew) }
}

/// One studio in a return.
public struct StudioReturn: Codable, Equatable, Sendable {
    public struct ActivityCount: Codable, Equatable, Sendable {
        /// The profile's category id and the name the records carry.
        public var id: String
        public var name: String
        public var online: Int
        public var offline: Int
        public var total: Int { online + offline }

        public init(id: String, name: String, online: Int, offline: Int) {
            self.id = id
            self.name = name
            self.online = online
            self.offline = offline
        }
    }

    public struct ProposalCounts: Codable, Equatable, Sendable {
        public var total = 0
        /// 已立案 or 已答复.
        public var filed = 0
        public var replied = 0
        public var notFiled = 0
        /// 重点提案 or 优秀提案.
        public var awarded = 0
        public init() {}
        mutating func add(_ o: ProposalCounts) {
            total += o.total; filed += o.filed; replied += o.replied; notFiled += o.notFiled; awarded += o.awarded
        }
    }

    public struct SqmyCounts: Codable, Equatable, Sendable {
        public var total = 0
        public var adopted = 0
        /// With a leader's 批示.
        public var instructed = 0
        public init() {}
        mutating func add(_ o: SqmyCounts) { total += o.total; adopted += o.adopted; instructed += o.instructed }
    }

    /// 值班 held in the quarter against what the per-member minimum asks of the team.
    public struct DutyCount: Codable, Equatable, Sendable {
        public var held = 0
        public var required = 0
        public init(held: Int = 0, required: Int = 0) {
            self.held = held
            self.required = required
        }
    }

    /// One compliance line as the office above needs it (the core's `ComplianceLine`, not recomputed).
    public struct Line: Codable, Equatable, Sendable {
        public var text: String
        public var period: String
        public var required: Int
        public var done: String
        public var short: Int
        public var state: String

        public init(_ l: ComplianceLine) {
            text = l.text
            period = l.period.title
            required = l.required
            done = l.doneText
            short = l.short
            state = l.state.rawValue
        }

        public var stateTitle: String { ComplianceLine.State(rawValue: state)?.title ?? state }
    }

    public var name: String
    public var type: StudioType
    public var mode: StudioMode
    /// 界别 or area.
    public var sector: String
    /// 联系的专委会.
    public var committee: String
    public var status: StudioStatus
    public var plaquedOn: String?
    public var endedOn: String?
    /// First in a return of this office: to be 备案.
    public var isNew: Bool
    public var activities: [ActivityCount]
    public var proposals: ProposalCounts
    public var sqmy: SqmyCounts
    public var duty: DutyCount
    public var compliance: [Line]
    /// Titles of the quarter's notable records.
    public var highlights: [String]

    public var activityTotal: Int { activities.reduce(0) { $0 + $1.total } }
    /// Every compliance line of the quarter met.
    public var isCompliant: Bool { compliance.allSatisfy { $0.short == 0 } }

    /// At most this many highlights a studio.
    public static let highlightLimit = 5

    /// The studio's figures for a quarter from its records: counts from what counts (a 退回 record does not, as in
    /// `LedgerFacts`), compliance from `Compliance.evaluate` for the quarter, duty from the profile's 值班 minimum.
    public static func make(studio: Studio, term: StudioTerm, isNew: Bool, profile: RuleProfile?, facts: LedgerFacts,
                            activities: [Activity], proposals: [Proposal], sqmy: [SocialInfo], period: Period, today: String) -> StudioReturn {
        let acts = activities.filter { $0.review.status.counts && period.contains($0.date) }
        var order: [String] = []
        var counts: [String: ActivityCount] = [:]
        for a in acts.sorted(by: { ($0.date, $0.id ?? 0) < ($1.date, $1.id ?? 0) }) {
            if counts[a.category] == nil {
                order.append(a.category)
                let name = profile?.activityCategories.first { $0.id == a.category }?.name ?? a.categoryName
                counts[a.category] = ActivityCount(id: a.category, name: name.isEmpty ? a.category : name, online: 0, offline: 0)
            }
            if a.mode == .online { counts[a.category]!.online += 1 } else { counts[a.category]!.offline += 1 }
        }
        // Profile order, so every studio of a profile lists its kinds alike; kinds the profile does not know after.
        let known = profile?.activityCategories.map(\.id) ?? []
        let sortedIDs = order.sorted { (known.firstIndex(of: $0) ?? Int.max, order.firstIndex(of: $0)!) < (known.firstIndex(of: $1) ?? Int.max, order.firstIndex(of: $1)!) }
        let props = proposals.filter { $0.review.status.counts && period.contains($0.date) }
        var p = ProposalCounts()
        p.total = props.count
        p.filed = props.filter { $0.status.isFiled }.count
        p.replied = props.filter { $0.status == .replied }.count
        p.notFiled = props.filter { $0.status == .notFiled }.count
        p.awarded = props.filter { $0.award != nil }.count
        let infos = sqmy.filter { $0.review.status.counts && period.contains($0.date) }
        var s = SqmyCounts()
        s.total = infos.count
        s.adopted = infos.filter { $0.status == .adopted }.count
        s.instructed = infos.filter(\.hasInstruction).count
        let lines = profile.map { Compliance.evaluate(profile: $0, year: period.year, quarter: period.index, facts: facts, today: today) } ?? []
        var duty = DutyCount(held: acts.filter { $0.category == "duty" }.count)
        if let profile, let m = DutyRule.minimum(of: profile),
           let line = lines.first(where: { $0.minimumID == m.id && $0.period.kind == .quarter && $0.period.index == period.index }) {
            duty.required = line.required * (m.mode == .eachMode ? 2 : 1) * line.teamSize
        }
        var highlights: [(String, String)] = []
        highlights += props.filter { $0.award != nil }.map { ($0.date, "\($0.award!.title)：\($0.title)") }
        highlights += infos.filter(\.hasInstruction).map { ($0.date, "获批示的社情民意：\($0.title)") }
        highlights += infos.filter { $0.status == .adopted && !$0.hasInstruction }.map { ($0.date, "被采用的社情民意：\($0.title)") }
        highlights += acts.filter { $0.guestKind == .cppccLeader || $0.guestKind == .committee }.map { ($0.date, "\($0.categoryName)：\($0.title)") }
        return StudioReturn(name: studio.name, type: studio.type, mode: studio.mode, sector: studio.sector, committee: studio.committee,
                            status: studio.status, plaquedOn: term.plaquedOn, endedOn: term.endedOn, isNew: isNew,
                            activities: sortedIDs.map { counts[$0]! }, proposals: p, sqmy: s, duty: duty,
                            compliance: lines.map(Line.init),
                            highlights: Array(highlights.sorted { $0.0 < $1.0 }.map(\.1).prefix(highlightLimit)))
    }
}

/// A name and a count: one bar of a chart, one row of a 汇总表.
public struct Tally: Codable, Equatable, Sendable {
    public var name: String
    public var count: Int
    public init(name: String, count: Int) {
        self.name = name
        self.count = count
    }
}

/// The 汇总 of a set of studios: what the office above reads first.
public struct AreaTotals: Codable, Equatable, Sendable {
    public var studios = 0
    public var newStudios = 0
    public var byType: [Tally] = []
    public var bySector: [Tally] = []
    public var byStatus: [Tally] = []
    public var byCommittee: [Tally] = []
    public var activities: [Tally] = []
    public var activitiesOnline = 0
    public var activitiesOffline = 0
    public var proposals = StudioReturn.ProposalCounts()
    public var sqmy = StudioReturn.SqmyCounts()
    public var duty = StudioReturn.DutyCount()
    /// Compliance lines by state, and studios with every line met.
    public var linesMet = 0
    public var linesDue = 0
    public var linesMissed = 0
    public var studiosCompliant = 0

    public init() {}

    public init(_ studios: [StudioReturn]) {
        for s in studios { add(s) }
    }

    public var activitiesTotal: Int { activitiesOnline + activitiesOffline }

    public mutating func add(_ s: StudioReturn) {
        studios += 1
        if s.isNew { newStudios += 1 }
        Self.bump(&byType, s.type.title)
        Self.bump(&bySector, s.sector.isEmpty ? "（未填）" : s.sector)
        Self.bump(&byStatus, s.status.title)
        Self.bump(&byCommittee, s.committee.isEmpty ? "（未填）" : s.committee)
        for a in s.activities {
            Self.bump(&activities, a.name, by: a.total)
            activitiesOnline += a.online
            activitiesOffline += a.offline
        }
        proposals.add(s.proposals)
        sqmy.add(s.sqmy)
        duty.held += s.duty.held
        duty.required += s.duty.required
        for l in s.compliance {
            switch l.state {
            case "met": linesMet += 1
            case "due": linesDue += 1
            default: linesMissed += 1
            }
        }
        if s.isCompliant { studiosCompliant += 1 }
    }

    public mutating func add(_ o: AreaTotals) {
        studios += o.studios
        newStudios += o.newStudios
        for (keyPath, list) in [(\AreaTotals.byType, o.byType), (\.bySector, o.bySector), (\.byStatus, o.byStatus),
                                (\.byCommittee, o.byCommittee), (\.activities, o.activities)] {
            for t in list { Self.bump(&self[keyPath: keyPath], t.name, by: t.count) }
        }
        activitiesOnline += o.activitiesOnline
        activitiesOffline += o.activitiesOffline
        proposals.add(o.proposals)
        sqmy.add(o.sqmy)
        duty.held += o.duty.held
        duty.required += o.duty.required
        linesMet += o.linesMet
        linesDue += o.linesDue
        linesMissed += o.linesMissed
        studiosCompliant += o.studiosCompliant
    }

    /// Kept in first-seen order: the type, status and kind lists read in the order the records gave them.
    static func bump(_ list: inout [Tally], _ name: String, by n: Int = 1) {
        if let i = list.firstIndex(where: { $0.name == name }) { list[i].count += n } else { list.append(Tally(name: name, count: n)) }
    }
}

/// The 汇总 of an area (陕西 八.2): the office's own studios and every return it received, nested as they came —
/// a city's own return holds its counties', so a province sees three levels. Drill-down: area → office → studio.
public struct AreaSummary: Equatable, Sendable {
    /// One office of the area, with its own studios and the offices below it.
    public struct Office: Equatable, Sendable {
        public var name: String
        public var level: OfficeLevel
        /// 0 for the office itself, 1 for the offices it received from, 2 below those.
        public var depth: Int
        public var madeAt: String
        /// When the office above received it; nil for the office itself.
        public var receivedAt: String?
        public var studios: [StudioReturn]
        /// This office's own studios.
        public var own: AreaTotals
        /// Its own and every office's below it.
        public var area: AreaTotals
        /// Offices directly below, by name.
        public var children: [String]
    }

    public var period: Period
    /// The whole tree in reading order (each office followed by those below it), the office itself first.
    public var offices: [Office]
    /// Offices expected to report to this one that sent nothing for the period.
    public var notSent: [String]
    /// Offices that came more than once (a county sent directly and also inside its city's return): which copy was
    /// counted, one sentence each.
    public var duplicates: [String] = []

    public var totals: AreaTotals { offices.first?.area ?? AreaTotals() }

    /// `expected`: the lower offices that should report (those that ever sent one, and any the office lists in 设置).
    public init(_ own: QuarterlyReturn, expected: [String]) {
        period = own.period
        // An office counted once: of its copies (each named by the office whose return holds it) the one made last,
        // the one received directly on a tie; the others are left out with everything inside them.
        var copies: [String: [(madeAt: String, via: String, depth: Int)]] = [:]
        func collect(_ r: QuarterlyReturn, depth: Int) {
            for l in r.lower where l.content.office != own.office {
                copies[l.content.office, default: []].append((l.content.madeAt, r.office, depth + 1))
                collect(l.content, depth: depth + 1)
            }
        }
        collect(own, depth: 0)
        var chosen: [String: (madeAt: String, via: String)] = [:]
        var notes: [String] = []
        for (name, list) in copies where list.count > 1 {
            let best = list.max { ($0.madeAt, -$0.depth) < ($1.madeAt, -$1.depth) }!
            chosen[name] = (best.madeAt, best.via)
            func place(_ via: String) -> String { via == own.office ? "本办直接接收的" : "「\(via)」报送中所含的" }
            let others = list.filter { !($0.madeAt == best.madeAt && $0.via == best.via) }.map { place($0.via) + "一份" }
            notes.append("\(name)的报送收到 \(list.count) 份：采用\(place(best.via))一份（生成于 \(best.madeAt.replacingOccurrences(of: "T", with: " "))），"
                              + others.joined(separator: "、") + "不重复计入。")
        }
        duplicates = notes.sorted()
        var out: [Office] = []
        func walk(_ r: QuarterlyReturn, depth: Int, receivedAt: String?) -> AreaTotals {
            let index = out.count
            let ownTotals = AreaTotals(r.studios)
            let lower = r.lower.filter { l in
                guard l.content.office != own.office else { return false }
                guard let c = chosen[l.content.office] else { return true }
                return c.madeAt == l.content.madeAt && c.via == r.office
            }
            out.append(Office(name: r.office, level: r.level, depth: depth, madeAt: r.madeAt, receivedAt: receivedAt, studios: r.studios,
                              own: ownTotals, area: ownTotals, children: lower.map(\.content.office)))
            var area = ownTotals
            for l in lower { area.add(walk(l.content, depth: depth + 1, receivedAt: l.receivedAt)) }
            out[index].area = area
            return area
        }
        _ = walk(own, depth: 0, receivedAt: nil)
        offices = out
        let sent = Set(own.lower.map(\.content.office))
        var seen = Set<String>()
        notSent = expected.filter { !sent.contains($0) && $0 != own.office && seen.insert($0).inserted }
    }
}
