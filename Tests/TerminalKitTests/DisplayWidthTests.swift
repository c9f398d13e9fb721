import Testing
@testable import TerminalKit

@Suite struct DisplayWidthTests {
    @Test func chineseIsTwoColumnsLatinOne() {
        #expect(DisplayWidth.of("张雪琴") == 6)
        #expect(DisplayWidth.of("Tom") == 3)
        #expect(DisplayWidth.of("欧阳娜娜 Nana") == 13)
        #expect(DisplayWidth.of("，。（）") == 8)
        #expect(DisplayWidth.of("e\u{301}") == 1)  // e + combining acute
    }

    @Test func truncationNeverCutsAWideCharacter() {
        // 5 columns cannot hold three Chinese characters: two fit, the marker takes the fifth.
        #expect(DisplayWidth.truncate("张雪琴", to: 5) == "张雪~")
        #expect(DisplayWidth.truncate("张雪琴", to: 6) == "张雪琴")
        #expect(DisplayWidth.truncate("a张雪琴", to: 4) == "a张~")
        #expect(DisplayWidth.prefix("张雪琴", fitting: 3) == "张")
        #expect(DisplayWidth.truncate("张", to: 1) == "~")
    }

    @Test func paddingAlignsMixedText() {
        let rows = [("张雪琴", "民盟"), ("Tom Lee", "经济界"), ("欧阳娜娜", "九三学社")]
        let lines = rows.map { DisplayWidth.pad($0.0, to: 10) + "|" + $0.1 }
        // The bar sits in the same display column on every line.
        for l in lines { #expect(DisplayWidth.of(l.prefix(while: { $0 != "|" })) == 10) }
        #expect(DisplayWidth.pad("张", to: 5, align: .right) == "   张")
        #expect(DisplayWidth.pad("张", to: 4, align: .center) == " 张 ")
    }
}

@Suite struct BufferTests {
    @Test func wideCharactersTakeTwoCellsAndLinesReadBack() {
        var b = Buffer(width: 10, height: 2)
        let used = b.put("张a雪", row: 0, col: 0)
        #expect(used == 5)
        #expect(b.line(0) == "张a雪     ")
        #expect(b[0, 1].isContinuation)
        #expect(b[0, 2].symbol == "a")
    }

    @Test func wideCharacterNeverWrittenIntoTheLastColumn() {
        var b = Buffer(width: 5, height: 1)
        b.put("张雪琴", row: 0, col: 0)
        // Two characters fit in 4 columns; the fifth column holds the cut mark, never half a character.
        #expect(b.line(0) == "张雪~")
        #expect(!b[0, 4].isContinuation)
        // Wide punctuation (no words, no figures) is cut silently: the fifth column stays blank.
        var rule = Buffer(width: 5, height: 1)
        rule.put("，，，", row: 0, col: 0)
        #expect(rule.line(0) == "，， ")
        #expect(rule[0, 4].symbol == " ")
    }

    @Test func cutTextIsMarkedAndNeverEndsInsideANumber() {
        var b = Buffer(width: 30, height: 1)
        b.put("群众意见逾期 19525 件", row: 0, col: 0, maxWidth: 17)
        #expect(b.line(0).hasPrefix("群众意见逾期 ~ "))
        #expect(!b.line(0).contains("1"))
        // Trailing padding that does not fit is not a cut.
        var padded = Buffer(width: 6, height: 1)
        padded.put("共 12" + String(repeating: " ", count: 10), row: 0, col: 0)
        #expect(padded.line(0) == "共 12 ")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var b = Buffer(width: 6, height: 1)
        b.put("张雪琴", row: 0, col: 0)
        b.put("x", row: 0, col: 1)  // right half of 张
        #expect(b.line(0) == " x雪琴")
        b.put("y", row: 0, col: 2)  // left half of 雪
        #expect(b.line(0) == " xy 琴")
    }

    @Test func maxWidthClips() {
        var b = Buffer(width: 20, height: 1)
        b.put("委员工作室管理", row: 0, col: 2, maxWidth: 7)
        #expect(b.line(0).hasPrefix("  委员工~ "))
        #expect(DisplayWidth.of(b.line(0)) == 20)
    }

    @Test func controlCharactersDrawAsSpaces() {
        var b = Buffer(width: 8, height: 1)
        b.put("a\tb\nc", row: 0, col: 0)
        #expect(b.line(0) == "a b c   ")
    }
}

@Suite struct TextFieldTests {
    @Test func typingChineseMovesTheCursorByDisplayColumns() {
        var f = TextField()
        for c in "张雪琴" { f.handle(.char(c)) }
        #expect(f.text == "张雪琴")
        #expect(f.cursor == 3)
        #expect(f.cursorColumn == 6)
        var b = Buffer(width: 30, height: 1)
        f.render(into: &b, row: 0, col: 5, width: 20, focused: true)
        #expect(b.cursor == Point(row: 0, col: 11))
    }

    @Test func insertDeleteHomeEndInMixedText() {
        var f = TextField("张琴")
        f.handle(.left)
        f.handle(.char("雪"))
        #expect(f.text == "张雪琴")
        #expect(f.cursorColumn == 4)
        f.handle(.home)
        f.handle(.char("A"))
        #expect(f.text == "A张雪琴")
        #expect(f.cursorColumn == 1)
        f.handle(.delete)
        #expect(f.text == "A雪琴")
        f.handle(.end)
        f.handle(.backspace)
        #expect(f.text == "A雪")
        #expect(f.cursorColumn == 3)
        f.handle(.home)
        f.handle(.ctrl("k"))
        #expect(f.text == "")
    }

    @Test func maxLengthStopsTyping() {
        var f = TextField("", maxLength: 2)
        for c in "张雪琴" { f.handle(.char(c)) }
        #expect(f.text == "张雪")
    }

    @Test func longTextScrollsSoTheCursorStaysVisible() {
        var f = TextField()
        for c in "中国人民政治协商会议全国委员会" { f.handle(.char(c)) }
        var b = Buffer(width: 12, height: 1)
        f.render(into: &b, row: 0, col: 0, width: 10, focused: true)
        let cursor = try! #require(b.cursor)
        #expect(cursor.col <= 9)
        #expect(b.line(0).contains("员会"))
        #expect(!b.line(0).contains("中国"))
    }

    @Test func nonEditingKeysAreNotConsumed() {
        var f = TextField("x")
        for key in [Key.tab, .enter, .escape] {
            let consumed = f.handle(key)
            #expect(!consumed)
        }
        #expect(f.text == "x")
    }
}
