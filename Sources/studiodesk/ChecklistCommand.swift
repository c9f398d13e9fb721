import ArgumentParser
import Foundation
import StudioCore
import StudioExport
import StudioStore

/// `studiodesk checklist`: the office-wide overview of missing and failed wall items, as on the 上墙检查 screen.
struct ChecklistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: "输出上墙检查一览：各工作室不合格、缺失的条目及起始日期（逾期最久的在前）。",
        discussion: """
        只含运行中的工作室（已授牌、警示、整改中）。table 和 csv 每行一个未整改的条目；
        json 每个工作室一项，含最近检查、各清单合格数与是否达标、未整改条目（见 docs/command-line.md）。
        """
    )

    @OptionGroup var options: DatabaseOptions
    @Option(help: "输出格式：table、json 或 csv") var format: OutputFormat = .table
    @Option(help: ArgumentHelp("只看联系此专委会的工作室", valueName: "NAME")) var committee: String?
    @Option(help: ArgumentHelp("只看此界别或区域的工作室", valueName: "NAME")) var sector: String?
    @Option(help: ArgumentHelp("只看此类型的工作室（区域/界别/行业/个人/联络处）", valueName: "TYPE")) var type: String?
    @Option(help: ArgumentHelp("只看一个工作室", valueName: "ID")) var studio: Int64?

    func validate() throws {
        if let type, StudioType(text: type) == nil {
            throw ValidationError("未知类型「\(type)」，可用：\(StudioType.allCases.map(\.title).joined(separator: "、"))")
        }
    }

    func run() throws {
        let db = try options.openExisting()
        try db.syncChecklists(from: try loadProfiles())
        let filter = WallFilter(committee: committee, sector: sector, type: type.flatMap(StudioType.init(text:)))
        var statuses = WallOverview.studios(try db.wallStatuses(filter))
        if let studio {
            guard try db.studio(id: studio) != nil else { throw Failure("找不到编号为 \(studio) 的工作室（studiodesk studios 可列出编号）") }
            statuses = statuses.filter { $0.studio.id == studio }
        }
        print(try Self.render(statuses, today: DateInput.iso(today()), format: format), terminator: "")
    }

    static let headers = ["编号", "工作室名称", "清单", "条目", "结论", "问题自", "天数", "备注", "凭证"]

    static func render(_ statuses: [StudioWallStatus], today: String, format: OutputFormat) throws -> String {
        let problems = WallOverview.problems(statuses, today: today)
        func cells(_ p: WallProblem) -> [String] {
            [p.studio.id.map(String.init) ?? "", p.studio.name, p.status.list.name, p.status.item.text,
             p.status.latest?.verdict.title ?? "", p.status.problemSince ?? "", "\(p.days)", p.status.latest?.note ?? "",
             p.status.latest?.evidence ?? ""]
        }
        switch format {
        case .table:
            let never = statuses.filter { $0.lastInspection == nil }.map(\.studio.name)
            var footer = "\(statuses.count) 个工作室，\(problems.count) 项未整改"
            if !never.isEmpty { footer += "；从未检查：" + never.joined(separator: "、") }
            return TextTable.render(headers: Array(headers.prefix(8)), rows: problems.map { Array(cells($0).prefix(8)) }, footer: footer)
        case .csv:
            return try CSVText.render(headers: headers, rows: problems.map(cells))
        case .json:
            return try JSONText.render(ChecklistReport(statuses, today: today))
        }
    }
}

/// The JSON shape of `studiodesk checklist --format json` (documented in docs/command-line.md).
struct ChecklistReport: Encodable {
    struct LastInspection: Encodable {
        let id: Int64?
        let date, inspector, mode: String
    }
    struct ListRow: Encodable {
        let key, name: String
        let inferred: Bool
        let passed, total: Int
        /// null until every item has been checked.
        @NullWhenAbsent var meetsStandard: Bool?
    }
    struct Problem: Encodable {
        let list, item, verdict, verdictTitle, since, note, evidence: String
        let days: Int
    }
    struct StudioRow: Encodable {
        let id: Int64?
        let name, type, typeTitle, sector, committee, profile: String
        /// null when never inspected.
        @NullWhenAbsent var lastInspection: LastInspection?
        let passed, total, unchecked: Int
        let lists: [ListRow]
        let problems: [Problem]
    }

    let date: String
    let studioCount, problemCount, neverInspected: Int
    let studios: [StudioRow]

    init(_ statuses: [StudioWallStatus], today: String) {
        date = today
        studioCount = statuses.count
        problemCount = statuses.reduce(0) { $0 + $1.problems.count }
        neverInspected = statuses.filter { $0.lastInspection == nil }.count
        studios = statuses.map { s in
            StudioRow(
                id: s.studio.id, name: s.studio.name, type: s.studio.type.rawValue, typeTitle: s.studio.type.title,
                sector: s.studio.sector, committee: s.studio.committee, profile: s.studio.profileID,
                lastInspection: s.lastInspection.map { LastInspection(id: $0.id, date: $0.date, inspector: $0.inspector, mode: $0.modeTitle) },
                passed: s.passed, total: s.total, unchecked: s.lists.reduce(0) { $0 + $1.unchecked },
                lists: s.lists.map { ListRow(key: $0.list.key, name: $0.list.name, inferred: $0.list.inferred, passed: $0.passed,
                                             total: $0.items.count, meetsStandard: $0.meetsStandard) },
                problems: s.problems.map { p in
                    Problem(list: p.list.name, item: p.item.text, verdict: p.latest?.verdict.rawValue ?? "",
                            verdictTitle: p.latest?.verdict.title ?? "", since: p.problemSince ?? "", note: p.latest?.note ?? "",
                            evidence: p.latest?.evidence ?? "", days: p.daysOpen(today: today))
                })
        }
    }
}
