import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

/// 打印导出 → 报送 → 年度总结材料 (陕西 四.7, a city's by 12月底): the year's 汇总 of the office's area, read-only and
/// made afresh each time, and the office's own three sections edited here (multi-line, Ctrl-E for the clerk's
/// editor); p prints it on the official page like a studio's 年度工作总结.
public final class OfficeYearScreen: Screen {
    let context: AppContext
    var year: Int
    var summary: OfficeYearSummary?
    var text = AnnualSummaryText()
    var edited: (at: String?, by: String?)?
    var lines: [(text: String, style: Style)] = []
    var top = 0
    var pageSize = 10
    var message = ""
    var error = ""

    public init(context: AppContext, year: Int) {
        self.context = context
        self.year = year
        reload()
    }

    public var title: String { "年度总结材料" }

    enum Action: Sendable { case edit, print, previousYear, nextYear, back }
    let keys = KeyMap<Action>([
        KeyBinding([.char("e")], .edit, label: "填写", help: "填写本办的成绩和特色亮点、存在问题、下一步计划（多行；Ctrl-E 用外部编辑器）", edits: true),
        KeyBinding([.char("p")], .print, label: "打印", help: "打印为 PDF：A4 公文版式（GB/T 9704-2012），同工作室年度工作总结"),
        KeyBinding([.char("[")], .previousYear, key: "[ ]", label: "年度", help: "上一年度 / 下一年度"),
        KeyBinding([.char("]")], .nextYear, label: "下一年度", inBar: false),
        KeyBinding([.escape], .back, label: "返回", help: "返回"),
    ])
    public var hints: [KeyHint] { keys.barHints(context) + [CommonKeys.help] }
    public var helpHints: [KeyHint] { keys.helpHints(context) + [KeyHint(key: "Up/Down PgUp/PgDn", label: "滚动")] }

    public func becameTop() { reload() }
    public func dataChanged() { reload() }

    var todayISO: String { DateInput.iso(context.today()) }

    func reload() {
        do {
            summary = try context.db.officeYearSummary(year: year, profiles: context.profiles, today: todayISO, madeAt: context.returnTimestamp)
            let stored = try context.db.officeYearText(year: year)
            text = stored?.text ?? AnnualSummaryText()
            edited = stored.map { ($0.editedAt, $0.editedBy) }
            error = ""
        } catch {
            summary = nil
            self.error = "\(error)"
        }
    }

    func layout(width: Int) -> [(text: String, style: Style)] {
        guard let summary else { return [] }
        return SummaryLines.layout(summary.sections(own: text), width: width)
    }

    public func handle(_ key: Key) -> Navigation {
        if SummaryLines.scroll(key, top: &top, page: pageSize) { return .stay }
        guard let action = keys.action(for: key, in: context) else { return key == .escape ? .pop : .stay }
        message = ""
        switch action {
        case .back: return .pop
        case .previousYear, .nextYear:
            year += action == .previousYear ? -1 : 1
            top = 0
            reload()
            return .stay
        case .edit:
            guard let summary else { return .stay }
            return .push(textForm(summary))
        case .print:
            guard summary != nil else { return .stay }
            return .push(printForm())
        }
    }

    func textForm(_ summary: OfficeYearSummary) -> Screen {
        let stamp = try? context.db.officeYearStamp(year: year)
        return EntryFormScreen(title: "\(year)年度总结材料：\(summary.office)", fields: [
            .init("highlights", AnnualSummaryText.titles[0], .multiline(maxLength: 5000), guidance: "每段一行；Ctrl-E 用外部编辑器"),
            .init("problems", AnnualSummaryText.titles[1], .multiline(maxLength: 5000)),
            .init("nextPlan", AnnualSummaryText.titles[2], .multiline(maxLength: 5000)),
        ], values: ["highlights": text.highlights, "problems": text.problems, "nextPlan": text.nextPlan]) { [self] v in
            let text = AnnualSummaryText(highlights: v.text("highlights"), problems: v.text("problems"), nextPlan: v.text("nextPlan"))
            do {
                try context.db.saveOfficeYearText(year: year, text: text, expecting: stamp)
                message = "已保存"
                return .saved(.pop)
            } catch {
                return .issues(["highlights": "\(error)"])
            }
        }
    }

    func printForm() -> Screen {
        let office = summary?.office ?? ""
        return SummaryLines.printForm(context, title: "打印年度总结材料：\(year)年度", what: "年度总结材料",
                                      suggested: (context.outputDirectory as NSString).appendingPathComponent(Printouts.officeYearFileName(office: office, year: year))) { [self] in
            try Printouts.officeYear(year: year, profiles: context.profiles, db: context.db, printedOn: todayISO, madeAt: context.returnTimestamp).0
        }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1, width = area.width - 2
        guard let summary else {
            buffer.put(error.isEmpty ? "没有数据。按 Esc 返回。" : error, row: area.row + 1, col: col + 1, maxWidth: width, style: .error)
            return
        }
        let left = CivilDate.days(from: todayISO, to: summary.dueDate) ?? 0
        let due = "截止 \(DateInput.chinese(summary.dueDate))" + (left >= 0 ? "（还有 \(left) 天）" : "（已过）")
        let name = summary.office.isEmpty ? "（未设定本办名称）" : summary.office
        buffer.put("\(name)（\(summary.level.title)）  \(year)年度总结材料  \(due)", row: area.row, col: col, maxWidth: width, style: .accent)
        let when = edited.flatMap { e in e.at.map { "；最后填写：\($0.replacingOccurrences(of: "T", with: " ").prefix(16))\(e.by.map { " \($0)" } ?? "")" } } ?? ""
        buffer.put("全年汇总按各季度报送和本办工作室生成（只读）；成绩和特色亮点、存在问题、下一步计划由本办填写" + when, row: area.row + 1, col: col, maxWidth: width,
                   style: text.isEmpty && left >= 0 && left <= 30 ? .warning : .muted)
        lines = layout(width: width)
        SummaryLines.renderBody(lines, top: &top, page: &pageSize, message: message, into: &buffer, area: area, bodyTop: area.row + 3)
    }
}
