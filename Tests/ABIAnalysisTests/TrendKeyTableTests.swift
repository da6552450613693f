import Testing
import TestSupport
@testable import ABIAnalysis

/// trend's key table: dense entry numbers in order of first insertion and every key found again,
/// also for keys whose hashes are all equal, or equal in their upper or lower 32 bits only, across
/// many doublings of the table.
struct TrendKeyTableTests {
    @Test(arguments: ["fnv1a", "all equal", "upper bits equal", "lower bits equal"])
    func entriesAreDenseAndFoundAgain(hashing: String) {
        var generator = SplitMix64(seed: 11)
        var table = TrendKeyTable(capacityBits: 2)
        var keys: [[UInt8]] = []
        var seen = Set<[UInt8]>()
        while keys.count < 20_000 {
            let key = (0..<Int(generator.next() % 12)).map { _ in UInt8(generator.next() % 4) + UInt8(ascii: "a") }
            if seen.insert(key).inserted { keys.append(key) }
        }
        func hash(_ key: [UInt8], _ index: Int) -> UInt64 {
            let fnv = key.withUnsafeBufferPointer { TrendKeyTable.fnv1a($0) }
            switch hashing {
            case "all equal": return 42
            case "upper bits equal": return 0xABCD_0000_0000_0000 | fnv & 0xFFFF_FFFF
            case "lower bits equal": return fnv & 0xFFFF_FFFF_0000_0000 | 7
            default: return fnv
            }
        }
        let count = hashing == "all equal" ? 2_000 : keys.count  // all-equal probes are quadratic
        for (index, key) in keys.prefix(count).enumerated() {
            let (entry, inserted) = key.withUnsafeBufferPointer { table.entry(for: $0, hash: hash(key, index)) }
            #expect(inserted && entry == index, "key \(index)")
        }
        #expect(table.count == count)
        for (index, key) in keys.prefix(count).enumerated() {
            let (entry, inserted) = key.withUnsafeBufferPointer { table.entry(for: $0, hash: hash(key, index)) }
            #expect(!inserted && entry == index, "key \(index) again")
            #expect(Array(table.key(entry)) == key)
        }
    }

    /// The merge's batches: reserve room for a batch, touch its home slots, insert it. The inserts
    /// never grow the slots after the reserve, and the entries are the ones a table without
    /// reserving or touching gives (the same numbers for the same keys, in 50 batches with repeats).
    @Test func reservedAndTouchedBatchesGiveTheSameEntries() {
        var generator = SplitMix64(seed: 12)
        var plain = TrendKeyTable(capacityBits: 2)
        var batched = TrendKeyTable(capacityBits: 2)
        var distinct = 0
        for batchIndex in 0..<50 {
            let batch: [[UInt8]] = (0..<Int(1 + generator.next() % 2_000)).map { _ in
                // Half repeats of earlier keys, half new ones.
                let number = generator.next() % 2 == 0 && distinct > 0 ? Int(generator.next() % UInt64(distinct)) : distinct + Int(generator.next() % 1_000)
                return Array("S\(number)".utf8)
            }
            let hashes = batch.map { key in key.withUnsafeBufferPointer { TrendKeyTable.fnv1a($0) } }
            batched.reserve(additional: batch.count)
            let slotsAfterReserve = batched.slotCount
            #expect((batched.count + batch.count) * 2 <= batched.slotCount, "batch \(batchIndex)")
            _ = batched.touchHomeSlots(of: hashes)
            for (key, hash) in zip(batch, hashes) {
                let expected = key.withUnsafeBufferPointer { plain.entry(for: $0, hash: hash) }
                let actual = key.withUnsafeBufferPointer { batched.entry(for: $0, hash: hash) }
                #expect(actual == expected, "batch \(batchIndex)")
            }
            #expect(batched.slotCount == slotsAfterReserve, "batch \(batchIndex): the inserts grew the slots")
            distinct = plain.count
        }
        #expect(batched.count == plain.count && plain.count > 10_000)
    }
}
