import Foundation
import Testing
@testable import StudioCore
import StudioResources

/// The five shipped rule profiles (Resources/profiles) load, pass validation and carry the
/// numbers printed in the seeds; broken profile files fail with a ProfileError naming the field.
@Suite("Rule profiles")
struct ProfileTests {
    static let expectedIDs = ["binjiang-2020", "chenzhou-2019", "ordos-2021", "shaanxi-2023", "shangluo-2023"]

    // MARK: Helpers

    func directory() throws -> URL {
        try #require(ResourceLocator.profileDirectory(), "Resources/profiles not found")
    }

    func data(_ id: String) throws -> Data {
        let url = try directory().appendingPathComponent("\(id).json")
        return try #require(FileManager.default.contents(atPath: url.path), "missing \(id).json")
    }

    func profile(_ id: String) throws -> RuleProfile {
        try ProfileLoader.load(data: data(id), file: "\(id).json")
    }

    /// A real profile's JSON, changed by `change`, re-serialised.
    func mutated(_ id: String, _ change: (inout [String: Any]) throws -> Void) throws -> Data {
        var json = try #require(try JSONSerialization.jsonObject(with: data(id)) as? [String: Any])
        try change(&json)
        return try JSONSerialization.data(withJSONObject: json)
    }

    /// Loads `data` and returns the ProfileError it must throw.
    func loadError(_ data: Data, file: String = "test.json") throws -> ProfileError {
        try #require(throws: ProfileError.self) {
            _ = try ProfileLoader.load(data: data, file: file)
        }
    }

    // MARK: Loading

    @Test func allFiveLoadWithUniqueIDs() throws {
        let profiles = try ProfileLoader.loadAll(directory: directory())
        #expect(profiles.map(\.id) == Self.expectedIDs)
        #expect(Set(profiles.map(\.id)).count == profiles.count)
        for p in profiles {
            #expect(p.intakeLimitDays == 30, "\(p.id)")
            #expect(!p.approvalChain.isEmpty, "\(p.id)")
            #expect(p.approvalChain.filter(\.isPlaque).count == 1, "\(p.id) has one 授牌 step")
            #expect(p.activityCategories.contains { $0.id == "other" && $0.name == "其他" }, "\(p.id)")
            #expect(!p.notes.isEmpty, "\(p.id)")
        }
    }

    @Test(arguments: expectedIDs)
    func idMatchesFileNameAndSeedIsNamed(_ id: String) throws {
        let p = try profile(id)
        #expect(p.id == id)
        #expect(p.source.seed.hasSuffix(".txt"))
        #expect(p.source.adopted.count == 10 && p.source.adopted.hasPrefix("20"))
        #expect(!p.wallChecklists.isEmpty)
    }

    @Test func levelsAndDocumentNumbers() throws {
        #expect(try profile("binjiang-2020").level == "区")
        #expect(try profile("chenzhou-2019").source.document == "郴协办发〔2019〕8号")
        #expect(try profile("chenzhou-2019").source.adopted == "2019-04-19")
        #expect(try profile("shaanxi-2023").level == "省")
        #expect(try profile("shaanxi-2023").source.document == "陕政协发〔2023〕21号")
        #expect(try profile("shangluo-2023").source.document == "商政协发〔2023〕17号")
        #expect(try profile("ordos-2021").source.document.hasPrefix("鄂政协发〔2021〕1号"))
    }

    // MARK: Shaanxi / Shangluo

    @Test func shaanxiTeamAndRoles() throws {
        let p = try profile("shaanxi-2023")
        #expect(p.team.minMembers == 5)
        #expect(p.team.maxMembers == 20)
        #expect(p.team.maxIsWarning)
        #expect(p.team.oneStudioPerMember)
        #expect(p.team.oneRegionStudioPerArea)
        let convener = try #require(p.roles.first { $0.role == .convener })
        #expect(convener.min == 1 && convener.max == 2)
        let liaison = try #require(p.roles.first { $0.role == .liaison })
        #expect(liaison.min == 1 && liaison.max == 1)
        #expect(p.roles.contains { $0.role == .resident })
        #expect(p.hasOnlineMode)
        #expect(!p.personalNamesAllowed)
        #expect(p.studioTypes == [.region, .sector, .industry])
    }

    @Test func shaanxiCommitteeStepSkipsRegionStudios() throws {
        let p = try profile("shaanxi-2023")
        #expect(p.approvalChain.map(\.name) == ["专委会审核", "分管副主席审示", "主席会议研究", "授牌", "省政协办公厅备案"])
        let committee = try #require(p.approvalChain.first { $0.name == "专委会审核" })
        #expect(Set(committee.appliesTo) == [.sector, .industry])
        #expect(!committee.appliesTo.contains(.region))
        #expect(p.approvalChain.filter { $0.id != committee.id }.allSatisfy { $0.appliesTo.isEmpty })
        #expect(p.approvalChain[3].isPlaque)
        #expect(try profile("shangluo-2023").approvalChain == p.approvalChain)
    }

    @Test func shaanxiFormHas24FieldsWithTwoConvenerBlocks() throws {
        let form = try profile("shaanxi-2023").applicationForm
        #expect(form.title == "创建线上或线下政协委员工作室申报表")
        #expect(form.fields.count == 24)
        #expect(form.memberRows == nil)
        let suffixes = ["name", "phone", "unit_title", "sector", "committee", "expertise"]
        for block in ["convener1", "convener2"] {
            let ids = form.fields.map(\.id).filter { $0.hasPrefix(block + "_") }
            #expect(ids == suffixes.map { "\(block)_\($0)" })
        }
        #expect(form.fields.filter { $0.label.hasPrefix("工作室召集人") }.count == 12)
        #expect(form.fields.first { $0.id == "convener1_name" }?.required == true)
        #expect(form.fields.first { $0.id == "convener2_name" }?.required == false)
        #expect(form.fields.filter { $0.label.hasPrefix("工作室联络员") }.count == 2)
        #expect(form.fields.filter { $0.kind == .opinion }.map(\.label) == ["所属专委会意见", "分管副主席意见", "主席会议意见"])
        #expect(form.fields.filter { $0.kind == .memberTable }.map(\.label) == ["参与委员"])
        #expect(form.fields.first?.label == "工作室名称")
        #expect(form.fields.last?.label == "主席会议意见")
        #expect(try profile("shangluo-2023").applicationForm == form)
    }

    @Test func shaanxiMinimumsUseEachModeAndShangluoDropsIt() throws {
        let shaanxi = try profile("shaanxi-2023")
        let shangluo = try profile("shangluo-2023")
        func min(_ p: RuleProfile, _ id: String) throws -> RuleProfile.Minimum {
            try #require(p.minimums.first { $0.id == id }, "\(p.id) minimum \(id)")
        }
        let duty = try min(shaanxi, "duty")
        #expect(duty.mode == .eachMode)
        #expect(duty.period == .quarter && duty.scope == "member" && duty.count == 1)
        #expect(duty.counts == ["duty"])
        #expect(try min(shangluo, "duty").mode == .any)
        #expect(try min(shangluo, "duty").scope == "member")

        for id in ["reading", "policy", "micro_consult", "micro_supervise"] {
            let m = try min(shaanxi, id)
            #expect(m.mode == .eachMode && m.count == 2 && m.period == .year, "\(id)")
        }
        #expect(try min(shangluo, "reading").mode == .eachMode)
        #expect(try min(shangluo, "policy").mode == .eachMode)
        #expect(try min(shangluo, "micro_consult").mode == .any)
        #expect(try min(shangluo, "micro_supervise").mode == .any)

        let service = try min(shaanxi, "service")
        #expect(service.mode == .any && service.count == 2 && service.period == .year)

        let outcome = try min(shaanxi, "proposal_or_sqmy")
        #expect(outcome.counts == ["proposal", "sqmy"])
        #expect(outcome.count == 1 && outcome.period == .quarter && outcome.scope == "studio")
    }

    @Test func shaanxiConsequencesAndCalendar() throws {
        let p = try profile("shaanxi-2023")
        let first = try #require(p.consequences.first { $0.trigger == "firstFail" })
        #expect(first.status == .warned)
        let repeated = try #require(p.consequences.first { $0.trigger == "consecutiveFails" })
        #expect(repeated.times == 2 && repeated.status == .delisted)
        #expect(p.assessment.method == "verdict")
        #expect(p.scorecard == nil)
        #expect(p.calendar.contains { $0.month == 9 && $0.day == 21 })
        #expect(p.calendar.contains { $0.month == 11 && $0.day == 30 })
        #expect(p.calendar.contains { $0.month == 12 && $0.day == 31 })
        #expect(p.calendar.contains { $0.month == nil && $0.recurrence == "quarterEnd" })
    }

    @Test func shaanxiWallListsMarkInferredOnes() throws {
        let p = try profile("shaanxi-2023")
        let wall = try #require(p.wallChecklists.first { $0.id == "wall_layout" })
        #expect(!wall.inferred)
        #expect(wall.items.map(\.text).prefix(4) == ["工作室成员名单", "职能", "年度工作安排", "工作流程"])
        let five = try #require(p.wallChecklists.first { $0.name == "五上墙" })
        #expect(five.inferred)
        #expect(five.items.count == 5)
        #expect(five.items.last?.text == "值班计划")
        let xixiang = try #require(p.wallChecklists.first { $0.id == "xixiang_six_on_wall" })
        #expect(xixiang.inferred && xixiang.source.contains("西乡") && xixiang.items.count == 6)
        let tongchuan = try #require(p.wallChecklists.first { $0.id == "tongchuan_three_haves" })
        #expect(tongchuan.inferred && tongchuan.items.map(\.text) == ["有场所", "有人员", "有制度台账"])
    }

    // MARK: Binjiang

    @Test func binjiangScorecard() throws {
        let p = try profile("binjiang-2020")
        let card = try #require(p.scorecard)
        #expect(card.title == "委员工作室评估表")
        #expect(card.sections.map(\.cap) == [15, 20, 30, 35])
        #expect(card.sections.map(\.cap).reduce(0, +) == 100)
        for s in card.sections {
            #expect(s.items.map(\.points).reduce(0, +) == s.cap, "\(s.name)")
        }
        #expect(card.passMark == 80)
        let items = card.sections.flatMap(\.items)
        #expect(items.count == 11)
        #expect(items.first { $0.id == "proposal" }?.points == 20)
        #expect(items.first { $0.id == "sqmy" }?.points == 15)
        #expect(card.bonus.map(\.pointsEach) == [10, 5, 5, 10])
        #expect(p.assessment.method == "scorecard")
    }

    @Test func binjiangRulesFromTheText() throws {
        let p = try profile("binjiang-2020")
        #expect(p.team.allowsNonMembers)
        #expect(p.team.minMembers == nil && p.team.maxMembers == nil)
        #expect(p.personalNamesAllowed)
        let lead = try #require(p.roles.first { $0.role == .lead })
        #expect(lead.min == 1 && lead.max == 1)
        #expect(p.approvalChain.map(\.name) == ["委员工委审核", "主席会议审议", "授牌"])
        #expect(p.approvalChain.last?.isPlaque == true)

        let form = p.applicationForm
        #expect(form.title == "创建委员工作室申报表")
        #expect(form.memberRows == 6)
        #expect(form.fields.first?.label == "申报单位")
        let address = try #require(form.fields.first { $0.label == "地址" })
        #expect(address.guidance == "地点需标明XXX路XXX号，在大厦的还需标明具体楼层")

        let activities = try #require(p.minimums.first { $0.counts == ["activity"] })
        #expect(activities.count == 3 && activities.period == .year)
        #expect(p.minimums.first { $0.counts == ["proposal"] }?.count == 1)
        #expect(p.minimums.first { $0.counts == ["sqmy"] }?.count == 3)

        let wall = try #require(p.wallChecklists.first { $0.id == "wall_content" })
        #expect(wall.items.count == 5)
        #expect(wall.items.contains { $0.text.contains("特色优势") })
        #expect(wall.items.contains { $0.text.contains("制度") })
        #expect(p.wallChecklists.first { $0.name == "五有" }?.items.map(\.text) == ["有标识", "有场地", "有制度", "有活动", "有成效"])

        let rectify = try #require(p.consequences.first { $0.trigger == "firstFail" })
        #expect(rectify.status == .rectifying && rectify.months == 6)
        #expect(p.consequences.contains { $0.status == .terminated })
        #expect(p.calendar.contains { $0.month == 11 && $0.day == 10 })
    }

    // MARK: Chenzhou

    @Test func chenzhouChainHasFiveStepsInOrder() throws {
        let p = try profile("chenzhou-2019")
        #expect(p.approvalChain.count == 5)
        #expect(p.approvalChain.map(\.name) == ["委员学习联络委审核", "秘书长审核", "分管副主席审核", "主席会议审定", "授牌"])
        #expect(p.approvalChain.map(\.isPlaque) == [false, false, false, false, true])
        #expect(p.applicationForm.fields.count == 16)
        #expect(p.applicationForm.memberRows == 6)
        #expect(p.minimums.isEmpty)
        #expect(p.scorecard == nil)
        let revoke = try #require(p.consequences.first { $0.trigger == "consecutiveFails" })
        #expect(revoke.times == 2 && revoke.status == .revoked)
        #expect(p.consequences.first { $0.trigger == "termEnd" }?.status == .terminated)
    }

    @Test func chenzhouSixOnWall() throws {
        let p = try profile("chenzhou-2019")
        let six = try #require(p.wallChecklists.first { $0.name == "六上墙" })
        #expect(!six.inferred)
        #expect(six.items.map(\.text) == ["委员工作室简介", "委员墙", "工作职责", "接待流程", "议事栏", "活动风采栏"])
        let four = try #require(p.wallChecklists.first { $0.name == "四有" })
        #expect(four.items.map(\.text) == ["有固定场所", "有委员队伍", "有工作机制", "有管理主体"])
    }

    // MARK: Ordos

    @Test func ordosHasNoFormAndMapsItsRoles() throws {
        let p = try profile("ordos-2021")
        #expect(p.applicationForm.title.isEmpty)
        #expect(p.applicationForm.fields.isEmpty)
        #expect(p.applicationForm.memberRows == nil)
        let lead = try #require(p.roles.first { $0.role == .lead })
        #expect(lead.min == 1 && lead.max == 1)
        let deputy = try #require(p.roles.first { $0.role == .convener })
        #expect(deputy.max == 1)
        #expect(p.notes.contains { $0.contains("主任") && $0.contains("lead") && $0.contains("convener") })
        let quarterly = try #require(p.minimums.first)
        #expect(quarterly.period == .quarter && quarterly.count == 1 && quarterly.counts == ["activity"])
        #expect(p.consequences.count == 1 && p.consequences[0].trigger == "pass" && p.consequences[0].status == nil)
        #expect(p.wallChecklists.first?.name == "六有")
        #expect(p.wallChecklists.first?.items.count == 6)
        #expect(p.naming.contains { $0.suffix == "委员之家（委员工作室）" })
    }

    // MARK: Broken files

    @Test func malformedJSON() throws {
        let error = try loadError(Data("{ \"id\": \"x\", ".utf8), file: "broken.json")
        #expect(error.file == "broken.json")
        #expect(error.field == "")
        #expect(error.message.contains("JSON"))
    }

    @Test func missingField() throws {
        let top = try loadError(mutated("binjiang-2020") { $0.removeValue(forKey: "intakeLimitDays") }, file: "binjiang-2020.json")
        #expect(top.file == "binjiang-2020.json")
        #expect(top.field == "intakeLimitDays")

        let nested = try loadError(mutated("shaanxi-2023") { json in
            var team = try #require(json["team"] as? [String: Any])
            team.removeValue(forKey: "maxIsWarning")
            json["team"] = team
        })
        #expect(nested.field == "team.maxIsWarning")
        #expect(nested.description.contains("team.maxIsWarning"))
    }

    @Test func wrongType() throws {
        let error = try loadError(mutated("shaanxi-2023") { json in
            var team = try #require(json["team"] as? [String: Any])
            team["minMembers"] = "5"
            json["team"] = team
        }, file: "shaanxi-2023.json")
        #expect(error.file == "shaanxi-2023.json")
        #expect(error.field == "team.minMembers")
    }

    @Test func unknownEnumValue() throws {
        let error = try loadError(mutated("shaanxi-2023") { $0["studioTypes"] = ["region", "committee"] })
        #expect(error.field == "studioTypes[1]")
    }

    @Test func minAboveMax() throws {
        let team = try loadError(mutated("shaanxi-2023") { json in
            var team = try #require(json["team"] as? [String: Any])
            team["minMembers"] = 25
            json["team"] = team
        })
        #expect(team.field == "team.maxMembers")

        let role = try loadError(mutated("shaanxi-2023") { json in
            var roles = try #require(json["roles"] as? [[String: Any]])
            let convener = try #require(roles.firstIndex { $0["role"] as? String == "convener" })
            roles[convener]["min"] = 3
            json["roles"] = roles
        })
        #expect(role.field == "roles[0].max")
    }

    @Test func minimumCountingUnknownCategory() throws {
        let error = try loadError(mutated("shaanxi-2023") { json in
            var minimums = try #require(json["minimums"] as? [[String: Any]])
            minimums[0]["counts"] = ["reading", "karaoke"]
            json["minimums"] = minimums
        }, file: "shaanxi-2023.json")
        #expect(error.file == "shaanxi-2023.json")
        #expect(error.field == "minimums[0].counts")
        #expect(error.message.contains("karaoke"))
    }

    @Test func duplicateChecklistItemIDs() throws {
        let error = try loadError(mutated("chenzhou-2019") { json in
            var lists = try #require(json["wallChecklists"] as? [[String: Any]])
            var items = try #require(lists[0]["items"] as? [[String: Any]])
            items[1]["id"] = items[0]["id"]
            lists[0]["items"] = items
            json["wallChecklists"] = lists
        }, file: "chenzhou-2019.json")
        #expect(error.file == "chenzhou-2019.json")
        #expect(error.field == "wallChecklists[0].items")
    }

    @Test func duplicateProfileIDsAcrossFiles() throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("profile-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try data("ordos-2021")
        try original.write(to: dir.appendingPathComponent("a.json"))
        try original.write(to: dir.appendingPathComponent("b.json"))
        let error = try #require(throws: ProfileError.self) {
            _ = try ProfileLoader.loadAll(directory: dir)
        }
        #expect(error.file == "b.json")
        #expect(error.field == "id")
    }

    @Test func roundTripsThroughJSONSerialization() throws {
        // The mutation helper itself must not change a valid profile.
        for id in Self.expectedIDs {
            let again = try ProfileLoader.load(data: mutated(id) { _ in }, file: "\(id).json")
            #expect(try again == profile(id))
        }
    }
}

@Suite struct ProfileUnknownKeyTests {
    @Test func misspeltKeyIsReportedWithItsPath() throws {
        let dir = try #require(ResourceLocator.profileDirectory())
        let data = try Data(contentsOf: dir.appendingPathComponent("shaanxi-2023.json"))
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var team = try #require(json["team"] as? [String: Any])
        team["maxMember"] = 20
        json["team"] = team
        let bad = try JSONSerialization.data(withJSONObject: json)
        #expect(throws: ProfileError(file: "x.json", field: "team.maxMember", message: "未知字段（是否拼写有误？）")) {
            try ProfileLoader.load(data: bad, file: "x.json")
        }
    }
}
