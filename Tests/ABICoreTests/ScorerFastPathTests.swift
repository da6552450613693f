import Testing
import TestSupport
@testable import ABICore

/// `ABIScorer.score` (with its usual-visit shortcut) gives exactly what the general rules give,
/// field by field and bit for bit (exact pressures by numerator and divisor, decimals by
/// significand and scale), over random visits and sweeps across every threshold.
struct ScorerFastPathTests {

    static let mainSites: [PressureSite] = [.brachialLeft, .brachialRight, .ankleDPLeft, .anklePTLeft,
                                            .ankleDPRight, .anklePTRight]
    static let otherSites: [PressureSite] = [.toeLeft, .toeRight, .postExerciseAnkleLeft, .postExerciseAnkleRight,
                                             .postExerciseBrachial, .tcpo2Left, .tcpo2Right]

    /// Cells around every threshold the scorer applies (ankle 40/50/70/100, arm 70/250,
    /// inter-arm 10/15), plus statuses and odd cells.
    static let boundaryCells: [String] = [
        "1", "19", "20", "29.5", "39", "39.999999999", "40", "40.000000001", "49.5", "50", "69.999999999", "70",
        "70.5", "99", "100", "100.000000001", "101", "110", "118", "120", "125", "130", "135", "140", "181",
        "200", "249.999999999", "250", "250.000000001", "251", "299", "300", "0.000000001",
    ]
    static let statusCells: [String] = ["", "NA", "0", "absent", "NC", ">255", "-5", "301", "abc", "inf"]

    static func randomCell(_ rng: inout SplitMix64) -> String {
        switch rng.below(10) {
        case 0..<2: return String(1 + rng.below(300))
        case 2..<6: return String(80 + rng.below(100))
        case 6..<8: return rng.pick(boundaryCells)
        case 8: return String(1 + rng.below(300)) + "." + String(rng.below(1000))
        default: return rng.pick(statusCells)
        }
    }

    static func randomOptions(_ rng: inout SplitMix64) -> ScoringOptions {
        if rng.below(2) == 0 { return ScoringOptions() }
        return ScoringOptions(method: rng.below(3) == 0 ? rng.pick([.lowerAnkle, .posteriorTibialOnly,
                                                                     .dorsalisPedisOnly, .meanArms, .nhanes])
                                  : .standard,
                              padCutoff: rng.pick([.atOrBelow090, .below090]),
                              noncompressibleThreshold: rng.pick([.above140, .above130]),
                              severityScheme: rng.pick([.conventional, .split050]),
                              tbiCutoff: rng.pick([.atOrBelow070, .below070]),
                              interArmSubclavianThreshold: rng.pick([0, 5, 10, 12, 300]),
                              interArmRiskThreshold: rng.pick([0, 15, 20, 300]))
    }

    /// The general rules alone.
    static func general(_ readings: VisitReadings, options: ScoringOptions) -> VisitScore {
        var score = VisitScore(options: options)
        ABIScorer.scoreGeneral(readings, into: &score)
        return score
    }

    static func same(_ lhs: ExactPressure?, _ rhs: ExactPressure?) -> Bool {
        lhs?.nanounits == rhs?.nanounits && lhs?.divisor == rhs?.divisor
    }

    static func same(_ lhs: ExactDecimal?, _ rhs: ExactDecimal?) -> Bool {
        lhs?.significand == rhs?.significand && lhs?.scale == rhs?.scale
    }

    static func same(_ lhs: LegScore, _ rhs: LegScore) -> Bool {
        lhs == rhs && same(lhs.anklePressure, rhs.anklePressure) && same(lhs.exercise?.ankleFall, rhs.exercise?.ankleFall)
    }

    /// Field by field, bit for bit.
    static func same(_ lhs: VisitScore, _ rhs: VisitScore) -> Bool {
        lhs == rhs && same(lhs.left, rhs.left) && same(lhs.right, rhs.right)
            && same(lhs.interArmDifference, rhs.interArmDifference)
    }

    /// Scores `readings` both ways; returns whether the shortcut applied.
    @discardableResult
    static func check(_ readings: VisitReadings, options: ScoringOptions, _ comment: @autoclosure () -> String) -> Bool {
        let expected = general(readings, options: options)
        #expect(same(ABIScorer.score(readings, options: options), expected), "\(comment())")
        var shortcut = VisitScore(options: options)
        let applied = ABIScorer.scoreUsualVisit(readings, into: &shortcut)
        if applied {
            #expect(same(shortcut, expected), "\(comment())")
        } else {
            // Declined: the score is left fresh for the general rules.
            #expect(same(shortcut, VisitScore(options: options)), "\(comment())")
        }
        return applied
    }

    @Test func randomVisitsMatchTheGeneralRules() {
        var rng = SplitMix64(seed: 20_260_101)
        var applied = 0
        let visits = 60_000
        for _ in 0..<visits {
            var readings = VisitReadings()
            var cells: [(PressureSite, String)] = []
            for site in Self.mainSites {
                // Mostly one reading; sometimes none or repeated.
                let count = rng.below(16) == 0 ? rng.pick([0, 2]) : 1
                for _ in 0..<count { cells.append((site, Self.randomCell(&rng))) }
            }
            if rng.below(8) == 0 {
                let site = rng.pick(Self.otherSites)
                cells.append((site, Self.randomCell(&rng)))
            }
            for (site, text) in cells { readings.add(text, at: site) }
            let options = Self.randomOptions(&rng)
            if Self.check(readings, options: options, "\(cells) \(options.summary)") { applied += 1 }
        }
        // The shortcut is exercised, and so is declining it.
        #expect(applied > visits / 20 && applied < visits / 2, "\(applied)")
    }

    @Test func sweepsAcrossEveryThresholdMatchTheGeneralRules() {
        // Both ABIs and the ankle pressure across their thresholds (ABI 0.20/0.40/0.60/0.80/
        // 0.90/1.00/1.30/1.40/2.50, ankle 40/50/70/100), inter-arm difference across 10 and 15.
        var applied = 0
        let arms = [65, 69, 70, 100, 117, 120, 130, 135, 150, 200, 250, 251]
        for leftArm in arms {
            for rightArm in [70, 110, 120, 125, 135, 250] {
                for ankle in stride(from: 1, through: 300, by: 1) {
                    var readings = VisitReadings()
                    readings.add(String(leftArm), at: .brachialLeft)
                    readings.add(String(rightArm), at: .brachialRight)
                    readings.add(String(ankle), at: .ankleDPLeft)
                    readings.add(String(Swift.max(ankle - 3, 1)), at: .anklePTLeft)
                    readings.add("118", at: .ankleDPRight)
                    readings.add(String(301 - ankle), at: .anklePTRight)
                    for options in [ScoringOptions(),
                                    ScoringOptions(padCutoff: .below090, noncompressibleThreshold: .above130,
                                                   severityScheme: .split050)] {
                        if Self.check(readings, options: options, "\(leftArm) \(rightArm) \(ankle)") { applied += 1 }
                    }
                }
            }
        }
        #expect(applied > 1_000, "\(applied)")
    }

    @Test func missingArmsAndArteriesMatchTheGeneralRules() {
        // Every subset of the six main sites left blank, at values across the thresholds: the
        // shortcut takes exactly the visits with an arm and an artery per leg (single-arm and
        // single-artery visits), and gives what the general rules give.
        var applied = 0
        let values: [[String]] = [["120", "135", "118", "96", "81", "140"], ["250", "70", "40", "69", "181", "39"],
                                  ["130", "130", "55", "49", "300", "100"], ["99", "110", "20", "250", "140", "140"]]
        for blanks in 0..<64 {
            for row in values {
                var readings = VisitReadings()
                for (index, site) in Self.mainSites.enumerated() where blanks & (1 << index) == 0 {
                    readings.add(row[index], at: site)
                }
                let hasArm = blanks & 0b11 != 0b11
                let hasLeftArtery = blanks & 0b1100 != 0b1100
                let hasRightArtery = blanks & 0b11_0000 != 0b11_0000
                let took = Self.check(readings, options: ScoringOptions(), "blanks \(blanks) \(row)")
                if took {
                    applied += 1
                    #expect(hasArm && hasLeftArtery && hasRightArtery, "blanks \(blanks) \(row)")
                }
                // The first row is plausible throughout: taken whenever an arm and both legs remain.
                if row == values[0] {
                    #expect(took == (hasArm && hasLeftArtery && hasRightArtery), "blanks \(blanks)")
                }
            }
        }
        #expect(applied >= 27, "\(applied)")
    }

    @Test func fractionalAndRepeatedReadingsMatchTheGeneralRules() {
        // Decimal pressures at the thresholds and sites with two readings (never the shortcut).
        for arm in ["69.999999999", "70", "70.5", "249.5", "250", "250.000000001"] {
            for ankle in ["39.999999999", "40", "49.999999999", "50", "69.5", "70", "100", "100.5", "181", "300"] {
                for second in [nil, "120", "0", "NC"] {
                    var readings = VisitReadings()
                    readings.add(arm, at: .brachialLeft)
                    readings.add("120", at: .brachialRight)
                    readings.add(ankle, at: .ankleDPLeft)
                    readings.add(ankle, at: .anklePTLeft)
                    readings.add("120", at: .ankleDPRight)
                    readings.add("110", at: .anklePTRight)
                    if let second { readings.add(second, at: .anklePTLeft) }
                    Self.check(readings, options: ScoringOptions(), "\(arm) \(ankle) \(second ?? "-")")
                }
            }
        }
    }
}

private extension SplitMix64 {
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }
}
