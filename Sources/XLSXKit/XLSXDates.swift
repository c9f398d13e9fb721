// XLSXKit: date serials to ISO text and back, on CivilCalendar's CivilDate.
import CivilCalendar
import Foundation

extension XLSXCellValue {
    /// Serial number to "yyyy-MM-dd[ HH:mm]" (1900 or 1904 system). Pure integer arithmetic: proleptic
    /// Gregorian calendar in UTC, so neither the device's time zone nor its calendar setting can shift a date.
    static func date(_ raw: String, kind: XLSXDateKind, date1904: Bool) -> String? {
        guard let serial = Double(raw), serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 { days += 1; seconds -= 86_400 }

        func clock(_ withSeconds: Bool) -> String {
            let h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60
            return withSeconds && s != 0 ? "\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2))" : "\(pad(h, 2)):\(pad(m, 2))"
        }
        if case .time(let withSeconds) = kind, days == 0 { return clock(withSeconds) }

        // Serial 60 of the 1900 system is Excel's phantom leap day (Lotus 1-2-3 compatibility): shown as Excel shows it.
        let dayText = XLSXDateSerial.day(serial: days, date1904: date1904)?.iso ?? "1900-02-29"
        switch kind {
        case .dateTime(let withSeconds), .time(let withSeconds):
            return seconds == 0 ? dayText : dayText + " " + clock(withSeconds)
        default:
            return dayText
        }
    }

    private static func pad(_ n: Int, _ width: Int) -> String { CivilDate.pad(n, width) }

    /// t="d" cells hold ISO 8601 text; show it like a formatted date.
    static func isoDate(_ raw: String) -> String {
        let parts = raw.split(separator: "T", maxSplits: 1)
        guard parts.count == 2 else { return raw }
        let time = parts[1].prefix(5)
        return time == "00:00" ? String(parts[0]) : parts[0] + " " + time
    }
}

extension XLSXWriter {
    /// Days since Excel's epoch (1899-12-30) of yyyy-mm-dd text, nil for anything else or a day before 1900-03-01
    /// (Excel's 1900 leap-year bug makes those ambiguous; they stay text).
    static func dateSerial(_ s: String) -> Int? {
        CivilDate(exactISO: s).flatMap(XLSXDateSerial.serial(of:))
    }
}

/// Excel's day numbers. The 1900 system counts 1900-01-01 as 1 and, like Lotus 1-2-3, has a 1900-02-29 (serial 60)
/// that never was, so from 61 (1900-03-01) on a serial is the days since 1899-12-30. The 1904 system counts from
/// 1904-01-01 as 0.
enum XLSXDateSerial {
    /// The serial of 1970-01-01 (CivilDate's day 0) in the 1900 system.
    static let unixDay1900 = 25_569
    /// The serial of 1970-01-01 in the 1904 system.
    static let unixDay1904 = 24_107

    /// The day of a whole serial; serial 60 of the 1900 system, the phantom 1900-02-29, is not one (nil).
    static func day(serial: Int, date1904: Bool) -> CivilDate? {
        if date1904 { return CivilDate(dayNumber: serial - unixDay1904) }
        if serial == 60 { return nil }
        return CivilDate(dayNumber: serial >= 61 ? serial - unixDay1900 : serial - unixDay1900 + 1)
    }

    /// The 1900-system serial of a day from 1900-03-01 on, nil before it.
    static func serial(of day: CivilDate) -> Int? {
        let serial = day.dayNumber + unixDay1900
        return serial >= 61 ? serial : nil
    }
}
