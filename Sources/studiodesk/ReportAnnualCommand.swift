import ArgumentParser
import Foundation
import StudioCommandLine
import StudioCore
import StudioExport
import StudioPrint
import StudioStore

/// `studiodesk report annual --studio ID --year Y --out F.pdf`: a studio's 年度工作总结 as an official document.
struct ReportAnnualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annual",
        abstract: "工作室年度工作总结 PDF：按台账生成的各项情况（定稿后为定稿时的内容）和工作室填写的成绩亮点、存在问题、下一步计划。",
        discussion: "A4 公文版式（GB/T 9704-2012）：天头 37 mm，订口 28 mm，版心 156 × 225 mm；标题用小标宋、正文用仿宋三号，"
            + "本机没有这些字体时用内置的 Noto CJK 字体，输出中注明所用字体。"
    )

    @OptionGroup var options: DatabaseOptions
    @Option(help: ArgumentHelp("工作室编号（studiodesk studios 可列出编号）", valueName: "ID")) var studio: Int64
    @Option(help: ArgumentHelp("年度（默认今年）", valueName: "YEAR")) var year: Int?
    @Option(help: ArgumentHelp("输出的 PDF 文件", valueName: "FILE.pdf")) var out: String

    func run() throws {
        let db = try options.openExisting()
        guard let s = try db.studio(id: studio) else {
            throw Failure("找不到编号为 \(studio) 的工作室（studiodesk studios 可列出编号）")
        }
        let profiles = try loadProfiles(for: db)
        let todayISO = DateInput.iso(today())
        let year = year ?? Int(todayISO.prefix(4))!
        let path = OutputFile.withExtension(OutputFile.resolve(out), ".pdf")
        let (document, summary) = try writing(path) {
            try Printouts.annualSummary(s, year: year, profiles: profiles, db: db, printedOn: todayISO)
        }
        let pages = try writing(path) { try document.render(to: path) }
        let state = summary.entry?.finalizedOn.map { "定稿于 \(DateInput.chinese($0))" } ?? "草稿，按台账生成于 \(DateInput.chinese(todayISO))"
        print("已生成 \(path)（\(pages) 页，\(state)）")
        print("字体：\(document.fonts.note)")
        if summary.text.isEmpty { print("提示：成绩和特色亮点、存在问题、下一步计划尚未填写（履职台账 → 工作室 → z 年度工作总结）") }
    }
}
