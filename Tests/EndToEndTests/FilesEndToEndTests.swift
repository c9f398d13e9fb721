import Foundation
import Testing

/// Issue 19 through the binary: every CSV the program writes keeps formula starts as text (items 3), files and
/// folders it makes are the owner's only (4), read-only changes no file (5), a relative --db keeps its backups
/// beside it (9), and leftovers of interrupted backups are removed (11).
@Suite(.serialized) struct FilesEndToEndTests {
    static let today = "2026-11-18"

    /// Runs a shell script in `dir` with umask 022 and the test's date; output and exit code.
    func sh(_ s: TmuxSession, _ script: String, in dir: String? = nil) throws -> (status: Int32, output: String) {
        let cd = "cd \(TmuxSession.shellQuote(dir ?? s.dir.path)) && umask 022 && "
        return try TmuxSession.run("/bin/sh", ["-c", cd + script], env: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "STUDIODESK_TODAY": Self.today])
    }

    var bin: String { TmuxSession.shellQuote(TmuxSession.binary) }

    func sqlite(_ path: String, _ sql: String) throws -> String {
        try TmuxSession.run("sqlite3", [path, sql]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Python's csv module reads the file as Excel would: the cells that would run as formulas, and those kept
    /// as text with an apostrophe.
    func formulaCells(_ file: String) throws -> (bad: [String], kept: [String]) {
        let script = """
        import csv, json, sys
        t = set("=+-@\\t\\r＝＋－＠")
        bad, kept = [], []
        with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
            for row in csv.reader(f):
                for c in row:
                    if c[:1] in t and c: bad.append(c)
                    elif c[:1] == "'" and c[1:2] in t and c[1:2]: kept.append(c[1:])
        print(json.dumps({"bad": bad, "kept": kept}))
        """
        let out = try TmuxSession.run("python3", ["-c", script, file]).output
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: [String]], "\(out)")
        return (doc["bad"] ?? [], doc["kept"] ?? [])
    }

    func mode(_ path: String) throws -> Int { try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1 }

    /// Every file in a folder with its bytes.
    func snapshot(_ dir: String) throws -> [String: Data] {
        try Dictionary(uniqueKeysWithValues: FileManager.default.contentsOfDirectory(atPath: dir).map { ($0, try Data(contentsOf: URL(fileURLWithPath: dir + "/" + $0))) })
    }

    func studioID(_ s: TmuxSession, _ name: String) throws -> String {
        try sqlite(s.dbPath, "SELECT id FROM studio WHERE name LIKE '%\(name)'")
    }

    /// Values that start a formula in Excel or WPS, put in the demo's notes, titles and studio names by another
    /// program, and one typed as a duty pattern's place: every `--format csv`, the export and the archive bundle
    /// give each of them with a leading apostrophe.
    @Test func everyCSVTheProgramWritesKeepsFormulasAsText() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let variants = ["'=HYPERLINK(\"http://x\")'", "'@x'", "'+1'", "'-1'", "char(9) || 'x'", "char(13) || 'x'", "'＝1'", "'＋1'", "'－1'", "'＠x'"]
        let pick = "CASE id % 10 " + variants.enumerated().map { "WHEN \($0.offset) THEN \($0.element)" }.joined(separator: " ") + " END"
        let nanhu = try studioID(s, "南湖社区委员工作室")
        _ = try sqlite(s.dbPath, """
            UPDATE member SET note = \(pick);
            UPDATE activity SET title = \(pick) || title WHERE studioID = \(nanhu);
            UPDATE studio SET name = \(pick) || name WHERE id <> \(nanhu);
            UPDATE inspectionVerdict SET note = \(pick) || note WHERE verdict <> 'pass';
            """)
        let generated = try s.studiodesk(["duty", "generate", "--db", s.dbPath, "--studio", nanhu, "--quarter", "2027Q1",
                                          "--pattern", "每月10日、20日 线下 @=HYPERLINK(\"http://x\")"])
        #expect(generated.status == 0, "\(generated.output)")
        // An audit row by an operator whose name starts a formula.
        let roster = s.dir.appendingPathComponent("roster.csv").path
        try "姓名,备注\n欧阳新,'-1\n".write(toFile: roster, atomically: true, encoding: .utf8)
        #expect(try s.studiodesk(["import", "members", roster, "--db", s.dbPath, "--user", "@审阅"]).status == 0)

        let db = TmuxSession.shellQuote(s.dbPath)
        let outputs: [(String, String, [String])] = [
            ("members", "members --format csv", ["=HYPERLINK(\"http://x\")", "@x", "+1", "-1", "＝1", "＋1", "－1", "＠x"]),
            ("export", "export members --out export.csv", ["=HYPERLINK(\"http://x\")", "@x", "+1", "-1", "＝1"]),
            ("ledger", "ledger --studio \(nanhu) --all-years --format csv", []),
            ("studios", "studios --format csv", []),
            ("compliance", "compliance --year 2026 --format csv", []),
            ("checklist", "checklist --format csv", ["@x", "+1", "-1", "＝1"]),
            ("scorecard", "scorecard --year 2026 --format csv", []),
            ("audit", "audit --format csv --limit 50", ["@审阅"]),
            ("duty", "duty show --studio \(nanhu) --quarter 2027Q1 --format csv", ["=HYPERLINK(\"http://x\")"]),
        ]
        for (name, command, expected) in outputs {
            let file = "\(name).csv"
            let redirect = command.contains("--out") ? "" : " > \(file)"
            let run = try sh(s, "\(bin) \(command) --db \(db)\(redirect)")
            #expect(run.status == 0, "\(name): \(run.output)")
            let (bad, kept) = try formulaCells(s.dir.appendingPathComponent(file).path)
            #expect(bad.isEmpty, "\(name): cells that would run as formulas: \(bad)")
            #expect(!kept.isEmpty, "\(name): no cell needed keeping as text")
            for v in expected { #expect(kept.contains { $0.hasPrefix(v) }, "\(name): \(v) not kept as text; kept \(kept.prefix(5))") }
        }
        // The archive bundle's CSVs, read out of the ZIP.
        let archived = try sh(s, "\(bin) archive --studio \(nanhu) --out bundle.zip --db \(db) && unzip -p bundle.zip 团队名单.csv > team.csv")
        #expect(archived.status == 0, "\(archived.output)")
        let (bad, kept) = try formulaCells(s.dir.appendingPathComponent("team.csv").path)
        #expect(bad.isEmpty && !kept.isEmpty, "archive: \(bad) \(kept)")
    }

    /// Under umask 022 every file the program writes for the clerk is 0600 and every folder it makes 0700.
    @Test func exportsPrintoutsAndNewFilesAreTheOwnersOnly() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let db = TmuxSession.shellQuote(s.dbPath)
        let nanhu = try studioID(s, "南湖社区委员工作室")
        let medical = try studioID(s, "医药卫生界委员工作室")
        let run = try sh(s, """
            \(bin) export members --out m.csv --db \(db) && \(bin) export workbook --out w.xlsx --db \(db) \
            && \(bin) export all --out all.json --db \(db) && \(bin) archive --studio \(nanhu) --out a.zip --db \(db) \
            && \(bin) duty show --studio \(medical) --quarter 2026Q4 --format pdf --out d.pdf --db \(db) \
            && \(bin) duty show --studio \(medical) --quarter 2026Q4 --format csv --out d.csv --db \(db) \
            && \(bin) scorecard --year 2026 --format csv --out s.csv --db \(db) \
            && \(bin) scorecard --year 2026 --format pdf --split --out 评估/2026 --db \(db) \
            && \(bin) print checklist --studio \(nanhu) --blank --out c.pdf --db \(db) \
            && \(bin) import members --template --out t.csv && \(bin) import all all.json --db copy.sqlite \
            && \(bin) demo --db new/demo.sqlite && \(bin) backup --db \(db) && \(bin) backup copies/b.sqlite --db \(db)
            """)
        #expect(run.status == 0, "\(run.output)")
        for name in ["m.csv", "w.xlsx", "all.json", "a.zip", "d.pdf", "d.csv", "s.csv", "c.pdf", "t.csv", "copy.sqlite", "new/demo.sqlite", "copies/b.sqlite",
                     "data/backups/studiodesk-\(Self.today).sqlite"] {
            #expect(try mode(s.dir.appendingPathComponent(name).path) == 0o600, "\(name)")
        }
        let split = s.dir.appendingPathComponent("评估/2026").path
        let sheets = try FileManager.default.contentsOfDirectory(atPath: split)
        #expect(sheets.count > 10)
        for name in sheets { #expect(try mode(split + "/" + name) == 0o600, "\(name)") }
        for name in ["评估", "评估/2026", "new", "copies", "data/backups"] {
            #expect(try mode(s.dir.appendingPathComponent(name).path) == 0o700, "\(name)")
        }
    }

    /// `--read-only` (and STUDIODESK_READONLY=1): `backup --keep 1` prunes nothing, a refused restore leaves no
    /// before-restore copy, `import all` makes no file; a copy to a file the reviewer names is still made.
    @Test func readOnlyChangesNoFile() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let db = TmuxSession.shellQuote(s.dbPath)
        let backups = s.dir.appendingPathComponent("data/backups").path
        #expect(try sh(s, "\(bin) backup --db \(db) && \(bin) export all --out all.json --db \(db)").status == 0)
        for day in ["2026-11-15", "2026-11-16", "2026-11-17"] {
            try FileManager.default.copyItem(atPath: backups + "/studiodesk-\(Self.today).sqlite", toPath: backups + "/studiodesk-\(day).sqlite")
        }
        let before = try snapshot(backups)
        let data = try Data(contentsOf: URL(fileURLWithPath: s.dbPath))

        let pruned = try sh(s, "\(bin) backup --keep 1 --read-only --db \(db)")
        #expect(pruned.status == 1 && pruned.output.contains("只读方式（审阅模式）不做自动备份"), "\(pruned.output)")
        let byEnv = try sh(s, "STUDIODESK_READONLY=1 \(bin) backup --keep 1 --db \(db)")
        #expect(byEnv.status == 1 && byEnv.output.contains("不删除"), "\(byEnv.output)")
        let restore = try sh(s, "\(bin) restore \(TmuxSession.shellQuote(backups + "/studiodesk-2026-11-15.sqlite")) --read-only --db \(db)")
        #expect(restore.status == 1 && restore.output.contains("只读方式（审阅模式）不能恢复"), "\(restore.output)")
        let imported = try sh(s, "\(bin) import all all.json --db fresh.sqlite --read-only")
        #expect(imported.status == 1 && imported.output.contains("只读方式"), "\(imported.output)")
        #expect(!FileManager.default.fileExists(atPath: s.dir.appendingPathComponent("fresh.sqlite").path))
        let named = try sh(s, "\(bin) backup review.sqlite --read-only --db \(db)")
        #expect(named.status == 0 && named.output.contains("完整性检查通过"), "\(named.output)")

        #expect(try snapshot(backups) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.dbPath)) == data)
    }

    /// `cd DIR && studiodesk backup --db t.sqlite` and a restore there keep their copies in DIR/backups, not in
    /// /backups; leftovers of interrupted backups go when the file is next opened (not read-only).
    @Test func aRelativeDataFileKeepsItsBackupsBesideItAndLeftoversGo() throws {
        let s = try TmuxSession()
        let office = s.dir.appendingPathComponent("office").path
        try FileManager.default.createDirectory(atPath: office, withIntermediateDirectories: true)
        let root = try? FileManager.default.contentsOfDirectory(atPath: "/backups")
        let made = try sh(s, "\(bin) demo --db t.sqlite && \(bin) backup --db t.sqlite", in: office)
        #expect(made.status == 0 && made.output.contains("已备份到 \(office)/backups/studiodesk-\(Self.today).sqlite"), "\(made.output)")
        let restored = try sh(s, "\(bin) restore backups/studiodesk-\(Self.today).sqlite --db t.sqlite", in: office)
        #expect(restored.status == 0 && restored.output.contains("恢复前的数据另存为 \(office)/backups/before-restore-"), "\(restored.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: office + "/backups").count == 2)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: "/backups")) == root)

        // A backup killed mid-copy left these an hour ago.
        let leftovers = ["studiodesk-2026-11-17.sqlite.partial", "studiodesk-2026-11-17.sqlite.partial-journal",
                         "studiodesk-2026-11-16.sqlite.1a2b3c4d.partial", "studiodesk-2026-11-16.sqlite.1a2b3c4d.partial-wal"]
        let touch = leftovers.map { "touch -d '1 hour ago' backups/\($0)" }.joined(separator: " && ")
        #expect(try sh(s, touch, in: office).status == 0)
        #expect(try sh(s, "\(bin) members --read-only --db t.sqlite > /dev/null", in: office).status == 0)
        #expect(try Set(FileManager.default.contentsOfDirectory(atPath: office + "/backups")).isSuperset(of: leftovers))
        #expect(try sh(s, "\(bin) members --db t.sqlite > /dev/null", in: office).status == 0)
        let after = try FileManager.default.contentsOfDirectory(atPath: office + "/backups")
        #expect(after.allSatisfy { !$0.contains(".partial") } && after.count == 2, "\(after)")
    }
}
