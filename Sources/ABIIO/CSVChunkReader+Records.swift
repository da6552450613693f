extension CSVChunkReader {
    /// Parses every record of the input in order on the calling thread, calling `body` with the parser
    /// positioned on each record. Errors from the parser (an unterminated quote) are passed to
    /// `onError` with the record still readable (there is deliberately no default: a problem must be
    /// reported somewhere), then `body` gets that record too, and reading goes on. Read errors are thrown.
    public func forEachRecord(
        _ body: (borrowing CSVRecordParser) throws -> Void,
        onError: (CSVError, borrowing CSVRecordParser) -> Void
    ) throws {
        while let chunk = try nextChunk() {
            var parser = CSVRecordParser(chunk: chunk, delimiter: dialect.delimiter)
            while true {
                do {
                    guard try parser.nextRecord() else { break }
                } catch {
                    onError(error, parser)
                }
                try body(parser)
            }
        }
    }
}
