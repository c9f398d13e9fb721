import Foundation
import GRDB
import StudioCore
import StudioStore

extension AppDatabase {
    /// Loads the demo data set into an empty file, with demo inspections of the checklists of
    /// `profiles` (synced into the file first), in one transaction; then, with profiles, the
    /// quarter's duty plans and their attendance, and the year-end results (2025 approved, 2026 under
    /// way), through the store's own saves (each a transaction, so they are made exactly as a clerk's would be).
    /// The demo district is not a clerk's work: it goes in without audit lines.
    public func loadDemo(_ data: DemoDataSet, profiles: [RuleProfile] = []) throws {
        try withoutAudit { try loadDemoData(data, profiles: profiles) }
    }

    func loadDemoData(_ data: DemoDataSet, profiles: [RuleProfile]) throws {
        if !profiles.isEmpty, try isEmpty() { try syncChecklists(from: profiles) }
        let inspections = data.inspections(profiles: profiles)
        let ledgers = [data.ledger(profiles: profiles, year: 2025), data.ledger(profiles: profiles)]
        try write(.importData) { db in
            try Self.requireEmpty(db, path: path)
            var memberIDs: [Int64] = []
            for var m in data.members {
                m = m.normalized()
                try m.insert(db)
                memberIDs.append(m.id!)
            }
            var studioIDs: [Int64] = []
            for var s in data.studios {
                try s.insert(db)
                studioIDs.append(s.id!)
            }
            for link in data.memberships {
                try StudioMembership(studioID: studioIDs[link.studioIndex], memberID: memberIDs[link.memberIndex],
                                     role: link.role, joinedOn: link.joinedOn).insert(db)
            }
            try Self.setSetting(db, "district", data.districtName)
            let memberID = { (i: Int) in memberIDs[i] }
            for ledger in ledgers {
                for r in ledger.activities {
                    var a = r.value
                    a.studioID = studioIDs[r.studioIndex]
                    try a.insert(db)
                    try Self.setMembers(db, kind: .activity, recordID: a.id!, memberIDs: r.memberIndexes.map(memberID))
                }
                for r in ledger.proposals {
                    var p = r.value
                    p.studioID = studioIDs[r.studioIndex]
                    try p.insert(db)
                    try Self.setMembers(db, kind: .proposal, recordID: p.id!, memberIDs: r.memberIndexes.map(memberID))
                }
                var intakeIDs: [Int64] = []
                for r in ledger.intake {
                    var c = r.value
                    c.studioID = studioIDs[r.studioIndex]
                    try c.insert(db)
                    intakeIDs.append(c.id!)
                }
                var sqmyIDs: [Int64] = []
                for r in ledger.socialInfos {
                    var s = r.value
                    s.studioID = studioIDs[r.studioIndex]
                    try s.insert(db)
                    sqmyIDs.append(s.id!)
                    try Self.setMembers(db, kind: .sqmy, recordID: s.id!, memberIDs: r.memberIndexes.map(memberID))
                }
                for link in ledger.convertedIntake {
                    try Self.linkConvertedIntake(db, intakeID: intakeIDs[link.intakeIndex], sqmyID: sqmyIDs[link.sqmyIndex])
                }
                for r in ledger.yearDocs {
                    var d = r.value
                    d.studioID = studioIDs[r.studioIndex]
                    try d.insert(db)
                }
            }
            for demo in inspections {
                let studio = data.studios[demo.studioIndex]
                let lists = try Self.wallListsInUse(db, profileID: studio.profileID)
                var inspection = Inspection(studioID: studioIDs[demo.studioIndex], date: demo.date, inspector: demo.inspector, onSite: demo.onSite)
                try inspection.insert(db)
                var position = 0
                for (list, items) in lists {
                    for item in items {
                        let finding = demo.findings["\(list.key)/\(item.key)"]
                        var v = InspectionVerdict(inspectionID: inspection.id!, itemID: item.id, listKey: list.key, listName: list.name,
                                                  itemText: item.text, position: position, verdict: finding?.verdict ?? .pass, note: finding?.note ?? "")
                        try v.insert(db)
                        position += 1
                    }
                }
            }
        }
        if !profiles.isEmpty {
            try DemoDuty.load(into: self, profiles: profiles)
            try DemoAssessments.load(into: self, profiles: profiles)
        }
    }
}
