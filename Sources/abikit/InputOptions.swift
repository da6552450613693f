import ABIIO
import ArgumentParser

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
        return CSVReaderOptions(blockSize: chunkBytes, overrides: overrides)
    }

    /// Opens the input; a missing file or an unusable encoding is a usage error (exit 2).
    func openReader() throws -> CSVChunkReader {
        let options = try readerOptions()
        do {
            if let path {
                return try CSVChunkReader(path: path, options: options)
            }
            return try CSVChunkReader(fileDescriptor: 0, ownsFileDescriptor: false, sourceName: "<stdin>", options: options)
        } catch {
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

    func openSink() throws -> OutputSink {
        guard let output, output != "-" else { return .standardOutput() }
        do {
            return try OutputSink.atomicFile(path: output)
        } catch {
            throw CommandFailure.usage("cannot write \(output): \(error)")
        }
    }
}

extension TableFormat: ExpressibleByArgument {}

/// Column mapping options.
struct MappingOptions: ParsableArguments {
    @Option(name: .customLong("map"), parsing: .singleValue, help: ArgumentHelp(
        "Map a role to columns, by header or 1-based number: role=COLUMN[,COLUMN...]; several columns are repeated readings. Repeatable. Roles: \(InputRole.allCases.map(\.rawValue).joined(separator: ", ")).",
        valueName: "role=columns"))
    var maps: [String] = []
}
