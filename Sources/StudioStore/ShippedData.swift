import Foundation
import StudioCore
import StudioResources

/// Data files shipped beside the profiles that the data file keeps its own copy of.
public enum ShippedData {
    /// Copies the years of Resources/holidays that the file does not have yet (the office's edits stay).
    /// A missing shipped file is not an error: the office can enter the days in the program.
    public static func syncHolidays(into db: AppDatabase) throws {
        // A role that writes nothing (审阅) reads the calendar as the file has it.
        guard db.actor.writesData, let url = ResourceLocator.holidayFile() else { return }
        let calendar = try HolidayCalendar.load(data: try Data(contentsOf: url), file: url.lastPathComponent)
        try db.syncHolidays(from: calendar)
    }
}
