import Testing
@testable import ABICore

/// docs/clinical-rules.md validation: < 0 or > 300 mmHg invalid (row kept, error status); warnings for
/// brachial < 70 or > 250, ankle 1-39, ABI < 0.20 or > 2.50.
struct ValidationTests {
    @Test func keepsARowWithAnInvalidPressureAndEmptiesWhatDependsOnIt() {
        let score = ScoringFixtures.score([.brachialLeft: "120", .brachialRight: "120",
                                           .ankleDPLeft: "301", .anklePTLeft: "100",
                                           .ankleDPRight: "120", .anklePTRight: "120"])
        #expect(score.abiLeft == nil)
        #expect(score.left.category == nil)
        #expect(score.abiRight == 100)
        #expect(score.left.isUndetermined)
        // The invalid leg could be the worse one: no patient result from the normal leg alone.
        #expect(score.abi == nil)
        #expect(score.category == nil)
        #expect(score.status == .error)
        #expect(score.issues == [ScoringIssue(.invalidPressure(.aboveMaximum), site: .ankleDPLeft)])
        #expect(score.issues.first?.message == "ankle_dp_left: invalid pressure: above 300 mmHg (valid range 0-300 mmHg)")
    }

    @Test func stillCallsThePatientAbnormalWhenTheOtherLegIsInvalid() {
        // docs/clinical-rules.md: a leg <= 0.90 makes the patient abnormal whatever the other leg is. 100/120 = 0.8333 -> 0.83.
        let score = ScoringFixtures.score([.brachialLeft: "120", .ankleDPLeft: "abc",
                                           .ankleDPRight: "100", .anklePTRight: "100"])
        #expect(score.abi == 83)
        #expect(score.category == .abnormal)
        #expect(score.status == .error)
    }

    @Test func givesNoPatientResultWhenANoncompressibleLegMeetsALegWithoutBrachialPressure() {
        // Right DP noncompressible; left ankle 100 but no arm: the left ABI is unknown, not normal.
        let score = ScoringFixtures.score([.ankleDPLeft: "100", .ankleDPRight: "NC"])
        #expect(score.left.isUndetermined)
        #expect(score.right.category == .noncompressible)
        #expect(score.category == nil)
        #expect(score.abi == nil)
        #expect(ScoringFixtures.issueCodes(score) == ["no_brachial_pressure"])
    }

    @Test func emptiesEveryABIWhenAnArmIsInvalid() {
        // The invalid arm may have been the higher one; no ABI or TBI is computed from the other.
        let score = ScoringFixtures.score([.brachialLeft: "-120", .brachialRight: "120",
                                           .ankleDPLeft: "100", .toeLeft: "80"])
        #expect(score.abiLeft == nil)
        #expect(score.tbiLeft == nil)
        #expect(score.interArmDifference == nil)
        #expect(ScoringFixtures.issueCodes(score) == ["invalid_pressure@brachial_left"])
        #expect(!score.flags.contains(.singleArm))
    }

    @Test(arguments: [("69.99", true), ("70", false), ("250", false), ("250.01", true), ("65", true)])
    func warnsAboutBrachialPressureOutside70To250(_ arm: String, _ warns: Bool) {
        let score = ScoringFixtures.score([.brachialLeft: arm, .ankleDPLeft: "100", .anklePTLeft: "100"])
        #expect(ScoringFixtures.issueCodes(score) == (warns ? ["brachial_out_of_range@brachial_left"] : []))
        #expect(score.status == (warns ? .warning : .ok))
    }

    @Test(arguments: [("1", true), ("0.5", true), ("39", true), ("39.99", true), ("40", false), ("0", false)])
    func warnsAboutAnklePressureFrom1To39(_ ankle: String, _ warns: Bool) {
        // 40 mmHg over 40 arm would be odd; use arm 100 so ABIs are >= 0.00 and warnings come from the ankle rule.
        let score = ScoringFixtures.score([.brachialLeft: "100", .ankleDPLeft: ankle, .anklePTLeft: "NA"])
        #expect(score.issues.contains(ScoringIssue(.anklePressureVeryLow, site: .ankleDPLeft)) == warns)
    }

    @Test(arguments: [
        ("39.9", "200", 20, false),  // 0.1995 -> 0.20: not below 0.20
        ("40", "200", 20, false),    // 0.20
        ("39.8", "200", 20, false),  // 0.199 -> 0.20
        ("39.6", "200", 20, false),  // 0.198 -> 0.20
        ("38.98", "200", 19, true),  // 0.1949 -> 0.19 < 0.20
        ("300", "120", 250, false),  // 2.50
        ("300", "119.9", 250, false),// 2.5021 -> 2.50
        ("300", "119.7", 251, true), // 2.5063 -> 2.51 > 2.50
    ])
    func warnsAboutImplausibleABI(_ ankle: String, _ arm: String, _ abi: Int, _ implausible: Bool) {
        let score = ScoringFixtures.score([.brachialLeft: arm, .ankleDPLeft: ankle, .anklePTLeft: ankle])
        #expect(score.abiLeft == abi)
        #expect(score.flags.contains(.abiImplausible) == implausible)
        #expect(score.issues.contains(ScoringIssue(.abiImplausible, limb: .left)) == implausible)
    }

    @Test func reportsAnEmptyVisitAsMissingArmAndAnkle() {
        let score = ABIScorer.score(VisitReadings())
        #expect(score.abi == nil)
        #expect(score.category == nil)
        #expect(score.flags.isEmpty)
        #expect(ScoringFixtures.issueCodes(score) == ["no_brachial_pressure", "no_ankle_pressure"])
        #expect(score.status == .error)
    }

    @Test func treatsNaNAndBlankAsNotMeasuredNotZero() {
        let score = ScoringFixtures.score([.brachialLeft: "120", .ankleDPLeft: "NaN", .anklePTLeft: "",
                                           .ankleDPRight: "120", .anklePTRight: "NA"])
        #expect(score.abiLeft == nil)
        #expect(!score.flags.contains(.absentSignal))
        #expect(score.abiRight == 100)
        #expect(score.flags.contains([.singleLeg, .singleAnkleArtery]))
    }

    @Test func rejectsInfinityText() {
        let score = ScoringFixtures.score([.brachialLeft: "120", .ankleDPLeft: "inf"])
        #expect(score.issues.first == ScoringIssue(.invalidPressure(.notFinite), site: .ankleDPLeft))
        #expect(score.abiLeft == nil)
        #expect(score.status == .error)
    }

    @Test func warnsAndSkipsAbsentOrNoncompressibleArms() {
        let score = ScoringFixtures.score([.brachialLeft: "absent", .brachialRight: "NC", .ankleDPLeft: "100"])
        #expect(ScoringFixtures.issueCodes(score)
            == ["brachial_absent_signal@brachial_left", "brachial_noncompressible@brachial_right", "no_brachial_pressure"])
        #expect(score.abiLeft == nil)
    }

    @Test func combinesMeasuredAndNoncompressibleReadingsAsNoncompressibleWithAWarning() {
        let score = ScoringFixtures.score([.brachialLeft: "120", .ankleDPLeft: "120", .ankleDPLeft: "NC",
                                           .anklePTLeft: "110"])
        #expect(score.left.category == .noncompressible)
        #expect(ScoringFixtures.issueCodes(score) == ["mixed_readings@ankle_dp_left"])
        #expect(score.status == .warning)
    }

    @Test func averagesOnlyMeasuredReadingsWhenAnAbsentReadingIsMixedIn() {
        // DP readings 120 and 0: mean of the measured one = 120, not 60. 120/120 = 1.00.
        let score = ScoringFixtures.score([.brachialLeft: "120", .ankleDPLeft: "120", .ankleDPLeft: "0"])
        #expect(score.abiLeft == 100)
        #expect(ScoringFixtures.issueCodes(score) == ["mixed_readings@ankle_dp_left"])
        #expect(!score.flags.contains(.repeatedReadings))
    }

    @Test func makesASiteInvalidWhenAnyRepeatIsInvalid() {
        let score = ScoringFixtures.score([.brachialLeft: "120", .ankleDPLeft: "120", .ankleDPLeft: "12O"])
        #expect(score.abiLeft == nil)
        #expect(ScoringFixtures.issueCodes(score) == ["invalid_pressure@ankle_dp_left"])
    }

    @Test func keepsTheFirstInvalidReasonOfASite() {
        var readings = SiteReadings()
        readings.add(PressureCell.parse("400"))
        readings.add(PressureCell.parse("-1"))
        #expect(readings.invalidCount == 2)
        #expect(readings.status == .invalid(.aboveMaximum))
    }

    @Test func checksMeasuredValuesAddedWithoutTheCellParser() {
        var readings = SiteReadings()
        readings.add(.measured(ExactDecimal(301)))
        readings.add(.measured(ExactDecimal(-1)))
        readings.add(.measured(ExactDecimal(significand: 0, scale: 1)))
        #expect(readings.status == .invalid(.aboveMaximum))
        #expect(readings.invalidCount == 2)
        #expect(readings.measuredCount == 0)
        #expect(readings.absentSignalCount == 1)
    }

    @Test func countsEveryStatusAtASite() {
        var readings = SiteReadings()
        for text in ["120", "121", "0", "NC", "NA", ""] { readings.add(PressureCell.parse(text)) }
        #expect(readings.measuredCount == 2)
        #expect(readings.measuredNanounits == 241_000_000_000)
        #expect(readings.absentSignalCount == 1)
        #expect(readings.noncompressibleCount == 1)
        #expect(readings.readingCount == 4)
        #expect(readings.hasMixedStatuses)
        #expect(readings.status == .noncompressible)
    }

    @Test func readsEachSiteBackFromTheVisit() {
        var visit = VisitReadings()
        for site in PressureSite.allCases { visit.add(.measured(ExactDecimal(Int64(site.rawValue) + 100)), at: site) }
        for site in PressureSite.allCases {
            #expect(visit[site].status == .measured(ExactPressure(millimetres: UInt64(site.rawValue) + 100)))
        }
    }

    @Test func givesEverySiteAStableCode() {
        #expect(PressureSite.allCases.count == PressureSite.count)
        #expect(PressureSite.allCases.map(\.code) == [
            "brachial_left", "brachial_right", "ankle_dp_left", "ankle_pt_left", "ankle_dp_right", "ankle_pt_right",
            "toe_left", "toe_right", "post_exercise_ankle_left", "post_exercise_ankle_right", "post_exercise_brachial",
            "tcpo2_left", "tcpo2_right",
        ])
        for site in PressureSite.allCases { #expect(PressureSite(code: site.code) == site) }
        #expect(PressureSite(code: "ankle") == nil)
    }
}
