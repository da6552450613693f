extension OutputBuffer {
    /// Appends `value` in decimal, without separators.
    @inline(__always)
    public mutating func append(integer value: Int) {
        commit(OutputBuffer.formatInteger(value, into: reserve(20)))
    }

    /// Appends `value` in the shortest form that reads back to the same Double, laid out as Swift's
    /// `description` but without a trailing `.0` on integers below 1e15, with `,` as the decimal mark
    /// if `decimalComma` (`ShortestDecimal`, Schubfach). Returns false without appending for NaN and
    /// infinities, which have no numeric spelling in CSV or JSON; callers write a blank or null instead.
    @discardableResult
    public mutating func append(number value: Double, decimalComma: Bool = false) -> Bool {
        guard value.isFinite else { return false }
        let mark = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        commit(ShortestDecimal.format(value, decimalMark: mark, into: reserve(ShortestDecimal.maximumLength)))
        return true
    }

    /// Appends `value` with exactly `fractionDigits` decimals (`0.92`, `120`), rounding
    /// `value × 10^fractionDigits` to the nearest integer, ties away from zero. A result that rounds to
    /// zero is written without a minus sign. Because the product is rounded first, a ratio such as
    /// 199/200 (stored as 0.99499999…) gives `1.00`, as decimal half-up rounding of 0.995 does,
    /// where C's `printf("%.2f")` would print `0.99`. About ten times cheaper than ``append(number:decimalComma:)``,
    /// so prefer it for clinical values that have a fixed precision (ABI to two decimals).
    /// Returns false without appending for NaN, infinities and magnitudes too large to scale exactly
    /// (|value × 10^fractionDigits| ≥ 2^53).
    @discardableResult
    public mutating func append(number value: Double, fractionDigits: Int, decimalComma: Bool = false) -> Bool {
        precondition((0...15).contains(fractionDigits), "fractionDigits must be in 0...15")
        guard value.isFinite else { return false }
        var scale = 1.0
        var power = 1
        for _ in 0..<fractionDigits {
            scale *= 10
            power *= 10
        }
        let scaled = (value * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled.magnitude < 9_007_199_254_740_992 else { return false }
        let units = Int(scaled)
        if units < 0 { append(byte: UInt8(ascii: "-")) }
        let magnitude = units.magnitude
        append(integer: Int(magnitude / UInt(power)))
        if fractionDigits > 0 {
            append(byte: decimalComma ? UInt8(ascii: ",") : UInt8(ascii: "."))
            var fraction = magnitude % UInt(power)
            var divisor = UInt(power) / 10
            while divisor > 0 {
                append(byte: UInt8(ascii: "0") + UInt8(fraction / divisor))
                fraction %= divisor
                divisor /= 10
            }
        }
        return true
    }
}

extension OutputBuffer {
    /// Appends a value given in hundredths with exactly two decimals (`91` -> `0.91`,
    /// `-15` -> `-0.15`, `1200` -> `12.00`): the clinical indices' format, straight into the buffer.
    @inlinable @inline(__always)
    public mutating func append(hundredths value: Int, decimalMark: UInt8) {
        commit(OutputBuffer.formatHundredths(value, decimalMark: decimalMark, into: reserve(OutputBuffer.maxHundredthsLength)))
    }

    /// The longest ``formatHundredths(_:decimalMark:into:)`` output: sign, 18 integer digits, mark, 2 decimals.
    public static let maxHundredthsLength = 22

    /// "00" "01" ... "99": two ASCII digits per value below 100.
    @inlinable @inline(__always)
    static func storeDigitPair(_ value: UInt, at target: UnsafeMutablePointer<UInt8>) {
        let pairs: StaticString = """
            00010203040506070809101112131415161718192021222324252627282930313233343536373839\
            40414243444546474849505152535455565758596061626364656667686970717273747576777879\
            8081828384858687888990919293949596979899
            """
        let pair = UnsafeRawPointer(pairs.utf8Start).loadUnaligned(fromByteOffset: Int(bitPattern: value &* 2), as: UInt16.self)
        UnsafeMutableRawPointer(target).storeBytes(of: pair, as: UInt16.self)
    }

    /// Writes the digits of `value` (at least one) at `target`; returns how many (at most 20).
    @inlinable @inline(__always)
    static func formatDigits(_ value: UInt, into target: UnsafeMutablePointer<UInt8>) -> Int {
        if value < 10 {
            target[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value)
            return 1
        }
        if value < 100 {
            storeDigitPair(value, at: target)
            return 2
        }
        return formatLongDigits(value, into: target)
    }

    @usableFromInline @inline(never)
    static func formatLongDigits(_ value: UInt, into target: UnsafeMutablePointer<UInt8>) -> Int {
        let length = decimalDigitCount(UInt64(value))
        writeDigits(UInt64(value), count: length, into: target)
        return length
    }

    /// 10^exponent for exponent in 0...19 (a switch of constants, which the compiler makes a table
    /// without a lazily initialised global); `UInt64.max` beyond.
    @inline(__always)
    static func powerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1_000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        case 8: 100_000_000
        case 9: 1_000_000_000
        case 10: 10_000_000_000
        case 11: 100_000_000_000
        case 12: 1_000_000_000_000
        case 13: 10_000_000_000_000
        case 14: 100_000_000_000_000
        case 15: 1_000_000_000_000_000
        case 16: 10_000_000_000_000_000
        case 17: 100_000_000_000_000_000
        case 18: 1_000_000_000_000_000_000
        case 19: 10_000_000_000_000_000_000
        default: .max
        }
    }

    /// The number of decimal digits of `value` (1 for 0): floor(log10(2) × bit length) is the count
    /// or one less, and one comparison with a power of ten decides.
    @inline(__always)
    static func decimalDigitCount(_ value: UInt64) -> Int {
        let bits = 64 &- (value | 1).leadingZeroBitCount
        let guess = (bits &* 1233) &>> 12  // 1233 / 4096 ≈ log10(2), low for every bit length ≤ 64
        return value >= powerOfTen(guess) ? guess &+ 1 : max(guess, 1)
    }

    /// Writes the `count` digits of `value` (`count` = ``decimalDigitCount(_:)``) at `target`:
    /// eight at a time in 32-bit arithmetic from the right, each eight as four digit pairs.
    @inline(__always)
    static func writeDigits(_ value: UInt64, count: Int, into target: UnsafeMutablePointer<UInt8>) {
        var rest = value
        var position = count
        while position > 8 {
            let low = UInt32(truncatingIfNeeded: rest % 100_000_000)
            rest /= 100_000_000
            position &-= 8
            let high = low / 10_000, lowFour = low % 10_000
            storeDigitPair(UInt(high / 100), at: target + position)
            storeDigitPair(UInt(high % 100), at: target + position + 2)
            storeDigitPair(UInt(lowFour / 100), at: target + position + 4)
            storeDigitPair(UInt(lowFour % 100), at: target + position + 6)
        }
        var small = UInt32(truncatingIfNeeded: rest)
        while position > 1 {
            position &-= 2
            storeDigitPair(UInt(small % 100), at: target + position)
            small /= 100
        }
        if position == 1 { target[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: small) }
    }

    /// Writes `value` in decimal at `target` (room for 20 bytes); returns the length.
    @inlinable @inline(__always)
    public static func formatInteger(_ value: Int, into target: UnsafeMutablePointer<UInt8>) -> Int {
        if value < 0 {
            target[0] = UInt8(ascii: "-")
            return 1 &+ formatDigits(value.magnitude, into: target + 1)
        }
        return formatDigits(UInt(bitPattern: value), into: target)
    }

    /// Writes `value` hundredths as `0.91`, `-0.15`, `12.00` at `target` (room for
    /// ``maxHundredthsLength`` bytes); returns the length.
    @inlinable @inline(__always)
    public static func formatHundredths(_ value: Int, decimalMark: UInt8, into target: UnsafeMutablePointer<UInt8>) -> Int {
        let magnitude = value.magnitude
        var length = 0
        if value < 0 {
            target[0] = UInt8(ascii: "-")
            length = 1
        }
        length &+= formatDigits(magnitude / 100, into: target + length)
        target[length] = decimalMark
        storeDigitPair(magnitude % 100, at: target + length + 1)
        return length &+ 3
    }

    /// The longest ``formatTrimmedHundredths(_:decimalMark:into:)`` output: sign, 19 digits, mark, 2 decimals.
    public static let maxTrimmedHundredthsLength = 24

    /// Writes `value` hundredths without trailing zeros at `target` (1200 -> `12`, 250 -> `2.5`,
    /// 1025 -> `10.25`, -5 -> `-0.05`; room for ``maxTrimmedHundredthsLength`` bytes); returns the length.
    @inlinable @inline(__always)
    public static func formatTrimmedHundredths(_ value: Int, decimalMark: UInt8, into target: UnsafeMutablePointer<UInt8>) -> Int {
        var length = 0
        if value < 0 {
            target[0] = UInt8(ascii: "-")
            length = 1
        }
        let magnitude = value.magnitude
        length &+= formatDigits(magnitude / 100, into: target + length)
        let fraction = magnitude % 100
        guard fraction != 0 else { return length }
        target[length] = decimalMark
        if fraction % 10 == 0 {
            target[length &+ 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction / 10)
            return length &+ 2
        }
        storeDigitPair(fraction, at: target + length + 1)
        return length &+ 3
    }
}
