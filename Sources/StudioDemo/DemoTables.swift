import Foundation
import StudioCore
import StudioResources

/// The demo district's data (Resources/demo/*.json): who its invented members may be, its studios and their
/// seats, and the texts its ledgers and inspections are written with. DemoDataSet makes the district from
/// these with a fixed generator; the files are data only, the making stays in code.
public struct DemoTables: Sendable {
    var people: People
    var fields: Fields
    var district: District
    var texts: Texts

    /// people.json: the lists names, phones and notes are picked from, in order.
    struct People: Codable, Sendable {
        var surnames: [String]
        var compoundSurnames: [String]
        var maleGiven: [String]
        var femaleGiven: [String]
        var mobilePrefixes: [String]
        var notes: [String]
    }

    /// fields.json: the lines of work behind a member's 单位及职务, 专长 and 专委会.
    struct Fields: Codable, Sendable {
        var fields: [String: Field]
        /// The lines each 界别 draws from, for members not placed on a team; other 界别 draw from `otherSectorFields`.
        var sectorFields: [String: [String]]
        var otherSectorFields: [String]
        /// Titles several people in one unit may hold at once ("主任医师", not "院长").
        var sharedTitles: [String]

        func fields(for sector: String) -> [String] { sectorFields[sector] ?? otherSectorFields }
    }

    struct Field: Codable, Sendable {
        var femalePercent: Int
        /// 专门委员会 a member in this line of work is usually placed in, most likely first (repeats weigh).
        var committees: [String]
        var posts: [Post]
    }

    /// A post in a work unit: the titles a member may hold there and what such a person knows.
    struct Post: Codable, Sendable {
        var unit: String
        var titles: [String]
        var expertise: [String]
    }

    /// studios.json: the district and its studios.
    struct District: Codable, Sendable {
        var district: String
        /// Members who join a team after its founding join on or before this day.
        var lateJoinUntil: String
        /// Members on no team: one per 界别 in the reference order, then more from the start.
        var unplacedMembers: Int
        var studios: [StudioPlan]
    }

    struct StudioPlan: Codable, Sendable {
        /// nil for a personal studio: named after its lead.
        var name: String?
        var type: StudioType
        var mode: StudioMode
        var status: StudioStatus
        var profile: String
        var address: String
        /// nil: the lead's 界别 (personal studios).
        var sector: String?
        /// nil: the lead's 专委会 (personal studios).
        var committee: String?
        /// The founding team joined on this day.
        var founded: String
        /// Everyone joined at founding (no later arrivals).
        var closedTeam: Bool
        var team: TeamStyle
        /// The team in order, its lead (or first 召集人) first.
        var seats: [Seat]
    }

    /// How a team's roles are given by position.
    struct TeamStyle: Codable, Sendable {
        enum Style: String, Codable, Sendable {
            /// 陕西: 1–2 召集人, one 联络员 (none yet in a draft), the rest 驻室委员.
            case shaanxi
            /// 滨江 / 郴州: one 领衔委员, the rest 参与委员.
            case lead
            /// 鄂尔多斯: 主任 (lead), one 副主任 (convener), the rest 参与委员.
            case ordos
        }
        var style: Style
        var conveners: Int?
        var liaison: Bool?
    }

    /// One place on a team, `count` times: the 界别, the line of work, and optionally a fixed post, name or note.
    struct Seat: Codable, Sendable {
        var sector: String
        var field: String
        var unit: String?
        var title: String?
        var expertise: String?
        var name: String?
        var note: String?
        var count: Int?
    }

    /// ledger.json: the texts of the ledgers and inspections, picked by position.
    struct Texts: Codable, Sendable {
        /// Activity titles by rule-profile category id; other categories get "<名称>活动".
        var activityTitles: [String: [String]]
        var reviewers: [String]
        var proposalTitles: [String]
        var sqmyTitles: [String]
        /// What the 社情民意 made to meet a finished year's minimums are about.
        var minimumTopics: [String]
        var citizens: [String]
        var openItems: [String]
        var inspectors: [String]
        var inspectionFindings: [Finding]
    }

    struct Finding: Codable, Sendable {
        var verdict: WallVerdict
        var note: String
    }

    /// Reads and checks the four files in `directory`.
    public static func load(directory: URL) throws -> DemoTables {
        func read<T: Decodable>(_ name: String) throws -> T {
            let url = directory.appendingPathComponent(name)
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw DemoDataError("演示数据文件 \(url.path) 无法读取：\(error.localizedDescription)")
            }
            do { return try JSONDecoder().decode(T.self, from: data) } catch {
                throw DemoDataError("演示数据文件 \(url.path) 格式错误：\(error)")
            }
        }
        let tables = DemoTables(people: try read("people.json"), fields: try read("fields.json"),
                                district: try read("studios.json"), texts: try read("ledger.json"))
        try tables.check(directory: directory)
        return tables
    }

    /// The references between the files hold and no list the generator picks from is empty.
    func check(directory: URL) throws {
        func fail(_ file: String, _ what: String) -> DemoDataError {
            DemoDataError("演示数据文件 \(directory.appendingPathComponent(file).path)：\(what)")
        }
        let p = people
        for (name, list) in [("surnames", p.surnames), ("compoundSurnames", p.compoundSurnames), ("maleGiven", p.maleGiven),
                             ("femaleGiven", p.femaleGiven), ("mobilePrefixes", p.mobilePrefixes), ("notes", p.notes)] where list.isEmpty {
            throw fail("people.json", "\(name) 为空")
        }
        for (name, f) in fields.fields where f.posts.isEmpty || f.committees.isEmpty || f.posts.contains(where: { $0.titles.isEmpty || $0.expertise.isEmpty }) {
            throw fail("fields.json", "\(name) 缺少职务、专长或专委会")
        }
        for (sector, names) in fields.sectorFields.sorted(by: { $0.key < $1.key }).map({ ($0.key, $0.value) }) + [("其他", fields.otherSectorFields)] {
            if names.isEmpty { throw fail("fields.json", "\(sector) 没有对应的行业") }
            if let unknown = names.first(where: { fields.fields[$0] == nil }) { throw fail("fields.json", "\(sector) 的行业 \(unknown) 未定义") }
        }
        if CivilDate(exactISO: district.lateJoinUntil) == nil { throw fail("studios.json", "lateJoinUntil 不是日期：\(district.lateJoinUntil)") }
        for plan in district.studios {
            let label = plan.name ?? plan.address
            if CivilDate(exactISO: plan.founded) == nil { throw fail("studios.json", "\(label) 的 founded 不是日期：\(plan.founded)") }
            if plan.seats.isEmpty { throw fail("studios.json", "\(label) 没有成员") }
            for seat in plan.seats {
                if fields.fields[seat.field] == nil { throw fail("studios.json", "\(label) 的行业 \(seat.field) 未定义") }
                if (seat.count ?? 1) < 1 { throw fail("studios.json", "\(label) 的 count 须为正数") }
            }
        }
        let t = texts
        for (name, list) in [("reviewers", t.reviewers), ("proposalTitles", t.proposalTitles), ("sqmyTitles", t.sqmyTitles),
                             ("minimumTopics", t.minimumTopics), ("citizens", t.citizens), ("openItems", t.openItems),
                             ("inspectors", t.inspectors)] where list.isEmpty {
            throw fail("ledger.json", "\(name) 为空")
        }
        if t.inspectionFindings.isEmpty { throw fail("ledger.json", "inspectionFindings 为空") }
        if let empty = t.activityTitles.first(where: { $0.value.isEmpty }) { throw fail("ledger.json", "activityTitles.\(empty.key) 为空") }
    }

    /// The shipped tables (Resources/demo), read once per process.
    public static func shipped() throws -> DemoTables { try shippedResult.get() }

    private static let shippedResult: Result<DemoTables, DemoDataError> = {
        guard let dir = ResourceLocator.demoDirectory() else {
            return .failure(DemoDataError("找不到演示数据（Resources/demo）：请与 profiles 一同安装，或以 STUDIODESK_PROFILES 指明 profiles 目录"))
        }
        do { return .success(try load(directory: dir)) } catch {
            return .failure(error as? DemoDataError ?? DemoDataError("\(error)"))
        }
    }()
}

/// A demo data file missing or wrong: said in the clerk's words, with the file's path.
public struct DemoDataError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
