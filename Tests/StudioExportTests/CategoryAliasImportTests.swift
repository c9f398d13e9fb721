import Foundation
import Testing
@testable import StudioCore
@testable import StudioExport
@testable import StudioStore

/// Issue 20: an office's file names 滨江's categories by the 办法 body's words (协商交流, 学习宣传), short forms
/// (协商) and half-width brackets; each is read as the category, and the preview says which word became what.
@Suite struct CategoryAliasImportTests {
    let dir: URL
    let db: AppDatabase
    let profiles: [RuleProfile]

    init() throws { (dir, db, profiles) = try demoOffice("category-alias") }

    @Test func aliasWordsAndBracketWidthsImportAsTheCategoryAndThePreviewNamesThem() throws {
        let studio = try #require(try db.studios().first { $0.profileID == "binjiang-2020" && $0.status.isActive })
        let text = """
        工作室,活动日期,活动类别,活动名称
        \(studio.name),2026/3/5,协商交流,老旧小区加装电梯协商会
        \(studio.name),2026/3/6,协商,停车难问题协商
        \(studio.name),2026/3/7,学习宣传,学习全会精神
        \(studio.name),2026/3/8,协商交流(界别或联络处协商),界别协商会
        \(studio.name),2026/3/9,协商,菜场改造协商
        \(studio.name),2026/3/10,学习宣讲,学习条例
        """
        let path = dir.appendingPathComponent("alias.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let preview = try Importer.run(.activities, path: path, into: db, profiles: profiles, apply: false)
        #expect(preview.problems.isEmpty, "\(preview.problems)")
        #expect(preview.matched == [
            "活动类别「协商交流」→ 协商交流（界别或联络处协商）（第 2 行）",
            "活动类别「协商」→ 协商交流（界别或联络处协商）（第 3、6 行）",
            "活动类别「学习宣传」→ 学习宣讲（第 4 行）",
            "活动类别「协商交流(界别或联络处协商)」→ 协商交流（界别或联络处协商）（第 5 行）",
        ])
        let done = try Importer.run(.activities, path: path, into: db, profiles: profiles, apply: true)
        #expect(done.written && done.summary.hasPrefix("新增 6 条"))
        let titles: Set<String> = ["老旧小区加装电梯协商会", "停车难问题协商", "学习全会精神", "界别协商会", "菜场改造协商", "学习条例"]
        let saved = try db.ledgerEntries(studioID: studio.id!, year: 2026).filter { titles.contains($0.title) }
        let consult = saved.filter { $0.categoryID == "consult" }
        #expect(consult.count == 4 && consult.allSatisfy { $0.category == "协商交流（界别或联络处协商）" })
        #expect(saved.filter { $0.categoryID == "study" }.count == 2)

        // Another profile's word is still refused, with the categories the studio's rules have.
        try text.replacingOccurrences(of: "学习宣传", with: "读书交流分享").write(toFile: path, atomically: true, encoding: .utf8)
        let refused = try Importer.run(.activities, path: path, into: db, profiles: profiles, apply: false)
        #expect(refused.problems.map(\.description).contains { $0.contains("「读书交流分享」不是「\(studio.name)」规则中的活动类别") })
    }
}
