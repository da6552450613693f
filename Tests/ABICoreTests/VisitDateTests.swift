import Testing
@testable import ABICore

struct VisitDateTests {
    @Test(arguments: [
        ("1970-01-01", 0),
        ("1970-01-02", 1),
        ("1969-12-31", -1),
        ("2000-02-29", 11_016),   // leap century: 30 years * 365 + 7 leap days + 31 + 28 = 11016
        ("2000-03-01", 11_017),
        ("2024-01-01", 19_723),   // 54 * 365 + 13 leap days (1972..2020)
        (" 2024-01-01 ", 19_723),
    ])
    func countsDaysSince1970(_ text: String, _ dayNumber: Int) {
        #expect(VisitDate.parse(text)?.dayNumber == dayNumber)
    }

    @Test(arguments: ["", "2024-1-05", "2024/01/05", "2024-01-5", "24-01-05", "2024-13-01", "2024-00-10",
                      "2024-01-00", "2024-01-32", "2023-02-29", "1900-02-29", "2100-02-29", "0000-01-01",
                      "2024-01-05T10:00", "2024-01-0a", "2024-04-31", "２０２４-01-01"])
    func rejectsAnythingButARealYearMonthDay(_ text: String) {
        #expect(VisitDate.parse(text) == nil)
    }

    @Test func acceptsLeapDaysOfLeapYears() {
        #expect(VisitDate.parse("2024-02-29") != nil)
        #expect(VisitDate.parse("2000-02-29") != nil)
        #expect(VisitDate.parse("9999-12-31")?.description == "9999-12-31")
        #expect(VisitDate.parse("0001-01-01")?.description == "0001-01-01")
    }

    @Test func ordersByCalendarDay() {
        guard let early = VisitDate.parse("2023-12-31"), let late = VisitDate.parse("2024-01-01") else {
            Issue.record("fixture dates did not parse")
            return
        }
        #expect(early < late)
        #expect(late.dayNumber - early.dayNumber == 1)
    }
}
