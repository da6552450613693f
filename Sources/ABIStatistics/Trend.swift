/// Trend estimation and testing on one series observed at real, possibly irregular times
/// (for example years since the first visit): ordinary least squares (straight line and
/// polynomial), Theil-Sen, Mann-Kendall and its autocorrelation-corrected variants, and
/// segmented regression for interrupted time series.
///
/// Every method takes `times` and `values` of equal length in any order of time (except where a
/// method says it uses the order given), leaves out pairs where either is NaN (counted as
/// missing) or infinite (counted separately), and reports degenerate input (n = 0, 1, 2, equal
/// times, constant values) through a status and notes instead of failing or returning NaN.
public enum Trend {}
