import Testing
@testable import ABICore

/// The one date parser of `score`, `validate` and `trend` (issue 8, item 7). Expected day numbers
/// are hand-counted from VisitDateTests' anchors (2024-01-01 = 19723; 2025-03-04 = 19723 + 366 + 31
/// + 28 + 3 = 20151).
struct VisitTimeTests {
    static let march4 = 20_151

    func days(_ text: String, _ format: DateFormat = .iso) -> Double? {
        if case .date(let days, _) = VisitTime.parse(text, format: format) { return days }
        return nil
    }

    func day(_ text: String, _ format: DateFormat = .iso) -> String? {
        if case .date(_, let day) = VisitTime.parse(text, format: format) { return day.description }
        return nil
    }

    @Test func readsISODatesThroughTheFastPathAndWithSpaces() {
        #expect(VisitDate.parse("2025-03-04")?.dayNumber == Self.march4)
        #expect(days("2025-03-04") == Double(Self.march4))
        #expect(days(" 2025-03-04\t") == Double(Self.march4))
    }

    static let datetimes: [(String, Double)] = [
        ("2025-03-04 10:30", 10.5 / 24),
        ("2025-03-04T10:30:00", 10.5 / 24),
        ("2025-03-04t06:00", 0.25),
        ("2025-03-04T12:00:00Z", 0.5),
        ("2025-03-04T12:00:00+02:00", 0.5 - 2.0 / 24),   // converted to UTC
        ("2025-03-04T12:00-0130", 0.5 + 1.5 / 24),
        ("2025-03-04T00:00:30.5", 30.5 / 86_400),
    ]

    @Test(arguments: datetimes)
    func readsISODatetimesAsFractionalDays(_ text: String, _ fraction: Double) {
        let value = days(text)
        #expect(value != nil)
        #expect(abs((value ?? 0) - (Double(Self.march4) + fraction)) < 1e-9)
        // The calendar day is the one written, whatever the offset (visit-to-visit change).
        #expect(day(text) == "2025-03-04")
    }

    static let spelledDates: [(String, DateFormat)] = [
        ("04.03.2025", .dayMonthYear), ("4.3.2025", .dayMonthYear), ("04/03/2025", .dayMonthYear),
        ("04-03-2025", .dayMonthYear), ("03/04/2025", .monthDayYear), ("3-4-2025", .monthDayYear),
    ]

    @Test(arguments: spelledDates)
    func readsDayAndMonthInTheOrderTheFormatSays(_ text: String, _ format: DateFormat) {
        #expect(day(text, format) == "2025-03-04")
    }

    @Test func readsNonISODatetimes() {
        #expect(days("04.03.2025 18:00", .dayMonthYear) == Double(Self.march4) + 0.75)
        #expect(day("03/04/2025T06:00", .monthDayYear) == "2025-03-04")
        #expect(days("04.03.2025 25:00", .dayMonthYear) == nil)
    }

    @Test(arguments: ["04.03.2025", "03/04/2025", "25/12/2025", "12-25-2025", "04.03.2025 10:30"])
    func neverGuessesDayAndMonthOrder(_ text: String) {
        guard case .invalid(let message) = VisitTime.parse(text, format: .iso) else {
            Issue.record("\(text) was read without --date-format")
            return
        }
        #expect(message.contains("ambiguous"))
        #expect(message.contains("--date-format"))
    }

    static let impossibleDates: [(String, DateFormat)] = [
        ("2025-02-29", .iso), ("2025-13-01 10:00", .iso), ("2025-03-04 24:60", .iso),
        ("2025-03-04X10:00", .iso), ("31.04.2025", .dayMonthYear), ("04/31/2025", .monthDayYear),
        ("29.02.2023", .dayMonthYear),
    ]

    @Test(arguments: impossibleDates)
    func rejectsDatesThatDoNotExist(_ text: String, _ format: DateFormat) {
        guard case .invalid = VisitTime.parse(text, format: format) else {
            Issue.record("\(text) was not rejected")
            return
        }
    }

    @Test(arguments: ["", "2025", "1.5", "12345", "visit 1", "04.03.25", "2025.03.04", "1/2/3/2025", "04.03-2025"])
    func leavesWhatIsNotShapedLikeADateToTheCaller(_ text: String) {
        #expect(VisitTime.parse(text, format: .dayMonthYear) == .notADate)
    }

    @Test func spellingsOfTheFormatOption() {
        #expect(DateFormat(spelling: "DD.MM.YYYY") == .dayMonthYear)
        #expect(DateFormat(spelling: "mm-dd-yyyy") == .monthDayYear)
        #expect(DateFormat(spelling: "iso") == .iso)
        #expect(DateFormat(spelling: "yyyy/mm/dd") == nil)
    }
}
