import ABICore
import ABIIO

/// An input opened for `score`, `validate` and `sniff`: its header read, its columns mapped and its
/// scoring layout built.
public struct ScoringSource {
    public let reader: CSVChunkReader
    /// The first chunk, from which the header was read (nil for an empty input).
    public let firstChunk: CSVChunk?
    /// Leading records of `firstChunk` that are not data (1 with a header).
    public let headerRecords: Int
    public let headers: [String]
    public let mapping: ColumnMapping
    public let layout: ScoreLayout
    /// A `side`/`leg` column holding left/right: the file has one row per leg (only `sniff` gets here with one).
    public let legColumn: Int?
    /// Columns left unused that a reader would miss (``PressureColumnMapping/warnings(file:)``), one
    /// line each for standard error.
    public let columnWarnings: [String]

    /// Opens `reader`, reads the header and resolves the column mapping (`maps`: `--map` texts,
    /// `--map ignore=...` included); mapping problems are usage failures (exit 2) naming
    /// `displayName`. One row per leg is refused unless `refuseRowPerLeg` is false (`sniff`).
    public static func open(_ reader: CSVChunkReader, displayName: String, maps: [String], options: ScoringOptions,
                            requireMeasurements: Bool = true, dateFormat: DateFormat = .iso,
                            refuseRowPerLeg: Bool = true) throws(AnalysisFailure) -> ScoringSource {
        let table = try TableSource.open(reader, displayName: displayName)
        let headers = table.headers
        let legColumn = reader.dialect.hasHeader ? table.firstChunk.flatMap {
            ColumnSample.legColumn(headers: headers, in: $0, delimiter: reader.dialect.delimiter,
                                   skipRecords: table.headerRecords)
        } : nil
        let resolved: PressureColumnMapping
        do {
            resolved = try PressureColumnMapping.resolve(table: table, maps: maps, requireMeasurements: requireMeasurements)
        } catch {
            // Whatever the mapping problem, the layout is the real one (even for sniff).
            if let legColumn { throw rowPerLegRefusal(column: legColumn, headers: headers, displayName: displayName) }
            var message = "\(displayName): \(error)"
            if let title = table.firstChunk.flatMap({ TitleLines.linesAboveHeader(in: $0, delimiter: reader.dialect.delimiter) }) {
                message += "\nabikit: hint: the first \(title) line\(title == 1 ? "" : "s") look\(title == 1 ? "s" : "") like a title above "
                    + "the header (line \(title + 1) names known columns): try --skip-lines \(title)"
            }
            throw .usage(message)
        }
        let mapping = resolved.mapping
        if refuseRowPerLeg, let legColumn, !hasBothLegs(mapping) {
            throw rowPerLegRefusal(column: legColumn, headers: headers, displayName: displayName)
        }
        var layout = ScoreLayout(mapping: mapping, inputHeaders: headers,
                                 decimalComma: reader.dialect.decimalMark == .comma, options: options)
        layout.dateFormat = dateFormat
        return ScoringSource(reader: reader, firstChunk: table.firstChunk, headerRecords: table.headerRecords,
                             headers: headers, mapping: mapping, layout: layout, legColumn: legColumn,
                             columnWarnings: resolved.warnings(file: displayName))
    }

    /// One line describing how the input was read, for standard error.
    public var dialectLine: String {
        let dialect = reader.dialect
        return "\(reader.sourceName): \(dialect.encoding.rawValue), delimiter \(dialect.delimiterName), "
            + "decimal mark '\(dialect.decimalMark.rawValue)', " + (dialect.hasHeader ? "header" : "no header")
    }

    /// One row per leg (a side column, one ankle pair per row) is refused (exit 2): reading the pair
    /// as one side would put the right leg's ABI in abi_left and miss the inter-arm check.
    public static func rowPerLegRefusal(column: Int, headers: [String], displayName: String) -> AnalysisFailure {
        .usage("\(displayName): column \(column + 1) '\(headers[column])' holds left/right: the file has "
            + "one row per leg (one ankle pair per row). abikit reads one row per visit with both legs "
            + "(left and right ankle columns) and does not pair rows, so no ABI is computed; reshape the file "
            + "to one row per visit (for example columns ankle_dp_left, ankle_pt_left, ankle_dp_right, ankle_pt_right)")
    }

    /// Whether ankle columns of both legs are mapped (then a side column is not a row-per-leg layout).
    public static func hasBothLegs(_ mapping: ColumnMapping) -> Bool {
        [InputRole.ankleDorsalisPedisLeft, .anklePosteriorTibialLeft].contains { !mapping.columns(for: $0).isEmpty }
            && [InputRole.ankleDorsalisPedisRight, .anklePosteriorTibialRight].contains { !mapping.columns(for: $0).isEmpty }
    }
}
