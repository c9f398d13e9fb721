import Foundation
import Testing

/// The command line speaks the clerk's language (issue 20): the argument parser's help and errors in Chinese,
/// 修改记录 in the words of the forms, and the footers counting what they list.
@Suite(.serialized) struct WordsEndToEndTests {
    /// The library's own phrases that must not reach a clerk.
    static let englishPhrases = ["OVERVIEW", "USAGE", "OPTIONS", "SUBCOMMANDS", "ARGUMENTS", "Show help information", "Error:", "Missing expected",
                                 "Unknown option", "(values:", "default:", "See '", "for more information", "Usage:", "Help:", "<options>", "<subcommand>"]

    func english(_ text: String) -> [String] { Self.englishPhrases.filter { text.contains($0) } }

    @Test func helpAndParseErrorsAreInChinese() throws {
        let s = try TmuxSession()
        let root = try s.studiodesk(["--help"])
        #expect(root.status == 0 && root.output.contains("用法：") && root.output.contains("子命令：") && root.output.contains("选项："), "\(root.output)")
        #expect(root.output.contains("显示帮助。") && root.output.contains("ui（默认）    "), "\(root.output)")
        #expect(english(root.output).isEmpty, "\(english(root.output)): \(root.output)")

        // `ledger` lists by default and has `add` and `review` (issue 22): the listing's options are `ledger show`'s.
        let ledgerGroup = try s.studiodesk(["ledger", "--help"])
        #expect(ledgerGroup.status == 0 && ledgerGroup.output.contains("概述：") && ledgerGroup.output.contains("子命令："), "\(ledgerGroup.output)")
        #expect(english(ledgerGroup.output).isEmpty, "\(english(ledgerGroup.output)): \(ledgerGroup.output)")
        let ledger = try s.studiodesk(["ledger", "show", "--help"])
        #expect(ledger.status == 0 && ledger.output.contains("概述：") && ledger.output.contains("选项："), "\(ledger.output)")
        #expect(ledger.output.contains("（可选：table、json、csv；默认：table）"), "\(ledger.output)")
        #expect(english(ledger.output).isEmpty, "\(english(ledger.output)): \(ledger.output)")

        let missing = try s.studiodesk(["ledger"])
        #expect(missing.status != 0 && missing.output.contains("错误：缺少必需的参数 --studio <ID>"), "\(missing.output)")
        #expect(english(missing.output).isEmpty, "\(english(missing.output)): \(missing.output)")

        let unknown = try s.studiodesk(["members", "--colour"])
        #expect(unknown.status != 0 && unknown.output.contains("错误：未知选项 --colour"), "\(unknown.output)")
        #expect(english(unknown.output).isEmpty, "\(english(unknown.output)): \(unknown.output)")

        let badValue = try s.studiodesk(["members", "--format", "xml"])
        #expect(badValue.status != 0 && badValue.output.contains("「xml」无效") && badValue.output.contains("可选：table、json、csv"), "\(badValue.output)")
        #expect(english(badValue.output).isEmpty, "\(english(badValue.output)): \(badValue.output)")

        // Our own messages keep their words, under the Chinese prefix.
        let ours = try s.studiodesk(["audit", "--table", "无此表", "--db", s.dbPath])
        #expect(ours.status != 0 && ours.output.contains("错误：未知的表「无此表」"), "\(ours.output)")
        let sub = try s.studiodesk(["help", "duty"])
        #expect(sub.status == 0 && english(sub.output).isEmpty, "\(english(sub.output)): \(sub.output)")
    }

    @Test func theAuditCommandSpeaksTheFormsWordsInTableAndCSVAndKeepsJSONRaw() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let csv = s.dir.appendingPathComponent("活动.csv").path
        try "工作室,活动日期,活动类别,活动名称,参加委员,服务群众人数\n明湖区湖滨街道委员工作室,2026-11-10,走访调研,冬季供暖走访,司马月华,20\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try s.studiodesk(["import", "activities", csv, "--db", s.dbPath, "--user", "王芳"]).status == 0)
        let table = try s.studiodesk(["audit", "--db", s.dbPath, "--table", "activity"])
        #expect(table.status == 0 && table.output.contains("工作室：明湖区湖滨街道委员工作室") && table.output.contains("活动日期：2026-11-10"), "\(table.output)")
        #expect(!table.output.contains("studioID") && !table.output.contains("{\""), "\(table.output)")
        let out = try s.studiodesk(["audit", "--db", s.dbPath, "--format", "csv", "--table", "activity"])
        #expect(out.output.contains("活动名称：冬季供暖走访") && out.output.contains("服务群众人数：20") && out.output.contains("审核状态：待审核"), "\(out.output)")
        #expect(!out.output.contains("\"\"status\"\"") && !out.output.contains("pending"), "\(out.output)")
        let members = try s.studiodesk(["audit", "--db", s.dbPath, "--format", "csv", "--table", "ledgerMember"])
        #expect(members.output.contains("参加委员：司马月华"), "\(members.output)")
        let json = try s.studiodesk(["audit", "--db", s.dbPath, "--format", "json", "--table", "activity"])
        #expect(json.output.contains("\"studioID\"") && json.output.contains("pending"), "\(json.output)")
    }

    @Test func aStudiosScorecardCountsItsItems() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let list = try s.studiodesk(["scorecard", "--year", "2025", "--db", s.dbPath])
        #expect(list.status == 0 && list.output.contains("个工作室") && !list.output.contains(" 名\n"), "\(list.output)")
        let id = try #require(list.output.split(separator: "\n").compactMap { line -> String? in
            let cells = line.split(separator: "│").map { $0.trimmingCharacters(in: .whitespaces) }
            return cells.count > 2 && Int(cells[1]) != nil ? cells[1] : nil
        }.first ?? list.output.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            return words.count > 2 && Int(words[0]) != nil && Int(words[1]) != nil ? String(words[1]) : nil
        }.first, "\(list.output)")
        let one = try s.studiodesk(["scorecard", "--year", "2025", "--studio", id, "--db", s.dbPath])
        #expect(one.status == 0 && one.output.range(of: #"共 \d+ 项"#, options: .regularExpression) != nil && !one.output.contains(" 名\n"), "\(one.output)")
    }

    /// A new file's first day: no backup at the start (nothing to back up), one when the session ends with data in it.
    @Test func aNewFilesFirstDayGetsItsDailyBackupOnceItHoldsData() throws {
        let s = try TmuxSession()
        try s.startApp()
        try s.waitFor("是否载入演示数据")
        try s.keys("n")
        try s.waitFor("工作室申报")
        let screen = try s.capture()
        #expect(screen.contains("还没有工作室，无值班安排") && !screen.contains("均已完成"), "\(screen)")
        let backups = URL(fileURLWithPath: s.dbPath).deletingLastPathComponent().appendingPathComponent("backups").path
        let roster = s.dir.appendingPathComponent("名册.csv").path
        try "姓名,界别\n张雪琴,医药卫生界\n".write(toFile: roster, atomically: true, encoding: .utf8)
        // Another clerk's import while the screen is open: the file now holds data.
        let imported = try s.studiodesk(["import", "members", roster, "--db", s.dbPath])
        #expect(imported.status == 0, "\(imported.output)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: backups)) ?? []).isEmpty)
        try s.keys("q")
        try s.waitFor("EXIT=0")
        let made = (try? FileManager.default.contentsOfDirectory(atPath: backups)) ?? []
        #expect(made.count == 1 && made[0].hasPrefix("studiodesk-"), "\(made)")
    }
}
