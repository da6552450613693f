/// Every rule choice of the scorer, with the defaults a vascular lab expects in 2026
/// (docs/clinical-rules.md). Reports state each option's code (`summary`). The numeric thresholds are
/// validated once, in `init`.
public struct ScoringOptions: Sendable, Equatable {
    /// Which pressures form the ABI (default: standard, AHA/ACC 2016 and 2024).
    public var method: ABIMethod
    /// PAD cut-off (default: <= 0.90, AHA/ACC 2016 and 2024).
    public var padCutoff: PADCutoff
    /// Noncompressible threshold (default: > 1.40, AHA/ACC 2016 and 2024).
    public var noncompressibleThreshold: NoncompressibleThreshold
    /// Severity scheme (default: conventional; no guideline defines severity).
    public var severityScheme: SeverityScheme
    /// TBI cut-off (default: <= 0.70, AHA/ACC; ESC 2024 writes < 0.70).
    public var tbiCutoff: TBICutoff
    /// Inter-arm difference, mmHg, at or above which `interarm_10` is set (Clark 2012: 10).
    public private(set) var interArmSubclavianThreshold: Int
    /// Inter-arm difference, mmHg, at or above which `interarm_15` is set (Clark 2012: 15).
    public private(set) var interArmRiskThreshold: Int
    /// Visit-to-visit |delta ABI| in hundredths that is clinically significant, inclusive
    /// (docs/clinical-rules.md: 0.15; Doppler minimal detectable change is 0.08-0.11).
    public private(set) var significantChangeHundredths: Int

    /// Creates options; every argument defaults to docs/clinical-rules.md's default.
    /// - Precondition: thresholds in `0...300` mmHg and the change threshold in `0...1000`
    ///   hundredths (the command line validates user input before this).
    public init(method: ABIMethod = .standard,
                padCutoff: PADCutoff = .atOrBelow090,
                noncompressibleThreshold: NoncompressibleThreshold = .above140,
                severityScheme: SeverityScheme = .conventional,
                tbiCutoff: TBICutoff = .atOrBelow070,
                interArmSubclavianThreshold: Int = 10,
                interArmRiskThreshold: Int = 15,
                significantChangeHundredths: Int = 15) {
        precondition((0...300).contains(interArmSubclavianThreshold) && (0...300).contains(interArmRiskThreshold),
                     "inter-arm thresholds must be 0...300 mmHg")
        precondition((0...1000).contains(significantChangeHundredths), "change threshold must be 0...1000")
        self.method = method
        self.padCutoff = padCutoff
        self.noncompressibleThreshold = noncompressibleThreshold
        self.severityScheme = severityScheme
        self.tbiCutoff = tbiCutoff
        self.interArmSubclavianThreshold = interArmSubclavianThreshold
        self.interArmRiskThreshold = interArmRiskThreshold
        self.significantChangeHundredths = significantChangeHundredths
    }

    /// Which rules produced a result, for reports: method, PAD cut-off, noncompressible
    /// threshold, severity scheme (stating that no guideline defines severity), TBI cut-off,
    /// inter-arm thresholds and the change threshold.
    public var summary: String {
        "method=" + method.code + "; pad_cutoff=" + padCutoff.code
            + "; noncompressible=" + noncompressibleThreshold.code
            + "; severity=" + severityScheme.code + " (convention; no guideline defines ABI severity)"
            + "; tbi_cutoff=" + tbiCutoff.code
            + "; interarm_mmhg=" + String(interArmSubclavianThreshold) + "/" + String(interArmRiskThreshold)
            + "; significant_change=" + DecimalText.hundredths(significantChangeHundredths)
    }
}
