import Foundation
import Testing

/// A roster saved by Excel/WPS in GBK, imported through 打印导出 in tmux and found in the roster; then the
/// command line's dry run, a refused file and the template.
@Suite(.serialized) struct ImportEndToEndTests {
    @Test func importAGBKRosterThroughTheScreen() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let utf8 = s.dir.appendingPathComponent("roster-utf8.csv").path
        let gbk = s.dir.appendingPathComponent("新委员名册.csv").path
        try "姓名,性别,界别,专委会,单位及职务,专业特长,联系电话\r\n司徒静,女,文化艺术界,文化文史和学习委员会,明湖区文化馆馆长,群众文化,13905719001\r\n闻人杰,男,科协,教科卫体委员会,明湖区科技馆副馆长,科普,13905719002\r\n"
            .write(toFile: utf8, atomically: true, encoding: .utf8)
        #expect(try TmuxSession.run("iconv", ["-f", "UTF-8", "-t", "GBK", "-o", gbk, utf8]).status == 0)
        try s.startApp(width: 100, height: 30, extraEnv: "STUDIODESK_TODAY=2026-11-18")
        try s.waitFor("[8] 打印导出")
        try s.keys("8")
        try s.waitFor("备份与恢复")
        try s.keys("i")
        try s.waitFor("导入表格")
        try s.type(gbk)
        try s.keys("F2")
        let preview = try s.waitFor("确定导入吗")
        #expect(preview.contains("GB18030/GBK，2 行：新增 2 名，修改 0 名"))
        #expect(preview.contains("新增：第2行 司徒静"))
        try s.keys("y")
        try s.waitFor("已导入委员名册：新增 2 名")
        try s.keys("Escape")
        try s.waitFor("共 152 名委员")
        try s.keys("3")
        try s.waitFor("委员名册")
        try s.keys("/")
        try s.type("stj")
        try s.keys("Enter")
        let found = try s.waitFor("明湖区文化馆馆长")
        #expect(line(found, "司徒静").contains("文化艺术界"))
        // Esc clears the search, Esc again goes back (a third would run into the q as Alt-q).
        try s.keys("Escape")
        try s.waitFor("共 152 名")
        try s.keys("Escape")
        try s.quitFromMainMenu()

        // The same file again from the command line: nothing to add; a bad file is refused by row and column.
        let again = try s.studiodesk(["import", "members", gbk, "--dry-run", "--db", s.dbPath])
        #expect(again.status == 0 && again.output.contains("新增 0 名，修改 0 名，不变 2 名"), "\(again.output)")
        let bad = s.dir.appendingPathComponent("bad.csv").path
        try "姓名,联系电话\n李四,123\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try s.studiodesk(["import", "members", bad, "--db", s.dbPath])
        #expect(refused.status == 1 && refused.output.contains("第 2 行「联系电话」") && refused.output.contains("没有导入任何数据"), "\(refused.output)")
        let templatePath = s.dir.appendingPathComponent("模板.csv").path
        #expect(try s.studiodesk(["import", "members", "--template", "--out", templatePath]).status == 0)
        let template = try #require(FileManager.default.contents(atPath: templatePath))
        #expect(template.starts(with: [0xEF, 0xBB, 0xBF] + Array("姓名,性别,界别,专委会,单位及职务,专业特长,联系电话,备注".utf8)))
        // The template imports as it is.
        #expect(try s.studiodesk(["import", "members", templatePath, "--dry-run", "--db", s.dbPath]).output.contains("检查通过"))
        #expect(try s.studiodesk(["import", "ledger", bad, "--db", s.dbPath]).status != 0)
    }

    /// Issue 19 through the binary, where each was seen: a BOM file with GBK bytes imported mojibake with exit 0,
    /// look-alike names came in, an unclosed quote was 姓名过长, a 200,001-row file was read whole, every problem
    /// was printed, and one name with two phones became two members without a word.
    @Test func hostileAndHugeFilesAreRefusedWithTheirReasonAndWriteNothing() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        func memberCount() throws -> String? { try s.studiodesk(["members", "--db", s.dbPath]).output.split(separator: "\n").last.map(String.init) }
        let before = try memberCount()
        func write(_ name: String, _ bytes: [UInt8]) throws -> String {
            let path = s.dir.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        func refused(_ path: String, _ words: String..., args: [String] = []) throws {
            let r = try s.studiodesk(["import", "members", path, "--db", s.dbPath] + args)
            #expect(r.status == 1 && words.allSatisfy { r.output.contains($0) }, "\(path): \(r.output.prefix(600))")
        }
        // 姓名 and 张三 in GBK after a UTF-8 BOM.
        try refused(try write("BOM-GBK.csv", [0xEF, 0xBB, 0xBF, 0xD0, 0xD5, 0xC3, 0xFB, 0x0A, 0xD5, 0xC5, 0xC8, 0xFD, 0x0A]),
                    "开头有 UTF-8 标记，但第 1 行起的内容不是 UTF-8 编码（可能是 GBK）")
        try refused(try write("lookalikes.csv", Array("姓名\n司马月华\u{202E}\n司马\u{200D}月华\n\u{FEFF}司马月华\n王\u{2028}五\n".utf8)),
                    "第 2 行「姓名」：含有不可见字符 U+202E（从右至左覆盖），请删除后再导入", "第 5 行「姓名」：含有换行符 U+2028（行分隔符）")
        try refused(try write("quote.csv", Array("姓名,联系电话\n张三,13900000001\n\"李四,13900000002\n王五,13900000003\n".utf8)), "第 3 行第 1 列的引号（\"）没有闭合")
        try refused(try write("ragged.csv", Array("姓名,联系电话\n张三,13900000001,北京\n".utf8)), "第 2 行：第 3 列（C 列）没有表头，内容「北京」无处导入")

        // Over the default limit of 200,000 rows: refused as soon as it is passed, in well under the time it took.
        let big = try write("big.csv", Array(("姓名,联系电话\n" + String(repeating: "张三,\n", count: 200_001)).utf8))
        let start = Date()
        try refused(big, "的数据超过导入上限 200000 行，已拒绝导入", "--max-rows")
        #expect(Date().timeIntervalSince(start) < 20)
        let three = try write("three.csv", Array("姓名\n甲委员\n乙委员\n丙委员\n".utf8))
        try refused(three, "超过导入上限 2 行", args: ["--max-rows", "2"])
        #expect(try s.studiodesk(["import", "members", three, "--max-rows", "3", "--dry-run", "--db", s.dbPath]).output.contains("检查通过"))

        // 150 bad rows: a hundred listed, then the count.
        let many = try s.studiodesk(["import", "members", try write("many.csv", Array(("姓名,联系电话\n" + String(repeating: "李明,123\n", count: 150)).utf8)), "--db", s.dbPath])
        #expect(many.status == 1 && many.output.contains("有 150 处问题") && many.output.contains("…另有 50 个问题未列出"))
        #expect(many.output.split(separator: "\n").filter { $0.hasPrefix("  第 ") }.count == 100)
        #expect(try memberCount() == before)

        // One name, two phones: said in the dry run and in the result.
        let same = try write("same.csv", Array("姓名,联系电话\n欧阳春,13900000001\n欧阳春,13900000002\n".utf8))
        let said = "第 3 行：与第 2 行同名「欧阳春」但电话不同，将作为两名委员导入，请确认"
        let dry = try s.studiodesk(["import", "members", same, "--dry-run", "--db", s.dbPath])
        #expect(dry.status == 0 && dry.output.contains(said), "\(dry.output)")
        let done = try s.studiodesk(["import", "members", same, "--db", s.dbPath])
        #expect(done.status == 0 && done.output.contains(said) && done.output.contains("新增 2 名"), "\(done.output)")
    }
}
