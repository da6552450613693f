/// An exact non-negative pressure in mmHg held as a fraction, `nanounits / divisor`, where
/// `nanounits` counts 10^-9 mmHg. The mean of repeated readings is exact in this form
/// ((131 + 134) / 2 is 265e9 / 2), so comparisons and the ABI quotient need no rounding
/// before the final round-half-up (docs/clinical-rules.md: rounding on the exact quotient).
///
/// Products are formed with `multipliedFullWidth`; a quotient whose operands do not fit is
/// reported as nil, never as a wrong number. With readings <= 300 mmHg this needs well over a
/// thousand repeats per site.
public struct ExactPressure: Sendable, Comparable, CustomStringConvertible {
    /// Numerator, in 10^-9 mmHg.
    public let nanounits: UInt64
    /// Denominator (for a mean, the number of readings); always positive.
    public let divisor: UInt64

    /// Nanounits per mmHg.
    public static let nanounitsPerMillimetre: UInt64 = 1_000_000_000

    /// Creates `nanounits / divisor`.
    /// - Precondition: `divisor > 0`.
    @inlinable
    public init(nanounits: UInt64, divisor: UInt64) {
        precondition(divisor > 0, "ExactPressure divisor must be positive")
        self.nanounits = nanounits
        self.divisor = divisor
    }

    /// An exact whole or decimal number of mmHg; nil if negative or above about 1.8e10.
    @inlinable
    public init?(_ value: ExactDecimal) {
        guard !value.isNegative, let nanounits = value.nanounits else { return nil }
        self.init(nanounits: UInt64(nanounits), divisor: 1)
    }

    /// A whole number of mmHg.
    /// - Precondition: `millimetres <= 18_446_744_073` (what 64-bit nanounits hold).
    @inlinable
    public init(millimetres: UInt64) {
        let (nanounits, overflow) = millimetres.multipliedReportingOverflow(by: ExactPressure.nanounitsPerMillimetre)
        precondition(!overflow, "ExactPressure(millimetres:) out of range")
        self.init(nanounits: nanounits, divisor: 1)
    }

    /// Zero mmHg (absent signal).
    public static let zero = ExactPressure(nanounits: 0, divisor: 1)

    /// True when the pressure is 0 mmHg.
    @inlinable
    public var isZero: Bool { nanounits == 0 }

    /// Three-way exact comparison of `a*b` and `c*d` using 128-bit products.
    @inlinable
    static func compareProducts(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> Int {
        let left = a.multipliedFullWidth(by: b)
        let right = c.multipliedFullWidth(by: d)
        if left.high != right.high { return left.high < right.high ? -1 : 1 }
        if left.low != right.low { return left.low < right.low ? -1 : 1 }
        return 0
    }

    /// Three-way exact comparison: -1, 0 or 1.
    @inlinable
    public static func compare(_ lhs: ExactPressure, _ rhs: ExactPressure) -> Int {
        // Single readings (divisor 1 on both sides): the products are the numerators themselves.
        if lhs.divisor == 1 && rhs.divisor == 1 {
            return lhs.nanounits < rhs.nanounits ? -1 : (lhs.nanounits == rhs.nanounits ? 0 : 1)
        }
        return compareProducts(lhs.nanounits, rhs.divisor, rhs.nanounits, lhs.divisor)
    }

    @inlinable
    public static func == (lhs: ExactPressure, rhs: ExactPressure) -> Bool { compare(lhs, rhs) == 0 }

    @inlinable
    public static func < (lhs: ExactPressure, rhs: ExactPressure) -> Bool { compare(lhs, rhs) < 0 }

    /// Exact comparison with a whole number of mmHg: -1, 0 or 1.
    @inlinable @inline(__always)
    public func compare(toMillimetres millimetres: UInt64) -> Int {
        let (threshold, overflow) = millimetres.multipliedReportingOverflow(by: ExactPressure.nanounitsPerMillimetre)
        // A threshold beyond 64-bit nanounits exceeds every ExactPressure (nanounits / divisor <= UInt64.max).
        if overflow { return -1 }
        // Divisor 1: `threshold * divisor` is `threshold`, no 128-bit product needed.
        if divisor == 1 { return nanounits < threshold ? -1 : (nanounits == threshold ? 0 : 1) }
        return ExactPressure.compareProducts(nanounits, 1, threshold, divisor)
    }

    /// `|lhs - rhs|` exactly, or nil when the cross products do not fit in 64 bits.
    @inlinable
    public static func absoluteDifference(_ lhs: ExactPressure, _ rhs: ExactPressure) -> ExactPressure? {
        let (left, leftOverflow) = lhs.nanounits.multipliedReportingOverflow(by: rhs.divisor)
        let (right, rightOverflow) = rhs.nanounits.multipliedReportingOverflow(by: lhs.divisor)
        let (divisor, divisorOverflow) = lhs.divisor.multipliedReportingOverflow(by: rhs.divisor)
        if leftOverflow || rightOverflow || divisorOverflow { return nil }
        return ExactPressure(nanounits: left >= right ? left - right : right - left, divisor: divisor)
    }

    /// `(lhs + rhs) / 2` exactly (getABI mean of both arms), or nil when it does not fit.
    @inlinable
    public static func mean(_ lhs: ExactPressure, _ rhs: ExactPressure) -> ExactPressure? {
        let (left, leftOverflow) = lhs.nanounits.multipliedReportingOverflow(by: rhs.divisor)
        let (right, rightOverflow) = rhs.nanounits.multipliedReportingOverflow(by: lhs.divisor)
        let (sum, sumOverflow) = left.addingReportingOverflow(right)
        let (product, productOverflow) = lhs.divisor.multipliedReportingOverflow(by: rhs.divisor)
        let (divisor, divisorOverflow) = product.multipliedReportingOverflow(by: 2)
        if leftOverflow || rightOverflow || sumOverflow || productOverflow || divisorOverflow { return nil }
        return ExactPressure(nanounits: sum, divisor: divisor)
    }

    /// `round_half_up(100 * numerator / denominator)`: a ratio of pressures (ABI, TBI) in
    /// hundredths, from the exact fractions with integer arithmetic only.
    ///
    /// With `P = n.nanounits * d.divisor` and `Q = d.nanounits * n.divisor` the result is
    /// `floor((200 P + Q) / (2 Q))`. Returns nil when `denominator` is zero or when `P` or `2Q`
    /// do not fit in 64 bits (reported by the caller as an issue, never a wrong number).
    ///
    /// Always inlined: the usual 64-bit case is a few instructions (with single readings the
    /// divisor products fold away); the rare 128-bit case is a call.
    @inlinable @inline(__always)
    public static func ratioHundredths(_ numerator: ExactPressure, over denominator: ExactPressure) -> Int? {
        let (p, pOverflow) = numerator.nanounits.multipliedReportingOverflow(by: denominator.divisor)
        let (q, qOverflow) = denominator.nanounits.multipliedReportingOverflow(by: numerator.divisor)
        if pOverflow || qOverflow || q == 0 || q > UInt64.max / 2 { return nil }
        // When 200 P + Q fits in 64 bits the 128-bit sum of `wideRatioHundredths` has high word
        // 0 (and `wide.high >= twoQ` is false since Q > 0): the same quotient with one 64-bit
        // division.
        if p <= (UInt64.max - q) / 200 {
            let quotient = (p * 200 + q) / (q * 2)
            return quotient <= UInt64(Int.max) ? Int(quotient) : nil
        }
        return wideRatioHundredths(p, q)
    }

    /// `floor((200 P + Q) / (2 Q))` with a 128-bit dividend, for `0 < Q <= UInt64.max / 2`;
    /// nil when the quotient does not fit.
    @inlinable @inline(never)
    static func wideRatioHundredths(_ p: UInt64, _ q: UInt64) -> Int? {
        let twoQ = q * 2
        var wide = p.multipliedFullWidth(by: 200)
        let (low, carry) = wide.low.addingReportingOverflow(q)
        wide.low = low
        if carry {
            let (high, highOverflow) = wide.high.addingReportingOverflow(1)
            if highOverflow { return nil }
            wide.high = high
        }
        if wide.high >= twoQ { return nil } // the quotient would not fit in 64 bits
        let quotient = twoQ.dividingFullWidth((high: wide.high, low: wide.low)).quotient
        return quotient <= UInt64(Int.max) ? Int(quotient) : nil
    }

    /// The pressure rounded half up to hundredths of mmHg, trailing zeros trimmed
    /// (`132.5`, `10`, `0.33`); nil if it does not fit.
    @inlinable
    public var roundedToHundredths: ExactDecimal? {
        // Divisor 1: ratioHundredths over 1 mmHg is floor((200 n + 10^9) / (2 * 10^9)), which
        // is floor((n + 5 * 10^6) / 10^7); n + 5 * 10^6 cannot overflow below this bound.
        if divisor == 1 && nanounits <= UInt64.max - 5_000_000 {
            let hundredths = (nanounits + 5_000_000) / 10_000_000
            return ExactDecimal(significand: Int64(hundredths), scale: 2).trimmed
        }
        guard let hundredths = ExactPressure.ratioHundredths(self, over: ExactPressure(millimetres: 1)),
              let significand = Int64(exactly: hundredths) else { return nil }
        return ExactDecimal(significand: significand, scale: 2).trimmed
    }

    /// The exact value when it has at most 9 decimals, else rounded half up to 9 decimals.
    public var description: String {
        let wholeNanounits = nanounits / divisor
        let remainder = nanounits % divisor
        let roundedNanounits = wholeNanounits + (remainder >= divisor - remainder ? 1 : 0)
        guard let significand = Int64(exactly: roundedNanounits) else { return "overflow" }
        return ExactDecimal(significand: significand, scale: ExactDecimal.maxScale).trimmed.description
    }
}
