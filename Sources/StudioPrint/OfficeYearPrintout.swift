import Foundation
import StudioCore

extension OfficialDocument {
    /// The office's year-end 总结材料 on the official page, like a studio's 年度工作总结: the year's figures, then the
    /// office's own three sections; signed with the office's name and the date.
    public init(officeYear summary: OfficeYearSummary, own text: AnnualSummaryText, dated date: String, fonts: OfficialFonts = .detected) {
        let sections = summary.sections(own: text).map { s in
            Section(heading: s.heading, blocks: s.blocks.map { b -> Block in
                switch b {
                case .paragraph(let p): .paragraph(p)
                // Two-column tallies: the name wide, the count narrow; the quarter tables: the first column wide.
                case .table(let header, let rows):
                    .table(Table(header: header, rows: rows, widths: header.count == 2 ? [3, 1] : [2.4] + Array(repeating: 1, count: header.count - 1)))
                }
            })
        }
        self.init(title: summary.title, sections: sections, closing: [summary.office, DateInput.chinese(date)], fonts: fonts)
    }
}
