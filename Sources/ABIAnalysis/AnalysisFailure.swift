import ABIIO

/// The one failure type of the engines and the command line: what went wrong, for the user, and
/// which documented exit status it ends a command with (the CLI maps it in one place).
public struct AnalysisFailure: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Bad arguments or an unusable input file: exit 2.
        case usage
        /// Data errors under `--strict`, `validate` finding errors, a model that cannot be fitted: exit 1.
        case data
        /// Reading or writing failed in the system (disk full, `/dev/full`, EIO): exit 3. Not a
        /// problem of the data or of the command line, so scripts can tell it apart and retry.
        case inputOutput
        /// The reader of our output went away (`| head`): exit 0 quietly.
        case brokenPipe
    }

    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public static func usage(_ message: String) -> AnalysisFailure { AnalysisFailure(kind: .usage, message: message) }
    public static func data(_ message: String) -> AnalysisFailure { AnalysisFailure(kind: .data, message: message) }
    public static func inputOutput(_ message: String) -> AnalysisFailure { AnalysisFailure(kind: .inputOutput, message: message) }
    public static let brokenPipe = AnalysisFailure(kind: .brokenPipe, message: "")

    /// The failure for an output error: a closed pipe exits 0 quietly, anything else is an I/O
    /// failure (exit 3) naming the output.
    public static func output(_ error: OutputError) -> AnalysisFailure {
        if case .brokenPipe = error { return .brokenPipe }
        return .inputOutput(error.description)
    }

    /// The failure for a reading error of an input after it was opened: a failed read(2) is an
    /// I/O failure (exit 3); anything else about the input is a usage error (exit 2).
    public static func input(_ error: CSVError, displayName: String) -> AnalysisFailure {
        if case .readFailed = error { return .inputOutput("\(displayName): \(error.description)") }
        return .usage("\(displayName): \(error.description)")
    }

    /// The message for an input with no header line, naming the lines `--skip-lines` passed over.
    static func emptyInputMessage(skippedLines: Int, expected: String) -> String {
        "the input is empty\(skippedLines > 0 ? " after skipping \(skippedLines) lines (--skip-lines)" : ""); expected \(expected)"
    }

    /// The documented exit status: 0 success (and a closed output pipe), 1 data errors, 2 usage
    /// errors, 3 reading or writing failed.
    public var exitCode: Int32 {
        switch kind {
        case .usage: 2
        case .data: 1
        case .inputOutput: 3
        case .brokenPipe: 0
        }
    }
}
