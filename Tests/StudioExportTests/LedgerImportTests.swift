import Foundation
import Testing
import GRDB
@testable import StudioCore
@testable import StudioDemo
@testable import StudioExport
@testable import StudioResources
@testable import StudioStore

/// The four ledgers and the studio register from an office's files, on the demo district: studios and members
/// found by name, every bad row named by row and column, nothing written unless every row is right, and a
/// second import of the same file changing nothing.
@Suite struct LedgerImportTests {
    let dir: URL
    let db: AppDatabase
    let profiles: [RuleProfile]

    init() throws { (dir, db, profiles) = try demoOffice("ledger-import") }

    func file(_ name: String, _ text: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func count(_ table: String) throws -> Int {
        try db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    static let activities = """
    工作室,活动日期,活动类别,线上/线下,活动名称,地点,参加委员,服务群众人数,活动内容
    明湖区湖滨街道委员工作室,2026/3/5,走访调研,线下,老旧小区加装电梯走访,湖滨街道社区服务中心,司马月华、施春梅,35,听取居民意见
    明湖区湖滨街道委员工作室,46100,政策宣讲,线上,医保政策线上宣讲,,施春梅,120,
    """

    @Test func activitiesImportWithTheirMembersAndASecondImportChangesNothing() throws {
        let before = try count("activity")
        let path = try file("a.csv", Self.activities)
        let outcome = try Importer.run(.activities, path: path, into: db, profiles: profiles, apply: true)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.written && outcome.summary == "新增 2 条，修改 0 条，不变 0 条")
        #expect(try count("activity") == before + 2)
        let studio = try #require(try db.studios().first { $0.name == "明湖区湖滨街道委员工作室" })
        let entries = try db.ledgerEntries(studioID: studio.id!).filter { $0.title.contains("电梯走访") || $0.title.contains("医保") }
        let walk = try #require(entries.first { $0.title == "老旧小区加装电梯走访" })
        #expect(walk.date == "2026-03-05" && walk.categoryID == "visit" && walk.memberIDs.count == 2 && walk.review.status == .pending)
        // 46100 is how Excel stores 2026-03-19 in a cell that lost its date format.
        let online = try #require(entries.first { $0.title == "医保政策线上宣讲" })
        #expect(online.date == "2026-03-19" && online.mode == .online)

        let again = try Importer.run(.activities, path: path, into: db, profiles: profiles, apply: true)
        #expect(again.summary == "新增 0 条，修改 0 条，不变 2 条")
        let edited = try file("b.csv", Self.activities.replacingOccurrences(of: ",35,", with: ",40,"))
        let change = try Importer.run(.activities, path: edited, into: db, profiles: profiles, apply: false)
        #expect(change.summary == "新增 0 条，修改 1 条，不变 1 条" && change.changed.first?.contains("服务群众人数") == true, "\(change.summary) \(change.changed) \(change.problems)")
        #expect(try count("activity") == before + 2)
    }

    /// Each bad file is refused with its problem named by row and column, and the ledger stays as it was.
    @Test(arguments: [
        ("unknown studio", "明湖区湖滨街道委员工作室,2026/3/5", "明湖区不存在委员工作室,2026/3/5", "第 2 行「工作室」：未知的工作室「明湖区不存在委员工作室」"),
        ("unknown member", "司马月华、施春梅", "司马月华、查无此人", "第 2 行「参加委员」：未知的委员「查无此人」"),
        ("bad date", "2026/3/5", "2026/2/30", "第 2 行「活动日期」：日期「2026/2/30」无效"),
        ("date without year", "2026/3/5", "3月5日", "第 2 行「活动日期」：日期「3月5日」无效"),
        ("value outside its list", ",线上,医保", ",网上,医保", "第 3 行「线上/线下」：「网上」不在可选值中"),
        ("category of other rules", ",政策宣讲,", ",协商议事,", "第 3 行「活动类别」：「协商议事」不是「明湖区湖滨街道委员工作室」规则中的活动类别"),
        ("negative count", ",35,", ",-3,", "第 2 行「服务群众人数」：应为不小于 0 的整数"),
        ("formula", ",35,", ",=SUM(A1:A3),", "第 2 行「服务群众人数」：是公式"),
        ("missing column", "活动日期,活动类别", "日子,活动类别", "缺少必填列「活动日期」"),
        ("archived studio", "明湖区湖滨街道委员工作室,46100", "明湖区旅游协会委员工作室,46100", "已终止"),
        // Issue 19: a title that hides a character or breaks the line, a cell no header names.
        ("hidden character in a title", "老旧小区加装电梯走访", "老旧小区加装\u{202E}电梯走访", "第 2 行「活动名称」：含有不可见字符 U+202E（从右至左覆盖），请删除后再导入"),
        ("line break in a title", "医保政策线上宣讲", "\"医保政策\n线上宣讲\"", "第 3 行「活动名称」：含有换行符 U+000A（换行），请删除后再导入"),
        ("cell past the header", "听取居民意见", "听取居民意见,备用", "第 2 行：第 10 列（J 列）没有表头，内容「备用」无处导入"),
    ])
    func aBadLedgerFileWritesNothing(_ test: (String, String, String, String)) throws {
        let (name, from, to, expected) = test
        let before = try count("activity")
        let text = Self.activities.replacingOccurrences(of: from, with: to)
        #expect(text != Self.activities, "\(name): the case changes the file")
        let outcome = try Importer.run(.activities, path: try file("\(name).csv", text), into: db, profiles: profiles, apply: true)
        #expect(!outcome.written, "\(name)")
        #expect(outcome.problems.contains { $0.description.contains(expected) }, "\(name): \(outcome.problems)")
        #expect(try count("activity") == before, "\(name)")
    }

    @Test func aDuplicateRowIsNamedWithTheRowItRepeats() throws {
        let lines = Self.activities.split(separator: "\n")
        let text = (lines + [lines[1]]).joined(separator: "\n")
        let outcome = try Importer.run(.activities, path: try file("dup.csv", text), into: db, profiles: profiles, apply: true)
        #expect(outcome.problems.map(\.description) == ["第 4 行：与第 2 行重复（工作室、活动日期、活动名称和参加委员相同）"])
        #expect(!outcome.written)
    }

    @Test func proposalsSocialInfoAndCitizenItemsImportWithTheirChecks() throws {
        let proposals = """
        工作室,提案标题,提交日期,提案类型,办理状态,立案日期,承办单位,答复日期,满意度,提案人
        明湖区湖滨街道委员工作室,关于增设社区食堂的建议,2026-01-10,联名提案,已答复,2026-02-01,区民政局,2026-04-01,满意,司马月华、施春梅
        明湖区湖滨街道委员工作室,关于河道保洁的建议,2026-01-12,个人,已立案,,区水利局,,,
        """
        let bad = try Importer.run(.proposals, path: try file("p.csv", proposals), into: db, profiles: profiles, apply: true)
        #expect(bad.problems.map(\.description) == ["第 3 行「立案日期」：请填写立案日期"], "\(bad.problems)")
        let good = try Importer.run(.proposals, path: try file("p2.csv", proposals.replacingOccurrences(of: "已立案,,", with: "已立案,2026-02-03,")),
                                    into: db, profiles: profiles, apply: true)
        #expect(good.written && good.summary == "新增 2 条，修改 0 条，不变 0 条", "\(good.problems)")
        let p = try #require(try db.read { db in try Proposal.filter(Column("title") == "关于增设社区食堂的建议").fetchOne(db) })
        #expect(p.kind == .joint && p.status == .replied && p.repliedOn == "2026-04-01" && p.satisfaction == "满意")
        #expect(try db.ledgerMembers(kind: .proposal, id: p.id!).map(\.name).sorted() == ["施春梅", "司马月华"].sorted())

        let sqmy = """
        工作室,信息标题,报送日期,报送渠道,状态,采用单位,采用日期
        明湖区湖滨街道委员工作室,关于社区养老服务的反映,2026年4月2日,区政协办公室,已采用,,2026-04-20
        """
        let s = try Importer.run(.sqmy, path: try file("s.csv", sqmy), into: db, profiles: profiles, apply: true)
        #expect(s.problems.map(\.description) == ["第 2 行「采用单位」：请填写采用单位"])
        let s2 = try Importer.run(.sqmy, path: try file("s2.csv", sqmy.replacingOccurrences(of: "已采用,,", with: "已采用,市政协,")), into: db, profiles: profiles, apply: true)
        #expect(s2.written, "\(s2.problems)")

        let intake = """
        收到日期,反映人,联系方式,收集渠道,反映内容,分类,反馈日期,反馈内容
        2026-05-06,李阿姨,13905710009,值班,小区门口路灯不亮,微建议,2026-05-12,已修复
        2026-05-07,匿名,1390571,来信,垃圾清运不及时,,,
        """
        let studio = try #require(try db.studios().first { $0.name == "明湖区湖滨街道委员工作室" })
        let i = try Importer.run(.intake, path: try file("i.csv", intake), into: db, profiles: profiles, defaultStudioID: studio.id, apply: true)
        #expect(i.problems.map(\.description) == ["第 3 行「联系方式」：电话号码「1390571」不对：手机11位，座机带区号"])
        let noStudio = try Importer.run(.intake, path: try file("i.csv", intake), into: db, profiles: profiles, apply: true)
        #expect(noStudio.problems.first?.description.contains("缺少必填列「工作室」") == true)
        let i2 = try Importer.run(.intake, path: try file("i2.csv", intake.replacingOccurrences(of: ",1390571,", with: ",,")), into: db, profiles: profiles,
                                  defaultStudioID: studio.id, apply: true)
        #expect(i2.written, "\(i2.problems)")
        let item = try #require(try db.citizenItems(studioID: studio.id!).first { $0.content == "小区门口路灯不亮" })
        #expect(item.channel == .offlineDuty && item.triage == .microSuggestion && item.feedbackOn == "2026-05-12")
    }

    @Test func studiosComeInWithTheirTeamAndStatusAndUpdateOnASecondFile() throws {
        let members = try db.read { db in try Member.filter(Column("isNonMember") == false).order(Column("id")).fetchAll(db) }
        let (a, b, c) = (members[0].name, members[1].name, members[2].name)
        let text = """
        工作室名称,类型,线上/线下,状态,授牌日期,地址,界别/区域,领衔委员,联络员,参与委员
        明湖区北山街道委员工作室,区域,线下,已授牌,2024-06-18,明湖区北山路8号社区服务中心,北山街道,\(a),\(b),
        明湖区湖滨街道委员工作室,区域,线下,,2023-05-01,,,,,\(c)
        """
        let before = try count("studio")
        let outcome = try Importer.run(.studios, path: try file("studios.csv", text), into: db, profiles: profiles, apply: true)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.summary == "新增 1 个工作室，修改 1 个，不变 0 个" && outcome.written)
        #expect(try count("studio") == before + 1)
        let north = try #require(try db.studios().first { $0.name == "明湖区北山街道委员工作室" })
        #expect(north.status == .plaqued && north.profileID == "shaanxi-2023")
        #expect(try db.statusHistory(studioID: north.id!).map(\.date) == ["2024-06-18"])
        #expect(try db.team(studioID: north.id!).map(\.membership.role).sorted { $0.rawValue < $1.rawValue } == [.lead, .liaison])

        let bad = text.replacingOccurrences(of: "北山街道委员工作室,区域,线下,已授牌", with: "南山街道委员工作室,街道,线下,摘牌")
        let refused = try Importer.run(.studios, path: try file("bad.csv", bad), into: db, profiles: profiles, apply: true)
        #expect(refused.problems.map(\.description).contains { $0.hasPrefix("第 2 行「类型」：「街道」不在可选值中") }, "\(refused.problems)")
        #expect(refused.problems.map(\.description).contains { $0.hasPrefix("第 2 行「状态」：导入的工作室应为运行中的") })
        #expect(try count("studio") == before + 1)
    }

    /// A studio name with a zero-width space would be a second studio that looks like the first.
    @Test func aStudioNameWithAHiddenCharacterIsRefused() throws {
        let text = "工作室名称,类型,授牌日期\n明湖区北山\u{200B}街道委员工作室,区域,2024-06-18\n"
        let before = try count("studio")
        let outcome = try Importer.run(.studios, path: try file("hidden.csv", text), into: db, profiles: profiles, apply: true)
        #expect(outcome.problems.map(\.description) == ["第 2 行「工作室名称」：含有不可见字符 U+200B（零宽空格），请删除后再导入"])
        #expect(try !outcome.written && count("studio") == before)
    }

    /// 陕西 四.2: a 联络员 from a member's unit is not on the roster; the import takes them as a non-member (never
    /// counted among the 委员), while any other unknown name is still refused. A second import adds no one again.
    @Test func aLiaisonFromAMembersUnitComesInAsANonMember() throws {
        let members = try db.read { db in try Member.filter(Column("isNonMember") == false).order(Column("id")).fetchAll(db) }
        let text = """
        工作室名称,类型,线上/线下,状态,授牌日期,地址,界别/区域,召集人,联络员,驻室委员
        明湖区西山街道委员工作室,区域,线下,已授牌,2024-06-18,西山路1号,西山街道,\(members[0].name),单位联络人甲,\(members[1].name)、\(members[2].name)
        """
        let outcome = try Importer.run(.studios, path: try file("liaison.csv", text), into: db, profiles: profiles, apply: true)
        #expect(outcome.problems.isEmpty && outcome.written, "\(outcome.problems)")
        let west = try #require(try db.studios().first { $0.name == "明湖区西山街道委员工作室" })
        let team = try db.team(studioID: west.id!)
        #expect(team.filter { $0.member.isNonMember }.map(\.member.name) == ["单位联络人甲"])
        #expect(team.first { $0.member.isNonMember }?.membership.role == .liaison)
        let again = try Importer.run(.studios, path: try file("liaison.csv", text), into: db, profiles: profiles, apply: true)
        #expect(again.summary == "新增 0 个工作室，修改 0 个，不变 1 个", "\(again.summary)")
        #expect(try db.team(studioID: west.id!).count == team.count)
        // An unknown 驻室委员 is still an unknown member.
        let bad = text.replacingOccurrences(of: "西山街道委员工作室", with: "东山街道委员工作室").replacingOccurrences(of: members[2].name, with: "查无此人")
        let refused = try Importer.run(.studios, path: try file("bad-liaison.csv", bad), into: db, profiles: profiles, apply: true)
        #expect(refused.problems.map(\.description).contains { $0.contains("未知的委员「查无此人」") }, "\(refused.problems)")
    }

    @Test func everyKindHasATemplateItsOwnImportReads() throws {
        for kind in ImportKind.allCases {
            let header = kind.template[0]
            let table = ImportTable(headers: header, rows: [])
            let (index, ignored, _) = ImportCells.mapHeaders(table.headers, titles: kind.columns.map { ($0.title, $0.aliases) })
            #expect(ignored.isEmpty && index.count == header.count, "\(kind)")
        }
    }
}
