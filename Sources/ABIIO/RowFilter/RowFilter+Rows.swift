import ABICore

extension RowFilter {
    /// Whether one record passes, for readers that stream records (`score`, `validate`, `trend`)
    /// rather than load columns. `cellText` gives the text of the record's cell in a column the
    /// filter reads (nil when the record is too short to have it). The cell is taken as
    /// ``evaluate(_:)`` takes a categorical column: surrounding spaces trimmed, a missing-value
    /// marker (blank, NA, N/A, NaN, `.`) missing, compared as a number against a number (with
    /// `decimalComma`, a `,` in the cell is read as the decimal mark for that comparison).
    public func matches(decimalComma: Bool = false, cellText: (String) -> String?) -> Bool {
        var bound: [String: LoadedColumn] = [:]
        for name in columnNames {
            let text = (cellText(name) ?? "").trimmingASCIISpaces()
            bound[name] = .categorical([MissingValueMarker.matches(text) ? "" : text])
        }
        return evaluateRow(0, columns: bound, decimalComma: decimalComma)
    }
}

extension LoadedColumns {
    /// The same columns with only the rows where `keep` is true, in order (`--where`). The counts
    /// about the input (``invalidNumberCount``, ``issues``, ``blankLineCount``) stay those of the
    /// whole input, so messages keep the input's line numbers; ``rowCount`` becomes the rows kept.
    /// - Parameters:
    ///   - keep: one flag per row, true for the rows kept.
    ///   - wanted: the columns to keep (nil: all), in their loaded order.
    public func keepingRows(_ keep: [Bool], names wanted: [String]? = nil) -> LoadedColumns {
        precondition(keep.count == rowCount, "one flag per row")
        let indices = names.indices.filter { wanted?.contains(names[$0]) ?? true }
        let columns: [LoadedColumn] = indices.map { k in
            switch self.columns[k] {
            case .numeric(let values): return .numeric(values.indices.filter { keep[$0] }.map { values[$0] })
            case .categorical(let values): return .categorical(values.indices.filter { keep[$0] }.map { values[$0] })
            }
        }
        var result = LoadedColumns(names: indices.map { names[$0] }, columns: columns,
                                   rowCount: keep.lazy.filter { $0 }.count, blankLineCount: blankLineCount,
                                   invalidNumberCount: invalidNumberCount, issueCount: issueCount, issues: issues)
        let previous = sourceRows
        result.sourceRows = keep.indices.filter { keep[$0] }.map { previous?[$0] ?? $0 }
        if !decimalShifted.isEmpty {
            result.decimalShifted = indices.map { k in
                decimalShifted[k].map { column in
                    DecimalShiftedColumn(shift: column.shift, differences: column.differences.indices.filter { keep[$0] }.map { column.differences[$0] })
                }
            }
        }
        return result
    }
}
