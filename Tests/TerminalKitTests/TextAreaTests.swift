import Foundation
import Testing
@testable import TerminalKit

@Suite struct TextAreaTests {
    /// Draws the area in a box `width` wide (one column kept for the cursor) and returns its rows as text.
    func draw(_ t: inout TextArea, width: Int, height: Int) -> (lines: [String], cursor: Point?) {
        var b = Buffer(width: width, height: height)
        t.render(into: &b, area: b.area, focused: true)
        return (b.lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }, b.cursor)
    }

    func typed(_ text: String, width: Int = 11, height: Int = 5) -> TextArea {
        var t = TextArea("")
        var b = Buffer(width: width, height: height)
        t.render(into: &b, area: b.area, focused: true)
        for c in text { t.handle(c == "\n" ? .enter : .char(c)) }
        return t
    }

    @Test func wrapsMixedChineseAndLatinByDisplayWidthNeverCuttingAWideCharacter() {
        // 10 columns of text: "ab" (2) + 4 Chinese (8) fill the first row; the next Chinese cannot straddle.
        var t = TextArea("ab调研走访c社区群众")
        let (lines, _) = draw(&t, width: 11, height: 4)
        #expect(lines[0] == "ab调研走访")
        #expect(lines[1] == "c社区群众")
        // 9 columns: "ab调研走" is 8, and 访 (2) would make 10 — it moves whole to the next row.
        var narrow = TextArea("ab调研走访c社区群众")
        let (rows, _) = draw(&narrow, width: 10, height: 4)
        #expect(rows[0] == "ab调研走")
        #expect(rows[1] == "访c社区群")
        #expect(rows[2] == "众")
        for row in narrow.rows(width: 9) {
            #expect(DisplayWidth.of(String(narrow.characters[row.start..<row.end])) <= 9)
        }
    }

    @Test func newlinesStartRowsAndEmptyLinesKeepTheirRow() {
        var t = TextArea("一、调研\n\n二、走访")
        let (lines, _) = draw(&t, width: 20, height: 4)
        #expect(lines[0] == "一、调研")
        #expect(lines[1] == "")
        #expect(lines[2] == "二、走访")
    }

    @Test func cursorColumnFollowsWideCharacters() {
        let t = typed("调研a走")
        #expect(t.cursor == 4)
        var copy = t
        let (_, cursor) = draw(&copy, width: 11, height: 5)
        #expect(cursor == Point(row: 0, col: 7))  // 2 + 2 + 1 + 2
        // Left over 走 moves back two columns.
        copy.handle(.left)
        #expect(draw(&copy, width: 11, height: 5).cursor == Point(row: 0, col: 5))
        // A full row: the cursor after its last character stays on the row, in the column kept for it.
        var full = typed("一二三四五")
        #expect(draw(&full, width: 11, height: 5).cursor == Point(row: 0, col: 10))
        full.handle(.char("六"))
        #expect(draw(&full, width: 11, height: 5).cursor == Point(row: 1, col: 2))
    }

    @Test func upAndDownKeepTheDisplayColumn() {
        // Row 0: "abcdefgh" (8 columns), row 1: "调研走访" (8 columns), row 2: "xy".
        var t = TextArea("abcdefgh\n调研走访\nxy")
        _ = draw(&t, width: 11, height: 5)
        for _ in 0..<3 { t.handle(.right) }  // after "abc": column 3
        do { let moved = t.handle(.down); #expect(moved) }
        // Column 3 is inside 研 (columns 2–3): the cursor goes before it, never into it.
        #expect(t.cursor == 10)  // "abcdefgh\n" is 9, then 调
        #expect(t.cursorPosition(width: 11) == Point(row: 1, col: 2))
        do { let moved = t.handle(.down); #expect(moved) }
        // Row 2 is only 2 wide: the end of it.
        #expect(t.cursorPosition(width: 11) == Point(row: 2, col: 2))
        // Back up: the column aimed at is still 3.
        do { let moved = t.handle(.up); #expect(moved) }
        do { let moved = t.handle(.up); #expect(moved) }
        #expect(t.cursorPosition(width: 11) == Point(row: 0, col: 3))
        // Up on the first row and Down on the last are not the area's: a form moves to another field.
        do { let moved = t.handle(.up); #expect(!moved) }
        t.handle(.down); t.handle(.down)
        do { let moved = t.handle(.down); #expect(!moved) }
    }

    @Test func downKeepsTheColumnAcrossWrappedRows() {
        // 30 Chinese characters wrap into rows of 5 in a 10-column box.
        let text = String(repeating: "议政建言服务群众", count: 4)
        var t = TextArea(text)
        _ = draw(&t, width: 11, height: 3)
        t.handle(.end)  // end of the first row: column 10, on that row
        #expect(t.cursorPosition(width: 11) == Point(row: 0, col: 10))
        t.handle(.down)
        #expect(t.cursorPosition(width: 11) == Point(row: 1, col: 10))
        // Typing there inserts after the row's last character.
        t.handle(.char("X"))
        #expect(t.text.hasPrefix("议政建言服务群众议政X"))
    }

    @Test func pagesMoveByTheBoxHeightAndScrollToKeepTheCursorInView() {
        let text = (1...20).map { "第\($0)行" }.joined(separator: "\n")
        var t = TextArea(text)
        var (lines, cursor) = draw(&t, width: 20, height: 5)
        #expect(lines[0] == "第1行")
        #expect(cursor == Point(row: 0, col: 0))
        t.handle(.pageDown)
        (lines, cursor) = draw(&t, width: 20, height: 5)
        #expect(t.cursorPosition(width: 20).row == 5)
        #expect(lines.contains("第6行"))
        #expect(cursor.map { lines[$0.row] } == "第6行")
        for _ in 0..<10 { t.handle(.pageDown) }
        (lines, cursor) = draw(&t, width: 20, height: 5)
        #expect(t.cursor == t.characters.count)  // paging past the end stops at the end of the text
        #expect(lines[4] == "第20行" && cursor == Point(row: 4, col: 6))
        t.handle(.pageUp)
        (lines, _) = draw(&t, width: 20, height: 5)
        #expect(t.cursorPosition(width: 20).row == 14)
        #expect(lines.contains("第15行"))
        t.handle(.home)
        t.handle(.home)  // a second Home: the start of the text
        (lines, cursor) = draw(&t, width: 20, height: 5)
        #expect(t.cursor == 0 && lines[0] == "第1行" && cursor == Point(row: 0, col: 0))
        t.handle(.end)
        t.handle(.end)  // a second End: the end of the text
        #expect(t.cursor == t.characters.count)
    }

    @Test func insertDeleteAndJoinLines() {
        var t = typed("调研\n走访")
        #expect(t.text == "调研\n走访")
        // Backspace at the start of a line joins it to the line before.
        t.handle(.left); t.handle(.left)
        t.handle(.backspace)
        #expect(t.text == "调研走访")
        #expect(t.cursor == 2)
        // Enter splits it again; Delete at the end of a line joins the next.
        t.handle(.enter)
        #expect(t.text == "调研\n走访")
        t.handle(.left)
        t.handle(.delete)
        #expect(t.text == "调研走访")
        // Ctrl-K cuts to the end of the line, then joins the next line.
        var k = TextArea("一二\n三")
        k.handle(.right)
        k.handle(.ctrl("k"))
        #expect(k.text == "一\n三")
        k.handle(.ctrl("k"))
        #expect(k.text == "一三")
        // Text from other systems: \r\n becomes \n; the length limit holds.
        var limited = TextArea("a\r\nb", maxLength: 4)
        #expect(limited.text == "a\nb")
        limited.handle(.end); limited.handle(.end)
        limited.handle(.char("c")); limited.handle(.char("d"))
        #expect(limited.text == "a\nbc")
    }

    @Test func opensAtTheStartSoALongTextReadsFromTheTop() {
        var t = TextArea((1...30).map { "计划第\($0)条" }.joined(separator: "\n"))
        let (lines, cursor) = draw(&t, width: 30, height: 4)
        #expect(lines[0] == "计划第1条")
        #expect(cursor == Point(row: 0, col: 0))
        #expect(t.rowCount == 30)
    }

    @Test func externalEditorRoundTripAndFailure() throws {
        // A scripted editor appends a line (as the tmux test's $EDITOR does) in a private file.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ta-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("ed.sh").path
        try "#!/bin/sh\nstat -c %a \"$1\" > \"\(dir.path)/mode\"\nprintf '三、回访\\n' >> \"$1\"\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let edited = ExternalEditor.run(command: script, text: "一、调研\n二、走访")
        #expect(edited == .success("一、调研\n二、走访\n三、回访"))
        #expect(try String(contentsOfFile: dir.appendingPathComponent("mode").path, encoding: .utf8) == "600\n")
        let failed = ExternalEditor.run(command: "false", text: "原文")
        guard case .failure(let f) = failed else { Issue.record("a failing editor must not give text"); return }
        #expect(f.message.contains("内容未改动"))
        #expect(ExternalEditor.command(environment: ["EDITOR": "nano", "VISUAL": "vim"]) == "vim")
        #expect(ExternalEditor.command(environment: ["EDITOR": "nano"]) == "nano")
        #expect(ExternalEditor.command(environment: [:]) == "vi")
    }

    @Test func unfocusedTableDimsItsSelection() {
        var t = TableView(columns: [TableColumn("n", width: 4)])
        t.setCount(3)
        t.select(1)
        var b = Buffer(width: 10, height: 4)
        t.render(into: &b, area: b.area, focused: false) { ["\($0)"] }
        #expect(b.style(row: 2, col: 0) == .inactiveSelection)
        t.render(into: &b, area: b.area) { ["\($0)"] }
        #expect(b.style(row: 2, col: 0) == .selection)
    }
}
