import Glibc

extension CSVChunkReader {
    /// A reader over bytes already in memory, chunked exactly as a file would be.
    public convenience init(bytes: [UInt8], options: CSVReaderOptions = CSVReaderOptions()) throws(CSVError) {
        // /dev/null supplies the end of input after the in-memory bytes.
        let descriptor = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw .readFailed(path: "/dev/null", errno: code, message: String(cString: strerror(code)))
        }
        try self.init(fileDescriptor: descriptor, ownsFileDescriptor: true, sourceName: "<memory>",
                      options: options, prefix: bytes)
    }
}
