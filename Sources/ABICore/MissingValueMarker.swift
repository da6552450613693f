/// The cells every reader takes as "not measured": blank, `NA`, `N/A`, `NaN` and `.` (ASCII case
/// ignored). One set for scoring, trends, the column loader and descriptive statistics
/// (docs/clinical-rules.md: blank, NA, NaN and `.`; `N/A` is the spreadsheet spelling of NA).
/// Pressure cells also accept the words `not measured` (``PressureCell``).
public enum MissingValueMarker {
    /// Whether `bytes[start..<end]` is a marker. The caller trims surrounding spaces.
    @inlinable
    public static func matches(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        @inline(__always) func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        switch end - start {
        case 0: return true
        case 1: return bytes[start] == UInt8(ascii: ".")
        case 2: return lower(bytes[start]) == UInt8(ascii: "n") && lower(bytes[start + 1]) == UInt8(ascii: "a")
        case 3:
            let a = lower(bytes[start]), b = bytes[start + 1], c = lower(bytes[start + 2])
            guard a == UInt8(ascii: "n") else { return false }
            if b == UInt8(ascii: "/") { return c == UInt8(ascii: "a") }
            return lower(b) == UInt8(ascii: "a") && c == UInt8(ascii: "n")
        default: return false
        }
    }

    /// Whether `text`, without surrounding spaces and tabs, is a marker.
    public static func matches(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            var start = 0, end = bytes.count
            while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
            while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
            return matches(bytes, from: start, to: end)
        }
    }
}
