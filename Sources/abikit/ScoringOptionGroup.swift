import ABICore
import ArgumentParser

extension ABIMethod: ExpressibleByArgument {}
extension PADCutoff: ExpressibleByArgument {}
extension NoncompressibleThreshold: ExpressibleByArgument {}
extension SeverityScheme: ExpressibleByArgument {}
extension TBICutoff: ExpressibleByArgument {}

/// The clinical rule options of `score`, `validate` and `trend --measure abi` (docs/clinical-rules.md;
/// defaults are AHA/ACC 2016 and 2024). `--abi-method` is the ABI formula everywhere; `--method`
/// is kept as a hidden, deprecated spelling in `score` and `validate`.
struct ScoringOptionGroup: ParsableArguments {
    @Option(help: ArgumentHelp(
        "ABI formula: standard (higher of DP/PT over the higher arm; AHA/ACC), lower-ankle, pt-only, dp-only, mean-arms (getABI), nhanes.",
        valueName: "method"))
    var abiMethod: ABIMethod = .standard

    @Option(help: ArgumentHelp(
        "PAD cut-off: le-0.90 (ABI <= 0.90 abnormal; AHA/ACC) or lt-0.90 (< 0.90; NHANES epidemiology).",
        valueName: "rule"))
    var padCutoff: PADCutoff = .atOrBelow090

    @Option(help: ArgumentHelp("Noncompressible above: gt-1.40 (AHA/ACC) or gt-1.30 (legacy).", valueName: "rule"))
    var noncompressible: NoncompressibleThreshold = .above140

    @Option(help: ArgumentHelp(
        "Severity scheme within abnormal: conventional (mild 0.70-0.90, moderate 0.40-0.69, severe < 0.40) or split-0.50. No guideline defines severity.",
        valueName: "scheme"))
    var severity: SeverityScheme = .conventional

    @Option(help: ArgumentHelp("TBI cut-off: le-0.70 (AHA/ACC) or lt-0.70 (ESC 2024).", valueName: "rule"))
    var tbiCutoff: TBICutoff = .atOrBelow070

    @Option(help: ArgumentHelp("Clinically significant visit-to-visit ABI change (docs/clinical-rules.md: 0.15).", valueName: "abi"))
    var changeThreshold: String = "0.15"

    func scoringOptions(abiMethod deprecatedMethod: ABIMethod? = nil) throws -> ScoringOptions {
        guard let change = ExactDecimal.parse(changeThreshold), !change.isNegative,
              let hundredths = change.nanounits.map({ $0 / 10_000_000 }), hundredths <= 1000,
              change.rounded(toPlaces: 2) == change else {
            throw CommandFailure.usage("--change-threshold '\(changeThreshold)': expected an ABI difference from 0.00 to 10.00 with at most 2 decimals")
        }
        return ScoringOptions(
            method: deprecatedMethod ?? abiMethod, padCutoff: padCutoff, noncompressibleThreshold: noncompressible,
            severityScheme: severity, tbiCutoff: tbiCutoff, significantChangeHundredths: Int(hundredths))
    }
}

/// `--date-format` of `score` and `validate` (the same spellings and parser as `trend`).
struct DateFormatOption: ParsableArguments {
    @Option(name: .customLong("date-format"), help: ArgumentHelp(
        "How to read dates that are not ISO (yyyy-mm-dd, yyyy-mm-dd hh:mm): dd.mm.yyyy, dd/mm/yyyy, dd-mm-yyyy, mm/dd/yyyy or mm-dd-yyyy. Without it a date like 03/04/2025 is an error, never a guess.",
        valueName: "format"))
    var dateFormat: String?

    func format() throws -> DateFormat {
        guard let dateFormat else { return .iso }
        guard let format = DateFormat(spelling: dateFormat) else {
            throw CommandFailure.usage("--date-format '\(dateFormat)': expected one of \(DateFormat.spellings)")
        }
        return format
    }
}

/// `--method`, the former spelling of `--abi-method` in `score` and `validate` (hidden, deprecated:
/// `--method` is the statistic's method in the other commands).
struct DeprecatedMethodOption: ParsableArguments {
    @Option(name: .customLong("method"), help: .hidden)
    var method: ABIMethod?
}
