import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

// 值班排班 > 节假日: the holiday calendar the rota is laid out over.
// MARK: - Holiday calendar

/// The office's copy of the holiday calendar: each year's days off and 调休 working weekends with
/// the notice they come from; the office adds the next year when the notice comes out. Until then
/// the year shows its statutory holidays, 暂定.
final class HolidayScreen: Screen {
    let context: AppContext
    var year: Int
    var calendar = HolidayCalendar.empty
    var days: [HolidayCalendar.Day] = []
    var table = TableView(columns: [
        TableColumn("日期", width: 10),
        TableColumn("星期", width: 4),
        TableColumn("类别", width: 8),
        TableColumn("节日", width: 12, flex: 1),
    ])
    var message = ""

    init(context: AppContext, year: Int) {
        self.context = context
        self.year = year
        reload()
    }

    func reload() {
        calendar = (try? context.db.holidayCalendar()) ?? .empty
        days = calendar.days(in: year)
        table.setCount(days.count)
    }

    func becameTop() { reload() }

    var title: String { "节假日" }
    enum Action: Sendable { case previousYear, nextYear, add, delete, source, back }
    let keys = KeyMap<Action>([
        KeyBinding([.char("[")], .previousYear, key: "[ ]", label: "年份", help: "上一年 / 下一年"),
        KeyBinding([.char("]")], .nextYear, label: "下一年", inBar: false),
        KeyBinding([.char("a")], .add, label: "添加", help: "添加放假日或调休上班日（连续放假可填起止日期）", needs: .manageRules),
        KeyBinding([.char("d"), .delete], .delete, key: "d", label: "删除", help: "删除所选日期", needs: .manageRules),
        KeyBinding([.char("n")], .source, label: "来源", help: "填写这一年的来源（国务院办公厅通知的文号和日期）", needs: .manageRules),
        KeyBinding([.escape], .back, label: "返回", help: "返回"),
    ])
    var hints: [KeyHint] { keys.barHints(context) + [CommonKeys.help] }
    var helpHints: [KeyHint] { keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "上下移动")] }

    func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        switch keys.action(for: key, in: context) {
        case .back?: return .pop
        case .previousYear?: year -= 1; reload()
        case .nextYear?: year += 1; reload()
        case .add?: return .push(dayForm())
        case .source?: return .push(sourceForm())
        case .delete?:
            guard days.indices.contains(table.selected) else { return .stay }
            let d = days[table.selected]
            // Computed, not stored: there is nothing to delete until the year is entered.
            if calendar.isProvisional(year: year) {
                message = "暂定的法定节日不能删除：通知发布后按 a 录入 \(year) 年的节假日"
                return .stay
            }
            do {
                try context.db.deleteHolidayDay(d.date)
                message = "已删除 \(DateInput.chinese(d.date)) \(d.name)\(d.kind.title)"
            } catch { message = "\(error)" }
            reload()
        case nil: break
        }
        return .stay
    }

    func dayForm() -> Screen {
        // A date typed without its year (2.6) is in the year being edited.
        let anchor = Calendar(identifier: .gregorian).date(from: DateComponents(year: year, month: 6, day: 15, hour: 12)) ?? context.today()
        return EntryFormScreen(
            title: "添加 \(year) 年的节假日",
            fields: [.init("kind", "类别", .choice(HolidayCalendar.Kind.allCases.map(\.title))),
                     .init("from", "日期", .date(today: { anchor }), guidance: "\(year)-2-6 或 2.6"),
                     .init("to", "到（连续放假）", .date(today: { anchor }, required: false), guidance: "只一天可空着"),
                     .init("name", "节日", .text(maxLength: 12), guidance: "元旦、春节、清明节、劳动节、端午节、中秋节、国庆节")]
        ) { [self] v in
            let from = v.date("from")
            guard from.year == year else { return .issues(["from": "请填写 \(year) 年的日期"]) }
            let a = from.dayNumber, b = (v.dateIfAny("to") ?? from).dayNumber
            guard b >= a, b - a < 31 else {
                return .issues(["to": "结束日期应在开始日期之后，一个月以内"])
            }
            let kind = HolidayCalendar.Kind.allCases.first { $0.title == v.choice("kind") } ?? .off
            do {
                for n in a...b { try context.db.saveHolidayDay(.init(date: CivilDate(dayNumber: n).iso, kind: kind, name: v.text("name"))) }
                message = "已添加 \(b - a + 1) 天：\(v.text("name"))\(kind.title)"
                return .saved(.stay)
            } catch StoreError.validation(let issues) {
                return .issues(Dictionary(issues.map { ($0.field == "date" ? "from" : $0.field, $0.message) }, uniquingKeysWith: { a, _ in a }))
            } catch {
                return .issues(["from": "\(error)"])
            }
        }
    }

    func sourceForm() -> Screen {
        EntryFormScreen(
            title: "\(year) 年节假日的来源",
            fields: [.init("source", "来源", .text(maxLength: 120), guidance: "如：国务院办公厅关于\(year)年部分节假日安排的通知（国办发明电〔\(year - 1)〕N号）")],
            values: ["source": calendar.years.first { $0.year == year }?.source ?? ""]
        ) { [self] v in
            do {
                try context.db.addHolidayYear(year, source: v.text("source"))
                message = "已记录 \(year) 年的来源"
                return .saved(.stay)
            } catch {
                return .issues(["source": "\(error)"])
            }
        }
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let source = calendar.years.first { $0.year == year }
        let off = days.filter { $0.kind == .off }.count, work = days.count - off
        if let source {
            buffer.put("\(year) 年：放假 \(off) 天，调休上班 \(work) 天", row: area.row, col: col, style: .accent)
            buffer.put("来源：" + (source.source.isEmpty ? "（未注明，按 n 填写）" : source.source), row: area.row + 1, col: col, maxWidth: area.width - 2, style: .muted)
        } else {
            let text = "\(year) 年节假日安排尚未公布：暂定按法定节日放假 \(off) 天，无调休上班。国务院办公厅通知发布后按 a 添加（法定节日随之录入）、n 填写来源。"
            for (i, line) in DialogBox.wrap(text, width: area.width - 2).prefix(2).enumerated() {
                buffer.put(line, row: area.row + i, col: col, style: .warning)
            }
        }
        table.render(into: &buffer, area: Rect(row: area.row + 3, col: col, width: area.width - 2, height: area.height - 5)) { [self] i in
            let d = days[i]
            return [d.date, CivilDate.weekdayTitle(d.date), d.kind.title, d.name]
        }
        if !message.isEmpty { buffer.put(message, row: area.bottom - 1, col: col, maxWidth: area.width - 2, style: .accent) }
    }
}
