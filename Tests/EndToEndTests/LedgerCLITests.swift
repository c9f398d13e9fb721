import Foundation
import Testing

/// `studiodesk ledger` and `studiodesk compliance` run as built, on the demo data (2026 ledgers).
@Suite(.serialized) struct LedgerCLITests {
    /// 医药卫生界委员工作室, found by its pinyin initials.
    static func medicalStudioID(_ s: TmuxSession) throws -> Int {
        let json = try s.studiodesk(["studios", "--db", s.dbPath, "--format", "json", "--search", "yywsj"])
        #expect(json.status == 0, "\(json.output)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        let row = try #require(rows.first { $0["name"] as? String == "医药卫生界委员工作室" })
        return try #require(row["id"] as? Int)
    }

    @Test func ledgerListsTheStudiosRecordsNewestFirst() throws {
        let s = try TmuxSession()
        try s.loadDemo()
        let id = try Self.medicalStudioID(s)

        let json = try s.studiodesk(["ledger", "--db", s.dbPath, "--studio", "\(id)", "--year", "2026", "--format", "json"])
        #expect(json.status == 0, "\(json.output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(report["year"] as? Int == 2026)
        let studio = try #require(report["studio"] as? [String: Any])
        #expect(studio["id"] as? Int == id)
        #expect(studio["name"] as? String == "医药卫生界委员工作室")
        let entries = try #require(report["entries"] as? [[String: Any]])
        #expect(!entries.isEmpty)
        let dates = entries.compactMap { $0["date"] as? String }
        #expect(dates.count == entries.count)
        #expect(dates.allSatisfy { $0.hasPrefix("2026-") })
        #expect(dates == dates.sorted(by: >), "newest first")
        // Activities carry their participants by name; every entry has the members key and a review.
        #expect(entries.allSatisfy { $0["members"] is [String] && $0["review"] is [String: Any] })
        #expect(entries.contains { $0["kind"] as? String == "activity" && !(($0["members"] as? [String]) ?? []).isEmpty })
        #expect(entries.contains { $0["kind"] as? String == "activity" && ($0["members"] as? [String])?.contains("张雪琴") == true })
        // mode is written out: online/offline for activities, null for the other ledgers.
        for e in entries {
            if e["kind"] as? String == "activity" {
                #expect(["online", "offline"].contains(e["mode"] as? String ?? ""))
            } else {
                #expect(e["mode"] is NSNull, "\(e)")
            }
        }
        let kinds = Set(entries.compactMap { $0["kind"] as? String })
        #expect(kinds.isSuperset(of: ["activity", "proposal", "sqmy", "intake"]))

        // --kind takes the Chinese title or the code.
        let proposals = try s.studiodesk(["ledger", "--db", s.dbPath, "--studio", "\(id)", "--year", "2026", "--kind", "提案", "--format", "json"])
        let onlyProposals = try #require(try JSONSerialization.jsonObject(with: Data(proposals.output.utf8)) as? [String: Any])
        let proposalEntries = try #require(onlyProposals["entries"] as? [[String: Any]])
        #expect(!proposalEntries.isEmpty)
        #expect(proposalEntries.allSatisfy { $0["kind"] as? String == "proposal" && $0["kindTitle"] as? String == "提案" })

        let csv = try s.studiodesk(["ledger", "--db", s.dbPath, "--studio", "\(id)", "--year", "2026", "--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.output.hasPrefix("日期,台账,类别,线上/线下,标题/内容,参加委员,状态,审核"))
        #expect(csv.output.split(separator: "\n").count == entries.count + 1)

        let table = try s.studiodesk(["ledger", "--db", s.dbPath, "--studio", "\(id)", "--year", "2026"])
        #expect(table.status == 0)
        #expect(table.output.hasPrefix("日期"))
        #expect(table.output.contains("医药卫生界委员工作室 2026 年共 \(entries.count) 条记录"))

        let unknown = try s.studiodesk(["ledger", "--db", s.dbPath, "--studio", "9999"])
        #expect(unknown.status != 0)
        #expect(unknown.output.contains("找不到编号为 9999 的工作室（studiodesk studios 可列出编号）"))
        let badKind = try s.studiodesk(["ledger", "--db", s.dbPath, "--studio", "\(id)", "--kind", "会议"])
        #expect(badKind.status != 0)
        #expect(badKind.output.contains("未知台账「会议」"))
    }

    @Test func complianceReportsEveryRunningStudioAgainstItsMinimums() throws {
        let s = try TmuxSession()
        try s.loadDemo()

        let json = try s.studiodesk(["compliance", "--db", s.dbPath, "--year", "2026", "--format", "json"])
        #expect(json.status == 0, "\(json.output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(report["year"] as? Int == 2026)
        #expect(report["quarter"] is NSNull)
        #expect((report["today"] as? String)?.count == 10)
        let studios = try #require(report["studios"] as? [[String: Any]])
        #expect(!studios.isEmpty)
        // Only running studios: the demo's 草稿, 审批中 and 终止 studios are left out.
        #expect(!studios.contains { $0["name"] as? String == "明湖区旅游协会委员工作室" })
        #expect(!studios.contains { $0["name"] as? String == "农业界委员工作室" })
        let shaanxi = studios.filter { $0["profile"] as? String == "shaanxi-2023" }
        #expect(!shaanxi.isEmpty)
        #expect(shaanxi.contains { $0["name"] as? String == "医药卫生界委员工作室" })
        for studio in shaanxi {
            let minimums = try #require(studio["minimums"] as? [[String: Any]])
            let reading = try #require(minimums.first { $0["id"] as? String == "reading" }, "\(studio["name"] ?? "")")
            #expect(reading["mode"] as? String == "eachMode")
            #expect(reading["required"] as? Int == 2)
            #expect(reading["scope"] as? String == "studio")
            #expect((reading["period"] as? [String: Any])?["title"] as? String == "2026年")
            #expect(reading["dueDate"] as? String == "2026-12-31")
        }
        // A profile without minimums (郴州) still lists its studios, with an empty array.
        let chenzhou = studios.filter { $0["profile"] as? String == "chenzhou-2019" }
        #expect(!chenzhou.isEmpty)
        #expect(chenzhou.allSatisfy { ($0["minimums"] as? [Any])?.isEmpty == true })

        for studio in studios {
            let open = try #require(studio["openIntake"] as? Int)
            let overdue = try #require(studio["overdueIntake"] as? Int)
            #expect(overdue >= 0 && overdue <= open)
            for m in try #require(studio["minimums"] as? [[String: Any]]) {
                let short = try #require(m["short"] as? Int)
                let state = try #require(m["state"] as? String)
                let required = try #require(m["required"] as? Int)
                let done = try #require(m["done"] as? Int)
                let online = try #require(m["doneOnline"] as? Int)
                let offline = try #require(m["doneOffline"] as? Int)
                let members = try #require(m["members"] as? [[String: Any]])
                let context = "\(studio["name"] ?? "") \(m["id"] ?? "") \((m["period"] as? [String: Any])?["title"] ?? "")"
                #expect((short == 0) == (state == "met"), "\(context)")
                #expect(["met", "due", "missed"].contains(state), "\(context)")
                #expect(online + offline == done, "\(context)")
                #expect((m["dueDate"] as? String) == (m["period"] as? [String: Any])?["end"] as? String)
                if m["scope"] as? String == "member" {
                    #expect(members.reduce(0) { $0 + (($1["short"] as? Int) ?? 0) } == short, "\(context)")
                    #expect(members.allSatisfy { ($0["short"] as? Int ?? 0) > 0 })
                } else {
                    #expect(members.isEmpty)
                    if m["mode"] as? String == "eachMode" {
                        #expect(short == max(0, required - online) + max(0, required - offline), "\(context)")
                    } else {
                        #expect(short == max(0, required - done), "\(context)")
                    }
                }
                if state == "missed" { #expect((m["daysLeft"] as? Int ?? 0) < 0, "\(context)") }
            }
        }

        // One quarter: quarterly minimums give that quarter only.
        let q2 = try s.studiodesk(["compliance", "--db", s.dbPath, "--year", "2026", "--quarter", "2", "--format", "json"])
        #expect(q2.status == 0, "\(q2.output)")
        let q2Report = try #require(try JSONSerialization.jsonObject(with: Data(q2.output.utf8)) as? [String: Any])
        #expect(q2Report["quarter"] as? Int == 2)
        let q2Lines = (q2Report["studios"] as? [[String: Any]] ?? []).flatMap { $0["minimums"] as? [[String: Any]] ?? [] }
        #expect(q2Lines.contains { ($0["period"] as? [String: Any])?["title"] as? String == "2026年第2季度" })
        #expect(!q2Lines.contains { ($0["period"] as? [String: Any])?["title"] as? String == "2026年第1季度" })

        let badQuarter = try s.studiodesk(["compliance", "--db", s.dbPath, "--year", "2026", "--quarter", "5"])
        #expect(badQuarter.status != 0)
        #expect(badQuarter.output.contains("季度「5」不对"))
        let badYear = try s.studiodesk(["compliance", "--db", s.dbPath, "--year", "26"])
        #expect(badYear.status != 0)
        #expect(badYear.output.contains("年份「26」不对"))
        let unknown = try s.studiodesk(["compliance", "--db", s.dbPath, "--year", "2026", "--studio", "9999"])
        #expect(unknown.status != 0)
        #expect(unknown.output.contains("找不到编号为 9999 的工作室"))

        let table = try s.studiodesk(["compliance", "--db", s.dbPath, "--year", "2026"])
        #expect(table.status == 0)
        #expect(table.output.hasPrefix("编号"))
        #expect(table.output.contains("已完成"))
        #expect(table.output.contains("\(studios.count) 个工作室，"))
        #expect(table.output.contains("群众意见逾期未办结"))
        let shortOnly = try s.studiodesk(["compliance", "--db", s.dbPath, "--year", "2026", "--short-only"])
        #expect(shortOnly.status == 0)
        let lines = shortOnly.output.split(separator: "\n")
        #expect(lines.count > 3)
        #expect(!lines.contains { $0.contains("已完成") })
        #expect(shortOnly.output.contains("项未完成"))
    }
}
