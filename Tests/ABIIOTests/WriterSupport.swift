import Glibc
@testable import ABIIO

/// Captures what a writer produces by writing into a temporary file and reading it back.
func render(_ format: TableFormat, decimalComma: Bool = false,
            _ body: (inout any TableWriter) throws -> Void) throws -> String {
    let path = temporaryPath("render.out")
    defer { unlink(path) }
    let sink = try OutputSink.atomicFile(path: path)
    var writer = format.makeWriter(sink: sink, decimalComma: decimalComma)
    try body(&writer)
    try writer.finish()
    return readFile(path)
}

func readFile(_ path: String) -> String {
    let descriptor = open(path, O_RDONLY)
    defer { close(descriptor) }
    var result: [UInt8] = []
    var block = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count <= 0 { break }
        result.append(contentsOf: block[0..<count])
    }
    return String(decoding: result, as: UTF8.self)
}

func writeFile(_ path: String, _ text: String) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    _ = Array(text.utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    close(descriptor)
}

func fileExists(_ path: String) -> Bool {
    access(path, F_OK) == 0
}

/// The names in directory `path` (without `.` and `..`), sorted.
func directoryEntries(_ path: String) -> [String] {
    guard let directory = opendir(path) else { return [] }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}
