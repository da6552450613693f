/// Buffer sizes and user overrides for ``CSVChunkReader``.
public struct CSVReaderOptions: Sendable, Equatable {
    /// Bytes read per `read(2)` call and the approximate chunk size: 2 MiB by default.
    /// Tests use a few bytes to put chunk boundaries everywhere.
    public var blockSize: Int
    /// A single record longer than this is an error (``CSVError/recordTooLong(line:limitBytes:)``).
    public var maximumRecordBytes: Int
    /// The user's dialect choices, which override detection.
    public var overrides: CSVDialectOverrides
    /// Physical lines to skip before the header (title lines that device exports write above it,
    /// `--skip-lines`). Skipped before the dialect is detected; line numbers still count them.
    public var skipLines: Int = 0

    /// Options with RFC-sized defaults; `blockSize` and `maximumRecordBytes` must be positive.
    public init(blockSize: Int = 2 << 20, maximumRecordBytes: Int = 16 << 20,
                overrides: CSVDialectOverrides = CSVDialectOverrides()) {
        precondition(blockSize >= 1, "blockSize must be positive")
        precondition(maximumRecordBytes >= 1, "maximumRecordBytes must be positive")
        self.blockSize = blockSize
        self.maximumRecordBytes = maximumRecordBytes
        self.overrides = overrides
    }
}
