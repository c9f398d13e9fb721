import Foundation
import StudioApp
import StudioCore
import StudioStore
import TerminalKit

extension BenchmarkRunner {
    /// A city receiving 100 county returns of 20 studios each (issue 23), into a new file each run, and the 汇总
    /// screen's first frame over them.
    func measureReturns(db: AppDatabase, into results: Results) throws {
        let period = Period(.quarter, year: year, index: 4)
        var base = try db.quarterlyReturn(period: period, profiles: profiles, today: today, madeAt: "\(year)-12-31T09:00:00")
        guard !base.studios.isEmpty else { return }
        while base.studios.count < 20 { base.studios += base.studios }
        base.studios = Array(base.studios.prefix(20))
        let files = try (1...100).map { i -> Data in
            var r = base
            r.office = "第\(i)县"
            r.level = .county
            r.lower = []
            return try ReturnFile.encode(r)
        }
        var n = 0
        var city: AppDatabase?
        try measure("接收 100 份下级报送（每份 20 个工作室）", count: min(runs, 3), into: results) {
            n += 1
            let c = try AppDatabase.open(path: dir.appendingPathComponent("city-\(n).sqlite").path)
            try c.setOfficeIdentity(name: "某市", level: .city)
            for f in files { _ = try c.receiveReturn(f, receivedAt: "\(year)-12-31T10:00:00") }
            city = c
        }
        guard let city else { return }
        let context = AppContext(db: city, profiles: profiles, today: { fixed })
        try measure("汇总界面首屏（100 个下级单位，2000 个工作室）", goalMs: 1000, into: results) {
            let screen = AreaScreen(context: context, period: period)
            var buffer = Buffer(width: 100, height: 30)
            screen.render(into: &buffer, area: buffer.area)
        }
    }
}
