import Foundation
import StudioCore

extension OfficialDocument {
    /// A studio's 年度工作总结 on the official page: its sections (generated, then the studio's own three), signed
    /// with the studio's name and the date (定稿's, or the day it was printed).
    public init(annualSummary summary: AnnualSummary, own text: AnnualSummaryText, dated date: String, fonts: OfficialFonts = .detected) {
        let sections = summary.sections(own: text).map { s in
            Section(heading: s.heading, blocks: s.blocks.map { b -> Block in
                switch b {
                case .paragraph(let p): .paragraph(p)
                case .table(let header, let rows): .table(Table(header: header, rows: rows))
                }
            })
        }
        // A title longer than a line (20 characters of 2号 in 156 mm) breaks after the studio's name, not anywhere.
        let title = summary.title.count > 20 ? summary.studioName + "\n" + "\(summary.year)年度工作总结" : summary.title
        self.init(title: title, sections: sections, closing: [summary.studioName, DateInput.chinese(date)], fonts: fonts)
    }
}
