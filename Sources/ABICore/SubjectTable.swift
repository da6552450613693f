/// A hash table from subject identifiers (UTF-8 bytes) to a small value, for per-subject state in
/// streaming passes: keys are kept in one byte arena and looked up straight from the input bytes,
/// so no String is made per row. Open addressing with linear probing at most half full; entries
/// keep their insertion order and index for the table's lifetime.
struct SubjectTable<Value>: Sendable where Value: Sendable {
    private struct Entry: Sendable {
        var keyStart: Int
        var keyLength: Int
        var hash: UInt64
        var value: Value
    }

    private var arena: [UInt8] = []
    private var entries: [Entry] = []
    /// Entry index + 1 per slot; 0 is empty. The count is a power of two.
    private var slots: [Int32] = []

    var count: Int { entries.count }

    /// The entry of `key` (whose hash is `hash`), inserting `makeValue()` if it is new.
    mutating func findOrInsert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64,
                               makeValue: () -> Value) -> (index: Int, inserted: Bool) {
        if (entries.count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let occupant = Int(slots[slot])
            if occupant == 0 { break }
            if entries[occupant - 1].hash == hash && keyMatches(occupant - 1, key) { return (occupant - 1, false) }
            slot = (slot + 1) & mask
        }
        let start = arena.count
        arena.append(contentsOf: key)
        entries.append(Entry(keyStart: start, keyLength: key.count, hash: hash, value: makeValue()))
        slots[slot] = Int32(entries.count)
        return (entries.count - 1, true)
    }

    /// Calls `body` with the value of entry `index`, in place.
    mutating func withValue<Result>(at index: Int, _ body: (inout Value) -> Result) -> Result {
        body(&entries[index].value)
    }

    /// Every entry in insertion order: its key bytes, hash and value.
    func forEach(_ body: (UnsafeBufferPointer<UInt8>, UInt64, Value) -> Void) {
        arena.withUnsafeBufferPointer { bytes in
            for entry in entries {
                body(UnsafeBufferPointer(rebasing: bytes[entry.keyStart..<(entry.keyStart + entry.keyLength)]), entry.hash,
                     entry.value)
            }
        }
    }

    /// Empties the table, keeping its memory.
    mutating func removeAll() {
        arena.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        for index in slots.indices { slots[index] = 0 }
    }

    private func keyMatches(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let entry = entries[index]
        guard entry.keyLength == key.count else { return false }
        guard let keyBase = key.baseAddress else { return true }
        return arena.withUnsafeBufferPointer { bytes in
            guard let arenaBase = bytes.baseAddress else { return false }
            let stored = UnsafeRawPointer(arenaBase + entry.keyStart), wanted = UnsafeRawPointer(keyBase)
            var offset = 0
            while offset + 8 <= key.count {
                if stored.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    != wanted.loadUnaligned(fromByteOffset: offset, as: UInt64.self) { return false }
                offset += 8
            }
            while offset < key.count {
                if stored.load(fromByteOffset: offset, as: UInt8.self) != wanted.load(fromByteOffset: offset, as: UInt8.self) {
                    return false
                }
                offset += 1
            }
            return true
        }
    }

    private mutating func grow() {
        let capacity = max(16, slots.count * 2)
        slots = [Int32](repeating: 0, count: capacity)
        let mask = capacity - 1
        for (index, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }
}
