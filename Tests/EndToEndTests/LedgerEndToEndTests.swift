import Foundation
import Testing

/// 履职台账 through the real binary in tmux: log an activity in Chinese, turn a citizen's
/// 微建议 into a 社情民意 record, and watch the compliance figure change.
@Suite(.serialized) struct LedgerEndToEndTests {
    /// The first line of the screen holding every one of the texts.
    @Test func logAnActivityConvertAMicroSuggestionAndSeeComplianceChange() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        // A fixed "today" (2026-11-18, in the fourth quarter) keeps the figures the same on any day.
        try s.startApp(width: 100, height: 30, extraEnv: "STUDIODESK_TODAY=2026-11-18")
        try s.waitFor("近30天到期")
        try s.keys("6")
        try s.waitFor("运行中工作室")
        try s.keys("End")  // 医药卫生界委员工作室 sorts last
        try s.keys("Enter")
        try s.waitFor("台账：医药卫生界委员工作室")
        try s.keys("t")
        try s.waitFor("适用规则：陕西 2023")
        // The whole table, not only its title: under load tmux can catch the screen half drawn.
        var screen = try s.waitFor("线上 2／线下 1")
        // No 提案 or 社情民意 yet this quarter.
        #expect(line(screen, "委员工作室每季度至少提交", "第4季度").contains("未完成"))
        #expect(line(screen, "每年至少分别组织2次", "／").contains("线上 2／线下 1"))  // the first row: 读书交流
        try s.keys("Escape")
        try s.waitFor("按 t 查看")

        // Log an online 读书交流 with Chinese text and a member by pinyin initials.
        try s.keys("a")
        try s.waitFor("新活动：医药卫生界委员工作室")
        try s.keys("Tab", "Tab", "Right", "Tab")  // keep 读书交流, choose 线上
        try s.type("《黄帝内经》线上读书会")
        try s.keys("Tab")
        try s.type("秦商量平台")
        try s.keys("Tab")
        try s.type("zxq")
        try s.keys("F2")
        screen = try s.waitFor("按 t 查看")  // back on the ledger: the form has closed
        #expect(screen.contains("《黄帝内经》线上读"))
        #expect(screen.contains("张雪琴"))

        // A citizen's suggestion, registered and then made into 社情民意.
        try s.keys("i")
        try s.waitFor("登记群众意见建议")
        try s.keys("Tab")
        try s.type("赵大爷")
        try s.keys("Tab", "Tab", "Tab")
        try s.type("建议在医院门口增设非机动车停放点")
        try s.keys("F2")
        // The new item opens for triage at once.
        try s.waitFor("待分类：按 1 信访")
        try s.keys("3")
        try s.waitFor("群众意见转为社情民意")
        try s.keys("F2")
        try s.waitFor("已转为社情民意")
        try s.keys("Escape")
        try s.waitFor("按 t 查看")
        try s.keys("t")
        try s.waitFor("适用规则：陕西 2023")
        // The whole table, not only its title (CI caught it half drawn): the row this stop expects.
        screen = try s.waitFor("线上 3／线下 1")
        #expect(line(screen, "委员工作室每季度至少提交", "第4季度").contains("已完成"))
        #expect(line(screen, "每年至少分别组织2次", "／").contains("线上 3／线下 1"))
        try s.keys("Escape")
        try s.waitFor("按 t 查看")
        try s.keys("Escape")
        try s.waitFor("运行中工作室")
        try s.keys("Escape")
        try s.quitFromMainMenu()

        // The command line agrees.
        let ledger = try s.studiodesk(["ledger", "--db", s.dbPath, "--studio", "6", "--year", "2026"])
        #expect(ledger.status == 0)
        #expect(ledger.output.contains("《黄帝内经》线上读书会"))
        #expect(ledger.output.contains("建议在医院门口增设非机动车停放点"))
    }
}

/// Issue 20: a liaison officer reviews in a stream — opened as `--user 李联络`, v then Enter five times; 审核人 is
/// 李联络 on all five in the file and the status line counts them.
@Suite(.serialized) struct ReviewStreamEndToEndTests {
    func sql(_ path: String, _ query: String) throws -> String {
        try TmuxSession.run("sqlite3", [path, query]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aReviewStreamOfFiveRecords() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let mine = "SELECT (SELECT COUNT(*) FROM activity WHERE json_extract(review, '$.reviewer') = '李联络' AND json_extract(review, '$.status') = 'approved')"
            + " + (SELECT COUNT(*) FROM proposal WHERE json_extract(review, '$.reviewer') = '李联络')"
            + " + (SELECT COUNT(*) FROM socialInfo WHERE json_extract(review, '$.reviewer') = '李联络')"
            + " + (SELECT COUNT(*) FROM citizenItem WHERE json_extract(review, '$.reviewer') = '李联络')"
        #expect(try sql(s.dbPath, mine) == "0")
        try s.start("STUDIODESK_TODAY=2026-11-18 '\(TmuxSession.binary)' --db '\(s.dbPath)' --user 李联络", width: 100, height: 30)
        try s.waitFor("近30天到期")
        try s.keys("6")
        try s.waitFor("运行中工作室")
        try s.keys("End")  // 医药卫生界委员工作室 sorts last
        try s.keys("Enter")
        try s.waitFor("台账：医药卫生界委员工作室")
        try s.keys("s")
        let first = try s.waitFor("审核：待审核")
        // "第 1/N 条": N records wait for review in this list.
        let pending = try #require(first.split(separator: "\n").lazy.compactMap { l -> Int? in
            guard let r = l.range(of: "第 1/") else { return nil }
            return Int(l[r.upperBound...].prefix { $0.isNumber })
        }.first)
        try #require(pending >= 5)
        for n in 1...5 {
            try s.keys("v")
            let form = try s.waitFor("审核通过：")
            #expect(form.contains("审核人：李联络"))  // prefilled from --user: Enter is enough
            try s.keys("Enter")
            try s.waitFor("已审核 \(n) 条，余 \(pending - n) 条")
        }
        let screen = try s.waitFor("第 1/\(pending - 5) 条")  // the cursor is on the next 待审核
        #expect(screen.contains("已审核 5 条，余 \(pending - 5) 条"))
        #expect(try sql(s.dbPath, mine) == "5")
        #expect(try sql(s.dbPath, "SELECT COUNT(*) FROM auditLog WHERE user = '李联络' AND tableName = 'activity'") == "5")
        try s.keys("Escape")
        try s.waitFor("运行中工作室")
        try s.keys("Escape")
        try s.quitFromMainMenu()
    }
}
