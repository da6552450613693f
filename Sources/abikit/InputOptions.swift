import ABIIO
import ArgumentParser
import Glibc

/// Input file and dialect options shared by every command that reads CSV.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Input CSV file; '-' or nothing reads standard input.", valueName: "input"))
    var input: String?

    @Option(name: [.short, .long], help: ArgumentHelp(
        "Field delimiter: ',', ';', 'tab' or one ASCII character. Default: detected from the first 64 KiB.",
        valueName: "char"))
    var delimiter: String?

    @Flag(help: "Input numbers use a decimal comma (0,95). Default: detected when the delimiter is ';' or tab.")
    var decimalComma = false

    @Flag(help: "The first line is data, not column names (use --map with column numbers).")
    var noHeaders = false

    @Option(help: ArgumentHelp(
        "Skip this many lines above the header (title lines that device exports write); line numbers in messages still count them.",
        valueName: "n"))
    var skipLines: Int = 0

    /// Bytes read per chunk (tests use tiny chunks to exercise chunk boundaries).
    @Option(help: .hidden)
    var chunkBytes: Int = 3 << 16

    /// The path, or nil for standard input.
    var path: String? { input == nil || input == "-" ? nil : input }

    /// How messages name the input.
    var displayName: String { path ?? "<stdin>" }

    func readerOptions() throws -> CSVReaderOptions {
        var overrides = CSVDialectOverrides()
        if let delimiter {
            do {
                overrides.delimiter = try CSVDialectOverrides.parseDelimiter(delimiter)
            } catch {
                throw CommandFailure.usage("--delimiter: \(error.description)")
            }
        }
        if decimalComma { overrides.decimalComma = true }
        if noHeaders { overrides.hasHeader = false }
        guard chunkBytes >= 1 else { throw CommandFailure.usage("--chunk-bytes must be positive") }
        guard skipLines >= 0 else { throw CommandFailure.usage("--skip-lines must be 0 or more") }
        var options = CSVReaderOptions(blockSize: chunkBytes, overrides: overrides)
        options.skipLines = skipLines
        return options
    }

    /// Opens the input; a missing file or an unusable encoding is a usage error (exit 2), a failing
    /// read (EIO) an I/O failure (exit 3).
    func openReader() throws -> CSVChunkReader {
        let options = try readerOptions()
        do {
            if let path {
                return try CSVChunkReader(path: path, options: options)
            }
            return try CSVChunkReader(fileDescriptor: 0, ownsFileDescriptor: false, sourceName: "<stdin>", options: options)
        } catch {
            // A file that is missing or not readable by us is a usage error; a failing device is not.
            if case .readFailed(_, let code, _) = error,
               ![ENOENT, EACCES, EPERM, EISDIR, ENOTDIR, ELOOP, ENAMETOOLONG].contains(code) {
                throw CommandFailure.input(error, displayName: displayName)
            }
            if case .recordTooLong = error, skipLines > 0 {
                throw CommandFailure.usage("\(displayName): --skip-lines \(skipLines): the first 64 KiB hold fewer lines; expected short title lines above the header")
            }
            throw CommandFailure.usage("\(displayName): \(error.description)")
        }
    }
}

/// Output destination and format.
struct OutputOptions: ParsableArguments {
    @Option(name: [.short, .long], help: ArgumentHelp(
        "Write to this file (atomically: a temporary file renamed into place). Default: standard output.",
        valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Output format: csv, tsv, json (JSON Lines) or markdown.", valueName: "format"))
    var format: TableFormat = .csv

    @Flag(name: .customLong("output-decimal-comma"),
          help: "Write numbers with a decimal comma (and ';' between CSV fields), for spreadsheets set to such a locale.")
    var outputDecimalComma = false

    /// Opens the output. `-o` naming the input (the same path, or the same file through a link,
    /// or the file standard input reads) is a usage error (exit 2): writing it would replace the
    /// original export. A file that cannot be created is an I/O failure (exit 3).
    func openSink(input: InputOptions) throws -> OutputSink {
        guard let output, output != "-" else { return .standardOutput() }
        if let inputPath = input.path {
            if output == inputPath || OutputTarget.sameFile(path: output, asPath: inputPath) {
                throw CommandFailure.usage("-o \(output): names the input file \(inputPath); "
                    + "the original would be replaced. Write to another file")
            }
        } else if OutputTarget.sameFile(path: output, asDescriptor: STDIN_FILENO) {
            throw CommandFailure.usage("-o \(output): is the file standard input reads; "
                + "the original would be replaced. Write to another file")
        }
        do {
            return try OutputSink.atomicFile(path: output)
        } catch {
            throw CommandFailure.output(error)
        }
    }
}

extension TableFormat: ExpressibleByArgument {}

/// Column mapping options.
struct MappingOptions: ParsableArguments {
    @Option(name: .customLong("map"), parsing: .singleValue, help: ArgumentHelp(
        "Map a role to columns, by header or 1-based number: role=COLUMN[,COLUMN...]; several columns are repeated readings; ignore=COLUMN[,COLUMN...] gives columns no role. Repeatable. Roles: \(InputRole.allCases.map(\.rawValue).joined(separator: ", ")), ignore.",
        valueName: "role=columns"))
    var maps: [String] = []
}

/// Whether an output path is an existing file: compared by device and inode, so a symbolic or
/// hard link to the input is recognised as the input.
enum OutputTarget {
    static func sameFile(path: String, asPath other: String) -> Bool {
        var a = stat(), b = stat()
        guard stat(path, &a) == 0, stat(other, &b) == 0 else { return false }
        return isRegular(a) && a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    static func sameFile(path: String, asDescriptor descriptor: Int32) -> Bool {
        var a = stat(), b = stat()
        guard stat(path, &a) == 0, fstat(descriptor, &b) == 0 else { return false }
        return isRegular(a) && a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    /// Devices (`/dev/null`, `/dev/stdout`) are written in place, never replaced: not a conflict.
    private static func isRegular(_ status: stat) -> Bool { (status.st_mode & S_IFMT) == S_IFREG }
}
