import Foundation
import StudioCore

/// The demo district's ledgers for 2026, so the 履职台账 screens and the compliance figures open
/// populated: most studios are well along, some are short of a minimum, and a few citizens'
/// items are open, one of them overdue. Records name studios and members by their index in the
/// demo data set; the store maps them to ids.
public struct DemoLedger: Sendable {
    public struct Record<T: Sendable>: Sendable {
        public var studioIndex: Int
        public var value: T
        public var memberIndexes: [Int]
    }

    public var activities: [Record<Activity>] = []
    public var proposals: [Record<Proposal>] = []
    public var socialInfos: [Record<SocialInfo>] = []
    /// A 社情民意 record made from the intake item with this index (micro-suggestion triage).
    public var intake: [Record<CitizenItem>] = []
    public var convertedIntake: [(intakeIndex: Int, sqmyIndex: Int)] = []
    public var yearDocs: [Record<YearDoc>] = []
}

extension DemoDataSet {
    /// 2026 up to the demo's "today" (mid-November), the current year in progress.
    public func ledger(profiles: [RuleProfile]) -> DemoLedger {
        ledger(profiles: profiles, year: 2026).until(DemoLedger.cutoff)
    }

    /// A year's ledger. 2025 is the finished earlier year the demo's results were approved on: the same
    /// studios at the same pace, all four quarters of duty, the plan and the summary, no citizens' items.
    public func ledger(profiles: [RuleProfile], year: Int) -> DemoLedger {
        let current = year == 2026
        var out = DemoLedger()
        let titles = texts.activityTitles, reviewers = texts.reviewers, openItems = texts.openItems, citizens = texts.citizens
        var n = 0
        for (si, studio) in studios.enumerated() where studio.status.isRunning {
            guard let profile = profiles.first(where: { $0.id == studio.profileID }) else { continue }
            n += 1
            let team = memberships.filter { $0.studioIndex == si }.map(\.memberIndex)
            guard !team.isEmpty else { continue }
            func people(_ k: Int, _ count: Int) -> [Int] { (0..<min(count, team.count)).map { team[(k + $0) % team.count] } }
            // Busy studios do more; a warned or rectifying one falls short.
            let busy = studio.status == .plaqued ? (n % 3 == 0 ? 1 : 2) : 0
            let categories = profile.activityCategories.filter { $0.id != "duty" && $0.id != "other" }
            var k = 0
            for month in stride(from: 2, through: 11, by: busy == 2 ? 1 : (busy == 1 ? 2 : 4)) {
                for c in categories where (k + month) % max(1, categories.count / 2) == 0 || busy == 2 && k % 2 == 0 {
                    let list = titles[c.id] ?? ["\(c.name)活动"]
                    let day = 3 + (k * 7 + n) % 24
                    let mode: StudioMode = profile.hasOnlineMode && (k + n) % 2 == 0 ? .online : .offline
                    let approved = month <= 9 || !current
                    let review = k % 11 == 5 ? Review(status: .returned, reviewer: reviewers[n % reviewers.count], reviewedOn: String(format: "%d-%02d-%02d", year, month, min(28, day + 2)), comment: "缺少活动照片和签到表，请补充附件")
                        : approved ? Review(status: .approved, reviewer: reviewers[n % reviewers.count], reviewedOn: String(format: "%d-%02d-%02d", year, month, min(28, day + 3))) : Review()
                    out.activities.append(.init(studioIndex: si, value: Activity(
                        studioID: 0, date: String(format: "%d-%02d-%02d", year, month, day), category: c.id, categoryName: c.name, mode: mode,
                        title: list[(k + n) % list.count], place: mode == .online ? "秦商量平台" : "\(studio.name)活动室",
                        guests: k % 5 == 0 ? "区政协教科卫体委员会副主任" : "", guestKind: k % 5 == 0 ? .committee : nil, citizensReached: c.id == "service" ? 30 + k * 5 : 0,
                        summary: "围绕主题开展活动，形成意见建议\(1 + k % 3)条。", review: review), memberIndexes: people(k, 2 + k % 3)))
                    k += 1
                }
            }
            // 值班: per quarter, members take turns online and offline where the rules ask for it.
            if let duty = profile.activityCategories.first(where: { $0.id == "duty" }) {
                for q in 1...(current ? 3 : 4) {  // 2026's fourth quarter comes from the duty rota (DemoDuty)
                    for (i, m) in team.enumerated() where busy == 2 || i % 2 == 0 {
                        for mode in (profile.hasOnlineMode ? [StudioMode.offline, .online] : [.offline]) where !(mode == .online && i % 3 == 2 && busy < 2) {
                            let month = (q - 1) * 3 + 1 + (i % 3)
                            out.activities.append(.init(studioIndex: si, value: Activity(
                                studioID: 0, date: String(format: "%d-%02d-%02d", year, month, 10 + (i * 3) % 15), category: duty.id, categoryName: duty.name,
                                mode: mode, title: mode == .online ? "线上轮值" : "接待群众值班", place: mode == .online ? "秦商量平台" : "\(studio.name)接待室",
                                review: Review(status: .approved, reviewer: reviewers[n % reviewers.count], reviewedOn: String(format: "%d-%02d-28", year, month))),
                                memberIndexes: [m]))
                        }
                    }
                }
            }
            // 提案 and 社情民意.
            let proposalTitles = texts.proposalTitles
            for p in 0..<(busy + 1) {
                let month = 2 + p * 3 + n % 2
                let status: ProposalStatus = p == 0 ? .replied : (p == 1 ? .filed : .submitted)
                out.proposals.append(.init(studioIndex: si, value: Proposal(
                    studioID: 0, title: proposalTitles[(n + p) % proposalTitles.count], date: String(format: "%d-%02d-%02d", year, month, 12),
                    kind: p == 0 ? .collective : .individual, status: status,
                    decidedOn: status == .submitted ? nil : String(format: "%d-%02d-%02d", year, month + 1, 5),
                    handlingUnit: status == .submitted ? "" : "区住建局", repliedOn: status == .replied ? String(format: "%d-%02d-%02d", year, month + 2, 20) : nil,
                    reply: status == .replied ? "已列入年度计划，分批实施" : "", satisfaction: status == .replied ? "满意" : "",
                    award: n % 4 == 1 && p == 0 ? .key : nil, awardedOn: n % 4 == 1 && p == 0 ? String(format: "%d-%02d-%02d", year, month + 3, 1) : nil,
                    review: Review(status: .approved, reviewer: reviewers[n % reviewers.count], reviewedOn: String(format: "%d-%02d-%02d", year, month, 20))),
                    memberIndexes: people(p, p == 0 ? 3 : 1)))
            }
            let sqmyTitles = texts.sqmyTitles
            for s in 0..<(busy + 2) {
                let month = 1 + s * 3 + n % 3
                let adopted = s < busy
                out.socialInfos.append(.init(studioIndex: si, value: SocialInfo(
                    studioID: 0, title: sqmyTitles[(n + s) % sqmyTitles.count], date: String(format: "%d-%02d-%02d", year, month, 8),
                    channel: "区政协办公室", status: adopted ? .adopted : .submitted, adoptedBy: adopted ? "区委办公室" : "",
                    adoptedOn: adopted ? String(format: "%d-%02d-%02d", year, month, 25) : nil,
                    instructionBy: adopted && s == 0 && n % 2 == 1 ? "区委书记" : "", instructionLevel: adopted && s == 0 && n % 2 == 1 ? "区委区政府主要领导" : "",
                    instructionOn: adopted && s == 0 && n % 2 == 1 ? String(format: "%d-%02d-%02d", year, month + 1, 3) : nil,
                    review: Review(status: .approved, reviewer: reviewers[n % reviewers.count], reviewedOn: String(format: "%d-%02d-%02d", year, month, 10))),
                    memberIndexes: people(s, 1 + s % 2)))
            }
            guard current else {
                // A studio in good standing met every minimum of the finished year; one warned or
                // rectifying since did not (its 2025 result is why).
                if studio.status == .plaqued { out.meetMinimums(profile: profile, studioIndex: si, team: team, year: year, studioName: studio.name, topics: texts.minimumTopics) }
                out.yearDocs.append(.init(studioIndex: si, value: YearDoc(studioID: 0, year: year, kind: .plan, date: "\(year)-01-18",
                                                                          text: "全年开展读书、宣讲、协商和便民服务活动，按季度报送提案和社情民意。"), memberIndexes: []))
                if busy > 0 {
                    out.yearDocs.append(.init(studioIndex: si, value: YearDoc(studioID: 0, year: year, kind: .summary, date: "\(year)-12-20",
                                                                              text: "全年按计划开展活动，提交提案和社情民意信息，群众反映的问题均已答复。"), memberIndexes: []))
                }
                continue
            }
            // 群众意见建议: a settled consultation, an open item (overdue in some studios), a micro-suggestion made into 社情民意.
            let base = out.intake.count
            out.intake.append(.init(studioIndex: si, value: CitizenItem(
                studioID: 0, receivedOn: "2026-06-\(String(format: "%02d", 10 + n % 10))", citizen: "王阿姨", contact: "13905710001",
                channel: .offlineDuty, content: "咨询城乡居民医保缴费标准和办理地点", triage: .consultation,
                handling: "已告知缴费标准，可在街道便民服务中心办理", feedbackOn: "2026-06-\(String(format: "%02d", 12 + n % 10))",
                feedback: "当场答复并留下联系电话"), memberIndexes: []))
            out.intake.append(.init(studioIndex: si, value: CitizenItem(
                studioID: 0, receivedOn: n % 3 == 0 ? "2026-09-15" : "2026-11-\(String(format: "%02d", 2 + n % 10))", citizen: citizens[n % citizens.count],
                contact: "13905710\(String(format: "%03d", 100 + n))", channel: n % 2 == 0 ? .online : .visit,
                content: openItems[n % openItems.count], triage: n % 3 == 0 ? nil : .microSuggestion), memberIndexes: []))
            if busy > 0 {
                out.intake.append(.init(studioIndex: si, value: CitizenItem(
                    studioID: 0, receivedOn: "2026-04-\(String(format: "%02d", 3 + n))", citizen: "张女士", contact: "",
                    channel: .letter, content: "建议在社区增设老年助餐点"), memberIndexes: []))
                out.socialInfos.append(.init(studioIndex: si, value: SocialInfo(
                    studioID: 0, title: "关于在社区增设老年助餐点的建议", date: "2026-04-\(String(format: "%02d", 10 + n))", channel: "区政协办公室",
                    review: Review(status: .approved, reviewer: reviewers[n % reviewers.count], reviewedOn: "2026-04-28")), memberIndexes: people(0, 1)))
                out.convertedIntake.append((base + 2, out.socialInfos.count - 1))
            }
            out.yearDocs.append(.init(studioIndex: si, value: YearDoc(studioID: 0, year: 2026, kind: .plan, date: "2026-01-20",
                                                                      text: "围绕全区中心工作，全年开展读书、宣讲、协商和便民服务活动，按季度报送提案和社情民意。"),
                                      memberIndexes: []))
        }
        return out
    }
}

extension DemoLedger {
    /// Adds the records that meet each of the profile's minimums in every period of `year`.
    mutating func meetMinimums(profile: RuleProfile, studioIndex si: Int, team: [Int], year: Int, studioName: String, topics: [String]) {
        let review = Review(status: .approved, reviewer: "周海燕", reviewedOn: "\(year)-12-28")
        for m in profile.minimums {
            let months: [Int] = switch m.period {
            case .year: [6]
            case .halfYear: [3, 9]
            case .quarter: [2, 5, 8, 11]
            case .month: Array(1...12)
            }
            let modes: [StudioMode] = switch m.mode {
            case .eachMode: [.online, .offline]
            case .online: [.online]
            case .offline, .any: [.offline]
            }
            for (pi, month) in months.enumerated() {
                let day = String(format: "%d-%02d-%02d", year, month, 6 + (pi * 5 + si) % 20)
                if m.counts.contains("proposal") || m.counts.contains("sqmy") {
                    for c in 0..<m.count {
                        socialInfos.append(.init(studioIndex: si, value: SocialInfo(
                            studioID: 0, title: "关于\(topics[(pi + c + si) % topics.count])的建议",
                            date: day, channel: "区政协办公室", review: review), memberIndexes: [team[(pi + c) % team.count]]))
                    }
                    continue
                }
                let ids = m.counts == ["activity"] ? [profile.activityCategories.first { $0.id != "duty" }?.id ?? "other"] : m.counts
                guard let category = profile.activityCategories.first(where: { $0.id == ids[0] }) else { continue }
                let people = m.scope == "member" ? team.map { [$0] } : [Array(team.prefix(3))]
                for who in people {
                    for mode in modes {
                        for _ in 0..<m.count {
                            activities.append(.init(studioIndex: si, value: Activity(
                                studioID: 0, date: day, category: category.id, categoryName: category.name, mode: mode,
                                title: category.id == "duty" ? (mode == .online ? "线上轮值" : "接待群众值班") : "\(category.name)（\(mode.title)）",
                                place: mode == .online ? "秦商量平台" : "\(studioName)活动室", summary: "按年度计划开展。", review: review),
                                memberIndexes: who))
                        }
                    }
                }
            }
        }
    }

    /// The demo describes 2026 up to mid-November; nothing in it lies later.
    public static let cutoff = "2026-11-15"

    /// Drops records with any date after `cutoff` (keeping the intake → 社情民意 links right).
    func until(_ cutoff: String) -> DemoLedger {
        func ok(_ dates: [String?]) -> Bool { dates.allSatisfy { ($0 ?? "") <= cutoff } }
        var out = self
        out.activities = activities.filter { ok([$0.value.date, $0.value.review.reviewedOn]) }
        out.proposals = proposals.filter { ok([$0.value.date, $0.value.decidedOn, $0.value.repliedOn, $0.value.awardedOn, $0.value.review.reviewedOn]) }
        let keptInfo = socialInfos.indices.filter { i in
            let v = socialInfos[i].value
            return ok([v.date, v.adoptedOn, v.instructionOn, v.review.reviewedOn])
        }
        let keptIntake = intake.indices.filter { i in ok([intake[i].value.receivedOn, intake[i].value.feedbackOn]) }
        out.socialInfos = keptInfo.map { socialInfos[$0] }
        out.intake = keptIntake.map { intake[$0] }
        out.convertedIntake = convertedIntake.compactMap { link in
            guard let i = keptIntake.firstIndex(of: link.intakeIndex), let s = keptInfo.firstIndex(of: link.sqmyIndex) else { return nil }
            return (i, s)
        }
        return out
    }
}
