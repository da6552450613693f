import ABIIO

/// Maps the pressure columns of a file for `score`, `validate`, `sniff` and `trend --measure abi`:
/// the header through the aliases, `--map` (with `ignore=`) and the sample of the first records that
/// says which columns hold text. One place, so that every command reads the same columns.
public struct PressureColumnMapping {
    public let mapping: ColumnMapping
    /// The first text cell of each column found to hold text (`ColumnSample`), for messages.
    public let textExamples: [Int: String]

    /// Resolves the mapping; `maps` are the `--map` texts, `ignore=` included.
    /// - Throws: the mapping's error (the caller adds the file name and the layout checks).
    public static func resolve(table: TableSource, maps: [String], requireMeasurements: Bool) throws -> PressureColumnMapping {
        let headers = table.headers
        let dialect = table.reader.dialect
        let ignored = maps.compactMap(ColumnOverride.ignoredColumns).flatMap { $0 }
        let overrides = try maps.filter { ColumnOverride.ignoredColumns($0) == nil }
            .map { try ColumnOverride.parse($0, headers: headers) }
        let examples = table.firstChunk.map {
            ColumnSample.textColumnExamples(in: $0, delimiter: dialect.delimiter, skipRecords: table.headerRecords,
                                            decimalComma: dialect.decimalMark == .comma)
        } ?? [:]
        let mapping = try ColumnMapping.resolve(headers: headers, overrides: overrides, matchAliases: dialect.hasHeader,
                                                requireMeasurements: requireMeasurements, ignoring: ignored,
                                                textColumns: Set(examples.keys))
        return PressureColumnMapping(mapping: mapping, textExamples: examples)
    }

    /// One warning per column left unused because it holds text where a role it could name is then in
    /// no column (`FILE: warning: column 2 'arm' could be ...`), so that a missing arm is never silent.
    /// Control characters are escaped by the caller's terminal-safe writer.
    public func warnings(file: String) -> [String] {
        mapping.textColumnsLeftOut.map { column in
            let example = textExamples[column.index].map { " ('\($0)')" } ?? ""
            let missing = column.unmappedRoles.map(\.rawValue).joined(separator: " and ")
            return "\(file): warning: column \(column.index + 1) '\(column.header)' could be "
                + column.roles.map(\.rawValue).joined(separator: " or ")
                + " but holds text\(example), not pressures: not used, so \(missing) "
                + (column.unmappedRoles.count == 1 ? "is" : "are") + " read from no column"
        }
    }
}
