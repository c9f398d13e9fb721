import Foundation
import StudioCore
import StudioExport
import StudioStore
import TerminalKit

/// 打印导出 → 备份与恢复: when the last automatic backup was made, the rolling copies beside the data file,
/// a backup now to any file, and a restore that checks the file first and keeps the current data aside.
public final class DataScreen: Screen {
    let context: AppContext
    var backups: [(path: String, date: String)] = []
    var table = TableView(columns: [
        TableColumn("自动备份日期", width: 12),
        TableColumn("文件", width: 20, flex: 1),
    ])
    var message = ""
    var isError = false

    public init(context: AppContext) {
        self.context = context
        reload()
    }

    public var title: String { "打印导出" }
    var todayISO: String { DateInput.iso(context.today()) }

    enum Action: Sendable { case importMembers, backup, restore, restoreSelected, back }
    let keys = KeyMap<Action>([
        KeyBinding([.char("i")], .importMembers, label: "导入名册", help: "从 CSV 导入委员名册（UTF-8 或 GBK，自动识别；先预览，全部无误才写入）"),
        KeyBinding([.char("b")], .backup, label: "备份", help: "把数据文件备份到指定文件（其他人正在使用时也可以）"),
        KeyBinding([.char("r")], .restore, label: "恢复", help: "从备份文件恢复：先检查文件，当前数据另存一份"),
        KeyBinding([.enter], .restoreSelected, label: "恢复所选", help: "从所选的自动备份恢复"),
        KeyBinding([.escape], .back, label: "返回", help: "返回主菜单"),
    ])
    public var hints: [KeyHint] { keys.barHints + [CommonKeys.help] }
    public var helpHints: [KeyHint] { keys.helpHints + [KeyHint(key: "Up/Down", label: "上下移动")] }

    public func becameTop() { reload() }

    func reload() {
        backups = ((try? context.db.automaticBackups()) ?? []).reversed()
        table.setCount(backups.count)
    }

    func say(_ text: String, error: Bool = false) {
        message = text
        isError = error
    }

    public func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        switch keys.action(for: key) {
        case .importMembers?:
            return .push(importForm())
        case .backup?:
            let suggested = (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent("studiodesk-备份-\(todayISO).sqlite")
            return .push(EntryFormScreen(title: "备份数据文件", fields: [
                .init("path", "备份到", .text(maxLength: 240), guidance: "SQLite 在线备份，完成后做完整性检查；文件只有本人可读"),
            ], values: ["path": suggested]) { [self] v in
                let path = ((v["path"] ?? "") as NSString).expandingTildeInPath
                guard !path.isEmpty else { return .issues(["path": "请填写备份文件的路径"]) }
                do {
                    let check = try context.db.backup(to: path)
                    say("已备份到 \(path)：\(check.summary)")
                    return .saved(.stay)
                } catch {
                    return .issues(["path": "\(error)"])
                }
            })
        case .restore?:
            return .push(EntryFormScreen(title: "从备份恢复", fields: [
                .init("path", "备份文件", .text(maxLength: 240), guidance: "先检查：完整、是 StudioDesk 的数据文件、不是更新版本的"),
            ]) { [self] v in
                let path = ((v["path"] ?? "") as NSString).expandingTildeInPath
                do {
                    let check = try AppDatabase.inspect(backup: path)
                    return .saved(.push(confirmRestore(path, check)))
                } catch {
                    return .issues(["path": "\(error)"])
                }
            })
        case .restoreSelected?:
            guard backups.indices.contains(table.selected) else { return .stay }
            let path = backups[table.selected].path
            do { return .push(confirmRestore(path, try AppDatabase.inspect(backup: path))) } catch {
                say("\(error)", error: true)
            }
        case .back?:
            return .pop
        case nil:
            break
        }
        return .stay
    }

    func importForm() -> Screen {
        let encodings = ImportEncoding.allCases
        return EntryFormScreen(title: "导入委员名册", fields: [
            .init("path", "CSV 文件", .text(maxLength: 240), guidance: "第一行为表头：姓名（必填）、性别、界别、专委会、单位及职务、专业特长、联系电话、备注"),
            .init("encoding", "编码", .choice(encodings.map(\.title)), guidance: "Excel/WPS 默认另存为 GBK；自动识别即可"),
        ]) { [self] v in
            let path = ((v["path"] ?? "") as NSString).expandingTildeInPath
            guard !path.isEmpty else { return .issues(["path": "请填写 CSV 文件的路径"]) }
            let encoding = encodings.first { $0.title == v["encoding"] } ?? .auto
            do {
                let check = try RosterImporter.run(path: path, encoding: encoding, into: context.db, apply: false)
                if !check.problems.isEmpty {
                    return .saved(.push(LinesDialog(title: "有 \(check.problems.count) 处问题，没有导入", lines: check.problems.map(\.description),
                                                    footer: "改正后再导入（\(check.encoding.title)）")))
                }
                let plan = check.plan
                var lines = plan.added.prefix(3).map { "新增：\($0.member.name)（第\($0.row)行）" }
                    + plan.changed.prefix(3).map { "修改：\($0.before.name) 的\($0.fields.joined(separator: "、"))（第\($0.row)行）" }
                if plan.added.count + plan.changed.count > lines.count { lines.append("……") }
                if !check.ignoredColumns.isEmpty { lines.append("未导入的列：" + check.ignoredColumns.joined(separator: "、")) }
                let message = "\(check.encoding.title)，\(check.rows) 行：\(plan.summary)。\n" + lines.joined(separator: "\n") + "\n确定导入吗？"
                return .saved(.push(ConfirmDialog(title: "导入委员名册", message: message, defaultYes: true) { [self] yes in
                    guard yes else { return .stay }
                    do {
                        let done = try RosterImporter.run(path: path, encoding: encoding, into: context.db, apply: true)
                        if done.written { say("已导入委员名册：\(done.plan.summary)") } else { say("文件已改变，没有导入：\(done.problems.first?.description ?? "")", error: true) }
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

    func confirmRestore(_ path: String, _ check: AppDatabase.BackupCheck) -> Screen {
        ConfirmDialog(title: "从备份恢复", message: "备份中有：\(check.summary)。\n用它替换现在的数据吗？现在的数据会先另存一份。") { [self] yes in
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

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let width = area.width - 2
        buffer.put("导入（i 委员名册）· 备份与恢复", row: area.row, col: col, style: .accent)
        let last = backups.first.map { "上次自动备份：\($0.date)（每天第一次打开时备份，保留最近 7 份）" } ?? "还没有自动备份（每天第一次打开程序时自动备份）"
        buffer.put(last, row: area.row + 1, col: col, maxWidth: width, style: backups.first?.date == todayISO ? .normal : .warning)
        buffer.put("备份目录：" + context.db.backupDirectory, row: area.row + 2, col: col, maxWidth: width, style: .muted)
        buffer.put("打印：各页面按 p；导入台账、导出 Excel 尚在建设中", row: area.row + 3, col: col,
                   maxWidth: width, style: .muted)
        let bottom = area.bottom - (message.isEmpty ? 0 : 1)
        table.render(into: &buffer, area: Rect(row: area.row + 5, col: col, width: width, height: bottom - area.row - 5)) { [self] i in
            [backups[i].date, (backups[i].path as NSString).lastPathComponent]
        }
        if !message.isEmpty {
            buffer.put(message, row: area.bottom - 1, col: col, maxWidth: width, style: isError ? .error : .accent)
        }
    }
}
