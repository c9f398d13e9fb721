import Foundation

/// The profile's per-member 值班 minimum (陕西: 线上 and 线下 each quarter; 商洛: one a quarter),
/// read from its `minimums` so the rule stays data.
public struct DutyRule: Equatable, Sendable {
    public var text: String
    public var period: RuleProfile.Period
    public var mode: RuleProfile.ModeRequirement
    public var count: Int

    public init(text: String, period: RuleProfile.Period = .quarter, mode: RuleProfile.ModeRequirement, count: Int = 1) {
        self.text = text
        self.period = period
        self.mode = mode
        self.count = count
    }

    /// The first per-member minimum that counts 值班; nil where the profile has none (an even rotation then).
    public static func of(_ profile: RuleProfile?) -> DutyRule? {
        guard let m = profile.flatMap(minimum(of:)) else { return nil }
        return DutyRule(text: m.text, period: m.period, mode: m.mode, count: m.count)
    }

    /// The minimum itself (the one lookup every duty count and screen uses).
    public static func minimum(of profile: RuleProfile) -> RuleProfile.Minimum? {
        profile.minimums.first { $0.scope == "member" && $0.counts.contains("duty") }
    }

    /// How many more duties of `mode` a member with these counts still needs.
    func need(online: Int, offline: Int, for mode: StudioMode) -> Int {
        switch self.mode {
        case .eachMode: max(0, count - (mode == .online ? online : offline))
        case .any: max(0, count - online - offline)
        case .online: mode == .online ? max(0, count - online) : 0
        case .offline: mode == .offline ? max(0, count - offline) : 0
        }
    }

    /// What is missing: (online, offline, either).
    func shortfall(online: Int, offline: Int) -> (online: Int, offline: Int, any: Int) {
        switch mode {
        case .eachMode: (max(0, count - online), max(0, count - offline), 0)
        case .any: (0, 0, max(0, count - online - offline))
        case .online: (max(0, count - online), 0, 0)
        case .offline: (0, max(0, count - offline), 0)
        }
    }
}

/// A member the generator may put on duty, with the days they can and cannot serve.
public struct DutyCandidate: Equatable, Sendable {
    /// Another studio's slot the member is on (驻室委员 in several studios).
    public struct Busy: Equatable, Sendable {
        public var date: String
        public var time: DutyTime
        public var studio: String

        public init(date: String, time: DutyTime, studio: String) {
            self.date = date
            self.time = time
            self.studio = studio
        }
    }

    public var id: Int64
    public var name: String
    /// First day on the team.
    public var activeFrom: String
    /// Last day: left the team, or the term ended (换届); nil while serving.
    public var activeUntil: String?
    public var unavailable: [DutyUnavailability]
    public var busy: [Busy]

    public init(id: Int64, name: String, activeFrom: String = "0000-01-01", activeUntil: String? = nil,
                unavailable: [DutyUnavailability] = [], busy: [Busy] = []) {
        self.id = id
        self.name = name
        self.activeFrom = activeFrom
        self.activeUntil = activeUntil
        self.unavailable = unavailable
        self.busy = busy
    }

    func isActive(on date: String) -> Bool { date >= activeFrom && (activeUntil.map { date <= $0 } ?? true) }

    func isActive(during p: Period) -> Bool { activeFrom <= p.end && (activeUntil.map { $0 >= p.start } ?? true) }

    /// Why the member cannot take the slot (not counting other slots of this plan), or nil.
    public func conflict(with slot: DutySlot) -> String? {
        if !isActive(on: slot.date) {
            return slot.date < activeFrom ? "\(DateInput.chinese(activeFrom))才加入" : "\(DateInput.chinese(activeUntil!))后已不在团队或任期届满"
        }
        if let u = unavailable.first(where: { $0.covers(slot.date) }) { return "不可值班：\(u.text)" }
        if let b = busy.first(where: { $0.date == slot.date && $0.time.overlaps(slot.time) }) { return "同一时间在「\(b.studio)」值班" }
        return nil
    }
}

/// A rule that cannot be met, or a slot that cannot be filled, with the fix to propose.
public struct DutyProblem: Equatable, Sendable {
    public var memberID: Int64?
    public var text: String
    public var fix: String

    public init(memberID: Int64?, text: String, fix: String) {
        self.memberID = memberID
        self.text = text
        self.fix = fix
    }
}

/// A member still short of the duty rule in a period, as planned (or as attended).
public struct DutyShortfall: Equatable, Sendable {
    public var memberID: Int64
    public var name: String
    public var period: Period
    public var online: Int
    public var offline: Int
    public var any: Int

    /// "缺线下 1 次", "缺 1 次".
    public var missingText: String {
        var parts: [String] = []
        if online > 0 { parts.append("线上 \(online) 次") }
        if offline > 0 { parts.append("线下 \(offline) 次") }
        if any > 0 { parts.append("\(any) 次") }
        return "缺" + parts.joined(separator: "、")
    }
}

/// What the generator produced: every slot with its members, and what could not be done.
public struct DutyRota: Equatable, Sendable {
    public var slots: [DutySlot]
    public var problems: [DutyProblem]

    /// Duties per member over the plan.
    public func load(of member: Int64) -> Int { slots.reduce(0) { $0 + ($1.memberIDs.contains(member) ? 1 : 0) } }
}

/// Assigns the studio's members to the slots so that its rule holds (rules.md §2.7): the
/// members most in need of a duty of the slot's kind and with the fewest chances left go first,
/// then the least loaded; nobody twice on a day, nobody in two studios at once, nobody on a day
/// they are away or off the team. Deterministic: the same input gives the same rota.
public enum DutyGenerator {
    /// `fixed`: indexes of slots kept as they are (already past when regenerating).
    public static func generate(slots input: [DutySlot], fixed: Set<Int> = [], members: [DutyCandidate], rule: DutyRule?) -> DutyRota {
        var slots = input
        for i in slots.indices where !fixed.contains(i) { slots[i].assignments = [] }
        let periodKind = rule?.period ?? .quarter
        let periodOf = slots.map { Period.containing($0.date, kind: periodKind)! }
        let order = members.indices
        // Counts kept as the rota grows: duties per member, per member × period × mode, days on duty.
        var load = [Int](repeating: 0, count: members.count)
        var modeCount: [Int: [Period: (online: Int, offline: Int)]] = [:]
        var daysOnDuty = [Set<String>](repeating: [], count: members.count)
        var lastDay = [String](repeating: "", count: members.count)
        let index = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1.id, $0) })

        func count(_ m: Int, _ p: Period) -> (online: Int, offline: Int) { modeCount[m]?[p] ?? (0, 0) }
        func record(_ m: Int, slot s: Int, delta: Int) {
            let p = periodOf[s]
            var c = count(m, p)
            if slots[s].mode == .online { c.online += delta } else { c.offline += delta }
            modeCount[m, default: [:]][p] = c
            load[m] += delta
            if delta > 0 {
                daysOnDuty[m].insert(slots[s].date)
                lastDay[m] = max(lastDay[m], slots[s].date)
            } else {
                daysOnDuty[m].remove(slots[s].date)
            }
        }
        func need(_ m: Int, _ s: Int) -> Int {
            guard let rule, members[m].isActive(during: periodOf[s]) else { return 0 }
            let c = count(m, periodOf[s])
            return rule.need(online: c.online, offline: c.offline, for: slots[s].mode)
        }
        func eligible(_ m: Int, _ s: Int) -> Bool {
            !slots[s].memberIDs.contains(members[m].id) && !daysOnDuty[m].contains(slots[s].date) && members[m].conflict(with: slots[s]) == nil
        }
        // Fixed slots count as they stand (attended duties by whoever came, planned ones by who is on them).
        for s in fixed.sorted() where slots.indices.contains(s) {
            for id in DutyCheck.counted(slots[s]) { if let m = index[id] { record(m, slot: s, delta: 1) } }
        }
        let open = slots.indices.filter { !fixed.contains($0) }

        // 1. Greedy, in date order.
        for (k, s) in open.enumerated() {
            while slots[s].assignments.count < slots[s].needed {
                let later = open[(k + 1)...]
                let candidates = order.filter { eligible($0, s) }
                guard let best = candidates.min(by: { a, b in
                    let (na, nb) = (need(a, s), need(b, s))
                    func chances(_ m: Int) -> Int {
                        later.reduce(0) { $0 + (periodOf[$1] == periodOf[s] && slots[$1].mode == slots[s].mode && members[m].conflict(with: slots[$1]) == nil ? 1 : 0) }
                    }
                    let ka = (na > 0 ? 0 : 1, na > 0 ? chances(a) : 0, load[a], lastDay[a], a)
                    let kb = (nb > 0 ? 0 : 1, nb > 0 ? chances(b) : 0, load[b], lastDay[b], b)
                    return ka < kb
                }) else { break }
                slots[s].assignments.append(DutyAssignment(memberID: members[best].id))
                record(best, slot: s, delta: 1)
            }
        }

        // 2. Repair: a member still short takes a seat from someone with a duty of that kind to spare.
        func surplus(_ m: Int, _ s: Int) -> Bool {
            guard let rule else { return true }
            let c = count(m, periodOf[s])
            var less = c
            if slots[s].mode == .online { less.online -= 1 } else { less.offline -= 1 }
            let before = rule.shortfall(online: c.online, offline: c.offline), after = rule.shortfall(online: less.online, offline: less.offline)
            return before == after
        }
        if rule != nil {
            var changed = true
            var rounds = 0
            while changed && rounds < 50 {
                changed = false
                rounds += 1
                for m in order {
                    for s in open where need(m, s) > 0 && !slots[s].memberIDs.contains(members[m].id) && members[m].conflict(with: slots[s]) == nil {
                        // A free seat, or the seat of someone with a duty of this kind to spare.
                        let giver = slots[s].assignments.count < slots[s].needed ? nil : slots[s].assignments.indices
                            .compactMap({ j -> (Int, Int)? in index[slots[s].assignments[j].memberID].map { (j, $0) } })
                            .filter({ surplus($0.1, s) })
                            .max(by: { (load[$0.1], $1.1) < (load[$1.1], $0.1) })
                        guard giver != nil || slots[s].assignments.count < slots[s].needed else { continue }
                        if daysOnDuty[m].contains(slots[s].date) {
                            // On duty that day already (the other kind): hand that slot to someone free that day;
                            // the next round finds the member another duty of that kind if they need one.
                            guard let s2 = open.first(where: { $0 != s && slots[$0].date == slots[s].date && slots[$0].memberIDs.contains(members[m].id) }),
                                  let y = order.filter({ $0 != m && eligible($0, s2) })
                                      .min(by: { (need($0, s2) > 0 ? 0 : 1, load[$0], $0) < (need($1, s2) > 0 ? 0 : 1, load[$1], $1) })
                            else { continue }
                            let j = slots[s2].assignments.firstIndex { $0.memberID == members[m].id }!
                            record(m, slot: s2, delta: -1)
                            slots[s2].assignments[j] = DutyAssignment(memberID: members[y].id)
                            record(y, slot: s2, delta: 1)
                        }
                        if let giver {
                            record(giver.1, slot: s, delta: -1)
                            slots[s].assignments[giver.0] = DutyAssignment(memberID: members[m].id)
                        } else {
                            slots[s].assignments.append(DutyAssignment(memberID: members[m].id))
                        }
                        record(m, slot: s, delta: 1)
                        changed = true
                        break
                    }
                }
            }
        }

        // 3. Balance: move a duty from the busiest to the least busy member while the rule still holds.
        var rounds = 0
        while rounds < 500 {
            rounds += 1
            let active = order.filter { m in open.contains { members[m].conflict(with: slots[$0]) == nil } }
            guard let most = active.max(by: { (load[$0], $1) < (load[$1], $0) }),
                  let least = active.min(by: { (load[$0], $0) < (load[$1], $1) }), load[most] - load[least] > 1 else { break }
            var moved = false
            for s in open.reversed() where slots[s].memberIDs.contains(members[most].id) && surplus(most, s) && eligible(least, s) {
                let j = slots[s].assignments.firstIndex { $0.memberID == members[most].id }!
                record(most, slot: s, delta: -1)
                slots[s].assignments[j] = DutyAssignment(memberID: members[least].id)
                record(least, slot: s, delta: 1)
                moved = true
                break
            }
            if !moved { break }
        }
        for s in open { slots[s].assignments.sort { (index[$0.memberID] ?? 0) < (index[$1.memberID] ?? 0) } }

        return DutyRota(slots: slots, problems: problems(slots: slots, members: members, rule: rule))
    }

    /// Why the rule is not met for whom, and what to add, for a rota as it stands.
    public static func problems(slots: [DutySlot], members: [DutyCandidate], rule: DutyRule?) -> [DutyProblem] {
        var out: [DutyProblem] = []
        for s in slots where s.assignments.count < s.needed {
            let missing = s.needed - s.assignments.count
            out.append(DutyProblem(memberID: nil, text: "\(s.whenText)（\(s.mode.title)）还缺 \(missing) 人：其余委员当天已值班或不能值班",
                                   fix: "减少该时段人数，或登记能来的委员"))
        }
        guard let rule else { return out }
        let shorts = DutyCheck.shortfalls(slots: slots, members: members, rule: rule)
        let periods = Set(shorts.map(\.period)).sorted { $0.start < $1.start }
        for p in periods {
            for mode in [StudioMode.offline, .online] {
                let inMode = slots.filter { p.contains($0.date) && (rule.mode == .any || $0.mode == mode) }
                if rule.mode == .any && mode == .online { continue }
                let modeName = rule.mode == .any ? "" : mode.title
                let short = shorts.filter { $0.period == p && (rule.mode == .any ? $0.any > 0 : (mode == .online ? $0.online : $0.offline) > 0) }
                guard !short.isEmpty else { continue }
                let demand = members.filter { $0.isActive(during: p) }.count * rule.count
                let seats = inMode.reduce(0) { $0 + $1.needed }
                let perSlot = max(1, inMode.map(\.needed).max() ?? 1)
                if seats < demand {
                    let add = (demand - seats + perSlot - 1) / perSlot
                    let names = short.map(\.name).joined(separator: "、")
                    out.append(DutyProblem(memberID: nil,
                                           text: "\(p.title)\(modeName)值班共 \(seats) 个岗位，\(demand / rule.count) 名委员每人需 \(rule.count) 次：\(names) 排不上",
                                           fix: "增加 \(add) 个\(modeName)时段（每个 \(perSlot) 人），或把\(modeName)时段改为每次 \(min(3, perSlot + 1)) 人"))
                    continue
                }
                for sh in short {
                    guard let m = members.first(where: { $0.id == sh.memberID }) else { continue }
                    let reasons = inMode.compactMap { m.conflict(with: $0) }
                    let why = reasons.count == inMode.count
                        ? (Set(reasons).count == 1 ? reasons[0] : "每个\(modeName)时段都不能值班（\(Array(Set(reasons)).sorted().prefix(2).joined(separator: "；"))）")
                        : "能值班的\(modeName)时段都已排给其他缺值班的委员"
                    out.append(DutyProblem(memberID: m.id, text: "\(m.name) \(p.title)缺\(modeName)值班：\(why)",
                                           fix: "为\(m.name)增加 1 个\(modeName)时段，或调整其不可值班日期"))
                }
            }
        }
        return out
    }
}

/// Whether the rule holds for a plan as it stands; the live line under the rota after each edit.
public enum DutyCheck {
    /// Who a slot counts for: whoever came once attendance is recorded (替班 counts for the
    /// substitute, 缺席 for nobody), else whoever is planned.
    public static func counted(_ slot: DutySlot) -> [Int64] {
        slot.assignments.compactMap { a in a.attendance == .planned ? a.memberID : a.attendedBy }
    }

    /// Members short of the rule in each period of the rule's kind that the slots touch.
    public static func shortfalls(slots: [DutySlot], members: [DutyCandidate], rule: DutyRule?) -> [DutyShortfall] {
        guard let rule else { return [] }
        var counts: [Int64: [Period: (online: Int, offline: Int)]] = [:]
        var periods = Set<Period>()
        for s in slots {
            guard let p = Period.containing(s.date, kind: rule.period) else { continue }
            periods.insert(p)
            for id in counted(s) {
                var c = counts[id]?[p] ?? (0, 0)
                if s.mode == .online { c.online += 1 } else { c.offline += 1 }
                counts[id, default: [:]][p] = c
            }
        }
        var out: [DutyShortfall] = []
        for p in periods.sorted(by: { $0.start < $1.start }) {
            for m in members where m.isActive(during: p) {
                let c = counts[m.id]?[p] ?? (0, 0)
                let s = rule.shortfall(online: c.online, offline: c.offline)
                if s.online + s.offline + s.any > 0 {
                    out.append(DutyShortfall(memberID: m.id, name: m.name, period: p, online: s.online, offline: s.offline, any: s.any))
                }
            }
        }
        return out
    }

    /// One line: the rule holds, or who is short; for a studio without a rule, the spread of duties.
    public static func summary(slots: [DutySlot], members: [DutyCandidate], rule: DutyRule?) -> (ok: Bool, text: String) {
        guard let rule else {
            let loads = members.map { m in slots.reduce(0) { $0 + (counted($1).contains(m.id) ? 1 : 0) } }
            guard let lo = loads.min(), let hi = loads.max() else { return (true, "没有可排班的委员") }
            return (hi - lo <= 1, "本地规则未规定值班次数，轮流值班：每人 \(lo == hi ? "\(lo)" : "\(lo)–\(hi)") 次")
        }
        let shorts = shortfalls(slots: slots, members: members, rule: rule)
        if shorts.isEmpty { return (true, "符合规则：\(rule.text)") }
        let list = shorts.prefix(4).map { "\($0.name)\($0.period.shortTitle)\($0.missingText)" }.joined(separator: "；")
        return (false, "不符合规则：\(list)\(shorts.count > 4 ? " 等 \(shorts.count) 人次" : "")")
    }
}
