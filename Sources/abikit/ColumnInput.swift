import ABIBatch
import ABIIO

/// Loads named columns of the input for the analysis commands (`regress`, `correlate`) and reports
/// the loader's problems on standard error as `FILE:LINE:COLUMN: warning: message`.
enum ColumnInput {
    /// Opens the input and reads its header; an unreadable or empty input is a usage error.
    static func open(_ input: InputOptions) throws -> ColumnLoader {
        let reader = try input.openReader()
        let loader: ColumnLoader
        do {
            loader = try ColumnLoader(reader: reader)
        } catch {
            throw CommandFailure.usage("\(input.displayName): \(error.description)")
        }
        guard !loader.headers.isEmpty else {
            throw CommandFailure.usage("\(input.displayName): the input is empty; expected a header line and rows of data")
        }
        return loader
    }

    /// Loads `requests`; unknown columns are usage errors listing the headers. Problems found in
    /// the data (cells that are not numbers, short records) are written to standard error (the
    /// first 10 and a count), prefixed with `command`.
    static func load(_ loader: ColumnLoader, _ requests: [ColumnLoader.Request], threads: Int, input: InputOptions,
                     command: String) throws -> LoadedColumns {
        let loaded: LoadedColumns
        do {
            loaded = try loader.load(requests, threads: threads, maximumIssues: 10)
        } catch {
            throw CommandFailure.usage("\(input.displayName): \(error.description)")
        }
        var text = ""
        for issue in loaded.issues { text += "\(input.displayName):\(issue.line):\(issue.column.map { "\($0):" } ?? "") warning: \(issue.message)\n" }
        if loaded.issueCount > loaded.issues.count {
            text += "abikit \(command): ... \(loaded.issueCount - loaded.issues.count) more problems in the input\n"
        }
        if loaded.invalidNumberCount > 0 {
            let count = loaded.invalidNumberCount
            text += "abikit \(command): \(count) cell\(count == 1 ? " that is not a number" : "s that are not numbers") read as missing\n"
        }
        if !text.isEmpty { writeToStandardError(text) }
        return loaded
    }

    /// One line describing how the input was read.
    static func dialectLine(_ loader: ColumnLoader) -> String {
        let dialect = loader.dialect
        return "\(loader.sourceName): \(dialect.encoding.rawValue), delimiter \(dialect.delimiterName), "
            + "decimal mark '\(dialect.decimalMark.rawValue)', " + (dialect.hasHeader ? "header" : "no header (columns V1, V2, ...)")
    }
}

extension BatchError {
    /// A message for the command line; formula syntax errors point at the character.
    func message(formula: String?) -> String {
        switch self {
        case .emptyDesign: return "the model has no rows or no columns"
        case .dimensionMismatch(let what, let expected, let actual): return "\(what): expected \(expected), found \(actual)"
        case .nonFiniteValue(let row, let column):
            return "a value that is not finite in data row \(row + 1)" + (column.map { ", design column \($0 + 1)" } ?? " (response)")
        case .tooFewObservations(let needed, let available):
            return "too few complete rows: \(available), need at least \(needed)"
        case .lapackFailure(let routine, let info): return "LAPACK \(routine) failed (info \(info))"
        case .formulaSyntax(let position, let expected, let found):
            var text = "--formula: at character \(position + 1): expected \(expected), found \(found)"
            if let formula {
                text += "\n  \(formula)\n  " + String(repeating: " ", count: max(0, position)) + "^"
            }
            return text
        case .unknownColumn(let name): return "no column '\(name)'"
        case .invalidColumnUse(let column, let reason): return "column '\(column)': \(reason)"
        case .unknownReferenceLevel(let column, let level): return "--reference: factor '\(column)' has no level '\(level)'"
        case .invalidArgument(let text): return text
        }
    }

    /// Whether the user must change the command (exit 2) rather than the data (exit 1).
    var isUsageError: Bool {
        switch self {
        case .formulaSyntax, .unknownColumn, .invalidColumnUse, .unknownReferenceLevel, .invalidArgument: return true
        default: return false
        }
    }
}
