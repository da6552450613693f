/// A univariate continuous probability distribution: distribution function, its complement and
/// their inverses.
///
/// Conventions shared by every conforming type in ABIStatistics:
/// - `cdf` and `survival` are computed separately, so that a small tail probability keeps its
///   full relative accuracy (never as `1 - cdf`), down to the smallest normal double.
/// - A NaN argument gives NaN. `cdf(-infinity)` is 0 and `cdf(+infinity)` is 1.
/// - `quantile(p)` returns the lower end of the support at p = 0 and the upper end at p = 1;
///   p outside [0, 1] or NaN gives NaN. `inverseSurvival(p)` is `quantile(1 - p)` computed
///   without forming `1 - p`.
public protocol ContinuousDistribution: Sendable {
    /// P(X <= x).
    func cdf(_ x: Double) -> Double
    /// P(X > x), computed directly (accurate in the upper tail).
    func survival(_ x: Double) -> Double
    /// The x with P(X <= x) = p.
    func quantile(_ p: Double) -> Double
    /// The x with P(X > x) = p.
    func inverseSurvival(_ p: Double) -> Double
}
