import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// Rule findings for a studio's current team, shared by the detail and the approval screens.
enum StudioChecks {
    static func findings(context: AppContext, studio: Studio, team: [TeamEntry]) throws -> [FieldIssue] {
        guard let profile = context.profiles.first(where: { $0.id == studio.profileID }), let id = studio.id else { return [] }
        let current = team.filter(\.isCurrent).map {
            TeamMember(memberID: $0.member.isNonMember ? nil : $0.member.id, name: $0.member.name, role: $0.membership.role)
        }
        let input = StudioCheckInput(
            name: studio.name, type: studio.type, address: studio.address,
            area: studio.type == .region ? studio.sector : "", team: current,
            otherStudiosByMember: try context.db.otherActiveStudios(forTeamOf: id),
            otherRegionStudiosInArea: try context.db.otherRegionStudios(sameAreaAs: studio),
            isNewApplication: studio.status == .draft)
        return StudioRuleChecker.check(input, profile: profile)
    }

    /// The step an application waits on, for the register ("主席会议研究"), or "" when none.
    static func waitingStep(studio: Studio, records: [ApprovalRecord], profiles: [RuleProfile]) -> String {
        guard studio.status == .inApproval || studio.status == .plaqued,
              let profile = profiles.first(where: { $0.id == studio.profileID }) else { return "" }
        let p = ApprovalChain.progress(records: records, type: studio.type, status: studio.status, profile: profile)
        return p.nextStep?.name ?? ""
    }
}

/// The approval chain of one studio on one screen: each step and its state, every
/// decision with opinion, signer and date, and the status history.
public final class ApprovalScreen: Screen {
    let context: AppContext
    let studioID: Int64
    var studio: Studio?
    var profile: RuleProfile?
    var records: [ApprovalRecord] = []
    var history: [StatusChange] = []
    var progress: ApprovalProgress?
    var message = ""
    var messageIsError = false
    var table = TableView(columns: [
        TableColumn("轮次", width: 4, align: .right),
        TableColumn("环节", width: 14),
        TableColumn("决定", width: 8),
        TableColumn("意见", width: 16, flex: 1),
        TableColumn("签名", width: 8),
        TableColumn("日期", width: 10),
    ])

    public init(context: AppContext, studioID: Int64) {
        self.context = context
        self.studioID = studioID
        reload()
    }

    public var title: String { "审批：" + (studio?.name ?? "") }

    enum Action: Sendable { case submit, decide, history, back }
    let keys = KeyMap<Action>([
        KeyBinding([.char("s")], .submit, label: "提交审批", help: "提交审批（草稿或退回修改后的申请；先按本地规则检查团队和命名）", edits: true),
        KeyBinding([.char("r"), .enter], .decide, key: "r", label: "录入意见", help: "录入待办环节的审批意见：同意、退回修改或不同意（Enter 也可）", edits: true),
        KeyBinding([.char("h")], .history, label: "状态历史", help: "全部状态变更（可滚动）：日期、原状态 → 新状态、原因"),
        KeyBinding([.escape], .back, label: "返回", help: "返回工作室详情"),
    ])

    public var hints: [KeyHint] {
        var bindings = keys.bindings
        if studio?.status != .draft { bindings.removeAll { $0.action == .submit } }
        if progress?.nextStep == nil { bindings.removeAll { $0.action == .decide } }
        return KeyMap(bindings).barHints(context) + [CommonKeys.help]
    }
    public var helpHints: [KeyHint] { keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "在审批记录中移动")] }

    public func becameTop() { reload() }
    /// Another session saved: read again (the cursor stays where it is).
    public func dataChanged() { reload() }

    func reload() {
        do {
            studio = try context.db.studio(id: studioID)
            records = try context.db.approvalRecords(studioID: studioID)
            history = try context.db.statusHistory(studioID: studioID)
        } catch {
            setMessage("\(error)", error: true)
        }
        if let s = studio, let p = context.profiles.first(where: { $0.id == s.profileID }) {
            profile = p
            progress = ApprovalChain.progress(records: records, type: s.type, status: s.status, profile: p)
        } else {
            progress = nil
        }
        table.setCount(records.count)
        table.select(records.count - 1)
    }

    func historyLine(_ change: StatusChange) -> String {
        "\(DateInput.chinese(change.date))  \(change.fromStatus.title) → \(change.toStatus.title)  \(change.reason)"
    }

    func setMessage(_ text: String, error: Bool = false) {
        message = text
        messageIsError = error
    }

    public func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        switch keys.action(for: key, in: context) {
        case .back?: return .pop
        case .history?:
            return .push(LinesDialog(title: "状态历史（共 \(history.count) 条）", lines: history.map(historyLine)))
        case .submit?: return submit()
        case .decide?:
            guard let s = studio, let progress, let step = progress.nextStep else {
                setMessage(studio?.status == .draft ? "尚未提交审批。按 s 提交。" : "没有待办的审批环节。", error: true)
                return .stay
            }
            return .push(DecisionFormScreen(context: context, studio: s, step: step, progress: progress) { [weak self] text in
                self?.setMessage(text)
            })
        case nil: return .stay
        }
    }

    func submit() -> Navigation {
        guard let s = studio else { return .stay }
        guard profile != nil else {
            return .push(MessageDialog(title: "不能提交", message: "未载入「\(s.profileID)」规则，无法检查和审批。", isError: true))
        }
        let round: Int
        do { round = try ApprovalChain.submit(status: s.status, records: records) } catch {
            return .push(MessageDialog(title: "不能提交", message: "\(error)", isError: true))
        }
        let findings: [FieldIssue]
        do { findings = try StudioChecks.findings(context: context, studio: s, team: context.db.team(studioID: studioID)) } catch {
            return .push(MessageDialog(title: "不能提交", message: "\(error)", isError: true))
        }
        let errors = findings.filter { $0.severity == .error }
        if !errors.isEmpty {
            return .push(MessageDialog(title: "不能提交", message: "请先改正：\n" + errors.map { "- " + $0.message }.joined(separator: "\n"), isError: true))
        }
        let warnings = findings.filter { $0.severity == .warning }
        let text = warnings.isEmpty
            ? "提交「\(s.name)」进入审批（第 \(round) 轮）？"
            : "以下情况需要确认：\n" + warnings.map { "- " + $0.message }.joined(separator: "\n") + "\n仍要提交审批吗？"
        return .push(ConfirmDialog(title: "提交审批", message: text, defaultYes: warnings.isEmpty) { [weak self] yes in
            guard yes, let self else { return .pop }
            do {
                try self.context.db.changeStatus(studioID: self.studioID, expected: .draft, to: .inApproval,
                                                 date: DateInput.iso(self.context.today()), reason: "提交审批（第 \(round) 轮）")
                self.reload()
                self.setMessage("已提交审批，待办：\(self.progress?.nextStep?.name ?? "")")
                return .pop
            } catch {
                return .push(MessageDialog(title: "提交失败", message: "\(error)", isError: true))
            }
        })
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        guard let s = studio else {
            buffer.put("找不到这个工作室。按 Esc 返回。", row: area.row + 1, col: area.col + 2, style: .error)
            return
        }
        let col = area.col + 2
        buffer.put(s.name, row: area.row, col: col, maxWidth: area.width - 4, style: .accent)
        buffer.put("状态：\(s.status.title)    规则：\(profile?.name ?? "未载入")", row: area.row + 1, col: col, maxWidth: area.width - 4)

        // The chain in one line per step: done, waiting, or still to come.
        var y = area.row + 3
        buffer.put("审批流程：", row: y, col: col, style: .muted)
        y += 1
        if let progress {
            for step in progress.steps {
                let done = progress.records.last { $0.stepID == step.id && $0.decision == .approve }
                let mark: String
                let style: Style
                if let done {
                    mark = "[已同意] \(step.name)  \(done.signer)  \(DateInput.chinese(done.date))" + (done.plaqueNumber.map { "  牌匾编号 \($0)" } ?? "")
                    style = .normal
                } else if progress.nextStep?.id == step.id {
                    mark = "[待办]   \(step.name)"
                    style = .warning
                } else {
                    mark = "[未到]   \(step.name)"
                    style = .muted
                }
                buffer.put(mark, row: y, col: col + 2, maxWidth: area.width - 6, style: style)
                y += 1
            }
            if s.status == .draft, let back = progress.lastReturn {
                buffer.put("退回修改（\(back.stepName)，\(DateInput.chinese(back.date))）：\(back.opinion)", row: y, col: col + 2,
                           maxWidth: area.width - 6, style: .error)
                y += 1
            } else if s.status == .draft {
                buffer.put("草稿，尚未提交。按 s 提交审批。", row: y, col: col + 2, style: .muted)
                y += 1
            }
        } else {
            buffer.put("未载入「\(s.profileID)」规则，无法显示审批流程。", row: y, col: col + 2, style: .warning)
            y += 1
        }

        // Decisions of every round, then the status history.
        y += 1
        // The status history below the decisions: as many of its latest lines as leave the table 6 rows; h shows all.
        let room = max(0, area.bottom - y - 2 - 6)
        let historyRows = history.count <= room ? history.count : max(0, min(room, history.count) - 1)
        let hidden = history.count - historyRows
        let tableHeight = max(2, area.bottom - y - historyRows - (hidden > 0 ? 1 : 0) - 2)
        table.render(into: &buffer, area: Rect(row: y, col: col, width: area.width - 4, height: tableHeight)) { [self] i in
            let r = records[i]
            return ["\(r.round)", r.stepName, r.decision.title, r.opinion + (r.plaqueNumber.map { "（牌匾 \($0)）" } ?? ""),
                    r.signer, r.date]
        }
        if records.isEmpty { buffer.put("还没有审批记录。", row: y + 1, col: col + 2, style: .muted) }
        var hy = y + tableHeight
        if hidden > 0 {
            buffer.put("状态历史：更早的 \(hidden) 条未显示，按 h 查看全部", row: hy, col: col, maxWidth: area.width - 4, style: .muted)
            hy += 1
        }
        for change in history.suffix(historyRows) {
            buffer.put(historyLine(change), row: hy, col: col, maxWidth: area.width - 4, style: .muted)
            hy += 1
        }
        if !message.isEmpty {
            buffer.put(message, row: area.bottom - 1, col: col, maxWidth: area.width - 4, style: messageIsError ? .error : .accent)
        }
        buffer.cursor = nil
    }
}

/// Records one decision on the waiting step: 同意 / 退回修改 / 不同意, opinion, signer, date, and
/// the plaque number on the 授牌 step. Problems show on their fields; nothing is saved until all is right.
public final class DecisionFormScreen: Screen {
    let context: AppContext
    let studio: Studio
    let step: RuleProfile.ApprovalStep
    let progress: ApprovalProgress
    let onSaved: (String) -> Void
    var decision: ApprovalDecision = .approve
    var fields: [String: TextField]
    var order: [String]
    var focus = 0
    var issues: [String: String] = [:]

    init(context: AppContext, studio: Studio, step: RuleProfile.ApprovalStep, progress: ApprovalProgress, onSaved: @escaping (String) -> Void) {
        self.context = context
        self.studio = studio
        self.step = step
        self.progress = progress
        self.onSaved = onSaved
        order = ["decision", "opinion", "signer", "date"] + (step.isPlaque ? ["plaqueNumber"] : [])
        fields = ["opinion": TextField("", maxLength: 200), "signer": TextField("", maxLength: 20),
                  "date": TextField(DateInput.iso(context.today()), maxLength: 12), "plaqueNumber": TextField("", maxLength: 30)]
    }

    public var title: String { "录入审批意见：\(step.name)" }
    public var isEditingForm: Bool { true }

    static let labels = ["decision": "决定", "opinion": "意见", "signer": "签名人", "date": "日期", "plaqueNumber": "牌匾编号"]
    static let guidance = [
        "decision": "按 1 同意、2 退回修改、3 不同意（或 Left/Right）",
        "opinion": "退回修改、不同意时必须写明理由",
        "date": "可输入 t（今天）、y（昨天）、2026-3-5、3.5",
        "plaqueNumber": "授牌时必填",
    ]

    enum Action: Sendable { case save, next, previous, cancel }
    let keys = KeyMap<Action>([
        KeyBinding([.function(2), .ctrl("s")], .save, key: "F2", label: "保存", help: "保存这条审批意见（Ctrl-S 也可）", edits: true),
        KeyBinding([.tab, .down], .next, key: "Tab", label: "下一项", help: "下一项（Down 也可）"),
        KeyBinding([.backTab, .up], .previous, key: "Shift-Tab", label: "上一项", help: "上一项（Up 也可）"),
        KeyBinding([.escape], .cancel, label: "取消", help: "不保存返回"),
    ])
    public var hints: [KeyHint] { keys.barHints(context) + [CommonKeys.help] }
    public var helpHints: [KeyHint] {
        keys.helpHints(context) + [KeyHint(key: "1/2/3", label: "在「决定」一项：同意/退回修改/不同意"),
                          KeyHint(key: "Enter", label: "下一项；在最后一项时保存")]
    }

    public func handle(_ key: Key) -> Navigation {
        let name = order[focus]
        if key == .enter {
            if focus == order.count - 1 { return save() }
            focus += 1
            return .stay
        }
        if let action = keys.action(for: key, in: context) {
            switch action {
            case .save: return save()
            case .next: focus = (focus + 1) % order.count
            case .previous: focus = (focus - 1 + order.count) % order.count
            case .cancel: return .pop
            }
            return .stay
        }
        if name == "decision" {
            let all = ApprovalDecision.allCases
            switch key {
            case .char("1"): decision = .approve
            case .char("2"): decision = .returnForRevision
            case .char("3"): decision = .reject
            case .right, .char(" "): decision = all[(all.firstIndex(of: decision)! + 1) % all.count]
            case .left: decision = all[(all.firstIndex(of: decision)! + all.count - 1) % all.count]
            default: break
            }
            issues["decision"] = nil
            return .stay
        }
        if fields[name]?.handle(key) == true { issues[name] = nil }
        return .stay
    }

    func save() -> Navigation {
        issues = [:]
        let dateText = fields["date"]!.text
        guard let iso = DateInput.parse(dateText, today: context.today()) else {
            issues["date"] = "日期「\(dateText)」无法识别：可输入 t、y、2026-3-5、3.5"
            focus = order.firstIndex(of: "date")!
            return .stay
        }
        let plaque = step.isPlaque && decision == .approve ? fields["plaqueNumber"]!.text.trimmingCharacters(in: .whitespaces) : nil
        do {
            let (record, newStatus) = try ApprovalChain.decide(
                decision, opinion: fields["opinion"]!.text.trimmingCharacters(in: .whitespaces),
                signer: fields["signer"]!.text.trimmingCharacters(in: .whitespaces), date: iso, plaqueNumber: plaque,
                studioID: studio.id!, status: studio.status, progress: progress)
            let reason = "\(step.name)：\(decision.title)" + (record.opinion.isEmpty ? "" : "（\(record.opinion)）")
            try context.db.changeStatus(studioID: studio.id!, expected: studio.status, to: newStatus, date: iso, reason: reason, record: record)
            onSaved("已记录：\(step.name) \(decision.title)" + (newStatus != studio.status ? "，状态改为「\(newStatus.title)」" : ""))
            return .pop
        } catch let e as ApprovalError {
            issues[order.contains(e.field) ? e.field : "decision"] = e.message
            if let i = order.firstIndex(of: e.field) { focus = i }
            return .stay
        } catch {
            return .push(MessageDialog(title: "保存失败", message: "\(error)", isError: true))
        }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 3
        buffer.put(studio.name + " - " + step.name, row: area.row + 1, col: col, maxWidth: area.width - 6, style: .accent)
        let labelWidth = 10
        let fieldCol = col + labelWidth
        let fieldWidth = min(44, area.width - fieldCol - 2)
        var cursor: Point?
        for (i, name) in order.enumerated() {
            let y = area.row + 3 + i * 2
            buffer.put(DisplayWidth.pad(Self.labels[name]! + "：", to: labelWidth, align: .right), row: y, col: col,
                       style: i == focus ? .accent : .normal)
            if name == "decision" {
                var x = fieldCol
                for d in ApprovalDecision.allCases {
                    let text = "[\(d.title)]"
                    x += buffer.put(text, row: y, col: x, style: d == decision ? (i == focus ? .focusedField : .selection) : .normal) + 2
                }
            } else {
                fields[name]!.render(into: &buffer, row: y, col: fieldCol, width: fieldWidth, focused: i == focus)
                if i == focus { cursor = buffer.cursor }
            }
            if let issue = issues[name] {
                buffer.put(issue, row: y + 1, col: fieldCol, maxWidth: area.right - fieldCol - 1, style: .error)
            } else if i == focus, let g = Self.guidance[name] {
                buffer.put(g, row: y + 1, col: fieldCol, maxWidth: area.right - fieldCol - 1, style: .muted)
            }
        }
        buffer.cursor = cursor
    }
}
