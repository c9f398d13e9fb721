import ArgumentParser
import Foundation
import StudioCore
import StudioPrint
import StudioStore

/// `studiodesk print …`: paper forms as PDF (application form now; checklist and scorecard later).
struct PrintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "生成可打印的 PDF 表格（申报表）。",
        subcommands: [PrintApplicationCommand.self]
    )
}

struct PrintApplicationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "application",
        abstract: "按工作室所属地区的申报表式样生成 PDF：已知内容填入，签名和未审批的意见栏留空。"
    )

    @OptionGroup var options: DatabaseOptions
    @Option(help: ArgumentHelp("工作室编号（studiodesk studios 可列出编号）", valueName: "ID")) var studio: Int64
    @Option(help: ArgumentHelp("输出的 PDF 文件", valueName: "FILE.pdf")) var out: String

    func run() throws {
        let db = try options.open()
        guard let s = try db.studio(id: studio) else {
            throw Failure("找不到编号为 \(studio) 的工作室（studiodesk studios 可列出编号）")
        }
        let profiles = try loadProfiles()
        guard let profile = profiles.first(where: { $0.id == s.profileID }) else {
            throw Failure("找不到工作室「\(s.name)」所用的规则「\(s.profileID)」（studiodesk profiles 可列出已有规则）")
        }
        guard !profile.applicationForm.fields.isEmpty else {
            throw Failure("「\(profile.name)」的规则没有申报表，无法打印（该地由政协办公室自行制定建设方案）")
        }
        let path = (out as NSString).expandingTildeInPath
        let printout = ApplicationPrintout(
            profile: profile, studio: s, team: try db.team(studioID: studio),
            records: try db.approvalRecords(studioID: studio), history: try db.statusHistory(studioID: studio),
            values: try db.applicationValues(studioID: studio), printedOn: DateInput.iso(Date()))
        let pages: Int
        do {
            pages = try printout.render(to: path)
        } catch let e as PDFError {
            throw Failure(e.description)
        }
        print("已生成 \(out)（\(pages) 页）")
    }
}
