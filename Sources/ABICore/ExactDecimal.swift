/// An exact decimal number: `significand / 10^scale`, as written in a cell.
///
/// Parsed from text without going through a binary `Double`, so `0.905` stays `0.905`
/// (docs/clinical-rules.md: ABI is rounded half up on the exact quotient). Equality and ordering are by
/// value (`1.0 == 1.00`); `scale` keeps how many decimals the text had, for rendering.
/// There is no NaN or infinity: text such as `nan` or `inf` does not parse.
public struct ExactDecimal: Sendable, Comparable, CustomStringConvertible {
    /// The largest number of decimals kept (nanounits). Nonzero digits beyond it do not parse.
    public static let maxScale = 9

    /// The integer whose value divided by `10^scale` is this number.
    public let significand: Int64
    /// Number of decimals, `0...maxScale`.
    public let scale: Int

    /// Creates `significand / 10^scale`.
    /// - Precondition: `0 <= scale <= ExactDecimal.maxScale` (a programmer error otherwise).
    @inlinable
    public init(significand: Int64, scale: Int) {
        precondition(scale >= 0 && scale <= ExactDecimal.maxScale, "ExactDecimal scale out of range")
        self.significand = significand
        self.scale = scale
    }

    /// Creates an integer value.
    @inlinable
    public init(_ integer: Int64) {
        self.init(significand: integer, scale: 0)
    }

    /// `10^exponent` for `exponent` in `0...18`.
    @inlinable
    static func powerOfTen(_ exponent: Int) -> Int64 {
        // Literal cases compile to a table lookup; the loop below keeps the former behaviour
        // for any other exponent.
        switch exponent {
        case 0: return 1
        case 1: return 10
        case 2: return 100
        case 3: return 1_000
        case 4: return 10_000
        case 5: return 100_000
        case 6: return 1_000_000
        case 7: return 10_000_000
        case 8: return 100_000_000
        case 9: return 1_000_000_000
        case 10: return 10_000_000_000
        case 11: return 100_000_000_000
        case 12: return 1_000_000_000_000
        case 13: return 10_000_000_000_000
        case 14: return 100_000_000_000_000
        case 15: return 1_000_000_000_000_000
        case 16: return 10_000_000_000_000_000
        case 17: return 100_000_000_000_000_000
        case 18: return 1_000_000_000_000_000_000
        default: break
        }
        var result: Int64 = 1
        var remaining = exponent
        while remaining > 0 {
            result &*= 10
            remaining -= 1
        }
        return result
    }

    /// The value in units of `10^-maxScale` (nanounits), or nil if that does not fit in `Int64`
    /// (magnitudes above about 9.2e9).
    @inlinable
    public var nanounits: Int64? {
        let (product, overflow) = significand.multipliedReportingOverflow(
            by: ExactDecimal.powerOfTen(ExactDecimal.maxScale - scale))
        return overflow ? nil : product
    }

    /// True when the value is zero (whatever the scale).
    @inlinable
    public var isZero: Bool { significand == 0 }

    /// True when the value is below zero.
    @inlinable
    public var isNegative: Bool { significand < 0 }

    /// Three-way exact comparison: -1, 0 or 1.
    @inlinable
    public static func compare(_ lhs: ExactDecimal, _ rhs: ExactDecimal) -> Int {
        if lhs.scale == rhs.scale {
            return lhs.significand < rhs.significand ? -1 : (lhs.significand == rhs.significand ? 0 : 1)
        }
        // Bring the operand with fewer decimals up to the other's scale; if that overflows, its
        // magnitude exceeds anything the other can hold and its sign decides.
        let raiseLeft = lhs.scale < rhs.scale
        let low = raiseLeft ? lhs : rhs
        let high = raiseLeft ? rhs : lhs
        let (raised, overflow) = low.significand.multipliedReportingOverflow(
            by: powerOfTen(high.scale - low.scale))
        let lowVersusHigh: Int
        if overflow {
            lowVersusHigh = low.significand < 0 ? -1 : 1
        } else {
            lowVersusHigh = raised < high.significand ? -1 : (raised == high.significand ? 0 : 1)
        }
        return raiseLeft ? lowVersusHigh : -lowVersusHigh
    }

    @inlinable
    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        compare(lhs, rhs) == 0
    }

    @inlinable
    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// The exact sum, or nil when it does not fit (`Int64` significand at the larger scale).
    @inlinable
    public func adding(_ other: ExactDecimal) -> ExactDecimal? {
        let scale = Swift.max(self.scale, other.scale)
        let (left, leftOverflow) = significand.multipliedReportingOverflow(
            by: ExactDecimal.powerOfTen(scale - self.scale))
        let (right, rightOverflow) = other.significand.multipliedReportingOverflow(
            by: ExactDecimal.powerOfTen(scale - other.scale))
        let (sum, sumOverflow) = left.addingReportingOverflow(right)
        if leftOverflow || rightOverflow || sumOverflow { return nil }
        return ExactDecimal(significand: sum, scale: scale)
    }

    /// The value rounded to `places` decimals, halves away from zero (half up for the
    /// non-negative values ABIKit scores). A value that already has `places` or fewer decimals
    /// is returned unchanged.
    /// - Precondition: `0 <= places <= maxScale`.
    @inlinable
    public func rounded(toPlaces places: Int) -> ExactDecimal {
        precondition(places >= 0 && places <= ExactDecimal.maxScale, "places out of range")
        if scale <= places { return self }
        let divisor = ExactDecimal.powerOfTen(scale - places)
        let magnitude = significand.magnitude
        let divisorMagnitude = UInt64(divisor)
        let roundedMagnitude = (magnitude / divisorMagnitude)
            + (magnitude % divisorMagnitude >= (divisorMagnitude + 1) / 2 ? 1 : 0)
        // roundedMagnitude <= |Int64.min| / 10 + 1, which fits.
        let signed = significand < 0 ? -Int64(roundedMagnitude) : Int64(roundedMagnitude)
        return ExactDecimal(significand: signed, scale: places)
    }

    /// The same value with trailing fractional zeros removed (`2.50` -> `2.5`, `10.00` -> `10`).
    @inlinable
    public var trimmed: ExactDecimal {
        var significand = self.significand
        var scale = self.scale
        while scale > 0 && significand % 10 == 0 {
            significand /= 10
            scale -= 1
        }
        return ExactDecimal(significand: significand, scale: scale)
    }

    /// Appends the value as ASCII digits with exactly `scale` decimals (`-0.905`, `120`,
    /// `131.0`) and the given decimal mark. Allocation-free when `bytes` has capacity.
    @inlinable
    public func append(to bytes: inout [UInt8], decimalMark: UInt8 = UInt8(ascii: ".")) {
        if significand < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = significand.magnitude
        let divisor = UInt64(ExactDecimal.powerOfTen(scale))
        DecimalText.appendDigits(of: magnitude / divisor, to: &bytes)
        if scale > 0 {
            bytes.append(decimalMark)
            DecimalText.appendDigits(of: magnitude % divisor, minimumWidth: scale, to: &bytes)
        }
    }

    /// The value as text with `.` as decimal mark, keeping `scale` decimals.
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        append(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses optional spaces, an optional `+` or `-`, digits with at most one decimal mark
    /// (`.`, or `,` when `decimalComma`), optional spaces. At least one digit is required; `.5`
    /// and `5.` are accepted. No exponents, no thousands separators, no `nan`/`inf`.
    /// Fractional zeros beyond `maxScale` decimals are dropped; other digits there, or a
    /// magnitude that does not fit `Int64`, do not parse.
    /// - Returns: the value, or nil when the text is not such a number.
    @inlinable
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, decimalComma: Bool) -> ExactDecimal? {
        switch scan(bytes, decimalComma: decimalComma) {
        case .number(let value, _): return value
        case .notANumber, .tooPrecise, .tooLarge: return nil
        }
    }

    /// Convenience for tests and non-hot callers; see `parse(_:decimalComma:)`.
    public static func parse(_ text: String, decimalComma: Bool = false) -> ExactDecimal? {
        var text = text
        return text.withUTF8 { parse($0, decimalComma: decimalComma) }
    }

    /// Result of scanning number text, with the reason when it is not a usable number.
    @usableFromInline
    enum ScanResult {
        case number(ExactDecimal, hadMinusSign: Bool)
        case notANumber
        case tooPrecise(hadMinusSign: Bool)
        case tooLarge(hadMinusSign: Bool)
    }

    @inlinable
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, decimalComma: Bool) -> ScanResult {
        let mark = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        let bounds = DecimalText.trimmedBounds(bytes)
        var index = bounds.start
        let end = bounds.end
        var negative = false
        if index < end && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")) {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var significand: Int64 = 0
        var scale = 0
        var digitCount = 0
        var seenMark = false
        var tooPrecise = false
        var tooLarge = false
        while index < end {
            let byte = bytes[index]
            if byte == mark {
                if seenMark { return .notANumber }
                seenMark = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digitCount += 1
                let digit = Int64(byte &- UInt8(ascii: "0"))
                if seenMark && scale == maxScale {
                    if digit != 0 { tooPrecise = true }
                } else {
                    let (times10, overflowMultiply) = significand.multipliedReportingOverflow(by: 10)
                    let (next, overflowAdd) = times10.addingReportingOverflow(digit)
                    if overflowMultiply || overflowAdd {
                        tooLarge = true
                    } else {
                        significand = next
                    }
                    if seenMark { scale += 1 }
                }
            } else {
                return .notANumber
            }
            index += 1
        }
        if digitCount == 0 { return .notANumber }
        if tooLarge { return .tooLarge(hadMinusSign: negative) }
        if tooPrecise { return .tooPrecise(hadMinusSign: negative) }
        return .number(ExactDecimal(significand: negative ? -significand : significand, scale: scale),
                       hadMinusSign: negative)
    }
}
