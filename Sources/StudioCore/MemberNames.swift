import Foundation

/// Reads a list of members typed into one field — names or pinyin initials separated by spaces,
/// commas or 、 ("张雪琴、lsm zhangwei") — against the studio's team first, then the whole roster,
/// so a clerk enters the participants of an activity without leaving the keyboard.
public enum MemberNames {
    public enum Outcome: Equatable, Sendable {
        case members([Member])
        case problem(String)
    }

    public static func split(_ text: String) -> [String] {
        text.split(whereSeparator: { " ,，、;；".contains($0) }).map(String.init)
    }

    /// Each token must name exactly one person: an exact name, else a unique pinyin-initials or
    /// pinyin match in the team, else in the roster.
    public static func resolve(_ text: String, team: [Member], roster: [Member]) -> Outcome {
        var found: [Member] = []
        for token in split(text) {
            let query = SearchQuery(token)
            func matches(_ pool: [Member]) -> [Member] {
                if let exact = pool.first(where: { $0.name == token }) { return [exact] }
                return pool.filter { m in
                    query.isPinyin ? (m.initials == query.pinyinText || m.pinyin.replacingOccurrences(of: " ", with: "") == query.pinyinText)
                        : m.name.contains(token)
                }
            }
            var hits = matches(team)
            if hits.isEmpty { hits = matches(roster) }
            // The same person can be in both pools.
            var unique: [Member] = []
            for h in hits where !unique.contains(where: { $0.id == h.id }) { unique.append(h) }
            if unique.isEmpty { return .problem("找不到委员「\(token)」") }
            if unique.count > 1 {
                return .problem("「\(token)」可指 " + unique.prefix(5).map(\.name).joined(separator: "、") + "，请写全名")
            }
            if !found.contains(where: { $0.id == unique[0].id }) { found.append(unique[0]) }
        }
        return .members(found)
    }

    public static func text(_ members: [Member]) -> String { members.map(\.name).joined(separator: "、") }
}
