import Foundation

/// When a duty slot runs: 上午, 下午, 全天, or a time range.
public struct DutyTime: Equatable, Hashable, Codable, Sendable {
    /// "09:00".
    public var start: String
    public var end: String

    public init(start: String, end: String) {
        self.start = start
        self.end = end
    }

    public static let morning = DutyTime(start: "09:00", end: "12:00")
    public static let afternoon = DutyTime(start: "14:30", end: "17:30")
    public static let allDay = DutyTime(start: "09:00", end: "17:30")

    public var title: String {
        switch self {
        case .morning: "上午"
        case .afternoon: "下午"
        case .allDay: "全天"
        // "9:00-11:30": ten columns fit every range.
        default: "\(start.hasPrefix("0") ? String(start.dropFirst()) : start)-\(end.hasPrefix("0") ? String(end.dropFirst()) : end)"
        }
    }

    /// "上午 09:00-12:00" for a named part of the day, the range otherwise (printouts and tables).
    public var longTitle: String {
        [DutyTime.morning, .afternoon, .allDay].contains(self) ? "\(title) \(start)-\(end)" : "\(start)-\(end)"
    }

    /// 上午, 下午, 全天 (am, pm, day), or 9:00-11:30 (also with –, ~ or 至).
    public static func parse(_ text: String) -> DutyTime? {
        let t = text.trimmingCharacters(in: .whitespaces)
        switch t.lowercased() {
        case "上午", "am": return .morning
        case "下午", "pm": return .afternoon
        case "全天", "day": return .allDay
        default: break
        }
        let parts = t.split(whereSeparator: { "-–~至".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let a = clock(parts[0]), let b = clock(parts[1]), a < b else { return nil }
        return DutyTime(start: a, end: b)
    }

    /// "9:00" → "09:00"; nil unless a real time of day.
    static func clock(_ text: String) -> String? {
        let hm = text.replacingOccurrences(of: "：", with: ":").split(separator: ":")
        guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...23).contains(h), (0...59).contains(m), hm[1].count == 2 else { return nil }
        return String(format: "%02d:%02d", h, m)
    }

    public func overlaps(_ other: DutyTime) -> Bool { start < other.end && other.start < end }
}

/// 到岗 / 缺席 / 替班, recorded after the date.
public enum DutyAttendance: String, Codable, CaseIterable, Sendable {
    case planned, present, absent, substituted

    public var title: String {
        switch self {
        case .planned: "待值班"
        case .present: "到岗"
        case .absent: "缺席"
        case .substituted: "替班"
        }
    }
}

/// A member on a slot, and what happened on the day.
public struct DutyAssignment: Codable, Equatable, Sendable {
    public var memberID: Int64
    public var attendance: DutyAttendance
    /// Who stood in (替班), another member.
    public var substituteID: Int64?

    public init(memberID: Int64, attendance: DutyAttendance = .planned, substituteID: Int64? = nil) {
        self.memberID = memberID
        self.attendance = attendance
        self.substituteID = substituteID
    }

    /// The member who was actually there, if anyone.
    public var attendedBy: Int64? {
        switch attendance {
        case .present: memberID
        case .substituted: substituteID
        case .planned, .absent: nil
        }
    }
}

/// One duty slot of a studio's plan: a day, a time, 线上 or 线下, where, and who.
public struct DutySlot: Codable, Equatable, Identifiable, Sendable {
    public var id: Int64?
    public var planID: Int64
    public var studioID: Int64
    public var date: String
    public var start: String
    public var end: String
    public var mode: StudioMode
    /// The place (线下) or the channel (线上: 秦商量, 政协云, a phone number…).
    public var place: String
    /// Members needed, 1–3.
    public var needed: Int
    public var assignments: [DutyAssignment]
    /// 接待群众 on the day, and a note: the 值班记录.
    public var citizensReceived: Int
    public var note: String
    /// The 值班 activity this slot became in the ledger once attendance was recorded.
    public var activityID: Int64?

    public init(id: Int64? = nil, planID: Int64 = 0, studioID: Int64, date: String, time: DutyTime, mode: StudioMode, place: String,
                needed: Int = 1, assignments: [DutyAssignment] = [], citizensReceived: Int = 0, note: String = "", activityID: Int64? = nil) {
        self.id = id
        self.planID = planID
        self.studioID = studioID
        self.date = date
        self.start = time.start
        self.end = time.end
        self.mode = mode
        self.place = place
        self.needed = needed
        self.assignments = assignments
        self.citizensReceived = citizensReceived
        self.note = note
        self.activityID = activityID
    }

    public var time: DutyTime {
        get { DutyTime(start: start, end: end) }
        set { start = newValue.start; end = newValue.end }
    }

    public var memberIDs: [Int64] { assignments.map(\.memberID) }

    /// Attendance has been recorded for everyone on the slot.
    public var isRecorded: Bool { !assignments.isEmpty && assignments.allSatisfy { $0.attendance != .planned } }

    /// Members who were there (到岗, or standing in for someone).
    public var attendees: [Int64] {
        var seen = Set<Int64>()
        return assignments.compactMap(\.attendedBy).filter { seen.insert($0).inserted }
    }

    /// Members who were absent with nobody standing in.
    public var missedBy: [Int64] { assignments.filter { $0.attendance == .absent }.map(\.memberID) }

    /// "12月2日 周三 上午".
    public var whenText: String {
        let parts = date.split(separator: "-")
        let md = parts.count == 3 ? "\(Int(parts[1]) ?? 0)月\(Int(parts[2]) ?? 0)日" : date
        return "\(md) \(CivilDate.weekdayTitle(date)) \(time.title)"
    }

    public func issues() -> [FieldIssue] {
        var out: [FieldIssue] = []
        if CivilDate(iso: date) == nil { out.append(FieldIssue(field: "date", message: "日期「\(date)」无效")) }
        if DutyTime.clock(start) == nil || DutyTime.clock(end) == nil || start >= end {
            out.append(FieldIssue(field: "time", message: "时间应为上午、下午、全天或 9:00-11:30"))
        }
        if !(1...3).contains(needed) { out.append(FieldIssue(field: "needed", message: "每个时段值班人数应为 1 到 3 人")) }
        if assignments.count > needed { out.append(FieldIssue(field: "members", message: "排了 \(assignments.count) 人，超过所需的 \(needed) 人")) }
        let ids = assignments.map(\.memberID)
        if Set(ids).count != ids.count { out.append(FieldIssue(field: "members", message: "同一委员在一个时段只能排一次")) }
        if citizensReceived < 0 { out.append(FieldIssue(field: "citizens", message: "接待群众人数不能为负数")) }
        for a in assignments where a.attendance == .substituted && a.substituteID == nil {
            out.append(FieldIssue(field: "members", message: "替班请写明替班的委员"))
        }
        return out
    }
}

/// A studio's 值班计划 for a quarter or a whole year, with the patterns it was laid out from.
public struct DutyPlan: Codable, Equatable, Identifiable, Sendable {
    public var id: Int64?
    public var studioID: Int64
    public var year: Int
    /// 1–4, or nil for a whole-year plan.
    public var quarter: Int?
    /// The patterns as typed, one per line (每周三上午 线下 …).
    public var patterns: String
    public var createdOn: String

    public init(id: Int64? = nil, studioID: Int64, year: Int, quarter: Int?, patterns: String, createdOn: String) {
        self.id = id
        self.studioID = studioID
        self.year = year
        self.quarter = quarter
        self.patterns = patterns
        self.createdOn = createdOn
    }

    public var period: Period { quarter.map { Period(.quarter, year: year, index: $0) } ?? Period(.year, year: year) }

    public var title: String { period.title + "值班计划" }
}

/// Dates a member cannot be on duty (出差, 会议, 病假).
public struct DutyUnavailability: Codable, Equatable, Identifiable, Sendable {
    public var id: Int64?
    public var memberID: Int64
    public var from: String
    public var to: String
    public var reason: String

    public init(id: Int64? = nil, memberID: Int64, from: String, to: String, reason: String = "") {
        self.id = id
        self.memberID = memberID
        self.from = from
        self.to = to
        self.reason = reason
    }

    public func covers(_ date: String) -> Bool { date >= from && date <= to }

    public var text: String {
        let span = from == to ? DateInput.chinese(from) : "\(DateInput.chinese(from))至\(DateInput.chinese(to))"
        return reason.isEmpty ? span : "\(span)（\(reason)）"
    }
}

/// A studio's rota as it is published (值班公示, calendar file, spreadsheet): the slots with the
/// people on them, and each member's particulars.
public struct DutyPublication: Equatable, Sendable {
    public var studio: Studio
    public var period: Period
    public var slots: [DutySlot]
    public var members: [Int64: Member]
    /// Where citizens reach the studio: its address, phone, online channel.
    public var contact: String
    /// Years of the period whose holiday notice the office has not entered: the rota there is 暂定.
    public var provisionalYears: [Int]

    public init(studio: Studio, period: Period, slots: [DutySlot], members: [Int64: Member], contact: String, provisionalYears: [Int] = []) {
        self.studio = studio
        self.period = period
        self.slots = slots
        self.members = members
        self.contact = contact
        self.provisionalYears = provisionalYears
    }

    /// 「2027年节假日安排尚未公布，按法定节日暂定，公布后请重新排班」, nil when every year is published.
    public var provisionalNote: String? { HolidayCalendar.provisionalNote(provisionalYears) }

    public func name(_ id: Int64?) -> String { id.flatMap { members[$0]?.name } ?? "" }

    /// "张雪琴、李书明" for a slot (as planned).
    public func names(_ slot: DutySlot) -> String { slot.memberIDs.map(name).joined(separator: "、") }

    /// The members on duty in the period, in order of their first duty.
    public var dutyMembers: [Member] {
        var seen = Set<Int64>()
        return slots.flatMap(\.memberIDs).filter { seen.insert($0).inserted }.compactMap { members[$0] }
    }

    /// "10月8日、11月11日" for one member.
    public func dates(of memberID: Int64) -> [DutySlot] { slots.filter { $0.memberIDs.contains(memberID) } }

    /// What happened on a slot, once recorded: "到岗", "张三缺席", "李四替王五".
    public func attendanceText(_ slot: DutySlot) -> String {
        guard slot.assignments.contains(where: { $0.attendance != .planned }) else { return "" }
        let parts = slot.assignments.map { a -> String in
            switch a.attendance {
            case .planned: "\(name(a.memberID))待记录"
            case .present: "\(name(a.memberID))到岗"
            case .absent: "\(name(a.memberID))缺席"
            case .substituted: "\(name(a.substituteID))替\(name(a.memberID))"
            }
        }
        let citizens = slot.citizensReceived > 0 ? "，接待 \(slot.citizensReceived) 人" : ""
        return parts.joined(separator: "、") + citizens
    }
}
