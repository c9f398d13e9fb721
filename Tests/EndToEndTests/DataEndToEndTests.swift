import Foundation
import Testing

/// The road out and back through the real binary: a ledger imported under a clerk's name and found in the
/// audit log, the whole file exported and brought back byte for byte, a workbook exported and read back, and a
/// reviewer's read-only session in tmux that cannot change the file.
@Suite(.serialized) struct DataEndToEndTests {
    func sha(_ path: String) throws -> String { try TmuxSession.run("sha256sum", [path]).output.prefix(64).description }

    @Test func importExportRoundTripAndTheAuditLogThroughTheCommandLine() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let csv = s.dir.appendingPathComponent("提案.csv").path
        try "工作室,提案标题,提交日期,提案类型,提案人\n明湖区湖滨街道委员工作室,关于冬季供暖保障的建议,2026-11-20,联名,司马月华、施春梅\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try s.studiodesk(["import", "proposals", csv, "--db", s.dbPath, "--user", "王芳"])
        #expect(imported.status == 0 && imported.output.contains("已导入提案：新增 1 条"), "\(imported.output)")
        let audit = try s.studiodesk(["audit", "--db", s.dbPath, "--by", "王芳", "--format", "csv"])
        #expect(audit.status == 0 && audit.output.contains("王芳,提案,") && audit.output.contains("关于冬季供暖保障的建议"), "\(audit.output)")
        #expect(try s.studiodesk(["audit", "--db", s.dbPath, "--since", "2100-1-1"]).output.contains("共 0 条"))
        #expect(try s.studiodesk(["audit", "--db", s.dbPath, "--table", "无此表"]).status != 0)

        let first = s.dir.appendingPathComponent("全部.json").path, second = s.dir.appendingPathComponent("再次.json").path
        let copy = s.dir.appendingPathComponent("副本.sqlite").path
        #expect(try s.studiodesk(["export", "all", "--db", s.dbPath, "--out", first]).status == 0)
        let back = try s.studiodesk(["import", "all", first, "--db", copy])
        #expect(back.status == 0 && back.output.contains("已导入整个数据文件"), "\(back.output)")
        #expect(try s.studiodesk(["export", "all", "--db", copy, "--out", second]).status == 0)
        // The same bytes, but for the log's own line of the whole-file import (and the log's id sequence with it).
        // Lines compared without their trailing comma: the row before a new last row gains one.
        func lines(_ path: String) throws -> [String] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.hasSuffix(",") ? String($0.dropLast()) : String($0) }
        }
        let a = try lines(first), b = try lines(second)
        let added = b.filter { !a.contains($0) }, removed = a.filter { !b.contains($0) }
        #expect(added.count == 2 && added.contains { $0.contains("\"import-all\"") } && added.contains { $0.contains("\"auditLog\"") }, "\(added)")
        #expect(removed.count == 1 && removed[0].contains("\"auditLog\""), "\(removed)")
        #expect(try TmuxSession.run("sqlite3", [copy, "PRAGMA integrity_check"]).output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
        let again = try s.studiodesk(["import", "all", first, "--db", copy])
        #expect(again.status == 1 && again.output.contains("已有数据"), "\(again.output)")

        let book = s.dir.appendingPathComponent("台账.xlsx").path
        let exported = try s.studiodesk(["export", "workbook", "--db", s.dbPath, "--out", book])
        #expect(exported.status == 0 && exported.output.contains("提案 75 行"), "\(exported.output)")
        let check = try s.studiodesk(["import", "proposals", book, "--sheet", "提案", "--db", s.dbPath, "--dry-run"])
        #expect(check.status == 0 && check.output.contains("Excel 工作表「提案」") && check.output.contains("新增 0 条，修改 0 条，不变 75 条"), "\(check.output)")
        let roster = s.dir.appendingPathComponent("名册.csv").path
        #expect(try s.studiodesk(["export", "members", "--db", s.dbPath, "--out", roster]).status == 0)
        #expect(try #require(FileManager.default.contents(atPath: roster)).starts(with: [0xEF, 0xBB, 0xBF] + Array("姓名,性别,界别".utf8)))
    }

    @Test func aReviewerSessionIsReadOnlyInTheScreensAndAtTheSQLiteLevel() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let before = try sha(s.dbPath)
        try s.startApp(width: 100, height: 30, extraEnv: "STUDIODESK_READONLY=1")
        try s.waitFor("【只读】")
        try s.keys("6")
        let office = try s.waitFor("履职台账")
        try s.keys("Enter")
        let ledger = try s.waitFor("第 1/")
        // The keys that add records are not in the help bar; pressing one says why.
        let bar = ledger.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
        #expect(!bar.contains("a 活动") && !bar.contains("审核") && bar.contains("F1 帮助"), "\(office)\n\(ledger)")
        for key in ["a", "i"] {
            try s.keys(key)
            try s.waitFor("审阅模式（只读）")
            try s.keys("Enter")
            try s.waitFor("第 1/")
        }
        // A record opens in a view: every field, whole, and no save key; so do the year's plan and summary.
        try s.keys("Enter")
        let view = try s.waitFor("（查看）")
        #expect(!view.contains("F2 保存") && !view.contains("修改活动") && view.contains("Esc 返回"), "\(view)")
        try s.keys("Escape")
        try s.waitFor("第 1/")
        try s.keys("n")
        let plans = try s.waitFor("计划与总结")
        #expect(plans.contains("（查看）") && plans.contains("年度总结") && !plans.contains("F2 保存"), "\(plans)")
        try s.keys("Escape")
        try s.waitFor("第 1/")
        try s.keys("Escape")
        try s.waitFor("按工作室")
        try s.keys("Escape")
        try s.waitFor("[0] 退出")
        // The studio detail's keys that change the team or the studio (x on a draft's member too) say why, open nothing.
        try s.keys("1")
        try s.waitFor("草稿")
        try s.keys("Enter")
        try s.waitFor("现有成员")
        for key in ["x", "a", "e", "s"] {
            try s.keys(key)
            let refused = try s.waitFor("审阅模式（只读）")
            #expect(!refused.contains("删除选错的成员") && !refused.contains("加入日期：") , "\(key): \(refused)")
            try s.keys("Enter")
            try s.waitFor("现有成员")
        }
        try s.keys("Escape", "Escape")
        try s.waitFor("[0] 退出")
        // 值班排班: a slot opens in a view; 节假日 offers no a/d/n. 年度评估: the 评估表 bar has no s/t/n.
        try s.keys("5")
        try s.waitFor("值班排班")
        try s.keys("Enter")
        try s.waitFor("> 值班：")
        try s.keys("Enter")
        let slot = try s.waitFor("（查看）")
        #expect(!slot.contains("修改值班时段") && !slot.contains("F2"), "\(slot)")
        try s.keys("Escape", "Escape")
        try s.waitFor("值班排班")
        try s.keys("h")
        let holidays = try s.waitFor("> 节假日")
        let holidayBar = holidays.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
        #expect(!holidayBar.contains("a 添加") && !holidayBar.contains("d 删除") && !holidayBar.contains("n 来源"), "\(holidays)")
        try s.keys("a")
        try s.waitFor("审阅模式（只读）")
        try s.keys("Enter", "Escape", "Escape")
        try s.waitFor("[0] 退出")
        try s.keys("7")
        try s.waitFor("年度评估")
        try s.keys("Enter")
        let sheet = try s.waitFor("Enter 依据")
        let sheetBar = sheet.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
        #expect(!sheetBar.contains("s 自评分") && !sheetBar.contains("t 自评文字") && !sheetBar.contains("n "), "\(sheet)")
        try s.keys("Escape", "Escape")
        try s.waitFor("[0] 退出")
        try s.keys("8")
        let data = try s.waitFor("打印 · 导出")
        #expect(!data.contains("导入 表格") && !data.contains("i 导入"), "\(data)")
        try s.keys("Escape")
        try s.quitFromMainMenu()
        #expect(try sha(s.dbPath) == before)
        // The command line's writes are refused by SQLite with a clear message.
        let csv = s.dir.appendingPathComponent("名册.csv").path
        try "姓名\n欧阳明\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let refused = try s.studiodesk(["import", "members", csv, "--db", s.dbPath, "--read-only"])
        #expect(refused.status == 1 && refused.output.contains("只读"), "\(refused.output)")
        #expect(try sha(s.dbPath) == before)
    }
}
