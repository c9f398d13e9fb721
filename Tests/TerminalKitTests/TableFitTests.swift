import Testing
@testable import TerminalKit

/// How a table gives way when narrow and where the room goes when wide: names first, numbers never.
@Suite struct TableFitTests {
    static let columns = [
        TableColumn("工作室名称", width: 16, flex: 3, fit: .name),
        TableColumn("规则", width: 10),
        TableColumn("得分", width: 6, align: .right),
        TableColumn("补救", width: 10, flex: 1, fit: .summary),
    ]
    static let rows = [
        ["明湖区西岭街道委员之家（委员工作室）", "陕西 2023", "3/13 项", "4人共差12次"],
        ["常静委员工作室", "杭州滨江 2020", "110", "请区政协专委会指导一次活动"],
    ]

    func render(width: Int, height: Int = 6, select: Int = 0) -> (TableView, Buffer) {
        var t = TableView(columns: Self.columns)
        t.setCount(Self.rows.count)
        t.select(select)
        var b = Buffer(width: width, height: height)
        t.render(into: &b, area: b.area) { Self.rows[$0] }
        return (t, b)
    }

    @Test func namesGiveWayFirstThenOtherTextAndNumbersNever() {
        // 40 columns: names down to their title, then 规则, then the remedy; the score stays whole.
        let (t, b) = render(width: 40)
        let w = t.layout(width: 40)
        #expect(w[2] == 7)  // "3/13 项" is 7 wide, more than its declared 6
        #expect(w[0] == 10 && w.reduce(0, +) + 3 == 40)
        #expect(b.line(1).contains("3/13 项") && b.line(2).contains("110"))
        #expect(b.line(1).hasPrefix("明湖区西~ "))
        // The shrink order: the name to its title's width, then 规则 to 4, then the remedy; the score never.
        #expect(w == [10, 10, 7, 10])
        #expect(TableView.layout(Self.columns, content: [36, 13, 7, 26], width: 36) == [10, 6, 7, 10])
        #expect(TableView.layout(Self.columns, content: [36, 13, 7, 26], width: 30) == [10, 4, 7, 6])
        // Narrower than the numbers and titles: text goes to 2, the number column is cut only then.
        let tiny = TableView.layout(Self.columns, content: [36, 13, 7, 26], width: 14)
        #expect(tiny[0] == 2 && tiny[1] == 2 && tiny[3] == 2 && tiny[2] == 5)
    }

    @Test func wideTablesGiveTheRoomToTheSummaryNotTheName() {
        // 70 columns: the remedy gets its 26 before the name gets more than its 16.
        let w = TableView.layout(Self.columns, content: [36, 13, 7, 26], width: 70)
        #expect(w[3] == 26 && w[2] == 7 && w[1] == 13)
        #expect(w[0] == 70 - 3 - 26 - 7 - 13)
        // 200 columns: everything whole, and what is left stays empty instead of widening the name.
        let wide = TableView.layout(Self.columns, content: [36, 13, 7, 26], width: 200)
        #expect(wide == [36, 13, 7, 26])
    }

    @Test func everyCutIsMarkedWithANarrowMarkAndTheDetailLineShowsIt() {
        let (t, b) = render(width: 40)
        for y in 1...2 {
            let line = b.line(y)
            #expect(!line.contains("…"))
        }
        #expect(b.line(1).contains("~"))
        // The selected row's cut cells in full on the last line.
        #expect(t.detailText == "工作室名称：明湖区西岭街道委员之家（委员工作室）  补救：4人共差12次")
        #expect(b.line(5).hasPrefix("工作室名称：明湖区西岭街道"))
        // Wide enough for everything: no detail line, every row shown.
        let (whole, wb) = render(width: 120)
        #expect(whole.detailText == nil && whole.pageSize == 5)
        #expect(wb.line(1).contains("明湖区西岭街道委员之家（委员工作室）"))
    }

    @Test func aCutInTextNeverFallsInsideANumber() {
        #expect(DisplayWidth.truncate("每季度至少提交12件提案", to: 16, wholeNumbers: true) == "每季度至少提交~")
        #expect(DisplayWidth.truncate("每季度至少提交12件提案", to: 16) == "每季度至少提交1~")
        #expect(DisplayWidth.truncate("提交12件提案", to: 7, wholeNumbers: true) == "提交12~")
        let t = TableView(columns: [TableColumn("要求", width: 8)])
        #expect(t.formatRow(["平均 3.25 分"], widths: [8]) == "平均 ~  ")
    }

    @Test func aPathIsCutInTheMiddleKeepingTheFileName() {
        let path = "/home/clerk/documents/office/2026/明湖区委员工作室.sqlite"
        let cut = DisplayWidth.truncateMiddle(path, to: 40)
        #expect(DisplayWidth.of(cut) <= 40 && cut.hasSuffix("/明湖区委员工作室.sqlite") && cut.hasPrefix("/home/") && cut.contains("~"))
        #expect(DisplayWidth.truncateMiddle(path, to: 200) == path)
        #expect(DisplayWidth.truncateMiddle("/a/" + String(repeating: "很长的名字", count: 10), to: 20).contains("~"))
    }
}
