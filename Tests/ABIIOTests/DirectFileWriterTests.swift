import CTemporaryFileCleanup
import Glibc
import Testing
import TestSupport
@testable import ABIIO

/// Atomic output files written with direct I/O (``DirectFileWriter``): every size around the block
/// boundaries, written in pieces of every size, reads back byte for byte; a refused direct write
/// falls back to the page cache without losing a byte; an abandoned file leaves nothing behind.
@Suite struct DirectFileWriterTests {
    static let block = DirectFileWriter.blockSize

    /// Seeded bytes, a line break every 64, so a mismatch is easy to place.
    static func pattern(count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { index in
            index % 64 == 63 ? UInt8(ascii: "\n") : UInt8(ascii: "a") + UInt8(generator.next() % 26)
        }
    }

    static func readBytes(_ path: String) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    /// Writes `bytes` through an atomic sink in pieces of seeded sizes up to `largestPiece`.
    static func writeInPieces(_ bytes: [UInt8], to path: String, largestPiece: Int, seed: UInt64,
                              misaligned: Bool = false) throws -> OutputSink {
        let sink = try OutputSink.atomicFile(path: path, misalignedDirectIOForTesting: misaligned)
        var generator = SplitMix64(seed: seed)
        var start = 0
        try bytes.withUnsafeBytes { raw in
            while start < bytes.count {
                let piece = min(bytes.count - start, 1 + Int(generator.next() % UInt64(largestPiece)))
                try sink.write(UnsafeRawBufferPointer(rebasing: raw[start..<(start + piece)]))
                start += piece
            }
        }
        return sink
    }

    @Test(arguments: [0, 1, 4095, 4096, block - 1, block, block + 1, 2 * block, 2 * block + 4097, 5 * block + 3])
    func everySizeReadsBackByteForByte(size: Int) throws {
        let path = temporaryPath("direct-\(size).csv")
        defer { unlink(path) }
        let bytes = Self.pattern(count: size, seed: UInt64(size))
        for largestPiece in [7, 70_000, 3 * Self.block] {
            let sink = try Self.writeInPieces(bytes, to: path, largestPiece: largestPiece, seed: UInt64(largestPiece))
            try sink.commit()
            let written = Self.readBytes(path)
            #expect(written.count == size, "size \(size), pieces up to \(largestPiece)")
            #expect(firstDifferingLine(written, bytes) == nil, "size \(size), pieces up to \(largestPiece)")
        }
    }

    /// Where the file system supports direct I/O (ext4 and xfs do; this test's directory is /tmp),
    /// the sink uses it and still uses it at the end: no write was refused.
    @Test func largeOutputBypassesThePageCacheWhereSupported() throws {
        let path = temporaryPath("direct-large.csv")
        defer { unlink(path) }
        let bytes = Self.pattern(count: 3 * Self.block + 100, seed: 5)
        let sink = try Self.writeInPieces(bytes, to: path, largestPiece: 100_000, seed: 6)
        var alignment: (UInt32, UInt32) = (0, 0)
        let supported = abikitDirectIOAlignment(sink.fileDescriptor, &alignment)
        #expect((sink.directWriter != nil) == supported)
        if let writer = sink.directWriter { #expect(writer.writesDirectly) }
        try sink.commit()
        #expect(Self.readBytes(path) == bytes)
    }

    /// A direct write the kernel refuses (here: a block one byte off its alignment, `EINVAL`) turns
    /// direct I/O off and the same bytes go through the page cache.
    @Test func refusedDirectWriteFallsBackWithoutLosingBytes() throws {
        let path = temporaryPath("direct-refused.csv")
        defer { unlink(path) }
        let bytes = Self.pattern(count: 2 * Self.block + 12_345, seed: 7)
        let sink = try Self.writeInPieces(bytes, to: path, largestPiece: 300_000, seed: 8, misaligned: true)
        try sink.commit()
        if let writer = sink.directWriter { #expect(!writer.writesDirectly) }
        #expect(Self.readBytes(path) == bytes)
    }

    /// A write that fails (here: a descriptor open for reading, `EBADF`) is reported by `append`
    /// once it is known and always by `finish`, and the file gets nothing more.
    @Test func aFailedWriteIsReported() throws {
        let path = temporaryPath("direct-read-only.csv")
        writeFile(path, "")
        defer { unlink(path) }
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var alignment: (UInt32, UInt32) = (0, 0)
        try #require(abikitDirectIOAlignment(descriptor, &alignment) == (DirectFileWriter.make(fileDescriptor: descriptor) != nil))
        guard let writer = DirectFileWriter.make(fileDescriptor: descriptor) else { return }  // no direct I/O on this file system
        let bytes = Self.pattern(count: 3 * Self.block + 5, seed: 12)
        var reported: [Int32] = []
        for piece in stride(from: 0, to: bytes.count, by: 100_000) {
            bytes.withUnsafeBytes { raw in
                if let code = writer.append(UnsafeRawBufferPointer(rebasing: raw[piece..<min(piece + 100_000, bytes.count)])) {
                    reported.append(code)
                }
            }
        }
        #expect(reported.allSatisfy { $0 == EBADF })
        #expect(writer.finish() == EBADF)
        #expect(writer.failure == EBADF)
        #expect(readFile(path).isEmpty)
    }

    /// Abandoned after several blocks went out: the target keeps its old bytes and no temporary
    /// file is left in the directory.
    @Test func abandonedAfterSeveralBlocksLeavesNothingBehind() throws {
        let directory = temporaryPath("direct-dir")
        mkdir(directory, 0o700)
        defer { rmdir(directory) }
        let path = directory + "/out.csv"
        writeFile(path, "old\n")
        defer { unlink(path) }
        let bytes = Self.pattern(count: 3 * Self.block + 1, seed: 9)
        do {
            let sink = try Self.writeInPieces(bytes, to: path, largestPiece: 500_000, seed: 10)
            sink.discard()
        }
        do {
            // Released without commit or discard, as when an error unwinds the CLI.
            _ = try Self.writeInPieces(bytes, to: path, largestPiece: 500_000, seed: 11)
        }
        #expect(readFile(path) == "old\n")
        #expect(directoryEntries(directory) == ["out.csv"])
    }
}

/// Whether the kernel reports direct I/O alignment for `descriptor` (what ``DirectFileWriter/make``
/// requires).
func abikitDirectIOAlignment(_ descriptor: Int32, _ alignment: inout (UInt32, UInt32)) -> Bool {
    abikit_direct_io_alignment(descriptor, &alignment.0, &alignment.1) == 0
}
