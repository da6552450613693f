import ABIAnalysis
import ABIIO
import ArgumentParser
import Dispatch

/// `--threads` and `--quiet`, the same in every command.
struct RunOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Worker threads (default: all cores); results do not depend on it.", valueName: "n"))
    var threads: Int = Platform.processorCount

    @Flag(help: "No summary or progress on standard error.")
    var quiet = false

    func validate() throws {
        guard threads >= 1 && threads <= 256 else { throw ValidationError("--threads must be from 1 to 256") }
    }
}

/// Column lists (`--columns`, `--by`, `--categorical`, ...): repeatable, each value one name or
/// several separated by commas; names are trimmed and an empty name is refused.
enum ColumnList {
    static func names(_ values: [String], option: String) throws -> [String] {
        var names: [String] = []
        for value in values {
            for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                let name = part.trimmedWhitespace()
                if name.isEmpty { throw CommandFailure.usage("\(option): empty column name in '\(value)'") }
                names.append(name)
            }
        }
        return names
    }
}

extension CorrelationAnalysis.Method: ExpressibleByArgument {}
extension CorrelationAnalysis.Missing: ExpressibleByArgument {}
extension CorrelationRenderer.Layout: ExpressibleByArgument {}

/// Wall-clock seconds of a piece of work (for `--report-timing`).
enum Timed {
    static func measure(_ work: () throws -> Void) throws -> Double {
        let start = DispatchTime.now()
        try work()
        return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}

/// `--where`, the same in every command that reads rows (docs/options.md has the grammar).
struct FilterOptions: ParsableArguments {
    @Option(name: .customLong("where"), help: ArgumentHelp(
        "Keep only rows where this holds: comparisons (== != < <= > >=), and, or, not, in (...); e.g. \"week in (0, 12) and arm != 'control'\". Removed rows are counted on standard error.",
        valueName: "filter"))
    var text: String?

    /// The parsed filter; a syntax error is a usage error (exit 2) with a caret under the place.
    func parsed() throws -> RowFilter? {
        guard let text else { return nil }
        do { return try RowFilter(text) } catch {
            throw CommandFailure.usage(error.description + "\n" + error.pointer(in: text))
        }
    }

    /// Writes how many rows the filter removed to standard error (also with --quiet: rows never
    /// leave the analysis silently).
    static func notice(command: String) -> (String) -> Void {
        { line in writeToStandardError("abikit \(command): \(line)\n") }
    }
}
