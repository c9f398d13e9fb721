import Foundation

/// A CPPCC member (委员) or, where a form allows it, another person on a studio team.
public struct Member: Equatable, Identifiable, Sendable, Codable {
    public var id: Int64?
    /// 姓名
    public var name: String
    /// 界别
    public var sector: String
    /// 专委会 (所属专门委员会 / 对口委室)
    public var committee: String
    /// 单位及职务
    public var unitTitle: String
    /// 专长领域
    public var expertise: String
    /// 联系方式: a mobile or landline number
    public var phone: String
    /// 备注
    public var note: String
    /// Pinyin of the name, kept in step with `name` by `normalized()`.
    public var pinyin: String
    public var initials: String
    /// A person on a studio team who is not a CPPCC member (其他成员); kept out of the 委员名册.
    public var isNonMember: Bool = false
    /// ISO date the member's term ended (换届); nil while serving.
    public var termEndedOn: String?
    /// A PNG photo for the 值班公示; nil when none is recorded.
    public var photoPath: String?

    public init(id: Int64? = nil, name: String, sector: String = "", committee: String = "",
                unitTitle: String = "", expertise: String = "", phone: String = "", note: String = "") {
        self.id = id
        self.name = name
        self.sector = sector
        self.committee = committee
        self.unitTitle = unitTitle
        self.expertise = expertise
        self.phone = phone
        self.note = note
        self.pinyin = ""
        self.initials = ""
        self = normalized()
    }

    /// A member as stored, the pinyin keys as they were kept (not computed again): the store reads rows by column.
    public init(id: Int64?, name: String, sector: String, committee: String, unitTitle: String, expertise: String, phone: String,
                note: String, pinyin: String, initials: String, isNonMember: Bool, termEndedOn: String?, photoPath: String?) {
        self.id = id
        self.name = name
        self.sector = sector
        self.committee = committee
        self.unitTitle = unitTitle
        self.expertise = expertise
        self.phone = phone
        self.note = note
        self.pinyin = pinyin
        self.initials = initials
        self.isNonMember = isNonMember
        self.termEndedOn = termEndedOn
        self.photoPath = photoPath
    }

    /// Trims every field and recomputes the pinyin keys from the name.
    public func normalized() -> Member {
        var m = self
        m.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        m.sector = sector.trimmingCharacters(in: .whitespacesAndNewlines)
        m.committee = committee.trimmingCharacters(in: .whitespacesAndNewlines)
        m.unitTitle = unitTitle.trimmingCharacters(in: .whitespacesAndNewlines)
        m.expertise = expertise.trimmingCharacters(in: .whitespacesAndNewlines)
        m.phone = phone.trimmingCharacters(in: .whitespacesAndNewlines)
        m.note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        m.photoPath = photoPath.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        let key = PinyinKey(m.name)
        m.pinyin = key.spaced
        m.initials = key.initials
        return m
    }

    public var pinyinKey: PinyinKey { PinyinKey(name) }
}

/// The editable fields of a member, in form order, with their Chinese labels.
public enum MemberField: String, CaseIterable, Sendable {
    case name, sector, committee, unitTitle, expertise, phone, note, photo

    public var label: String {
        switch self {
        case .name: "姓名"
        case .sector: "界别"
        case .committee: "专委会"
        case .unitTitle: "单位职务"
        case .expertise: "专长"
        case .phone: "联系方式"
        case .note: "备注"
        case .photo: "照片"
        }
    }

    public var maxLength: Int {
        switch self {
        case .name: 20
        case .note: 200
        case .photo: 300
        default: 60
        }
    }
}

extension Member {
    public subscript(field: MemberField) -> String {
        get {
            switch field {
            case .name: name
            case .sector: sector
            case .committee: committee
            case .unitTitle: unitTitle
            case .expertise: expertise
            case .phone: phone
            case .note: note
            case .photo: photoPath ?? ""
            }
        }
        set {
            switch field {
            case .name: name = newValue
            case .sector: sector = newValue
            case .committee: committee = newValue
            case .unitTitle: unitTitle = newValue
            case .expertise: expertise = newValue
            case .phone: phone = newValue
            case .note: note = newValue
            case .photo: photoPath = newValue.isEmpty ? nil : newValue
            }
        }
    }
}
