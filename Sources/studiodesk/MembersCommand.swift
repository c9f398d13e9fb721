import ArgumentParser
import Foundation
import StudioCore
import StudioExport
import StudioStore
import TerminalKit

struct MembersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members",
        abstract: "输出委员名册（按拼音排序）。",
        discussion: "--search 接受汉字（姓名、界别、专委会、单位、专长中的任意一段）或拼音首字母，如 zxq。"
    )

    @OptionGroup var options: DatabaseOptions
    @Option(help: "输出格式：table、json 或 csv") var format: OutputFormat = .table
    @Option(help: ArgumentHelp("只输出匹配的委员", valueName: "TEXT")) var search: String?

    func run() throws {
        let db = try options.openExisting()
        let members = try db.members(matching: SearchQuery(search ?? ""), limit: Int.max)
        print(try Self.render(members, format: format), terminator: "")
    }

    static let headers = ["姓名", "界别", "专委会", "单位职务", "专长", "联系方式", "备注"]

    static func cells(_ m: Member) -> [String] {
        [m.name, m.sector, m.committee, m.unitTitle, m.expertise, m.phone, m.note]
    }

    static func render(_ members: [Member], format: OutputFormat) throws -> String {
        switch format {
        case .table:
            return TextTable.render(headers: Array(headers.prefix(6)), rows: members.map { Array(cells($0).prefix(6)) })
        case .json:
            struct Row: Encodable {
                let id: Int64?, name, sector, committee, unitTitle, expertise, phone, note, pinyin, initials: String
            }
            let rows = members.map {
                Row(id: $0.id, name: $0.name, sector: $0.sector, committee: $0.committee, unitTitle: $0.unitTitle,
                    expertise: $0.expertise, phone: $0.phone, note: $0.note, pinyin: $0.pinyin, initials: $0.initials)
            }
            return try JSONText.render(rows)
        case .csv:
            return try CSVText.render(headers: headers, rows: members.map(cells))
        }
    }
}

