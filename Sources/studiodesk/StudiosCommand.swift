import ArgumentParser
import Foundation
import StudioCore
import StudioExport
import StudioStore

struct StudiosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "studios",
        abstract: "输出工作室名册：类型、线上/线下、召集人/领衔委员、人数、状态。",
        discussion: "--status 取 草稿/审批中/已授牌/警示/整改中/摘牌/终止/撤销（或 draft、plaqued 等）；--type 取 区域/界别/行业/个人/联络处。"
    )

    @OptionGroup var options: DatabaseOptions
    @Option(help: "输出格式：table、json 或 csv") var format: OutputFormat = .table
    @Option(help: ArgumentHelp("只列出此状态的工作室", valueName: "STATUS")) var status: String?
    @Option(help: ArgumentHelp("只列出此类型的工作室", valueName: "TYPE")) var type: String?
    @Option(help: ArgumentHelp("名称、地址、界别中的汉字，或拼音首字母", valueName: "TEXT")) var search: String?

    func validate() throws {
        if let status, StudioStatus(text: status) == nil {
            throw ValidationError("未知状态「\(status)」，可用：\(StudioStatus.allCases.map(\.title).joined(separator: "、"))")
        }
        if let type, StudioType(text: type) == nil {
            throw ValidationError("未知类型「\(type)」，可用：\(StudioType.allCases.map(\.title).joined(separator: "、"))")
        }
    }

    func run() throws {
        let db = try options.openExisting()
        let filter = StudioFilter(status: status.flatMap(StudioStatus.init(text:)), type: type.flatMap(StudioType.init(text:)),
                                  query: SearchQuery(search ?? ""))
        print(try Self.render(try db.studioSummaries(filter, limit: Int.max), format: format), terminator: "")
    }

    static let headers = ["编号", "工作室名称", "类型", "形式", "召集人/领衔", "人数", "状态", "界别/区域", "地址", "规则"]

    static func cells(_ s: StudioSummary) -> [String] {
        [s.studio.id.map(String.init) ?? "", s.studio.name, s.studio.type.title, s.studio.mode.title,
         s.leaders.joined(separator: "、"), "\(s.memberCount)", s.studio.status.title, s.studio.sector,
         s.studio.address, s.studio.profileID]
    }

    static func render(_ rows: [StudioSummary], format: OutputFormat) throws -> String {
        switch format {
        case .table:
            return TextTable.render(headers: Array(headers.prefix(7)), rows: rows.map { Array(cells($0).prefix(7)) },
                                    footer: "共 \(rows.count) 个工作室")
        case .json:
            struct Row: Encodable {
                let id: Int64?
                let name, type, typeTitle, mode, status, statusTitle, sector, committee, address, profile: String
                let leaders: [String]
                let memberCount: Int
            }
            let out = rows.map { r in
                Row(id: r.studio.id, name: r.studio.name, type: r.studio.type.rawValue, typeTitle: r.studio.type.title,
                    mode: r.studio.mode.rawValue, status: r.studio.status.rawValue, statusTitle: r.studio.status.title,
                    sector: r.studio.sector, committee: r.studio.committee, address: r.studio.address,
                    profile: r.studio.profileID, leaders: r.leaders, memberCount: r.memberCount)
            }
            return try JSONText.render(out)
        case .csv:
            return try CSVText.render(headers: headers, rows: rows.map(cells))
        }
    }
}
