import Testing
@testable import ABICore

/// ABI categories on the 2-decimal value (AHA/ACC 2016 Gerhard-Herman; ACC/AHA 2024 Gornik):
/// noncompressible > 1.40, normal 1.00-1.40, borderline 0.91-0.99, abnormal <= 0.90.
struct CategoryTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let ankle: String
        let arm: String
        let abi: Int
        let category: ABICategory
        var testDescription: String { "\(ankle)/\(arm)" }
    }

    @Test(arguments: [
        Case(ankle: "179.98", arm: "200", abi: 90, category: .abnormal),        // 0.8999 -> 0.90
        Case(ankle: "180", arm: "200", abi: 90, category: .abnormal),           // 0.90 exactly: inclusive cut-off
        Case(ankle: "180.02", arm: "200", abi: 90, category: .abnormal),        // 0.9001 -> 0.90
        Case(ankle: "180.98", arm: "200", abi: 90, category: .abnormal),        // 0.9049 -> 0.90
        Case(ankle: "181", arm: "200", abi: 91, category: .borderline),         // 0.905 -> 0.91 (docs/clinical-rules.md example)
        Case(ankle: "181.02", arm: "200", abi: 91, category: .borderline),      // 0.9051 -> 0.91
        Case(ankle: "181.98", arm: "200", abi: 91, category: .borderline),      // 0.9099 -> 0.91
        Case(ankle: "182", arm: "200", abi: 91, category: .borderline),         // 0.91
        Case(ankle: "182.02", arm: "200", abi: 91, category: .borderline),      // 0.9101 -> 0.91
        Case(ankle: "198.98", arm: "200", abi: 99, category: .borderline),      // 0.9949 -> 0.99
        Case(ankle: "199", arm: "200", abi: 100, category: .normal),            // 0.995 -> 1.00: halfway rounds up to normal
        Case(ankle: "199.02", arm: "200", abi: 100, category: .normal),         // 0.9951 -> 1.00
        Case(ankle: "199.98", arm: "200", abi: 100, category: .normal),         // 0.9999 -> 1.00
        Case(ankle: "200", arm: "200", abi: 100, category: .normal),            // 1.00
        Case(ankle: "200.02", arm: "200", abi: 100, category: .normal),         // 1.0001 -> 1.00
        Case(ankle: "135", arm: "120", abi: 113, category: .normal),            // 1.125 -> 1.13 (docs/clinical-rules.md example)
        Case(ankle: "279.98", arm: "200", abi: 140, category: .normal),         // 1.3999 -> 1.40
        Case(ankle: "280", arm: "200", abi: 140, category: .normal),            // 1.40: still normal
        Case(ankle: "280.02", arm: "200", abi: 140, category: .normal),         // 1.4001 -> 1.40
        Case(ankle: "280.98", arm: "200", abi: 140, category: .normal),         // 1.4049 -> 1.40
        Case(ankle: "281", arm: "200", abi: 141, category: .noncompressible),   // 1.405 -> 1.41
        Case(ankle: "281.02", arm: "200", abi: 141, category: .noncompressible),// 1.4051 -> 1.41
    ])
    func classifiesTheRoundedValue(_ testCase: Case) {
        let score = ScoringFixtures.leftLeg(ankle: testCase.ankle, arm: testCase.arm)
        #expect(score.left.abi == testCase.abi)
        #expect(score.left.category == testCase.category)
        #expect(score.abi == (testCase.category == .noncompressible ? nil : testCase.abi))
        #expect(score.category == testCase.category)
    }

    @Test func classifiesHalfwayRoundedValueAsBorderline() {
        // 181/200 = 0.905 exactly; round half up -> 0.91 -> borderline, not abnormal.
        let score = ScoringFixtures.leftLeg(ankle: "181", arm: "200")
        #expect(score.abi == 91)
        #expect(score.category == .borderline)
        #expect(score.severity == nil)
    }

    @Test(arguments: [
        Case(ankle: "178.98", arm: "200", abi: 89, category: .abnormal),        // 0.8949 -> 0.89 < 0.90
        Case(ankle: "179", arm: "200", abi: 90, category: .borderline),         // 0.895 -> 0.90, not < 0.90
        Case(ankle: "179.98", arm: "200", abi: 90, category: .borderline),      // 0.8999 -> 0.90
        Case(ankle: "180", arm: "200", abi: 90, category: .borderline),         // 0.90
    ])
    func appliesTheExclusiveEpidemiologyCutoff(_ testCase: Case) {
        let options = ScoringOptions(padCutoff: .below090)
        let score = ScoringFixtures.leftLeg(ankle: testCase.ankle, arm: testCase.arm, options: options)
        #expect(score.abi == testCase.abi)
        #expect(score.category == testCase.category)
    }

    @Test(arguments: [
        Case(ankle: "260", arm: "200", abi: 130, category: .normal),            // 1.30
        Case(ankle: "260.98", arm: "200", abi: 130, category: .normal),         // 1.3049 -> 1.30
        Case(ankle: "261", arm: "200", abi: 131, category: .noncompressible),   // 1.305 -> 1.31 > 1.30
    ])
    func appliesTheLegacyNoncompressibleThreshold(_ testCase: Case) {
        let options = ScoringOptions(noncompressibleThreshold: .above130)
        let score = ScoringFixtures.leftLeg(ankle: testCase.ankle, arm: testCase.arm, options: options)
        #expect(score.left.abi == testCase.abi)
        #expect(score.category == testCase.category)
    }

    @Test(arguments: [
        (90, PADCutoff.atOrBelow090, NoncompressibleThreshold.above140, ABICategory.abnormal),
        (91, .atOrBelow090, .above140, .borderline),
        (89, .below090, .above140, .abnormal),
        (90, .below090, .above140, .borderline),
        (99, .atOrBelow090, .above140, .borderline),
        (100, .atOrBelow090, .above140, .normal),
        (140, .atOrBelow090, .above140, .normal),
        (141, .atOrBelow090, .above140, .noncompressible),
        (130, .atOrBelow090, .above130, .normal),
        (131, .atOrBelow090, .above130, .noncompressible),
        (0, .atOrBelow090, .above140, .abnormal),
    ])
    func categorisesHundredthsAtEveryBoundary(_ hundredths: Int, _ cutoff: PADCutoff,
                                              _ threshold: NoncompressibleThreshold, _ expected: ABICategory) {
        #expect(ABICategory(hundredths: hundredths, cutoff: cutoff, noncompressibleAbove: threshold) == expected)
    }
}
