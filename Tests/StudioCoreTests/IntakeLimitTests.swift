import StudioCore
import Testing

/// The overdue rule for 群众意见建议, as the store's SQL applies it (a received-before date), agrees with the days open.
@Suite struct IntakeLimitTests {
    @Test func theReceivedBeforeDateIsTheLimitCountedBack() {
        #expect(IntakeLimit(days: 30, today: "2026-11-18").receivedBefore == "2026-10-19")
        #expect(IntakeLimit(days: 30, today: "2026-03-01").receivedBefore == "2026-01-30")
        #expect(IntakeLimit(days: 15, today: "2027-01-10").receivedBefore == "2026-12-26")
        #expect(IntakeLimit(days: 30, today: "not a date").receivedBefore == nil)
        #expect(!IntakeLimit(days: 30, today: "not a date").isOverdue(receivedOn: "2020-01-01", settled: false))
    }

    @Test func overdueIsMoreDaysOpenThanTheLimitAndUnanswered() {
        let today = "2026-03-01"
        for limit in [1, 15, 30, 60] {
            for back in 0...120 {
                let received = CivilDate.adding(days: -back, to: today)!
                let item = CitizenItem(studioID: 1, receivedOn: received, citizen: "李先生", content: "路灯不亮")
                let expected = item.daysOpen(today: today) > limit
                #expect(item.isOverdue(limitDays: limit, today: today) == expected, "\(received) limit \(limit)")
                #expect(IntakeLimit(days: limit, today: today).isOverdue(receivedOn: received, settled: false) == expected)
                #expect(!IntakeLimit(days: limit, today: today).isOverdue(receivedOn: received, settled: true))
            }
        }
    }
}
