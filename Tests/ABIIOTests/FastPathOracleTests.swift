import Testing
import TestSupport
@testable import ABIIO

/// The word-at-a-time and ASCII fast paths give what the plain definitions give: a byte-by-byte
/// line/column count and a scalar-by-scalar escape check, written here independently.
@Suite struct FastPathOracleTests {
    /// Line and character column of `offset`, one byte at a time (the definition: LF, CRLF or a lone
    /// CR ends a line; a column counts UTF-8 lead bytes).
    static func oracleLocation(_ bytes: [UInt8], offset: Int, recordStart: Int, recordLine: Int) -> (Int, Int) {
        var line = recordLine, lineStart = recordStart
        for p in recordStart..<offset {
            let byte = bytes[p]
            if byte == 0x0A || (byte == 0x0D && !(p + 1 < bytes.count && bytes[p + 1] == 0x0A)) {
                line += 1
                lineStart = p + 1
            }
        }
        let column = 1 + bytes[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count
        return (line, column)
    }

    @Test(arguments: 0..<40)
    func locationMatchesTheByteByByteCount(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed))
        let alphabet: [[UInt8]] = [[0x61], [0x2C], [0x0A], [0x0D], [0x0D, 0x0A], Array("é".utf8), Array("€".utf8),
                                   [0x0C], [0x7F], [0x20], Array("abcdefghijkl".utf8)]
        var bytes: [UInt8] = []
        for _ in 0..<(Int(generator.next() % 60) + 1) { bytes += alphabet[Int(generator.next() % UInt64(alphabet.count))] }
        let recordStart = Int(generator.next() % UInt64(bytes.count))
        bytes.withUnsafeBufferPointer { buffer in
            for offset in recordStart...bytes.count {
                let found = CSVRecordParser.location(ofOffset: offset, in: buffer.baseAddress!, count: bytes.count,
                                                     recordStart: recordStart, recordLine: 7)
                let expected = Self.oracleLocation(bytes, offset: offset, recordStart: recordStart, recordLine: 7)
                #expect(found.line == expected.0 && found.column == expected.1, "offset \(offset) in \(bytes)")
            }
        }
    }

    static func oracleNeedsEscape(_ text: String, keepingLineBreaks: Bool) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x0A: !keepingLineBreaks
            case 0..<0x20, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
            default: false
            }
        }
    }

    @Test(arguments: ["", "plain ascii text: 0.91", "tab\there", "line\nbreak", "cr\rhere", "del\u{7F}", "esc\u{1B}[2J",
                      "caf\u{E9}", "c1 \u{85} control", "bidi \u{202E}override", "isolate \u{2066}x", "mark \u{200F}",
                      "\u{E9}\n", "emoji \u{1F600} ok", "\u{9F}", "\u{A0}no-break", "\u{2069}"])
    func escapeCheckMatchesTheScalarDefinition(text: String) {
        for keeping in [false, true] {
            let expected = Self.oracleNeedsEscape(text, keepingLineBreaks: keeping)
            #expect(TerminalSafeText.needsAnyEscape(text, keepingLineBreaks: keeping) == expected)
            #expect((TerminalSafeText.escaped(text, keepingLineBreaks: keeping) != text) == expected)
        }
    }
}

