/// The groups of `--by` with one or more columns, the same in every command: a row's group is the
/// combination of its values in the `--by` columns, named by those values joined with " / "
/// (`--by site --by sex` gives groups such as "C / male"); a row with a blank value in any of the
/// columns has no group (its label is empty). With one column a group's name is the value itself.
public struct ByGroups: Sendable, Equatable {
    /// What joins the values of several `--by` columns in a group's name.
    public static let separator = " / "

    /// The `--by` column names, in the order given.
    public let columns: [String]
    /// Each row's group name; empty for a row with a blank value in any `--by` column.
    public let labels: [String]
    /// The group names in order of first appearance.
    public let names: [String]
    /// The rows of each group (ascending), in the order of ``names``.
    public let rows: [[Int]]
    /// Rows without a group (a blank value in a `--by` column).
    public let ungroupedCount: Int

    /// Groups rows by the values of `values` (one array per `--by` column, all of one length).
    public init(columns: [String], values: [[String]]) {
        precondition(columns.count == values.count && !values.isEmpty, "one value column per --by column")
        let rowCount = values[0].count
        precondition(values.allSatisfy { $0.count == rowCount }, "--by columns must have equal length")
        self.columns = columns
        var labels: [String] = []
        labels.reserveCapacity(rowCount)
        if values.count == 1 {
            labels = values[0]
        } else {
            for row in 0..<rowCount {
                labels.append(values.contains { $0[row].isEmpty } ? "" : values.map { $0[row] }.joined(separator: Self.separator))
            }
        }
        var index: [String: Int] = [:]
        var names: [String] = []
        var rows: [[Int]] = []
        var ungrouped = 0
        for (row, label) in labels.enumerated() {
            if label.isEmpty { ungrouped += 1; continue }
            if let known = index[label] {
                rows[known].append(row)
            } else {
                index[label] = names.count
                names.append(label)
                rows.append([row])
            }
        }
        self.labels = labels
        self.names = names
        self.rows = rows
        ungroupedCount = ungrouped
    }

    /// The columns as messages name them: `'site', 'sex'`.
    public static func quoted(_ columns: [String]) -> String {
        "'" + columns.joined(separator: "', '") + "'"
    }
}
