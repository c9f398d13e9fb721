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
        abstract: "从 CSV（UTF-8 或 GB18030/GBK，自动识别）或 Excel 工作簿（.xlsx）导入：全部无误才写入，有错时逐行列出，什么也不写。",
        discussion: """
        KIND：\(ImportKind.allCases.map { "\($0.rawValue)（\($0.title)）" }.joined(separator: "、"))；
        all：studiodesk export all 导出的整库 JSON，只导入到还没有数据的新数据文件（--db 指定）。
        列名见 docs/data-in-and-out.md；--template KIND 输出该内容的模板。
        --dry-run 只显示将新增和修改的记录，不写入。数据文件不存在时新建。
        台账（activities、proposals、sqmy、intake）按工作室名称对应工作室、按姓名对应委员；
        文件中没有「工作室」一列时，用 --studio 指定工作室编号。
        """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("导入的内容：\(ImportKind.allCases.map(\.rawValue).joined(separator: "、"))", valueName: "KIND")) var kind: String
    @Argument(help: ArgumentHelp("CSV 或 .xlsx 文件", valueName: "FILE")) var file: String?
    @Option(help: "CSV 文件编码：auto、utf-8 或 gb18030") var encoding: ImportEncoding = .auto
    @Option(help: ArgumentHelp("Excel 工作簿中的工作表（名称或第几张，默认第一张）", valueName: "SHEET")) var sheet: String?
    @Option(help: ArgumentHelp("文件中没有「工作室」列时，记录所属的工作室编号", valueName: "ID")) var studio: Int64?
    @Flag(help: "只检查并显示结果，不写入") var dryRun = false
    @Option(help: ArgumentHelp("文件的数据行上限（默认 \(ImportFile.defaultMaxRows)），超过则拒绝导入", valueName: "N")) var maxRows = ImportFile.defaultMaxRows
    @Flag(help: "输出该内容的模板（CSV，UTF-8 带 BOM）") var template = false
    @Option(help: ArgumentHelp("--template 写入的文件", valueName: "FILE")) var out: String?

    func validate() throws {
        if kind == "all" {
            if template || dryRun { throw ValidationError("整库导入（all）没有模板，也不能 --dry-run") }
            if file == nil { throw ValidationError("请写明 studiodesk export all 导出的 JSON 文件") }
            return
        }
        guard ImportKind.named(kind) != nil else {
            throw ValidationError("可导入：\(ImportKind.allCases.map { "\($0.rawValue)（\($0.title)）" }.joined(separator: "、"))；「\(kind)」不在其中")
        }
        if !template && file == nil { throw ValidationError("请写明要导入的文件，如 studiodesk import \(kind) 文件.csv") }
        if maxRows < 1 { throw ValidationError("--max-rows 应为正整数") }
    }

    func run() throws {
        if kind == "all" { return try importAll() }
        let kind = ImportKind.named(kind)!
        if template {
            let text = try CSVText.forExcel(headers: kind.template[0], rows: Array(kind.template.dropFirst()))
            try emit(text, to: out.map { ($0 as NSString).expandingTildeInPath }, written: { "已写入\(kind.title)模板 \($0)" })
            return
        }
        let path = (file! as NSString).expandingTildeInPath
        let db = try database.open()
        try db.requireForCommand(.importData)
        if let studio, try db.studio(id: studio) == nil { throw Failure("没有编号为 \(studio) 的工作室（studiodesk studios 列出编号）") }
        let profiles: [RuleProfile] = kind == .members ? [] : try loadProfiles()
        // A progress line on the terminal for long files; nothing when the output goes to a file or a pipe.
        let showProgress = isatty(STDERR_FILENO) == 1
        let progress: (@Sendable (Int, Int) -> Void)? = showProgress ? Self.showProgress : nil
        let outcome: ImportOutcome
        do {
            outcome = try Importer.run(kind, path: path, encoding: encoding, sheet: sheet, maxRows: maxRows, into: db, profiles: profiles, defaultStudioID: studio,
                                       apply: !dryRun, progress: progress)
        } catch let e as ImportFileError {
            throw Failure(e.description)
        } catch { throw Failure("\(error)") }
        if showProgress && outcome.rows >= 1000 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        print("文件：\(path)（\(outcome.source)，\(outcome.rows) 行数据）")
        if !outcome.ignoredColumns.isEmpty { print("未导入的列：" + outcome.ignoredColumns.joined(separator: "、")) }
        if !outcome.problems.isEmpty {
            throw Failure((["有 \(outcome.problemCount) 处问题，没有导入任何数据："] + ImportProblem.lines(outcome.problems, total: outcome.problemCount).map { "  " + $0 }).joined(separator: "\n"))
        }
        if !outcome.matched.isEmpty {
            print("按别名识别：")
            for line in outcome.matched { print("  " + line) }
        }
        if !outcome.warnings.isEmpty {
            print("提示（不影响导入）：")
            for w in ImportProblem.lines(outcome.warnings) { print("  " + w) }
        }
        if dryRun {
            for line in outcome.added { print("  新增 " + line) }
            if outcome.addedCount > outcome.added.count { print("  …另有 \(outcome.addedCount - outcome.added.count) 条新增未列出") }
            for line in outcome.changed { print("  修改 " + line) }
            if outcome.changedCount > outcome.changed.count { print("  …另有 \(outcome.changedCount - outcome.changed.count) 条修改未列出") }
            print("检查通过（未写入）：\(outcome.summary)")
        } else {
            print("已导入\(kind.title)：\(outcome.summary)")
        }
    }

    /// The whole file from `studiodesk export all`, into a data file that holds nothing yet.
    func importAll() throws {
        let path = (file! as NSString).expandingTildeInPath
        let target = database.resolvedPath()
        // Checked before anything else: a read-only session creates no data file.
        if database.resolvedReadOnly {
            throw Failure("只读方式（--read-only 或 STUDIODESK_READONLY）不能整库导入：导入会新建数据文件 \(target)。请不带只读选项再导入")
        }
        // A new data file has no accounts: whoever makes one is its local user (the service account on a server).
        if let account = database.account {
            throw Failure("整库导入会新建数据文件，须由本机用户执行（不带 --account）；账户「\(account)」不能执行此命令")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure("无法读取文件 \(path)（不存在或没有读权限）") }
        do {
            let dump = try AppDatabase.readDump(data, path: path)
            _ = try AppDatabase.create(path: target, from: dump)
            print("已导入整个数据文件（\(dump.tables.map(\.rows.count).reduce(0, +)) 行，\(dump.tables.count) 张表，版本 \(dump.schema)）到 \(target)")
        } catch { throw Failure("\(error)") }
    }

    @Sendable static func showProgress(_ done: Int, _ total: Int) {
        // A file read in chunks does not know its total while it is written.
        FileHandle.standardError.write(Data((total > 0 ? "\r写入 \(done)/\(total) 行…" : "\r已写入 \(done) 行…").utf8))
    }
}
