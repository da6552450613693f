/// The results for one leg of one visit.
public struct LegScore: Sendable, Equatable {
    /// ABI in hundredths (91 means 0.91), rounded half up on the exact quotient; nil when not
    /// computable or when the leg is noncompressible by reading (see `category`).
    public internal(set) var abi: Int?
    /// Category of `abi`, or `.noncompressible` when an artery the method uses read
    /// noncompressible (then `abi` is nil).
    public internal(set) var category: ABICategory?
    /// The leg's ankle pressure for the CLTI markers and WIfI: the higher of DP and PT (0 for an
    /// absent signal), whatever the ABI method; nil when an artery is noncompressible or invalid.
    public internal(set) var anklePressure: ExactPressure?
    /// Toe-brachial index in hundredths: toe pressure over the higher brachial pressure.
    public internal(set) var tbi: Int?
    /// WIfI ischemia grade of this limb (Mills 2014).
    public internal(set) var wifiIschemiaGrade: WIfIIschemiaGrade?
    /// Exercise ABI result, when a post-exercise ankle pressure was given.
    public internal(set) var exercise: ExerciseABIResult?

    /// The leg has ankle readings for the method but no ABI could be computed from them (an
    /// invalid reading, no usable brachial pressure, or overflow): its ABI is unknown, not
    /// absent, so the patient result cannot assume it is the better leg.
    public internal(set) var isUndetermined = false

    /// A leg with no results.
    public init() {}
}
