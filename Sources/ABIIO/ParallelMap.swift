import Dispatch

/// `transform` over `inputs` on up to `threads` threads (Dispatch's `concurrentPerform`); results
/// in input order. Shared by the scoring, trend and column-loading engines.
public func parallelMap<Input, Output>(_ inputs: [Input], threads: Int, _ transform: (Input) -> Output) -> [Output] {
    if threads == 1 || inputs.count <= 1 { return inputs.map(transform) }
    let results = UnsafeMutableBufferPointer<Output?>.allocate(capacity: inputs.count)
    results.initialize(repeating: nil)
    nonisolated(unsafe) let unsafeResults = results
    withoutActuallyEscaping(transform) { transform in
        nonisolated(unsafe) let transform = transform
        nonisolated(unsafe) let inputs = inputs
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            unsafeResults[index] = transform(inputs[index])
        }
    }
    // Move the results out so the buffer can be freed without leaking them.
    let outputs = results.indices.compactMap { index in results.moveElement(from: index) }
    results.deallocate()
    precondition(outputs.count == inputs.count, "every parallel task yields a result")
    return outputs
}

/// `transform` over `inputs` on `threads` worker threads, each result handed to `consume` on the
/// calling thread in input order as soon as it and every result before it are done, so consuming
/// (e.g. writing) overlaps with transforming and at most `window` results are held at once.
/// Stops taking new inputs and rethrows when `consume` throws.
public func parallelForEachInOrder<Input, Output>(_ inputs: [Input], threads: Int, window: Int,
                                                  _ transform: @escaping @Sendable (Input) -> Output,
                                                  consume: (Output) throws -> Void) throws {
    precondition(window >= 1, "window must be at least 1")
    if threads <= 1 || inputs.count <= 1 {
        for input in inputs { try consume(transform(input)) }
        return
    }
    let state = InOrderState<Output>(count: inputs.count, window: window)
    let group = DispatchGroup()
    nonisolated(unsafe) let inputs = inputs
    for _ in 0..<threads {
        DispatchQueue.global().async(group: group) {
            while true {
                state.free.wait()
                state.lock.wait()
                let index = state.next
                let stop = state.stopped || index >= inputs.count
                if !stop { state.next += 1 }
                state.lock.signal()
                if stop {
                    state.free.signal()  // let the next worker see the end too
                    return
                }
                state.results[index] = transform(inputs[index])
                state.ready[index].signal()
            }
        }
    }
    defer {
        state.lock.wait()
        state.stopped = true
        state.lock.signal()
        state.free.signal()
        group.wait()
    }
    for index in inputs.indices {
        state.ready[index].wait()
        guard let result = state.results[index].take() else { preconditionFailure("a ready input has a result") }
        try consume(result)
        state.free.signal()
    }
}

/// What ``parallelForEachInOrder(_:threads:window:_:consume:)``'s threads share.
private final class InOrderState<Output>: @unchecked Sendable {
    let results: UnsafeMutableBufferPointer<Output?>
    let ready: [DispatchSemaphore]
    let free: DispatchSemaphore
    let lock = DispatchSemaphore(value: 1)
    var next = 0
    var stopped = false
    init(count: Int, window: Int) {
        results = .allocate(capacity: count)
        results.initialize(repeating: nil)
        ready = (0..<count).map { _ in DispatchSemaphore(value: 0) }
        // Made with value 0 and signalled up: libdispatch traps when a semaphore is freed with a
        // value below the one it was made with, which stopping early leaves.
        free = DispatchSemaphore(value: 0)
        for _ in 0..<window { free.signal() }
    }
    deinit {
        _ = results.deinitialize()
        results.deallocate()
    }
}
