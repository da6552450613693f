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
