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
        #expect(throws: (any Error).self) { try city.write { db in try db.execute(sql: "UPDATE receivedReturn SET office = 'x'") } }
        // The city's own return carries 甲县's, and the expected offices are those that ever sent.
        let own = try city.quarterlyReturn(period: q4, profiles: profiles(), today: today, madeAt: "2026-12-31T11:00:00")
        #expect(own.lower.map(\.content.office) == ["甲县"])
        #expect(try city.expectedOffices() == ["甲县"])
        let q1 = try city.areaSummary(period: Period(.quarter, year: 2027, index: 1), profiles: profiles(), today: today, madeAt: "2026-12-31T11:00:00").0
        #expect(q1.notSent == ["甲县"])
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
}
