import Foundation

/// The four ledgers of a studio (rules.md §2.6, §2.10, §2.12, §4.4, §6).
public enum LedgerKind: String, Codable, CaseIterable, Sendable {
    case activity, proposal, sqmy, intake

    public var title: String {
        switch self {
        case .activity: "活动"
        case .proposal: "提案"
        case .sqmy: "社情民意"
        case .intake: "群众意见"
        }
    }
}

/// A liaison officer's review of a ledger record.
public enum ReviewStatus: String, Codable, CaseIterable, Sendable {
    case pending, approved, returned

    public var title: String {
        switch self {
        case .pending: "待审核"
        case .approved: "已审核"
        case .returned: "退回"
        }
    }
}

/// Review fields shared by every ledger record.
public struct Review: Codable, Hashable, Sendable {
    public var status: ReviewStatus
    public var reviewer: String
    public var reviewedOn: String?
    /// Why a record was returned to the clerk.
    public var comment: String

    public init(status: ReviewStatus = .pending, reviewer: String = "", reviewedOn: String? = nil, comment: String = "") {
        self.status = status
        self.reviewer = reviewer
        self.reviewedOn = reviewedOn
        self.comment = comment
    }
}

/// Who a guest at an activity is: the 滨江 table's 联系区政协专委会指导工作 counts only a 专委会 as guide.
public enum GuestKind: String, Codable, CaseIterable, Sendable {
    case committee, cppccLeader, department, other

    public var title: String {
        switch self {
        case .committee: "政协专委会"
        case .cppccLeader: "政协领导"
        case .department: "党政部门"
        case .other: "其他"
        }
    }

    public init?(title: String) {
        guard let k = Self.allCases.first(where: { $0.title == title || $0.rawValue == title }) else { return nil }
        self = k
    }
}

/// 活动日志: one activity of a studio (值班 is an activity of the category "duty").
public struct Activity: Codable, Equatable, Identifiable, Sendable {
    public var id: Int64?
    public var studioID: Int64
    public var date: String
    /// Category id from the studio's profile; the name is kept as entered.
    public var category: String
    public var categoryName: String
    public var mode: StudioMode
    public var title: String
    public var place: String
    /// Guests such as 专委会 leaders (联系区政协专委会指导工作).
    public var guests: String
    /// Who the guests are (nil when there are none).
    public var guestKind: GuestKind?
    public var citizensReached: Int
    public var summary: String
    /// File paths, one per line.
    public var attachments: String
    public var review: Review

    public init(id: Int64? = nil, studioID: Int64, date: String, category: String, categoryName: String, mode: StudioMode = .offline,
                title: String, place: String = "", guests: String = "", guestKind: GuestKind? = nil, citizensReached: Int = 0, summary: String = "",
                attachments: String = "", review: Review = Review()) {
        self.guestKind = guests.isEmpty ? nil : (guestKind ?? .other)
        self.id = id
        self.studioID = studioID
        self.date = date
        self.category = category
        self.categoryName = categoryName
        self.mode = mode
        self.title = title
        self.place = place
        self.guests = guests
        self.citizensReached = citizensReached
        self.summary = summary
        self.attachments = attachments
        self.review = review
    }

    /// The checks of the name a clerk gives it (the store adds category, count and date).
    public func issues() -> [FieldIssue] {
        if title.trimmingCharacters(in: .whitespaces).isEmpty { return [FieldIssue(field: "title", message: "请填写活动名称")] }
        return [NameText.issue(field: "title", title)].compactMap { $0 }
    }
}

public enum ProposalKind: String, Codable, CaseIterable, Sendable {
    case individual, joint, collective
    public var title: String {
        switch self {
        case .individual: "个人"
        case .joint: "联名"
        case .collective: "集体"
        }
    }
}

/// 提交 → 立案 (or 不立案 / 并案) → 办理答复.
public enum ProposalStatus: String, Codable, CaseIterable, Sendable {
    case submitted, filed, notFiled, merged, replied
    public var title: String {
        switch self {
        case .submitted: "已提交"
        case .filed: "已立案"
        case .notFiled: "不立案"
        case .merged: "并案"
        case .replied: "已答复"
        }
    }

    /// Counts as 立案 for scoring (a replied proposal was filed first).
    public var isFiled: Bool { self == .filed || self == .replied }
}

public enum ProposalAward: String, Codable, CaseIterable, Sendable {
    case key, excellent
    public var title: String { self == .key ? "重点提案" : "优秀提案" }
}

/// 提案: the studio's proposals and how each was handled.
public struct Proposal: Codable, Equatable, Identifiable, Sendable {
    public var id: Int64?
    public var studioID: Int64
    public var title: String
    /// Date submitted.
    public var date: String
    public var kind: ProposalKind
    public var status: ProposalStatus
    /// Date of 立案 / 不立案 / 并案.
    public var decidedOn: String?
    /// 承办单位.
    public var handlingUnit: String
    public var repliedOn: String?
    public var reply: String
    /// 满意 / 基本满意 / 不满意, or empty.
    public var satisfaction: String
    public var award: ProposalAward?
    public var awardedOn: String?
    public var review: Review

    public init(id: Int64? = nil, studioID: Int64, title: String, date: String, kind: ProposalKind = .individual,
                status: ProposalStatus = .submitted, decidedOn: String? = nil, handlingUnit: String = "", repliedOn: String? = nil,
                reply: String = "", satisfaction: String = "", award: ProposalAward? = nil, awardedOn: String? = nil, review: Review = Review()) {
        self.id = id
        self.studioID = studioID
        self.title = title
        self.date = date
        self.kind = kind
        self.status = status
        self.decidedOn = decidedOn
        self.handlingUnit = handlingUnit
        self.repliedOn = repliedOn
        self.reply = reply
        self.satisfaction = satisfaction
        self.award = award
        self.awardedOn = awardedOn
        self.review = review
    }

    public static let satisfactionLevels = ["满意", "基本满意", "不满意"]

    /// What the decision date is the date of: 立案 (also for a replied proposal), 不立案 or 并案.
    var decision: String { status.isFiled ? "立案" : status.title }

    /// The dates of the chain must not run backwards, and each step needs its facts.
    public func issues() -> [FieldIssue] {
        var out: [FieldIssue] = []
        if title.trimmingCharacters(in: .whitespaces).isEmpty { out.append(FieldIssue(field: "title", message: "请填写提案标题")) }
        if let hidden = NameText.issue(field: "title", title) { out.append(hidden) }
        if status != .submitted {
            if let d = decidedOn {
                if d < date { out.append(FieldIssue(field: "decidedOn", message: "\(decision)日期不能早于提交日期")) }
            } else {
                out.append(FieldIssue(field: "decidedOn", message: "请填写\(decision)日期"))
            }
        }
        if status == .replied {
            if let r = repliedOn {
                if let d = decidedOn, r < d { out.append(FieldIssue(field: "repliedOn", message: "答复日期不能早于立案日期")) }
            } else {
                out.append(FieldIssue(field: "repliedOn", message: "请填写答复日期"))
            }
        }
        if award != nil && !status.isFiled {
            out.append(FieldIssue(field: "award", message: "只有立案的提案才能评为重点或优秀提案"))
        }
        if !satisfaction.isEmpty && !Self.satisfactionLevels.contains(satisfaction) {
            out.append(FieldIssue(field: "satisfaction", message: "满意度应为：满意、基本满意或不满意"))
        }
        return out
    }
}

public enum SocialInfoStatus: String, Codable, CaseIterable, Sendable {
    case submitted, adopted
    public var title: String { self == .submitted ? "已报送" : "已采用" }
}

/// 社情民意信息: 报送 → 采用 (by whom) → 领导批示 (who, level, date).
public struct SocialInfo: Codable, Equatable, Identifiable, Sendable {
    public var id: Int64?
    public var studioID: Int64
    public var title: String
    /// Date sent up (报送).
    public var date: String
    /// 报送渠道, e.g. 区政协办公室.
    public var channel: String
    public var status: SocialInfoStatus
    public var adoptedBy: String
    public var adoptedOn: String?
    public var instructionBy: String
    /// e.g. 区委区政府主要领导, 市级, 省级.
    public var instructionLevel: String
    public var instructionOn: String?
    /// The 群众意见建议 item it came from, if any.
    public var sourceIntakeID: Int64?
    public var review: Review

    public init(id: Int64? = nil, studioID: Int64, title: String, date: String, channel: String = "", status: SocialInfoStatus = .submitted,
                adoptedBy: String = "", adoptedOn: String? = nil, instructionBy: String = "", instructionLevel: String = "",
                instructionOn: String? = nil, sourceIntakeID: Int64? = nil, review: Review = Review()) {
        self.id = id
        self.studioID = studioID
        self.title = title
        self.date = date
        self.channel = channel
        self.status = status
        self.adoptedBy = adoptedBy
        self.adoptedOn = adoptedOn
        self.instructionBy = instructionBy
        self.instructionLevel = instructionLevel
        self.instructionOn = instructionOn
        self.sourceIntakeID = sourceIntakeID
        self.review = review
    }

    public var hasInstruction: Bool { instructionOn != nil }

    public func issues() -> [FieldIssue] {
        var out: [FieldIssue] = []
        if title.trimmingCharacters(in: .whitespaces).isEmpty { out.append(FieldIssue(field: "title", message: "请填写标题")) }
        if let hidden = NameText.issue(field: "title", title) { out.append(hidden) }
        if status == .adopted {
            if adoptedBy.trimmingCharacters(in: .whitespaces).isEmpty { out.append(FieldIssue(field: "adoptedBy", message: "请填写采用单位")) }
            if let a = adoptedOn {
                if a < date { out.append(FieldIssue(field: "adoptedOn", message: "采用日期不能早于报送日期")) }
            } else {
                out.append(FieldIssue(field: "adoptedOn", message: "请填写采用日期"))
            }
        }
        if let i = instructionOn {
            if i < date { out.append(FieldIssue(field: "instructionOn", message: "批示日期不能早于报送日期")) }
            if instructionBy.trimmingCharacters(in: .whitespaces).isEmpty {
                out.append(FieldIssue(field: "instructionBy", message: "请填写批示领导"))
            }
        }
        return out
    }
}

public enum IntakeChannel: String, Codable, CaseIterable, Sendable {
    case offlineDuty, online, visit, letter
    public var title: String {
        switch self {
        case .offlineDuty: "线下值班"
        case .online: "线上"
        case .visit: "走访"
        case .letter: "来信"
        }
    }
}

/// One-key triage of a citizen's item (陕西 运行程序 六.2–3).
public enum Triage: String, Codable, CaseIterable, Sendable {
    case petition, consultation, microSuggestion, major
    public var title: String {
        switch self {
        case .petition: "信访"
        case .consultation: "咨询"
        case .microSuggestion: "微需求/微建议"
        case .major: "重大问题"
        }
    }
    /// What the handling field holds for this class.
    public var handlingLabel: String {
        switch self {
        case .petition: "引导的信访渠道"
        case .consultation: "答复或告知途径"
        case .microSuggestion: "转为社情民意"
        case .major: "转为微协商/微监督/集体提案"
        }
    }
}

/// 群众意见建议: an item a citizen brought to the studio, its triage, and the feedback given.
public struct CitizenItem: Codable, Equatable, Identifiable, Sendable {
    public var id: Int64?
    public var studioID: Int64
    public var receivedOn: String
    public var citizen: String
    public var contact: String
    public var channel: IntakeChannel
    public var content: String
    public var triage: Triage?
    /// The referral given (信访), the answer (咨询), or what was done.
    public var handling: String
    /// The record it became: "sqmy", "activity" or "proposal", with its id.
    public var linkedKind: LedgerKind?
    public var linkedID: Int64?
    public var feedbackOn: String?
    public var feedback: String
    /// 解释说明: required once an item is overdue.
    public var explanation: String
    public var explainedOn: String?
    public var review: Review
    /// The duty shift it was received on, if any.
    public var dutySlotID: Int64?

    public init(id: Int64? = nil, studioID: Int64, receivedOn: String, citizen: String, contact: String = "", channel: IntakeChannel = .offlineDuty,
                content: String, triage: Triage? = nil, handling: String = "", linkedKind: LedgerKind? = nil, linkedID: Int64? = nil,
                feedbackOn: String? = nil, feedback: String = "", explanation: String = "", explainedOn: String? = nil, review: Review = Review()) {
        self.id = id
        self.studioID = studioID
        self.receivedOn = receivedOn
        self.citizen = citizen
        self.contact = contact
        self.channel = channel
        self.content = content
        self.triage = triage
        self.handling = handling
        self.linkedKind = linkedKind
        self.linkedID = linkedID
        self.feedbackOn = feedbackOn
        self.feedback = feedback
        self.explanation = explanation
        self.explainedOn = explainedOn
        self.review = review
    }

    /// Settled once the citizen has had feedback.
    public var isSettled: Bool { feedbackOn != nil }

    public func daysOpen(today: String) -> Int {
        max(0, CivilDate.days(from: receivedOn, to: feedbackOn ?? today) ?? 0)
    }

    /// Not settled within the limit (days from receipt).
    public func isOverdue(limitDays: Int, today: String) -> Bool {
        IntakeLimit(days: limitDays, today: today).isOverdue(receivedOn: receivedOn, settled: isSettled)
    }

    /// Overdue and no 解释说明 yet: what the clerk must act on.
    public func needsExplanation(limitDays: Int, today: String) -> Bool {
        isOverdue(limitDays: limitDays, today: today) && explanation.trimmingCharacters(in: .whitespaces).isEmpty
    }

    public func issues() -> [FieldIssue] {
        var out: [FieldIssue] = []
        if citizen.trimmingCharacters(in: .whitespaces).isEmpty { out.append(FieldIssue(field: "citizen", message: "请填写反映人（可写“匿名”）")) }
        if let hidden = NameText.issue(field: "citizen", citizen) { out.append(hidden) }
        if content.trimmingCharacters(in: .whitespaces).isEmpty { out.append(FieldIssue(field: "content", message: "请填写反映的内容")) }
        if let f = feedbackOn, f < receivedOn { out.append(FieldIssue(field: "feedbackOn", message: "反馈日期不能早于收到日期")) }
        if feedbackOn != nil && feedback.trimmingCharacters(in: .whitespaces).isEmpty {
            out.append(FieldIssue(field: "feedback", message: "请写明反馈给群众的内容"))
        }
        // A contact may be a phone number or something else (微信号, 地址); only what looks like a number is checked.
        // Digits starting with 1 are a mobile number cut short unless there are 11 (no local number starts with 1).
        let digits = contact.filter(\.isNumber)
        if digits.count >= 7, digits.count == contact.filter({ !$0.isWhitespace && $0 != "-" && $0 != "+" }).count,
           !PhoneNumber.isValid(contact) || (digits.first == "1" && digits.count != 11) {
            out.append(FieldIssue(field: "contact", message: "电话号码「\(contact)」不对：手机11位，座机带区号"))
        }
        return out
    }
}

/// 年度工作计划, 年度总结, 自查自评: one text per studio, year and kind.
public enum YearDocKind: String, Codable, CaseIterable, Sendable {
    case plan, summary, selfAssessment
    public var title: String {
        switch self {
        case .plan: "年度工作计划"
        case .summary: "年度总结"
        case .selfAssessment: "自查自评"
        }
    }
}

public struct YearDoc: Codable, Equatable, Sendable {
    public var studioID: Int64
    public var year: Int
    public var kind: YearDocKind
    public var date: String
    public var text: String

    public init(studioID: Int64, year: Int, kind: YearDocKind, date: String, text: String) {
        self.studioID = studioID
        self.year = year
        self.kind = kind
        self.date = date
        self.text = text
    }
}

/// One line of a studio's combined ledger view, newest first.
public struct LedgerEntry: Equatable, Sendable {
    public var kind: LedgerKind
    public var id: Int64
    public var studioID: Int64
    public var date: String
    public var title: String
    /// Activity category name, proposal kind, channel …
    public var category: String
    /// Activity category id ("" for the other ledgers).
    public var categoryID: String
    public var mode: StudioMode?
    public var status: String
    public var review: Review
    public var memberIDs: [Int64]

    public init(kind: LedgerKind, id: Int64, studioID: Int64, date: String, title: String, category: String, categoryID: String = "",
                mode: StudioMode? = nil, status: String, review: Review, memberIDs: [Int64]) {
        self.kind = kind
        self.id = id
        self.studioID = studioID
        self.date = date
        self.title = title
        self.category = category
        self.categoryID = categoryID
        self.mode = mode
        self.status = status
        self.review = review
        self.memberIDs = memberIDs
    }
}

/// Narrowing of the ledger view.
public struct LedgerFilter: Equatable, Sendable {
    public var kind: LedgerKind?
    public var category: String?
    public var year: Int?
    public var quarter: Int?
    public var memberID: Int64?
    public var review: ReviewStatus?

    public init(kind: LedgerKind? = nil, category: String? = nil, year: Int? = nil, quarter: Int? = nil, memberID: Int64? = nil,
                review: ReviewStatus? = nil) {
        self.kind = kind
        self.category = category
        self.year = year
        self.quarter = quarter
        self.memberID = memberID
        self.review = review
    }

    public func admits(_ e: LedgerEntry) -> Bool {
        if let kind, e.kind != kind { return false }
        if let category, e.categoryID != category { return false }
        if let year, !e.date.hasPrefix("\(year)-") { return false }
        if let quarter, Period.quarter(of: e.date) != quarter { return false }
        if let memberID, !e.memberIDs.contains(memberID) { return false }
        if let review, e.review.status != review { return false }
        return true
    }
}

/// When a 群众意见建议 is overdue on `today`: not answered yet and received more than the limit's days before
/// (the rules' `intakeLimitDays`). The one definition: the items check it one by one, the store counts it in SQL with
/// `receivedBefore`, the office overview filters the open items' dates with it.
public struct IntakeLimit: Equatable, Sendable {
    /// An unanswered item received before this day is overdue; nil when `today` is not a date (nothing is).
    public let receivedBefore: String?

    /// The limit of a studio whose rules are not loaded.
    public static let defaultDays = 30

    public init(days limitDays: Int, today: String) {
        receivedBefore = CivilDate.adding(days: -limitDays, to: today)
    }

    public func isOverdue(receivedOn: String, settled: Bool) -> Bool {
        guard !settled, let receivedBefore else { return false }
        return receivedOn < receivedBefore
    }
}
