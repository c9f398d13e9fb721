import ArgumentParser
import Foundation
import StudioCore
import StudioStore

/// `studiodesk report receive FILE…`: the office above keeps its lower offices' returns, read-only.
struct ReportReceiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "接收下级的季度报送文件：逐个检查并保存（只读），列出已接收、已替换、已接收过和拒收（及原因）。",
        discussion: """
        数据文件不存在时新建（上级办公室可只用于汇总）。同一单位同一季度只保存一份：生成时间较新的替换较旧的；
        同一份再接收不改动任何内容；比已保存的旧的拒收。已损坏（校验和不符）、不是 StudioDesk 报送的、
        由更新版本生成的文件拒收并说明原因。有拒收时退出码为 1。
        """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("下级的季度报送文件", valueName: "FILE")) var files: [String]
    @Option(help: ArgumentHelp("本办名称（保存到设置）", valueName: "NAME")) var office: String?
    @Option(help: ArgumentHelp("本办级别：县、市或省（保存到设置）", valueName: "LEVEL")) var level: OfficeLevel?

    func validate() throws {
        if files.isEmpty { throw ValidationError("请写明要接收的报送文件") }
    }

    func run() throws {
        if database.resolvedReadOnly { throw Failure("只读方式（--read-only 或 STUDIODESK_READONLY）不能接收报送") }
        let db = try database.open()
        if office != nil || level != nil {
            do { try db.setOfficeIdentity(name: office?.trimmingCharacters(in: .whitespaces), level: level) } catch { throw Failure("\(error)") }
        }
        var refused = 0
        for file in files {
            let path = (file as NSString).expandingTildeInPath
            guard let data = FileManager.default.contents(atPath: path) else {
                print("拒收 \(path)：无法读取（不存在或没有读权限）")
                refused += 1
                continue
            }
            let (outcome, r) = try { do { return try db.receiveReturn(data, receivedAt: returnTimestamp()) } catch { throw Failure("\(error)") } }()
            let what = r.map { "\($0.office)（\($0.level.title)）\($0.period.title)，工作室 \($0.studios.count) 个，生成于 \($0.madeAt.replacingOccurrences(of: "T", with: " "))" } ?? ""
            switch outcome {
            case .received: print("已接收 \(what)")
            case .replaced(let previous): print("已替换 \(what)（原为 \(previous.replacingOccurrences(of: "T", with: " ")) 生成的一份）")
            case .unchanged: print("已接收过 \(what)：未改动")
            case .refused(let why):
                refused += 1
                print("拒收 \(path)：\(why)")
            }
        }
        if refused > 0 { throw Failure("\(files.count) 个文件中 \(refused) 个拒收") }
    }
}
