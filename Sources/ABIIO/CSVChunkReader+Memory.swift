import Glibc

extension CSVChunkReader {
    /// A reader over bytes already in memory, chunked exactly as a file would be.
    public convenience init(bytes: [UInt8], options: CSVReaderOptions = CSVReaderOptions()) throws(CSVError) {
        // The read end of a pipe whose write end is closed supplies the end of input after the
        // in-memory bytes (read(2) returns 0). Not /dev/null: on a machine where /dev/null had been
        // replaced by a regular file, readers picked up whatever other programs had written there.
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            let code = errno
            throw .readFailed(path: "<memory>", errno: code, message: String(cString: strerror(code)))
        }
        close(descriptors[1])
        _ = fcntl(descriptors[0], F_SETFD, FD_CLOEXEC)
        try self.init(fileDescriptor: descriptors[0], ownsFileDescriptor: true, sourceName: "<memory>",
                      options: options, prefix: bytes)
    }
}
