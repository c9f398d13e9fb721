import Foundation
import Testing
@testable import StudioCore
@testable import StudioExport
@testable import StudioStore

/// 委员名册 from an office's CSV: UTF-8 and GBK read right; every malformed file gives its error by row and
/// column and writes nothing; a good file adds and updates in one go.
@Suite struct RosterImportTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-import-\(UUID().uuidString)")

    func db() throws -> AppDatabase {
        let db = try AppDatabase.open(path: dir.appendingPathComponent("t.sqlite").path)
        try db.saveMember(Member(name: "张雪琴", sector: "医药卫生界", unitTitle: "明湖区人民医院副院长", phone: "13905710001"))
        return db
    }

    /// Writes the text as a file in the encoding ("utf-8", "utf-8-bom" or "gbk", through iconv).
    func file(_ name: String, _ text: String, encoding: String = "utf-8") throws -> String {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        switch encoding {
        case "gbk":
            let utf8 = path + ".utf8"
            try text.write(toFile: utf8, atomically: true, encoding: .utf8)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
            p.arguments = ["-f", "UTF-8", "-t", "GBK", "-o", path, utf8]
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
        case "utf-8-bom": try (Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)).write(to: URL(fileURLWithPath: path))
        default: try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return path
    }

    static let header = "姓名,性别,界别,专委会,单位及职务,专业特长,联系电话,备注\n"

    /// Runs the import and expects it refused with `words` in some problem, the roster unchanged.
    func refused(_ path: String, _ words: String, encoding: ImportEncoding = .auto, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let db = try db()
        let before = try db.memberCount()
        do {
            let outcome = try RosterImporter.run(path: path, encoding: encoding, into: db, apply: true)
            #expect(!outcome.written, sourceLocation: sourceLocation)
            #expect(outcome.problems.contains { $0.description.contains(words) }, "\(outcome.problems)", sourceLocation: sourceLocation)
        } catch let e as ImportFileError {
            #expect(e.description.contains(words), "\(e)", sourceLocation: sourceLocation)
        }
        #expect(try db.memberCount() == before, sourceLocation: sourceLocation)
        try? FileManager.default.removeItem(at: dir.appendingPathComponent("t.sqlite"))
    }

    @Test func aGBKFileWithoutBOMAndAUTF8OneWithBOMImport() throws {
        let text = Self.header + "李明,男,经济界,经济委员会,明湖商会会长,企业管理,13905710002,\n王芳,女,教育界,教科卫体委员会,明湖区实验小学校长,基础教育,0571-87654321,\n"
        for (name, encoding, expected) in [("gbk.csv", "gbk", ImportEncoding.gb18030), ("bom.csv", "utf-8-bom", .utf8)] {
            let db = try db()
            let outcome = try RosterImporter.run(path: try file(name, text, encoding: encoding), into: db, apply: true)
            #expect(outcome.encoding == expected && outcome.written && outcome.plan.added.count == 2)
            #expect(try db.members(matching: SearchQuery("lm")).map(\.unitTitle) == ["明湖商会会长"])
            #expect(try db.members(matching: SearchQuery("王芳")).first?.phone == "0571-87654321")
            try FileManager.default.removeItem(at: dir.appendingPathComponent("t.sqlite"))
        }
    }

    @Test func aRowForAMemberOnFileUpdatesItAndTheDryRunWritesNothing() throws {
        let db = try db()
        let path = try file("update.csv", "委员姓名,手机号,专长,备注说明\r\n张雪琴,13905710001,基层医疗、医院管理,\r\n李明,,企业管理,\r\n")
        let dry = try RosterImporter.run(path: path, into: db, apply: false)
        #expect(dry.plan.added.count == 1 && dry.plan.changed.count == 1 && !dry.written)
        #expect(dry.plan.changed.first?.fields == ["专长"])
        #expect(dry.ignoredColumns == ["备注说明"])
        #expect(try db.memberCount() == 1)
        let done = try RosterImporter.run(path: path, into: db, apply: true)
        #expect(done.written && done.plan.summary == "新增 1 名，修改 1 名，不变 0 名")
        #expect(try db.members(matching: SearchQuery("张雪琴")).first?.expertise == "基层医疗、医院管理")
        #expect(try db.members(matching: SearchQuery("张雪琴")).first?.unitTitle == "明湖区人民医院副院长")
        // The same file again changes nothing.
        #expect(try RosterImporter.run(path: path, into: db, apply: true).plan.summary == "新增 0 名，修改 0 名，不变 2 名")
    }

    @Test func quotedNewlinesCommasAndCRLFAreCells() throws {
        let db = try db()
        let path = try file("quoted.csv", "姓名,单位及职务,备注\r\n\"欧阳明\",\"明湖区律师协会会长，执业律师\",\"第一行\r\n第二行\"\r\n")
        let outcome = try RosterImporter.run(path: path, into: db, apply: true)
        #expect(outcome.written)
        let m = try #require(try db.members(matching: SearchQuery("欧阳明")).first)
        #expect(m.unitTitle == "明湖区律师协会会长，执业律师")
        #expect(m.note.contains("第一行") && m.note.contains("第二行"))
    }

    @Test func malformedFilesSayWhatIsWrongAndWriteNothing() throws {
        let good = "李明,男,经济界,经济委员会,明湖商会会长,企业管理,13905710002,\n"
        // Wrong encoding named: a GBK file read as UTF-8.
        try refused(try file("gbk-as-utf8.csv", Self.header + good, encoding: "gbk"), "不是 UTF-8 编码", encoding: .utf8)
        // A UTF-8 file (with its BOM) named as GB18030.
        try refused(try file("bom-as-gbk.csv", Self.header + good, encoding: "utf-8-bom"), "带有 UTF-8 标记", encoding: .gb18030)
        try refused(try file("no-name.csv", "性别,界别\n男,经济界\n"), "缺少必填列「姓名」")
        try refused(try file("phone.csv", Self.header + "李明,男,经济界,,,,1390571,\n"), "第 2 行「联系电话」：联系方式格式不对")
        try refused(try file("dup.csv", Self.header + good + good), "第 3 行「姓名」：与第 2 行重复")
        try refused(try file("empty.csv", ""), "是空的")
        try refused(try file("blank.csv", "\n\n  \n"), "是空的")
        try refused(try file("header.csv", Self.header), "只有表头，没有数据行")
        try refused(try file("huge.csv", "姓名,备注\n" + String(repeating: "长", count: 10 << 20 / 3) + ",\n"), "内容过长")
        try refused(try file("formula.csv", Self.header + "=HYPERLINK(\"x\"),男,,,,,,\n"), "是公式")
        try refused(try file("gender.csv", Self.header + "李明,未知,经济界,,,,,\n"), "「性别」：应为「男」或「女」")
        try refused(try file("digits.csv", "姓名\n李明2\n"), "姓名不能含数字或符号")
        try refused(try file("twice.csv", "姓名,名字\n李明,李明\n"), "与另一列都是「姓名」")
        try refused(try file("control.csv", "姓名,备注\n李明,a\u{7}b\n"), "含有控制字符")
        let zip = dir.appendingPathComponent("roster.xlsx").path
        try Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00] + Array(repeating: 0, count: 64)).write(to: URL(fileURLWithPath: zip))
        try refused(zip, "Excel 工作簿")
        let binary = dir.appendingPathComponent("bin.csv").path
        try Data("姓名\n李明\u{0}\n".utf8).write(to: URL(fileURLWithPath: binary))
        try refused(binary, "不是文本文件")
        let garbage = dir.appendingPathComponent("garbage.csv").path
        try Data([0xFF, 0xFE, 0xFF, 0x81, 0x30, 0xFF]).write(to: URL(fileURLWithPath: garbage))
        try refused(garbage, "无法识别文件")
        try refused(dir.appendingPathComponent("missing.csv").path, "无法读取文件")
        // Several problems at once are all listed, by row.
        let db = try db()
        let many = try RosterImporter.run(path: try file("many.csv", Self.header + "李明,x,,,,,123,\n,女,,,,,,\n王芳,女,,,,,13905710003,\n"), into: db, apply: true)
        #expect(!many.written && many.problems.map(\.row) == [2, 2, 3])
        #expect(try db.memberCount() == 1)
    }

    /// Issue 19, item 7: three members that all look like 司马月华, and names with a line break, were added.
    @Test func namesWithHiddenOrLineBreakingCharactersAreRefusedByRowColumnAndCharacter() throws {
        let path = try file("lookalikes.csv", "姓名,备注\n司马月华,\n司马月华\u{202E},\n司马\u{200D}月华,\n\u{FEFF}司马月华,\n\"张\n三\",\n王\u{2028}五,\n李明,\"两行\n备注\"\n")
        try refused(path, "第 3 行「姓名」：含有不可见字符 U+202E（从右至左覆盖），请删除后再导入")
        let outcome = try RosterImporter.run(path: path, into: try db(), apply: false)
        #expect(outcome.problems.map(\.description) == [
            "第 3 行「姓名」：含有不可见字符 U+202E（从右至左覆盖），请删除后再导入",
            "第 4 行「姓名」：含有不可见字符 U+200D（零宽连接符），请删除后再导入",
            "第 5 行「姓名」：含有不可见字符 U+FEFF（零宽不换行空格/BOM），请删除后再导入",
            "第 6 行「姓名」：含有换行符 U+000A（换行），请删除后再导入",
            "第 7 行「姓名」：含有换行符 U+2028（行分隔符），请删除后再导入",
        ])
    }

    /// Issue 19, item 8: a BOM followed by GBK bytes was read as GB18030 and brought in mojibake, or with a
    /// Chinese header said 缺少必填列「姓名」.
    @Test func aUTF8BOMPinsUTF8AndGBKAfterItIsNamedWithItsLine() throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let gbkHeader: [UInt8] = [0xD0, 0xD5, 0xC3, 0xFB, 0x0A]  // 姓名
        let gbkRow: [UInt8] = [0xD5, 0xC5, 0xC8, 0xFD, 0x0A]  // 张三
        for (name, bytes, line) in [("all-gbk.csv", bom + gbkHeader + gbkRow, 1), ("gbk-rows.csv", bom + Array("姓名\n李明\n".utf8) + gbkRow, 3)] {
            let path = dir.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            for encoding in [ImportEncoding.auto, .utf8] {
                try refused(path, "开头有 UTF-8 标记，但第 \(line) 行起的内容不是 UTF-8 编码（可能是 GBK），请在 Excel/WPS 中另存为「CSV UTF-8」", encoding: encoding)
            }
        }
    }

    /// Issue 19, item 10: a cell beyond the header (or under an empty header cell) was dropped without a word.
    @Test func cellsUnderNoHeaderAreNamedAndStopTheFile() throws {
        try refused(try file("ragged.csv", "姓名,联系电话\n张三,13900000001\n李四,13900000002,北京\n"), "第 3 行：第 3 列（C 列）没有表头，内容「北京」无处导入")
        try refused(try file("gap.csv", "姓名,,联系电话\n张三,经济界,13900000001\n"), "第 2 行：第 2 列（B 列）没有表头，内容「经济界」无处导入")
        // Empty cells past the header (trailing commas, as Excel writes) are nothing to lose.
        let trailing = try RosterImporter.run(path: try file("trailing.csv", "姓名,联系电话\n张三,13900000001,,\n"), into: try db(), apply: false)
        #expect(trailing.problems.isEmpty && trailing.plan.added.count == 1, "\(trailing.problems)")
    }

    /// Issue 19, item 10: a file over the row limit is refused as soon as the limit is passed.
    @Test func aCSVOverTheRowLimitIsRefusedAndAtTheLimitIsRead() throws {
        let path = try file("rows.csv", "姓名\n" + (1...4).map { "委员\(String(repeating: "甲", count: $0))\n" }.joined())
        #expect(throws: ImportFileError("文件 \(path) 的数据超过导入上限 3 行，已拒绝导入：请分成几个文件，或删去多余的行（命令行可用 --max-rows 提高上限）")) {
            _ = try ImportFile.readTable(path: path, maxRows: 3)
        }
        #expect(try ImportFile.readTable(path: path, maxRows: 4).0.rows.count == 4)
    }

    /// Issue 19, item 12: an unclosed quote swallowed the rest of the file into one cell, reported as 姓名过长.
    @Test func anUnclosedQuoteIsReportedWhereItOpens() throws {
        try refused(try file("quote.csv", "姓名,备注\n张三,\"第一行\n李四,x\n王五,y\n"), "第 2 行第 2 列的引号（\"）没有闭合")
        try refused(try file("quote-name.csv", "姓名,联系电话\n张三,13900000001\n\"李四,13900000002\n王五,13900000003\n"), "第 3 行第 1 列的引号（\"）没有闭合")
        // Quotes that close, doubled quotes, and a quote inside an unquoted cell are not that.
        #expect(ImportFile.unclosedQuote("姓名,备注\r\n\"张三\",\"他说\"\"好\"\"\r\n第二行\"\r\n李四,5\"屏\n") == nil)
        #expect(ImportFile.unclosedQuote("a,b\n\"x\"y,z\n").map { [$0.row, $0.column] } == [2, 1])
    }

    /// Issue 19, item 12: one name on two rows with different phones became two members without a word.
    @Test func oneNameWithTwoPhonesIsSaidInThePreviewAndTheResult() throws {
        let db = try db()
        let path = try file("same.csv", "姓名,联系电话\n张三,13900000001\n李明,13900000003\n张三,13900000002\n")
        let said = ["第 4 行：与第 2 行同名「张三」但电话不同，将作为两名委员导入，请确认"]
        let dry = try RosterImporter.run(path: path, into: db, apply: false)
        #expect(dry.warnings.map(\.description) == said && dry.problems.isEmpty)
        let done = try RosterImporter.run(path: path, into: db, apply: true)
        #expect(done.written && done.warnings.map(\.description) == said && done.plan.added.count == 3)
    }

    @Test func theTemplateReadsBackAsOneMember() throws {
        let text = "\u{FEFF}" + (try CSVText.render(headers: RosterImport.template[0], rows: Array(RosterImport.template.dropFirst())))
        let (table, _) = try ImportFile.readCSV(path: try file("template.csv", text))
        let read = RosterImport.read(table)
        #expect(read.problems.isEmpty && read.ignored.isEmpty && read.members.map(\.member.name) == ["张雪琴"])
    }
}
