import ABICore

/// How `trend` reads non-ISO dates: the format every command shares (`ABICore.DateFormat`).
public typealias TrendDateFormat = DateFormat

/// One time cell as `trend` reads it.
public enum TrendTimeValue: Sendable, Equatable {
    /// Blank, `NA`, `NaN`, `.`.
    case missing
    /// A plain number, used as given.
    case number(Double)
    /// A date or datetime: days since 1970-01-01 (fractional for a time of day, converted to UTC
    /// when an offset is given) and its calendar day (for visit-to-visit ABI change).
    case date(days: Double, day: VisitDate)
    /// Not a time; the message says why.
    case invalid(String)
}

/// Parses time cells without Foundation and without allocating on the common path.
public enum TrendTimeParser {
    /// Whether a cell is a missing marker: blank, `NA`, `N/A`, `NaN`, `.` (any case, spaces around).
    public static func isMissing(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool {
        MissingValueMarker.matches(bytes, from: start, to: end)
    }

    /// Reads one time cell.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, format: TrendDateFormat,
                             decimalMark: CSVDialect.DecimalMark) -> TrendTimeValue {
        // The usual cell, `yyyy-mm-dd` alone (never a missing-value marker), before any trimming.
        if bytes.count == 10, let date = VisitDate.parse(bytes) { return .date(days: Double(date.dayNumber), day: date) }
        var start = 0
        var end = bytes.count
        while start < end && bytes[start] == 0x20 { start += 1 }
        while end > start && bytes[end - 1] == 0x20 { end -= 1 }
        if isMissing(bytes, start: start, end: end) { return .missing }
        // Dates and datetimes: the parser every command shares (ABICore), then plain numbers.
        let cell = UnsafeBufferPointer(rebasing: bytes[start..<end])
        switch VisitTime.parse(cell, format: format) {
        case .date(let days, let day): return .date(days: days, day: day)
        case .invalid(let message): return .invalid(message)
        case .notADate:
            if let number = DecimalNumberParser.parseDouble(cell, decimalMark: decimalMark) { return .number(number) }
            return .invalid("not a date, datetime or number")
        }
    }
}
