import Foundation
import GRDB
import Testing
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import StudioResources

/// The office's copy of the wall checklists and the inspections, in a real database file.
@Suite struct WallStoreTests {
    let tmp = TempDatabase()

    // MARK: Helpers

    func profiles() throws -> [RuleProfile] {
        try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory(), "Resources/profiles not found"))
    }

    func synced() throws -> (AppDatabase, [RuleProfile]) {
        let db = try tmp.open()
        let all = try profiles()
        try db.syncChecklists(from: all)
        return (db, all)
    }

    func list(_ db: AppDatabase, _ profileID: String, _ key: String) throws -> WallChecklist {
        try #require(try db.checklists(profileID: profileID).first { $0.list.key == key }, "no list \(profileID)/\(key)")
    }

    func counts(_ db: AppDatabase) throws -> (lists: Int, items: Int, inspections: Int, verdicts: Int) {
        try db.read { db in
            (try WallList.fetchCount(db), try WallItem.fetchCount(db), try Inspection.fetchCount(db), try InspectionVerdict.fetchCount(db))
        }
    }

    /// A studio moved on to `status` through the lifecycle (created as a draft).
    func studio(_ db: AppDatabase, _ name: String, profileID: String = "chenzhou-2019", status: StudioStatus = .plaqued,
                type: StudioType = .sector, sector: String = "", committee: String = "") throws -> Studio {
        let s = try db.createStudio(Studio(name: name, type: type, profileID: profileID, sector: sector, committee: committee))
        var current = StudioStatus.draft
        for next in path(to: status) {
            try db.changeStatus(studioID: s.id!, expected: current, to: next, date: "2026-01-05", reason: "测试")
            current = next
        }
        return try #require(try db.studio(id: s.id!))
    }

    func path(to status: StudioStatus) -> [StudioStatus] {
        switch status {
        case .draft: []
        case .inApproval: [.inApproval]
        case .plaqued: [.inApproval, .plaqued]
        default: [.inApproval, .plaqued, status]
        }
    }

    func verdict(_ c: WallChecklist, _ item: WallItem, _ v: WallVerdict, note: String = "") -> InspectionVerdict {
        InspectionVerdict(itemID: item.id, listKey: c.list.key, listName: c.list.name, itemText: item.text,
                          position: item.position, verdict: v, note: note)
    }

    // MARK: Sync

    @Test func syncCopiesEveryProfileListInOrderAndOnlyOnce() throws {
        let (db, all) = try synced()
        var expectedItems = 0
        for p in all {
            let lists = try db.checklists(profileID: p.id)
            let defaults = WallListEditing.defaults(from: p)
            #expect(lists.map(\.list.key) == p.wallChecklists.map(\.id), "\(p.id)")
            #expect(lists.map(\.list.name) == p.wallChecklists.map(\.name), "\(p.id)")
            #expect(lists.map(\.list.inUse) == defaults.map(\.list.inUse), "\(p.id)")
            #expect(lists.map(\.list.inferred) == p.wallChecklists.map(\.inferred), "\(p.id)")
            #expect(lists.map(\.list.position) == Array(lists.indices), "\(p.id)")
            for (c, seed) in zip(lists, p.wallChecklists) {
                #expect(c.items.map(\.key) == seed.items.map(\.id), "\(p.id)/\(seed.id)")
                #expect(c.items.map(\.text) == seed.items.map(\.text), "\(p.id)/\(seed.id)")
                #expect(c.items.map(\.position) == Array(c.items.indices), "\(p.id)/\(seed.id)")
                #expect(c.items.allSatisfy { $0.isActive && $0.listID == c.list.id })
                expectedItems += seed.items.count
            }
        }
        #expect(try db.checklists(profileID: "shaanxi-2023").filter { !$0.list.inUse }.map(\.list.key)
                == ["five_on_wall", "xixiang_six_on_wall", "tongchuan_three_haves"])
        let first = try counts(db)
        #expect(first.lists == all.map(\.wallChecklists.count).reduce(0, +))
        #expect(first.items == expectedItems)

        let before = try db.checklists(profileIDs: all.map(\.id))
        try db.syncChecklists(from: all)
        let second = try counts(db)
        #expect(second.lists == first.lists && second.items == first.items)
        #expect(try db.checklists(profileIDs: all.map(\.id)) == before)
        #expect(try db.checklists(profileID: "no-such-profile").isEmpty)
    }

    @Test func secondSyncKeepsTheOfficeEdits() throws {
        let (db, all) = try synced()
        let six = try list(db, "chenzhou-2019", "six_on_wall")
        try db.renameWallItem(id: six.items[1].id!, text: "委员风采墙")
        try db.setWallItemRetired(id: six.items[3].id!, on: "2026-06-01")
        try db.moveWallItem(id: six.items[5].id!, up: true)
        let four = try list(db, "chenzhou-2019", "four_haves")
        try db.setWallListInUse(id: four.list.id!, false)
        let five = try list(db, "shaanxi-2023", "five_on_wall")
        try db.setWallListInUse(id: five.list.id!, true)
        let edited = try db.checklists(profileIDs: all.map(\.id))

        try db.syncChecklists(from: all)
        #expect(try db.checklists(profileIDs: all.map(\.id)) == edited)
        let after = try list(db, "chenzhou-2019", "six_on_wall")
        #expect(after.items.map(\.text) == ["委员工作室简介", "委员风采墙", "工作职责", "接待流程", "活动风采栏", "议事栏"])
        #expect(after.items.first { $0.key == "reception_flow" }?.retiredOn == "2026-06-01")
        #expect(after.items.count == 6)
        #expect(try list(db, "chenzhou-2019", "four_haves").list.inUse == false)
        #expect(try list(db, "shaanxi-2023", "five_on_wall").list.inUse == true)
    }

    @Test func aProfileThatGainsAnItemGetsExactlyThatItemAtTheEnd() throws {
        let (db, all) = try synced()
        let six = try list(db, "chenzhou-2019", "six_on_wall")
        try db.moveWallItem(id: six.items[0].id!, up: false)
        try db.renameWallItem(id: six.items[2].id!, text: "职责")
        let added = try db.addWallItem(listID: six.list.id!, text: "便民服务栏")
        let before = try counts(db)

        var changed = all
        let c = try #require(changed.firstIndex { $0.id == "chenzhou-2019" })
        changed[c].wallChecklists[0].items.append(RuleProfile.ChecklistItem(id: "party_building", text: "党建引领栏"))
        try db.syncChecklists(from: changed)

        let after = try list(db, "chenzhou-2019", "six_on_wall")
        #expect(try counts(db).items == before.items + 1)
        #expect(try counts(db).lists == before.lists)
        #expect(after.items.map(\.key) == ["member_wall", "intro", "duties", "reception_flow", "deliberation", "activities",
                                           added.key, "party_building"])
        #expect(after.items.last?.text == "党建引领栏")
        #expect(after.items.last?.position == added.position + 1)
        #expect(after.items.first { $0.key == "duties" }?.text == "职责", "the office's wording stays")
        // Other lists and profiles are untouched.
        #expect(try db.checklists(profileID: "chenzhou-2019").filter { $0.list.key != "six_on_wall" }.map(\.items.count) == [4, 2])

        // A list new to the profile is added after the office's lists.
        changed[c].wallChecklists.append(RuleProfile.Checklist(id: "extra", name: "三公开", inferred: false, source: "", inUse: nil,
                                                               items: [RuleProfile.ChecklistItem(id: "a", text: "公开成员")]))
        try db.syncChecklists(from: changed)
        let lists = try db.checklists(profileID: "chenzhou-2019")
        #expect(lists.map(\.list.key) == ["six_on_wall", "four_haves", "signage_disclosure", "extra"])
        #expect(lists.last?.list.position == 3)
        #expect(lists.last?.items.map(\.text) == ["公开成员"])
        #expect(try counts(db).items == before.items + 2)
    }

    // MARK: Editing

    @Test func addRenameAndMoveItems() throws {
        let (db, _) = try synced()
        var four = try list(db, "chenzhou-2019", "four_haves")
        let a = try db.addWallItem(listID: four.list.id!, text: "  有活动阵地 ")
        #expect(a.key == "office-1")
        #expect(a.text == "有活动阵地")
        #expect(a.position == 4)
        let b = try db.addWallItem(listID: four.list.id!, text: "有工作台账")
        #expect(b.key == "office-2")
        #expect(b.key.hasPrefix("office-"))
        #expect(throws: StoreError.self) { try db.addWallItem(listID: four.list.id!, text: "有固定场所") }
        #expect(throws: StoreError.self) { try db.addWallItem(listID: four.list.id!, text: " ") }
        #expect(throws: StoreError.notFound("这张清单")) { try db.addWallItem(listID: 99_999, text: "有") }
        four = try list(db, "chenzhou-2019", "four_haves")
        #expect(four.items.map(\.text) == ["有固定场所", "有委员队伍", "有工作机制", "有管理主体", "有活动阵地", "有工作台账"])

        try db.renameWallItem(id: a.id!, text: "有活动场地")
        try db.renameWallItem(id: a.id!, text: "有活动场地")  // its own text again
        #expect(throws: StoreError.self) { try db.renameWallItem(id: a.id!, text: "有工作台账") }
        #expect(throws: StoreError.self) { try db.renameWallItem(id: a.id!, text: String(repeating: "有", count: 61)) }
        #expect(try list(db, "chenzhou-2019", "four_haves").items.first { $0.id == a.id }?.text == "有活动场地")

        // Move the last one up twice, the first one down, and over the edges (nothing happens).
        try db.moveWallItem(id: b.id!, up: true)
        try db.moveWallItem(id: b.id!, up: true)
        try db.moveWallItem(id: four.items[0].id!, up: false)
        try db.moveWallItem(id: four.items[1].id!, up: true)  // now first: no-op
        four = try list(db, "chenzhou-2019", "four_haves")
        #expect(four.items.map(\.text) == ["有委员队伍", "有固定场所", "有工作机制", "有工作台账", "有管理主体", "有活动场地"])
        #expect(four.items.map(\.position) == Array(0..<6))
        try db.moveWallItem(id: four.items[5].id!, up: false)  // already last: no-op
        #expect(try list(db, "chenzhou-2019", "four_haves") == four)

        // Positions with gaps and ties are renumbered 0…n-1 at the next move.
        try db.write(.editRecords) { d in
            for (i, p) in [0, 5, 5, 9, 20, 20].enumerated() {
                try d.execute(sql: "UPDATE wallItem SET position = ? WHERE id = ?", arguments: [p, four.items[i].id!])
            }
        }
        try db.moveWallItem(id: four.items[3].id!, up: false)
        four = try list(db, "chenzhou-2019", "four_haves")
        #expect(four.items.map(\.position) == Array(0..<6))
        #expect(four.items.map(\.text) == ["有委员队伍", "有固定场所", "有工作机制", "有管理主体", "有工作台账", "有活动场地"])
    }

    @Test func retiringAndSwitchingListsKeepAListInUseCheckable() throws {
        let (db, _) = try synced()
        let c = try list(db, "chenzhou-2019", "signage_disclosure")
        #expect(c.items.count == 2)
        try db.setWallItemRetired(id: c.items[0].id!, on: "2026-06-01")
        let refused = try #require(throws: StoreError.self) { try db.setWallItemRetired(id: c.items[1].id!, on: "2026-06-01") }
        guard case .validation(let issues) = refused else { Issue.record("expected validation, got \(refused)"); return }
        #expect(issues.map(\.field) == ["retiredOn"])
        #expect(try list(db, "chenzhou-2019", "signage_disclosure").activeItems.map(\.id) == [c.items[1].id])

        // A retired item comes back; with it, the other may go.
        try db.setWallItemRetired(id: c.items[0].id!, on: nil)
        try db.setWallItemRetired(id: c.items[1].id!, on: "2026-06-02")
        var now = try list(db, "chenzhou-2019", "signage_disclosure")
        #expect(now.items.map(\.retiredOn) == [nil, "2026-06-02"])
        // It cannot come back while an active item has its wording.
        try db.renameWallItem(id: c.items[0].id!, text: c.items[1].text)
        #expect(throws: StoreError.self) { try db.setWallItemRetired(id: c.items[1].id!, on: nil) }

        // A list not in use may lose every item, but cannot be switched on with none.
        try db.setWallListInUse(id: c.list.id!, false)
        try db.setWallItemRetired(id: c.items[0].id!, on: "2026-06-03")
        now = try list(db, "chenzhou-2019", "signage_disclosure")
        #expect(now.activeItems.isEmpty && !now.list.inUse)
        let off = try #require(throws: StoreError.self) { try db.setWallListInUse(id: c.list.id!, true) }
        guard case .validation(let offIssues) = off else { Issue.record("expected validation, got \(off)"); return }
        #expect(offIssues.map(\.field) == ["inUse"])
        #expect(try list(db, "chenzhou-2019", "signage_disclosure").list.inUse == false)
        // Switching on an inferred list that has items works.
        let five = try list(db, "shaanxi-2023", "five_on_wall")
        try db.setWallListInUse(id: five.list.id!, true)
        #expect(try list(db, "shaanxi-2023", "five_on_wall").list.inUse)
        #expect(throws: StoreError.notFound("这个条目")) { try db.setWallItemRetired(id: 99_999, on: "2026-06-01") }
    }

    // MARK: Inspections

    @Test func saveInspectionValidatesAndWritesNothingWhenRefused() throws {
        let (db, _) = try synced()
        let s = try studio(db, "甲委员工作室")
        let six = try list(db, "chenzhou-2019", "six_on_wall")
        let good = [verdict(six, six.items[0], .pass)]
        func issues(_ i: Inspection, _ v: [InspectionVerdict]) throws -> [String] {
            let error = try #require(throws: StoreError.self) { try db.saveInspection(i, verdicts: v) }
            guard case .validation(let issues) = error else { Issue.record("expected validation, got \(error)"); return [] }
            return issues.map(\.field)
        }
        #expect(try issues(Inspection(studioID: s.id!, date: "2026-02-30", inspector: "周海燕"), good) == ["date"])
        #expect(try issues(Inspection(studioID: s.id!, date: "2026/03/05", inspector: "周海燕"), good) == ["date"])
        #expect(try issues(Inspection(studioID: s.id!, date: "2026-03-05", inspector: "   "), good) == ["inspector"])
        #expect(try issues(Inspection(studioID: s.id!, date: "2026-03-05", inspector: "周海燕"), []) == ["verdicts"])
        #expect(try issues(Inspection(studioID: s.id!, date: "", inspector: "", onSite: false), []) == ["date", "inspector", "verdicts"])
        #expect(throws: StoreError.notFound("该工作室（可能已被删除）")) {
            try db.saveInspection(Inspection(studioID: 99_999, date: "2026-03-05", inspector: "周海燕"), verdicts: good)
        }
        let c = try counts(db)
        #expect(c.inspections == 0 && c.verdicts == 0)
        #expect(try db.inspections(studioID: s.id!).isEmpty)
    }

    @Test func correctionReplacesVerdictsAndDeleteCascades() throws {
        let (db, _) = try synced()
        let s = try studio(db, "甲委员工作室")
        let six = try list(db, "chenzhou-2019", "six_on_wall")
        let saved = try db.saveInspection(Inspection(studioID: s.id!, date: "2026-03-05", inspector: " 周海燕 ", note: "首次"),
                                          verdicts: six.items.prefix(3).map { verdict(six, $0, .pass) })
        let id = try #require(saved.id)
        #expect(saved.inspector == "周海燕")
        var records = try db.inspections(studioID: s.id!)
        #expect(records.count == 1)
        #expect(records[0].verdicts.count == 3)
        #expect(records[0].verdicts.allSatisfy { $0.inspectionID == id && $0.id != nil })

        // Correction: same id, new verdicts replace the old ones.
        var fix = saved
        fix.inspector = "陈立军"
        fix.onSite = false
        let corrected = try db.saveInspection(fix, verdicts: [verdict(six, six.items[0], .fail, note: "内容未更新"),
                                                               verdict(six, six.items[4], .missing)])
        #expect(corrected.id == id)
        records = try db.inspections(studioID: s.id!)
        #expect(records.count == 1)
        #expect(records[0].inspection.inspector == "陈立军" && !records[0].inspection.onSite)
        #expect(records[0].verdicts.map(\.verdict) == [.fail, .missing])
        #expect(records[0].verdicts.first?.note == "内容未更新")
        #expect(try counts(db).inspections == 1 && counts(db).verdicts == 2)

        var ghost = saved
        ghost.id = 99_999
        #expect(throws: StoreError.notFound("这次检查（可能已被删除）")) { try db.saveInspection(ghost, verdicts: records[0].verdicts) }
        #expect(try counts(db).inspections == 1)

        let second = try db.saveInspection(Inspection(studioID: s.id!, date: "2026-09-08", inspector: "孙晓梅"),
                                           verdicts: [verdict(six, six.items[0], .pass)])
        #expect(try db.inspections(studioID: s.id!).map(\.inspection.date) == ["2026-09-08", "2026-03-05"])
        try db.deleteInspection(id: id)
        #expect(try db.inspections(studioID: s.id!).map(\.inspection.id) == [second.id])
        let c = try counts(db)
        #expect(c.inspections == 1 && c.verdicts == 1, "the deleted inspection's verdicts go with it")
    }

    @Test func oldInspectionsKeepTheirWording() throws {
        let (db, _) = try synced()
        let s = try studio(db, "甲委员工作室")
        let six = try list(db, "chenzhou-2019", "six_on_wall")
        let wall = six.items[1]
        #expect(wall.text == "委员墙")
        try db.saveInspection(Inspection(studioID: s.id!, date: "2026-03-05", inspector: "周海燕"),
                              verdicts: [verdict(six, wall, .fail, note: "照片缺2名新成员")])
        try db.renameWallItem(id: wall.id!, text: "委员风采墙")

        let record = try #require(try db.inspections(studioID: s.id!).first)
        #expect(record.verdicts.map(\.itemText) == ["委员墙"])
        #expect(record.verdicts.map(\.listName) == ["六上墙"])
        #expect(try list(db, "chenzhou-2019", "six_on_wall").items[1].text == "委员风采墙")

        let status = try #require(try db.wallStatus(studioID: s.id!))
        let item = try #require(status.items.first { $0.item.id == wall.id })
        #expect(item.item.text == "委员风采墙")
        #expect(item.latest?.itemText == "委员墙")
        #expect(item.latest?.verdict == .fail)
        #expect(item.problemSince == "2026-03-05")
        #expect(status.problems.count == 1)
        #expect(status.history(of: wall.id!).count == 1)
        #expect(try db.wallStatus(studioID: 99_999) == nil)

        // Retiring the item keeps the old record as it was, and drops it from the status.
        try db.setWallItemRetired(id: wall.id!, on: "2026-06-01")
        #expect(try db.inspections(studioID: s.id!).first?.verdicts.first?.itemID == wall.id)
        #expect(try db.wallStatus(studioID: s.id!)?.problems.isEmpty == true)
    }

    @Test func movingStepsOverRetiredItems() throws {
        let (db, _) = try synced()
        let four = try list(db, "chenzhou-2019", "four_haves")
        try db.setWallItemRetired(id: four.items[1].id!, on: "2026-11-18")
        // 有固定场所 moves down past the retired 有委员队伍 to sit after 有工作机制.
        try db.moveWallItem(id: four.items[0].id!, up: false)
        let after = try list(db, "chenzhou-2019", "four_haves")
        #expect(after.activeItems.map(\.text) == ["有工作机制", "有固定场所", "有管理主体"])
        #expect(after.items.map(\.position) == [0, 1, 2, 3])
    }

    @Test func wallStatusesSkipDraftsAndEndedStudiosAndHonourTheFilter() throws {
        let (db, _) = try synced()
        _ = try studio(db, "草稿委员工作室", status: .draft)
        _ = try studio(db, "撤销委员工作室", status: .revoked)
        _ = try studio(db, "终止委员工作室", status: .terminated)
        _ = try studio(db, "审批中委员工作室", status: .inApproval)  // no plaque yet: not in the overview
        let a = try studio(db, "甲委员工作室", type: .sector, sector: "民盟", committee: "教科卫体委员会")
        let b = try studio(db, "乙委员工作室", profileID: "binjiang-2020", status: .warned, type: .personal, committee: "经济委员会")
        let c = try studio(db, "丙委员工作室", profileID: "shaanxi-2023", status: .rectifying, type: .region, sector: "湖滨街道",
                           committee: "教科卫体委员会")

        let all = try db.wallStatuses()
        #expect(Set(all.map(\.studio.id)) == Set([a.id, b.id, c.id]))
        #expect(all.allSatisfy { $0.studio.status.isActive && $0.studio.status != .draft })
        // Each studio gets its own profile's lists in use.
        #expect(all.first { $0.studio.id == a.id }?.lists.map(\.list.key) == ["six_on_wall", "four_haves", "signage_disclosure"])
        #expect(all.first { $0.studio.id == b.id }?.lists.map(\.list.key) == ["wall_content", "five_haves"])
        #expect(all.first { $0.studio.id == c.id }?.lists.map(\.list.key) == ["wall_layout", "disclosure"])
        #expect(all.allSatisfy { $0.inspections.isEmpty && $0.problems.isEmpty && $0.total > 0 })

        #expect(Set(try db.wallStatuses(WallFilter(committee: "教科卫体委员会")).map(\.studio.id)) == Set([a.id, c.id]))
        #expect(try db.wallStatuses(WallFilter(sector: "民盟")).map(\.studio.id) == [a.id])
        #expect(try db.wallStatuses(WallFilter(type: .personal)).map(\.studio.id) == [b.id])
        #expect(try db.wallStatuses(WallFilter(committee: "经济委员会", type: .region)).isEmpty)

        // An inspection shows up in the overview.
        let six = try list(db, "chenzhou-2019", "six_on_wall")
        try db.saveInspection(Inspection(studioID: a.id!, date: "2026-03-05", inspector: "周海燕"),
                              verdicts: [verdict(six, six.items[0], .missing)])
        let withInspection = try db.wallStatuses(WallFilter(sector: "民盟"))
        #expect(withInspection.first?.lastInspection?.date == "2026-03-05")
        #expect(WallOverview.problems(withInspection, today: "2026-03-15").map(\.days) == [10])
    }

    // MARK: Demo

    @Test func demoLoadWritesInspectionsWithOpenProblems() throws {
        let db = try tmp.open()
        let all = try profiles()
        let data = DemoDataSet.make()
        try db.loadDemo(data, profiles: all)
        let c = try counts(db)
        #expect(c.lists == all.map(\.wallChecklists.count).reduce(0, +))
        #expect(c.inspections == data.inspections(profiles: all).count)
        #expect(c.inspections > 0 && c.verdicts > c.inspections)

        let statuses = try db.wallStatuses()
        #expect(statuses.contains { !$0.problems.isEmpty }, "at least one studio has an open problem")
        #expect(statuses.contains { $0.inspections.isEmpty }, "some studios were never inspected")
        #expect(!WallOverview.problems(statuses, today: "2026-12-01").isEmpty)
        // Every demo verdict points at an active item of a list in use, with that item's wording.
        let lists = try db.checklists(profileIDs: all.map(\.id)).values.flatMap { $0 }
        let items = Dictionary(uniqueKeysWithValues: lists.flatMap { c in c.items.map { ($0.id!, (c, $0)) } })
        for s in statuses {
            for r in s.inspections {
                #expect(r.verdicts.count == s.total, "\(s.studio.name) \(r.inspection.date)")
                for v in r.verdicts {
                    let itemID = try #require(v.itemID)
                    let (c, item) = try #require(items[itemID])
                    #expect(c.list.inUse && item.isActive && item.text == v.itemText && c.list.key == v.listKey)
                }
            }
        }
        // Drafts were not inspected.
        let drafts = try db.studios().filter { $0.status == .draft }
        #expect(!drafts.isEmpty)
        for d in drafts { #expect(try db.inspections(studioID: d.id!).isEmpty) }
    }

    @Test func demoWithoutProfilesWritesNoInspections() throws {
        let db = try tmp.open()
        try db.loadDemo(DemoDataSet.make())
        let c = try counts(db)
        #expect(c.lists == 0 && c.items == 0 && c.inspections == 0 && c.verdicts == 0)
        #expect(try db.studios().count == DemoDataSet.make().studios.count)
        #expect(try db.wallStatuses().allSatisfy { $0.lists.isEmpty && $0.inspections.isEmpty })
        // Loading again into a non-empty file is refused.
        #expect(throws: StoreError.self) { try db.loadDemo(DemoDataSet.make(), profiles: try profiles()) }
    }
}
