/// Errors thrown by ABIBatch: bad data, bad formulas and (rarely) a LAPACK failure.
public enum BatchError: Error, Sendable, Equatable {
    /// The design has no rows or no columns.
    case emptyDesign
    /// Two inputs that must agree in size do not (`what` names them).
    case dimensionMismatch(what: String, expected: Int, actual: Int)
    /// A NaN or infinity where a finite number is required. `column` is nil for the response.
    case nonFiniteValue(row: Int, column: Int?)
    /// Too few complete rows to fit (`needed` rows for `available`).
    case tooFewObservations(needed: Int, available: Int)
    /// A LAPACK routine reported an error code.
    case lapackFailure(routine: String, info: Int)
    /// A formula could not be parsed: character offset (0-based) in the formula, what the parser
    /// expected there and what it found.
    case formulaSyntax(position: Int, expected: String, found: String)
    /// A formula names a column the data does not have.
    case unknownColumn(String)
    /// A column's kind does not fit its use (for example `log()` of a categorical column).
    case invalidColumnUse(column: String, reason: String)
    /// A formula column (a transformation such as `log(x)` of a number, or an overflow) is infinite
    /// in `row`, the 0-based row of the data passed in; the caller names the input's row.
    case nonFiniteColumnValue(column: String, value: Double, row: Int)
    /// A reference level that the factor does not have.
    case unknownReferenceLevel(column: String, level: String)
    /// An argument outside its domain (for example a confidence level outside (0, 1)).
    case invalidArgument(String)
}
