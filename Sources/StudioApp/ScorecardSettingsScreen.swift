import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// 规则设置 → 评估表: an office copies a profile's scorecard (or, for a profile judged by its minimums,
/// another profile's as a starting point for a local table) and edits items, points, caps and the pass
/// mark. New results use the office's table; results on file keep the table they were computed with.
public final class ScorecardSettingsScreen: Screen {
    enum Line: Equatable {
        /// 本年不参评: the day after which a newly plaqued studio is not judged that year (every profile has one).
        case cutoff
        case section(Int)
        case item(Int, Int)
        case bonus(Int)
        case passMark
    }

    let context: AppContext
    var profileIndex: Int
    var own: (card: RuleProfile.Scorecard, updatedOn: String)?
    var lines: [Line] = []
    var table = TableView(columns: [
        TableColumn("部分 / 项目", width: 30, flex: 3),
        TableColumn("分值", width: 8, align: .right),
        TableColumn("计分方式", width: 14, flex: 1),
    ])
    var message = ""
    var isError = false

    init(context: AppContext, profileIndex: Int = 0) {
        self.context = context
        self.profileIndex = profileIndex
        reload()
    }

    public var title: String { "规则设置：评估表" }
    var profile: RuleProfile? { context.profiles.indices.contains(profileIndex) ? context.profiles[profileIndex] : nil }
    /// The table in force: the office's, else the profile file's.
    var card: RuleProfile.Scorecard? { own?.card ?? (profile?.assessment.method == "scorecard" ? profile?.scorecard : nil) }
    var todayISO: String { DateInput.iso(context.today()) }

    enum Action: Sendable { case copy, edit, add, delete, revert, nextProfile, previousProfile, back }
    let keys = KeyMap<Action>([
        KeyBinding([.char("c")], .copy, label: "复制", help: "把规则文件的评估表复制为本办公室的评估表（之后可修改）；按达标认定的地区以滨江的表为底稿", needs: .manageRules),
        KeyBinding([.char("e"), .enter], .edit, key: "e", label: "修改", help: "修改所选项目的文字和分值、部分的名称和上限，或达标线", needs: .manageRules),
        KeyBinding([.char("a"), .insert], .add, key: "a", label: "添加", help: "在所选部分添加一项（由评估小组评分）", needs: .manageRules),
        KeyBinding([.char("d"), .delete], .delete, key: "d", label: "删除", help: "删除所选项目（先确认）", needs: .manageRules),
        KeyBinding([.char("x")], .revert, label: "恢复", help: "删除本办公室的评估表，恢复使用规则文件的表（已有的评估结果不变）", needs: .manageRules),
        KeyBinding([.right], .nextProfile, key: "Left/Right", label: "换规则", help: "换一个地区的规则（Right 下一个，Left 上一个）"),
        KeyBinding([.left], .previousProfile, label: "上一个规则", inBar: false),
        KeyBinding([.escape], .back, label: "返回", help: "返回规则设置"),
    ])
    public var hints: [KeyHint] { keys.barHints(context) + [CommonKeys.help] }
    public var helpHints: [KeyHint] { keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "上下移动")] }

    /// The office's table as this screen read it: a change saved by another clerk meanwhile is refused, not lost.
    var stamp: EditStamp?
    /// Whether the office set its own 本年不参评 cut-off for this profile.
    var ownCutoff = false

    func reload() {
        guard let profile else { return }
        ownCutoff = ((try? context.db.officeCutoff(profileID: profile.id)) ?? nil) != nil
        stamp = try? context.db.editStamp(of: .officeScorecard(profileID: profile.id))
        do { own = try context.db.officeScorecard(profileID: profile.id) } catch {
            own = nil
            say("\(error)", error: true)
        }
        lines = [.cutoff]
        if let card {
            for (s, section) in card.sections.enumerated() {
                lines.append(.section(s))
                lines += section.items.indices.map { Line.item(s, $0) }
            }
            lines += card.bonus.indices.map { Line.bonus($0) }
            lines.append(.passMark)
        }
        table.setCount(lines.count)
    }

    func say(_ text: String, error: Bool = false) {
        message = text
        isError = error
    }

    /// Applies a change to the office's table and saves it through the profile checks.
    func change(_ done: String, _ body: (inout RuleProfile.Scorecard) throws -> Void) -> String? {
        guard let profile, var c = own?.card else { return "请先按 c 复制为本办公室的评估表" }
        do {
            try body(&c)
            try context.db.saveOfficeScorecard(c, for: profile, today: todayISO, expecting: stamp)
            reload()
            say(done)
            return nil
        } catch {
            return "\(error)"
        }
    }

    public func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        guard let profile else { return .pop }
        let action = keys.action(for: key, in: context)
        // The cut-off is the office's to set whichever table is in use.
        if action == .edit, lines.indices.contains(table.selected), lines[table.selected] == .cutoff { return .push(cutoffForm(profile)) }
        if [.edit, .add, .delete].contains(action), own == nil {
            say("这是规则文件中的评估表，不能直接修改：请先按 c 复制为本办公室的评估表", error: true)
            return .stay
        }
        let line = lines.indices.contains(table.selected) ? lines[table.selected] : nil
        switch action {
        case .copy?:
            if own != nil {
                say("已有本办公室的评估表；如需重新复制，请先按 x 恢复规则文件的表", error: true)
                return .stay
            }
            let source = profile.assessment.method == "scorecard" ? profile : context.profiles.first { $0.scorecard != nil }
            guard let base = source?.scorecard else {
                say("没有可复制的评估表", error: true)
                return .stay
            }
            do {
                var copy = base
                if source?.id != profile.id {
                    copy.title = "\(profile.name) 本地评估表"
                    // Another district's wall list and activity categories do not exist here: the panel
                    // scores those items instead.
                    let known = Set(profile.activityCategories.map(\.id))
                    for s in copy.sections.indices {
                        for i in copy.sections[s].items.indices {
                            let item = copy.sections[s].items[i]
                            let foreign = item.checklist != nil || (item.source?.categories ?? []).contains { !known.contains($0) }
                            if foreign {
                                copy.sections[s].items[i].checklist = nil
                                copy.sections[s].items[i].source = nil
                            }
                        }
                    }
                    // A bonus counted from another district's kinds of activity counts every activity here (but 值班).
                    for b in copy.bonus.indices where (copy.bonus[b].source?.categories ?? []).contains(where: { !known.contains($0) }) {
                        copy.bonus[b].source?.categories = nil
                    }
                }
                try context.db.saveOfficeScorecard(copy, for: profile, today: todayISO)
                reload()
                say(source?.id == profile.id ? "已复制为本办公室的评估表，可以修改；新的评估按此表计分"
                    : "已以「\(source!.name)」的评估表为底稿建立本地评估表；\(profile.name)的新评估改为按分计")
            } catch {
                say("\(error)", error: true)
            }
        case .edit?:
            guard let line else { return .stay }
            return .push(editForm(line))
        case .add?:
            guard let line, let c = own?.card else { return .stay }
            let s: Int
            switch line {
            case .section(let i), .item(let i, _): s = i
            default:
                say("请选择要添加项目的部分（加分项目和达标线不能添加）", error: true)
                return .stay
            }
            return .push(EntryFormScreen(title: "在「\(c.sections[s].name)」添加项目", fields: [
                .init("text", "项目", .text(maxLength: 120)),
                .init("points", "分值", .number(whole: false, maxLength: 6, message: "请填写数字分值"), guidance: "由评估小组评分并写明依据"),
            ]) { [self] v in
                guard !v.text("text").isEmpty else { return .issues(["text": "请填写项目内容"]) }
                let points = v.number("points")
                let ids = Set(c.sections.flatMap { $0.items.map(\.id) } + c.bonus.map(\.id))
                let id = (1...).lazy.map { "local_\($0)" }.first { !ids.contains($0) }!
                if let problem = change("已添加：\(v.text("text"))", { $0.sections[s].items.append(
                    RuleProfile.ScoreItem(id: id, text: v.text("text"), points: points, checklist: nil, source: nil)) }) {
                    return .issues(["points": problem])
                }
                return .saved(.stay)
            })
        case .delete?:
            guard case .item(let s, let i)? = line, let item = own?.card.sections[s].items[i] else {
                say("请选择要删除的项目", error: true)
                return .stay
            }
            return .push(ConfirmDialog(title: "删除项目", message: "从本办公室的评估表删除「\(item.text)」？已有的评估结果不变。") { [self] yes in
                guard yes else { return .stay }
                if let problem = change("已删除：\(item.text)", { $0.sections[s].items.remove(at: i) }) { say(problem, error: true) }
                return .stay
            })
        case .revert?:
            guard own != nil else {
                say("正在使用规则文件的评估表", error: true)
                return .stay
            }
            return .push(ConfirmDialog(title: "恢复规则文件的评估表", message: "删除本办公室的评估表，\(profile.name)的新评估恢复按规则文件计？已有的评估结果不变。") { [self] yes in
                guard yes else { return .stay }
                do {
                    try context.db.removeOfficeScorecard(profileID: profile.id)
                    reload()
                    say("已恢复规则文件的评估表")
                } catch {
                    say("\(error)", error: true)
                }
                return .stay
            })
        case .nextProfile?:
            profileIndex = (profileIndex + 1) % max(1, context.profiles.count)
            table.select(0)
            reload()
            say("")
        case .previousProfile?:
            profileIndex = (profileIndex - 1 + context.profiles.count) % max(1, context.profiles.count)
            table.select(0)
            reload()
            say("")
        case .back?:
            return .pop
        case nil:
            break
        }
        return .stay
    }

    /// The office's 本年不参评 cut-off: a reading the seeds leave open, so the office decides it (issue 18).
    func cutoffForm(_ profile: RuleProfile) -> Screen {
        EntryFormScreen(title: "本年不参评的起算日：\(profile.name)", fields: [
            .init("cutoff", "授牌晚于（月-日）", .text(maxLength: 5),
                  guidance: "在此日之后授牌的工作室当年不参加年度评估，列为「本年不参评」；空为默认 06-30"),
        ], values: ["cutoff": (try? context.db.officeCutoff(profileID: profile.id)) ?? nil ?? ""]) { [self] v in
            do {
                try context.db.saveOfficeCutoff(v.text("cutoff"), for: profile)
                context.reloadOfficeRules()
                reload()
                say("本年不参评：授牌晚于 \(Self.cutoffTitle(context.profiles.first { $0.id == profile.id } ?? profile)) 的工作室当年不参评")
                return .saved(.stay)
            } catch {
                return .issues(["cutoff": "\(error)"])
            }
        }
    }

    /// "6月30日".
    static func cutoffTitle(_ p: RuleProfile) -> String {
        let parts = p.assessment.judgedIfPlaquedBy.split(separator: "-").compactMap { Int($0) }
        return parts.count == 2 ? "\(parts[0])月\(parts[1])日" : p.assessment.judgedIfPlaquedBy
    }

    func editForm(_ line: Line) -> Screen {
        let c = own!.card
        switch line {
        case .cutoff:
            return cutoffForm(profile!)
        case .section(let s):
            return EntryFormScreen(title: "修改部分", fields: [
                .init("name", "名称", .text(maxLength: 60)), .init("cap", "上限（分）", .number(whole: false, maxLength: 6, message: "请填写数字")),
            ], values: ["name": c.sections[s].name, "cap": Scoring.points(c.sections[s].cap)]) { [self] v in
                let cap = v.number("cap")
                if let problem = change("已修改部分：\(v.text("name"))", { $0.sections[s].name = v.text("name"); $0.sections[s].cap = cap }) {
                    return .issues(["cap": problem])
                }
                return .saved(.stay)
            }
        case .item(let s, let i):
            let item = c.sections[s].items[i]
            return EntryFormScreen(title: "修改项目", fields: [
                .init("text", "项目", .text(maxLength: 120)),
                .init("points", "分值", .number(whole: false, maxLength: 6, message: "请填写数字分值"), guidance: "计分方式：\(Self.sourceTitle(item.source))（本部分上限 \(Scoring.points(c.sections[s].cap)) 分）"),
            ], values: ["text": item.text, "points": Scoring.points(item.points)]) { [self] v in
                let points = v.number("points")
                if let problem = change("已修改：\(v.text("text"))", {
                    $0.sections[s].items[i].text = v.text("text")
                    $0.sections[s].items[i].points = points
                }) {
                    return .issues(["points": problem])
                }
                return .saved(.stay)
            }
        case .bonus(let b):
            let item = c.bonus[b]
            // Only a bonus counted from records without bound (开展活动多于规定次数) takes a cap: the text leaves it open.
            let capped = item.source?.kind == .activitiesBeyond
            var fields: [EntryFormScreen.Field] = [.init("text", "项目", .text(maxLength: 120)), .init("each", "每项加分", .number(whole: false, maxLength: 6, message: "请填写大于 0 的数字"))]
            if capped {
                fields.append(.init("cap", "加分上限", .number(whole: false, required: false, maxLength: 6, message: "请填写数字，或留空表示不设上限"), guidance: "本项最多加多少分；空为不设上限（原文未规定，由本办公室决定）"))
            }
            return EntryFormScreen(title: "修改加分项目", fields: fields,
                                   values: ["text": item.text, "each": Scoring.points(item.pointsEach), "cap": item.source?.cap.map(Scoring.points) ?? ""]) { [self] v in
                let each = v.number("each")
                guard each > 0 else { return .issues(["each": "请填写大于 0 的数字"]) }
                let cap = capped ? v.numberIfAny("cap") : nil
                if let problem = change("已修改：\(v.text("text"))", {
                    $0.bonus[b].text = v.text("text")
                    $0.bonus[b].pointsEach = each
                    if capped { $0.bonus[b].source?.cap = cap }
                }) {
                    return .issues([capped && problem.contains("上限") ? "cap" : "each": problem])
                }
                return .saved(.stay)
            }
        case .passMark:
            return EntryFormScreen(title: "修改达标线", fields: [.init("mark", "达标线（分）", .number(whole: false, maxLength: 6, message: "请填写数字"))],
                                   values: ["mark": Scoring.points(c.passMark)]) { [self] v in
                let mark = v.number("mark")
                if let problem = change("达标线改为 \(Scoring.points(mark)) 分", { $0.passMark = mark }) { return .issues(["mark": problem]) }
                return .saved(.stay)
            }
        }
    }

    static func sourceTitle(_ source: ScoreSource?) -> String {
        guard let source else { return "评估小组评分" }
        switch source.kind {
        case .panel: return "评估小组评分"
        case .activities: return "活动记录 ≥\(source.atLeast ?? 1) 次"
        case .guidance: return "专委会指导的活动"
        case .yearDocs: return "年度计划、总结"
        case .proposals: return "提案（提交/立案）"
        case .sqmyAdopted: return "社情民意被采用"
        case .wall: return "最近一次上墙检查"
        case .proposalAwards: return "重点/优秀提案"
        case .instructions: return "领导批示"
        case .activitiesBeyond: return "超出规定次数的活动" + (source.cap.map { "，上限\(Scoring.points($0))" } ?? "，不设上限")
        case .yesNo: return "评估小组认定（是/否）"
        }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let width = area.width - 2
        guard let profile else { return }
        buffer.put("规则：\(profile.name)（Left/Right 换规则）", row: area.row, col: col, maxWidth: width, style: .accent)
        let status: String
        if let own {
            status = "使用：本办公室的评估表（\(own.updatedOn) 修改；x 恢复规则文件的表）"
        } else if card != nil {
            status = "使用：规则文件中的评估表（只读；按 c 复制为本办公室的评估表后可修改）"
        } else {
            status = "该地区按量化要求认定达标/未达标，没有评估表；按 c 以滨江的评估表为底稿建立本地评估表"
        }
        buffer.put(status, row: area.row + 1, col: col, maxWidth: width, style: own == nil ? .muted : .normal)
        let bottom = area.bottom - (message.isEmpty ? 0 : 1)
        // Lines other than the cut-off exist only when there is a table (see reload).
        let card = self.card
        do {
            table.render(into: &buffer, area: Rect(row: area.row + 3, col: col, width: width, height: bottom - area.row - 3)) { [self] i in
                switch lines[i] {
                case .cutoff:
                    return ["本年不参评：授牌晚于", Self.cutoffTitle(profile), ownCutoff ? "本办公室设定（e 修改）" : "默认（e 修改）"]
                case .section(let s):
                    let section = card!.sections[s]
                    let sum = section.items.reduce(0) { $0 + $1.points }
                    return [section.name, "上限 \(Scoring.points(section.cap))", sum > section.cap ? "各项合计 \(Scoring.points(sum))，超上限" : ""]
                case .item(let s, let it):
                    let item = card!.sections[s].items[it]
                    return ["  " + item.text, Scoring.points(item.points), Self.sourceTitle(item.source)]
                case .bonus(let b):
                    let item = card!.bonus[b]
                    return ["加分：" + item.text, "每项\(Scoring.points(item.pointsEach))", Self.sourceTitle(item.source)]
                case .passMark:
                    return ["达标线", Scoring.points(card!.passMark), "满分 \(Scoring.points(card!.sections.reduce(0) { $0 + $1.cap }))"]
                }
            }
        }
        if !message.isEmpty {
            buffer.put(message, row: area.bottom - 1, col: col, maxWidth: width, style: isError ? .error : .accent)
        }
    }
}
