import Foundation
import Testing

/// `studiodesk report annual` through the built binary on the demo (issue 23): the PDF is A4 on the official
/// page, its sections are there, and the command says which fonts it used.
@Suite(.serialized) struct ReportAnnualEndToEndTests {
    static let today = "2026-11-20"

    func cli(_ s: TmuxSession, _ args: [String]) throws -> (status: Int32, output: String) {
        try TmuxSession.run(TmuxSession.binary, args + ["--db", s.dbPath],
                            env: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "STUDIODESK_TODAY": Self.today])
    }

    @Test func reportAnnualPrintsTheStudiosSummaryOnTheOfficialPage() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let id = try LedgerCLITests.medicalStudioID(s)
        let out = s.dir.appendingPathComponent("总结").path  // the extension is added
        let r = try cli(s, ["report", "annual", "--studio", "\(id)", "--year", "2026", "--out", out])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("已生成 \(out).pdf（"))
        #expect(r.output.contains("草稿，按台账生成于 2026年11月20日"))
        #expect(r.output.contains("字体：标题 ") && r.output.contains("正文 "))
        #expect(r.output.contains("尚未填写"))  // the demo's 2026 has no own texts yet

        let pdf = out + ".pdf"
        let info = try TmuxSession.run("pdfinfo", [pdf]).output
        #expect(info.contains("595 x 842 pts (A4)"))
        #expect(info.contains("医药卫生界委员工作室2026年度工作总结"))
        let text = try TmuxSession.run("pdftotext", ["-layout", pdf, "-"]).output.filter { !$0.isWhitespace }
        for heading in ["一、基本情况", "二、履职活动开展情况", "三、提案和社情民意信息", "四、值班情况", "五、群众意见建议办理情况",
                        "六、达标情况和年度评估", "七、成绩和特色亮点", "八、存在问题", "九、下一步计划", "2026年11月20日"] {
            #expect(text.contains(heading), "\(heading)")
        }
        // The text block's left edge on page 1: 订口 28 mm = 79.4 pt; its top: 天头 37 mm = 104.9 pt.
        let bbox = try TmuxSession.run("pdftotext", ["-bbox", "-f", "1", "-l", "1", pdf, "-"]).output
        func values(_ name: String) -> [Double] {
            bbox.components(separatedBy: name + "=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
        }
        #expect(abs((values("xMin").min() ?? 0) - 79.37) < 1, "\(values("xMin").min() ?? 0)")
        #expect(abs((values("yMin").min() ?? 0) - 104.88) < 2, "\(values("yMin").min() ?? 0)")

        // A studio that does not exist, and a data file that does not.
        let missing = try cli(s, ["report", "annual", "--studio", "9999", "--out", out])
        #expect(missing.status != 0 && missing.output.contains("找不到编号为 9999 的工作室"))
        let noFile = try TmuxSession.run(TmuxSession.binary, ["report", "annual", "--studio", "1", "--out", out, "--db", s.dir.appendingPathComponent("nope.sqlite").path],
                                         env: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"])
        #expect(noFile.status != 0 && noFile.output.contains("不存在"))
    }

    @Test func theSummaryIsWrittenFinalizedAndPrintedFromTheLedgerScreen() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        try s.startApp(extraEnv: "STUDIODESK_TODAY=\(Self.today)")
        // On the main menu's due list ten days before 11-30.
        var screen = try s.waitFor("年度工作总结未定稿")
        #expect(screen.contains("11-30（10天后）年度工作总结未定稿"))
        try s.keys("6")
        try s.waitFor("运行中工作室")
        try s.keys("End")  // 医药卫生界委员工作室 sorts last
        try s.keys("Enter")
        try s.waitFor("台账：医药卫生界委员工作室")
        try s.keys("z")
        screen = try s.waitFor("一、基本情况")
        #expect(screen.contains("截止 2026年11月30日（还有 10 天），报送负责联系指导的专门委员会"))
        try s.keys("e")
        try s.waitFor("成绩和特色亮点：")
        try s.type("委员进社区义诊")
        try s.keys("Tab")
        try s.type("线上活动少")
        try s.keys("Tab")
        try s.type("每季度一次线上读书会")
        try s.keys("F2")
        try s.waitFor("已保存")
        try s.keys("f")
        try s.waitFor("定稿？")
        try s.keys("y")
        screen = try s.waitFor("已定稿（2026年11月20日")
        try s.keys("p")
        try s.waitFor("PDF 文件")
        try s.keys("F2")
        screen = try s.waitFor("已生成")
        #expect(screen.contains("页"))
        try s.keys("Enter", "Escape", "Escape", "Escape")
        try s.quitFromMainMenu()

        // The command line now prints what was finalized, with the texts.
        let id = try LedgerCLITests.medicalStudioID(s)
        let pdf = s.dir.appendingPathComponent("final.pdf").path
        let r = try cli(s, ["report", "annual", "--studio", "\(id)", "--year", "2026", "--out", pdf])
        #expect(r.output.contains("定稿于 2026年11月20日"), "\(r.output)")
        let text = try TmuxSession.run("pdftotext", ["-layout", pdf, "-"]).output.filter { !$0.isWhitespace }
        #expect(text.contains("委员进社区义诊") && text.contains("每季度一次线上读书会"))
    }
}
