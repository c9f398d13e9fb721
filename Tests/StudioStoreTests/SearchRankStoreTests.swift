import Foundation
import Testing
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import TestSupport

/// The roster and the register page through the database: their SQL order is the core's ranking.
@Suite struct SearchRankStoreTests {
    let tmp = TempDatabase()

    @Test func rosterSearchIsRankedAsTheCoreRanks() throws {
        let db = try DemoTemplate.open(path: tmp.path)
        try db.saveMember(Member(name: "欧阳娜娜"))
        let all = try db.members()
        for q in ["oy", "ouyang", "oynn", "yang", "欧阳", "阳", "zxq", "li", "l"] {
            let query = SearchQuery(q)
            let core = query.ranked(all, name: \.name, key: \.pinyinKey, otherFields: { [$0.sector, $0.committee, $0.unitTitle, $0.expertise, $0.phone] })
            #expect(try db.members(matching: query).map(\.name) == core.map(\.name), "\(q)")
        }
        let oy = try db.members(matching: SearchQuery("oy")).map(\.name)
        #expect(oy.first?.hasPrefix("欧阳") == true && oy.contains("欧阳娜娜"))
        #expect(oy.firstIndex(of: "郭雅琴")! > oy.lastIndex { $0.hasPrefix("欧阳") }!)
        // A page of the ranked order is the same slice of it.
        #expect(try db.members(matching: SearchQuery("l"), limit: 5, offset: 5).map(\.name) == Array(try db.members(matching: SearchQuery("l")).map(\.name)[5..<10]))
    }

    /// Each rank is read on its own, stopping at the page's end: every page of every query is the core's ranking's
    /// slice, also across ranks, with Latin names (ranked by their letters) and names the query only appears in.
    @Test func rosterPagesAcrossRanksAreTheCoreRankingsSlices() throws {
        let db = try DemoTemplate.open(path: tmp.path)
        for name in ["Lily Zhang", "lin Anna", "Li", "欧阳丽", "丽江", "张丽丽", "Yvonne Chen", "医生甲", "甲医生"] {
            try db.saveMember(Member(name: name))
        }
        var expert = Member(name: "王五")
        expert.expertise = "中医"
        try db.saveMember(expert)
        let all = try db.members(limit: 100_000)
        for q in ["l", "li", "LI", "zl", "lily", "y", "yc", "zh", "丽", "医", "张", "Li", "a", "n", "%", "_"] {
            let query = SearchQuery(q)
            let core = query.ranked(all, name: \.name, key: \.pinyinKey, otherFields: { [$0.sector, $0.committee, $0.unitTitle, $0.expertise, $0.phone] }).map(\.name)
            #expect(try db.members(matching: query, limit: 100_000).map(\.name) == core, "\(q)")
            #expect(try db.memberCount(matching: query) == core.count, "\(q)")
            #expect(try db.memberCount(matching: query, atMost: 3) == min(3, core.count), "\(q)")
            for size in [1, 3, 7] {
                var paged: [String] = []
                var offset = 0
                while offset <= core.count {
                    paged += try db.members(matching: query, limit: size, offset: offset).map(\.name)
                    offset += size
                }
                #expect(paged == core, "\(q) by \(size)")
            }
        }
    }

    @Test func registerSearchIsRankedAsTheCoreRanks() throws {
        let db = try DemoTemplate.open(path: tmp.path)
        let all = try db.studios()
        for q in ["mh", "minghu", "jy", "hu", "明湖", "委员"] {
            let query = SearchQuery(q)
            let core = query.ranked(all, name: \.name, key: \.pinyinKey, otherFields: { [$0.address, $0.sector, $0.committee] })
            #expect(try db.studioSummaries(StudioFilter(query: query)).map(\.studio.name) == core.map(\.name), "\(q)")
        }
        // 明湖区… by initials before 民盟明湖区… that only contains them.
        let mh = try db.studioSummaries(StudioFilter(query: SearchQuery("mh"))).map(\.studio.name)
        #expect(mh.first?.hasPrefix("明湖区") == true && mh.last == "民盟明湖区委员会委员工作室")
    }
}
