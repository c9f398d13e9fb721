import Foundation
import GRDB
import StudioCore

extension AppDatabase {
    // MARK: Lists (规则设置)

    /// Copies into the file the profile checklists it does not hold yet, and new items of known
    /// lists (by key). What the office changed — names, order, retired items, lists not in use —
    /// is left as it is. Safe to call at every start.
    public func syncChecklists(from profiles: [RuleProfile]) throws {
        let needed = try read { db -> Bool in
            for p in profiles {
                let lists = try WallList.filter(Column("profileID") == p.id).fetchAll(db)
                for c in p.wallChecklists {
                    guard let list = lists.first(where: { $0.key == c.id }) else { return true }
                    let keys = try String.fetchSet(db, sql: "SELECT key FROM wallItem WHERE listID = ?", arguments: [list.id])
                    if c.items.contains(where: { !keys.contains($0.id) }) { return true }
                }
            }
            return false
        }
        guard needed else { return }
        try writeShippedData { db in
            for p in profiles {
                for (defaults, items) in WallListEditing.defaults(from: p) {
                    var list = try WallList.filter(Column("profileID") == p.id && Column("key") == defaults.key).fetchOne(db)
                    if list == nil {
                        var l = defaults
                        l.position = (try Int.fetchOne(db, sql: "SELECT MAX(position) + 1 FROM wallList WHERE profileID = ?", arguments: [p.id])) ?? 0
                        try l.insert(db)
                        list = l
                    }
                    let listID = list!.id!
                    let keys = try String.fetchSet(db, sql: "SELECT key FROM wallItem WHERE listID = ?", arguments: [listID])
                    var next = (try Int.fetchOne(db, sql: "SELECT MAX(position) + 1 FROM wallItem WHERE listID = ?", arguments: [listID])) ?? 0
                    for item in items where !keys.contains(item.key) {
                        var w = WallItem(listID: listID, key: item.key, text: item.text, position: next)
                        try w.insert(db)
                        next += 1
                    }
                }
            }
        }
    }

    /// A profile's lists in order, each with every item (retired ones included) in order.
    public func checklists(profileID: String) throws -> [WallChecklist] {
        try checklists(profileIDs: [profileID])[profileID] ?? []
    }

    public func checklists(profileIDs: [String]) throws -> [String: [WallChecklist]] {
        guard !profileIDs.isEmpty else { return [:] }
        return try read { db in
            let lists = try WallList.filter(profileIDs.contains(Column("profileID"))).order(Column("position"), Column("id")).fetchAll(db)
            let items = try WallItem.filter(lists.compactMap(\.id).contains(Column("listID"))).order(Column("position"), Column("id")).fetchAll(db)
            let byList = Dictionary(grouping: items, by: \.listID)
            return Dictionary(grouping: lists.map { WallChecklist(list: $0, items: byList[$0.id!] ?? []) }, by: \.list.profileID)
        }
    }

    func checklist(db: Database, listID: Int64) throws -> WallChecklist {
        guard let list = try WallList.fetchOne(db, key: listID) else { throw StoreError.notFound("这张清单") }
        let items = try WallItem.filter(Column("listID") == listID).order(Column("position"), Column("id")).fetchAll(db)
        return WallChecklist(list: list, items: items)
    }

    /// Adds an item at the end of a list; its key is new, so a later profile sync never clashes with it.
    @discardableResult
    public func addWallItem(listID: Int64, text: String) throws -> WallItem {
        try write(.manageRules) { db in
            let c = try checklist(db: db, listID: listID)
            if let problem = WallListEditing.checkText(text, in: c) { throw StoreError.validation([FieldIssue(field: "text", message: problem)]) }
            let n = (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM wallItem WHERE listID = ? AND key LIKE 'office-%'", arguments: [listID])) ?? 0
            var item = WallItem(listID: listID, key: "office-\(n + 1)", text: text.trimmingCharacters(in: .whitespaces),
                                position: (c.items.map(\.position).max() ?? -1) + 1)
            try item.insert(db)
            return item
        }
    }

    /// New wording for an item; inspections already made keep the wording they were made with.
    public func renameWallItem(id: Int64, text: String, expecting: EditStamp? = nil) throws {
        try write(.manageRules) { db in
            try Self.require(expecting, db)
            guard var item = try WallItem.fetchOne(db, key: id) else { throw StoreError.notFound("这个条目") }
            let c = try checklist(db: db, listID: item.listID)
            if let problem = WallListEditing.checkText(text, in: c, excluding: id) {
                throw StoreError.validation([FieldIssue(field: "text", message: problem)])
            }
            item.text = text.trimmingCharacters(in: .whitespaces)
            try item.update(db)
        }
    }

    /// Swaps an item with its neighbour above (up) or below; the order is the order of the wall and the paper.
    public func moveWallItem(id: Int64, up: Bool) throws {
        try write(.manageRules) { db in
            guard let item = try WallItem.fetchOne(db, key: id) else { throw StoreError.notFound("这个条目") }
            var items = try checklist(db: db, listID: item.listID).items
            guard let i = items.firstIndex(where: { $0.id == id }) else { return }
            // Step over retired items, or a move past one would look like nothing happened.
            var j = up ? i - 1 : i + 1
            while items.indices.contains(j), !items[j].isActive, item.isActive { j += up ? -1 : 1 }
            guard items.indices.contains(j) else { return }
            let moved = items.remove(at: i)
            items.insert(moved, at: j)
            // Renumber the whole list: positions may have gaps or ties after edits.
            for (n, var it) in items.enumerated() where it.position != n {
                it.position = n
                try it.update(db)
            }
        }
    }

    /// Retires an item (date) or brings it back (nil).
    public func setWallItemRetired(id: Int64, on date: String?) throws {
        try write(.manageRules) { db in
            guard var item = try WallItem.fetchOne(db, key: id) else { throw StoreError.notFound("这个条目") }
            let c = try checklist(db: db, listID: item.listID)
            if date != nil, let problem = WallListEditing.checkRetire(item, in: c) {
                throw StoreError.validation([FieldIssue(field: "retiredOn", message: problem)])
            }
            if date == nil, let problem = WallListEditing.checkText(item.text, in: c, excluding: id) {
                throw StoreError.validation([FieldIssue(field: "retiredOn", message: problem + "，不能恢复")])
            }
            item.retiredOn = date
            try item.update(db)
        }
    }

    public func setWallListInUse(id: Int64, _ inUse: Bool) throws {
        try write(.manageRules) { db in
            guard var list = try WallList.fetchOne(db, key: id) else { throw StoreError.notFound("这张清单") }
            if inUse {
                let active = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM wallItem WHERE listID = ? AND retiredOn IS NULL", arguments: [id]) ?? 0
                if active == 0 { throw StoreError.validation([FieldIssue(field: "inUse", message: "「\(list.name)」没有在用的条目，请先恢复或添加条目")]) }
            }
            list.inUse = inUse
            try list.update(db)
        }
    }

    // MARK: Inspections

    /// Saves an inspection and its verdicts in one transaction (a new one, or a correction that
    /// replaces the verdicts of an existing one).
    @discardableResult
    public func saveInspection(_ inspection: Inspection, verdicts: [InspectionVerdict], expecting: EditStamp? = nil) throws -> Inspection {
        var issues: [FieldIssue] = []
        if !DateInput.isISO(inspection.date) { issues.append(FieldIssue(field: "date", message: "检查日期无效")) }
        if inspection.inspector.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(FieldIssue(field: "inspector", message: "请填写检查人"))
        }
        if verdicts.isEmpty { issues.append(FieldIssue(field: "verdicts", message: "至少要对一个条目作出结论")) }
        if !issues.isEmpty { throw StoreError.validation(issues) }
        return try write(.editRecords) { db in
            try Self.require(expecting, db)
            guard try Studio.fetchOne(db, key: inspection.studioID) != nil else { throw StoreError.notFound("该工作室（可能已被删除）") }
            var saved = inspection
            saved.inspector = saved.inspector.trimmingCharacters(in: .whitespaces)
            if saved.id == nil {
                try saved.insert(db)
            } else {
                guard try Inspection.exists(db, key: saved.id!) else { throw StoreError.notFound("这次检查（可能已被删除）") }
                try saved.update(db)
                try InspectionVerdict.filter(Column("inspectionID") == saved.id!).deleteAll(db)
            }
            for var v in verdicts {
                v.id = nil
                v.inspectionID = saved.id!
                try v.insert(db)
            }
            return saved
        }
    }

    public func deleteInspection(id: Int64) throws {
        try write(.editRecords) { db in _ = try Inspection.deleteOne(db, key: id) }
    }

    /// A studio's inspections, newest first, with their verdicts in list order.
    public func inspections(studioID: Int64) throws -> [InspectionRecord] {
        try inspections(studioIDs: [studioID])[studioID] ?? []
    }

    func inspections(studioIDs: [Int64]) throws -> [Int64: [InspectionRecord]] {
        guard !studioIDs.isEmpty else { return [:] }
        return try read { db in
            let inspections = try Inspection.filter(studioIDs.contains(Column("studioID")))
                .order(Column("date").desc, Column("id").desc).fetchAll(db)
            let verdicts = try InspectionVerdict.filter(inspections.compactMap(\.id).contains(Column("inspectionID")))
                .order(Column("position"), Column("id")).fetchAll(db)
            let byInspection = Dictionary(grouping: verdicts, by: \.inspectionID)
            let records = inspections.map { InspectionRecord(inspection: $0, verdicts: byInspection[$0.id!] ?? []) }
            return Dictionary(grouping: records, by: \.inspection.studioID)
        }
    }

    /// Where one studio's wall stands: its lists in use, item by item, and every inspection.
    public func wallStatus(studioID: Int64) throws -> StudioWallStatus? {
        guard let studio = try studio(id: studioID) else { return nil }
        return StudioWallStatus(studio: studio, checklists: try checklists(profileID: studio.profileID),
                                inspections: try inspections(studioID: studioID))
    }

    /// The office-wide view: every running studio (授牌 and not ended: 已授牌, 警示, 整改中) that the filter admits.
    /// Drafts and applications in approval have no plaque yet; their pages can still record a 现场查看.
    public func wallStatuses(_ filter: WallFilter = WallFilter()) throws -> [StudioWallStatus] {
        let studios = try studios().filter { $0.status.isRunning && filter.admits($0) }
        let lists = try checklists(profileIDs: Array(Set(studios.map(\.profileID))))
        let records = try inspections(studioIDs: studios.compactMap(\.id))
        return studios.map { StudioWallStatus(studio: $0, checklists: lists[$0.profileID] ?? [], inspections: records[$0.id!] ?? []) }
    }
}
