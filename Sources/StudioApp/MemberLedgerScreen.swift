import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// 委员履职记录: every record a member took part in, across studios (counts in their 履职考评).
public final class MemberLedgerScreen: Screen {
    let context: AppContext
    let member: Member
    var year: Int?
    var rows: [LedgerEntry] = []
    var studioNames: [Int64: String] = [:]
    var table = TableView(columns: [
        TableColumn("日期", width: 10),
        TableColumn("工作室", width: 14, flex: 1),
        TableColumn("台账", width: 8),
        TableColumn("类别", width: 8),
        TableColumn("标题", width: 20, flex: 3),
        TableColumn("状态", width: 8),
    ])

    public init(context: AppContext, member: Member, year: Int?) {
        self.context = context
        self.member = member
        self.year = year
        reload()
    }

    public var title: String { "委员履职记录：\(member.name)" }
    public var hints: [KeyHint] { [KeyHint(key: "y", label: "本年/全部"), CommonKeys.back, CommonKeys.help] }

    func reload() {
        rows = (try? context.db.ledgerEntries(memberID: member.id!, year: year)) ?? []
        for s in (try? context.db.studios()) ?? [] { studioNames[s.id!] = s.name }
        table.setCount(rows.count)
    }

    public func handle(_ key: Key) -> Navigation {
        if table.handle(key) { return .stay }
        switch key {
        case .escape: return .pop
        case .char("y"):
            year = year == nil ? Calendar(identifier: .gregorian).component(.year, from: context.today()) : nil
            reload()
        default: break
        }
        return .stay
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let col = area.col + 1
        let counts = LedgerKind.allCases.filter { $0 != .intake }.map { k in "\(k.title) \(rows.filter { $0.kind == k }.count)" }
        buffer.put("\(member.name)  \(member.sector)  \(year.map { "\($0)年" } ?? "全部年度")：" + counts.joined(separator: "，"),
                   row: area.row, col: col, maxWidth: area.width - 2, style: .accent)
        let tableArea = Rect(row: area.row + 2, col: col, width: area.width - 2, height: area.height - 3)
        table.render(into: &buffer, area: tableArea) { [self] i in
            let e = rows[i]
            return [e.date, studioNames[e.studioID] ?? "", e.kind.title, e.category, e.title, e.status]
        }
        if rows.isEmpty { buffer.put("没有记录。", row: tableArea.row + 2, col: col + 2, style: .muted) }
    }
}
