/// The sample quantile definitions of Hyndman & Fan (1996), "Sample quantiles in statistical
/// packages", The American Statistician 50(4), 361-365, numbered as in R's `quantile(type =)`.
///
/// `type7` (linear interpolation between order statistics, R's and NumPy's default) is the
/// default everywhere in ABIKit. NumPy's names: 1 inverted_cdf, 2 averaged_inverted_cdf,
/// 3 closest_observation, 4 interpolated_inverted_cdf, 5 hazen, 6 weibull, 7 linear,
/// 8 median_unbiased, 9 normal_unbiased.
public enum QuantileMethod: Int, Sendable, Equatable, Hashable, CaseIterable {
    /// Inverse of the empirical distribution function.
    case type1 = 1
    /// As type 1 with averaging at discontinuities.
    case type2 = 2
    /// Nearest even order statistic (SAS definition 2).
    case type3 = 3
    /// Linear interpolation of the empirical distribution function, p(k) = k / n.
    case type4 = 4
    /// p(k) = (k - 0.5) / n (Hazen).
    case type5 = 5
    /// p(k) = k / (n + 1) (Weibull; Minitab, SPSS).
    case type6 = 6
    /// p(k) = (k - 1) / (n - 1) (R and NumPy default; Excel PERCENTILE.INC).
    case type7 = 7
    /// p(k) = (k - 1/3) / (n + 1/3), approximately median-unbiased (recommended by H&F).
    case type8 = 8
    /// p(k) = (k - 3/8) / (n + 1/4), approximately unbiased for normal data.
    case type9 = 9
}
