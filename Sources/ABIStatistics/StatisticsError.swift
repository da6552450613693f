/// Errors for bad input data in ABIStatistics. Programmer errors (a confidence level outside
/// (0, 1), mismatched array lengths) are preconditions instead.
public enum StatisticsError: Error, Equatable, Sendable {
    /// A value given as decimal text could not be read as a number.
    case invalidDecimal(text: String, index: Int)
}
