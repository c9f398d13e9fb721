import Foundation
import Testing
@testable import StudioDemo
@testable import StudioCore
import StudioResources

/// The wall-content checklists (上墙检查): the lists the seeds ship, where a studio stands after
/// its inspections, the office-wide ordering, editing rules, the filter, and the demo inspections.
@Suite("Wall checklists")
struct WallChecklistTests {
    // MARK: Helpers

    func profiles() throws -> [RuleProfile] {
        try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory(), "Resources/profiles not found"))
    }

    func profile(_ id: String) throws -> RuleProfile {
        try #require(try profiles().first { $0.id == id }, "no profile \(id)")
    }

    /// The office's first copy of a profile's lists, with ids as the store would give them
    /// (lists from `firstListID`, items numbered from `firstItemID` across all lists).
    func checklists(_ profile: RuleProfile, firstListID: Int64 = 1, firstItemID: Int64 = 100) -> [WallChecklist] {
        var nextItem = firstItemID
        return WallListEditing.defaults(from: profile).enumerated().map { i, d in
            var list = d.list
            list.id = firstListID + Int64(i)
            let items = d.items.enumerated().map { j, it -> WallItem in
                defer { nextItem += 1 }
                return WallItem(id: nextItem, listID: list.id!, key: it.key, text: it.text, position: j)
            }
            return WallChecklist(list: list, items: items)
        }
    }

    func list(_ lists: [WallChecklist], _ key: String) throws -> WallChecklist {
        try #require(lists.first { $0.list.key == key }, "no list \(key)")
    }

    func item(_ lists: [WallChecklist], _ listKey: String, _ itemKey: String) throws -> WallItem {
        try #require(try list(lists, listKey).items.first { $0.key == itemKey }, "no item \(listKey)/\(itemKey)")
    }

    func verdict(_ item: WallItem, _ v: WallVerdict, in lists: [WallChecklist]) -> InspectionVerdict {
        let l = lists.first { $0.list.id == item.listID }!.list
        return InspectionVerdict(itemID: item.id, listKey: l.key, listName: l.name, itemText: item.text, position: item.position, verdict: v)
    }

    /// An inspection that found `verdicts` (item → verdict) and nothing else.
    func record(_ id: Int64, _ date: String, onSite: Bool = true, _ verdicts: [(WallItem, WallVerdict)],
                lists: [WallChecklist], studioID: Int64 = 1) -> InspectionRecord {
        InspectionRecord(inspection: Inspection(id: id, studioID: studioID, date: date, inspector: "周海燕", onSite: onSite),
                         verdicts: verdicts.map { verdict($0.0, $0.1, in: lists) })
    }

    /// An inspection that checked every active item of every list in use: `findings` by item id, the rest 合格.
    func fullRecord(_ id: Int64, _ date: String, lists: [WallChecklist], findings: [Int64: WallVerdict] = [:],
                    studioID: Int64 = 1) -> InspectionRecord {
        let items = lists.filter(\.list.inUse).flatMap(\.activeItems)
        return record(id, date, items.map { ($0, findings[$0.id!] ?? .pass) }, lists: lists, studioID: studioID)
    }

    func studio(_ id: Int64, _ name: String, profileID: String = "chenzhou-2019", type: StudioType = .sector,
                sector: String = "", committee: String = "") -> Studio {
        Studio(id: id, name: name, type: type, status: .plaqued, profileID: profileID, sector: sector, committee: committee)
    }

    // MARK: The seeds' lists

    @Test func everyProfileListLoadsWithTheSeedItems() throws {
        let all = try profiles()
        func texts(_ profileID: String, _ name: String) throws -> [String] {
            let p = try #require(all.first { $0.id == profileID })
            let d = try #require(WallListEditing.defaults(from: p).first { $0.list.name == name }, "\(profileID) has no \(name)")
            return d.items.map(\.text)
        }

        #expect(try texts("chenzhou-2019", "六上墙") == ["委员工作室简介", "委员墙", "工作职责", "接待流程", "议事栏", "活动风采栏"])
        #expect(try texts("chenzhou-2019", "四有") == ["有固定场所", "有委员队伍", "有工作机制", "有管理主体"])

        // Binjiang: the union reading — the four items of the 上墙 sentence plus 工作室制度.
        let binjiang = try texts("binjiang-2020", "上墙内容")
        #expect(binjiang.count == 5)
        for (i, word) in ["定位", "人员组成", "特色优势", "牌匾", "工作室制度"].enumerated() {
            #expect(binjiang.indices.contains(i) && binjiang[i].contains(word), "上墙内容[\(i)] should mention \(word): \(binjiang)")
        }
        #expect(try texts("binjiang-2020", "五有") == ["有标识", "有场地", "有制度", "有活动", "有成效"])

        for id in ["shaanxi-2023", "shangluo-2023"] {
            let wall = try texts(id, "墙面布置")
            #expect(wall.count == 5, "\(id)")
            for (i, word) in ["成员名单", "职能", "年度工作安排", "工作流程", "名称标牌"].enumerated() {
                #expect(wall.indices.contains(i) && wall[i].contains(word), "\(id) 墙面布置[\(i)] should mention \(word): \(wall)")
            }
            #expect(try texts(id, "公开") == ["主要职能", "驻室委员照片、职务、专业特长", "值班计划"], "\(id)")
        }

        let ordos = try #require(all.first { $0.id == "ordos-2021" })
        let six = try #require(WallListEditing.defaults(from: ordos).first)
        #expect(six.list.name == "六有")
        #expect(six.items.count == 6)
        #expect(Set(six.items.map(\.key)).count == 6)
        #expect(six.items.allSatisfy { $0.text.hasPrefix("有") })

        #expect(try texts("shaanxi-2023", "六上墙（西乡）").count == 6)
        #expect(try texts("shaanxi-2023", "五上墙").count == 5)
        #expect(try texts("shaanxi-2023", "三有（铜川）") == ["有场所", "有人员", "有制度台账"])
    }

    @Test func onlyTheInferredAlternativeListsStartNotInUse() throws {
        let expectedOff: [String: Set<String>] = [
            "shaanxi-2023": ["five_on_wall", "xixiang_six_on_wall", "tongchuan_three_haves"],
            "shangluo-2023": ["five_on_wall"],
        ]
        let all = try profiles()
        #expect(all.count == 5)
        for p in all {
            let defaults = WallListEditing.defaults(from: p)
            #expect(defaults.count == p.wallChecklists.count, "\(p.id)")
            let off = Set(defaults.filter { !$0.list.inUse }.map(\.list.key))
            #expect(off == expectedOff[p.id, default: []], "\(p.id)")
            // Exactly the inferred lists are the ones switched off.
            #expect(Set(defaults.filter(\.list.inferred).map(\.list.key)) == off, "\(p.id)")
            #expect(defaults.map(\.list.position) == Array(defaults.indices), "\(p.id)")
            #expect(defaults.allSatisfy { $0.list.profileID == p.id && $0.list.id == nil })
            for (d, c) in zip(defaults, p.wallChecklists) {
                #expect(d.list.key == c.id && d.list.name == c.name && d.list.source == c.source)
                #expect(d.items.map(\.key) == c.items.map(\.id))
            }
        }
    }

    // MARK: Where a studio stands

    @Test func latestVerdictComesFromTheNewestInspectionThatCheckedTheItem() throws {
        let lists = checklists(try profile("chenzhou-2019"))
        let intro = try item(lists, "six_on_wall", "intro")
        let wall = try item(lists, "six_on_wall", "member_wall")
        let spring = fullRecord(1, "2026-03-05", lists: lists, findings: [intro.id!: .fail])
        // A later remote check looked at the member wall only; it says nothing about the intro.
        let remote = record(2, "2026-09-08", onSite: false, [(wall, .pass)], lists: lists)
        let status = StudioWallStatus(studio: studio(1, "甲委员工作室"), checklists: lists, inspections: [spring, remote])

        #expect(status.inspections.map(\.inspection.id) == [2, 1])
        #expect(status.lastInspection?.date == "2026-09-08")
        let introStatus = try #require(status.items.first { $0.item.id == intro.id })
        #expect(introStatus.latest?.verdict == .fail)
        #expect(introStatus.latestDate == "2026-03-05")
        #expect(introStatus.timesChecked == 1)
        #expect(introStatus.isProblem)
        let wallStatus = try #require(status.items.first { $0.item.id == wall.id })
        #expect(wallStatus.latest?.verdict == .pass)
        #expect(wallStatus.latestDate == "2026-09-08")
        #expect(wallStatus.timesChecked == 2)
        #expect(status.problems.map(\.item.id) == [intro.id])
        #expect(status.history(of: wall.id!).map(\.inspection.date) == ["2026-09-08", "2026-03-05"])
        #expect(status.history(of: intro.id!).map(\.verdict.verdict) == [.fail])

        // Given in any order, the newest still wins; on the same day the later-entered one does.
        let fixed = record(3, "2026-09-08", [(intro, .pass)], lists: lists)
        let again = StudioWallStatus(studio: status.studio, checklists: lists, inspections: [fixed, spring, remote])
        #expect(again.items.first { $0.item.id == intro.id }?.latest?.verdict == .pass)
        let sameDay = record(4, "2026-09-08", [(intro, .missing)], lists: lists)
        let later = StudioWallStatus(studio: status.studio, checklists: lists, inspections: [sameDay, fixed, spring])
        #expect(later.items.first { $0.item.id == intro.id }?.latest?.verdict == .missing)
        #expect(later.inspections.map(\.inspection.id) == [4, 3, 1])
    }

    @Test func problemSinceIsTheStartOfTheUnbrokenRunOfFailures() throws {
        let lists = checklists(try profile("chenzhou-2019"))
        let intro = try item(lists, "six_on_wall", "intro")
        let duties = try item(lists, "six_on_wall", "duties")
        let flow = try item(lists, "six_on_wall", "reception_flow")
        let inspections = [
            record(1, "2026-01-10", [(intro, .missing), (duties, .fail), (flow, .fail)], lists: lists),
            record(2, "2026-02-01", [(intro, .pass), (duties, .fail), (flow, .fail)], lists: lists),
            record(3, "2026-03-05", [(intro, .fail), (duties, .missing), (flow, .pass)], lists: lists),
            record(4, "2026-09-08", [(intro, .missing), (duties, .fail), (flow, .pass)], lists: lists),
        ]
        // Order of input does not matter.
        let status = StudioWallStatus(studio: studio(1, "甲委员工作室"), checklists: lists, inspections: inspections.reversed())
        let s = try #require(status.items.first { $0.item.id == intro.id })
        #expect(s.latest?.verdict == .missing)
        #expect(s.problemSince == "2026-03-05", "the 合格 of 2026-02-01 ends the earlier run")
        #expect(s.timesChecked == 4)
        #expect(s.daysOpen(today: "2026-09-18") == 197)
        #expect(s.daysOpen(today: "2026-03-05") == 0)
        #expect(s.daysOpen(today: "2026-03-01") == 0, "never negative")

        let d = try #require(status.items.first { $0.item.id == duties.id })
        #expect(d.problemSince == "2026-01-10", "不合格 and 缺失 form one run")
        #expect(d.daysOpen(today: "2026-01-11") == 1)

        let f = try #require(status.items.first { $0.item.id == flow.id })
        #expect(!f.isProblem)
        #expect(f.problemSince == nil)
        #expect(f.daysOpen(today: "2026-09-18") == 0)

        #expect(status.oldestProblemSince == "2026-01-10")
        let unchecked = try #require(status.items.first { $0.item.key == "member_wall" })
        #expect(unchecked.latest == nil && !unchecked.isProblem && unchecked.timesChecked == 0)
        #expect(CivilDate.days(from: "2026-02-28", to: "2026-03-01") == 1)
        #expect(CivilDate.days(from: "2028-02-28", to: "2028-03-01") == 2)
        #expect(CivilDate.days(from: "2026-03-29", to: "2026-03-28") == -1)
        #expect(CivilDate.days(from: "2026-3", to: "2026-03-28") == nil)
    }

    @Test func retiredItemsAndListsNotInUseAreNotCounted() throws {
        var lists = checklists(try profile("shaanxi-2023"))
        let layout = try #require(lists.firstIndex { $0.list.key == "wall_layout" })
        let sign = try item(lists, "wall_layout", "name_sign")
        let i = try #require(lists[layout].items.firstIndex { $0.id == sign.id })
        lists[layout].items[i].retiredOn = "2026-06-01"
        let xixiang = try item(lists, "xixiang_six_on_wall", "intro")

        // Before it was retired, the sign failed; the 西乡 list was checked though not in use.
        let old = record(1, "2026-03-05", [(sign, .fail), (xixiang, .missing)], lists: lists)
        let status = StudioWallStatus(studio: studio(1, "文化艺术界委员工作室", profileID: "shaanxi-2023"), checklists: lists,
                                      inspections: [old])
        #expect(status.lists.map(\.list.key) == ["wall_layout", "disclosure"])
        #expect(status.total == 4 + 3)
        #expect(!status.items.contains { $0.item.id == sign.id })
        #expect(status.problems.isEmpty)
        #expect(status.oldestProblemSince == nil)
        #expect(status.lists.map(\.unchecked) == [4, 3])
        #expect(status.meetsStandard(listKey: "xixiang_six_on_wall") == nil)
        // The old verdict is still in the record of the inspection.
        #expect(status.history(of: sign.id!).map(\.verdict.verdict) == [.fail])

        // Switching the 西乡 list on brings it into the count.
        let x = try #require(lists.firstIndex { $0.list.key == "xixiang_six_on_wall" })
        lists[x].list.inUse = true
        let switched = StudioWallStatus(studio: status.studio, checklists: lists, inspections: [old])
        #expect(switched.total == 4 + 3 + 6)
        #expect(switched.problems.map(\.item.id) == [xixiang.id])
    }

    @Test func meetsStandardAndScorecardPoints() throws {
        let p = try profile("binjiang-2020")
        let lists = checklists(p)
        let card = try #require(p.scorecard)
        let scoreItems = card.sections.flatMap(\.items)
        let wallScore = try #require(scoreItems.first { $0.id == "wall_content" })
        #expect(wallScore.checklist == "wall_content")
        #expect(wallScore.points == 5)
        let other = try #require(scoreItems.first { $0.checklist == nil })
        let s = studio(1, "王五委员工作室", profileID: p.id, type: .personal)
        let content = try list(lists, "wall_content")
        let first = try #require(content.items.first)

        // Not yet fully checked: no verdict on the standard, no points.
        let partial = StudioWallStatus(studio: s, checklists: lists,
                                       inspections: [record(1, "2026-03-05", content.items.dropFirst().map { ($0, .pass) }, lists: lists)])
        let partialContent = try #require(partial.lists.first { $0.list.key == "wall_content" })
        #expect(partialContent.meetsStandard == nil)
        #expect(partialContent.unchecked == 1 && partialContent.passed == 4)
        #expect(partial.meetsStandard(listKey: "wall_content") == nil)
        #expect(partial.points(for: wallScore) == 0)

        let allPass = StudioWallStatus(studio: s, checklists: lists, inspections: [fullRecord(1, "2026-03-05", lists: lists)])
        #expect(allPass.meetsStandard(listKey: "wall_content") == true)
        #expect(allPass.meetsStandard(listKey: "five_haves") == true)
        #expect(allPass.points(for: wallScore) == 5)
        #expect(allPass.points(for: other) == nil)
        #expect(allPass.passed == allPass.total)

        // One item fails later: the standard is not met, no points.
        let failed = StudioWallStatus(studio: s, checklists: lists, inspections: [
            fullRecord(1, "2026-03-05", lists: lists), record(2, "2026-09-08", [(first, .fail)], lists: lists),
        ])
        #expect(failed.meetsStandard(listKey: "wall_content") == false)
        #expect(failed.meetsStandard(listKey: "five_haves") == true)
        #expect(failed.points(for: wallScore) == 0)
        #expect(failed.points(for: other) == nil)

        // A 五有 failure does not cost the 上墙内容 points.
        let fiveFail = StudioWallStatus(studio: s, checklists: lists, inspections: [
            fullRecord(1, "2026-03-05", lists: lists, findings: [try item(lists, "five_haves", "results").id!: .missing]),
        ])
        #expect(fiveFail.meetsStandard(listKey: "five_haves") == false)
        #expect(fiveFail.points(for: wallScore) == 5)
    }

    // MARK: Office-wide overview

    @Test func problemsSortByDaysOpenThenStudioPinyin() throws {
        let lists = checklists(try profile("chenzhou-2019"))
        let intro = try item(lists, "six_on_wall", "intro")
        let duties = try item(lists, "six_on_wall", "duties")
        let site = try item(lists, "four_haves", "fixed_site")
        let jia = studio(1, "甲委员工作室"), yi = studio(2, "乙委员工作室"), bing = studio(3, "丙委员工作室"), ding = studio(4, "丁委员工作室")
        #expect(bing.pinyin < jia.pinyin && jia.pinyin < yi.pinyin)
        let statuses = [
            StudioWallStatus(studio: jia, checklists: lists, inspections: [
                fullRecord(1, "2026-05-01", lists: lists, findings: [site.id!: .missing, duties.id!: .fail, intro.id!: .fail], studioID: 1),
            ]),
            StudioWallStatus(studio: yi, checklists: lists, inspections: [
                fullRecord(2, "2026-03-05", lists: lists, findings: [intro.id!: .fail], studioID: 2),
                fullRecord(3, "2026-09-08", lists: lists, findings: [intro.id!: .missing], studioID: 2),
            ]),
            StudioWallStatus(studio: bing, checklists: lists, inspections: [
                fullRecord(4, "2026-05-01", lists: lists, findings: [duties.id!: .fail], studioID: 3),
            ]),
            StudioWallStatus(studio: ding, checklists: lists, inspections: [fullRecord(5, "2026-02-01", lists: lists, studioID: 4)]),
        ]
        let problems = WallOverview.problems(statuses, today: "2026-09-18")
        #expect(problems.map(\.studio.name) == ["乙委员工作室", "丙委员工作室", "甲委员工作室", "甲委员工作室", "甲委员工作室"])
        #expect(problems.map(\.days) == [197, 140, 140, 140, 140])
        // Within a studio: list order, then item order.
        #expect(problems.suffix(3).map(\.status.item.id) == [intro.id, duties.id, site.id])
        #expect(!problems.contains { $0.studio.id == ding.id })
        #expect(WallOverview.problems([], today: "2026-09-18").isEmpty)
    }

    @Test func studiosOldestProblemFirstThenNeverInspectedThenLongestSinceLastVisit() throws {
        let lists = checklists(try profile("chenzhou-2019"))
        let intro = try item(lists, "six_on_wall", "intro")
        func status(_ s: Studio, _ records: [InspectionRecord]) -> StudioWallStatus {
            StudioWallStatus(studio: s, checklists: lists, inspections: records)
        }
        // 甲: problem since March, inspected again in September (still open).
        let a = status(studio(1, "甲委员工作室"), [
            fullRecord(1, "2026-03-05", lists: lists, findings: [intro.id!: .fail]),
            fullRecord(2, "2026-09-08", lists: lists, findings: [intro.id!: .fail]),
        ])
        // 乙: problem since June.
        let b = status(studio(2, "乙委员工作室"), [fullRecord(3, "2026-06-01", lists: lists, findings: [intro.id!: .missing])])
        // 丙, 丁: never inspected (丙 before 丁 by pinyin: bing < ding).
        let c = status(studio(3, "丙委员工作室"), [])
        let d = status(studio(4, "丁委员工作室"), [])
        // 戊: all 合格, last seen in February; 己: all 合格, last seen in August.
        let e = status(studio(5, "戊委员工作室"), [fullRecord(4, "2026-02-01", lists: lists)])
        let f = status(studio(6, "己委员工作室"), [
            fullRecord(5, "2026-01-10", lists: lists, findings: [intro.id!: .fail]),
            fullRecord(6, "2026-08-01", lists: lists),
        ])
        #expect(c.studio.pinyin < d.studio.pinyin)
        let expected = ["甲委员工作室", "乙委员工作室", "丙委员工作室", "丁委员工作室", "戊委员工作室", "己委员工作室"]
        #expect(WallOverview.studios([f, e, d, c, b, a]).map(\.studio.name) == expected)
        #expect(WallOverview.studios([c, a, e, f, b, d]).map(\.studio.name) == expected)
        #expect(a.oldestProblemSince == "2026-03-05")
        #expect(f.oldestProblemSince == nil, "a fixed problem is no longer open")
    }

    // MARK: Editing

    @Test func checkTextRefusesEmptyTooLongAndDuplicateWording() throws {
        var c = try list(checklists(try profile("chenzhou-2019")), "six_on_wall")
        let wall = c.items[1]
        #expect(WallListEditing.checkText("", in: c) == "条目内容不能为空")
        #expect(WallListEditing.checkText("   ", in: c) == "条目内容不能为空")
        let long = String(repeating: "墙", count: 61)
        #expect(WallListEditing.checkText(long, in: c)?.contains("60") == true)
        #expect(WallListEditing.checkText(String(long.dropFirst()), in: c) == nil, "60 characters are allowed")
        let dup = try #require(WallListEditing.checkText("委员墙", in: c))
        #expect(dup.contains("六上墙") && dup.contains("委员墙"))
        #expect(WallListEditing.checkText(" 委员墙 ", in: c) != nil, "compared after trimming")
        #expect(WallListEditing.checkText("委员墙", in: c, excluding: c.items[0].id) != nil, "another item's wording")
        // Renaming an item to its own text is fine.
        #expect(WallListEditing.checkText("委员墙", in: c, excluding: wall.id) == nil)
        #expect(WallListEditing.checkText("委员风采墙", in: c) == nil)
        // A retired item's wording may be used again.
        c.items[1].retiredOn = "2026-06-01"
        #expect(WallListEditing.checkText("委员墙", in: c) == nil)
    }

    @Test func checkRetireKeepsOneActiveItemInAListInUse() throws {
        var c = try list(checklists(try profile("chenzhou-2019")), "four_haves")
        #expect(c.items.count == 4)
        #expect(WallListEditing.checkRetire(c.items[0], in: c) == nil)
        for i in 1..<4 { c.items[i].retiredOn = "2026-06-01" }
        let refusal = try #require(WallListEditing.checkRetire(c.items[0], in: c))
        #expect(refusal.contains("四有"))
        // An already retired item may be "retired" again; a list not in use may lose its last item.
        #expect(WallListEditing.checkRetire(c.items[1], in: c) == nil)
        c.list.inUse = false
        #expect(WallListEditing.checkRetire(c.items[0], in: c) == nil)
    }

    // MARK: Filter

    @Test func filterAdmitsByCommitteeSectorAndType() {
        let a = studio(1, "甲委员工作室", type: .sector, sector: "民盟", committee: "教科卫体委员会")
        let b = studio(2, "乙委员工作室", type: .region, sector: "湖滨街道", committee: "教科卫体委员会")
        let c = studio(3, "丙委员工作室", type: .sector, sector: "民盟", committee: "经济委员会")
        let all = [a, b, c]
        func names(_ f: WallFilter) -> [String] { all.filter(f.admits).map(\.name) }
        #expect(WallFilter().isEmpty)
        #expect(names(WallFilter()) == ["甲委员工作室", "乙委员工作室", "丙委员工作室"])
        #expect(names(WallFilter(committee: "教科卫体委员会")) == ["甲委员工作室", "乙委员工作室"])
        #expect(names(WallFilter(sector: "民盟")) == ["甲委员工作室", "丙委员工作室"])
        #expect(names(WallFilter(type: .region)) == ["乙委员工作室"])
        #expect(names(WallFilter(committee: "经济委员会", sector: "民盟", type: .sector)) == ["丙委员工作室"])
        #expect(names(WallFilter(committee: "经济委员会", type: .region)).isEmpty)
        #expect(!WallFilter(type: .personal).isEmpty)
    }

    // MARK: Profile check

    @Test func scorecardChecklistMustNameAnExistingList() throws {
        let url = try #require(ResourceLocator.profileDirectory()).appendingPathComponent("binjiang-2020.json")
        let original = try #require(FileManager.default.contents(atPath: url.path))
        let good = try ProfileLoader.load(data: original, file: "binjiang-2020.json")
        #expect(good.scorecard?.sections.flatMap(\.items).contains { $0.checklist == "wall_content" } == true)

        let text = try #require(String(data: original, encoding: .utf8))
        let needle = "\"checklist\": \"wall_content\""
        #expect(text.components(separatedBy: needle).count == 2, "the Binjiang file names the list once")
        let broken = text.replacingOccurrences(of: needle, with: "\"checklist\": \"wall_contents\"")
        let error = try #require(throws: ProfileError.self) {
            _ = try ProfileLoader.load(data: Data(broken.utf8), file: "binjiang-2020.json")
        }
        #expect(error.file == "binjiang-2020.json")
        #expect(error.field.contains("checklist"))
        #expect(error.field.hasPrefix("scorecard."))
        #expect(error.message.contains("wall_contents"))
    }

    // MARK: Verdicts

    @Test func verdictsReadFromKeyOrTitle() {
        #expect(WallVerdict.allCases.map(\.title) == ["合格", "不合格", "缺失"])
        #expect(WallVerdict(text: "fail") == .fail)
        #expect(WallVerdict(text: "缺失") == .missing)
        #expect(WallVerdict(text: "合格") == .pass)
        #expect(WallVerdict(text: "良好") == nil)
        let r = InspectionRecord(inspection: Inspection(studioID: 1, date: "2026-03-05", inspector: "x", onSite: false), verdicts: [
            InspectionVerdict(itemID: 1, listKey: "a", listName: "A", itemText: "一", position: 0, verdict: .pass),
            InspectionVerdict(itemID: 2, listKey: "a", listName: "A", itemText: "二", position: 1, verdict: .fail),
            InspectionVerdict(itemID: 3, listKey: "a", listName: "A", itemText: "三", position: 2, verdict: .fail),
        ])
        #expect(r.count(.pass) == 1 && r.count(.fail) == 2 && r.count(.missing) == 0)
        #expect(r.inspection.modeTitle == "远程")
    }

    // MARK: Demo inspections

    @Test func demoInspectionsAreDeterministicAndOnlyOfRunningStudios() throws {
        let all = try profiles()
        let data = DemoDataSet.make()
        let a = data.inspections(profiles: all)
        let b = DemoDataSet.make().inspections(profiles: all)
        #expect(a.count == b.count)
        #expect(a.map(\.date) == b.map(\.date))
        #expect(a.map(\.studioIndex) == b.map(\.studioIndex))
        #expect(a.map(\.inspector) == b.map(\.inspector))
        #expect(a.map { $0.findings.keys.sorted() } == b.map { $0.findings.keys.sorted() })

        let running = Set(data.studios.indices.filter {
            let s = data.studios[$0].status
            return s.isActive && s != .draft && s != .inApproval
        })
        let inspected = Set(a.map(\.studioIndex))
        #expect(!inspected.isEmpty)
        #expect(inspected.isSubset(of: running))
        #expect(inspected.count < running.count, "some running studios were never inspected")
        #expect(!a.contains { data.studios[$0.studioIndex].status == .draft })
        #expect(!a.contains { !data.studios[$0.studioIndex].status.isActive })
        #expect(a.allSatisfy { DateInput.isISO($0.date) && !$0.inspector.isEmpty })
        #expect(a.contains { !$0.findings.isEmpty }, "some items fail")
        // A studio inspected twice was inspected in spring, then later in the year.
        for i in inspected {
            let dates = a.filter { $0.studioIndex == i }.map(\.date)
            #expect(dates == dates.sorted() && Set(dates).count == dates.count, "\(dates)")
        }

        // Every finding names an item of a list in use of the studio's profile.
        for demo in a {
            let p = try #require(all.first { $0.id == data.studios[demo.studioIndex].profileID })
            let keys = Set(p.wallChecklists.filter { $0.inUse ?? true }.flatMap { c in c.items.map { "\(c.id)/\($0.id)" } })
            #expect(Set(demo.findings.keys).isSubset(of: keys), "\(demo.findings.keys)")
        }
        #expect(data.inspections(profiles: []).isEmpty)
    }
}
