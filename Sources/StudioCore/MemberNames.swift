import Foundation

/// Reads a list of members typed into one field — names or pinyin initials separated by spaces,
/// commas or 、 ("张雪琴、lsm zhangwei") — against the studio's team first, then the whole roster,
/// so a clerk enters the participants of an activity without leaving the keyboard.
public enum MemberNames {
    public enum Outcome: Equatable, Sendable {
        case members([Member])
        case problem(String)
    }

    static let separators: Set<Character> = [" ", "　", ",", "，", "、", ";", "；"]

    public static func split(_ text: String) -> [String] {
        text.split(whereSeparator: { separators.contains($0) }).map(String.init)
    }

    /// What one token names.
    public enum TokenMatch: Equatable, Sendable {
        case one(Member)
        /// Several people, team members first.
        case several([Member])
        case none
    }

    /// An exact name, else a unique pinyin-initials, full-pinyin or name-part match in the team, else in the
    /// roster. The team wins: `zxq` is the team's 张雪琴 even when the roster has a 赵晓倩.
    public static func match(_ token: String, team: [Member], roster: [Member]) -> TokenMatch {
        let query = SearchQuery(token)
        func unique(_ list: [Member]) -> [Member] {
            var out: [Member] = []
            for m in list where !out.contains(where: { $0.id == m.id }) { out.append(m) }
            return out
        }
        if let exact = team.first(where: { $0.name == token }) { return .one(exact) }
        let exactInRoster = unique(roster.filter { $0.name == token })
        if exactInRoster.count == 1 { return .one(exactInRoster[0]) }
        if exactInRoster.count > 1 { return .several(exactInRoster) }
        func matches(_ pool: [Member]) -> [Member] {
            unique(pool.filter { m in
                query.isPinyin ? (m.initials == query.pinyinText || m.pinyin.replacingOccurrences(of: " ", with: "") == query.pinyinText)
                    : m.name.contains(token)
            })
        }
        let inTeam = matches(team)
        if inTeam.count == 1 { return .one(inTeam[0]) }
        let inRoster = matches(roster)
        if inTeam.isEmpty {
            return inRoster.isEmpty ? .none : inRoster.count == 1 ? .one(inRoster[0]) : .several(inRoster)
        }
        return .several(unique(inTeam + inRoster))
    }

    /// Each token must name exactly one person (see `match`).
    public static func resolve(_ text: String, team: [Member], roster: [Member]) -> Outcome {
        let found = check(text, team: team, roster: roster)
        return found.problems.isEmpty ? .members(found.members) : .problem(found.problems.joined(separator: "；"))
    }

    /// The participants typed in a form, with every problem at once.
    public struct Check: Equatable, Sendable {
        public var members: [Member] = []
        /// Each token that names nobody or several people, as a sentence.
        public var problems: [String] = []
        /// Each member found who was not on the studio's team on the day: "欧阳娜娜 不是本工作室成员". The form asks
        /// for a confirmation, then saves.
        public var warnings: [String] = []
    }

    public static func check(_ text: String, team: [Member], roster: [Member]) -> Check {
        var out = Check()
        for token in split(text) {
            switch match(token, team: team, roster: roster) {
            case .one(let m):
                if !out.members.contains(where: { $0.id == m.id }) { out.members.append(m) }
            case .several(let people):
                out.problems.append("「\(token)」可指 " + people.prefix(5).map(\.name).joined(separator: "、") + "，请写全名或按 Tab 选择")
            case .none:
                out.problems.append("找不到委员「\(token)」")
            }
        }
        return out
    }

    /// `check` against the studio's team as it stood on the activity's date (`date` nil: the team today): a member
    /// found only in the roster is a warning that names them, with when they were on the team if they ever were.
    public static func check(_ text: String, team: [TeamEntry], roster: [Member], on date: String?) -> Check {
        let onTeam = team.filter { e in
            guard let date else { return e.isCurrent }
            return e.membership.joinedOn <= date && (e.membership.leftOn.map { date <= $0 } ?? true)
        }
        var out = check(text, team: onTeam.map(\.member), roster: roster)
        for m in out.members where !onTeam.contains(where: { $0.member.id == m.id }) {
            let spells = team.filter { $0.member.id == m.id }.map(\.membership)
            if let s = spells.last, date != nil {
                let until = s.leftOn.map { "至" + DateInput.chinese($0) } ?? "起"
                out.warnings.append("\(m.name) 活动当天不是本工作室成员（\(DateInput.chinese(s.joinedOn))\(until)在团队中）")
            } else {
                out.warnings.append("\(m.name) 不是本工作室成员")
            }
        }
        return out
    }

    /// A members field after a token was completed (a space typed) or the field was left (Tab).
    public struct Completion: Equatable, Sendable {
        /// The text with each completed token that names one person turned into the name, separators kept.
        public var text: String
        /// The first completed token that names several people: which token (by position) and who, for a choice.
        public var choice: Choice?

        public struct Choice: Equatable, Sendable {
            public var token: String
            public var index: Int
            public var candidates: [Member]
        }
    }

    /// Tokens are "completed" when a separator follows them; with `all` (the field is left) the last one too.
    public static func complete(_ text: String, all: Bool, team: [Member], roster: [Member]) -> Completion {
        var pieces = self.pieces(text)
        var choice: Completion.Choice?
        var index = 0
        for (i, p) in pieces.enumerated() where p.isToken {
            defer { index += 1 }
            let completed = all || pieces[(i + 1)...].contains { !$0.isToken }
            guard completed else { continue }
            switch match(p.text, team: team, roster: roster) {
            case .one(let m): pieces[i].text = m.name
            case .several(let people): if choice == nil { choice = .init(token: p.text, index: index, candidates: people) }
            case .none: break
            }
        }
        return Completion(text: pieces.map(\.text).joined(), choice: choice)
    }

    /// The text with its `index`-th token replaced by `name` (a choice made), separators kept.
    public static func replacing(token index: Int, in text: String, with name: String) -> String {
        var pieces = self.pieces(text)
        var n = 0
        for (i, p) in pieces.enumerated() where p.isToken {
            if n == index { pieces[i].text = name; break }
            n += 1
        }
        return pieces.map(\.text).joined()
    }

    /// The text as alternating runs of token and separator characters.
    static func pieces(_ text: String) -> [(text: String, isToken: Bool)] {
        var out: [(text: String, isToken: Bool)] = []
        for c in text {
            let token = !separators.contains(c)
            if let last = out.last, last.isToken == token { out[out.count - 1].text.append(c) } else { out.append((String(c), token)) }
        }
        return out
    }

    public static func text(_ members: [Member]) -> String { members.map(\.name).joined(separator: "、") }
}
