import Glibc

/// Axis ticks at round numbers: Heckbert's "loose labeling" (P. S. Heckbert, "Nice numbers for
/// graph labels", Graphics Gems, Academic Press 1990, pp. 61-63): the tick step is 1, 2 or 5 times
/// a power of ten and the axis runs from a multiple of the step at or below the data minimum to one
/// at or above the maximum.
public struct NiceScale: Sendable, Equatable {
    /// The axis bounds (multiples of ``step``).
    public let lower: Double
    public let upper: Double
    /// The distance between ticks.
    public let step: Double
    /// Decimals that show every tick exactly (`max(-floor(log10(step)), 0)`).
    public let decimals: Int

    /// Ticks for data in [`minimum`, `maximum`], aiming at about `tickCount` ticks (Heckbert's
    /// `ntick`; at least 2).
    ///
    /// Degenerate ranges: when `minimum == maximum` the range is widened to one unit of the value's
    /// order of magnitude centred on it (to [-1, 1] for 0). Non-finite bounds, or `minimum >
    /// maximum` (no data), give [0, 1].
    /// `padding` widens a non-degenerate range by that fraction of it on both sides first, so that
    /// points at the extremes are not drawn on the axis bounds.
    /// `integerSteps` keeps the step at 1 or more (counts: no tick at 0.5).
    public init(minimum: Double, maximum: Double, tickCount: Int = 5, padding: Double = 0, integerSteps: Bool = false) {
        var low = minimum, high = maximum
        if low.isFinite && high.isFinite && low < high && padding > 0 {
            let extra = (high - low) * padding
            low -= extra
            high += extra
        }
        if !low.isFinite || !high.isFinite || low > high {
            low = 0
            high = 1
        } else if low == high {
            let unit = low == 0 ? 1 : Self.powerOfTen(atOrBelow: abs(low))
            low -= unit / 2
            high += unit / 2
        }
        let range = Self.niceNumber(high - low, round: false)
        var step = Self.niceNumber(range / Double(max(2, tickCount) - 1), round: true)
        if integerSteps { step = max(1, step) }
        self.step = step
        self.lower = (low / step).rounded(.down) * step
        self.upper = (high / step).rounded(.up) * step
        self.decimals = min(6, max(0, -Self.exponent(atOrBelow: step)))
    }

    /// Heckbert's `nicenum`: a number of the form {1, 2, 5, 10} x 10^k near `x` (> 0); rounded to
    /// the nearest when `round`, else the smallest such number at or above `x` (up to a relative
    /// 1e-9, so that a range that is a nice number but for rounding stays that number).
    public static func niceNumber(_ x: Double, round: Bool) -> Double {
        precondition(x > 0 && x.isFinite, "nice number of a non-positive or non-finite value")
        let power = powerOfTen(atOrBelow: x)
        let fraction = x / power
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            // A fraction within rounding error of 1, 2 or 5 (0.95 - 0.85 = 0.1000...09) is that number.
            let fuzz = 1e-9
            nice = fraction <= 1 + fuzz ? 1 : fraction <= 2 + fuzz ? 2 : fraction <= 5 + fuzz ? 5 : 10
        }
        return nice * power
    }

    /// The largest k with 10^k <= `x` (> 0), found with exact powers so that it is the same on every
    /// machine (libm's log10 may differ by an ulp near powers of ten).
    static func exponent(atOrBelow x: Double) -> Int {
        var k = Int(log10(x).rounded(.down))
        while power(k) > x { k -= 1 }
        while power(k + 1) <= x { k += 1 }
        return k
    }

    static func powerOfTen(atOrBelow x: Double) -> Double { power(exponent(atOrBelow: x)) }

    /// 10^k by repeated multiplication (exact up to 10^22; 1 / 10^-k for negative k).
    static func power(_ k: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(k) { result *= 10 }
        return k >= 0 ? result : 1 / result
    }

    /// The tick values from ``lower`` to ``upper``, each computed as an integer multiple of
    /// ``step`` (no accumulated rounding error).
    public var ticks: [Double] {
        let first = Int((lower / step).rounded())
        let last = Int((upper / step).rounded())
        return (first...max(first, last)).map { Double($0) * step }
    }

    /// The label of `value` with ``decimals`` places.
    public func label(_ value: Double) -> String { SVGNumber.label(value, decimals: decimals) }
}

/// A linear map from a data interval to a pixel interval.
public struct LinearScale: Sendable, Equatable {
    public let domainLower: Double, domainUpper: Double
    public let rangeStart: Double, rangeEnd: Double

    public init(domain: (Double, Double), range: (Double, Double)) {
        domainLower = domain.0
        domainUpper = domain.1 > domain.0 ? domain.1 : domain.0 + 1
        rangeStart = range.0
        rangeEnd = range.1
    }

    /// The pixel position of `value` (outside the domain maps outside the range).
    public func position(_ value: Double) -> Double {
        rangeStart + (value - domainLower) / (domainUpper - domainLower) * (rangeEnd - rangeStart)
    }
}
