import ABIIO

/// An opened input with its header read, for the commands that name columns (`trend`, `describe`).
struct TableInput {
    let reader: CSVChunkReader
    let firstChunk: CSVChunk?
    /// Leading records of `firstChunk` that are not data (1 with a header).
    let headerRecords: Int
    let headers: [String]
    let displayName: String

    /// Opens the input and reads its header; an empty input is a usage error (exit 2).
    static func open(_ input: InputOptions) throws -> TableInput {
        let reader = try input.openReader()
        let firstChunk: CSVChunk?
        do {
            firstChunk = try reader.nextChunk()
        } catch {
            throw CommandFailure.usage("\(input.displayName): \(error.description)")
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
            throw CommandFailure.usage("\(input.displayName): the input is empty; expected a header line and rows")
        }
        return TableInput(reader: reader, firstChunk: firstChunk, headerRecords: headerRecords, headers: headers,
                          displayName: input.displayName)
    }

    /// The column named `name`: the exact header, else the only header equal ignoring case and
    /// surrounding spaces, else a 1-based column number; nil if none.
    func columnIfPresent(_ name: String) -> Int? {
        let wanted = name.trimmingASCIISpaces()
        if let exact = headers.firstIndex(of: wanted) { return exact }
        let folded = headers.indices.filter { headers[$0].lowercased() == wanted.lowercased() }
        if folded.count == 1 { return folded[0] }
        if let number = Int(wanted), number >= 1, number <= headers.count { return number - 1 }
        return nil
    }

    /// As ``columnIfPresent(_:)``; an unknown column is a usage error that lists the headers.
    func column(_ name: String, option: String) throws -> Int {
        guard let index = columnIfPresent(name) else {
            throw CommandFailure.usage("\(displayName): \(option) '\(name)': no such column; headers: "
                + headers.map { "'\($0)'" }.joined(separator: ", "))
        }
        return index
    }

    /// One line describing how the input was read, for standard error.
    var dialectLine: String {
        let dialect = reader.dialect
        return "\(reader.sourceName): \(dialect.encoding.rawValue), delimiter \(dialect.delimiterName), "
            + "decimal mark '\(dialect.decimalMark.rawValue)', " + (dialect.hasHeader ? "header" : "no header")
    }
}
