import Foundation
import Testing
@testable import StudioDemo
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit
import TestSupport

/// An app over a temporary database, driven by keys and read back as screen text.
final class Harness {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-app-\(UUID().uuidString)")
    let db: AppDatabase
    private(set) var app: App
    let profiles: [RuleProfile]
    var width = 80, height = 24
    static let fixed = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

    init(demo: Bool = true, members: [Member] = [], profiles: [RuleProfile] = [], session: Session? = nil) throws {
        let path = dir.appendingPathComponent("t.sqlite").path
        // The demo is built once per run (per set of profiles) and copied: loading it is seconds a test.
        db = demo ? try DemoTemplate.open(path: path, profiles: profiles) : try AppDatabase.open(path: path)
        self.profiles = profiles
        for m in members { try db.saveMember(m) }
        app = App(context: AppContext(db: db, profiles: profiles, today: { Self.fixed }, session: session))
        // Ctrl-E in a long text (random keys press it too) must never start the real vi in a test.
        app.context.externalEditor = ExternalEditor { _ in .failure(.init("测试中不运行编辑器，内容未改动")) }
    }

    /// The program started again on the same file (after a quit). The context (and its cache of office figures)
    /// is kept: a fuzz run quits often, and recomputing every figure each time would be most of its cost.
    func restart() {
        app.settle()
        app = App(context: app.context)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    @discardableResult
    func press(_ keys: Key...) -> Bool { keys.allSatisfy { app.handle($0, width: width, height: height) } }
    func type(_ text: String) { for c in text { app.handle(.char(c), width: width, height: height) } }
    var frame: Buffer {
        app.settle()
        return app.frame(width: width, height: height)
    }
    var screen: String { frame.text }
}

@Suite struct MainMenuTests {
    @Test func menuListsEveryCapabilityWithItsShortcut() throws {
        let h = try Harness()
        let s = h.screen
        for item in ["[1] 工作室申报", "[2] 工作室名册", "[3] 委员名册", "[4] 上墙检查", "[5] 值班排班",
                     "[6] 履职台账", "[7] 年度评估", "[8] 打印导出", "[9] 规则设置", "[0] 退出"] {
            #expect(s.contains(item), "missing \(item)")
        }
        #expect(s.contains("共 150 名委员"))
        #expect(h.frame.line(23).contains("F1 帮助"))
        #expect(h.frame.line(0).contains("2026年11月18日"))
    }

    @Test func backupAndRestoreFromThePrintingScreen() throws {
        let h = try Harness()
        #expect(h.screen.contains("[8] 打印导出    还没有备份"))
        h.press(.char("8"))
        #expect(h.screen.contains("备份与恢复"))
        #expect(h.screen.contains("还没有自动备份"))
        let path = h.dir.appendingPathComponent("copies/手动备份.sqlite").path
        h.press(.char("b"))
        for _ in 0..<300 { h.press(.backspace) }
        h.type(path)
        h.press(.function(2))
        #expect(h.screen.contains("已备份到"))
        #expect(try AppDatabase.inspect(backup: path).members == 150)
        // A change after the backup, then the restore: the change is gone, the data before it kept aside.
        try h.db.saveMember(Member(name: "欧阳明", sector: "无党派人士"))
        h.press(.char("r"))
        h.type(h.dir.appendingPathComponent("none.sqlite").path)
        h.press(.function(2))
        #expect(h.screen.contains("找不到备份文件"))
        for _ in 0..<300 { h.press(.backspace) }
        h.type(path)
        h.press(.function(2))
        #expect(h.screen.contains("18 个工作室、150 名委员"))
        h.press(.char("y"))
        #expect(h.screen.contains("已恢复；恢复前的数据另存为"))
        #expect(try h.db.memberCount() == 150)
        try h.db.dailyBackup(today: "2026-11-18")
        h.press(.escape)
        #expect(h.screen.contains("[8] 打印导出    上次自动备份 2026-11-18"))
    }

    @Test func qAndF10AndZeroQuit() throws {
        #expect(try Harness().press(.char("q")) == false)
        #expect(try Harness().press(.function(10)) == false)
        #expect(try Harness().press(.char("0")) == false)
    }

    @Test func newEmptyFileOffersDemoData() throws {
        let h = try Harness(demo: false)
        #expect(h.screen.contains("是否载入演示数据"))
        h.press(.char("y"))
        #expect(h.screen.contains("已载入演示数据"))
        h.press(.enter)
        #expect(h.screen.contains("共 150 名委员"))
    }

    @Test func declinedDemoLeavesAnEmptyRoster() throws {
        let h = try Harness(demo: false)
        h.press(.char("n"), .char("3"))
        #expect(h.screen.contains("名册里还没有委员"))
    }

    @Test func tooSmallTerminalShowsNoticeAndComesBack() throws {
        let h = try Harness()
        h.width = 60
        h.height = 20
        #expect(h.screen.contains("请放大终端窗口"))
        #expect(h.screen.contains("当前 60x20"))
        h.press(.char("3"))  // ignored while too small
        h.width = 100
        h.height = 30
        #expect(h.screen.contains("[1] 工作室申报"))
        #expect(!h.screen.contains("请放大终端窗口"))
    }

    @Test func f1ListsEveryBindingOfTheScreen() throws {
        let h = try Harness()
        h.press(.char("3"), .function(1))
        let s = h.screen
        #expect(s.contains("帮助：委员名册"))
        for text in ["新增委员", "修改所选委员", "删除所选委员", "拼音首字母", "PgUp/PgDn", "Home/End"] {
            #expect(s.contains(text), "F1 misses \(text)")
        }
        h.press(.escape)
        #expect(!h.screen.contains("帮助：委员名册"))
    }
}

@Suite struct MemberRosterTests {
    @Test func rosterShowsColumnsInPinyinOrder() throws {
        let h = try Harness(demo: false, members: [Member(name: "周建功", sector: "经济界"), Member(name: "安康", sector: "民盟"),
                                                    Member(name: "张雪琴", sector: "医药卫生界", phone: "13812345678")])
        h.press(.char("n"), .char("3"))
        let lines = h.frame.lines
        let header = try #require(lines.first { $0.contains("姓名") })
        for col in ["姓名", "界别", "专委会", "单位职务", "专长", "联系方式"] { #expect(header.contains(col)) }
        let names = lines.compactMap { l in ["安康", "张雪琴", "周建功"].first { l.hasPrefix(" " + $0) } }
        #expect(names == ["安康", "张雪琴", "周建功"])
        // Columns line up: the phone number starts in the same column as its header.
        let row = try #require(lines.first { $0.contains("13812345678") })
        #expect(DisplayWidth.of(row.components(separatedBy: "13812345678")[0]) == DisplayWidth.of(header.components(separatedBy: "联系方式")[0]))
    }

    @Test func searchByPinyinInitialsFindsZhangXueqin() throws {
        let h = try Harness()
        h.press(.char("3"), .char("/"))
        h.type("zxq")
        let s = h.screen
        #expect(s.contains("找到 1 名"))
        #expect(s.contains("张雪琴"))
        // The cursor sits after "zxq" in the search field.
        let cursor = try #require(h.frame.cursor)
        #expect(h.frame.line(cursor.row).contains("搜索：zxq"))
        #expect(cursor.col == 1 + DisplayWidth.of("搜索：zxq"))
        h.press(.enter)
        #expect(h.screen.contains("找到 1 名"))
        h.press(.escape)  // clears the search first
        #expect(h.screen.contains("共 150 名委员"))
    }

    /// Issue 20: while the search field has the keys the roster's selection is dimmed; Enter gives the list the keys.
    @Test func searchingDimsTheListSelection() throws {
        let h = try Harness()
        h.press(.char("3"), .char("/"))
        h.type("zxq")
        let row = try #require(h.frame.lines.firstIndex { $0.contains("张雪琴") })
        #expect(h.frame.style(row: row, col: 2) == .inactiveSelection)
        h.press(.enter)
        #expect(h.frame.style(row: row, col: 2) == .selection)
    }

    @Test func searchByChineseSubstring() throws {
        let h = try Harness()
        h.press(.char("3"), .char("/"))
        h.type("雪琴")
        #expect(h.screen.contains("张雪琴"))
        // The cursor moved by display columns after Chinese input.
        #expect(h.frame.cursor?.col == 1 + DisplayWidth.of("搜索：雪琴"))
    }

    @Test func addMemberWithChineseInput() throws {
        let h = try Harness(demo: false)
        h.press(.char("n"), .char("3"), .char("a"))
        #expect(h.screen.contains("新增委员"))
        h.type("欧阳娜娜")
        #expect(h.frame.cursor?.col == 3 + 10 + 8)
        h.press(.tab)
        h.type("民盟")
        h.press(.tab, .tab, .tab, .tab)
        h.type("13812345678")
        h.press(.function(2))
        #expect(h.screen.contains("已新增：欧阳娜娜"))
        #expect(h.screen.contains("13812345678"))
        #expect(try h.db.members().map(\.name) == ["欧阳娜娜"])
    }

    @Test func emptyNameAndBadPhoneAreExplainedOnTheirFields() throws {
        let h = try Harness(demo: false)
        h.press(.char("n"), .char("3"), .char("a"))
        h.press(.tab, .tab, .tab, .tab, .tab)
        h.type("12345")
        h.press(.function(2))
        let s = h.screen
        #expect(s.contains("姓名不能为空"))
        #expect(s.contains("联系方式格式不对"))
        #expect(s.contains("请改正标红的项目"))
        #expect(try h.db.memberCount() == 0)
        // The focus went to the first bad field: typing fills the name.
        h.type("王五")
        #expect(h.screen.contains("王五"))
    }

    @Test func editChangesTheSelectedMember() throws {
        let h = try Harness(demo: false, members: [Member(name: "张三", sector: "民盟")])
        h.press(.char("n"), .char("3"), .enter)
        #expect(h.screen.contains("修改委员：张三"))
        h.press(.end, .backspace)
        h.type("四")
        h.press(.ctrl("s"))
        #expect(h.screen.contains("已保存：张四"))
        #expect(try h.db.members().map(\.name) == ["张四"])
    }

    @Test func escapeWithChangesAsksBeforeDiscarding() throws {
        let h = try Harness(demo: false, members: [Member(name: "张三")])
        h.press(.char("n"), .char("3"), .enter)
        h.type("丰")
        h.press(.escape)
        #expect(h.screen.contains("确定放弃吗"))
        h.press(.char("n"))
        #expect(h.screen.contains("修改委员：张三"))
        h.press(.escape, .char("y"))
        #expect(h.screen.contains("委员名册"))
        #expect(try h.db.members().map(\.name) == ["张三"])
    }

    @Test func deleteAsksAndRemoves() throws {
        let h = try Harness(demo: false, members: [Member(name: "张三"), Member(name: "李四")])
        h.press(.char("n"), .char("3"), .char("d"))
        #expect(h.screen.contains("确定删除委员「李四」吗"))
        h.press(.char("n"))
        #expect(try h.db.memberCount() == 2)
        h.press(.char("d"), .char("y"))
        #expect(h.screen.contains("已删除：李四"))
        #expect(try h.db.members().map(\.name) == ["张三"])
    }

    @Test func deletingAStudioMemberIsRefusedWithTheStudioNamed() throws {
        let h = try Harness()
        let used = try #require(try h.db.studios().compactMap(\.id).lazy.flatMap { try! h.db.memberships(studioID: $0) }.first)
        let member = try #require(try h.db.member(id: used.memberID))
        h.press(.char("3"), .char("/"))
        h.type(member.name)
        h.press(.enter, .char("d"), .char("y"))
        let s = h.screen
        #expect(s.contains("不能删除"))
        #expect(s.contains("委员工作室"))
        #expect(try h.db.member(id: used.memberID) != nil)
    }

    @Test func helpBarShowsTheMainKeys() throws {
        let h = try Harness()
        h.press(.char("3"))
        let bar = h.frame.line(23)
        for k in ["a 新增", "e 修改", "d 删除", "/ 搜索", "Esc 返回", "F1 帮助"] { #expect(bar.contains(k)) }
    }

    @Test func pagingMovesThroughTheWholeRoster() throws {
        let h = try Harness()
        h.press(.char("3"))
        _ = h.frame
        h.press(.end)
        #expect(h.screen.contains("第 150/150 名"))
        h.press(.pageUp)
        _ = h.frame
        #expect(!h.screen.contains("第 150/150 名"))
        h.press(.home)
        #expect(h.screen.contains("第 1/150 名"))
    }
}
