import ArgumentParser
import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore

/// `studiodesk archive`: one studio's whole record as a ZIP bundle, for the archive kept when it ends.
struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "把一个工作室的全部记录导出为一个 ZIP 档案包（摘牌、终止或撤销后归档）。",
        discussion: """
        档案包内有：说明.txt、工作室档案.json（完整记录）、团队名单.csv（含已退出成员）、审批记录.csv、
        状态历史.csv，以及按该地式样生成的申报表.pdf（规则没有申报表的地区不附）。
        运行中的工作室也可导出，档案为导出之日的当前状态。
        """
    )

    @OptionGroup var options: DatabaseOptions
    @Option(help: ArgumentHelp("工作室编号（studiodesk studios 可列出编号）", valueName: "ID")) var studio: Int64
    @Option(help: ArgumentHelp("输出的 ZIP 文件（默认：当前目录下 <工作室名称>-档案-<日期>.zip）", valueName: "FILE.zip"))
    var out: String?

    func run() throws {
        let db = try options.openExisting(needing: .export)
        guard let s = try db.studio(id: studio) else {
            throw Failure("找不到编号为 \(studio) 的工作室（studiodesk studios 可列出编号）")
        }
        let profiles = try loadProfiles()
        let today = DateInput.iso(today())
        let path: String
        if let out, !out.isEmpty {
            path = (out as NSString).expandingTildeInPath
        } else {
            path = FileManager.default.currentDirectoryPath + "/" + ArchiveExporter.defaultFileName(studioName: s.name, date: today)
        }
        let summary: ArchiveSummary
        do {
            summary = try ArchiveExporter.export(studioID: studio, db: db, profiles: profiles,
                                                 to: URL(fileURLWithPath: path), exportedOn: today)
        } catch ExportError.unknownStudio {
            throw Failure("找不到编号为 \(studio) 的工作室（studiodesk studios 可列出编号）")
        } catch {
            throw Failure(OutputFile.message(for: error, path: path))
        }
        let shown = out.flatMap { $0.isEmpty ? nil : $0 } ?? (path as NSString).lastPathComponent
        let running = summary.status.isActive ? "（该工作室仍在运行，档案为当前状态）" : ""
        print("已导出档案 \(shown)（\(summary.fileNames.count) 个文件）\(running)")
        for note in summary.notes { print(note) }
    }
}
