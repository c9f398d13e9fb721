import ArgumentParser
import Foundation
import StudioCore
import StudioExport
import StudioStore

/// `studiodesk export KIND`: a table in its import's columns (CSV for Excel/WPS, or .xlsx), or the whole file as JSON.
struct ExportCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, xlsx, json }

    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "导出：每类记录为 CSV（UTF-8 带 BOM，Excel/WPS 直接打开）或 .xlsx，列与导入模板相同；all 为整库 JSON。",
        discussion: """
        KIND：\(ImportKind.allCases.map { "\($0.rawValue)（\($0.title)）" }.joined(separator: "、"))；
        workbook（以上六类，各占一张工作表的 .xlsx）；all（整个数据文件为一个 JSON，studiodesk import all 可原样导回）。
        导出的表可在 Excel/WPS 中修改后用 studiodesk import 导回。以 = + - @ 开头的单元格前加 ' 作为文本，防止被当作公式。
        """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("导出的内容", valueName: "KIND")) var kind: String
    @Option(help: "格式：csv、xlsx 或 json（all 只能是 json，workbook 只能是 xlsx）") var format: Format?
    @Option(help: ArgumentHelp("写入的文件（默认输出到屏幕；xlsx 必须指定）", valueName: "FILE")) var out: String?
    @Option(help: ArgumentHelp("只导出该工作室（编号）的记录", valueName: "ID")) var studio: Int64?
    @Option(help: ArgumentHelp("台账只导出该年的记录", valueName: "YEAR")) var year: Int?

    var resolvedFormat: Format {
        format ?? (kind == "all" ? .json : kind == "workbook" || out?.lowercased().hasSuffix(".xlsx") == true ? .xlsx : .csv)
    }

    func validate() throws {
        switch kind {
        case "all":
            if resolvedFormat != .json { throw ValidationError("整库导出（all）为 JSON；要表格请导出 workbook 或单类") }
            if studio != nil || year != nil { throw ValidationError("整库导出（all）包含全部数据，不能加 --studio 或 --year") }
        case "workbook":
            if resolvedFormat != .xlsx { throw ValidationError("workbook 为 .xlsx 工作簿") }
        default:
            guard ImportKind.named(kind) != nil else {
                throw ValidationError("可导出：\(ImportKind.allCases.map { "\($0.rawValue)（\($0.title)）" }.joined(separator: "、"))、workbook、all；「\(kind)」不在其中")
            }
            if resolvedFormat == .json { throw ValidationError("JSON 只用于整库导出：studiodesk export all") }
        }
        if resolvedFormat == .xlsx && out == nil { throw ValidationError("xlsx 请用 --out 指定文件") }
    }

    func run() throws {
        let db = try database.openExisting(needing: .export, studio: studio)
        let path = out.map { ($0 as NSString).expandingTildeInPath }
        func write(_ data: Data) throws {
            guard let path else {
                FileHandle.standardOutput.write(data)
                return
            }
            try writePrivate(data, to: path)
        }
        if let studio, try db.studio(id: studio) == nil { throw Failure("没有编号为 \(studio) 的工作室（studiodesk studios 列出编号）") }
        if kind == "all" {
            let dump = try db.dump()
            try write(try dump.json())
            if let path { print("已导出整个数据文件到 \(path)（\(dump.tables.map(\.rows.count).reduce(0, +)) 行，\(dump.tables.count) 张表，版本 \(dump.schema)）") }
            return
        }
        let profiles = try loadProfiles()
        let filter = TableExport.Filter(studioID: studio, year: year)
        let kinds = kind == "workbook" ? ImportKind.allCases : [ImportKind.named(kind)!]
        let tables = try kinds.map { ($0, try TableExport.rows($0, db: db, profiles: profiles, filter: filter)) }
        switch resolvedFormat {
        case .csv:
            let (_, rows) = tables[0]
            try write(Data(try CSVText.forExcel(headers: rows[0], rows: Array(rows.dropFirst())).utf8))
            if let path { print("已导出\(kinds[0].title) \(rows.count - 1) 行到 \(path)") }
        case .xlsx:
            try TableExport.writeWorkbook(tables.map { ($0.0.title, $0.1) }, to: path!)
            print("已导出 \(tables.map { "\($0.0.title) \($0.1.count - 1) 行" }.joined(separator: "、")) 到 \(path!)")
        case .json:
            break
        }
    }
}
