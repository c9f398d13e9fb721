import ArgumentParser
import Foundation
import StudioCore
import StudioStore

/// `studiodesk backup FILE`: a consistent copy of the data file, safe while other clerks work.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "备份数据文件（SQLite 在线备份，其他人正在使用时也可以）。",
        discussion: "不写 FILE 时做今天的自动备份（数据文件旁的 backups/ 目录，保留最近 --keep 份）。只读方式（--read-only）只能备份到写明的 FILE，不做自动备份、不删旧备份。"
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("备份文件", valueName: "FILE")) var file: String?
    @Option(help: "自动备份保留的份数") var keep = 7

    func validate() throws {
        if keep < 1 { throw ValidationError("--keep 至少为 1") }
    }

    func run() throws {
        let db = try database.openExisting(needing: .export)
        do {
            if let file {
                let check = try db.backup(to: (file as NSString).expandingTildeInPath)
                print("已备份到 \(check.path)：\(check.summary)，完整性检查通过")
            } else if let made = try db.dailyBackup(today: DateInput.iso(today()), keep: keep) {
                print("已备份到 \(made)；共保留 \(try db.automaticBackups().count) 份自动备份（\(db.backupDirectory)）")
            } else {
                print("今天已有自动备份：\(try db.automaticBackups().last?.path ?? "")")
            }
        } catch let e as StoreError { throw Failure(e.description) }
    }
}

/// `studiodesk restore FILE`: replaces the data file's contents with a checked backup, keeping a copy first.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "从备份恢复数据文件（先检查备份，并把当前数据另存一份）。",
        discussion: "备份须通过完整性检查、是 StudioDesk 的数据文件且不是更新版本的。--check 只检查，不恢复。"
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("备份文件", valueName: "FILE")) var file: String
    @Flag(help: "只检查备份文件，不恢复") var check = false

    func run() throws {
        let source = (file as NSString).expandingTildeInPath
        do {
            let found = try AppDatabase.inspect(backup: source)
            if check {
                print("备份文件 \(source) 可以恢复：\(found.summary)\(found.needsMigration ? "；恢复后将升级到当前数据版本" : "")")
                return
            }
            let db = try database.open()
            try db.requireForCommand(.restore)
            let (restored, safety) = try db.restore(from: source, today: DateInput.iso(today()))
            print("已从 \(source) 恢复：\(restored.summary)")
            print("恢复前的数据另存为 \(safety)；账户和权限保持恢复前的设置")
        } catch let e as StoreError { throw Failure(e.description) }
    }
}
