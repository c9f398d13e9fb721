import Foundation
import StudioCore
import StudioPrint
import Testing

/// The 值班公示 of a rota in a year whose holiday notice is not entered yet says the dates are 暂定 (issue 18).
@Suite struct DutyPrintTests {
    func publication(_ period: Period, dates: [String], provisionalYears: [Int]) -> DutyPublication {
        let studio = Studio(id: 1, name: "医药卫生界委员工作室", type: .sector, mode: .offline, status: .plaqued,
                            profileID: "shaanxi-2023", address: "明湖区人民医院门诊楼三楼", sector: "医药卫生界")
        let members = [Member(id: 1, name: "张建华", unitTitle: "明湖区人民医院副院长", expertise: "心血管内科"),
                       Member(id: 2, name: "李秀英", unitTitle: "明湖区妇幼保健院主任", expertise: "儿童保健")]
        let slots = dates.enumerated().map { i, d in
            DutySlot(id: Int64(i + 1), studioID: 1, date: d, time: .morning, mode: .offline, place: studio.address,
                     assignments: [DutyAssignment(memberID: Int64(i % 2 + 1))])
        }
        return DutyPublication(studio: studio, period: period, slots: slots, members: Dictionary(uniqueKeysWithValues: members.map { ($0.id!, $0) }),
                               contact: "线下接待：" + studio.address, provisionalYears: provisionalYears)
    }

    func printedText(_ pub: DutyPublication) throws -> String {
        let path = tempPDF("duty")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try DutyPrintout(publication: pub, printedOn: "2026-12-01").render(to: path)
        return squeezed(try pdfText(path))
    }

    @Test func aProvisionalYearsNoticeSaysItIsProvisional() throws {
        let pub = publication(Period(.quarter, year: 2027, index: 1), dates: ["2027-01-04", "2027-02-09", "2027-03-05"], provisionalYears: [2027])
        let text = try printedText(pub)
        #expect(text.contains("医药卫生界委员工作室值班公示"))
        #expect(text.contains("2027年节假日安排尚未公布，按法定节日暂定，公布后请重新排班"))
        #expect(text.contains("张建华") && text.contains("2027年2月9日"))
    }

    @Test func aPublishedYearsNoticeSaysNothingOfIt() throws {
        let text = try printedText(publication(Period(.quarter, year: 2026, index: 4), dates: ["2026-10-08", "2026-11-11"], provisionalYears: []))
        #expect(text.contains("值班公示") && !text.contains("暂定"))
    }
}
