/// A visit date in ISO 8601 calendar form `yyyy-mm-dd` (proleptic Gregorian), with its day
/// number for ordering. Parsed strictly without Foundation: exactly four-digit year (0001-9999),
/// two-digit month and day, a real calendar day (leap years included); surrounding spaces
/// are ignored; nothing else (no times, no `2024-1-5`, no `2024/01/05`).
public struct VisitDate: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int {
        // Days-from-civil (H. Hinnant's algorithm), exact for the proleptic Gregorian calendar.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// A valid date, or nil when `year` is outside 1...9999 or the day does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= VisitDate.daysInMonth(month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days in `month` of `year` (Gregorian leap years: divisible by 4, except centuries not
    /// divisible by 400).
    public static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    /// Parses `yyyy-mm-dd` from bytes; nil when not a valid date.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> VisitDate? {
        let (start, end) = DecimalText.trimmedBounds(bytes)
        guard end - start == 10, bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-") else {
            return nil
        }
        func number(_ offset: Int, _ width: Int) -> Int? {
            var value = 0
            for index in (start + offset)..<(start + offset + width) {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2) else { return nil }
        return VisitDate(year: year, month: month, day: day)
    }

    /// Parses `yyyy-mm-dd` from text (convenience for tests and non-hot callers).
    public static func parse(_ text: String) -> VisitDate? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    public static func < (lhs: VisitDate, rhs: VisitDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `yyyy-mm-dd`.
    public var description: String {
        var bytes: [UInt8] = []
        DecimalText.appendDigits(of: UInt64(year), minimumWidth: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        DecimalText.appendDigits(of: UInt64(month), minimumWidth: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        DecimalText.appendDigits(of: UInt64(day), minimumWidth: 2, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
