import ArgumentParser
import Foundation
import StudioCommandLine
import StudioCore
import StudioExport
import StudioStore

/// `studiodesk report stats`: the year's statistics as tables (the 统计 screen's bars), as text, JSON or a PDF.
struct ReportStatsCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, pdf }

    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "统计表：工作室按类型、界别／区域、专委会，各季度按类别的活动，履职成果；本办和已接收的下级（--own 只看本办）。",
        discussion: "工作室数为该年最后一个有工作室的季度的；活动和成果为各季度之和。pdf 为 A4 公文版式，须用 --out 指定文件（默认按单位和年度命名）。"
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("年度（默认今年）", valueName: "YEAR")) var year: Int?
    @Flag(help: "只统计本办的工作室，不含下级报送") var own = false
    @Option(help: "输出格式：table、json 或 pdf") var format: Format = .table
    @Option(help: ArgumentHelp("写入的文件", valueName: "FILE")) var out: String?

    func run() throws {
        let db = try database.openExisting()
        let todayISO = DateInput.iso(today())
        let year = year ?? Int(todayISO.prefix(4))!
        let y: AreaYear
        do { y = try db.areaYear(year, wholeArea: !own, profiles: try loadProfiles(for: db), today: todayISO, madeAt: returnTimestamp()) }
        catch let f as Failure { throw f } catch { throw Failure("\(error)") }
        switch format {
        case .table, .json:
            let text = format == .json ? try JSONText.render(StatisticsReport.json(y))
                : StatisticsReport.text(y) { TextTable.render(headers: $0, rows: $1, footer: "") }
            try emit(text, to: out.map { OutputFile.resolve($0) })
        case .pdf:
            let path = OutputFile.withExtension(OutputFile.resolve(out ?? StatisticsReport.fileName(y)), ".pdf")
            let pages = try writing(path) { try StatisticsReport.writePDF(y, to: path, printedOn: todayISO) }
            print("已写入 \(path)（\(pages) 页）")
        }
    }
}
