import Foundation

/// The statutory holidays (法定节假日) of any year, worked out from the calendars themselves rather
/// than typed in: 全国年节及纪念日放假办法 as revised by the State Council in 2024 (in force from
/// 2025). The yearly notice only adds bridging days and 调休 weekends around these, so they are
/// what a year is known to have off before its notice is out.
public enum StatutoryHolidays {
    /// 元旦, 春节 (除夕 through 正月初三), 清明节, 劳动节 (5月1日–2日), 端午节, 中秋节, 国庆节 (10月1日–3日),
    /// in date order. A day two holidays share (中秋 on 10月3日) is named once, with both names.
    public static func days(in year: Int) -> [HolidayCalendar.Day] {
        let jan1 = CivilDate.dayNumber(year: year, month: 1, day: 1)
        var spans: [(name: String, first: Int, count: Int)] = [
            ("元旦", jan1, 1),
            ("清明节", qingming(year), 1),
            ("劳动节", CivilDate.dayNumber(year: year, month: 5, day: 1), 2),
            ("国庆节", CivilDate.dayNumber(year: year, month: 10, day: 1), 3),
        ]
        // Missing only where the platform has no Chinese calendar (StatutoryHolidaysTests would say so).
        let lunar = lunarDays(year)
        if let newYear = lunar.newYear { spans.append(("春节", newYear - 1, 4)) }
        if let d = lunar.duanwu { spans.append(("端午节", d, 1)) }
        if let d = lunar.zhongqiu { spans.append(("中秋节", d, 1)) }
        var names: [Int: String] = [:]
        for s in spans.sorted(by: { $0.first < $1.first }) {
            for n in s.first..<(s.first + s.count) { names[n] = names[n].map { $0 + "、" + s.name } ?? s.name }
        }
        return names.keys.sorted().map { HolidayCalendar.Day(date: CivilDate(dayNumber: $0).iso, kind: .off, name: names[$0]!) }
    }

    /// The same days as a provisional year answers with them ("春节（法定，暂定）"), by date; worked
    /// out once a year, since walking a year through the Chinese calendar is the slow part.
    static func provisionalDays(in year: Int) -> [String: HolidayCalendar.Day] {
        cache.lock.lock()
        defer { cache.lock.unlock() }
        if let days = cache.years[year] { return days }
        let days = Dictionary(uniqueKeysWithValues: days(in: year).map {
            ($0.date, HolidayCalendar.Day(date: $0.date, kind: .off, name: $0.name + "（法定，暂定）"))
        })
        cache.years[year] = days
        return days
    }

    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var years: [Int: [String: HolidayCalendar.Day]] = [:]
    }

    private static let cache = Cache()

    // MARK: Lunar dates

    /// 正月初一, 五月初五 and 八月十五 of the lunar year that begins in `year` (all three fall in it),
    /// as civil day numbers, from Foundation's Chinese calendar (ICU's, astronomical) read in Beijing
    /// time; the leap month that may repeat a month number (闰五月) is not the festival's.
    static func lunarDays(_ year: Int) -> (newYear: Int?, duanwu: Int?, zhongqiu: Int?) {
        var chinese = Calendar(identifier: .chinese)
        chinese.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        var found: (newYear: Int?, duanwu: Int?, zhongqiu: Int?) = (nil, nil, nil)
        let first = CivilDate.dayNumber(year: year, month: 1, day: 1)
        for n in first..<CivilDate.dayNumber(year: year + 1, month: 1, day: 1) {
            // Noon in Beijing, well inside the day.
            let c = chinese.dateComponents([.month, .day, .isLeapMonth], from: Date(timeIntervalSince1970: Double(n) * 86_400 + 4 * 3_600))
            guard c.isLeapMonth != true, let m = c.month, let d = c.day else { continue }
            switch (m, d) {
            case (1, 1): found.newYear = n
            case (5, 5): found.duanwu = n
            case (8, 15): found.zhongqiu = n
            default: break
            }
        }
        return found
    }

    // MARK: 清明

    /// The day (Beijing time) of 清明: the sun reaching apparent ecliptic longitude 15°.
    static func qingming(_ year: Int) -> Int {
        solarTermDay(longitude: 15, near: CivilDate.dayNumber(year: year, month: 4, day: 5))
    }

    /// The civil day in Beijing time on which the sun reaches `longitude`, searched from a day near it.
    /// Meeus's lower-accuracy solar position is good to about 0.01° (some 15 minutes); ΔT, about a
    /// minute, is below that and left out. Checked against two ephemerides (PyEphem's VSOP87 and the
    /// 寿星 algorithm of lunar-python): the same 清明 day every year 1900–2100, the closest call being
    /// 1943 (00:11 on 4月6日, where this method says 00:05).
    static func solarTermDay(longitude: Double, near day: Int) -> Int {
        // Julian day of the civil day's 00:00 UT.
        var jd = Double(day) + 2_440_587.5
        for _ in 0..<6 {
            let behind = (longitude - apparentSolarLongitude(jd) + 540).truncatingRemainder(dividingBy: 360) - 180
            jd += behind * 365.2422 / 360
        }
        return Int((jd - 2_440_587.5 + 8.0 / 24).rounded(.down))
    }

    /// The sun's apparent longitude in degrees (Meeus, Astronomical Algorithms, 2nd ed., ch. 25):
    /// mean longitude, equation of centre, then nutation and aberration.
    static func apparentSolarLongitude(_ jd: Double) -> Double {
        let t = (jd - 2_451_545) / 36_525
        let l0 = 280.46646 + 36_000.76983 * t + 0.0003032 * t * t
        let m = (357.52911 + 35_999.05029 * t - 0.0001537 * t * t) * .pi / 180
        let c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(m) + (0.019993 - 0.000101 * t) * sin(2 * m) + 0.000289 * sin(3 * m)
        let omega = (125.04 - 1_934.136 * t) * .pi / 180
        let lambda = (l0 + c - 0.00569 - 0.00478 * sin(omega)).truncatingRemainder(dividingBy: 360)
        return lambda < 0 ? lambda + 360 : lambda
    }
}
