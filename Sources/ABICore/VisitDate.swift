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
        // Days-from-civil (H. Hinnant's algorithm), exact for the proleptic Gregorian calendar, with
        // the year counted from March 1 of year 0. Years are 1...9999, so that year is never
        // negative and the 400-year eras fold into y/4 - y/100 + y/400, in unsigned arithmetic
        // (divisions by constants as multiplications, no sign fix-ups).
        let y = UInt(bitPattern: month <= 2 ? year &- 1 : year)
        let shiftedMonth = UInt(bitPattern: month > 2 ? month &- 3 : month &+ 9)
        let dayOfYear = (153 &* shiftedMonth &+ 2) / 5 &+ UInt(bitPattern: day) &- 1
        let days = y &* 365 &+ y / 4 &- y / 100 &+ y / 400 &+ dayOfYear
        return Int(bitPattern: days) &- 719_468
    }

    /// A valid date, or nil when `year` is outside 1...9999 or the day does not exist.
    public init?(year: Int, month: Int, day: Int) {
        // Every month has 28 days: the month's length (a leap-year test for February) only past that.
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= 28 || day <= VisitDate.daysInMonth(month, year: year) else { return nil }
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
        var (start, end) = (0, bytes.count)
        if end != 10 { (start, end) = DecimalText.trimmedBounds(bytes) }  // a 10-byte cell has nothing to trim
        guard end - start == 10, let base = bytes.baseAddress else { return nil }
        let text = base + start
        guard text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-") else { return nil }
        // Digit values by wrapping subtraction: any byte that is not a digit becomes 10 or more.
        let zero = UInt8(ascii: "0")
        let digits = (text[0] &- zero, text[1] &- zero, text[2] &- zero, text[3] &- zero,
                      text[5] &- zero, text[6] &- zero, text[8] &- zero, text[9] &- zero)
        guard digits.0 < 10, digits.1 < 10, digits.2 < 10, digits.3 < 10, digits.4 < 10, digits.5 < 10,
              digits.6 < 10, digits.7 < 10 else { return nil }
        let year = Int(digits.0) * 1000 + Int(digits.1) * 100 + Int(digits.2) * 10 + Int(digits.3)
        return VisitDate(year: year, month: Int(digits.4) * 10 + Int(digits.5), day: Int(digits.6) * 10 + Int(digits.7))
    }

    /// A date known to be valid (unpacked from one that was).
    init(validYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
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
