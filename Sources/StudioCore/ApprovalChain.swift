import Foundation

/// What the signer decided on one approval step.
public enum ApprovalDecision: String, Codable, CaseIterable, Sendable {
    case approve, returnForRevision, reject

    public var title: String {
        switch self {
        case .approve: "同意"
        case .returnForRevision: "退回修改"
        case .reject: "不同意"
        }
    }
}

/// One recorded step of a studio's approval. stepName is kept as text so old records keep the name they were made with.
public struct ApprovalRecord: Equatable, Codable, Sendable {
    public var id: Int64?
    public var studioID: Int64
    /// 1 for the first submission; +1 each time a returned application is submitted again.
    public var round: Int
    public var stepID: String
    public var stepName: String
    public var decision: ApprovalDecision
    public var opinion: String
    public var signer: String
    /// ISO yyyy-MM-dd
    public var date: String
    /// Only on the 授牌 (isPlaque) step.
    public var plaqueNumber: String?

    public init(id: Int64? = nil, studioID: Int64, round: Int, stepID: String, stepName: String, decision: ApprovalDecision,
                opinion: String, signer: String, date: String, plaqueNumber: String? = nil) {
        self.id = id
        self.studioID = studioID
        self.round = round
        self.stepID = stepID
        self.stepName = stepName
        self.decision = decision
        self.opinion = opinion
        self.signer = signer
        self.date = date
        self.plaqueNumber = plaqueNumber
    }
}

/// Where a studio stands in its approval chain.
public struct ApprovalProgress: Equatable, Sendable {
    /// The steps that apply to this studio's type, in order.
    public var steps: [RuleProfile.ApprovalStep]
    /// Current round (0 if never submitted).
    public var round: Int
    /// Records of the current round, in order.
    public var records: [ApprovalRecord]
    /// The step waiting, nil if complete / not submitted / returned / rejected.
    public var nextStep: RuleProfile.ApprovalStep?
    /// Every step approved.
    public var isComplete: Bool
    /// The latest returnForRevision record of any round (reason shown on the draft).
    public var lastReturn: ApprovalRecord?

    public init(steps: [RuleProfile.ApprovalStep], round: Int, records: [ApprovalRecord],
                nextStep: RuleProfile.ApprovalStep?, isComplete: Bool, lastReturn: ApprovalRecord?) {
        self.steps = steps
        self.round = round
        self.records = records
        self.nextStep = nextStep
        self.isComplete = isComplete
        self.lastReturn = lastReturn
    }

    /// The approved record of a step in the current round, if any (e.g. the 授牌 record with its plaque number).
    public func approval(of stepID: String) -> ApprovalRecord? {
        records.last { $0.stepID == stepID && $0.decision == .approve }
    }

    /// The approved 授牌 record of the current round, if any.
    public var plaqueRecord: ApprovalRecord? {
        let plaqueIDs = Set(steps.filter(\.isPlaque).map(\.id))
        return records.last { plaqueIDs.contains($0.stepID) && $0.decision == .approve }
    }
}

/// A decision that cannot be recorded, with the field to fix and a message for the clerk.
public struct ApprovalError: Error, Equatable, CustomStringConvertible, Sendable {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }

    /// The same problem as a form issue.
    public var issue: FieldIssue { FieldIssue(field: field, message: message) }
}

/// The approval workflow of a rule profile (rules.md §2.2): submit, decide step by step, 授牌, and the steps after it.
public enum ApprovalChain {
    /// Field names used in ApprovalError.field.
    public enum Field {
        public static let status = "status"
        public static let signer = "signer"
        public static let date = "date"
        public static let opinion = "opinion"
        public static let plaqueNumber = "plaqueNumber"
    }

    /// The profile's steps that apply to a studio type (a step with empty appliesTo applies to all; Shaanxi 区域 studios skip 专委会审核).
    public static func steps(for type: StudioType, profile: RuleProfile) -> [RuleProfile.ApprovalStep] {
        profile.approvalChain.filter { $0.appliesTo.isEmpty || $0.appliesTo.contains(type) }
    }

    /// Progress from ALL records of a studio (any rounds), given its current status.
    ///
    /// A studio that is in approval while its latest round ended in a return (or that has no records
    /// yet) has been submitted again: its current round is the next one and starts at step 1.
    public static func progress(records: [ApprovalRecord], type: StudioType, status: StudioStatus, profile: RuleProfile) -> ApprovalProgress {
        let steps = steps(for: type, profile: profile)
        let lastRound = records.map(\.round).max() ?? 0
        let lastRoundRecords = records.filter { $0.round == lastRound }
        let lastRoundReturned = lastRoundRecords.last?.decision == .returnForRevision
        let lastReturn = records.enumerated()
            .filter { $0.element.decision == .returnForRevision }
            .max { ($0.element.round, $0.offset) < ($1.element.round, $1.offset) }?
            .element

        let round: Int
        let current: [ApprovalRecord]
        if status == .inApproval && (lastRound == 0 || lastRoundReturned) {
            round = lastRound + 1
            current = []
        } else {
            round = lastRound
            current = lastRoundRecords
        }

        let approved = Set(current.filter { $0.decision == .approve }.map(\.stepID))
        let pending = steps.first { !approved.contains($0.id) }
        let isComplete = round > 0 && !steps.isEmpty && pending == nil
        let stopped = current.last.map { $0.decision != .approve } ?? false
        let plaqueApproved = steps.contains { $0.isPlaque && approved.contains($0.id) }

        let next: RuleProfile.ApprovalStep?
        switch status {
        case .inApproval: next = stopped ? nil : pending
        // Steps after 授牌 (省政协办公厅备案) are recorded while the studio already holds its plaque;
        // a filing sent back stays waiting until it is approved.
        case .plaqued: next = plaqueApproved ? pending : nil
        default: next = nil
        }
        return ApprovalProgress(steps: steps, round: round, records: current, nextStep: next,
                                isComplete: isComplete, lastReturn: lastReturn)
    }

    /// Submitting (or resubmitting) a draft: returns the new round number. Throws unless status == .draft.
    public static func submit(status: StudioStatus, records: [ApprovalRecord]) throws -> Int {
        guard status == .draft else {
            throw ApprovalError(field: Field.status, message: "只有草稿才能提交审批（当前状态：\(status.title)）")
        }
        return (records.map(\.round).max() ?? 0) + 1
    }

    /// Records a decision on the next step; checks everything and returns the record to store and the studio's new status.
    /// Rules: status must be .inApproval and there must be a next step; signer non-empty; date valid ISO and not earlier than
    /// the previous record of this round; opinion required (non-empty) for returnForRevision and reject; plaqueNumber required
    /// (non-empty) when approving an isPlaque step and must be nil otherwise.
    /// New status: approve on the plaque step → .plaqued (steps after 授牌, e.g. 省政协办公厅备案, are still recorded afterwards:
    /// allow recording the next step while status is .plaqued too, status stays .plaqued); approve on other steps → unchanged;
    /// returnForRevision → .draft; reject → .revoked.
    ///
    /// Text is trimmed; an empty plaqueNumber counts as none.
    public static func decide(_ decision: ApprovalDecision, opinion: String, signer: String, date: String, plaqueNumber: String?,
                              studioID: Int64, status: StudioStatus, progress: ApprovalProgress) throws -> (record: ApprovalRecord, newStatus: StudioStatus) {
        guard status == .inApproval || status == .plaqued else {
            throw ApprovalError(field: Field.status, message: "该工作室不在审批中（当前状态：\(status.title)）")
        }
        guard let step = progress.nextStep else {
            if progress.isComplete {
                throw ApprovalError(field: Field.status, message: "审批流程已全部完成，没有待审批的步骤")
            }
            if status == .plaqued {
                throw ApprovalError(field: Field.status, message: "该工作室不在审批中（当前状态：\(status.title)）")
            }
            throw ApprovalError(field: Field.status, message: "没有待审批的步骤")
        }

        let signer = signer.trimmingCharacters(in: .whitespacesAndNewlines)
        let opinion = opinion.trimmingCharacters(in: .whitespacesAndNewlines)
        let date = date.trimmingCharacters(in: .whitespaces)
        let plaque = plaqueNumber?.trimmingCharacters(in: .whitespacesAndNewlines)
        let plaqueNumber = (plaque?.isEmpty ?? true) ? nil : plaque

        if signer.isEmpty {
            throw ApprovalError(field: Field.signer, message: "请填写签名人")
        }
        if date.isEmpty {
            throw ApprovalError(field: Field.date, message: "请填写日期")
        }
        guard DateInput.isISO(date) else {
            throw ApprovalError(field: Field.date, message: "日期「\(date)」无效，应为 年-月-日，如 2026-03-05")
        }
        if let previous = progress.records.last, date < previous.date {
            throw ApprovalError(field: Field.date, message: "日期不能早于上一步（\(DateInput.chinese(previous.date))）")
        }
        if opinion.isEmpty {
            switch decision {
            case .returnForRevision: throw ApprovalError(field: Field.opinion, message: "退回修改须写明理由")
            case .reject: throw ApprovalError(field: Field.opinion, message: "不同意须写明理由")
            case .approve: break
            }
        }
        if step.isPlaque && decision == .approve {
            if plaqueNumber == nil {
                throw ApprovalError(field: Field.plaqueNumber, message: "授牌须填写牌匾编号")
            }
        } else if plaqueNumber != nil {
            throw ApprovalError(field: Field.plaqueNumber, message: step.isPlaque
                ? "未同意授牌，不填写牌匾编号"
                : "只有授牌步骤才填写牌匾编号（当前步骤：\(step.name)）")
        }

        let record = ApprovalRecord(studioID: studioID, round: progress.round, stepID: step.id, stepName: step.name,
                                    decision: decision, opinion: opinion, signer: signer, date: date,
                                    plaqueNumber: plaqueNumber)
        let newStatus: StudioStatus
        switch decision {
        // After 授牌 the studio keeps its plaque: a filing step (省政协办公厅备案) that is
        // returned or refused is recorded for follow-up, not turned into a draft or a revocation.
        case _ where status == .plaqued: newStatus = .plaqued
        case .approve: newStatus = step.isPlaque ? .plaqued : status
        case .returnForRevision: newStatus = .draft
        case .reject: newStatus = .revoked
        }
        return (record, newStatus)
    }
}
