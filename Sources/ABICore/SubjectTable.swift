/// A hash table from subject identifiers (UTF-8 bytes) to a small value, for per-subject state in
/// streaming passes: keys are kept in byte pages and looked up straight from the input bytes, so no
/// String is made per row. Open addressing with linear probing at most three quarters full; entries
/// keep their insertion order and index for the table's lifetime.
///
/// Memory is about 40 bytes a subject plus its key (with a 16-byte value), and grows in fixed pages
/// instead of doubling arrays, so adding subjects never holds an old and a new copy at once: what
/// keeps `score` within its memory bound on files with hundreds of thousands of subjects.
struct SubjectTable<Value>: Sendable where Value: Sendable {
    private struct Entry: Sendable {
        var keyPage: UInt32
        var keyOffset: UInt32
        var keyLength: UInt32
        /// The low 32 bits of the key's hash: the home slot and a quick mismatch test.
        var hash: UInt32
        var value: Value
    }

    private static var entriesPerPage: Int { 1 << 14 }
    private static var keyPageBytes: Int { 1 << 16 }

    /// Entry `i` is `entryPages[i >> 14][i & (2^14 - 1)]`; every page but the last is full.
    private var entryPages: [[Entry]] = []
    /// Keys, never split across pages; a key longer than a page gets a page of its own.
    private var keyPages: [[UInt8]] = []
    /// Entry index + 1 per slot; 0 is empty. The count is a power of two.
    private var slots: [UInt32] = []
    private(set) var count = 0

    /// The entry of `key` (whose hash is `hash`), inserting `makeValue()` if it is new.
    mutating func findOrInsert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64,
                               makeValue: () -> Value) -> (index: Int, inserted: Bool) {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let shortHash = UInt32(truncatingIfNeeded: hash)
        let mask = slots.count - 1
        var slot = Int(shortHash) & mask
        while true {
            let occupant = Int(slots[slot])
            if occupant == 0 { break }
            let index = occupant - 1
            let entry = entryPages[index >> 14][index & (Self.entriesPerPage - 1)]
            if entry.hash == shortHash && keyMatches(entry, key) { return (index, false) }
            slot = (slot + 1) & mask
        }
        let (page, offset) = storeKey(key)
        let entry = Entry(keyPage: page, keyOffset: offset, keyLength: UInt32(key.count), hash: shortHash, value: makeValue())
        if count >> 14 == entryPages.count {
            var newPage: [Entry] = []
            newPage.reserveCapacity(Self.entriesPerPage)
            entryPages.append(newPage)
        }
        entryPages[entryPages.count - 1].append(entry)
        count += 1
        slots[slot] = UInt32(count)
        return (count - 1, true)
    }

    /// Calls `body` with the value of entry `index`, in place.
    mutating func withValue<Result>(at index: Int, _ body: (inout Value) -> Result) -> Result {
        body(&entryPages[index >> 14][index & (Self.entriesPerPage - 1)].value)
    }

    /// Every entry in insertion order: its key bytes, hash (the low 32 bits, all the table uses)
    /// and value.
    func forEach(_ body: (UnsafeBufferPointer<UInt8>, UInt64, Value) -> Void) {
        for page in entryPages {
            for entry in page {
                keyPages[Int(entry.keyPage)].withUnsafeBufferPointer { bytes in
                    let start = Int(entry.keyOffset)
                    body(UnsafeBufferPointer(rebasing: bytes[start..<(start + Int(entry.keyLength))]), UInt64(entry.hash),
                         entry.value)
                }
            }
        }
    }

    /// Empties the table, keeping its first pages and slot array for reuse.
    mutating func removeAll() {
        count = 0
        if entryPages.count > 1 { entryPages.removeSubrange(1...) }
        if !entryPages.isEmpty { entryPages[0].removeAll(keepingCapacity: true) }
        if keyPages.count > 1 { keyPages.removeSubrange(1...) }
        if !keyPages.isEmpty { keyPages[0].removeAll(keepingCapacity: true) }
        for index in slots.indices { slots[index] = 0 }
    }

    private mutating func storeKey(_ key: UnsafeBufferPointer<UInt8>) -> (page: UInt32, offset: UInt32) {
        if keyPages.isEmpty || keyPages[keyPages.count - 1].count + key.count > keyPages[keyPages.count - 1].capacity {
            var page: [UInt8] = []
            page.reserveCapacity(max(Self.keyPageBytes, key.count))
            keyPages.append(page)
        }
        let last = keyPages.count - 1
        let offset = keyPages[last].count
        keyPages[last].append(contentsOf: key)
        precondition(last <= Int(UInt32.max) && offset <= Int(UInt32.max), "subject table too large")
        return (UInt32(last), UInt32(offset))
    }

    private func keyMatches(_ entry: Entry, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(entry.keyLength) == key.count else { return false }
        guard let keyBase = key.baseAddress else { return true }
        return keyPages[Int(entry.keyPage)].withUnsafeBufferPointer { bytes in
            guard let pageBase = bytes.baseAddress else { return false }
            let stored = UnsafeRawPointer(pageBase + Int(entry.keyOffset)), wanted = UnsafeRawPointer(keyBase)
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
        precondition(capacity <= Int(UInt32.max), "subject table too large")
        slots = []  // free the old slots before the new ones are made
        slots = [UInt32](repeating: 0, count: capacity)
        let mask = capacity - 1
        var index = 0
        for page in entryPages {
            for entry in page {
                var slot = Int(entry.hash) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                index += 1
                slots[slot] = UInt32(index)
            }
        }
    }
}
