/// Windows-1252 to UTF-8 transcoding (WHATWG Encoding Standard index; the five unassigned bytes
/// 0x81 0x8D 0x8F 0x90 0x9D map to the C1 controls of the same value, as browsers do).
enum Windows1252 {
    /// Unicode scalars for bytes 0x80...0x9F; 0xA0...0xFF equal their Latin-1 code points.
    static let highControls: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// Appends the UTF-8 form of Windows-1252 `bytes` to `output`. ASCII bytes are copied unchanged,
    /// so quotes, delimiters and line breaks keep their meaning.
    static func transcode(_ bytes: UnsafeBufferPointer<UInt8>, appendingTo output: inout [UInt8]) {
        output.reserveCapacity(output.count + bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
                continue
            }
            let scalar = byte < 0xA0 ? UInt32(highControls[Int(byte) - 0x80]) : UInt32(byte)
            if scalar < 0x800 {
                output.append(UInt8(0xC0 | (scalar >> 6)))
                output.append(UInt8(0x80 | (scalar & 0x3F)))
            } else {
                output.append(UInt8(0xE0 | (scalar >> 12)))
                output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                output.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
    }
}
