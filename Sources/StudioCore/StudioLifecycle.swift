/// Status changes outside the approval chain: the results of assessments (警示, 整改),
/// taking back the plaque (摘牌), ending (终止) and revoking (撤销). Approval moves a studio
/// from 草稿 to 已授牌; this covers the rest of its life.
public enum StudioLifecycle {
    /// Where a studio may go from its current status by a clerk's decision.
    public static func allowedTransitions(from status: StudioStatus) -> [StudioStatus] {
        switch status {
        // A draft can only be withdrawn; submitting goes through the approval chain.
        case .draft: [.revoked]
        // In approval only the chain decides.
        case .inApproval: []
        case .plaqued: [.warned, .rectifying, .delisted, .terminated, .revoked]
        case .warned: [.plaqued, .rectifying, .delisted, .terminated, .revoked]
        case .rectifying: [.plaqued, .warned, .delisted, .terminated, .revoked]
        // Ended studios are archived: their record is read-only.
        case .delisted, .terminated, .revoked: []
        }
    }

    /// An ended studio's record is kept as it is.
    public static func isArchived(_ status: StudioStatus) -> Bool {
        !status.isActive
    }

    /// What the profile's consequence ladder says, as lines for the clerk ("首次未达标：警示").
    public static func ladder(_ profile: RuleProfile) -> [String] {
        profile.consequences.map { c in
            let when: String
            switch c.trigger {
            case "pass": when = "达标"
            case "firstFail": when = "首次未达标"
            case "consecutiveFails": when = "连续\(c.times ?? 2)次未达标"
            case "failAfterRectification": when = "整改后仍未达标"
            case "termEnd": when = "任期届满"
            case "misconduct": when = "违法违纪或谋取私利"
            case "regionWithoutMembers": when = "区域内已无本级委员"
            default: when = c.trigger
            }
            return "\(when)：\(c.action)" + (c.months.map { "（\($0)个月）" } ?? "")
        }
    }
}
