import Foundation

/// 工作室类型. 区域/界别/行业 follow Shaanxi; 个人 (a member's own studio) and 联络处
/// are Binjiang's and Chenzhou's; which ones a jurisdiction allows is in its rule profile.
public enum StudioType: String, Codable, CaseIterable, Sendable {
    case region, sector, industry, personal, liaisonOffice

    public var title: String {
        switch self {
        case .region: "区域"
        case .sector: "界别"
        case .industry: "行业"
        case .personal: "个人"
        case .liaisonOffice: "联络处"
        }
    }
}

/// 线上 / 线下
public enum StudioMode: String, Codable, CaseIterable, Sendable {
    case offline, online

    public var title: String { self == .online ? "线上" : "线下" }
}

/// A studio's place in its lifecycle.
public enum StudioStatus: String, Codable, CaseIterable, Sendable {
    case draft, inApproval, plaqued, warned, rectifying, delisted, terminated, revoked

    public var title: String {
        switch self {
        case .draft: "草稿"
        case .inApproval: "审批中"
        case .plaqued: "已授牌"
        case .warned: "警示"
        case .rectifying: "整改中"
        case .delisted: "摘牌"
        case .terminated: "终止"
        case .revoked: "撤销"
        }
    }

    /// Still running: counts for "one studio per member".
    public var isActive: Bool {
        switch self {
        case .delisted, .terminated, .revoked: false
        default: true
        }
    }
}

/// Roles on a studio team, as the seeds name them.
public enum StudioRole: String, Codable, CaseIterable, Sendable {
    case lead, convener, liaison, resident, participant, other

    public var title: String {
        switch self {
        case .lead: "领衔委员"
        case .convener: "召集人"
        case .liaison: "联络员"
        case .resident: "驻室委员"
        case .participant: "参与委员"
        case .other: "其他成员"
        }
    }
}

public struct Studio: Equatable, Identifiable, Sendable, Codable {
    public var id: Int64?
    public var name: String
    public var type: StudioType
    public var mode: StudioMode
    public var status: StudioStatus
    /// The rule profile the studio was set up under (e.g. "shaanxi-2023").
    public var profileID: String
    public var address: String
    /// 界别 or area the studio belongs to.
    public var sector: String
    /// 联系的专委会
    public var committee: String
    public var pinyin: String
    public var initials: String

    public init(id: Int64? = nil, name: String, type: StudioType, mode: StudioMode = .offline,
                status: StudioStatus = .draft, profileID: String, address: String = "",
                sector: String = "", committee: String = "") {
        self.id = id
        self.name = name
        self.type = type
        self.mode = mode
        self.status = status
        self.profileID = profileID
        self.address = address
        self.sector = sector
        self.committee = committee
        let key = PinyinKey(name)
        self.pinyin = key.spaced
        self.initials = key.initials
    }

    /// The checks of its particulars before it is saved, by the form or an import.
    public func issues() -> [FieldIssue] {
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return [FieldIssue(field: "name", message: "工作室名称不能为空")] }
        return [NameText.issue(field: "name", name)].compactMap { $0 }
    }
}

/// One member's place on one studio team, with the dates it began and ended.
public struct StudioMembership: Equatable, Sendable, Codable {
    public var studioID: Int64
    public var memberID: Int64
    public var role: StudioRole
    /// ISO date (yyyy-MM-dd) the member joined.
    public var joinedOn: String
    /// ISO date the member left, nil while on the team.
    public var leftOn: String?
    /// Why the member left (个人申请退出, 换届, 调整 …).
    public var leftReason: String?

    public init(studioID: Int64, memberID: Int64, role: StudioRole, joinedOn: String, leftOn: String? = nil, leftReason: String? = nil) {
        self.studioID = studioID
        self.memberID = memberID
        self.role = role
        self.joinedOn = joinedOn
        self.leftOn = leftOn
        self.leftReason = leftReason
    }
}
