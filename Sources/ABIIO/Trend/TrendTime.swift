import ABICore

/// How `trend` reads non-ISO dates (`--date-format`). ISO 8601 dates (`yyyy-mm-dd`), ISO
/// datetimes (`yyyy-mm-ddThh:mm[:ss[.fff]]`, optional `Z` or `+hh:mm` offset) and plain numbers
/// are always read; a date such as `03/04/2025` is read only with a format that says which part
/// is the day, because guessing would silently swap March and April.
public enum TrendDateFormat: String, Sendable, Equatable, CaseIterable {
    /// Only ISO dates and datetimes (the default).
    case iso = "yyyy-mm-dd"
    /// Day first: `31/12/2025`, `31.12.2025`, `31-12-2025`.
    case dayMonthYear = "dd/mm/yyyy"
    /// Month first (US): `12/31/2025`, `12-31-2025`.
    case monthDayYear = "mm/dd/yyyy"

    /// A format from its `--date-format` spelling (`dd/mm/yyyy`, `dd.mm.yyyy`, `dd-mm-yyyy`,
    /// `mm/dd/yyyy`, `mm-dd-yyyy`, `yyyy-mm-dd`, any case).
    public init?(spelling: String) {
        let text = spelling.lowercased()
        switch text {
        case "yyyy-mm-dd", "iso": self = .iso
        case "dd/mm/yyyy", "dd.mm.yyyy", "dd-mm-yyyy": self = .dayMonthYear
        case "mm/dd/yyyy", "mm-dd-yyyy", "mm.dd.yyyy": self = .monthDayYear
        default: return nil
        }
    }
}

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
        let length = end - start
        if length == 0 { return true }
        if length == 1 { return bytes[start] == UInt8(ascii: ".") }
        func lower(_ index: Int) -> UInt8 { bytes[start + index] | 0x20 }
        if length == 2 { return lower(0) == UInt8(ascii: "n") && lower(1) == UInt8(ascii: "a") }
        if length == 3 {
            return (lower(0) == UInt8(ascii: "n") && lower(1) == UInt8(ascii: "a") && lower(2) == UInt8(ascii: "n"))
                || (lower(0) == UInt8(ascii: "n") && bytes[start + 1] == UInt8(ascii: "/") && lower(2) == UInt8(ascii: "a"))
        }
        return false
    }

    /// Reads one time cell.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, format: TrendDateFormat,
                             decimalMark: CSVDialect.DecimalMark) -> TrendTimeValue {
        var start = 0
        var end = bytes.count
        while start < end && bytes[start] == 0x20 { start += 1 }
        while end > start && bytes[end - 1] == 0x20 { end -= 1 }
        if isMissing(bytes, start: start, end: end) { return .missing }
        func digits(_ offset: Int, _ width: Int) -> Int? {
            guard start + offset + width <= end else { return nil }
            var value = 0
            for index in (start + offset)..<(start + offset + width) {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let length = end - start
        // ISO date or datetime.
        if length >= 10, bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-"),
           let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2) {
            guard let date = VisitDate(year: year, month: month, day: day) else {
                return .invalid("not a calendar date")
            }
            var days = Double(date.dayNumber)
            if length == 10 { return .date(days: days, day: date) }
            guard let seconds = timeOfDay(bytes, from: start + 10, to: end) else {
                return .invalid("not an ISO 8601 date or datetime (yyyy-mm-dd or yyyy-mm-ddThh:mm[:ss][Z|+hh:mm])")
            }
            days += seconds / 86_400
            return .date(days: days, day: date)
        }
        if let number = DecimalNumberParser.parseDouble(UnsafeBufferPointer(rebasing: bytes[start..<end]),
                                                        decimalMark: decimalMark) {
            return .number(number)
        }
        // d/m/y or m/d/y with one or two digit day and month and a four-digit year.
        var parts: [Int] = []
        var separator: UInt8 = 0
        var value = 0
        var width = 0
        for index in start..<end {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                width += 1
                if width > 4 { return .invalid("not a date, datetime or number") }
            } else if byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") {
                if separator == 0 { separator = byte }
                guard byte == separator, width > 0, width <= 2, parts.count < 2 else {
                    return .invalid("not a date, datetime or number")
                }
                parts.append(value)
                value = 0
                width = 0
            } else {
                return .invalid("not a date, datetime or number")
            }
        }
        guard parts.count == 2, width == 4 else { return .invalid("not a date, datetime or number") }
        switch format {
        case .iso:
            return .invalid("not an ISO date (yyyy-mm-dd); day and month order is ambiguous: "
                + "pass --date-format dd/mm/yyyy or --date-format mm/dd/yyyy")
        case .dayMonthYear, .monthDayYear:
            let (day, month) = format == .dayMonthYear ? (parts[0], parts[1]) : (parts[1], parts[0])
            guard let date = VisitDate(year: value, month: month, day: day) else {
                return .invalid("not a calendar date as \(format.rawValue)")
            }
            return .date(days: Double(date.dayNumber), day: date)
        }
    }

    /// Seconds after midnight UTC from `Thh:mm[:ss[.fff]][Z|+hh:mm|-hh:mm]` (or a space for T).
    static func timeOfDay(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double? {
        var i = start
        guard i < end, bytes[i] == UInt8(ascii: "T") || bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "t")
        else { return nil }
        i += 1
        func two() -> Int? {
            guard i + 2 <= end else { return nil }
            let a = bytes[i], b = bytes[i + 1]
            guard a >= 48, a <= 57, b >= 48, b <= 57 else { return nil }
            i += 2
            return Int(a - 48) * 10 + Int(b - 48)
        }
        guard let hour = two(), hour <= 24, i < end, bytes[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard let minute = two(), minute < 60 else { return nil }
        var seconds = Double(hour * 3600 + minute * 60)
        if i < end, bytes[i] == UInt8(ascii: ":") {
            i += 1
            guard let second = two(), second <= 60 else { return nil }
            seconds += Double(second)
            if i < end, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ",") {
                i += 1
                var scale = 0.1
                var fraction = 0.0
                var any = false
                while i < end, bytes[i] >= 48, bytes[i] <= 57 {
                    fraction += Double(bytes[i] - 48) * scale
                    scale /= 10
                    i += 1
                    any = true
                }
                guard any else { return nil }
                seconds += fraction
            }
        }
        if i == end { return seconds }
        if bytes[i] == UInt8(ascii: "Z") || bytes[i] == UInt8(ascii: "z") { return i + 1 == end ? seconds : nil }
        guard bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") else { return nil }
        let sign = bytes[i] == UInt8(ascii: "+") ? 1.0 : -1.0
        i += 1
        guard let offsetHours = two(), offsetHours <= 23 else { return nil }
        var offsetMinutes = 0
        if i < end, bytes[i] == UInt8(ascii: ":") { i += 1 }
        if i < end {
            guard let minutes = two(), minutes < 60 else { return nil }
            offsetMinutes = minutes
        }
        guard i == end else { return nil }
        return seconds - sign * Double(offsetHours * 3600 + offsetMinutes * 60)
    }
}
