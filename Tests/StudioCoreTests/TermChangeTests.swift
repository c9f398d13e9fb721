import Testing
@testable import StudioCore
import StudioResources

@Suite struct TermChangeTests {
    let profiles = try! ProfileLoader.loadAll(directory: ResourceLocator.profileDirectory()!)
    func profile(_ id: String) -> RuleProfile { profiles.first { $0.id == id }! }

    func entry(_ id: Int64, _ name: String, _ role: StudioRole, ended: Bool = false, nonMember: Bool = false) -> TeamEntry {
        var m = Member(id: id, name: name)
        m.termEndedOn = ended ? "2026-12-31" : nil
        m.isNonMember = nonMember
        return TeamEntry(member: m, membership: StudioMembership(studioID: 1, memberID: id, role: role, joinedOn: "2022-01-01"))
    }

    @Test func noEndedTermNoFinding() {
        let s = Studio(id: 1, name: "甲委员工作室", type: .sector, status: .plaqued, profileID: "shaanxi-2023")
        #expect(TermChangeAdvisor.assess(studio: s, team: [entry(1, "张三", .convener)], profile: profile("shaanxi-2023")) == nil)
    }

    @Test func chenzhouPersonalStudioEndsWithItsMembersTerm() throws {
        let s = Studio(id: 1, name: "张三委员工作室", type: .personal, status: .plaqued, profileID: "chenzhou-2019")
        let f = try #require(TermChangeAdvisor.assess(studio: s, team: [entry(1, "张三", .lead, ended: true), entry(2, "李四", .participant)],
                                                     profile: profile("chenzhou-2019")))
        #expect(f.studioEnds)
        #expect(f.needs.first?.contains("自行终止") == true)
    }

    @Test func binjiangPersonalStudioNeedsANewLeadInstead() throws {
        let s = Studio(id: 1, name: "张三委员工作室", type: .personal, status: .plaqued, profileID: "binjiang-2020")
        let f = try #require(TermChangeAdvisor.assess(studio: s, team: [entry(1, "张三", .lead, ended: true)], profile: profile("binjiang-2020")))
        #expect(!f.studioEnds)
        #expect(f.needs.contains { $0.contains("另定领衔委员") })
    }

    @Test func shaanxiRegionStudioWithoutMembersEnds() throws {
        let s = Studio(id: 1, name: "湖滨街道委员工作室", type: .region, status: .plaqued, profileID: "shaanxi-2023")
        let team = [entry(1, "甲", .convener, ended: true), entry(2, "乙", .liaison, ended: true), entry(3, "丙", .other, nonMember: true)]
        let f = try #require(TermChangeAdvisor.assess(studio: s, team: team, profile: profile("shaanxi-2023")))
        #expect(f.studioEnds)
        #expect(f.needs.first?.contains("区域内已无本级委员") == true)
    }

    @Test func shaanxiSectorStudioNeedsANewConvenerAndMembers() throws {
        let s = Studio(id: 1, name: "民盟委员工作室", type: .sector, status: .plaqued, profileID: "shaanxi-2023")
        let team = [entry(1, "甲", .convener, ended: true), entry(2, "乙", .liaison), entry(3, "丙", .resident),
                    entry(4, "丁", .resident), entry(5, "戊", .resident)]
        let f = try #require(TermChangeAdvisor.assess(studio: s, team: team, profile: profile("shaanxi-2023")))
        #expect(!f.studioEnds)
        #expect(f.needs.contains("须另选召集人（届满后余 0 名，至少 1 名）"))
        #expect(f.needs.contains("须补充成员（届满后余 4 人，至少 5 人）"))
        #expect(f.needs.last == "届满成员 1 名（甲）须办理退出")
        #expect(f.endedMembers.map(\.name) == ["甲"])
    }
}
