import ArgumentParser
import StudioCore
import TerminalKit

struct ProfilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "检查并列出各地规则文件（Resources/profiles）。有错误时指出文件和字段。"
    )

    func run() throws {
        let profiles = try loadProfiles()
        let rows = profiles.map { p -> [String] in
            let team = (p.team.minMembers == nil && p.team.maxMembers == nil) ? "不限" : "\(p.team.minMembers.map(String.init) ?? "")-\(p.team.maxMembers.map(String.init) ?? "")"
            return [p.id, p.name, p.issuer, team, "\(p.approvalChain.count)", "\(p.wallChecklists.count)",
                    p.scorecard.map { "\(Int($0.passMark))" } ?? "-"]
        }
        print(TextTable.render(headers: ["编号", "名称", "发文机关", "人数", "审批步骤", "上墙清单", "达标分"], rows: rows,
                              footer: "共 \(rows.count) 个规则文件，全部有效"), terminator: "")
    }
}
