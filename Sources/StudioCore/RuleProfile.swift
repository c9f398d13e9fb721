import Foundation

/// A jurisdiction's rules as data: one JSON file per profile under Resources/profiles.
/// Later capabilities read the parts they need (forms, chain, wall lists, minimums, scoring).
public struct RuleProfile: Codable, Equatable, Sendable {
    public var id: String
    /// Short name shown on screen, e.g. "杭州滨江 2020".
    public var name: String
    /// Issuing body, e.g. "政协杭州市滨江区委员会".
    public var issuer: String
    public var level: String
    public var source: Source
    public var studioTypes: [StudioType]
    /// Whether studios are registered as 线上 / 线下 (Shaanxi).
    public var hasOnlineMode: Bool
    /// False where new studios may not carry a member's personal name (Shaanxi 七.3).
    public var personalNamesAllowed: Bool
    public var naming: [NamingRule]
    public var team: TeamRules
    public var roles: [RoleLimit]
    public var applicationForm: ApplicationForm
    public var approvalChain: [ApprovalStep]
    public var wallChecklists: [Checklist]
    public var activityCategories: [ActivityCategory]
    public var minimums: [Minimum]
    public var scorecard: Scorecard?
    public var assessment: AssessmentRules
    public var consequences: [Consequence]
    public var calendar: [CalendarEntry]
    /// 群众意见建议 not settled within this many days show as overdue.
    public var intakeLimitDays: Int
    /// Readings chosen where the seed is ambiguous (rules.md §7), kept with the profile.
    public var notes: [String]
    /// When the studio's 年度工作总结 is due and to whom (absent: 11-30, 陕西 四.7; see `annualSummaryRule`).
    public var annualSummary: AnnualSummaryRule?

    public struct Source: Codable, Equatable, Sendable {
        public var title: String
        public var document: String
        public var adopted: String
        public var seed: String
    }

    public struct NamingRule: Codable, Equatable, Sendable {
        public var type: StudioType
        /// The required ending of the name, e.g. "委员工作室".
        public var suffix: String
        public var guidance: String
    }

    public struct TeamRules: Codable, Equatable, Sendable {
        public var minMembers: Int?
        public var maxMembers: Int?
        /// Above the maximum asks for confirmation instead of refusing (延安 has 22).
        public var maxIsWarning: Bool
        public var oneStudioPerMember: Bool
        public var oneRegionStudioPerArea: Bool
        /// Non-members may be listed (滨江 "及其他成员").
        public var allowsNonMembers: Bool
        /// The roles a non-member may hold: 陕西 四.2 names the 联络员 "从委员中或委员所在单位中", so a 联络员 may be a
        /// colleague from a member's unit; 滨江's "其他成员". nil: 其他成员 where non-members are allowed, none otherwise.
        public var nonMemberRoles: [StudioRole]?

        public var rolesForNonMembers: [StudioRole] { nonMemberRoles ?? (allowsNonMembers ? [.other] : []) }
    }

    public struct RoleLimit: Codable, Equatable, Sendable {
        public var role: StudioRole
        public var min: Int
        public var max: Int?
    }

    public struct ApplicationForm: Codable, Equatable, Sendable {
        public var title: String
        /// Member rows printed on the paper form; more go on continuation sheets.
        public var memberRows: Int?
        public var fields: [FormField]
    }

    public struct FormField: Codable, Equatable, Sendable {
        public var id: String
        public var label: String
        public var kind: FieldKind
        public var required: Bool
        public var guidance: String?
    }

    public enum FieldKind: String, Codable, Equatable, Sendable {
        case text, longText, date, member, memberTable, choice, signature, opinion
    }

    public struct ApprovalStep: Codable, Equatable, Sendable {
        public var id: String
        public var name: String
        /// Studio types this step applies to; empty means all.
        public var appliesTo: [StudioType]
        /// 授牌 records plaque date and number.
        public var isPlaque: Bool
    }

    public struct Checklist: Codable, Equatable, Sendable {
        public var id: String
        public var name: String
        /// True where no public source lists the items for certain (e.g. 五上墙).
        public var inferred: Bool
        public var source: String
        /// False for an alternative reading kept for the office to switch on (absent: in use).
        public var inUse: Bool?
        public var items: [ChecklistItem]
    }

    public struct ChecklistItem: Codable, Equatable, Sendable {
        public var id: String
        public var text: String
    }

    public struct ActivityCategory: Codable, Equatable, Sendable {
        public var id: String
        public var name: String
        /// Other words offices type for it: the 办法 body's own word (滨江 学习宣传 for the table's 学习宣讲), a short
        /// form (协商). An import or a typed category finds the category by any of them (`ActivityCategoryIndex`).
        public var aliases: [String]

        public init(id: String, name: String, aliases: [String] = []) {
            self.id = id
            self.name = name
            self.aliases = aliases
        }

        enum CodingKeys: String, CodingKey { case id, name, aliases }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            name = try c.decode(String.self, forKey: .name)
            aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            // A category without aliases is written as before.
            if !aliases.isEmpty { try c.encode(aliases, forKey: .aliases) }
        }
    }

    public enum Period: String, Codable, Equatable, Sendable {
        case month, quarter, halfYear, year
    }

    public enum ModeRequirement: String, Codable, Equatable, Sendable {
        /// Online and offline counted together.
        case any
        /// "分别": the count applies to online and to offline separately.
        case eachMode
        case online, offline
    }

    public struct Minimum: Codable, Equatable, Sendable {
        public var id: String
        public var text: String
        public var period: Period
        /// "studio" (the studio as a whole) or "member" (each member).
        public var scope: String
        /// Ledger records that count: activity category ids, or "proposal" / "sqmy" / "duty".
        public var counts: [String]
        public var mode: ModeRequirement
        public var count: Int
    }

    public struct Scorecard: Codable, Equatable, Sendable {
        public var title: String
        public var passMark: Double
        public var sections: [ScoreSection]
        public var bonus: [BonusItem]
    }

    public struct ScoreSection: Codable, Equatable, Sendable {
        public var name: String
        public var cap: Double
        public var items: [ScoreItem]
    }

    public struct ScoreItem: Codable, Equatable, Sendable {
        public var id: String
        public var text: String
        public var points: Double
        /// The wall checklist (by id) whose latest inspection decides this item (有规范上墙内容).
        public var checklist: String?
        /// How records earn it; absent means the 评估小组 enters it.
        public var source: ScoreSource?

        public init(id: String, text: String, points: Double, checklist: String? = nil, source: ScoreSource? = nil) {
            self.id = id
            self.text = text
            self.points = points
            self.checklist = checklist
            self.source = source
        }
    }

    public struct BonusItem: Codable, Equatable, Sendable {
        public var id: String
        public var text: String
        public var pointsEach: Double
        public var source: ScoreSource?
    }

    public struct AssessmentRules: Codable, Equatable, Sendable {
        /// "scorecard" (points, pass mark), "verdict" (达标 / 未达标 from the minimums, confirmed by the panel)
        /// or "ranking" (鄂尔多斯 评比: the minimums decide who may be commended, studios ranked by what they did).
        public var method: String
        public var timing: String
        /// "MM-dd": a studio plaqued after this day is not judged that year (本年不参评); nil means 06-30.
        /// An office changes it in 规则设置.
        public var notJudgedIfPlaquedAfter: String?
    }

    public struct Consequence: Codable, Equatable, Sendable {
        /// "pass", "firstFail", "consecutiveFails", "termEnd", …
        public var trigger: String
        public var times: Int?
        /// The status the studio moves to, if any.
        public var status: StudioStatus?
        public var action: String
        public var months: Int?
    }

    public struct CalendarEntry: Codable, Equatable, Sendable {
        /// Month 1–12; nil for a recurring point in every quarter.
        public var month: Int?
        public var day: Int?
        /// "quarterEnd" for deadlines at the end of each quarter.
        public var recurrence: String?
        public var text: String
    }
}

/// A profile file that cannot be used, with the file and the field to fix.
public struct ProfileError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    public var field: String
    public var message: String

    public var description: String {
        field.isEmpty ? "规则文件 \(file)：\(message)" : "规则文件 \(file) 字段 \(field)：\(message)"
    }
}

public enum ProfileLoader {
    /// Decodes and checks one profile; any problem is a ProfileError naming file and field.
    public static func load(data: Data, file: String) throws -> RuleProfile {
        let profile: RuleProfile
        do {
            profile = try JSONDecoder().decode(RuleProfile.self, from: data)
        } catch let error as DecodingError {
            throw describe(error, file: file)
        } catch {
            throw ProfileError(file: file, field: "", message: "无法读取：\(error.localizedDescription)")
        }
        try rejectUnknownKeys(data: data, profile: profile, file: file)
        try validate(profile, file: file)
        return profile
    }

    /// A misspelt key ("maxMember") would otherwise load silently as a missing value.
    /// Re-encoding the decoded profile gives every key the schema knows; any other
    /// key in the file with a value is reported with its path.
    static func rejectUnknownKeys(data: Data, profile: RuleProfile, file: String) throws {
        guard let raw = try? JSONSerialization.jsonObject(with: data),
              let encoded = try? JSONEncoder().encode(profile),
              let known = try? JSONSerialization.jsonObject(with: encoded) else { return }
        func walk(_ raw: Any, _ known: Any?, _ path: String) throws {
            if let dict = raw as? [String: Any] {
                let knownDict = known as? [String: Any] ?? [:]
                for key in dict.keys.sorted() {
                    let value = dict[key]!
                    let sub = path.isEmpty ? key : path + "." + key
                    if value is NSNull { continue }
                    guard let k = knownDict[key] else {
                        throw ProfileError(file: file, field: sub, message: "未知字段（是否拼写有误？）")
                    }
                    try walk(value, k, sub)
                }
            } else if let list = raw as? [Any], let knownList = known as? [Any] {
                for (i, item) in list.enumerated() where i < knownList.count {
                    try walk(item, knownList[i], path + "[\(i)]")
                }
            }
        }
        try walk(raw, known, "")
    }

    /// Loads every *.json in the directory, sorted by file name.
    public static func loadAll(directory: URL) throws -> [RuleProfile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            throw ProfileError(file: directory.path, field: "", message: "找不到规则目录")
        }
        var seen: [String: String] = [:]
        return try names.map { name in
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw ProfileError(file: name, field: "", message: "无法读取文件")
            }
            let profile = try load(data: data, file: name)
            if let other = seen[profile.id] {
                throw ProfileError(file: name, field: "id", message: "与 \(other) 重复：\(profile.id)")
            }
            seen[profile.id] = name
            return profile
        }
    }

    static func describe(_ error: DecodingError, file: String) -> ProfileError {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
                .joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            let p = path(ctx.codingPath + [key])
            return ProfileError(file: file, field: p, message: "缺少此字段")
        case .typeMismatch(let type, let ctx):
            return ProfileError(file: file, field: path(ctx.codingPath), message: "类型不对，应为 \(typeName(type))")
        case .valueNotFound(let type, let ctx):
            return ProfileError(file: file, field: path(ctx.codingPath), message: "不能为空，应为 \(typeName(type))")
        case .dataCorrupted(let ctx):
            if ctx.codingPath.isEmpty {
                return ProfileError(file: file, field: "", message: "不是有效的 JSON（\(ctx.underlyingError.map { "\($0)" } ?? ctx.debugDescription)）")
            }
            return ProfileError(file: file, field: path(ctx.codingPath), message: "取值无效（\(ctx.debugDescription)）")
        @unknown default:
            return ProfileError(file: file, field: "", message: "\(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "文本"
        case is Int.Type, is Double.Type: return "数字"
        case is Bool.Type: return "true/false"
        default: return "\(type)".hasPrefix("Array") ? "列表" : "对象"
        }
    }

    /// Checks what JSON decoding alone cannot: ranges, uniqueness, references.
    public static func validate(_ p: RuleProfile, file: String) throws {
        func fail(_ field: String, _ message: String) -> ProfileError {
            ProfileError(file: file, field: field, message: message)
        }
        if p.id.isEmpty || p.id.contains(where: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-")) }) {
            throw fail("id", "只能用字母、数字和连字符，且不能为空")
        }
        if p.name.trimmingCharacters(in: .whitespaces).isEmpty { throw fail("name", "不能为空") }
        if p.studioTypes.isEmpty { throw fail("studioTypes", "至少要有一种工作室类型") }
        if let lo = p.team.minMembers, lo < 0 { throw fail("team.minMembers", "不能为负数") }
        if let lo = p.team.minMembers, let hi = p.team.maxMembers, lo > hi {
            throw fail("team.maxMembers", "不能小于 team.minMembers（\(lo)）")
        }
        for (i, r) in p.roles.enumerated() {
            if r.min < 0 { throw fail("roles[\(i)].min", "不能为负数") }
            if let hi = r.max, hi < r.min { throw fail("roles[\(i)].max", "不能小于 min（\(r.min)）") }
        }
        if let dup = duplicate(p.roles.map(\.role.rawValue)) { throw fail("roles", "角色重复：\(dup)") }
        if p.approvalChain.isEmpty { throw fail("approvalChain", "审批流程至少要有一步") }
        if let dup = duplicate(p.approvalChain.map(\.id)) { throw fail("approvalChain", "步骤 id 重复：\(dup)") }
        if p.applicationForm.fields.isEmpty && !p.applicationForm.title.isEmpty {
            throw fail("applicationForm.fields", "申报表没有字段")
        }
        if let dup = duplicate(p.applicationForm.fields.map(\.id)) { throw fail("applicationForm.fields", "字段 id 重复：\(dup)") }
        if let rows = p.applicationForm.memberRows, rows < 1 { throw fail("applicationForm.memberRows", "至少为 1") }
        if let dup = duplicate(p.wallChecklists.map(\.id)) { throw fail("wallChecklists", "清单 id 重复：\(dup)") }
        for (i, list) in p.wallChecklists.enumerated() {
            if list.items.isEmpty { throw fail("wallChecklists[\(i)].items", "清单「\(list.name)」没有条目") }
            if let dup = duplicate(list.items.map(\.id)) { throw fail("wallChecklists[\(i)].items", "条目 id 重复：\(dup)") }
            for (j, item) in list.items.enumerated() where item.text.trimmingCharacters(in: .whitespaces).isEmpty {
                throw fail("wallChecklists[\(i)].items[\(j)].text", "条目文字不能为空")
            }
        }
        if let dup = duplicate(p.activityCategories.map(\.id)) { throw fail("activityCategories", "类别 id 重复：\(dup)") }
        // An alias must lead to one category only: no alias may be another category's name, id or alias.
        var owner: [String: String] = [:]
        for c in p.activityCategories {
            for word in [c.id, c.name] + c.aliases {
                let key = ActivityCategoryIndex.key(word)
                if let other = owner[key], other != c.id {
                    throw fail("activityCategories", "「\(word)」同时指向类别 \(other) 和 \(c.id)")
                }
                owner[key] = c.id
            }
        }
        let countable = Set(p.activityCategories.map(\.id)).union(["proposal", "sqmy", "duty", "activity"])
        for (i, m) in p.minimums.enumerated() {
            if m.count < 1 { throw fail("minimums[\(i)].count", "至少为 1") }
            if m.scope != "studio" && m.scope != "member" { throw fail("minimums[\(i)].scope", "应为 studio 或 member") }
            if m.counts.isEmpty { throw fail("minimums[\(i)].counts", "不能为空") }
            for c in m.counts where !countable.contains(c) {
                throw fail("minimums[\(i)].counts", "未知的类别「\(c)」（应为 activityCategories 中的 id，或 proposal、sqmy、duty、activity）")
            }
        }
        if let card = p.scorecard {
            if card.sections.isEmpty { throw fail("scorecard.sections", "评估表没有项目") }
            var itemIDs: [String] = []
            var total = 0.0
            for (i, s) in card.sections.enumerated() {
                if s.cap <= 0 { throw fail("scorecard.sections[\(i)].cap", "应大于 0") }
                let sum = s.items.reduce(0) { $0 + $1.points }
                for (j, item) in s.items.enumerated() where item.points <= 0 {
                    throw fail("scorecard.sections[\(i)].items[\(j)].points", "应大于 0")
                }
                for (j, item) in s.items.enumerated() {
                    if let key = item.checklist, !p.wallChecklists.contains(where: { $0.id == key }) {
                        throw fail("scorecard.sections[\(i)].items[\(j)].checklist", "没有 id 为「\(key)」的上墙清单")
                    }
                    if let src = item.source {
                        let field = "scorecard.sections[\(i)].items[\(j)].source"
                        if let unknown = (src.categories ?? []).first(where: { c in !p.activityCategories.contains { $0.id == c } }) {
                            throw fail(field, "没有 id 为「\(unknown)」的活动类别")
                        }
                        if src.kind == .wall && item.checklist == nil { throw fail(field, "按上墙检查计分的项目须写明 checklist") }
                    }
                }
                if sum > s.cap + 0.0001 { throw fail("scorecard.sections[\(i)]", "各项分值之和 \(sum) 超过上限 \(s.cap)") }
                itemIDs += s.items.map(\.id)
                total += s.cap
            }
            for (i, b) in card.bonus.enumerated() {
                let field = "scorecard.bonus[\(i)]"
                if b.pointsEach <= 0 { throw fail(field + ".pointsEach", "应大于 0") }
                if let src = b.source {
                    if let unknown = (src.categories ?? []).first(where: { c in !p.activityCategories.contains { $0.id == c } }) {
                        throw fail(field + ".source", "没有 id 为「\(unknown)」的活动类别")
                    }
                    if let cap = src.cap, cap < b.pointsEach { throw fail(field + ".source.cap", "上限应不少于每项分值 \(b.pointsEach)") }
                }
            }
            if let dup = duplicate(itemIDs + card.bonus.map(\.id)) { throw fail("scorecard", "评分项 id 重复：\(dup)") }
            if card.passMark <= 0 || card.passMark > total {
                throw fail("scorecard.passMark", "应在 0 到满分 \(total) 之间")
            }
        }
        if !["scorecard", "verdict", "ranking"].contains(p.assessment.method) {
            throw fail("assessment.method", "应为 scorecard、verdict 或 ranking")
        }
        if let cutoff = p.assessment.notJudgedIfPlaquedAfter, DateInput.components("2024-\(cutoff)") == nil {
            throw fail("assessment.notJudgedIfPlaquedAfter", "应为「月-日」，如 06-30")
        }
        if p.assessment.method == "scorecard" && p.scorecard == nil {
            throw fail("scorecard", "assessment.method 为 scorecard 时必须有评估表")
        }
        for (i, c) in p.calendar.enumerated() {
            if let m = c.month, !(1...12).contains(m) { throw fail("calendar[\(i)].month", "应在 1 到 12 之间") }
            if let d = c.day, !(1...31).contains(d) { throw fail("calendar[\(i)].day", "应在 1 到 31 之间") }
            if c.month == nil && c.recurrence == nil { throw fail("calendar[\(i)]", "要么给出 month，要么给出 recurrence") }
        }
        if p.intakeLimitDays < 1 { throw fail("intakeLimitDays", "至少为 1 天") }
    }

    static func duplicate(_ values: [String]) -> String? {
        var seen = Set<String>()
        for v in values where !seen.insert(v).inserted { return v }
        return nil
    }
}

/// The one way a typed activity category (an import cell, a command-line word) finds the profile's category: by its
/// name, its id or one of its aliases, with spaces and `*` ignored, letters in any case, and full-width brackets,
/// letters and digits equal to half-width ones — `协商交流(界别或联络处协商)` is `协商交流（界别或联络处协商）`.
public struct ActivityCategoryIndex: Sendable {
    public struct Match: Equatable, Sendable {
        public var category: RuleProfile.ActivityCategory
        /// The alias the text matched, nil when it was the category's name or id (with brackets of either width).
        public var alias: String?
    }

    public let categories: [RuleProfile.ActivityCategory]
    /// Normalised word → (category position, alias or nil).
    private var keys: [String: (Int, String?)] = [:]

    public init(_ categories: [RuleProfile.ActivityCategory]) {
        self.categories = categories
        // The first category whose name or id matches, as a search of the list would find it; an alias never
        // shadows another category's name or id.
        for (i, c) in categories.enumerated().reversed() {
            for a in c.aliases.reversed() { keys[Self.key(a)] = (i, a) }
        }
        for (i, c) in categories.enumerated().reversed() {
            keys[Self.key(c.id)] = (i, nil)
            keys[Self.key(c.name)] = (i, nil)
        }
    }

    public func match(_ text: String) -> Match? {
        keys[Self.key(text)].map { Match(category: categories[$0.0], alias: $0.1) }
    }

    /// Spaces (of either width) and `*` dropped, full-width ASCII forms (U+FF01–FF5E, brackets among them) as
    /// half-width, lower case.
    public static func key(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            if u.properties.isWhitespace || u == "*" || u == "＊" { continue }
            if (0xFF01...0xFF5E).contains(u.value), let half = Unicode.Scalar(u.value - 0xFEE0) {
                out.append(contentsOf: String(half).lowercased().unicodeScalars)
            } else if u.isASCII {
                out.append(contentsOf: String(u).lowercased().unicodeScalars)
            } else {
                out.append(u)
            }
        }
        return String(out)
    }
}
