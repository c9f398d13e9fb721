import Foundation
import StudioCore
import StudioDemo
import StudioExport
import StudioPrint
import StudioResources
import StudioStore
import Testing
import TestSupport

/// The published rota of a demo studio: the 公示 PDF names every member on duty, the .ics is read
/// by a real iCalendar parser (Python's icalendar), the CSV opens in Excel, the JSON keeps its contract.
@Suite struct DutyPublishTests {
    let dir: URL
    let db: AppDatabase
    let publication: DutyPublication

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("studioduty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let profiles = try ProfileLoader.loadAll(directory: try #require(ResourceLocator.profileDirectory()))
        db = try DemoTemplate.open(path: dir.appendingPathComponent("demo.sqlite").path, profiles: profiles)
        let studio = try #require(try db.studios().first { $0.name == "医药卫生界委员工作室" })
        publication = try db.dutyPublication(studio: studio, period: Period(.quarter, year: 2026, index: 4))
    }

    /// Runs a tool and returns its standard output (standard error goes to the test log on failure).
    func run(_ tool: String, _ args: [String], input: String? = nil) throws -> (status: Int32, out: String) {
        let out = dir.appendingPathComponent("out-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [tool] + args
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        p.waitUntilExit()
        try handle.close()
        return (p.terminationStatus, String(decoding: try Data(contentsOf: out), as: UTF8.self))
    }

    @Test func thePrintedNoticeNamesEveryMemberOnDuty() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try #require(publication.slots.count == 26)
        let pdf = dir.appendingPathComponent("公示.pdf").path
        let pages = try DutyPrintout(publication: publication, printedOn: "2026-11-18").render(to: pdf)
        #expect(pages >= 1)
        let text = try run("pdftotext", ["-layout", pdf, "-"])
        #expect(text.status == 0)
        let flat = text.out.filter { !$0.isWhitespace }
        #expect(flat.contains("医药卫生界委员工作室值班公示"))
        #expect(flat.contains("2026年第4季度"))
        #expect(publication.dutyMembers.count == 10)
        for m in publication.dutyMembers {
            #expect(flat.contains(m.name), "\(m.name) missing from the printed notice")
            // Cells wrap, so of the longer columns look for the start.
            #expect(flat.contains(String(m.expertise.prefix(4))), "\(m.name)'s expertise missing")
        }
        #expect(flat.contains("秦商量"))
        let fonts = try run("pdffonts", [pdf])
        #expect(fonts.out.contains("Noto") && fonts.out.contains("yes"))
    }

    @Test func theCalendarFileParsesWithPythonsIcalendar() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let ics = dir.appendingPathComponent("duty.ics")
        try DutyCalendarFile.ics(publication, stamp: Date(timeIntervalSince1970: 1_795_000_000)).write(to: ics, atomically: true, encoding: .utf8)
        let script = """
        import sys, icalendar
        cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
        events = [e for e in cal.walk('VEVENT')]
        print(len(events))
        print(len(set(str(e['UID']) for e in events)))
        first = events[0]
        print(first.decoded('DTSTART').isoformat(), first.decoded('DTSTART').tzinfo)
        print(first.decoded('DTEND').isoformat())
        print(str(first['SUMMARY']))
        print(str(first['LOCATION']))
        """
        let result = try run("python3", ["-c", script, ics.path])
        try #require(result.status == 0, "icalendar could not read the file: \(result.out)")
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines[0] == "26")
        #expect(lines[1] == "26")
        let first = try #require(publication.slots.first)
        #expect(lines[2].hasPrefix("\(first.date)T\(first.time.start):00+08:00"))
        #expect(lines[2].contains("Asia/Shanghai"))
        #expect(lines[3].hasPrefix("\(first.date)T\(first.time.end):00+08:00"))
        #expect(lines[4].contains("值班") && lines[4].contains(publication.names(first)))
        #expect(lines[5] == first.place)
    }

    @Test func aProvisionalRotasCalendarFileSaysSo() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(!DutyCalendarFile.ics(publication).contains("暂定"))
        var provisional = publication
        provisional.provisionalYears = [2027]
        let ics = DutyCalendarFile.ics(provisional).replacingOccurrences(of: "\r\n ", with: "")  // unfolded
        #expect(ics.contains("X-WR-CALNAME:医药卫生界委员工作室2026年第4季度值班（暂定）"))
        #expect(ics.contains("X-WR-CALDESC:2027年节假日安排尚未公布，按法定节日暂定，公布后请重新排班"))
    }

    @Test func theCSVOpensInExcelWithOneRowPerSlot() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = try DutyTable.csv(publication)
        #expect(csv.hasPrefix("\u{FEFF}"))
        let rows = String(csv.dropFirst()).components(separatedBy: .newlines).filter { !$0.isEmpty }
        #expect(rows.count == publication.slots.count + 1)
        #expect(rows.first?.hasPrefix("日期,星期") == true)
        #expect(rows.dropFirst().first?.hasPrefix(try #require(publication.slots.first).date) == true)
    }

    @Test func theJSONKeepsItsDocumentedShape() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let doc = DutyDocument(publication, patterns: ["每周三上午 线下"], rule: nil, ruleHolds: true, problems: [])
        let data = try JSONEncoder().encode(doc)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(json.keys).isSuperset(of: ["studio", "period", "patterns", "rule", "ruleHolds", "problems", "slots"]))
        let period = try #require(json["period"] as? [String: Any])
        #expect(period["start"] as? String == "2026-10-01" && period["end"] as? String == "2026-12-31")
        let slots = try #require(json["slots"] as? [[String: Any]])
        #expect(slots.count == 26)
        let recorded = try #require(slots.first { ($0["attendance"] as? [[String: Any]])?.first?["status"] as? String == "present" })
        for key in ["id", "date", "weekday", "time", "start", "end", "mode", "place", "needed", "members", "attendance", "citizensReceived", "note"] {
            #expect(recorded[key] != nil, "slot has no \(key)")
        }
        let member = try #require((recorded["members"] as? [[String: Any]])?.first)
        #expect(member["id"] is Int && member["name"] is String)
        let attendance = try #require((recorded["attendance"] as? [[String: Any]])?.first)
        #expect(attendance["memberID"] is Int && attendance["name"] is String && attendance["substitute"] is NSNull)
        #expect(recorded["activityID"] is Int)
        #expect(["online", "offline"].contains(recorded["mode"] as? String ?? ""))
    }
}
