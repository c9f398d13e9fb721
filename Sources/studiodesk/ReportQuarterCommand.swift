import ArgumentParser
import Foundation
import StudioCore
import StudioExport
import StudioStore

/// The local time a return is made: yyyy-MM-ddTHH:mm:ss (the later of two returns of one office and quarter wins).
func returnTimestamp(_ date: Date = Date()) -> String {
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
    return f.string(from: date)
}

extension OfficeLevel: ExpressibleByArgument {
    public init?(argument: String) { self.init(text: argument) }
}

/// Reads "2026Q4" for ArgumentParser: a quarter only (DutyCommand's QuarterArgument also takes a year).
struct ReturnQuarter: ExpressibleByArgument {
    var period: Period
    init?(argument: String) {
        guard let p = Period.quarter(parsing: argument) else { return nil }
        period = p
    }
}

/// `studiodesk report quarter 2026Q4`: the office's quarterly return (季度报送, 陕西 八.2) as a checked file.
struct ReportQuarterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarter",
        abstract: "生成本办的季度报送文件（JSON，带 SHA-256 校验和），报送上级政协办公室。",
        discussion: """
        含本办名称和级别、季度、生成时间；每个该季度运行过的工作室的类型、界别／区域、状态和日期、按类别和线上线下的活动次数、
        提案和社情民意及其结果、值班完成和应完成、规定次数完成情况、本季度亮点（记录标题）、自上次报送以来新增的工作室（备案）；
        以及本办已接收的下级该季度的报送（市级报送含各县区的，省级可看到三级）。不含电话、住址等个人信息。
        --office、--level 设定本办名称和级别并保存，以后不必再写。
        """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("季度，如 2026Q4", valueName: "QUARTER")) var quarter: ReturnQuarter
    @Option(help: ArgumentHelp("写入的文件（默认「本办名称-2026Q4-季度报送.json」）", valueName: "FILE")) var out: String?
    @Option(help: ArgumentHelp("本办名称（保存到设置）", valueName: "NAME")) var office: String?
    @Option(help: ArgumentHelp("本办级别：县、市或省（保存到设置）", valueName: "LEVEL")) var level: OfficeLevel?

    func run() throws {
        let db = try database.openExisting()
        if office != nil || level != nil {
            do { try db.setOfficeIdentity(name: office?.trimmingCharacters(in: .whitespaces), level: level) } catch { throw Failure("\(error)") }
        }
        let me = try db.officeIdentity()
        guard !me.name.isEmpty else { throw Failure("还没有设定本办名称：请加 --office 名称（如 --office 明湖区 --level 县）") }
        let profiles = try loadProfiles(for: db)
        let period = quarter.period
        let r: QuarterlyReturn
        do { r = try db.quarterlyReturn(period: period, profiles: profiles, today: DateInput.iso(today()), madeAt: returnTimestamp()) } catch { throw Failure("\(error)") }
        let path = OutputFile.resolve(out ?? OutputFile.safeName("\(me.name)-\(period.code)-季度报送.json"))
        try writePrivate(try ReturnFile.encode(r), to: path)
        try? db.noteReturnMade(period)
        let acts = r.studios.reduce(0) { $0 + $1.activityTotal }
        print("已生成\(me.name)（\(me.level.title)）\(period.title)报送：工作室 \(r.studios.count) 个（新增 \(r.newStudios.count)），活动 \(acts) 次，含下级报送 \(r.lower.count) 份")
        print("文件：\(path)")
        print("校验和：\(try ReturnFile.checksum(r))")
    }
}
