import Testing
@testable import ABICore

/// ABI methods (docs/clinical-rules.md): standard (AHA/ACC 2016, 2024), lower-ankle, pt-only, dp-only,
/// mean-arms (getABI), nhanes (LEXABPI).
struct MethodTests {
    /// Left arm 126, right arm 120; left DP 100, PT 110; right DP 130, PT 121.
    static let visit = ScoringFixtures.readings([
        .brachialLeft: "126", .brachialRight: "120",
        .ankleDPLeft: "100", .anklePTLeft: "110",
        .ankleDPRight: "130", .anklePTRight: "121",
    ])

    @Test(arguments: [
        // higher arm 126: 110/126 = 0.8730 -> 0.87; 130/126 = 1.0317 -> 1.03
        (ABIMethod.standard, 87, 103),
        // lower ankle over 126: 100/126 = 0.7937 -> 0.79; 121/126 = 0.9603 -> 0.96
        (.lowerAnkle, 79, 96),
        // PT over 126: 110/126 -> 0.87; 121/126 -> 0.96
        (.posteriorTibialOnly, 87, 96),
        // DP over 126: 100/126 -> 0.79; 130/126 -> 1.03
        (.dorsalisPedisOnly, 79, 103),
        // arms differ by 6 < 10: mean 123; higher ankle: 110/123 = 0.8943 -> 0.89; 130/123 = 1.0569 -> 1.06
        (.meanArms, 89, 106),
        // right arm 120, PT only: 110/120 = 0.9167 -> 0.92; 121/120 = 1.0083 -> 1.01
        (.nhanes, 92, 101),
    ])
    func computesEachMethodFromItsOwnPressures(_ method: ABIMethod, _ left: Int, _ right: Int) {
        let score = ABIScorer.score(Self.visit, options: ScoringOptions(method: method))
        #expect(score.abiLeft == left)
        #expect(score.abiRight == right)
        #expect(score.abi == Swift.min(left, right))
        #expect(score.options.method == method)
    }

    @Test func usesTheHigherArmWhenMeanArmsDifferByTenOrMore() {
        // |130 - 120| = 10 >= 10 -> higher arm 130: 110/130 = 0.8462 -> 0.85.
        let atTen = ScoringFixtures.score([.brachialLeft: "130", .brachialRight: "120", .anklePTLeft: "110",
                                           .ankleDPLeft: "110"], options: ScoringOptions(method: .meanArms))
        #expect(atTen.abiLeft == 85)
        // |129.9 - 120| = 9.9 < 10 -> mean 124.95: 110/124.95 = 0.8804 -> 0.88.
        let belowTen = ScoringFixtures.score([.brachialLeft: "129.9", .brachialRight: "120", .anklePTLeft: "110",
                                              .ankleDPLeft: "110"], options: ScoringOptions(method: .meanArms))
        #expect(belowTen.abiLeft == 88)
    }

    @Test func averagesRepeatedNHANESReadingsBeforeDividing() {
        // PT (110 + 112)/2 = 111 over right arm (120 + 121)/2 = 120.5: 0.92116 -> 0.92.
        let score = ScoringFixtures.score([.anklePTLeft: "110", .anklePTLeft: "112",
                                           .brachialRight: "120", .brachialRight: "121", .brachialLeft: "140"],
                                          options: ScoringOptions(method: .nhanes))
        #expect(score.abiLeft == 92)
        #expect(score.flags.contains(.repeatedReadings))
    }

    @Test func fallsBackToTheLeftArmForNHANESWhenTheRightHasNoPressure() {
        // 110/125 = 0.88.
        let score = ScoringFixtures.score([.anklePTLeft: "110", .brachialLeft: "125"],
                                          options: ScoringOptions(method: .nhanes))
        #expect(score.abiLeft == 88)
        #expect(score.flags.contains(.singleArm))
    }

    @Test func skipsANoncompressibleArteryForLowerAnkle() {
        // Lower ankle: DP NC, PT 100 -> 100/120 = 0.8333 -> 0.83, flagged noncompressible.
        let options = ScoringOptions(method: .lowerAnkle)
        let score = ScoringFixtures.score([.brachialLeft: "120", .ankleDPLeft: "NC", .anklePTLeft: "100"],
                                          options: options)
        #expect(score.abiLeft == 83)
        #expect(score.category == .abnormal)
        #expect(score.flags.contains(.noncompressible))
        #expect(!score.flags.contains(.singleAnkleArtery))
        // Standard on the same readings: the higher pressure is unknown -> noncompressible leg.
        let standard = ScoringFixtures.score([.brachialLeft: "120", .ankleDPLeft: "NC", .anklePTLeft: "100"])
        #expect(standard.abiLeft == nil)
        #expect(standard.category == .noncompressible)
    }

    @Test func takesZeroForLowerAnkleWhenOneArteryIsAbsent() {
        let score = ScoringFixtures.score([.brachialLeft: "120", .ankleDPLeft: "0", .anklePTLeft: "100"],
                                          options: ScoringOptions(method: .lowerAnkle))
        #expect(score.abiLeft == 0)
        #expect(score.severity == .severe)
        #expect(!score.flags.contains(.allAnkleArteriesAbsent))
    }

    @Test func readsASingleArteryMethodFromThatArteryOnly() {
        let ptNoncompressible = ScoringFixtures.score([.brachialLeft: "120", .ankleDPLeft: "100", .anklePTLeft: "NC"],
                                                      options: ScoringOptions(method: .posteriorTibialOnly))
        #expect(ptNoncompressible.left.category == .noncompressible)
        let dpMissing = ScoringFixtures.score([.brachialLeft: "120", .anklePTLeft: "100"],
                                              options: ScoringOptions(method: .dorsalisPedisOnly))
        #expect(dpMissing.abiLeft == nil)
        #expect(ScoringFixtures.issueCodes(dpMissing) == ["no_ankle_pressure"])
        #expect(!dpMissing.flags.contains(.singleAnkleArtery))
    }

    @Test func usesOneArteryAndFlagsIt() {
        // Only DP: 110/100 = 1.10.
        let score = ScoringFixtures.score([.brachialLeft: "100", .brachialRight: "100", .ankleDPLeft: "110"])
        #expect(score.abiLeft == 110)
        #expect(score.flags.contains(.singleAnkleArtery))
    }

    @Test func usesOneArmAndFlagsIt() {
        // Only the right arm: 130/130 = 1.00.
        let score = ScoringFixtures.score([.brachialRight: "130", .ankleDPLeft: "130", .anklePTLeft: "120"])
        #expect(score.abiLeft == 100)
        #expect(score.flags.contains(.singleArm))
        #expect(score.interArmDifference == nil)
    }

    @Test func dividesByTheHigherArm() {
        // 130/max(120, 130) = 1.00, not 130/120.
        let score = ScoringFixtures.score([.brachialLeft: "120", .brachialRight: "130",
                                           .ankleDPLeft: "130", .anklePTLeft: "130"])
        #expect(score.abiLeft == 100)
        #expect(!score.flags.contains(.singleArm))
    }

    @Test func averagesRepeatedReadingsExactlyAsInClinicalExample() {
        // (131 + 134)/2 = 132.5 over (140 + 143)/2 = 141.5 = 0.93640 -> 0.94.
        let score = ScoringFixtures.score([.ankleDPLeft: "131", .ankleDPLeft: "134",
                                           .brachialLeft: "140", .brachialLeft: "143"])
        #expect(score.abiLeft == 94)
        #expect(score.flags.contains([.repeatedReadings, .singleAnkleArtery, .singleArm]))
    }

    @Test func averagesRepeatsIntoAHalfwayQuotientAndRoundsUp() {
        // (180 + 182)/2 = 181 over (199 + 201)/2 = 200 -> 0.905 -> 0.91 borderline.
        let score = ScoringFixtures.score([.ankleDPLeft: "180", .ankleDPLeft: "182", .anklePTLeft: "170",
                                           .brachialLeft: "199", .brachialLeft: "201", .brachialRight: "150"])
        #expect(score.abiLeft == 91)
        #expect(score.category == .borderline)
    }

    @Test(arguments: ABIMethod.allCases)
    func roundTripsMethodCodes(_ method: ABIMethod) {
        #expect(ABIMethod(code: method.code) == method)
    }

    @Test func listsMethodCodes() {
        #expect(ABIMethod.allCases.map(\.code) == ["standard", "lower-ankle", "pt-only", "dp-only", "mean-arms", "nhanes"])
        #expect(ABIMethod(code: "Standard") == nil)
    }
}
