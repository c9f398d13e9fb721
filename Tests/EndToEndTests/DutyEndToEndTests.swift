import Foundation
import Testing

/// 值班排班 through the real binary in tmux: generate a quarter for the demo studio that has no rota
/// yet, record today's shift with a citizen's item received on it, and find both in the ledger and
/// the shift counted in compliance; then publish it from the command line.
@Suite(.serialized) struct DutyEndToEndTests {
    @Test func generateAQuarterRecordAShiftAndSeeItInTheLedgerAndCompliance() throws {
        let s = try TmuxSession.demoApp(width: 100, height: 30, extraEnv: "STUDIODESK_TODAY=2026-11-18", showing: "近30天到期")
        try s.keys("5")
        var screen = try s.waitFor("按工作室")
        #expect(line(screen, "南湖社区委员工作室").contains("未排班"))
        try s.keys("End", "Up")  // 南湖社区 sorts just before 医药卫生界
        try s.keys("Enter")
        try s.waitFor("还没有值班安排")
        try s.keys("g")
        try s.waitFor("生成值班表：南湖社区委员工作室")
        try s.keys("F2")
        screen = try s.waitFor("预览：南湖社区委员工作室")
        #expect(screen.contains("符合规则：每名委员每季度至少分别参加1次委员工作室值班活动"))
        #expect(screen.contains("2026-11-18 周三 上午"))
        try s.keys("F2")
        screen = try s.waitFor("规律：每周三上午 线下")
        let today = line(screen, "11-18 周三 上午")
        // The member on today's shift: the word after the place column.
        let words: [String] = today.split(separator: " ").map(String.init)
        let placeIndex = try #require(words.firstIndex { $0.hasPrefix("明湖区南湖路") })
        let member = words[placeIndex + 1]

        // Today's shift: 到岗, a citizen's item received on it, saved.
        try s.keys("Enter")
        try s.waitFor("1 到岗  2 缺席  3 替班")
        try s.keys("Down")
        try s.type("1")
        try s.keys("F3")
        try s.waitFor("值班时收到的群众意见")
        try s.keys("Tab")
        try s.type("孙阿姨")
        try s.keys("Tab", "Tab", "Tab")
        try s.type("南湖路夜间路灯不亮，希望尽快维修")
        try s.keys("F2")
        try s.waitFor("待分类：按 1 信访")
        try s.keys("Escape")
        try s.waitFor("本班收到的群众意见 1 条")
        try s.keys("F2")
        screen = try s.waitFor("到岗 接待1人")
        #expect(line(screen, "11-18 周三 上午").contains(member))
        try s.keys("Escape")
        try s.waitFor("按工作室")
        try s.keys("Escape")
        try s.waitFor("[0] 退出")

        // The ledger has the shift as a 值班 activity and the item in the intake; compliance counts it.
        try s.keys("6")
        try s.waitFor("运行中工作室")
        try s.keys("End", "Up", "Enter")
        screen = try s.waitFor("台账：南湖社区委员工作室")
        #expect(line(screen, "2026-11-18", "活动", "值班").contains("接待群众值班（上午）"))
        #expect(line(screen, "2026-11-18", "活动", "值班").contains(member))
        #expect(line(screen, "2026-11-18", "群众意见").contains("南湖路夜间路灯不亮"))
        try s.keys("t")
        try s.waitFor("适用规则：商洛 2023")
        // Wait for the row itself: a capture can catch the frame while it is still being drawn.
        screen = try s.waitFor("1/6 人完成")
        #expect(line(screen, "每名委员每季度", "第4季度").contains("1/6 人完成"))
        try s.keys("Escape")
        try s.waitFor("按 t 查看")
        try s.keys("Escape")
        try s.waitFor("运行中工作室")
        try s.keys("Escape")
        try s.quitFromMainMenu()

        // The command line reads the same rota, and publishes it.
        let studios = try s.studiodesk(["studios", "--db", s.dbPath])
        let id = try #require(studios.output.split(separator: "\n").first { $0.contains("南湖社区委员工作室") }?
            .split(separator: " ").first.map(String.init))
        let show = try s.studiodesk(["duty", "show", "--db", s.dbPath, "--studio", id, "--quarter", "2026Q4"])
        #expect(show.status == 0)
        #expect(show.output.contains("南湖社区委员工作室  2026年第4季度值班表（7 个时段）"))
        #expect(show.output.contains("\(member)到岗，接待 1 人"))
        let json = try s.studiodesk(["duty", "show", "--db", s.dbPath, "--studio", id, "--quarter", "2026Q4", "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let slots = try #require(doc["slots"] as? [[String: Any]])
        #expect(slots.count == 7)
        #expect(slots.first?["citizensReceived"] as? Int == 1)
        let ledger = try s.studiodesk(["ledger", "--db", s.dbPath, "--studio", id, "--year", "2026"])
        #expect(ledger.output.contains("南湖路夜间路灯不亮，希望尽快维修"))
    }

    /// The office's duty overview on the command line reads the same loader as the 值班排班 screen: the same studios
    /// (those that ran in the quarter) and the same members short, by the profile's rule.
    @Test func theOverviewOnTheCommandLineMatchesTheScreen() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let cli = try TmuxSession.run(TmuxSession.binary, ["duty", "overview", "--quarter", "2026Q4", "--db", s.dbPath],
                                      env: ["LANG": "C.UTF-8", "STUDIODESK_TODAY": "2026-11-18"])
        #expect(cli.status == 0)
        let head = try #require(cli.output.firstMatch(of: /2026年第4季度值班：(\d+) 个工作室，值班未完成 (\d+) 人/))
        try s.startApp(width: 100, height: 30, extraEnv: "STUDIODESK_TODAY=2026-11-18")
        try s.waitFor("近30天到期")
        try s.keys("5")
        let screen = try s.waitFor("按工作室：运行中")
        #expect(screen.contains("运行中\(head.1)个") && screen.contains("未完成\(head.2)人"), "\(cli.output)\n\(screen)")
        try s.keys("Escape")
        try s.quitFromMainMenu()
        #expect(try TmuxSession.run(TmuxSession.binary, ["duty", "overview", "--quarter", "2026", "--db", s.dbPath]).status != 0)
    }

    @Test func generateFromTheCommandLineWithADryRunFirst() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let studios = try s.studiodesk(["studios", "--db", s.dbPath])
        let id = try #require(studios.output.split(separator: "\n").first { $0.contains("南湖社区委员工作室") }?
            .split(separator: " ").first.map(String.init))
        let args = ["duty", "generate", "--db", s.dbPath, "--studio", id, "--quarter", "2027Q1", "--pattern", "每月10日、20日 线下 2人"]
        let dry = try s.studiodesk(args + ["--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.output.contains("2027年节假日安排尚未公布，按法定节日暂定"))
        #expect(dry.output.contains("未保存"))
        let before = try s.studiodesk(["duty", "show", "--db", s.dbPath, "--studio", id, "--quarter", "2027Q1"])
        #expect(before.output.contains("还没有值班安排"))
        let saved = try s.studiodesk(args)
        #expect(saved.status == 0)
        let after = try s.studiodesk(["duty", "show", "--db", s.dbPath, "--studio", id, "--quarter", "2027Q1"])
        #expect(after.output.contains("（6 个时段）"))
        let bad = try s.studiodesk(["duty", "generate", "--db", s.dbPath, "--studio", id, "--quarter", "2027Q1", "--pattern", "每逢初一"])
        #expect(bad.status != 0)
        #expect(bad.output.contains("每逢初一"))
        let unknown = try s.studiodesk(["duty", "show", "--db", s.dbPath, "--studio", "999", "--quarter", "2026Q4"])
        #expect(unknown.status != 0 && unknown.output.contains("找不到编号为 999 的工作室"))
    }
}
