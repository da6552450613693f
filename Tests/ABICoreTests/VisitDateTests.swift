import Testing
import TestSupport
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

    /// Every valid day from 0001-01-01 to 9999-12-31 in calendar order, counted one by one: its day
    /// number is the count from 1970-01-01 (0001-01-01 is day -719,162: 1969 years of 365 days
    /// and 477 leap days), and its description reads back as the same date.
    @Test func everyDayOfTheCalendarHasTheNextDayNumber() {
        var expected = -719_162
        var mismatches = 0
        for year in 1...9999 {
            for month in 1...12 {
                for day in 1...VisitDate.daysInMonth(month, year: year) {
                    guard let date = VisitDate(year: year, month: month, day: day) else { mismatches += 1; continue }
                    if date.dayNumber != expected { mismatches += 1 }
                    expected += 1
                }
            }
        }
        #expect(mismatches == 0)
        #expect(expected == 2_932_897)  // the day after 9999-12-31
        #expect(VisitDate(year: 1970, month: 1, day: 1)?.dayNumber == 0)
    }

    @Test func ordersByCalendarDay() {
        guard let early = VisitDate.parse("2023-12-31"), let late = VisitDate.parse("2024-01-01") else {
            Issue.record("fixture dates did not parse")
            return
        }
        #expect(early < late)
        #expect(late.dayNumber - early.dayNumber == 1)
    }

    /// The word-at-a-time parse against a byte-at-a-time reader of the same rule, over random
    /// ten-byte cells near the date shape (every byte sometimes a non-digit just below or above
    /// '0'-'9', a wrong separator, or a high byte) and every valid day of four years.
    @Test func wordParseMatchesAByteReader() {
        func reference(_ bytes: [UInt8]) -> VisitDate? {
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            var values: [Int] = []
            for index in [0, 1, 2, 3, 5, 6, 8, 9] {
                guard bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") else { return nil }
                values.append(Int(bytes[index] - UInt8(ascii: "0")))
            }
            return VisitDate(year: values[0] * 1000 + values[1] * 100 + values[2] * 10 + values[3],
                             month: values[4] * 10 + values[5], day: values[6] * 10 + values[7])
        }
        var rng = SplitMix64(seed: 1970)
        let odd: [UInt8] = [0x2F, 0x3A, 0x3F, 0x40, 0x2D, 0x20, 0x00, 0xB0, 0xF9, 0xFF, 0x06, 0x36]
        for _ in 0..<200_000 {
            var bytes = Array("\(1000 + rng.next() % 9000)-\(10 + rng.next() % 3)-\(10 + rng.next() % 22)".utf8)
            bytes[5] = UInt8(ascii: "0") + UInt8(rng.next() % 2)
            for _ in 0..<(rng.next() % 3) {
                bytes[Int(rng.next() % 10)] = odd[Int(rng.next() % UInt64(odd.count))]
            }
            let parsed = bytes.withUnsafeBufferPointer { VisitDate.parse($0) }
            #expect(parsed == reference(bytes), "\(bytes)")
        }
        var day = VisitDate(year: 2023, month: 1, day: 1)!
        for _ in 0..<(4 * 366) {
            #expect(VisitDate.parse(day.description) == day)
            let next = VisitDate(year: day.year, month: day.month, day: day.day + 1)
                ?? VisitDate(year: day.year, month: day.month + 1, day: 1) ?? VisitDate(year: day.year + 1, month: 1, day: 1)!
            day = next
        }
    }
}
