/// 换届: when members' terms end, what each studio they are on needs, by the studio's rules.
public struct TermChangeFinding: Equatable, Sendable {
    public var studio: Studio
    /// Current team members whose term has ended.
    public var endedMembers: [Member]
    /// What must happen, worded for the clerk, most serious first.
    public var needs: [String]
    /// The studio ends under its rules (a personal studio whose member's term ended — 郴州;
    /// a 区域 studio left without members of its level — 陕西).
    public var studioEnds: Bool
}

public enum TermChangeAdvisor {
    /// nil when no current member of the studio has an ended term.
    public static func assess(studio: Studio, team: [TeamEntry], profile: RuleProfile?) -> TermChangeFinding? {
        let current = team.filter(\.isCurrent)
        let ended = current.filter { $0.member.termEndedOn != nil }
        guard !ended.isEmpty else { return nil }
        let remaining = current.filter { $0.member.termEndedOn == nil }
        let triggers = Set(profile?.consequences.map(\.trigger) ?? [])
        var needs: [String] = []
        var ends = false

        let leadEnded = ended.contains { $0.membership.role == .lead }
        if studio.type == .personal && leadEnded {
            if triggers.contains("termEnd") {
                ends = true
                needs.append("领衔委员任期届满，按本地规则工作室自行终止，收回标识")
            } else {
                needs.append("领衔委员任期届满：另定领衔委员，或办理终止")
            }
        }
        if studio.type == .region && remaining.allSatisfy({ $0.member.isNonMember }) {
            if triggers.contains("regionWithoutMembers") {
                ends = true
                needs.append("区域内已无本级委员，按本地规则工作室终止")
            } else {
                needs.append("团队已无在任委员：补充成员或办理终止")
            }
        }
        if !ends {
            for limit in profile?.roles ?? [] where limit.min > 0 {
                let left = remaining.filter { $0.membership.role == limit.role }.count
                if left < limit.min {
                    needs.append("须另选\(limit.role.title)（届满后余 \(left) 名，至少 \(limit.min) 名）")
                }
            }
            if let min = profile?.team.minMembers, remaining.count < min {
                needs.append("须补充成员（届满后余 \(remaining.count) 人，至少 \(min) 人）")
            }
        }
        let names = ended.map(\.member.name).joined(separator: "、")
        needs.append("届满成员 \(ended.count) 名（\(names)）须办理退出")
        return TermChangeFinding(studio: studio, endedMembers: ended.map(\.member), needs: needs, studioEnds: ends)
    }
}
