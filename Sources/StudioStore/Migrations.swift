import Foundation
import GRDB
import StudioCore

extension AppDatabase {
    /// One registered migration per schema change; never edit a shipped one.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-settings-members") { db in
            try db.create(table: "setting") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
            try db.create(table: "member") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("sector", .text).notNull().defaults(to: "")
                t.column("committee", .text).notNull().defaults(to: "")
                t.column("unitTitle", .text).notNull().defaults(to: "")
                t.column("expertise", .text).notNull().defaults(to: "")
                t.column("phone", .text).notNull().defaults(to: "")
                t.column("note", .text).notNull().defaults(to: "")
                t.column("pinyin", .text).notNull().defaults(to: "")
                t.column("initials", .text).notNull().defaults(to: "")
            }
            try db.create(index: "member_on_pinyin", on: "member", columns: ["pinyin", "name"])
        }
        m.registerMigration("v2-studios") { db in
            try db.create(table: "studio") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("type", .text).notNull()
                t.column("mode", .text).notNull()
                t.column("status", .text).notNull()
                t.column("profileID", .text).notNull()
                t.column("address", .text).notNull().defaults(to: "")
                t.column("sector", .text).notNull().defaults(to: "")
                t.column("committee", .text).notNull().defaults(to: "")
                t.column("pinyin", .text).notNull().defaults(to: "")
                t.column("initials", .text).notNull().defaults(to: "")
            }
            try db.create(table: "studioMembership") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("studioID", .integer).notNull().indexed().references("studio", onDelete: .cascade)
                // A member on a team cannot be deleted: the roster refuses first, the schema enforces it.
                t.column("memberID", .integer).notNull().indexed().references("member", onDelete: .restrict)
                t.column("role", .text).notNull()
                t.column("joinedOn", .text).notNull()
                t.column("leftOn", .text)
            }
        }
        m.registerMigration("v3-approvals-status-history") { db in
            try db.create(table: "approvalRecord") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("studioID", .integer).notNull().indexed().references("studio", onDelete: .cascade)
                t.column("round", .integer).notNull()
                t.column("stepID", .text).notNull()
                t.column("stepName", .text).notNull()
                t.column("decision", .text).notNull()
                t.column("opinion", .text).notNull().defaults(to: "")
                t.column("signer", .text).notNull()
                t.column("date", .text).notNull()
                t.column("plaqueNumber", .text)
            }
            try db.create(table: "statusChange") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("studioID", .integer).notNull().indexed().references("studio", onDelete: .cascade)
                t.column("fromStatus", .text).notNull()
                t.column("toStatus", .text).notNull()
                t.column("date", .text).notNull()
                t.column("reason", .text).notNull().defaults(to: "")
            }
        }
        m.registerMigration("v4-membership-left-reason") { db in
            try db.alter(table: "studioMembership") { t in t.add(column: "leftReason", .text) }
        }
        m.registerMigration("v5-application-values") { db in
            try db.create(table: "applicationValue") { t in
                t.column("studioID", .integer).notNull().references("studio", onDelete: .cascade)
                t.column("fieldID", .text).notNull()
                t.column("value", .text).notNull()
                t.primaryKey(["studioID", "fieldID"])
            }
        }
        m.registerMigration("v6-non-members-and-term-end") { db in
            try db.alter(table: "member") { t in
                t.add(column: "isNonMember", .boolean).notNull().defaults(to: false)
                t.add(column: "termEndedOn", .text)
            }
        }
        m.registerMigration("v7-wall-checklists-inspections") { db in
            // The office's editable copy of each profile checklist; items are retired, never deleted.
            try db.create(table: "wallList") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("profileID", .text).notNull()
                t.column("key", .text).notNull()
                t.column("name", .text).notNull()
                t.column("inferred", .boolean).notNull().defaults(to: false)
                t.column("source", .text).notNull().defaults(to: "")
                t.column("inUse", .boolean).notNull().defaults(to: true)
                t.column("position", .integer).notNull()
                t.uniqueKey(["profileID", "key"])
            }
            try db.create(table: "wallItem") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("listID", .integer).notNull().indexed().references("wallList", onDelete: .restrict)
                t.column("key", .text).notNull()
                t.column("text", .text).notNull()
                t.column("position", .integer).notNull()
                t.column("retiredOn", .text)
                t.uniqueKey(["listID", "key"])
            }
            try db.create(table: "inspection") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("studioID", .integer).notNull().indexed().references("studio", onDelete: .cascade)
                t.column("date", .text).notNull()
                t.column("inspector", .text).notNull()
                t.column("onSite", .boolean).notNull()
                t.column("note", .text).notNull().defaults(to: "")
            }
            // Verdicts keep their own copy of the list name and item text (the wording of the day).
            try db.create(table: "inspectionVerdict") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("inspectionID", .integer).notNull().indexed().references("inspection", onDelete: .cascade)
                t.column("itemID", .integer).indexed().references("wallItem", onDelete: .setNull)
                t.column("listKey", .text).notNull()
                t.column("listName", .text).notNull()
                t.column("itemText", .text).notNull()
                t.column("position", .integer).notNull()
                t.column("verdict", .text).notNull()
                t.column("note", .text).notNull().defaults(to: "")
                t.column("evidence", .text).notNull().defaults(to: "")
            }
        }
        m.registerMigration("v8-ledgers") { db in
            // Review fields are one JSON column per record (status, reviewer, date, comment).
            try db.create(table: "activity") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("studioID", .integer).notNull().references("studio", onDelete: .cascade)
                t.column("date", .text).notNull()
                t.column("category", .text).notNull()
                t.column("categoryName", .text).notNull()
                t.column("mode", .text).notNull()
                t.column("title", .text).notNull()
                t.column("place", .text).notNull().defaults(to: "")
                t.column("guests", .text).notNull().defaults(to: "")
                t.column("citizensReached", .integer).notNull().defaults(to: 0)
                t.column("summary", .text).notNull().defaults(to: "")
                t.column("attachments", .text).notNull().defaults(to: "")
                t.column("review", .text).notNull()
            }
            try db.create(index: "activity_on_studio_date", on: "activity", columns: ["studioID", "date"])
            try db.create(table: "proposal") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("studioID", .integer).notNull().references("studio", onDelete: .cascade)
                t.column("title", .text).notNull()
                t.column("date", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("status", .text).notNull()
                t.column("decidedOn", .text)
                t.column("handlingUnit", .text).notNull().defaults(to: "")
                t.column("repliedOn", .text)
                t.column("reply", .text).notNull().defaults(to: "")
                t.column("satisfaction", .text).notNull().defaults(to: "")
                t.column("award", .text)
                t.column("awardedOn", .text)
                t.column("review", .text).notNull()
            }
            try db.create(index: "proposal_on_studio_date", on: "proposal", columns: ["studioID", "date"])
            try db.create(table: "citizenItem") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("studioID", .integer).notNull().references("studio", onDelete: .cascade)
                t.column("receivedOn", .text).notNull()
                t.column("citizen", .text).notNull()
                t.column("contact", .text).notNull().defaults(to: "")
                t.column("channel", .text).notNull()
                t.column("content", .text).notNull()
                t.column("triage", .text)
                t.column("handling", .text).notNull().defaults(to: "")
                t.column("linkedKind", .text)
                t.column("linkedID", .integer)
                t.column("feedbackOn", .text)
                t.column("feedback", .text).notNull().defaults(to: "")
                t.column("explanation", .text).notNull().defaults(to: "")
                t.column("explainedOn", .text)
                t.column("review", .text).notNull()
            }
            try db.create(index: "citizenItem_on_studio_date", on: "citizenItem", columns: ["studioID", "receivedOn"])
            try db.create(table: "socialInfo") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("studioID", .integer).notNull().references("studio", onDelete: .cascade)
                t.column("title", .text).notNull()
                t.column("date", .text).notNull()
                t.column("channel", .text).notNull().defaults(to: "")
                t.column("status", .text).notNull()
                t.column("adoptedBy", .text).notNull().defaults(to: "")
                t.column("adoptedOn", .text)
                t.column("instructionBy", .text).notNull().defaults(to: "")
                t.column("instructionLevel", .text).notNull().defaults(to: "")
                t.column("instructionOn", .text)
                t.column("sourceIntakeID", .integer).references("citizenItem", onDelete: .setNull)
                t.column("review", .text).notNull()
            }
            try db.create(index: "socialInfo_on_studio_date", on: "socialInfo", columns: ["studioID", "date"])
            // Who took part in an activity, proposal or 社情民意 record.
            try db.create(table: "ledgerMember") { t in
                t.column("kind", .text).notNull()
                t.column("recordID", .integer).notNull()
                t.column("memberID", .integer).notNull().indexed().references("member", onDelete: .restrict)
                t.primaryKey(["kind", "recordID", "memberID"])
            }
            try db.create(table: "yearDoc") { t in
                t.column("studioID", .integer).notNull().references("studio", onDelete: .cascade)
                t.column("year", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("date", .text).notNull()
                t.column("text", .text).notNull()
                t.primaryKey(["studioID", "year", "kind"])
            }
        }
        m.registerMigration("v9-duty-rota") { db in
            // The office's copy of the holiday calendar (Resources/holidays), edited in the program.
            try db.create(table: "holidayYear") { t in
                t.primaryKey("year", .integer)
                t.column("source", .text).notNull().defaults(to: "")
            }
            try db.create(table: "holidayDay") { t in
                t.primaryKey("date", .text)
                t.column("kind", .text).notNull()
                t.column("name", .text).notNull().defaults(to: "")
            }
            try db.create(table: "dutyPlan") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("studioID", .integer).notNull().indexed().references("studio", onDelete: .cascade)
                t.column("year", .integer).notNull()
                t.column("quarter", .integer)
                t.column("patterns", .text).notNull().defaults(to: "")
                t.column("createdOn", .text).notNull()
            }
            try db.create(table: "dutySlot") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("planID", .integer).notNull().indexed().references("dutyPlan", onDelete: .cascade)
                t.column("studioID", .integer).notNull().references("studio", onDelete: .cascade)
                t.column("date", .text).notNull()
                t.column("start", .text).notNull()
                t.column("end", .text).notNull()
                t.column("mode", .text).notNull()
                t.column("place", .text).notNull().defaults(to: "")
                t.column("needed", .integer).notNull().defaults(to: 1)
                t.column("citizensReceived", .integer).notNull().defaults(to: 0)
                t.column("note", .text).notNull().defaults(to: "")
                // The 值班 activity the attended shift became; the ledger may delete it.
                t.column("activityID", .integer).references("activity", onDelete: .setNull)
            }
            try db.create(index: "dutySlot_on_studio_date", on: "dutySlot", columns: ["studioID", "date"])
            try db.create(index: "dutySlot_on_date", on: "dutySlot", columns: ["date"])
            try db.create(table: "dutyAssignment") { t in
                t.column("slotID", .integer).notNull().references("dutySlot", onDelete: .cascade)
                t.column("memberID", .integer).notNull().indexed().references("member", onDelete: .restrict)
                t.column("position", .integer).notNull()
                t.column("attendance", .text).notNull().defaults(to: "planned")
                t.column("substituteID", .integer).references("member", onDelete: .restrict)
                t.primaryKey(["slotID", "memberID"])
            }
            try db.create(table: "dutyUnavailable") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("memberID", .integer).notNull().indexed().references("member", onDelete: .cascade)
                t.column("from", .text).notNull()
                t.column("to", .text).notNull()
                t.column("reason", .text).notNull().defaults(to: "")
            }
            // A citizen's item received on duty keeps the shift it came in on.
            try db.alter(table: "citizenItem") { t in t.add(column: "dutySlotID", .integer).references("dutySlot", onDelete: .setNull) }
            // 值班公示 prints a member's photo where one is recorded (a PNG file).
            try db.alter(table: "member") { t in t.add(column: "photoPath", .text) }
        }
        m.registerMigration("v10-assessments") { db in
            // One row per studio, year and round (2 = 整改后复评). The body holds the rule profile as it was,
            // the studio's and the panel's entries, the texts and the computed sheet (frozen once 审定).
            try db.create(table: "assessment") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("studioID", .integer).notNull().references("studio", onDelete: .cascade)
                t.column("year", .integer).notNull()
                t.column("round", .integer).notNull().defaults(to: 1)
                t.column("profileID", .text).notNull()
                t.column("stage", .text).notNull()
                t.column("total", .double).notNull()
                t.column("passed", .boolean).notNull()
                t.column("approvedOn", .text)
                t.column("updatedOn", .text).notNull()
                t.column("body", .text).notNull()
                t.uniqueKey(["studioID", "year", "round"])
            }
            try db.create(index: "assessment_on_year", on: "assessment", columns: ["year"])
            // A locked result changes only through a recorded reopening.
            try db.create(table: "assessmentReopening") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("assessmentID", .integer).notNull().indexed().references("assessment", onDelete: .cascade)
                t.column("date", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("approvedOnBefore", .text)
                t.column("totalBefore", .double)
            }
            try db.create(table: "consequenceTask") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("studioID", .integer).notNull().indexed().references("studio", onDelete: .cascade)
                t.column("assessmentID", .integer).notNull().indexed().references("assessment", onDelete: .cascade)
                t.column("year", .integer).notNull()
                t.column("trigger", .text).notNull()
                t.column("action", .text).notNull()
                t.column("status", .text)
                t.column("dueOn", .text).notNull()
                t.column("confirmedOn", .text)
            }
        }
        m.registerMigration("v11-office-scorecards") { db in
            // An office's own copy of a profile's 评估表 (or a local table for a verdict profile), edited in 规则设置.
            try db.create(table: "officeScorecard") { t in
                t.primaryKey("profileID", .text)
                t.column("body", .text).notNull()
                t.column("updatedOn", .text).notNull()
            }
        }
        m.registerMigration("v12-audit-log") { db in
            // Who changed what: written by the temporary triggers each StudioDesk writer connection installs
            // (AuditLog.swift), never by the screens; no code path updates or deletes a line.
            try db.create(table: "auditLog") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .text).notNull()
                t.column("user", .text).notNull()
                t.column("tableName", .text).notNull()
                t.column("recordID", .integer).notNull()
                t.column("action", .text).notNull()
                t.column("studioID", .integer)
                t.column("oldValues", .text)
                t.column("newValues", .text)
            }
            try db.create(index: "auditLog_at", on: "auditLog", columns: ["at"])
            try db.create(index: "auditLog_studio", on: "auditLog", columns: ["studioID", "at"])
        }
        m.registerMigration("v13-ledger-date-indexes") { db in
            // The office-wide ledger view pages by date across every studio (LedgerPaging).
            try db.create(index: "activity_on_date", on: "activity", columns: ["date"])
            try db.create(index: "proposal_on_date", on: "proposal", columns: ["date"])
            try db.create(index: "socialInfo_on_date", on: "socialInfo", columns: ["date"])
            try db.create(index: "citizenItem_on_receivedOn", on: "citizenItem", columns: ["receivedOn"])
        }
        m.registerMigration("v14-locked-years") { db in
            // A year whose every judged result is 审定: what it showed, kept as it was (issue 18).
            try db.create(table: "lockedYear") { t in
                t.primaryKey("year", .integer)
                t.column("lockedOn", .text).notNull()
                t.column("body", .text).notNull()
            }
        }
        m.registerMigration("v15-activity-guest-kind") { db in
            // 联系区政协专委会指导工作 counts a 专委会 as guide, not any guest (issue 18). Records from before the
            // field existed are classified once from the text the clerk wrote; from now on the form asks.
            try db.alter(table: "activity") { t in t.add(column: "guestKind", .text) }
            try db.execute(sql: """
                UPDATE activity SET guestKind = CASE
                  WHEN guests LIKE '%专委会%' OR (guests LIKE '%政协%' AND guests LIKE '%委员会%') THEN 'committee'
                  WHEN guests LIKE '%政协%' THEN 'cppccLeader'
                  ELSE 'other' END
                WHERE trim(guests) != ''
                """)
        }
        m.registerMigration("v16-application-id") { db in
            // The file says it is StudioDesk's (issue 19): opening, restoring or importing refuses any other program's
            // file. Older StudioDesk files, recognised by their first migration, are marked here.
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        }
        m.registerMigration("v17-audit-chain") { db in
            // Each line signed with the line before it (AuditChain.swift); the lines already there are signed now, in order.
            try db.alter(table: "auditLog") { t in
                t.add(column: "prev", .text)
                t.add(column: "hash", .text)
            }
            var previous: String?
            for r in try Row.fetchAll(db, sql: "SELECT * FROM auditLog ORDER BY id") {
                let hash = AuditLog.hash(prev: previous, at: r["at"], user: r["user"], table: r["tableName"], recordID: r["recordID"],
                                         action: r["action"], studioID: r["studioID"], old: r["oldValues"], new: r["newValues"])
                try db.execute(sql: "UPDATE auditLog SET prev = ?, hash = ? WHERE id = ?", arguments: [previous, hash, r["id"]])
                previous = hash
            }
        }
        m.registerMigration("v18-open-edits") { db in
            // Which session has which record open in a form (issue 22): advisory marks, 正在被 张三 编辑. Not data, so
            // not audited (a whole-file export carries the rows; stale there, they are ignored); a row whose heartbeat
            // stopped or whose process is gone counts for nothing.
            try db.create(table: "openEdit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull()
                t.column("recordID", .integer).notNull()
                t.column("user", .text).notNull()
                t.column("session", .text).notNull().indexed()
                t.column("host", .text).notNull()
                t.column("pid", .integer).notNull()
                t.column("openedAt", .double).notNull()
                t.column("heartbeat", .double).notNull()
            }
            try db.create(index: "openEdit_on_record", on: "openEdit", columns: ["kind", "recordID"])
        }
        m.registerMigration("v19-annual-summaries") { db in
            // A studio's 年度工作总结 (issue 23): its own three texts with who wrote them last; the generated part is
            // recomputed from the records until 定稿, then kept here as it was (`body`, JSON of AnnualSummary).
            try db.create(table: "annualSummary") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("studioID", .integer).notNull().references("studio", onDelete: .cascade)
                t.column("year", .integer).notNull()
                t.column("highlights", .text).notNull().defaults(to: "")
                t.column("problems", .text).notNull().defaults(to: "")
                t.column("nextPlan", .text).notNull().defaults(to: "")
                t.column("editedAt", .text)
                t.column("editedBy", .text)
                t.column("finalizedOn", .text)
                t.column("finalizedBy", .text)
                t.column("body", .text)
                t.uniqueKey(["studioID", "year"])
            }
        }
        m.registerMigration("v20-received-returns") { db in
            // Lower offices' quarterly returns as received (issue 23): one per office and quarter, the file's text as it
            // came with its checksum. Never edited: a newer return deletes the older and is inserted in its place.
            try db.create(table: "receivedReturn") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("office", .text).notNull()
                t.column("level", .text).notNull()
                t.column("year", .integer).notNull()
                t.column("quarter", .integer).notNull()
                t.column("madeAt", .text).notNull()
                t.column("receivedAt", .text).notNull()
                t.column("content", .text).notNull()
                t.column("checksum", .text).notNull()
                t.uniqueKey(["office", "year", "quarter"])
            }
            try db.execute(sql: """
                CREATE TRIGGER receivedReturn_readOnly BEFORE UPDATE ON receivedReturn
                BEGIN SELECT RAISE(ABORT, '已接收的下级报送不能修改'); END
                """)
        }
        m.registerMigration("v21-accounts") { db in
            // Who may open the file and as what (issue 22). An account is disabled, never deleted: the audit names it.
            try db.create(table: "account") { t in
                t.primaryKey("name", .text)
                t.column("roleID", .text).notNull()
                t.column("disabled", .boolean).notNull().defaults(to: false)
                t.column("publicKey", .text)
                t.column("createdOn", .text).notNull()
            }
            // A 联络员's studios.
            try db.create(table: "accountStudio") { t in
                t.column("accountName", .text).notNull().references("account", onDelete: .cascade, onUpdate: .cascade)
                t.column("studioID", .integer).notNull().indexed().references("studio", onDelete: .cascade)
                t.primaryKey(["accountName", "studioID"])
            }
        }
        m.registerMigration("v22-office-year-summaries") { db in
            // The office's own texts of its year-end 总结材料 (issue 23), one row a year; the figures are the year's
            // 汇总, recomputed from the studios and the received returns each time.
            try db.create(table: "officeYearSummary") { t in
                t.primaryKey("year", .integer)
                t.column("highlights", .text).notNull().defaults(to: "")
                t.column("problems", .text).notNull().defaults(to: "")
                t.column("nextPlan", .text).notNull().defaults(to: "")
                t.column("editedAt", .text)
                t.column("editedBy", .text)
            }
        }
        m.registerMigration("v23-member-name-index") { db in
            // A search's best matches are the names that begin with it (issue 24): a range of this index, not a scan
            // of the roster (60,000 members at province size).
            try db.create(index: "member_on_name", on: "member", columns: ["name"])
        }
        m.registerMigration("v24-received-return-digest") { db in
            // The SHA-256 of a received return's text as kept, written when it passed the full check on receipt
            // (issue 24): loading it again compares this digest instead of decoding, re-encoding and hashing its
            // content each time (a city's return is 1 MB). A return that fails the check keeps none and is checked
            // in full wherever it is read, as before.
            try db.alter(table: "receivedReturn") { t in t.add(column: "contentDigest", .text) }
            let rows = try Row.fetchAll(db, sql: "SELECT id, content, checksum FROM receivedReturn")
            guard !rows.isEmpty else { return }
            try db.execute(sql: "DROP TRIGGER receivedReturn_readOnly")
            for row in rows {
                let content: String = row["content"]
                guard let (_, sum) = try? ReturnFile.decode(Data(content.utf8)), sum == row["checksum"] else { continue }
                try db.execute(sql: "UPDATE receivedReturn SET contentDigest = ? WHERE id = ?", arguments: [ReturnFile.digest(content), row["id"] as Int64])
            }
            try db.execute(sql: """
                CREATE TRIGGER receivedReturn_readOnly BEFORE UPDATE ON receivedReturn
                BEGIN SELECT RAISE(ABORT, '已接收的下级报送不能修改'); END
                """)
        }
        return m
    }
}
