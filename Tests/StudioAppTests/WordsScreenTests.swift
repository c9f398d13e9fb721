import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioResources
@testable import StudioStore
@testable import TerminalKit

/// Issue 20's smaller items on screen: the approval history whole and with →, the 申报 view's filter named
/// truthfully and its 界别 cycle, an empty file's menu, Enter on the 汇总 view, 修改记录 in the forms' words.
@Suite struct WordsScreenTests {
    func profiles() throws -> [RuleProfile] { try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())) }

    func top<T>(_ h: Harness, _: T.Type) throws -> T { try #require(h.app.stack.last as? T) }

    @Test func theApprovalHistoryShowsEveryLineWithArrowsAndHOpensItWhole() throws {
        let h = try Harness(profiles: try profiles())
        let agri = try #require(try h.db.studios().first { $0.name == "农业界委员工作室" })
        try h.db.writer.write { db in
            for i in 1...12 {
                try db.execute(sql: "INSERT INTO statusChange(studioID, fromStatus, toStatus, date, reason) VALUES (?, 'inApproval', 'inApproval', ?, ?)",
                               arguments: [agri.id!, String(format: "2026-10-%02d", i), "第 \(i) 次"])
            }
        }
        h.press(.char("2"), .char("/"))
        h.type("nyjwy")
        h.press(.enter, .enter, .char("p"))
        _ = try top(h, ApprovalScreen.self)
        var screen = h.screen
        #expect(screen.contains("审批中 → 审批中") && !screen.contains("->"), "\(screen)")
        #expect(screen.contains("按 h 查看全部") && screen.contains("第 12 次"), "\(screen)")
        h.press(.char("h"))
        let dialog = try top(h, LinesDialog.self)
        #expect(dialog.lines.count == (try h.db.statusHistory(studioID: agri.id!).count))
        #expect(dialog.lines.allSatisfy { $0.contains(" → ") })
        screen = h.screen
        #expect(screen.contains("状态历史（共") && screen.contains("第 1 次"), "\(screen)")
        h.press(.end)
        #expect(h.screen.contains("第 12 次"), "\(h.screen)")
        // A taller terminal has room for every line under the decisions.
        h.press(.escape)
        h.height = 50
        screen = h.screen
        #expect(!screen.contains("按 h 查看全部") && screen.contains("第 1 次") && screen.contains("第 12 次"), "\(screen)")
    }

    @Test func theApplicationsViewNamesItsFilterAndCyclesOnlySectorsItShows() throws {
        let h = try Harness(profiles: try profiles())
        h.width = 120
        h.press(.char("1"))
        let list = try top(h, StudioListScreen.self)
        #expect(h.screen.contains("状态：草稿和审批中") && !h.screen.contains("状态：全部"), "\(h.screen)")
        var seen: [String] = []
        for _ in 0..<20 {
            h.press(.char("b"))
            guard let sector = list.filter.sector else { break }
            seen.append(sector)
            #expect(!list.rows.isEmpty, "界别 \(sector) shows no studio")
        }
        let expected = Set(try h.db.studios().filter { StudioFilter.applicationStatuses.contains($0.status) && !$0.sector.isEmpty }.map(\.sector))
        #expect(Set(seen) == expected && seen.count == expected.count, "\(seen) vs \(expected)")
        #expect(list.filter.sector == nil)
        // The register itself still says 全部.
        h.press(.escape, .char("2"))
        #expect(h.screen.contains("状态：全部"), "\(h.screen)")
    }

    @Test func anEmptyFilesMenuDoesNotSayEverythingIsDone() throws {
        let h = try Harness(demo: false)
        h.width = 100
        _ = h.screen
        h.press(.char("3"), .escape)   // back to the menu: its figures computed
        let screen = h.screen
        #expect(screen.contains("还没有工作室，无值班安排") && screen.contains("还没有工作室，无台账要求"), "\(screen)")
        #expect(!screen.contains("均已完成"), "\(screen)")
    }

    @Test func enterOnASummaryLineListsItsStudios() throws {
        let h = try Harness(profiles: try profiles())
        h.width = 100
        h.press(.char("7"))
        let home = try top(h, AssessmentHomeScreen.self)
        h.press(.char("v"))
        #expect(home.view == .summary)
        home.summaryTable.select(0)
        let label = home.summaryRows[0][0]
        h.press(.enter)
        let dialog = try top(h, LinesDialog.self)
        #expect(dialog.title.contains(label) && dialog.lines.count == Int(home.summaryRows[0][1]), "\(dialog.title) \(dialog.lines)")
        h.press(.escape)
        // An item's average: each studio's points on it.
        let average = try #require(home.summaryRows.firstIndex { $0[1].isEmpty })
        home.summaryTable.select(average)
        h.press(.enter)
        let points = try top(h, LinesDialog.self)
        #expect(!points.lines.isEmpty && points.lines.allSatisfy { $0.contains("分") }, "\(points.lines)")
        h.press(.escape, .char("v"))
        h.press(.enter)
        #expect(h.screen.contains("按 c 确认执行"), "\(h.screen)")
    }

    @Test func theAuditScreenShowsAChangeInTheFormsWords() throws {
        let h = try Harness(profiles: try profiles())
        h.width = 120
        var m = try #require(try h.db.members(matching: SearchQuery("")).first)
        let before = m.phone
        m.phone = "13900000000"
        _ = try h.db.saveMember(m)
        h.press(.char("8"), .char("l"))
        #expect(h.screen.contains("联系电话：\(before) → 13900000000"), "\(h.screen)")
        h.press(.enter)
        let dialog = try top(h, LinesDialog.self)
        #expect(dialog.lines == ["联系电话：\(before) → 13900000000"])
    }
}
