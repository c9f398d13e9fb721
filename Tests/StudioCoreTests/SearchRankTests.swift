import Foundation
import Testing
@testable import StudioCore
@testable import StudioDemo

/// The one search ranking of every list and picker: characters first, then initials prefix, then full-pinyin
/// prefix, then anything else; pinyin order within a rank.
@Suite struct SearchRankTests {
    /// The demo roster with 欧阳娜娜 added (the name the issue searched for).
    static let names = DemoDataSet.make().members.map(\.name) + ["欧阳娜娜"]

    func ranked(_ q: String) -> [String] {
        SearchQuery(q).ranked(Self.names, name: { $0 }, key: { PinyinKey($0) })
    }

    @Test func initialsPrefixComesBeforeLettersInsideOtherNames() {
        let hits = ranked("oy")
        // 郭雅琴 (guOYaqin), 郝颖 (haOYing), 罗勇 (luOYong) still match, after every 欧阳.
        let ouyang = hits.prefix { $0.hasPrefix("欧阳") }
        #expect(ouyang.count == Self.names.filter { $0.hasPrefix("欧阳") }.count && ouyang.count >= 2)
        #expect(ouyang.contains("欧阳娜娜"))
        #expect(hits.contains("郭雅琴") && hits.contains("郝颖") && hits.contains("罗勇"))
        // Within the rank, pinyin order: ouyang guo dong < ouyang na na < ouyang peng.
        #expect(Array(ouyang) == ouyang.sorted { PinyinKey($0).spaced < PinyinKey($1).spaced })
        #expect(SearchQuery("oynn").ranked(Self.names, name: { $0 }, key: { PinyinKey($0) }).first == "欧阳娜娜")
    }

    @Test func fullPinyinPrefixThenTheRest() {
        let hits = ranked("ouyang")
        let ouyang = Self.names.filter { $0.hasPrefix("欧阳") }.count
        #expect(hits.prefix(ouyang).allSatisfy { $0.hasPrefix("欧阳") })
        #expect(ranked("ouyangn").first == "欧阳娜娜")
        let key = PinyinKey("欧阳娜娜")
        #expect(SearchQuery("oy").rank(name: "欧阳娜娜", key: key) == .initials)
        #expect(SearchQuery("ouyang").rank(name: "欧阳娜娜", key: key) == .pinyin)
        #expect(SearchQuery("yang").rank(name: "欧阳娜娜", key: key) == .elsewhere)
        #expect(SearchQuery("yn").rank(name: "欧阳娜娜", key: key) == .elsewhere)
        #expect(SearchQuery("xyz").rank(name: "欧阳娜娜", key: key) == nil)
        // An initials prefix beats a full-pinyin prefix: "oy" for 欧阳 before "oy…" inside nothing else.
        #expect(SearchRank.initials < .pinyin && .pinyin < .elsewhere && .name < .initials)
    }

    @Test func charactersMatchFromTheStartFirst() {
        let key = PinyinKey("欧阳娜娜")
        #expect(SearchQuery("欧阳娜娜").rank(name: "欧阳娜娜", key: key) == .name)
        #expect(SearchQuery("欧阳").rank(name: "欧阳娜娜", key: key) == .name)
        #expect(SearchQuery("娜娜").rank(name: "欧阳娜娜", key: key) == .elsewhere)
        #expect(SearchQuery("民盟").rank(name: "欧阳娜娜", key: key, otherFields: ["民盟"]) == .elsewhere)
        // 阳 begins 阳… names and sits inside 欧阳…: the first ones first.
        let hits = SearchQuery("阳").ranked(["欧阳娜娜", "阳光", "张阳"], name: { $0 }, key: { PinyinKey($0) })
        #expect(hits == ["阳光", "欧阳娜娜", "张阳"])
        // A Latin name typed in letters ranks as characters.
        #expect(SearchQuery("tom").rank(name: "Tom Lee", key: PinyinKey("Tom Lee")) == .name)
    }

    @Test func severalNamesRankByTheBestAndTheListOrderCanStay() {
        let rows = [("医药卫生界委员工作室", "杨淑珍"), ("欧阳委员工作室", "张三"), ("经济界委员工作室", "欧阳萍")]
        let hits = SearchQuery("oy").ranked(rows, inPinyinOrder: false) { [($0.0, PinyinKey($0.0)), ($0.1, PinyinKey($0.1))] }
        #expect(hits.map(\.0) == ["欧阳委员工作室", "经济界委员工作室"])
        #expect(SearchQuery("").ranked(rows, inPinyinOrder: false) { [($0.0, PinyinKey($0.0))] }.count == 3)
    }

    @Test func briefShortfallKeepsEveryNumber() {
        var line = ComplianceLine(minimumID: "duty", text: "值班", period: Period(.quarter, year: 2026, index: 4), mode: .eachMode, scope: "member",
                                  required: 1, done: 0, doneOnline: 0, doneOffline: 0, short: 7, state: .due, daysLeft: 3,
                                  members: Array(repeating: .init(memberID: 1, name: "甲", online: 0, offline: 2, any: 0), count: 4))
        #expect(line.briefText == "4人共差7次")
        line.scope = "studio"
        line.members = []
        line.short = 1
        line.doneOnline = 1
        #expect(line.briefText == "线下差1次")
        line.doneOnline = 0
        line.short = 2
        #expect(line.briefText == "线上差1、线下差1")
        line.mode = .any
        #expect(line.briefText == "差2次")
    }
}
