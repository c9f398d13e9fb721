import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit
import StudioResources

/// A reviewer's session, run in-process over the demo office: every screen reachable from the main menu is
/// visited by pressing each key it offers (and every letter and digit besides), and none offers a key that
/// writes, none opens an editing form, and the file is the same afterwards.
@Suite(.serialized) struct ReviewModeTests {
    /// The help-bar labels of keys that change data (the test's own list, to catch a binding not declared `edits`).
    static let writingLabels: Set<String> = [
        "保存", "删除", "添加", "修改", "新增", "新建", "新检查", "登记", "录入意见", "生成", "审核", "退回", "提交评估", "审定",
        "加成员", "加时段", "删时段", "交换", "换人", "不可值班", "合格", "不合格", "缺失", "自评分", "自评文字", "小组评分",
        "重新打开", "确认", "确认执行", "年度计算", "导入", "恢复", "复制", "改名", "停用", "届满", "办理退出", "沿用上条",
        "沿用上次", "其余合格", "提交审批", "到岗/缺席/替班", "反馈", "解释说明", "信访", "咨询", "微建议", "重大问题", "来源",
        "活动", "提案", "社情民意", "状态", "退出",
    ]
    /// Screens where a label above means something else (a filter, leaving the program).
    static let labelExceptions: [String: Set<String>] = ["StudioListScreen": ["状态"], "MainMenuScreen": ["退出"]]

    /// How F1 explanations that change data begin.
    static let writingHelp = ["删除", "添加", "修改", "新增", "新建", "登记", "录入", "生成", "保存", "提交", "增加", "交换", "标记"]

    static func profiles() throws -> [RuleProfile] {
        try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory()))
    }

    /// The keys a hint names, as key presses.
    static func keys(named label: String) -> [Key] {
        var out: [Key] = []
        for name in KeyMap<Int>.keyNames(label) {
            switch name {
            case "Enter": out.append(.enter)
            case "Tab": out.append(.tab)
            case "Shift-Tab": out.append(.backTab)
            case "Up": out.append(.up)
            case "Down": out.append(.down)
            case "Left": out.append(.left)
            case "Right": out.append(.right)
            case "PgUp": out.append(.pageUp)
            case "PgDn": out.append(.pageDown)
            case "Home": out.append(.home)
            case "End": out.append(.end)
            case "Del": out.append(.delete)
            case "Ins": out.append(.insert)
            case "空格": out.append(.char(" "))
            case "1-9": out += (1...9).map { .char(Character("\($0)")) }
            case "1-9,0": out += (0...9).map { .char(Character("\($0)")) }
            default:
                if name.hasPrefix("F"), let n = Int(name.dropFirst()) { out.append(.function(n)) }
                else if name.hasPrefix("Ctrl-"), let c = name.dropFirst(5).lowercased().first { out.append(.ctrl(c)) }
                else if name.count == 1, let c = name.first { out.append(.char(c)) }
            }
        }
        return out
    }

    final class Walk {
        let h: Harness
        var visited = 0
        var explored: [String: Int] = [:]
        var problems: [String] = []
        var helpScreens: [(String, HelpScreen)] = []
        var seenTitles: Set<String> = []
        let maxDepth: Int

        init(_ h: Harness, maxDepth: Int) {
            self.h = h
            self.maxDepth = maxDepth
        }

        var app: App { h.app }

        func name(_ s: Screen) -> String { String(describing: type(of: s)).components(separatedBy: "<").first! }

        /// Checks the screen on top: nothing editing on the stack, no write key in its bar or F1.
        func check(_ path: [String]) {
            let where_ = path.joined(separator: " ")
            for s in app.stack where s.isEditingForm {
                problems.append("editing form \(name(s)) 「\(s.title)」 opened by \(where_)")
            }
            let top = app.top
            let type = name(top)
            if seenTitles.insert(type + top.title).inserted { helpScreens.append((type + " " + top.title, HelpScreen(for: top))) }
            // Print, export and filter forms write no data: a reviewer may use their F2.
            if let form = top as? EntryFormScreen, !form.writes { return }
            let exceptions = ReviewModeTests.labelExceptions[type] ?? []
            for hint in top.hints where ReviewModeTests.writingLabels.contains(hint.label) && !exceptions.contains(hint.label) {
                problems.append("\(type) 「\(top.title)」 offers \(hint.key) \(hint.label) (\(where_))")
            }
            for hint in top.helpHints where ReviewModeTests.writingHelp.contains(where: { hint.label.hasPrefix($0) }) {
                problems.append("\(type) 「\(top.title)」 F1 offers \(hint.key) \(hint.label) (\(where_))")
            }
        }

        func offeredKeys(_ s: Screen) -> [Key] {
            (s.hints + s.helpHints).flatMap { ReviewModeTests.keys(named: $0.key) }
        }

        func visit(_ path: [String]) {
            visited += 1
            check(path)
            let top = app.top
            let type = name(top)
            explored[type, default: 0] += 1
            guard app.stack.count < maxDepth, explored[type]! <= 2 else { return }
            let offered = offeredKeys(top)
            var tried: [Key] = []
            let letters = "abcdefghijklmnopqrstuvwxyz0123456789[]/".map { Key.char($0) }
            for k in offered + letters + [.enter, .function(2), .function(3), .delete, .tab] where !tried.contains(k) {
                tried.append(k)
                // Leaving: the walk unwinds itself; quitting ends nothing here.
                if k == .escape || k == .char("q") && top is MainMenuScreen || k == .char("0") && top is MainMenuScreen || k == .function(10) { continue }
                let saved = app.stack
                let wasOffered = offered.contains(k)
                _ = app.handle(k, width: h.width, height: h.height)
                app.settle()
                if let m = app.top as? MessageDialog, m.message.contains("是修改数据的表单") {
                    problems.append("\(type) 「\(top.title)」 \(k) asked for an editing form (the navigator refused it): \(m.message)")
                }
                if wasOffered, let m = app.top as? MessageDialog, m.title.contains("只读") {
                    problems.append("\(type) 「\(top.title)」 offers \(k) but refuses it: \(m.message)")
                }
                if app.stack.count > saved.count || app.top !== saved.last {
                    let shown = app.top
                    if shown is ConfirmDialog {
                        problems.append("\(type) 「\(top.title)」 \(k) asks to confirm 「\(shown.title)」 in review mode")
                    } else if !(shown is HelpScreen) {
                        visit(path + ["\(k)"])
                    }
                }
                app.restore(saved)
            }
        }
    }

    @Test func everyScreenAsAReviewerOffersNoWriteKeyAndOpensNoForm() throws {
        let h = try Harness(profiles: Self.profiles(), session: Session(mode: .review, user: "审阅人"))
        let before = try h.db.dump().json()
        let walk = Walk(h, maxDepth: 6)
        walk.visit(["menu"])
        #expect(walk.visited > 100)
        #expect(walk.problems.isEmpty, "\(walk.problems.joined(separator: "\n"))")
        // The walk reached the office's screens, not just the menu.
        for type in ["StudioDetailScreen", "StudioLedgerScreen", "StudioDutyScreen", "AssessmentSheetScreen", "HolidayScreen",
                     "InspectionHistoryScreen", "EntryFormScreen", "MemberListScreen", "AuditScreen"] {
            #expect(walk.explored[type] != nil, "never reached \(type)")
        }
        #expect(try h.db.dump().json() == before)
    }

    /// The same walk in the clerk's session reaches the forms the reviewer never sees (the walk itself works).
    @Test func theClerkSeesTheWriteKeysTheReviewerDoesNot() throws {
        let h = try Harness(profiles: Self.profiles())
        h.press(.char("6"), .enter)  // 履职台账, the first studio's ledger
        #expect(h.app.top is StudioLedgerScreen)
        #expect(h.frame.line(23).contains("a 活动"))
        h.press(.enter)
        #expect((h.app.top as? EntryFormScreen)?.isEditingForm == true)

        let r = try Harness(profiles: Self.profiles(), session: Session(mode: .review))
        #expect(r.frame.line(0).contains("【只读】"))
        r.press(.char("6"), .enter)
        #expect(!r.frame.line(23).contains("a 活动"))
        r.press(.char("a"))
        #expect(r.screen.contains("「a 活动」会修改数据"))
        r.press(.enter, .enter)
        let view = try #require(r.app.top as? EntryFormScreen)
        #expect(view.viewing && !view.isEditingForm)
        #expect(r.screen.contains("（查看）") && !r.frame.line(23).contains("保存"))
    }

    /// F1 of every screen the walk reached, at 80 columns: each key once, no line starting with closing
    /// punctuation or ending with opening punctuation.
    @Test func helpListsEachKeyOnceAndWrapsWithoutOrphansAt80Columns() throws {
        for session in [Session(mode: .edit), Session(mode: .review)] {
            let h = try Harness(profiles: Self.profiles(), session: session)
            let walk = Walk(h, maxDepth: 5)
            walk.visit(["menu"])
            #expect(walk.helpScreens.count > 20)
            for (name, help) in walk.helpScreens {
                var seen: [String: String] = [:]
                for e in help.entries {
                    for k in KeyMap<Int>.keyNames(e.key) {
                        if let first = seen[k] { Issue.record("\(name): F1 lists \(k) twice: 「\(first)」 and 「\(e.key) \(e.label)」") }
                        seen[k] = e.key + " " + e.label
                    }
                }
                for l in help.lines(areaWidth: 80) {
                    if let c = l.text.first, DialogBox.closing.contains(c) { Issue.record("\(name): F1 line starts with \(c): \(l.text)") }
                    if let c = l.text.last, DialogBox.opening.contains(c) { Issue.record("\(name): F1 line ends with \(c): \(l.text)") }
                }
            }
        }
    }
}

@Suite struct ChineseLineBreakingTests {
    @Test func closingPunctuationNeverStartsALine() {
        let lines = DialogBox.wrap("本周值班 4 人未完成（线上差1）、适用规则：滨江", width: 19)
        for l in lines.dropFirst() { #expect(!(l.first.map { DialogBox.closing.contains($0) } ?? false), "\(lines)") }
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 19 })
        #expect(lines.contains { $0.hasSuffix("1）、") || $0.contains("（线上差1）、") }, "\(lines)")
    }

    @Test func latinWordsStayWhole() {
        let lines = DialogBox.wrap("翻页用 PgUp/PgDn，换周用 Shift-Tab", width: 12)
        #expect(lines.allSatisfy { !$0.hasPrefix("Dn") && !$0.hasPrefix("n") && !$0.hasPrefix("ab") }, "\(lines)")
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 12 })
    }

    @Test func aLineTooLongForAnyBreakIsStillCut() {
        let lines = DialogBox.wrap("/very/long/path/with/no/break/at/all", width: 10)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 10 })
        #expect(lines.joined() == "/very/long/path/with/no/break/at/all")
    }
}
