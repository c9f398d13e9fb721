import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// One change of one record: who, when, which table and row, and the row before and after.
public struct AuditEntry: Equatable, Sendable {
    public enum Action: String, Sendable, CaseIterable {
        case insert, update, delete
        /// Events of the whole file (`tableName` "*"): a restore from a backup, a whole-file import.
        case restore, importAll = "import-all"
        public var title: String {
            switch self {
            case .insert: "新增"
            case .update: "修改"
            case .delete: "删除"
            case .restore: "恢复备份"
            case .importAll: "整库导入"
            }
        }
    }

    public var id: Int64
    /// Local time, yyyy-MM-ddTHH:mm:ss.
    public var at: String
    public var user: String
    public var table: String
    public var recordID: Int64
    public var action: Action
    public var studioID: Int64?
    public var oldValues: [String: String]
    public var newValues: [String: String]

    /// The columns whose value differs, in name order (every column for a new or deleted row).
    public var changedColumns: [String] {
        Set(oldValues.keys).union(newValues.keys).filter { oldValues[$0] != newValues[$0] }.sorted()
    }

    public var tableTitle: String { table == "*" ? "整个数据文件" : AuditLog.tableTitles[table] ?? table }

    /// What the record is called: its name or title, as it was (deleted) or is now.
    public var recordLabel: String {
        let values = newValues.isEmpty ? oldValues : newValues
        if table == "ledgerMember", let record = values["recordID"] {
            return (LedgerKindTitles[values["kind"] ?? ""] ?? "台账") + " #" + record
        }
        return ["name", "title", "citizen", "date", "fieldID"].lazy.compactMap { values[$0] }.first { !$0.isEmpty } ?? "#\(recordID)"
    }

    /// "联系电话：13905710001 → 13905710002；…" for a change, the record's values for a new or deleted one.
    public var changeText: String {
        let cut = { (s: String) in s.count > 40 ? String(s.prefix(40)) + "…" : s }
        switch action {
        case .update:
            return changedColumns.map { "\(AuditLog.columnTitle($0))：\(cut(oldValues[$0] ?? "")) → \(cut(newValues[$0] ?? ""))" }.joined(separator: "；")
        case .restore, .importAll:
            return newValues["说明"] ?? ""
        case .insert, .delete:
            let values = action == .insert ? newValues : oldValues
            return values.keys.sorted().filter { $0 != "id" && !(values[$0] ?? "").isEmpty }.prefix(6)
                .map { "\(AuditLog.columnTitle($0))：\(cut(values[$0] ?? ""))" }.joined(separator: "；")
        }
    }
}

private let LedgerKindTitles = ["activity": "活动", "proposal": "提案", "sqmy": "社情民意", "intake": "群众意见"]

/// Which lines of the audit log to show.
public struct AuditFilter: Equatable, Sendable {
    public var studioID: Int64?
    public var table: String?
    public var user: String?
    /// yyyy-MM-dd: changes on or after this day.
    public var since: String?

    public init(studioID: Int64? = nil, table: String? = nil, user: String? = nil, since: String? = nil) {
        self.studioID = studioID
        self.table = table
        self.user = user
        self.since = since
    }
}

/// The audit log is written by SQLite itself: every StudioDesk writer connection installs temporary triggers
/// on every table, so no save, import or restore path can forget to log, and a new table is logged without code
/// here. Temporary triggers (not ones stored in the file) because they carry this process's user name and
/// because another program writing the file (the sqlite3 shell) must not fail on them; its changes are not
/// logged, which the README says.
public enum AuditLog {
    public static let tableTitles: [String: String] = [
        "member": "委员名册", "studio": "工作室", "studioMembership": "工作室团队", "approvalRecord": "审批记录", "statusChange": "状态变更",
        "applicationValue": "申报表", "wallList": "上墙清单", "wallItem": "上墙条目", "inspection": "上墙检查", "inspectionVerdict": "检查结果",
        "activity": "活动日志", "proposal": "提案", "citizenItem": "群众意见建议", "socialInfo": "社情民意", "ledgerMember": "参加委员",
        "yearDoc": "年度材料", "holidayYear": "节假日年份", "holidayDay": "节假日", "dutyPlan": "值班计划", "dutySlot": "值班班次",
        "dutyAssignment": "值班安排", "dutyUnavailable": "不能值班", "assessment": "年度评估", "assessmentReopening": "评估重新打开",
        "consequenceTask": "评估后续", "officeScorecard": "本办评估表", "setting": "设置", "lockedYear": "审定年度",
        "annualSummary": "年度工作总结", "account": "账户", "accountStudio": "账户负责的工作室",
        "receivedReturn": "下级报送",
        "officeYearSummary": "本办年度总结材料",
    ]

    static let columnTitles: [String: String] = [
        "name": "名称", "title": "标题", "date": "日期", "phone": "联系电话", "status": "状态", "review": "审核", "sector": "界别",
        "committee": "专委会", "unitTitle": "单位及职务", "expertise": "专业特长", "note": "备注", "address": "地址", "type": "类型",
        "mode": "线上/线下", "profileID": "适用规则", "role": "角色", "joinedOn": "加入日期", "leftOn": "退出日期", "leftReason": "退出原因",
        "category": "类别", "categoryName": "类别名称", "place": "地点", "guests": "嘉宾", "guestKind": "嘉宾身份", "citizensReached": "服务群众人数", "summary": "内容",
        "content": "内容", "citizen": "反映人", "contact": "联系方式", "feedback": "反馈内容", "feedbackOn": "反馈日期", "explanation": "解释说明",
        "studioID": "工作室", "memberID": "委员", "recordID": "记录", "kind": "种类", "value": "内容", "reason": "原因",
        "highlights": "成绩和特色亮点", "problems": "存在问题", "nextPlan": "下一步计划", "finalizedOn": "定稿日期",
    ]

    public static func columnTitle(_ column: String) -> String { columnTitles[column] ?? column }

    /// The OS user running the program.
    public static func systemUser(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
    }

    /// The SSH client's address (issue 22): the first field of SSH_CONNECTION ("client port server port"), or of
    /// SSH_CLIENT; nil outside an SSH session, or when it is not an address (it goes into every audit line).
    public static func sshClient(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let text = environment["SSH_CONNECTION"] ?? environment["SSH_CLIENT"],
              let first = text.split(separator: " ").first, first.count <= 64,
              first.allSatisfy({ $0.isASCII && ($0.isHexDigit || $0.isLetter || ".:%".contains($0)) }) else { return nil }
        return String(first)
    }

    /// What an audit line records as its user: the name, and over SSH the client's address, "张三（SSH 192.0.2.7）".
    /// Kept in the user text rather than a column of its own, so the line's signature covers it unchanged.
    public static func lineUser(_ user: String, client: String?) -> String {
        client.map { "\(user)（SSH \($0)）" } ?? user
    }

    /// The name in a line's user text, without the SSH address.
    public static func accountName(_ lineUser: String) -> String {
        guard lineUser.hasSuffix("）"), let r = lineUser.range(of: "（SSH ", options: .backwards) else { return lineUser }
        return String(lineUser[..<r.lowerBound])
    }

    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    /// For a trigger on `table`: the row (NEW or OLD) as a JSON object, and its studio's id.
    static func rowExpressions(_ db: Database, table: String) throws -> (json: (String) -> String, studio: (String) -> String) {
        let columns = try db.columns(in: table, in: "main")
        let names = Set(columns.map(\.name))
        let json = { (row: String) in
            // JSON holds no BLOB: a blob column is logged as hex.
            "json_object(" + columns.map { c in
                let v = "\(row).\(c.name.quotedDatabaseIdentifier)"
                return "\(quoted(c.name)), " + (c.type.uppercased() == "BLOB" ? "hex(\(v))" : v)
            }.joined(separator: ", ") + ")"
        }
        let studio = { (row: String) in table == "studio" ? "\(row).id" : names.contains("studioID") ? "\(row).studioID" : "NULL" }
        return (json, studio)
    }
}

extension AppDatabase {
    /// Installs the triggers on this pool's writer connection (temporary objects live as long as it does).
    func installAuditTriggers() throws {
        try writer.writeWithoutTransaction { db in
            let stored = try String.fetchAll(db, sql: """
                SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' AND name NOT IN ('auditLog', 'openEdit')
                """)
            try db.inTransaction(.immediate) {
                try installExternalWriteTriggers(db, tables: stored)
                return .commit
            }
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS auditSwitch(enabled INTEGER NOT NULL)")
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM temp.auditSwitch") == 0 { try db.execute(sql: "INSERT INTO temp.auditSwitch VALUES (1)") }
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' AND name NOT IN ('auditLog', 'openEdit')
                """)
            let user = AuditLog.quoted(AuditLog.lineUser(self.user, client: client))
            for table in tables {
                let (json, studio) = try AuditLog.rowExpressions(db, table: table)
                let q = table.quotedDatabaseIdentifier
                func insert(_ row: String, _ action: String, old: String, new: String) -> String {
                    AuditLog.signedInsert(at: "strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')", user: user, table: AuditLog.quoted(table),
                                          recordID: "\(row).rowid", action: "'\(action)'", studioID: studio(row), old: old, new: new)
                }
                let on = "(SELECT enabled FROM auditSwitch)"
                let changed = try db.columns(in: table, in: "main").map { "OLD.\($0.name.quotedDatabaseIdentifier) IS NOT NEW.\($0.name.quotedDatabaseIdentifier)" }.joined(separator: " OR ")
                try db.execute(sql: """
                    DROP TRIGGER IF EXISTS temp.\("audit_\(table)_insert".quotedDatabaseIdentifier);
                    DROP TRIGGER IF EXISTS temp.\("audit_\(table)_update".quotedDatabaseIdentifier);
                    DROP TRIGGER IF EXISTS temp.\("audit_\(table)_delete".quotedDatabaseIdentifier);
                    CREATE TEMP TRIGGER \("audit_\(table)_insert".quotedDatabaseIdentifier) AFTER INSERT ON main.\(q) WHEN \(on) BEGIN
                      \(insert("NEW", "insert", old: "NULL", new: json("NEW"))) END;
                    CREATE TEMP TRIGGER \("audit_\(table)_update".quotedDatabaseIdentifier) AFTER UPDATE ON main.\(q) WHEN \(on) AND (\(changed)) BEGIN
                      \(insert("NEW", "update", old: json("OLD"), new: json("NEW"))) END;
                    CREATE TEMP TRIGGER \("audit_\(table)_delete".quotedDatabaseIdentifier) AFTER DELETE ON main.\(q) WHEN \(on) BEGIN
                      \(insert("OLD", "delete", old: json("OLD"), new: "NULL")) END;
                    """)
            }
        }
    }

    /// Runs `body` without logging: loading the demo district or the benchmark's generated office is not a
    /// clerk's change. The switch is this connection's own; other processes keep logging.
    public func withoutAudit<T>(_ body: () throws -> T) throws -> T {
        guard !isReadOnly else { return try body() }
        // Counted before and after: figures read while the body writes are stale once it ends.
        unloggedWrites.add()
        try writer.writeWithoutTransaction { db in try db.execute(sql: "UPDATE temp.auditSwitch SET enabled = 0") }
        defer {
            try? writer.writeWithoutTransaction { db in
                try db.execute(sql: "UPDATE temp.auditSwitch SET enabled = 1")
                // Other sessions see an unlogged load through the file's header (`changeToken`).
                let loads = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                try db.execute(sql: "PRAGMA user_version = \(loads &+ 1)")
            }
            unloggedWrites.add()
        }
        return try body()
    }

    static func auditRequest(_ f: AuditFilter) -> (String, StatementArguments) {
        var conditions: [String] = []
        var args: [any DatabaseValueConvertible] = []
        if let s = f.studioID { conditions.append("studioID = ?"); args.append(s) }
        if let t = f.table { conditions.append("tableName = ?"); args.append(t) }
        // A name matches its lines from any SSH address too.
        if let u = f.user {
            let prefix = u + "（SSH "
            conditions.append("(user = ? OR substr(user, 1, ?) = ?)")
            args.append(u); args.append(prefix.unicodeScalars.count); args.append(prefix)
        }
        if let d = f.since { conditions.append("at >= ?"); args.append(d) }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), StatementArguments(args.map { $0.databaseValue }))
    }

    /// Newest first, a page at a time (an import of a year's ledger writes thousands of lines).
    public func auditEntries(_ filter: AuditFilter = AuditFilter(), limit: Int = 200, offset: Int = 0) throws -> [AuditEntry] {
        let (whereSQL, args) = Self.auditRequest(filter)
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM auditLog\(whereSQL) ORDER BY id DESC LIMIT \(limit) OFFSET \(offset)", arguments: args).map { r in
                func values(_ text: String?) -> [String: String] {
                    guard let text, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [:] }
                    // A column another program wrote with SQL's json() comes back as an object or array: kept as JSON text.
                    return object.compactMapValues { v in
                        if v is NSNull { return nil }
                        if v is [String: Any] || v is [Any], let data = try? JSONSerialization.data(withJSONObject: v, options: [.sortedKeys]) {
                            return String(decoding: data, as: UTF8.self)
                        }
                        return "\(v)"
                    }
                }
                return AuditEntry(id: r["id"], at: r["at"], user: r["user"], table: r["tableName"], recordID: r["recordID"],
                                  action: AuditEntry.Action(rawValue: r["action"]) ?? .update, studioID: r["studioID"],
                                  oldValues: values(r["oldValues"]), newValues: values(r["newValues"]))
            }
        }
    }

    public func auditCount(_ filter: AuditFilter = AuditFilter()) throws -> Int {
        let (whereSQL, args) = Self.auditRequest(filter)
        return try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM auditLog\(whereSQL)", arguments: args) ?? 0 }
    }

    /// The users and tables that appear in the log, for the filters.
    public func auditFacets() throws -> (users: [String], tables: [String]) {
        try read { db in
            (Array(Set(try String.fetchAll(db, sql: "SELECT DISTINCT user FROM auditLog").map(AuditLog.accountName))).sorted(),
             try String.fetchAll(db, sql: "SELECT DISTINCT tableName FROM auditLog ORDER BY tableName"))
        }
    }
}
