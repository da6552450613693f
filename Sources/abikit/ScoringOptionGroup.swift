import ABICore
import ArgumentParser

/// The clinical rule options of `score` and `validate` (CLINICAL.md; defaults are AHA/ACC 2016 and 2024).
struct ScoringOptionGroup: ParsableArguments {
    @Option(help: ArgumentHelp(
        "ABI method: standard (higher of DP/PT over the higher arm; AHA/ACC), lower-ankle, pt-only, dp-only, mean-arms (getABI), nhanes.",
        valueName: "method"))
    var method: String = ABIMethod.standard.code

    @Option(help: ArgumentHelp(
        "PAD cut-off: le-0.90 (ABI <= 0.90 abnormal; AHA/ACC) or lt-0.90 (< 0.90; NHANES epidemiology).",
        valueName: "rule"))
    var padCutoff: String = PADCutoff.atOrBelow090.code

    @Option(help: ArgumentHelp("Noncompressible above: gt-1.40 (AHA/ACC) or gt-1.30 (legacy).", valueName: "rule"))
    var noncompressible: String = NoncompressibleThreshold.above140.code

    @Option(help: ArgumentHelp(
        "Severity scheme within abnormal: conventional (mild 0.70-0.90, moderate 0.40-0.69, severe < 0.40) or split-0.50. No guideline defines severity.",
        valueName: "scheme"))
    var severity: String = SeverityScheme.conventional.code

    @Option(help: ArgumentHelp("TBI cut-off: le-0.70 (AHA/ACC) or lt-0.70 (ESC 2024).", valueName: "rule"))
    var tbiCutoff: String = TBICutoff.atOrBelow070.code

    @Option(help: ArgumentHelp("Clinically significant visit-to-visit ABI change (CLINICAL.md: 0.15).", valueName: "abi"))
    var changeThreshold: String = "0.15"

    func scoringOptions() throws -> ScoringOptions {
        func parse<T: StableCoded>(_ text: String, _ option: String, as: T.Type) throws -> T {
            guard let value = T(rawValue: text) else {
                throw CommandFailure.usage("--\(option) '\(text)': expected one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
        guard let change = ExactDecimal.parse(changeThreshold), !change.isNegative,
              let hundredths = change.nanounits.map({ $0 / 10_000_000 }), hundredths <= 1000,
              change.rounded(toPlaces: 2) == change else {
            throw CommandFailure.usage("--change-threshold '\(changeThreshold)': expected an ABI difference from 0.00 to 10.00 with at most 2 decimals")
        }
        return ScoringOptions(
            method: try parse(method, "method", as: ABIMethod.self),
            padCutoff: try parse(padCutoff, "pad-cutoff", as: PADCutoff.self),
            noncompressibleThreshold: try parse(noncompressible, "noncompressible", as: NoncompressibleThreshold.self),
            severityScheme: try parse(severity, "severity", as: SeverityScheme.self),
            tbiCutoff: try parse(tbiCutoff, "tbi-cutoff", as: TBICutoff.self),
            significantChangeHundredths: Int(hundredths))
    }
}
