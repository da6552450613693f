import Glibc

/// A failure that ends a command with a documented exit code and a message on standard error.
struct CommandFailure: Error {
    enum Kind {
        /// Bad arguments or an unusable input file: exit 2.
        case usage
        /// Data errors under `--strict`, or `validate` finding errors: exit 1.
        case data
        /// The reader of our output went away (`| head`): exit 0 quietly.
        case brokenPipe
    }

    var kind: Kind
    var message: String

    static func usage(_ message: String) -> CommandFailure { CommandFailure(kind: .usage, message: message) }
    static func data(_ message: String) -> CommandFailure { CommandFailure(kind: .data, message: message) }
    static let brokenPipe = CommandFailure(kind: .brokenPipe, message: "")

    var exitCode: Int32 {
        switch kind {
        case .usage: 2
        case .data: 1
        case .brokenPipe: 0
        }
    }

    func report() {
        guard kind != .brokenPipe, !message.isEmpty else { return }
        writeToStandardError("abikit: " + message + "\n")
    }
}

/// Writes to standard error without buffering (messages must interleave correctly with data).
func writeToStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { buffer in
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let written = write(2, base + offset, buffer.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}

enum IgnoreBrokenPipe {
    /// A closed pipe must surface as EPIPE from write(2), not kill the process.
    static func install() { signal(SIGPIPE, SIG_IGN) }
}

/// Facts about the machine, without Foundation (which would add about 8 MB to every run's memory).
enum Platform {
    /// Online processors (the default worker count).
    static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
