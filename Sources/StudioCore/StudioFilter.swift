/// What the studio register shows: any combination of status, type and 界别, plus a search.
public struct StudioFilter: Equatable, Sendable {
    public var status: StudioStatus?
    public var type: StudioType?
    public var sector: String?
    public var query: SearchQuery
    /// Only open applications (草稿 and 审批中): the 工作室申报 view of the register.
    public var applicationsOnly: Bool

    public init(status: StudioStatus? = nil, type: StudioType? = nil, sector: String? = nil, query: SearchQuery = SearchQuery(""),
                applicationsOnly: Bool = false) {
        self.status = status
        self.type = type
        self.sector = sector
        self.query = query
        self.applicationsOnly = applicationsOnly
    }

    public static let applicationStatuses: [StudioStatus] = [.draft, .inApproval]

    /// No narrowing chosen by the clerk (the applications view is a view, not a filter).
    public var isEmpty: Bool { status == nil && type == nil && sector == nil && query.isEmpty }
}

/// One row of the studio register: the studio with its leaders and team size.
public struct StudioSummary: Equatable, Sendable {
    public var studio: Studio
    /// 召集人 or 领衔委员 (whoever leads under the studio's rules), in team order.
    public var leaders: [String]
    /// Current team members (those who have not left).
    public var memberCount: Int

    public init(studio: Studio, leaders: [String], memberCount: Int) {
        self.studio = studio
        self.leaders = leaders
        self.memberCount = memberCount
    }
}

/// A team line on the studio detail: the person, the role and the dates.
public struct TeamEntry: Equatable, Sendable {
    public var member: Member
    public var membership: StudioMembership
    public var isCurrent: Bool { membership.leftOn == nil }

    public init(member: Member, membership: StudioMembership) {
        self.member = member
        self.membership = membership
    }
}

extension StudioStatus {
    /// Accepts the Chinese title (已授牌) or the code (plaqued), as typed on the command line.
    public init?(text: String) {
        if let s = StudioStatus(rawValue: text) { self = s; return }
        guard let s = StudioStatus.allCases.first(where: { $0.title == text }) else { return nil }
        self = s
    }
}

extension StudioType {
    /// Accepts 区域/界别/行业/个人/联络处 or the code (region, sector, …).
    public init?(text: String) {
        if let t = StudioType(rawValue: text) { self = t; return }
        guard let t = StudioType.allCases.first(where: { $0.title == text }) else { return nil }
        self = t
    }
}
