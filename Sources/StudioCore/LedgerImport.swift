import Foundation

/// What the store knows that an import row refers to: studios by name with the activity categories of their
/// rules, and members by name. Built by the store, read here, so the reading stays pure.
public struct ImportDirectory: Sendable {
    public struct StudioEntry: Sendable {
        public var id: Int64
        public var name: String
        public var status: StudioStatus
        public var categories: [RuleProfile.ActivityCategory]

        public init(id: Int64, name: String, status: StudioStatus, categories: [RuleProfile.ActivityCategory]) {
            self.id = id
            self.name = name
            self.status = status
            self.categories = categories
        }
    }

    public var studios: [StudioEntry] { didSet { (index, categoryIndexes) = Self.index(studios) } }
    public var membersByName: [String: [Int64]]
    /// Studios by `key(name)`: a file names its studio on every row.
    private var index: [String: Int] = [:]
    /// Per studio id, the lookup of its categories by name, id or alias.
    private var categoryIndexes: [Int64: ActivityCategoryIndex] = [:]
    /// The studio rows belong to when the file has no 工作室 column (an import for one studio).
    public var defaultStudioID: Int64?

    public init(studios: [StudioEntry], membersByName: [String: [Int64]], defaultStudioID: Int64? = nil) {
        self.studios = studios
        self.membersByName = membersByName
        self.defaultStudioID = defaultStudioID
        (index, categoryIndexes) = Self.index(studios)
    }

    static func index(_ studios: [StudioEntry]) -> ([String: Int], [Int64: ActivityCategoryIndex]) {
        var out: [String: Int] = [:]
        var categories: [Int64: ActivityCategoryIndex] = [:]
        for (i, s) in studios.enumerated() {
            if out[key(s.name)] == nil { out[key(s.name)] = i }
            categories[s.id] = categories[s.id] ?? ActivityCategoryIndex(s.categories)
        }
        return (out, categories)
    }

    /// The studio's activity category a cell names (by name, as typed, by id or by an alias of its rules).
    func category(of studio: StudioEntry, named text: String) -> RuleProfile.ActivityCategory? {
        categoryMatch(of: studio, named: text)?.category
    }

    func categoryMatch(of studio: StudioEntry, named text: String) -> ActivityCategoryIndex.Match? {
        categoryIndexes[studio.id]?.match(text)
    }

    /// Spaces dropped, full-width brackets as half-width (a character map: Foundation's replacingOccurrences
    /// was most of a 200,000-row import).
    static func key(_ name: String) -> String {
        String(name.compactMap { c -> Character? in
            if c.isWhitespace { return nil }
            return c == "（" ? "(" : c == "）" ? ")" : c
        })
    }

    func studio(named name: String) -> StudioEntry? {
        // A name as the roster spells it is its own key (no spaces, half-width brackets): looked up without a copy.
        (index[name] ?? index[Self.key(name)]).map { studios[$0] }
    }
}

/// A ledger record read from a file, with the members named on it.
public enum LedgerRecord: Equatable, Sendable {
    case activity(Activity)
    case proposal(Proposal)
    case sqmy(SocialInfo)
    case intake(CitizenItem)

    public var kind: LedgerKind {
        switch self {
        case .activity: .activity
        case .proposal: .proposal
        case .sqmy: .sqmy
        case .intake: .intake
        }
    }

    public var studioID: Int64 {
        switch self {
        case .activity(let a): a.studioID
        case .proposal(let p): p.studioID
        case .sqmy(let s): s.studioID
        case .intake(let c): c.studioID
        }
    }

    /// What makes two rows the same record: a second row with the same key is a duplicate in the file, and a
    /// record on file with it is the one the row updates.
    public var id: Int64? {
        switch self {
        case .activity(let a): a.id
        case .proposal(let p): p.id
        case .sqmy(let s): s.id
        case .intake(let c): c.id
        }
    }

    public mutating func setID(_ id: Int64?) {
        switch self {
        case .activity(var a): a.id = id; self = .activity(a)
        case .proposal(var p): p.id = id; self = .proposal(p)
        case .sqmy(var s): s.id = id; self = .sqmy(s)
        case .intake(var c): c.id = id; self = .intake(c)
        }
    }

    /// A row with the 编号 of an exported record is that record. A row without one is matched by what a clerk
    /// would call the same record; for an activity that includes who took part, since a duty day is one record
    /// per member on duty.
    public func matchKey(members: [Int64]) -> String {
        if let id { return "#\(id)" }
        switch self {
        case .activity(let a): return "\(a.studioID)|\(a.date)|\(a.title)|" + members.sorted().map(String.init).joined(separator: ",")
        default: return matchKey
        }
    }

    var matchKey: String {
        switch self {
        case .activity(let a): "\(a.studioID)|\(a.date)|\(a.title)"
        case .proposal(let p): "\(p.studioID)|\(p.date)|\(p.title)"
        case .sqmy(let s): "\(s.studioID)|\(s.date)|\(s.title)"
        case .intake(let c): "\(c.studioID)|\(c.receivedOn)|\(c.citizen)|\(c.content)"
        }
    }

    public var title: String {
        switch self {
        case .activity(let a): a.title
        case .proposal(let p): p.title
        case .sqmy(let s): s.title
        case .intake(let c): "\(c.citizen)：\(c.content.prefix(20))"
        }
    }

    public var date: String {
        switch self {
        case .activity(let a): a.date
        case .proposal(let p): p.date
        case .sqmy(let s): s.date
        case .intake(let c): c.receivedOn
        }
    }
}

/// The four ledgers from an office's spreadsheet (活动日志, 提案, 社情民意, 群众意见建议): columns found by the
/// headers offices type, every row checked like the ledger forms, studios and members looked up by name.
public enum LedgerImport {
    /// The record's number, written by an export; a row with it updates that record.
    static let idColumn = ImportColumn("id", "编号", aliases: ["记录编号", "id"], values: "导出的文件带编号；新记录留空")
    static let studioColumn = ImportColumn("studioID", "工作室", aliases: ["工作室名称", "所属工作室", "委员工作室"], required: true, values: "名册中的工作室名称")
    static let membersColumn = ImportColumn("memberIDs", "参加委员", aliases: ["参与委员", "参加人员", "委员", "提案人", "撰稿委员", "报送委员", "参与人"],
                                            values: "名册中的姓名，用、或，分隔")

    public static func columns(_ kind: LedgerKind) -> [ImportColumn] {
        switch kind {
        case .activity:
            [idColumn, studioColumn,
             ImportColumn("date", "活动日期", aliases: ["日期", "时间", "活动时间"], required: true, values: "日期"),
             ImportColumn("category", "活动类别", aliases: ["类别", "活动类型", "类型"], required: true, values: "该工作室规则中的类别"),
             ImportColumn("mode", "线上/线下", aliases: ["线上线下", "形式", "活动形式", "方式"], values: "线上、线下（空为线下）"),
             ImportColumn("title", "活动名称", aliases: ["活动主题", "主题", "名称", "标题"], required: true, names: true),
             ImportColumn("place", "地点", aliases: ["活动地点"]),
             membersColumn,
             ImportColumn("guests", "指导嘉宾", aliases: ["嘉宾", "参加领导", "指导领导"]),
             ImportColumn("guestKind", "嘉宾身份", aliases: ["嘉宾类别", "指导单位类别"], values: "政协专委会、政协领导、党政部门、其他（有嘉宾时空为其他）"),
             ImportColumn("citizensReached", "服务群众人数", aliases: ["服务群众", "群众人数", "参与群众人数", "人数"], values: "整数"),
             ImportColumn("summary", "活动内容", aliases: ["内容", "活动简介", "摘要", "活动情况"])]
        case .proposal:
            [idColumn, studioColumn,
             ImportColumn("title", "提案标题", aliases: ["标题", "提案名称", "案由", "题目"], required: true, names: true),
             ImportColumn("date", "提交日期", aliases: ["日期", "提交时间"], required: true, values: "日期"),
             ImportColumn("kind", "提案类型", aliases: ["类型", "提案形式"], values: "个人、联名、集体（空为个人）"),
             ImportColumn("status", "办理状态", aliases: ["状态", "立案情况"], values: "已提交、已立案、不立案、并案、已答复（空为已提交）"),
             ImportColumn("decidedOn", "立案日期", aliases: ["立案时间", "决定日期"], values: "日期"),
             ImportColumn("handlingUnit", "承办单位", aliases: ["办理单位"]),
             ImportColumn("repliedOn", "答复日期", aliases: ["答复时间", "办复日期"], values: "日期"),
             ImportColumn("reply", "答复内容", aliases: ["答复", "办理答复"]),
             ImportColumn("satisfaction", "满意度", aliases: ["满意程度"], values: "满意、基本满意、不满意"),
             ImportColumn("award", "评优", aliases: ["获奖", "评优情况"], values: "重点提案、优秀提案"),
             ImportColumn("awardedOn", "评优日期", values: "日期"),
             membersColumn]
        case .sqmy:
            [idColumn, studioColumn,
             ImportColumn("title", "信息标题", aliases: ["标题", "社情民意标题", "题目"], required: true, names: true),
             ImportColumn("date", "报送日期", aliases: ["日期", "报送时间"], required: true, values: "日期"),
             ImportColumn("channel", "报送渠道", aliases: ["渠道", "报送单位"]),
             ImportColumn("status", "状态", aliases: ["采用情况"], values: "已报送、已采用（空为已报送）"),
             ImportColumn("adoptedBy", "采用单位", aliases: ["采用部门"]),
             ImportColumn("adoptedOn", "采用日期", values: "日期"),
             ImportColumn("instructionBy", "批示领导", aliases: ["批示人"]),
             ImportColumn("instructionLevel", "批示层级", aliases: ["批示级别"]),
             ImportColumn("instructionOn", "批示日期", values: "日期"),
             membersColumn]
        case .intake:
            [idColumn, studioColumn,
             ImportColumn("receivedOn", "收到日期", aliases: ["日期", "接待日期", "反映日期", "收集日期"], required: true, values: "日期"),
             ImportColumn("citizen", "反映人", aliases: ["群众姓名", "姓名", "来访人"], required: true, values: "可写“匿名”", names: true),
             ImportColumn("contact", "联系方式", aliases: ["联系电话", "电话"]),
             ImportColumn("channel", "收集渠道", aliases: ["渠道", "来源", "方式"], values: "线下值班、线上、走访、来信（空为线下值班）"),
             ImportColumn("content", "反映内容", aliases: ["内容", "意见建议", "问题"], required: true),
             ImportColumn("triage", "分类", aliases: ["类别", "处理分类"], values: "信访、咨询、微需求/微建议、重大问题"),
             ImportColumn("handling", "处理情况", aliases: ["办理情况", "处理意见"]),
             ImportColumn("feedbackOn", "反馈日期", aliases: ["反馈时间"], values: "日期"),
             ImportColumn("feedback", "反馈内容", aliases: ["反馈情况", "反馈"]),
             ImportColumn("explanation", "解释说明", aliases: ["说明"])]
        }
    }

    /// The header row of each kind's template and one example row.
    public static func template(_ kind: LedgerKind) -> [[String]] {
        let studio = "明湖区湖滨街道委员工作室"
        let example: [String: String]
        switch kind {
        case .activity:
            example = ["工作室": studio, "活动日期": "2026-03-05", "活动类别": "走访调研", "线上/线下": "线下", "活动名称": "老旧小区加装电梯协商会",
                       "地点": "湖滨街道社区服务中心", "参加委员": "司马月华、施春梅", "服务群众人数": "35", "活动内容": "听取居民意见，形成三条建议"]
        case .proposal:
            example = ["工作室": studio, "提案标题": "关于加快老旧小区加装电梯的建议", "提交日期": "2026-01-10", "提案类型": "联名", "办理状态": "已立案",
                       "立案日期": "2026-02-01", "承办单位": "区住建局", "参加委员": "司马月华、施春梅"]
        case .sqmy:
            example = ["工作室": studio, "信息标题": "关于社区养老服务供给不足的反映", "报送日期": "2026-04-02", "报送渠道": "区政协办公室", "状态": "已采用",
                       "采用单位": "市政协", "采用日期": "2026-04-20", "参加委员": "司马月华"]
        case .intake:
            example = ["工作室": studio, "收到日期": "2026-05-06", "反映人": "李阿姨", "联系方式": "13905710009", "收集渠道": "线下值班",
                       "反映内容": "小区门口路灯不亮", "分类": "微需求/微建议", "处理情况": "转街道城管科", "反馈日期": "2026-05-12", "反馈内容": "已修复"]
        }
        let cols = columns(kind)
        return [cols.map(\.title), cols.map { example[$0.title] ?? "" }]
    }

    public struct Row: Equatable, Sendable {
        public var row: Int
        public var record: LedgerRecord
        public var memberIDs: [Int64]
        /// The activity category as the file wrote it, when it was an alias or spelled otherwise than the rules.
        public var categoryWord: String?
        /// The record's match key, when the reading computed it (a file read in chunks): matched with the ledger on
        /// file without building it again.
        public var key: ImportKey?

        public init(row: Int, record: LedgerRecord, memberIDs: [Int64], categoryWord: String? = nil) {
            self.row = row
            self.record = record
            self.memberIDs = memberIDs
            self.categoryWord = categoryWord
        }
    }

    public struct Result: Equatable, Sendable {
        public var rows: [Row]
        public var problems: [ImportProblem]
        public var ignored: [String]

        /// Each category word of the file that is not the rules' own name, with what it became and where:
        /// "活动类别「协商」→ 协商交流（界别或联络处协商）（第 2、5 行）".
        public var categoryAliases: [String] {
            var tally = AliasTally()
            for r in rows { tally.add(r) }
            return tally.lines
        }
    }

    public static func read(_ kind: LedgerKind, _ table: ImportTable, directory: ImportDirectory) -> Result {
        var out: [Row] = []
        var seen: [String: Int] = [:]
        let (ignored, problems) = ImportCells.readRows(table, columns(kind), optional: directory.defaultStudioID != nil ? ["studioID"] : []) { reader in
            let parsed = parse(kind, &reader, directory)
            guard reader.problems.isEmpty else { return }
            let key = parsed.record.matchKey(members: parsed.memberIDs)
            if let first = seen[key] {
                let what = parsed.record.id != nil ? "编号" : duplicateMeaning(kind)
                reader.problems.append(ImportProblem(row: reader.number, column: "", message: "与第 \(first) 行重复（\(what)相同）"))
            } else {
                seen[key] = reader.number
                out.append(parsed)
            }
        }
        return Result(rows: out, problems: problems, ignored: ignored)
    }

    /// `read` for a file taken in chunks: what it keeps between rows is one compact key per record read (for
    /// duplicates across chunks) and the tally of category aliases, never the rows themselves.
    public struct Stream {
        public let kind: LedgerKind
        let directory: ImportDirectory
        let checker: ImportRowChecker
        /// The first row of each record key.
        var seen: [ImportKey: Int32] = [:]
        public private(set) var aliases = AliasTally()
        public private(set) var rowsSeen = 0

        public init(_ kind: LedgerKind, headers: [String], headerRow: Int = 1, directory: ImportDirectory) {
            self.kind = kind
            self.directory = directory
            checker = ImportRowChecker(headers: headers, headerRow: headerRow, columns(kind), optional: directory.defaultStudioID != nil ? ["studioID"] : [])
        }

        public var ignored: [String] { checker.ignored }
        /// A column twice or a required one missing: then no row is read.
        public var headerProblems: [ImportProblem] { checker.headerProblems }

        /// One row: the record to match with the ledger, or the row's problems (a blank row gives neither).
        public mutating func read(number: Int, cells: [String]) -> (row: Row?, problems: [ImportProblem]) {
            rowsSeen += 1
            var out: Row?
            let (kind, directory) = (kind, directory)
            var seen = self.seen
            self.seen = [:]
            let problems = checker.check(number: number, cells: cells) { reader in
                let parsed = parse(kind, &reader, directory)
                guard reader.problems.isEmpty else { return }
                let key = ImportKey(parsed.record, members: parsed.memberIDs)
                if let first = seen[key] {
                    let what = parsed.record.id != nil ? "编号" : duplicateMeaning(kind)
                    reader.problems.append(ImportProblem(row: reader.number, column: "", message: "与第 \(first) 行重复（\(what)相同）"))
                } else {
                    seen[key] = Int32(clamping: reader.number)
                    out = parsed
                    out?.key = key
                }
            }
            self.seen = seen
            if let r = out { aliases.add(r) }
            return (out, problems)
        }

        /// Said once at the end when the file had no row below its header.
        public var noRowsProblem: ImportProblem { ImportProblem(row: checker.headerRow + 1, column: "", message: "只有表头，没有数据行") }
    }

    /// Each category word of the file that is not the rules' own name, with the first rows it was on.
    public struct AliasTally: Sendable {
        var order: [String] = []
        var rowsOf: [String: (first: [Int], count: Int)] = [:]

        public init() {}

        public mutating func add(_ r: Row) {
            guard let word = r.categoryWord, case .activity(let a) = r.record else { return }
            let line = "「\(word)」→ \(a.categoryName)"
            if rowsOf[line] == nil { order.append(line) }
            var entry = rowsOf[line] ?? ([], 0)
            if entry.first.count < 5 { entry.first.append(r.row) }
            entry.count += 1
            rowsOf[line] = entry
        }

        public var lines: [String] {
            order.map { line in
                let (rows, count) = rowsOf[line]!
                let shown = rows.map(String.init).joined(separator: "、") + (count > 5 ? " 等 \(count) 行" : " 行")
                return "活动类别\(line)（第 \(shown)）"
            }
        }
    }

    static func duplicateMeaning(_ kind: LedgerKind) -> String {
        switch kind {
        case .activity: "工作室、活动日期、活动名称和参加委员"
        case .proposal: "工作室、提交日期和提案标题"
        case .sqmy: "工作室、报送日期和信息标题"
        case .intake: "工作室、收到日期、反映人和内容"
        }
    }

    static func parse(_ kind: LedgerKind, _ r: inout ImportRowReader, _ directory: ImportDirectory) -> Row {
        let studio = r.studio(directory)
        let memberIDs = r.members(directory)
        let studioID = studio?.id ?? 0
        let record: LedgerRecord
        var categoryWord: String?
        switch kind {
        case .activity:
            let title = r.required("title")
            let date = r.requiredDate("date")
            var category = ""
            var categoryName = r.required("category")
            if let studio, !categoryName.isEmpty {
                if let m = directory.categoryMatch(of: studio, named: categoryName) {
                    // Said in the preview: the word the file used and the category it became.
                    if categoryName != m.category.name { categoryWord = categoryName }
                    category = m.category.id
                    categoryName = m.category.name
                } else {
                    r.problem("category", "「\(categoryName.prefix(20))」不是「\(studio.name)」规则中的活动类别（可用：\(studio.categories.map(\.name).joined(separator: "、"))）")
                }
            }
            let mode = r.choice("mode", { (m: StudioMode) in [m.title, m.title + "活动"] }, default: .offline)
            var citizens = 0
            let n = r.text("citizensReached")
            if !n.isEmpty {
                if let v = Int(n.hasSuffix("人") ? String(n.dropLast()) : n), v >= 0 { citizens = v } else { r.problem("citizensReached", "应为不小于 0 的整数，现为「\(n.prefix(10))」") }
            }
            let guestKind = r.optionalChoice("guestKind", { (k: GuestKind) in [k.title] })
            record = .activity(Activity(studioID: studioID, date: date, category: category, categoryName: categoryName, mode: mode, title: title,
                                        place: r.text("place"), guests: r.text("guests"), guestKind: guestKind, citizensReached: citizens,
                                        summary: r.text("summary")))
        case .proposal:
            let p = Proposal(studioID: studioID, title: r.required("title"), date: r.requiredDate("date"),
                             kind: r.choice("kind", { (k: ProposalKind) in [k.title, k.title + "提案"] }, default: .individual),
                             status: r.choice("status", { (s: ProposalStatus) in [s.title, String(s.title.dropFirst())] }, default: .submitted),
                             decidedOn: r.date("decidedOn"), handlingUnit: r.text("handlingUnit"), repliedOn: r.date("repliedOn"), reply: r.text("reply"),
                             satisfaction: r.text("satisfaction"), award: r.optionalChoice("award", { (a: ProposalAward) in [a.title, String(a.title.prefix(2))] }),
                             awardedOn: r.date("awardedOn"))
            r.fieldIssues(p.issues())
            record = .proposal(p)
        case .sqmy:
            let s = SocialInfo(studioID: studioID, title: r.required("title"), date: r.requiredDate("date"), channel: r.text("channel"),
                               status: r.choice("status", { (s: SocialInfoStatus) in [s.title, String(s.title.dropFirst())] }, default: .submitted),
                               adoptedBy: r.text("adoptedBy"), adoptedOn: r.date("adoptedOn"), instructionBy: r.text("instructionBy"),
                               instructionLevel: r.text("instructionLevel"), instructionOn: r.date("instructionOn"))
            r.fieldIssues(s.issues())
            record = .sqmy(s)
        case .intake:
            let c = CitizenItem(studioID: studioID, receivedOn: r.requiredDate("receivedOn"), citizen: r.required("citizen"), contact: r.text("contact"),
                                channel: r.choice("channel", { (c: IntakeChannel) in [c.title] + (c == .offlineDuty ? ["值班", "线下"] : []) }, default: .offlineDuty),
                                content: r.required("content"),
                                triage: r.optionalChoice("triage", { (t: Triage) in [t.title] + t.title.split(separator: "/").map(String.init) }),
                                handling: r.text("handling"), feedbackOn: r.date("feedbackOn"), feedback: r.text("feedback"),
                                explanation: r.text("explanation"))
            r.fieldIssues(c.issues())
            record = .intake(c)
        }
        var row = Row(row: r.number, record: record, memberIDs: memberIDs, categoryWord: categoryWord)
        let idText = r.text("id")
        if !idText.isEmpty {
            if let id = Int64(idText), id > 0 { row.record.setID(id) } else { r.problem("id", "编号应为导出文件中的数字，新记录请留空") }
        }
        return row
    }
}
