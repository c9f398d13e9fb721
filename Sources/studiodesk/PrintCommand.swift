import ArgumentParser
import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore

/// `studiodesk print …`: paper forms as PDF (application form, wall checklist; scorecard later).
struct PrintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "生成可打印的 PDF 表格（申报表、上墙检查表）。",
        subcommands: [PrintApplicationCommand.self, PrintChecklistCommand.self]
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
        let db = try options.openExisting(needing: .print, studio: studio)
        guard let s = try db.studio(id: studio) else {
            throw Failure("找不到编号为 \(studio) 的工作室（studiodesk studios 可列出编号）")
        }
        let profiles = try loadProfiles()
        let path = OutputFile.resolve(out)
        let pages = try writing(path) {
            try Printouts.application(s, profiles: profiles, db: db, printedOn: DateInput.iso(today())).render(to: path)
        }
        print("已生成 \(out)（\(pages) 页）")
    }
}

struct PrintChecklistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: "上墙检查表 PDF：加 --blank 为空白表，供现场勾选；否则按一次检查记录填好（默认最近一次）。"
    )

    @OptionGroup var options: DatabaseOptions
    @Option(help: ArgumentHelp("工作室编号（studiodesk studios 可列出编号）", valueName: "ID")) var studio: Int64
    @Flag(help: "打印空白检查表（不填检查结论）") var blank = false
    @Option(help: ArgumentHelp("要打印的检查记录编号（默认最近一次检查）", valueName: "ID")) var inspection: Int64?
    @Option(help: ArgumentHelp("输出的 PDF 文件", valueName: "FILE.pdf")) var out: String

    func validate() throws {
        if blank && inspection != nil { throw ValidationError("--blank 和 --inspection 只能选一个") }
    }

    func run() throws {
        let db = try options.openExisting(needing: .print, studio: studio)
        let profiles = try loadProfiles()
        // A file made before the lists existed gets its copy of them first, as the screens do.
        try db.syncChecklists(from: profiles)
        guard let status = try db.wallStatus(studioID: studio) else {
            throw Failure("找不到编号为 \(studio) 的工作室（studiodesk studios 可列出编号）")
        }
        let name = status.studio.name
        let profile = profiles.first { $0.id == status.studio.profileID }
        // A recorded inspection can still be printed after its lists were switched off.
        if status.lists.isEmpty && (blank || status.inspections.isEmpty) {
            throw Failure("「\(name)」所用的规则「\(profile?.name ?? status.studio.profileID)」没有在用的上墙检查清单，无法打印检查表（可在规则设置中启用清单）")
        }
        var record: InspectionRecord?
        if !blank {
            if let id = inspection {
                guard let r = status.inspections.first(where: { $0.inspection.id == id }) else {
                    let known = status.inspections.compactMap { r in
                        r.inspection.id.map { "\($0)（\(DateInput.chinese(r.inspection.date)) \(r.inspection.inspector)）" }
                    }
                    throw Failure("「\(name)」没有编号为 \(id) 的检查记录" +
                                  (known.isEmpty ? "" : "；该工作室的检查记录编号：\(known.joined(separator: "、"))"))
                }
                record = r
            } else {
                guard let latest = status.inspections.first else {
                    throw Failure("「\(name)」还没有检查记录；要打印空白检查表请加 --blank")
                }
                record = latest
            }
        }
        let path = OutputFile.resolve(out)
        let pages = try writing(path) {
            try Printouts.checklist(status, profile: profile, inspection: record, db: db, printedOn: DateInput.iso(today())).render(to: path)
        }
        print("已生成 \(out)（\(pages) 页）")
    }
}
