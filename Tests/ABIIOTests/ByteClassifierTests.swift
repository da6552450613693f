import CByteClassifier
import Testing
import TestSupport

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

    /// `abikit_count_byte` against a loop: every length 0-300 (tails and whole lanes), and runs long
    /// enough for the 8-bit lane counters to be summed more than once (all bytes equal: 255 a lane).
    @Test func countsAByteAtEveryLengthAndPastTheLaneCounterLimit() {
        var generator = SplitMix64(seed: 0x0A)
        for length in 0...300 {
            let bytes: [UInt8] = (0..<length).map { _ in Bool.random(using: &generator) ? 0x0A : UInt8.random(in: 0...255, using: &generator) }
            let count = bytes.withUnsafeBufferPointer { abikit_count_byte($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count, 0x0A) }
            #expect(count == bytes.filter { $0 == 0x0A }.count, "length \(length)")
        }
        for length in [16 * 255, 16 * 255 + 1, 16 * 255 * 3 + 17, 100_000] {
            let all = [UInt8](repeating: 0x0A, count: length)
            #expect(all.withUnsafeBufferPointer { abikit_count_byte($0.baseAddress!, $0.count, 0x0A) } == length)
            let none = [UInt8](repeating: 0x0B, count: length)
            #expect(none.withUnsafeBufferPointer { abikit_count_byte($0.baseAddress!, $0.count, 0x0A) } == 0)
            let mixed: [UInt8] = (0..<length).map { _ in UInt8.random(in: 0x09...0x0B, using: &generator) }
            #expect(mixed.withUnsafeBufferPointer { abikit_count_byte($0.baseAddress!, $0.count, 0x0A) } == mixed.filter { $0 == 0x0A }.count)
        }
    }

    /// `abikit_last_byte` against a backward loop at every length 0-300 and every position of a
    /// single match.
    @Test func findsTheLastByteAtEveryLengthAndPosition() {
        var generator = SplitMix64(seed: 0x0B)
        for length in 0...300 {
            var bytes: [UInt8] = (0..<length).map { _ in UInt8.random(in: 0x0B...0xFF, using: &generator) }
            func last() -> Int? {
                bytes.withUnsafeBufferPointer { buffer in
                    guard let base = buffer.baseAddress, let found = abikit_last_byte(base, buffer.count, 0x0A) else { return nil }
                    return found - base
                }
            }
            #expect(last() == nil, "length \(length): none")
            for position in 0..<length {
                bytes[position] = 0x0A
                #expect(last() == position, "length \(length), one at \(position)")
                bytes[position] = 0x0B
            }
            let mixed: [UInt8] = (0..<length).map { _ in UInt8.random(in: 0x09...0x0B, using: &generator) }
            bytes = mixed
            #expect(last() == mixed.lastIndex(of: 0x0A), "length \(length), mixed")
        }
    }
}
