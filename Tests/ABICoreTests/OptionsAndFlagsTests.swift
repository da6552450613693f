import Testing
@testable import ABICore

struct OptionsAndFlagsTests {
    @Test func defaultsToCLINICALRules() {
        let options = ScoringOptions()
        #expect(options.method == .standard)
        #expect(options.padCutoff == .atOrBelow090)
        #expect(options.noncompressibleThreshold == .above140)
        #expect(options.severityScheme == .conventional)
        #expect(options.tbiCutoff == .atOrBelow070)
        #expect(options.interArmSubclavianThreshold == 10)
        #expect(options.interArmRiskThreshold == 15)
        #expect(options.significantChangeHundredths == 15)
    }

    @Test func summarisesTheRulesUsed() {
        #expect(ScoringOptions().summary
            == "method=standard; pad_cutoff=le-0.90; noncompressible=gt-1.40; "
            + "severity=conventional (convention; no guideline defines ABI severity); tbi_cutoff=le-0.70; "
            + "interarm_mmhg=10/15; significant_change=0.15")
        let epidemiology = ScoringOptions(method: .nhanes, padCutoff: .below090, significantChangeHundredths: 20)
        #expect(epidemiology.summary.hasPrefix("method=nhanes; pad_cutoff=lt-0.90;"))
        #expect(epidemiology.summary.hasSuffix("significant_change=0.20"))
    }

    @Test func givesEveryOptionAStableCodeThatParsesBack() {
        #expect(PADCutoff.allCases.map(\.code) == ["le-0.90", "lt-0.90"])
        #expect(NoncompressibleThreshold.allCases.map(\.code) == ["gt-1.40", "gt-1.30"])
        #expect(SeverityScheme.allCases.map(\.code) == ["conventional", "split-0.50"])
        #expect(TBICutoff.allCases.map(\.code) == ["le-0.70", "lt-0.70"])
        for value in PADCutoff.allCases { #expect(PADCutoff(code: value.code) == value) }
        for value in NoncompressibleThreshold.allCases { #expect(NoncompressibleThreshold(code: value.code) == value) }
        for value in SeverityScheme.allCases { #expect(SeverityScheme(code: value.code) == value) }
        for value in TBICutoff.allCases { #expect(TBICutoff(code: value.code) == value) }
        #expect(PADCutoff(code: "0.90") == nil)
    }

    @Test func givesResultsStableCodes() {
        #expect(ABICategory.allCases.map(\.code) == ["noncompressible", "normal", "borderline", "abnormal"])
        #expect(PADSeverity.allCases.map(\.code) == ["mild", "moderate", "mild_to_moderate", "severe"])
        #expect(ScoreStatus.allCases.map(\.code) == ["ok", "warning", "error"])
        #expect(WIfIIschemiaGrade.allCases.map(\.code) == ["0", "1", "2", "3"])
        #expect(Limb.allCases.map(\.code) == ["left", "right"])
        for value in ABICategory.allCases { #expect(ABICategory(code: value.code) == value) }
        for value in PADSeverity.allCases { #expect(PADSeverity(code: value.code) == value) }
        for value in MeasurementMethod.allCases { #expect(MeasurementMethod(code: value.code) == value) }
        #expect(ABICategory(code: "Normal") == nil)
    }

    @Test func listsFlagCodesInAStableOrder() {
        #expect(ScoreFlags.ordered.map(\.code) == [
            "single_ankle_artery", "single_arm", "single_leg", "interarm_10", "interarm_15", "absent_signal",
            "all_ankle_arteries_absent", "noncompressible", "tbi_recommended", "tbi_abnormal", "toe_lt30",
            "ankle_lt50", "ankle_lt70", "exercise_positive", "abi_implausible", "repeated_readings",
            "abi_change_significant",
        ])
        // Every flag is one distinct bit.
        var union: ScoreFlags = []
        for entry in ScoreFlags.ordered {
            #expect(entry.flag.rawValue.nonzeroBitCount == 1)
            #expect(union.isDisjoint(with: entry.flag))
            union.insert(entry.flag)
            #expect(ScoreFlags(code: entry.code) == entry.flag)
        }
        #expect(ScoreFlags(code: "nope") == nil)
    }

    @Test func rendersFlagsSeparatedInOrderWhateverTheInsertionOrder() {
        var flags: ScoreFlags = [.toeBelow30]
        flags.insert(.singleArm)
        flags.insert(.interArm15)
        var bytes: [UInt8] = []
        flags.appendCodes(to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "single_arm;interarm_15;toe_lt30")
        #expect(flags.codes == ["single_arm", "interarm_15", "toe_lt30"])
        var empty: [UInt8] = []
        ScoreFlags().appendCodes(to: &empty)
        #expect(empty.isEmpty)
    }

    @Test func givesIssuesSeverityCodeAndMessage() {
        let issue = ScoringIssue(.brachialOutOfRange, site: .brachialRight)
        #expect(issue.severity == .warning)
        #expect(issue.code == "brachial_out_of_range")
        #expect(issue.message == "brachial_right: brachial pressure below 70 or above 250 mmHg")
        let legIssue = ScoringIssue(.abiImplausible, limb: .right)
        #expect(legIssue.message == "right leg: ABI below 0.20 or above 2.50; likely a typo")
        #expect(ScoringIssue(.noAnklePressure).severity == .error)
    }

    @Test func statusIsTheWorstIssue() {
        var score = VisitScore(options: ScoringOptions())
        #expect(score.status == .ok)
        score.issues = [ScoringIssue(.mixedReadings, site: .toeLeft)]
        #expect(score.status == .warning)
        score.issues.append(ScoringIssue(.noBrachialPressure))
        #expect(score.status == .error)
    }
}
