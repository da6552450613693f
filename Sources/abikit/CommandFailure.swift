import ABIAnalysis
import ABIIO
import Glibc

/// The CLI's name for the one failure type (``AnalysisFailure``).
typealias CommandFailure = AnalysisFailure

extension AnalysisFailure {
    func report() {
        guard kind != .brokenPipe, !message.isEmpty else { return }
        writeToStandardError("abikit: " + message + "\n")
    }

    /// A failure to write the output: a closed pipe ends quietly; anything else names the destination.
    static func writing(_ error: Error, to destination: String?) -> AnalysisFailure {
        if case .brokenPipe? = error as? OutputError { return .brokenPipe }
        return .inputOutput("\(destination ?? "<stdout>"): \(error)")
    }
}

/// Writes to standard error without buffering (messages must interleave correctly with data).
/// Control characters from input (a header or cell quoted in a message) are shown escaped (`\x1b`).
func writeToStandardError(_ text: String) {
    var bytes = Array(TerminalSafeText.escaped(text, keepingLineBreaks: true).utf8)
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
