import Foundation
import StudioCore
import StudioStore

/// The demo's year-end results: 2025 finished (自评, the panel's scores, 主席会议审定 in January 2026,
/// the consequences acted on), and 2026 under way (a few studios have begun their 自评, one is with
/// the panel). Made through the store's own calls, as the office would make them.
public enum DemoAssessments {
    public static let approvedOn = "2026-01-28"
    static let submittedOn = "2026-01-12"

    /// The demo office bounds 开展活动多于规定次数 (the 滨江 text sets no bound), as a real office would.
    public static let extraActivityCap = 20.0

    public static func load(into db: AppDatabase, profiles: [RuleProfile]) throws {
        if let binjiang = profiles.first(where: { $0.id == "binjiang-2020" }), var card = binjiang.scorecard,
           let i = card.bonus.firstIndex(where: { $0.source?.kind == .activitiesBeyond }) {
            card.bonus[i].source?.cap = extraActivityCap
            try db.saveOfficeScorecard(card, for: binjiang, today: "2025-01-06")
        }
        for (studio, result) in try db.runYearEnd(year: 2025, profiles: profiles, today: submittedOn) where result.sheet.isJudged {
            var a = result
            a.highlights = "全年按计划开展活动，\(studio.name.contains("联络处") ? "联络处协商议事会形成品牌" : "委员进社区、进企业常态化")，群众反映的问题件件有回音。"
            a.problems = "部分委员参加活动次数偏少，社情民意信息被采用的不多。"
            a.nextPlan = "2026年围绕全区中心工作，每季度至少开展一次协商活动，完善委员轮值和台账。"
            for item in a.sheet.items + a.sheet.bonus where !item.byPanel { a.selfScores[item.id] = item.points }
            a = try db.saveAssessment(a, today: submittedOn)
            a = try db.advanceAssessment(a, on: submittedOn, profiles: profiles)
            for item in a.sheet.items where item.byPanel {
                // One studio did not report to its 界别 in 2025: the panel gave nothing for it.
                let missed = item.text.contains("报告") && studio.name.hasPrefix("江")
                try a.enter(itemID: item.id, points: missed ? 0 : item.max, note: missed ? "全年未向界别报告工作" : "现场查看，材料齐全")
            }
            if a.sheet.method != "scorecard" && a.sheet.items.isEmpty {
                try a.enter(itemID: "verdict", points: 1, note: "评估小组现场查看，履职台账齐全，群众满意")
            }
            a = try db.saveAssessment(a, today: "2026-01-20")
            try db.advanceAssessment(a, on: approvedOn, profiles: profiles)
        }
        // The office acted on 2025's results early in 2026: the demo studios' statuses already show it.
        try db.confirmConsequenceTasksOnTime(year: 2025)

        // 2026: two studios have begun their 自评; one has been handed to the panel.
        let studios = try db.studios()
        func started(_ name: String, selfOffset: Double, submit: Bool) throws {
            guard let s = studios.first(where: { $0.name == name }), let profile = profiles.first(where: { $0.id == s.profileID }) else { return }
            var a = try db.assessment(studio: s, profile: profile, year: 2026, today: "2026-11-10")
            a.highlights = "本年度开展协商议事、学习宣讲和为民服务活动，委员履职积极性高。"
            for (i, item) in (a.sheet.items + a.sheet.bonus).enumerated() where !item.byPanel {
                // The studio counts one item higher than its records show: the difference the panel will look at.
                a.selfScores[item.id] = i == 3 && item.max > 0 ? min(item.max, item.points + selfOffset) : item.points
            }
            a = try db.saveAssessment(a, today: "2026-11-10")
            if submit { try db.advanceAssessment(a, on: "2026-11-12", profiles: profiles) }
        }
        try started("江志明委员工作室", selfOffset: 5, submit: false)
        try started("湖东联络处委员工作室", selfOffset: 5, submit: true)
    }
}
