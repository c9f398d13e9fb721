import Foundation
import Testing
@testable import StudioDemo
import StudioResources
@testable import StudioCore

/// Profiles that follow the Shaanxi team rules (商洛 applies the provincial notice).
private let shaanxiFamily: Set<String> = ["shaanxi-2023", "shangluo-2023"]
private let knownProfiles: Set<String> = ["shaanxi-2023", "binjiang-2020", "chenzhou-2019", "shangluo-2023", "ordos-2021"]

private func team(_ data: DemoDataSet, _ studioIndex: Int) -> [DemoMembership] {
    data.memberships.filter { $0.studioIndex == studioIndex }
}

@Test func demoDistrictAndCounts() {
    let data = DemoDataSet.make()
    #expect(data.districtName == "明湖区")
    #expect((140...160).contains(data.members.count))
    #expect(data.studios.count >= 14)
    #expect(data.members.allSatisfy { $0.id == nil })
    #expect(data.studios.allSatisfy { $0.id == nil })
}

@Test func demoIsDeterministic() {
    let a = DemoDataSet.make()
    let b = DemoDataSet.make()
    #expect(a.members.map(\.name) == b.members.map(\.name))
    #expect(a.studios.map(\.name) == b.studios.map(\.name))
    #expect(a.members == b.members)
    #expect(a.studios == b.studios)
    #expect(a.memberships == b.memberships)
}

@Test func demoStudiosCoverTypesModesAndStatuses() {
    let data = DemoDataSet.make()
    for type in StudioType.allCases {
        #expect(data.studios.contains { $0.type == type }, "no \(type) studio")
    }
    #expect(data.studios.filter { $0.mode == .online }.count >= 2)
    #expect(data.studios.contains { $0.mode == .offline })
    for status in [StudioStatus.draft, .inApproval, .warned, .rectifying] {
        #expect(data.studios.contains { $0.status == status }, "no \(status) studio")
    }
    #expect(data.studios.filter { $0.status == .terminated }.count == 1)
    let plaqued = data.studios.filter { $0.status == .plaqued }.count
    #expect(plaqued * 2 > data.studios.count)
}

@Test func demoStudioNamingAndFields() {
    let data = DemoDataSet.make()
    #expect(Set(data.studios.map(\.name)).count == data.studios.count)
    #expect(data.studios.allSatisfy { knownProfiles.contains($0.profileID) })
    let shaanxi = data.studios.filter { $0.profileID == "shaanxi-2023" }.count
    #expect(shaanxi * 2 > data.studios.count)
    for s in data.studios {
        // Ordos names its studios 委员之家（委员工作室）.
        #expect(s.name.hasSuffix("委员工作室") || s.name.hasSuffix("委员之家（委员工作室）"), "\(s.name)")
        #expect(s.address.hasPrefix("明湖区") && ["路", "大道", "街"].contains { s.address.contains($0) }
                && s.address.contains("号"), "\(s.address)")
        #expect(!s.sector.isEmpty, "\(s.name) has no sector")
        #expect(CPPCCReference.committees.contains(s.committee), "\(s.name): \(s.committee)")
        #expect(s.initials == PinyinKey(s.name).initials)
        switch s.type {
        case .region:
            #expect((s.name.hasPrefix("明湖区") && s.name.contains("街道")) || s.name.contains("社区"), "\(s.name)")
        case .sector:
            let stem = String(s.name.dropLast("委员工作室".count))
            #expect(CPPCCReference.sectors.contains { stem.hasPrefix($0) }, "\(s.name)")
        case .industry:
            #expect(s.name.hasPrefix("明湖区") && s.name.contains("协会"), "\(s.name)")
        case .personal:
            #expect(["binjiang-2020", "chenzhou-2019"].contains(s.profileID), "\(s.name): \(s.profileID)")
        case .liaisonOffice:
            #expect(s.name.hasSuffix("联络处委员工作室"), "\(s.name)")
        }
        // Shaanxi no longer approves studios named after a member.
        if shaanxiFamily.contains(s.profileID) {
            #expect(s.type != .personal)
            #expect([StudioType.region, .sector, .industry].contains(s.type))
        }
    }
}

@Test func demoMembersValidate() {
    let data = DemoDataSet.make()
    for m in data.members {
        #expect(MemberValidator.validate(m).isEmpty, "\(m.name): \(MemberValidator.validate(m))")
        #expect(CPPCCReference.sectors.contains(m.sector), "\(m.name): \(m.sector)")
        #expect(CPPCCReference.committees.contains(m.committee), "\(m.name): \(m.committee)")
        #expect(m.unitTitle.hasPrefix("明湖") || m.unitTitle.hasPrefix("中共明湖") || m.unitTitle.hasPrefix("共青团明湖")
                || m.unitTitle.contains("律师事务所"), "\(m.name): \(m.unitTitle)")
        #expect(m.unitTitle.contains(" "), "\(m.name): unitTitle needs 单位 and 职务")
        #expect(!m.expertise.isEmpty)
        #expect(PhoneNumber.isValid(m.phone), "\(m.name): \(m.phone)")
        #expect(m.phone.count == 11 && m.phone.hasPrefix("1") && m.phone.allSatisfy(\.isASCIIDigit))
        #expect((2...4).contains(m.name.count), "\(m.name)")
        #expect(m == m.normalized())
    }
    // Most members have no note.
    #expect(data.members.filter { !$0.note.isEmpty }.count * 4 < data.members.count)
}

@Test func demoUnitsMatchSectors() {
    let data = DemoDataSet.make()
    let expected: [String: [String]] = [
        "医药卫生界": ["医院", "卫生", "疾病", "保健", "口腔", "医药"],
        "教育界": ["学", "幼儿园", "教"],
        "农业界": ["合作社", "农", "村", "林业", "畜牧"],
    ]
    for m in data.members {
        guard let words = expected[m.sector] else { continue }
        #expect(words.contains { m.unitTitle.contains($0) }, "\(m.name) \(m.sector): \(m.unitTitle)")
    }
    // Every 界别 has somebody.
    #expect(Set(data.members.map(\.sector)) == Set(CPPCCReference.sectors))
}

@Test func demoNamesAndPhonesAreUnique() {
    let data = DemoDataSet.make()
    #expect(Set(data.members.map(\.name)).count == data.members.count)
    #expect(Set(data.members.map(\.phone)).count == data.members.count)
    let compound = ["欧阳", "司马", "上官", "诸葛"]
    #expect(data.members.filter { m in compound.contains { m.name.hasPrefix($0) } }.count >= 2)
}

@Test func demoZhangXueqinIsTheOnlyZxq() {
    let data = DemoDataSet.make()
    #expect(data.members.filter { $0.name == "张雪琴" }.count == 1)
    let query = SearchQuery("zxq")
    let hits = data.members.filter { query.matches(name: $0.name, key: $0.pinyinKey) }
    #expect(hits.map(\.name) == ["张雪琴"])
    #expect(data.members.filter { $0.initials.contains("zxq") }.map(\.name) == ["张雪琴"])
}

@Test func demoMembershipsAreWellFormed() {
    let data = DemoDataSet.make()
    for link in data.memberships {
        #expect(data.studios.indices.contains(link.studioIndex))
        #expect(data.members.indices.contains(link.memberIndex))
        let parts = link.joinedOn.split(separator: "-")
        #expect(parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2, "\(link.joinedOn)")
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        #expect(f.date(from: link.joinedOn) != nil, "\(link.joinedOn)")
        #expect(link.joinedOn >= "2021-01-01" && link.joinedOn <= "2025-12-31", "\(link.joinedOn)")
    }
    // One studio per member across the whole data set, terminated studio included.
    let placed = data.memberships.map(\.memberIndex)
    #expect(Set(placed).count == placed.count)
    let unplaced = data.members.count - Set(placed).count
    #expect((25...35).contains(unplaced))
    // Every studio has a team.
    for i in data.studios.indices {
        #expect(!team(data, i).isEmpty, "\(data.studios[i].name) has no members")
    }
}

@Test func demoShaanxiTeams() {
    let data = DemoDataSet.make()
    for (i, s) in data.studios.enumerated() where shaanxiFamily.contains(s.profileID) && s.status != .draft {
        let t = team(data, i)
        #expect((5...20).contains(t.count), "\(s.name): \(t.count)")
        #expect((1...2).contains(t.filter { $0.role == .convener }.count), "\(s.name)")
        #expect(t.filter { $0.role == .liaison }.count == 1, "\(s.name)")
        #expect(t.allSatisfy { [.convener, .liaison, .resident].contains($0.role) }, "\(s.name)")
    }
}

@Test func demoPersonalStudiosHaveOneLead() {
    let data = DemoDataSet.make()
    for (i, s) in data.studios.enumerated() where s.type == .personal {
        let t = team(data, i)
        let leads = t.filter { $0.role == .lead }
        #expect(leads.count == 1, "\(s.name)")
        #expect(t.count >= 2)
        #expect(t.allSatisfy { $0.role == .lead || $0.role == .participant })
        if let lead = leads.first {
            #expect(s.name == data.members[lead.memberIndex].name + "委员工作室")
        }
    }
}

/// The demo must show studios that follow their own rules (only the draft may still be incomplete).
@Test func demoStudiosFollowTheirProfiles() throws {
    let profiles = try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
    let data = DemoDataSet.make()
    for (i, s) in data.studios.enumerated() where s.status != .draft {
        let profile = try #require(profiles.first { $0.id == s.profileID })
        let team = data.memberships.filter { $0.studioIndex == i }.map {
            TeamMember(memberID: Int64($0.memberIndex), name: data.members[$0.memberIndex].name, role: $0.role)
        }
        let input = StudioCheckInput(name: s.name, type: s.type, address: s.address, area: s.type == .region ? s.sector : "",
                                     team: team, isNewApplication: false)
        let errors = StudioRuleChecker.check(input, profile: profile).filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(s.name): \(errors.map(\.message))")
    }
}
