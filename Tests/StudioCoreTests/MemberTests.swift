import Foundation
import Testing
@testable import StudioCore

@Suite struct PinyinTests {
    @Test func pinyinKeysComeFromICU() {
        let key = PinyinKey("张雪琴")
        #expect(key.spaced == "zhang xue qin")
        #expect(key.compact == "zhangxueqin")
        #expect(key.initials == "zxq")
        #expect(PinyinKey("欧阳娜娜").initials == "oynn")
        #expect(PinyinKey("Tom Lee").initials == "tl")
    }

    @Test func chineseCollationSortsByPinyin() {
        let names = ["周建功", "张三", "安康", "赵六", "李四", "王五"]
        #expect(names.sorted(by: ChineseCollation.areInIncreasingOrder) == ["安康", "李四", "王五", "张三", "赵六", "周建功"])
    }

    @Test func searchMatchesInitialsPinyinAndChinese() {
        let key = PinyinKey("张雪琴")
        #expect(SearchQuery("zxq").matches(name: "张雪琴", key: key))
        #expect(SearchQuery("ZXQ").matches(name: "张雪琴", key: key))
        #expect(SearchQuery("zhangxue").matches(name: "张雪琴", key: key))
        #expect(SearchQuery("雪琴").matches(name: "张雪琴", key: key))
        #expect(!SearchQuery("lsi").matches(name: "张雪琴", key: key))
        #expect(SearchQuery("民盟").matches(name: "张雪琴", key: key, otherFields: ["民盟"]))
        #expect(SearchQuery("  ").isEmpty)
        #expect(!SearchQuery("张x").isPinyin)
    }
}

@Suite struct MemberValidationTests {
    @Test func ordinaryNamesPassIncludingNumeralCharacters() {
        // 三, 四, 一 and 陆 carry numeric values in Unicode; they are still names.
        for name in ["张三", "李四", "罗一鸣", "陆永康", "万明", "欧阳娜娜", "Tom Lee"] {
            #expect(MemberValidator.validate(Member(name: name)).isEmpty, "\(name) should be valid")
        }
    }

    @Test func emptyNameAndDigitsAreRefused() {
        #expect(MemberValidator.validate(Member(name: "  ")).map(\.message) == ["姓名不能为空"])
        #expect(MemberValidator.validate(Member(name: "张3")).map(\.field) == ["name"])
        #expect(MemberValidator.validate(Member(name: "张３")).map(\.field) == ["name"])
        #expect(MemberValidator.validate(Member(name: String(repeating: "张", count: 21))).first?.message.contains("过长") == true)
    }

    @Test(arguments: ["13812345678", "+86 138 1234 5678", "138-1234-5678", "0571-87654321", "057187654321",
                      "029-8765432", "0571-87654321转801", "87654321"])
    func validPhoneNumbers(_ phone: String) {
        #expect(PhoneNumber.isValid(phone))
    }

    @Test(arguments: ["12345", "1381234567", "1390571", "23812345678", "138123456789", "abc", "0571-8765", "电话"])
    func invalidPhoneNumbers(_ phone: String) {
        #expect(!PhoneNumber.isValid(phone))
        #expect(MemberValidator.validate(Member(name: "王五", phone: phone)).map(\.field) == ["phone"])
    }

    @Test func emptyPhoneIsAllowed() {
        #expect(MemberValidator.validate(Member(name: "王五", phone: "")).isEmpty)
    }

    @Test func normalizedTrimsAndRecomputesPinyin() {
        var m = Member(name: " 张三 ", sector: " 民盟 ")
        m.name = "李四"
        let n = m.normalized()
        #expect(n.name == "李四")
        #expect(n.sector == "民盟")
        #expect(n.initials == "ls")
    }
}
