import ArgumentParser
import Foundation
import StudioCommandLine
import StudioCore
import StudioExport
import StudioPrint
import StudioStore

/// `studiodesk report yearly --year Y --out F.pdf`: the office's year-end 总结材料 (陕西 四.7, 12月底) as an
/// official document: the year's 汇总 of its area and its own three sections.
struct ReportYearlyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yearly",
        abstract: "本办年度总结材料 PDF（市级等 12 月底报送）：全年汇总（四个季度的报送和本办工作室）和本办填写的成绩亮点、存在问题、下一步计划。",
        discussion: "A4 公文版式（GB/T 9704-2012），同工作室年度工作总结。本办填写的三部分在 打印导出 → 报送 → 年度总结材料 中填写。"
    )

    @OptionGroup var options: DatabaseOptions
    @Option(help: ArgumentHelp("年度（默认今年）", valueName: "YEAR")) var year: Int?
    @Option(help: ArgumentHelp("输出的 PDF 文件（默认「本办名称-年度总结材料.pdf」）", valueName: "FILE.pdf")) var out: String?

    func run() throws {
        let db = try options.openExisting()
        let me = try db.officeIdentity()
        guard !me.name.isEmpty else { throw Failure("还没有设定本办名称：请先 studiodesk report quarter 季度 --office 名称 --level 市") }
        let todayISO = DateInput.iso(today())
        let year = year ?? Int(todayISO.prefix(4))!
        let path = OutputFile.withExtension(OutputFile.resolve(out ?? Printouts.officeYearFileName(office: me.name, year: year)), ".pdf")
        let (document, summary, text) = try writing(path) {
            try Printouts.officeYear(year: year, profiles: try loadProfiles(for: db), db: db, printedOn: todayISO, madeAt: returnTimestamp())
        }
        let pages = try writing(path) { try document.render(to: path) }
        let f = summary.figures
        print("已生成 \(path)（\(pages) 页）：\(me.name)\(year)年 工作室 \(f.studios.studios) 个，活动 \(f.sum.activitiesTotal) 次，下级单位 \(f.lowerOffices.count) 个")
        print("字体：\(document.fonts.note)")
        if text.isEmpty { print("提示：成绩和特色亮点、存在问题、下一步计划尚未填写（打印导出 → 报送 → 年度总结材料）") }
    }
}
