import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

/// One studio's sheet for a year: every item with its points and the records that earned them (Enter
/// lists them), the studio's own scores beside the sheet's with differences highlighted, the panel's
/// entries on what records cannot show, and the stage actions 提交评估 → 审定 (locked) → 重新打开.
public final class AssessmentSheetScreen: Screen {
    let context: AppContext
    let studioID: Int64
    let year: Int
    var studio: Studio?
    var assessment: Assessment?
    var reopenings: [AppDatabase.Reopening] = []
    var table = TableView(columns: [
        TableColumn("部分", width: 10),
        TableColumn("评估项目", width: 16, flex: 3),
        TableColumn("分值", width: 4, align: .right),
        TableColumn("自评", width: 5, align: .right),
        TableColumn("得分", width: 4, align: .right),
        TableColumn("依据", width: 12, flex: 2),
    ])
    var message = ""
    var messageIsError = false

    public init(context: AppContext, studioID: Int64, year: Int) {
        self.context = context
        self.studioID = studioID
        self.year = year
        reload()
    }

    public var title: String { "评估表" }

    var todayISO: String { DateInput.iso(context.today()) }
    var items: [ScoredItem] { assessment.map { $0.sheet.items + $0.sheet.bonus } ?? [] }
    var selected: ScoredItem? { items.indices.contains(table.selected) ? items[table.selected] : nil }
    var isVerdict: Bool { assessment?.sheet.method != "scorecard" }

    enum Action: Sendable { case basis, panel, selfScore, texts, advance, reopen, print, back }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .basis, label: "依据", help: "列出所选项目的得分依据（台账记录或评估小组说明）和补救办法"),
        KeyBinding([.char("e")], .panel, label: "小组评分", help: "评估小组为台账无法反映的项目评分并写明依据（评分表）；或认定达标/未达标（达标认定）", needs: .panelEntries),
        KeyBinding([.char("s")], .selfScore, label: "自评分", help: "填写工作室对所选项目的自评分（与评估得分不同的行突出显示）", edits: true),
        KeyBinding([.char("t")], .texts, label: "自评文字", help: "成绩和特色亮点、问题和不足、下一步工作计划", edits: true),
        KeyBinding([.char("n")], .advance, label: "提交/审定", help: "自评 → 提交评估小组 → 主席会议审定（审定后锁定）", needs: .assessmentStages),
        KeyBinding([.char("o")], .reopen, label: "重新打开", help: "重新打开已审定的结果（须填写理由，记入评估档案）", inBar: false, needs: .assessmentStages),
        KeyBinding([.char("p")], .print, label: "打印", help: "打印本工作室的评估表（PDF，A4，附件4格式）", needs: .print),
        KeyBinding([.escape], .back, label: "返回", help: "返回评估列表"),
    ])
    /// The bar shows what the stage allows (and the session: a reviewer sees no write key); F1 lists every key.
    public var hints: [KeyHint] {
        let shown: [Action], advance: String
        switch assessment?.stage {
        case .approved?: (shown, advance) = ([.basis, .reopen, .print, .back], "")
        case .panel?: (shown, advance) = ([.basis, .panel, .advance, .print, .back], "审定")
        default: (shown, advance) = ([.basis, .selfScore, .texts, .advance, .print, .back], "提交评估")
        }
        return keys.available(context, studio: studioID).filter { shown.contains($0.action) }
            .map { KeyHint(key: $0.keyLabel, label: $0.action == .advance ? advance : $0.label) } + [CommonKeys.help]
    }
    public var helpHints: [KeyHint] { keys.helpHints(context, studio: studioID) + [KeyHint(key: "Up/Down", label: "上下移动")] }

    public func becameTop() { reload() }

    func reload() {
        do {
            if let entry = try context.db.lockedYear(year)?.entries.first(where: { $0.studio.id == studioID }) {
                // A 审定 year shows its record: the studio as it was named then, the sheet as it was approved.
                studio = entry.studio
                assessment = entry.assessment
            } else {
                try loadLive()
            }
            reopenings = try assessment?.id.map { try context.db.reopenings(assessmentID: $0) } ?? []
            stamp = try assessment?.id.map { try context.db.editStamp(of: .assessment($0)) }
        } catch {
            say("\(error)", error: true)
        }
        table.setCount(items.count)
    }

    /// The stored result as this screen read it: the store refuses a save over another clerk's entries.
    var stamp: EditStamp?

    func loadLive() throws {
        guard let s = try context.db.studio(id: studioID) else { throw StoreError.notFound("该工作室（可能已被删除）") }
        studio = s
        if let stored = try context.db.storedAssessment(studioID: studioID, year: year) {
            assessment = try context.db.assessment(studio: s, profile: stored.profile, year: year, today: todayISO)
        } else {
            guard let profile = context.profiles.first(where: { $0.id == s.profileID }) else {
                throw StoreError.other("「\(s.name)」的规则 \(s.profileID) 未载入")
            }
            assessment = try context.db.assessment(studio: s, profile: profile, year: year, today: todayISO)
        }
    }

    func say(_ text: String, error: Bool = false) {
        message = text
        messageIsError = error
    }

    /// Saves the changed result and rereads it; a refusal (a locked result, a bad value) is shown.
    func save(_ change: (inout Assessment) throws -> Void, done: String) -> String? {
        guard var a = assessment else { return "没有评估结果" }
        do {
            try change(&a)
            assessment = try context.db.saveAssessment(a, today: todayISO, expecting: stamp)
            reload()
            say(done)
            return nil
        } catch let e as AssessmentError {
            return e.description
        } catch {
            return "\(error)"
        }
    }

    public func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        guard let a = assessment else { return keys.action(for: key, in: context, studio: studioID) == .back ? .pop : .stay }
        let action = keys.action(for: key, in: context, studio: studioID)
        if a.isLocked, [.panel, .selfScore, .texts, .advance].contains(action) {
            say(AssessmentError.locked(a.approvedOn ?? "").description, error: true)
            return .stay
        }
        switch action {
        case .basis?:
            guard let item = selected else { return .stay }
            var lines = item.basis.map(\.line)
            if lines.isEmpty { lines = [item.byPanel ? "尚未评分：由评估小组评分（按 e）" : "没有计分的记录"] }
            if !item.howToEarn.isEmpty && item.missing > 0 { lines.append("补救：\(item.howToEarn)（可得 \(Scoring.points(item.missing)) 分）") }
            if let own = a.selfScores[item.id], own != item.points { lines.append("自评 \(Scoring.points(own)) 分，与评估得分 \(Scoring.points(item.points)) 分不同") }
            let points = item.max > 0 ? "\(Scoring.points(item.points))/\(Scoring.points(item.max)) 分" : "加 \(Scoring.points(item.points)) 分"
            return .push(LinesDialog(title: "\(item.text)（\(points)）", lines: lines, footer: "共 \(item.basis.count) 条依据"))
        case .panel?:
            guard a.stage == .panel else {
                say("评估小组评分在「评估」阶段进行：请先由工作室完成自评并按 n 提交", error: true)
                return .stay
            }
            if isVerdict { return .push(verdictForm(a)) }
            guard let item = selected else { return .stay }
            guard item.byPanel else {
                say("「\(item.text)」由台账记录自动计分，不能手工填写（按 Enter 查看依据）", error: true)
                return .stay
            }
            return .push(panelForm(item, a))
        case .selfScore?:
            guard a.stage == .selfAssessment else {
                say("自评分只能在「自评」阶段填写（现为「\(a.stage.title)」）", error: true)
                return .stay
            }
            guard let item = selected else { return .stay }
            return .push(selfScoreForm(item, a))
        case .texts?:
            guard a.stage == .selfAssessment else {
                say("自评材料只能在「自评」阶段修改（现为「\(a.stage.title)」）", error: true)
                return .stay
            }
            return .push(textsForm(a))
        case .advance?:
            let next = a.stage.next!
            let what = next == .panel ? "提交评估小组评估" : "主席会议审定（审定后结果锁定，并按本地规则生成处理事项）"
            let verdict = a.sheet.method == "scorecard" ? "合计 \(Scoring.points(a.sheet.total)) 分，\(a.sheet.passed ? "达标" : "未达标")" : (a.sheet.passed ? "达标" : "未达标")
            return .push(ConfirmDialog(title: next == .panel ? "提交评估" : "审定", message: "「\(studio?.name ?? "")」\(year)年度：\(verdict)。\n\(what)？") { [self] yes in
                guard yes else { return .stay }
                do {
                    assessment = try context.db.advanceAssessment(a, on: todayISO, profiles: context.profiles)
                    reload()
                    say(next == .approved ? "已审定并锁定（\(todayISO)）；处理事项见评估列表的「处理事项」视图" : "已提交评估小组")
                } catch {
                    say("\(error)", error: true)
                }
                return .stay
            })
        case .reopen?:
            guard a.isLocked, let id = a.id else {
                say("该结果尚未审定，可以直接修改", error: true)
                return .stay
            }
            return .push(EntryFormScreen(title: "重新打开 \(year) 年度评估结果", fields: [
                .init("reason", "理由", .text(maxLength: 200), guidance: "记入评估档案，如：发现漏记一次活动，经主席会议同意复核"),
            ], permission: (.assessmentStages, nil)) { [self] v in
                do {
                    assessment = try context.db.reopenAssessment(id: id, reason: v.text("reason"), on: todayISO)
                    reload()
                    say("已重新打开，回到「评估」阶段；修改后再按 n 审定")
                    return .saved(.stay)
                } catch {
                    return .issues(["reason": "\(error)"])
                }
            })
        case .print?:
            return .push(printForm(a))
        case .back?:
            return .pop
        case nil:
            return .stay
        }
    }

    /// A yes/no item (命名为市级委员工作站): 是 with its date adds exactly the item's points, 否 adds nothing.
    func yesNoForm(_ item: ScoredItem, _ a: Assessment) -> Screen {
        let current = a.panel[item.id]
        let yes = "是（加\(Scoring.points(item.max))分）", no = "否"
        return EntryFormScreen(title: "评估小组认定：\(item.text)", fields: [
            .init("answer", "认定", .choice([no, yes])),
            .init("date", "日期", .date(today: context.today, required: false), guidance: "认定为是时必填：命名的日期，" + LedgerForms.dateGuidance),
            .init("note", "依据", .text(maxLength: 200), guidance: "如：市政协〔2026〕12号文件命名"),
        ], values: ["answer": (current?.points ?? 0) > 0 ? yes : no, "date": current?.date ?? "", "note": current?.note ?? ""], permission: (.panelEntries, nil)) { [self] v in
            let isYes = v.choice("answer") == yes
            var date: String?
            if isYes {
                guard let d = v.dateIfAny("date") else { return .issues(["date": "请填写命名日期，" + LedgerForms.dateGuidance]) }
                date = d.iso
            }
            let points = isYes ? item.max : 0
            if let problem = save({ try $0.enter(itemID: item.id, points: points, note: v.text("note"), date: date) },
                                  done: "已记录评估小组认定：\(isYes ? "是" : "否")") {
                return .issues([problem.contains("日期") ? "date" : "answer": problem])
            }
            return .saved(.stay)
        }
    }

    func panelForm(_ item: ScoredItem, _ a: Assessment) -> Screen {
        if item.isYesNo == true { return yesNoForm(item, a) }
        let current = a.panel[item.id]
        return EntryFormScreen(title: "评估小组评分：\(item.text)", fields: [
            .init("points", item.max > 0 ? "得分（0–\(Scoring.points(item.max))）" : "加分", .number(whole: false, maxLength: 6, message: "请填写数字分值")),
            .init("note", "评分依据", .text(maxLength: 200), guidance: "如：现场查看，场所面积约60平方米，标识齐全"),
        ], values: ["points": current.map { Scoring.points($0.points) } ?? "", "note": current?.note ?? ""], permission: (.panelEntries, nil)) { [self] v in
            let points = v.number("points")
            if let problem = save({ try $0.enter(itemID: item.id, points: points, note: v.text("note")) },
                                  done: "已记录评估小组评分：\(item.text.trimmingCharacters(in: CharacterSet(charactersIn: "。"))) \(Scoring.points(points)) 分") {
                return .issues([problem.contains("依据") ? "note" : "points": problem])
            }
            return .saved(.stay)
        }
    }

    func verdictForm(_ a: Assessment) -> Screen {
        let pass = "达标", fail = "未达标"
        let current = a.panel["verdict"]
        return EntryFormScreen(title: "评估小组认定：\(studio?.name ?? "")", fields: [
            .init("verdict", "结论", .choice([pass, fail]), guidance: "台账按量化要求：\(a.sheet.items.isEmpty ? "本地区未规定" : "\(Scoring.points(a.sheet.total))/\(Scoring.points(a.sheet.passMark)) 项完成")"),
            .init("note", "依据", .text(maxLength: 200), guidance: "如：群众满意度测评 92%，履职台账齐全"),
        ], values: ["verdict": current.map { $0.points >= 1 ? pass : fail } ?? (a.sheet.passed ? pass : fail), "note": current?.note ?? ""], permission: (.panelEntries, nil)) { [self] v in
            let points = v.choice("verdict") == pass ? 1.0 : 0.0
            if let problem = save({ try $0.enter(itemID: "verdict", points: points, note: v.text("note")) }, done: "已记录评估小组认定：\(v.choice("verdict"))") {
                return .issues(["note": problem])
            }
            return .saved(.stay)
        }
    }

    func selfScoreForm(_ item: ScoredItem, _ a: Assessment) -> Screen {
        EntryFormScreen(title: "自评分：\(item.text)", fields: [
            .init("points", item.max > 0 ? "自评分（0–\(Scoring.points(item.max))，空为不填）" : "自评加分（空为不填）",
                  .number(whole: false, required: false, maxLength: 6, message: "请填写数字分值"),
                  guidance: "按台账计分为 \(Scoring.points(item.points)) 分"),
        ], values: ["points": a.selfScores[item.id].map(Scoring.points) ?? ""]) { [self] v in
            let text = v.text("points")
            let points = v.numberIfAny("points")
            if let problem = save({ try $0.setSelfScore(itemID: item.id, points: points) }, done: "已记录自评分：\(item.text.trimmingCharacters(in: CharacterSet(charactersIn: "。"))) \(text.isEmpty ? "（清除）" : text)") {
                return .issues(["points": problem])
            }
            return .saved(.stay)
        }
    }

    func textsForm(_ a: Assessment) -> Screen {
        EntryFormScreen(title: "自查自评材料：\(studio?.name ?? "") \(year)年度", fields: [
            .init("highlights", "成绩和特色亮点", .multiline(maxLength: 500), guidance: "提交评估前必须填写"),
            .init("problems", "问题和不足", .multiline(maxLength: 500)),
            .init("nextPlan", "下一步工作计划", .multiline(maxLength: 500)),
        ], values: ["highlights": a.highlights, "problems": a.problems, "nextPlan": a.nextPlan]) { [self] v in
            if let problem = save({
                $0.highlights = v.text("highlights")
                $0.problems = v.text("problems")
                $0.nextPlan = v.text("nextPlan")
            }, done: "已保存自查自评材料") {
                return .issues(["highlights": problem])
            }
            return .saved(.stay)
        }
    }

    func printForm(_ a: Assessment, directory: String? = nil) -> Screen {
        let directory = directory ?? context.outputDirectory
        let name = DutyText.safeFileName(studio?.name ?? "工作室")
        return EntryFormScreen(
            title: "打印评估表：\(studio?.name ?? "") \(year)年度",
            fields: [.init("path", "PDF 文件", .text(maxLength: 240), guidance: "A4，内嵌中文字体，附件4格式")],
            values: ["path": (directory as NSString).appendingPathComponent("\(name)-\(year)年度评估表.pdf")], writes: false
        ) { [self] v in
            let path = context.filePath(v.text("path"))
            guard !path.isEmpty, let studio else { return .issues(["path": "请填写 PDF 文件的路径"]) }
            do {
                let w = try ScorecardFiles.write([(studio, a)], summary: nil, year: year, district: context.districtName,
                                                 printedOn: todayISO, layout: .oneFile, to: path)
                return .saved(.push(MessageDialog(title: "已生成", message: "评估表：\(w.path)（\(w.pages) 页）")))
            } catch {
                return .issues(["path": OutputFile.message(for: error, path: path)])
            }
        }
    }

    // MARK: Drawing

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let width = area.width - 2
        guard let a = assessment, let studio else {
            buffer.put(message, row: area.row, col: col, maxWidth: width, style: .error)
            return
        }
        let stages = AssessmentStage.allCases.map { $0 == a.stage ? "【\($0.title)】" : $0.title }.joined(separator: "→")
        buffer.put("\(studio.name)  \(year)年度（\(a.profile.name)）  \(stages)", row: area.row, col: col, maxWidth: width, style: .accent)
        let sheet = a.sheet
        let total = !sheet.isJudged ? "\(sheet.verdictText)：不计分、不排名，不进入评估程序" : sheet.method == "scorecard" ? "合计 \(Scoring.points(sheet.total)) 分，达标线 \(Scoring.points(sheet.passMark)) 分：\(sheet.verdictText)"
            : "完成要求 \(Scoring.points(sheet.total))/\(Scoring.points(sheet.passMark)) 项：\(sheet.verdictText)" + (sheet.verdictNote.isEmpty ? "" : "（\(sheet.verdictNote)）")
        let locked = a.approvedOn.map { "  \($0) 审定，已锁定" } ?? ""
        buffer.put(total + locked, row: area.row + 1, col: col, maxWidth: width, style: sheet.passed ? .accent : .warning)
        var y = area.row + 2
        if !sheet.passed, !a.isLocked {
            let ways = sheet.waysToClose.prefix(3).map { "\($0.howToEarn)（+\(Scoring.points($0.missing))）" }
            if !ways.isEmpty {
                buffer.put("最省力：" + ways.joined(separator: "；"), row: y, col: col, maxWidth: width)
                y += 1
            }
        }
        if !sheet.sections.isEmpty {
            let parts = sheet.sections.map { "\(Scoring.points($0.points))/\(Scoring.points($0.cap))" }
            let bonus = sheet.bonus.reduce(0) { $0 + $1.points }
            buffer.put("各部分小计：" + parts.joined(separator: "，") + "；加分 \(Scoring.points(bonus))", row: y, col: col, maxWidth: width, style: .muted)
            y += 1
        }
        let differences = Set(a.differences)
        if !differences.isEmpty || !reopenings.isEmpty {
            var notes: [String] = []
            if !differences.isEmpty { notes.append("自评与评估不同 \(differences.count) 项（≠ 标出）") }
            if let last = reopenings.last { notes.append("曾重新打开 \(reopenings.count) 次（\(last.date)：\(last.reason)）") }
            buffer.put(notes.joined(separator: "；"), row: y, col: col, maxWidth: width, style: .warning)
            y += 1
        }
        let bottom = area.bottom - (message.isEmpty ? 0 : 1)
        table.render(into: &buffer, area: Rect(row: y, col: col, width: width, height: bottom - y),
                     rowStyle: { [self] i in differences.contains(items[i].id) ? .warning : nil }) { [self] i in
            let item = items[i]
            let own = a.selfScores[item.id].map { (differences.contains(item.id) ? "≠" : "") + Scoring.points($0) } ?? ""
            let basis: String
            if item.basis.isEmpty {
                basis = item.byPanel ? "待评估小组评分" : (item.howToEarn.isEmpty ? "无记录" : "缺：\(item.howToEarn)")
            } else {
                basis = item.basis.count == 1 ? item.basis[0].text : "\(item.basis.count) 条：\(item.basis[0].text)"
            }
            let max = isVerdict ? "" : (item.max > 0 ? Scoring.points(item.max) : "加分")
            let points = isVerdict ? (item.points >= item.max ? "达" : "缺") : Scoring.points(item.points)
            // The section's name on its first row only, as on the printed table.
            let section = i > 0 && items[i - 1].section == item.section ? "" : item.section
            return [section, item.text, max, own, points, basis]
        }
        if !message.isEmpty {
            buffer.put(message, row: area.bottom - 1, col: col, maxWidth: width, style: messageIsError ? .error : .accent)
        }
    }
}
