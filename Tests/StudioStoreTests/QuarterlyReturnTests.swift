import Foundation
import GRDB
import Testing
@testable import StudioCore
@testable import StudioStore
import StudioResources
import TestSupport

/// The quarterly return (季度报送) and receiving it at the office above (issue 23).
@Suite struct QuarterlyReturnTests {
    let q4 = Period(.quarter, year: 2026, index: 4)
    let today = "2026-12-31"

    func profiles() throws -> [RuleProfile] {
        try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
    }

    func county(_ tmp: TempDatabase, _ name: String) throws -> AppDatabase {
        let db = try DemoTemplate.open(path: tmp.path, profiles: profiles())
        try db.setOfficeIdentity(name: name, level: .county)
        return db
    }

    func file(_ db: AppDatabase, madeAt: String) throws -> Data {
        try ReturnFile.encode(db.quarterlyReturn(period: q4, profiles: profiles(), today: today, madeAt: madeAt))
    }

    /// The return's figures are the compliance and the counts of the same records, never recomputed another way.
    @Test func figuresEqualComplianceAndCountsOfTheRecords() throws {
        let tmp = TempDatabase()
        let db = try county(tmp, "甲县")
        let profiles = try profiles()
        let r = try db.quarterlyReturn(period: q4, profiles: profiles, today: today, madeAt: "2026-12-31T10:00:00")
        let studios = try db.studios(runningDuring: q4)
        #expect(r.studios.count == studios.count && !studios.isEmpty)
        let facts = try db.ledgerFactsByStudio(year: 2026)
        for s in studios {
            let row = try #require(r.studios.first { $0.name == s.name })
            let f = try #require(facts[s.id!])
            let profile = try #require(profiles.first { $0.id == s.profileID })
            // Compliance: the core's lines for the quarter, as they are.
            let lines = Compliance.evaluate(profile: profile, year: 2026, quarter: 4, facts: f, today: today)
            #expect(row.compliance == lines.map(StudioReturn.Line.init))
            // Activities: the counted records of the quarter (退回 ones left out), by kind and mode.
            let done = f.done.filter { q4.contains($0.date) && $0.what != "proposal" && $0.what != "sqmy" }
            #expect(row.activityTotal == done.count)
            #expect(row.activities.reduce(0) { $0 + $1.online } == done.filter { $0.mode == .online }.count)
            for kind in row.activities { #expect(kind.total == done.filter { $0.what == kind.id }.count) }
            #expect(row.proposals.total == f.done.filter { q4.contains($0.date) && $0.what == "proposal" }.count)
            #expect(row.sqmy.total == f.done.filter { q4.contains($0.date) && $0.what == "sqmy" }.count)
            #expect(row.duty.held == done.filter { $0.what == "duty" }.count)
            if let m = DutyRule.minimum(of: profile), let l = lines.first(where: { $0.minimumID == m.id }) {
                #expect(row.duty.required == l.required * (m.mode == .eachMode ? 2 : 1) * l.teamSize)
            }
        }
        // The 汇总 of the office alone is the sum of its studios.
        let area = AreaSummary(r, expected: [])
        #expect(area.totals.studios == r.studios.count)
        #expect(area.totals.activitiesTotal == r.studios.reduce(0) { $0 + $1.activityTotal })
        #expect(area.totals.studiosCompliant == r.studios.filter(\.isCompliant).count)
        // Nothing personal: no phone number of any member appears in the file.
        let text = String(decoding: try ReturnFile.encode(r), as: UTF8.self)
        for m in try db.members() where !m.phone.isEmpty { #expect(!text.contains(m.phone)) }
    }

    @Test func receivingTwiceChangesNothingAndANewerReplaces() throws {
        let (ta, tc) = (TempDatabase(), TempDatabase())
        let a = try county(ta, "甲县")
        let city = try tc.open()
        try city.setOfficeIdentity(name: "某市", level: .city)
        let first = try file(a, madeAt: "2026-12-30T09:00:00")
        #expect(try city.receiveReturn(first, receivedAt: "2026-12-31T08:00:00").0 == .received)
        #expect(try city.receiveReturn(first, receivedAt: "2026-12-31T08:05:00").0 == .unchanged)
        #expect(try city.receivedReturns(period: q4).count == 1)
        #expect(try city.receivedReturns(period: q4)[0].receivedAt == "2026-12-31T08:00:00")
        // A newer one replaces; the older one afterwards is refused; still one return of 甲县 for the quarter.
        let second = try file(a, madeAt: "2026-12-31T09:00:00")
        #expect(try city.receiveReturn(second, receivedAt: "2026-12-31T10:00:00").0 == .replaced(previousMadeAt: "2026-12-30T09:00:00"))
        #expect(try city.receiveReturn(first, receivedAt: "2026-12-31T10:01:00").0.isRefused)
        let kept = try city.receivedReturns(period: q4)
        #expect(kept.count == 1 && kept[0].madeAt == "2026-12-31T09:00:00")
        // Kept rows are read-only.
        #expect(throws: (any Error).self) { try city.write(.importData) { db in try db.execute(sql: "UPDATE receivedReturn SET office = 'x'") } }
        // The city's own return carries 甲县's, and the expected offices are those that ever sent.
        let own = try city.quarterlyReturn(period: q4, profiles: profiles(), today: today, madeAt: "2026-12-31T11:00:00")
        #expect(own.lower.map(\.content.office) == ["甲县"])
        #expect(try city.expectedOffices() == ["甲县"])
        let q1 = try city.areaSummary(period: Period(.quarter, year: 2027, index: 1), profiles: profiles(), today: today, madeAt: "2026-12-31T11:00:00").0
        #expect(q1.notSent == ["甲县"])
    }

    /// A receiving file made by `report receive` alone: its level is one above what it received, its row reads 本办.
    @Test func aNewReceivingFileIsAboveWhatItReceives() throws {
        let (ta, tc, tp) = (TempDatabase(), TempDatabase(), TempDatabase())
        let city = try tc.open()
        #expect(try city.officeIdentity().level == .county)
        #expect(try city.receiveReturn(file(county(ta, "甲县"), madeAt: "2026-12-30T09:00:00"), receivedAt: "2026-12-31T08:00:00").0 == .received)
        #expect(try city.officeIdentity().level == .city)
        let (area, _) = try city.areaSummary(period: q4, profiles: profiles(), today: today, madeAt: "2026-12-31T09:00:00")
        #expect(area.offices.first?.name == "本办" && area.offices.first?.level == .city)
        try city.setOfficeIdentity(name: "某市", level: nil)
        let province = try tp.open()
        #expect(try province.receiveReturn(ReturnFile.encode(city.quarterlyReturn(period: q4, profiles: profiles(), today: today,
                                                                                 madeAt: "2026-12-31T10:00:00")),
                                           receivedAt: "2026-12-31T11:00:00").0 == .received)
        #expect(try province.officeIdentity().level == .province)
        // Said once, the level is what was said.
        try city.setOfficeIdentity(name: nil, level: .county)
        #expect(try city.officeIdentity().level == .county)
    }

    @Test func tamperedForeignAndFutureFilesAreRefusedWithTheReason() throws {
        let (ta, tc) = (TempDatabase(), TempDatabase())
        let a = try county(ta, "甲县")
        let city = try tc.open()
        var json = try #require(try JSONSerialization.jsonObject(with: file(a, madeAt: "2026-12-30T09:00:00")) as? [String: Any])
        var content = try #require(json["content"] as? [String: Any])
        content["office"] = "乙县"
        json["content"] = content
        let tampered = try JSONSerialization.data(withJSONObject: json)
        guard case .refused(let why) = try city.receiveReturn(tampered, receivedAt: "2026-12-31T08:00:00").0 else { Issue.record("received"); return }
        #expect(why.contains("校验和不符"))
        json["version"] = 2
        guard case .refused(let later) = try city.receiveReturn(try JSONSerialization.data(withJSONObject: json), receivedAt: "2026-12-31T08:00:00").0 else { Issue.record("received"); return }
        #expect(later.contains("更新版本"))
        guard case .refused(let foreign) = try city.receiveReturn(Data("{\"format\":\"other\"}".utf8), receivedAt: "2026-12-31T08:00:00").0 else { Issue.record("received"); return }
        #expect(foreign.contains("不是 StudioDesk"))
        #expect(try city.receivedReturns().isEmpty)
    }

    /// A kept return is read again by the digest of its text taken on receipt; text changed since is checked in
    /// full again and left out when it fails (as a damaged file is), and one that passes still counts.
    @Test func aKeptReturnChangedSinceIsCheckedInFullAgain() throws {
        let (ta, tc) = (TempDatabase(), TempDatabase())
        let a = try county(ta, "甲县")
        let city = try tc.open()
        let data = try file(a, madeAt: "2026-12-30T09:00:00")
        #expect(try city.receiveReturn(data, receivedAt: "2026-12-31T08:00:00").0 == .received)
        let stored = try #require(try city.read { db in try String.fetchOne(db, sql: "SELECT contentDigest FROM receivedReturn") })
        #expect(stored == ReturnFile.digest(String(decoding: data, as: UTF8.self)))
        let trusted = try city.receivedReturns(period: q4)
        #expect(trusted.map(\.content) == [try ReturnFile.decode(data).content])
        // Another program rewrites the kept text (around the read-only trigger).
        func rewrite(_ text: String, digest: String?) throws {
            try city.write(.importData) { db in
                try db.execute(sql: "DROP TRIGGER IF EXISTS receivedReturn_readOnly")
                try db.execute(sql: "UPDATE receivedReturn SET content = ?, contentDigest = ?", arguments: [text, digest])
            }
        }
        // The same content laid out otherwise: checked in full, it passes and counts as before.
        let compact = String(decoding: try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: data)), as: UTF8.self)
        try rewrite(compact, digest: stored)
        #expect(try city.receivedReturns(period: q4).map(\.content) == trusted.map(\.content))
        // A changed figure: left out, with or without a digest.
        let changed = compact.replacingOccurrences(of: "\"office\":\"甲县\"", with: "\"office\":\"乙县\"")
        #expect(changed != compact)
        try rewrite(changed, digest: stored)
        #expect(try city.receivedReturns(period: q4).isEmpty)
        try rewrite(changed, digest: nil)
        #expect(try city.receivedReturns(period: q4).isEmpty)
    }

    /// A county the province receives directly and also inside its city's return is counted once: the copy made
    /// last, and the 汇总 says which copy it used.
    @Test func anOfficeReceivedTwiceIsCountedOnce() throws {
        let (ta, tc, tp) = (TempDatabase(), TempDatabase(), TempDatabase())
        let a = try county(ta, "甲县")
        let city = try tc.open()
        try city.setOfficeIdentity(name: "某市", level: .city)
        let province = try tp.open()
        try province.setOfficeIdentity(name: "某省", level: .province)
        #expect(try city.receiveReturn(file(a, madeAt: "2026-12-30T09:00:00"), receivedAt: "2026-12-30T10:00:00").0 == .received)
        let cityReturn = try city.quarterlyReturn(period: q4, profiles: profiles(), today: today, madeAt: "2026-12-30T11:00:00")
        #expect(try province.receiveReturn(ReturnFile.encode(cityReturn), receivedAt: "2026-12-31T08:00:00").0 == .received)
        let direct = try file(a, madeAt: "2026-12-31T07:00:00")
        #expect(try province.receiveReturn(direct, receivedAt: "2026-12-31T08:01:00").0 == .received)
        let countyStudios = try a.studios(runningDuring: q4).count
        let (s, _) = try province.areaSummary(period: q4, profiles: profiles(), today: today, madeAt: "2026-12-31T09:00:00")
        #expect(s.totals.studios == countyStudios)
        #expect(s.offices.filter { $0.name == "甲县" }.count == 1)
        // The direct copy is the newer: it is the one in the tree, under the province; the city's holds none now.
        #expect(s.offices.first { $0.name == "甲县" }?.depth == 1)
        #expect(s.offices.first { $0.name == "某市" }?.area.studios == 0)
        #expect(s.duplicates.count == 1)
        #expect(s.duplicates[0].contains("采用本办直接接收的一份") && s.duplicates[0].contains("「某市」报送中所含的一份不重复计入"))
        // The other way round (the city's copy newer), the county stays inside the city.
        let older = AreaSummary(QuarterlyReturn(office: "某省", level: .province, period: q4, madeAt: "2026-12-31T09:00:00", studios: [], lower: [
            .init(receivedAt: "x", checksum: "a", content: cityReturn),
            .init(receivedAt: "y", checksum: "b", content: try ReturnFile.decode(file(a, madeAt: "2026-12-29T07:00:00")).content),
        ]), expected: [])
        #expect(older.totals.studios == countyStudios)
        #expect(older.offices.first { $0.name == "甲县" }?.depth == 2)
        #expect(older.duplicates.first?.contains("采用「某市」报送中所含的一份") == true)
    }

    /// The year-end 总结材料's figures are the four quarters' 汇总 of the same file: studios as of the last quarter with
    /// any, activities and outcomes added up, who did not send a quarter's return named.
    @Test func yearEndFiguresAreTheFourQuartersSummaries() throws {
        let (ta, tc) = (TempDatabase(), TempDatabase())
        let a = try county(ta, "甲县")
        let city = try DemoTemplate.open(path: tc.path, profiles: profiles())
        try city.setOfficeIdentity(name: "某市", level: .city)
        try city.setSetting("expectedOffices", "甲县、乙县")
        #expect(try city.receiveReturn(file(a, madeAt: "2026-12-30T09:00:00"), receivedAt: "2026-12-30T10:00:00").0 == .received)
        let summary = try city.officeYearSummary(year: 2026, profiles: profiles(), today: today, madeAt: "2026-12-31T09:00:00")
        let quarters = try Period.all(.quarter, in: 2026).map {
            try city.areaSummary(period: $0, profiles: profiles(), today: today, madeAt: "2026-12-31T09:00:00").0
        }
        let f = summary.figures
        #expect(f.quarters == quarters)
        #expect(f.studios == quarters[3].totals && f.studios.studios > 0)
        #expect(f.sum.activitiesTotal == quarters.reduce(0) { $0 + $1.totals.activitiesTotal } && f.sum.activitiesTotal > 0)
        #expect(f.sum.proposals.total == quarters.reduce(0) { $0 + $1.totals.proposals.total })
        #expect(f.sum.sqmy.adopted == quarters.reduce(0) { $0 + $1.totals.sqmy.adopted })
        #expect(f.perQuarter.map(\.linesMissed) == quarters.map(\.totals.linesMissed))
        #expect(f.perQuarter.map(\.studiosCompliant) == quarters.map(\.totals.studiosCompliant))
        // The office's own studios and 甲县's Q4 make the year's studios; 甲县 sent Q4 only, 乙县 nothing.
        #expect(f.studios.studios == quarters[3].offices[0].own.studios + (try a.studios(runningDuring: q4).count))
        #expect(f.lowerOffices.map(\.name) == ["甲县", "乙县"])
        #expect(f.lowerOffices[0].made == [nil, nil, nil, "2026-12-30T09:00:00"])
        let sections = summary.sections(own: AnnualSummaryText(highlights: "亮点一\n亮点二"))
        #expect(sections.map(\.heading) == ["一、基本情况", "二、活动开展情况", "三、履职成果", "四、规定次数完成情况", "五、下级单位报送情况",
                                            "六、成绩和特色亮点", "七、存在问题", "八、下一步计划"])
        let text = sections.flatMap(\.blocks).compactMap { b -> String? in if case .paragraph(let p) = b { p } else { nil } }
        #expect(text.contains("全年开展活动 \(f.sum.activitiesTotal) 次，其中线上 \(f.sum.activitiesOnline) 次、线下 \(f.sum.activitiesOffline) 次。"))
        #expect(text.contains { $0.hasPrefix("未按季度报送：一季度：甲县、乙县；") && $0.contains("三季度：甲县、乙县。") })
        let q = f.studios
        #expect(text.contains { $0.hasPrefix("截至2026年第4季度，\(q.studios) 个工作室中 \(q.studiosCompliant) 个全部达标；规定次数要求已完成 \(q.linesMet) 项，") })
        #expect(text.contains("亮点一") && text.contains("亮点二") && text.contains("（未填写）"))
        // The texts are kept per year.
        try city.saveOfficeYearText(year: 2026, text: AnnualSummaryText(highlights: "甲", problems: "乙", nextPlan: "丙"))
        #expect(try city.officeYearText(year: 2026)?.text == AnnualSummaryText(highlights: "甲", problems: "乙", nextPlan: "丙"))
        #expect(try city.officeYearText(year: 2025) == nil)
    }
}
