import Testing
@testable import ABIIO

/// `parallelForEachInOrder`: results reach `consume` in input order whatever order the workers
/// finish in, and a throwing `consume` stops the run and is rethrown.
struct ParallelForEachInOrderTests {
    struct Stop: Error, Equatable {}

    @Test(arguments: [1, 2, 4])
    func consumesEveryResultInInputOrder(threads: Int) throws {
        let inputs = Array(0..<200)
        var seen: [Int] = []
        try parallelForEachInOrder(inputs, threads: threads, window: 3, { value in
            // Uneven work, so later inputs often finish first.
            var spin = 0
            for step in 0..<((value * 7919) % 50_000) { spin &+= step }
            return value * 2 + (spin == -1 ? 1 : 0)
        }, consume: { seen.append($0) })
        #expect(seen == inputs.map { $0 * 2 })
    }

    @Test func emptyInputConsumesNothing() throws {
        var calls = 0
        try parallelForEachInOrder([Int](), threads: 2, window: 2, { $0 }, consume: { _ in calls += 1 })
        #expect(calls == 0)
    }

    @Test(arguments: [1, 2])
    func aThrowingConsumerStopsTheRunAndIsRethrown(threads: Int) {
        var seen: [Int] = []
        #expect(throws: Stop()) {
            try parallelForEachInOrder(Array(0..<100), threads: threads, window: 2, { $0 }, consume: { value in
                if value == 10 { throw Stop() }
                seen.append(value)
            })
        }
        #expect(seen == Array(0..<10))
    }
}
