import Foundation
import StudioCore
import StudioPrint
import StudioResources
import Testing

// MARK: - Helpers

func profile(_ id: String) throws -> RuleProfile {
    let dir = try #require(ResourceLocator.profileDirectory())
    return try #require(try ProfileLoader.loadAll(directory: dir).first { $0.id == id })
}

func tempPDF(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("studioprint-\(name)-\(UUID().uuidString).pdf").path
}

/// Runs a poppler tool with its output going to a file (not a pipe), and returns the output.
func run(_ tool: String, _ args: [String]) throws -> String {
    let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("studioprint-out-\(UUID().uuidString).txt").path
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: outPath) }
    let handle = try #require(FileHandle(forWritingAtPath: outPath))
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/" + tool)
    p.arguments = args
    p.standardOutput = handle
    p.standardError = handle
    try p.run()
    p.waitUntilExit()
    try handle.close()
    #expect(p.terminationStatus == 0, "\(tool) \(args) failed")
    return String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self)
}

func pdfText(_ path: String, page: Int? = nil) throws -> String {
    var args = ["-layout"]
    if let page { args += ["-f", "\(page)", "-l", "\(page)"] }
    return try run("pdftotext", args + [path, "-"])
}

/// pdftotext may put spaces inside Chinese runs; compare without them.
func squeezed(_ s: String) -> String { s.filter { !$0.isWhitespace } }

func entry(_ id: Int64, _ name: String, _ role: StudioRole, studio: Int64 = 1, unit: String = "", phone: String = "",
           sector: String = "", committee: String = "", expertise: String = "") -> TeamEntry {
    TeamEntry(member: Member(id: id, name: name, sector: sector, committee: committee, unitTitle: unit, expertise: expertise, phone: phone),
              membership: StudioMembership(studioID: studio, memberID: id, role: role, joinedOn: "2024-01-10"))
}

let surnames = ["赵", "钱", "孙", "李", "周", "吴", "郑", "王", "冯", "陈", "褚", "卫"]

// MARK: - Shaanxi

func shaanxiPrintout() throws -> ApplicationPrintout {
    let p = try profile("shaanxi-2023")
    let studio = Studio(id: 1, name: "医药卫生界委员工作室", type: .sector, mode: .offline, status: .plaqued,
                        profileID: p.id, address: "明湖区人民医院门诊楼三楼", sector: "医药卫生界", committee: "教科卫体委员会")
    var team = [
        entry(1, "张建华", .convener, unit: "明湖区人民医院副院长", phone: "13800138001", sector: "医药卫生界",
              committee: "教科卫体委员会", expertise: "基层医疗"),
        entry(2, "刘慧敏", .convener, unit: "明湖区妇幼保健院院长", phone: "13800138002", sector: "农工党"),
        entry(3, "黄晓东", .liaison, unit: "明湖区卫健局科员", phone: "13900139003"),
    ]
    for i in 0..<7 {
        team.append(entry(Int64(10 + i), surnames[i] + "委员\(i + 1)", .resident, unit: "明湖区第\(i + 1)医院医生",
                          phone: "1370000000\(i)", expertise: "全科"))
    }
    let records = [
        ApprovalRecord(studioID: 1, round: 1, stepID: "committee_review", stepName: "专委会审核", decision: .returnForRevision,
                       opinion: "旧意见", signer: "某人", date: "2024-02-01"),
        ApprovalRecord(studioID: 1, round: 2, stepID: "committee_review", stepName: "专委会审核", decision: .approve,
                       opinion: "建议尽快建成", signer: "王主任", date: "2024-03-05"),
        ApprovalRecord(studioID: 1, round: 2, stepID: "vice_chair_review", stepName: "分管副主席审示", decision: .approve,
                       opinion: "同意报主席会议", signer: "李副主席", date: "2024-03-12"),
    ]
    let history = [StatusChange(studioID: 1, fromStatus: .draft, toStatus: .inApproval, date: "2024-01-20", reason: "提交")]
    return ApplicationPrintout(profile: p, studio: studio, team: team, records: records, history: history,
                               values: ["functions_plan": "开展义诊和健康讲座"], printedOn: "2026-03-01")
}

@Test func shaanxiApplicationShowsLabelsAndValues() throws {
    let path = tempPDF("shaanxi")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let pages = try shaanxiPrintout().render(to: path)
    #expect(pages >= 1)
    let text = try pdfText(path)
    let flat = squeezed(text)
    for label in ["创建线上或线下政协委员工作室申报表", "工作室名称", "申请时间", "类型", "线上或线下", "工作室召集人", "联系方式",
                  "单位及职务", "所属专委会", "专长领域", "工作室联络员", "参与委员", "工作室主要职能和主要工作计划",
                  "申请人（可联名）签名", "所属专委会意见", "分管副主席意见", "主席会议意见"] {
        #expect(flat.contains(label), "missing label \(label)")
    }
    for value in ["医药卫生界委员工作室", "张建华", "刘慧敏", "黄晓东", "13900139003", "13800138001", "界别", "线下",
                  "2024年1月20日", "建议尽快建成", "王主任", "2024年3月5日", "同意报主席会议", "开展义诊和健康讲座",
                  "赵委员1", "周委员5", "吴委员6", "郑委员7", "第\(pages)页，共\(pages)页"] {
        #expect(flat.contains(value), "missing value \(value)")
    }
    // The returned first round is not printed; people in person fields are not repeated in the table.
    #expect(!flat.contains("旧意见"))
    #expect(flat.components(separatedBy: "张建华").count == 2)
}

@Test func opinionFieldsMatchChainSteps() throws {
    let printout = try shaanxiPrintout()
    let fields = printout.profile.applicationForm.fields
    func field(_ id: String) throws -> RuleProfile.FormField { try #require(fields.first { $0.id == id }) }
    #expect(printout.opinionRecord(for: try field("opinion_committee"))?.signer == "王主任")
    #expect(printout.opinionRecord(for: try field("opinion_vice_chair"))?.signer == "李副主席")
    #expect(printout.opinionRecord(for: try field("opinion_chair_meeting")) == nil)
    #expect(printout.value(of: try field("applicant_signature")) == "")
    #expect(printout.value(of: try field("convener2_phone")) == "13800138002")
    #expect(printout.value(of: try field("applied_on")) == "2024年1月20日")
    #expect(printout.memberTableMembers.count == 7)
}

@Test func embedsCJKFont() throws {
    let path = tempPDF("fonts")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try shaanxiPrintout().render(to: path)
    let fonts = try run("pdffonts", [path])
    let cjk = fonts.split(separator: "\n").filter { $0.contains("CJK") }
    #expect(!cjk.isEmpty, "no CJK font in:\n\(fonts)")
    // Columns: name type encoding emb sub uni object ID
    #expect(cjk.allSatisfy { line in
        let cols = line.split(separator: " ", omittingEmptySubsequences: true)
        return cols.count >= 5 && cols[cols.count - 5] == "yes"
    }, "CJK font not embedded:\n\(fonts)")
}

// MARK: - Binjiang

@Test func binjiangContinuationSheet() throws {
    let p = try profile("binjiang-2020")
    #expect(p.applicationForm.memberRows == 6)
    let studio = Studio(id: 2, name: "陈立新委员工作室", type: .personal, profileID: p.id, address: "江南大道 100 号 5 楼")
    var team = [entry(1, "陈立新", .lead, studio: 2, unit: "滨江区某科技公司董事长")]
    for i in 0..<9 {
        team.append(entry(Int64(20 + i), surnames[i] + "成员\(i + 1)", .participant, studio: 2, unit: "单位\(i + 1)"))
    }
    let path = tempPDF("binjiang")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let printout = ApplicationPrintout(profile: p, studio: studio, team: team, records: [], history: [],
                                       values: ["applicant_unit": "经济界", "basic_info": "科技企业家联系群众"], printedOn: "2026-03-01")
    let pages = try printout.render(to: path)
    #expect(pages == 2)
    let first = squeezed(try pdfText(path, page: 1))
    let second = squeezed(try pdfText(path, page: 2))
    for label in ["创建委员工作室申报表", "申报单位", "工作室名称", "地址", "领衔委员", "参与委员及其他成员", "联系人", "基本情况",
                  "界别召集人或联络处主任签名", "申报时间"] {
        #expect(first.contains(label), "missing label \(label)")
    }
    #expect(first.contains("陈立新委员工作室") && first.contains("滨江区某科技公司董事长") && first.contains("经济界"))
    #expect(first.contains("赵成员1") && first.contains("吴成员6") && !first.contains("郑成员7"))
    #expect(!first.contains("（续页）"))
    #expect(first.contains("第1页，共2页"))
    #expect(second.contains("创建委员工作室申报表（续页）"))
    #expect(second.contains("郑成员7") && second.contains("王成员8") && second.contains("冯成员9"))
    #expect(second.contains("第2页，共2页"))
}

// MARK: - Chenzhou

@Test func chenzhouFormLabels() throws {
    let p = try profile("chenzhou-2019")
    let studio = Studio(id: 3, name: "北湖区委员工作室", type: .region, profileID: p.id, address: "北湖区人民路 8 号")
    let team = [entry(1, "谭志强", .lead, studio: 3, unit: "北湖区某中学校长", phone: "0735-2222333", sector: "教育界",
                      committee: "教科卫体委", expertise: "基础教育"),
                entry(2, "罗美玲", .participant, studio: 3, unit: "北湖区医院护士长", phone: "13607350000", expertise: "护理")]
    let records = [ApprovalRecord(studioID: 3, round: 1, stepID: "liaison_committee_review", stepName: "委员学习联络委审核",
                                  decision: .approve, opinion: "材料齐全", signer: "周主任", date: "2019-06-03")]
    let path = tempPDF("chenzhou")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let pages = try ApplicationPrintout(profile: p, studio: studio, team: team, records: records, history: [],
                                        printedOn: "2026-03-01").render(to: path)
    let flat = squeezed(try pdfText(path))
    for label in ["郴州市政协委员工作室建设申请表", "工作室名称", "申请时间", "地址", "工作室负责人", "对口委室", "专长领域",
                  "单位及职务", "专长", "联系方式", "工作室建设目标和主要职责", "申请人签名", "委员学习联络委意见", "秘书长意见",
                  "分管副主席意见", "主席会议研究意见"] {
        #expect(flat.contains(label), "missing label \(label)")
    }
    #expect(flat.contains("谭志强") && flat.contains("0735-2222333") && flat.contains("罗美玲") && flat.contains("13607350000"))
    #expect(flat.contains("材料齐全") && flat.contains("周主任"))
    #expect(flat.contains("第1页，共\(pages)页"))
}

// MARK: - Errors

@Test func unwritablePathIsAClearError() throws {
    let p = try profile("chenzhou-2019")
    let studio = Studio(id: 3, name: "北湖区委员工作室", type: .region, profileID: p.id)
    let printout = ApplicationPrintout(profile: p, studio: studio, team: [], records: [], history: [], printedOn: "2026-03-01")
    let error = #expect(throws: PDFError.self) { try printout.render(to: "/nonexistent-dir/x.pdf") }
    #expect(error?.description.contains("/nonexistent-dir/x.pdf") == true)
}

@Test func profileWithoutFormIsRefused() throws {
    let p = try profile("ordos-2021")
    let studio = Studio(id: 4, name: "某委员工作室", type: .region, profileID: p.id)
    let path = tempPDF("ordos")
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(throws: PDFError.self) {
        try ApplicationPrintout(profile: p, studio: studio, team: [], records: [], history: [], printedOn: "2026-03-01").render(to: path)
    }
}

/// An opinion that starts with the decision ("同意", "同意报主席会议") is printed as written, not as 同意。同意…;
/// one that does not is printed after the decision.
@Test func theOpinionIsPrintedOnce() throws {
    var printout = try shaanxiPrintout()
    let fields = printout.profile.applicationForm.fields
    let vice = try #require(fields.first { $0.id == "opinion_vice_chair" })
    let committee = try #require(fields.first { $0.id == "opinion_committee" })
    #expect(printout.value(of: vice) == "同意报主席会议")
    #expect(printout.value(of: committee) == "同意。建议尽快建成")
    printout.records[2].opinion = "同意"
    #expect(printout.value(of: vice) == "同意")
    printout.records[2].opinion = "  "
    #expect(printout.value(of: vice) == "同意")
}
