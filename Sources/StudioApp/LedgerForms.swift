import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// The entry forms of the ledgers. Dates take t, y, 2026-3-5, 3.5; members are typed as names or
/// pinyin initials separated by spaces or 、 and checked against the team, then the roster.
enum LedgerForms {
    static let dateGuidance = FormValues.dateGuidance

    /// Problems to show under the fields of a form, by field id.
    struct FieldProblems: Error {
        var fields: [String: String]
        init(_ fields: [String: String]) { self.fields = fields }
    }

    /// A ledger date typed outside a form's own date field (a 计划与总结 draft of another 种类), read as the
    /// forms read theirs: not after today.
    static func parseDate(_ text: String, field: String, context: AppContext) -> Result<String, FieldProblems> {
        switch FormValues.readDate(text, today: context.today(), notAfterToday: true) {
        case .success(let d): .success(d!.iso)
        case .failure(let p): .failure(FieldProblems([field: p.message]))
        }
    }

    /// The people typed in a members field, or the problem to show under it.
    static func members(_ text: String?, field: String, context: AppContext, studioID: Int64) -> Result<[Member], FieldProblems> {
        let team = ((try? context.db.team(studioID: studioID)) ?? []).filter(\.isCurrent).map(\.member)
        let roster = (try? context.db.members(matching: SearchQuery(""), limit: 100_000)) ?? []
        switch MemberNames.resolve(text ?? "", team: team, roster: roster) {
        case .members(let m): return .success(m)
        case .problem(let p): return .failure(FieldProblems([field: p]))
        }
    }

    static func issues(_ error: Error) -> EntryFormScreen.Outcome {
        if case StoreError.validation(let found) = error {
            return .issues(Dictionary(found.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a }))
        }
        return .saved(.push(MessageDialog(title: "保存失败", message: "\(error)（填写的内容仍在表中）", isError: true)))
    }

    /// Warns once about a record that looks entered twice (same studio, day and title);
    /// saving again on the same values goes ahead.
    final class DuplicateGuard {
        var warned: String?
        func check(_ context: AppContext, kind: LedgerKind, studioID: Int64, date: String, title: String, id: Int64?) -> [String: String]? {
            let key = "\(date)|\(title)"
            guard warned != key, (try? context.db.isDuplicate(kind: kind, studioID: studioID, date: date, title: title, excluding: id)) == true else {
                return nil
            }
            warned = key
            return ["title": "\(DateInput.chinese(date)) 已有同名记录，可能重复录入；确认无误请再按 F2 保存"]
        }
    }

    /// The version of a record a form opened, so the save can tell whether another clerk saved it since.
    final class EditedVersion<R> {
        var record: R?
        var memberIDs: [Int64]
        var overwrite = false

        init(_ record: R?, members: [Member]) {
            self.record = record
            memberIDs = members.compactMap(\.id)
        }

        /// What the store must still find, or nil: a new record, or an overwrite the clerk chose.
        var expected: (R, [Int64])? { overwrite ? nil : record.map { ($0, memberIDs) } }

        /// The form's answer to a conflict: their version loaded through `values`, or the next save forced.
        func conflict(_ c: ChangedElsewhere, reload: @escaping () -> (R, [Member])?,
                      values: @escaping (R, [Member]) -> [String: String]) -> EntryFormScreen.Outcome {
            .changedElsewhere(c, theirs: { [self] in
                guard let (r, m) = reload() else { return nil }
                record = r
                memberIDs = m.compactMap(\.id)
                overwrite = false
                return values(r, m)
            }, overwrite: { [self] in overwrite = true })
        }
    }

    // MARK: 活动日志

    /// A new activity (nil), an existing one, or a new one copied from `template` (repeat the last record).
    static func activity(context: AppContext, studio: Studio, profile: RuleProfile?, existing: Activity?, members: [Member],
                         template: Activity? = nil) -> Screen {
        let categories = profile?.activityCategories ?? []
        func values(_ existing: Activity?, _ members: [Member]) -> [String: String] {
            let source = existing ?? template
            return [
                "date": existing?.date ?? "t",
                "category": source?.categoryName ?? categories.first?.name ?? "",
                "mode": (source?.mode ?? studio.mode).title,
                "title": source?.title ?? "", "place": source?.place ?? "",
                "members": MemberNames.text(members), "guests": source?.guests ?? "",
                "guestKind": (source?.guestKind ?? .committee).title,
                "citizens": source.map { $0.citizensReached > 0 ? "\($0.citizensReached)" : "" } ?? "",
                "summary": existing?.summary ?? "", "attachments": existing?.attachments.replacingOccurrences(of: "\n", with: "；") ?? "",
            ]
        }
        let version = EditedVersion(existing, members: members)
        let guardDup = DuplicateGuard()
        let people = ParticipantLookup(context: context, studioID: studio.id!)
        var confirmedOffTeam: String?
        let fields: [EntryFormScreen.Field] = [
            .init("date", "日期", .date(today: context.today, notAfterToday: true), guidance: dateGuidance),
            .init("category", "类别", .choice(categories.map(\.name)), guidance: "Left/Right 或数字键选择；类别来自「\(profile?.name ?? studio.profileID)」"),
            .init("mode", "线上/线下", .choice(StudioMode.allCases.map(\.title))),
            .init("title", "活动名称", .text(maxLength: 60)),
            .init("place", "地点", .text(maxLength: 60)),
            .init("members", "参加委员", .text(maxLength: 200), guidance: "姓名或拼音首字母，空格后即换成姓名，如：zxq lsm；一人多指时 Tab 选择",
                  complete: people.complete),
            .init("guests", "嘉宾", .text(maxLength: 80), guidance: "如：区政协教科卫体委员会副主任（联系专委会指导工作）"),
            .init("guestKind", "嘉宾身份", .choice(GuestKind.allCases.map(\.title)), guidance: "有嘉宾时填写；「政协专委会」计入联系专委会指导工作"),
            .init("citizens", "服务群众", .number(range: 0...1_000_000, required: false, maxLength: 6, message: "服务群众人数应为不小于 0 的整数"),
                  guidance: "人数，可空"),
            .init("summary", "内容摘要", .multiline(maxLength: 1000)),
            .init("attachments", "附件", .text(maxLength: 500), guidance: "照片或文件路径，多个用；分隔（须存在）"),
        ]
        let title = existing == nil ? (template == nil ? "新活动：\(studio.name)" : "新活动（沿用上条）：\(studio.name)") : "修改活动：\(studio.name)"
        // Every problem of the form at once, each under its field, with those of a date or number that does not read.
        func checked(_ v: FormValues) -> (problems: [String: String], found: MemberNames.Check, paths: [String],
                                          category: RuleProfile.ActivityCategory?) {
            var problems: [String: String] = [:]
            let date = v.dateIfAny("date")?.iso
            let found = people.check(v.text("members"), on: date)
            if !found.problems.isEmpty { problems["members"] = found.problems.joined(separator: "；") }
            let paths = v.text("attachments").split(whereSeparator: { "；;".contains($0) })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let missing = paths.first(where: { !FileManager.default.fileExists(atPath: ($0 as NSString).expandingTildeInPath) }) {
                problems["attachments"] = "找不到附件文件：\(missing)"
            }
            let category = categories.first(where: { $0.name == v.choice("category") })
            if category == nil { problems["category"] = "请选择活动类别" }
            let titleCheck = Activity(studioID: studio.id!, date: date ?? "", category: category?.id ?? "", categoryName: category?.name ?? "", title: v.text("title"))
            for issue in titleCheck.issues() where problems[issue.field] == nil { problems[issue.field] = issue.message }
            return (problems, found, paths, category)
        }
        return EntryFormScreen(title: title, fields: fields, values: values(existing, members), viewing: !context.session.may(.editLedger, studio: studio.id),
                               permission: (.editLedger, studio.id), check: { checked($0).problems }) { v in
            let date = v.date("date").iso
            let (problems, found, paths, category) = checked(v)
            guard problems.isEmpty, let category else { return .issues(problems) }
            // A member not on the team that day is said by name; saving again on the same list goes ahead.
            if !found.warnings.isEmpty {
                let key = date + "|" + found.members.compactMap(\.id).map(String.init).joined(separator: ",")
                if confirmedOffTeam != key {
                    confirmedOffTeam = key
                    return .issues(["members": found.warnings.joined(separator: "；") + "；确认无误请再按 F2 保存"])
                }
            }
            var a = version.record ?? Activity(studioID: studio.id!, date: date, category: category.id, categoryName: category.name, title: "")
            a.date = date
            a.category = category.id
            a.categoryName = category.name
            a.mode = StudioMode.allCases.first { $0.title == v.choice("mode") } ?? .offline
            a.title = v.text("title")
            a.place = v.text("place")
            a.guests = v.text("guests").trimmingCharacters(in: .whitespaces)
            a.guestKind = a.guests.isEmpty ? nil : GuestKind(title: v.choice("guestKind")) ?? .other
            a.citizensReached = v.intIfAny("citizens") ?? 0
            a.summary = v.text("summary")
            a.attachments = paths.joined(separator: "\n")
            if let dup = guardDup.check(context, kind: .activity, studioID: studio.id!, date: date, title: a.title, id: a.id) {
                return .issues(dup)
            }
            do {
                try context.db.saveActivity(a, memberIDs: found.members.compactMap(\.id), expecting: version.expected)
                return .saved(.stay)
            } catch let c as ChangedElsewhere {
                return version.conflict(c, reload: {
                    guard let id = a.id, let fresh = try? context.db.activity(id: id) else { return nil }
                    return (fresh, (try? context.db.participants(kind: .activity, recordID: id)) ?? [])
                }, values: values)
            } catch {
                return issues(error)
            }
        }.marking(existing?.id.map { RecordRef("activity", $0) })
    }

    /// The studio's team and the roster for a members field, loaded once per form (the roster when first needed):
    /// completes initials in place as the clerk types and checks the list on save. The reading is the core's
    /// (`MemberNames`); this only fetches and shows.
    final class ParticipantLookup {
        let context: AppContext
        let studioID: Int64
        lazy var team: [TeamEntry] = (try? context.db.team(studioID: studioID)) ?? []
        lazy var roster: [Member] = (try? context.db.members(matching: SearchQuery(""), limit: 100_000)) ?? []

        init(context: AppContext, studioID: Int64) {
            self.context = context
            self.studioID = studioID
        }

        var currentTeam: [Member] { team.filter(\.isCurrent).map(\.member) }

        func check(_ text: String, on date: String?) -> MemberNames.Check {
            MemberNames.check(text, team: team, roster: roster, on: date)
        }

        /// After a space or on leaving the field: names in place; a token naming several people opens the choice.
        func complete(_ text: String, leaving: Bool, set: @escaping (String) -> Void) -> Navigation {
            let done = MemberNames.complete(text, all: leaving, team: currentTeam, roster: roster)
            if done.text != text { set(done.text) }
            guard let choice = done.choice else { return .stay }
            let teamIDs = Set(currentTeam.compactMap(\.id))
            return .push(MemberChoiceDialog(token: choice.token, candidates: choice.candidates, teamIDs: teamIDs) { m in
                set(MemberNames.replacing(token: choice.index, in: done.text, with: m.name))
            })
        }
    }
    // MARK: Review

    /// 已审核 with the session's user as 审核人 (Enter saves), or 退回 with a comment; for one record or several
    /// marked ones in one transaction. `reviewed` runs after the save (the ledger moves to the next 待审核).
    static func review(context: AppContext, entries: [LedgerEntry], approve: Bool, reviewed: @escaping () -> Void = {}) -> Screen {
        // The session's user (studiodesk --user): a reviewer reviews under their own name.
        let last = context.session.actor.account?.name ?? context.db.user
        var fields: [EntryFormScreen.Field] = [.init("reviewer", "审核人", .text(maxLength: 20))]
        if !approve { fields.append(.init("comment", "退回原因", .text(maxLength: 200), guidance: "告诉录入人要补充或更正什么")) }
        let what = entries.count == 1 ? entries[0].title : "已标记的 \(entries.count) 条记录"
        return EntryFormScreen(title: (approve ? "审核通过：" : "退回：") + what, fields: fields, values: ["reviewer": last], permission: (.reviewLedger, entries.first?.studioID)) { v in
            let who = v.text("reviewer").trimmingCharacters(in: .whitespaces)
            let review = Review(status: approve ? .approved : .returned, reviewer: who, reviewedOn: DateInput.iso(context.today()),
                                comment: v.text("comment"))
            do {
                try context.db.setReviews(entries.map { ($0.kind, $0.id) }, review)
                reviewed()
                return .saved(.stay)
            } catch {
                return issues(error)
            }
        }
    }

    // MARK: 年度计划、总结、自查自评

    static func yearDoc(context: AppContext, studio: Studio, year: Int) -> Screen {
        let docs = (try? context.db.yearDocs(studioID: studio.id!, year: year)) ?? []
        let stamp = try? context.db.editStamp(of: .yearDocs(studioID: studio.id!))
        let kinds = YearDocKind.allCases
        if !context.session.may(.editLedger, studio: studio.id) {
            // A reviewer (or another studio's 联络员) reads all three, each whole.
            var values: [String: String] = [:]
            for d in docs { values["date-\(d.kind.title)"] = d.date; values["text-\(d.kind.title)"] = d.text }
            return EntryFormScreen(title: "\(year)年 计划与总结：\(studio.name)",
                                   fields: kinds.flatMap { k in [.init("date-\(k.title)", "\(k.title)日期", .text(maxLength: 12)),
                                                                 .init("text-\(k.title)", k.title, .text(maxLength: 12000))] },
                                   values: values, viewing: true) { _ in .saved(.stay) }
        }
        // Each 种类 keeps its own draft while the form is open: switching shows that kind's date and text, and F2
        // saves every kind that was changed (before, the text stayed put and a plan could be saved as the 总结).
        final class Drafts { var byKind: [YearDocKind: (date: String, text: String)] = [:] }
        let drafts = Drafts()
        func stored(_ kind: YearDocKind) -> (date: String, text: String) {
            docs.first { $0.kind == kind }.map { ($0.date, $0.text) } ?? ("t", "")
        }
        func shown(_ kind: YearDocKind) -> (date: String, text: String) { drafts.byKind[kind] ?? stored(kind) }
        let first = shown(kinds[0])
        return EntryFormScreen(
            title: "\(year)年 计划与总结：\(studio.name)",
            fields: [.init("kind", "种类", .choice(kinds.map(\.title)), guidance: "换种类即换成该种的日期和内容；F2 一并保存改过的各种；按台账生成的年度工作总结在台账按 z",
                           changed: { before, option in
                               if let was = kinds.first(where: { $0.title == before["kind"] }) {
                                   drafts.byKind[was] = (before["date"] ?? "", before["text"] ?? "")
                               }
                               guard let now = kinds.first(where: { $0.title == option }) else { return [:] }
                               let doc = shown(now)
                               return ["date": doc.date, "text": doc.text]
                           }),
                     .init("date", "日期", .date(today: context.today, notAfterToday: true), guidance: dateGuidance),
                     .init("text", "内容", .multiline(maxLength: 12000), guidance: "已填：" + (docs.isEmpty ? "无" : docs.map(\.kind.title).joined(separator: "、")))],
            values: ["kind": kinds[0].title, "date": first.date, "text": first.text],
            permission: (.editLedger, studio.id)
        ) { v in
            guard let kind = kinds.first(where: { $0.title == v.choice("kind") }) else { return .issues(["kind": "请选择种类"]) }
            drafts.byKind[kind] = (v.text("date"), v.text("text"))
            var toSave: [YearDoc] = []
            for k in kinds {
                guard let draft = drafts.byKind[k] else { continue }
                let was = stored(k)
                // An untouched kind, or one never written and left empty, is not saved.
                if k != kind && (draft.date == was.date && draft.text == was.text) { continue }
                if k != kind && was.text.isEmpty && draft.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
                let date: String
                switch parseDate(draft.date, field: "date", context: context) {
                case .success(let d): date = d
                case .failure(let f):
                    return .issues(k == kind ? f.fields : ["kind": "\(k.title)：\(f.fields.values.first ?? "日期有误")"])
                }
                toSave.append(YearDoc(studioID: studio.id!, year: year, kind: k, date: date, text: draft.text))
            }
            do {
                try context.db.saveYearDocs(toSave, expecting: stamp)
                return .saved(.stay)
            } catch {
                return issues(error)
            }
        }
    }
}

/// The people a typed token could mean (`zxq` → 张雪琴, 赵小青 …), the studio's team first: Up/Down or a digit,
/// Enter puts the name in place of the token; Esc leaves the token as typed.
final class MemberChoiceDialog: Screen {
    let token: String
    let candidates: [Member]
    let teamIDs: Set<Int64>
    let onPick: (Member) -> Void
    var selected = 0

    init(token: String, candidates: [Member], teamIDs: Set<Int64>, onPick: @escaping (Member) -> Void) {
        self.token = token
        self.candidates = candidates
        self.teamIDs = teamIDs
        self.onPick = onPick
    }

    var title: String { "「\(token)」指哪一位" }
    var isOverlay: Bool { true }
    var hints: [KeyHint] {
        [KeyHint(key: "Up/Down", label: "移动"), KeyHint(key: "1-9", label: "第几位"), KeyHint(key: "Enter", label: "选定"), KeyHint(key: "Esc", label: "不选")]
    }

    func handle(_ key: Key) -> Navigation {
        switch key {
        case .up: selected = max(0, selected - 1)
        case .down: selected = min(candidates.count - 1, selected + 1)
        case .enter:
            onPick(candidates[selected])
            return .pop
        case .char(let c):
            if let d = c.wholeNumberValue, d >= 1, d <= min(9, candidates.count) {
                onPick(candidates[d - 1])
                return .pop
            }
        case .escape: return .pop
        default: break
        }
        return .stay
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let shown = Array(candidates.prefix(max(1, area.height - 4)))
        let width = min(area.width - 4, 64)
        let rect = DialogBox.rect(in: area, width: width, height: shown.count + 2)
        let inner = DialogBox.draw(into: &buffer, rect: rect, title: title)
        for (i, m) in shown.enumerated() where i < inner.height {
            let mark = teamIDs.contains(m.id ?? -1) ? "本室成员" : ""
            let line = "\(i < 9 ? "\(i + 1)" : " ") \(DisplayWidth.pad(m.name, to: 8))\(DisplayWidth.pad(mark, to: 9))\(m.sector)  \(m.unitTitle)"
            buffer.put(DisplayWidth.pad(line, to: inner.width), row: inner.row + i, col: inner.col, maxWidth: inner.width,
                       style: i == selected ? .selection : .normal)
        }
    }
}
