import ABIBatch
import ABIIO

/// An input opened for the column-wise commands (`describe`, `regress`, `correlate`): its header
/// read, and the name messages give it.
public struct ColumnSource {
    public let loader: ColumnLoader
    /// How messages name the input (the path, or `<stdin>`).
    public let displayName: String
    /// `--where`: only the rows it keeps are loaded (``loadRows(_:threads:maximumIssues:exactDecimalShift:)``).
    public private(set) var filter: RowFilter? = nil
    /// Told, once the rows are loaded, how many rows `filter` removed (a line for standard error:
    /// a filter never removes rows silently).
    public var filterNotice: ((String) -> Void)? = nil

    /// Reads the header of `reader`; an unreadable or empty input is a usage failure, and so is a
    /// `filter` naming a column the header does not have (the message lists the headers and
    /// points at the column in the filter).
    public static func open(_ reader: CSVChunkReader, displayName: String, emptyMessage: String? = nil,
                            filter: RowFilter? = nil, filterNotice: ((String) -> Void)? = nil) throws(AnalysisFailure) -> ColumnSource {
        let loader: ColumnLoader
        do {
            loader = try ColumnLoader(reader: reader)
        } catch {
            throw .usage("\(displayName): \(error.description)")
        }
        guard !loader.headers.isEmpty else {
            throw .usage("\(displayName): " + (emptyMessage ?? AnalysisFailure.emptyInputMessage(
                skippedLines: reader.options.skipLines, expected: "a header line and rows of data")))
        }
        var source = ColumnSource(loader: loader, displayName: displayName)
        if let filter {
            try RowFilterBinding.check(filter, displayName: displayName, headers: loader.headers) { loader.columnIndex(of: $0) != nil }
            source.filter = filter
            source.filterNotice = filterNotice
        }
        return source
    }

    /// Loads `requests` (and the columns `filter` reads), keeps only the rows `filter` keeps and
    /// returns the requested columns. Every engine that reads columns loads them here, so `--where`
    /// means the same in every command. Issues keep the input's line numbers.
    public func loadRows(_ requests: [ColumnLoader.Request], threads: Int, maximumIssues: Int = 10,
                         exactDecimalShift: Bool = false) throws(ColumnLoaderError) -> LoadedColumns {
        guard let filter else {
            return try loader.load(requests, threads: threads, maximumIssues: maximumIssues, exactDecimalShift: exactDecimalShift)
        }
        var all = requests
        for name in filter.columnNames where !all.contains(where: { $0.name == name }) { all.append(.automatic(name)) }
        let loaded = try loader.load(all, threads: threads, maximumIssues: maximumIssues, exactDecimalShift: exactDecimalShift)
        // Names were checked at open; a column requested twice under another spelling is found by name.
        let keep = (try? filter.evaluate(loaded)) ?? Array(repeating: false, count: loaded.rowCount)
        let kept = loaded.keepingRows(keep, names: requests.map(\.name))
        filterNotice?(RowFilterBinding.notice(filter, removed: loaded.rowCount - kept.rowCount, of: loaded.rowCount))
        return kept
    }

    /// Loads `requests`; unknown columns are usage failures listing the headers. Problems found in
    /// the data (cells that are not numbers, short records) go to `warn` as lines of text (the
    /// first 10 and a count), prefixed with `command`, before any result exists.
    public func load(_ requests: [ColumnLoader.Request], threads: Int, command: String,
                     warn: (String) -> Void) throws(AnalysisFailure) -> LoadedColumns {
        let loaded: LoadedColumns
        do {
            loaded = try loadRows(requests, threads: threads, maximumIssues: 10)
        } catch {
            if case .read(let readError) = error { throw AnalysisFailure.input(readError, displayName: displayName) }
            throw .usage("\(displayName): \(error.description)")
        }
        var text = ""
        for issue in loaded.issues { text += "\(displayName):\(issue.line):\(issue.column.map { "\($0):" } ?? "") warning: \(issue.message)\n" }
        if loaded.issueCount > loaded.issues.count {
            text += "abikit \(command): ... \(loaded.issueCount - loaded.issues.count) more problems in the input\n"
        }
        if loaded.invalidNumberCount > 0 {
            let count = loaded.invalidNumberCount
            text += "abikit \(command): \(count) cell\(count == 1 ? " that is not a number" : "s that are not numbers") read as missing\n"
        }
        if let warning = encodingWarning { text += warning + "\n" }
        if !text.isEmpty { warn(text) }
        return loaded
    }

    /// `FILE: warning: line L, column C: byte 0xFC is not valid UTF-8 ...` once the input has been
    /// read, when a UTF-8 file held bytes read as Windows-1252 (the output is valid UTF-8 either way).
    public var encodingWarning: String? {
        loader.encodingIssue.map { "\(displayName): warning: \($0.description)\(loader.invalidUTF8Summary)" }
    }

    /// One line describing how the input was read.
    public var dialectLine: String {
        let dialect = loader.dialect
        return "\(loader.sourceName): \(dialect.encoding.rawValue), delimiter \(dialect.delimiterName), "
            + "decimal mark '\(dialect.decimalMark.rawValue)', " + (dialect.hasHeader ? "header" : "no header (columns V1, V2, ...)")
    }
}

extension BatchError {
    /// A message for the command line; formula syntax errors point at the character.
    /// - Parameters:
    ///   - formula: the formula as given, drawn under a syntax error's caret.
    ///   - dataRow: the input's 1-based data row of a 0-based row of the data the model was given
    ///     (after `--where`, `--by` grouping); without it a row is named within that data.
    public func message(formula: String?, dataRow: ((Int) -> Int)? = nil) -> String {
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
        case .nonFiniteColumnValue(let column, let value, let row):
            let place = dataRow.map { "in data row \($0(row))" } ?? "in row \(row + 1) of the model's data"
            return "column '\(column)': value \(value) \(place) is not finite (a transformation out of its domain, such as log(0), or an overflow)"
        case .unknownReferenceLevel(let column, let level): return "--reference: factor '\(column)' has no level '\(level)'"
        case .invalidArgument(let text): return text
        }
    }

    /// Whether the user must change the command (exit 2) rather than the data (exit 1).
    public var isUsageError: Bool {
        switch self {
        case .formulaSyntax, .unknownColumn, .invalidColumnUse, .unknownReferenceLevel, .invalidArgument: return true
        default: return false
        }
    }
}
