import Crypto
import Foundation
import GRDB
import StudioCore

// The quarterly return (季度报送, 陕西 八.2) as a file, and the office above keeping what it received (issue 23).
// The file is JSON: {"format": "studiodesk-quarterly-return", "version": 1, "checksum": "sha256:…", "content": {…}}.
// The checksum is the SHA-256 of the content's canonical encoding (keys sorted, no spaces, slashes unescaped), so a
// hand-edited figure is found; re-encoding what was decoded makes the check independent of the file's layout.

/// Why a return file was not received, worded for the clerk.
public enum ReturnFileError: Error, Equatable, CustomStringConvertible {
    /// Not a StudioDesk return at all (another program's JSON, a spreadsheet, the office's data file).
    case foreign(String)
    /// A StudioDesk return whose content no longer matches its checksum, or cut short.
    case damaged(String)
    /// Written by a newer StudioDesk.
    case future(version: Int)

    public var description: String {
        switch self {
        case .foreign(let why): "不是 StudioDesk 的季度报送文件（\(why)）"
        case .damaged(let why): "报送文件已损坏或被改动（\(why)），请下级重新生成后再报送"
        case .future(let v): "报送文件由更新版本的 StudioDesk 生成（格式版本 \(v)，本程序只认 \(QuarterlyReturn.currentVersion) 及以下），请升级程序后再接收"
        }
    }
}

public enum ReturnFile {
    /// The content as the checksum sees it.
    public static func canonical(_ r: QuarterlyReturn) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try e.encode(r)
    }

    /// "sha256:" and 64 hex digits.
    public static func checksum(_ r: QuarterlyReturn) throws -> String {
        "sha256:" + AuditLog.hex(SHA256.hash(data: try canonical(r)))
    }

    struct Envelope: Codable {
        var format: String
        var version: Int
        var checksum: String
        var content: QuarterlyReturn
    }

    /// The file: readable JSON, keys sorted.
    public static func encode(_ r: QuarterlyReturn) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try e.encode(Envelope(format: QuarterlyReturn.formatName, version: QuarterlyReturn.currentVersion, checksum: try checksum(r), content: r))
    }

    /// The SHA-256 of a return's text as kept: what loading it again compares, instead of checking it in full.
    public static func digest(_ text: String) -> String {
        "sha256:" + AuditLog.hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// A kept return whose text is byte for byte what passed `decode` on receipt (its digest says so): read without
    /// checking it again.
    static func decodeChecked(_ data: Data) throws -> QuarterlyReturn {
        try JSONDecoder().decode(Envelope.self, from: data).content
    }

    /// The return and its checksum, or why the file is refused: foreign, future version, damaged.
    public static func decode(_ data: Data) throws(ReturnFileError) -> (content: QuarterlyReturn, checksum: String) {
        guard let object = try? JSONSerialization.jsonObject(with: data), let top = object as? [String: Any] else {
            throw .foreign(data.isEmpty ? "文件是空的" : "不是 JSON 文件")
        }
        guard let format = top["format"] as? String else { throw .foreign("没有 format 项") }
        guard format == QuarterlyReturn.formatName else { throw .foreign("format 为「\(format)」") }
        guard let version = top["version"] as? Int else { throw .damaged("没有格式版本") }
        if version > QuarterlyReturn.currentVersion { throw .future(version: version) }
        guard version >= 1 else { throw .damaged("格式版本 \(version) 不对") }
        guard let stated = top["checksum"] as? String else { throw .damaged("没有校验和") }
        let envelope: Envelope
        do { envelope = try JSONDecoder().decode(Envelope.self, from: data) } catch { throw .damaged("内容不完整") }
        guard let actual = try? checksum(envelope.content), actual == stated else { throw .damaged("校验和不符") }
        return (envelope.content, stated)
    }
}

/// What became of one received file.
public enum ReceiveOutcome: Equatable, Sendable {
    /// Kept; nothing of the office and period was there before.
    case received
    /// Took the place of an older return of the office and period (made at that time).
    case replaced(previousMadeAt: String)
    /// The very same return was already there: nothing changed.
    case unchanged
    /// Not kept, and why.
    case refused(String)

    public var title: String {
        switch self {
        case .received: "已接收"
        case .replaced: "已替换"
        case .unchanged: "已接收过"
        case .refused: "拒收"
        }
    }

    public var isRefused: Bool { if case .refused = self { true } else { false } }
}

/// A return as kept by the office above: read-only, with its provenance.
public struct ReceivedReturn: Equatable, Sendable {
    public var id: Int64
    public var office: String
    public var level: OfficeLevel
    public var period: Period
    public var madeAt: String
    public var receivedAt: String
    public var checksum: String
    public var content: QuarterlyReturn
}

extension AppDatabase {
    /// The office's name and level, as its returns say them (设置; the name is the one the title bar shows). A level
    /// never set is one above the highest it has received (a file that receives counties' returns is a city's), else 县级.
    public func officeIdentity() throws -> (name: String, level: OfficeLevel) {
        let name = try setting("district") ?? ""
        if let level = try setting("officeLevel").flatMap(OfficeLevel.init(text:)) { return (name, level) }
        let received = try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT level FROM receivedReturn") }.compactMap(OfficeLevel.init(rawValue:))
        let highest = OfficeLevel.allCases.last { received.contains($0) }
        return (name, highest.map { OfficeLevel.allCases[min(OfficeLevel.allCases.firstIndex(of: $0)! + 1, OfficeLevel.allCases.count - 1)] } ?? .county)
    }

    public func setOfficeIdentity(name: String?, level: OfficeLevel?) throws {
        if let name { try setSetting("district", name) }
        if let level { try setSetting("officeLevel", level.rawValue) }
    }

    /// Lower offices listed in 设置 as expected to report (、 or comma separated), besides those that ever sent one.
    public func expectedOffices() throws -> [String] {
        let listed = (try setting("expectedOffices") ?? "").split(whereSeparator: { "、,，;；\n".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let sent = try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT office FROM receivedReturn ORDER BY office") }
        var seen = Set<String>()
        return (listed + sent).filter { seen.insert($0).inserted }
    }

    /// Keeps one received file, by the rules: a damaged, foreign or future-version file is refused; the office's own
    /// return too; the same return again changes nothing; a newer one (made later) replaces the one kept for the
    /// office and quarter; an older one is refused. Never two of one office and quarter.
    public func receiveReturn(_ data: Data, receivedAt: String) throws -> (ReceiveOutcome, QuarterlyReturn?) {
        let r: QuarterlyReturn, sum: String
        do { (r, sum) = try ReturnFile.decode(data) } catch { return (.refused(error.description), nil) }
        let me = try officeIdentity()
        if !me.name.isEmpty && r.office == me.name { return (.refused("这是本办（\(me.name)）自己的报送，不必接收"), r) }
        let content = String(decoding: data, as: UTF8.self)
        let outcome: ReceiveOutcome = try write(.importData) { db in
            let kept = try Row.fetchOne(db, sql: "SELECT id, madeAt, checksum FROM receivedReturn WHERE office = ? AND year = ? AND quarter = ?",
                                        arguments: [r.office, r.year, r.quarter])
            if let kept {
                let madeAt: String = kept["madeAt"], keptSum: String = kept["checksum"]
                if keptSum == sum { return .unchanged }
                if r.madeAt < madeAt {
                    return .refused("比已接收的那份旧（已接收的生成于 \(Self.shown(madeAt))，这份生成于 \(Self.shown(r.madeAt))），保留已接收的")
                }
                if r.madeAt == madeAt { return .refused("与已接收的那份生成时间相同（\(Self.shown(madeAt))）而内容不同，请下级重新生成后再报送") }
                // Kept rows are never updated (a trigger forbids it): the newer one takes the older one's place.
                try db.execute(sql: "DELETE FROM receivedReturn WHERE id = ?", arguments: [kept["id"] as Int64])
            }
            try db.execute(sql: """
                INSERT INTO receivedReturn(office, level, year, quarter, madeAt, receivedAt, content, checksum, contentDigest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [r.office, r.level.rawValue, r.year, r.quarter, r.madeAt, receivedAt, content, sum, ReturnFile.digest(content)])
            return kept.map { .replaced(previousMadeAt: $0["madeAt"]) } ?? .received
        }
        return (outcome, r)
    }

    static func shown(_ at: String) -> String { at.replacingOccurrences(of: "T", with: " ") }

    /// The returns kept for a quarter (or every quarter), by office.
    public func receivedReturns(period: Period? = nil) throws -> [ReceivedReturn] {
        try read { db in
            var sql = "SELECT * FROM receivedReturn"
            var args: StatementArguments = []
            if let period { sql += " WHERE year = ? AND quarter = ?"; args = [period.year, period.index] }
            return try Row.fetchAll(db, sql: sql + " ORDER BY year DESC, quarter DESC, office", arguments: args).compactMap { row in
                // Checked in full when received; read again as it was kept. Text changed since (its digest differs)
                // is checked in full again, and left out when it fails, as a damaged file is.
                let text: String = row["content"]
                let data = Data(text.utf8)
                let content: QuarterlyReturn
                if let digest: String = row["contentDigest"], digest == ReturnFile.digest(text), let checked = try? ReturnFile.decodeChecked(data) {
                    content = checked
                } else {
                    guard let (full, _) = try? ReturnFile.decode(data) else { return nil }
                    content = full
                }
                return ReceivedReturn(id: row["id"], office: row["office"], level: OfficeLevel(rawValue: row["level"]) ?? .county,
                                      period: Period(.quarter, year: row["year"], index: row["quarter"]), madeAt: row["madeAt"],
                                      receivedAt: row["receivedAt"], checksum: row["checksum"], content: content)
            }
        }
    }

    /// The office's return for a quarter: every studio that ran in it, and the lower offices' returns received for it.
    /// `madeAt`: local time, yyyy-MM-ddTHH:mm:ss. Studios are new (备案) when first plaqued after the end of the last
    /// quarter this office made a return for before this one (in that quarter when none was made).
    public func quarterlyReturn(period: Period, profiles: [RuleProfile], today: String, madeAt: String) throws -> QuarterlyReturn {
        let me = try officeIdentity()
        let studios = try studios(runningDuring: period)
        let terms = try studioTerms()
        let facts = try yearFacts(year: period.year)
        let previous = try returnsMade().filter { ($0.year, $0.index) < (period.year, period.index) }.max { ($0.year, $0.index) < ($1.year, $1.index) }
        let newAfter = previous?.end ?? period.advanced(by: -1).end
        let (activities, proposals, sqmy) = try read { db in
            let range: StatementArguments = [period.start, period.end]
            return (Dictionary(grouping: try Activity.fetchAll(db, sql: "SELECT * FROM activity WHERE date BETWEEN ? AND ?", arguments: range), by: \.studioID),
                    Dictionary(grouping: try Proposal.fetchAll(db, sql: "SELECT * FROM proposal WHERE date BETWEEN ? AND ?", arguments: range), by: \.studioID),
                    Dictionary(grouping: try SocialInfo.fetchAll(db, sql: "SELECT * FROM socialInfo WHERE date BETWEEN ? AND ?", arguments: range), by: \.studioID))
        }
        let rows = studios.map { s in
            let id = s.id!
            let term = terms[id] ?? .never
            let isNew = term.plaquedOn.map { $0 > newAfter && $0 <= period.end } ?? false
            return StudioReturn.make(studio: s, term: term, isNew: isNew, profile: profiles.first { $0.id == s.profileID },
                                     facts: facts[id] ?? LedgerFacts(done: [], team: [], term: term), activities: activities[id] ?? [],
                                     proposals: proposals[id] ?? [], sqmy: sqmy[id] ?? [], period: period, today: today)
        }
        let lower = try receivedReturns(period: period).map { QuarterlyReturn.Received(receivedAt: $0.receivedAt, checksum: $0.checksum, content: $0.content) }
        return QuarterlyReturn(office: me.name, level: me.level, period: period, madeAt: madeAt, studios: rows, lower: lower)
    }

    /// Notes that a return was made (written to a file) for the quarter: the next quarter's 备案 list starts after it.
    public func noteReturnMade(_ period: Period) throws {
        var made = try returnsMade()
        if !made.contains(period) { made.append(period) }
        try setSetting("returnsMade", made.sorted { ($0.year, $0.index) < ($1.year, $1.index) }.map(\.code).joined(separator: ","))
    }

    public func returnsMade() throws -> [Period] {
        (try setting("returnsMade") ?? "").split(separator: ",").compactMap { Period.quarter(parsing: String($0)) }
    }

    /// The 汇总 of a quarter: the return the office would send now, seen as an area.
    public func areaSummary(period: Period, profiles: [RuleProfile], today: String, madeAt: String) throws -> (AreaSummary, QuarterlyReturn) {
        var own = try quarterlyReturn(period: period, profiles: profiles, today: today, madeAt: madeAt)
        // A receiving file made by `report receive` has no name of its own yet: its row reads 本办 rather than nothing.
        if own.office.isEmpty { own.office = "本办" }
        return (AreaSummary(own, expected: try expectedOffices()), own)
    }
}
