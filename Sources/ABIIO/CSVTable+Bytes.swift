extension CSVTable {
    /// Reads in-memory `bytes`: the bytes are treated as a complete file.
    ///
    /// Useful for tests and for text that is already in memory.
    public static func read(bytes: [UInt8], options: CSVReaderOptions = CSVReaderOptions()) throws(CSVError) -> CSVTable {
        try read(from: CSVChunkReader(bytes: bytes, options: options))
    }
}
