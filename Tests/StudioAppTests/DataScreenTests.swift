import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioResources
@testable import StudioStore
@testable import TerminalKit

/// [8] 打印导出 as the one place for printouts and files: each task found in the list, a studio chosen by
/// pinyin initials, a table exported, a ledger file imported after its preview, and the change found again
/// in 修改记录.
@Suite struct DataScreenTests {
    func harness() throws -> Harness {
        let h = try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
        h.width = 100
        h.height = 30
        return h
    }

    func clearField(_ h: Harness) { for _ in 0..<300 { h.press(.backspace) } }

    @Test func everyPrintoutAndFileIsListedAndTheApplicationFormPrintsForAPickedStudio() throws {
        let h = try harness()
        h.press(.char("8"))
        for task in DataScreen.Task.allCases { #expect(h.screen.contains(task.note), "\(task)") }
        // 申报表 is the first task: Enter, find the studio by pinyin initials, print.
        h.press(.enter)
        #expect(h.screen.contains("打印申报表：选工作室"))
        h.type("mhqhbjd")
        #expect(h.screen.contains("明湖区湖滨街道委员工作室") && !h.screen.contains("明湖区桂园街道委员工作室"), "\(h.screen)")
        h.press(.enter)
        #expect(h.screen.contains("打印申报表：明湖区湖滨街道委员工作室"))
        let pdf = h.dir.appendingPathComponent("申报表.pdf").path
        clearField(h)
        h.type(pdf)
        h.press(.function(2))
        #expect(h.screen.contains("已生成") && h.screen.contains("页"), "\(h.screen)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)).starts(with: Array("%PDF".utf8)))
        h.press(.enter)
        #expect(h.screen.contains("打印 · 导出 · 导入 · 备份与恢复"))
    }

    /// Issue 19: the screen's CSV goes through the one CSV writer (a note typed as a formula stays text) and is the
    /// owner's only under umask 022.
    @Test func aScreenExportIsPrivateAndKeepsAFormulaAsText() throws {
        let old = umask(0o022)
        defer { umask(old) }
        let h = try harness()
        var m = try #require(try h.db.members(matching: SearchQuery("zxq")).first)
        m.note = "=HYPERLINK(\"http://x\")"
        _ = try h.db.saveMember(m)
        h.press(.char("8"), .char("e"))
        h.press(.char("1"), .tab, .char("2"), .tab, .tab, .tab)   // 委员名册, CSV
        clearField(h)
        let csv = h.dir.appendingPathComponent("名册").path
        h.type(csv)
        h.press(.function(2))
        #expect(h.screen.contains("已导出") && h.screen.contains("委员名册 150 行"), "\(h.screen)")
        let text = try String(contentsOfFile: csv + ".csv", encoding: .utf8)
        #expect(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\"") && !text.contains(",\"=HYPERLINK"), "\(text.prefix(300))")
        #expect(try FileManager.default.attributesOfItem(atPath: csv + ".csv")[.posixPermissions] as? Int == 0o600)
    }

    @Test func aTableExportsToExcelAndALedgerFileImportsAfterItsPreviewAndShowsInTheLog() throws {
        let h = try harness()
        h.press(.char("8"), .char("e"))
        #expect(h.screen.contains("导出表格"))
        h.press(.char("7"))   // 全部（Excel 工作簿，每类一张表）
        h.press(.tab, .tab, .tab, .tab)
        clearField(h)
        let book = h.dir.appendingPathComponent("全部").path
        h.type(book)
        h.press(.function(2))
        #expect(h.screen.contains("已导出") && h.screen.contains("委员名册 150 行"), "\(h.screen)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: book + ".xlsx")).starts(with: [0x50, 0x4B]))
        h.press(.enter)

        let csv = h.dir.appendingPathComponent("活动.csv").path
        try """
        活动日期,活动类别,活动名称,参加委员,服务群众人数
        2026-11-10,走访调研,冬季供暖走访,司马月华,20
        """.write(toFile: csv, atomically: true, encoding: .utf8)
        h.press(.char("i"))
        #expect(h.screen.contains("导入表格"))
        h.type(csv)
        h.press(.tab, .char("3"), .tab, .tab, .tab)   // 活动日志; the file has no 工作室 column
        h.type("湖滨街道")
        h.press(.function(2))
        #expect(h.screen.contains("UTF-8，1 行：新增 1 条，修改 0 条，不变 0 条"), "\(h.screen)")
        #expect(h.screen.contains("新增：第2行 2026-11-10 冬季供暖走访"))
        h.press(.char("y"))
        #expect(h.screen.contains("已导入活动日志：新增 1 条"), "\(h.screen)")

        h.press(.char("l"))
        #expect(h.screen.contains("修改记录 共 2 条"), "\(h.screen)")
        #expect(h.screen.contains("活动日志") && h.screen.contains("冬季供暖走访") && h.screen.contains("参加委员"))
        h.press(.char("t"))
        #expect(h.screen.contains("修改记录 共 1 条") && h.screen.contains("表：活动日志"), "\(h.screen)")
        h.press(.enter)
        #expect(h.screen.contains("新增活动日志") && h.screen.contains("活动名称：冬季供暖走访"), "\(h.screen)")
        h.press(.enter, .char("c"))
        #expect(h.screen.contains("修改记录 共 2 条"))
    }

    @Test func aBadFileListsItsProblemsAndWritesNothing() throws {
        let h = try harness()
        let before = try h.db.auditCount()
        let csv = h.dir.appendingPathComponent("坏.csv").path
        try "工作室,活动日期,活动类别,活动名称\n不存在的工作室,2026-13-01,走访调研,走访\n".write(toFile: csv, atomically: true, encoding: .utf8)
        h.press(.char("8"), .char("i"))
        h.type(csv)
        h.press(.tab, .char("3"), .function(2))
        #expect(h.screen.contains("有 2 处问题，没有导入"), "\(h.screen)")
        #expect(h.screen.contains("第 2 行「工作室」：未知的工作室「不存在的工作室」") && h.screen.contains("第 2 行「活动日期」：日期「2026-13-01」无效"))
        #expect(try h.db.auditCount() == before)
    }

    /// Issue 19, item 10: the preview lists at most 100 problems, then how many more.
    @Test func aFileWithManyProblemsListsAHundredThenTheCount() throws {
        let h = try harness()
        let csv = h.dir.appendingPathComponent("多.csv").path
        try ("姓名,联系电话\n" + (1...150).map { _ in "李明,123\n" }.joined()).write(toFile: csv, atomically: true, encoding: .utf8)
        h.press(.char("8"), .char("i"))
        h.type(csv)
        h.press(.function(2))
        #expect(h.screen.contains("有 150 处问题，没有导入"), "\(h.screen)")
        h.press(.end)
        #expect(h.screen.contains("第 101 行「联系电话」") && h.screen.contains("…另有 50 个问题未列出"), "\(h.screen)")
        #expect(!h.screen.contains("第 102 行"))
    }
}
