import Foundation
import GRDB
import StudioCore

/// The size of office `studiodesk bench` measures: totals, demo included.
public struct BenchmarkScale: Sendable, Codable {
    public var studios: Int
    public var members: Int
    public var records: Int
    public var years: Int

    public init(studios: Int, members: Int, records: Int, years: Int) {
        self.studios = studios
        self.members = members
        self.records = records
        self.years = years
    }

    /// A province: 300 studios, 6,000 members, 200,000 ledger records over 3 years.
    public static let province = BenchmarkScale(studios: 300, members: 6000, records: 200_000, years: 3)

    /// A whole province in one file (`studiodesk-bench --province`): 3,000 studios, 60,000 members, 2,000,000
    /// records over 3 years.
    public static let wholeProvince = BenchmarkScale(studios: 3000, members: 60000, records: 2_000_000, years: 3)
}

extension AppDatabase {
    /// Grows a demo file to `scale` (totals, the demo's own studios and members counted): running studios copied
    /// from the demo's plaqued ones, the members shared out among them, `records` ledger records spread over the
    /// last `years` years (mostly activities, each with one to three members), two inspections each in `year`.
    /// Deterministic, so every run measures the same office. Not written to the audit log. Written in batches of
    /// about `batchRecords` records a transaction through cached statements, the ledger tables' secondary indexes
    /// made afresh at the end: 2,000,000 records in bounded memory and a bounded WAL.
    public func loadBenchmarkData(scale: BenchmarkScale, year: Int, profiles: [RuleProfile], batchRecords: Int = 50_000) throws {
        try withoutAudit { try generateBenchmarkData(scale: scale, year: year, profiles: profiles, batchRecords: batchRecords) }
    }

    /// The ledger tables whose secondary indexes are dropped while records are generated.
    public static let benchmarkLedgerTables = ["activity", "proposal", "socialInfo", "citizenItem", "ledgerMember"]

    func generateBenchmarkData(scale: BenchmarkScale, year: Int, profiles: [RuleProfile], batchRecords: Int) throws {
        try syncChecklists(from: profiles)
        let (templates, count, memberTotal) = try read { db -> ([Studio], Int, Int) in
            let templates = try Studio.filter(Column("status") == StudioStatus.plaqued.rawValue).fetchAll(db)
                .filter { s in profiles.contains { $0.id == s.profileID } }
            let count = max(0, scale.studios - (try Studio.fetchCount(db)))
            return (templates, count, max(count * 3, scale.members - (try Member.filter(Column("isNonMember") == false).fetchCount(db))))
        }
        guard !templates.isEmpty, count > 0 else { return }
        // Two million rows put one by one into date indexes are random B-tree inserts through a 2 MB page cache;
        // an index made afresh is one sort. The same statements make them again, so the schema is the migrations'.
        let list = Self.benchmarkLedgerTables.map { "'\($0)'" }.joined(separator: ", ")
        let indexes = try write(.importData) { db -> [String] in
            let rows = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(list)) ORDER BY name")
            for row in rows { try db.execute(sql: "DROP INDEX \((row["name"] as String).quotedDatabaseIdentifier)") }
            return rows.map { $0["sql"] }
        }
        let years = max(1, scale.years)
        var memberNumber = 0
        var n = 0
        while n < count {
            try write(.importData) { db in
                var written = 0
                while n < count && written < max(1, batchRecords) {
                    let template = templates[n % templates.count]
                    let profile = profiles.first { $0.id == template.profileID }!
                    var studio = Studio(name: "\(template.name)（压测\(n + 1)）", type: template.type, mode: template.mode, status: .plaqued,
                                        profileID: template.profileID, address: template.address, sector: template.sector, committee: template.committee)
                    try studio.insert(db)
                    var team: [Int64] = []
                    let teamSize = memberTotal / count + (n < memberTotal % count ? 1 : 0)
                    for i in 0..<teamSize {
                        memberNumber += 1
                        var m = Member(name: Self.benchName(memberNumber), sector: template.sector, committee: template.committee,
                                       unitTitle: "压测单位", phone: String(format: "139%08d", memberNumber)).normalized()
                        try m.insert(db)
                        team.append(m.id!)
                        let role: StudioRole = i == 0 ? (profile.roles.contains { $0.role == .convener } ? .convener : .lead)
                            : i == 1 && profile.roles.contains(where: { $0.role == .liaison }) ? .liaison : .resident
                        try StudioMembership(studioID: studio.id!, memberID: m.id!, role: role, joinedOn: "\(year - years)-12-01").insert(db)
                    }
                    let records = scale.records / count + (n < scale.records % count ? 1 : 0)
                    try Self.benchRecords(db, studioID: studio.id!, team: team, profile: profile, count: records, n: n, year: year, years: years)
                    try Self.benchInspections(db, studioID: studio.id!, profile: profile, n: n, year: year)
                    written += max(1, records)
                    n += 1
                }
            }
        }
        try write(.importData) { db in for sql in indexes { try db.execute(sql: sql) } }
    }

    /// Names take no digits (MemberValidator): the number is spelt in Chinese numerals.
    static func benchName(_ number: Int) -> String {
        let digits = Array("〇一二三四五六七八九")
        return "压测委员" + String(String(number).map { digits[Int(String($0))!] })
    }

    /// yyyy-MM-dd without String(format:), which is slow enough to matter two million times.
    static func isoDate(_ y: Int, _ m: Int, _ d: Int) -> String {
        "\(y)-" + (m < 10 ? "0\(m)" : "\(m)") + "-" + (d < 10 ? "0\(d)" : "\(d)")
    }

    /// The records of one studio, through cached statements (what GRDB's record insert would write: the other
    /// columns take their defaults), and who took part in them.
    static func benchRecords(_ db: Database, studioID: Int64, team: [Int64], profile: RuleProfile, count: Int, n: Int, year: Int, years: Int) throws {
        let categories = profile.activityCategories
        let review = try Review.storedJSON(Review())
        let member = try db.cachedStatement(sql: "INSERT INTO ledgerMember(kind, recordID, memberID) VALUES (?, ?, ?)")
        func took(_ kind: LedgerKind, _ id: Int64, _ members: [Int64]) throws {
            for (k, m) in members.enumerated() where !members[..<k].contains(m) { try member.execute(arguments: [kind, id, m]) }
        }
        for r in 0..<count {
            // Oldest year first; the current year stops at November, as a bench run stands on 18 November.
            let y = year - years + 1 + r % years
            let month = y == year ? 1 + (r * 7 + n) % 11 : 1 + (r * 7 + n) % 12
            let date = isoDate(y, month, 1 + (r * 11 + n) % 28)
            switch r % 10 {
            case 0:
                let p = Proposal(studioID: studioID, title: "压测提案\(r)", date: date, kind: .individual)
                try db.cachedStatement(sql: "INSERT INTO proposal (studioID, title, date, kind, status, review) VALUES (?, ?, ?, ?, ?, ?)")
                    .execute(arguments: [p.studioID, p.title, p.date, p.kind.rawValue, p.status.rawValue, review])
                try took(.proposal, db.lastInsertedRowID, [team[r % team.count]])
            case 1:
                let s = SocialInfo(studioID: studioID, title: "压测社情民意\(r)", date: date, channel: "区政协办公室")
                try db.cachedStatement(sql: "INSERT INTO socialInfo (studioID, title, date, channel, status, review) VALUES (?, ?, ?, ?, ?, ?)")
                    .execute(arguments: [s.studioID, s.title, s.date, s.channel, s.status.rawValue, review])
                try took(.sqmy, db.lastInsertedRowID, [team[r % team.count]])
            case 2:
                let c = CitizenItem(studioID: studioID, receivedOn: date, citizen: "群众\(r)", content: "压测意见建议\(r)：路灯不亮")
                try db.cachedStatement(sql: "INSERT INTO citizenItem (studioID, receivedOn, citizen, channel, content, review) VALUES (?, ?, ?, ?, ?, ?)")
                    .execute(arguments: [c.studioID, c.receivedOn, c.citizen, c.channel.rawValue, c.content, review])
            default:
                guard !categories.isEmpty else { continue }
                let c = categories[r % categories.count]
                let a = Activity(studioID: studioID, date: date, category: c.id, categoryName: c.name,
                                 mode: r % 2 == 0 ? .online : .offline, title: "压测\(c.name)\(r)")
                try db.cachedStatement(sql: "INSERT INTO activity (studioID, date, category, categoryName, mode, title, review) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .execute(arguments: [a.studioID, a.date, a.category, a.categoryName, a.mode.rawValue, a.title, review])
                try took(.activity, db.lastInsertedRowID, (0...(r % 3)).map { team[(r + $0) % team.count] })
            }
        }
    }

    static func benchInspections(_ db: Database, studioID: Int64, profile: RuleProfile, n: Int, year: Int) throws {
        let lists = try WallList.filter(Column("profileID") == profile.id && Column("inUse") == true).fetchAll(db)
        for (k, date) in ["\(year)-03-10", "\(year)-09-10"].enumerated() {
            var inspection = Inspection(studioID: studioID, date: date, inspector: "压测检查人")
            try inspection.insert(db)
            var position = 0
            for list in lists {
                for item in try WallItem.filter(Column("listID") == list.id! && Column("retiredOn") == nil).fetchAll(db) {
                    var v = InspectionVerdict(inspectionID: inspection.id!, itemID: item.id, listKey: list.key, listName: list.name,
                                              itemText: item.text, position: position,
                                              verdict: (position + n + k) % 7 == 0 ? .missing : .pass)
                    try v.insert(db)
                    position += 1
                }
            }
        }
    }
}
