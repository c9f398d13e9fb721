import Foundation
import GRDB
import StudioCore

/// The office's year-end 总结材料 in the store (issue 23): its own three texts kept per year; the figures are the
/// year's four quarterly 汇总, made now from the office's studios and the returns it received.
extension AppDatabase {
    static let officeYearWhat = "本办的年度总结材料"

    public func officeYearStamp(year: Int) throws -> EditStamp {
        try editStamp(Self.officeYearWhat, [.init("officeYearSummary", "year", year)])
    }

    /// The texts of `year` and who wrote them last (nil: none written yet).
    public func officeYearText(year: Int) throws -> (text: AnnualSummaryText, editedAt: String?, editedBy: String?)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM officeYearSummary WHERE year = ?", arguments: [year]).map { r in
                (AnnualSummaryText(highlights: r["highlights"], problems: r["problems"], nextPlan: r["nextPlan"]), r["editedAt"], r["editedBy"])
            }
        }
    }

    public func saveOfficeYearText(year: Int, text: AnnualSummaryText, expecting: EditStamp? = nil) throws {
        let at = Self.localTime()
        try write(.editRecords) { db in
            try Self.require(expecting, db)
            try db.execute(sql: """
                INSERT INTO officeYearSummary (year, highlights, problems, nextPlan, editedAt, editedBy) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(year) DO UPDATE SET highlights = excluded.highlights, problems = excluded.problems,
                  nextPlan = excluded.nextPlan, editedAt = excluded.editedAt, editedBy = excluded.editedBy
                """, arguments: [year, text.highlights, text.problems, text.nextPlan, at, user])
        }
    }

    /// The four quarters' 汇总 of `year`, of the whole area or of the office's own studios.
    public func areaYear(_ year: Int, wholeArea: Bool = true, profiles: [RuleProfile], today: String, madeAt: String) throws -> AreaYear {
        let quarters = try Period.all(.quarter, in: year).map { try areaSummary(period: $0, profiles: profiles, today: today, madeAt: madeAt).0 }
        return AreaYear(year: year, quarters: quarters, wholeArea: wholeArea)
    }

    /// The 总结材料 of `year`: the area's year and the office's name and level.
    public func officeYearSummary(year: Int, profiles: [RuleProfile], today: String, madeAt: String) throws -> OfficeYearSummary {
        let me = try officeIdentity()
        return OfficeYearSummary(office: me.name, level: me.level,
                                 figures: try areaYear(year, profiles: profiles, today: today, madeAt: madeAt), today: today)
    }
}
