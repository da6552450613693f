import Testing
@testable import ABIIO

/// ``UTF8Validation/scan(_:)`` (ASCII 64 and 8 bytes at a time) against a byte-at-a-time decoder of
/// Unicode 15 table 3-7, on inputs whose ill-formed or multi-byte sequences fall at every offset
/// of the 64-byte blocks, and against the standard library's validation.
@Suite struct UTF8ValidationTests {
    /// Table 3-7 one byte at a time: (first ill-formed offset, end of the last complete sequence).
    static func reference(_ bytes: [UInt8]) -> (firstInvalid: Int?, completeUpTo: Int) {
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            let ranges: [ClosedRange<UInt8>]
            switch lead {
            case 0x00...0x7F: ranges = []
            case 0xC2...0xDF: ranges = [0x80...0xBF]
            case 0xE0: ranges = [0xA0...0xBF, 0x80...0xBF]
            case 0xE1...0xEC, 0xEE...0xEF: ranges = [0x80...0xBF, 0x80...0xBF]
            case 0xED: ranges = [0x80...0x9F, 0x80...0xBF]
            case 0xF0: ranges = [0x90...0xBF, 0x80...0xBF, 0x80...0xBF]
            case 0xF1...0xF3: ranges = [0x80...0xBF, 0x80...0xBF, 0x80...0xBF]
            case 0xF4: ranges = [0x80...0x8F, 0x80...0xBF, 0x80...0xBF]
            default: return (i, i)
            }
            for (k, range) in ranges.enumerated() {
                guard i + 1 + k < bytes.count else { return (nil, i) }
                if !range.contains(bytes[i + 1 + k]) { return (i, i) }
            }
            i += 1 + ranges.count
        }
        return (nil, bytes.count)
    }

    static func scan(_ bytes: [UInt8]) -> (firstInvalid: Int?, completeUpTo: Int) {
        bytes.withUnsafeBufferPointer { UTF8Validation.scan($0) }
    }

    @Test func agreesWithTheByteAtATimeDecoderAtEveryBlockOffset() {
        let inserts: [[UInt8]] = [[0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xFF], [0xC3], [0xE0, 0x80, 0x80],
                                  [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xE2, 0x82]]
        for length in [0, 1, 7, 8, 9, 63, 64, 65, 127, 128, 129, 200] {
            for insert in inserts {
                for offset in 0...length {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes.insert(contentsOf: insert, at: offset)
                    let got = Self.scan(bytes), expected = Self.reference(bytes)
                    #expect(got.firstInvalid == expected.firstInvalid && got.completeUpTo == expected.completeUpTo,
                            "length \(length), insert \(insert) at \(offset)")
                }
            }
        }
    }

    @Test func agreesWithTheStandardLibraryOnRandomText() {
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [Array("abc,12.5\n".utf8), Array("é".utf8), Array("€".utf8), Array("😀".utf8), [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80]]
        for _ in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<60, using: &generator) {
                bytes += Int.random(in: 0..<12, using: &generator) == 0 ? pieces.randomElement(using: &generator)! : pieces[0]
            }
            let got = Self.scan(bytes)
            #expect(got.firstInvalid == Self.reference(bytes).firstInvalid)
            let valid = String(validating: bytes, as: UTF8.self) != nil
            #expect((got.firstInvalid == nil && got.completeUpTo == bytes.count) == valid, "\(bytes)")
        }
    }
}
