/// Why a cell is not a valid systolic pressure. A validation error (docs/clinical-rules.md: a pressure
/// < 0 or > 300 mmHg is invalid; the row is kept with an error status). The offending text is
/// not stored here: the caller still has the cell and reports it with line and column.
public enum InvalidPressureReason: UInt8, Sendable, Hashable, CaseIterable {
    /// Neither a number nor a recognised status word (`abc`, `12a`, `1e2`, a lone `-`).
    case unrecognizedText
    /// A minus sign (`-5`, also `-0`): pressures are never negative.
    case negative
    /// Above 300 mmHg (docs/clinical-rules.md validation rule), including numbers too large to hold.
    case aboveMaximum
    /// `inf`, `infinity` (any case, any sign): not a measurement.
    case notFinite
    /// Nonzero digits beyond 9 decimals.
    case tooPrecise

    /// Stable snake_case code for messages and reports.
    public var code: String {
        switch self {
        case .unrecognizedText: return "unrecognized_text"
        case .negative: return "negative"
        case .aboveMaximum: return "above_300"
        case .notFinite: return "not_finite"
        case .tooPrecise: return "too_precise"
        }
    }

    /// A short human explanation.
    public var explanation: String {
        switch self {
        case .unrecognizedText: return "not a pressure or a known status word"
        case .negative: return "negative pressure (valid range 0-\(ClinicalLimits.maximumPressureMillimetres) mmHg)"
        case .aboveMaximum:
            return "above \(ClinicalLimits.maximumPressureMillimetres) mmHg (valid range 0-\(ClinicalLimits.maximumPressureMillimetres) mmHg)"
        case .notFinite: return "infinity is not a measurement"
        case .tooPrecise: return "more than 9 decimals"
        }
    }
}
