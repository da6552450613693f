import Testing
@testable import ABICore

/// Checks the 128-bit round-half-up quotient against a separately written oracle on every
/// whole-mmHg pair a clinic can record, and on means of two readings.
struct RoundingOracleTests {
    /// Round half up of `numerator / denominator` to hundredths by schoolbook division:
    /// q = floor(100 n / d), r = 100 n mod d; round up when 2r >= d.
    static func oracle(_ numerator: Int, _ denominator: Int) -> Int {
        let quotient = numerator * 100 / denominator
        let remainder = numerator * 100 % denominator
        return quotient + (2 * remainder >= denominator ? 1 : 0)
    }

    @Test func matchesSchoolbookRoundingForEveryWholeAnkleAndArmPressure() {
        var mismatches = 0
        var checked = 0
        for ankle in 1...300 {
            for arm in 70...250 {
                let result = ExactPressure.ratioHundredths(ExactPressure(millimetres: UInt64(ankle)),
                                                           over: ExactPressure(millimetres: UInt64(arm)))
                if result != Self.oracle(ankle, arm) { mismatches += 1 }
                checked += 1
            }
        }
        #expect(checked == 300 * 181)
        #expect(mismatches == 0)
    }

    @Test func matchesSchoolbookRoundingForMeansOfTwoReadings() {
        // (a1 + a2)/2 over (b1 + b2)/2 equals (a1 + a2)/(b1 + b2).
        var mismatches = 0
        for firstAnkle in stride(from: 60, through: 200, by: 7) {
            for secondAnkle in stride(from: 61, through: 200, by: 11) {
                for firstArm in stride(from: 100, through: 180, by: 13) {
                    let secondArm = firstArm + 3
                    var ankle = SiteReadings()
                    ankle.add(.measured(ExactDecimal(Int64(firstAnkle))))
                    ankle.add(.measured(ExactDecimal(Int64(secondAnkle))))
                    var arm = SiteReadings()
                    arm.add(.measured(ExactDecimal(Int64(firstArm))))
                    arm.add(.measured(ExactDecimal(Int64(secondArm))))
                    guard let ankleMean = ankle.status.measuredPressure, let armMean = arm.status.measuredPressure else {
                        mismatches += 1
                        continue
                    }
                    let expected = Self.oracle(firstAnkle + secondAnkle, firstArm + secondArm)
                    if ExactPressure.ratioHundredths(ankleMean, over: armMean) != expected { mismatches += 1 }
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func findsHalfwayCasesWhereBinaryDoublesRoundDown() {
        // The exact rule must differ from Double rounding somewhere in the clinical range,
        // or the exactness would be untested: e.g. 0.905 as a double is 0.90499999999999991.
        var differences = 0
        for ankle in 1...300 {
            for arm in 70...250 {
                let viaDouble = Int((Double(ankle) / Double(arm) * 100).rounded(.toNearestOrAwayFromZero))
                if viaDouble != Self.oracle(ankle, arm) { differences += 1 }
            }
        }
        #expect(differences > 0)
    }
}
