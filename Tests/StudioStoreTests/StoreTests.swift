import Foundation
import Testing
@testable import StudioDemo
@testable import StudioCore
@testable import StudioStore
import TestSupport

/// A fresh database file in a temporary directory, removed afterwards.
final class TempDatabase {
    let dir: URL
    let path: String
    init() {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-test-\(UUID().uuidString)")
        path = dir.appendingPathComponent("sub/studiodesk.sqlite").path
    }
    func open() throws -> AppDatabase { try AppDatabase.open(path: path) }
    deinit { try? FileManager.default.removeItem(at: dir) }
}

@Suite struct StoreTests {
    @Test func createsFileWithMode0600MigratedAndInWAL() throws {
        let tmp = TempDatabase()
        let db = try tmp.open()
        #expect(db.isNew)
        let mode = try FileManager.default.attributesOfItem(atPath: tmp.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try db.appliedMigrations() == ["v1-settings-members", "v2-studios", "v3-approvals-status-history", "v4-membership-left-reason", "v5-application-values", "v6-non-members-and-term-end", "v7-wall-checklists-inspections", "v8-ledgers", "v9-duty-rota", "v10-assessments", "v11-office-scorecards", "v12-audit-log", "v13-ledger-date-indexes", "v14-locked-years", "v15-activity-guest-kind", "v16-application-id", "v17-audit-chain", "v18-open-edits", "v19-annual-summaries", "v20-received-returns", "v21-accounts", "v22-office-year-summaries", "v23-member-name-index", "v24-received-return-digest"])
        #expect(try db.journalMode() == "wal")
        #expect(try db.isEmpty())
        let again = try tmp.open()
        #expect(!again.isNew)
    }

    @Test func memberRoundTripKeepsChineseAndPinyin() throws {
        let tmp = TempDatabase()
        let db = try tmp.open()
        let saved = try db.saveMember(Member(name: " 张雪琴 ", sector: "民盟", committee: "教科卫体委员会",
                                              unitTitle: "明湖区人民医院 副院长", expertise: "基层医疗", phone: "13812345678"))
        let id = try #require(saved.id)
        let loaded = try #require(try db.member(id: id))
        #expect(loaded.name == "张雪琴")
        #expect(loaded.pinyin == "zhang xue qin")
        #expect(loaded.initials == "zxq")
        #expect(loaded == saved)
        var edited = loaded
        edited.name = "李四"
        try db.saveMember(edited)
        #expect(try db.member(id: id)?.initials == "ls")
        #expect(try db.memberCount() == 1)
    }

    @Test func invalidMemberIsRefusedAndNothingSaved() throws {
        let tmp = TempDatabase()
        let db = try tmp.open()
        #expect(throws: StoreError.self) { try db.saveMember(Member(name: "")) }
        #expect(throws: StoreError.self) { try db.saveMember(Member(name: "王五", phone: "12345")) }
        #expect(try db.memberCount() == 0)
    }

    @Test func rosterSortsByPinyinAndSearchesByInitials() throws {
        let tmp = TempDatabase()
        let db = try tmp.open()
        for n in ["周建功", "张雪琴", "安康", "王五", "李四", "赵六", "张学勤"] { try db.saveMember(Member(name: n, sector: n == "安康" ? "医药卫生界" : "经济界")) }
        #expect(try db.members().map(\.name) == ["安康", "李四", "王五", "张学勤", "张雪琴", "赵六", "周建功"])
        #expect(try db.members(matching: SearchQuery("zxq")).map(\.name) == ["张学勤", "张雪琴"])
        #expect(try db.members(matching: SearchQuery("ZXQ")).count == 2)
        #expect(try db.members(matching: SearchQuery("zhangxueq")).map(\.name) == ["张学勤", "张雪琴"])
        #expect(try db.members(matching: SearchQuery("雪")).map(\.name) == ["张雪琴"])
        #expect(try db.members(matching: SearchQuery("医药")).map(\.name) == ["安康"])
        #expect(try db.members(matching: SearchQuery("%")).isEmpty)
        #expect(try db.members(limit: 2, offset: 2).map(\.name) == ["王五", "张学勤"])
    }

    @Test func memberOnATeamCannotBeDeleted() throws {
        let tmp = TempDatabase()
        let db = try DemoTemplate.open(path: tmp.path)
        let zhang = try #require(try db.members(matching: SearchQuery("张雪琴")).first)
        let studios = try db.studioNames(usingMember: zhang.id!)
        if studios.isEmpty {
            try db.deleteMember(id: zhang.id!)
        } else {
            #expect(throws: StoreError.memberInUse(name: "张雪琴", studios: studios)) { try db.deleteMember(id: zhang.id!) }
            #expect(try db.member(id: zhang.id!) != nil)
        }
        // Someone on no team can go.
        let loner = try db.saveMember(Member(name: "欧阳娜娜"))
        try db.deleteMember(id: loner.id!)
        #expect(try db.member(id: loner.id!) == nil)
    }

    @Test func demoLoadsInOneTransactionAndOnlyIntoAnEmptyFile() throws {
        let tmp = TempDatabase()
        let db = try tmp.open()
        let demo = DemoDataSet.make()
        try db.loadDemo(demo)
        #expect(try db.memberCount() == demo.members.count)
        #expect(try db.studios().count == demo.studios.count)
        #expect(try db.setting("district") == demo.districtName)
        let before = try db.memberCount()
        #expect(throws: StoreError.self) { try db.loadDemo(demo) }
        #expect(try db.memberCount() == before)
        // Some demo member is on a team and so protected from deletion.
        let inUse = try db.studios().compactMap(\.id).flatMap { try db.memberships(studioID: $0) }
        #expect(!inUse.isEmpty)
    }

    @Test func corruptFileGivesAClearError() throws {
        let tmp = TempDatabase()
        try FileManager.default.createDirectory(atPath: (tmp.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("this is not sqlite, just text that is long enough to look like a header........".utf8).write(to: URL(fileURLWithPath: tmp.path))
        #expect(throws: StoreError.notADatabase(path: tmp.path)) { try tmp.open() }
    }

    @Test func directoryInsteadOfFileIsRefused() throws {
        let tmp = TempDatabase()
        try FileManager.default.createDirectory(atPath: tmp.path, withIntermediateDirectories: true)
        #expect(throws: StoreError.self) { try tmp.open() }
    }

    @Test func twoConnectionsShareTheFile() throws {
        let tmp = TempDatabase()
        let a = try tmp.open()
        let b = try tmp.open()
        try a.saveMember(Member(name: "张三"))
        #expect(try b.memberCount() == 1)
    }

    @Test func storeErrorsReadInChinese() {
        #expect(StoreError.memberInUse(name: "张三", studios: ["A委员工作室"]).description.contains("不能删除"))
        #expect(StoreError.busy(path: "/x").description.contains("占用"))
    }
}

@Suite struct LockTests {
    @Test func writeWhileAnotherProcessHoldsTheLockIsAClearError() throws {
        let tmp = TempDatabase()
        let holder = try tmp.open()
        let clerk = try AppDatabase.open(path: tmp.path, busyTimeout: 0.2)
        try holder.writer.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            #expect(throws: StoreError.busy(path: tmp.path)) { try clerk.saveMember(Member(name: "张三")) }
        }
        // Once the lock is gone the same write succeeds: nothing was half-saved.
        try clerk.saveMember(Member(name: "张三"))
        #expect(try clerk.memberCount() == 1)
    }
}
