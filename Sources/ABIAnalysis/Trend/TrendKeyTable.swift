import ABICore
import ABIIO
/// An open-addressing hash table from byte strings (subject plus group cells) to dense entry
/// numbers 0, 1, 2, ... in order of first insertion. Keys live in one byte arena, so looking up
/// a record's key allocates nothing; memory grows with the number of distinct keys.
struct TrendKeyTable {
    private var slots: [Int32]
    private var bits: Int
    private(set) var hashes: [UInt64] = []
    private var starts: [Int] = [0]
    private var arena: [UInt8] = []

    init(capacityBits: Int = 10) {
        bits = capacityBits
        slots = Array(repeating: -1, count: 1 << capacityBits)
    }

    var count: Int { hashes.count }
    /// How many slots there are (tests).
    var slotCount: Int { slots.count }

    /// The bytes of entry `index`'s key.
    func key(_ index: Int) -> ArraySlice<UInt8> { arena[starts[index]..<starts[index + 1]] }

    @inline(__always)
    private func slot(for hash: UInt64) -> Int {
        // Fibonacci hashing on the high bits: independent of the low bits that choose the shard.
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    }

    /// The entry of `key`, inserting it if new.
    mutating func entry(for key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (index: Int, inserted: Bool) {
        let mask = (1 << bits) - 1
        var position = slot(for: hash)
        while true {
            let candidate = Int(slots[position])
            if candidate < 0 { break }
            if hashes[candidate] == hash && equals(candidate, key) { return (candidate, false) }
            position = (position + 1) & mask
        }
        let index = hashes.count
        hashes.append(hash)
        arena.append(contentsOf: key)
        starts.append(arena.count)
        slots[position] = Int32(index)
        if needsGrowth(toHold: hashes.count) { grow() }
        return (index, true)
    }

    /// Whether `keys` entries would fill more than half of the slots (the table's bound).
    @inline(__always)
    private func needsGrowth(toHold keys: Int) -> Bool { keys * 2 > slots.count }

    /// Grows the slots now, as inserting `additional` new keys one by one would, so that they do
    /// not move while those keys go in.
    mutating func reserve(additional: Int) {
        while needsGrowth(toHold: hashes.count + additional) { grow() }
    }

    /// Reads the home slot of each of `hashes` and returns a value made from them (store it, so
    /// that the reads are kept): independent reads whose cache misses the processor overlaps, so
    /// that the lookups that follow, each waiting for its own, find them cached. With a million
    /// subjects the slots are far larger than the caches. Call ``reserve(additional:)`` first.
    func touchHomeSlots<Hashes: Sequence>(of hashes: Hashes) -> Int32 where Hashes.Element == UInt64 {
        var touched: Int32 = 0
        slots.withUnsafeBufferPointer { slots in
            for hash in hashes { touched ^= slots[slot(for: hash)] }
        }
        return touched
    }

    private func equals(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[index]
        let length = starts[index + 1] - start
        guard length == key.count else { return false }
        guard length > 0, let keyBase = key.baseAddress else { return true }  // both empty
        return arena.withUnsafeBufferPointer { stored in bytesEqual(stored.baseAddress! + start, keyBase, count: length) }
    }

    private mutating func grow() {
        bits += 1
        slots = Array(repeating: -1, count: 1 << bits)
        let mask = (1 << bits) - 1
        for (index, hash) in hashes.enumerated() {
            var position = slot(for: hash)
            while slots[position] >= 0 { position = (position + 1) & mask }
            slots[position] = Int32(index)
        }
    }

    /// FNV-1a, 64-bit, continued from `hash`.
    @inline(__always)
    static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>, hash start: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = start
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
