import Testing
@testable import ABICore

/// Severity within abnormal: a convention, no guideline defines it (docs/clinical-rules.md).
struct SeverityTests {
    @Test(arguments: [
        ("180", 90, PADSeverity.mild),       // 0.90
        ("140", 70, .mild),                  // 0.70
        ("139", 70, .mild),                  // 0.695 -> 0.70
        ("138.98", 69, .moderate),           // 0.6949 -> 0.69
        ("80", 40, .moderate),               // 0.40
        ("79", 40, .moderate),               // 0.395 -> 0.40
        ("78.98", 39, .severe),              // 0.3949 -> 0.39
    ])
    func gradesConventionalSeverityOnTheRoundedValue(_ ankle: String, _ abi: Int, _ expected: PADSeverity) {
        let score = ScoringFixtures.leftLeg(ankle: ankle, arm: "200")
        #expect(score.abi == abi)
        #expect(score.category == .abnormal)
        #expect(score.severity == expected)
    }

    @Test(arguments: [
        ("180", 90, PADSeverity.mildToModerate), // 0.90
        ("100", 50, .mildToModerate),            // 0.50
        ("99", 50, .mildToModerate),             // 0.495 -> 0.50
        ("98.98", 49, .severe),                  // 0.4949 -> 0.49
    ])
    func gradesTheSplitAt050Scheme(_ ankle: String, _ abi: Int, _ expected: PADSeverity) {
        let score = ScoringFixtures.leftLeg(ankle: ankle, arm: "200", options: ScoringOptions(severityScheme: .split050))
        #expect(score.abi == abi)
        #expect(score.severity == expected)
    }

    @Test func leavesSeverityEmptyOutsideAbnormal() {
        #expect(ScoringFixtures.leftLeg(ankle: "182", arm: "200").severity == nil)   // 0.91 borderline
        #expect(ScoringFixtures.leftLeg(ankle: "220", arm: "200").severity == nil)   // 1.10 normal
        #expect(ScoringFixtures.leftLeg(ankle: "290", arm: "200").severity == nil)   // 1.45 noncompressible
    }

    @Test func gradesTheEpidemiologyAbnormalRangeFrom089() {
        // < 0.90 cut-off: 0.89 is abnormal and mild (0.70-0.89).
        let score = ScoringFixtures.leftLeg(ankle: "178", arm: "200", options: ScoringOptions(padCutoff: .below090))
        #expect(score.abi == 89)
        #expect(score.severity == .mild)
    }
}
