/// Parses numbers straight from field bytes, without making a String on the common path.
///
/// Accepts `[+-]digits[(.|,)digits][(e|E)[+-]digits]` with the file's decimal mark, surrounded by
/// optional ASCII spaces: `120`, ` 0.93 `, `-5`, `1,5` (decimal comma), `1e3`. Rejects everything
/// else, including thousands separators, `inf`, `nan` and hexadecimal, so that such cells are
/// reported rather than misread. Results are correctly rounded: short inputs use the exact
/// Clinger fast path (an integer below 2^53 divided or multiplied by an exact power of ten);
/// anything longer goes through the standard library's correctly rounded conversion.
public enum DecimalNumberParser {
    static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The value of `bytes`, or nil if it is not a plain decimal number (an empty field is nil too).
    public static func parseDouble(_ bytes: UnsafeBufferPointer<UInt8>,
                                   decimalMark: CSVDialect.DecimalMark = .point) -> Double? {
        let mark = decimalMark == .comma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        if let value = parseShortDecimal(bytes, mark: mark) { return value }
        return parseGeneral(bytes, mark: mark)
    }

    /// The usual cell, `[-]digits[mark digits]` with 1-15 digits and nothing else (`0.67`, `120`,
    /// `-0.015`), in one pass; nil for anything else, which ``parseGeneral(_:mark:)`` reads. The
    /// value is the general path's: at most 15 digits are an exact integer below 2^53, divided by
    /// an exact power of ten (Clinger's fast path), the sign applied last.
    @inline(__always)
    static func parseShortDecimal(_ bytes: UnsafeBufferPointer<UInt8>, mark: UInt8) -> Double? {
        let count = bytes.count
        guard count > 0 && count <= 17, let base = bytes.baseAddress else { return nil }
        let negative = base[0] == UInt8(ascii: "-")
        var i = negative ? 1 : 0
        var mantissa: UInt64 = 0
        var digits = 0
        var markAt = -1
        while i < count {
            let digit = base[i] &- UInt8(ascii: "0")
            if digit < 10 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                digits &+= 1
            } else if base[i] == mark && markAt < 0 {
                markAt = i
            } else {
                return nil
            }
            i &+= 1
        }
        guard digits > 0 && digits <= 15 else { return nil }
        let fractionDigits = markAt < 0 ? 0 : count &- 1 &- markAt
        let value = Double(mantissa) / exactPowersOfTen[fractionDigits]
        return negative ? -value : value
    }

    /// ``parseDouble(_:decimalMark:)`` for every cell: spaces, signs, exponents, long digit strings.
    static func parseGeneral(_ bytes: UnsafeBufferPointer<UInt8>, mark: UInt8) -> Double? {
        var start = 0
        var end = bytes.count
        while start < end && bytes[start] == 0x20 { start += 1 }
        while end > start && bytes[end - 1] == 0x20 { end -= 1 }
        guard start < end else { return nil }
        var i = start
        var negative = false
        if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var digits = 0
        var fractionDigits = 0
        while i < end, bytes[i] &- 0x30 < 10 {
            if mantissa != 0 || bytes[i] != 0x30 { significantDigits += 1 }
            if significantDigits <= 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 0x30) }
            digits += 1
            i += 1
        }
        if i < end && bytes[i] == mark {
            i += 1
            while i < end, bytes[i] &- 0x30 < 10 {
                if mantissa != 0 || bytes[i] != 0x30 { significantDigits += 1 }
                if significantDigits <= 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 0x30) }
                digits += 1
                fractionDigits += 1
                i += 1
            }
        }
        guard digits > 0 else { return nil }
        var exponent = 0
        if i < end && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            var exponentNegative = false
            if i < end && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var exponentDigits = 0
            while i < end, bytes[i] &- 0x30 < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] &- 0x30) }
                exponentDigits += 1
                i += 1
            }
            guard exponentDigits > 0 else { return nil }
            if exponentNegative { exponent = -exponent }
        }
        guard i == end else { return nil }
        // Clinger's fast path: exact mantissa and exact power of ten give a correctly rounded result.
        let scale = exponent - fractionDigits
        if significantDigits <= 15 && mantissa < (1 << 53) && scale.magnitude <= 22 {
            var value = Double(mantissa)
            value = scale < 0 ? value / exactPowersOfTen[-scale] : value * exactPowersOfTen[scale]
            return negative ? -value : value
        }
        // Slow path: normalise to Swift's syntax and let the standard library round correctly.
        var text = ""
        text.reserveCapacity(end - start)
        for index in start..<end {
            let byte = bytes[index]
            text.unicodeScalars.append(Unicode.Scalar(byte == mark ? UInt8(ascii: ".") : byte))
        }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// A String convenience for non-hot callers.
    public static func parseDouble(_ text: String, decimalMark: CSVDialect.DecimalMark = .point) -> Double? {
        var copy = text
        return copy.withUTF8 { parseDouble($0, decimalMark: decimalMark) }
    }
}
