import Foundation
import Testing
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import StudioResources
import TestSupport

/// The demo district's data lives in Resources/demo (JSON) since issue 21; `studiodesk demo` must make exactly
/// the file it made when the data was written as code. The fingerprint below is that of a file made by
/// `studiodesk demo` built from the commit before the move (af015f1), computed by `canonical` here; the counts and
/// rows are read from it too. A change to the demo tables or to their making changes it: update it on purpose,
/// saying why.
@Suite struct DemoDumpTests {
    let tmp = TempDatabase()

    /// The whole file as text, table by table in rowid order; JSON held in a column is written with its keys sorted
    /// (the store writes dictionaries in hash order, which differs from one run to the next).
    static func canonical(_ dump: DatabaseDump) throws -> String {
        var out = ""
        // Empty tables left out, as in the counts: a later feature's new table does not change the fingerprint.
        for t in dump.tables where !t.rows.isEmpty {
            out += "## \(t.name) \(t.columns.joined(separator: ","))\n"
            for row in t.rows {
                out += try row.map { v -> String in
                    switch v {
                    case .null: return "null"
                    case .integer(let i): return "\(i)"
                    case .real(let d): return "\(d)"
                    case .blob(let b): return "blob:" + b.base64EncodedString()
                    case .text(let s):
                        guard s.hasPrefix("{") || s.hasPrefix("["), let object = try? JSONSerialization.jsonObject(with: Data(s.utf8)) else {
                            return String(reflecting: s)
                        }
                        let sorted = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                        return "json:" + String(decoding: sorted, as: UTF8.self)
                    }
                }.joined(separator: "|") + "\n"
            }
        }
        return out
    }

    /// FNV-1a, 64 bits: enough to tell one file from another here, and the same on every machine.
    static func fingerprint(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        return String(h, radix: 16)
    }

    @Test func demoFileIsTheOneMadeBeforeItsDataMovedToJSON() throws {
        let db = try DemoTemplate.open(path: tmp.path, profiles: DemoTemplate.shippedProfiles())
        let dump = try db.dump()
        // Tables the demo leaves empty are not named: a later feature's new table changes nothing here.
        let counts = Dictionary(uniqueKeysWithValues: dump.tables.map { ($0.name, $0.rows.count) }).filter { $0.value > 0 }
        #expect(counts == [
            "activity": 2183, "assessment": 17, "citizenItem": 44, "consequenceTask": 6, "dutyAssignment": 303, "dutyPlan": 12, "dutySlot": 261,
            "holidayDay": 72, "holidayYear": 2, "inspection": 23, "inspectionVerdict": 198,
            "ledgerMember": 3738, "lockedYear": 1, "member": 150, "officeScorecard": 1, "proposal": 74, "setting": 1,
            "socialInfo": 157, "sqlite_sequence": 16, "studio": 18, "studioMembership": 120,
            "wallItem": 63, "wallList": 14, "yearDoc": 43,
        ])
        // A few rows to read when the fingerprint differs: the studios in order, the first members, a team.
        let studios = try db.studios().sorted { $0.id! < $1.id! }
        #expect(studios.map(\.name) == [
            "明湖区湖滨街道委员工作室", "明湖区桂园街道委员工作室", "柳巷社区委员工作室", "明湖区东湖街道委员工作室",
            "民盟明湖区委员会委员工作室", "医药卫生界委员工作室", "经济界委员工作室", "教育界委员工作室", "农业界委员工作室",
            "明湖区律师协会委员工作室", "明湖区电子商务协会委员工作室", "明湖区养老服务业协会委员工作室", "明湖区旅游协会委员工作室",
            "江志明委员工作室", "常静委员工作室", "湖东联络处委员工作室", "明湖区西岭街道委员之家（委员工作室）", "南湖社区委员工作室",
        ])
        let first = try #require(try db.member(id: 1))
        #expect([first.name, first.sector, first.committee, first.unitTitle, first.expertise, first.phone]
                == ["牛丽华", "民进", "提案委员会", "明湖区书法家协会 副主席", "书法、传统文化", "15260179698"])
        let zxq = try #require(try db.member(id: 58))
        #expect([zxq.name, zxq.unitTitle, zxq.phone] == ["张雪琴", "明湖区人民医院 副院长", "18298592796"])
        let team = try db.team(studioID: 1).prefix(3).map { "\($0.member.id!) \($0.membership.role.rawValue) \($0.membership.joinedOn)" }
        #expect(team.sorted() == ["115 convener 2021-03-18", "61 convener 2021-03-18", "9 liaison 2021-03-18"])
        let fingerprint = Self.fingerprint(try Self.canonical(dump))
        #expect(fingerprint == "534eef124bf80b3", "fingerprint \(fingerprint)")
    }

    @Test func missingOrWrongDemoTablesAreSaidWithTheirFile() throws {
        let shipped = try #require(ResourceLocator.demoDirectory())
        let dir = tmp.dir.appendingPathComponent("demo")
        try FileManager.default.createDirectory(at: tmp.dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: shipped, to: dir)
        #expect(DemoDataSet.make(tables: try DemoTables.load(directory: dir)).members == DemoDataSet.make().members)

        // A seat naming a line of work the fields file does not have.
        let studios = dir.appendingPathComponent("studios.json")
        let text = try String(contentsOf: studios, encoding: .utf8)
        try text.replacingOccurrences(of: "\"field\": \"taiwan\"", with: "\"field\": \"taiwn\"").write(to: studios, atomically: true, encoding: .utf8)
        #expect { try DemoTables.load(directory: dir) } throws: { error in
            "\(error)".contains("studios.json") && "\(error)".contains("taiwn")
        }
        try FileManager.default.removeItem(at: studios)
        #expect { try DemoTables.load(directory: dir) } throws: { error in
            "\(error)".contains("studios.json") && "\(error)".contains("无法读取")
        }
    }
}
