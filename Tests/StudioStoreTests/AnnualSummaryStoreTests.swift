import Foundation
import GRDB
import StudioCore
import StudioResources
import StudioStore
import Testing
import TestSupport

/// 年度工作总结 in the store, on the demo's 2026 ledgers: the figures equal the ledger's and the compliance lines
/// ComplianceStore gives; the own texts kept with who wrote them; 定稿 freezes the generated part and writes the
/// 年度总结 year document; 重新打开 lets the records in again.
@Suite struct AnnualSummaryStoreTests {
    let tmp = TempDatabase()
    let today = "2026-11-20"

    func profiles() throws -> [RuleProfile] {
        try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory(), "Resources/profiles not found"))
    }

    func demo() throws -> AppDatabase { try DemoTemplate.open(path: tmp.path, profiles: profiles(), user: "李文书") }

    func studio(_ db: AppDatabase, _ name: String = "医药卫生界委员工作室") throws -> Studio {
        try #require(try db.studios().first { $0.name == name }, "demo studio \(name) missing")
    }

    @Test func figuresEqualTheLedgerAndTheComplianceLinesTheStores() throws {
        let db = try demo()
        let profiles = try profiles()
        for name in ["医药卫生界委员工作室", "湖东联络处委员工作室", "南湖社区委员工作室"] {
            let s = try studio(db, name)
            let doc = try db.annualSummaryDocument(studio: s, year: 2026, profiles: profiles, today: today)
            let sum = doc.summary
            let ledger = try db.ledgerEntries(studioID: s.id!, year: 2026).filter { $0.review.status != .returned }
            // Activities by category and mode, 值班 apart.
            var byKind: [String: (online: Int, offline: Int)] = [:]
            for e in ledger where e.kind == .activity && e.categoryID != "duty" {
                if e.mode == .online { byKind[e.categoryID, default: (0, 0)].online += 1 } else { byKind[e.categoryID, default: (0, 0)].offline += 1 }
            }
            #expect(sum.activityCounts.count == byKind.count, "\(name)")
            for c in sum.activityCounts {
                #expect(byKind[c.category]?.online == c.online && byKind[c.category]?.offline == c.offline, "\(name) \(c.name)")
            }
            #expect(sum.activityTotal > 0, "\(name): the demo has activities")
            #expect(sum.duty.held == ledger.filter { $0.kind == .activity && $0.categoryID == "duty" }.count)
            #expect(sum.proposals.count == ledger.filter { $0.kind == .proposal }.count)
            #expect(sum.socialInfos.count == ledger.filter { $0.kind == .sqmy }.count)
            #expect(sum.intake.received == ledger.filter { $0.kind == .intake }.count)
            // The compliance lines are ComplianceStore's, line for line.
            let lines = try db.studioCompliance(s, year: 2026, profiles: profiles, today: today).lines
            #expect(sum.compliance.map(\.text) == lines.map(\.text))
            #expect(sum.compliance.map(\.period) == lines.map(\.period.shortTitle))
            #expect(sum.compliance.map(\.done) == lines.map(\.doneText))
            #expect(sum.compliance.map(\.short) == lines.map(\.briefText))
            #expect(sum.compliance.map(\.state) == lines.map(\.state.title))
            // The year's result as 年度评估 shows it.
            let profile = try #require(profiles.first { $0.id == s.profileID })
            let a = try db.assessment(studio: s, profile: profile, year: 2026, today: today)
            #expect(sum.score?.verdict == a.sheet.verdictText)
            #expect(sum.score?.score == a.sheet.scoreText)
        }
    }

    @Test func ownTextsKeptThenFinalizedFrozenAndReopened() throws {
        let db = try demo()
        let profiles = try profiles()
        let s = try studio(db)
        let first = try db.annualSummaryDocument(studio: s, year: 2026, profiles: profiles, today: today)
        #expect(first.entry == nil)
        #expect(throws: (any Error).self) { try db.finalizeAnnualSummary(first, on: today) }  // the own sections are empty

        let text = AnnualSummaryText(highlights: "委员进社区义诊", problems: "线上活动少", nextPlan: "每季度一次线上读书会")
        try db.saveAnnualSummaryText(studioID: s.id!, year: 2026, text: text)
        let saved = try #require(try db.annualSummaryEntry(studioID: s.id!, year: 2026))
        #expect(saved.text == text)
        #expect(saved.editedBy == "李文书")
        #expect(saved.editedAt != nil)
        #expect(!saved.isFinal)

        let doc = try db.annualSummaryDocument(studio: s, year: 2026, profiles: profiles, today: today)
        #expect(doc.text == text)
        try db.finalizeAnnualSummary(doc, on: today)
        let final = try #require(try db.annualSummaryEntry(studioID: s.id!, year: 2026))
        #expect(final.finalizedOn == today && final.finalizedBy == "李文书")
        #expect(final.frozen == doc.summary)
        #expect(try db.finalizedAnnualSummaries(year: 2026) == [s.id!])
        // The 年度总结 year document is written: the 评估表's 有总结 and 达标情况 read it.
        let yearDoc = try #require(try db.yearDocs(studioID: s.id!, year: 2026).first { $0.kind == .summary })
        #expect(yearDoc.date == today)
        #expect(yearDoc.text.hasPrefix("医药卫生界委员工作室2026年度工作总结"))
        #expect(yearDoc.text.contains("委员进社区义诊"))
        // While 定稿 the texts cannot change, and a new record does not change what was finalized.
        #expect(throws: (any Error).self) { try db.saveAnnualSummaryText(studioID: s.id!, year: 2026, text: AnnualSummaryText()) }
        _ = try db.saveActivity(Activity(studioID: s.id!, date: "2026-11-18", category: "reading", categoryName: "读书交流", mode: .online,
                                         title: "定稿后的读书会"), memberIDs: [])
        let frozen = try db.annualSummaryDocument(studio: s, year: 2026, profiles: profiles, today: today)
        #expect(frozen.summary == doc.summary)
        #expect(!frozen.summary.activities.contains { $0.title == "定稿后的读书会" })

        try db.reopenAnnualSummary(studioID: s.id!, year: 2026)
        let open = try db.annualSummaryDocument(studio: s, year: 2026, profiles: profiles, today: today)
        #expect(open.entry?.isFinal == false)
        #expect(open.text == text)
        #expect(open.summary.activities.contains { $0.title == "定稿后的读书会" })
        #expect(open.summary.activityTotal == doc.summary.activityTotal + 1)
    }

    @Test func aNewSummaryStartsFromTheYearsSelfAssessmentTexts() throws {
        let db = try demo()
        let profiles = try profiles()
        // The demo's 2025 results carry the 自查自评's three texts.
        let a = try #require(try db.assessments(year: 2025).first { !$0.highlights.isEmpty && !$0.nextPlan.isEmpty })
        let s = try #require(try db.studio(id: a.studioID))
        let doc = try db.annualSummaryDocument(studio: s, year: 2025, profiles: profiles, today: today)
        #expect(doc.textFromSelfAssessment)
        #expect(doc.text == AnnualSummaryText(highlights: a.highlights, problems: a.problems, nextPlan: a.nextPlan))
        #expect(doc.summary.score?.stage == "主席会议审定")
    }
}
