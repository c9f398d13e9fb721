// The core's one date type is CivilCalendar's CivilDate (a target of its own so that XLSXKit, which does not
// depend on the domain, shares it); re-exported so every user of StudioCore has it without a second import.
@_exported import CivilCalendar

extension CivilDate {
    /// 一 … 日.
    public static let weekdayNames = ["一", "二", "三", "四", "五", "六", "日"]

    /// 周一 … 周日, empty when `iso` is not a date.
    public static func weekdayTitle(_ iso: String) -> String {
        weekday(of: iso).map { "周" + weekdayNames[$0 - 1] } ?? ""
    }
}
