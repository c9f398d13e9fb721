import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

/// [8] 打印导出: every printout and every file in or out in one list — the forms each screen prints (chosen
/// here by studio), the tables as CSV or Excel, the whole file as JSON, imports of every kind with a preview,
/// backups and restores, and the log of changes.
public final class DataScreen: Screen {
    let context: AppContext
    var backups: [(path: String, date: String)] = []
    var message = ""
    var isError = false

    enum Task: CaseIterable {
        case application, checklist, dutyNotice, dutyTable, scorecards, annualSummary, archive, exportTable, exportAll, importTable, backup, restoreFile, restoreAuto, audit
        case quarterReturn, receiveReturns, area, statistics, officeYear

        var section: String {
            switch self {
            case .application, .checklist, .dutyNotice, .scorecards, .annualSummary: "打印"
            case .dutyTable, .archive, .exportTable, .exportAll: "导出"
            case .importTable: "导入"
            case .backup, .restoreFile, .restoreAuto: "备份"
            case .audit: "记录"
            case .quarterReturn, .receiveReturns, .area, .statistics, .officeYear: "报送"
            }
        }

        var name: String {
            switch self {
            case .application: "申报表"
            case .checklist: "上墙检查表"
            case .dutyNotice: "值班公示"
            case .dutyTable: "值班表"
            case .scorecards: "年度评估表"
            case .annualSummary: "年度工作总结"
            case .archive: "档案包"
            case .exportTable: "表格"
            case .exportAll: "整个数据文件"
            case .importTable: "表格"
            case .backup: "立即备份"
            case .restoreFile: "从文件恢复"
            case .restoreAuto: "从自动备份恢复"
            case .audit: "修改记录"
            case .quarterReturn: "季度报送"
            case .receiveReturns: "接收下级报送"
            case .area: "汇总"
            case .statistics: "统计"
            case .officeYear: "年度总结材料"
            }
        }

        var note: String {
            switch self {
            case .application: "选工作室，按所属地区的式样（PDF）"
            case .checklist: "选工作室：空白表或最近一次检查（PDF）"
            case .dutyNotice: "选工作室：本季度值班公示（PDF）"
            case .dutyTable: "选工作室：本季度值班表（手机日历 .ics 或 CSV）"
            case .scorecards: "全部参评工作室的评估表和汇总表（PDF 或 CSV）"
            case .annualSummary: "选工作室：本年度工作总结，填写后打印（公文版式 PDF）"
            case .archive: "选工作室：完整记录、团队、审批、申报表、年度工作总结（ZIP）"
            case .exportTable: "名册、工作室、四类台账（.xlsx 或 CSV），可选工作室、年份"
            case .exportAll: "一个 JSON 文件，studiodesk import all 可原样导回"
            case .importTable: "名册、工作室、四类台账（CSV 或 .xlsx），先预览再写入"
            case .backup: "备份到指定文件（其他人正在使用时也可以）"
            case .restoreFile: "先检查文件，当前数据另存一份"
            case .restoreAuto: "每天第一次打开时自动备份，保留最近 7 份"
            case .audit: "谁在何时改了什么：按工作室、表、操作人、日期查看"
            case .quarterReturn: "选季度：本办及已接收的下级报送，生成报送文件（带校验和）"
            case .receiveReturns: "选文件：检查后保存，列出接收、替换和拒收的原因"
            case .area: "本办和下级单位的汇总表：单位 → 工作室，未报送的单位"
            case .statistics: "按类型、界别、专委会，各季度活动，履职成果（条形图，p 打印统计表）"
            case .officeYear: "本办全年汇总和成绩、问题、计划，12月底报送（公文版式 PDF）"
            }
        }

        var edits: Bool { self == .importTable || self == .restoreFile || self == .restoreAuto || self == .quarterReturn || self == .receiveReturns }

        /// What the task needs (issue 22); nil for what every account reads (the audit log, the 汇总 and 统计).
        var permission: Permission? {
            switch self {
            case .application, .checklist, .dutyNotice, .scorecards, .annualSummary, .officeYear: .print
            case .dutyTable, .archive, .exportTable, .exportAll, .backup: .export
            case .importTable: .importData
            case .restoreFile, .restoreAuto: .restore
            case .quarterReturn: .export
            case .receiveReturns: .importData
            case .audit, .area, .statistics: nil
            }
        }
    }

    /// In a read-only session the tasks that write are left out of the list, and an account sees what its role allows.
    var tasks: [Task] { Task.allCases.filter { (context.session.canEdit || !$0.edits) && ($0.permission.map { context.session.may($0) } ?? true) } }
    var table = TableView(columns: [
        TableColumn("类别", width: 4),
        TableColumn("内容", width: 14),
        TableColumn("说明", width: 30, flex: 1),
    ])

    public init(context: AppContext) {
        self.context = context
        reload()
    }

    public var title: String { "打印导出" }
    var todayISO: String { DateInput.iso(context.today()) }
    var directory: String { context.outputDirectory }

    enum Action: Sendable { case open, importTable, exportTable, backup, restore, audit, back }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .open, label: "进入", help: "打开所选的一项"),
        KeyBinding([.char("i")], .importTable, label: "导入", help: "导入委员名册、工作室或台账（CSV UTF-8/GBK 或 Excel .xlsx；先预览，全部无误才写入）", needs: .importData),
        KeyBinding([.char("e")], .exportTable, label: "导出", help: "导出表格（Excel .xlsx 或 CSV）", needs: .export),
        KeyBinding([.char("b")], .backup, label: "备份", help: "把数据文件备份到指定文件（其他人正在使用时也可以；不改动数据文件，审阅时也可用）", needs: .export),
        KeyBinding([.char("r")], .restore, label: "恢复", help: "从备份文件恢复：先检查文件，当前数据另存一份", needs: .restore),
        KeyBinding([.char("l")], .audit, label: "修改记录", help: "谁在何时改了什么"),
        KeyBinding([.escape], .back, label: "返回", help: "返回主菜单"),
    ])
    public var hints: [KeyHint] { keys.barHints(context) + [CommonKeys.help] }
    public var helpHints: [KeyHint] { keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "上下移动")] }

    public func becameTop() { reload() }
    /// Another session saved: read again (the cursor stays where it is).
    public func dataChanged() { reload() }

    func reload() {
        backups = ((try? context.db.automaticBackups()) ?? []).reversed()
        table.setCount(tasks.count)
    }

    func say(_ text: String, error: Bool = false) {
        message = text
        isError = error
    }

    public func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        switch keys.action(for: key, in: context) {
        case .open?: return open(tasks[table.selected])
        case .importTable?: return open(.importTable)
        case .exportTable?: return open(.exportTable)
        case .backup?: return open(.backup)
        case .restore?: return open(.restoreFile)
        case .audit?: return open(.audit)
        case .back?: return .pop
        case nil: return .stay
        }
    }

    /// A 联络员 prints their own studios' papers only (the role's permission on the studio picked).
    func mayFor(_ task: Task, _ s: Studio) -> Bool { task.permission.map { context.session.may($0, studio: s.id) } ?? true }

    func refused(_ task: Task, _ s: Studio) -> Navigation {
        .replace(context.session.refusal(of: "\(task.section)\(task.name)：\(s.name)", needs: task.permission, studio: s.id))
    }

    func open(_ task: Task) -> Navigation {
        message = ""
        switch task {
        case .application:
            return .push(PickerScreen.studio(context: context, title: "打印申报表：选工作室") { [self] s in
                mayFor(task, s) ? .replace(applicationForm(s)) : refused(task, s)
            })
        case .checklist:
            return .push(PickerScreen.studio(context: context, title: "打印上墙检查表：选工作室") { [self] s in
                guard mayFor(task, s) else { return refused(task, s) }
                let screen = StudioWallScreen(context: context, studioID: s.id!)
                guard let status = screen.status else { return .replace(MessageDialog(title: "无法打印", message: "找不到「\(s.name)」的上墙清单", isError: true)) }
                return .replace(screen.printForm(status, directory: directory))
            })
        case .dutyNotice, .dutyTable:
            return .push(PickerScreen.studio(context: context, title: "\(task == .dutyNotice ? "打印值班公示" : "导出值班表")：选工作室") { [self] s in
                guard mayFor(task, s) else { return refused(task, s) }
                let screen = StudioDutyScreen(context: context, studioID: s.id!)
                guard let state = screen.state else { return .replace(MessageDialog(title: "无法导出", message: "「\(s.name)」没有值班表", isError: true)) }
                return .replace(task == .dutyNotice ? screen.printForm(state, directory: directory) : screen.exportForm(state, directory: directory))
            })
        case .scorecards:
            return .push(AssessmentHomeScreen(context: context).printForm(directory: directory))
        case .annualSummary:
            return .push(PickerScreen.studio(context: context, title: "年度工作总结：选工作室") { [self] s in
                .replace(AnnualSummaryScreen(context: context, studioID: s.id!, year: context.currentQuarter.year))
            })
        case .archive:
            return .push(PickerScreen.studio(context: context, title: "导出档案包：选工作室") { [self] s in
                mayFor(task, s) ? .replace(StudioEditor.exportArchive(context: context, studio: s, directory: directory)) : refused(task, s)
            })
        case .exportTable: return .push(exportForm())
        case .exportAll: return .push(exportAllForm())
        case .importTable:
            if !context.session.canEdit { return refusedInReadOnly(task) }
            return .push(importForm())
        case .backup: return .push(backupForm())
        case .restoreFile:
            if !context.session.canEdit { return refusedInReadOnly(task) }
            return .push(restoreForm())
        case .restoreAuto:
            if !context.session.canEdit { return refusedInReadOnly(task) }
            guard !backups.isEmpty else {
                say("还没有自动备份（每天第一次打开程序时自动备份）", error: true)
                return .stay
            }
            return .push(PickerScreen<String>(title: "从自动备份恢复：选一份", columns: [TableColumn("日期", width: 12), TableColumn("文件", width: 30, flex: 1)],
                                              placeholder: "日期", load: { [self] text in
                backups.filter { text.isEmpty || $0.date.contains(text) }.map { ([$0.date, ($0.path as NSString).lastPathComponent], $0.path) }
            }) { [self] path in
                do { return .replace(confirmRestore(path, try AppDatabase.inspect(backup: path))) } catch {
                    return .replace(MessageDialog(title: "无法恢复", message: "\(error)", isError: true))
                }
            })
        case .audit:
            return .push(AuditScreen(context: context))
        case .quarterReturn, .receiveReturns:
            if !context.session.canEdit { return refusedInReadOnly(task) }
            return .push(task == .quarterReturn ? quarterReturnForm() : receiveForm())
        case .area: return .push(AreaScreen(context: context))
        case .statistics: return .push(StatisticsScreen(context: context, year: context.currentQuarter.year))
        case .officeYear: return .push(OfficeYearScreen(context: context, year: context.currentQuarter.year))
        }
    }

    func refusedInReadOnly(_ task: Task) -> Navigation {
        .push(MessageDialog(title: "审阅模式（只读）", message: "「\(task.section)\(task.name)」会修改数据；本次以只读方式打开，不能修改。"))
    }

    // MARK: Forms

    func applicationForm(_ studio: Studio) -> Screen {
        let name = DutyText.safeFileName(studio.name)
        return EntryFormScreen(title: "打印申报表：\(studio.name)", fields: [
            .init("path", "PDF 文件", .text(maxLength: 240), guidance: "A4，内嵌中文字体；已知内容填入，签名和未审批的意见栏留空"),
        ], values: ["path": (directory as NSString).appendingPathComponent("\(name)-申报表.pdf")], writes: false) { [self] v in
            let path = context.filePath(v.text("path"), ext: ".pdf")
            guard !path.isEmpty else { return .issues(["path": "请填写 PDF 文件的路径"]) }
            do {
                let pages = try Printouts.application(studio, profiles: context.profiles, db: context.db, printedOn: todayISO).render(to: path)
                return .saved(.replace(MessageDialog(title: "已生成", message: "申报表：\(path)（\(pages) 页）")))
            } catch {
                return .issues(["path": OutputFile.message(for: error, path: path)])
            }
        }
    }

    static let allKinds = "全部（Excel 工作簿，每类一张表）"
    static let xlsx = "Excel 工作簿（.xlsx）", csv = "CSV（UTF-8 带 BOM）"

    /// A studio named in a form, or nil for "all"; an unknown name is a problem on the field.
    func studio(named text: String) -> Result<Studio?, FormProblem> {
        let name = text.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { return .success(nil) }
        let found = ((try? context.db.studios()) ?? []).filter { $0.name == name || $0.name.contains(name) }
        switch found.count {
        case 1: return .success(found[0])
        case 0: return .failure(FormProblem("没有名称含「\(name)」的工作室"))
        default: return .failure(FormProblem("有 \(found.count) 个工作室名称含「\(name)」，请写全称"))
        }
    }

    struct FormProblem: Error { let text: String; init(_ t: String) { text = t } }

    func exportForm() -> Screen {
        let kinds = ImportKind.allCases.map(\.title) + [Self.allKinds]
        return EntryFormScreen(title: "导出表格", fields: [
            .init("kind", "内容", .choice(kinds), guidance: "列与导入模板相同：在 Excel/WPS 中修改后可再导入（带编号的行更新原记录）"),
            .init("format", "格式", .choice([Self.xlsx, Self.csv])),
            .init("studio", "工作室", .text(maxLength: 60), guidance: "名称或其中一段；留空为全部工作室"),
            .init("year", "年份", .number(range: 2000...2100, required: false, maxLength: 4, message: "年份应为四位数，如 2026"),
                  guidance: "台账只导出该年；留空为全部年份"),
            .init("path", "文件", .text(maxLength: 240), guidance: "不写扩展名时按格式补上"),
        ], values: ["path": (directory as NSString).appendingPathComponent("studiodesk-导出-\(todayISO)")], writes: false) { [self] v in
            let all = v.choice("kind") == Self.allKinds
            let isCSV = v.choice("format") == Self.csv && !all
            let path = context.filePath(v.text("path"), ext: isCSV ? ".csv" : ".xlsx")
            guard !path.isEmpty else { return .issues(["path": "请填写文件路径"]) }
            var filter = TableExport.Filter()
            switch studio(named: v.text("studio")) {
            case .success(let s): filter.studioID = s?.id
            case .failure(let p): return .issues(["studio": p.text])
            }
            filter.year = v.intIfAny("year")
            let kinds = all ? ImportKind.allCases : ImportKind.allCases.filter { $0.title == v.choice("kind") }
            do {
                let tables = try kinds.map { ($0.title, try TableExport.rows($0, db: context.db, profiles: context.profiles, filter: filter)) }
                if isCSV {
                    try PrivateFile.write(try CSVText.forExcel(headers: tables[0].1[0], rows: Array(tables[0].1.dropFirst())), to: path)
                } else {
                    try TableExport.writeWorkbook(tables, to: path)
                }
                let counts = tables.map { "\($0.0) \($0.1.count - 1) 行" }.joined(separator: "、")
                return .saved(.replace(MessageDialog(title: "已导出", message: "\(counts)：\(path)")))
            } catch {
                return .issues(["path": OutputFile.message(for: error, path: path)])
            }
        }
    }

    func exportAllForm() -> Screen {
        EntryFormScreen(title: "导出整个数据文件（JSON）", fields: [
            .init("path", "文件", .text(maxLength: 240), guidance: "全部表、全部记录；studiodesk import all 文件 --db 新文件 可原样导回"),
        ], values: ["path": (directory as NSString).appendingPathComponent("studiodesk-全部数据-\(todayISO).json")], writes: false) { [self] v in
            let path = context.filePath(v.text("path"))
            guard !path.isEmpty else { return .issues(["path": "请填写文件路径"]) }
            do {
                let dump = try context.db.dump()
                try PrivateFile.write(try dump.json(), to: path)
                return .saved(.replace(MessageDialog(title: "已导出", message: "\(dump.tables.count) 张表、\(dump.tables.map(\.rows.count).reduce(0, +)) 行：\(path)")))
            } catch {
                return .issues(["path": OutputFile.message(for: error, path: path)])
            }
        }
    }

    func importForm() -> Screen {
        let encodings = ImportEncoding.allCases
        return EntryFormScreen(title: "导入表格", fields: [
            .init("path", "文件", .text(maxLength: 240), guidance: "CSV（UTF-8/GBK）或 .xlsx；第一行为表头，列名同导入模板"),
            .init("kind", "内容", .choice(ImportKind.allCases.map(\.title))),
            .init("encoding", "CSV 编码", .choice(encodings.map(\.title)), guidance: "Excel/WPS 默认另存为 GBK；自动识别即可"),
            .init("sheet", "工作表", .text(maxLength: 40), guidance: ".xlsx 的工作表名称或第几张；留空为第一张"),
            .init("studio", "工作室", .text(maxLength: 60), guidance: "台账文件中没有「工作室」一列时，记录所属的工作室"),
        ]) { [self] v in
            let path = context.filePath(v.text("path"))
            guard !path.isEmpty else { return .issues(["path": "请填写要导入的文件路径"]) }
            let kind = ImportKind.allCases.first { $0.title == v.choice("kind") } ?? .members
            let encoding = encodings.first { $0.title == v.choice("encoding") } ?? .auto
            let sheet = v.text("sheet").trimmingCharacters(in: .whitespaces)
            var studioID: Int64?
            switch studio(named: v.text("studio")) {
            case .success(let s): studioID = s?.id
            case .failure(let p): return .issues(["studio": p.text])
            }
            func run(apply: Bool) throws -> ImportOutcome {
                try Importer.run(kind, path: path, encoding: encoding, sheet: sheet.isEmpty ? nil : sheet, into: context.db, profiles: context.profiles,
                                 defaultStudioID: studioID, apply: apply)
            }
            do {
                let check = try run(apply: false)
                if !check.problems.isEmpty {
                    return .saved(.push(LinesDialog(title: "有 \(check.problemCount) 处问题，没有导入", lines: ImportProblem.lines(check.problems, total: check.problemCount),
                                                    footer: "改正后再导入（\(check.source)）")))
                }
                var lines = check.added.prefix(3).map { "新增：\($0)" } + check.changed.prefix(3).map { "修改：\($0)" }
                if check.addedCount + check.changedCount > lines.count { lines.append("……") }
                if !check.ignoredColumns.isEmpty { lines.append("未导入的列：" + check.ignoredColumns.joined(separator: "、")) }
                lines += check.matched.prefix(4).map { "按别名识别：" + $0 }
                if !check.warnings.isEmpty { lines.append("提示（不影响导入）：\(check.warnings.count) 处，如 \(check.warnings[0].description)") }
                let text = "\(check.source)，\(check.rows) 行：\(check.summary)。\n" + lines.joined(separator: "\n") + "\n确定导入吗？"
                return .saved(.push(ConfirmDialog(title: "导入\(kind.title)", message: text, defaultYes: true) { [self] yes in
                    guard yes else { return .stay }
                    do {
                        let done = try run(apply: true)
                        if done.written { say("已导入\(kind.title)：\(done.summary)") } else { say("文件已改变，没有导入：\(done.problems.first?.description ?? "")", error: true) }
                    } catch {
                        say("\(error)", error: true)
                    }
                    return .stay
                }))
            } catch {
                return .issues(["path": "\(error)"])
            }
        }
    }

    func backupForm() -> Screen {
        let suggested = (directory as NSString).appendingPathComponent("studiodesk-备份-\(todayISO).sqlite")
        return EntryFormScreen(title: "备份数据文件", fields: [
            .init("path", "备份到", .text(maxLength: 240), guidance: "SQLite 在线备份，完成后做完整性检查；文件只有本人可读"),
        ], values: ["path": suggested], writes: false) { [self] v in
            let path = context.filePath(v.text("path"))
            guard !path.isEmpty else { return .issues(["path": "请填写备份文件的路径"]) }
            do {
                let check = try context.db.backup(to: path)
                say("已备份到 \(path)：\(check.summary)")
                return .saved(.stay)
            } catch {
                return .issues(["path": "\(error)"])
            }
        }
    }

    func restoreForm() -> Screen {
        EntryFormScreen(title: "从备份恢复", fields: [
            .init("path", "备份文件", .text(maxLength: 240), guidance: "先检查：完整、是 StudioDesk 的数据文件、不是更新版本的"),
        ]) { [self] v in
            let path = context.filePath(v.text("path"))
            do {
                let check = try AppDatabase.inspect(backup: path)
                return .saved(.push(confirmRestore(path, check)))
            } catch {
                return .issues(["path": "\(error)"])
            }
        }
    }

    func confirmRestore(_ path: String, _ check: AppDatabase.BackupCheck) -> Screen {
        ConfirmDialog(title: "从备份恢复", message: "备份中有：\(check.summary)。\n用它替换现在的数据吗？现在的数据会先另存一份；账户和权限保持现在的设置。") { [self] yes in
            guard yes else { return .stay }
            do {
                let (_, safety) = try context.db.restore(from: path, today: todayISO)
                reload()
                say("已恢复；恢复前的数据另存为 \(safety)")
            } catch {
                say("\(error)", error: true)
            }
            return .stay
        }
    }

    // MARK: Drawing

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let width = area.width - 2
        buffer.put("打印 · 导出 · 导入 · 备份与恢复 · 报送与汇总", row: area.row, col: col, style: .accent)
        let last = backups.first.map { "上次自动备份：\($0.date)（每天第一次打开时备份，保留最近 7 份）" } ?? "还没有自动备份（每天第一次打开程序时自动备份）"
        buffer.put(last, row: area.row + 1, col: col, maxWidth: width, style: backups.first?.date == todayISO ? .normal : .warning)
        buffer.put("备份目录：" + context.db.backupDirectory, row: area.row + 2, col: col, maxWidth: width, style: .muted)
        let bottom = area.bottom - (message.isEmpty ? 0 : 1)
        let shown = tasks
        table.render(into: &buffer, area: Rect(row: area.row + 4, col: col, width: width, height: bottom - area.row - 4)) { i in
            [shown[i].section, shown[i].name, shown[i].note]
        }
        if !message.isEmpty {
            buffer.put(message, row: area.bottom - 1, col: col, maxWidth: width, style: isError ? .error : .accent)
        }
    }
}
