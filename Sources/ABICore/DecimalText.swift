/// Allocation-free text helpers for the hot path: ASCII digits into a reusable byte buffer,
/// without Foundation.
public enum DecimalText {
    /// Appends a value in hundredths with two decimals: `91` -> `0.91`, `113` -> `1.13`,
    /// `0` -> `0.00`, `-15` -> `-0.15`. Used for ABI, TBI and ABI change.
    @inlinable
    public static func appendHundredths(_ hundredths: Int, to bytes: inout [UInt8],
                                        decimalMark: UInt8 = UInt8(ascii: ".")) {
        if hundredths < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = UInt64(hundredths.magnitude)
        appendDigits(of: magnitude / 100, to: &bytes)
        bytes.append(decimalMark)
        appendDigits(of: magnitude % 100, minimumWidth: 2, to: &bytes)
    }

    /// A value in hundredths as text (`0.91`); allocates, for tests and non-hot callers.
    public static func hundredths(_ hundredths: Int, decimalMark: UInt8 = UInt8(ascii: ".")) -> String {
        var bytes: [UInt8] = []
        appendHundredths(hundredths, to: &bytes, decimalMark: decimalMark)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the decimal digits of `value`, zero-padded on the left to `minimumWidth`.
    @inlinable
    public static func appendDigits(of value: UInt64, minimumWidth: Int = 1, to bytes: inout [UInt8]) {
        // One or two digits, the usual case: no counting or dividing loops.
        if value < 100 && minimumWidth <= 2 {
            if value >= 10 {
                bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10))
            } else if minimumWidth == 2 {
                bytes.append(UInt8(ascii: "0"))
            }
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10))
            return
        }
        // 20 digits hold any UInt64; count them first so no scratch buffer is needed.
        var digitCount = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            digitCount += 1
        }
        var padding = minimumWidth - digitCount
        while padding > 0 {
            bytes.append(UInt8(ascii: "0"))
            padding -= 1
        }
        var divisor: UInt64 = 1
        var remaining = digitCount - 1
        while remaining > 0 {
            divisor &*= 10
            remaining -= 1
        }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Space or tab: what cell parsers trim around a value.
    @inlinable
    public static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// The bounds of `bytes` without leading and trailing spaces and tabs.
    @inlinable
    public static func trimmedBounds(_ bytes: UnsafeBufferPointer<UInt8>) -> (start: Int, end: Int) {
        var start = 0
        var end = bytes.count
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        return (start, end)
    }

    /// True when `bytes[start..<end]` equals `word` ignoring ASCII case. `word` must be lowercase.
    @inlinable
    static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
                                   _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        if end - start != count { return false }
        let wordBytes = word.utf8Start
        var offset = 0
        while offset < count {
            var byte = bytes[start + offset]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            if byte != wordBytes[offset] { return false }
            offset += 1
        }
        return true
    }
}
