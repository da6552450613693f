import ABICore
import ABIIO
import Glibc

/// The one place where the figures score a raw clinic file: through the scoring engine's public
/// API (`ScoreEngine`, writing CSV to an unnamed temporary file that is read back through its
/// descriptor), so the figures show exactly what `abikit score` writes. The file is unlinked right
/// after `mkstemp`, so nothing is left under `$TMPDIR` whatever ends the process (SIGINT, SIGTERM,
/// SIGKILL, a crash).
public enum ClinicScores {
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case temporaryFile(String)
        case output(OutputError)
        case input(CSVError)
        case columns(ColumnLoaderError)

        public var description: String {
            switch self {
            case .temporaryFile(let message): return "cannot create a temporary file: \(message)"
            case .output(let error): return "writing scores: \(error)"
            case .input(let error): return error.description
            case .columns(let error): return error.description
            }
        }
    }

    /// Scores every record of `reader` with `layout` and loads `requests` (names as `abikit score`
    /// writes them: `layout.resultPrefix + "abi"`, ...) from the scored rows.
    /// - Returns: the columns and the scoring summary (rows with errors have no ABI).
    public static func scoreAndLoad(reader: CSVChunkReader, firstChunk: CSVChunk?, headerRecords: Int, layout: ScoreLayout,
                                    threads: Int, requests: [ColumnLoader.Request]) throws(Failure) -> (columns: LoadedColumns, summary: ScoreSummary) {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(directory)/abikit-plot-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw .temporaryFile(String(cString: strerror(errno))) }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // The name goes at once; the descriptor keeps the data until it is closed.
        unlink(path)
        defer { close(descriptor) }
        let sink = OutputSink(fileDescriptor: descriptor, name: path)
        let engine = ScoreEngine(layout: layout, delimiter: reader.dialect.delimiter, format: .csv, decimalCommaOutput: false,
                                 threads: threads, sourceName: reader.sourceName)
        let summary: ScoreSummary
        do {
            summary = try engine.run(reader: reader, firstChunk: firstChunk.map { ($0, headerRecords) }, sink: sink) { _ in }
        } catch let error as OutputError {
            throw .output(error)
        } catch let error as CSVError {
            throw .input(error)
        } catch {
            throw .temporaryFile("\(error)")
        }
        do {
            guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw Failure.temporaryFile(String(cString: strerror(errno))) }
            let loader = try ColumnLoader(reader: CSVChunkReader(fileDescriptor: descriptor, ownsFileDescriptor: false, sourceName: path))
            return (try loader.load(requests, threads: threads, maximumIssues: 0), summary)
        } catch let error as CSVError {
            throw .input(error)
        } catch let error as ColumnLoaderError {
            throw .columns(error)
        } catch let error as Failure {
            throw error
        } catch {
            throw .temporaryFile("\(error)")
        }
    }
}
