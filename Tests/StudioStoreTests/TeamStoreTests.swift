import Foundation
import Testing
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import StudioResources
import TestSupport

@Suite struct TeamStoreTests {
    let tmp = TempDatabase()

    @Test func newStudioIsADraftAndNeedsAName() throws {
        let db = try tmp.open()
        let s = try db.createStudio(Studio(name: " 文化艺术界委员工作室 ", type: .sector, status: .plaqued, profileID: "shaanxi-2023"))
        #expect(s.status == .draft)
        #expect(s.name == "文化艺术界委员工作室")
        #expect(s.initials == "whysjwygzs")
        #expect(throws: StoreError.self) { try db.createStudio(Studio(name: "  ", type: .sector, profileID: "x")) }
        #expect(try db.studios().count == 1)
    }

    @Test func updateKeepsTheStatus() throws {
        let db = try tmp.open()
        var s = try db.createStudio(Studio(name: "甲委员工作室", type: .sector, profileID: "shaanxi-2023"))
        try db.changeStatus(studioID: s.id!, expected: .draft, to: .inApproval, date: "2026-11-01", reason: "提交")
        s.address = "明湖区湖滨路1号"
        s.status = .revoked  // ignored: status changes only through the lifecycle
        try db.updateStudio(s)
        let loaded = try #require(try db.studio(id: s.id!))
        #expect(loaded.address == "明湖区湖滨路1号")
        #expect(loaded.status == .inApproval)
    }

    @Test func joiningAndLeavingKeepTheHistory() throws {
        let db = try tmp.open()
        let s = try db.createStudio(Studio(name: "甲委员工作室", type: .sector, profileID: "shaanxi-2023"))
        let m = try db.saveMember(Member(name: "张雪琴"))
        try db.addTeamMember(studioID: s.id!, memberID: m.id!, role: .convener, joinedOn: "2026-01-05")
        #expect(throws: StoreError.self) {
            try db.addTeamMember(studioID: s.id!, memberID: m.id!, role: .resident, joinedOn: "2026-02-01")
        }
        try db.memberLeaves(studioID: s.id!, memberID: m.id!, on: "2026-06-30", reason: "个人申请退出")
        let team = try db.team(studioID: s.id!)
        #expect(team.count == 1)
        #expect(team[0].membership.leftOn == "2026-06-30")
        #expect(team[0].membership.leftReason == "个人申请退出")
        #expect(!team[0].isCurrent)
        #expect(throws: StoreError.self) { try db.memberLeaves(studioID: s.id!, memberID: m.id!, on: "2026-07-01", reason: "x") }
        // Having left, the member may join again.
        try db.addTeamMember(studioID: s.id!, memberID: m.id!, role: .resident, joinedOn: "2026-09-01")
        #expect(try db.team(studioID: s.id!).filter(\.isCurrent).count == 1)
        #expect(try db.studioSummaries().first?.memberCount == 1)
    }
}

@Suite struct ApplicationValueTests {
    let tmp = TempDatabase()

    @Test func answersRoundTripAndEmptyOnesAreRemoved() throws {
        let db = try tmp.open()
        let s = try db.createStudio(Studio(name: "甲委员工作室", type: .sector, profileID: "binjiang-2020"))
        try db.saveApplicationValues(studioID: s.id!, ["basic_info": " 成立于2026年，\n聚焦基层医疗 ", "contact": "王五 13812345678"])
        #expect(try db.applicationValues(studioID: s.id!) == ["basic_info": "成立于2026年，\n聚焦基层医疗", "contact": "王五 13812345678"])
        try db.saveApplicationValues(studioID: s.id!, ["contact": "  "])
        #expect(try db.applicationValues(studioID: s.id!) == ["basic_info": "成立于2026年，\n聚焦基层医疗"])
        #expect(throws: StoreError.self) { try db.saveApplicationValues(studioID: 9999, ["x": "y"]) }
    }
}

@Suite struct NonMemberAndTermTests {
    let tmp = TempDatabase()

    @Test func nonMemberJoinsAsOtherAndStaysOutOfTheRoster() throws {
        let db = try tmp.open()
        let s = try db.createStudio(Studio(name: "甲委员工作室", type: .personal, profileID: "binjiang-2020"))
        try db.addNonMember(Member(name: "王小明", unitTitle: "某社区 网格员", phone: "13812345678"), studioID: s.id!, joinedOn: "2026-03-01")
        #expect(try db.memberCount() == 0)
        #expect(try db.members().isEmpty)
        let team = try db.team(studioID: s.id!)
        #expect(team.map(\.member.name) == ["王小明"])
        #expect(team.first?.member.isNonMember == true)
        #expect(team.first?.membership.role == .other)
        #expect(throws: StoreError.self) { try db.addNonMember(Member(name: ""), studioID: s.id!, joinedOn: "2026-03-01") }
        #expect(try db.team(studioID: s.id!).count == 1)
    }

    @Test func termEndFindsTheStudiosAndMembersLeaveTogether() throws {
        let db = try DemoTemplate.open(path: tmp.path)
        let profiles = try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
        #expect(try db.termChangeFindings(profiles: profiles).isEmpty)
        let med = try #require(try db.studios().first { $0.name == "医药卫生界委员工作室" })
        let zhang = try #require(try db.members(matching: SearchQuery("zxq")).first)
        try db.setTermEnded(memberID: zhang.id!, on: "2026-12-31")
        let findings = try db.termChangeFindings(profiles: profiles)
        #expect(findings.map(\.studio.name) == ["医药卫生界委员工作室"])
        #expect(findings.first?.endedMembers.map(\.name) == ["张雪琴"])
        #expect(try db.endedMembersLeave(studioID: med.id!, on: "2027-01-05") == 1)
        #expect(try db.team(studioID: med.id!).first { $0.member.name == "张雪琴" }?.membership.leftReason == "任期届满")
        #expect(try db.termChangeFindings(profiles: profiles).isEmpty)
        try db.setTermEnded(memberID: zhang.id!, on: nil)
        #expect(try db.member(id: zhang.id!)?.termEndedOn == nil)
    }
}
