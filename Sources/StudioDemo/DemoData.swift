import Foundation
import StudioCore

/// One member's seat on one demo studio, by index into `DemoDataSet`.
public struct DemoMembership: Equatable, Sendable {
    public var studioIndex: Int   // index into DemoDataSet.studios
    public var memberIndex: Int   // index into DemoDataSet.members
    public var role: StudioRole
    public var joinedOn: String   // ISO yyyy-MM-dd
}

/// A fictional district 政协 (政协明湖区委员会, 明湖区 is an invented place) with its
/// members, studios and teams, so that a newcomer opens a populated program.
/// Pure and deterministic: the studios and the lists names and phone numbers are picked from come from
/// the demo tables (Resources/demo), the picks from a linear congruential generator with a constant seed,
/// never from the system.
public struct DemoDataSet: Sendable {
    public var districtName: String       // "明湖区"
    public var members: [Member]          // ids nil
    public var studios: [Studio]          // ids nil
    public var memberships: [DemoMembership]
    /// The texts the ledgers and inspections are written with.
    var texts: DemoTables.Texts

    /// The district from the shipped tables, which must be there: for tests and for callers that have found
    /// them already. The program's own commands call `load()`, which says what is missing instead of stopping.
    public static func make() -> DemoDataSet {
        do { return try load() } catch { fatalError("\(error)") }
    }

    /// The district from the shipped tables (Resources/demo).
    public static func load() throws -> DemoDataSet {
        make(tables: try DemoTables.shipped())
    }

    public static func make(tables: DemoTables) -> DemoDataSet {
        var recipe = DemoRecipe(tables: tables)
        return recipe.build()
    }
}

// MARK: - Generator

/// Knuth's MMIX LCG; the high bits are used, the low ones are too regular.
private struct DemoLCG {
    var state: UInt64

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }

    /// 0 ..< n
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// True with the given percentage.
    mutating func chance(_ percent: Int) -> Bool { int(100) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
}

// MARK: - Recipe

private struct DemoRecipe {
    let tables: DemoTables
    var rng = DemoLCG(state: 0x4D48_2021_0315)
    var usedNames: Set<String> = []
    var usedPhones: Set<String> = []
    var usedPosts: Set<String> = []
    let sharedTitles: Set<String>

    init(tables: DemoTables) {
        self.tables = tables
        sharedTitles = Set(tables.fields.sharedTitles)
    }

    mutating func build() -> DemoDataSet {
        var members: [Member] = []
        var studios: [Studio] = []
        var memberships: [DemoMembership] = []
        let plans = tables.district.studios

        // Reserve the fixed names and posts first so that no generated one repeats them.
        for plan in plans {
            for s in plan.seats {
                if let n = s.name { usedNames.insert(n) }
                if let unit = s.unit { usedPosts.insert("\(unit) \(s.title ?? "")") }
            }
        }

        // Checked when the tables were read (DemoTables.check).
        let lastDay = CivilDate(exactISO: tables.district.lateJoinUntil)!.dayNumber
        for plan in plans {
            let studioIndex = studios.count
            var team: [Int] = []
            for s in plan.seats.flatMap({ Array(repeating: $0, count: $0.count ?? 1) }) {
                team.append(members.count)
                members.append(makeMember(s))
            }
            let lead = members[team[0]]
            studios.append(Studio(
                name: plan.name ?? "\(lead.name)委员工作室", type: plan.type, mode: plan.mode,
                status: plan.status, profileID: plan.profile, address: plan.address,
                sector: plan.sector ?? lead.sector, committee: plan.committee ?? lead.committee))

            let founded = CivilDate(exactISO: plan.founded)!.dayNumber
            for (position, memberIndex) in team.enumerated() {
                // The founding team joins on the founding day; a few join later.
                var joined = founded
                if !plan.closedTeam && position >= 3 && rng.chance(35) {
                    joined = min(founded + 60 + rng.int(900), lastDay)
                }
                memberships.append(DemoMembership(
                    studioIndex: studioIndex, memberIndex: memberIndex,
                    role: Self.role(plan.team, position: position), joinedOn: CivilDate(dayNumber: joined).iso))
            }
        }

        let sectors = CPPCCReference.sectors
        for i in 0..<tables.district.unplacedMembers {
            let sector = sectors[i % sectors.count]
            members.append(makeMember(DemoTables.Seat(sector: sector, field: rng.pick(tables.fields.fields(for: sector)))))
        }

        // Shuffle so that a team's members are not neighbours in the list.
        var order = Array(members.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, rng.int(i + 1))
        }
        var newIndex = Array(repeating: 0, count: members.count)
        for (new, old) in order.enumerated() { newIndex[old] = new }
        let shuffled = order.map { members[$0] }
        for i in memberships.indices {
            memberships[i].memberIndex = newIndex[memberships[i].memberIndex]
        }

        return DemoDataSet(districtName: tables.district.district, members: shuffled, studios: studios,
                           memberships: memberships, texts: tables.texts)
    }

    static func role(_ team: DemoTables.TeamStyle, position: Int) -> StudioRole {
        switch team.style {
        case .shaanxi:
            let conveners = team.conveners ?? 1
            if position < conveners { return .convener }
            if (team.liaison ?? false) && position == conveners { return .liaison }
            return .resident
        case .lead:
            return position == 0 ? .lead : .participant
        case .ordos:
            switch position {
            // Ordos: 主任 (lead), one 副主任 (convener), the rest 参与委员.
            case 0: return .lead
            case 1: return .convener
            default: return .participant
            }
        }
    }

    mutating func makeMember(_ seat: DemoTables.Seat) -> Member {
        let field = tables.fields.fields[seat.field]!  // checked when the tables were read
        let female = rng.chance(field.femalePercent)
        let name = seat.name ?? makeName(female: female)

        let unitTitle: String
        let expertise: String
        if let unit = seat.unit {
            unitTitle = "\(unit) \(seat.title ?? "")"
            expertise = seat.expertise ?? ""
        } else {
            let made = makePost(field)
            unitTitle = made.0
            expertise = made.1
        }
        usedPosts.insert(unitTitle)

        let note = seat.note ?? (rng.chance(12) ? rng.pick(tables.people.notes) : "")
        return Member(name: name, sector: seat.sector, committee: rng.pick(field.committees),
                      unitTitle: unitTitle, expertise: expertise, phone: makePhone(), note: note)
    }

    /// A post not yet held (several people may share "主任医师", not "院长").
    mutating func makePost(_ field: DemoTables.Field) -> (String, String) {
        var candidates: [(String, DemoTables.Post)] = []
        for post in field.posts {
            for title in post.titles {
                let text = "\(post.unit) \(title)"
                if !usedPosts.contains(text) || sharedTitles.contains(title) {
                    candidates.append((text, post))
                }
            }
        }
        if candidates.isEmpty {
            let post = rng.pick(field.posts)
            candidates = [("\(post.unit) \(rng.pick(post.titles))", post)]
        }
        let (text, post) = rng.pick(candidates)
        var skills = [rng.pick(post.expertise)]
        if rng.chance(55) {
            let other = post.expertise.filter { $0 != skills[0] }
            if !other.isEmpty { skills.append(rng.pick(other)) }
        }
        return (text, skills.joined(separator: "、"))
    }

    /// A name not used before whose initials do not contain "zxq" (张雪琴's, searched for by tests).
    mutating func makeName(female: Bool) -> String {
        let people = tables.people
        while true {
            let surname = rng.chance(5) ? rng.pick(people.compoundSurnames) : rng.pick(people.surnames)
            let given = rng.pick(female ? people.femaleGiven : people.maleGiven)
            let name = surname + given
            if usedNames.contains(name) { continue }
            // Character.isNumber is true for some Han characters (一, 陆 …), which the validator refuses.
            if name.contains(where: \.isNumber) { continue }
            if PinyinKey(name).initials.contains("zxq") { continue }
            usedNames.insert(name)
            return name
        }
    }

    mutating func makePhone() -> String {
        while true {
            let prefix = rng.pick(tables.people.mobilePrefixes)
            let rest = String(rng.int(100_000_000))
            let phone = prefix + String(repeating: "0", count: 8 - rest.count) + rest
            if usedPhones.insert(phone).inserted { return phone }
        }
    }
}
