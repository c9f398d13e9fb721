import Foundation

/// A span of calendar days: a year, half year, quarter or month (ISO dates, both ends included).
public struct Period: Equatable, Hashable, Sendable {
    public var kind: RuleProfile.Period
    public var year: Int
    /// Month 1–12, quarter 1–4 or half 1–2; 1 for a year.
    public var index: Int

    public init(_ kind: RuleProfile.Period, year: Int, index: Int = 1) {
        self.kind = kind
        self.year = year
        self.index = index
    }

    var firstMonth: Int {
        switch kind {
        case .year: 1
        case .halfYear: (index - 1) * 6 + 1
        case .quarter: (index - 1) * 3 + 1
        case .month: index
        }
    }

    var months: Int {
        switch kind {
        case .year: 12
        case .halfYear: 6
        case .quarter: 3
        case .month: 1
        }
    }

    public var start: String { DateInput.format(year, firstMonth, 1) }

    public var end: String {
        let last = firstMonth + months - 1
        return DateInput.format(year, last, CivilDate.daysIn(month: last, year: year))
    }

    /// The period `n` of its kind later (earlier when negative): the quarter after 2026年第4季度 is 2027年第1季度.
    public func advanced(by n: Int) -> Period {
        let count = Self.all(kind, in: year).count
        let i = year * count + (index - 1) + n
        let y = i >= 0 ? i / count : (i - count + 1) / count
        return Period(kind, year: y, index: i - y * count + 1)
    }

    public func contains(_ date: String) -> Bool { date >= start && date <= end }

    public var title: String {
        switch kind {
        case .year: "\(year)年"
        case .halfYear: "\(year)年\(index == 1 ? "上" : "下")半年"
        case .quarter: "\(year)年第\(index)季度"
        case .month: "\(year)年\(index)月"
        }
    }

    /// Within a year already named: 全年, 上半年, 第3季度, 5月.
    public var shortTitle: String {
        switch kind {
        case .year: "全年"
        case .halfYear: index == 1 ? "上半年" : "下半年"
        case .quarter: "第\(index)季度"
        case .month: "\(index)月"
        }
    }

    public var label: String {
        switch kind {
        case .year: "每年"
        case .halfYear: "每半年"
        case .quarter: "每季度"
        case .month: "每月"
        }
    }

    /// Every period of this kind in a year, in order.
    public static func all(_ kind: RuleProfile.Period, in year: Int) -> [Period] {
        let n = switch kind {
        case .year: 1
        case .halfYear: 2
        case .quarter: 4
        case .month: 12
        }
        return (1...n).map { Period(kind, year: year, index: $0) }
    }

    /// The period of this kind that holds the date.
    public static func containing(_ date: String, kind: RuleProfile.Period) -> Period? {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        let (y, m) = (parts[0], parts[1])
        return switch kind {
        case .year: Period(.year, year: y)
        case .halfYear: Period(.halfYear, year: y, index: m <= 6 ? 1 : 2)
        case .quarter: Period(.quarter, year: y, index: (m - 1) / 3 + 1)
        case .month: Period(.month, year: y, index: m)
        }
    }

    /// Quarter 1–4 of an ISO date.
    public static func quarter(of date: String) -> Int? { containing(date, kind: .quarter)?.index }
}

/// What a studio did, as the compliance counts see it: records one by one, or counted by the database.
public struct LedgerFacts: Sendable {
    /// A record, or `count` records of one day, kind, mode and review (the store's grouped counts).
    public struct Done: Sendable {
        public var date: String
        /// Activity category id, or "proposal" / "sqmy".
        public var what: String
        public var mode: StudioMode?
        public var memberIDs: [Int64]
        /// The liaison officer's review: a 退回 record does not count (`ReviewStatus.counts`).
        public var review: ReviewStatus
        /// How many records this stands for.
        public var count: Int

        public init(date: String, what: String, mode: StudioMode? = nil, memberIDs: [Int64] = [], review: ReviewStatus = .approved, count: Int = 1) {
            self.date = date
            self.what = what
            self.mode = mode
            self.memberIDs = memberIDs
            self.review = review
            self.count = count
        }
    }

    /// A member who must meet per-member minimums (值班), with the days they were on the team.
    public struct TeamMember: Sendable {
        public var id: Int64
        public var name: String
        public var joinedOn: String
        public var leftOn: String?

        public init(id: Int64, name: String, joinedOn: String, leftOn: String? = nil) {
            self.id = id
            self.name = name
            self.joinedOn = joinedOn
            self.leftOn = leftOn
        }

        /// On the team the whole period: a member who joined mid-quarter is first judged for the next one, and
        /// one who left (or was removed as 误选) is never short for the period they left in.
        public func judged(during p: Period) -> Bool { judged(start: p.start, end: p.end) }

        /// The same with the period's days formatted once (`evaluate` asks it of every member of every studio).
        func judged(start: String, end: String) -> Bool { joinedOn <= start && (leftOn.map { $0 >= end } ?? true) }
    }

    /// Only the records that count: 退回 ones are left out here, once, for every reader.
    public private(set) var done: [Done]
    /// Per member, the records they took part in (per-member minimums count these), 退回 ones left out too.
    public private(set) var memberDone: [Int64: [Done]]
    public var team: [TeamMember]
    /// The days the studio ran: periods outside them are not judged.
    public var term: StudioTerm

    /// From records, each with its members.
    public init(done: [Done], team: [TeamMember], term: StudioTerm = .always) {
        self.done = done.filter { $0.review.counts }
        var byMember: [Int64: [Done]] = [:]
        for d in self.done {
            // A member named twice on one record took part once.
            for id in Set(d.memberIDs) { byMember[id, default: []].append(d) }
        }
        memberDone = byMember
        self.team = team
        self.term = term
    }

    /// From counts: `done` for the studio, `memberDone` per member (the store's grouped counts).
    public init(done: [Done], memberDone: [Int64: [Done]], team: [TeamMember], term: StudioTerm = .always) {
        self.done = done.filter { $0.review.counts }
        self.memberDone = memberDone.compactMapValues { d in
            let counted = d.filter { $0.review.counts }
            return counted.isEmpty ? nil : counted
        }
        self.team = team
        self.term = term
    }

    public init(activities: [(Activity, [Int64])], proposals: [Proposal], sqmy: [SocialInfo], team: [TeamMember], term: StudioTerm = .always) {
        self.init(done: activities.map { Done(date: $0.0.date, what: $0.0.category, mode: $0.0.mode, memberIDs: $0.1, review: $0.0.review.status) }
                    + proposals.map { Done(date: $0.date, what: "proposal", review: $0.review.status) }
                    + sqmy.map { Done(date: $0.date, what: "sqmy", review: $0.review.status) },
                  team: team, term: term)
    }
}

/// Where a studio stands against one minimum of its profile in one period.
public struct ComplianceLine: Equatable, Sendable {
    public enum State: String, Equatable, Sendable {
        /// The minimum is met.
        case met
        /// Short, and the period is still running.
        case due
        /// Short, and the period is over.
        case missed

        public var title: String {
            switch self {
            case .met: "已完成"
            case .due: "未完成"
            case .missed: "未达到"
            }
        }
    }

    /// A member short of a per-member minimum.
    public struct MemberShort: Equatable, Sendable {
        public var memberID: Int64
        public var name: String
        /// For "分别" minimums the online and offline shortfalls; otherwise `any`.
        public var online: Int
        public var offline: Int
        public var any: Int
        public var short: Int { online + offline + any }
    }

    public var minimumID: String
    public var text: String
    public var period: Period
    public var mode: RuleProfile.ModeRequirement
    public var scope: String
    /// Required per mode for "分别" minimums, per member for member minimums.
    public var required: Int
    /// Records that count; for "分别" also split by mode.
    public var done: Int
    public var doneOnline: Int
    public var doneOffline: Int
    /// Missing records in all (for member minimums: summed over members).
    public var short: Int
    public var state: State
    /// Days from `today` to the period's last day (negative once it is over).
    public var daysLeft: Int
    public var members: [MemberShort]
    /// Members who had to meet a per-member minimum in the period (0 for studio minimums).
    public var teamSize: Int = 0

    /// "还差 2 次（线上 1、线下 1）" and the like.
    public var shortText: String {
        if short == 0 { return "已完成" }
        if scope == "member" { return "\(members.count) 人未完成，共差 \(short) 次" }
        if mode == .eachMode {
            let on = max(0, required - doneOnline), off = max(0, required - doneOffline)
            return "差 \(short) 次（线上 \(on)、线下 \(off)）"
        }
        return "差 \(short) 次"
    }

    /// The same in the fewest columns, for tables that must show the numbers at 80 columns:
    /// "4人共差7次", "线下差7次", "线上差1、线下差1", "差1次" (a mode short of nothing is left out).
    public var briefText: String {
        if short == 0 { return "已完成" }
        if scope == "member" { return "\(members.count)人共差\(short)次" }
        if mode == .eachMode {
            let on = max(0, required - doneOnline), off = max(0, required - doneOffline)
            if on > 0 && off > 0 { return "线上差\(on)、线下差\(off)" }
            return on > 0 ? "线上差\(on)次" : "线下差\(off)次"
        }
        return "差\(short)次"
    }

    /// "线上 1／线下 2" for 分别 minimums, "3" otherwise; for per-member minimums how many members are done.
    public var doneText: String {
        if scope == "member" { return "\(teamSize - members.count)/\(teamSize) 人完成" }
        return mode == .eachMode ? "线上 \(doneOnline)／线下 \(doneOffline)" : "\(done)"
    }
}

/// Counts a studio's records against its profile's minimums (rules.md §2.6; the "分别" reading of §7.5).
public enum Compliance {
    /// Which records a minimum counts: activity category ids, "activity" (every activity but 值班),
    /// "proposal", "sqmy", "duty".
    static func counts(_ d: LedgerFacts.Done, for m: RuleProfile.Minimum) -> Bool {
        if m.counts.contains(d.what) { return true }
        let isActivity = d.what != "proposal" && d.what != "sqmy"
        return isActivity && d.what != "duty" && m.counts.contains("activity")
    }

    static func matchesMode(_ mode: StudioMode?, _ req: RuleProfile.ModeRequirement) -> Bool {
        switch req {
        case .any, .eachMode: true
        case .online: mode == .online
        case .offline: mode == nil || mode == .offline
        }
    }

    /// One minimum in one period.
    public static func evaluate(_ m: RuleProfile.Minimum, period p: Period, facts: LedgerFacts, today: String) -> ComplianceLine {
        let (start, end) = (p.start, p.end)  // formatted once, not per record
        func isRelevant(_ d: LedgerFacts.Done) -> Bool { d.date >= start && d.date <= end && counts(d, for: m) && matchesMode(d.mode, m.mode) }
        // Sums of `count`: a Done is one record or the store's count of several.
        func total(_ items: [LedgerFacts.Done], _ include: (LedgerFacts.Done) -> Bool = { _ in true }) -> Int {
            items.reduce(0) { include($1) ? $0 + $1.count : $0 }
        }
        let relevant = facts.done.filter(isRelevant)
        let daysLeft = CivilDate.days(from: today, to: end) ?? 0
        var line = ComplianceLine(minimumID: m.id, text: m.text, period: p, mode: m.mode, scope: m.scope, required: m.count,
                                  done: total(relevant), doneOnline: total(relevant) { $0.mode == .online },
                                  doneOffline: total(relevant) { $0.mode != .online }, short: 0, state: .met,
                                  daysLeft: daysLeft, members: [])
        func shortfall(_ items: [LedgerFacts.Done]) -> (online: Int, offline: Int, any: Int) {
            if m.mode == .eachMode {
                return (max(0, m.count - total(items) { $0.mode == .online }),
                        max(0, m.count - total(items) { $0.mode != .online }), 0)
            }
            return (0, 0, max(0, m.count - total(items)))
        }
        if m.scope == "member" {
            // A member who left and rejoined has one row per spell on the team: count them once.
            var seen = Set<Int64>()
            for member in facts.team where member.judged(start: start, end: end) && seen.insert(member.id).inserted {
                let s = shortfall((facts.memberDone[member.id] ?? []).filter(isRelevant))
                if s.online + s.offline + s.any > 0 {
                    line.members.append(.init(memberID: member.id, name: member.name, online: s.online, offline: s.offline, any: s.any))
                }
            }
            line.short = line.members.reduce(0) { $0 + $1.short }
            line.teamSize = seen.count
        } else {
            let s = shortfall(relevant)
            line.short = s.online + s.offline + s.any
        }
        line.state = line.short == 0 ? .met : (today > end ? .missed : .due)
        return line
    }

    /// Every minimum of the profile for a year: year minimums once, quarter (month, half-year)
    /// minimums for each of their periods that has begun by `today`, or only the given quarter. Only what the
    /// studio is judged for: quarters it ran in full, and the year unless it is 本年不参评 (`StudioTerm`).
    public static func evaluate(profile: RuleProfile, year: Int, quarter: Int? = nil, facts: LedgerFacts, today: String) -> [ComplianceLine] {
        profile.minimums.flatMap { m -> [ComplianceLine] in
            var periods = Period.all(m.period, in: year).filter { $0.start <= max(today, "\(year)-01-01") }
            if let quarter {
                let q = Period(.quarter, year: year, index: quarter)
                periods = Period.all(m.period, in: year).filter { $0.start <= q.end && $0.end >= q.start }
            }
            return periods.filter { judges($0, profile: profile, facts: facts) }.map { evaluate(m, period: $0, facts: facts, today: today) }
        }
    }

    /// Whether a period of a minimum is judged for the studio: quarters it ran in full; the year unless 本年不参评.
    public static func judges(_ p: Period, profile: RuleProfile, facts: LedgerFacts) -> Bool {
        p.kind == .year ? profile.standing(of: facts.term, year: p.year).isJudged : facts.term.judges(p)
    }

    /// The per-member 值班 line shown beside a rota of `viewed` (a quarter or a year): the minimum's period that
    /// holds today, kept inside the viewed span (a past quarter shows its own line, a year shows the current
    /// quarter). nil where the profile has no such minimum or the studio is not judged for that period.
    public static func dutyLine(profile: RuleProfile?, viewing viewed: Period, facts: LedgerFacts, today: String) -> ComplianceLine? {
        guard let profile, let m = DutyRule.minimum(of: profile),
              let p = Period.containing(min(max(today, viewed.start), viewed.end), kind: m.period),
              judges(p, profile: profile, facts: facts) else { return nil }
        return evaluate(m, period: p, facts: facts, today: today)
    }

    /// `dutyLine` taken from the lines `evaluate(profile:year:…)` made for the viewed period's year on the same
    /// `today` (the office figures keep them), without the year's facts: that line, or none where the studio is not
    /// judged for the period. `.unknown` when those lines cannot hold it (the period had not begun by then).
    public static func dutyLine(profile: RuleProfile?, viewing viewed: Period, yearLines: [ComplianceLine], today: String) -> KeptLine {
        guard let profile, let m = DutyRule.minimum(of: profile),
              let p = Period.containing(min(max(today, viewed.start), viewed.end), kind: m.period) else { return .line(nil) }
        // As `evaluate(profile:year:…)` chooses periods: the ones begun by today (or the year's first day).
        guard p.year == viewed.year, p.start <= max(today, "\(viewed.year)-01-01") else { return .unknown }
        return .line(yearLines.first { $0.minimumID == m.id && $0.period == p })
    }

    public enum KeptLine: Equatable, Sendable {
        case line(ComplianceLine?)
        case unknown
    }
}

/// The deadlines of a profile's calendar that fall in a window (the main menu shows the next 30 days).
public struct Deadline: Equatable, Sendable {
    public var date: String
    public var text: String
    public var profileName: String

    public init(date: String, text: String, profileName: String) {
        self.date = date
        self.text = text
        self.profileName = profileName
    }
}

public enum DeadlineCalendar {
    /// Dates of a calendar entry in a year: month + day, the month's last day when no day is
    /// given (年初 → end of January), or each quarter end.
    static func dates(_ e: RuleProfile.CalendarEntry, year: Int) -> [String] {
        if e.recurrence == "quarterEnd" { return Period.all(.quarter, in: year).map(\.end) }
        guard let m = e.month else { return [] }
        let day = min(e.day ?? CivilDate.daysIn(month: m, year: year), CivilDate.daysIn(month: m, year: year))
        return [String(format: "%04d-%02d-%02d", year, m, day)]
    }

    /// Deadlines from `today` to `today + days`, soonest first; one line per date and text.
    public static func upcoming(profiles: [RuleProfile], today: String, days: Int = 30) -> [Deadline] {
        guard let year = Int(today.prefix(4)) else { return [] }
        var out: [Deadline] = []
        for p in profiles {
            for e in p.calendar {
                for date in dates(e, year: year) + dates(e, year: year + 1) {
                    guard let d = CivilDate.days(from: today, to: date), d >= 0, d <= days else { continue }
                    if !out.contains(where: { $0.date == date && $0.text == e.text }) {
                        out.append(Deadline(date: date, text: e.text, profileName: p.name))
                    }
                }
            }
        }
        return out.sorted { ($0.date, $0.profileName) < ($1.date, $1.profileName) }
    }
}
