import Foundation
import GRDB
import StudioCore
import StudioStore
import XLSXKit

/// Each kind of record as a table in its import's own columns, so a clerk can export, edit in Excel or WPS,
/// and import the file back: the roster by pinyin, studios by name with their current team, the ledgers by
/// studio and date.
public enum TableExport {
    public struct Filter: Sendable {
        public var studioID: Int64?
        public var year: Int?

        public init(studioID: Int64? = nil, year: Int? = nil) {
            self.studioID = studioID
            self.year = year
        }
    }

    /// The header row and every data row of the kind.
    public static func rows(_ kind: ImportKind, db: AppDatabase, profiles: [RuleProfile], filter: Filter = Filter()) throws -> [[String]] {
        let header = kind.template[0]
        let body: [[String: String]]
        switch kind {
        case .members: body = try members(db, filter)
        case .studios: body = try studios(db, profiles, filter)
        default: body = try ledger(kind.ledger!, db, filter)
        }
        return [header] + body.map { row in header.map { row[$0] ?? "" } }
    }

    static func members(_ db: AppDatabase, _ filter: Filter) throws -> [[String: String]] {
        try db.exportMembers(studioID: filter.studioID).map { m in
            ["姓名": m.name, "界别": m.sector, "专委会": m.committee, "单位及职务": m.unitTitle, "专业特长": m.expertise, "联系电话": m.phone, "备注": m.note]
        }
    }

    static func studios(_ db: AppDatabase, _ profiles: [RuleProfile], _ filter: Filter) throws -> [[String: String]] {
        let (studios, names) = try db.exportStudios(studioID: filter.studioID)
        return studios.map { s, plaqued, team in
            var row = ["工作室名称": s.name, "类型": s.type.title, "线上/线下": s.mode.title, "状态": s.status.title,
                       "适用规则": profiles.first { $0.id == s.profileID }?.name ?? s.profileID, "授牌日期": plaqued ?? "",
                       "地址": s.address, "界别/区域": s.sector, "联系专委会": s.committee]
            for (role, column) in StudioImport.roleColumns {
                row[column.title] = team.filter { $0.role == role }.compactMap { names[$0.memberID] }.joined(separator: "、")
            }
            return row
        }
    }

    static func ledger(_ kind: LedgerKind, _ db: AppDatabase, _ filter: Filter) throws -> [[String: String]] {
        /// The kind's records, and the columns every kind shares (编号, 工作室, 参加委员) of one of them.
        func read<R: FetchableRecord>(_ type: R.Type) throws -> ([R], (Int64?, Int64) -> [String: String]) {
            let (records, studioNames, participants) = try db.exportLedger(kind, as: type, studioID: filter.studioID, year: filter.year)
            return (records, { id, studioID in
                ["编号": id.map(String.init) ?? "", "工作室": studioNames[studioID] ?? "", "参加委员": participants[id ?? 0]?.joined(separator: "、") ?? ""]
            })
        }
        switch kind {
        case .activity:
            let (records, common) = try read(Activity.self)
            return records.map { a in
                common(a.id, a.studioID).merging(["活动日期": a.date, "活动类别": a.categoryName, "线上/线下": a.mode.title, "活动名称": a.title, "地点": a.place,
                                                  "指导嘉宾": a.guests, "嘉宾身份": a.guestKind?.title ?? "", "服务群众人数": String(a.citizensReached), "活动内容": a.summary]) { $1 }
            }
        case .proposal:
            let (records, common) = try read(Proposal.self)
            return records.map { p in
                common(p.id, p.studioID).merging(["提案标题": p.title, "提交日期": p.date, "提案类型": p.kind.title, "办理状态": p.status.title,
                                                  "立案日期": p.decidedOn ?? "", "承办单位": p.handlingUnit, "答复日期": p.repliedOn ?? "", "答复内容": p.reply,
                                                  "满意度": p.satisfaction, "评优": p.award?.title ?? "", "评优日期": p.awardedOn ?? ""]) { $1 }
            }
        case .sqmy:
            let (records, common) = try read(SocialInfo.self)
            return records.map { s in
                common(s.id, s.studioID).merging(["信息标题": s.title, "报送日期": s.date, "报送渠道": s.channel, "状态": s.status.title, "采用单位": s.adoptedBy,
                                                  "采用日期": s.adoptedOn ?? "", "批示领导": s.instructionBy, "批示层级": s.instructionLevel,
                                                  "批示日期": s.instructionOn ?? ""]) { $1 }
            }
        case .intake:
            let (records, common) = try read(CitizenItem.self)
            return records.map { c in
                common(c.id, c.studioID).merging(["收到日期": c.receivedOn, "反映人": c.citizen, "联系方式": c.contact, "收集渠道": c.channel.title,
                                                  "反映内容": c.content, "分类": c.triage?.title ?? "", "处理情况": c.handling, "反馈日期": c.feedbackOn ?? "",
                                                  "反馈内容": c.feedback, "解释说明": c.explanation]) { $1 }
            }
        }
    }

    /// What a column of an export holds, by its title: dates as date cells and 编号 and counts as numbers, so
    /// Excel's date filters and sums work; everything else (phone numbers too) as text. The importer reads
    /// both back as the text they were written from.
    public static func cellKind(_ title: String) -> XLSXCellKind {
        if title.hasSuffix("日期") { return .date }
        if title == "编号" || title.hasSuffix("人数") { return .number }
        return .text
    }

    /// One sheet per table, the first row as the header (with Excel's filter buttons); owner-only, like every export.
    public static func writeWorkbook(_ sheets: [(name: String, rows: [[String]])], to path: String) throws {
        let book: Data
        let kinds = sheets.map { ($0.rows.first ?? []).map(cellKind) }
        do { book = try XLSXWriter.workbook(sheets: sheets, columnKinds: kinds, fileName: (path as NSString).lastPathComponent) } catch let e as XLSXError {
            throw ImportFileError(e.description)
        }
        try PrivateFile.write(book, to: path)
    }
}
