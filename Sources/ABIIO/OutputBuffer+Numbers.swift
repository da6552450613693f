extension OutputBuffer {
    /// Appends `value` in decimal, without separators.
    public mutating func append(integer value: Int) {
        // Digits are produced backwards into the 20 bytes after an optional sign, then shifted down.
        let out = reserve(21)
        var magnitude = value.magnitude
        var end = 21
        repeat {
            end -= 1
            out[end] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        var length = 0
        if value < 0 {
            out[0] = UInt8(ascii: "-")
            length = 1
        }
        let digits = 21 - end
        (out + length).update(from: out + end, count: digits)
        storage.count += length + digits
    }

    /// Appends `value` in the shortest form that reads back to the same Double (Swift's
    /// `description`, which is round-trip exact), without a trailing `.0`, with `,` as the decimal mark
    /// if `decimalComma`. Returns false without appending for NaN and infinities, which have no
    /// numeric spelling in CSV or JSON; callers write a blank or null instead.
    @discardableResult
    public mutating func append(number value: Double, decimalComma: Bool = false) -> Bool {
        guard value.isFinite else { return false }
        if value == value.rounded(), value.magnitude < 1e15 {
            append(integer: Int(value))
            return true
        }
        var text = value.description  // up to 15 bytes stay inline in the String: no allocation
        text.withUTF8 { utf8 in
            for byte in utf8 {
                append(byte: decimalComma && byte == UInt8(ascii: ".") ? UInt8(ascii: ",") : byte)
            }
        }
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
    @inline(__always)
    public mutating func append(hundredths value: Int, decimalMark: UInt8) {
        var magnitude = value.magnitude
        let fraction = magnitude % 100
        magnitude /= 100
        var integerDigits = 1
        var probe = magnitude
        while probe >= 10 { probe /= 10; integerDigits += 1 }
        let sign = value < 0 ? 1 : 0
        let length = sign + integerDigits + 3
        let out = reserve(length)
        if sign == 1 { out[0] = UInt8(ascii: "-") }
        // Integer digits right to left into their known places, then the mark and two decimals.
        var position = sign + integerDigits - 1
        repeat {
            out[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
            position -= 1
        } while magnitude > 0
        out[sign + integerDigits] = decimalMark
        out[sign + integerDigits + 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction / 10)
        out[sign + integerDigits + 2] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10)
        storage.count += length
    }
}
