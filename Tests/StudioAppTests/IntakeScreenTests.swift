import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit
import StudioResources

/// 群众意见建议 from registration to feedback, and the 提案 / 社情民意 forms, driven by keys
/// as a clerk would. Today is 2026-11-18; 医药卫生界委员工作室 follows the 陕西 rules (30-day limit).
@Suite struct IntakeScreenTests {
    func harness() throws -> Harness {
        try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
    }

    func medicalStudio(_ h: Harness) throws -> Studio {
        try #require(try h.db.studios().first { $0.name == "医药卫生界委员工作室" })
    }

    /// 6 履职台账, down to the studio, Enter: its ledger.
    func openLedger(_ h: Harness, studio: Studio) throws {
        h.press(.char("6"))
        let home = try #require(h.app.top as? LedgerHomeScreen)
        let row = try #require(home.rows.firstIndex { $0.studio.id == studio.id })
        for _ in 0..<row { h.press(.down) }
        h.press(.enter)
        #expect(h.screen.contains("\(studio.name)  2026年"))
    }

    @discardableResult
    func addItem(_ h: Harness, studio: Studio, receivedOn: String = "2026-11-10", citizen: String = "孙大姐",
                 content: String = "社区卫生服务中心周末不开门，希望增加周末门诊", triage: Triage? = nil, handling: String = "") throws -> Int64 {
        try #require(try h.db.saveCitizenItem(CitizenItem(studioID: studio.id!, receivedOn: receivedOn, citizen: citizen, contact: "13905718888",
                                                          content: content, triage: triage, handling: handling)).id)
    }

    func openItem(_ h: Harness, _ id: Int64) {
        _ = h.app.apply(.push(IntakeScreen(context: h.app.context, itemID: id)))
    }

    func linkedID(_ item: CitizenItem) throws -> Int64 { try #require(item.linkedID) }

    func item(_ h: Harness, _ id: Int64) throws -> CitizenItem {
        try #require(try h.db.citizenItem(id: id))
    }

    // MARK: Registering and triage

    @Test func registerNewItemFromStudioLedgerWithChineseText() throws {
        let h = try harness()
        let studio = try medicalStudio(h)
        try openLedger(h, studio: studio)
        let before = try h.db.citizenItems(studioID: studio.id!).count
        h.press(.char("i"))
        #expect(h.screen.contains("登记群众意见建议：医药卫生界委员工作室"))
        h.press(.tab)
        h.type("赵大爷")
        h.press(.tab)
        h.type("13812345678")
        h.press(.tab, .right)  // 线上
        h.press(.tab)
        h.type("建议在健康路口增设红绿灯，方便老人过马路")
        // The cursor follows the Chinese text by display width.
        let cursor = try #require(h.frame.cursor)
        #expect(h.frame.line(cursor.row).contains("建议在健康路口增设红绿灯"))
        h.press(.function(2))
        // The new item opens for triage; Esc goes back to the ledger, which lists it.
        #expect(h.screen.contains("待分类：按 1 信访"))
        h.press(.escape)
        #expect(h.screen.contains("医药卫生界委员工作室  2026年"))
        #expect(h.screen.contains("建议在健康路"))
        let items = try h.db.citizenItems(studioID: studio.id!)
        #expect(items.count == before + 1)
        let saved = try #require(items.first { $0.citizen == "赵大爷" })
        #expect(saved.receivedOn == "2026-11-18" && saved.channel == .online && saved.contact == "13812345678")
        #expect(saved.content == "建议在健康路口增设红绿灯，方便老人过马路" && saved.triage == nil)
    }

    @Test func registeringWithoutCitizenOrContentIsExplained() throws {
        let h = try harness()
        let studio = try medicalStudio(h)
        try openLedger(h, studio: studio)
        let before = try h.db.citizenItems(studioID: studio.id!).count
        h.press(.char("i"), .function(2))
        #expect(h.screen.contains("请填写反映人（可写“匿名”）"))
        h.type("匿名")
        h.press(.function(2))
        #expect(h.screen.contains("请填写反映的内容"))
        #expect(try h.db.citizenItems(studioID: studio.id!).count == before)
    }

    @Test func triagePetitionRecordsTheReferral() throws {
        let h = try harness()
        let id = try addItem(h, studio: medicalStudio(h), content: "反映单位拖欠工资三个月，要求帮助讨薪")
        openItem(h, id)
        #expect(h.screen.contains("待分类：按 1 信访  2 咨询  3 微需求/微建议  4 重大问题"))
        h.press(.char("1"))
        #expect(h.screen.contains("分类为信访：反映单位拖欠工资三个月"))
        #expect(h.screen.contains("引导的信访渠道"))
        h.press(.enter)
        #expect(h.screen.contains("请写明引导的信访渠道"))
        h.type("已引导到区人社局劳动监察大队反映")
        h.press(.enter)
        #expect(h.screen.contains("已分类为信访"))
        #expect(h.screen.contains("已引导到区人社局劳动监察大队反映"))
        let saved = try item(h, id)
        #expect(saved.triage == .petition && saved.handling == "已引导到区人社局劳动监察大队反映")
        #expect(saved.linkedKind == nil && !saved.isSettled)
        // Re-triage as 咨询 replaces the handling.
        h.press(.char("2"))
        h.type("可到区劳动人事争议仲裁院申请仲裁")
        h.press(.enter)
        #expect(try item(h, id).triage == .consultation)
        #expect(try item(h, id).handling == "可到区劳动人事争议仲裁院申请仲裁")
    }

    @Test func triageMicroSuggestionMakesALinkedSocialInfoRecord() throws {
        let h = try harness()
        let studio = try medicalStudio(h)
        let id = try addItem(h, studio: studio, content: "建议社区卫生服务中心周末开设门诊，方便上班族看病和老人配药")
        openItem(h, id)
        h.press(.char("3"))
        #expect(h.screen.contains("群众意见转为社情民意：医药卫生界委员工作室"))
        #expect(h.screen.contains("方便上班族看病和老人配药"))
        h.press(.tab, .tab, .tab)
        h.type("zxq")
        h.press(.function(2))
        #expect(h.screen.contains("已转为社情民意「建议社区卫生服务中心周末开设门诊"))
        let saved = try item(h, id)
        #expect(saved.triage == .microSuggestion && saved.linkedKind == .sqmy)
        let info = try #require(try h.db.socialInfo(id: linkedID(saved)))
        #expect(info.title == "建议社区卫生服务中心周末开设门诊，方便上班族看病和老人配药")  // the first 30 characters
        #expect(info.sourceIntakeID == id && info.studioID == studio.id && info.date == "2026-11-18" && info.channel == "区政协办公室")
        #expect(try h.db.ledgerMembers(kind: .sqmy, id: info.id!).map(\.name) == ["张雪琴"])
        #expect(saved.handling.contains("已转为社情民意信息（2026年11月18日）"))
        // o opens the record, marked as coming from a citizen.
        h.press(.char("o"))
        #expect(h.screen.contains("修改社情民意（来自群众意见）：医药卫生界委员工作室"))
        h.press(.escape)
        // A linked item keeps its class.
        h.press(.char("1"))
        #expect(h.screen.contains("不能重新分类"))
        #expect(h.screen.contains("如确需改变分类"))
        h.press(.enter)
        #expect(try item(h, id).triage == .microSuggestion)
    }

    @Test func triageMajorIssueMakesAMicroConsultationActivity() throws {
        let h = try harness()
        let studio = try medicalStudio(h)
        let id = try addItem(h, studio: studio, content: "小区周边三家诊所夜间无人值守，居民夜间就医难，希望统筹安排")
        openItem(h, id)
        h.press(.char("4"))
        #expect(h.screen.contains("[微协商] [微监督] [集体提案]"))
        h.press(.function(2))
        #expect(h.screen.contains("已转为微协商「小区周边三家诊所夜间无人值守"))
        let saved = try item(h, id)
        #expect(saved.triage == .major && saved.linkedKind == .activity)
        let a = try #require(try h.db.activity(id: linkedID(saved)))
        #expect(a.category == "micro_consult" && a.categoryName == "微协商" && a.mode == .offline && a.date == "2026-11-18")
        #expect(a.studioID == studio.id && a.summary.contains("孙大姐"))
        h.press(.char("o"))
        #expect(h.screen.contains("修改活动：医药卫生界委员工作室"))
    }

    @Test func triageMajorIssueCanBecomeACollectiveProposal() throws {
        let h = try harness()
        let id = try addItem(h, studio: medicalStudio(h), content: "全区基层医疗机构药品目录与医院不一致，慢病患者配药难")
        openItem(h, id)
        h.press(.char("4"), .char("3"), .tab, .ctrl("u"))
        h.type("关于统一基层医疗机构慢病用药目录的提案")
        h.press(.function(2))
        let saved = try item(h, id)
        #expect(saved.linkedKind == .proposal)
        let p = try #require(try h.db.proposal(id: linkedID(saved)))
        #expect(p.kind == .collective && p.status == .submitted && p.title == "关于统一基层医疗机构慢病用药目录的提案")
        #expect(h.screen.contains("集体提案「关于统一基层医疗机构慢病用药目录的提案」"))
    }

    @Test func majorIssueFallsBackToConsultationWhereRulesHaveNoMicroConsultation() throws {
        let h = try harness()
        let studio = try #require(try h.db.studios().first { $0.profileID == "binjiang-2020" && $0.status.isActive })
        let id = try addItem(h, studio: studio)
        openItem(h, id)
        h.press(.char("4"))
        #expect(h.screen.contains("[协商交流（界别或联络处协商）] [集体提案]"))
    }

    // MARK: Feedback, overdue, explanation

    @Test func feedbackWithADateSettlesTheItemAndItLeavesTheQueue() throws {
        let h = try harness()
        let id = try addItem(h, studio: medicalStudio(h), citizen: "钱先生", content: "咨询家庭医生签约需要带什么材料")
        h.press(.char("6"), .char("i"))
        #expect(h.screen.contains("群众意见建议：未办结"))
        let queue = try #require(h.app.top as? IntakeQueueScreen)
        let row = try #require(queue.rows.firstIndex { $0.item.id == id })
        for _ in 0..<row { h.press(.down) }
        #expect(h.screen.contains("钱先生"))
        h.press(.enter)
        #expect(h.screen.contains("咨询家庭医生签约需要带什么材料"))
        // Feedback comes after triage.
        h.press(.char("f"))
        #expect(h.screen.contains("请先分类"))
        h.press(.enter, .char("2"))
        h.type("带身份证和医保卡到社区卫生服务中心签约")
        h.press(.enter)
        h.press(.char("f"))
        #expect(h.screen.contains("反馈群众："))
        #expect(h.screen.contains("带身份证和医保卡到社区卫生服务中心签约"))  // the answer, offered as the feedback
        h.press(.function(2))
        #expect(h.screen.contains("已办结：2026年11月18日反馈，历时 8 天"))
        let saved = try item(h, id)
        #expect(saved.feedbackOn == "2026-11-18" && saved.isSettled)
        h.press(.escape)
        #expect(h.screen.contains("群众意见建议：未办结"))
        #expect(!h.screen.contains("钱先生"))
        #expect(try #require(h.app.top as? IntakeQueueScreen).rows.allSatisfy { $0.item.id != id })
    }

    @Test func overdueItemDemandsAnExplanationAndEClearsIt() throws {
        let h = try harness()
        let id = try addItem(h, studio: medicalStudio(h), receivedOn: "2026-10-01", citizen: "周阿婆", content: "小区诊所门口台阶太高，轮椅进不去")
        h.press(.char("6"), .char("i"))
        let queue = try #require(h.app.top as? IntakeQueueScreen)
        let r = try #require(queue.rows.first { $0.item.id == id })
        #expect(r.deadline.days == 48 && r.deadline.needsExplanation)
        // Longest open first.
        #expect(queue.rows.map(\.deadline.days) == queue.rows.map(\.deadline.days).sorted(by: >))
        let line = try #require(h.frame.lines.first { $0.contains("周阿婆") })
        #expect(line.contains("48") && line.contains("逾期，须说明") && line.contains("待分类"))
        openItem(h, id)
        #expect(h.screen.contains("已 48 天未办结，超过 30 天期限：须写解释说明"))
        h.press(.char("e"))
        h.type("需街道协调物业改造坡道，已列入下月计划")
        h.press(.enter)
        let s = h.screen
        #expect(!s.contains("须写解释说明"))
        #expect(s.contains("已写解释说明（2026年11月18日）"))
        #expect(s.contains("需街道协调物业改造坡道，已列入下月计划"))
        let saved = try item(h, id)
        #expect(saved.explainedOn == "2026-11-18" && !saved.needsExplanation(limitDays: 30, today: "2026-11-18"))
        h.press(.escape)
        let after = try #require(h.frame.lines.first { $0.contains("周阿婆") })
        #expect(after.contains("逾期，已说明"))
    }

    @Test func endedStudioIsReadOnly() throws {
        let h = try harness()
        let ended = try #require(try h.db.studios().first { !$0.status.isActive })
        let id = try h.db.write(.editRecords) { db in
            var c = CitizenItem(studioID: ended.id!, receivedOn: "2026-01-05", citizen: "吴先生", content: "景区停车收费不透明")
            try c.insert(db)
            return c.id!
        }
        // In the queue it comes last, archived, not counted as overdue.
        h.press(.char("6"), .char("i"))
        let queue = try #require(h.app.top as? IntakeQueueScreen)
        #expect(queue.rows.last?.item.id == id && queue.rows.last?.deadline.state == "已归档")
        #expect(queue.rows.last?.deadline.needsExplanation == false)
        openItem(h, id)
        #expect(h.screen.contains("（已终止，只读）"))
        #expect(h.screen.contains("工作室已终止，记录已归档"))
        for key in ["1", "2", "3", "4", "f", "e", "c", "o"] {
            h.press(.char(Character(key)))
            #expect(h.screen.contains("记录已归档，只能查看"), "key \(key)")
            h.press(.enter)
        }
        #expect(try item(h, id).triage == nil)
    }

    @Test func screenFitsAt80x24WithLongContentAndF1ListsTheKeys() throws {
        let h = try harness()
        let long = String(repeating: "群众反映医院周边停车位不足、早晚高峰拥堵严重，救护车进出受阻，", count: 6)
        let id = try addItem(h, studio: medicalStudio(h), content: long)
        openItem(h, id)
        let lines = h.frame.lines
        #expect(lines.allSatisfy { DisplayWidth.of($0) == 80 })
        let contentRows = lines.filter { $0.contains("群众反映") || $0.contains("救护车") }
        #expect(contentRows.count == 4)
        #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces).hasSuffix("~") })
        #expect(h.frame.line(23).contains("1 信访") && h.frame.line(23).contains("F1 帮助"))
        h.press(.function(1))
        for text in ["信访", "咨询", "微需求/微建议", "重大问题", "反馈", "解释说明", "打开转成的", "修改登记内容"] {
            #expect(h.screen.contains(text), "F1 misses \(text)")
        }
    }

    // MARK: 提案 and 社情民意 forms

    @Test func repliedProposalWithoutReplyDateIsRefused() throws {
        let h = try harness()
        let studio = try medicalStudio(h)
        try openLedger(h, studio: studio)
        let before = try h.db.ledgerEntries(studioID: studio.id!).filter { $0.kind == .proposal }.count
        h.press(.char("p"))
        #expect(h.screen.contains("新提案：医药卫生界委员工作室"))
        h.type("关于推进家庭医生签约服务的提案")
        h.press(.tab, .ctrl("u"))
        h.type("10.8")
        h.press(.tab, .tab)
        h.type("zxq")
        h.press(.tab, .char("5"))  // 已答复
        h.press(.tab)
        h.type("11.1")
        h.press(.function(2))
        #expect(h.screen.contains("请填写答复日期"))
        #expect(try h.db.ledgerEntries(studioID: studio.id!).filter { $0.kind == .proposal }.count == before)
        // The focus went to 答复日期: with the date it saves, satisfaction 未评 stored as empty.
        h.type("11.15")
        h.press(.function(2))
        let saved = try #require(try h.db.ledgerEntries(studioID: studio.id!).first { $0.title == "关于推进家庭医生签约服务的提案" })
        let p = try #require(try h.db.proposal(id: saved.id))
        #expect(p.status == .replied && p.date == "2026-10-08" && p.decidedOn == "2026-11-01" && p.repliedOn == "2026-11-15" && p.satisfaction == "" && p.award == nil)
        #expect(try h.db.ledgerMembers(kind: .proposal, id: saved.id).map(\.name) == ["张雪琴"])
    }

    @Test func individualProposalNeedsAProposer() throws {
        let h = try harness()
        let studio = try medicalStudio(h)
        try openLedger(h, studio: studio)
        h.press(.char("p"))
        h.type("关于增加社区康复床位的提案")
        h.press(.function(2))
        #expect(h.screen.contains("个人提案请填写提案人"))
        h.press(.up, .char("3"))  // 集体: no proposer needed
        h.press(.function(2))
        #expect(try h.db.ledgerEntries(studioID: studio.id!).contains { $0.title == "关于增加社区康复床位的提案" })
    }

    @Test func adoptedSocialInfoWithoutAdoptingUnitIsRefused() throws {
        let h = try harness()
        let studio = try medicalStudio(h)
        try openLedger(h, studio: studio)
        let before = try h.db.ledgerEntries(studioID: studio.id!).filter { $0.kind == .sqmy }.count
        h.press(.char("x"))
        #expect(h.screen.contains("新社情民意：医药卫生界委员工作室"))
        #expect(h.screen.contains("区政协办公室"))
        h.type("关于规范网约护士上门服务的建议")
        h.press(.tab, .tab, .tab, .tab, .right)  // 已采用
        h.press(.tab, .tab)
        h.type("t")
        h.press(.function(2))
        #expect(h.screen.contains("请填写采用单位"))
        #expect(try h.db.ledgerEntries(studioID: studio.id!).filter { $0.kind == .sqmy }.count == before)
        h.type("区卫健局")
        h.press(.function(2))
        let saved = try #require(try h.db.ledgerEntries(studioID: studio.id!).first { $0.title == "关于规范网约护士上门服务的建议" })
        let info = try #require(try h.db.socialInfo(id: saved.id))
        #expect(info.status == .adopted && info.adoptedBy == "区卫健局" && info.adoptedOn == "2026-11-18" && info.sourceIntakeID == nil)
    }
}
