/// A failure while writing output.
public enum OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reader of a pipe went away (EPIPE), e.g. `abikit score big.csv | head`.
    /// Not a failure of the program: the CLI should stop and exit 0 without a message.
    case brokenPipe
    /// The output file (or its temporary sibling) could not be created.
    case createFailed(path: String, errno: Int32, message: String)
    /// A `write(2)` failed (disk full, I/O error).
    case writeFailed(path: String, errno: Int32, message: String)
    /// `fsync(2)` or `close(2)` failed, so the data may not be on disk; the target was left untouched.
    case syncFailed(path: String, errno: Int32, message: String)
    /// The finished temporary file could not be renamed over the target, which was left untouched.
    case renameFailed(path: String, errno: Int32, message: String)

    /// A message naming the path and the system error.
    public var description: String {
        switch self {
        case .brokenPipe:
            return "output pipe closed by the reader"
        case .createFailed(let path, let code, let message):
            return "\(path): cannot create output (errno \(code)): \(message)"
        case .writeFailed(let path, let code, let message):
            return "\(path): write failed (errno \(code)): \(message)"
        case .syncFailed(let path, let code, let message):
            return "\(path): could not flush output to disk (errno \(code)): \(message); the previous file is unchanged"
        case .renameFailed(let path, let code, let message):
            return "\(path): could not replace the file (errno \(code)): \(message); the previous file is unchanged"
        }
    }
}
