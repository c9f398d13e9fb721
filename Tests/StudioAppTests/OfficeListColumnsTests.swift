import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit
import StudioResources

/// The office lists at 80×24 and 200×50 on the demo data: every count, date and shortfall of every row, computed
/// here from the data the screen holds, appears whole on its line (never cut, never "~"), and at 200 columns the
/// name column does not take the room.
@Suite struct OfficeListColumnsTests {
    static let sizes = [(80, 24), (200, 50)]

    func harness(_ size: (Int, Int)) throws -> Harness {
        let h = try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
        (h.width, h.height) = size
        return h
    }

    func top<T>(_ h: Harness, _: T.Type) throws -> T { try #require(h.app.stack.last as? T) }

    /// Walks every row of a table (selecting it brings it into view) and checks its line: the figures are whole.
    func checkRows(_ h: Harness, count: Int, headerRow: Int = 3, select: (Int) -> Void, visible: () -> Range<Int>,
                   figures: (Int) -> [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(count > 0, sourceLocation: sourceLocation)
        for i in 0..<count {
            select(i)
            let frame = h.frame
            let y = headerRow + 1 + (i - visible().lowerBound)
            let line = frame.line(y)
            for f in figures(i) where !f.isEmpty {
                #expect(line.contains(f), "row \(i) at \(h.width)x\(h.height): \(f) not whole in «\(line)»", sourceLocation: sourceLocation)
            }
            // Cuts are marked with the narrow "~", never the ambiguous-width "…".
            #expect(!line.contains("…"), sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: sizes) func complianceListKeepsItsCounts(_ size: (Int, Int)) throws {
        let h = try harness(size)
        h.press(.char("6"))
        let home = try top(h, LedgerHomeScreen.self)
        let today = DateInput.iso(Harness.fixed)
        checkRows(h, count: home.rows.count, select: { home.studioTable.select($0) }, visible: { home.studioTable.visibleRange }) { i in
            let r = home.rows[i]
            let next = r.short.filter { $0.period.end >= today }.map(\.period.end).min()
            return [" \(r.lines.count)", r.short.isEmpty ? "" : " \(r.short.count)", next ?? "",
                    r.overdueIntake == 0 ? "" : " \(r.overdueIntake)", r.pendingReview == 0 ? "" : " \(r.pendingReview)"]
        }
        h.press(.char("v"))
        #expect(home.view == .shortfalls)
        checkRows(h, count: home.shortfalls.count, select: { home.shortTable.select($0) }, visible: { home.shortTable.visibleRange }) { i in
            let (_, l) = home.shortfalls[i]
            return [l.period.title, l.briefText, l.daysLeft < 0 ? "已过" : "\(l.daysLeft)天"]
        }
        if h.width == 200 {
            // The requirement text gets the room before the studio name grows past its longest.
            home.shortTable.select(0)
            let widths = home.shortTable.layout(width: 198)
            let longest = home.shortfalls.map { DisplayWidth.of($0.0.studio.name) }.max() ?? 0
            #expect(widths[0] <= max(14, longest))
        }
    }

    @Test(arguments: sizes) func dutyListKeepsItsCounts(_ size: (Int, Int)) throws {
        let h = try harness(size)
        h.press(.char("5"))
        let home = try top(h, DutyHomeScreen.self)
        checkRows(h, count: home.rows.count, select: { home.studioTable.select($0) }, visible: { home.studioTable.visibleRange }) { i in
            let r = home.rows[i]
            let gaps = r.slots.reduce(0) { $0 + max(0, $1.needed - $1.assignments.count) }
            let undone = r.done.map { $0.members.isEmpty ? "" : " \($0.members.count)人" } ?? ""
            let rule = DutyRule.of(r.profile).map { $0.mode == .eachMode ? "线上+线下" : ($0.mode == .any ? "每季\($0.count)次" : $0.mode.rawValue) } ?? "轮值"
            return [rule, " \(r.slots.count)", gaps == 0 ? "" : " \(gaps)", undone, r.missed == 0 ? "" : " \(r.missed)"]
        }
        h.press(.char("v"))
        checkRows(h, count: home.shortRows.count, select: { home.shortTable.select($0) }, visible: { home.shortTable.visibleRange }) { i in
            let (r, _) = home.shortRows[i]
            let days = r.done?.daysLeft ?? 0
            return [days < 0 ? "已过" : "\(days)天"]
        }
    }

    @Test(arguments: sizes) func assessmentListKeepsItsCounts(_ size: (Int, Int)) throws {
        let h = try harness(size)
        h.press(.char("7"))
        let home = try top(h, AssessmentHomeScreen.self)
        checkRows(h, count: home.results.count, select: { home.table.select($0) }, visible: { home.table.visibleRange }) { i in
            let (_, a) = home.results[i]
            if a.sheet.notJudged != nil { return [a.sheet.scoreText, "本年不参评"] }
            let way = a.sheet.passed ? nil : a.sheet.waysToClose.first
            // The remedy's figures ("4人共差7次") and the points it earns.
            let brief = way.map { DisplayWidth.of($0.howToEarn) <= 16 ? $0.howToEarn : "" } ?? ""
            return [a.sheet.scoreText, a.sheet.verdictText, brief,
                    way.map { "+\(Scoring.points($0.missing))" } ?? ""]
        }
        if h.width == 200 {
            // The name column is as wide as the longest name, not 90 columns.
            let longest = home.results.map { DisplayWidth.of($0.studio.name) }.max() ?? 0
            #expect(home.table.layout(width: 198)[0] == longest)
        }
    }

    @Test func theMenuMarksACutPathAndKeepsTheFileName() throws {
        let h = try harness((80, 24))
        let frame = h.frame
        let line = (0..<24).map { frame.line($0) }.first { $0.contains("数据文件：") } ?? ""
        let path = h.db.path
        // The menu's column starts at 12 on 80 columns; the label takes 10.
        if DisplayWidth.of(path) > 80 - 12 - 1 - 10 {
            #expect(line.contains("~") && line.trimmingCharacters(in: .whitespaces).hasSuffix("/t.sqlite"), "\(line)")
            #expect(line.contains("数据文件：/"))
        } else {
            #expect(line.contains(path))
        }
    }
}

/// `/` over the office lists in process: the filter narrows every view, ranks, keeps on Enter and clears on Esc.
@Suite struct ListFilterScreenTests {
    func harness() throws -> Harness {
        try Harness(profiles: ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
    }

    @Test func theComplianceListFiltersEachViewAndEscRestores() throws {
        let h = try harness()
        h.press(.char("6"))
        let home = try #require(h.app.top as? LedgerHomeScreen)
        let all = home.rows.count
        h.press(.char("/"))
        #expect(home.filter.isEditing && h.frame.line(23).contains("Esc 清除筛选"))
        h.type("mhq")
        let names = home.rows.map(\.studio.name)
        #expect(names.count == 7 && names.first?.hasPrefix("明湖区") == true && names.last == "民盟明湖区委员会委员工作室")
        #expect(h.screen.contains("（7/\(all)）"))
        h.press(.enter)
        #expect(h.screen.contains("筛选：mhq（7/\(all)）"))
        h.press(.char("v"))
        #expect(home.shortfalls.allSatisfy { $0.0.studio.name.contains("明湖区") })
        h.press(.escape)
        #expect(home.rows.count == all && h.app.top === home)
        h.press(.escape)
        #expect(h.app.top is MainMenuScreen)
    }

    @Test func charactersAndFullPinyinFilterTheDutyAndWallListsAndTheIntakeQueue() throws {
        let h = try harness()
        h.press(.char("5"), .char("/"))
        h.type("医药")
        let duty = try #require(h.app.top as? DutyHomeScreen)
        #expect(duty.rows.map(\.studio.name) == ["医药卫生界委员工作室"])
        h.press(.escape, .escape, .char("4"), .char("/"))
        h.type("liuxiang")
        let wall = try #require(h.app.top as? WallOverviewScreen)
        #expect(wall.statuses.map(\.studio.name) == ["柳巷社区委员工作室"])
        // Down leaves the line with the filter kept; Enter then opens the studio.
        h.press(.down, .enter)
        #expect(h.app.top is StudioWallScreen)
        h.press(.escape, .escape, .escape, .char("6"), .char("i"), .char("/"))
        let queue = try #require(h.app.top as? IntakeQueueScreen)
        let total = queue.rows.count
        h.type("医药")
        #expect(queue.rows.count < total && queue.rows.allSatisfy { $0.studio.hasPrefix("医药") })
        h.press(.escape)
        #expect(queue.rows.count == total)
    }
}
