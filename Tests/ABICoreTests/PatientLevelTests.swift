import Testing
@testable import ABICore

/// docs/clinical-rules.md patient level: the worse leg; a leg > 1.40 with the other leg normal is
/// noncompressible; a leg <= 0.90 makes the patient abnormal whatever the other leg.
struct PatientLevelTests {
    static func twoLegs(left: String, right: String, arm: String = "200") -> VisitScore {
        ScoringFixtures.score([.brachialLeft: arm, .brachialRight: arm,
                               .ankleDPLeft: left, .anklePTLeft: left,
                               .ankleDPRight: right, .anklePTRight: right])
    }

    @Test func takesTheWorseLeg() {
        // 190/200 = 0.95, 210/200 = 1.05 -> patient 0.95 borderline.
        let score = Self.twoLegs(left: "190", right: "210")
        #expect(score.abiLeft == 95)
        #expect(score.abiRight == 105)
        #expect(score.abi == 95)
        #expect(score.category == .borderline)
        #expect(score.flags.isEmpty)
        #expect(score.status == .ok)
        #expect(score.issues.isEmpty)
    }

    @Test func makesThePatientAbnormalWhenOneLegIsAbnormalAndTheOtherNoncompressible() {
        // 170/200 = 0.85 abnormal; 300/200 = 1.50 noncompressible.
        let score = Self.twoLegs(left: "170", right: "300")
        #expect(score.abi == 85)
        #expect(score.category == .abnormal)
        #expect(score.severity == .mild)
        #expect(score.right.category == .noncompressible)
        #expect(score.flags.contains([.noncompressible, .tbiRecommended]))
    }

    @Test func reportsNoncompressibleWithoutPatientABIWhenTheOtherLegIsNormal() {
        // 220/200 = 1.10 normal; 300/200 = 1.50 > 1.40.
        let score = Self.twoLegs(left: "220", right: "300")
        #expect(score.abiLeft == 110)
        #expect(score.abiRight == 150)
        #expect(score.abi == nil)
        #expect(score.category == .noncompressible)
        #expect(score.severity == nil)
        #expect(score.flags.contains([.noncompressible, .tbiRecommended]))
    }

    @Test func keepsTheBorderlineLegWhenTheOtherIsNoncompressible() {
        // 190/200 = 0.95 borderline is interpretable; the noncompressible leg is flagged.
        let score = Self.twoLegs(left: "190", right: "300")
        #expect(score.abi == 95)
        #expect(score.category == .borderline)
        #expect(score.flags.contains(.noncompressible))
    }

    @Test func readsANoncompressibleArteryAsANoncompressibleLegWithoutABI() {
        let score = ScoringFixtures.score([.brachialLeft: "200", .brachialRight: "200",
                                           .ankleDPLeft: "220", .anklePTLeft: "220",
                                           .ankleDPRight: "NC", .anklePTRight: "150"])
        #expect(score.abiLeft == 110)
        #expect(score.abiRight == nil)
        #expect(score.right.category == .noncompressible)
        #expect(score.category == .noncompressible)
        #expect(score.abi == nil)
        #expect(score.flags.contains([.noncompressible, .tbiRecommended]))
        #expect(score.status == .ok)
    }

    @Test func reportsANoncompressibleSingleLegAsNoncompressible() {
        let score = ScoringFixtures.score([.brachialLeft: "200", .ankleDPLeft: ">255", .anklePTLeft: ">255"])
        #expect(score.category == .noncompressible)
        #expect(score.abi == nil)
        #expect(score.flags.contains([.singleLeg, .singleArm, .noncompressible]))
    }

    @Test func takesTheLowerOfTwoAbnormalLegs() {
        // 160/200 = 0.80 and 100/200 = 0.50 -> 0.50 moderate.
        let score = Self.twoLegs(left: "160", right: "100")
        #expect(score.abi == 50)
        #expect(score.severity == .moderate)
    }

    @Test func handlesLegsTiedAtTheCutoff() {
        let score = Self.twoLegs(left: "180", right: "180")
        #expect(score.abiLeft == 90)
        #expect(score.abiRight == 90)
        #expect(score.abi == 90)
        #expect(score.category == .abnormal)
    }

    @Test func usesOneLegWhenTheOtherIsNotMeasured() {
        let score = ScoringFixtures.leftLeg(ankle: "220", arm: "200")
        #expect(score.abi == 110)
        #expect(score.abiRight == nil)
        #expect(score.right.category == nil)
        #expect(score.flags == [.singleLeg])
        #expect(score.status == .ok)
    }

    @Test func scoresALegWithEveryArteryAbsentAsZeroSevere() {
        // docs/clinical-rules.md: absent signal at every artery of a leg -> ABI 0.00, abnormal, severe, flagged.
        let score = ScoringFixtures.score([.brachialLeft: "120", .brachialRight: "120",
                                           .ankleDPLeft: "0", .anklePTLeft: "absent",
                                           .ankleDPRight: "120", .anklePTRight: "120"])
        #expect(score.abiLeft == 0)
        #expect(score.left.category == .abnormal)
        #expect(score.abiRight == 100)
        #expect(score.abi == 0)
        #expect(score.category == .abnormal)
        #expect(score.severity == .severe)
        #expect(score.flags.contains([.absentSignal, .allAnkleArteriesAbsent, .ankleBelow50, .ankleBelow70]))
        #expect(!score.flags.contains(.abiImplausible))
        #expect(score.status == .ok)
    }

    @Test func scoresAbsentLegAsZeroEvenWithoutBrachialPressure() {
        // 0 over any pressure is 0; the missing arm is still an error.
        let score = ScoringFixtures.score([.ankleDPLeft: "0", .anklePTLeft: "0"])
        #expect(score.abiLeft == 0)
        #expect(score.severity == .severe)
        #expect(ScoringFixtures.issueCodes(score) == ["no_brachial_pressure"])
        #expect(score.status == .error)
    }

    @Test func usesTheFoundPulseWhenOneArteryIsAbsent() {
        // Standard: higher of DP (absent = 0) and PT 120 -> 120/120 = 1.00.
        let score = ScoringFixtures.score([.brachialLeft: "120", .ankleDPLeft: "absent", .anklePTLeft: "120"])
        #expect(score.abiLeft == 100)
        #expect(score.flags.contains(.absentSignal))
        #expect(!score.flags.contains(.allAnkleArteriesAbsent))
        #expect(!score.flags.contains(.singleAnkleArtery))
    }

    @Test func flagsASingleAbsentArteryAsBothSingleAndAllAbsent() {
        let score = ScoringFixtures.score([.brachialLeft: "120", .ankleDPLeft: "no signal"])
        #expect(score.abiLeft == 0)
        #expect(score.flags.contains([.singleAnkleArtery, .absentSignal, .allAnkleArteriesAbsent]))
    }
}
