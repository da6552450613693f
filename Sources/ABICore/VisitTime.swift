/// How non-ISO dates are read (`--date-format` of `score`, `validate` and `trend`). ISO 8601 dates
/// (`yyyy-mm-dd`) and datetimes (`yyyy-mm-ddThh:mm[:ss[.fff]]` or with a space, optional `Z` or
/// `+hh:mm` offset) are always read; a date such as `03/04/2025` only with a format that says which
/// part is the day, because guessing would silently swap March and April.
public enum DateFormat: String, Sendable, Equatable, CaseIterable {
    /// Only ISO dates and datetimes (the default).
    case iso = "yyyy-mm-dd"
    /// Day first: `31/12/2025`, `31.12.2025` (German exports), `31-12-2025`.
    case dayMonthYear = "dd/mm/yyyy"
    /// Month first (US): `12/31/2025`, `12-31-2025`.
    case monthDayYear = "mm/dd/yyyy"

    /// A format from its `--date-format` spelling (`dd/mm/yyyy`, `dd.mm.yyyy`, `dd-mm-yyyy`,
    /// `mm/dd/yyyy`, `mm-dd-yyyy`, `mm.dd.yyyy`, `yyyy-mm-dd` or `iso`, any case).
    public init?(spelling: String) {
        switch spelling.lowercased() {
        case "yyyy-mm-dd", "iso": self = .iso
        case "dd/mm/yyyy", "dd.mm.yyyy", "dd-mm-yyyy": self = .dayMonthYear
        case "mm/dd/yyyy", "mm-dd-yyyy", "mm.dd.yyyy": self = .monthDayYear
        default: return nil
        }
    }

    /// The spellings accepted by ``init(spelling:)``, for messages.
    public static let spellings = "yyyy-mm-dd, dd.mm.yyyy, dd/mm/yyyy, dd-mm-yyyy, mm/dd/yyyy, mm-dd-yyyy"
}

/// A date cell read by `VisitTime/parse(_:format:)`: the one date parser of every command.
public enum VisitTime: Sendable, Equatable {
    /// A date or datetime: days since 1970-01-01 (fractional for a time of day, converted to UTC
    /// when an offset is given) and the calendar day as written (for visit-to-visit change).
    case date(days: Double, day: VisitDate)
    /// Shaped like a date but not one; the message says why and what was expected.
    case invalid(String)
    /// Not shaped like a date at all (a number, text): the caller decides.
    case notADate

    /// Parses one cell (surrounding spaces ignored). The common ISO date takes the fast path of
    /// ``VisitDate/parse(_:)-(UnsafeBufferPointer<UInt8>)``; nothing allocates except a message.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, format: DateFormat) -> VisitTime {
        if bytes.count == 10, let date = VisitDate.parse(bytes) { return .date(days: Double(date.dayNumber), day: date) }
        let (start, end) = DecimalText.trimmedBounds(bytes)
        func digits(_ offset: Int, _ width: Int) -> Int? {
            guard start + offset + width <= end else { return nil }
            var value = 0
            for index in (start + offset)..<(start + offset + width) {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
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
            if length == 10 { return .date(days: Double(date.dayNumber), day: date) }
            guard let seconds = timeOfDay(bytes, from: start + 10, to: end) else {
                return .invalid("not an ISO 8601 date or datetime (yyyy-mm-dd or yyyy-mm-ddThh:mm[:ss][Z|+hh:mm])")
            }
            return .date(days: Double(date.dayNumber) + seconds / 86_400, day: date)
        }
        // d/m/y or m/d/y: one or two digit day and month, a four-digit year, one kind of separator.
        var parts = (0, 0)
        var partCount = 0
        var separator: UInt8 = 0
        var value = 0
        var width = 0
        // A time of day may follow the date after a space or `T` (`04.03.2025 10:30`).
        var dateEnd = end
        for index in start..<end where bytes[index] == 0x20 || bytes[index] == UInt8(ascii: "T") {
            dateEnd = index
            break
        }
        for index in start..<dateEnd {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                width += 1
                if width > 4 { return .notADate }
            } else if byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") {
                if separator == 0 { separator = byte }
                guard byte == separator, width > 0, width <= 2, partCount < 2 else { return .notADate }
                if partCount == 0 { parts.0 = value } else { parts.1 = value }
                partCount += 1
                value = 0
                width = 0
            } else {
                return .notADate
            }
        }
        guard partCount == 2, width == 4 else { return .notADate }
        switch format {
        case .iso:
            return .invalid("not an ISO date (yyyy-mm-dd); day and month order is ambiguous: "
                + "pass --date-format dd/mm/yyyy (or dd.mm.yyyy) or --date-format mm/dd/yyyy")
        case .dayMonthYear, .monthDayYear:
            let (day, month) = format == .dayMonthYear ? (parts.0, parts.1) : (parts.1, parts.0)
            guard let date = VisitDate(year: value, month: month, day: day) else {
                return .invalid("not a calendar date as \(format.rawValue)")
            }
            if dateEnd == end { return .date(days: Double(date.dayNumber), day: date) }
            guard let seconds = timeOfDay(bytes, from: dateEnd, to: end) else {
                return .invalid("not a date or datetime as \(format.rawValue) [hh:mm[:ss]]")
            }
            return .date(days: Double(date.dayNumber) + seconds / 86_400, day: date)
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

    /// Parses text (convenience for tests and option values).
    public static func parse(_ text: String, format: DateFormat) -> VisitTime {
        var text = text
        return text.withUTF8 { parse($0, format: format) }
    }
}
