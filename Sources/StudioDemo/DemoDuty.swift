import Foundation
import StudioCore
import StudioResources
import StudioStore

/// The demo's 2026 第4季度 duty rota: a plan for every running studio whose rules have 值班,
/// generated from a pattern the studio might use, with attendance recorded up to the demo's
/// cutoff — mostly 到岗, one 缺席 not yet made up, one 替班 — and a citizen's item received on a shift.
/// One studio has not made its rota yet, as happens in any office.
enum DemoDuty {
    static let unplanned = "南湖社区委员工作室"
    static let year = 2026
    static let quarter = 4
    /// Plans are made on the last day of the previous quarter, so every slot is laid out fresh.
    static let plannedOn = "2026-09-30"

    static func patterns(profile: RuleProfile, index: Int) -> String {
        guard profile.hasOnlineMode else {
            return index % 2 == 0 ? "每周一、三、五上午 线下" : "每月10日、20日 线下 2人"
        }
        switch index % 3 {
        case 0: return "每周三上午 线下；每周五下午 线上 @秦商量"
        case 1: return "每月10日、20日 线下 2人；每周二下午 线上 @政协云"
        default: return "每月第二周周三上午 线下 2人；每月第四周周四上午 线下 2人；每周五上午 线上 @秦商量"
        }
    }

    static func load(into db: AppDatabase, profiles: [RuleProfile]) throws {
        if let url = ResourceLocator.holidayFile() {
            try db.syncHolidays(from: HolidayCalendar.load(data: Data(contentsOf: url), file: url.lastPathComponent))
        }
        guard try db.holidayCalendar().covers(year) else { return }
        let running = try db.studios().filter(\.status.isRunning)
        var index = 0
        // Patterns rotate separately among studios with and without 线上 duty, so each kind sees every pattern.
        var variants: [Bool: Int] = [:]
        for studio in running {
            guard studio.name != unplanned, let profile = profiles.first(where: { $0.id == studio.profileID }),
                  let duty = profile.activityCategories.first(where: { $0.id == "duty" }) else { continue }
            let variant = variants[profile.hasOnlineMode, default: 0]
            variants[profile.hasOnlineMode] = variant + 1
            let proposal = try db.proposeDutyPlan(studio: studio, profile: profile, year: year, quarter: quarter,
                                                  patterns: patterns(profile: profile, index: variant), today: plannedOn)
            let plan = try db.saveDutyPlan(proposal.plan, slots: proposal.rota.slots, today: plannedOn)
            try record(db, studio: studio, plan: plan, category: duty, index: index)
            index += 1
        }
    }

    /// Attendance for the slots on or before the cutoff.
    static func record(_ db: AppDatabase, studio: Studio, plan: DutyPlan, category: RuleProfile.ActivityCategory, index: Int) throws {
        let past = try db.dutySlots(planID: plan.id!).filter { $0.date <= DemoLedger.cutoff }
        for (k, slot) in past.enumerated() {
            var assignments = slot.assignments.map { DutyAssignment(memberID: $0.memberID, attendance: .present) }
            let others = slot.assignments.map(\.memberID)
            let team = try db.team(studioID: studio.id!).filter(\.isCurrent).map(\.member).filter { !$0.isNonMember && !others.contains($0.id!) }
            // The second studio misses its latest past shift; the third has its fourth shift covered by a colleague.
            if index == 1, k == past.count - 1, !assignments.isEmpty { assignments[0].attendance = .absent }
            if index == 2, k == 3, !assignments.isEmpty, let stand = team.first?.id {
                assignments[0] = DutyAssignment(memberID: assignments[0].memberID, attendance: .substituted, substituteID: stand)
            }
            let citizens = slot.mode == .offline ? (k + index) % 4 : 0
            let note = citizens > 0 ? "接待群众\(citizens)人，现场解答政策咨询。" : ""
            let saved = try db.recordDutyAttendance(slotID: slot.id!, assignments: assignments, citizens: citizens, note: note,
                                                    category: category, today: DemoLedger.cutoff)
            if index == 0, k == 2 {
                var item = CitizenItem(studioID: studio.id!, receivedOn: saved.date, citizen: "赵女士", contact: "138****5521",
                                       channel: saved.mode == .online ? .online : .offlineDuty,
                                       content: "值班时反映：小区加装电梯意见不统一，希望街道组织协调")
                item.dutySlotID = saved.id
                try db.saveCitizenItem(item)
            }
        }
    }
}
