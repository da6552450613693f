/// How an abnormal ABI is graded. No guideline defines PAD severity by ABI (neither AHA/ACC
/// 2016 nor ACC/AHA 2024 nor ESC 2024); these are named conventions and reports must say so.
public enum SeverityScheme: String, Sendable, Equatable, StableCoded {
    /// Conventional: mild 0.70 up to the cut-off, moderate 0.40-0.69, severe < 0.40
    /// (docs/clinical-rules.md). The default.
    case conventional = "conventional"
    /// NICE-style split at 0.50: mild to moderate 0.50 up to the cut-off, severe < 0.50.
    case split050 = "split-0.50"

    /// The severity of an abnormal ABI of `hundredths` under this scheme.
    @inlinable
    public func severity(ofAbnormal hundredths: Int) -> PADSeverity {
        switch self {
        case .conventional:
            if hundredths >= 70 { return .mild }
            return hundredths >= 40 ? .moderate : .severe
        case .split050:
            return hundredths >= 50 ? .mildToModerate : .severe
        }
    }
}
