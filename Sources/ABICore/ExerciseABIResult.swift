/// Exercise ABI of one leg (AHA/ACC 2016 Gerhard-Herman; docs/clinical-rules.md): positive when the ankle
/// pressure falls by more than 30 mmHg, or the ABI by more than 20%, from rest.
public struct ExerciseABIResult: Sendable, Equatable {
    /// Post-exercise ABI in hundredths: post-exercise ankle over post-exercise brachial; nil
    /// without a post-exercise brachial pressure (the resting brachial is not substituted).
    public let postExerciseABI: Int?
    /// Resting minus post-exercise ankle pressure, rounded half up to hundredths of mmHg
    /// (negative when the pressure rose).
    public let ankleFall: ExactDecimal?
    /// The ankle pressure fell by more than 30 mmHg (compared exactly, 30 itself is not).
    public let ankleFallExceeds30: Bool
    /// The ABI fell by more than 20% of the resting ABI, on the 2-decimal values
    /// (`5 * post < 4 * rest`); nil when there is no post-exercise ABI.
    public let abiFallExceeds20Percent: Bool?

    /// Creates a result.
    public init(postExerciseABI: Int?, ankleFall: ExactDecimal?, ankleFallExceeds30: Bool,
                abiFallExceeds20Percent: Bool?) {
        self.postExerciseABI = postExerciseABI
        self.ankleFall = ankleFall
        self.ankleFallExceeds30 = ankleFallExceeds30
        self.abiFallExceeds20Percent = abiFallExceeds20Percent
    }

    /// Either criterion is met.
    public var isPositive: Bool { ankleFallExceeds30 || abiFallExceeds20Percent == true }
}
