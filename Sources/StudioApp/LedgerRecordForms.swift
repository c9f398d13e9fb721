import Foundation
import StudioCore
import StudioStore
import TerminalKit

/// The entry forms of the 提案, 社情民意 and 群众意见建议 ledgers, in the style of `LedgerForms.activity`.
/// Field ids are the domain's (title, date, decidedOn, repliedOn, award, satisfaction …), so the
/// problems found by `Proposal.issues()` and the store appear under the field they belong to.
extension LedgerForms {
    /// The members typed in a field; their problem, if any, is added to `problems`.
    static func recordMembers(_ v: FormValues, _ field: String, context: AppContext, studioID: Int64,
                              into problems: inout [String: String]) -> [Member] {
        switch LedgerForms.members(v.text(field), field: field, context: context, studioID: studioID) {
        case .success(let m): return m
        case .failure(let f):
            problems.merge(f.fields) { a, _ in a }
            return []
        }
    }

    /// A save error as form problems; one about a field the form does not have goes under `fallback`.
    static func formIssues(_ error: Error, fields: [EntryFormScreen.Field], fallback: String) -> EntryFormScreen.Outcome {
        let outcome = LedgerForms.issues(error)
        guard case .issues(let found) = outcome else { return outcome }
        let ids = Set(fields.map(\.id))
        var out: [String: String] = [:]
        for key in found.keys.sorted() {
            let target = ids.contains(key) ? key : fallback
            if out[target] == nil { out[target] = found[key] }
        }
        return .issues(out)
    }

    /// The first characters of a citizen's words, on one line (titles made from an item).
    static func snippet(_ text: String, _ count: Int = 30) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return String(line.prefix(count))
    }

    static func trimmed(_ v: FormValues, _ field: String) -> String {
        v.text(field).trimmingCharacters(in: .whitespaces)
    }

    // MARK: 提案

    static let unrated = "未评"
    static let noAward = "无"

    static func proposal(context: AppContext, studio: Studio, existing: Proposal?, members: [Member]) -> Screen {
        let kinds = ProposalKind.allCases
        let statuses = ProposalStatus.allCases
        let satisfactions = [unrated] + Proposal.satisfactionLevels
        let awards = [noAward] + ProposalAward.allCases.map(\.title)
        func values(_ existing: Proposal?, _ members: [Member]) -> [String: String] {
            [
                "title": existing?.title ?? "",
                "date": existing?.date ?? "t",
                "kind": (existing?.kind ?? .individual).title,
                "members": MemberNames.text(members),
                "status": (existing?.status ?? .submitted).title,
                "decidedOn": existing?.decidedOn ?? "",
                "handlingUnit": existing?.handlingUnit ?? "",
                "repliedOn": existing?.repliedOn ?? "",
                "reply": existing?.reply ?? "",
                "satisfaction": existing.map { $0.satisfaction.isEmpty ? unrated : $0.satisfaction } ?? unrated,
                "award": existing?.award?.title ?? noAward,
                "awardedOn": existing?.awardedOn ?? "",
            ]
        }
        let version = EditedVersion(existing, members: members)
        let fields: [EntryFormScreen.Field] = [
            .init("title", "标题", .text(maxLength: 100), guidance: "如：关于加快老旧小区改造的提案"),
            .init("date", "提交日期", .date(today: context.today, notAfterToday: true), guidance: dateGuidance),
            .init("kind", "类型", .choice(kinds.map(\.title)), guidance: "个人、联名提案须填提案人；集体提案以工作室名义提出"),
            .init("members", "提案人", .text(maxLength: 200), guidance: "姓名或拼音首字母，空格后即换成姓名，如：zxq lsm",
                  complete: LedgerForms.ParticipantLookup(context: context, studioID: studio.id!).complete),
            .init("status", "状态", .choice(statuses.map(\.title)), guidance: "已提交 → 已立案（或不立案、并案）→ 已答复"),
            .init("decidedOn", "立案/不立案/并案日期", .date(today: context.today, required: false, notAfterToday: true), guidance: "状态为已立案、不立案、并案或已答复时必填；" + dateGuidance),
            .init("handlingUnit", "承办单位", .text(maxLength: 60), guidance: "如：区住建局"),
            .init("repliedOn", "答复日期", .date(today: context.today, required: false, notAfterToday: true), guidance: "状态为已答复时必填；" + dateGuidance),
            .init("reply", "答复内容", .multiline(maxLength: 1000)),
            .init("satisfaction", "满意度", .choice(satisfactions), guidance: "提案人对答复的满意度评价"),
            .init("award", "评优", .choice(awards), guidance: "只有立案的提案才能评为重点或优秀提案"),
            .init("awardedOn", "评优日期", .date(today: context.today, required: false, notAfterToday: true), guidance: dateGuidance),
        ]
        let guardDup = DuplicateGuard()
        let title = existing == nil ? "新提案：\(studio.name)" : "修改提案：\(studio.name)"
        // The members and the title are checked with the dates, so every problem shows at once.
        func checked(_ v: FormValues) -> (problems: [String: String], people: [Member]) {
            var problems: [String: String] = [:]
            let people = recordMembers(v, "members", context: context, studioID: studio.id!, into: &problems)
            let kind = kinds.first { $0.title == v.choice("kind") } ?? .individual
            if kind != .collective, people.isEmpty, problems["members"] == nil {
                problems["members"] = "\(kind.title)提案请填写提案人"
            }
            if trimmed(v, "title").isEmpty { problems["title"] = "请填写提案标题" }
            return (problems, people)
        }
        return EntryFormScreen(title: title, fields: fields, values: values(existing, members), viewing: !context.session.may(.editLedger, studio: studio.id),
                               permission: (.editLedger, studio.id), check: { checked($0).problems }) { v in
            let date = v.date("date").iso
            let decidedOn = v.dateIfAny("decidedOn")?.iso
            let repliedOn = v.dateIfAny("repliedOn")?.iso
            let awardedOn = v.dateIfAny("awardedOn")?.iso
            let (problems, people) = checked(v)
            let kind = kinds.first { $0.title == v.choice("kind") } ?? .individual
            guard problems.isEmpty else { return .issues(problems) }
            var p = version.record ?? Proposal(studioID: studio.id!, title: "", date: date)
            p.title = trimmed(v, "title")
            p.date = date
            p.kind = kind
            p.status = statuses.first { $0.title == v.choice("status") } ?? .submitted
            p.decidedOn = decidedOn
            p.handlingUnit = trimmed(v, "handlingUnit")
            p.repliedOn = repliedOn
            p.reply = trimmed(v, "reply")
            p.satisfaction = v.choice("satisfaction") == unrated ? "" : v.choice("satisfaction")
            p.award = ProposalAward.allCases.first { $0.title == v.choice("award") }
            p.awardedOn = p.award == nil ? nil : awardedOn
            if let dup = guardDup.check(context, kind: .proposal, studioID: studio.id!, date: date, title: p.title, id: p.id) {
                return .issues(dup)
            }
            do {
                try context.db.saveProposal(p, memberIDs: people.compactMap(\.id), expecting: version.expected)
                return .saved(.stay)
            } catch let c as ChangedElsewhere {
                return version.conflict(c, reload: {
                    guard let id = p.id, let fresh = try? context.db.proposal(id: id) else { return nil }
                    return (fresh, (try? context.db.participants(kind: .proposal, recordID: id)) ?? [])
                }, values: values)
            } catch {
                return formIssues(error, fields: fields, fallback: "title")
            }
        }.marking(existing?.id.map { RecordRef("proposal", $0) })
    }

    // MARK: 社情民意

    /// A new 社情民意 record, an existing one, or (with `fromIntake`) one made from a citizen's
    /// 微需求/微建议: saving then links the item and the record both ways.
    static func socialInfo(context: AppContext, studio: Studio, existing: SocialInfo?, members: [Member],
                           fromIntake: CitizenItem? = nil) -> Screen {
        let statuses = SocialInfoStatus.allCases
        let source = existing == nil ? fromIntake : nil
        func values(_ existing: SocialInfo?, _ members: [Member]) -> [String: String] {
            [
                "title": existing?.title ?? source.map { snippet($0.content) } ?? "",
                "date": existing?.date ?? "t",
                "channel": existing?.channel ?? "区政协办公室",
                "members": MemberNames.text(members),
                "status": (existing?.status ?? .submitted).title,
                "adoptedBy": existing?.adoptedBy ?? "",
                "adoptedOn": existing?.adoptedOn ?? "",
                "instructionBy": existing?.instructionBy ?? "",
                "instructionLevel": existing?.instructionLevel ?? "",
                "instructionOn": existing?.instructionOn ?? "",
            ]
        }
        let version = EditedVersion(existing, members: members)
        let fields: [EntryFormScreen.Field] = [
            .init("title", "标题", .text(maxLength: 100), guidance: "一事一报，如：关于规范电动自行车充电的建议"),
            .init("date", "报送日期", .date(today: context.today, notAfterToday: true), guidance: dateGuidance),
            .init("channel", "报送渠道", .text(maxLength: 40)),
            .init("members", "委员", .text(maxLength: 200), guidance: "撰写或反映的委员：姓名或拼音首字母，空格后即换成姓名",
                  complete: LedgerForms.ParticipantLookup(context: context, studioID: studio.id!).complete),
            .init("status", "状态", .choice(statuses.map(\.title))),
            .init("adoptedBy", "采用单位", .text(maxLength: 60), guidance: "状态为已采用时必填"),
            .init("adoptedOn", "采用日期", .date(today: context.today, required: false, notAfterToday: true), guidance: "状态为已采用时必填；" + dateGuidance),
            .init("instructionBy", "批示领导", .text(maxLength: 40), guidance: "如：区委书记"),
            .init("instructionLevel", "批示层级", .text(maxLength: 20), guidance: "如：区委区政府主要领导、市级、省级"),
            .init("instructionOn", "批示日期", .date(today: context.today, required: false, notAfterToday: true), guidance: "有领导批示时填写；" + dateGuidance),
        ]
        let guardDup = DuplicateGuard()
        let title: String
        if let existing {
            title = "修改社情民意" + (existing.sourceIntakeID != nil ? "（来自群众意见）" : "") + "：\(studio.name)"
        } else {
            title = (source == nil ? "新社情民意：" : "群众意见转为社情民意：") + studio.name
        }
        // The members and the title are checked with the dates, so every problem shows at once.
        func checked(_ v: FormValues) -> (problems: [String: String], people: [Member]) {
            var problems: [String: String] = [:]
            let people = recordMembers(v, "members", context: context, studioID: studio.id!, into: &problems)
            if trimmed(v, "title").isEmpty { problems["title"] = "请填写标题" }
            return (problems, people)
        }
        return EntryFormScreen(title: title, fields: fields, values: values(existing, members), viewing: !context.session.may(.editLedger, studio: studio.id),
                               permission: (.editLedger, studio.id), check: { checked($0).problems }) { v in
            let date = v.date("date").iso
            let adoptedOn = v.dateIfAny("adoptedOn")?.iso
            let instructionOn = v.dateIfAny("instructionOn")?.iso
            let (problems, people) = checked(v)
            guard problems.isEmpty else { return .issues(problems) }
            var s = version.record ?? SocialInfo(studioID: studio.id!, title: "", date: date)
            s.title = trimmed(v, "title")
            s.date = date
            s.channel = trimmed(v, "channel")
            s.status = statuses.first { $0.title == v.choice("status") } ?? .submitted
            s.adoptedBy = trimmed(v, "adoptedBy")
            s.adoptedOn = adoptedOn
            s.instructionBy = trimmed(v, "instructionBy")
            s.instructionLevel = trimmed(v, "instructionLevel")
            s.instructionOn = instructionOn
            if let dup = guardDup.check(context, kind: .sqmy, studioID: studio.id!, date: date, title: s.title, id: s.id) {
                return .issues(dup)
            }
            do {
                if let item = source, let itemID = item.id {
                    try context.db.convertToSocialInfo(itemID: itemID, s, memberIDs: people.compactMap(\.id), on: DateInput.iso(context.today()))
                } else {
                    try context.db.saveSocialInfo(s, memberIDs: people.compactMap(\.id), expecting: version.expected)
                }
                return .saved(.stay)
            } catch let c as ChangedElsewhere {
                return version.conflict(c, reload: {
                    guard let id = s.id, let fresh = try? context.db.socialInfo(id: id) else { return nil }
                    return (fresh, (try? context.db.participants(kind: .sqmy, recordID: id)) ?? [])
                }, values: values)
            } catch {
                return formIssues(error, fields: fields, fallback: "title")
            }
        }.marking(existing?.id.map { RecordRef("socialInfo", $0) })
    }

    // MARK: 群众意见建议

    /// Registers a citizen's item, or corrects its particulars; triage, feedback and the
    /// 解释说明 are entered on the item's own screen (IntakeScreen).
    /// `shift`: the duty slot the item was received on (its date and channel come from the shift).
    static func citizenItem(context: AppContext, studio: Studio, existing: CitizenItem?, shift: DutySlot? = nil) -> Screen {
        let channels = IntakeChannel.allCases
        let values: [String: String] = [
            "receivedOn": existing?.receivedOn ?? shift?.date ?? "t",
            "citizen": existing?.citizen ?? "",
            "contact": existing?.contact ?? "",
            "channel": (existing?.channel ?? (shift?.mode == .online ? .online : .offlineDuty)).title,
            "content": existing?.content ?? "",
        ]
        let fields: [EntryFormScreen.Field] = [
            .init("receivedOn", "收到日期", .date(today: context.today, notAfterToday: true), guidance: dateGuidance),
            .init("citizen", "反映人", .text(maxLength: 20), guidance: "不愿留名的写“匿名”"),
            .init("contact", "联系方式", .text(maxLength: 40), guidance: "电话、微信号或地址，可空；反馈时要用"),
            .init("channel", "渠道", .choice(channels.map(\.title))),
            .init("content", "内容", .multiline(maxLength: 1000), guidance: "群众反映的问题或建议，照实记录"),
        ]
        let title = existing == nil ? (shift.map { "值班时收到的群众意见：\(studio.name) \($0.whenText)" } ?? "登记群众意见建议：\(studio.name)")
            : "修改群众意见登记：\(studio.name)"
        let version = OpenedRecord(context, existing?.id.map { .citizenItem($0) }, base: existing) {
            existing?.id.flatMap { try? context.db.citizenItem(id: $0) }
        }
        return EntryFormScreen(title: title, fields: fields, values: values, viewing: !context.session.may(.editLedger, studio: studio.id), permission: (.editLedger, studio.id)) { v in
            let date = v.date("receivedOn").iso
            var c = version.base ?? CitizenItem(studioID: studio.id!, receivedOn: date, citizen: "", content: "")
            if existing == nil { c.dutySlotID = shift?.id }
            c.receivedOn = date
            c.citizen = trimmed(v, "citizen")
            c.contact = trimmed(v, "contact")
            c.channel = channels.first { $0.title == v.choice("channel") } ?? .offlineDuty
            c.content = trimmed(v, "content")
            do {
                let saved = try context.db.saveCitizenItem(c, expecting: version.expected)
                // A new item goes straight to its page, where one key classifies it.
                return existing == nil ? .saved(.push(IntakeScreen(context: context, itemID: saved.id!))) : .saved(.stay)
            } catch let conflict as ChangedElsewhere {
                return version.conflict(conflict) { c in
                    ["receivedOn": c.receivedOn, "citizen": c.citizen, "contact": c.contact, "channel": c.channel.title, "content": c.content]
                }
            } catch {
                // "反馈日期不能早于收到日期" belongs to the date entered here.
                return formIssues(error, fields: fields, fallback: "receivedOn")
            }
        }.marking(existing?.id.map { RecordRef("citizenItem", $0) })
    }
}
