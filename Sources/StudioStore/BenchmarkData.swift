import Foundation
import GRDB
import StudioCore

extension AppDatabase {
    /// Grows a demo file into an office far larger than a real district, for `studiodesk bench`:
    /// `studios` more running studios (copies of the demo's running ones, each with ten new members)
    /// and `records` ledger records per studio spread over `year`, plus two inspections each.
    /// One transaction: the point is the size of the result, not the speed of loading it.
    public func loadBenchmarkData(studios count: Int, records: Int, year: Int, profiles: [RuleProfile]) throws {
        try withoutAudit { try generateBenchmarkData(studios: count, records: records, year: year, profiles: profiles) }
    }

    func generateBenchmarkData(studios count: Int, records: Int, year: Int, profiles: [RuleProfile]) throws {
        try syncChecklists(from: profiles)
        try write { db in
            let templates = try Studio.filter(Column("status") == StudioStatus.plaqued.rawValue).fetchAll(db)
                .filter { s in profiles.contains { $0.id == s.profileID } }
            guard !templates.isEmpty else { return }
            var memberNumber = 0
            for n in 0..<count {
                let template = templates[n % templates.count]
                let profile = profiles.first { $0.id == template.profileID }!
                var studio = Studio(name: "\(template.name)（压测\(n + 1)）", type: template.type, mode: template.mode, status: .plaqued,
                                    profileID: template.profileID, address: template.address, sector: template.sector, committee: template.committee)
                try studio.insert(db)
                var team: [Int64] = []
                for i in 0..<10 {
                    memberNumber += 1
                    // Names take no digits (MemberValidator): the number is spelt in Chinese numerals.
                    var m = Member(name: "压测委员" + String(memberNumber).map { "〇一二三四五六七八九"[String.Index(utf16Offset: Int(String($0))!, in: "〇一二三四五六七八九")] }.map(String.init).joined(), sector: template.sector, committee: template.committee,
                                   unitTitle: "压测单位", phone: String(format: "139%08d", memberNumber)).normalized()
                    try m.insert(db)
                    team.append(m.id!)
                    let role: StudioRole = i == 0 ? (profile.roles.contains { $0.role == .convener } ? .convener : .lead)
                        : i == 1 && profile.roles.contains(where: { $0.role == .liaison }) ? .liaison : .resident
                    try StudioMembership(studioID: studio.id!, memberID: m.id!, role: role, joinedOn: "\(year - 1)-12-01").insert(db)
                }
                let categories = profile.activityCategories
                for r in 0..<records {
                    let date = String(format: "%04d-%02d-%02d", year, 1 + (r * 7 + n) % 12, 1 + (r * 11 + n) % 28)
                    switch r % 10 {
                    case 0:
                        var p = Proposal(studioID: studio.id!, title: "压测提案\(r)", date: date, kind: .individual)
                        try p.insert(db)
                        try Self.setMembers(db, kind: .proposal, recordID: p.id!, memberIDs: [team[r % team.count]])
                    case 1:
                        var s = SocialInfo(studioID: studio.id!, title: "压测社情民意\(r)", date: date, channel: "区政协办公室")
                        try s.insert(db)
                        try Self.setMembers(db, kind: .sqmy, recordID: s.id!, memberIDs: [team[r % team.count]])
                    case 2:
                        var c = CitizenItem(studioID: studio.id!, receivedOn: date, citizen: "群众\(r)", content: "压测意见建议\(r)：路灯不亮")
                        try c.insert(db)
                    default:
                        guard !categories.isEmpty else { continue }
                        let c = categories[r % categories.count]
                        var a = Activity(studioID: studio.id!, date: date, category: c.id, categoryName: c.name,
                                         mode: r % 2 == 0 ? .online : .offline, title: "压测\(c.name)\(r)")
                        try a.insert(db)
                        try Self.setMembers(db, kind: .activity, recordID: a.id!,
                                            memberIDs: (0...(r % 3)).map { team[(r + $0) % team.count] })
                    }
                }
                let lists = try WallList.filter(Column("profileID") == profile.id && Column("inUse") == true).fetchAll(db)
                for (k, date) in ["\(year)-03-10", "\(year)-09-10"].enumerated() {
                    var inspection = Inspection(studioID: studio.id!, date: date, inspector: "压测检查人")
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
    }
}
