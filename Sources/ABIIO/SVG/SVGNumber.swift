/// Deterministic number text for SVG attributes and axis labels, without Foundation or the C
/// locale: the same value always gives the same bytes on every machine.
public enum SVGNumber {
    /// `value` rounded half away from zero to at most `decimals` places (0-6), trailing zeros
    /// trimmed, `-0` written as `0`. NaN is written as `0` and infinities are clamped to
    /// ±1,000,000 (coordinates are always finite in a figure; this keeps the document valid).
    public static func attribute(_ value: Double, decimals: Int = 2) -> String {
        fixed(value, decimals: decimals, trimZeros: true)
    }

    /// `value` with exactly `decimals` places (0-6), for tick labels (`0.90`, `1.00`); non-finite
    /// values as in ``attribute(_:decimals:)``.
    public static func label(_ value: Double, decimals: Int) -> String {
        fixed(value, decimals: decimals, trimZeros: false)
    }

    static func fixed(_ value: Double, decimals: Int, trimZeros: Bool) -> String {
        precondition(decimals >= 0 && decimals <= 6, "decimals must be 0-6")
        var value = value
        if value.isNaN { value = 0 }
        value = min(max(value, -1_000_000), 1_000_000)
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (value * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled != 0 else { return decimals == 0 || trimZeros ? "0" : "0." + String(repeating: "0", count: decimals) }
        let negative = scaled < 0
        let magnitude = Int64(abs(scaled))
        var digits = String(magnitude)
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            let split = digits.index(digits.endIndex, offsetBy: -decimals)
            var fraction = String(digits[split...])
            let whole = String(digits[..<split])
            if trimZeros {
                while fraction.last == "0" { fraction.removeLast() }
            }
            digits = fraction.isEmpty ? whole : whole + "." + fraction
        }
        return negative ? "-" + digits : digits
    }
}
