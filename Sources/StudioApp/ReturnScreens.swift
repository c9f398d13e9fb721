import Foundation
import StudioCore
import StudioExport
import StudioStore
import TerminalKit

// 打印导出 → 季度报送, 接收下级报送, 汇总, 统计 (issue 23): the return going up, the lower offices' returns coming in,
// and the area they add up to.

/// Horizontal bars drawn with the eighth blocks, so a count of 1 among hundreds still shows.
public enum Bars {
    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

    /// A bar `width` columns long at most for `value` out of `max` (empty for 0; at least one eighth otherwise).
    public static func bar(_ value: Int, max: Int, width: Int) -> String {
        guard value > 0, max > 0, width > 0 else { return "" }
        let units = Swift.max(1, Int((Double(value) / Double(max) * Double(width * 8)).rounded()))
        let full = Swift.min(units / 8, width)
        let rest = full == width ? 0 : units % 8
        return String(repeating: "█", count: full) + (rest > 0 ? String(eighths[rest - 1]) : "")
    }

    /// "label   ████▍ 12": the label padded to `labelWidth` columns, the bar, the count.
    public static func line(_ label: String, _ value: Int, max: Int, labelWidth: Int, width: Int) -> String {
        let countText = " \(value)"
        // At most 40 columns: longer bars read no better on a wide terminal.
        let barWidth = Swift.min(40, Swift.max(1, width - labelWidth - 1 - DisplayWidth.of(String(max)) - 1))
        return DisplayWidth.pad(label, to: labelWidth) + " " + bar(value, max: max, width: barWidth) + countText
    }
}

extension AppContext {
    /// Local time, yyyy-MM-ddTHH:mm:ss, for a return made or received now.
    var returnTimestamp: String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return f.string(from: Date())
    }

    /// The quarter today is in.
    var currentQuarter: Period { Period.containing(DateInput.iso(today()), kind: .quarter) ?? Period(.quarter, year: 2026, index: 4) }
}

extension DataScreen {
    /// 季度报送: the office's return for a chosen quarter, written to a file.
    func quarterReturnForm() -> Screen {
        let me = (try? context.db.officeIdentity()) ?? ("", .county)
        return EntryFormScreen(title: "季度报送", fields: [
            .init("office", "本办名称", .text(maxLength: 40), guidance: "报送文件和上级的汇总表中的单位名称"),
            .init("level", "级别", .choice(OfficeLevel.allCases.map(\.title))),
            .init("quarter", "季度", .text(maxLength: 12), guidance: "如 2026Q4；含本办已接收的下级该季度报送"),
            .init("path", "文件", .text(maxLength: 240), guidance: "JSON，带校验和；留空按单位和季度命名"),
        ], values: ["office": me.0, "level": me.1.title, "quarter": context.currentQuarter.code, "path": ""]) { [self] v in
            let office = v.text("office").trimmingCharacters(in: .whitespaces)
            guard !office.isEmpty else { return .issues(["office": "请填写本办名称（如 明湖区）"]) }
            guard let period = Period.quarter(parsing: v.text("quarter")) else { return .issues(["quarter": "季度应写成 2026Q4"]) }
            let level = OfficeLevel.allCases.first { $0.title == v.choice("level") } ?? .county
            let given = v.text("path").trimmingCharacters(in: .whitespaces)
            let path = context.filePath(given.isEmpty ? OutputFile.safeName("\(office)-\(period.code)-季度报送.json") : given, ext: ".json")
            do {
                try context.db.setOfficeIdentity(name: office, level: level)
                let r = try context.db.quarterlyReturn(period: period, profiles: context.profiles, today: todayISO, madeAt: context.returnTimestamp)
                try PrivateFile.write(try ReturnFile.encode(r), to: path)
                try context.db.noteReturnMade(period)
                let acts = r.studios.reduce(0) { $0 + $1.activityTotal }
                return .saved(.replace(MessageDialog(title: "已生成报送", message: """
                    \(office)（\(level.title)）\(period.title)：工作室 \(r.studios.count) 个（新增备案 \(r.newStudios.count)），活动 \(acts) 次，\
                    含下级报送 \(r.lower.count) 份。
                    \(path)
                    """)))
            } catch {
                return .issues(["path": OutputFile.message(for: error, path: path)])
            }
        }
    }

    /// 接收下级报送: files (or a folder of them) checked and kept; what became of each, and why.
    func receiveForm() -> Screen {
        EntryFormScreen(title: "接收下级报送", fields: [
            .init("paths", "文件", .text(maxLength: 1000), guidance: "报送文件，多个用 ; 分隔；或一个文件夹（接收其中全部 .json）"),
        ]) { [self] v in
            let given = v.text("paths").split(whereSeparator: { $0 == ";" || $0 == "；" }).map { context.filePath(String($0).trimmingCharacters(in: .whitespaces)) }
                .filter { !$0.isEmpty }
            guard !given.isEmpty else { return .issues(["paths": "请填写报送文件或文件夹"]) }
            var files: [String] = []
            for p in given {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), isDir.boolValue {
                    let names = ((try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []).filter { $0.lowercased().hasSuffix(".json") }.sorted()
                    files += names.map { (p as NSString).appendingPathComponent($0) }
                } else {
                    files.append(p)
                }
            }
            guard !files.isEmpty else { return .issues(["paths": "文件夹中没有 .json 文件"]) }
            var lines: [String] = []
            var counts: [String: Int] = [:]
            for f in files {
                let name = (f as NSString).lastPathComponent
                guard let data = FileManager.default.contents(atPath: f) else {
                    lines.append("拒收 \(name)：无法读取（不存在或没有读权限）")
                    counts["拒收", default: 0] += 1
                    continue
                }
                do {
                    let (outcome, r) = try context.db.receiveReturn(data, receivedAt: context.returnTimestamp)
                    counts[outcome.title, default: 0] += 1
                    let what = r.map { "\($0.office)（\($0.level.title)）\($0.period.title)，工作室 \($0.studios.count) 个" } ?? name
                    switch outcome {
                    case .refused(let why): lines.append("拒收 \(name)：\(why)")
                    case .replaced(let previous): lines.append("已替换 \(what)（原为 \(previous.replacingOccurrences(of: "T", with: " ")) 生成的一份）")
                    case .unchanged: lines.append("已接收过 \(what)：未改动")
                    case .received: lines.append("已接收 \(what)")
                    }
                } catch {
                    lines.append("拒收 \(name)：\(error)")
                    counts["拒收", default: 0] += 1
                }
            }
            let summary = ["已接收", "已替换", "已接收过", "拒收"].compactMap { k in counts[k].map { "\(k) \($0)" } }.joined(separator: "，")
            return .saved(.replace(LinesDialog(title: "接收下级报送", lines: lines, footer: summary)))
        }
    }
}

/// 汇总: the area's totals and its offices, an office's studios, a studio's figures (Enter drills down, Esc back);
/// who has not sent; ←/→ another quarter; s the statistics; e the 汇总表 as a file.
public final class AreaScreen: Screen {
    let context: AppContext
    var period: Period
    var summary: AreaSummary?
    var error = ""
    /// The office (index into `summary.offices`) and studio drilled into.
    var office: Int?
    var studio: Int?
    var offices = TableView(columns: [
        TableColumn("单位", width: 12, flex: 2),
        TableColumn("级别", width: 4, fit: .keep),
        TableColumn("工作室", width: 6, align: .right, fit: .keep),
        TableColumn("活动", width: 5, align: .right, fit: .keep),
        TableColumn("提案", width: 4, align: .right, fit: .keep),
        TableColumn("社情民意", width: 8, align: .right, fit: .keep),
        TableColumn("全部达标", width: 8, align: .right, fit: .keep),
        TableColumn("报送时间", width: 11, fit: .keep),
    ])
    var studios = TableView(columns: [
        TableColumn("工作室", width: 14, flex: 3),
        TableColumn("类型", width: 6, fit: .keep),
        TableColumn("界别／区域", width: 8, flex: 1),
        TableColumn("状态", width: 6, fit: .keep),
        TableColumn("活动", width: 4, align: .right, fit: .keep),
        TableColumn("值班", width: 7, align: .right, fit: .keep),
        TableColumn("达标", width: 4, fit: .keep),
    ])
    var detailTop = 0

    public init(context: AppContext, period: Period? = nil) {
        self.context = context
        self.period = period ?? context.currentQuarter
        reload()
    }

    public var title: String { "汇总" }

    enum Action: Sendable { case open, back, previous, next, statistics, export }
    let keys = KeyMap<Action>([
        KeyBinding([.enter], .open, label: "进入", help: "看所选单位的工作室，或所选工作室的数字"),
        KeyBinding([.left], .previous, label: "上一季度", help: "看上一季度"),
        KeyBinding([.right], .next, label: "下一季度", help: "看下一季度"),
        KeyBinding([.char("s")], .statistics, label: "统计", help: "统计图：按类型、界别、专委会，各季度活动，履职成果"),
        KeyBinding([.char("e")], .export, label: "导出", help: "汇总表导出为 Excel（.xlsx）或打印为 PDF"),
        KeyBinding([.escape], .back, label: "返回", help: "返回上一层"),
    ])
    public var hints: [KeyHint] { keys.barHints(context) + [CommonKeys.help] }
    public var helpHints: [KeyHint] { keys.helpHints(context) + [KeyHint(key: "Up/Down", label: "上下移动")] }

    func reload() {
        do {
            summary = try context.db.areaSummary(period: period, profiles: context.profiles, today: DateInput.iso(context.today()),
                                                 madeAt: context.returnTimestamp).0
            error = ""
        } catch {
            summary = nil
            self.error = "\(error)"
        }
        office = nil
        studio = nil
        offices.setCount(summary?.offices.count ?? 0)
    }

    public func handle(_ key: Key) -> Navigation {
        if studio != nil {
            switch key {
            case .up: detailTop = max(0, detailTop - 1); return .stay
            case .down: detailTop += 1; return .stay
            default: break
            }
        } else if office != nil {
            if studios.handle(key) { return .stay }
        } else if offices.handle(key) { return .stay }
        switch keys.action(for: key, in: context) {
        case .open?:
            guard let s = summary else { return .stay }
            if let o = office {
                if studio == nil && s.offices[o].studios.indices.contains(studios.selected) {
                    studio = studios.selected
                    detailTop = 0
                }
            } else if s.offices.indices.contains(offices.selected) {
                office = offices.selected
                studios = TableView(columns: studios.columns)
                studios.setCount(s.offices[offices.selected].studios.count)
            }
            return .stay
        case .back?:
            if studio != nil { studio = nil } else if office != nil { office = nil } else { return .pop }
            return .stay
        case .previous?:
            period = period.advanced(by: -1)
            reload()
            return .stay
        case .next?:
            period = period.advanced(by: 1)
            reload()
            return .stay
        case .statistics?:
            return .push(StatisticsScreen(context: context, year: period.year))
        case .export?:
            guard let s = summary else { return .stay }
            return .push(exportForm(s))
        case nil:
            return .stay
        }
    }

    static let xlsx = "Excel 工作簿（.xlsx）", pdf = "PDF（打印）"

    func exportForm(_ s: AreaSummary) -> Screen {
        let name = OutputFile.safeName("\(s.offices.first?.name ?? "")-\(s.period.code)-汇总表")
        return EntryFormScreen(title: "导出汇总表", fields: [
            .init("format", "格式", .choice([Self.xlsx, Self.pdf])),
            .init("path", "文件", .text(maxLength: 240), guidance: "不写扩展名时按格式补上"),
        ], values: ["path": (context.outputDirectory as NSString).appendingPathComponent(name)], writes: false) { [self] v in
            let isPDF = v.choice("format") == Self.pdf
            let path = context.filePath(v.text("path"), ext: isPDF ? ".pdf" : ".xlsx")
            guard !path.isEmpty else { return .issues(["path": "请填写文件路径"]) }
            do {
                if isPDF {
                    let pages = try AreaReport.writePDF(s, to: path, printedOn: DateInput.iso(context.today()))
                    return .saved(.replace(MessageDialog(title: "已生成", message: "汇总表：\(path)（\(pages) 页）")))
                }
                try AreaReport.writeXLSX(s, to: path)
                return .saved(.replace(MessageDialog(title: "已导出", message: "汇总表：\(path)")))
            } catch {
                return .issues(["path": OutputFile.message(for: error, path: path)])
            }
        }
    }

    static func totalsLine(_ t: AreaTotals) -> String {
        "工作室 \(t.studios) 个（新增 \(t.newStudios)）  活动 \(t.activitiesTotal) 次（线上 \(t.activitiesOnline)／线下 \(t.activitiesOffline)）  "
            + "提案 \(t.proposals.total)（立案 \(t.proposals.filed)）  社情民意 \(t.sqmy.total)（采用 \(t.sqmy.adopted)）  "
            + "值班 \(t.duty.held)/\(t.duty.required)  全部达标 \(t.studiosCompliant) 个"
    }

    static func shortTime(_ at: String) -> String { String(at.dropFirst(5).prefix(11)).replacingOccurrences(of: "T", with: " ") }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1, width = area.width - 2
        guard let s = summary else {
            buffer.put(error.isEmpty ? "没有数据。" : error, row: area.row + 1, col: col + 1, style: .error)
            return
        }
        if let o = office, let st = studio {
            return renderStudio(s.offices[o], s.offices[o].studios[st], into: &buffer, area: area)
        }
        var y = area.row
        if let o = office {
            let node = s.offices[o]
            let when = node.receivedAt.map { "生成于 \(Self.shortTime(node.madeAt))，接收于 \(Self.shortTime($0))" } ?? "本办"
            buffer.put("\(node.name)（\(node.level.title)）\(period.title)  \(when)", row: y, col: col, maxWidth: width, style: .accent)
            y += 1
            for line in DialogBox.wrap("本单位：" + Self.totalsLine(node.own), width: width).prefix(2) {
                buffer.put(line, row: y, col: col, maxWidth: width)
                y += 1
            }
            y += 1
            studios.render(into: &buffer, area: Rect(row: y, col: col, width: width, height: area.bottom - y)) { i in
                let r = node.studios[i]
                return [r.name + (r.isNew ? "（新）" : ""), r.type.title, r.sector, r.status.title, String(r.activityTotal),
                        "\(r.duty.held)/" + (r.duty.required > 0 ? String(r.duty.required) : "—"), r.isCompliant ? "是" : "否"]
            }
            if node.studios.isEmpty { buffer.put("本单位没有运行中的工作室。", row: y + 2, col: col + 2, style: .muted) }
            return
        }
        buffer.put("\(AreaReport.title(s))", row: y, col: col, maxWidth: width, style: .accent)
        y += 1
        for line in DialogBox.wrap(Self.totalsLine(s.totals), width: width).prefix(2) {
            buffer.put(line, row: y, col: col, maxWidth: width)
            y += 1
        }
        let t = s.totals
        buffer.put("规定次数：已完成 \(t.linesMet) 项，未完成 \(t.linesDue) 项，未达到 \(t.linesMissed) 项", row: y, col: col, maxWidth: width)
        y += 1
        let notSent = s.notSent.isEmpty ? "未报送：无" : "未报送（\(s.notSent.count)）：" + s.notSent.joined(separator: "、")
        buffer.put(notSent, row: y, col: col, maxWidth: width, style: s.notSent.isEmpty ? .muted : .warning)
        y += 1
        // An office received twice (directly and inside its city's return) is counted once: say which copy.
        if let first = s.duplicates.first {
            let text = "重复报送：" + first + (s.duplicates.count > 1 ? "（另有 \(s.duplicates.count - 1) 个，见导出的汇总表）" : "")
            for line in DialogBox.wrap(text, width: width).prefix(2) {
                buffer.put(line, row: y, col: col, maxWidth: width, style: .warning)
                y += 1
            }
        }
        y += 1
        offices.render(into: &buffer, area: Rect(row: y, col: col, width: width, height: area.bottom - y)) { i in
            let o = s.offices[i]
            return [String(repeating: "  ", count: o.depth) + o.name, o.level.title, String(o.area.studios), String(o.area.activitiesTotal),
                    String(o.area.proposals.total), String(o.area.sqmy.total), String(o.area.studiosCompliant),
                    o.receivedAt == nil ? "本办" : Self.shortTime(o.madeAt)]
        }
    }

    func renderStudio(_ node: AreaSummary.Office, _ r: StudioReturn, into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1, width = area.width - 2
        var lines: [(String, Style)] = []
        lines.append(("\(r.name)  \(node.name)（\(node.level.title)）\(period.title)", .accent))
        lines.append(("类型：\(r.type.title)  \(r.mode.title)  界别／区域：\(r.sector.isEmpty ? "—" : r.sector)  专委会：\(r.committee.isEmpty ? "—" : r.committee)", .normal))
        lines.append(("状态：\(r.status.title)  授牌：\(r.plaquedOn.map(DateInput.chinese) ?? "—")" + (r.endedOn.map { "  结束：\(DateInput.chinese($0))" } ?? "")
                      + (r.isNew ? "  （本季度新增，须备案）" : ""), .normal))
        lines.append(("", .normal))
        lines.append(("活动 \(r.activityTotal) 次：" + (r.activities.isEmpty ? "无" : r.activities.map { "\($0.name) \($0.total)（线上 \($0.online)／线下 \($0.offline)）" }.joined(separator: "、")), .normal))
        lines.append(("提案 \(r.proposals.total) 件：立案 \(r.proposals.filed)，已答复 \(r.proposals.replied)，不立案 \(r.proposals.notFiled)，重点／优秀 \(r.proposals.awarded)", .normal))
        lines.append(("社情民意 \(r.sqmy.total) 条：被采用 \(r.sqmy.adopted)，获批示 \(r.sqmy.instructed)", .normal))
        lines.append(("值班：完成 \(r.duty.held) 次，应完成 \(r.duty.required) 次", .normal))
        lines.append(("", .normal))
        lines.append(("规定次数：", .accent))
        for l in r.compliance {
            lines.append(("  \(l.text)（\(l.period)）：完成 \(l.done)，" + (l.short == 0 ? "已完成" : "差 \(l.short) 次，\(l.stateTitle)"),
                          l.short == 0 ? .normal : (l.state == "missed" ? .error : .warning)))
        }
        if r.compliance.isEmpty { lines.append(("  规则未规定本季度的次数", .muted)) }
        lines.append(("亮点：", .accent))
        lines += (r.highlights.isEmpty ? ["  无"] : r.highlights.map { "  " + $0 }).map { ($0, .normal) }
        var wrapped: [(String, Style)] = []
        for (text, style) in lines { for w in (text.isEmpty ? [""] : DialogBox.wrap(text, width: width)) { wrapped.append((w, style)) } }
        detailTop = min(detailTop, max(0, wrapped.count - area.height))
        for (n, (text, style)) in wrapped.dropFirst(detailTop).prefix(area.height).enumerated() {
            buffer.put(text, row: area.row + n, col: col, maxWidth: width, style: style)
        }
    }
}

/// 统计: bars for the office itself or its whole area (Tab switches) — studios by type, 界别 and 专委会, the year's
/// activities per quarter by kind, outcomes.
public final class StatisticsScreen: Screen {
    let context: AppContext
    let year: Int
    /// Per quarter of the year: the 汇总.
    var quarters: [AreaSummary] = []
    var wholeArea = false
    var top = 0
    var error = ""

    public init(context: AppContext, year: Int) {
        self.context = context
        self.year = year
        do {
            let today = DateInput.iso(context.today())
            quarters = try Period.all(.quarter, in: year).map {
                try context.db.areaSummary(period: $0, profiles: context.profiles, today: today, madeAt: context.returnTimestamp).0
            }
        } catch {
            self.error = "\(error)"
        }
        // An office with no studios of its own (a province, a city that only compiles) opens on its area.
        wholeArea = quarters.allSatisfy { ($0.offices.first?.own.studios ?? 0) == 0 }
    }

    public var title: String { "统计" }
    public var hints: [KeyHint] {
        [KeyHint(key: "Tab", label: wholeArea ? "只看本办" : "看全区域"), KeyHint(key: "p", label: "打印统计表"), KeyHint(key: "Up/Down", label: "滚动"),
         CommonKeys.back, CommonKeys.help]
    }

    public func handle(_ key: Key) -> Navigation {
        switch key {
        case .tab: wholeArea.toggle(); top = 0
        case .char("p") where error.isEmpty && !quarters.isEmpty: return .push(printForm())
        case .up: top = max(0, top - 1)
        case .down: top += 1
        case .pageDown: top += 10
        case .pageUp: top = max(0, top - 10)
        case .escape: return .pop
        default: break
        }
        return .stay
    }

    func totals(_ s: AreaSummary) -> AreaTotals { wholeArea ? s.totals : (s.offices.first?.own ?? AreaTotals()) }

    /// p: what is shown (the office or the whole area) as tables on the official page.
    func printForm() -> Screen {
        let figures = AreaYear(year: year, quarters: quarters, wholeArea: wholeArea)
        return EntryFormScreen(
            title: "打印统计表：\(year)年" + (wholeArea ? "（含下级）" : "（本办）"),
            fields: [.init("path", "PDF 文件", .text(maxLength: 240), guidance: "A4 公文版式；工作室按类型、界别、专委会，各季度活动，履职成果")],
            values: ["path": (context.outputDirectory as NSString).appendingPathComponent(StatisticsReport.fileName(figures))],
            writes: false
        ) { [self] v in
            let path = context.filePath(v.text("path"), ext: ".pdf")
            guard !path.isEmpty else { return .issues(["path": "请填写 PDF 文件的路径"]) }
            do {
                let pages = try StatisticsReport.writePDF(figures, to: path, printedOn: DateInput.iso(context.today()))
                return .saved(.replace(MessageDialog(title: "已生成", message: "统计表：\(path)（\(pages) 页）")))
            } catch {
                return .issues(["path": OutputFile.message(for: error, path: path)])
            }
        }
    }

    /// The lines of the view: headings and bars, laid out for `width` columns.
    func lines(width: Int) -> [(String, Style)] {
        guard let last = quarters.last else { return [] }
        // Studios: as of the latest quarter of the year with any.
        let current = quarters.last { totals($0).studios > 0 } ?? last
        let t = totals(current)
        var out: [(String, Style)] = []
        let name = current.offices.first?.name ?? ""
        out.append(("\(name)\(wholeArea ? "（含下级）" : "（本办）")\(year)年  工作室 \(t.studios) 个（\(current.period.shortTitle)）", .accent))
        func section(_ title: String, _ list: [Tally]) {
            out.append(("", .normal))
            out.append((title, .accent))
            if list.isEmpty { out.append(("  无", .muted)); return }
            let labelWidth = min(16, list.map { DisplayWidth.of($0.name) }.max() ?? 4)
            let maxValue = list.map(\.count).max() ?? 0
            for t in list {
                out.append(("  " + Bars.line(DisplayWidth.truncate(t.name, to: labelWidth), t.count, max: maxValue, labelWidth: labelWidth, width: width - 2), .normal))
            }
        }
        section("工作室：按类型", t.byType)
        section("工作室：按界别／区域", t.bySector.sorted { $0.count > $1.count })
        section("工作室：按专委会", t.byCommittee.sorted { $0.count > $1.count })
        for q in quarters {
            let qt = totals(q)
            section("活动：\(q.period.shortTitle)（共 \(qt.activitiesTotal) 次）", qt.activities)
        }
        var sum = AreaTotals()
        for q in quarters { sum.add(totals(q)) }
        section("履职成果（全年）", [
            Tally(name: "提案", count: sum.proposals.total), Tally(name: "立案", count: sum.proposals.filed),
            Tally(name: "已答复", count: sum.proposals.replied), Tally(name: "重点／优秀提案", count: sum.proposals.awarded),
            Tally(name: "社情民意", count: sum.sqmy.total), Tally(name: "被采用", count: sum.sqmy.adopted), Tally(name: "获批示", count: sum.sqmy.instructed),
        ])
        return out
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1, width = area.width - 2
        if !error.isEmpty {
            buffer.put(error, row: area.row + 1, col: col + 1, style: .error)
            return
        }
        let all = lines(width: width)
        top = min(top, max(0, all.count - area.height))
        for (n, (text, style)) in all.dropFirst(top).prefix(area.height).enumerated() {
            buffer.put(text, row: area.row + n, col: col, maxWidth: width, style: style)
        }
    }
}
