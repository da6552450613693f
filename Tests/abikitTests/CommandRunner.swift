import Foundation
import TestSupport
import Testing

/// Runs the built `abikit` binary, the way a user or a pipeline does.
struct CommandResult {
    var stdout: String
    var stderr: String
    var status: Int32
}

enum Paths {
    /// The package root.
    static let packageRoot = TestSupport.packageRoot
    static let fixtures = packageRoot.appendingPathComponent("Fixtures")

    /// The `abikit` executable beside the test bundle in the build folder.
    static let executable: URL = {
        let self_ = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = self_.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("abikit")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let procSelf = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        return procSelf.appendingPathComponent("abikit")
    }()

    static func fixture(_ relative: String) -> String { fixtures.appendingPathComponent(relative).path }

    /// A fresh temporary directory for one test, removed with everything in it when the test
    /// process exits.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("abikit-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        TemporaryDirectories.shared.register(url)
        return url
    }
}

/// The tests' temporary directories, removed at exit (tests run in parallel, and most hold their
/// directory until their last assertion, so no test removes its own).
final class TemporaryDirectories: @unchecked Sendable {
    static let shared: TemporaryDirectories = {
        let directories = TemporaryDirectories()
        atexit { TemporaryDirectories.shared.removeAll() }
        return directories
    }()

    private let lock = NSLock()
    private var urls: [URL] = []

    func register(_ url: URL) {
        lock.lock()
        urls.append(url)
        lock.unlock()
    }

    func removeAll() {
        lock.lock()
        let registered = urls
        urls = []
        lock.unlock()
        for url in registered { try? FileManager.default.removeItem(at: url) }
    }
}

/// The bytes abikit wrote and its exit status.
struct RawCommandResult {
    var stdout: Data
    var stderr: Data
    var status: Int32
}

/// Runs abikit with `arguments`, feeding `stdin` if given; waits for it to finish.
func runABIKit(_ arguments: [String], stdin: Data? = nil, currentDirectory: URL? = nil) throws -> CommandResult {
    let raw = try runABIKitRaw(arguments, stdin: stdin, currentDirectory: currentDirectory)
    return CommandResult(stdout: String(decoding: raw.stdout, as: UTF8.self),
                         stderr: String(decoding: raw.stderr, as: UTF8.self),
                         status: raw.status)
}

/// Runs abikit and keeps its output as bytes (for byte-exact comparisons).
func runABIKitRaw(_ arguments: [String], stdin: Data? = nil, currentDirectory: URL? = nil) throws -> RawCommandResult {
    try runProcessRaw(Paths.executable, arguments, stdin: stdin, currentDirectory: currentDirectory)
}

/// Runs any executable with `arguments` (standard input a pipe fed `stdin`), output as bytes.
func runProcessRaw(_ executable: URL, _ arguments: [String], stdin: Data? = nil,
                   currentDirectory: URL? = nil) throws -> RawCommandResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    // Always a pipe (closed at once when there is no input), never FileHandle.nullDevice: on a machine
    // where /dev/null had been replaced by a regular file, a child reading standard input got its junk.
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    // Read both pipes concurrently so neither fills up and blocks the child.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return RawCommandResult(stdout: outData, stderr: errData, status: process.terminationStatus)
}

/// Parses simple CSV text (RFC 4180 quoting) into rows, for checking outputs (TSV with `delimiter: "\t"`).
func parseCSV(_ text: String, delimiter: Unicode.Scalar = ",") -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = ""
    var inQuotes = false, afterQuote = false
    var iterator = Array(text.unicodeScalars).makeIterator()
    var pending: Unicode.Scalar? = nil
    while let c = pending ?? iterator.next() {
        pending = nil
        if inQuotes {
            if c == "\"" {
                if let next = iterator.next() {
                    if next == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; afterQuote = true; pending = next }
                } else { inQuotes = false }
            } else { field.unicodeScalars.append(c) }
            continue
        }
        switch c {
        case "\"" where field.isEmpty && !afterQuote: inQuotes = true
        case delimiter: row.append(field); field = ""; afterQuote = false
        case "\n": row.append(field); rows.append(row); row = []; field = ""; afterQuote = false
        case "\r": continue
        default: field.unicodeScalars.append(c)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}
