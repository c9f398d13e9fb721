import Foundation

/// One person on a studio team as the rule checks see it.
public struct TeamMember: Equatable, Sendable {
    /// nil for a non-CPPCC person (其他成员).
    public var memberID: Int64?
    public var name: String
    public var role: StudioRole

    public init(memberID: Int64?, name: String, role: StudioRole) {
        self.memberID = memberID
        self.name = name
        self.role = role
    }
}

/// Everything the studio rules look at. The caller gathers the cross-studio facts
/// (other studios of each member, other 区域 studios in the area) from the store.
public struct StudioCheckInput: Equatable, Sendable {
    public var name: String
    public var type: StudioType
    public var address: String
    /// For 区域 studios: the area (街道/社区/镇…) it serves; "" otherwise.
    public var area: String
    /// Current members only.
    public var team: [TeamMember]
    /// Member id → names of OTHER active studios that member is already on (one studio per member).
    public var otherStudiosByMember: [Int64: [String]]
    /// Names of other active 区域 studios of the same level serving the same area.
    public var otherRegionStudiosInArea: [String]
    /// True for a new application (Shaanxi refuses new personal-name studios; existing ones are only flagged).
    public var isNewApplication: Bool

    public init(name: String, type: StudioType, address: String, area: String = "",
                team: [TeamMember] = [], otherStudiosByMember: [Int64: [String]] = [:],
                otherRegionStudiosInArea: [String] = [], isNewApplication: Bool = true) {
        self.name = name
        self.type = type
        self.address = address
        self.area = area
        self.team = team
        self.otherStudiosByMember = otherStudiosByMember
        self.otherRegionStudiosInArea = otherRegionStudiosInArea
        self.isNewApplication = isNewApplication
    }
}

/// Pure checks of a studio and its team against a rule profile (rules.md §2.3–2.5, §6 item 6).
/// Every limit comes from the profile; nothing here knows a jurisdiction by name.
public enum StudioRuleChecker {
    /// Every problem, each a FieldIssue with field one of: "name", "type", "address", "team", "role.lead",
    /// "role.convener", "role.liaison", "role.resident", "role.participant", "role.other", "member.<id>", "area".
    /// Order: name, type, address, area, team, roles (in `StudioRole` order), members (in team order).
    public static func check(_ input: StudioCheckInput, profile: RuleProfile) -> [FieldIssue] {
        nameIssues(input, profile) + typeIssues(input, profile) + addressIssues(input)
            + areaIssues(input, profile) + teamSizeIssues(input, profile)
            + roleIssues(input, profile) + memberIssues(input, profile)
    }

    /// Address names a road and a number (…路/街/大道/巷/弄…N号); in a building (大厦/大楼/广场/中心/写字楼) also a floor (N楼/N层/NF/N室).
    public static func addressIssue(_ address: String) -> String? {
        let chars = Array(address.trimmingCharacters(in: .whitespacesAndNewlines))
        if chars.isEmpty { return "地址不能为空" }
        guard let road = firstRoadEnd(chars) else {
            return "地址要写明道路（…路、…街、…大道、…巷、…弄）和门牌号，如「明湖区湖滨路88号」"
        }
        if !hasDoorNumber(chars, from: road) {
            return "地址缺少门牌号，如「湖滨路88号」"
        }
        if let building = buildingWord(chars), !hasFloor(chars) {
            return "地址在\(building)内，还要写明楼层或房间号，如「12楼」「12层」「12F」「1203室」"
        }
        return nil
    }

    // MARK: - Name and type

    static func nameIssues(_ input: StudioCheckInput, _ profile: RuleProfile) -> [FieldIssue] {
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { return [FieldIssue(field: "name", message: "名称不能为空")] }
        var issues: [FieldIssue] = []
        var stem = name
        if let rule = profile.naming.first(where: { $0.type == input.type }) {
            // Clerks often type half-width brackets: "委员之家(委员工作室)" is the same ending.
            let normName = normalizedBrackets(name)
            let suffix = normalizedBrackets(rule.suffix)
            if !normName.hasSuffix(suffix) {
                issues.append(FieldIssue(field: "name",
                    message: "\(input.type.title)工作室的名称须以「\(rule.suffix)」结尾"))
            } else if normName == suffix {
                issues.append(FieldIssue(field: "name",
                    message: "名称不完整：「\(rule.suffix)」前面还要写明\(namingHint(input.type))"))
            } else {
                stem = String(normName.dropLast(suffix.count))
            }
        }
        // A name made of a team member's name plus the ending is a personal name (张雪琴委员工作室),
        // whatever type the studio is registered as. A type without a naming rule (个人 under
        // 陕西) still has its name read against the endings the profile knows.
        if stem == name {
            let normName = normalizedBrackets(name)
            let endings = profile.naming.map { normalizedBrackets($0.suffix) }
                .filter { normName.hasSuffix($0) && normName != $0 }
            if let longest = endings.max(by: { $0.count < $1.count }) {
                stem = String(normName.dropLast(longest.count))
            }
        }
        if !profile.personalNamesAllowed {
            let stemTrimmed = stem.trimmingCharacters(in: .whitespaces)
            if let person = input.team.first(where: {
                let n = $0.name.trimmingCharacters(in: .whitespaces)
                return !n.isEmpty && n == stemTrimmed
            }) {
                let who = person.name.trimmingCharacters(in: .whitespaces)
                if input.isNewApplication {
                    issues.append(FieldIssue(field: "name",
                        message: "名称以委员「\(who)」个人名义命名，本地规则原则上不再审批此类工作室，请改用\(namingHint(input.type))命名"))
                } else {
                    issues.append(FieldIssue(field: "name",
                        message: "名称以委员「\(who)」个人名义命名，本地规则已不再新批此类工作室；运行有困难的可视情摘牌或转型",
                        severity: .warning))
                }
            }
        }
        return issues
    }

    static func typeIssues(_ input: StudioCheckInput, _ profile: RuleProfile) -> [FieldIssue] {
        // Where personal names are not allowed, a personal studio gets this rule's own wording
        // (refused when new, only flagged when it already exists) instead of "type not allowed",
        // so that an existing personal studio is not blocked.
        if input.type == .personal && !profile.personalNamesAllowed {
            if input.isNewApplication {
                return [FieldIssue(field: "type",
                    message: "本地规则原则上不再审批以委员个人名义命名的委员工作室，请选择\(typeList(profile))类")]
            }
            return [FieldIssue(field: "type",
                message: "个人工作室按本地规则已不再新批；现有的运行有困难可视情摘牌或转为\(typeList(profile))类",
                severity: .warning)]
        }
        if !profile.studioTypes.contains(input.type) {
            return [FieldIssue(field: "type",
                message: "「\(profile.name)」规则没有\(input.type.title)类工作室，可选：\(typeList(profile))")]
        }
        return []
    }

    static func typeList(_ profile: RuleProfile) -> String {
        profile.studioTypes.filter { $0 != .personal || profile.personalNamesAllowed }
            .map(\.title).joined(separator: "、")
    }

    static func namingHint(_ type: StudioType) -> String {
        switch type {
        case .region: "行政区划或基层组织的名称"
        case .sector: "界别名称"
        case .industry: "行业组织名称"
        case .personal: "委员姓名"
        case .liaisonOffice: "联络处名称"
        }
    }

    static func normalizedBrackets(_ s: String) -> String {
        s.replacingOccurrences(of: "(", with: "（").replacingOccurrences(of: ")", with: "）")
    }

    // MARK: - Address and area

    static func addressIssues(_ input: StudioCheckInput) -> [FieldIssue] {
        addressIssue(input.address).map { [FieldIssue(field: "address", message: $0)] } ?? []
    }

    static func areaIssues(_ input: StudioCheckInput, _ profile: RuleProfile) -> [FieldIssue] {
        guard input.type == .region else { return [] }
        var issues: [FieldIssue] = []
        let area = input.area.trimmingCharacters(in: .whitespacesAndNewlines)
        if area.isEmpty {
            issues.append(FieldIssue(field: "area",
                message: "区域工作室还没有填写服务的区域（街道、社区、镇等）", severity: .warning))
        }
        let others = input.otherRegionStudiosInArea.filter { !$0.isEmpty }
        if profile.team.oneRegionStudioPerArea && !others.isEmpty {
            let place = area.isEmpty ? "该区域" : "「\(area)」"
            issues.append(FieldIssue(field: "area",
                message: "\(place)已有区域工作室\(quoted(others))，同一区域只设一个区域工作室"))
        }
        return issues
    }

    // MARK: - Team

    /// 委员 on the team (陕西 四.2's 5–20 counts 驻室委员): a member listed twice counts once (the repeat is reported on
    /// its own). A member serving as 联络员 counts; a non-member (a 联络员 from a member's unit, 其他成员) never does.
    static func headcount(_ team: [TeamMember]) -> Int {
        Set(team.compactMap(\.memberID)).count
    }

    static func teamSizeIssues(_ input: StudioCheckInput, _ profile: RuleProfile) -> [FieldIssue] {
        let n = headcount(input.team)
        if let lo = profile.team.minMembers, n < lo {
            return [FieldIssue(field: "team", message: "团队共有委员 \(n) 人，少于 \(lo) 人的下限（非委员不计）")]
        }
        if let hi = profile.team.maxMembers, n > hi {
            if profile.team.maxIsWarning {
                return [FieldIssue(field: "team",
                    message: "团队共有委员 \(n) 人，超过 \(hi) 人的上限，请确认", severity: .warning)]
            }
            return [FieldIssue(field: "team", message: "团队共有委员 \(n) 人，超过 \(hi) 人的上限")]
        }
        return []
    }

    static func roleIssues(_ input: StudioCheckInput, _ profile: RuleProfile) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        for role in StudioRole.allCases {
            let holders = input.team.filter { $0.role == role }
            let field = "role.\(role.rawValue)"
            guard let limit = profile.roles.first(where: { $0.role == role }) else {
                // A profile that lists no roles leaves roles open.
                if !profile.roles.isEmpty && !holders.isEmpty {
                    issues.append(FieldIssue(field: field,
                        message: "本地规则没有「\(role.title)」这一角色（团队中有 \(holders.count) 人：\(names(holders))）"))
                }
                continue
            }
            let n = holders.count
            if n < limit.min {
                let need: String
                if let hi = limit.max, hi == limit.min {
                    need = "须有 \(limit.min) 名"
                } else if let hi = limit.max {
                    need = "须有 \(limit.min) 至 \(hi) 名"
                } else {
                    need = "至少须有 \(limit.min) 名"
                }
                let message = n == 0 ? "还没有\(role.title)，\(need)" : "\(role.title) \(n) 名，\(need)"
                issues.append(FieldIssue(field: field, message: message))
            } else if let hi = limit.max, n > hi {
                issues.append(FieldIssue(field: field, message: "\(role.title) \(n) 名，最多 \(hi) 名"))
            }
        }
        return issues
    }

    static func memberIssues(_ input: StudioCheckInput, _ profile: RuleProfile) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        var seenIDs = Set<Int64>()
        var seenOutsiders = Set<String>()
        for person in input.team {
            let who = display(person)
            guard let id = person.memberID else {
                // Non-members: a seed that allows them (滨江 "参与委员及其他成员") lists them only
                // beside the 委员, so they may only be 其他成员: 领衔委员, 参与委员, 驻室委员, 召集人
                // are 委员 by name. A profile that does not allow them refuses them in any role,
                // including a 联络员 from a member's work unit (陕西 notes: the clerk confirms by
                // linking the person to the roster or by settling it outside the rule check).
                let allowed = profile.team.rolesForNonMembers
                if allowed.isEmpty {
                    issues.append(FieldIssue(field: "team",
                        message: "\(who)不是政协委员（未关联委员名册），本地规则的团队只能由委员组成"))
                } else if !allowed.contains(person.role) {
                    issues.append(FieldIssue(field: "team",
                        message: "\(who)不是政协委员，只能担任\(allowed.map { "「\($0.title)」" }.joined(separator: "或"))，不能担任\(person.role.title)"))
                }
                let key = person.name.trimmingCharacters(in: .whitespaces)
                if !key.isEmpty && !seenOutsiders.insert(key).inserted {
                    issues.append(FieldIssue(field: "team",
                        message: "非委员「\(key)」列了不止一次，请确认不是重复录入", severity: .warning))
                }
                continue
            }
            let field = "member.\(id)"
            guard seenIDs.insert(id).inserted else { continue }
            let times = input.team.filter { $0.memberID == id }.count
            if times > 1 {
                let roles = input.team.filter { $0.memberID == id }.map(\.role.title)
                issues.append(FieldIssue(field: field,
                    message: "\(who)在团队中出现了 \(times) 次（\(roles.joined(separator: "、"))），每人只能列一次"))
            }
            let others = (input.otherStudiosByMember[id] ?? []).filter { !$0.isEmpty }
            if !others.isEmpty {
                if profile.team.oneStudioPerMember {
                    issues.append(FieldIssue(field: field,
                        message: "\(who)已在\(quoted(others))，一名委员原则上只参加一个委员工作室"))
                } else {
                    issues.append(FieldIssue(field: field,
                        message: "\(who)同时在\(quoted(others))，请确认", severity: .warning))
                }
            }
        }
        return issues
    }

    static func display(_ person: TeamMember) -> String {
        let n = person.name.trimmingCharacters(in: .whitespaces)
        if !n.isEmpty { return n }
        if let id = person.memberID { return "委员（编号 \(id)）" }
        return "未填姓名的成员"
    }

    static func names(_ people: [TeamMember]) -> String {
        people.map(display).joined(separator: "、")
    }

    static func quoted(_ names: [String]) -> String {
        names.map { "「\($0)」" }.joined(separator: "、")
    }

    // MARK: - Address scanning

    static let roadWords = ["大道", "大街", "胡同", "路", "街", "巷", "弄", "道"]
    static let buildingWords = ["写字楼", "大厦", "大楼", "广场", "中心"]
    static let chineseNumerals: Set<Character> = ["〇", "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百"]

    static func isNumeral(_ c: Character) -> Bool { c.isDigitLike || chineseNumerals.contains(c) }

    static func matches(_ chars: [Character], _ word: String, at i: Int) -> Bool {
        let w = Array(word)
        guard i + w.count <= chars.count else { return false }
        return Array(chars[i..<(i + w.count)]) == w
    }

    /// Index just past the first road word, or nil.
    static func firstRoadEnd(_ chars: [Character]) -> Int? {
        for i in chars.indices {
            for w in roadWords where matches(chars, w, at: i) { return i + w.count }
        }
        return nil
    }

    /// A door number after the road: digits (or 一二三…), maybe "88-1" / "88之1", then 号.
    static func hasDoorNumber(_ chars: [Character], from start: Int) -> Bool {
        var i = start
        while i < chars.count {
            if chars[i] == "号", i > start, isNumeral(chars[i - 1]) { return true }
            i += 1
        }
        return false
    }

    /// The building word in the address, unless it is part of a road name (中心路, 广场街).
    static func buildingWord(_ chars: [Character]) -> String? {
        for i in chars.indices {
            for w in buildingWords where matches(chars, w, at: i) {
                let after = i + w.count
                if roadWords.contains(where: { matches(chars, $0, at: after) }) { continue }
                return w
            }
        }
        return nil
    }

    /// A floor or room: 12楼, 三楼, 12层, 12F, 1203室.
    static func hasFloor(_ chars: [Character]) -> Bool {
        for i in chars.indices.dropFirst() where isNumeral(chars[i - 1]) {
            if ["楼", "层", "室", "F", "f", "Ｆ"].contains(chars[i]) { return true }
        }
        return false
    }
}
