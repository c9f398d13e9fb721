import Foundation

/// 工作室名册 with their teams from an office's spreadsheet: one row per studio, the team as names in the role
/// columns. Studios already running when the office starts using StudioDesk come in with their status and the
/// date they were plaqued; the application rules (naming, team size) are shown as warnings, not refusals, since
/// those studios were approved under them already.
public enum StudioImport {
    public static let roleColumns: [(role: StudioRole, column: ImportColumn)] = [
        (.lead, ImportColumn("lead", "领衔委员", aliases: ["领衔人"], values: "名册中的姓名")),
        (.convener, ImportColumn("convener", "召集人", values: "名册中的姓名")),
        (.liaison, ImportColumn("liaison", "联络员", values: "名册中的姓名；陕西、商洛规则下可为委员所在单位的非委员")),
        (.resident, ImportColumn("resident", "驻室委员", aliases: ["驻站委员"], values: "名册中的姓名，用、分隔")),
        (.participant, ImportColumn("participant", "参与委员", aliases: ["成员", "团队成员", "参加委员"], values: "名册中的姓名，用、分隔")),
    ]

    public static var columns: [ImportColumn] {
        [ImportColumn("name", "工作室名称", aliases: ["工作室", "名称"], required: true, names: true),
         ImportColumn("type", "类型", aliases: ["工作室类型"], required: true, values: StudioType.allCases.map(\.title).joined(separator: "、")),
         ImportColumn("mode", "线上/线下", aliases: ["线上线下", "形式"], values: "线上、线下（空为线下）"),
         ImportColumn("status", "状态", aliases: ["工作室状态"], values: "已授牌、警示、整改中（空为已授牌）"),
         ImportColumn("profileID", "适用规则", aliases: ["规则", "规则方案"], values: "规则名称或编号（空为本办常用规则）"),
         ImportColumn("plaquedOn", "授牌日期", aliases: ["成立日期", "挂牌日期", "授牌时间"], values: "日期（新的工作室必填）"),
         ImportColumn("address", "地址", aliases: ["活动场所", "场所地址", "工作室地址"]),
         ImportColumn("sector", "界别/区域", aliases: ["界别", "区域", "所属界别", "所在街道"]),
         ImportColumn("committee", "联系专委会", aliases: ["专委会", "所属专委会"])]
            + roleColumns.map(\.column)
    }

    public static var template: [[String]] {
        let example: [String: String] = ["工作室名称": "明湖区湖滨街道委员工作室", "类型": "区域", "线上/线下": "线下", "状态": "已授牌", "授牌日期": "2024-06-18",
                                         "地址": "明湖区湖滨路18号社区服务中心二楼", "界别/区域": "湖滨街道", "联系专委会": "社会和法制委员会",
                                         "领衔委员": "张雪琴", "联络员": "王建国", "参与委员": "李明、赵红"]
        return [columns.map(\.title), columns.map { example[$0.title] ?? "" }]
    }

    /// What the rows refer to.
    public struct Directory: Sendable {
        public var profiles: [RuleProfile]
        /// The profile a row without 适用规则 takes: the one most of the office's studios use.
        public var defaultProfileID: String
        public var membersByName: [String: [Int64]]
        /// Studios on file by name (a row with the name of one updates it).
        public var studios: [Studio]
        public var today: String

        public init(profiles: [RuleProfile], defaultProfileID: String, membersByName: [String: [Int64]], studios: [Studio], today: String) {
            self.today = today
            self.profiles = profiles
            self.defaultProfileID = defaultProfileID
            self.membersByName = membersByName
            self.studios = studios
        }
    }

    public struct Row: Equatable, Sendable {
        public var row: Int
        public var studio: Studio
        public var plaquedOn: String
        public var team: [(memberID: Int64, role: StudioRole)]
        /// People not on the roster in a role the profile opens to non-members (陕西: a 联络员 from a member's unit).
        public var outsiders: [(name: String, role: StudioRole)] = []
        /// The application rules the studio does not meet today, to be shown, not refused.
        public var warnings: [ImportProblem]

        public static func == (a: Row, b: Row) -> Bool {
            a.row == b.row && a.studio == b.studio && a.plaquedOn == b.plaquedOn && a.team.map(\.memberID) == b.team.map(\.memberID)
                && a.team.map(\.role) == b.team.map(\.role) && a.warnings == b.warnings
                && a.outsiders.map(\.name) == b.outsiders.map(\.name) && a.outsiders.map(\.role) == b.outsiders.map(\.role)
        }
    }

    public struct Result: Equatable, Sendable {
        public var rows: [Row]
        public var problems: [ImportProblem]
        public var ignored: [String]
    }

    /// The statuses an imported studio may have: a running one. An application in progress is entered on its form.
    static let importable = StudioStatus.allCases.filter(\.isRunning)

    public static func read(_ table: ImportTable, directory: Directory) -> Result {
        var out: [Row] = []
        var seen: [String: Int] = [:]
        let (ignored, problems) = ImportCells.readRows(table, columns) { r in
            let number = r.number
            let name = r.required("name")
            let type: StudioType? = r.optionalChoice("type", { (t: StudioType) in [t.title, t.title + "工作室", t.title + "型"] })
            if r.text("type").isEmpty { r.problem("type", "必填（\(StudioType.allCases.map(\.title).joined(separator: "、"))）") }
            let mode = r.choice("mode", { (m: StudioMode) in [m.title] }, default: .offline)
            let statusGiven = r.optionalChoice("status", { (s: StudioStatus) in [s.title, s == .plaqued ? "授牌" : s.title] })
            var plaquedOn = r.date("plaquedOn") ?? ""
            let profileText = r.text("profileID")
            var profile = directory.profiles.first { $0.id == directory.defaultProfileID }
            if !profileText.isEmpty {
                let k = ImportCells.normalizedHeader(profileText)
                profile = directory.profiles.first { ImportCells.normalizedHeader($0.id) == k || ImportCells.normalizedHeader($0.name) == k }
                if profile == nil { r.problem("profileID", "未知的规则「\(profileText.prefix(20))」（可用：\(directory.profiles.map(\.name).joined(separator: "、"))）") }
            }
            if let type, let profile, !profile.studioTypes.contains(type) {
                r.problem("type", "「\(profile.name)」规则没有「\(type.title)」类工作室（可用：\(profile.studioTypes.map(\.title).joined(separator: "、"))）")
            }
            var team: [(Int64, StudioRole)] = []
            var teamNames: [Int64: String] = [:]
            var outsiders: [(String, StudioRole)] = []
            for (role, column) in roleColumns {
                for person in ImportCells.names(r.text(column.key)) {
                    let found = directory.membersByName[person] ?? []
                    if found.isEmpty, profile?.team.rolesForNonMembers.contains(role) == true {
                        // Not a 委员: allowed in this role by the profile (a 联络员 from a member's unit), never counted.
                        outsiders.append((person, role))
                    } else if found.isEmpty {
                        r.problem(column.key, "未知的委员「\(person.prefix(20))」（委员名册中没有，请先导入名册）")
                    } else if found.count > 1 {
                        r.problem(column.key, "名册中有 \(found.count) 名「\(person)」，无法确定是哪一位，请导入后在团队中选择")
                    } else if let i = team.firstIndex(where: { $0.0 == found[0] }) {
                        r.problem(column.key, "「\(person)」已作为\(team[i].1.title)列出，一人在一个工作室只担任一个角色")
                    } else {
                        team.append((found[0], role))
                        teamNames[found[0]] = person
                    }
                }
            }
            var studio = Studio(name: name, type: type ?? .sector, mode: mode, status: statusGiven ?? .plaqued, profileID: profile?.id ?? directory.defaultProfileID,
                                address: r.text("address"), sector: r.text("sector"), committee: r.text("committee"))
            if let existing = directory.studios.first(where: { ImportDirectory.key($0.name) == ImportDirectory.key(name) }) {
                // A studio on file keeps its status: a change of status has its approval record, made on the studio's page.
                studio.id = existing.id
                studio.status = statusGiven ?? existing.status
                if studio.status != existing.status {
                    r.problem("status", "「\(existing.name)」现为「\(existing.status.title)」；状态的变更有审批记录，请在工作室页面办理")
                }
                // Members joining a studio on file join on the import's day unless the file gives a date.
                if plaquedOn.isEmpty { plaquedOn = directory.today }
            } else {
                if let s = statusGiven, !importable.contains(s) {
                    r.problem("status", "导入的工作室应为运行中的（已授牌、警示、整改中）；「\(s.title)」请在工作室页面办理")
                }
                if r.text("plaquedOn").isEmpty { r.problem("plaquedOn", "新的工作室必填（授牌的日期，团队成员从这天起算）") }
            }
            if r.problems.isEmpty {
                if let first = seen[ImportDirectory.key(name)] {
                    r.problem("name", "与第 \(first) 行是同一个工作室")
                } else {
                    seen[ImportDirectory.key(name)] = number
                }
            }
            if r.problems.isEmpty, let profile {
                let members = team.map { TeamMember(memberID: $0.0, name: teamNames[$0.0] ?? "", role: $0.1) }
                    + outsiders.map { TeamMember(memberID: nil, name: $0.0, role: $0.1) }
                let input = StudioCheckInput(name: name, type: studio.type, address: studio.address, area: studio.sector, team: members, isNewApplication: false)
                let warnings = StudioRuleChecker.check(input, profile: profile)
                    .map { ImportProblem(row: number, column: "", message: $0.message) }
                out.append(Row(row: number, studio: studio, plaquedOn: plaquedOn, team: team,
                               outsiders: outsiders.map { (name: $0.0, role: $0.1) }, warnings: warnings))
            }
        }
        return Result(rows: out, problems: problems, ignored: ignored)
    }
}
