import Foundation

// 年度工作总结 of a studio (陕西 四.7: each studio's 年度总结 to its 专委会 by 11月底): a draft generated from the
// year's records, plus the studio's own three texts (the ones 自查自评 asks for). Pure: the store gathers the
// records, the compliance lines (Compliance.evaluate, never recounted here) and the assessment, and hands them in.

/// When a profile wants the 年度总结 and where it goes (absent in a profile: 11-30, 陕西's 11月底).
public struct AnnualSummaryRule: Codable, Equatable, Sendable {
    /// "MM-dd" of the year summed up.
    public var due: String
    /// Who receives it, e.g. 负责联系指导的专门委员会.
    public var sendTo: String?

    public init(due: String, sendTo: String? = nil) {
        self.due = due
        self.sendTo = sendTo
    }

    public static let standard = AnnualSummaryRule(due: "11-30")

    /// The due date of the summary of `year`.
    public func dueDate(year: Int) -> String {
        let parts = due.split(separator: "-").compactMap { Int($0) }
        let m = parts.count == 2 ? min(max(parts[0], 1), 12) : 11
        let d = parts.count == 2 ? min(max(parts[1], 1), CivilDate.daysIn(month: m, year: year)) : 30
        return DateInput.format(year, m, d)
    }
}

extension RuleProfile {
    /// The profile's 年度总结 rule, or the 陕西 default.
    public var annualSummaryRule: AnnualSummaryRule { annualSummary ?? .standard }
}

/// The studio's own sections, written by the clerk.
public struct AnnualSummaryText: Codable, Equatable, Sendable {
    /// 成绩和特色亮点.
    public var highlights: String
    /// 存在问题.
    public var problems: String
    /// 下一步计划.
    public var nextPlan: String

    public init(highlights: String = "", problems: String = "", nextPlan: String = "") {
        self.highlights = highlights
        self.problems = problems
        self.nextPlan = nextPlan
    }

    public var isEmpty: Bool { [highlights, problems, nextPlan].allSatisfy { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } }

    /// The three titles, in order (the 自查自评's own words: 成绩和特色亮点, 问题和不足, 下一步工作计划).
    public static let titles = ["成绩和特色亮点", "存在问题", "下一步计划"]
}

/// What the draft is generated from: one studio's records of one year, as the store reads them.
public struct AnnualSummaryRecords: Sendable {
    public var studio: Studio
    public var profile: RuleProfile?
    public var year: Int
    public var today: String
    /// Members on the team during the year (CPPCC members only).
    public var teamSize: Int
    public var activities: [Activity]
    public var proposals: [Proposal]
    public var socialInfos: [SocialInfo]
    /// 群众意见建议 received in the year.
    public var citizenItems: [CitizenItem]
    /// The year's rota (值班计划 slots).
    public var dutySlots: [DutySlot]
    /// The store's compliance lines for the year (`AppDatabase.studioCompliance`).
    public var compliance: [ComplianceLine]
    /// The year's result: stored (自评, 评估 or 审定) or projected from the records (`id` nil).
    public var assessment: Assessment?

    public init(studio: Studio, profile: RuleProfile?, year: Int, today: String, teamSize: Int = 0, activities: [Activity] = [],
                proposals: [Proposal] = [], socialInfos: [SocialInfo] = [], citizenItems: [CitizenItem] = [], dutySlots: [DutySlot] = [],
                compliance: [ComplianceLine] = [], assessment: Assessment? = nil) {
        self.studio = studio
        self.profile = profile
        self.year = year
        self.today = today
        self.teamSize = teamSize
        self.activities = activities
        self.proposals = proposals
        self.socialInfos = socialInfos
        self.citizenItems = citizenItems
        self.dutySlots = dutySlots
        self.compliance = compliance
        self.assessment = assessment
    }
}

/// A block of a section: a paragraph, or a simple table (a header row and rows of text).
public enum SummaryBlock: Codable, Equatable, Sendable {
    case paragraph(String)
    case table(header: [String], rows: [[String]])
}

/// One numbered section of the summary.
public struct SummarySection: Codable, Equatable, Sendable {
    public var heading: String
    public var blocks: [SummaryBlock]
    /// Written by the studio (the three own sections), not generated.
    public var own: Bool

    public init(heading: String, blocks: [SummaryBlock], own: Bool = false) {
        self.heading = heading
        self.blocks = blocks
        self.own = own
    }
}

/// The generated part of a studio's 年度工作总结: the figures and lists of the year.
public struct AnnualSummary: Codable, Equatable, Sendable {
    /// Activities of one category, by mode.
    public struct KindCount: Codable, Equatable, Sendable {
        public var category: String
        public var name: String
        public var online: Int
        public var offline: Int
        public var total: Int { online + offline }
    }

    /// A listed record: date, what kind, title, outcome.
    public struct Item: Codable, Equatable, Sendable {
        public var date: String
        public var kind: String
        public var title: String
        public var outcome: String
    }

    public struct Duty: Codable, Equatable, Sendable {
        /// 值班 recorded in the ledger (activities of the category duty), by mode.
        public var heldOnline: Int
        public var heldOffline: Int
        /// Shifts on the year's rota up to the end of the year, and how many of them are past by `today`.
        public var planned: Int
        public var plannedPast: Int
        /// The rule's text (e.g. 每名委员每季度线上、线下值班各至少1次), nil where the profile has none.
        public var rule: String?
        /// Per period of the rule: its title, how many members met it, who is short.
        public var periods: [DutyPeriod]
        public var held: Int { heldOnline + heldOffline }
    }

    public struct DutyPeriod: Codable, Equatable, Sendable {
        public var period: String
        public var done: String
        public var short: String
        public var state: String
    }

    public struct Intake: Codable, Equatable, Sendable {
        public var received: Int
        /// By triage class (信访, 咨询 …), and 待分类.
        public var byTriage: [Count]
        public var settled: Int
        public var open: Int
        /// Open past the profile's limit.
        public var overdue: Int
        /// Became a 社情民意, an activity or a proposal.
        public var converted: Int
        public var limitDays: Int
    }

    public struct Count: Codable, Equatable, Sendable {
        public var name: String
        public var count: Int
    }

    /// One compliance line as the store gave it, in words (frozen with the summary when it is 定稿).
    public struct ComplianceRow: Codable, Equatable, Sendable {
        public var text: String
        public var period: String
        public var done: String
        public var short: String
        public var state: String
        public var met: Bool
    }

    public struct Score: Codable, Equatable, Sendable {
        public var method: String
        public var title: String
        /// "85", "3/5 项".
        public var score: String
        /// "达标（85 分）", "还差 12 分达标".
        public var verdict: String
        /// 按台账预计, 自评, 评估, 审定.
        public var stage: String
        public var approvedOn: String?
    }

    public var studioName: String
    public var studioType: String
    public var sector: String
    public var committee: String
    public var profileName: String
    public var year: Int
    /// When it was generated (ISO date).
    public var madeOn: String
    public var dueDate: String
    public var sendTo: String
    public var teamSize: Int
    public var activityCounts: [KindCount]
    public var activities: [Item]
    public var proposals: [Item]
    public var socialInfos: [Item]
    /// 立案 (also replied), 重点/优秀; 采用, 领导批示.
    public var proposalsFiled: Int
    public var proposalsAwarded: Int
    public var infosAdopted: Int
    public var infosInstructed: Int
    public var duty: Duty
    public var intake: Intake
    public var compliance: [ComplianceRow]
    public var score: Score?

    public var title: String { "\(studioName)\(year)年度工作总结" }

    /// Activities other than 值班.
    public var activityTotal: Int { activityCounts.reduce(0) { $0 + $1.total } }
}

extension AnnualSummary {
    /// Counts 退回 records out, like every other count (`ReviewStatus.counts`).
    public static func make(_ r: AnnualSummaryRecords) -> AnnualSummary {
        let range = ("\(r.year)-01-01", "\(r.year)-12-31")
        func inYear(_ d: String) -> Bool { d >= range.0 && d <= range.1 }
        let activities = r.activities.filter { inYear($0.date) && $0.review.status.counts }.sorted { ($0.date, $0.id ?? 0) < ($1.date, $1.id ?? 0) }
        let proposals = r.proposals.filter { inYear($0.date) && $0.review.status.counts }.sorted { ($0.date, $0.id ?? 0) < ($1.date, $1.id ?? 0) }
        let infos = r.socialInfos.filter { inYear($0.date) && $0.review.status.counts }.sorted { ($0.date, $0.id ?? 0) < ($1.date, $1.id ?? 0) }
        let items = r.citizenItems.filter { inYear($0.receivedOn) && $0.review.status.counts }
        let duty = activities.filter { $0.category == "duty" }
        let others = activities.filter { $0.category != "duty" }

        // Categories in the profile's order, then any the profile does not know (kept as entered).
        var counts: [KindCount] = []
        let order = (r.profile?.activityCategories.map(\.id) ?? []).filter { $0 != "duty" }
        for a in others {
            if let i = counts.firstIndex(where: { $0.category == a.category }) {
                if a.mode == .online { counts[i].online += 1 } else { counts[i].offline += 1 }
            } else {
                let name = r.profile?.activityCategories.first { $0.id == a.category }?.name ?? a.categoryName
                counts.append(KindCount(category: a.category, name: name, online: a.mode == .online ? 1 : 0, offline: a.mode == .online ? 0 : 1))
            }
        }
        counts.sort { (order.firstIndex(of: $0.category) ?? Int.max, $0.name) < (order.firstIndex(of: $1.category) ?? Int.max, $1.name) }

        let activityItems = others.map { a in
            Item(date: a.date, kind: (r.profile?.activityCategories.first { $0.id == a.category }?.name ?? a.categoryName) + "·" + a.mode.title,
                 title: a.title, outcome: a.citizensReached > 0 ? "服务群众 \(a.citizensReached) 人" : "")
        }
        let proposalItems = proposals.map { p in
            Item(date: p.date, kind: p.kind.title + "提案", title: p.title, outcome: proposalOutcome(p))
        }
        let infoItems = infos.map { i in
            Item(date: i.date, kind: "社情民意", title: i.title, outcome: infoOutcome(i))
        }

        // 值班: held in the ledger, planned on the rota, and the rule's lines (the store's compliance, in words).
        let end = range.1
        let slots = r.dutySlots.filter { inYear($0.date) && $0.date <= end }
        let dutyMinimum = r.profile.flatMap(DutyRule.minimum(of:))
        let dutyLines = r.compliance.filter { $0.minimumID == dutyMinimum?.id }
        let dutyInfo = Duty(heldOnline: duty.filter { $0.mode == .online }.count, heldOffline: duty.filter { $0.mode != .online }.count,
                            planned: slots.count, plannedPast: slots.filter { $0.date <= r.today }.count, rule: dutyMinimum?.text,
                            periods: dutyLines.map { DutyPeriod(period: $0.period.shortTitle, done: $0.doneText, short: $0.briefText, state: $0.state.title) })

        let limitDays = r.profile?.intakeLimitDays ?? IntakeLimit.defaultDays
        let limit = IntakeLimit(days: limitDays, today: r.today)
        var byTriage = Triage.allCases.map { t in Count(name: t.title, count: items.filter { $0.triage == t }.count) }.filter { $0.count > 0 }
        let untriaged = items.filter { $0.triage == nil }.count
        if untriaged > 0 { byTriage.append(Count(name: "待分类", count: untriaged)) }
        let intake = Intake(received: items.count, byTriage: byTriage, settled: items.filter(\.isSettled).count,
                            open: items.filter { !$0.isSettled }.count,
                            overdue: items.filter { limit.isOverdue(receivedOn: $0.receivedOn, settled: $0.isSettled) }.count,
                            converted: items.filter { $0.linkedKind != nil }.count, limitDays: limitDays)

        let compliance = r.compliance.map {
            ComplianceRow(text: $0.text, period: $0.period.shortTitle, done: $0.doneText, short: $0.briefText, state: $0.state.title, met: $0.short == 0)
        }
        let score = r.assessment.map { a in
            Score(method: a.sheet.method, title: a.sheet.title, score: a.sheet.scoreText, verdict: a.sheet.verdictText,
                  stage: a.id == nil ? "按台账预计" : (a.isLocked ? "主席会议审定" : a.stage.title), approvedOn: a.approvedOn)
        }
        let rule = r.profile?.annualSummaryRule ?? .standard
        return AnnualSummary(studioName: r.studio.name, studioType: r.studio.type.title, sector: r.studio.sector, committee: r.studio.committee,
                             profileName: r.profile?.name ?? r.studio.profileID, year: r.year, madeOn: r.today,
                             dueDate: rule.dueDate(year: r.year), sendTo: rule.sendTo ?? "", teamSize: r.teamSize,
                             activityCounts: counts, activities: activityItems, proposals: proposalItems, socialInfos: infoItems,
                             proposalsFiled: proposals.filter(\.status.isFiled).count, proposalsAwarded: proposals.filter { $0.award != nil }.count,
                             infosAdopted: infos.filter { $0.status == .adopted }.count, infosInstructed: infos.filter(\.hasInstruction).count,
                             duty: dutyInfo, intake: intake, compliance: compliance, score: score)
    }

    static func proposalOutcome(_ p: Proposal) -> String {
        var parts = [p.status.title]
        if !p.handlingUnit.isEmpty && p.status.isFiled { parts.append("承办：\(p.handlingUnit)") }
        if !p.satisfaction.isEmpty { parts.append(p.satisfaction) }
        if let award = p.award { parts.append("评为\(award.title)") }
        return parts.joined(separator: "，")
    }

    static func infoOutcome(_ i: SocialInfo) -> String {
        var parts: [String] = []
        parts.append(i.status == .adopted ? (i.adoptedBy.isEmpty ? "已采用" : "\(i.adoptedBy)采用") : "已报送")
        if i.hasInstruction { parts.append((i.instructionBy.isEmpty ? "领导" : i.instructionBy) + "批示") }
        return parts.joined(separator: "，")
    }

    /// "3月12日": the year is in the title.
    static func monthDay(_ date: String) -> String {
        let p = date.split(separator: "-").compactMap { Int($0) }
        return p.count == 3 ? "\(p[1])月\(p[2])日" : date
    }

    static let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]

    /// The summary as numbered sections: the generated ones, then the studio's own three (an empty one says so).
    public func sections(own text: AnnualSummaryText) -> [SummarySection] {
        var out: [(String, [SummaryBlock], Bool)] = []
        // 基本情况
        var basic = "\(studioName)为\(studioType)型委员工作室"
        if !sector.isEmpty { basic += "（\(sector)）" }
        if !committee.isEmpty { basic += "，由\(committee)联系指导" }
        basic += "，执行「\(profileName)」规则，\(year)年度有委员 \(teamSize) 名。"
        basic += "全年开展履职活动 \(activityTotal) 次、值班 \(duty.held) 次，提交提案 \(proposals.count) 件、社情民意信息 \(socialInfos.count) 篇，"
        basic += "收到群众意见建议 \(intake.received) 件。"
        out.append(("基本情况", [.paragraph(basic)], false))

        // 履职活动
        var acts: [SummaryBlock] = []
        if activityCounts.isEmpty {
            acts.append(.paragraph("本年度未登记履职活动（值班除外）。"))
        } else {
            let byKind = activityCounts.map { c in
                "\(c.name) \(c.total) 次" + (c.online > 0 && c.offline > 0 ? "（线上 \(c.online) 次、线下 \(c.offline) 次）" : c.online > 0 ? "（线上）" : "（线下）")
            }
            acts.append(.paragraph("全年开展履职活动 \(activityTotal) 次：" + byKind.joined(separator: "，") + "。"))
            acts.append(.table(header: ["日期", "类别·方式", "活动名称"], rows: activities.map { [Self.monthDay($0.date), $0.kind, $0.title] }))
        }
        out.append(("履职活动开展情况", acts, false))

        // 提案和社情民意
        var outcomes: [SummaryBlock] = []
        let (filed, awarded, adopted, instructed) = (proposalsFiled, proposalsAwarded, infosAdopted, infosInstructed)
        outcomes.append(.paragraph("提交提案 \(proposals.count) 件，立案 \(filed) 件" + (awarded > 0 ? "，其中 \(awarded) 件评为重点或优秀提案" : "") +
                                   "；报送社情民意信息 \(socialInfos.count) 篇，被采用 \(adopted) 篇" + (instructed > 0 ? "，获领导批示 \(instructed) 篇" : "") + "。"))
        let rows = (proposals + socialInfos).map { [Self.monthDay($0.date), $0.kind, $0.title, $0.outcome] }
        if !rows.isEmpty { outcomes.append(.table(header: ["日期", "类别", "标题", "办理结果"], rows: rows)) }
        out.append(("提案和社情民意信息", outcomes, false))

        // 值班
        var dutyBlocks: [SummaryBlock] = []
        var d = "全年值班 \(duty.held) 次（线上 \(duty.heldOnline) 次、线下 \(duty.heldOffline) 次）"
        d += duty.planned > 0 ? "；值班计划排班 \(duty.planned) 次，截至\(DateInput.chinese(madeOn))应到 \(duty.plannedPast) 次。" : "；本年度没有排定值班计划。"
        if let rule = duty.rule { d += "规则要求：\(rule)。" }
        dutyBlocks.append(.paragraph(d))
        if !duty.periods.isEmpty {
            dutyBlocks.append(.table(header: ["期间", "完成", "差额", "状态"], rows: duty.periods.map { [$0.period, $0.done, $0.short, $0.state] }))
        }
        out.append(("值班情况", dutyBlocks, false))

        // 群众意见建议
        var i = "收到群众意见建议 \(intake.received) 件"
        if !intake.byTriage.isEmpty { i += "（" + intake.byTriage.map { "\($0.name) \($0.count) 件" }.joined(separator: "、") + "）" }
        i += "，已反馈办结 \(intake.settled) 件，未办结 \(intake.open) 件"
        if intake.overdue > 0 { i += "，其中超过 \(intake.limitDays) 天期限 \(intake.overdue) 件" }
        if intake.converted > 0 { i += "；转为社情民意、活动或提案 \(intake.converted) 件" }
        out.append(("群众意见建议办理情况", [.paragraph(i + "。")], false))

        // 达标情况和年度评估
        var comp: [SummaryBlock] = []
        if compliance.isEmpty {
            comp.append(.paragraph("「\(profileName)」规则没有规定活动的最低次数。"))
        } else {
            let met = compliance.filter(\.met).count
            comp.append(.paragraph("对照规则的最低要求 \(compliance.count) 项，已完成 \(met) 项，未完成 \(compliance.count - met) 项。"))
            comp.append(.table(header: ["要求", "期间", "完成", "差额", "状态"], rows: compliance.map { [$0.text, $0.period, $0.done, $0.short, $0.state] }))
        }
        if let s = score {
            let when = s.approvedOn.map { "（\(DateInput.chinese($0))）" } ?? ""
            comp.append(.paragraph("年度评估（\(s.stage)\(when)）：" + (s.method == "scorecard" ? "得分 \(s.score)，" : "") + s.verdict + "。"))
        }
        out.append(("达标情况和年度评估", comp, false))

        for (title, body) in zip(AnnualSummaryText.titles, [text.highlights, text.problems, text.nextPlan]) {
            let paragraphs = body.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            out.append((title, paragraphs.isEmpty ? [.paragraph("（未填写）")] : paragraphs.map { .paragraph($0) }, true))
        }
        return out.enumerated().map { n, s in SummarySection(heading: "\(Self.numerals[n])、\(s.0)", blocks: s.1, own: s.2) }
    }

    /// The whole summary as plain text; without the tables (`tables` false) for the 年度总结 year document written
    /// when it is 定稿 (the lists stay in the frozen summary and its printout).
    public func plainText(own text: AnnualSummaryText, tables: Bool = true) -> String {
        var lines = [title, ""]
        for s in sections(own: text) {
            lines.append(s.heading)
            for b in s.blocks {
                switch b {
                case .paragraph(let p): lines.append(p)
                case .table(let header, let rows):
                    guard tables else { continue }
                    lines.append(header.joined(separator: "｜"))
                    lines += rows.map { $0.joined(separator: "｜") }
                }
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}

/// The 年度总结 on the due-soon list: studios whose summary of the year is not 定稿, within `days` of the due date.
public enum AnnualSummaryDue {
    /// One line per due date (studios sharing a rule share it), soonest first.
    /// `studios`: the running ones whose summary is not 定稿.
    public static func upcoming(studios: [(name: String, profile: RuleProfile?)], today: String, days: Int = 30) -> [Deadline] {
        guard let year = Int(today.prefix(4)) else { return [] }
        var byDate: [String: [String]] = [:]
        for s in studios {
            let due = (s.profile?.annualSummaryRule ?? .standard).dueDate(year: year)
            guard let left = CivilDate.days(from: today, to: due), left >= 0, left <= days else { continue }
            byDate[due, default: []].append(s.name)
        }
        return byDate.keys.sorted().map { date in
            let names = byDate[date]!
            let shown = names.prefix(3).joined(separator: "、") + (names.count > 3 ? "等" : "")
            return Deadline(date: date, text: "年度工作总结未定稿 \(names.count) 个（\(shown)）", profileName: "")
        }
    }
}
