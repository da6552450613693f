import ABIIO

/// `--where` bound to an input: the checks and messages every command shares.
public enum RowFilterBinding {
    /// A filter naming a column the input does not have is a usage failure (exit 2) that points at
    /// the column in the filter and lists the headers.
    public static func check(_ filter: RowFilter, displayName: String, headers: [String]? = nil,
                             isColumn: (String) -> Bool) throws(AnalysisFailure) {
        var present: [String: LoadedColumn] = [:]
        for name in filter.columnNames where isColumn(name) { present[name] = .categorical([]) }
        do { _ = try filter.evaluate(rowCount: 0, columns: present) } catch {
            var message = "\(displayName): \(error.description)\n\(error.pointer(in: filter.text))"
            if let headers { message += "\n  headers: " + headers.map { "'\($0)'" }.joined(separator: ", ") }
            throw .usage(message)
        }
    }

    /// The line for standard error after filtering: how many rows the filter removed.
    public static func notice(_ filter: RowFilter, removed: Int, of total: Int) -> String {
        "--where \(filter.text): \(removed) of \(total) row\(total == 1 ? "" : "s") removed, \(total - removed) kept"
    }
}

/// A `--where` filter bound to the fields of a streamed input (`score`, `validate`, `trend`).
public struct BoundRowFilter: Sendable {
    public let filter: RowFilter
    /// Filter column name -> 0-based field.
    let fields: [String: Int]
    let decimalComma: Bool

    /// Binds the filter's columns to `headers` (exact header, else the only one equal ignoring
    /// case, else a 1-based number, as ``TableSource/columnIfPresent(_:)``); an unknown column is a
    /// usage failure pointing at it and listing the headers.
    public init(_ filter: RowFilter, headers: [String], displayName: String, decimalComma: Bool) throws(AnalysisFailure) {
        var fields: [String: Int] = [:]
        for name in filter.columnNames {
            if let index = TableSource.column(named: name, in: headers) { fields[name] = index }
        }
        try RowFilterBinding.check(filter, displayName: displayName, headers: headers) { fields[$0] != nil }
        self.filter = filter
        self.fields = fields
        self.decimalComma = decimalComma
    }

    /// How many leading fields of a record the filter reads (its last column + 1; 0 for none).
    public var fieldsRead: Int { (fields.values.max() ?? -1) + 1 }

    /// Whether the parser's current record passes.
    public func keeps(_ parser: borrowing CSVRecordParser) -> Bool {
        var texts: [String: String] = [:]
        for (name, index) in fields where index < parser.fieldCount { texts[name] = parser.fieldString(at: index) }
        return filter.matches(decimalComma: decimalComma) { texts[$0] }
    }

}
