/// Everything scored for one visit. Values in hundredths are Ints (`91` is `0.91`); render them
/// with `DecimalText.appendHundredths`.
public struct VisitScore: Sendable, Equatable {
    /// Left leg results.
    public internal(set) var left = LegScore()
    /// Right leg results.
    public internal(set) var right = LegScore()
    /// Patient ABI in hundredths: the worst (lower) leg (AHA/ACC 2016, 2024). Nil when the
    /// patient category is `.noncompressible` (not interpretable; the leg values stay in
    /// `left.abi` and `right.abi`) or when no leg has an ABI.
    public internal(set) var abi: Int?
    /// Patient category (docs/clinical-rules.md patient-level rules): a leg at or below the cut-off makes
    /// the patient abnormal whatever the other leg; a noncompressible leg with the other leg
    /// normal, noncompressible or absent makes the patient noncompressible; otherwise the
    /// category of the worst leg.
    public internal(set) var category: ABICategory?
    /// Severity of an abnormal patient ABI under `options.severityScheme` (a convention; no
    /// guideline defines it).
    public internal(set) var severity: PADSeverity?
    /// The worst limb's WIfI ischemia grade (Mills 2014).
    public internal(set) var wifiIschemiaGrade: WIfIIschemiaGrade?
    /// |left - right| brachial pressure, rounded half up to hundredths of mmHg and trimmed
    /// (`10`, `2.5`); flags compare the exact value. Nil unless both arms were measured.
    public internal(set) var interArmDifference: ExactDecimal?
    /// Findings and caveats. Settable so a caller can add row-level findings the scorer cannot
    /// see (`.significantChange` from `VisitChangeTracker`).
    public var flags: ScoreFlags = []
    /// Problems found; empty (and not allocated) for clean rows. Settable so a caller can add
    /// row-level issues (visit date, unit column, diastolic checks); `status` follows.
    public var issues: [ScoringIssue] = []
    /// The options that produced this score (reports state them).
    public let options: ScoringOptions

    /// An empty score under `options`.
    public init(options: ScoringOptions) {
        self.options = options
    }

    /// The results of one leg.
    public func leg(_ limb: Limb) -> LegScore { limb == .left ? left : right }

    /// Left leg ABI in hundredths.
    public var abiLeft: Int? { left.abi }
    /// Right leg ABI in hundredths.
    public var abiRight: Int? { right.abi }
    /// Left TBI in hundredths.
    public var tbiLeft: Int? { left.tbi }
    /// Right TBI in hundredths.
    public var tbiRight: Int? { right.tbi }

    /// `error` if any issue is an error, else `warning` if any issue, else `ok`.
    public var status: ScoreStatus {
        var status = ScoreStatus.ok
        for issue in issues {
            if issue.severity == .error { return .error }
            status = .warning
        }
        return status
    }
}
