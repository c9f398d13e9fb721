import CivilCalendar
import Testing
@testable import XLSXKit

/// Excel's day serials read and written on CivilDate: the 1900 system's phantom 1900-02-29 (serial 60), the
/// 1904 system, leap years and the turn of a year.
@Suite("XLSX date serials")
struct XLSXDateSerialTests {
    @Test func theLotusLeapDayBoundary() {
        #expect(XLSXDateSerial.day(serial: 1, date1904: false)?.iso == "1900-01-01")
        #expect(XLSXDateSerial.day(serial: 59, date1904: false)?.iso == "1900-02-28")
        #expect(XLSXDateSerial.day(serial: 60, date1904: false) == nil)
        #expect(XLSXDateSerial.day(serial: 61, date1904: false)?.iso == "1900-03-01")
        #expect(XLSXCellValue.date("59", kind: .date, date1904: false) == "1900-02-28")
        #expect(XLSXCellValue.date("60", kind: .date, date1904: false) == "1900-02-29")
        #expect(XLSXCellValue.date("61", kind: .date, date1904: false) == "1900-03-01")
        #expect(XLSXWriter.dateSerial("1900-02-28") == nil)  // ambiguous before the phantom day: stays text
        #expect(XLSXWriter.dateSerial("1900-03-01") == 61)
    }

    @Test func realDates() {
        #expect(XLSXWriter.dateSerial("2024-02-29") == 45_351)
        #expect(XLSXWriter.dateSerial("2000-02-29") == 36_585)
        #expect(XLSXWriter.dateSerial("2100-02-29") == nil)
        #expect(XLSXWriter.dateSerial("2026-12-31") == 46_387)
        #expect(XLSXWriter.dateSerial("2027-01-01") == 46_388)
        #expect(XLSXWriter.dateSerial("2026-12-31 ") == nil)
        #expect(XLSXCellValue.date("46388.5", kind: .dateTime(seconds: false), date1904: false) == "2027-01-01 12:00")
        #expect(XLSXCellValue.date("46387.99999999", kind: .date, date1904: false) == "2027-01-01")
        #expect(XLSXCellValue.date("0", kind: .date, date1904: true) == "1904-01-01")
        #expect(XLSXCellValue.date("43889", kind: .date, date1904: true) == "2024-02-29")
        #expect(XLSXCellValue.date("2958465", kind: .date, date1904: false) == "9999-12-31")
    }

    /// Every serial from 1900-03-01 to 2100 reads as a date that writes back as the same serial.
    @Test func serialsRoundTrip() {
        var broken: [Int] = []
        for serial in 61...73_415 {
            guard let iso = XLSXCellValue.date(String(serial), kind: .date, date1904: false),
                  XLSXWriter.dateSerial(iso) == serial, CivilDate(exactISO: iso) != nil else { broken.append(serial); continue }
        }
        #expect(broken.isEmpty)
        #expect(XLSXCellValue.date("73415", kind: .date, date1904: false) == "2100-12-31")
    }
}
