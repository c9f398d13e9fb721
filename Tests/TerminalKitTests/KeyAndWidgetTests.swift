import Testing
@testable import TerminalKit

@Suite struct KeyDecoderTests {
    @Test func ncursesKeyCodes() {
        #expect(KeyDecoder.decode(keyCode: 259) == .up)
        #expect(KeyDecoder.decode(keyCode: 263) == .backspace)
        #expect(KeyDecoder.decode(keyCode: 265) == .function(1))
        #expect(KeyDecoder.decode(keyCode: 274) == .function(10))
        #expect(KeyDecoder.decode(keyCode: 353) == .backTab)
        #expect(KeyDecoder.decode(keyCode: 512) == .backTab)  // TERM=linux Shift-Tab
        #expect(KeyDecoder.decode(keyCode: 410) == .resize)
        #expect(KeyDecoder.decode(keyCode: 999) == nil)
    }

    @Test func plainCharacters() {
        #expect(KeyDecoder.decode(character: 127) == .backspace)
        #expect(KeyDecoder.decode(character: 8) == .backspace)
        #expect(KeyDecoder.decode(character: 13) == .enter)
        #expect(KeyDecoder.decode(character: 9) == .tab)
        #expect(KeyDecoder.decode(character: 19) == .ctrl("s"))
        #expect(KeyDecoder.decode(character: 0x5F20) == .char("张"))
    }

    @Test func rawEscapeSequencesFromVt100AndLinux() {
        #expect(KeyDecoder.decode(escapeSequence: "") == .escape)
        #expect(KeyDecoder.decode(escapeSequence: "[Z") == .backTab)
        #expect(KeyDecoder.decode(escapeSequence: "[6~") == .pageDown)
        #expect(KeyDecoder.decode(escapeSequence: "[21~") == .function(10))
        #expect(KeyDecoder.decode(escapeSequence: "[[A") == .function(1))
        #expect(KeyDecoder.decode(escapeSequence: "OP") == .function(1))
        #expect(KeyDecoder.decode(escapeSequence: "x") == .alt("x"))
        #expect(KeyDecoder.decode(escapeSequence: "[99~") == nil)
        #expect(KeyDecoder.isIncomplete(escapeSequence: "["))
        #expect(KeyDecoder.isIncomplete(escapeSequence: "[2"))
        #expect(KeyDecoder.isIncomplete(escapeSequence: "[["))
        #expect(!KeyDecoder.isIncomplete(escapeSequence: "[21~"))
        #expect(!KeyDecoder.isIncomplete(escapeSequence: "[[A"))
        #expect(!KeyDecoder.isIncomplete(escapeSequence: "OP"))
    }
}

@Suite struct WidgetTests {
    @Test func tableAlignsChineseColumnsAndHighlightsSelection() {
        var t = TableView(columns: [TableColumn("姓名", width: 8), TableColumn("界别", width: 10)])
        let rows = [["张雪琴", "民盟"], ["Tom Lee", "经济界"], ["欧阳娜娜", "九三学社"]]
        t.setCount(rows.count)
        t.handle(.down)
        var b = Buffer(width: 20, height: 5)
        t.render(into: &b, area: b.area) { rows[$0] }
        #expect(b.line(0).hasPrefix("姓名     界别"))
        #expect(b.line(1).hasPrefix("张雪琴   民盟"))
        #expect(b.line(2).hasPrefix("Tom Lee  经济界"))
        #expect(b.line(3).hasPrefix("欧阳娜娜 九三学社"))
        #expect(b.style(row: 2, col: 0) == .selection)
        #expect(b.style(row: 1, col: 0) == .normal)
    }

    @Test func tableScrollsAndPages() {
        var t = TableView(columns: [TableColumn("n", width: 4)])
        t.setCount(100)
        var b = Buffer(width: 10, height: 11)  // header + 10 rows
        t.render(into: &b, area: b.area) { ["\($0)"] }
        t.handle(.pageDown)
        #expect(t.selected == 10)
        t.handle(.end)
        t.render(into: &b, area: b.area) { ["\($0)"] }
        #expect(t.selected == 99)
        #expect(t.visibleRange == 90..<100)
        #expect(b.line(10).hasPrefix("99"))
    }

    @Test func tableTruncatesLongCellsWithMarker() {
        let t = TableView(columns: [TableColumn("单位职务", width: 8), TableColumn("x", width: 2)])
        #expect(t.formatRow(["明湖区人民医院", "a"], widths: [8, 2]) == "明湖区~  a ")
    }

    @Test func menuDrawsTheCompactNoteWhenTheFullOneDoesNotFitAndNeverCutsANumber() {
        let m = Menu(items: [
            Menu.Item(shortcut: "5", title: "履职台账", detail: "未完成要求 1234 项，群众意见逾期 19525 件", compact: "未完成 1234 项，逾期意见 19525 件"),
            Menu.Item(shortcut: "6", title: "值班排班", detail: "本季度 3 人值班未完成，缺席未补 12345 次"),
        ])
        var wide = Buffer(width: 60, height: 2)
        m.render(into: &wide, area: Rect(row: 0, col: 0, width: 60, height: 2))
        #expect(wide.line(0).contains("未完成要求 1234 项，群众意见逾期 19525 件"))
        var narrow = Buffer(width: 48, height: 2)
        m.render(into: &narrow, area: Rect(row: 0, col: 0, width: 48, height: 2))
        #expect(narrow.line(0).contains("未完成 1234 项，逾期意见 19525 件"))
        // No compact wording: cut before the number, marked, rather than "缺席未补 123".
        #expect(narrow.line(1).contains("缺席未补 ~"))
        #expect(!narrow.line(1).contains("123"))
    }

    @Test func menuShortcutsChooseDirectly() {
        var m = Menu(items: [Menu.Item(shortcut: "1", title: "工作室申报"), Menu.Item(shortcut: "0", title: "退出")])
        #expect(m.handle(.char("0")) == .chosen(1))
        #expect(m.handle(.down) == .moved)
        #expect(m.selected == 0)
        #expect(m.handle(.enter) == .chosen(0))
        #expect(m.handle(.char("x")) == .ignored)
    }

    @Test func helpBarFromKeyTableShowsOnlyBarBindings() {
        enum A: Sendable { case add, secret }
        let map = KeyMap<A>([
            KeyBinding([.char("a")], .add, label: "新增"),
            KeyBinding([.char("z")], .secret, label: "隐藏", inBar: false),
        ])
        var b = Buffer(width: 40, height: 1)
        HelpBar.render(into: &b, hints: map.barHints(canEdit: true), row: 0)
        #expect(b.line(0).hasPrefix("a 新增"))
        #expect(!b.line(0).contains("隐藏"))
        #expect(map.helpHints(canEdit: true).count == 2)
        #expect(map.action(for: .char("z"), canEdit: true) == .secret)
    }

    @Test func aSessionThatMayNotEditIsRefusedAnEditingBindingAndDoesNotSeeIt() {
        enum A: Sendable { case add, open }
        let map = KeyMap<A>([
            KeyBinding([.char("a")], .add, label: "新增", edits: true),
            KeyBinding([.enter], .open, label: "打开"),
        ])
        #expect(map.action(for: .char("a"), canEdit: true) == .add)
        #expect(map.refused(.char("a"), canEdit: true) == nil)
        #expect(map.action(for: .char("a"), canEdit: false) == nil)
        #expect(map.refused(.char("a"), canEdit: false)?.label == "新增")
        #expect(map.action(for: .enter, canEdit: false) == .open)
        #expect(map.refused(.enter, canEdit: false) == nil)
        #expect(map.barHints(canEdit: false).map(\.key) == ["Enter"])
        #expect(map.helpHints(canEdit: false).map(\.key) == ["Enter"])
        #expect(map.barHints(canEdit: true).map(\.key) == ["a", "Enter"])
    }

    /// An account's session (issue 22): a binding declares what it needs, and the application's rule decides.
    @Test func aBindingThatNeedsAPermissionIsOfferedOnlyWhenAllowed() {
        enum A: Sendable { case review, add, open }
        let map = KeyMap<A>([
            KeyBinding([.char("v")], .review, label: "审核", edits: true, needs: "reviewLedger"),
            KeyBinding([.char("a")], .add, label: "新增", edits: true),
            KeyBinding([.enter], .open, label: "打开"),
        ])
        let clerk = { (b: KeyBinding<A>) in b.needs == nil }
        #expect(map.action(for: .char("v"), allows: clerk) == nil)
        #expect(map.refused(.char("v"), allows: clerk)?.needs == "reviewLedger")
        #expect(map.action(for: .char("a"), allows: clerk) == .add)
        #expect(map.barHints(allows: clerk).map(\.key) == ["a", "Enter"])
        #expect(map.helpHints(allows: { !$0.edits }).map(\.key) == ["Enter"])
        // The edit-mode reading is unchanged: a key that needs a permission and edits is a write key.
        #expect(map.barHints(canEdit: false).map(\.key) == ["Enter"])
    }

    @Test func helpNamesEachKeyOnce() {
        enum A: Sendable { case previous, next, left, right }
        let map = KeyMap<A>([
            KeyBinding([.char("[")], .previous, key: "[ ]", label: "季度", help: "上一季度 / 下一季度"),
            KeyBinding([.char("]")], .next, label: "下一季度", inBar: false),
            KeyBinding([.right], .right, key: "Left/Right", label: "换规则", help: "换一个地区的规则"),
            KeyBinding([.left], .left, label: "上一个规则", inBar: false),
        ])
        #expect(map.helpHints(canEdit: true) == [KeyHint(key: "[ ]", label: "上一季度 / 下一季度"), KeyHint(key: "Left/Right", label: "换一个地区的规则")])
        #expect(map.action(for: .left, canEdit: true) == .left)
    }

    @Test func dialogWrapKeepsLinesWithinWidth() {
        let lines = DialogBox.wrap("这是一个新的数据文件。是否载入演示数据？", width: 10)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 10 })
        #expect(lines.joined() == "这是一个新的数据文件。是否载入演示数据？")
    }

    @Test func dialogWrapKeepsClosingPunctuationOffTheLineStart() {
        // Width 20 would put "。" first on the second line: the line before gives up its last character.
        let lines = DialogBox.wrap("这是一个新的数据文件。是否载入", width: 20)
        #expect(lines == ["这是一个新的数据文", "件。是否载入"])
        #expect(DialogBox.wrap("切换视图：按工作室 / 缺席未补班", width: 30) == ["切换视图：按工作室 / 缺席未", "补班"])
        #expect(DialogBox.wrap("差 1 次（线上 0、线下 1）", width: 14).allSatisfy { !($0.first.map { "、）".contains($0) } ?? false) })
    }
}

@Suite struct TitleBarTests {
    /// A long screen title at 80 columns: the date and the office's name leave first, 【只读】 stays and the title
    /// is cut with its mark.
    @Test func readOnlyMarkStaysWhenTheTitleIsLong() {
        var buffer = Buffer(width: 80, height: 3)
        let title = "StudioDesk 委员工作室管理 > 滨江区政协第一委员工作室（区域型） > 履职台账 > 2026 年活动记录"
        TitleBar.render(into: &buffer, title: title, right: ["【只读】", "滨江区政协", "2026-12-06"])
        let line = buffer.line(0)
        #expect(line.contains("【只读】"))
        #expect(!line.contains("2026-12-06"))
        #expect(line.contains("~"))
        #expect(DisplayWidth.of(line) <= 80)
    }

    @Test func everythingShowsWhenThereIsRoom() {
        var buffer = Buffer(width: 100, height: 3)
        TitleBar.render(into: &buffer, title: "StudioDesk 委员工作室管理 > 委员名册", right: ["", "滨江区政协", "2026-12-06"])
        let line = buffer.line(0)
        #expect(line.hasPrefix(" StudioDesk 委员工作室管理 > 委员名册"))
        #expect(line.hasSuffix("滨江区政协  2026-12-06 "))
        #expect(!line.contains("~"))
    }
}
