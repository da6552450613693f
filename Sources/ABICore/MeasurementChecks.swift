/// Row checks that need columns beyond the pressures (docs/clinical-rules.md validation warnings): a unit
/// column other than mmHg, and a systolic pressure below its diastolic pressure. The caller
/// reads those columns and appends what these return to `VisitScore.issues`.
public enum MeasurementChecks {
    /// `.unitNotMillimetresOfMercury` unless the unit cell is blank or mmHg (`mmHg`, `mm Hg`,
    /// any case, surrounding spaces ignored).
    @inlinable
    public static func unitIssue(_ unit: UnsafeBufferPointer<UInt8>) -> ScoringIssueKind? {
        let (start, end) = DecimalText.trimmedBounds(unit)
        if start == end || DecimalText.equalsIgnoringCase(unit, from: start, to: end, "mmhg")
            || DecimalText.equalsIgnoringCase(unit, from: start, to: end, "mm hg") {
            return nil
        }
        return .unitNotMillimetresOfMercury
    }

    /// Convenience for tests and non-hot callers; see `unitIssue(_:)`.
    public static func unitIssue(_ unit: String) -> ScoringIssueKind? {
        var unit = unit
        return unit.withUTF8 { unitIssue($0) }
    }

    /// `.systolicBelowDiastolic` when both are measured and systolic < diastolic (exactly);
    /// nil otherwise (equal pressures are not flagged).
    @inlinable
    public static func diastolicIssue(systolic: PressureReading, diastolic: PressureReading) -> ScoringIssueKind? {
        guard case .measured(let systolicValue) = systolic, case .measured(let diastolicValue) = diastolic else {
            return nil
        }
        return systolicValue < diastolicValue ? .systolicBelowDiastolic : nil
    }
}
