import Foundation
import StudioCore
import StudioExport
import StudioStore
import TerminalKit

/// The forms that change a studio: its particulars, a member joining, a member leaving.
enum StudioEditor {
    /// New draft application (studio nil) or the particulars of an existing studio.
    static func form(context: AppContext, studio: Studio?) -> Screen {
        let profiles = context.profiles
        let profileNames = profiles.map(\.name)
        let types = StudioType.allCases.map(\.title)
        // A new application defaults to the rules most studios in this file follow.
        let usual = (try? context.db.studios()).map { all in
            Dictionary(grouping: all, by: \.profileID).max { $0.value.count < $1.value.count }?.key
        } ?? nil
        let current = profiles.first { $0.id == (studio?.profileID ?? usual) }
        let values: [String: String] = [
            "profile": current?.name ?? profileNames.first ?? "",
            "type": studio?.type.title ?? StudioType.sector.title,
            "mode": studio?.mode.title ?? StudioMode.offline.title,
            "name": studio?.name ?? "", "address": studio?.address ?? "",
            "sector": studio?.sector ?? "", "committee": studio?.committee ?? "",
        ]
        let fields: [EntryFormScreen.Field] = [
            .init("profile", "适用规则", .choice(profileNames), guidance: "按哪地的办法申报和审批"),
            .init("type", "类型", .choice(types), guidance: "区域、界别、行业、个人、联络处（本地规则不允许的类型会在详情中提示）"),
            .init("mode", "线上/线下", .choice(StudioMode.allCases.map(\.title))),
            .init("name", "工作室名称", .text(maxLength: 40), guidance: "如：医药卫生界委员工作室、湖滨街道委员工作室"),
            .init("address", "地址", .text(maxLength: 80), guidance: "须写明某路某号；在大厦的写明楼层"),
            .init("sector", "界别/区域", .text(maxLength: 30), guidance: "界别工作室填界别，区域工作室填街道或社区"),
            .init("committee", "联系专委会", .text(maxLength: 30), guidance: "如：教科卫体委员会"),
        ]
        let version = OpenedRecord(context, studio?.id.map { .studio($0) }, base: studio) { studio?.id.flatMap { try? context.db.studio(id: $0) } }
        return EntryFormScreen(title: studio == nil ? "新建工作室申报" : "修改工作室：\(studio!.name)", fields: fields, values: values, viewing: !context.session.may(.editRecords)) { v in
            guard let profile = profiles.first(where: { $0.name == v.choice("profile") }) ?? profiles.first else {
                return .issues(["profile": "没有载入任何规则文件"])
            }
            var s = version.base ?? Studio(name: "", type: .sector, profileID: profile.id)
            s.profileID = profile.id
            s.type = StudioType(text: v.choice("type")) ?? .sector
            s.mode = StudioMode.allCases.first { $0.title == v.choice("mode") } ?? .offline
            s.name = v.text("name")
            s.address = v.text("address")
            s.sector = v.text("sector")
            s.committee = v.text("committee")
            if let issue = s.issues().first { return .issues([issue.field: issue.message]) }
            do {
                if studio == nil {
                    let created = try context.db.createStudio(s)
                    return .saved(.push(StudioDetailScreen(context: context, studioID: created.id!)))
                }
                try context.db.updateStudio(s, expecting: version.expected)
                return .saved(.stay)
            } catch let conflict as ChangedElsewhere {
                return version.conflict(conflict) { s in
                    ["profile": profiles.first { $0.id == s.profileID }?.name ?? "", "type": s.type.title, "mode": s.mode.title, "name": s.name,
                     "address": s.address, "sector": s.sector, "committee": s.committee]
                }
            } catch StoreError.validation(let issues) {
                return .issues(Dictionary(issues.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a }))
            } catch {
                return .saved(.push(MessageDialog(title: "保存失败", message: "\(error)", isError: true)))
            }
        }.marking(studio?.id.map { RecordRef("studio", $0) })
    }

    /// Pick a member, then the role and the date they join.
    static func addMember(context: AppContext, studio: Studio, profile: RuleProfile?) -> Screen {
        // Roles the local rules know; all roles when the profile lists none.
        let roles = (profile?.roles.map(\.role)).flatMap { $0.isEmpty ? nil : $0 } ?? StudioRole.allCases
        let outsideRoles = profile?.team.rolesForNonMembers ?? []
        let nonMember: (() -> Navigation)? = outsideRoles.isEmpty ? nil : {
            .replace(addNonMember(context: context, studio: studio, roles: outsideRoles))
        }
        // The team as the clerk saw it when choosing: another clerk's change meanwhile is shown, not overwritten.
        let team = try? context.db.editStamp(of: .team(studioID: studio.id!))
        return MemberPickerScreen(context: context, title: "为「\(studio.name)」添加成员", onNonMember: nonMember) { member in
            let form = EntryFormScreen(
                title: "\(member.name) 加入「\(studio.name)」",
                fields: [.init("role", "角色", .choice(roles.map(\.title)), guidance: "Left/Right 或数字键选择"),
                         .init("joinedOn", "加入日期", .date(today: context.today), guidance: "可输入 t（今天）、2026-3-5、3.5")],
                values: ["role": ([StudioRole.resident, .participant].first(where: roles.contains) ?? roles[0]).title, "joinedOn": "t"]
            ) { v in
                let date = v.date("joinedOn").iso
                let role = StudioRole.allCases.first { $0.title == v.choice("role") } ?? .resident
                do {
                    try context.db.addTeamMember(studioID: studio.id!, memberID: member.id!, role: role, joinedOn: date, expecting: team)
                    return .saved(.stay)
                } catch {
                    return .saved(.push(MessageDialog(title: "不能添加", message: "\(error)", isError: true)))
                }
            }
            return .replace(form)
        }
    }

    /// A member leaves the team: date and reason; the line stays in the team's history.
    static func leave(context: AppContext, entry: TeamEntry) -> Screen {
        let team = try? context.db.editStamp(of: .team(studioID: entry.membership.studioID))
        return EntryFormScreen(
            title: "\(entry.member.name)（\(entry.membership.role.title)）退出团队",
            fields: [.init("leftOn", "退出日期", .date(today: context.today), guidance: "可输入 t（今天）、2026-3-5、3.5"),
                     .init("reason", "原因", .text(maxLength: 60), guidance: "如：个人申请退出、届满、工作调整")],
            values: ["leftOn": "t"]
        ) { v in
            let date = v.date("leftOn").iso
            if date < entry.membership.joinedOn {
                return .issues(["leftOn": "退出日期不能早于加入日期（\(DateInput.chinese(entry.membership.joinedOn))）"])
            }
            let reason = v.text("reason")
            guard !reason.isEmpty else { return .issues(["reason": "请写明退出原因"]) }
            do {
                try context.db.memberLeaves(studioID: entry.membership.studioID, memberID: entry.member.id!, on: date, reason: reason, expecting: team)
                return .saved(.stay)
            } catch {
                return .saved(.push(MessageDialog(title: "不能办理", message: "\(error)", isError: true)))
            }
        }
    }

    /// A status decision outside the approval chain (警示, 整改, 摘牌, 终止, 撤销, 恢复), with date and reason.
    static func changeStatus(context: AppContext, studio: Studio, profile: RuleProfile?) -> Screen {
        let targets = StudioLifecycle.allowedTransitions(from: studio.status)
        let ladder = profile.map(StudioLifecycle.ladder) ?? []
        return EntryFormScreen(
            title: "变更状态：\(studio.name)（现为「\(studio.status.title)」）",
            fields: [.init("status", "改为", .choice(targets.map(\.title)),
                           guidance: ladder.isEmpty ? nil : "本地规则：" + ladder.joined(separator: "；")),
                     .init("date", "日期", .date(today: context.today), guidance: "可输入 t（今天）、2026-3-5、3.5"),
                     .init("reason", "原因", .text(maxLength: 80), guidance: "如：2026年度考核未达标；主席会议审定终止")],
            values: ["date": "t"]
        ) { v in
            guard let target = targets.first(where: { $0.title == v.choice("status") }) else { return .issues(["status": "请选择新状态"]) }
            let date = v.date("date").iso
            let reason = v.text("reason")
            guard !reason.isEmpty else { return .issues(["reason": "请写明原因"]) }
            do {
                try context.db.changeStatus(studioID: studio.id!, expected: studio.status, to: target, date: date, reason: reason)
                return .saved(.stay)
            } catch {
                return .saved(.push(MessageDialog(title: "不能变更", message: "\(error)", isError: true)))
            }
        }
    }

    /// The free-text parts of the jurisdiction's application form; the rest comes from the studio, team and chain.
    /// `viewing` (an archived studio) or a reviewer's session: the text is read in a view.
    static func applicationText(context: AppContext, studio: Studio, profile: RuleProfile, viewing: Bool = false) -> Screen {
        let fields = profile.applicationForm.freeTextFields
        let values = (try? context.db.applicationValues(studioID: studio.id!)) ?? [:]
        let stamp = try? context.db.editStamp(of: .application(studioID: studio.id!))
        return EntryFormScreen(
            title: "\(profile.applicationForm.title)：\(studio.name)",
            fields: fields.map { f in
                .init(f.id, f.label, f.kind == .longText ? .multiline(maxLength: 1500) : .text(maxLength: 80),
                      guidance: f.guidance ?? (f.required ? "必填（提交前可先保存草稿）" : nil))
            },
            values: values,
            viewing: viewing || !context.session.may(.editRecords)
        ) { v in
            do {
                try context.db.saveApplicationValues(studioID: studio.id!, v.typed, expecting: stamp)
                return .saved(.stay)
            } catch {
                return .saved(.push(MessageDialog(title: "保存失败", message: "\(error)", isError: true)))
            }
        }
    }

    /// Someone who is not a CPPCC member joins in a role the profile opens to non-members: 其他成员 (滨江), or the
    /// 联络员 from a member's unit (陕西). Never counted among the team's 委员.
    static func addNonMember(context: AppContext, studio: Studio, roles: [StudioRole]) -> Screen {
        // One role open to non-members (the usual case) is named in the title instead of asked.
        let roleField: [EntryFormScreen.Field] = roles.count > 1
            ? [.init("role", "角色", .choice(roles.map(\.title)), guidance: "非委员只能担任这些角色，不计入团队委员人数")] : []
        return EntryFormScreen(
            title: "添加\(roles.count == 1 ? roles[0].title : "成员")（非政协委员）：\(studio.name)",
            fields: roleField + [.init("name", "姓名", .text(maxLength: 20), guidance: "必填；不计入团队委员人数"),
                     .init("unitTitle", "单位职务", .text(maxLength: 60)),
                     .init("phone", "联系方式", .text(maxLength: 30), guidance: "手机11位，或座机带区号"),
                     .init("joinedOn", "加入日期", .date(today: context.today), guidance: "可输入 t（今天）、2026-3-5、3.5")],
            values: ["joinedOn": "t", "role": roles[0].title]
        ) { v in
            let date = v.date("joinedOn").iso
            let role = roles.first { $0.title == v.choice("role") } ?? roles[0]
            do {
                try context.db.addNonMember(Member(name: v.text("name"), unitTitle: v.text("unitTitle"), phone: v.text("phone")),
                                            studioID: studio.id!, role: role, joinedOn: date)
                return .saved(.stay)
            } catch StoreError.validation(let issues) {
                return .issues(Dictionary(issues.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a }))
            } catch {
                return .saved(.push(MessageDialog(title: "不能添加", message: "\(error)", isError: true)))
            }
        }
    }

    /// Marks the end of a member's term (换届), or clears it when already marked.
    static func termEnd(context: AppContext, member: Member, onDone: @escaping (String) -> Void) -> Screen {
        if let ended = member.termEndedOn {
            return ConfirmDialog(title: "取消届满", message: "\(member.name) 已标记于 \(DateInput.chinese(ended)) 任期届满。取消这一标记吗？") { yes in
                guard yes else { return .pop }
                do {
                    try context.db.setTermEnded(memberID: member.id!, on: nil)
                    onDone("已取消届满：\(member.name)")
                    return .pop
                } catch { return .push(MessageDialog(title: "不能办理", message: "\(error)", isError: true)) }
            }
        }
        return EntryFormScreen(
            title: "\(member.name) 任期届满",
            fields: [.init("date", "届满日期", .date(today: context.today), guidance: "可输入 t（今天）、2026-12-31；在工作室名册按 h 查看换届影响")],
            values: ["date": "t"]
        ) { v in
            let date = v.date("date").iso
            do {
                try context.db.setTermEnded(memberID: member.id!, on: date)
                onDone("已标记届满：\(member.name)")
                return .saved(.stay)
            } catch {
                return .saved(.push(MessageDialog(title: "不能办理", message: "\(error)", isError: true)))
            }
        }
    }

    /// Writes the studio's whole record as one ZIP bundle; the path starts in the current directory.
    static func exportArchive(context: AppContext, studio: Studio, directory: String? = nil) -> Screen {
        let directory = directory ?? context.outputDirectory
        let today = DateInput.iso(context.today())
        let suggested = (directory as NSString).appendingPathComponent(
            ArchiveExporter.defaultFileName(studioName: studio.name, date: today))
        return EntryFormScreen(
            title: "导出档案：\(studio.name)",
            fields: [.init("path", "档案文件", .text(maxLength: 240),
                           guidance: "含完整记录、团队名单、审批记录、状态历史和申报表 PDF")],
            values: ["path": suggested], writes: false
        ) { v in
            let raw = v.text("path")
            guard !raw.isEmpty else { return .issues(["path": "请填写档案文件的路径"]) }
            let path = context.filePath(raw, ext: ".zip")
            do {
                let summary = try ArchiveExporter.export(studioID: studio.id!, db: context.db, profiles: context.profiles,
                                                         to: URL(fileURLWithPath: path), exportedOn: today)
                var lines = ["已写入 \(path)",
                             "共 \(summary.fileNames.count) 个文件：" + summary.fileNames.joined(separator: "、"),
                             "团队 \(summary.teamCount) 人次（现有 \(summary.currentMemberCount) 人），审批记录 \(summary.approvalRecordCount) 条，状态变更 \(summary.statusChangeCount) 次。"]
                if summary.status.isActive { lines.append("该工作室仍在运行，档案为今天的状态。") }
                lines += summary.notes
                return .saved(.push(MessageDialog(title: "档案已导出", message: lines.joined(separator: "\n"))))
            } catch let e as ExportError {
                return .issues(["path": e.description])
            } catch {
                return .issues(["path": "导出失败：" + OutputFile.message(for: error, path: path)])
            }
        }
    }
}
