extension OutputBuffer {
    /// Appends `value` in decimal, without separators.
    public mutating func append(integer value: Int) {
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of stack for up to 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            while magnitude > 0 {
                scratch[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[(24 - count)...]))
        }
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
        var text = value.description  // at most 24 bytes: stored inline, no heap allocation
        text.withUTF8 { utf8 in
            for byte in utf8 {
                bytes.append(decimalComma && byte == UInt8(ascii: ".") ? UInt8(ascii: ",") : byte)
            }
        }
        return true
    }
}
