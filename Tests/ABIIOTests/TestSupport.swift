@_exported import TestSupport
@testable import ABIIO

/// A record as the tests compare it: its starting line and its fields.
struct ParsedRecord: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var description: String { "\(line):\(fields)" }
}

/// Everything a chunk reader yields for `bytes`, record by record, with parser errors collected.
func parseAll(_ bytes: [UInt8], blockSize: Int = 1 << 20, maximumRecordBytes: Int = 16 << 20,
              overrides: CSVDialectOverrides = CSVDialectOverrides()) throws -> (records: [ParsedRecord], errors: [CSVError], dialect: CSVDialect) {
    let reader = try CSVChunkReader(bytes: bytes, options: CSVReaderOptions(blockSize: blockSize, maximumRecordBytes: maximumRecordBytes,
                                                                            overrides: overrides))
    var records: [ParsedRecord] = []
    var errors: [CSVError] = []
    try reader.forEachRecord({ parser in
        records.append(ParsedRecord(line: parser.recordLine, fields: parser.fieldStrings))
    }, onError: { error, _ in errors.append(error) })
    return (records, errors, reader.dialect)
}

func parseAll(_ text: String, blockSize: Int = 1 << 20,
              overrides: CSVDialectOverrides = CSVDialectOverrides()) throws -> (records: [ParsedRecord], errors: [CSVError], dialect: CSVDialect) {
    try parseAll(Array(text.utf8), blockSize: blockSize, overrides: overrides)
}

/// The chunks a reader yields for `bytes` with the given block size.
func chunks(of bytes: [UInt8], blockSize: Int) throws -> [CSVChunk] {
    let reader = try CSVChunkReader(bytes: bytes, options: CSVReaderOptions(blockSize: blockSize))
    var result: [CSVChunk] = []
    while let chunk = try reader.nextChunk() { result.append(chunk) }
    return result
}

