import ABIIO
/// Shortest round-trip text of a Double without a String allocation per number.
///
/// `Double.description` (the standard library's shortest round-trip digits, SwiftDtoa) builds a
/// String, which is heap-allocated beyond 15 bytes - most statistics have 17 significant digits -
/// so a cohort's 2 million numbers cost 2 million allocations. `Double.write(to:)` produces the
/// same digits and hands them to the stream as ASCII bytes (`_writeASCII`, the standard
/// library's hook for exactly this), which this stream copies into a reusable buffer.
/// Output is identical to ``OutputBuffer/append(number:decimalComma:)``: integers below 1e15
/// without `.0`, otherwise the shortest round-trip form.
struct ShortestNumberText: TextOutputStream {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(32) }

    mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }

    /// Replaces the text with `value`'s; false (and empty) for NaN and infinities.
    mutating func set(_ value: Double) -> Bool {
        bytes.removeAll(keepingCapacity: true)
        guard value.isFinite else { return false }
        if value == value.rounded(), value.magnitude < 1e15 {
            var magnitude = Int(value).magnitude
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            let start = bytes.count
            repeat {
                bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
                magnitude /= 10
            } while magnitude > 0
            bytes[start...].reverse()
            return true
        }
        value.write(to: &self)
        return true
    }
}
