import ABIIO

/// An opened input with its header read, for the engines that stream records (`score`, `validate`,
/// `trend`) and name columns by header or number.
public struct TableSource {
    public let reader: CSVChunkReader
    public let firstChunk: CSVChunk?
    /// Leading records of `firstChunk` that are not data (1 with a header).
    public let headerRecords: Int
    public let headers: [String]
    /// How messages name the input (the path, or `<stdin>`).
    public let displayName: String

    /// Reads the header from the first chunk of `reader`; an empty input is a usage failure (exit 2).
    public static func open(_ reader: CSVChunkReader, displayName: String) throws(AnalysisFailure) -> TableSource {
        let firstChunk: CSVChunk?
        do {
            firstChunk = try reader.nextChunk()
        } catch {
            throw .usage("\(displayName): \(error.description)")
        }
        var headers: [String] = []
        var headerRecords = 0
        if let firstChunk {
            var parser = CSVRecordParser(chunk: firstChunk, delimiter: reader.dialect.delimiter)
            if (try? parser.nextRecord()) ?? true {
                if reader.dialect.hasHeader {
                    headers = parser.fieldStrings.map { $0.trimmingASCIISpaces() }
                    headerRecords = 1
                } else {
                    headers = ColumnMapping.placeholderHeaders(count: parser.fieldCount)
                }
            }
        }
        guard !headers.isEmpty else {
            throw .usage("\(displayName): " + AnalysisFailure.emptyInputMessage(
                skippedLines: reader.options.skipLines, expected: "a header line and rows"))
        }
        return TableSource(reader: reader, firstChunk: firstChunk, headerRecords: headerRecords, headers: headers,
                           displayName: displayName)
    }

    /// The column named `name`: the exact header, else the only header equal ignoring case and
    /// surrounding spaces, else a 1-based column number; nil if none.
    public func columnIfPresent(_ name: String) -> Int? {
        Self.column(named: name, in: headers)
    }

    /// The rule of ``columnIfPresent(_:)`` for any header list (also `--where`'s columns).
    static func column(named name: String, in headers: [String]) -> Int? {
        let wanted = name.trimmingASCIISpaces()
        if let exact = headers.firstIndex(of: wanted) { return exact }
        let folded = headers.indices.filter { headers[$0].lowercased() == wanted.lowercased() }
        if folded.count == 1 { return folded[0] }
        if let number = Int(wanted), number >= 1, number <= headers.count { return number - 1 }
        return nil
    }

    /// As ``columnIfPresent(_:)``; an unknown column is a usage error that lists the headers.
    public func column(_ name: String, option: String) throws(AnalysisFailure) -> Int {
        guard let index = columnIfPresent(name) else {
            throw .usage("\(displayName): \(option) '\(name)': no such column; headers: "
                + headers.map { "'\($0)'" }.joined(separator: ", "))
        }
        return index
    }

    /// `FILE: warning: ...` once the input has been read, when a UTF-8 file held bytes that are not
    /// UTF-8 (read as Windows-1252; see `CSVChunkReader.encodingIssue`).
    public var encodingWarning: String? {
        reader.encodingIssue.map { "\(displayName): warning: \($0.description)\(reader.invalidUTF8Summary)" }
    }

    /// One line describing how the input was read, for standard error.
    public var dialectLine: String {
        let dialect = reader.dialect
        return "\(reader.sourceName): \(dialect.encoding.rawValue), delimiter \(dialect.delimiterName), "
            + "decimal mark '\(dialect.decimalMark.rawValue)', " + (dialect.hasHeader ? "header" : "no header")
    }
}
