/// The status of one site after all its readings are combined (see `SiteReadings.status`).
public enum SiteStatus: Sendable, Equatable {
    /// No reading recorded.
    case notMeasured
    /// The exact mean of the measured readings.
    case measured(ExactPressure)
    /// Every reading that was recorded is an absent Doppler signal (0 mmHg).
    case absentSignal
    /// At least one reading is noncompressible.
    case noncompressible
    /// At least one reading is invalid (the first reason seen), or the readings overflowed.
    case invalid(InvalidPressureReason?)

    /// The pressure an ankle or toe rule uses: the mean, or 0 for an absent signal; nil otherwise.
    @inlinable
    public var pressureOrZero: ExactPressure? {
        switch self {
        case .measured(let pressure): return pressure
        case .absentSignal: return .zero
        case .notMeasured, .noncompressible, .invalid: return nil
        }
    }

    /// The measured mean, or nil for any other status.
    @inlinable
    public var measuredPressure: ExactPressure? {
        if case .measured(let pressure) = self { return pressure }
        return nil
    }

    // Case tests by pattern, cheaper than `==` against a case (the synthesized `==` switches
    // over both operands and compares payloads).
    @inline(__always)
    var isNotMeasured: Bool { if case .notMeasured = self { return true } else { return false } }
    @inline(__always)
    var isAbsentSignal: Bool { if case .absentSignal = self { return true } else { return false } }
    @inline(__always)
    var isNoncompressible: Bool { if case .noncompressible = self { return true } else { return false } }
}
