import Foundation
import Testing
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import TestSupport

@Suite struct StudioRegisterTests {
    let tmp = TempDatabase()
    let demo = DemoDataSet.make()

    func open() throws -> AppDatabase {
        try DemoTemplate.open(path: tmp.path)
    }

    @Test func summariesCountCurrentTeamAndNameLeaders() throws {
        let db = try open()
        let all = try db.studioSummaries()
        #expect(all.count == demo.studios.count)
        for (i, s) in demo.studios.enumerated() {
            let row = try #require(all.first { $0.studio.name == s.name })
            let links = demo.memberships.filter { $0.studioIndex == i }
            #expect(row.memberCount == links.count, "\(s.name)")
            let leaders = links.filter { $0.role == .convener || $0.role == .lead }.map { demo.members[$0.memberIndex].name }
            #expect(Set(row.leaders) == Set(leaders), "\(s.name)")
        }
        // Pinyin order of names.
        #expect(all.map(\.studio.name) == all.map(\.studio.name).sorted { PinyinKey($0).spaced < PinyinKey($1).spaced })
    }

    @Test func filtersByStatusTypeSectorAndSearch() throws {
        let db = try open()
        let plaqued = try db.studioSummaries(StudioFilter(status: .plaqued))
        #expect(plaqued.count == demo.studios.filter { $0.status == .plaqued }.count)
        #expect(plaqued.allSatisfy { $0.studio.status == .plaqued })
        let regions = try db.studioSummaries(StudioFilter(type: .region))
        #expect(!regions.isEmpty && regions.allSatisfy { $0.studio.type == .region })
        let med = try db.studioSummaries(StudioFilter(sector: "医药卫生界"))
        #expect(med.map(\.studio.name) == ["医药卫生界委员工作室"])
        #expect(try db.studioSummaries(StudioFilter(query: SearchQuery("yywsj"))).map(\.studio.name) == ["医药卫生界委员工作室"])
        #expect(try db.studioSummaries(StudioFilter(query: SearchQuery("医药"))).map(\.studio.name) == ["医药卫生界委员工作室"])
        #expect(try db.studioCount(StudioFilter(status: .plaqued, type: .personal)) ==
                demo.studios.filter { $0.status == .plaqued && $0.type == .personal }.count)
        #expect(try db.studioSectors().contains("医药卫生界"))
    }

    @Test func teamListsRolesWithDatesLeadersFirst() throws {
        let db = try open()
        let med = try #require(try db.studioSummaries(StudioFilter(sector: "医药卫生界")).first)
        let team = try db.team(studioID: med.studio.id!)
        #expect(team.count == med.memberCount)
        #expect(team.first?.membership.role == .convener)
        #expect(team.contains { $0.member.name == "张雪琴" })
        #expect(team.allSatisfy { $0.membership.joinedOn.count == 10 })
        let roles = team.map(\.membership.role)
        #expect(roles == roles.sorted { StudioRole.allCases.firstIndex(of: $0)! < StudioRole.allCases.firstIndex(of: $1)! })
    }

    @Test func membersOnTwoActiveStudiosAreFound() throws {
        let db = try open()
        let studios = try db.studios().filter { $0.status.isActive }
        let a = studios[0], b = studios[1]
        #expect(try db.otherActiveStudios(forTeamOf: a.id!).isEmpty)
        // Put one of a's members on b as well: both studios now see the overlap.
        let someone = try #require(try db.memberships(studioID: a.id!).first)
        try db.writer.write { d in
            try StudioMembership(studioID: b.id!, memberID: someone.memberID, role: .resident, joinedOn: "2026-01-01").insert(d)
        }
        #expect(try db.otherActiveStudios(forTeamOf: a.id!)[someone.memberID] == [b.name])
        #expect(try db.otherActiveStudios(forTeamOf: b.id!)[someone.memberID] == [a.name])
    }

    @Test func statusAndTypeReadFromChineseOrCode() {
        #expect(StudioStatus(text: "已授牌") == .plaqued)
        #expect(StudioStatus(text: "plaqued") == .plaqued)
        #expect(StudioStatus(text: "授牌") == nil)
        #expect(StudioType(text: "区域") == .region)
        #expect(StudioType(text: "industry") == .industry)
    }
}
