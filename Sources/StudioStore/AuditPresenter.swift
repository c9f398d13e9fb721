import Foundation
import GRDB
import StudioCore

/// 修改记录 in the clerk's words, shared by the screen and `studiodesk audit` (its table and CSV; JSON keeps the raw
/// values): each column titled as its form or import template titles it, values as the screens show them (statuses
/// in Chinese, names instead of ids, 是/否), JSON-valued columns (审核, an assessment's body) unpacked into their
/// fields, and a change showing only the fields that changed.
public struct AuditPresenter: Sendable {
    public var studioNames: [Int64: String]
    public var memberNames: [Int64: String]
    /// Rule profile id → name (适用规则).
    public var profileNames: [String: String]

    public init(studioNames: [Int64: String] = [:], memberNames: [Int64: String] = [:], profileNames: [String: String] = [:]) {
        self.studioNames = studioNames
        self.memberNames = memberNames
        self.profileNames = profileNames
    }

    /// One field of a logged row: old and new as shown ("" when the row did not exist or the field was empty).
    public struct Field: Equatable, Sendable {
        public var title: String
        public var old: String
        public var new: String
    }

    /// The fields to show: for a change only those whose shown value differs, for a new or deleted row its non-empty
    /// fields, in the order of the table's form.
    public func fields(_ e: AuditEntry) -> [Field] {
        switch e.action {
        case .restore, .importAll:
            return [Field(title: "说明", old: "", new: e.newValues["说明"] ?? "")]
        case .insert, .delete, .update:
            let old = shown(e.table, e.oldValues), new = shown(e.table, e.newValues)
            var keys = old.map(\.key)
            for k in new.map(\.key) where !keys.contains(k) { keys.append(k) }
            let before = Dictionary(old.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            let after = Dictionary(new.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            return keys.compactMap { k in
                let o = before[k]?.value ?? "", n = after[k]?.value ?? ""
                let title = after[k]?.title ?? before[k]?.title ?? k
                if e.action == .update ? o == n : (o.isEmpty && n.isEmpty) { return nil }
                return Field(title: title, old: o, new: n)
            }
        }
    }

    /// One line for a list: "联系电话：13905710001 → 13905710002；…" for a change, "活动名称：…；…" for a new or deleted row.
    /// `cut` shortens each value (a list line), nil keeps them whole.
    public func changeText(_ e: AuditEntry, cut: Int? = 40, limit: Int = 6) -> String {
        let short = { (s: String) -> String in
            let flat = s.replacingOccurrences(of: "\n", with: " ")
            guard let cut, flat.count > cut else { return flat }
            return String(flat.prefix(cut)) + "~"
        }
        let all = fields(e)
        switch e.action {
        case .restore, .importAll:
            return all.first?.new ?? ""
        case .update:
            return all.map { "\($0.title)：\(short($0.old)) → \(short($0.new))" }.joined(separator: "；")
        case .insert, .delete:
            let list = e.action == .insert ? all.map { ($0.title, $0.new) } : all.map { ($0.title, $0.old) }
            return list.prefix(limit).map { "\($0.0)：\(short($0.1))" }.joined(separator: "；")
        }
    }

    /// The details of one line, each field whole ("字段：旧 → 新" for a change).
    public func detailLines(_ e: AuditEntry) -> [String] {
        fields(e).map { f in
            switch e.action {
            case .update: "\(f.title)：\(f.old.isEmpty ? "（空）" : f.old) → \(f.new.isEmpty ? "（空）" : f.new)"
            case .delete: "\(f.title)：\(f.old)"
            default: "\(f.title)：\(f.new)"
            }
        }
    }

    /// What the record is called: its name or title, a 参加委员 line as its member and record.
    public func recordLabel(_ e: AuditEntry) -> String {
        let values = e.newValues.isEmpty ? e.oldValues : e.newValues
        if e.table == "ledgerMember", let record = values["recordID"] {
            let kind = LedgerKind(rawValue: values["kind"] ?? "")?.title ?? "台账"
            return "\(kind) #\(record)" + (values["memberID"].flatMap { Int64($0) }.flatMap { memberNames[$0] }.map { " \($0)" } ?? "")
        }
        if ["studioMembership", "dutyAssignment", "dutyUnavailable"].contains(e.table), let m = values["memberID"].flatMap({ Int64($0) }).flatMap({ memberNames[$0] }) {
            return m
        }
        if e.table == "assessment" || e.table == "yearDoc", let year = values["year"] {
            let studio = values["studioID"].flatMap { Int64($0) }.flatMap { studioNames[$0] }
            return (studio.map { $0 + " " } ?? "") + "\(year) 年"
        }
        return e.recordLabel
    }

    // MARK: - Values

    struct Shown { var key: String; var title: String; var value: String }

    /// A row's fields as shown, in form order; JSON columns unpacked.
    func shown(_ table: String, _ row: [String: String]) -> [Shown] {
        guard !row.isEmpty else { return [] }
        let order = Self.titles[table] ?? []
        var keys = order.map(\.0).filter { row[$0] != nil }
        keys += row.keys.filter { k in !order.contains { $0.0 == k } }.sorted()
        var out: [Shown] = []
        for k in keys where !Self.hidden.contains(k) {
            let raw = row[k] ?? ""
            let title = order.first { $0.0 == k }?.1 ?? AuditLog.columnTitles[k] ?? k
            if k == "review" {
                out += review(raw)
            } else if k == "body", table == "assessment" {
                out += assessmentBody(raw)
            } else if k == "body" {
                // An office's 评估表 or a locked year's record: too long to list, said as changed.
                out.append(Shown(key: k, title: title, value: raw.isEmpty ? "" : "（\(raw.count) 字）"))
            } else {
                out.append(Shown(key: k, title: title, value: value(table, k, raw, row)))
            }
        }
        return out
    }

    static func json(_ text: String) -> [String: Any]? {
        guard !text.isEmpty else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    }

    static func text(_ any: Any?) -> String {
        switch any {
        case nil, is NSNull: return ""
        case let s as String: return s
        case let n as NSNumber: return number(n.doubleValue)
        default: return "\(any!)"
        }
    }

    static func number(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(format: "%g", d)
    }

    func review(_ raw: String) -> [Shown] {
        guard let r = Self.json(raw) else { return [Shown(key: "review", title: "审核", value: raw)] }
        return [
            Shown(key: "review.status", title: "审核状态", value: ReviewStatus(rawValue: Self.text(r["status"])).map(\.title) ?? Self.text(r["status"])),
            Shown(key: "review.reviewer", title: "审核人", value: Self.text(r["reviewer"])),
            Shown(key: "review.reviewedOn", title: "审核日期", value: Self.text(r["reviewedOn"])),
            Shown(key: "review.comment", title: "审核意见", value: Self.text(r["comment"])),
        ]
    }

    /// An assessment's texts, the studio's own and the panel's points per item (by the item's text), the total.
    func assessmentBody(_ raw: String) -> [Shown] {
        guard let b = Self.json(raw) else { return [Shown(key: "body", title: "评估内容", value: raw)] }
        let sheet = b["sheet"] as? [String: Any]
        var itemTexts: [String: String] = [:]
        for list in ["items", "bonus"] {
            for item in sheet?[list] as? [[String: Any]] ?? [] { itemTexts[Self.text(item["id"])] = Self.text(item["text"]) }
        }
        // The stage, year, round and total are columns of their own: shown once, there.
        var out = [
            Shown(key: "body.highlights", title: "成绩和特色亮点", value: Self.text(b["highlights"])),
            Shown(key: "body.problems", title: "问题和不足", value: Self.text(b["problems"])),
            Shown(key: "body.nextPlan", title: "下一步工作计划", value: Self.text(b["nextPlan"])),
        ]
        for (id, points) in (b["selfScores"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
            out.append(Shown(key: "body.self.\(id)", title: "自评「\(itemTexts[id] ?? id)」", value: Self.text(points) + " 分"))
        }
        for (id, entry) in (b["panel"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
            let e = entry as? [String: Any] ?? [:]
            let note = Self.text(e["note"])
            out.append(Shown(key: "body.panel.\(id)", title: "评估小组「\(itemTexts[id] ?? id)」",
                             value: Self.text(e["points"]) + " 分" + (note.isEmpty ? "" : "（\(note)）")))
        }
        if let sheet {
            out.append(Shown(key: "body.sheet.total", title: "得分", value: Self.text(sheet["total"])))
        }
        return out
    }

    func value(_ table: String, _ column: String, _ raw: String, _ row: [String: String]) -> String {
        if raw.isEmpty { return "" }
        func title<T: RawRepresentable>(_ type: T.Type, _ t: (T) -> String) -> String where T.RawValue == String { T(rawValue: raw).map(t) ?? raw }
        switch column {
        case "studioID": return Int64(raw).flatMap { studioNames[$0] } ?? raw
        case "memberID", "substituteID": return Int64(raw).flatMap { memberNames[$0] } ?? raw
        case "profileID": return profileNames[raw] ?? raw
        case "status" where table == "studio", "fromStatus", "toStatus", "status" where table == "consequenceTask": return title(StudioStatus.self, \.title)
        case "status" where table == "proposal": return title(ProposalStatus.self, \.title)
        case "status" where table == "socialInfo": return title(SocialInfoStatus.self, \.title)
        case "type" where table == "studio": return title(StudioType.self, \.title)
        case "mode": return title(StudioMode.self, \.title)
        case "role": return title(StudioRole.self, \.title)
        case "decision": return title(ApprovalDecision.self, \.title)
        case "stage": return title(AssessmentStage.self, \.title)
        case "verdict": return title(WallVerdict.self, \.title)
        case "attendance": return title(DutyAttendance.self, \.title)
        case "guestKind": return title(GuestKind.self, \.title)
        case "channel" where table == "citizenItem": return title(IntakeChannel.self, \.title)
        case "triage": return title(Triage.self, \.title)
        case "kind" where table == "proposal": return title(ProposalKind.self, \.title)
        case "kind" where table == "yearDoc": return title(YearDocKind.self, \.title)
        case "kind" where table == "holidayDay": return title(HolidayCalendar.Kind.self, \.title)
        case "kind" where table == "ledgerMember", "linkedKind": return title(LedgerKind.self, \.title)
        case "award": return title(ProposalAward.self, \.title)
        case "passed": return raw == "1" ? "达标" : raw == "0" ? "未达标" : raw
        // Every member is "not a non-member": said only when it is so.
        case "isNonMember": return raw == "1" ? "是" : ""
        case "onSite", "inUse", "inferred": return raw == "1" ? "是" : raw == "0" ? "否" : raw
        case "quarter": return "第 \(raw) 季度"
        case "total", "totalBefore": return Double(raw).map(Self.number) ?? raw
        default:
            // Times the program stamps (2026-11-12T09:30:00) as on screen.
            if raw.count == 19, raw.dropFirst(10).first == "T" { return raw.replacingOccurrences(of: "T", with: " ") }
            return raw
        }
    }

    /// Columns no clerk sees: the row id, search keys, ids kept for lookups beside the text shown.
    static let hidden: Set<String> = ["id", "pinyin", "initials", "stepID", "itemID", "listKey", "category"]

    /// Each table's columns in form order with their titles; the ledgers, studios and members from their import
    /// columns (the titles the templates and exports use), the rest as their screens label them.
    static let titles: [String: [(String, String)]] = {
        func ledger(_ kind: LedgerKind, extra: [(String, String)]) -> [(String, String)] {
            var out = LedgerImport.columns(kind).filter { $0.key != "id" && $0.key != "memberIDs" }.map { ($0.key, $0.title) }
            if kind == .activity, let i = out.firstIndex(where: { $0.0 == "category" }) { out.insert(("categoryName", out[i].1), at: i) }
            return out + extra + [("review", "审核")]
        }
        var t: [String: [(String, String)]] = [
            "member": RosterImport.columns.compactMap { c in c.field.map { ($0.rawValue, c.title) } }
                + [("photoPath", "照片"), ("isNonMember", "非委员（单位联络人）"), ("termEndedOn", "届满日期")],
            "studio": StudioImport.columns.filter { c in c.key != "plaquedOn" && !StudioImport.roleColumns.contains { $0.column.key == c.key } }.map { ($0.key, $0.title) },
            "studioMembership": [("studioID", "工作室"), ("memberID", "委员"), ("role", "角色"), ("joinedOn", "加入日期"), ("leftOn", "退出日期"), ("leftReason", "退出原因")],
            "approvalRecord": [("studioID", "工作室"), ("round", "申报轮次"), ("stepName", "审批环节"), ("decision", "审批结果"), ("opinion", "意见"),
                               ("signer", "签字人"), ("date", "日期"), ("plaqueNumber", "牌匾编号")],
            "statusChange": [("studioID", "工作室"), ("fromStatus", "原状态"), ("toStatus", "新状态"), ("date", "日期"), ("reason", "原因")],
            "applicationValue": [("studioID", "工作室"), ("fieldID", "申报表栏目"), ("value", "内容")],
            "wallList": [("profileID", "适用规则"), ("key", "清单代号"), ("name", "清单名称"), ("inferred", "由条文推定"), ("source", "出处"), ("inUse", "使用中"), ("position", "顺序")],
            "wallItem": [("listID", "清单"), ("key", "条目代号"), ("text", "条目"), ("position", "顺序"), ("retiredOn", "停用日期")],
            "inspection": [("studioID", "工作室"), ("date", "检查日期"), ("inspector", "检查人"), ("onSite", "现场检查"), ("note", "备注")],
            "inspectionVerdict": [("inspectionID", "检查"), ("listName", "清单"), ("itemText", "条目"), ("position", "顺序"), ("verdict", "结果"),
                                  ("note", "说明"), ("evidence", "佐证")],
            "ledgerMember": [("kind", "台账"), ("recordID", "记录编号"), ("memberID", "参加委员")],
            "yearDoc": [("studioID", "工作室"), ("year", "年度"), ("kind", "种类"), ("date", "日期"), ("text", "内容")],
            "holidayYear": [("year", "年份"), ("source", "依据")],
            "holidayDay": [("date", "日期"), ("kind", "类型"), ("name", "节日")],
            "dutyPlan": [("studioID", "工作室"), ("year", "年度"), ("quarter", "季度"), ("patterns", "排班规律"), ("createdOn", "制定日期")],
            "dutySlot": [("studioID", "工作室"), ("planID", "值班计划"), ("date", "日期"), ("start", "开始"), ("end", "结束"), ("mode", "线上/线下"), ("place", "地点"),
                         ("needed", "所需人数"), ("citizensReceived", "接待群众人数"), ("note", "备注"), ("activityID", "活动记录")],
            "dutyAssignment": [("slotID", "值班班次"), ("memberID", "值班委员"), ("position", "顺序"), ("attendance", "到岗"), ("substituteID", "替班委员")],
            "dutyUnavailable": [("memberID", "委员"), ("from", "起"), ("to", "止"), ("reason", "原因")],
            "assessment": [("studioID", "工作室"), ("year", "年度"), ("round", "轮次"), ("profileID", "适用规则"), ("stage", "阶段"), ("total", "总分"),
                           ("passed", "结论"), ("approvedOn", "审定日期"), ("updatedOn", "更新日期"), ("body", "评估内容")],
            "assessmentReopening": [("assessmentID", "评估"), ("date", "日期"), ("reason", "理由"), ("approvedOnBefore", "原审定日期"), ("totalBefore", "原总分")],
            "consequenceTask": [("studioID", "工作室"), ("assessmentID", "评估"), ("year", "年度"), ("trigger", "起因"), ("action", "措施"), ("status", "改为状态"),
                                ("dueOn", "期限"), ("confirmedOn", "确认日期")],
            "officeScorecard": [("profileID", "适用规则"), ("body", "评估表"), ("updatedOn", "更新日期")],
            "setting": [("key", "设置项"), ("value", "值")],
            "lockedYear": [("year", "年度"), ("lockedOn", "审定日期"), ("body", "当时的结果")],
        ]
        t["activity"] = ledger(.activity, extra: [("attachments", "附件")])
        t["proposal"] = ledger(.proposal, extra: [])
        t["socialInfo"] = ledger(.sqmy, extra: [("sourceIntakeID", "来自群众意见")])
        t["citizenItem"] = ledger(.intake, extra: [("explainedOn", "说明日期"), ("linkedKind", "转为"), ("linkedID", "转为记录编号"), ("dutySlotID", "值班班次")])
        return t
    }()
}

extension AppDatabase {
    /// A presenter with this file's studio and member names (deleted ones are not found and keep their number).
    public func auditPresenter(profileNames: [String: String] = [:]) throws -> AuditPresenter {
        try read { db in
            let studios = try Row.fetchAll(db, sql: "SELECT id, name FROM studio").map { ($0["id"] as Int64, $0["name"] as String) }
            let members = try Row.fetchAll(db, sql: "SELECT id, name FROM member").map { ($0["id"] as Int64, $0["name"] as String) }
            return AuditPresenter(studioNames: Dictionary(studios, uniquingKeysWith: { a, _ in a }),
                                  memberNames: Dictionary(members, uniquingKeysWith: { a, _ in a }), profileNames: profileNames)
        }
    }
}
