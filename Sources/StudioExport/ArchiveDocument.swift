import Foundation
import StudioCore

/// `工作室档案.json`: one studio's whole record as it stood on the export date.
/// Codes (type, status, role, decision) are kept next to their Chinese titles, and
/// absent values are written as null, so a reader needs neither this program nor its rules.
public struct ArchiveDocument: Codable, Equatable, Sendable {
    /// Layout of this document; raised when a field changes meaning or goes away.
    public var formatVersion: Int
    public var exportedOn: String
    public var studio: StudioRow
    public var profile: ProfileRow
    /// Every membership, those who left included: current members first (by role), then the rest.
    public var team: [TeamRow]
    /// Every approval record, all rounds, in the order they were made.
    public var approvalRecords: [ApprovalRow]
    public var statusHistory: [StatusRow]
    /// Free-text answers of the application form by field id.
    public var applicationValues: [String: String]

    public static let currentFormatVersion = 1

    public struct StudioRow: Codable, Equatable, Sendable {
        public var id: Int64
        public var name: String
        public var type: String
        public var typeTitle: String
        public var mode: String
        public var modeTitle: String
        public var status: String
        public var statusTitle: String
        public var isActive: Bool
        public var profileID: String
        public var address: String
        public var sector: String
        public var committee: String
        public var pinyin: String
        public var initials: String

        init(_ s: Studio) {
            id = s.id ?? 0
            name = s.name
            type = s.type.rawValue
            typeTitle = s.type.title
            mode = s.mode.rawValue
            modeTitle = s.mode.title
            status = s.status.rawValue
            statusTitle = s.status.title
            isActive = s.status.isActive
            profileID = s.profileID
            address = s.address
            sector = s.sector
            committee = s.committee
            pinyin = s.pinyin
            initials = s.initials
        }
    }

    public struct ProfileRow: Codable, Equatable, Sendable {
        public var id: String
        /// Nil when the studio's rule profile is not among the shipped ones.
        @NullWhenAbsent public var name: String?
        @NullWhenAbsent public var issuer: String?

    }

    public struct TeamRow: Codable, Equatable, Sendable {
        public var memberID: Int64
        public var name: String
        public var role: String
        public var roleTitle: String
        public var joinedOn: String
        @NullWhenAbsent public var leftOn: String?
        @NullWhenAbsent public var leftReason: String?
        public var isCurrent: Bool
        public var sector: String
        public var committee: String
        public var unitTitle: String
        public var expertise: String
        public var phone: String
        public var note: String
        public var isNonMember: Bool
        @NullWhenAbsent public var termEndedOn: String?

        init(_ e: TeamEntry) {
            memberID = e.membership.memberID
            name = e.member.name
            role = e.membership.role.rawValue
            roleTitle = e.membership.role.title
            joinedOn = e.membership.joinedOn
            leftOn = e.membership.leftOn
            leftReason = e.membership.leftReason
            isCurrent = e.isCurrent
            sector = e.member.sector
            committee = e.member.committee
            unitTitle = e.member.unitTitle
            expertise = e.member.expertise
            phone = e.member.phone
            note = e.member.note
            isNonMember = e.member.isNonMember
            termEndedOn = e.member.termEndedOn
        }

    }

    public struct ApprovalRow: Codable, Equatable, Sendable {
        @NullWhenAbsent public var id: Int64?
        public var round: Int
        public var stepID: String
        public var stepName: String
        public var decision: String
        public var decisionTitle: String
        public var opinion: String
        public var signer: String
        public var date: String
        @NullWhenAbsent public var plaqueNumber: String?

        init(_ r: ApprovalRecord) {
            id = r.id
            round = r.round
            stepID = r.stepID
            stepName = r.stepName
            decision = r.decision.rawValue
            decisionTitle = r.decision.title
            opinion = r.opinion
            signer = r.signer
            date = r.date
            plaqueNumber = r.plaqueNumber
        }

    }

    public struct StatusRow: Codable, Equatable, Sendable {
        @NullWhenAbsent public var id: Int64?
        public var date: String
        public var fromStatus: String
        public var fromStatusTitle: String
        public var toStatus: String
        public var toStatusTitle: String
        public var reason: String

        init(_ c: StatusChange) {
            id = c.id
            date = c.date
            fromStatus = c.fromStatus.rawValue
            fromStatusTitle = c.fromStatus.title
            toStatus = c.toStatus.rawValue
            toStatusTitle = c.toStatus.title
            reason = c.reason
        }
    }

    /// The document encoded as the bundle holds it: pretty, sorted keys, slashes and Chinese as is.
    public func encoded() throws -> Data {
        Data(try JSONText.render(self).utf8)
    }
}
