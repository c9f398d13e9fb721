import Foundation
import StudioCore
import StudioPrint
import Testing

// MARK: - Fixture

let wallLayoutItems = ["工作室成员名单", "职能", "年度工作安排", "工作流程", "名称标牌（醒目位置）"]
let disclosureItems = ["主要职能", "驻室委员照片、职务、专业特长", "值班计划"]

func shaanxiChecklists(renamed: String? = nil) -> [WallChecklist] {
    let layout = WallList(id: 1, profileID: "shaanxi-2023", key: "wall_layout", name: "墙面布置", position: 0)
    let disclosure = WallList(id: 2, profileID: "shaanxi-2023", key: "disclosure", name: "公开", position: 1)
    var first = wallLayoutItems.enumerated().map { i, t in WallItem(id: Int64(10 + i), listID: 1, key: "w\(i)", text: t, position: i) }
    if let renamed { first[0].text = renamed }
    return [
        WallChecklist(list: layout, items: first),
        WallChecklist(list: disclosure, items: disclosureItems.enumerated().map { i, t in
            WallItem(id: Int64(20 + i), listID: 2, key: "d\(i)", text: t, position: i)
        }),
    ]
}

/// One inspection of every item: 工作室成员名单 不合格, 值班计划 缺失 with a photo, the rest 合格.
func shaanxiInspection() -> InspectionRecord {
    var verdicts: [InspectionVerdict] = []
    var position = 0
    for c in shaanxiChecklists() {
        for item in c.items {
            var v = InspectionVerdict(inspectionID: 7, itemID: item.id, listKey: c.list.key, listName: c.list.name,
                                      itemText: item.text, position: position, verdict: .pass)
            if item.text == "工作室成员名单" { v.verdict = .fail; v.note = "成员名单未更新" }
            if item.text == "值班计划" { v.verdict = .missing; v.note = "未上墙"; v.evidence = "照片/值班.jpg" }
            verdicts.append(v)
            position += 1
        }
    }
    let inspection = Inspection(id: 7, studioID: 1, date: "2026-09-12", inspector: "周海燕", onSite: false, note: "请一个月内整改完毕")
    return InspectionRecord(inspection: inspection, verdicts: verdicts)
}

func shaanxiStudio() -> Studio {
    Studio(id: 1, name: "医药卫生界委员工作室", type: .sector, mode: .offline, status: .plaqued,
           profileID: "shaanxi-2023", address: "明湖区人民医院门诊楼三楼", sector: "医药卫生界")
}

func checklistPrintout(checklists: [WallChecklist] = shaanxiChecklists(), inspection: InspectionRecord?) throws -> ChecklistPrintout {
    let record = shaanxiInspection()
    let status = StudioWallStatus(studio: shaanxiStudio(), checklists: checklists, inspections: [record])
    let team = [entry(1, "张建华", .convener), entry(2, "刘慧敏", .convener), entry(3, "黄晓东", .liaison)]
    return ChecklistPrintout(status: status, profile: try profile("shaanxi-2023"), team: team, inspection: inspection,
                             printedOn: "2026-11-24")
}

// MARK: - Tests

@Test func blankChecklistHasEveryListAndItem() throws {
    let path = tempPDF("checklist-blank")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let pages = try checklistPrintout(inspection: nil).render(to: path)
    #expect(pages == 1)
    let flat = squeezed(try pdfText(path))
    for text in ["委员工作室上墙检查表", "工作室名称", "医药卫生界委员工作室", "召集人/领衔委员", "张建华、刘慧敏", "陕西2023",
                 "检查日期", "检查人", "检查方式", "现场", "远程", "墙面布置", "公开", "序号", "检查内容", "合格", "不合格", "缺失",
                 "备注（问题、整改要求）", "检查人签名", "工作室召集人（领衔委员）签名", "打印日期：2026年11月24日"] {
        #expect(flat.contains(text), "missing \(text)")
    }
    for item in wallLayoutItems + disclosureItems {
        #expect(flat.contains(item), "missing item \(item)")
    }
    #expect(!flat.contains("黄晓东"))
    #expect(!flat.contains("周海燕") && !flat.contains("√") && !flat.contains("检查结果"))
}

@Test func filledChecklistPrintsTheInspection() throws {
    let path = tempPDF("checklist-filled")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let printout = try checklistPrintout(inspection: shaanxiInspection())
    #expect(printout.summary == "合格 6 项，不合格 1 项，缺失 1 项")
    #expect(try printout.render(to: path) == 1)
    let text = try pdfText(path)
    let flat = squeezed(text)
    for value in ["委员工作室上墙检查表", "周海燕", "2026年9月12日", "成员名单未更新", "凭证：照片/值班.jpg",
                  "合格6项，不合格1项，缺失1项", "请一个月内整改完毕", "检查人签名"] {
        #expect(flat.contains(value), "missing \(value)")
    }
    // One tick per item, and the row of the failed item has its tick and note on the same line.
    #expect(text.components(separatedBy: "√").count - 1 == 8)
    let failed = try #require(text.split(separator: "\n").first { $0.contains("工作室成员名单") })
    #expect(failed.contains("√") && failed.contains("成员名单未更新"))
}

/// Ticks sit in the column of their verdict: compare the tick's column with the headers' columns.
@Test func ticksAreInTheirVerdictColumn() throws {
    let path = tempPDF("checklist-columns")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try checklistPrintout(inspection: shaanxiInspection()).render(to: path)
    let lines = try pdfText(path).split(separator: "\n").map(String.init)
    let header = try #require(lines.first { $0.contains("序号") && $0.contains("不合格") })
    func column(_ line: String, _ s: String) -> Int? {
        guard let r = line.range(of: s) else { return nil }
        return line.distance(from: line.startIndex, to: r.lowerBound)
    }
    let failCol = try #require(column(header, "不合格"))
    let passCol = try #require(column(header, "合格"))  // the first 合格 is its own column, left of 不合格
    let missCol = try #require(column(header, "缺失"))
    func tick(_ item: String) throws -> Int {
        let line = try #require(lines.first { $0.contains(item) })
        return try #require(column(line, "√"))
    }
    // Columns are in the order 合格 | 不合格 | 缺失; pick the nearest header.
    func nearest(_ c: Int) -> String {
        [("合格", abs(c - passCol)), ("不合格", abs(c - failCol)), ("缺失", abs(c - missCol))].min { $0.1 < $1.1 }!.0
    }
    #expect(failCol < missCol)
    #expect(nearest(try tick("工作室成员名单")) == "不合格")
    #expect(nearest(try tick("值班计划")) == "缺失")
    #expect(nearest(try tick("年度工作安排")) == "合格")
}

@Test func filledChecklistKeepsTheWordingOfItsTime() throws {
    let path = tempPDF("checklist-renamed")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let printout = try checklistPrintout(checklists: shaanxiChecklists(renamed: "委员名单及照片"), inspection: shaanxiInspection())
    try printout.render(to: path)
    let flat = squeezed(try pdfText(path))
    #expect(flat.contains("工作室成员名单"))
    #expect(!flat.contains("委员名单及照片"))
    // An item added to the lists after the inspection is not on the filled form.
    var lists = shaanxiChecklists()
    lists[1].items.append(WallItem(id: 99, listID: 2, key: "office-1", text: "联系电话公示", position: 3))
    let later = tempPDF("checklist-added")
    defer { try? FileManager.default.removeItem(atPath: later) }
    try checklistPrintout(checklists: lists, inspection: shaanxiInspection()).render(to: later)
    #expect(!squeezed(try pdfText(later)).contains("联系电话公示"))
    try checklistPrintout(checklists: lists, inspection: nil).render(to: later)
    #expect(squeezed(try pdfText(later)).contains("联系电话公示"))
}

@Test func longListContinuesWithItsHeader() throws {
    let list = WallList(id: 3, profileID: "shaanxi-2023", key: "long", name: "长清单", inferred: true)
    let items = (1...40).map { WallItem(id: Int64(100 + $0), listID: 3, key: "l\($0)", text: "第\($0)项检查内容", position: $0) }
    let path = tempPDF("checklist-long")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let pages = try checklistPrintout(checklists: [WallChecklist(list: list, items: items)], inspection: nil).render(to: path)
    #expect(pages > 1)
    let first = squeezed(try pdfText(path, page: 1))
    let second = squeezed(try pdfText(path, page: 2))
    #expect(first.contains("长清单（推定）"))
    #expect(second.contains("检查内容") && second.contains("长清单（推定）（续）"))
    #expect(first.contains("第1页，共\(pages)页"))
    #expect(second.contains("第2页，共\(pages)页"))
    // Every item is printed exactly once across the pages.
    let all = squeezed(try pdfText(path))
    for n in 1...40 {
        #expect(all.components(separatedBy: "第\(n)项检查内容").count == 2, "item \(n)")
    }
}

@Test func checklistUnwritablePathIsAClearError() throws {
    let error = #expect(throws: PDFError.self) { try checklistPrintout(inspection: nil).render(to: "/nonexistent-dir/c.pdf") }
    #expect(error?.description.contains("/nonexistent-dir/c.pdf") == true)
}

@Test func checklistWithoutListsIsRefused() throws {
    let path = tempPDF("checklist-empty")
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(throws: PDFError.self) { try checklistPrintout(checklists: [], inspection: nil).render(to: path) }
}
