import Testing
@testable import StudioCore
import StudioResources

@Suite struct StudioLifecycleTests {
    @Test func transitionsFollowTheLifecycle() {
        #expect(StudioLifecycle.allowedTransitions(from: .plaqued).contains(.warned))
        #expect(StudioLifecycle.allowedTransitions(from: .warned).contains(.delisted))
        #expect(StudioLifecycle.allowedTransitions(from: .rectifying).contains(.plaqued))
        #expect(StudioLifecycle.allowedTransitions(from: .inApproval).isEmpty)
        #expect(StudioLifecycle.allowedTransitions(from: .draft) == [.revoked])
        for ended in [StudioStatus.delisted, .terminated, .revoked] {
            #expect(StudioLifecycle.allowedTransitions(from: ended).isEmpty)
            #expect(StudioLifecycle.isArchived(ended))
        }
        #expect(!StudioLifecycle.isArchived(.warned))
    }

    @Test func ladderReadsFromTheProfile() throws {
        let profiles = try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
        let shaanxi = try #require(profiles.first { $0.id == "shaanxi-2023" })
        let lines = StudioLifecycle.ladder(shaanxi)
        #expect(lines.contains { $0.hasPrefix("首次未达标：") && $0.contains("警示") })
        #expect(lines.contains { $0.hasPrefix("连续2次未达标：") && $0.contains("摘牌") })
        let binjiang = try #require(profiles.first { $0.id == "binjiang-2020" })
        #expect(StudioLifecycle.ladder(binjiang).contains { $0.hasPrefix("首次未达标：") && $0.contains("半年") && $0.contains("（6个月）") })
    }
}

@Suite struct ApplicationFormFieldTests {
    @Test func freeTextFieldsAreThoseNotDerivedFromStudioTeamOrChain() throws {
        let profiles = try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
        func ids(_ id: String) throws -> [String] {
            try #require(profiles.first { $0.id == id }).applicationForm.freeTextFields.map(\.id)
        }
        #expect(try ids("shaanxi-2023") == ["functions_plan"])
        #expect(try ids("binjiang-2020") == ["applicant_unit", "contact", "basic_info"])
        #expect(try ids("chenzhou-2019") == ["goals_duties"])
        #expect(try ids("ordos-2021").isEmpty)
    }
}
