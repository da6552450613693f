import ABICore
import Testing

/// The code of Sources/ABICore/ABICore.docc/ScoringOneVisit.md, kept here so it cannot rot: if
/// this file changes, change the article with it.
struct DocumentationExampleTests {
    @Test func scoringOneVisit() {
        var visit = VisitReadings()
        visit.add("132", at: .brachialLeft)
        visit.add("128", at: .brachialRight)
        visit.add("118", at: .ankleDPLeft)
        visit.add("121", at: .anklePTLeft)
        visit.add("140", at: .ankleDPRight)
        visit.add("136", at: .anklePTRight)

        let score = ABIScorer.score(visit)
        // Each leg: the higher ankle pressure over the higher arm pressure, in hundredths.
        #expect(score.abiLeft == 92)    // 121 / 132 = 0.9167
        #expect(score.abiRight == 106)  // 140 / 132 = 1.0606
        #expect(score.abi == 92)        // the patient: the worse leg
        #expect(score.category == .borderline)
        #expect(score.status == .ok)
        #expect(score.issues.isEmpty)
    }

    @Test func scoringWithAnotherMethodAndAMessyCell() {
        var visit = VisitReadings()
        visit.add("132", at: .brachialLeft)
        visit.add("128", at: .brachialRight)
        visit.add("118", at: .ankleDPLeft)
        visit.add("121", at: .anklePTLeft)
        visit.add("n/a", at: .ankleDPRight)   // a missing-value marker: not measured
        visit.add("136", at: .anklePTRight)

        // The lower of DP and PT instead of the higher (more sensitive; getABI, Diehm).
        let options = ScoringOptions(method: .lowerAnkle)
        let score = ABIScorer.score(visit, options: options)
        #expect(score.abiLeft == 89)    // 118 / 132 = 0.8939
        #expect(score.abiRight == 103)  // 136 / 132 = 1.0303
        #expect(score.category == .abnormal)
        #expect(score.severity == .mild)
        #expect(score.issues.isEmpty)      // n/a is a missing value, not an error
    }
}
