import ArgumentParser

/// `studiodesk report …`: what goes up to the level above — a studio's 年度工作总结, the office's quarterly return,
/// receiving lower offices' returns and the area's 汇总 (each a subcommand in a file of its own beside this one).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "报送与汇总：工作室年度工作总结、季度报送、接收下级报送、汇总表、本办年度总结材料、统计表。",
        subcommands: [ReportAnnualCommand.self, ReportQuarterCommand.self, ReportReceiveCommand.self, ReportAreaCommand.self,
                      ReportYearlyCommand.self, ReportStatsCommand.self]
    )
}
