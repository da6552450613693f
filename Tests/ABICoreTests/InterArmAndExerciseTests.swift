import Testing
@testable import ABICore

/// Inter-arm difference >= 10 and >= 15 mmHg (Clark 2012); exercise ABI positive when the
/// ankle pressure falls > 30 mmHg or the ABI > 20% from rest (AHA/ACC 2016; docs/clinical-rules.md).
struct InterArmAndExerciseTests {
    @Test(arguments: [
        ("130", "10", true, false),
        ("129.99", "9.99", false, false),
        ("134.99", "14.99", true, false),
        ("135", "15", true, true),
        ("120", "0", false, false),
    ])
    func flagsInterArmDifferencesAtTheirThresholds(_ right: String, _ difference: String, _ ten: Bool, _ fifteen: Bool) {
        let score = ScoringFixtures.score([.brachialLeft: "120", .brachialRight: right, .ankleDPLeft: "120"])
        #expect(score.interArmDifference?.description == difference)
        #expect(score.flags.contains(.interArm10) == ten)
        #expect(score.flags.contains(.interArm15) == fifteen)
    }

    @Test func comparesTheExactDifferenceOfMeans() {
        // Left (120 + 121)/2 = 120.5; right 130: difference 9.5 -> no flag.
        let score = ScoringFixtures.score([.brachialLeft: "120", .brachialLeft: "121", .brachialRight: "130",
                                           .ankleDPLeft: "120"])
        #expect(score.interArmDifference?.description == "9.5")
        #expect(!score.flags.contains(.interArm10))
        // Left (120 + 120 + 121)/3 = 120.333...; right 130.33: difference 9.99666... < 10, shown rounded as 10.
        let thirds = ScoringFixtures.score([.brachialLeft: "120", .brachialLeft: "120", .brachialLeft: "121",
                                            .brachialRight: "130.33", .ankleDPLeft: "120"])
        #expect(thirds.interArmDifference?.description == "10")
        #expect(!thirds.flags.contains(.interArm10))
    }

    @Test func honoursConfiguredInterArmThresholds() {
        let options = ScoringOptions(interArmSubclavianThreshold: 12, interArmRiskThreshold: 20)
        let score = ScoringFixtures.score([.brachialLeft: "120", .brachialRight: "132", .ankleDPLeft: "120"],
                                          options: options)
        #expect(score.flags.contains(.interArm10))
        #expect(!score.flags.contains(.interArm15))
    }

    static func exercise(post: String, postBrachial: String? = nil) -> VisitScore {
        // Rest: DP 120, PT 110 -> ankle 120; arm 120 -> ABI 1.00.
        var readings = ScoringFixtures.readings([.brachialLeft: "120", .ankleDPLeft: "120", .anklePTLeft: "110",
                                                 .postExerciseAnkleLeft: post])
        if let postBrachial { readings.add(postBrachial, at: .postExerciseBrachial) }
        return ABIScorer.score(readings)
    }

    @Test func callsAnAnkleFallOfMoreThan30Positive() {
        // 120 - 89 = 31 > 30. Post ABI 89/150 = 0.5933 -> 0.59; 5 * 59 = 295 < 4 * 100 = 400: also > 20%.
        let score = Self.exercise(post: "89", postBrachial: "150")
        let result = score.left.exercise
        #expect(result?.ankleFall?.description == "31")
        #expect(result?.ankleFallExceeds30 == true)
        #expect(result?.postExerciseABI == 59)
        #expect(result?.abiFallExceeds20Percent == true)
        #expect(result?.isPositive == true)
        #expect(score.flags.contains(.exercisePositive))
    }

    @Test func doesNotCallAFallOfExactly30Positive() {
        // 120 - 90 = 30, not > 30; no post-exercise brachial, so no ABI criterion.
        let score = Self.exercise(post: "90")
        #expect(score.left.exercise?.ankleFallExceeds30 == false)
        #expect(score.left.exercise?.postExerciseABI == nil)
        #expect(score.left.exercise?.abiFallExceeds20Percent == nil)
        #expect(!score.flags.contains(.exercisePositive))
        // 120 - 89.99 = 30.01 > 30.
        #expect(Self.exercise(post: "89.99").flags.contains(.exercisePositive))
    }

    @Test func needsAnABIFallOfMoreThan20Percent() {
        // 100/125 = 0.80: 5 * 80 = 400, not < 400 -> exactly 20% is negative (ankle fell only 20).
        let exactly = Self.exercise(post: "100", postBrachial: "125")
        #expect(exactly.left.exercise?.postExerciseABI == 80)
        #expect(exactly.left.exercise?.abiFallExceeds20Percent == false)
        #expect(!exactly.flags.contains(.exercisePositive))
        // 100/126 = 0.7937 -> 0.79: 395 < 400 -> positive.
        let beyond = Self.exercise(post: "100", postBrachial: "126")
        #expect(beyond.left.exercise?.postExerciseABI == 79)
        #expect(beyond.flags.contains(.exercisePositive))
    }

    @Test func reportsARiseAsANegativeFall() {
        let score = Self.exercise(post: "130")
        #expect(score.left.exercise?.ankleFall?.description == "-10")
        #expect(score.left.exercise?.isPositive == false)
    }

    @Test func treatsAnAbsentPostExerciseSignalAsAFallToZero() {
        let score = Self.exercise(post: "absent")
        #expect(score.left.exercise?.ankleFall?.description == "120")
        #expect(score.flags.contains(.exercisePositive))
    }

    @Test func warnsAboutANoncompressiblePostExerciseReading() {
        let score = Self.exercise(post: "NC")
        #expect(score.left.exercise == nil)
        #expect(ScoringFixtures.issueCodes(score).contains("post_exercise_noncompressible@post_exercise_ankle_left"))
    }

    @Test func leavesExerciseEmptyWithoutPostExerciseReadings() {
        #expect(ScoringFixtures.leftLeg(ankle: "120", arm: "120").left.exercise == nil)
    }
}
