import ArgumentParser
import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

/// `studiodesk duty`: a studio's 值班排班 — show or publish a quarter's rota, generate it from patterns.
struct DutyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duty",
        abstract: "值班排班：查看、导出、生成工作室的值班表。",
        subcommands: [DutyShowCommand.self, DutyOverviewCommand.self, DutyGenerateCommand.self, DutyHolidaysCommand.self]
    )
}

/// `studiodesk duty overview --quarter 2026Q4`: the office's 值班 of a quarter, from the same loader as the
/// 值班排班 screen (`AppDatabase.dutyOverview`), so the two never count differently.
struct DutyOverviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overview",
        abstract: "全区一个季度的值班：各工作室的时段、缺人、值班未完成的委员（按本地规则）、缺席未补。"
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("季度，如 2026Q4", valueName: "YYYYQn")) var quarter: QuarterArgument
    @Option(help: "输出格式：table、json 或 csv") var format: OutputFormat = .table

    func validate() throws {
        if quarter.quarter == nil { throw ValidationError("请写明季度，如 --quarter 2026Q4") }
    }

    func run() throws {
        let db = try database.openExisting()
        let rows = try db.dutyOverview(period: quarter.period, profiles: loadProfiles(for: db), today: DateInput.iso(today()))
        let headers = ["编号", "工作室", "时段", "缺人", "值班未完成", "缺席未补"]
        let lines = rows.map { r in
            [String(r.studio.id ?? 0), r.studio.name, String(r.slots.count), String(r.slots.reduce(0) { $0 + max(0, $1.needed - $1.assignments.count) }),
             r.done.map { $0.members.isEmpty ? "" : $0.members.map(\.name).joined(separator: "、") } ?? "（无要求）", String(r.missed)]
        }
        switch format {
        case .table:
            print("\(quarter.period.title)值班：\(rows.count) 个工作室，值班未完成 \(rows.reduce(0) { $0 + ($1.done?.members.count ?? 0) }) 人")
            print(TextTable.render(headers: headers, rows: lines, footer: "共 \(lines.count) 个工作室"), terminator: "")
        case .csv: print(try CSVText.forExcel(headers: headers, rows: lines), terminator: "")
        case .json:
            print(try JSONText.render(rows.map { r in
                ["id": String(r.studio.id ?? 0), "name": r.studio.name, "slots": String(r.slots.count), "missed": String(r.missed),
                 "short": (r.done?.members.map(\.name) ?? []).joined(separator: "、")]
            }))
        }
    }
}

/// "2026Q4", "2026-Q4", "2026年第4季度" (a quarter) or "2026" (the whole-year plan).
struct QuarterArgument: ExpressibleByArgument {
    var year: Int
    var quarter: Int?

    init?(argument: String) {
        let t = argument.uppercased().replacingOccurrences(of: "年第", with: "Q").replacingOccurrences(of: "季度", with: "")
            .replacingOccurrences(of: "-", with: "")
        let parts = t.split(separator: "Q", omittingEmptySubsequences: false)
        guard let y = Int(parts[0]), (2000...2100).contains(y) else { return nil }
        year = y
        if parts.count == 2 {
            guard let q = Int(parts[1]), (1...4).contains(q) else { return nil }
            quarter = q
        } else if parts.count > 2 {
            return nil
        }
    }

    var period: Period { quarter.map { Period(.quarter, year: year, index: $0) } ?? Period(.year, year: year) }

    static var defaultValueDescription: String { "如 2026Q4；只写年份为全年计划" }
}

enum DutyFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, ics, pdf
}

struct DutyOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("工作室编号（studiodesk studios 可列出）", valueName: "ID")) var studio: Int64
    @Option(help: ArgumentHelp("季度，如 2026Q4；只写年份为全年计划", valueName: "YYYYQn")) var quarter: QuarterArgument

    func load() throws -> (AppDatabase, Studio, RuleProfile?) {
        let db = try database.openExisting()
        guard let s = try db.studio(id: studio) else { throw Failure("找不到编号为 \(studio) 的工作室（studiodesk studios 可列出编号）") }
        try ShippedData.syncHolidays(into: db)
        let profile = try loadProfiles().first { $0.id == s.profileID }
        return (db, s, profile)
    }
}

struct DutyShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "输出一个工作室一个季度（或全年）的值班表：table、json、csv、ics（手机日历）或 pdf（值班公示）。",
        discussion: "json 的格式见 docs/command-line.md。pdf 必须用 --out 指定文件；其他格式不加 --out 时输出到屏幕。"
    )

    @OptionGroup var options: DutyOptions
    @Option(help: "输出格式：table、json、csv、ics 或 pdf") var format: DutyFormat = .table
    @Option(help: ArgumentHelp("写入文件", valueName: "FILE")) var out: String?

    func validate() throws {
        if format == .pdf && out == nil { throw ValidationError("pdf 格式请用 --out 指定文件，如 --out 值班公示.pdf") }
    }

    func run() throws {
        let (db, studio, profile) = try options.load()
        if format == .pdf { try db.requireForCommand(.print, studio: studio.id) } else if out != nil { try db.requireForCommand(.export, studio: studio.id) }
        let period = options.quarter.period
        let pub = try db.dutyPublication(studio: studio, period: period)
        let plan = try db.dutyPlan(studioID: studio.id!, year: options.quarter.year, quarter: options.quarter.quarter)
        let members = try db.dutyCandidates(studioID: studio.id!, period: period)
        let rule = DutyRule.of(profile)
        let check = DutyCheck.summary(slots: pub.slots, members: members, rule: rule)
        let problems = DutyGenerator.problems(slots: pub.slots, members: members, rule: rule).map { "\($0.text)（建议：\($0.fix)）" }
        let todayISO = DateInput.iso(today())
        let text: String
        switch format {
        case .pdf:
            let path = OutputFile.resolve(out)
            let pages = try writing(path) { try Printouts.duty(studio, period: period, db: db, printedOn: todayISO).render(to: path) }
            print("已生成 \(path)（\(pages) 页）")
            return
        case .ics: text = DutyCalendarFile.ics(pub)
        case .csv: text = try DutyTable.csv(pub)
        case .json:
            text = try JSONText.render(DutyDocument(pub, patterns: plan?.patterns.split(separator: "\n").map(String.init) ?? [],
                                                    rule: rule, ruleHolds: check.ok, problems: problems))
        case .table:
            var lines = ["\(studio.name)  \(period.title)值班表（\(pub.slots.count) 个时段）"]
            if let plan { lines.append("值班规律：" + plan.patterns.replacingOccurrences(of: "\n", with: "；")) }
            if let note = pub.provisionalNote { lines.append("注意：" + note) }
            lines.append(check.text)
            if pub.slots.isEmpty {
                lines.append("还没有值班安排（studiodesk duty generate 可生成）")
            } else {
                let rows = DutyTable.rows(pub)
                lines.append(TextTable.render(headers: DutyTable.headers, rows: rows, footer: "共 \(rows.count) 个时段").trimmingCharacters(in: .newlines))
            }
            lines += problems.map { "注意：" + $0 }
            text = lines.joined(separator: "\n") + "\n"
        }
        try emit(text, to: out.map { ($0 as NSString).expandingTildeInPath }, written: { "已写入 \($0)（\(pub.slots.count) 个时段）" })
    }
}

struct DutyGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "按值班规律生成值班表，按本地规则安排委员（已过去和已记录的时段保留不变）。",
        discussion: """
        规律可写多条（每条一个 --pattern，或用；分隔），如：
          --pattern "每周三上午 线下" --pattern "每周五下午 线上 @秦商量"
          --pattern "每月10日、20日 全天 2人"   --pattern "每月第二周周三上午"   --pattern "每个工作日 线上 2人"
        节假日顺延到下一个工作日，调休上班的周末算工作日。--dry-run 只显示结果，不保存。
        """
    )

    @OptionGroup var options: DutyOptions
    @Option(name: .customLong("pattern"), help: ArgumentHelp("值班规律，可重复", valueName: "TEXT")) var patterns: [String] = []
    @Flag(help: "只显示生成结果，不保存") var dryRun = false

    func validate() throws {
        if patterns.isEmpty { throw ValidationError("请用 --pattern 写明值班规律，如 --pattern \"每周三上午 线下\"") }
    }

    func run() throws {
        let (db, studio, profile) = try options.load()
        if !dryRun { try db.requireForCommand(.editRecords, studio: studio.id) }
        let todayISO = DateInput.iso(today())
        let proposal: DutyProposal
        do {
            proposal = try db.proposeDutyPlan(studio: studio, profile: profile, year: options.quarter.year, quarter: options.quarter.quarter,
                                              patterns: patterns.joined(separator: "\n"), today: todayISO)
        } catch StoreError.validation(let issues) {
            throw Failure(issues.map(\.message).joined(separator: "；"))
        }
        let names = Dictionary(uniqueKeysWithValues: proposal.members.map { ($0.id, $0.name) })
        var lines = ["\(studio.name)  \(proposal.plan.period.title)：\(proposal.rota.slots.count) 个时段" + (proposal.kept > 0 ? "（保留已过去或已记录的 \(proposal.kept) 个）" : "")]
        lines.append("值班规律：" + proposal.plan.patterns.replacingOccurrences(of: "\n", with: "；"))
        if let note = HolidayCalendar.provisionalNote(proposal.layout.provisionalYears) { lines.append("注意：" + note + "（值班排班 > 节假日 中录入）") }
        lines += proposal.layout.moved.map { "顺延：" + $0 }
        let rows = proposal.rota.slots.map { s in
            [s.date, CivilDate.weekdayTitle(s.date), s.time.title, s.mode.title, s.place, s.memberIDs.compactMap { names[$0] }.joined(separator: "、")]
        }
        lines.append(TextTable.render(headers: ["日期", "星期", "时间", "线上/线下", "地点/渠道", "值班委员"], rows: rows, footer: "共 \(rows.count) 个时段").trimmingCharacters(in: .newlines))
        lines.append(proposal.summary.text)
        let loads = proposal.members.map { "\($0.name) \(proposal.rota.load(of: $0.id))" }
        if !loads.isEmpty { lines.append("每人次数：" + loads.joined(separator: "、")) }
        lines += proposal.rota.problems.map { "无法满足：\($0.text)；建议：\($0.fix)" }
        if dryRun {
            lines.append("（--dry-run：未保存）")
        } else {
            do {
                try db.saveDutyPlan(proposal.plan, slots: proposal.rota.slots, today: todayISO)
            } catch { throw Failure("\(error)") }
            lines.append("已保存\(proposal.plan.title)。")
        }
        print(lines.joined(separator: "\n"))
    }
}

struct DutyHolidaysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holidays",
        abstract: "列出节假日表：放假日和调休上班日，以及每年的来源（国务院办公厅通知）。"
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("只看一年", valueName: "YEAR")) var year: Int?

    func run() throws {
        let db = try database.openExisting()
        try ShippedData.syncHolidays(into: db)
        let c = try db.holidayCalendar()
        func table(_ days: [HolidayCalendar.Day], footer: String) -> String {
            TextTable.render(headers: ["日期", "星期", "类别", "节日"], rows: days.map {
                [$0.date, CivilDate.weekdayTitle($0.date), $0.kind.title, $0.name]
            }, footer: footer).trimmingCharacters(in: .newlines)
        }
        var lines: [String] = []
        for y in c.years where year.map({ $0 == y.year }) ?? true {
            lines.append("\(y.year)年：\(y.source.isEmpty ? "（未注明来源）" : y.source)")
            let days = c.days(in: y.year)
            lines.append(table(days, footer: "放假 \(days.filter { $0.kind == .off }.count) 天，调休上班 \(days.filter { $0.kind == .work }.count) 天"))
        }
        if let year, c.isProvisional(year: year) {
            // Not entered yet: its statutory holidays, 暂定, as the rota uses them.
            lines.append("\(year)年：节假日安排尚未公布，暂定按法定节日放假，无调休上班；通知发布后请在 值班排班 > 节假日（h）中录入。")
            let days = c.days(in: year)
            lines.append(table(days, footer: "放假 \(days.count) 天（暂定）"))
        }
        print(lines.joined(separator: "\n"))
    }
}
