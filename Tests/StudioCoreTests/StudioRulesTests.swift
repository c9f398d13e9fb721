import Foundation
import Testing
@testable import StudioDemo
@testable import StudioCore
import StudioResources

/// Studio and team rule checks against the five shipped profiles, with the numbers the seeds print
/// (陕西/商洛: 5–20 驻室委员, 20 a warning; 1–2 召集人; exactly 1 联络员; one studio per member;
/// no new personal-name studios; one 区域 studio per area. 滨江: 领衔委员 + 参与委员 + 其他成员).
@Suite struct StudioRulesTests {
    let profiles: [String: RuleProfile]

    init() throws {
        let dir = try #require(ResourceLocator.profileDirectory(), "Resources/profiles not found")
        let all = try ProfileLoader.loadAll(directory: dir)
        profiles = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
    }

    // MARK: Helpers

    func profile(_ id: String) throws -> RuleProfile {
        try #require(profiles[id], "profile \(id) not shipped")
    }

    static let names = [
        "张雪琴", "李建国", "王秀英", "刘志强", "陈丽华", "杨文博", "赵敏", "黄海涛", "周静", "吴国栋",
        "徐慧", "孙立军", "胡晓燕", "朱明辉", "高俊", "林婉清", "何永红", "郭振华", "马丽娟", "罗宏伟",
        "梁晓东", "宋佳", "郑凯", "谢文静", "韩磊",
    ]

    /// A Shaanxi-style team of `count` members (ids 1…count): conveners first, then liaisons, then 驻室委员.
    static func shaanxiTeam(_ count: Int, conveners: Int = 1, liaisons: Int = 1) -> [TeamMember] {
        (0..<count).map { i in
            let role: StudioRole = i < conveners ? .convener : (i < conveners + liaisons ? .liaison : .resident)
            return TeamMember(memberID: Int64(i + 1), name: names[i], role: role)
        }
    }

    /// A 滨江-style team: 领衔委员 then 参与委员 (ids 1…count).
    static func leadTeam(_ count: Int) -> [TeamMember] {
        (0..<count).map { i in
            TeamMember(memberID: Int64(i + 1), name: names[i], role: i == 0 ? .lead : .participant)
        }
    }

    static func region(_ team: [TeamMember], name: String = "明湖区湖滨街道委员工作室") -> StudioCheckInput {
        StudioCheckInput(name: name, type: .region, address: "明湖区湖滨路88号湖滨街道党群服务中心3楼",
                         area: "湖滨街道", team: team)
    }

    static func binjiangPersonal(_ team: [TeamMember], name: String = "张雪琴委员工作室") -> StudioCheckInput {
        StudioCheckInput(name: name, type: .personal, address: "明湖区文昌路8号翰墨书院1楼", team: team)
    }

    func check(_ input: StudioCheckInput, _ id: String) throws -> [FieldIssue] {
        StudioRuleChecker.check(input, profile: try profile(id))
    }

    static func on(_ field: String, _ issues: [FieldIssue]) -> [FieldIssue] {
        issues.filter { $0.field == field }
    }

    static func errors(_ issues: [FieldIssue]) -> [FieldIssue] {
        issues.filter { $0.severity == .error }
    }

    // MARK: Baselines

    @Test func shippedProfilesCarryTheSeedNumbers() throws {
        for id in ["shaanxi-2023", "shangluo-2023"] {
            let p = try profile(id)
            #expect(p.team.minMembers == 5 && p.team.maxMembers == 20 && p.team.maxIsWarning)
            #expect(p.team.oneStudioPerMember && p.team.oneRegionStudioPerArea && !p.team.allowsNonMembers)
            #expect(!p.personalNamesAllowed)
        }
        let b = try profile("binjiang-2020")
        #expect(b.team.allowsNonMembers && b.personalNamesAllowed && !b.team.oneStudioPerMember)
        #expect(b.team.minMembers == nil && b.team.maxMembers == nil)
    }

    @Test(arguments: ["shaanxi-2023", "shangluo-2023"])
    func validShaanxiRegionStudioPasses(id: String) throws {
        let issues = try check(Self.region(Self.shaanxiTeam(8, conveners: 2)), id)
        #expect(issues.isEmpty, "\(issues)")
    }

    @Test func validBinjiangPersonalStudioPasses() throws {
        var team = Self.leadTeam(6)
        team.append(TeamMember(memberID: nil, name: "陈书法", role: .other))
        let issues = try check(Self.binjiangPersonal(team), "binjiang-2020")
        #expect(issues.isEmpty, "\(issues)")
    }

    @Test func validStudiosUnderChenzhouAndOrdosPass() throws {
        let chenzhou = StudioCheckInput(name: "李建国委员工作室", type: .personal, address: "明湖区青石镇茶园路3号",
                                        team: Self.leadTeam(5))
        #expect(try check(chenzhou, "chenzhou-2019").isEmpty)
        var ordosTeam = Self.leadTeam(7)
        ordosTeam[1].role = .convener
        let ordos = StudioCheckInput(name: "明湖区西岭街道委员之家（委员工作室）", type: .region,
                                     address: "明湖区西岭路9号西岭街道党群服务中心2楼", area: "西岭街道", team: ordosTeam)
        let issues = try check(ordos, "ordos-2021")
        #expect(issues.isEmpty, "\(issues)")
    }

    // MARK: Team size

    @Test(arguments: ["shaanxi-2023", "shangluo-2023"])
    func teamSizeAgainstFiveToTwenty(id: String) throws {
        let four = Self.on("team", try check(Self.region(Self.shaanxiTeam(4)), id))
        #expect(four.count == 1)
        #expect(four.first?.severity == .error)
        #expect(four.first?.message == "团队共有委员 4 人，少于 5 人的下限（非委员不计）")

        #expect(Self.on("team", try check(Self.region(Self.shaanxiTeam(5)), id)).isEmpty)
        #expect(Self.on("team", try check(Self.region(Self.shaanxiTeam(20)), id)).isEmpty)

        let all21 = try check(Self.region(Self.shaanxiTeam(21)), id)
        let over = Self.on("team", all21)
        #expect(over.count == 1)
        #expect(over.first?.severity == .warning)
        #expect(over.first?.message.contains("21") == true && over.first?.message.contains("20") == true)
        #expect(Self.errors(all21).isEmpty, "21 members must not block: \(all21)")
    }

    @Test func teamSizeCountsEveryRole() throws {
        // 2 召集人 + 1 联络员 + 1 驻室委员 = 4, below 5, though only one is a 驻室委员.
        let issues = Self.on("team", try check(Self.region(Self.shaanxiTeam(4, conveners: 2)), "shaanxi-2023"))
        #expect(issues.map(\.message) == ["团队共有委员 4 人，少于 5 人的下限（非委员不计）"])
    }

    @Test func maximumIsAnErrorWhenTheProfileSaysSo() throws {
        var strict = try profile("shaanxi-2023")
        strict.team.maxIsWarning = false
        let issues = Self.on("team", StudioRuleChecker.check(Self.region(Self.shaanxiTeam(21)), profile: strict))
        #expect(issues.count == 1)
        #expect(issues.first?.severity == .error)
    }

    @Test func limitsAreReadFromTheProfile() throws {
        var custom = try profile("shaanxi-2023")
        custom.team.minMembers = 3
        custom.team.maxMembers = 6
        #expect(Self.on("team", StudioRuleChecker.check(Self.region(Self.shaanxiTeam(4)), profile: custom)).isEmpty)
        let seven = Self.on("team", StudioRuleChecker.check(Self.region(Self.shaanxiTeam(7)), profile: custom))
        #expect(seven.first?.message == "团队共有委员 7 人，超过 6 人的上限，请确认")
    }

    @Test func binjiangHasNoTeamSizeLimits() throws {
        #expect(Self.on("team", try check(Self.binjiangPersonal(Self.leadTeam(1)), "binjiang-2020")).isEmpty)
        #expect(Self.on("team", try check(Self.binjiangPersonal(Self.leadTeam(25)), "binjiang-2020")).isEmpty)
    }

    // MARK: Roles

    @Test(arguments: ["shaanxi-2023", "shangluo-2023"])
    func convenersOneOrTwo(id: String) throws {
        let none = Self.on("role.convener", try check(Self.region(Self.shaanxiTeam(6, conveners: 0)), id))
        #expect(none.count == 1)
        #expect(none.first?.severity == .error)
        #expect(none.first?.message == "还没有召集人，须有 1 至 2 名")

        let three = Self.on("role.convener", try check(Self.region(Self.shaanxiTeam(6, conveners: 3)), id))
        #expect(three.map(\.message) == ["召集人 3 名，最多 2 名"])
        #expect(three.first?.severity == .error)

        for ok in [1, 2] {
            #expect(Self.on("role.convener", try check(Self.region(Self.shaanxiTeam(6, conveners: ok)), id)).isEmpty)
        }
    }

    @Test(arguments: ["shaanxi-2023", "shangluo-2023"])
    func exactlyOneLiaison(id: String) throws {
        let none = Self.on("role.liaison", try check(Self.region(Self.shaanxiTeam(6, liaisons: 0)), id))
        #expect(none.map(\.message) == ["还没有联络员，须有 1 名"])
        #expect(none.first?.severity == .error)

        let two = Self.on("role.liaison", try check(Self.region(Self.shaanxiTeam(6, liaisons: 2)), id))
        #expect(two.map(\.message) == ["联络员 2 名，最多 1 名"])
        #expect(two.first?.severity == .error)

        #expect(Self.on("role.liaison", try check(Self.region(Self.shaanxiTeam(6, liaisons: 1)), id)).isEmpty)
    }

    @Test func rolesTheProfileDoesNotListAreRefused() throws {
        // 陕西 has no 领衔委员.
        var team = Self.shaanxiTeam(6)
        team[5].role = .lead
        let lead = Self.on("role.lead", try check(Self.region(team), "shaanxi-2023"))
        #expect(lead.count == 1)
        #expect(lead.first?.severity == .error)
        #expect(lead.first?.message.hasPrefix("本地规则没有「领衔委员」这一角色") == true)
        #expect(lead.first?.message.contains(Self.names[5]) == true)

        // 滨江 has no 召集人 or 驻室委员.
        var bj = Self.leadTeam(4)
        bj[1].role = .convener
        bj[2].role = .resident
        let issues = try check(Self.binjiangPersonal(bj), "binjiang-2020")
        #expect(Self.on("role.convener", issues).first?.message.hasPrefix("本地规则没有「召集人」这一角色") == true)
        #expect(Self.on("role.resident", issues).first?.message.hasPrefix("本地规则没有「驻室委员」这一角色") == true)

        // 鄂尔多斯 has no 联络员 (主任 = lead, 副主任 = convener).
        var ordos = Self.leadTeam(5)
        ordos[2].role = .liaison
        let o = StudioCheckInput(name: "明湖区西岭街道委员之家（委员工作室）", type: .region,
                                 address: "明湖区西岭路9号", area: "西岭街道", team: ordos)
        #expect(Self.errors(Self.on("role.liaison", try check(o, "ordos-2021"))).count == 1)
    }

    @Test func binjiangNeedsExactlyOneLead() throws {
        var noLead = Self.leadTeam(4)
        noLead[0].role = .participant
        #expect(Self.on("role.lead", try check(Self.binjiangPersonal(noLead), "binjiang-2020")).map(\.message)
                == ["还没有领衔委员，须有 1 名"])
        var twoLeads = Self.leadTeam(4)
        twoLeads[1].role = .lead
        #expect(Self.on("role.lead", try check(Self.binjiangPersonal(twoLeads), "binjiang-2020")).map(\.message)
                == ["领衔委员 2 名，最多 1 名"])
    }

    @Test func ordosAllowsOneDeputyOnly() throws {
        var team = Self.leadTeam(6)
        team[1].role = .convener
        team[2].role = .convener
        let input = StudioCheckInput(name: "民建界别委员之家（委员工作室）", type: .sector,
                                     address: "明湖区文昌路20号民主党派大楼4楼", team: team)
        #expect(Self.on("role.convener", try check(input, "ordos-2021")).map(\.message) == ["召集人 2 名，最多 1 名"])
    }

    // MARK: Non-members

    @Test func binjiangAllowsNonMembersAsOtherMembersOnly() throws {
        var team = Self.leadTeam(3)
        team.append(TeamMember(memberID: nil, name: "陈书法", role: .other))
        #expect(try check(Self.binjiangPersonal(team), "binjiang-2020").isEmpty)

        var asParticipant = Self.leadTeam(3)
        asParticipant.append(TeamMember(memberID: nil, name: "陈书法", role: .participant))
        let p = Self.on("team", try check(Self.binjiangPersonal(asParticipant), "binjiang-2020"))
        #expect(p.count == 1)
        #expect(p.first?.severity == .error)
        #expect(p.first?.message.contains("陈书法") == true && p.first?.message.contains("参与委员") == true)

        var asLead = Self.leadTeam(3)
        asLead[0] = TeamMember(memberID: nil, name: "陈书法", role: .lead)
        #expect(Self.errors(Self.on("team", try check(Self.binjiangPersonal(asLead), "binjiang-2020"))).count == 1)
    }

    @Test(arguments: ["shaanxi-2023", "shangluo-2023", "chenzhou-2019", "ordos-2021"])
    func otherProfilesRefuseNonMembers(id: String) throws {
        let p = try profile(id)
        #expect(!p.team.allowsNonMembers)
        // In the role the profile would otherwise accept, and as 其他成员.
        for role in [p.roles.last!.role, StudioRole.other] {
            var team = Self.shaanxiTeam(6)
            team.append(TeamMember(memberID: nil, name: "单位联系人", role: role))
            let issues = Self.on("team", StudioRuleChecker.check(Self.region(team), profile: p))
            #expect(issues.count == 1, "\(id) \(role)")
            #expect(issues.first?.severity == .error)
            #expect(issues.first?.message.contains("单位联系人") == true)
        }
    }

    /// 陕西 四.2: the 联络员 is chosen "从委员中或委员所在单位中" — a colleague from a member's unit may hold it, and is
    /// never counted in the 5–20 委员.
    @Test(arguments: ["shaanxi-2023", "shangluo-2023"])
    func aLiaisonFromAMembersUnitIsAllowedAndNotCounted(id: String) throws {
        var team = Self.shaanxiTeam(6)
        team[1] = TeamMember(memberID: nil, name: "单位联系人", role: .liaison)
        let issues = try check(Self.region(team), id)
        #expect(Self.on("team", issues).isEmpty)
        #expect(Self.on("role.liaison", issues).isEmpty)
        // Five 委员 and the outside 联络员: still five; four and the 联络员: short, whatever the 联络员.
        var four = Self.shaanxiTeam(5)
        four[1] = TeamMember(memberID: nil, name: "单位联系人", role: .liaison)
        #expect(Self.on("team", try check(Self.region(four), id)).map(\.message) == ["团队共有委员 4 人，少于 5 人的下限（非委员不计）"])
    }

    // MARK: One studio per member, duplicates

    @Test(arguments: ["shaanxi-2023", "shangluo-2023"])
    func oneStudioPerMember(id: String) throws {
        var input = Self.region(Self.shaanxiTeam(6))
        input.otherStudiosByMember = [3: ["经济界委员工作室"], 5: ["民盟明湖区委员会委员工作室", "教育界委员工作室"], 6: []]
        let issues = try check(input, id)
        let three = Self.on("member.3", issues)
        #expect(three.count == 1)
        #expect(three.first?.severity == .error)
        #expect(three.first?.message == "\(Self.names[2])已在「经济界委员工作室」，一名委员原则上只参加一个委员工作室")
        let five = Self.on("member.5", issues)
        #expect(five.first?.message.contains("「民盟明湖区委员会委员工作室」、「教育界委员工作室」") == true)
        #expect(Self.on("member.6", issues).isEmpty)
        #expect(Self.on("member.1", issues).isEmpty)
        #expect(issues.count == 2)
    }

    @Test func binjiangOnlyWarnsAboutASecondStudio() throws {
        var input = Self.binjiangPersonal(Self.leadTeam(4))
        input.otherStudiosByMember = [2: ["湖东联络处委员工作室"]]
        let issues = try check(input, "binjiang-2020")
        #expect(issues.count == 1)
        #expect(issues.first?.field == "member.2")
        #expect(issues.first?.severity == .warning)
        #expect(issues.first?.message.contains("湖东联络处委员工作室") == true)
    }

    @Test(arguments: ["shaanxi-2023", "binjiang-2020"])
    func sameMemberTwiceIsAnError(id: String) throws {
        let p = try profile(id)
        var input = p.id == "binjiang-2020" ? Self.binjiangPersonal(Self.leadTeam(6)) : Self.region(Self.shaanxiTeam(6))
        input.team.append(TeamMember(memberID: 4, name: Self.names[3], role: input.team[3].role))
        let issues = StudioRuleChecker.check(input, profile: p)
        let dup = Self.on("member.4", issues)
        #expect(dup.count == 1)
        #expect(dup.first?.severity == .error)
        #expect(dup.first?.message.contains("2 次") == true)
        #expect(issues.count == 1, "\(issues)")
    }

    @Test func aRepeatedMemberDoesNotMakeUpTheMinimum() throws {
        var team = Self.shaanxiTeam(4)
        team.append(team[3])
        let issues = try check(Self.region(team), "shaanxi-2023")
        #expect(Self.on("team", issues).map(\.message) == ["团队共有委员 4 人，少于 5 人的下限（非委员不计）"])
        #expect(Self.on("member.4", issues).count == 1)
    }

    // MARK: Type

    @Test func typeMustBeOneTheProfileAllows() throws {
        let office = StudioCheckInput(name: "湖东联络处委员工作室", type: .liaisonOffice,
                                      address: "明湖区湖东路52号湖东联络处会议室", team: Self.shaanxiTeam(6))
        let t = Self.on("type", try check(office, "shaanxi-2023"))
        #expect(t.count == 1)
        #expect(t.first?.severity == .error)
        #expect(t.first?.message.contains("联络处") == true && t.first?.message.contains("区域、界别、行业") == true)

        #expect(Self.on("type", try check(office, "binjiang-2020")).isEmpty)
        let regionInBinjiang = StudioCheckInput(name: "湖滨街道委员工作室", type: .region,
                                                address: "明湖区湖滨路88号", team: Self.leadTeam(3))
        #expect(Self.errors(Self.on("type", try check(regionInBinjiang, "binjiang-2020"))).count == 1)
        let industry = StudioCheckInput(name: "明湖区商会委员之家（委员工作室）", type: .industry,
                                        address: "明湖区金湖大道168号", team: Self.leadTeam(3))
        #expect(Self.on("type", try check(industry, "ordos-2021")).isEmpty)
        #expect(Self.errors(Self.on("type", try check(industry, "chenzhou-2019"))).count == 1)
    }

    // MARK: Personal names

    @Test(arguments: ["shaanxi-2023", "shangluo-2023"])
    func personalStudioRefusedWhenNewFlaggedWhenExisting(id: String) throws {
        var input = StudioCheckInput(name: "张雪琴委员工作室", type: .personal,
                                     address: "明湖区健康路1号明湖区人民医院门诊楼5楼", team: Self.shaanxiTeam(6))
        let new = try check(input, id)
        #expect(Self.on("type", new).count == 1)
        #expect(Self.on("type", new).first?.severity == .error)
        #expect(Self.on("name", new).first?.severity == .error)
        #expect(Self.on("name", new).first?.message.contains("张雪琴") == true)

        input.isNewApplication = false
        let existing = try check(input, id)
        #expect(Self.errors(existing).isEmpty, "\(existing)")
        #expect(Self.on("type", existing).map(\.severity) == [.warning])
        #expect(Self.on("name", existing).map(\.severity) == [.warning])
    }

    @Test func shaanxiPersonalNameUnderAnotherTypeCountsToo() throws {
        var input = StudioCheckInput(name: "张雪琴委员工作室", type: .sector,
                                     address: "明湖区健康路1号明湖区人民医院门诊楼5楼", team: Self.shaanxiTeam(6))
        let new = try check(input, "shaanxi-2023")
        #expect(new.count == 1)
        #expect(new.first?.field == "name" && new.first?.severity == .error)
        input.isNewApplication = false
        #expect(try check(input, "shaanxi-2023").map(\.severity) == [.warning])
        // A name not made of a team member's name is not personal.
        input.isNewApplication = true
        input.name = "医药卫生界委员工作室"
        #expect(try check(input, "shaanxi-2023").isEmpty)
        // Nor is a member's name that is not on this team.
        input.name = "王大明委员工作室"
        #expect(try check(input, "shaanxi-2023").isEmpty)
    }

    @Test func binjiangAcceptsPersonalNames() throws {
        let issues = try check(Self.binjiangPersonal(Self.leadTeam(5), name: "张雪琴委员工作室"), "binjiang-2020")
        #expect(issues.isEmpty, "\(issues)")
        #expect(try check(Self.binjiangPersonal(Self.leadTeam(5)), "chenzhou-2019").isEmpty)
    }

    // MARK: Naming

    @Test func nameMustEndWithTheProfileSuffix() throws {
        let issues = Self.on("name", try check(Self.region(Self.shaanxiTeam(6), name: "湖滨街道工作室"), "shaanxi-2023"))
        #expect(issues.count == 1)
        #expect(issues.first?.severity == .error)
        #expect(issues.first?.message == "区域工作室的名称须以「委员工作室」结尾")

        #expect(Self.on("name", try check(Self.binjiangPersonal(Self.leadTeam(3), name: "张雪琴工作室"),
                                          "binjiang-2020")).count == 1)
    }

    @Test func ordosSuffixDependsOnType() throws {
        let team = Self.leadTeam(5)
        let plain = StudioCheckInput(name: "明湖区西岭街道委员工作室", type: .region, address: "明湖区西岭路9号",
                                     area: "西岭街道", team: team)
        let issues = Self.on("name", try check(plain, "ordos-2021"))
        #expect(issues.map(\.message) == ["区域工作室的名称须以「委员之家（委员工作室）」结尾"])

        var ok = plain
        ok.name = "明湖区西岭街道委员之家（委员工作室）"
        #expect(Self.on("name", try check(ok, "ordos-2021")).isEmpty)
        ok.name = "明湖区西岭街道委员之家(委员工作室)"   // half-width brackets as typed
        #expect(Self.on("name", try check(ok, "ordos-2021")).isEmpty)

        let personal = StudioCheckInput(name: "张雪琴委员工作室", type: .personal, address: "明湖区西岭路9号", team: team)
        #expect(try check(personal, "ordos-2021").isEmpty)
    }

    @Test func emptyOrSuffixOnlyNamesAreRefused() throws {
        for blank in ["", "   "] {
            let issues = Self.on("name", try check(Self.region(Self.shaanxiTeam(6), name: blank), "shaanxi-2023"))
            #expect(issues.map(\.message) == ["名称不能为空"])
        }
        let bare = Self.on("name", try check(Self.region(Self.shaanxiTeam(6), name: "委员工作室"), "shaanxi-2023"))
        #expect(bare.count == 1)
        #expect(bare.first?.severity == .error)
        #expect(bare.first?.message.hasPrefix("名称不完整") == true)
    }

    // MARK: Address

    @Test(arguments: [
        "明湖区湖滨路88号",
        "湖滨路88号明湖大厦12楼",
        "明湖区金湖大道168号明湖商会大厦12层",
        "明湖区创业路18号明湖电商产业园A座6F",
        "明湖区金湖大道168号明湖商会大厦1203室",
        "明湖区湖滨路88号湖滨街道党群服务中心三楼",
        "明湖区柳巷12弄3号",
        "明湖区中心路5号",
        "明湖区湖滨路８８号",
    ])
    func goodAddresses(address: String) {
        #expect(StudioRuleChecker.addressIssue(address) == nil)
    }

    @Test func badAddresses() {
        #expect(StudioRuleChecker.addressIssue("明湖区湖滨路") == "地址缺少门牌号，如「湖滨路88号」")
        #expect(StudioRuleChecker.addressIssue("湖滨路88号明湖大厦")?.hasPrefix("地址在大厦内，还要写明楼层") == true)
        #expect(StudioRuleChecker.addressIssue("湖滨路88号湖滨街道党群服务中心")?.contains("楼层") == true)
        #expect(StudioRuleChecker.addressIssue("明湖区人民医院")?.hasPrefix("地址要写明道路") == true)
        #expect(StudioRuleChecker.addressIssue("湖滨路号") == "地址缺少门牌号，如「湖滨路88号」")
        #expect(StudioRuleChecker.addressIssue("") == "地址不能为空")
    }

    @Test func addressIssuesReachTheCheck() throws {
        var input = Self.region(Self.shaanxiTeam(6))
        input.address = ""
        #expect(try check(input, "shaanxi-2023").map(\.message) == ["地址不能为空"])
        input.address = "明湖区湖滨路"
        let issues = try check(input, "binjiang-2020")
        #expect(Self.on("address", issues).map(\.severity) == [.error])
    }

    @Test func everyDemoStudioAddressPasses() {
        for s in DemoDataSet.make().studios {
            #expect(StudioRuleChecker.addressIssue(s.address) == nil, "\(s.name): \(s.address)")
        }
    }

    // MARK: Region studios

    @Test(arguments: ["shaanxi-2023", "shangluo-2023"])
    func oneRegionStudioPerArea(id: String) throws {
        var input = Self.region(Self.shaanxiTeam(6), name: "湖滨街道第二委员工作室")
        input.otherRegionStudiosInArea = ["明湖区湖滨街道委员工作室"]
        let area = Self.on("area", try check(input, id))
        #expect(area.count == 1)
        #expect(area.first?.severity == .error)
        #expect(area.first?.message.contains("「湖滨街道」") == true)
        #expect(area.first?.message.contains("「明湖区湖滨街道委员工作室」") == true)

        // Only 区域 studios are limited.
        input.type = .sector
        #expect(Self.on("area", try check(input, id)).isEmpty)
    }

    @Test func chenzhouDoesNotLimitRegionStudiosPerArea() throws {
        var input = Self.region(Self.leadTeam(5))
        input.otherRegionStudiosInArea = ["明湖区湖滨街道委员工作室"]
        #expect(try check(input, "chenzhou-2019").isEmpty)
    }

    @Test func regionStudioWithoutAreaIsWarned() throws {
        var input = Self.region(Self.shaanxiTeam(6))
        input.area = " "
        let issues = try check(input, "shaanxi-2023")
        #expect(issues.map(\.field) == ["area"])
        #expect(issues.first?.severity == .warning)
    }

    // MARK: Order

    @Test func issuesComeInAStableOrder() throws {
        var team = Self.shaanxiTeam(3, conveners: 3, liaisons: 0)
        team.append(TeamMember(memberID: nil, name: "单位联系人", role: .resident))
        team.append(team[0])
        var input = StudioCheckInput(name: "湖滨工作室", type: .region, address: "湖滨路", area: "湖滨街道", team: team)
        input.otherRegionStudiosInArea = ["明湖区湖滨街道委员工作室"]
        input.otherStudiosByMember = [2: ["经济界委员工作室"]]
        let issues = try check(input, "shaanxi-2023")
        #expect(issues.map(\.field) == [
            "name", "address", "area", "team", "role.convener", "role.liaison", "member.1", "member.2", "team",
        ])
        #expect(issues == (try check(input, "shaanxi-2023")))
        #expect(Self.errors(issues).count == issues.count)
    }
}
