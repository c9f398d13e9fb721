import ArgumentParser

<<<<<<< HEAD
/// `studiodesk report …`: what goes up to the level above (年度工作总结 now; the quarterly return, receiving and the
/// area's 汇总 are subcommands of their own files beside this one).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "报送材料：工作室年度工作总结等（按 GB/T 9704-2012 公文版式打印）。",
        subcommands: ReportCommand.subcommandTypes
    )

    /// Each report adds itself here (one line per file keeps merges apart).
    static var subcommandTypes: [ParsableCommand.Type] { [ReportAnnualCommand.self] }
=======
/// `studiodesk report …`: what goes up to the office above. (The lead merges this group with the one holding `annual`.)
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "报送与汇总：季度报送、接收下级报送、汇总表。",
        subcommands: [ReportQuarterCommand.self, ReportReceiveCommand.self, ReportAreaCommand.self]
    )
>>>>>>> s19-i23-returns
}
