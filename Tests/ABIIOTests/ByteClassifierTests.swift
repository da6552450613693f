import CByteClassifier
import Testing

/// `abikit_classify64` (SSE2 compares on x86-64) against a byte-at-a-time reference.
@Suite struct ByteClassifierTests {
    @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|"), 0x00, 0xFF])
    func marksEveryDelimiterQuoteAndLineBreak(delimiter: UInt8) {
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [delimiter, UInt8(ascii: "\""), 0x0A, 0x0D, 0x00, 0x80, 0xFF, UInt8(ascii: "a"), 0x22 ^ 0x80, 0x0A ^ 0x80]
        for round in 0..<2_000 {
            // Round 0: every byte value at least once across the rounds' first lanes; then random mixes.
            let bytes: [UInt8] = (0..<64).map { lane in
                round < 4 ? UInt8(truncatingIfNeeded: round * 64 + lane)
                    : (Bool.random(using: &generator) ? interesting.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator))
            }
            var marks: UInt64 = 0, delimiters: UInt64 = 0
            for (lane, byte) in bytes.enumerated() {
                if byte == delimiter { delimiters |= 1 << UInt64(lane) }
                if byte == delimiter || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D { marks |= 1 << UInt64(lane) }
            }
            let classes = bytes.withUnsafeBufferPointer { abikit_classify64($0.baseAddress!, delimiter) }
            #expect(classes.marks == marks && classes.delimiters == delimiters, "bytes \(bytes)")
        }
    }
}
