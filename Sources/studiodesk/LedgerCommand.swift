import ArgumentParser
import Foundation
import StudioCore
import StudioExport
import StudioStore

/// `studiodesk ledger`: one studio's 履职台账; `ledger add` enters an activity, `ledger review` 审核 or 退回 a record.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "履职台账：列出（默认）、录入活动（add）、审核（review）。",
        subcommands: [LedgerShowCommand.self, LedgerAddCommand.self, LedgerReviewCommand.self],
        defaultSubcommand: LedgerShowCommand.self
    )
}

/// `studiodesk ledger [show]`: one studio's 履职台账 (活动、提案、社情民意、群众意见) in one list, newest first.
struct LedgerShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "输出一个工作室的履职台账：活动、提案、社情民意、群众意见合在一起，新的在前。",
        discussion: """
        默认只列当年的记录；--year 指定年份，--all-years 列出所有年份。
        --kind 取 活动/提案/社情民意/群众意见（或 activity、proposal、sqmy、intake）。json 的格式见 docs/command-line.md。
        """
    )

    @OptionGroup var options: DatabaseOptions
    @Option(help: "输出格式：table、json 或 csv") var format: OutputFormat = .table
    @Option(help: ArgumentHelp("工作室编号（studiodesk studios 可列出编号）", valueName: "ID")) var studio: Int64
    @Option(help: ArgumentHelp("年份（默认当年）", valueName: "YEAR")) var year: Int?
    @Flag(help: "列出所有年份的记录") var allYears = false
    @Option(help: ArgumentHelp("只列出一种台账", valueName: "KIND")) var kind: String?

    func validate() throws {
        if let year, !(1000...9999).contains(year) {
            throw ValidationError("年份「\(year)」不对，应为四位数，如 2026")
        }
        if year != nil && allYears {
            throw ValidationError("--year 和 --all-years 只能用一个")
        }
        if let kind, Self.kind(kind) == nil {
            throw ValidationError("未知台账「\(kind)」，可用：\(LedgerKind.allCases.map(\.title).joined(separator: "、"))")
        }
    }

    /// 活动/提案/社情民意/群众意见, or the codes activity/proposal/sqmy/intake.
    static func kind(_ text: String) -> LedgerKind? {
        LedgerKind(rawValue: text) ?? LedgerKind.allCases.first { $0.title == text }
    }

    func run() throws {
        let db = try options.openExisting()
        guard let found = try db.studio(id: studio) else {
            throw Failure("找不到编号为 \(studio) 的工作室（studiodesk studios 可列出编号）")
        }
        let shownYear: Int? = allYears ? nil : (year ?? Int(DateInput.iso(today()).prefix(4)))
        var entries = try db.ledgerEntries(studioID: studio, year: shownYear)
        if let kind = kind.flatMap(Self.kind) { entries = entries.filter { $0.kind == kind } }
        // Participants by name, in pinyin order as on the screens; each member is read once.
        var cache: [Int64: Member] = [:]
        var names: [[String]] = []
        for e in entries {
            var people: [Member] = []
            for id in e.memberIDs {
                if cache[id] == nil, let m = try db.member(id: id) { cache[id] = m }
                if let m = cache[id] { people.append(m) }
            }
            names.append(people.sorted { ($0.pinyin, $0.name) < ($1.pinyin, $1.name) }.map(\.name))
        }
        print(try Self.render(studio: found, year: shownYear, entries: Array(zip(entries, names)), format: format), terminator: "")
    }

    static let headers = ["日期", "台账", "类别", "线上/线下", "标题/内容", "参加委员", "状态", "审核", "审核人", "审核日期", "审核意见", "编号"]

    static func cells(_ e: LedgerEntry, _ members: [String]) -> [String] {
        [e.date, e.kind.title, e.category, e.mode?.title ?? "", e.title, members.joined(separator: "、"), e.status,
         e.review.status.title, e.review.reviewer, e.review.reviewedOn ?? "", e.review.comment, "\(e.id)"]
    }

    static func render(studio: Studio, year: Int?, entries: [(LedgerEntry, [String])], format: OutputFormat) throws -> String {
        switch format {
        case .table:
            let footer = "\(studio.name)\(year.map { " \($0) 年" } ?? "（所有年份）")共 \(entries.count) 条记录"
            return TextTable.render(headers: Array(headers.prefix(8)), rows: entries.map { Array(cells($0.0, $0.1).prefix(8)) }, footer: footer)
        case .csv:
            return try CSVText.render(headers: headers, rows: entries.map { cells($0.0, $0.1) })
        case .json:
            return try JSONText.render(LedgerReport(studio: studio, year: year, entries: entries))
        }
    }
}

/// The JSON shape of `studiodesk ledger --format json` (documented in docs/command-line.md); nulls are written out.
struct LedgerReport: Encodable {
    struct StudioRef: Encodable {
        let id: Int64?
        let name: String
    }
    struct ReviewRow: Encodable {
        let status, statusTitle, reviewer, comment: String
        /// null until reviewed.
        @NullWhenAbsent var reviewedOn: String?
    }
    struct Entry: Encodable {
        let kind, kindTitle, date, title, category, status: String
        let id: Int64
        /// null for proposals, 社情民意 and 群众意见.
        @NullWhenAbsent var mode: String?
        let review: ReviewRow
        let members: [String]
    }

    let studio: StudioRef
    /// null with --all-years.
    @NullWhenAbsent var year: Int?
    let entries: [Entry]

    init(studio s: Studio, year: Int?, entries: [(LedgerEntry, [String])]) {
        studio = StudioRef(id: s.id, name: s.name)
        self.year = year
        self.entries = entries.map { e, names in
            Entry(kind: e.kind.rawValue, kindTitle: e.kind.title, date: e.date, title: e.title, category: e.category, status: e.status,
                  id: e.id, mode: e.mode?.rawValue,
                  review: ReviewRow(status: e.review.status.rawValue, statusTitle: e.review.status.title, reviewer: e.review.reviewer,
                                    comment: e.review.comment, reviewedOn: e.review.reviewedOn),
                  members: names)
        }
    }
}

/// `studiodesk ledger add`: one activity in a studio's 活动日志 (needs 录入台账 on that studio).
struct LedgerAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "录入一次活动（需要「录入台账」权限；联络员只能录入所负责的工作室）。")

    @OptionGroup var options: DatabaseOptions
    @Option(help: ArgumentHelp("工作室编号", valueName: "ID")) var studio: Int64
    @Option(help: ArgumentHelp("日期", valueName: "YYYY-MM-DD")) var date: String
    @Option(help: ArgumentHelp("活动类别（规则中的名称或编号）", valueName: "CATEGORY")) var category: String
    @Option(help: ArgumentHelp("活动名称", valueName: "TITLE")) var title: String
    @Flag(help: "线上活动（默认线下）") var online = false

    func run() throws {
        let db = try options.openExisting(needing: .editLedger, studio: studio)
        guard let s = try db.studio(id: studio) else { throw Failure("找不到编号为 \(studio) 的工作室（studiodesk studios 可列出编号）") }
        let categories = try loadProfiles().first { $0.id == s.profileID }?.activityCategories ?? []
        guard let c = categories.first(where: { $0.id == category || $0.name == category || $0.aliases.contains(category) }) else {
            throw Failure("「\(s.name)」的规则中没有活动类别「\(category)」；可用：" + categories.map(\.name).joined(separator: "、"))
        }
        do {
            let saved = try db.saveActivity(Activity(studioID: studio, date: date, category: c.id, categoryName: c.name, mode: online ? .online : .offline,
                                                     title: title), memberIDs: [])
            print("已录入活动 #\(saved.id!)：\(saved.date) \(saved.title)")
        } catch { throw Failure("\(error)") }
    }
}

/// `studiodesk ledger review`: 审核 (or 退回 with --return REASON) one record (needs 审核台账 on its studio).
struct LedgerReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "review", abstract: "审核一条台账记录，或用 --return 写明原因退回（需要「审核台账」权限）。")

    @OptionGroup var options: DatabaseOptions
    @Option(help: ArgumentHelp("台账：活动/提案/社情民意/群众意见", valueName: "KIND")) var kind: String
    @Option(help: ArgumentHelp("记录编号（studiodesk ledger 的「编号」列）", valueName: "ID")) var id: Int64
    @Option(name: .customLong("return"), help: ArgumentHelp("退回并写明原因", valueName: "REASON")) var returnReason: String?

    func run() throws {
        guard let k = LedgerShowCommand.kind(kind) else { throw Failure("未知台账「\(kind)」，可用：\(LedgerKind.allCases.map(\.title).joined(separator: "、"))") }
        let db = try options.openExisting()
        let reviewer = db.actor.account?.name ?? options.resolvedUser ?? db.user
        let review = Review(status: returnReason == nil ? .approved : .returned, reviewer: reviewer, reviewedOn: DateInput.iso(today()), comment: returnReason ?? "")
        do { try db.setReview(kind: k, id: id, review) } catch { throw Failure("\(error)") }
        print("\(k.title) #\(id) 已\(returnReason == nil ? "审核" : "退回")")
    }
}
