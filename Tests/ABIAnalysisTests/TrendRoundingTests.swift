import Testing
@testable import ABIAnalysis

/// trend's ABI hundredths are `(abi * 100).rounded()`, computed without a libm call: the same
/// integer at ties, just either side of them, at both signs and across the range kept.
struct TrendRoundingTests {
    @Test func matchesRoundedHalfAwayFromZero() {
        var values: [Double] = [0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, 0.49999999999999994, -0.49999999999999994,
                                91.5, 90.99999999999999, 1e6 - 0.5, -(1e6 - 0.5), 1_999_999.5, 4_503_599_627_370_495.5]
        for hundredths in stride(from: -300, through: 300, by: 1) {
            for offset in [-0.5, -0.25, 0, 0.25, 0.5] {
                let x = Double(hundredths) + offset
                values += [x, x.nextUp, x.nextDown]
            }
            // The products trend forms from two-decimal ABIs.
            values.append(Double(hundredths) / 100 * 100)
        }
        for x in values {
            #expect(TrendEngine.roundedHalfAwayFromZero(x) == Int(x.rounded()), "\(x)")
        }
    }
}
