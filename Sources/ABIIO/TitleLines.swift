/// Title lines that device exports write above the header (`Vascular Lab Export`, `Device: ...`).
public enum TitleLines {
    /// Records looked at for a header below titles.
    public static let maximumRecords = 20

    /// The number of physical lines above the real header when the first records of `chunk` look
    /// like a title, or nil: the first record (and every one before the header) has at most one
    /// non-empty field, or fewer than half as many as the header, and the header is the first later
    /// record in which at least two fields are names of known columns (`L DP`, `Patient ID`) while
    /// the first record has none.
    public static func linesAboveHeader(in chunk: CSVChunk, delimiter: UInt8) -> Int? {
        var parser = CSVRecordParser(chunk: chunk, delimiter: delimiter)
        var records = 0
        var widest = 0
        while records < maximumRecords, (try? parser.nextRecord()) ?? false {
            records += 1
            let fields = (0..<parser.fieldCount).map { parser.fieldString(at: $0).trimmingASCIISpaces() }
            let nonEmpty = fields.filter { !$0.isEmpty }.count
            let known = fields.filter { field in
                if case .roles = HeaderClassifier.classify(field) { return true }
                return false
            }.count
            if records == 1 && known > 0 { return nil }
            if records > 1 && known >= 2 && nonEmpty > 1 && (widest <= 1 || 2 * widest < nonEmpty) {
                return parser.recordLine - 1
            }
            widest = max(widest, nonEmpty)
        }
        return nil
    }
}
