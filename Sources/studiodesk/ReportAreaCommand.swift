import ArgumentParser
import Foundation
import StudioCore
import StudioExport
import StudioStore

/// `studiodesk report area`: the 汇总 of the office's own studios and every return it received, for a quarter.
struct ReportAreaCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, xlsx, pdf }

    static let configuration = CommandConfiguration(
        commandName: "area",
        abstract: "输出汇总表：本办和已接收的各下级单位（含其下级）的工作室、活动、成果、达标情况和未报送单位。",
        discussion: """
        --period 默认为今天所在的季度。未报送：曾经报送过的下级单位和设置中 expectedOffices 列出的单位里，
        该季度没有报送的。xlsx 和 pdf 须用 --out 指定文件。json 的格式见 README。
        """
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("季度，如 2026Q4", valueName: "QUARTER")) var period: ReturnQuarter?
    @Option(help: "输出格式：table、json、xlsx 或 pdf") var format: Format = .table
    @Option(help: ArgumentHelp("写入的文件（xlsx、pdf 必须）", valueName: "FILE")) var out: String?

    func validate() throws {
        if (format == .xlsx || format == .pdf) && out == nil { throw ValidationError("\(format.rawValue) 格式请用 --out 指定文件") }
    }

    func run() throws {
        let db = try database.openExisting()
        let todayISO = DateInput.iso(today())
        let p = period?.period ?? Period.containing(todayISO, kind: .quarter)!
        let summary: AreaSummary
        do { summary = try db.areaSummary(period: p, profiles: try loadProfiles(for: db), today: todayISO, madeAt: returnTimestamp()).0 } catch let f as Failure { throw f } catch { throw Failure("\(error)") }
        switch format {
        case .table, .json:
            let text = format == .json ? try JSONText.render(AreaReport.json(summary))
                : AreaReport.text(summary) { TextTable.render(headers: $0, rows: $1, footer: "") }
            try emit(text, to: out.map { OutputFile.resolve($0) })
        case .xlsx:
            let path = OutputFile.resolve(out)
            try writing(path) { try AreaReport.writeXLSX(summary, to: path) }
            print("已写入 \(path)")
        case .pdf:
            let path = OutputFile.resolve(out)
            let pages = try writing(path) { try AreaReport.writePDF(summary, to: path, printedOn: todayISO) }
            print("已写入 \(path)（\(pages) 页）")
        }
    }
}
