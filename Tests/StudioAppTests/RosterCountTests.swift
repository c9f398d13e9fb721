import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit

/// Issue 24: a search is counted up to a limit (a province's 60,000 members nearly all match `y`), the rest when the
/// cursor nears the end of what was counted; the rows and their order are the same.
@Suite struct RosterCountTests {
    func search(_ q: String, limit: Int) throws -> (Harness, MemberListScreen) {
        let h = try Harness()
        h.press(.char("3"))
        let list = try #require(h.app.top as? MemberListScreen)
        list.countLimit = limit
        h.press(.char("/"))
        h.type(q)
        return (h, list)
    }

    @Test func aSearchMatchingMoreThanTheLimitSaysSoAndEndCountsTheRest() throws {
        let (h, list) = try search("a", limit: 10)
        let all = try h.db.members(matching: SearchQuery("a"), limit: 100_000)
        #expect(all.count > 30)
        #expect(h.screen.contains("找到 10 多名"))
        h.press(.enter)
        #expect(h.screen.contains("第 1/10+ 名"))
        h.press(.end)
        #expect(h.screen.contains("找到 \(all.count) 名"))
        #expect(h.screen.contains("第 \(all.count)/\(all.count) 名"))
        #expect(list.selectedMember?.id == all.last?.id)
    }

    @Test func movingNearTheEndOfWhatWasCountedCountsTheRest() throws {
        let (h, list) = try search("a", limit: 10)
        let all = try h.db.memberCount(matching: SearchQuery("a"))
        h.press(.down)
        #expect(list.table.count == all)
        #expect(h.screen.contains("找到 \(all) 名"))
    }

    @Test func aSearchWithinTheLimitIsCountedExactly() throws {
        let (h, _) = try search("zxq", limit: 10)
        #expect(h.screen.contains("找到 1 名"))
        h.press(.escape)
        #expect(h.screen.contains("共 150 名委员"))
    }
}
