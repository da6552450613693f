import ABIIO

extension FigureEngine {
    /// Loads the columns `request` needs from the input `open` opens; a raw clinic file (no `abi`
    /// column) is scored first with the rules of `abikit score` (``ClinicScores``), which needs a
    /// file that can be opened twice (`isFile`), not standard input.
    /// - Parameters:
    ///   - request: the figure asked for; its column names are resolved against the header.
    ///   - open: opens the input (called twice for a raw clinic file: once to score, once to load).
    ///   - displayName: the input's name in messages (the file name, or `standard input`).
    ///   - isFile: whether `open` may be called more than once.
    ///   - threads: threads for scoring and loading.
    ///   - maps: `--map` texts for scoring a raw clinic file.
    ///   - filter: `--where`, applied to the rows before the figure is computed.
    ///   - filterNotice: receives the line saying how many rows `--where` removed.
    ///   - warn: problems found in the data, as lines of text.
    public static func load(_ request: inout FigureRequest, open: () throws -> CSVChunkReader,
                            displayName: String, isFile: Bool, maps: [String], threads: Int,
                            filter: RowFilter? = nil, filterNotice: ((String) -> Void)? = nil,
                            warn: (String) -> Void) throws(AnalysisFailure) -> (columns: LoadedColumns, notes: [FigureNote]) {
        func reopen() throws(AnalysisFailure) -> CSVChunkReader {
            do { return try open() } catch let failure as AnalysisFailure { throw failure } catch {
                throw .usage("\(displayName): \(error)")
            }
        }
        let source = try ColumnSource.open(try reopen(), displayName: displayName, filter: filter, filterNotice: filterNotice)
        let loader = source.loader
        if request.kind.needsScores && loader.columnIndex(of: "abi") == nil {
            // The rows of a raw clinic file are scored before they are loaded: filter a scored file instead.
            if filter != nil {
                throw .usage("\(displayName): --where needs an abi column; score the clinic file first (abikit score --where ... -o scored.csv)")
            }
            guard isFile else {
                throw .usage("\(displayName): no abi column: plot \(request.kind.rawValue) scores a raw clinic file, which must be a file path")
            }
            let prepared = try ScoringSource.open(try reopen(), displayName: displayName, maps: maps, options: request.scoring)
            request.scorePrefix = prepared.layout.resultPrefix
            if !prepared.columnWarnings.isEmpty { warn(prepared.columnWarnings.map { $0 + "\n" }.joined()) }
            let requests: [ColumnLoader.Request]
            do {
                requests = try FigureEngine.columns(for: request, isPresent: {
                    prepared.headers.contains($0) || $0.hasPrefix(prepared.layout.resultPrefix)
                })
            } catch { throw .usage(error.description) }
            do {
                let (columns, summary) = try ClinicScores.scoreAndLoad(
                    reader: prepared.reader, firstChunk: prepared.firstChunk, headerRecords: prepared.headerRecords,
                    layout: prepared.layout, threads: threads, requests: requests)
                if let issue = prepared.reader.encodingIssue {
                    warn("\(displayName): warning: \(issue.description)\(prepared.reader.invalidUTF8Summary)\n")
                }
                return (columns, summary.rowsWithErrors > 0 ? [.rowsWithScoringErrors(count: summary.rowsWithErrors)] : [])
            } catch .input(let error) {
                throw AnalysisFailure.input(error, displayName: displayName)
            } catch .output(let error) {
                throw AnalysisFailure.output(error)
            } catch {
                // The temporary scored file could not be made or read back: an I/O failure (exit 3).
                throw .inputOutput("\(displayName): \(error.description)")
            }
        }
        var requests: [ColumnLoader.Request]
        do {
            requests = try FigureEngine.columns(for: request, isPresent: { loader.columnIndex(of: $0) != nil })
        } catch { throw .usage(error.description) }
        if request.kind == .forest {
            requests += ["model", "group"].filter { loader.columnIndex(of: $0) != nil }.map { .categorical($0) }
        }
        let loaded = try source.load(requests, threads: threads, command: "plot", warn: warn)
        if request.kind == .trajectories, loaded.columns.count > 1, case .categorical(let times) = loaded.columns[1],
           let bad = TrajectoriesFigure.firstInvalidDate(times, format: request.dateFormat) {
            let dataRow = (loaded.sourceRows?[bad.row] ?? bad.row) + 1
            throw .usage("\(displayName): data row \(dataRow), column \(loaded.names[1]): '\(bad.cell)': \(bad.reason)")
        }
        return (loaded, [])
    }
}
