/// Shortest round-trip decimal text of a Double, written straight into a byte buffer.
///
/// The digits are Schubfach's (R. Giulietti, "The Schubfach way to render doubles", 2020): the
/// shortest decimal that reads back to the same Double, the closest one to it when several are as
/// short, ties to an even last digit. The layout is the standard library's `Double.description`
/// (SwiftDtoa) byte for byte, except that integers below 1e15 have no `.0`: exponent form
/// (`1e-05`, `1.5e+16`) below 1e-4 and above 2^53, decimal form otherwise. Replaces the
/// `description` String (heap-allocated past 15 bytes) that cost a thousand instructions a number.
enum ShortestDecimal {
    /// The longest text: `-1.2345678901234567e-308` and `-0.00012345678901234567` fit with room to spare.
    static let maximumLength = 32

    /// Writes finite `value` at `target` (room for ``maximumLength`` bytes) with `decimalMark` as the
    /// point; returns the length.
    static func format(_ value: Double, decimalMark: UInt8, into target: UnsafeMutablePointer<UInt8>) -> Int {
        // A whole number (truncation by conversion, not a libm call; NaN fails the first test).
        if value.magnitude < 1e15, value == Double(Int(value)) {
            return OutputBuffer.formatInteger(Int(value), into: target)
        }
        var length = 0
        if value.sign == .minus {
            target[0] = UInt8(ascii: "-")
            length = 1
        }
        let (digits, exponent) = shortestDigits(value.magnitude)
        return length &+ layout(digits: digits, exponent: exponent, largerThan2To53: value.magnitude > 0x1p53,
                                decimalMark: decimalMark, into: target + length)
    }

    /// `digits × 10^exponent` is the shortest decimal that rounds to positive finite non-zero `value`
    /// (digits without trailing zeros).
    static func shortestDigits(_ value: Double) -> (digits: UInt64, exponent: Int) {
        let fraction = value.bitPattern & (1 << 52 - 1)
        let biasedExponent = Int(value.bitPattern >> 52)
        var significand: UInt64
        let binaryExponent: Int
        var exponentAdjustment = 0
        if biasedExponent != 0 {
            significand = 1 << 52 | fraction
            binaryExponent = biasedExponent - 1075
        } else {
            significand = fraction
            binaryExponent = -1074
            // The three smallest subnormals have too few digits in their interval: scale by 10.
            if fraction < 3 {
                significand *= 10
                exponentAdjustment = -1
            }
        }
        var (digits, exponent) = schubfach(significand: significand, binaryExponent: binaryExponent)
        exponent += exponentAdjustment
        while digits % 10 == 0 {
            digits /= 10
            exponent += 1
        }
        return (digits, exponent)
    }

    /// floor(q × log10(2)), exact for |q| ≤ 2,000 (Giulietti, section 9).
    @inline(__always)
    static func floorLog10Pow2(_ q: Int) -> Int { (q &* 661_971_961_083) >> 41 }
    /// floor(q × log10(2) + log10(3/4)).
    @inline(__always)
    static func floorLog10ThreeQuartersPow2(_ q: Int) -> Int { (q &* 661_971_961_083 &- 274_743_187_321) >> 41 }
    /// floor(e × log2(10)).
    @inline(__always)
    static func floorLog2Pow10(_ e: Int) -> Int { (e &* 913_124_641_741) >> 38 }

    /// g × cp / 2^127 (g = high × 2^63 + low), rounded to odd: the last bit is set if any bit below was.
    @inline(__always)
    static func roundToOdd(high: UInt64, low: UInt64, _ cp: UInt64) -> UInt64 {
        let x1 = low.multipliedFullWidth(by: cp).high
        let (y1, y0) = high.multipliedFullWidth(by: cp)
        let z = (y0 >> 1) &+ x1
        let result = y1 &+ (z >> 63)
        let sticky: UInt64 = (z & (1 << 63 - 1)) == 0 ? 0 : 1
        return result | sticky
    }

    /// Schubfach for `significand × 2^binaryExponent`: the shortest decimal in the rounding interval as
    /// (digits, decimal exponent), digits possibly with trailing zeros.
    static func schubfach(significand c: UInt64, binaryExponent q: Int) -> (UInt64, Int) {
        // Wrapping operators throughout: every value is bounded (c < 2^54, |q| <= 1074, the shifts
        // 1-4 bits), so the checked ones only added overflow tests and shift-range branches.
        let excludesBounds: UInt64 = c & 1  // an odd significand does not win ties: its interval is open
        let cb = c &<< 2
        let cbr = cb &+ 2
        let cbl: UInt64
        let k: Int
        if c != 1 << 52 || q == -1074 {
            cbl = cb &- 2
            k = floorLog10Pow2(q)
        } else {
            // The binade's first value: the gap below is half the gap above.
            cbl = cb &- 1
            k = floorLog10ThreeQuartersPow2(q)
        }
        let h = q &+ floorLog2Pow10(0 &- k) &+ 2
        let index = (k &- minimumK) &* 2
        let high = powerTable[index], low = powerTable[index &+ 1]
        let vb = roundToOdd(high: high, low: low, cb &<< h)
        let vbl = roundToOdd(high: high, low: low, cbl &<< h)
        let vbr = roundToOdd(high: high, low: low, cbr &<< h)
        let s = vb &>> 2
        // One digit fewer, if exactly one of its two candidates lies in the interval (the paper's
        // `s >= 100` guard is Java's two-digit minimum, which Swift does not have: 5e-324, not 4.9e-324).
        let sp10 = s / 10 &* 10
        let tp10 = sp10 &+ 10
        let lowerTenInside = vbl &+ excludesBounds <= sp10 &<< 2
        let upperTenInside = tp10 &<< 2 &+ excludesBounds <= vbr
        if lowerTenInside != upperTenInside { return (lowerTenInside ? sp10 : tp10, k) }
        let t = s &+ 1
        let lowerInside = vbl &+ excludesBounds <= s &<< 2
        let upperInside = t &<< 2 &+ excludesBounds <= vbr
        if lowerInside != upperInside { return (lowerInside ? s : t, k) }
        // Both (or, by the paper's argument, never neither): the closer, ties to even.
        let comparison = Int64(bitPattern: vb &- (s &+ t) &<< 1)
        return (comparison < 0 || (comparison == 0 && s & 1 == 0) ? s : t, k)
    }

    /// Writes `digits × 10^exponent` the way `Double.description` does; returns the length.
    @inline(__always)
    static func layout(digits: UInt64, exponent: Int, largerThan2To53: Bool, decimalMark: UInt8,
                       into target: UnsafeMutablePointer<UInt8>) -> Int {
        let count = OutputBuffer.decimalDigitCount(digits)
        let scientific = exponent &+ count &- 1  // value = d.ddd × 10^scientific
        if _fastPath(!largerThan2To53 && scientific >= -4) {
            if scientific < 0 {
                // 0.000ddd
                let zeros = -scientific &- 1
                target[0] = UInt8(ascii: "0")
                target[1] = decimalMark
                for index in 0..<zeros { target[2 &+ index] = UInt8(ascii: "0") }
                OutputBuffer.writeDigits(digits, count: count, into: target + 2 + zeros)
                return 2 &+ zeros &+ count
            }
            if scientific < count &- 1 {
                // ddd.ddd: the digits one byte to the right, then the integer digits back over the point's place.
                OutputBuffer.writeDigits(digits, count: count, into: target + 1)
                let integerDigits = scientific &+ 1
                for index in 0..<integerDigits { target[index] = target[index &+ 1] }
                target[integerDigits] = decimalMark
                return count &+ 1
            }
            // An integer (at least 1e15 here): trailing zeros, then ".0".
            OutputBuffer.writeDigits(digits, count: count, into: target)
            var length = count
            for _ in 0..<(scientific &- (count &- 1)) {
                target[length] = UInt8(ascii: "0")
                length &+= 1
            }
            target[length] = decimalMark
            target[length &+ 1] = UInt8(ascii: "0")
            return length &+ 2
        }
        // d.ddde-05, d.ddde+16: the digits one byte to the right, the first moved back before the point.
        OutputBuffer.writeDigits(digits, count: count, into: target + 1)
        target[0] = target[1]
        var length = 1
        if count > 1 {
            target[1] = decimalMark
            length = count &+ 1
        }
        target[length] = UInt8(ascii: "e")
        target[length &+ 1] = scientific < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
        length &+= 2
        let magnitude = scientific.magnitude
        if magnitude < 10 {
            target[length] = UInt8(ascii: "0")
            length &+= 1
        }
        return length &+ OutputBuffer.formatDigits(magnitude, into: target + length)
    }
}

extension String {
    /// `value` in ``OutputBuffer/append(number:decimalComma:)``'s shortest round-trip form; nil for NaN
    /// and infinities.
    package init?(shortestRoundTrip value: Double) {
        guard value.isFinite else { return nil }
        self.init(unsafeUninitializedCapacity: ShortestDecimal.maximumLength) {
            ShortestDecimal.format(value, decimalMark: UInt8(ascii: "."), into: $0.baseAddress!)
        }
    }
}
