import ArgumentParser
import StudioCore
import StudioDemo
import StudioStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "在新的（或空的）数据文件中建立演示数据：虚构的明湖区政协。"
    )

    @OptionGroup var options: DatabaseOptions

    func run() throws {
        let db = try options.open()
        try db.requireForCommand(.importData)
        let demo: DemoDataSet
        do { demo = try DemoDataSet.load() } catch { throw Failure("\(error)") }
        let profiles = try loadProfiles()
        do {
            try db.loadDemo(demo, profiles: profiles)
        } catch {
            throw Failure("\(error)")
        }
        print("已载入演示数据（\(demo.districtName)）：\(demo.studios.count) 个工作室，\(demo.members.count) 名委员。")
        print("数据文件：\(db.path)")
    }
}
