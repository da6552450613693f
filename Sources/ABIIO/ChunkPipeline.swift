import Dispatch

/// Runs chunks through `threads` worker threads that each read the next chunk (under a lock) and
/// score it, while the calling thread finishes chunks strictly in input order (the visit-change
/// pass, counts, diagnostics, writing). No barrier between rounds: a worker starts a new chunk as
/// soon as it is done, so both the serial reading and the serial in-order work overlap with
/// scoring. At most `window` chunks are in flight, each with its own reusable slot, so memory is
/// bounded by the window, not by the file.
public final class ChunkPipeline<Slot: AnyObject, Result>: @unchecked Sendable {
    private enum Outcome {
        case scored(Result)
        case end
        case failed(Error)
    }

    private let reader: CSVChunkReader
    private let window: Int
    private let slots: [Slot]
    // Both made with value 0 and signalled up: libdispatch traps when a semaphore is freed with a
    // value below the one it was made with, which an early stop (a closed pipe) can leave.
    private let freeSlots = DispatchSemaphore(value: 0)
    private let readLock = DispatchSemaphore(value: 0)
    private let ready: [DispatchSemaphore]
    /// One per window position; written by a worker before it signals `ready`, read after.
    private let outcomes: UnsafeMutableBufferPointer<Outcome?>
    // Guarded by readLock.
    private var pendingFirst: (CSVChunk, Int)?
    private var nextSequence = 0
    /// Set by the worker that reaches the end or a read error, or by the consumer when it stops
    /// (done or failed): workers then take no more chunks.
    private var stopped = false

    public init(reader: CSVChunkReader, firstChunk: (CSVChunk, Int)?, window: Int, makeSlot: () -> Slot) {
        precondition(window >= 1, "window must be at least 1")
        self.reader = reader
        self.window = window
        slots = (0..<window).map { _ in makeSlot() }
        for _ in 0..<window { freeSlots.signal() }
        readLock.signal()
        ready = (0..<window).map { _ in DispatchSemaphore(value: 0) }
        outcomes = .allocate(capacity: window)
        outcomes.initialize(repeating: nil)
        pendingFirst = firstChunk
    }

    deinit {
        _ = outcomes.deinitialize()
        outcomes.deallocate()
    }

    /// Scores with `threads` workers (`score(chunk, skipRecords, slot)`) and hands each result to
    /// `finish` on the calling thread, in input order. Rethrows the first read error after
    /// finishing every chunk before it, or the first error `finish` throws.
    public func run(threads: Int, score: @escaping (CSVChunk, Int, Slot) -> Result, finish: (inout Result, Slot) throws -> Void) throws {
        let group = DispatchGroup()
        nonisolated(unsafe) let score = score
        for _ in 0..<max(1, threads) {
            DispatchQueue.global().async(group: group) { [self] in work(score) }
        }
        defer {
            readLock.wait()
            stopped = true
            readLock.signal()
            // Workers blocked on a free slot wake up, see `stopped` and leave.
            for _ in 0..<max(1, threads) { freeSlots.signal() }
            group.wait()
        }
        var sequence = 0
        while true {
            let position = sequence % window
            ready[position].wait()
            // Taken out of its place and consumed: `finish` holds the only reference to the result's
            // arrays, so changing them does not copy them.
            guard let outcome = outcomes[position].take() else { preconditionFailure("a ready chunk has an outcome") }
            switch consume outcome {
            case .end: return
            case .failed(let error): throw error
            case .scored(var result):
                try finish(&result, slots[position])
                freeSlots.signal()
            }
            sequence += 1
        }
    }

    private func work(_ score: (CSVChunk, Int, Slot) -> Result) {
        while true {
            freeSlots.wait()
            readLock.wait()
            if stopped {
                readLock.signal()
                return
            }
            let sequence = nextSequence
            let position = sequence % window
            let next: (CSVChunk, Int)?
            var failure: Error?
            if let first = pendingFirst {
                next = first
                pendingFirst = nil
            } else {
                do { next = try reader.nextChunk().map { ($0, 0) } } catch { next = nil; failure = error }
            }
            if next == nil { stopped = true }
            nextSequence += 1
            readLock.signal()
            guard let (chunk, skip) = next else {
                outcomes[position] = failure.map { .failed($0) } ?? .end
                ready[position].signal()
                return
            }
            outcomes[position] = .scored(score(chunk, skip, slots[position]))
            ready[position].signal()
        }
    }
}

/// A replacement for `range` of a chunk's output bytes.
public struct OutputPatch: Sendable {
    public var range: Range<Int>
    public var replacement: [UInt8]

    public init(range: Range<Int>, replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }
}

/// A chunk's output: its rows, with a few of them patched after the visit-change pass.
public struct ChunkOutput: @unchecked Sendable {
    public var buffer: OutputBuffer
    public var patches: [OutputPatch]
    /// Room to assemble the patched bytes (a slot's spare buffer).
    public var scratch: OutputBuffer

    public init(buffer: OutputBuffer, patches: [OutputPatch], scratch: OutputBuffer) {
        self.buffer = buffer
        self.patches = patches
        self.scratch = scratch
    }

    /// Writes the bytes with the patches applied: a few patches as separate writes, many by
    /// assembling the chunk first (fewer system calls).
    public mutating func write(to sink: OutputSink) throws {
        defer { buffer.discardPending() }
        if patches.isEmpty {
            try buffer.write(to: sink)
            return
        }
        let assemble = patches.count > 16
        if assemble { scratch.discardPending() }
        var cursor = 0
        let patches = self.patches
        try buffer.withPendingBytes { bytes in
            for patch in patches {
                let kept = UnsafeBufferPointer(rebasing: bytes[cursor..<patch.range.lowerBound])
                try patch.replacement.withUnsafeBufferPointer { replacement in
                    if assemble {
                        scratch.append(raw: kept)
                        scratch.append(raw: replacement)
                    } else {
                        try sink.write(UnsafeRawBufferPointer(kept))
                        try sink.write(UnsafeRawBufferPointer(replacement))
                    }
                }
                cursor = patch.range.upperBound
            }
            let rest = UnsafeBufferPointer(rebasing: bytes[cursor...])
            if assemble {
                scratch.append(raw: rest)
            } else {
                try sink.write(UnsafeRawBufferPointer(rest))
            }
        }
        if assemble { try scratch.write(to: sink) }
    }
}
