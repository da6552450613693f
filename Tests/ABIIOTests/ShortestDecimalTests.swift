import Testing
import TestSupport
@testable import ABIIO

/// ``ShortestDecimal`` (Schubfach) against the standard library's `Double.description` (SwiftDtoa,
/// an independent shortest round-trip implementation), byte for byte, and against parsing back.
@Suite struct ShortestDecimalTests {
    /// The text abikit wrote before ``ShortestDecimal``: integers below 1e15 bare, otherwise `description`.
    static func reference(_ value: Double) -> String {
        value == value.rounded() && value.magnitude < 1e15 ? String(Int(value)) : value.description
    }

    /// Formats `value` with a sentinel-filled buffer and checks the length, the bytes and the round trip.
    static func check(_ value: Double, failures: inout [String]) {
        var bytes = [UInt8](repeating: 0xFF, count: ShortestDecimal.maximumLength + 1)
        let length = bytes.withUnsafeMutableBufferPointer {
            ShortestDecimal.format(value, decimalMark: UInt8(ascii: "."), into: $0.baseAddress!)
        }
        let expected = reference(value)
        let text = String(decoding: bytes[..<min(length, bytes.count)], as: UTF8.self)
        if text != expected || bytes[ShortestDecimal.maximumLength] != 0xFF || Double(text) != value
            || (value == 0 && text != "0") {
            if failures.count < 20 { failures.append("\(value.bitPattern): got \(text), expected \(expected)") }
        }
    }


    static var edgeCases: [Double] {
        var values: [Double] = [0, -0.0, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 0.5, 1.5, 123.456, 1.7976931348623157e308, 2.2250738585072014e-308,
                                .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
                                Double.leastNormalMagnitude.nextDown, Double.leastNormalMagnitude.nextUp,
                                Double.greatestFiniteMagnitude.nextDown, 0x1p53, 0x1p53 + 2, 0x1p53 - 1, 0x1p54, 9007199254740994,
                                1e15, 1e15 + 0.5, 1e15 - 0.5, 1e16, 1e-4, 1e-5, 0.00012, 9.99999999999999e-5, 1e22, 1e23,
                                1.2345678901234567e-300, 299792458.000001]
        // Subnormal spellings, parsed at run time (as literals the compiler warns that they underflow).
        values += ["5e-324", "1e-323", "1.5e-323", "2e-323", "2.225073858507201e-308", "5e-310", "4.9406564584124654e-324",
                   "2.4703282292062328e-323"].map { Double($0)! }
        for fraction in UInt64(1)...2_000 { values.append(Double(bitPattern: fraction)) }
        values.append(Double(bitPattern: 1 << 52 - 1))  // the largest subnormal
        for exponent in -1074...1023 {
            let power = Double(sign: .plus, exponent: exponent, significand: 1)
            values += [power, power.nextUp, power.nextDown, power * 1.5, (power * 2).nextDown]
        }
        for exponent in -325...309 {
            if let power = Double("1e\(exponent)") {
                values += [power, power.nextUp, power.nextDown, power * 3, Double("1.5e\(exponent)") ?? 0]
            }
        }
        // Around the switches between decimal and exponent form and the integer fast path.
        for boundary in [1e-4, 1e-5, 1e-3, 1e15, 1e16, 0x1p53, 0x1p54] {
            var below = boundary, above = boundary
            for _ in 0..<64 {
                below = below.nextDown
                above = above.nextUp
                values += [below, above]
            }
        }
        for integer in 0...20_000 { values.append(Double(integer) + 0.5) }
        for shift in 0...53 {
            let top = Double(UInt64(1) << shift)
            values += [top, top - 1, top + 1, top - 0.5]
        }
        // (2 × greatestFiniteMagnitude and the like overflow: non-finite values have their own test.)
        return (values + values.map { -$0 }).filter(\.isFinite)
    }

    @Test func edgeCasesMatchDescriptionAndReadBack() {
        var failures: [String] = []
        for value in Self.edgeCases { Self.check(value, failures: &failures) }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func integersUpTo2To53MatchDescription() {
        var failures: [String] = []
        var generator = SplitMix64(seed: 53)
        for _ in 0..<200_000 {
            let integer = Double(UInt64.random(in: 0...(1 << 53), using: &generator))
            Self.check(integer, failures: &failures)
            Self.check(-integer, failures: &failures)
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func twoMillionRandomBitPatternsMatchDescription() {
        var failures: [String] = []
        var generator = SplitMix64(seed: 20_261_206)
        var checked = 0
        while checked < 2_000_000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            Self.check(value, failures: &failures)
            checked += 1
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func oneMillionTypicalValuesMatchDescription() {
        var failures: [String] = []
        var generator = SplitMix64(seed: 14)
        for _ in 0..<500_000 { Self.check(Double.random(in: -10...10, using: &generator), failures: &failures) }
        for _ in 0..<500_000 {
            let numerator = Double(Int.random(in: -1_000...1_000, using: &generator))
            let denominator = Double(Int.random(in: 1...1_000, using: &generator))
            Self.check(numerator / denominator, failures: &failures)
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func decimalCommaReplacesOnlyThePoint() {
        for (value, expected) in [(0.5, "0,5"), (-1.25e-7, "-1,25e-07"), (1e16, "1e+16"), (3.0e15, "3000000000000000,0"), (12.0, "12")] {
            var buffer = OutputBuffer.inMemory(capacity: 4)
            let appended = buffer.append(number: value, decimalComma: true)
            #expect(appended)
            #expect(String(decoding: buffer.pendingBytes, as: UTF8.self) == expected)
        }
    }

    @Test func nonFiniteValuesAppendNothing() {
        for value in [Double.nan, .infinity, -.infinity, -Double.nan] {
            var buffer = OutputBuffer.inMemory(capacity: 4)
            let appended = buffer.append(number: value)
            #expect(!appended)
            #expect(buffer.pendingBytes.isEmpty)
            #expect(String(shortestRoundTrip: value) == nil)
        }
        #expect(String(shortestRoundTrip: 0.1) == "0.1")
        #expect(String(shortestRoundTrip: -0.0) == "0")
    }
}
