import ABIStatistics

/// A numeric column as differences from an exact decimal shift (see ``ColumnLoader/load(_:threads:maximumIssues:exactDecimalShift:)``).
public struct DecimalShiftedColumn: Sendable, Equatable {
    /// The shift, the column's first number, as the nearest double.
    public let shift: Double
    /// value - shift per row, formed in exact decimal arithmetic and rounded once to binary (twice
    /// for rows past the first chunk; both roundings are relative to the differences, not to the
    /// values); NaN where the value is missing or unparsable. Rows whose text does not fit the exact
    /// path (more than 18 significant digits, hexadecimal, ...) hold `value - shift` in binary.
    public let differences: [Double]
}
