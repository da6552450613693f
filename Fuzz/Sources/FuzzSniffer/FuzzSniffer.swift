import ABIIO

// Properties: sniffing never crashes, is deterministic, always picks a usable delimiter, and an
// explicit delimiter override is always taken as given.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSniffer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for isComplete in [true, false] {
        let dialect = CSVSniffer.sniff(sample: bytes, isCompleteFile: isComplete)
        guard dialect == CSVSniffer.sniff(sample: bytes, isCompleteFile: isComplete) else {
            fatalError("sniffing the same sample twice gave different dialects")
        }
        guard CSVDialect.isUsableDelimiter(dialect.delimiter) else {
            fatalError("unusable delimiter \(dialect.delimiter)")
        }
    }
    var overrides = CSVDialectOverrides()
    overrides.delimiter = UInt8(ascii: "|")
    guard CSVSniffer.sniff(sample: bytes, overrides: overrides).delimiter == UInt8(ascii: "|") else {
        fatalError("the delimiter override was not taken")
    }
    return 0
}
