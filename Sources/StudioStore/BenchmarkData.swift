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
}

extension AppDatabase {
    /// Grows a demo file to `scale` (totals, the demo's own studios and members counted): running studios copied
    /// from the demo's plaqued ones, the members shared out among them, `records` ledger records spread over the
    /// last `years` years (mostly activities, each with one to three members), two inspections each in `year`.
    /// Deterministic, so every run measures the same office. One transaction; not written to the audit log.
    public func loadBenchmarkData(scale: BenchmarkScale, year: Int, profiles: [RuleProfile]) throws {
        try withoutAudit { try generateBenchmarkData(scale: scale, year: year, profiles: profiles) }
    }

    func generateBenchmarkData(scale: BenchmarkScale, year: Int, profiles: [RuleProfile]) throws {
        try syncChecklists(from: profiles)
        try write(.importData) { db in
            let templates = try Studio.filter(Column("status") == StudioStatus.plaqued.rawValue).fetchAll(db)
                .filter { s in profiles.contains { $0.id == s.profileID } }
            guard !templates.isEmpty else { return }
            let count = max(0, scale.studios - (try Studio.fetchCount(db)))
            guard count > 0 else { return }
            let memberTotal = max(count * 3, scale.members - (try Member.filter(Column("isNonMember") == false).fetchCount(db)))
            let years = max(1, scale.years)
            var memberNumber = 0
            for n in 0..<count {
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
            }
        }
    }

    /// Names take no digits (MemberValidator): the number is spelt in Chinese numerals.
    static func benchName(_ number: Int) -> String {
        let digits = Array("〇一二三四五六七八九")
        return "压测委员" + String(String(number).map { digits[Int(String($0))!] })
    }

    static func benchRecords(_ db: Database, studioID: Int64, team: [Int64], profile: RuleProfile, count: Int, n: Int, year: Int, years: Int) throws {
        let categories = profile.activityCategories
        for r in 0..<count {
            // Oldest year first; the current year stops at November, as a bench run stands on 18 November.
            let y = year - years + 1 + r % years
            let month = y == year ? 1 + (r * 7 + n) % 11 : 1 + (r * 7 + n) % 12
            let date = String(format: "%04d-%02d-%02d", y, month, 1 + (r * 11 + n) % 28)
            switch r % 10 {
            case 0:
                var p = Proposal(studioID: studioID, title: "压测提案\(r)", date: date, kind: .individual)
                try p.insert(db)
                try setMembers(db, kind: .proposal, recordID: p.id!, memberIDs: [team[r % team.count]])
            case 1:
                var s = SocialInfo(studioID: studioID, title: "压测社情民意\(r)", date: date, channel: "区政协办公室")
                try s.insert(db)
                try setMembers(db, kind: .sqmy, recordID: s.id!, memberIDs: [team[r % team.count]])
            case 2:
                var c = CitizenItem(studioID: studioID, receivedOn: date, citizen: "群众\(r)", content: "压测意见建议\(r)：路灯不亮")
                try c.insert(db)
            default:
                guard !categories.isEmpty else { continue }
                let c = categories[r % categories.count]
                var a = Activity(studioID: studioID, date: date, category: c.id, categoryName: c.name,
                                 mode: r % 2 == 0 ? .online : .offline, title: "压测\(c.name)\(r)")
                try a.insert(db)
                try setMembers(db, kind: .activity, recordID: a.id!, memberIDs: (0...(r % 3)).map { team[(r + $0) % team.count] })
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
