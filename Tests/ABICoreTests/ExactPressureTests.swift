import Testing
@testable import ABICore

struct ExactPressureTests {
    static func pressure(_ text: String) -> ExactPressure {
        guard let decimal = ExactDecimal.parse(text), let pressure = ExactPressure(decimal) else {
            Issue.record("bad fixture \(text)")
            return .zero
        }
        return pressure
    }

    static func mean(_ texts: String...) -> ExactPressure {
        var readings = SiteReadings()
        for text in texts { readings.add(PressureCell.parse(text)) }
        guard case .measured(let mean) = readings.status else {
            Issue.record("no mean for \(texts)")
            return .zero
        }
        return mean
    }

    @Test(arguments: [
        ("181", "200", 91),     // 181/200 = 0.905 exactly -> 0.91 (docs/clinical-rules.md)
        ("135", "120", 113),    // 135/120 = 1.125 exactly -> 1.13; banker's rounding would give 1.12
        ("180", "200", 90),     // 0.90
        ("180.98", "200", 90),  // 0.9049 -> 0.90
        ("199", "200", 100),    // 0.995 -> 1.00
        ("198.98", "200", 99),  // 0.9949 -> 0.99
        ("281", "200", 141),    // 1.405 -> 1.41
        ("280.98", "200", 140), // 1.4049 -> 1.40
        ("1", "3", 33),         // 0.3333... -> 0.33
        ("2", "3", 67),         // 0.6666... -> 0.67
        ("300", "0.001", 30_000_000), // 300000 -> 300000.00
    ])
    func roundsTheExactQuotientHalfUpToHundredths(_ numerator: String, _ denominator: String, _ expected: Int) {
        #expect(ExactPressure.ratioHundredths(Self.pressure(numerator), over: Self.pressure(denominator)) == expected)
    }

    @Test func roundsTheQuotientOfMeansOfRepeatedReadings() {
        // (131 + 134) / 2 = 132.5 over (140 + 143) / 2 = 141.5:
        // 132.5 / 141.5 = 0.936395... -> 0.94. In integers: floor((200*265 + 283) / (2*283)) = floor(53283/566) = 94.
        #expect(ExactPressure.ratioHundredths(Self.mean("131", "134"), over: Self.mean("140", "143")) == 94)
        // A half-way quotient only reachable through means: (180 + 182)/2 = 181 over (199 + 201)/2 = 200 -> 0.905 -> 0.91.
        #expect(ExactPressure.ratioHundredths(Self.mean("180", "182"), over: Self.mean("199", "201")) == 91)
        // Thirds stay exact: (120 + 121 + 121)/3 = 120.666... over 120: 1.005555... -> 1.01.
        #expect(ExactPressure.ratioHundredths(Self.mean("120", "121", "121"), over: Self.pressure("120")) == 101)
        // (90 + 90.5 + 90.5)/3 = 90.333... over 100 -> 0.90333 -> 0.90.
        #expect(ExactPressure.ratioHundredths(Self.mean("90", "90.5", "90.5"), over: Self.pressure("100")) == 90)
    }

    @Test func reportsZeroDenominatorAndOverflowAsNil() {
        #expect(ExactPressure.ratioHundredths(Self.pressure("100"), over: .zero) == nil)
        let huge = ExactPressure(nanounits: UInt64.max, divisor: 1)
        #expect(ExactPressure.ratioHundredths(Self.pressure("100"), over: huge) == nil)       // 2Q does not fit
        // Q = (UInt64.max / 2) * 3 does not fit in 64 bits.
        let meanOfThree = ExactPressure(nanounits: 300_000_000_000, divisor: 3)
        let enormous = ExactPressure(nanounits: UInt64.max / 2, divisor: 1)
        #expect(ExactPressure.ratioHundredths(meanOfThree, over: enormous) == nil)
        let tiny = ExactPressure(nanounits: 1, divisor: 1)
        let large = ExactPressure(nanounits: UInt64.max, divisor: 1)
        #expect(ExactPressure.ratioHundredths(large, over: tiny) == nil)                      // quotient does not fit
    }

    @Test func comparesMeansExactly() {
        // 132.5 == 265/2; (120+121+121)/3 > 120.66 and < 120.67.
        #expect(Self.mean("131", "134") == Self.pressure("132.5"))
        #expect(Self.mean("120", "121", "121") > Self.pressure("120.66"))
        #expect(Self.mean("120", "121", "121") < Self.pressure("120.67"))
        #expect(Self.pressure("69.999").compare(toMillimetres: 70) == -1)
        #expect(Self.pressure("70").compare(toMillimetres: 70) == 0)
        #expect(Self.pressure("70.001").compare(toMillimetres: 70) == 1)
        // A threshold beyond what 64-bit nanounits hold is above every pressure.
        #expect(ExactPressure(nanounits: UInt64.max, divisor: 1).compare(toMillimetres: UInt64.max) == -1)
    }

    @Test func differencesAndMeansOfArmsAreExact() {
        // |132.5 - 120| = 12.5; mean of 132.5 and 120 = 126.25.
        let difference = ExactPressure.absoluteDifference(Self.mean("131", "134"), Self.pressure("120"))
        #expect(difference == Self.pressure("12.5"))
        #expect(difference?.roundedToHundredths?.description == "12.5")
        #expect(ExactPressure.mean(Self.mean("131", "134"), Self.pressure("120")) == Self.pressure("126.25"))
        // 1/3 mmHg rounds to 0.33 for display.
        #expect(ExactPressure(nanounits: 1_000_000_000, divisor: 3).roundedToHundredths?.description == "0.33")
        #expect(ExactPressure(nanounits: 1_000_000_000, divisor: 3).description == "0.333333333")
    }
}
