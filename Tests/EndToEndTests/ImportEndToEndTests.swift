import Foundation
import Testing

/// A roster saved by Excel/WPS in GBK, imported through 打印导出 in tmux and found in the roster; then the
/// command line's dry run, a refused file and the template.
@Suite(.serialized) struct ImportEndToEndTests {
    @Test func importAGBKRosterThroughTheScreen() throws {
        let s = try TmuxSession()
        #expect(try s.studiodesk(["demo", "--db", s.dbPath]).status == 0)
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
        try s.waitFor("[0] 退出")
        try s.keys("q")
        try s.waitFor("EXIT=0")

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
}
