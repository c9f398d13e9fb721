import ArgumentParser

/// `studiodesk report …`: what goes up to the office above. (The lead merges this group with the one holding `annual`.)
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "报送与汇总：季度报送、接收下级报送、汇总表。",
        subcommands: [ReportQuarterCommand.self, ReportReceiveCommand.self, ReportAreaCommand.self]
    )
}
