extension RuleProfile.ApplicationForm {
    /// Fields whose content comes from elsewhere: the studio record (name, type, mode, address),
    /// the team (members, conveners, lead, liaison), the approval chain (opinions, dates),
    /// or a pen on paper (signatures).
    static let derivedIDs: Set<String> = ["studio_name", "studio_type", "mode", "address", "applied_on"]
    static let derivedPrefixes = ["convener", "lead", "liaison"]

    /// The fields a clerk types in on the application itself (基本情况, 主要职能和主要工作计划, 联系人 …).
    public var freeTextFields: [RuleProfile.FormField] {
        fields.filter { f in
            (f.kind == .text || f.kind == .longText || f.kind == .date)
                && !Self.derivedIDs.contains(f.id)
                && !Self.derivedPrefixes.contains { f.id.hasPrefix($0) }
        }
    }
}
