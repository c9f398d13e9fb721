import Foundation
import StudioCore

/// A rota as an iCalendar file (RFC 5545) that a member imports into a phone calendar: one event
/// per slot in Asia/Shanghai time. Written by hand: no package in the list writes iCalendar, and
/// the subset needed (VEVENT with a fixed-offset VTIMEZONE, escaping, line folding) is small.
public enum DutyCalendarFile {
    public static func ics(_ pub: DutyPublication, stamp: Date = Date(), onlyMember: Int64? = nil) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//StudioDesk//值班排班//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape("\(pub.studio.name)\(pub.period.title)值班" + (pub.provisionalNote == nil ? "" : "（暂定）")),
            "X-WR-TIMEZONE:Asia/Shanghai",
        ]
        // Dates in a year whose holiday notice is not entered yet are 暂定: the calendar's name and description say so.
        if let note = pub.provisionalNote { lines.append("X-WR-CALDESC:" + escape(note)) }
        lines += [
            // China has kept UTC+8 without daylight saving since 1991.
            "BEGIN:VTIMEZONE", "TZID:Asia/Shanghai", "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0800",
            "TZOFFSETTO:+0800", "TZNAME:CST", "END:STANDARD", "END:VTIMEZONE",
        ]
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let dtstamp = f.string(from: stamp)
        for slot in pub.slots where onlyMember.map({ slot.memberIDs.contains($0) }) ?? true {
            let day = slot.date.replacingOccurrences(of: "-", with: "")
            let names = pub.names(slot)
            lines += [
                "BEGIN:VEVENT",
                "UID:duty-\(slot.studioID)-\(slot.id.map(String.init) ?? "\(day)\(slot.start.replacingOccurrences(of: ":", with: ""))\(slot.mode.rawValue)")@studiodesk",
                "DTSTAMP:\(dtstamp)",
                "DTSTART;TZID=Asia/Shanghai:\(day)T\(slot.start.replacingOccurrences(of: ":", with: ""))00",
                "DTEND;TZID=Asia/Shanghai:\(day)T\(slot.end.replacingOccurrences(of: ":", with: ""))00",
                "SUMMARY:" + escape("\(pub.studio.name)\(slot.mode.title)值班：\(names.isEmpty ? "待安排" : names)"),
                "LOCATION:" + escape(slot.place),
                "DESCRIPTION:" + escape("\(slot.mode.title)值班，\(slot.time.title)。值班委员：\(names.isEmpty ? "待安排" : names)。\(pub.contact)"),
                "CATEGORIES:" + escape("值班"),
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// TEXT values escape backslash, semicolon, comma and newline (RFC 5545 §3.3.11).
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Lines longer than 75 octets continue on the next line after a space, never inside a UTF-8 character (§3.1).
    static func fold(_ line: String) -> String {
        var out = "", count = 0
        for ch in line {
            let n = String(ch).utf8.count
            if count + n > 75 {
                out += "\r\n "
                count = 1
            }
            out.append(ch)
            count += n
        }
        return out
    }
}

/// The rota as a table (CSV for Excel/WPS, the table format of `duty show`).
public enum DutyTable {
    public static let headers = ["日期", "星期", "时间", "线上/线下", "地点/渠道", "人数", "值班委员", "值班记录", "编号"]

    public static func rows(_ pub: DutyPublication) -> [[String]] {
        pub.slots.map { s in
            [s.date, CivilDate.weekdayTitle(s.date), s.time.longTitle,
             s.mode.title, s.place, "\(s.needed)", pub.names(s), pub.attendanceText(s), s.id.map(String.init) ?? ""]
        }
    }

    /// UTF-8 with a BOM, so Excel and WPS open the Chinese right.
    public static func csv(_ pub: DutyPublication) throws -> String {
        try CSVText.forExcel(headers: headers, rows: rows(pub))
    }
}

/// The JSON contract of `studiodesk duty show --format json` (README).
public struct DutyDocument: Encodable {
    public struct Person: Encodable {
        public var id: Int64
        public var name: String
    }

    public struct Attendance: Encodable {
        public var memberID: Int64
        public var name: String
        /// planned / present / absent / substituted.
        public var status: String
        @NullWhenAbsent public var substitute: Person?
    }

    public struct Slot: Encodable {
        @NullWhenAbsent public var id: Int64?
        public var date: String
        public var weekday: Int
        public var time: String
        public var start: String
        public var end: String
        /// online / offline.
        public var mode: String
        public var place: String
        public var needed: Int
        public var members: [Person]
        public var attendance: [Attendance]
        public var citizensReceived: Int
        public var note: String
        @NullWhenAbsent public var activityID: Int64?
    }

    public struct StudioRef: Encodable {
        public var id: Int64
        public var name: String
    }

    public var studio: StudioRef
    public var period: PeriodRef
    public var patterns: [String]
    @NullWhenAbsent public var rule: String?
    public var ruleHolds: Bool
    public var problems: [String]
    public var slots: [Slot]

    public struct PeriodRef: Encodable {
        public var title: String
        public var start: String
        public var end: String
    }

    public init(_ pub: DutyPublication, patterns: [String], rule: DutyRule?, ruleHolds: Bool, problems: [String]) {
        func person(_ id: Int64) -> Person { Person(id: id, name: pub.name(id)) }
        studio = StudioRef(id: pub.studio.id ?? 0, name: pub.studio.name)
        period = PeriodRef(title: pub.period.title, start: pub.period.start, end: pub.period.end)
        self.patterns = patterns
        self.rule = rule?.text
        self.ruleHolds = ruleHolds
        self.problems = problems
        slots = pub.slots.map { s in
            Slot(id: s.id, date: s.date, weekday: CivilDate.weekday(of: s.date) ?? 0, time: s.time.title, start: s.start, end: s.end,
                 mode: s.mode.rawValue, place: s.place, needed: s.needed, members: s.memberIDs.map(person),
                 attendance: s.assignments.map { a in
                     Attendance(memberID: a.memberID, name: pub.name(a.memberID), status: a.attendance.rawValue,
                                substitute: a.substituteID.map(person))
                 },
                 citizensReceived: s.citizensReceived, note: s.note, activityID: s.activityID)
        }
    }
}
