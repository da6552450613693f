import Testing
@testable import ABIIO

/// The score pipeline: chunks are read and scored by workers in any order, but finished strictly in
/// input order; errors stop it cleanly (no hang, no trap on the way out).
@Suite struct ChunkPipelineTests {
    final class Slot {}

    struct Failure: Error, Equatable { let sequence: Int }

    /// 400 records `index,text` read in small chunks, so there are many more chunks than the window.
    static func reader(records: Int = 400, blockSize: Int = 64, maximumRecordBytes: Int = 16 << 20) throws -> CSVChunkReader {
        var text = ""
        for index in 0..<records { text += "\(index),row\n" }
        return try CSVChunkReader(bytes: Array(text.utf8),
                                  options: CSVReaderOptions(blockSize: blockSize, maximumRecordBytes: maximumRecordBytes))
    }

    /// The first field of every record in a chunk.
    static func firstFields(_ chunk: CSVChunk) -> [Int] {
        var parser = CSVRecordParser(chunk: chunk, delimiter: UInt8(ascii: ","))
        var values: [Int] = []
        while (try? parser.nextRecord()) == true { values.append(Int(parser.fieldString(at: 0)) ?? -1) }
        return values
    }

    @Test(arguments: [1, 2, 3, 8])
    func finishesEveryChunkInInputOrder(threads: Int) throws {
        let pipeline = ChunkPipeline<Slot, (index: Int, values: [Int])>(
            reader: try Self.reader(), firstChunk: nil, window: threads * 2 + 2, makeSlot: { Slot() })
        var finished: [(index: Int, values: [Int])] = []
        try pipeline.run(threads: threads, score: { chunk, _, _ in (chunk.index, Self.firstFields(chunk)) },
                         finish: { result, _ in finished.append(result) })
        #expect(finished.count > 20)
        #expect(finished.map(\.index) == Array(0..<finished.count))
        #expect(finished.flatMap(\.values) == Array(0..<400))
    }

    @Test func takesTheGivenFirstChunkFirstWithItsSkipCount() throws {
        let reader = try Self.reader()
        let first = try #require(try reader.nextChunk())
        let pipeline = ChunkPipeline<Slot, (skip: Int, values: [Int])>(
            reader: reader, firstChunk: (first, 1), window: 4, makeSlot: { Slot() })
        var finished: [(skip: Int, values: [Int])] = []
        try pipeline.run(threads: 2, score: { chunk, skip, _ in (skip, Self.firstFields(chunk)) },
                         finish: { result, _ in finished.append(result) })
        #expect(finished.first?.skip == 1)
        #expect(finished.dropFirst().allSatisfy { $0.skip == 0 })
        #expect(finished.flatMap(\.values) == Array(0..<400))
    }

    @Test(arguments: [1, 2, 4])
    func stopsAtTheFirstErrorFinishThrows(threads: Int) throws {
        let pipeline = ChunkPipeline<Slot, Int>(reader: try Self.reader(), firstChunk: nil, window: threads * 2 + 2,
                                                makeSlot: { Slot() })
        var finished: [Int] = []
        #expect(throws: Failure(sequence: 5)) {
            try pipeline.run(threads: threads, score: { chunk, _, _ in chunk.index }, finish: { index, _ in
                if index == 5 { throw Failure(sequence: index) }
                finished.append(index)
            })
        }
        #expect(finished == [0, 1, 2, 3, 4])
    }

    @Test func rethrowsAReadErrorAfterFinishingTheChunksBeforeIt() throws {
        // Record 300 is longer than the reader allows.
        var text = ""
        for index in 0..<300 { text += "\(index),row\n" }
        text += "300," + String(repeating: "x", count: 500) + "\n"
        for index in 301..<320 { text += "\(index),row\n" }
        let reader = try CSVChunkReader(bytes: Array(text.utf8),
                                        options: CSVReaderOptions(blockSize: 64, maximumRecordBytes: 256))
        let pipeline = ChunkPipeline<Slot, [Int]>(reader: reader, firstChunk: nil, window: 6, makeSlot: { Slot() })
        var values: [Int] = []
        #expect(throws: CSVError.self) {
            try pipeline.run(threads: 2, score: { chunk, _, _ in Self.firstFields(chunk) },
                             finish: { chunkValues, _ in values += chunkValues })
        }
        #expect(values == Array(0..<300))
    }

    @Test func handsEachChunkTheSlotOfItsWindowPosition() throws {
        final class CountingSlot { var uses = 0 }
        let window = 3
        var made: [CountingSlot] = []
        let pipeline = ChunkPipeline<CountingSlot, Int>(reader: try Self.reader(), firstChunk: nil, window: window,
                                                        makeSlot: { let slot = CountingSlot(); made.append(slot); return slot })
        var count = 0
        try pipeline.run(threads: 2, score: { chunk, _, slot in
            slot.uses += 1  // one task per slot at a time, so no race
            return chunk.index
        }, finish: { index, slot in
            #expect(slot === made[index % window])
            count += 1
        })
        #expect(made.count == window)
        #expect(made.map(\.uses).reduce(0, +) == count)
    }
}
