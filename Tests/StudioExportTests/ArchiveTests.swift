import Foundation
import StudioCore
import StudioDemo
import StudioExport
import StudioResources
import StudioStore
import Testing
import ZIPFoundation
import TestSupport

// MARK: - Helpers

/// A fresh directory with a demo database in it; removed by the caller.
struct Fixture {
    let dir: URL
    let db: AppDatabase
    let profiles: [RuleProfile]

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("studioexport-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        db = try DemoTemplate.open(path: dir.appendingPathComponent("demo.sqlite").path)
        profiles = try ProfileLoader.loadAll(directory: try #require(ResourceLocator.profileDirectory()))
    }

    func studio(where match: (Studio) -> Bool) throws -> Studio {
        try #require(try db.studios().first(where: match))
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }
}

/// Every entry of a ZIP file, by name.
func unzip(_ url: URL) throws -> [String: Data] {
    let archive = try Archive(url: url, accessMode: .read)
    var files: [String: Data] = [:]
    for entry in archive {
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        files[entry.path] = data
    }
    return files
}

func text(_ data: Data?) -> String { String(decoding: data ?? Data(), as: UTF8.self) }
func firstLine(_ data: Data?) -> String { text(data).split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? "" }

// MARK: - Tests

@Test func exportsTheTerminatedStudioAsACompleteBundle() throws {
    let f = try Fixture()
    defer { f.remove() }
    let studio = try f.studio { $0.status == .terminated }
    let id = try #require(studio.id)
    let team = try f.db.team(studioID: id)
    let records = try f.db.approvalRecords(studioID: id)
    let history = try f.db.statusHistory(studioID: id)
    let url = f.dir.appendingPathComponent("档案.zip")

    let summary = try ArchiveExporter.export(studioID: id, db: f.db, profiles: f.profiles, to: url, exportedOn: "2026-03-01")

    #expect(summary.url == url)
    #expect(summary.status == .terminated)
    #expect(summary.teamCount == team.count)
    #expect(summary.approvalRecordCount == records.count)
    #expect(summary.statusChangeCount == history.count)
    #expect(summary.notes.isEmpty)
    let files = try unzip(url)
    let expected: Set = ["说明.txt", "工作室档案.json", "团队名单.csv", "审批记录.csv", "状态历史.csv", "申报表.pdf"]
    #expect(Set(files.keys) == expected)
    #expect(Set(summary.fileNames) == expected)

    // JSON: the whole record.
    let doc = try JSONDecoder().decode(ArchiveDocument.self, from: try #require(files["工作室档案.json"]))
    #expect(doc.exportedOn == "2026-03-01")
    #expect(doc.studio.id == id)
    #expect(doc.studio.name == studio.name)
    #expect(doc.studio.status == "terminated")
    #expect(doc.studio.statusTitle == "终止")
    #expect(doc.profile.id == "shaanxi-2023")
    #expect(doc.profile.name != nil)
    #expect(doc.team.count == team.count)
    #expect(!doc.team.isEmpty)
    #expect(Set(doc.team.map(\.name)) == Set(team.map(\.member.name)))
    #expect(doc.team.allSatisfy { !$0.roleTitle.isEmpty && !$0.joinedOn.isEmpty })
    #expect(doc.approvalRecords.count == records.count)
    #expect(doc.statusHistory.count == history.count)
    #expect(doc.statusHistory.last?.toStatusTitle == (history.isEmpty ? nil : "终止"))
    #expect(doc.applicationValues == (try f.db.applicationValues(studioID: id)))
    // Absent values are written as null, not left out; keys sorted.
    let json = text(files["工作室档案.json"])
    #expect(json.contains("\"leftOn\" : "))
    #expect(json.contains(studio.name))
    #expect(json.range(of: "\"applicationValues\"")!.lowerBound < json.range(of: "\"exportedOn\"")!.lowerBound)

    // CSVs: Chinese headers, one line per row.
    #expect(firstLine(files["团队名单.csv"]) == "姓名,角色,加入日期,退出日期,退出原因,界别,专委会,单位职务,专长,联系方式,备注")
    #expect(firstLine(files["审批记录.csv"]) == "轮次,审批环节,决定,意见,签署人,日期,授牌编号")
    #expect(firstLine(files["状态历史.csv"]) == "日期,原状态,新状态,原因")
    #expect(text(files["团队名单.csv"]).contains(team[0].member.name))

    // PDF and the note.
    #expect(files["申报表.pdf"]?.prefix(4) == Data("%PDF".utf8))
    let note = text(files["说明.txt"])
    #expect(note.contains(studio.name))
    #expect(note.contains("终止"))
    #expect(note.contains("2026-03-01"))
    #expect(note.contains("归档"))
    for name in expected { #expect(note.contains(name)) }

    // Owner-only file, no temporary file left beside it.
    let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    let left = try FileManager.default.contentsOfDirectory(atPath: f.dir.path).filter { $0.hasSuffix(".part") }
    #expect(left.isEmpty)
}

@Test func teamInTheBundleIncludesMembersWhoLeft() throws {
    let f = try Fixture()
    defer { f.remove() }
    let studio = try f.studio { $0.status == .terminated }
    let id = try #require(studio.id)
    let leaver = try #require(try f.db.team(studioID: id).first(where: \.isCurrent))
    try f.db.memberLeaves(studioID: id, memberID: leaver.member.id!, on: "2025-12-01", reason: "个人申请退出")
    let url = f.dir.appendingPathComponent("a.zip")

    try ArchiveExporter.export(studioID: id, db: f.db, profiles: f.profiles, to: url, exportedOn: "2026-03-01")

    let files = try unzip(url)
    let doc = try JSONDecoder().decode(ArchiveDocument.self, from: try #require(files["工作室档案.json"]))
    let row = try #require(doc.team.first { $0.memberID == leaver.member.id })
    #expect(row.leftOn == "2025-12-01")
    #expect(row.leftReason == "个人申请退出")
    #expect(row.isCurrent == false)
    #expect(text(files["团队名单.csv"]).contains("2025-12-01,个人申请退出"))
}

@Test func approvalRecordsAndStatusHistoryGoIntoTheBundle() throws {
    let f = try Fixture()
    defer { f.remove() }
    let studio = try f.studio { $0.status == .plaqued }
    let id = try #require(studio.id)
    let record = ApprovalRecord(studioID: id, round: 1, stepID: "plaque", stepName: "授牌", decision: .approve,
                                opinion: "同意,授牌", signer: "张三", date: "2024-05-01", plaqueNumber: "MH-007")
    try f.db.changeStatus(studioID: id, expected: .plaqued, to: .plaqued, date: "2024-05-01", reason: "", record: record)
    try f.db.changeStatus(studioID: id, expected: .plaqued, to: .delisted, date: "2025-12-31", reason: "连续两年考核不合格")
    let url = f.dir.appendingPathComponent("delisted.zip")

    let summary = try ArchiveExporter.export(studioID: id, db: f.db, profiles: f.profiles, to: url, exportedOn: "2026-03-01")

    #expect(summary.approvalRecordCount == 1)
    #expect(summary.statusChangeCount == 1)
    let files = try unzip(url)
    let doc = try JSONDecoder().decode(ArchiveDocument.self, from: try #require(files["工作室档案.json"]))
    #expect(doc.studio.statusTitle == "摘牌")
    #expect(doc.approvalRecords.map(\.plaqueNumber) == ["MH-007"])
    #expect(doc.approvalRecords.first?.decisionTitle == "同意")
    #expect(doc.statusHistory.map(\.toStatusTitle) == ["摘牌"])
    #expect(text(files["审批记录.csv"]).contains("1,授牌,同意,\"同意,授牌\",张三,2024-05-01,MH-007"))
    #expect(text(files["状态历史.csv"]).contains("2025-12-31,已授牌,摘牌,连续两年考核不合格"))
    #expect(text(files["说明.txt"]).contains("该工作室已摘牌"))
}

@Test func runningStudioIsExportedAsItsCurrentState() throws {
    let f = try Fixture()
    defer { f.remove() }
    let studio = try f.studio { $0.status == .plaqued }
    let url = f.dir.appendingPathComponent("running.zip")

    let summary = try ArchiveExporter.export(studioID: studio.id!, db: f.db, profiles: f.profiles, to: url, exportedOn: "2026-03-01")

    #expect(summary.status.isActive)
    #expect(text(try unzip(url)["说明.txt"]).contains("仍在运行"))
}

@Test func profileWithoutApplicationFormSkipsThePDFWithANote() throws {
    let f = try Fixture()
    defer { f.remove() }
    let formless = Set(f.profiles.filter { $0.applicationForm.fields.isEmpty }.map(\.id))
    try #require(!formless.isEmpty)
    let studio = try f.studio { formless.contains($0.profileID) }
    let url = f.dir.appendingPathComponent("ordos.zip")

    let summary = try ArchiveExporter.export(studioID: studio.id!, db: f.db, profiles: f.profiles, to: url, exportedOn: "2026-03-01")

    let files = try unzip(url)
    #expect(files["申报表.pdf"] == nil)
    #expect(files.count == 5)
    #expect(summary.fileNames.count == 5)
    #expect(summary.applicationPages == nil)
    #expect(summary.notes.count == 1)
    #expect(text(files["说明.txt"]).contains("未附申报表"))
}

@Test func unknownStudioThrowsAndWritesNothing() throws {
    let f = try Fixture()
    defer { f.remove() }
    let url = f.dir.appendingPathComponent("none.zip")

    #expect(throws: ExportError.unknownStudio(999_999)) {
        try ArchiveExporter.export(studioID: 999_999, db: f.db, profiles: f.profiles, to: url, exportedOn: "2026-03-01")
    }
    #expect(ExportError.unknownStudio(999_999).description.contains("找不到编号为 999999 的工作室"))
    #expect(!FileManager.default.fileExists(atPath: url.path))
}

@Test func unwritablePathThrowsAndLeavesNoFile() throws {
    let f = try Fixture()
    defer { f.remove() }
    let studio = try f.studio { $0.status == .terminated }

    // A directory that does not exist.
    let missing = f.dir.appendingPathComponent("no-such-dir/out.zip")
    #expect(throws: ExportError.self) {
        try ArchiveExporter.export(studioID: studio.id!, db: f.db, profiles: f.profiles, to: missing, exportedOn: "2026-03-01")
    }
    #expect(!FileManager.default.fileExists(atPath: missing.path))

    // A place no one may create files in, root included.
    if FileManager.default.fileExists(atPath: "/proc/self") {
        let proc = URL(fileURLWithPath: "/proc/studioexport-\(UUID().uuidString).zip")
        #expect(throws: ExportError.self) {
            try ArchiveExporter.export(studioID: studio.id!, db: f.db, profiles: f.profiles, to: proc, exportedOn: "2026-03-01")
        }
        #expect(!FileManager.default.fileExists(atPath: proc.path))
    }

    // A read-only directory (skipped as root, who may write anywhere).
    let locked = f.dir.appendingPathComponent("locked")
    try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o500])
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: locked.path) }
    if getuid() != 0 {
        let out = locked.appendingPathComponent("out.zip")
        do {
            try ArchiveExporter.export(studioID: studio.id!, db: f.db, profiles: f.profiles, to: out, exportedOn: "2026-03-01")
            Issue.record("export into a read-only directory should fail")
        } catch let e as ExportError {
            #expect(e.description.contains("无法写入档案文件"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: locked.path).isEmpty)
    }

    // The destination is a directory.
    #expect(throws: ExportError.self) {
        try ArchiveExporter.export(studioID: studio.id!, db: f.db, profiles: f.profiles, to: locked, exportedOn: "2026-03-01")
    }
}

@Test func failedExportLeavesAnEarlierBundleUntouched() throws {
    let f = try Fixture()
    defer { f.remove() }
    let url = f.dir.appendingPathComponent("keep.zip")
    try Data("earlier".utf8).write(to: url)

    #expect(throws: ExportError.self) {
        try ArchiveExporter.export(studioID: 999_999, db: f.db, profiles: f.profiles, to: url, exportedOn: "2026-03-01")
    }
    #expect(try Data(contentsOf: url) == Data("earlier".utf8))
}

@Test func defaultFileNameKeepsTheStudioNameAndDate() {
    #expect(ArchiveExporter.defaultFileName(studioName: "明湖区旅游协会委员工作室", date: "2026-03-01") == "明湖区旅游协会委员工作室-档案-2026-03-01.zip")
    #expect(!ArchiveExporter.defaultFileName(studioName: "a/b", date: "2026-03-01").contains("/"))
}

/// Issue 23: each year's 年度工作总结 the studio wrote goes into the bundle as the PDF it prints as; none before.
@Test func theAnnualSummaryGoesIntoTheBundleOnceWritten() throws {
    let f = try Fixture()
    defer { f.remove() }
    let studio = try f.studio { $0.status == .plaqued }
    let before = try ArchiveExporter.export(studioID: studio.id!, db: f.db, profiles: f.profiles, to: f.dir.appendingPathComponent("a.zip"), exportedOn: "2026-12-01")
    #expect(!before.fileNames.contains("2026年度工作总结.pdf"))
    try f.db.saveAnnualSummaryText(studioID: studio.id!, year: 2026, text: AnnualSummaryText(highlights: "建成议事平台"))
    let url = f.dir.appendingPathComponent("b.zip")
    let summary = try ArchiveExporter.export(studioID: studio.id!, db: f.db, profiles: f.profiles, to: url, exportedOn: "2026-12-01")
    #expect(summary.fileNames.contains("2026年度工作总结.pdf") && (summary.annualSummaries[2026] ?? 0) >= 1)
    let files = try unzip(url)
    #expect(try #require(files["2026年度工作总结.pdf"]).starts(with: Array("%PDF".utf8)))
    #expect(text(files["说明.txt"]).contains("2026年度工作总结.pdf：2026年度工作总结（公文版式，"))
}
