import ArgumentParser
import Foundation
import StudioCore
import StudioExport
import StudioStore

/// `studiodesk compliance`: where each running studio stands against its profile's minimums (活动次数、值班、提案/社情民意).
struct ComplianceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compliance",
        abstract: "输出各工作室完成规定次数的情况：每项要求、每个期间的要求次数、完成、差额、截止日期。",
        discussion: """
        只含运行中的工作室（已授牌、警示、整改中），或 --studio 指定的一个。按年计的要求算一次；
        按季度（月、半年）计的要求逐期列出已开始的期间，或 --quarter 指定季度所涉的期间。
        --short-only 只列还有差额的项。json 的格式见 docs/command-line.md。
        """
    )

    @OptionGroup var options: DatabaseOptions
    @Option(help: "输出格式：table、json 或 csv") var format: OutputFormat = .table
    @Option(help: ArgumentHelp("年份，如 2026", valueName: "YEAR")) var year: Int
    @Option(help: ArgumentHelp("只看一个季度（1–4）", valueName: "Q")) var quarter: Int?
    @Option(help: ArgumentHelp("只看一个工作室", valueName: "ID")) var studio: Int64?
    @Flag(help: "只列出还有差额的项") var shortOnly = false

    func validate() throws {
        if !(1000...9999).contains(year) {
            throw ValidationError("年份「\(year)」不对，应为四位数，如 2026")
        }
        if let quarter, !(1...4).contains(quarter) {
            throw ValidationError("季度「\(quarter)」不对，应为 1、2、3 或 4")
        }
    }

    func run() throws {
        let db = try options.openExisting()
        let profiles = try loadProfiles(for: db)
        let studios: [Studio]
        if let studio {
            guard let s = try db.studio(id: studio) else { throw Failure("找不到编号为 \(studio) 的工作室（studiodesk studios 可列出编号）") }
            studios = [s]
        } else {
            studios = try db.studios(runningDuring: Period(.year, year: year))
        }
        let todayISO = DateInput.iso(today())
        var rows: [ComplianceReport.StudioStanding] = []
        // One round of queries for the office rather than one per studio.
        let facts = studio == nil ? try db.yearFacts(year: year) : .none
        for s in studios {
            guard let id = s.id else { continue }
            guard let profile = profiles.first(where: { $0.id == s.profileID }) else {
                throw Failure("「\(s.name)」（编号 \(id)）使用的规则 \(s.profileID) 不在规则目录中（studiodesk profiles 可列出规则）")
            }
            var lines = Compliance.evaluate(profile: profile, year: year, quarter: quarter, facts: try facts[id] ?? db.ledgerFacts(studioID: id, year: year), today: todayISO)
            if shortOnly { lines = lines.filter { $0.short > 0 } }
            let open = try db.citizenItems(studioID: id).filter { !$0.isSettled }
            rows.append(.init(studio: s, profile: profile, lines: lines, openIntake: open.count,
                              overdueIntake: open.filter { $0.isOverdue(limitDays: profile.intakeLimitDays, today: todayISO) }.count))
        }
        print(try Self.render(rows, year: year, quarter: quarter, today: todayISO, format: format), terminator: "")
    }

    static let headers = ["编号", "工作室", "要求", "期间", "要求次数", "完成", "差额", "截止", "剩余天数", "状态"]

    /// "2", "线上线下各 2", "每人线上线下各 1", "每人 1", "线上 2".
    static func requiredText(_ l: ComplianceLine) -> String {
        let base = switch l.mode {
        case .any: "\(l.required)"
        case .eachMode: "线上线下各 \(l.required)"
        case .online: "线上 \(l.required)"
        case .offline: "线下 \(l.required)"
        }
        return l.scope == "member" ? "每人" + (l.mode == .any ? " " : "") + base : base
    }

    static func cells(_ s: ComplianceReport.StudioStanding, _ l: ComplianceLine) -> [String] {
        [s.studio.id.map(String.init) ?? "", s.studio.name, l.text, l.period.title, requiredText(l), l.doneText, l.shortText,
         l.period.end, l.daysLeft < 0 ? "已过" : "\(l.daysLeft)", l.state.title]
    }

    static func render(_ rows: [ComplianceReport.StudioStanding], year: Int, quarter: Int?, today: String, format: OutputFormat) throws -> String {
        let lines = rows.flatMap { s in s.lines.map { (s, $0) } }
        switch format {
        case .table:
            let short = lines.filter { $0.1.short > 0 }.count
            let overdue = rows.reduce(0) { $0 + $1.overdueIntake }
            var footer = "\(rows.count) 个工作室，\(short) 项未完成；群众意见逾期未办结 \(overdue) 件"
            let noMinimums = rows.filter { $0.profile.minimums.isEmpty }.map(\.studio.name)
            if !noMinimums.isEmpty { footer += "；规则未规定次数：" + noMinimums.joined(separator: "、") }
            return TextTable.render(headers: headers, rows: lines.map { cells($0.0, $0.1) }, footer: footer)
        case .csv:
            return try CSVText.render(headers: headers, rows: lines.map { cells($0.0, $0.1) })
        case .json:
            return try JSONText.render(ComplianceReport(year: year, quarter: quarter, today: today, studios: rows.map(ComplianceReport.StudioRow.init)))
        }
    }
}

/// The JSON shape of `studiodesk compliance --format json` (documented in docs/command-line.md: it is a contract).
struct ComplianceReport: Encodable {
    /// One studio's evaluated lines, before encoding.
    struct StudioStanding {
        let studio: Studio
        let profile: RuleProfile
        let lines: [ComplianceLine]
        let openIntake, overdueIntake: Int
    }
    struct PeriodRow: Encodable {
        let title, start, end: String
    }
    struct MemberRow: Encodable {
        let id: Int64
        let name: String
        let shortOnline, shortOffline, short: Int
    }
    struct MinimumRow: Encodable {
        let id, text, scope, mode, state, dueDate: String
        let period: PeriodRow
        let required, done, doneOnline, doneOffline, short, daysLeft: Int
        let members: [MemberRow]

        init(_ l: ComplianceLine) {
            id = l.minimumID
            text = l.text
            scope = l.scope
            mode = l.mode.rawValue
            state = l.state.rawValue
            dueDate = l.period.end
            period = PeriodRow(title: l.period.title, start: l.period.start, end: l.period.end)
            required = l.required
            done = l.done
            doneOnline = l.doneOnline
            doneOffline = l.doneOffline
            short = l.short
            daysLeft = l.daysLeft
            members = l.members.map { MemberRow(id: $0.memberID, name: $0.name, shortOnline: $0.online, shortOffline: $0.offline, short: $0.short) }
        }
    }
    struct StudioRow: Encodable {
        let id: Int64?
        let name, profile: String
        let openIntake, overdueIntake: Int
        let minimums: [MinimumRow]

        init(_ s: StudioStanding) {
            id = s.studio.id
            name = s.studio.name
            profile = s.profile.id
            openIntake = s.openIntake
            overdueIntake = s.overdueIntake
            minimums = s.lines.map(MinimumRow.init)
        }
    }

    let year: Int
    /// null unless --quarter was given.
    @NullWhenAbsent var quarter: Int?
    let today: String
    let studios: [StudioRow]
}
