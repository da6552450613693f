import ABICore
import ABIIO

/// An opened input with its header read, its columns mapped and its scoring layout built.
struct ScoringInput {
    let reader: CSVChunkReader
    /// The first chunk, from which the header was read (nil for an empty input).
    let firstChunk: CSVChunk?
    /// Leading records of `firstChunk` that are not data (1 with a header).
    let headerRecords: Int
    let headers: [String]
    let mapping: ColumnMapping
    let layout: ScoreLayout

    /// Opens the input and resolves the column mapping; mapping problems are usage errors (exit 2).
    static func open(_ input: InputOptions, mapping mappingOptions: MappingOptions, options: ScoringOptions,
                     requireMeasurements: Bool = true) throws -> ScoringInput {
        let table = try TableInput.open(input)
        let (reader, headers) = (table.reader, table.headers)
        let mapping: ColumnMapping
        do {
            let overrides = try mappingOptions.maps.map { try ColumnOverride.parse($0, headers: headers) }
            mapping = try ColumnMapping.resolve(headers: headers, overrides: overrides,
                                                matchAliases: reader.dialect.hasHeader,
                                                requireMeasurements: requireMeasurements)
        } catch {
            throw CommandFailure.usage("\(input.displayName): \(error)")
        }
        let layout = ScoreLayout(mapping: mapping, inputHeaders: headers,
                                 decimalComma: reader.dialect.decimalMark == .comma, options: options)
        return ScoringInput(reader: reader, firstChunk: table.firstChunk, headerRecords: table.headerRecords,
                            headers: headers, mapping: mapping, layout: layout)
    }

    /// One line describing how the input was read, for standard error.
    var dialectLine: String {
        let dialect = reader.dialect
        return "\(reader.sourceName): \(dialect.encoding.rawValue), delimiter \(dialect.delimiterName), "
            + "decimal mark '\(dialect.decimalMark.rawValue)', " + (dialect.hasHeader ? "header" : "no header")
    }
}
