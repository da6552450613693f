import Testing
@testable import ABICore

/// TBI (AHA/ACC 2016 <= 0.70; ESC 2024 < 0.70), CLTI pressure markers (PARC; TASC II) and the
/// WIfI ischemia grade (Mills 2014).
struct ToeAndIschemiaTests {
    static func toe(_ toe: String, arm: String = "100", options: ScoringOptions = ScoringOptions()) -> VisitScore {
        ScoringFixtures.score([.brachialLeft: arm, .brachialRight: arm, .ankleDPLeft: "110", .anklePTLeft: "110",
                               .toeLeft: toe], options: options)
    }

    @Test(arguments: [
        ("70", 70, true, false),     // 70/100 = 0.70: abnormal at <= 0.70, not at < 0.70
        ("69.5", 70, true, false),   // 0.695 -> 0.70
        ("69.49", 69, true, true),   // 0.6949 -> 0.69
        ("70.5", 71, false, false),  // 0.705 -> 0.71
        ("71", 71, false, false),    // 0.71
    ])
    func appliesTheTBICutoffOnTheRoundedValue(_ toe: String, _ tbi: Int, _ abnormalInclusive: Bool,
                                              _ abnormalExclusive: Bool) {
        let inclusive = Self.toe(toe)
        #expect(inclusive.tbiLeft == tbi)
        #expect(inclusive.flags.contains(.tbiAbnormal) == abnormalInclusive)
        let exclusive = Self.toe(toe, options: ScoringOptions(tbiCutoff: .below070))
        #expect(exclusive.flags.contains(.tbiAbnormal) == abnormalExclusive)
    }

    @Test func dividesTheToeByTheHigherArmWhateverTheABIMethod() {
        // Toe 60 over max(100, 120) = 0.50, also under NHANES (which uses the right arm for the ABI).
        let score = ScoringFixtures.score([.brachialLeft: "120", .brachialRight: "100", .anklePTLeft: "110",
                                           .toeLeft: "60"], options: ScoringOptions(method: .nhanes))
        #expect(score.tbiLeft == 50)
        #expect(score.abiLeft == 110) // 110/100 (right arm)
    }

    @Test(arguments: [("29.99", true), ("30", false), ("0", true), ("absent", true)])
    func flagsToePressureBelow30(_ toe: String, _ flagged: Bool) {
        #expect(Self.toe(toe).flags.contains(.toeBelow30) == flagged)
    }

    @Test func scoresAnAbsentToeAsZeroTBI() {
        let score = Self.toe("absent")
        #expect(score.tbiLeft == 0)
        #expect(score.left.wifiIschemiaGrade == .grade3)
    }

    @Test func warnsAboutANoncompressibleToeAndLeavesTBIEmpty() {
        let score = Self.toe("NC")
        #expect(score.tbiLeft == nil)
        #expect(ScoringFixtures.issueCodes(score) == ["toe_noncompressible@toe_left"])
    }

    @Test func recommendsTBIOnlyForANoncompressibleLeg() {
        #expect(ScoringFixtures.leftLeg(ankle: "281", arm: "200").flags.contains(.tbiRecommended))   // 1.41
        #expect(!ScoringFixtures.leftLeg(ankle: "280", arm: "200").flags.contains(.tbiRecommended))  // 1.40
    }

    @Test(arguments: [("49.99", true, true), ("50", false, true), ("69.99", false, true), ("70", false, false)])
    func flagsAnklePressureBelow50And70(_ ankle: String, _ below50: Bool, _ below70: Bool) {
        let score = ScoringFixtures.score([.brachialLeft: "100", .ankleDPLeft: ankle, .anklePTLeft: "40"])
        #expect(score.flags.contains(.ankleBelow50) == below50)
        #expect(score.flags.contains(.ankleBelow70) == below70)
    }

    @Test func takesTheHigherAnkleArteryForCLTIMarkersWhateverTheMethod() {
        // Lower-ankle ABI uses DP 45, but the leg's ankle pressure is max(45, 80) = 80.
        let score = ScoringFixtures.score([.brachialLeft: "100", .ankleDPLeft: "45", .anklePTLeft: "80"],
                                          options: ScoringOptions(method: .lowerAnkle))
        #expect(score.abiLeft == 45)
        #expect(score.left.anklePressure == ExactPressure(millimetres: 80))
        #expect(!score.flags.contains(.ankleBelow70))
    }

    // WIfI with arm 100 so the ABI grade never exceeds the ankle grade being tested.
    @Test(arguments: [
        ("100.01", WIfIIschemiaGrade.grade0), // ABI 1.00 -> 0; ankle > 100 -> 0
        ("100", .grade1),                     // ankle 100 -> 1 (ABI 1.00 -> 0)
        ("70", .grade1),                      // 70 in grade 1 (docs/clinical-rules.md tie rule); ABI 0.70 -> 1
        ("69.99", .grade2),                   // ankle 50-69 -> 2; ABI 0.70 -> 1; worst 2
        ("50", .grade2),                      // ABI 0.50 -> 2; ankle 50 -> 2
        ("49.99", .grade3),                   // ankle < 50 -> 3
    ])
    func gradesWIfIByAnklePressure(_ ankle: String, _ grade: WIfIIschemiaGrade) {
        let score = ScoringFixtures.score([.brachialLeft: "100", .ankleDPLeft: ankle, .anklePTLeft: ankle])
        #expect(score.left.wifiIschemiaGrade == grade)
        #expect(score.wifiIschemiaGrade == grade)
    }

    // Arm 200 so that ankle pressures stay > 100 (grade 0) or grade the same as the ABI.
    @Test(arguments: [
        ("160", WIfIIschemiaGrade.grade0),    // 0.80
        ("159", .grade0),                     // 0.795 -> 0.80
        ("158.98", .grade1),                  // 0.7949 -> 0.79
        ("120", .grade1),                     // 0.60
        ("119", .grade1),                     // 0.595 -> 0.60
        ("118.98", .grade2),                  // 0.5949 -> 0.59
        ("80", .grade2),                      // 0.40; ankle 80 -> 1
        ("79", .grade2),                      // 0.395 -> 0.40; ankle 79 -> 1
        ("78.98", .grade3),                   // 0.3949 -> 0.39
    ])
    func gradesWIfIByABI(_ ankle: String, _ grade: WIfIIschemiaGrade) {
        let score = ScoringFixtures.score([.brachialLeft: "200", .ankleDPLeft: ankle, .anklePTLeft: ankle])
        #expect(score.left.wifiIschemiaGrade == grade)
    }

    @Test(arguments: [
        ("60", WIfIIschemiaGrade.grade0), ("59.99", .grade1), ("40", .grade1), ("39.99", .grade2),
        ("30", .grade2), ("29.99", .grade3), ("0", .grade3),
    ])
    func letsTheToePressureDecideWhereItIsPresent(_ toe: String, _ grade: WIfIIschemiaGrade) {
        // ABI 60/200 = 0.30 and ankle 60 would both be grade 3 or 2; the toe decides.
        let score = ScoringFixtures.score([.brachialLeft: "200", .ankleDPLeft: "60", .anklePTLeft: "60", .toeLeft: toe])
        #expect(score.left.wifiIschemiaGrade == grade)
    }

    @Test func takesTheWorstOfABIAnkleAndTcPO2WithoutAToe() {
        // ABI 120/120 = 1.00 -> 0; ankle 120 -> 0; TcPO2 35 -> 2.
        let score = ScoringFixtures.score([.brachialLeft: "120", .ankleDPLeft: "120", .tcpo2Left: "35"])
        #expect(score.left.wifiIschemiaGrade == .grade2)
    }

    @Test func ignoresFalselyHighPressuresOfANoncompressibleLegForWIfI() {
        let withTcPO2 = ScoringFixtures.score([.brachialLeft: "120", .ankleDPLeft: "NC", .tcpo2Left: "45"])
        #expect(withTcPO2.left.wifiIschemiaGrade == .grade1)
        let withoutOxygen = ScoringFixtures.score([.brachialLeft: "100", .ankleDPLeft: "150", .anklePTLeft: "150"])
        #expect(withoutOxygen.left.category == .noncompressible) // 1.50
        #expect(withoutOxygen.left.wifiIschemiaGrade == nil)
    }

    @Test func reportsTheWorseLimbGrade() {
        // Left ABI 1.00 -> 0 (ankle 120 -> 0); right toe 35 -> 2.
        let score = ScoringFixtures.score([.brachialLeft: "120", .ankleDPLeft: "120", .ankleDPRight: "120",
                                           .toeRight: "35"])
        #expect(score.left.wifiIschemiaGrade == .grade0)
        #expect(score.right.wifiIschemiaGrade == .grade2)
        #expect(score.wifiIschemiaGrade == .grade2)
    }

    @Test func leavesWIfIEmptyWithoutAnyMeasure() {
        #expect(ABIScorer.score(VisitReadings()).wifiIschemiaGrade == nil)
    }
}
