import ArgumentParser
import Foundation
import StudioCore
import StudioExport
import StudioStore

extension ImportEncoding: ExpressibleByArgument {}

/// `studiodesk import KIND FILE`: brings an office's spreadsheet in, all or nothing.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "从 CSV 导入（UTF-8 或 GB18030/GBK，自动识别）：全部无误才写入，有错时逐行列出，什么也不写。",
        discussion: """
        目前可导入：members（委员名册）。列名见 README，--template 输出模板。
        --dry-run 只显示将新增和修改的委员，不写入。数据文件不存在时新建。
        """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("导入的内容：members（委员名册）", valueName: "KIND")) var kind: String
    @Argument(help: ArgumentHelp("CSV 文件", valueName: "FILE")) var file: String?
    @Option(help: "文件编码：auto、utf-8 或 gb18030") var encoding: ImportEncoding = .auto
    @Flag(help: "只检查并显示结果，不写入") var dryRun = false
    @Flag(help: "输出该内容的模板（CSV，UTF-8 带 BOM）") var template = false
    @Option(help: ArgumentHelp("--template 写入的文件", valueName: "FILE")) var out: String?

    func validate() throws {
        guard ["members", "委员", "委员名册"].contains(kind) else {
            throw ValidationError("目前可导入：members（委员名册）；「\(kind)」还不支持")
        }
        if !template && file == nil { throw ValidationError("请写明要导入的 CSV 文件，如 studiodesk import members 名册.csv") }
    }

    func run() throws {
        if template {
            let text = "\u{FEFF}" + (try CSVText.render(headers: RosterImport.template[0], rows: Array(RosterImport.template.dropFirst())))
            if let out {
                let path = (out as NSString).expandingTildeInPath
                do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch { throw Failure("无法写入 \(path)：\(error.localizedDescription)") }
                print("已写入模板 \(path)")
            } else {
                print(text, terminator: "")
            }
            return
        }
        let path = (file! as NSString).expandingTildeInPath
        let db = try database.open()
        let outcome: RosterImporter.Outcome
        do { outcome = try RosterImporter.run(path: path, encoding: encoding, into: db, apply: !dryRun) } catch let e as ImportFileError {
            throw Failure(e.description)
        } catch { throw Failure("\(error)") }
        print("文件：\(path)（\(outcome.encoding.title)，\(outcome.rows) 行数据）")
        if !outcome.ignoredColumns.isEmpty { print("未导入的列：" + outcome.ignoredColumns.joined(separator: "、")) }
        if !outcome.problems.isEmpty {
            throw Failure((["有 \(outcome.problems.count) 处问题，没有导入任何数据："] + outcome.problems.map { "  " + $0.description }).joined(separator: "\n"))
        }
        let plan = outcome.plan
        if dryRun {
            for (row, m) in plan.added { print("  新增 第\(row)行 \(m.name)  \(m.sector)  \(m.unitTitle)") }
            for (row, before, _, fields) in plan.changed { print("  修改 第\(row)行 \(before.name)：\(fields.joined(separator: "、"))") }
            print("检查通过（未写入）：\(plan.summary)")
        } else {
            print("已导入：\(plan.summary)")
        }
    }
}
