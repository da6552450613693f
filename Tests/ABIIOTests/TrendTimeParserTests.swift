import ABIIO
import Testing

/// Time cells of `abikit trend`: ISO dates and datetimes, numbers, and day/month order only when declared.
@Suite struct TrendTimeParserTests {
    func parse(_ text: String, _ format: TrendDateFormat = .iso) -> TrendTimeValue {
        var copy = text
        return copy.withUTF8 { TrendTimeParser.parse($0, format: format, decimalMark: .point) }
    }

    func days(_ value: TrendTimeValue) -> Double? {
        if case .date(let days, _) = value { return days }
        return nil
    }

    @Test func isoDatesAreDaysSince1970() {
        #expect(days(parse("1970-01-01")) == 0)
        #expect(days(parse("2024-03-01")) == 19_783)  // 2024 is a leap year: Feb 29 exists
        #expect(days(parse("2000-02-29")) == 11_016)
        if case .invalid = parse("2023-02-29") {} else { Issue.record("Feb 29 2023 does not exist") }
    }

    @Test func datetimesAreFractionsOfADayInUTC() {
        #expect(days(parse("1970-01-02T12:00:00Z")) == 1.5)
        #expect(days(parse("1970-01-02T12:00+06:00")) == 1.25)
        #expect(days(parse("1970-01-01 06:00:00.5")) == (6 * 3600 + 0.5) / 86_400)
        if case .invalid = parse("1970-01-01T25:00") {} else { Issue.record("hour 25") }
    }

    @Test func numbersAndMissingMarkers() {
        #expect(parse("2000.25") == .number(2000.25))
        #expect(parse(" 3 ") == .number(3))
        for text in ["", "NA", "nan", ".", "N/A"] { #expect(parse(text) == .missing, "\(text)") }
    }

    @Test func dayMonthOrderIsNeverGuessed() {
        guard case .invalid(let message) = parse("03/04/2025") else { Issue.record("must be an error"); return }
        #expect(message.contains("--date-format"))
        // Even a date no other reading could fit needs the declared order.
        if case .invalid = parse("25/12/2025") {} else { Issue.record("must be an error") }
        #expect(days(parse("03/04/2025", .dayMonthYear)) == days(parse("2025-04-03")))
        #expect(days(parse("03/04/2025", .monthDayYear)) == days(parse("2025-03-04")))
        #expect(days(parse("3.4.2025", .dayMonthYear)) == days(parse("2025-04-03")))
        if case .invalid = parse("12/31/2025", .dayMonthYear) {} else { Issue.record("month 31") }
        if case .invalid = parse("03/04-2025", .dayMonthYear) {} else { Issue.record("mixed separators") }
    }
}
