import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit
import StudioResources

@Suite struct StudioEditorTests {
    func harness() throws -> Harness {
        try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
    }

    @Test func newApplicationDefaultsToTheUsualRulesAndOpensItsDetail() throws {
        let h = try harness()
        h.press(.char("2"), .char("n"))
        let form = h.screen
        #expect(form.contains("新建工作室申报"))
        // Five profiles do not fit side by side: the chosen one shows with its place in the list.
        #expect(form.contains("< 陕西 2023 >"))
        h.press(.tab, .tab, .tab)
        h.type("文化艺术界委员工作室")
        h.press(.tab)
        h.type("明湖区文昌路12号")
        h.press(.tab)
        h.type("文化艺术界")
        h.press(.function(2))
        let s = h.screen
        #expect(s.contains("> 文化艺术界委员工作室"))
        #expect(s.contains("状态：草稿"))
        #expect(s.contains("适用规则：陕西 2023"))
        #expect(s.contains("不符合：团队共有委员 0 人，少于 5 人的下限"))
        #expect(try h.db.studios().contains { $0.name == "文化艺术界委员工作室" && $0.status == .draft })
    }

    @Test func emptyNameIsExplainedAndNothingSaved() throws {
        let h = try harness()
        let before = try h.db.studios().count
        h.press(.char("2"), .char("n"), .function(2))
        #expect(h.screen.contains("工作室名称不能为空"))
        #expect(try h.db.studios().count == before)
    }

    func openDraft(_ h: Harness) throws -> Studio {
        let s = try h.db.createStudio(Studio(name: "文化艺术界委员工作室", type: .sector, profileID: "shaanxi-2023",
                                              address: "明湖区文昌路12号", sector: "文化艺术界"))
        h.press(.char("2"), .char("/"))
        h.type("whysj")
        h.press(.enter, .enter)
        return s
    }

    @Test func addAMemberFoundByPinyinInitials() throws {
        let h = try harness()
        let s = try openDraft(h)
        h.press(.char("a"))
        #expect(h.screen.contains("为「文化艺术界委员工作室」添加成员"))
        h.type("zxq")
        #expect(h.screen.contains("张雪琴"))
        #expect(h.screen.contains("医药卫生界委员工作室"))  // where she already is
        h.press(.enter)
        #expect(h.screen.contains("张雪琴 加入「文化艺术界委员工作室」"))
        h.press(.char("1"))  // 召集人, the first Shaanxi role
        h.press(.function(2))
        let detail = h.screen
        #expect(detail.contains("现有成员：1 人"))
        #expect(detail.contains("召集人"))
        // Shaanxi: one studio per member, so her other studio is an error to resolve before submitting.
        #expect(detail.contains("不符合：张雪琴已在「医药卫生界委员工作室」"))
        #expect(try h.db.team(studioID: s.id!).map(\.member.name) == ["张雪琴"])
    }

    @Test func aWrongPickInADraftNeverSubmittedIsDeletedOutright() throws {
        let h = try harness()
        let s = try openDraft(h)
        let m = try #require(try h.db.members(matching: SearchQuery("zxq")).first)
        try h.db.addTeamMember(studioID: s.id!, memberID: m.id!, role: .convener, joinedOn: "2026-01-05")
        h.press(.escape, .enter)
        h.press(.char("x"))
        #expect(h.screen.contains("删除选错的成员"))
        #expect(h.screen.contains("申报尚未提交：把「张雪琴」从团队名单中直接删除"))
        h.press(.char("y"))
        #expect(h.screen.contains("现有成员：0 人"))
        #expect(try h.db.team(studioID: s.id!).isEmpty)  // no line with a 退出日期 left behind
    }

    @Test func aMemberLeavesWithDateAndReason() throws {
        let h = try harness()
        let s = try openDraft(h)
        let m = try #require(try h.db.members(matching: SearchQuery("zxq")).first)
        try h.db.addTeamMember(studioID: s.id!, memberID: m.id!, role: .convener, joinedOn: "2026-01-05")
        // Submitted once and returned (退回修改): from now on the team keeps its history.
        try h.db.changeStatus(studioID: s.id!, expected: .draft, to: .inApproval, date: "2026-02-01", reason: "提交审批")
        try h.db.changeStatus(studioID: s.id!, expected: .inApproval, to: .draft, date: "2026-02-10", reason: "退回修改")
        h.press(.escape, .enter)  // back to the register and in again, to see the new member
        #expect(h.screen.contains("现有成员：1 人"))
        h.press(.char("x"))
        #expect(h.screen.contains("张雪琴（召集人）退出团队"))
        h.press(.function(2))
        #expect(h.screen.contains("请写明退出原因"))
        // The form moved to the reason, the field to fix.
        h.type("工作调整")
        h.press(.function(2))
        #expect(h.screen.contains("现有成员：0 人"))
        #expect(h.screen.contains("2026-11-18"))  // the left-on date (today in the harness)
        #expect(try h.db.team(studioID: s.id!).first?.membership.leftReason == "工作调整")
    }

    @Test func editingParticularsKeepsTheStatus() throws {
        let h = try harness()
        let s = try openDraft(h)
        h.press(.char("e"))
        #expect(h.screen.contains("修改工作室：文化艺术界委员工作室"))
        h.press(.tab, .tab, .tab, .tab, .end)
        h.type("3楼")
        h.press(.function(2))
        #expect(h.screen.contains("地址：明湖区文昌路12号3楼"))
        #expect(try h.db.studio(id: s.id!)?.status == .draft)
    }
}

@Suite struct StudioLifecycleScreenTests {
    func harness() throws -> Harness {
        try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
    }

    func open(_ h: Harness, _ initials: String) {
        h.press(.char("2"), .char("/"))
        h.type(initials)
        h.press(.enter, .enter)
    }

    @Test func warnAStudioWithDateAndReasonAndSeeItInTheHistory() throws {
        let h = try harness()
        let studio = try #require(try h.db.studios().first { $0.name == "医药卫生界委员工作室" })
        open(h, "yywsj")
        h.press(.char("s"))
        let form = h.screen
        #expect(form.contains("变更状态：医药卫生界委员工作室（现为「已授牌」）"))
        #expect(form.contains("[警示]"))
        #expect(form.contains("首次未达标：") )  // the Shaanxi ladder from the profile
        h.press(.function(2))
        #expect(h.screen.contains("请写明原因"))
        h.type("2026年度考核未达标")
        h.press(.function(2))
        #expect(h.screen.contains("状态：警示"))
        #expect(try h.db.studio(id: studio.id!)?.status == .warned)
        let history = try h.db.statusHistory(studioID: studio.id!)
        #expect(history.last?.toStatus == .warned)
        #expect(history.last?.reason == "2026年度考核未达标")
        h.press(.char("p"))
        #expect(h.screen.contains("已授牌 → 警示"))
    }

    @Test func anEndedStudioIsReadOnly() throws {
        let h = try harness()
        let ended = try #require(try h.db.studios().first { $0.status == .terminated })
        let before = try h.db.team(studioID: ended.id!)
        h.press(.char("2"), .char("/"))
        h.type(ended.initials)
        h.press(.enter, .enter)
        for key in [Key.char("a"), .char("x"), .char("e"), .char("s")] {
            h.press(key)
            #expect(h.screen.contains("记录已归档，只能查看"), "\(key)")
            h.press(.enter)
        }
        #expect(try h.db.team(studioID: ended.id!) == before)
        #expect(try h.db.studio(id: ended.id!)?.status == .terminated)
    }
}

@Suite struct ApplicationTextScreenTests {
    @Test func fillTheWorkPlanOfAShaanxiApplication() throws {
        let h = try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
        let studio = try #require(try h.db.studios().first { $0.name == "农业界委员工作室" })
        h.press(.char("2"), .char("/"))
        h.type("nyjwy")
        h.press(.enter, .enter, .char("f"))
        let form = h.screen
        #expect(form.contains("创建线上或线下政协委员工作室申报表：农业界委员工作室"))
        #expect(form.contains("工作室主要职能和主要工作计划"))
        h.type("围绕高标准农田建设开展调研")
        h.press(.function(2))
        #expect(h.screen.contains("现有成员"))
        #expect(try h.db.applicationValues(studioID: studio.id!)["functions_plan"] == "围绕高标准农田建设开展调研")
    }
}

@Suite struct ApplicationsMenuTests {
    @Test func menuOneListsOnlyOpenApplications() throws {
        let h = try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
        #expect(h.screen.contains("草稿 1，审批中 1"))
        h.press(.char("1"))
        let s = h.screen
        #expect(s.contains("> 工作室申报"))
        #expect(s.contains("第 1/2 个"))
        #expect(s.contains("农业界委员工作室"))
        #expect(!s.contains("医药卫生界委员工作室"))
        h.press(.char("s"))
        #expect(h.screen.contains("状态：草稿"))
        #expect(h.screen.contains("第 1/1 个"))
    }
}

@Suite struct TermChangeAndNonMemberScreenTests {
    func harness() throws -> Harness {
        try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
    }

    @Test func markATermEndedAndSeeWhatTheStudioNeeds() throws {
        let h = try harness()
        h.press(.char("3"), .char("/"))
        h.type("zxq")
        h.press(.enter, .char("t"))
        #expect(h.screen.contains("张雪琴 任期届满"))
        h.press(.function(2))
        #expect(h.screen.contains("已标记届满：张雪琴"))
        #expect(h.screen.contains("张雪琴(届满)"))
        h.press(.escape, .escape, .char("2"), .char("h"))
        let s = h.screen
        #expect(s.contains("任期届满影响 1 个工作室"))
        #expect(s.contains("医药卫生界委员工作室"))
        #expect(s.contains("届满成员 1 名（张雪琴）须办理退出"))
        h.press(.char("x"), .char("y"))
        #expect(h.screen.contains("已办理 1 名成员退出"))
        #expect(h.screen.contains("没有受换届影响的工作室"))
    }

    @Test func addANonMemberWhereTheFormAllowsIt() throws {
        let h = try harness()
        // 湖东联络处 follows the Binjiang rules: "参与委员及其他成员".
        let studio = try #require(try h.db.studios().first { $0.name == "湖东联络处委员工作室" })
        h.press(.char("2"), .char("/"))
        h.type("hdllc")
        h.press(.enter, .enter, .char("a"))
        #expect(h.frame.line(23).contains("F3 非委员"))
        h.press(.function(3))
        #expect(h.screen.contains("添加其他成员（非政协委员）"))
        h.type("王小明")
        h.press(.function(2))
        #expect(h.screen.contains("其他成员"))
        #expect(try h.db.team(studioID: studio.id!).contains { $0.member.name == "王小明" && $0.member.isNonMember })
        #expect(try h.db.members(matching: SearchQuery("王小明")).isEmpty)
    }

    /// 陕西 四.2: the 联络员 may come from a member's unit; no other non-member may join.
    @Test func shaanxiTakesALiaisonFromAMembersUnitAndNoOtherNonMember() throws {
        let h = try harness()
        let studio = try #require(try h.db.studios().first { $0.name == "医药卫生界委员工作室" })
        let members = try h.db.team(studioID: studio.id!).filter { !$0.member.isNonMember && $0.isCurrent }.count
        h.press(.char("2"), .char("/"))
        h.type("yywsj")
        h.press(.enter, .enter, .char("a"))
        #expect(h.frame.line(23).contains("F3 非委员"))
        h.press(.function(3))
        #expect(h.screen.contains("添加联络员（非政协委员）"))
        #expect(!h.screen.contains("添加其他成员"))
        h.type("赵单位")
        h.press(.function(2))
        let team = try h.db.team(studioID: studio.id!)
        #expect(team.contains { $0.member.name == "赵单位" && $0.member.isNonMember && $0.membership.role == .liaison })
        #expect(!h.screen.contains("不是政协委员，只能"))
        #expect(try h.db.team(studioID: studio.id!).filter { !$0.member.isNonMember && $0.isCurrent }.count == members)
    }
}

@Suite struct ArchiveExportScreenTests {
    /// Opens the detail of a draft from the register, as a clerk would.
    func openDraft() throws -> Harness {
        let h = try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
        _ = try h.db.createStudio(Studio(name: "文化艺术界委员工作室", type: .sector, profileID: "shaanxi-2023",
                                          address: "明湖区文昌路12号", sector: "文化艺术界"))
        h.press(.char("2"), .char("/"))
        h.type("whysj")
        h.press(.enter, .enter)
        return h
    }

    @Test func detailExportsTheStudioArchiveAsOneZip() throws {
        let h = try openDraft()
        h.press(.char("z"))
        #expect(h.screen.contains("导出档案：文化艺术界委员工作室"))
        #expect(h.screen.contains("文化艺术界委员工作室-档案-2026-11-18.zip"))
        let out = h.dir.appendingPathComponent("归档").appendingPathComponent("文化档案")
        try FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)
        h.press(.ctrl("u"))
        h.type(out.path)
        h.press(.function(2))
        let s = h.screen
        #expect(s.contains("档案已导出"))
        #expect(s.contains("该工作室仍在运行"))
        // ".zip" is added when the clerk leaves it off.
        #expect(FileManager.default.fileExists(atPath: out.path + ".zip"))
    }

    @Test func archiveExportToAMissingFolderSaysWhyAndStaysOnTheForm() throws {
        let h = try openDraft()
        h.press(.char("z"), .ctrl("u"))
        h.type("/nonexistent-folder/x.zip")
        h.press(.function(2))
        #expect(h.screen.contains("无法写入档案文件"))
        #expect(h.screen.contains("导出档案：文化艺术界委员工作室"))
    }
}

@Suite struct HelpWrapTests {
    @Test func longHelpLinesWrapInsteadOfBeingCut() throws {
        let h = try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
        h.press(.char("2"), .enter, .function(1))
        // Joined back together, the wrapped lines hold the whole explanation.
        let text = h.frame.lines.map { $0.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "|", with: "") }.joined()
        #expect(text.contains("变更状态：警示、整改中、摘牌、终止、撤销或恢复，须写日期和原因"))
        #expect(text.contains("审批流程：提交审批、录入各环节意见、授牌，查看审批和状态历史"))
    }
}
