import Foundation
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import StudioStore
@testable import TerminalKit
import TestSupport

/// Issue 21: a form's values are read by field kind in one place (`FormValues.read`); a date or a number that does
/// not read is shown under its field and the save is not called.
@Suite struct FormValuesTests {
    func stays(_ n: Navigation) -> Bool { if case .stay = n { true } else { false } }

    static let today = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

    /// A form with a date, a whole number, a decimal and text, and what its save received.
    final class Probe {
        var saved: [FormValues] = []
        lazy var form = EntryFormScreen(title: "测试表单", fields: [
            .init("date", "日期", .date(today: { FormValuesTests.today }, notAfterToday: true)),
            .init("citizens", "服务群众", .number(range: 0...100_000, required: false, maxLength: 6)),
            .init("points", "分值", .number(whole: false, maxLength: 6, message: "请填写数字分值")),
            .init("since", "起始", .date(today: { FormValuesTests.today }, required: false)),
            .init("title", "名称", .text(maxLength: 20)),
            .init("kind", "种类", .choice(["个人", "集体"])),
        ], values: ["date": "t", "points": "5", "title": "读书会"]) { [unowned self] v in
            saved.append(v)
            return .saved(.stay)
        }

        func type(_ field: Int, _ text: String) {
            form.focus = field
            // Clear what is there, then type.
            for _ in 0..<20 { _ = form.handle(.backspace) }
            for c in text { _ = form.handle(.char(c)) }
        }

        var screen: String {
            var b = Buffer(width: 80, height: 24)
            form.render(into: &b, area: Rect(row: 0, col: 0, width: 80, height: 24))
            return b.text
        }
    }

    @Test func badDateAndBadNumberAreShownUnderTheirFieldsAndNothingIsSaved() {
        let p = Probe()
        p.type(0, "2026-2-30")
        p.type(1, "十二")
        #expect(stays(p.form.save()))
        #expect(p.saved.isEmpty)
        #expect(p.form.issues["date"] == "日期「2026-2-30」无法识别：\(FormValues.dateGuidance)")
        #expect(p.form.issues["citizens"] == "「十二」不是整数")
        #expect(p.form.focus == 0, "the first field with a problem takes the focus")
        let lines = p.screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Each problem on the line under its field (the form spaces its fields two lines apart).
        let dateRow = lines.firstIndex { $0.contains("日期：") }!
        let citizensRow = lines.firstIndex { $0.contains("服务群众：") }!
        #expect(lines[dateRow + 1].contains("日期「2026-2-30」无法识别"))
        #expect(lines[citizensRow + 1].contains("「十二」不是整数"))

        // A date after today, a number out of range, a decimal that is not a number (its own message).
        p.type(0, "2026-12-1")
        p.type(1, "-3")
        p.type(2, "五分")
        #expect(stays(p.form.save()))
        #expect(p.saved.isEmpty)
        #expect(p.form.issues == ["date": "日期不能晚于今天", "citizens": "应为 0–100000 之间的整数", "points": "请填写数字分值"])
    }

    @Test func theSaveGetsTheValuesRead() throws {
        let p = Probe()
        p.type(0, "3.5")
        p.type(1, "１２")  // full-width digits, as a Chinese input method types them
        p.type(2, "7.5")
        _ = p.form.save()
        let v = try #require(p.saved.first)
        #expect(v.date("date") == CivilDate(year: 2026, month: 3, day: 5))
        #expect(v.intIfAny("citizens") == 12)
        #expect(v.number("points") == 7.5)
        #expect(v.dateIfAny("since") == nil)
        #expect(v.text("title") == "读书会")
        #expect(v.choice("kind") == "个人")
        #expect(v.choice("kind", in: [StudioRole.lead, .convener], title: { $0 == .lead ? "个人" : "集体" }) == .lead)

        // Empty where allowed: no value, no problem; empty where required: said.
        p.saved = []
        p.type(1, "")
        p.type(0, "")
        _ = p.form.save()
        #expect(p.saved.isEmpty)
        #expect(p.form.issues == ["date": "请填写日期"])
        p.type(0, "y")
        _ = p.form.save()
        #expect(p.saved.first?.intIfAny("citizens") == nil)
        #expect(p.saved.first?.date("date").iso == "2026-11-17")
    }

    @Test func readingRulesAreTheCoreDateInputs() {
        let today = Self.today
        for (typed, iso) in [("t", "2026-11-18"), ("2026年3月5日", "2026-03-05"), ("２０２６．３．５", "2026-03-05"), ("20260305", "2026-03-05")] {
            #expect((try? FormValues.readDate(typed, today: today).get())??.iso == iso, "\(typed)")
        }
        #expect((try? FormValues.readNumber("2026", range: 2000...2100, whole: true).get()) == 2026)
        #expect((try? FormValues.readNumber("1.5", range: nil, whole: true).get()) == nil, "a whole number has no fraction")
        #expect((try? FormValues.readNumber("1.5", range: nil, whole: false).get()) == 1.5)
        #expect((try? FormValues.readNumber("", range: nil, whole: true, required: false).get()) == .some(nil))
    }

    /// The same through a real form: the activity form with a date that is not one and a count that is not a
    /// number says both (the date first, where the focus goes), and the ledger is unchanged.
    @Test func activityFormWithABadDateAndABadCountSavesNothing() throws {
        let profiles = try DemoTemplate.shippedProfiles()
        let h = try Harness(profiles: profiles)
        let studio = try #require(try h.db.studios().first { $0.name == "明湖区湖滨街道委员工作室" })
        let count = { try h.db.dump().tables.first { $0.name == "activity" }!.rows.count }
        let before = try count()
        let form = try #require(LedgerForms.activity(context: h.app.context, studio: studio, profile: profiles.first { $0.id == studio.profileID },
                                                     existing: nil, members: []) as? EntryFormScreen)
        func type(_ id: String, _ text: String) {
            form.focus = form.fields.firstIndex { $0.id == id }!
            for _ in 0..<20 { _ = form.handle(.backspace) }
            for c in text { _ = form.handle(.char(c)) }
        }
        type("date", "13.45")
        type("title", "读书分享会")
        type("citizens", "三十")
        #expect(stays(form.save()))
        #expect(try count() == before)
        #expect(form.issues == ["date": "日期「13.45」无法识别：\(FormValues.dateGuidance)", "citizens": "服务群众人数应为不小于 0 的整数"])
        #expect(form.fields[form.focus].id == "date")
        var b = Buffer(width: 160, height: 24)
        form.render(into: &b, area: Rect(row: 0, col: 0, width: 160, height: 24))
        // Eleven fields leave no room under each: the focused field's problem and the others' on the last line.
        #expect(b.line(23).contains("日期「13.45」无法识别"))
        #expect(b.line(23).contains("服务群众：服务群众人数应为不小于 0 的整数"))

        type("date", "11.2")
        type("citizens", "30")
        _ = form.save()
        #expect(form.issues.isEmpty)
        #expect(try count() == before + 1)
    }
}
