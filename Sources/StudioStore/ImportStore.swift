import Foundation
import GRDB
import StudioCore

/// Imports into the store: matched against what is on file, shown as a plan (added, changed, unchanged),
/// and written all at once or not at all.
extension AppDatabase {
    public struct MemberImportPlan: Sendable {
        public var added: [(row: Int, member: Member)] = []
        /// The member on file and the same member with the file's values; `fields` names what changes.
        public var changed: [(row: Int, before: Member, after: Member, fields: [String])] = []
        public var unchanged = 0
        public var problems: [ImportProblem] = []

        public var summary: String {
            "新增 \(added.count) 名，修改 \(changed.count) 名，不变 \(unchanged) 名"
        }
    }

    /// Matches each row with the roster: the same name and phone (or one of them without a phone) is the same
    /// member, whose non-empty cells replace what is on file; anyone else is added. With `apply`, the plan is
    /// written in one transaction; a plan with problems writes nothing.
    public func importMembers(_ rows: [(row: Int, member: Member)], apply: Bool) throws -> MemberImportPlan {
        try write { db in
            var plan = MemberImportPlan()
            var byName: [String: [Member]] = [:]
            for m in try Member.fetchAll(db) where !m.isNonMember { byName[m.name, default: []].append(m) }
            for (row, incoming) in rows {
                let same = (byName[incoming.name] ?? []).filter { $0.phone == incoming.phone || $0.phone.isEmpty || incoming.phone.isEmpty }
                if same.count > 1 {
                    plan.problems.append(ImportProblem(row: row, column: "联系电话", message: "名册中有 \(same.count) 名「\(incoming.name)」，请填写联系电话以区分"))
                    continue
                }
                guard var existing = same.first else {
                    plan.added.append((row, incoming))
                    continue
                }
                let before = existing
                var fields: [String] = []
                for field in [MemberField.sector, .committee, .unitTitle, .expertise, .phone, .note] where !incoming[field].isEmpty && incoming[field] != existing[field] {
                    existing[field] = incoming[field]
                    fields.append(field.label)
                }
                if fields.isEmpty { plan.unchanged += 1 } else { plan.changed.append((row, before, existing, fields)) }
            }
            guard apply, plan.problems.isEmpty else { return plan }
            for (_, m) in plan.added {
                var m = m.normalized()
                try m.insert(db)
            }
            for (_, _, after, _) in plan.changed {
                let m = after.normalized()
                try m.update(db)
            }
            return plan
        }
    }
}
