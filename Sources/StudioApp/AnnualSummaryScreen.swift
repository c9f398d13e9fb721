import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

/// 年度工作总结: the richer form of the 年度总结 year document. The part generated from the year's records is shown
/// read-only (recomputed each time until 定稿); the studio's own three sections are edited here (multi-line, Ctrl-E
/// for the clerk's editor); 定稿 freezes it and writes the 年度总结 document; p prints it on the official page.
public final class AnnualSummaryScreen: Screen {
    let context: AppContext
    let studioID: Int64
    var year: Int
    var studio: Studio?
    var document: AnnualSummaryDocument?
    var lines: [(text: String, style: Style)] = []
    var top = 0
    var pageSize = 10
    var message = ""
    var error = ""

    public init(context: AppContext, studioID: Int64, year: Int) {
        self.context = context
        self.studioID = studioID
        self.year = year
        reload()
    }

    public var title: String { "年度工作总结：" + (studio?.name ?? "") }

    enum Action: Sendable { case edit, finalize, reopen, print, previousYear, nextYear, back }
    let keys = KeyMap<Action>([
        KeyBinding([.char("e")], .edit, label: "填写", help: "填写成绩和特色亮点、存在问题、下一步计划（多行；Ctrl-E 用外部编辑器）", needs: .editLedger),
        KeyBinding([.char("f")], .finalize, label: "定稿", help: "定稿：按台账生成的内容就此固定，并记为本年度的年度总结", needs: .editLedger),
        KeyBinding([.char("o")], .reopen, label: "重新打开", help: "重新打开已定稿的总结：生成部分重新按台账计算，可再修改", inBar: false, needs: .editLedger),
        KeyBinding([.char("p")], .print, label: "打印", help: "打印为 PDF：A4 公文版式（GB/T 9704-2012），标题小标宋、正文仿宋三号"),
        KeyBinding([.char("[")], .previousYear, key: "[ ]", label: "年度", help: "上一年度 / 下一年度"),
        KeyBinding([.char("]")], .nextYear, label: "下一年度", inBar: false),
        KeyBinding([.escape], .back, label: "返回", help: "返回"),
    ])
    public var hints: [KeyHint] { keys.barHints(context, studio: studioID) + [CommonKeys.help] }
    public var helpHints: [KeyHint] { keys.helpHints(context, studio: studioID) + [KeyHint(key: "Up/Down PgUp/PgDn", label: "滚动")] }

    public func becameTop() { reload() }

    var todayISO: String { DateInput.iso(context.today()) }

    func reload() {
        do {
            studio = try context.db.studio(id: studioID)
            if let studio {
                document = try context.db.annualSummaryDocument(studio: studio, year: year, profiles: context.profiles, today: todayISO)
            }
            error = ""
        } catch {
            self.error = "\(error)"
        }
    }

    func layout(width: Int) -> [(text: String, style: Style)] {
        guard let doc = document else { return [] }
        return SummaryLines.layout(doc.sections, width: width)
    }

    public func handle(_ key: Key) -> Navigation {
        if SummaryLines.scroll(key, top: &top, page: pageSize) { return .stay }
        guard let action = keys.action(for: key, in: context, studio: studioID) else { return key == .escape ? .pop : .stay }
        message = ""
        switch action {
        case .back: return .pop
        case .previousYear, .nextYear:
            year += action == .previousYear ? -1 : 1
            top = 0
            reload()
            return .stay
        case .edit:
            guard let doc = document, let studio else { return .stay }
            if !studio.status.isActive { return .push(MessageDialog(title: "只读", message: "「\(studio.name)」已\(studio.status.title)，记录已归档，只能查看。")) }
            if let final = doc.entry?.finalizedOn {
                return .push(MessageDialog(title: "已定稿", message: "\(year)年度工作总结已于 \(DateInput.chinese(final)) 定稿。\n要修改请先按 o 重新打开。"))
            }
            return .push(textForm(doc))
        case .finalize:
            guard let doc = document else { return .stay }
            if doc.entry?.isFinal == true { message = "已定稿（按 o 重新打开）"; return .stay }
            let stamp = try? context.db.annualSummaryStamp(studioID: studioID)
            return .push(ConfirmDialog(title: "定稿", message: "「\(doc.summary.studioName)」\(year)年度工作总结定稿？\n按台账生成的内容就此固定，并记为本年度的年度总结（\(DateInput.chinese(todayISO))）。") { [self] yes in
                guard yes else { return .pop }
                do {
                    try context.db.finalizeAnnualSummary(doc, on: todayISO, expecting: stamp)
                    message = "已定稿"
                    reload()
                    return .pop
                } catch {
                    return .replace(MessageDialog(title: "不能定稿", message: "\(error)", isError: true))
                }
            })
        case .reopen:
            guard document?.entry?.isFinal == true else { message = "尚未定稿"; return .stay }
            let stamp = try? context.db.annualSummaryStamp(studioID: studioID)
            return .push(ConfirmDialog(title: "重新打开", message: "重新打开\(year)年度工作总结？生成部分将重新按台账计算。") { [self] yes in
                guard yes else { return .pop }
                do {
                    try context.db.reopenAnnualSummary(studioID: studioID, year: year, expecting: stamp)
                    message = "已重新打开"
                    reload()
                    return .pop
                } catch {
                    return .replace(MessageDialog(title: "不能重新打开", message: "\(error)", isError: true))
                }
            })
        case .print:
            guard let studio else { return .stay }
            return .push(printForm(studio))
        }
    }

    func textForm(_ doc: AnnualSummaryDocument) -> Screen {
        let stamp = try? context.db.annualSummaryStamp(studioID: studioID)
        let from = doc.textFromSelfAssessment ? "已带入本年度自查自评材料，可修改" : "每段一行；Ctrl-E 用外部编辑器"
        return EntryFormScreen(title: "\(year)年度工作总结：\(doc.summary.studioName)", fields: [
            .init("highlights", AnnualSummaryText.titles[0], .multiline(maxLength: 3000), guidance: from),
            .init("problems", AnnualSummaryText.titles[1], .multiline(maxLength: 3000)),
            .init("nextPlan", AnnualSummaryText.titles[2], .multiline(maxLength: 3000)),
        ], values: ["highlights": doc.text.highlights, "problems": doc.text.problems, "nextPlan": doc.text.nextPlan], permission: (.editLedger, studioID)) { [self] v in
            let text = AnnualSummaryText(highlights: v.text("highlights"), problems: v.text("problems"), nextPlan: v.text("nextPlan"))
            do {
                try context.db.saveAnnualSummaryText(studioID: studioID, year: year, text: text, expecting: stamp)
                message = "已保存"
                return .saved(.pop)
            } catch {
                return .issues(["highlights": "\(error)"])
            }
        }
    }

    func printForm(_ studio: Studio, directory: String? = nil) -> Screen {
        let directory = directory ?? context.outputDirectory
        return SummaryLines.printForm(context, title: "打印年度工作总结：\(studio.name) \(year)年度", what: "年度工作总结",
                                      suggested: (directory as NSString).appendingPathComponent(Printouts.annualSummaryFileName(studio: studio.name, year: year))) { [self] in
            try Printouts.annualSummary(studio, year: year, profiles: context.profiles, db: context.db, printedOn: todayISO).0
        }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1, width = area.width - 2
        guard let studio, let doc = document else {
            buffer.put(error.isEmpty ? "找不到这个工作室。按 Esc 返回。" : error, row: area.row + 1, col: col + 1, maxWidth: width, style: .error)
            return
        }
        let s = doc.summary
        let left = CivilDate.days(from: todayISO, to: s.dueDate) ?? 0
        let due = "截止 \(DateInput.chinese(s.dueDate))" + (left >= 0 ? "（还有 \(left) 天）" : "（已过）") + (s.sendTo.isEmpty ? "" : "，报送\(s.sendTo)")
        buffer.put("\(studio.name)  \(year)年度  \(due)", row: area.row, col: col, maxWidth: width, style: .accent)
        let state: String
        var stateStyle: Style = .muted
        if let e = doc.entry, let final = e.finalizedOn {
            state = "已定稿（\(DateInput.chinese(final))\(e.finalizedBy.map { "，\($0)" } ?? "")）：内容为定稿时的台账；o 重新打开"
            stateStyle = .normal
        } else {
            let edited = doc.entry?.editedAt.map { "；最后填写：\($0.replacingOccurrences(of: "T", with: " ").prefix(16))\(doc.entry?.editedBy.map { " \($0)" } ?? "")" } ?? ""
            state = "草稿：一至六部分按台账生成（只读），七至九部分由工作室填写" + edited
            if left >= 0 && left <= 30 { stateStyle = .warning }
        }
        buffer.put(state, row: area.row + 1, col: col, maxWidth: width, style: stateStyle)
        lines = layout(width: width)
        SummaryLines.renderBody(lines, top: &top, page: &pageSize, message: message, into: &buffer, area: area, bodyTop: area.row + 3)
    }
}
