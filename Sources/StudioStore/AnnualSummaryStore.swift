import Foundation
import GRDB
import StudioCore

/// What the file keeps of a studio's 年度工作总结: the own texts, who wrote them last, and once 定稿 the generated
/// part as it was then.
public struct AnnualSummaryEntry: Equatable, Sendable {
    public var studioID: Int64
    public var year: Int
    public var text: AnnualSummaryText
    /// Local time, yyyy-MM-ddTHH:mm:ss, and the user (as the audit log names them).
    public var editedAt: String?
    public var editedBy: String?
    public var finalizedOn: String?
    public var finalizedBy: String?
    /// The generated part frozen at 定稿 (nil before).
    public var frozen: AnnualSummary?

    public var isFinal: Bool { finalizedOn != nil }
}

/// A summary as printed and shown: the generated part (fresh from the records, or frozen at 定稿) and the texts.
public struct AnnualSummaryDocument: Equatable, Sendable {
    public var studioID: Int64
    public var summary: AnnualSummary
    public var text: AnnualSummaryText
    public var entry: AnnualSummaryEntry?
    /// Texts taken from the year's 自查自评 because none were written here yet.
    public var textFromSelfAssessment: Bool

    public var sections: [SummarySection] { summary.sections(own: text) }
}

/// 年度工作总结 in the store. The generated part is recomputed from the records every time it is shown or printed,
/// so a record entered in December is in it; 定稿 freezes it (and writes the 年度总结 year document, which the
/// 评估表's 有总结 and 达标情况 read), 重新打开 thaws it.
extension AppDatabase {
    static let annualSummaryWhat = "该工作室的年度工作总结"

    /// The stamp a form takes when it opens the summary of a studio (any year: one table, few rows).
    public func annualSummaryStamp(studioID: Int64) throws -> EditStamp {
        try editStamp(Self.annualSummaryWhat, [.init("annualSummary", "studioID", studioID)])
    }

    public func annualSummaryEntry(studioID: Int64, year: Int) throws -> AnnualSummaryEntry? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM annualSummary WHERE studioID = ? AND year = ?", arguments: [studioID, year]).map(Self.entry)
        }
    }

    static func entry(_ r: Row) -> AnnualSummaryEntry {
        let body: String? = r["body"]
        return AnnualSummaryEntry(studioID: r["studioID"], year: r["year"],
                                  text: AnnualSummaryText(highlights: r["highlights"], problems: r["problems"], nextPlan: r["nextPlan"]),
                                  editedAt: r["editedAt"], editedBy: r["editedBy"], finalizedOn: r["finalizedOn"], finalizedBy: r["finalizedBy"],
                                  frozen: body.flatMap { try? JSONDecoder().decode(AnnualSummary.self, from: Data($0.utf8)) })
    }

    /// The years of a studio with a 年度工作总结 written or 定稿 (the archive bundle prints each).
    public func annualSummaryYears(studioID: Int64) throws -> [Int] {
        try read { db in
            try Int.fetchAll(db, sql: """
                SELECT year FROM annualSummary WHERE studioID = ?
                  AND (finalizedOn IS NOT NULL OR highlights <> '' OR problems <> '' OR nextPlan <> '') ORDER BY year
                """, arguments: [studioID])
        }
    }

    /// Studios whose summary of `year` is 定稿.
    public func finalizedAnnualSummaries(year: Int) throws -> Set<Int64> {
        try read { db in Set(try Int64.fetchAll(db, sql: "SELECT studioID FROM annualSummary WHERE year = ? AND finalizedOn IS NOT NULL", arguments: [year])) }
    }

    /// Saves the studio's own texts; a 定稿 summary is refused (重新打开 first).
    public func saveAnnualSummaryText(studioID: Int64, year: Int, text: AnnualSummaryText, expecting: EditStamp? = nil) throws {
        let at = Self.localTime()
        try write(.editLedger, studio: studioID) { db in
            try Self.require(expecting, db)
            _ = try Self.requireOpenStudio(db, studioID)
            if let final = try String.fetchOne(db, sql: "SELECT finalizedOn FROM annualSummary WHERE studioID = ? AND year = ?", arguments: [studioID, year]) {
                throw StoreError.other("\(year)年度工作总结已于 \(final) 定稿；要修改请先重新打开")
            }
            try db.execute(sql: """
                INSERT INTO annualSummary (studioID, year, highlights, problems, nextPlan, editedAt, editedBy) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(studioID, year) DO UPDATE SET highlights = excluded.highlights, problems = excluded.problems,
                  nextPlan = excluded.nextPlan, editedAt = excluded.editedAt, editedBy = excluded.editedBy
                """, arguments: [studioID, year, text.highlights, text.problems, text.nextPlan, at, user])
        }
    }

    /// 定稿: the texts and the generated part as they are now are kept, and the 年度总结 year document is written
    /// (dated `date`) with the whole summary as text. Refused while an own section is empty.
    public func finalizeAnnualSummary(_ doc: AnnualSummaryDocument, on date: String, expecting: EditStamp? = nil) throws {
        let empty = zip(AnnualSummaryText.titles, [doc.text.highlights, doc.text.problems, doc.text.nextPlan])
            .filter { $0.1.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.map(\.0)
        if !empty.isEmpty { throw StoreError.other("请先填写：" + empty.joined(separator: "、")) }
        let studioID = doc.studioID
        let year = doc.summary.year
        let body = String(decoding: try JSONEncoder().encode(doc.summary), as: UTF8.self)
        let at = Self.localTime()
        try write(.editLedger, studio: studioID) { db in
            try Self.require(expecting, db)
            _ = try Self.requireOpenStudio(db, studioID)
            try db.execute(sql: """
                INSERT INTO annualSummary (studioID, year, highlights, problems, nextPlan, editedAt, editedBy, finalizedOn, finalizedBy, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(studioID, year) DO UPDATE SET highlights = excluded.highlights, problems = excluded.problems, nextPlan = excluded.nextPlan,
                  editedAt = excluded.editedAt, editedBy = excluded.editedBy, finalizedOn = excluded.finalizedOn,
                  finalizedBy = excluded.finalizedBy, body = excluded.body
                """, arguments: [studioID, year, doc.text.highlights, doc.text.problems, doc.text.nextPlan, at, user, date, user, body])
            try YearDoc(studioID: studioID, year: year, kind: .summary, date: date, text: doc.summary.plainText(own: doc.text, tables: false)).save(db)
        }
    }

    /// 重新打开: the generated part follows the records again; the texts stay, and so does the 年度总结 year document.
    public func reopenAnnualSummary(studioID: Int64, year: Int, expecting: EditStamp? = nil) throws {
        try write(.editLedger, studio: studioID) { db in
            try Self.require(expecting, db)
            _ = try Self.requireOpenStudio(db, studioID)
            try db.execute(sql: "UPDATE annualSummary SET finalizedOn = NULL, finalizedBy = NULL, body = NULL WHERE studioID = ? AND year = ?",
                           arguments: [studioID, year])
        }
    }

    /// The records the draft is made from.
    public func annualSummaryRecords(studio: Studio, year: Int, profiles: [RuleProfile], today: String) throws -> AnnualSummaryRecords {
        let id = studio.id!
        let profile = profiles.first { $0.id == studio.profileID }
        let (start, end) = ("\(year)-01-01", "\(year)-12-31")
        let compliance = try studioCompliance(studio, year: year, profiles: profiles, today: today)
        let facts = try ledgerFacts(studioID: id, year: year)
        let team = Set(facts.team.filter { $0.joinedOn <= end && ($0.leftOn.map { $0 >= start } ?? true) }.map(\.id))
        let (activities, proposals, infos) = try read { db in
            let range: StatementArguments = [id, start, end]
            return (try Activity.filter(sql: "studioID = ? AND date BETWEEN ? AND ?", arguments: range).fetchAll(db),
                    try Proposal.filter(sql: "studioID = ? AND date BETWEEN ? AND ?", arguments: range).fetchAll(db),
                    try SocialInfo.filter(sql: "studioID = ? AND date BETWEEN ? AND ?", arguments: range).fetchAll(db))
        }
        let items = try citizenItems(studioID: id).filter { $0.receivedOn >= start && $0.receivedOn <= end }
        let assessment = try profile.map { try self.assessment(studio: studio, profile: $0, year: year, today: today) }
        return AnnualSummaryRecords(studio: studio, profile: profile, year: year, today: today, teamSize: team.count, activities: activities,
                                    proposals: proposals, socialInfos: infos, citizenItems: items,
                                    dutySlots: try dutySlots(studioID: id, from: start, to: end), compliance: compliance.lines, assessment: assessment)
    }

    /// The summary of a studio's year as shown and printed: frozen when 定稿, otherwise generated now; the texts as
    /// written, or (none written yet) the 自查自评's three texts of the year as a start.
    public func annualSummaryDocument(studio: Studio, year: Int, profiles: [RuleProfile], today: String) throws -> AnnualSummaryDocument {
        let entry = try annualSummaryEntry(studioID: studio.id!, year: year)
        if let entry, let frozen = entry.frozen {
            return AnnualSummaryDocument(studioID: studio.id!, summary: frozen, text: entry.text, entry: entry, textFromSelfAssessment: false)
        }
        let records = try annualSummaryRecords(studio: studio, year: year, profiles: profiles, today: today)
        var text = entry?.text ?? AnnualSummaryText()
        var borrowed = false
        if entry == nil, let a = try storedAssessment(studioID: studio.id!, year: year) {
            text = AnnualSummaryText(highlights: a.highlights, problems: a.problems, nextPlan: a.nextPlan)
            borrowed = !text.isEmpty
        }
        return AnnualSummaryDocument(studioID: studio.id!, summary: AnnualSummary.make(records), text: text, entry: entry, textFromSelfAssessment: borrowed)
    }

    static func localTime() -> String {
        ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate])
    }
}
