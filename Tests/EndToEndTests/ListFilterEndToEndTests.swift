import Foundation
import Testing

/// `/` in the office lists and the search ranking, through the real binary in tmux.
@Suite(.serialized) struct ListFilterEndToEndTests {
    /// Rows of a captured screen below the table header that begins with `header`.
    func rows(_ screen: String, header: String) -> [String] {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let h = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(header) }) else { return [] }
        return Array(lines[(h + 1)...].prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
    }

    @Test func slashFiltersEachOfficeList() throws {
        let s = try TmuxSession.demoApp(width: 80, height: 24)
        // Menu key, a text on the list, the header's first column.
        for (key, ready, header) in [("4", "视图：按工作室", "工作室名称"), ("5", "按工作室：运行中", "工作室名称"),
                                     ("6", "按工作室：运行中工作室", "工作室名称"), ("7", "年度评估（", "工作室名称")] {
            try s.keys(key)
            try s.waitFor(ready)
            let before = try s.waitFor("常静委员工作室")
            let all = rows(before, header: header).count
            #expect(all >= 15, "\(key): \(before)")
            #expect(before.contains("/ 筛选"), "the list offers / on \(key)")
            try s.keys("/")
            try s.waitFor("Enter 保留")
            // 明湖区… by initials: six studios begin with them, 民盟明湖区… holds them inside and comes last.
            try s.type("mhq")
            let typed = try s.waitFor("（7/15）")
            let shown = rows(typed, header: header)
            #expect(shown.count == 7, "\(key): \(typed)")
            #expect(shown.first?.contains("明湖区") == true && shown.last?.contains("民盟明湖区") == true, "\(key): \(typed)")
            #expect(!typed.contains("常静委员工作室"))
            try s.keys("Enter")
            let kept = try s.waitFor("筛选：mhq（7/15）")
            #expect(rows(kept, header: header).count == 7)
            try s.keys("Escape")
            let restored = try s.waitFor("常静委员工作室")
            #expect(rows(restored, header: header).count == all, "\(key): \(restored)")
            #expect(!restored.contains("筛选：mhq"))
            try s.keys("Escape")
            try s.waitFor("[0] 退出")
        }
        try s.keys("q")
        try s.waitFor("EXIT=0")
    }

    @Test func oyFindsOuyangFirstInTheRoster() throws {
        let s = try TmuxSession.demoApp(width: 100, height: 30)
        try s.keys("3")
        try s.waitFor("共 150 名委员")
        try s.keys("/")
        try s.type("oy")
        let found = try s.waitFor("找到 ")
        let names = rows(found, header: "姓名").map { $0.trimmingCharacters(in: .whitespaces) }
        let ouyang = names.prefix { $0.hasPrefix("欧阳") }.count
        #expect(ouyang >= 2, "\(found)")
        // 郭雅琴 (guOYaqin) and the like still match, after every 欧阳.
        #expect(names.dropFirst(ouyang).allSatisfy { !$0.hasPrefix("欧阳") } && names.contains { $0.hasPrefix("郭雅琴") }, "\(found)")
        try s.keys("Escape", "Escape")
        try s.waitFor("[0] 退出")
        // The command line lists the same order.
        let out = try s.studiodesk(["members", "--db", s.dbPath, "--search", "oy"])
        let first = out.output.split(separator: "\n").dropFirst(2).first.map(String.init) ?? ""
        #expect(first.hasPrefix("欧阳"), "\(out.output)")
    }
}
