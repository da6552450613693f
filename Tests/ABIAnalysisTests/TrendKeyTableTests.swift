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
}
