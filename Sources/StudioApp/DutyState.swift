import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

/// What the duty screens of one studio and one quarter show: the slots of every plan in the
/// quarter, who may be on duty, the rule, and what the ledger says was done.
struct StudioDutyState {
    var studio: Studio
    var profile: RuleProfile?
    var period: Period
    /// The quarter's plan, else the year's.
    var plan: DutyPlan?
    var slots: [DutySlot]
    var candidates: [DutyCandidate]
    var team: [Member]
    var names: [Int64: String]
    var rule: DutyRule?
    /// The per-member 值班 minimum as the ledger counts it (attended duties), for the quarter.
    var done: ComplianceLine?
    var missed: [MissedDuty]
    var calendar: HolidayCalendar

    static func load(_ context: AppContext, studioID: Int64, period: Period) throws -> StudioDutyState {
        let db = context.db
        guard let studio = try db.studio(id: studioID) else { throw StoreError.notFound("该工作室（可能已被删除）") }
        let profile = context.profiles.first { $0.id == studio.profileID }
        let plan = try db.dutyPlan(studioID: studioID, year: period.year, quarter: period.kind == .quarter ? period.index : nil)
            ?? db.dutyPlan(studioID: studioID, year: period.year, quarter: nil)
        let slots = try db.dutySlots(studioID: studioID, from: period.start, to: period.end)
        let candidates = try db.dutyCandidates(studioID: studioID, period: period)
        let team = try db.team(studioID: studioID).filter { !$0.member.isNonMember }.map(\.member)
        var names = Dictionary(team.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let others = Set(slots.flatMap { $0.memberIDs + $0.assignments.compactMap(\.substituteID) }).subtracting(names.keys)
        if !others.isEmpty {
            for (id, name) in try db.memberNames(ids: others) { names[id] = name }
        }
        let done = try Compliance.dutyLine(profile: profile, viewing: period, facts: db.ledgerFacts(studioID: studioID, year: period.year),
                                           today: DateInput.iso(context.today()))
        return StudioDutyState(studio: studio, profile: profile, period: period, plan: plan, slots: slots, candidates: candidates, team: team,
                               names: names, rule: DutyRule.of(profile), done: done, missed: try db.missedDuties(studioID: studioID),
                               calendar: try db.holidayCalendar())
    }

    func name(_ id: Int64?) -> String { id.flatMap { names[$0] } ?? "" }

    var summary: (ok: Bool, text: String) { DutyCheck.summary(slots: slots, members: candidates, rule: rule) }

    /// "台账：第4季度 2 人值班未完成，剩 29 天（张三缺线下，李四缺线上）", nil where the rules set no minimum.
    func doneText(today: String) -> String? {
        guard let done else { return nil }
        if done.members.isEmpty { return "台账：\(done.period.shortTitle)每名委员的值班均已完成" }
        let list = done.members.prefix(3).map { m in
            "\(m.name)缺" + [m.online > 0 ? "线上" : nil, m.offline > 0 ? "线下" : nil, m.any > 0 ? "值班" : nil].compactMap { $0 }.joined(separator: "、")
        }.joined(separator: "，")
        let left = done.daysLeft < 0 ? "已过期" : "剩 \(done.daysLeft) 天"
        return "台账：\(done.period.shortTitle) \(done.members.count) 人值班未完成，\(left)（\(list)\(done.members.count > 3 ? "…" : "")）"
    }

    /// Patterns to start from: the plan's, else a pattern that can meet the rule.
    var defaultPatterns: String {
        if let p = plan?.patterns, !p.isEmpty { return p.replacingOccurrences(of: "\n", with: "；") }
        let online = profile?.hasOnlineMode == true ? "秦商量" : "线上平台"
        switch rule?.mode {
        case .eachMode?: return "每周三上午 线下；每周五下午 线上 @\(online)"
        case .online?: return "每周五下午 线上 @\(online)"
        default: return studio.mode == .online ? "每周三下午 线上 @\(online)" : "每周三上午 线下"
        }
    }

    /// 「2027年节假日安排尚未公布，…」 while the period's year has only its statutory holidays (暂定).
    var provisionalNote: String? { HolidayCalendar.provisionalNote(calendar.provisionalYears(from: period.start, to: period.end)) }
}

enum DutyText {
    /// "10-08".
    static func short(_ iso: String) -> String { String(iso.dropFirst(5)) }

    static func record(_ slot: DutySlot, names: (Int64?) -> String, today: String) -> String {
        if slot.assignments.contains(where: { $0.attendance != .planned }) {
            let parts = slot.assignments.map { a -> String in
                switch a.attendance {
                case .planned: "\(names(a.memberID))待记录"
                case .present: "到岗"
                case .absent: "\(names(a.memberID))缺席"
                case .substituted: "\(names(a.substituteID))替班"
                }
            }
            let unique = Array(NSOrderedSet(array: parts)) as? [String] ?? parts
            return unique.joined(separator: "、") + (slot.citizensReceived > 0 ? " 接待\(slot.citizensReceived)人" : "")
        }
        if slot.date < today { return "待记录" }
        return slot.date == today ? "今天" : ""
    }

    static func safeFileName(_ s: String) -> String { OutputFile.safeName(s) }
}
