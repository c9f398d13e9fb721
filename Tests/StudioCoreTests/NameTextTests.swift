import Foundation
import Testing
@testable import StudioCore

/// Names, titles and studio names refuse what cannot be seen or breaks the line (issue 19, item 7): one rule
/// (`NameText`), said the same way by each form's validator and by the import, with the character named.
@Suite struct NameTextTests {
    /// Three members that all look like 司马月华, and names that break a list line.
    static let lookalikes: [(String, String)] = [
        ("司马月华\u{202E}", "U+202E（从右至左覆盖）"), ("司马\u{200D}月华", "U+200D（零宽连接符）"), ("\u{FEFF}司马月华", "U+FEFF（零宽不换行空格/BOM）"),
        ("司马\u{200B}月华", "U+200B（零宽空格）"), ("司马\u{2066}月华", "U+2066（文字方向控制符）"), ("司马\u{2060}月华", "U+2060（零宽字符）"),
        ("司马\u{AD}月华", "U+00AD（软连字符）"), ("司马\u{7}月华", "U+0007（控制字符）"),
    ]
    static let breaks: [(String, String)] = [("张\n三", "U+000A（换行）"), ("张\r三", "U+000D（回车）"), ("王\u{2028}五", "U+2028（行分隔符）"), ("王\u{2029}五", "U+2029（段落分隔符）")]

    @Test func hiddenAndLineBreakingCharactersAreNamedByCodeAndName() {
        for (text, named) in Self.lookalikes {
            #expect(NameText.problem(text) == "含有不可见字符 \(named)", "\(text.unicodeScalars.map { $0.value })")
        }
        for (text, named) in Self.breaks {
            #expect(NameText.problem(text) == "含有换行符 \(named)")
        }
        // Names as offices write them pass: the middle dot of a minority name, a Latin letter, a rare character.
        for name in ["司马月华", "阿卜杜拉·买买提", "Zoë 王", "𠀾明", "欧阳 明"] {
            #expect(NameText.problem(name) == nil, "\(name)")
        }
    }

    @Test func everyFormThatNamesSomethingRefusesThemAndMultiLineFieldsKeepTheirBreaks() {
        let (text, named) = Self.lookalikes[0]
        let said = "含有不可见字符 \(named)，请删除"
        #expect(MemberValidator.validate(Member(name: text, sector: "经济界")).map(\.message) == [said])
        #expect(MemberValidator.validate(Member(name: "王\u{2028}五", sector: "经济界")).first?.message == "含有换行符 U+2028（行分隔符），请删除")
        #expect(Studio(name: "湖滨\u{200B}街道委员工作室", type: .region, profileID: "p").issues().map(\.message) == ["含有不可见字符 U+200B（零宽空格），请删除"])
        #expect(Activity(studioID: 1, date: "2026-03-05", category: "c", categoryName: "走访", title: "走访\n调研").issues().map(\.field) == ["title"])
        #expect(Proposal(studioID: 1, title: text, date: "2026-01-10").issues().map(\.message) == [said])
        #expect(SocialInfo(studioID: 1, title: text, date: "2026-04-02").issues().map(\.message) == [said])
        #expect(CitizenItem(studioID: 1, receivedOn: "2026-05-06", citizen: text, content: "路灯不亮").issues().map(\.field) == ["citizen"])
        // Line breaks stay where text runs over lines: 备注, 活动内容.
        #expect(MemberValidator.validate(Member(name: "张三", sector: "经济界", note: "第一行\n第二行")).isEmpty)
        #expect(Activity(studioID: 1, date: "2026-03-05", category: "c", categoryName: "走访", title: "走访", summary: "一\n二\u{2028}三").issues().isEmpty)
    }

    @Test func anImportNamesTheRowColumnAndCharacterAndKeepsNoneOfThoseRows() {
        let rows = (Self.lookalikes.prefix(3) + Self.breaks.prefix(1)).map { [$0.0, ""] } + [["司马月华", "备注\n两行"]]
        let table = ImportTable(headers: ["姓名", "备注"], rows: rows.enumerated().map { ($0.offset + 2, $0.element) })
        let read = RosterImport.read(table)
        #expect(read.problems.map(\.description) == [
            "第 2 行「姓名」：含有不可见字符 U+202E（从右至左覆盖），请删除后再导入",
            "第 3 行「姓名」：含有不可见字符 U+200D（零宽连接符），请删除后再导入",
            "第 4 行「姓名」：含有不可见字符 U+FEFF（零宽不换行空格/BOM），请删除后再导入",
            "第 5 行「姓名」：含有换行符 U+000A（换行），请删除后再导入",
        ])
        #expect(read.members.map(\.member.name) == ["司马月华"])
    }

    @Test func atMostAHundredProblemsAreListedThenTheCount() {
        let many = (2...151).map { ImportProblem(row: $0, column: "姓名", message: "必填") }
        let lines = ImportProblem.lines(many)
        #expect(lines.count == 101 && lines[99] == "第 101 行「姓名」：必填" && lines.last == "…另有 50 个问题未列出")
        #expect(ImportProblem.lines(Array(many.prefix(100))).count == 100)
    }
}
