import Testing
@testable import ABICore

struct MeasurementChecksTests {
    @Test(arguments: [("mmHg", false), ("mm Hg", false), (" MMHG ", false), ("", false), ("   ", false),
                      ("kPa", true), ("mmH2O", true), ("mm  Hg", true), ("mmHg.", true)])
    func warnsAboutUnitsOtherThanMmHg(_ unit: String, _ warns: Bool) {
        #expect(MeasurementChecks.unitIssue(unit) == (warns ? .unitNotMillimetresOfMercury : nil))
    }

    @Test(arguments: [("120", "80", false), ("79.99", "80", true), ("80", "80", false), ("NA", "90", false),
                      ("120", "NA", false), ("0", "40", false)])
    func warnsAboutSystolicBelowDiastolic(_ systolic: String, _ diastolic: String, _ warns: Bool) {
        let issue = MeasurementChecks.diastolicIssue(systolic: PressureCell.parse(systolic),
                                                     diastolic: PressureCell.parse(diastolic))
        #expect(issue == (warns ? .systolicBelowDiastolic : nil))
        #expect(issue.map { $0.severity } == (warns ? .warning : nil))
    }

    @Test(arguments: [("Doppler", MeasurementMethod.doppler), (" osc ", .oscillometric),
                      ("OSCILLOMETRIC", .oscillometric), ("ppg", .photoplethysmography),
                      ("Photoplethysmography", .photoplethysmography)])
    func readsMeasurementMethods(_ text: String, _ method: MeasurementMethod) {
        #expect(MeasurementMethod.parse(text) == method)
    }

    @Test(arguments: ["", "manual", "dop"])
    func rejectsUnknownMeasurementMethods(_ text: String) {
        #expect(MeasurementMethod.parse(text) == nil)
    }

    @Test func letsCallersAddRowLevelIssuesAndFlags() {
        var score = ScoringFixtures.leftLeg(ankle: "120", arm: "120")
        #expect(score.status == .ok)
        score.issues.append(ScoringIssue(.unitNotMillimetresOfMercury))
        score.flags.insert(.significantChange)
        #expect(score.status == .warning)
        #expect(score.flags.codes.last == "abi_change_significant")
    }
}
