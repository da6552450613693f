/// A whole delimited file read into Strings: for grouped commands, small files and tests.
///
/// Built on the same ``CSVChunkReader`` and ``CSVRecordParser`` as the streaming path, so it reads
/// every file exactly as `abikit score` does. Blank lines are skipped (they are not rows) and counted
/// in ``blankLines``; every other record becomes a row, ragged or not, and problems are collected in
/// ``issues`` rather than thrown.
public struct CSVTable: Sendable, Equatable {
    /// One record with the physical line it started on.
    public struct Row: Sendable, Equatable {
        /// The unescaped fields, as many as the record had.
        public var fields: [String]
        /// The 1-based physical line the record starts on.
        public var line: Int

        /// A row with its fields and starting line.
        public init(fields: [String], line: Int) {
            self.fields = fields
            self.line = line
        }
    }

    /// The dialect the file was read with.
    public var dialect: CSVDialect
    /// The header names, or nil when the dialect says there is no header.
    public var header: [String]?
    /// Every non-blank record after the header, in file order.
    public var rows: [Row]
    /// Non-fatal problems in file order: ragged records, an unterminated quote, ill-formed UTF-8.
    public var issues: [CSVError]
    /// Physical lines that were empty and skipped.
    public var blankLines: [Int]

    /// A table from its parts.
    public init(dialect: CSVDialect, header: [String]?, rows: [Row], issues: [CSVError], blankLines: [Int]) {
        self.dialect = dialect
        self.header = header
        self.rows = rows
        self.issues = issues
        self.blankLines = blankLines
    }

    /// Reads the file at `path`.
    /// - Throws: ``CSVError`` only when the file cannot be read at all.
    public static func read(path: String, options: CSVReaderOptions = CSVReaderOptions()) throws(CSVError) -> CSVTable {
        try read(from: CSVChunkReader(path: path, options: options))
    }

    /// Reads everything `reader` yields.
    public static func read(from reader: CSVChunkReader) throws(CSVError) -> CSVTable {
        var header: [String]?
        var rows: [Row] = []
        var issues: [CSVError] = []
        var blankLines: [Int] = []
        var expectedFields: Int?
        let wantsHeader = reader.dialect.hasHeader
        while let chunk = try reader.nextChunk() {
            var parser = CSVRecordParser(chunk: chunk, delimiter: reader.dialect.delimiter)
            while true {
                do {
                    guard try parser.nextRecord() else { break }
                } catch {
                    issues.append(error)
                }
                if parser.isBlankRecord {
                    blankLines.append(parser.recordLine)
                    continue
                }
                let fields = parser.fieldStrings
                if let expected = expectedFields {
                    if let issue = parser.raggedIssue(expectedFields: expected) { issues.append(issue) }
                } else {
                    expectedFields = fields.count
                }
                if wantsHeader && header == nil {
                    header = fields
                } else {
                    rows.append(Row(fields: fields, line: parser.recordLine))
                }
            }
        }
        if wantsHeader && header == nil { header = [] }
        if let issue = reader.encodingIssue {
            issues.append(issue)
            issues = issues.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
                .map(\.element)
        }
        return CSVTable(dialect: reader.dialect, header: header, rows: rows, issues: issues, blankLines: blankLines)
    }
}
