/// One entry of a studio's status history: what changed, when, and why.
public struct StatusChange: Equatable, Codable, Sendable {
    public var id: Int64?
    public var studioID: Int64
    public var fromStatus: StudioStatus
    public var toStatus: StudioStatus
    /// ISO date.
    public var date: String
    public var reason: String

    public init(id: Int64? = nil, studioID: Int64, fromStatus: StudioStatus, toStatus: StudioStatus, date: String, reason: String) {
        self.id = id
        self.studioID = studioID
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.date = date
        self.reason = reason
    }
}
