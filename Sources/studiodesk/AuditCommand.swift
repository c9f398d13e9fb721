import ArgumentParser
import Foundation
import StudioCore
import StudioExport
import StudioStore

/// `studiodesk audit`: the log of every change, newest first. The program offers no way to edit it.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "输出修改记录（谁、何时、哪条记录、修改前后的内容），新的在前。",
        discussion: """
        每次新增、修改、删除都由数据库自动记下；操作人为系统用户名，或 --user / STUDIODESK_USER 指定的姓名。
        用其他程序（如 sqlite3）直接改动数据文件也会记入，操作人为「外部程序」。恢复备份和整库导入也各记一行。
        每行带有与上一行相连的签名：--verify 逐行核对，指出第一处被改动或删除的记录（发现时退出码为 1）。
        """
    )

    @OptionGroup var options: DatabaseOptions
    @Option(help: "输出格式：table、json 或 csv") var format: OutputFormat = .table
    @Option(help: ArgumentHelp("只列出这一天及以后的记录（如 2026-11-01）", valueName: "DATE")) var since: String?
    @Option(help: ArgumentHelp("只列出该工作室（编号）的记录", valueName: "ID")) var studio: Int64?
    @Option(help: ArgumentHelp("只列出某张表（如 member、activity，或中文名 委员名册、活动日志）", valueName: "TABLE")) var table: String?
    @Option(name: .customLong("by"), help: ArgumentHelp("只列出该操作人的记录", valueName: "NAME")) var by: String?
    @Option(help: ArgumentHelp("最多列出多少条（默认 200）", valueName: "N")) var limit: Int = 200
    @Flag(help: "核对修改记录的签名链：指出第一处被改动或删除的记录") var verify = false

    var sinceISO: String? { since.flatMap { ImportCells.date($0) } }
    var tableName: String? {
        guard let table else { return nil }
        return AuditLog.tableTitles.first { $0.key == table || $0.value == table }?.key
    }

    func validate() throws {
        if let since, sinceISO == nil { throw ValidationError("日期「\(since)」不对，应写作 2026-11-01") }
        if let table, tableName == nil {
            throw ValidationError("未知的表「\(table)」，可用：\(AuditLog.tableTitles.sorted { $0.key < $1.key }.map { "\($0.key)（\($0.value)）" }.joined(separator: "、"))")
        }
        if limit < 1 { throw ValidationError("--limit 至少为 1") }
    }

    func run() throws {
        let db = try options.openExisting()
        if verify {
            let result = try db.verifyAuditLog()
            print(result.summary)
            if !result.isIntact { throw ExitCode(1) }
            return
        }
        let filter = AuditFilter(studioID: studio, table: tableName, user: by, since: sinceISO)
        let total = try db.auditCount(filter)
        let entries = try db.auditEntries(filter, limit: limit)
        // Table and CSV in the clerk's words (as on screen); JSON below keeps the raw values.
        let presenter = try db.auditPresenter(profileNames: Dictionary((try? loadProfiles(for: db))?.map { ($0.id, $0.name) } ?? [], uniquingKeysWith: { a, _ in a }))
        let headers = ["时间", "操作人", "表", "编号", "操作", "记录", "内容"]
        let rows = entries.map { e in
            [e.at.replacingOccurrences(of: "T", with: " "), e.user, e.tableTitle, String(e.recordID), e.action.title, presenter.recordLabel(e),
             presenter.changeText(e, cut: format == .csv ? nil : 40, limit: format == .csv ? .max : 6)]
        }
        switch format {
        case .table:
            print(TextTable.render(headers: headers, rows: rows,
                                   footer: total > entries.count ? "共 \(total) 条，列出最新的 \(entries.count) 条（--limit 可调整）" : "共 \(total) 条"), terminator: "")
        case .csv:
            print(try CSVText.forExcel(headers: headers, rows: rows), terminator: "")
        case .json:
            struct Line: Encodable {
                var id: Int64, at: String, user: String, table: String, recordID: Int64, action: String, studioID: Int64?
                var old: [String: String], new: [String: String]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let lines = entries.map { Line(id: $0.id, at: $0.at, user: $0.user, table: $0.table, recordID: $0.recordID, action: $0.action.rawValue,
                                           studioID: $0.studioID, old: $0.oldValues, new: $0.newValues) }
            print(String(decoding: try encoder.encode(lines), as: UTF8.self))
        }
    }
}
