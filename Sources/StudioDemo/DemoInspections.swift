import Foundation
import StudioCore

// MARK: - Demo inspections

/// An inspection in the demo data set, by list and item key (the store maps them to its copy of the lists).
public struct DemoInspection: Sendable {
    public var studioIndex: Int
    public var date: String
    public var inspector: String
    public var onSite: Bool
    /// Findings other than 合格, by "listKey/itemKey"; every other item of the lists in use is 合格.
    public var findings: [String: (verdict: WallVerdict, note: String)]
}

extension DemoDataSet {
    /// Inspections of the running studios, so the 上墙检查 screens open populated: most studios were
    /// inspected in spring and again in autumn, a few only once, and two never; some items fail.
    public func inspections(profiles: [RuleProfile]) -> [DemoInspection] {
        let inspectors = texts.inspectors
        let notes: [(WallVerdict, String)] = texts.inspectionFindings.map { ($0.verdict, $0.note) }
        var out: [DemoInspection] = []
        var n = 0
        for (i, s) in studios.enumerated() where s.status.isActive && s.status != .draft && s.status != .inApproval {
            guard let profile = profiles.first(where: { $0.id == s.profileID }) else { continue }
            n += 1
            if n % 7 == 0 { continue }  // never inspected yet
            let items = profile.wallChecklists.filter { $0.inUse ?? true }.flatMap { c in c.items.map { "\(c.id)/\($0.id)" } }
            guard !items.isEmpty else { continue }
            // Spring: a problem or two; autumn: some fixed, some still open (how "since when" arises).
            var spring: [String: (verdict: WallVerdict, note: String)] = [:]
            let a = items[(n * 3) % items.count], b = items[(n * 5 + 1) % items.count]
            spring[a] = notes[n % notes.count]
            if n % 2 == 0 { spring[b] = notes[(n + 2) % notes.count] }
            out.append(DemoInspection(studioIndex: i, date: String(format: "2026-%02d-%02d", 3 + n % 3, 5 + n % 23), inspector: inspectors[n % inspectors.count],
                                      onSite: true, findings: spring))
            if n % 4 == 3 { continue }  // inspected once only
            var autumn: [String: (verdict: WallVerdict, note: String)] = [:]
            if s.status != .plaqued || n % 3 == 0 { autumn[a] = spring[a] }  // still open since spring
            if n % 5 == 1 { autumn[items[(n + 2) % items.count]] = (.missing, "未上墙") }
            out.append(DemoInspection(studioIndex: i, date: String(format: "2026-%02d-%02d", 9 + n % 2, 8 + n % 20), inspector: inspectors[(n + 1) % inspectors.count],
                                      onSite: n % 6 != 5, findings: autumn))
        }
        return out
    }
}
