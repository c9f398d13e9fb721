import ArgumentParser
import Foundation
import StudioCore
import StudioExport
import StudioPrint
import StudioStore
import TerminalKit

enum ScorecardFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, pdf
}

/// `studiodesk scorecard`: the year's 评估表 for every assessed studio (or one), computed from the
/// ledger with the stored 自评/评估 entries; locked (审定) results are printed as approved.
struct ScorecardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scorecard",
        abstract: "年度评估表：按台账自动计分（或按量化要求认定达标），输出 table、json、csv（汇总表）或 pdf。",
        discussion: """
        不加 --studio 时为全部参评工作室（已授牌、警示、整改中，以及当年已有评估结果的）。
        table 与 csv 为汇总表（排名、结论、阶段）；加 --studio 时 table 列出该工作室的逐项得分与依据。
        json 的格式见 docs/command-line.md。pdf 必须用 --out：全部工作室时文件开头是汇总表；
        加 --split 时 --out 为目录，每个工作室一个 PDF，另加「汇总表.pdf」。
        --save 把未审定的结果按台账重新计分后保存（年度批量计算），已审定的结果保持不变；
        12月31日前保存须加 --before-year-end。已审定的年度按审定时的记录输出，不再变动。
        """
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("评估年度", valueName: "YYYY")) var year: Int
    @Option(help: ArgumentHelp("工作室编号（studiodesk studios 可列出）", valueName: "ID")) var studio: Int64?
    @Option(help: "输出格式：table、json、csv 或 pdf") var format: ScorecardFormat = .table
    @Option(help: ArgumentHelp("写入文件（--split 时为目录）", valueName: "FILE")) var out: String?
    @Flag(help: "pdf：每个工作室一个文件") var split = false
    @Flag(help: "保存计分结果（年度批量计算）") var save = false
    @Flag(help: "年度未结束（12月31日前）也保存：计分截至今天的台账") var beforeYearEnd = false

    func validate() throws {
        if !(2000...2100).contains(year) { throw ValidationError("年度应为四位年份，如 --year 2026") }
        if format == .pdf && out == nil { throw ValidationError("pdf 格式请用 --out 指定文件，如 --out 评估表.pdf") }
        if split && format != .pdf { throw ValidationError("--split 只用于 pdf 格式") }
    }

    func run() throws {
        let db = try database.openExisting()
        // --save is the year-end batch; a file out is a printout (pdf) or an export.
        if save { try db.requireForCommand(.assessmentStages) }
        if format == .pdf { try db.requireForCommand(.print, studio: studio) } else if out != nil { try db.requireForCommand(.export, studio: studio) }
        let profiles = try loadProfiles(for: db)
        let todayISO = DateInput.iso(today())
        var results: [(Studio, Assessment)]
        if save, !beforeYearEnd, let left = CivilDate.days(from: todayISO, to: "\(year)-12-31"), left > 0 {
            throw Failure("\(year) 年尚未结束（还有 \(left) 天）：现在保存的是截至今天的台账。确需现在保存，请加 --before-year-end")
        }
        do {
            results = save ? try db.runYearEnd(year: year, profiles: profiles, today: todayISO)
                : try db.yearResults(year: year, profiles: profiles, today: todayISO)
        } catch { throw Failure("\(error)") }
        if let studio {
            guard let s = try db.studio(id: studio) else { throw Failure("找不到编号为 \(studio) 的工作室（studiodesk studios 可列出编号）") }
            if let r = results.first(where: { $0.0.id == studio }) {
                results = [r]
            } else if let locked = try db.lockedYear(year) {
                throw Failure("「\(s.name)」不在 \(year) 年度评估中（该年度已于 \(locked.lockedOn) 审定，结果不再变动）")
            } else {
                guard let profile = profiles.first(where: { $0.id == s.profileID }) else { throw Failure("「\(s.name)」的规则 \(s.profileID) 未载入") }
                results = [(s, try db.assessment(studio: s, profile: profile, year: year, today: todayISO))]
            }
        }
        if results.isEmpty { throw Failure("\(year)年没有参评的工作室（已授牌、警示或整改中的工作室才参加年度评估）") }
        // The sheets themselves (PDF, JSON, one studio's table) name the records behind their points; the 汇总 does not.
        if format == .pdf || format == .json || studio != nil { results = try db.withEvidence(results) }
        let summary = try db.yearSummary(year: year, results: results)
        let district = (try? db.setting("district")) ?? nil ?? ""
        if format == .pdf {
            let path = OutputFile.resolve(out)
            let written = try writing(path) {
                try ScorecardFiles.write(results.map { ($0.0, $0.1) }, summary: studio == nil ? summary : nil, year: year, district: district,
                                         printedOn: todayISO, layout: split ? .perStudio : .oneFile, to: path, addExtension: false)
            }
            if split {
                print("已生成 \(results.count) 份评估表\(studio == nil ? "和汇总表" : "")：\(path)（共 \(written.pages) 页）")
            } else {
                print("已生成 \(path)（\(results.count) 份评估表\(studio == nil ? "和汇总表" : "")，\(written.pages) 页）")
            }
            return
        }
        let text: String
        switch format {
        case .json: text = try JSONText.render(results.map { ScorecardDocument(studio: $0.0, assessment: $0.1) })
        case .csv: text = try ScorecardTable.csv(summary)
        case .table, .pdf:
            if studio != nil, let (s, a) = results.first {
                text = Self.sheetTable(s, a)
            } else {
                // One table per ranking group, each with its own 名次.
                text = "\(year)年度评估：参评 \(summary.headline)\n" + summary.groups.map { group in
                    "\(group.title)\n" + TextTable.render(headers: ["名次", "编号", "工作室", "规则", "得分", "结论", "阶段"],
                                                          rows: summary.lines.filter { $0.group == group }.map {
                        [$0.rank.map(String.init) ?? "—", String($0.studioID), $0.name, $0.profileName, $0.scoreText, $0.verdict,
                         $0.group == .notJudged ? "" : $0.stage.title]
                    }, footer: "共 \(summary.lines.filter { $0.group == group }.count) 个工作室")
                }.joined(separator: "\n")
            }
        }
        try emit(text, to: out.map { ($0 as NSString).expandingTildeInPath }, written: { "已写入 \($0)（\(results.count) 个工作室）" })
    }

    static func sheetTable(_ s: Studio, _ a: Assessment) -> String {
        let sheet = a.sheet
        var lines = ["\(s.name)  \(a.year)年度评估表（\(a.profile.name)，\(a.stage.title)\(a.approvedOn.map { "，\($0) 审定" } ?? "")）"]
        let rows = (sheet.items + sheet.bonus).map { i in
            [i.section, i.text, i.max > 0 ? Scoring.points(i.max) : "加分", Scoring.points(i.points), a.selfScores[i.id].map(Scoring.points) ?? "",
             i.basis.isEmpty ? (i.byPanel ? "待评估小组评分" : "无记录") : "\(i.basis.count) 条：" + (i.basis.first?.line ?? "")]
        }
        lines.append(TextTable.render(headers: ["部分", "项目", "分值", "得分", "自评", "依据"], rows: rows, footer: "共 \(rows.count) 项").trimmingCharacters(in: .newlines))
        lines.append(sheet.method == "scorecard" ? "合计 \(Scoring.points(sheet.total)) 分，达标线 \(Scoring.points(sheet.passMark)) 分：\(sheet.verdictText)"
                     : "完成 \(Scoring.points(sheet.total))/\(Scoring.points(sheet.passMark)) 项：\(sheet.verdictText)")
        if !sheet.passed {
            for w in sheet.waysToClose.prefix(3) { lines.append("  可补：\(w.howToEarn)（\(w.text)，\(Scoring.points(w.missing)) 分）") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
