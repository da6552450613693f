/// A decimal number as written, significand x 10^exponent (at most 18 significant digits), so that
/// differences of decimal numbers can be formed exactly before one rounding to binary.
///
/// Why: a value such as `10000000.2` rounded to a double carries an error of about 1e-9, which is
/// 1e-8 of a spread of 0.1 (NIST StRD NumAcc4), so any SD computed from the doubles has at most
/// 8 correct digits. Subtracting a decimal shift (the column's first value) in integer arithmetic
/// first leaves differences like 0.1 whose rounding is relative to the spread, not to the size of
/// the values (the shifted-data algorithm; Chan, Golub & LeVeque 1983, "Algorithms for computing
/// the sample variance", The American Statistician 37:242). Used by
/// ``DescriptiveStatistics/describe(decimalTexts:)`` and by the column loader of ABIIO.
public struct ScaledDecimal: Sendable, Equatable {
    public let significand: Int64
    public let exponent: Int

    /// Parses `[spaces][+|-]digits[mark digits][e|E[+|-]digits][spaces]` (`mark` the decimal mark);
    /// nil for anything else or more than 18 significant digits.
    @inlinable
    public init?(_ field: UnsafeBufferPointer<UInt8>, decimalMark mark: UInt8 = UInt8(ascii: ".")) {
        var i = 0, end = field.count
        while i < end && field[i] == 0x20 { i += 1 }
        while end > i && field[end - 1] == 0x20 { end -= 1 }
        var negative = false
        if i < end && (field[i] == UInt8(ascii: "-") || field[i] == UInt8(ascii: "+")) {
            negative = field[i] == UInt8(ascii: "-")
            i += 1
        }
        var significand: Int64 = 0, exponent = 0, digits = 0
        var seenDigit = false, seenMark = false
        while i < end {
            let byte = field[i]
            if byte >= 0x30 && byte <= 0x39 {
                seenDigit = true
                let digit = Int64(byte - 0x30)
                if significand != 0 || digit != 0 { digits += 1 }
                if digits > 18 { return nil }
                significand = significand * 10 + digit
                if seenMark { exponent -= 1 }
            } else if byte == mark && !seenMark {
                seenMark = true
            } else {
                break
            }
            i += 1
        }
        guard seenDigit else { return nil }
        if i < end && (field[i] == UInt8(ascii: "e") || field[i] == UInt8(ascii: "E")) {
            i += 1
            var exponentNegative = false
            if i < end && (field[i] == UInt8(ascii: "-") || field[i] == UInt8(ascii: "+")) {
                exponentNegative = field[i] == UInt8(ascii: "-")
                i += 1
            }
            var value = 0
            var any = false
            while i < end && field[i] >= 0x30 && field[i] <= 0x39 {
                any = true
                value = min(value * 10 + Int(field[i] - 0x30), 100_000)
                i += 1
            }
            guard any else { return nil }
            exponent += exponentNegative ? -value : value
        }
        guard i == end else { return nil }
        self.significand = negative ? -significand : significand
        self.exponent = exponent
    }

    /// self - other rounded once to the nearest double; nil when the exact difference does not fit
    /// in 53 bits at a common scale within 10^±22 (then one exact division is no longer possible).
    @inlinable
    public func difference(from other: ScaledDecimal) -> Double? {
        let common = min(exponent, other.exponent)
        guard let left = Self.scale(significand, by: exponent - common),
              let right = Self.scale(other.significand, by: other.exponent - common) else { return nil }
        let (difference, overflow) = left.subtractingReportingOverflow(right)
        guard !overflow, difference.magnitude < (1 << 53), common >= -22, common <= 22 else { return nil }
        // The integer and the power of ten are exact doubles: one rounding, here.
        let power = Self.exactPowersOfTen[abs(common)]
        return common < 0 ? Double(difference) / power : Double(difference) * power
    }

    @usableFromInline
    static func scale(_ value: Int64, by power: Int) -> Int64? {
        guard power >= 0, power <= 18 else { return nil }
        var result = value
        for _ in 0..<power {
            let (product, overflow) = result.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            result = product
        }
        return result
    }

    /// Parses text as ``init(_:decimalMark:)`` does with a decimal point.
    public init?(_ text: some StringProtocol) {
        var bytes = Array(text.utf8)
        guard let parsed = bytes.withUnsafeMutableBufferPointer({ ScaledDecimal(UnsafeBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// 10^0 ... 10^22, every one exact in binary.
    @usableFromInline
    static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        var power = 1.0
        for _ in 0..<exponent { power *= 10 }
        return power
    }
}
