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

    /// An ankle reading the method uses is invalid (the leg's ABI is unknown, not absent).
    public internal(set) var hasInvalidAnkle = false

    /// A leg with no results.
    public init() {}
}
