/// UTF-16 to UTF-8 conversion in pieces, for Excel's "Unicode Text" export (UTF-16LE with a byte
/// order mark, tab-separated). A byte or a high surrogate cut off by the end of one piece is kept
/// for the next; an unpaired surrogate or an odd final byte becomes U+FFFD (Unicode 15, section 3.9,
/// "U+FFFD substitution"), so the output is always well-formed UTF-8.
struct UTF16StreamDecoder {
    let bigEndian: Bool
    var pendingByte: UInt8?
    var pendingHighSurrogate: UInt16?
    /// How many U+FFFD replacements were made.
    private(set) var replacements = 0

    init(bigEndian: Bool) {
        self.bigEndian = bigEndian
    }

    /// Decodes `bytes`, appending UTF-8 to `output`.
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, appendingTo output: inout [UInt8]) {
        output.reserveCapacity(output.count + bytes.count / 2 + 8)
        var i = 0
        let n = bytes.count
        if let first = pendingByte, n > 0 {
            pendingByte = nil
            append(unit: unit(first, bytes[0]), to: &output)
            i = 1
        }
        while i + 1 < n {
            let unit = unit(bytes[i], bytes[i + 1])
            if unit < 0x80 && pendingHighSurrogate == nil {
                output.append(UInt8(unit))
            } else {
                append(unit: unit, to: &output)
            }
            i += 2
        }
        if i < n { pendingByte = bytes[i] }
    }

    /// Ends the input: a leftover byte or high surrogate becomes U+FFFD.
    mutating func finish(appendingTo output: inout [UInt8]) {
        if pendingHighSurrogate != nil {
            pendingHighSurrogate = nil
            appendReplacement(to: &output)
        }
        if pendingByte != nil {
            pendingByte = nil
            appendReplacement(to: &output)
        }
    }

    @inline(__always)
    func unit(_ first: UInt8, _ second: UInt8) -> UInt16 {
        bigEndian ? UInt16(first) << 8 | UInt16(second) : UInt16(second) << 8 | UInt16(first)
    }

    mutating func append(unit: UInt16, to output: inout [UInt8]) {
        if let high = pendingHighSurrogate {
            pendingHighSurrogate = nil
            if unit >= 0xDC00 && unit <= 0xDFFF {
                let scalar = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(unit) - 0xDC00)
                appendScalar(scalar, to: &output)
                return
            }
            appendReplacement(to: &output)
        }
        switch unit {
        case 0xD800...0xDBFF: pendingHighSurrogate = unit
        case 0xDC00...0xDFFF: appendReplacement(to: &output)
        default: appendScalar(UInt32(unit), to: &output)
        }
    }

    mutating func appendReplacement(to output: inout [UInt8]) {
        replacements += 1
        appendScalar(0xFFFD, to: &output)
    }

    func appendScalar(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | (scalar >> 6)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | (scalar >> 12)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            output.append(UInt8(0xF0 | (scalar >> 18)))
            output.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}
