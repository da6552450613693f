/// A hash table from subject identifiers (UTF-8 bytes) to a small value, for per-subject state in
/// streaming passes: keys are kept in byte pages and looked up straight from the input bytes, so no
/// String is made per row. Open addressing with linear probing at most three quarters full; entries
/// keep their insertion order and index for the table's lifetime.
///
/// Memory is about 36 bytes a subject with a 16-byte value (28 for the entry, 4-8 for its slot);
/// keys of up to 8 bytes are kept in the entry, longer ones in pages. It grows in fixed pages
/// instead of doubling arrays, so adding subjects never holds an old and a new copy at once: what
/// keeps `score` within its memory bound on files with hundreds of thousands of subjects.
struct SubjectTable<Value>: Sendable where Value: Sendable {
    /// 4-byte aligned throughout, so a 16-byte value makes a 28-byte entry.
    private struct Entry: Sendable {
        /// A key of up to 8 bytes: its bytes, zero-padded, the first byte lowest in `keyLow`.
        /// A longer key: the page and the offset in `keyPages` of its length (4 bytes) and bytes.
        var keyLow: UInt32
        var keyHigh: UInt32
        /// Bits 0-27: the key's hash (``hashBits(_:)``), the home slot and a quick mismatch test;
        /// bits 28-31: the length of a key kept in the entry (0-8), or 15 for a key in a page.
        var tag: UInt32
        var value: Value
    }

    private static var entriesPerPage: Int { 1 << 14 }
    private static var keyPageBytes: Int { 1 << 16 }
    private static var pagedKey: UInt32 { 15 }
    private static var hashMask: UInt32 { 0x0FFF_FFFF }

    /// Entry `i` is `entryPages[i >> 14][i & (2^14 - 1)]`; every page but the last is full.
    private var entryPages: [[Entry]] = []
    /// Keys longer than 8 bytes, each after its length, never split across pages; a key longer
    /// than a page gets a page of its own.
    private var keyPages: [[UInt8]] = []
    /// Entry index + 1 per slot; 0 is empty. The count is a power of two.
    private var slots: [UInt32] = []
    private(set) var count = 0
    /// How many slots there are, and what one holds (tests).
    var slotCount: Int { slots.count }
    func slotValueForTesting(at slot: Int) -> UInt32 { slots[slot] }
    /// The entry last found or inserted (-1: none) and its tag.
    private var lastIndex = -1
    private var lastTag: UInt32 = 0

    /// The bits of `hash` the table keeps.
    @inline(__always)
    private static func hashBits(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash) & hashMask }

    /// The bytes of a key of at most 8 bytes as one zero-padded word (first byte lowest), in at
    /// most two loads: overlapping 4-byte words for 4-8 bytes, else first, middle and last byte
    /// (overlapping bytes are equal, so OR-ing them in is exact).
    @inline(__always)
    static func inlineWord(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = key.count
        guard count > 0, let base = key.baseAddress else { return 0 }
        if count >= 4 {
            let raw = UnsafeRawPointer(base)
            let low = UInt64(raw.loadUnaligned(as: UInt32.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self))
            return low | high << UInt64((count &- 4) &* 8)
        }
        let middle = count >> 1, last = count &- 1
        return UInt64(base[0]) | UInt64(base[middle]) << UInt64(middle &* 8) | UInt64(base[last]) << UInt64(last &* 8)
    }

    /// The entry of `key` (whose hash is `hash`), inserting `makeValue()` if it is new.
    mutating func findOrInsert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64,
                               makeValue: () -> Value) -> (index: Int, inserted: Bool) {
        if needsGrowth(toHold: count + 1) { grow() }
        let shortHash = Self.hashBits(hash)
        let isInline = key.count <= 8
        let tag = shortHash | (isInline ? UInt32(key.count) : Self.pagedKey) << 28
        let word = isInline ? Self.inlineWord(key) : 0
        let low = UInt32(truncatingIfNeeded: word), high = UInt32(truncatingIfNeeded: word >> 32)
        // Rows of one subject usually follow each other: the last entry found is tried first.
        if tag == lastTag && lastIndex >= 0 {
            let entry = entryPages[lastIndex >> 14][lastIndex & (Self.entriesPerPage - 1)]
            if isInline ? entry.keyLow == low && entry.keyHigh == high : pagedKeyMatches(entry, key) {
                return (lastIndex, false)
            }
        }
        let mask = slots.count - 1
        var slot = Self.homeSlot(shortHash, mask: mask)
        while true {
            let occupant = Int(slots[slot])
            if occupant == 0 { break }
            let index = occupant - 1
            let entry = entryPages[index >> 14][index & (Self.entriesPerPage - 1)]
            if entry.tag == tag {
                if isInline ? entry.keyLow == low && entry.keyHigh == high : pagedKeyMatches(entry, key) {
                    (lastIndex, lastTag) = (index, tag)
                    return (index, false)
                }
            }
            slot = (slot + 1) & mask
        }
        var entry = Entry(keyLow: low, keyHigh: high, tag: tag, value: makeValue())
        if !isInline { (entry.keyHigh, entry.keyLow) = storeKey(key) }
        if count >> 14 == entryPages.count {
            // The first page grows as an array does (tables of a chunk's few subjects stay small);
            // later pages are made full size.
            var newPage: [Entry] = []
            newPage.reserveCapacity(entryPages.isEmpty ? 64 : Self.entriesPerPage)
            entryPages.append(newPage)
        }
        entryPages[entryPages.count - 1].append(entry)
        count += 1
        slots[slot] = UInt32(count)
        (lastIndex, lastTag) = (count - 1, tag)
        return (count - 1, true)
    }

    /// Calls `body` with the value of entry `index`, in place.
    mutating func withValue<Result>(at index: Int, _ body: (inout Value) -> Result) -> Result {
        body(&entryPages[index >> 14][index & (Self.entriesPerPage - 1)].value)
    }

    /// Every entry in insertion order: its key bytes, the hash bits the table kept (pass them back
    /// to ``findOrInsert(_:hash:makeValue:)`` of another table to insert it there) and its value.
    func forEach(_ body: (UnsafeBufferPointer<UInt8>, UInt64, Value) -> Void) {
        var word: UInt64 = 0
        withUnsafeMutableBytes(of: &word) { wordBytes in
            let wordStart = wordBytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
            for page in entryPages {
                for entry in page {
                    let hash = UInt64(entry.tag & Self.hashMask)
                    let length = entry.tag >> 28
                    if length != Self.pagedKey {
                        for index in 0..<8 {
                            let lane = index < 4 ? entry.keyLow >> UInt32(index * 8) : entry.keyHigh >> UInt32((index - 4) * 8)
                            wordStart[index] = UInt8(truncatingIfNeeded: lane)
                        }
                        body(UnsafeBufferPointer(start: wordStart, count: Int(length)), hash, entry.value)
                    } else {
                        keyPages[Int(entry.keyHigh)].withUnsafeBufferPointer { bytes in
                            let start = Int(entry.keyLow)
                            let keyLength = Self.storedLength(bytes, at: start)
                            body(UnsafeBufferPointer(rebasing: bytes[(start + 4)..<(start + 4 + keyLength)]), hash, entry.value)
                        }
                    }
                }
            }
        }
    }

    /// Empties the table, keeping its first pages and its slots for reuse.
    mutating func removeAll() {
        count = 0
        lastIndex = -1
        if entryPages.count > 1 { entryPages.removeSubrange(1...) }
        if !entryPages.isEmpty { entryPages[0].removeAll(keepingCapacity: true) }
        if keyPages.count > 1 { keyPages.removeSubrange(1...) }
        if !keyPages.isEmpty { keyPages[0].removeAll(keepingCapacity: true) }
        for index in slots.indices { slots[index] = 0 }
    }

    /// The length stored before a paged key at `start`.
    private static func storedLength(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int {
        Int(bytes[start]) | Int(bytes[start + 1]) << 8 | Int(bytes[start + 2]) << 16 | Int(bytes[start + 3]) << 24
    }

    /// Stores a key longer than 8 bytes after its length; returns its page and offset.
    private mutating func storeKey(_ key: UnsafeBufferPointer<UInt8>) -> (page: UInt32, offset: UInt32) {
        precondition(key.count <= Int(UInt32.max), "subject key too long")
        let needed = key.count + 4
        if keyPages.isEmpty || keyPages[keyPages.count - 1].count + needed > keyPages[keyPages.count - 1].capacity {
            var page: [UInt8] = []
            page.reserveCapacity(max(Self.keyPageBytes, needed))
            keyPages.append(page)
        }
        let last = keyPages.count - 1
        let offset = keyPages[last].count
        let length = UInt32(key.count)
        for shift in stride(from: UInt32(0), to: 32, by: 8) { keyPages[last].append(UInt8(truncatingIfNeeded: length >> shift)) }
        keyPages[last].append(contentsOf: key)
        precondition(last <= Int(UInt32.max) && offset <= Int(UInt32.max), "subject table too large")
        return (UInt32(last), UInt32(offset))
    }

    private func pagedKeyMatches(_ entry: Entry, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let keyBase = key.baseAddress else { return false }
        return keyPages[Int(entry.keyHigh)].withUnsafeBufferPointer { bytes in
            let start = Int(entry.keyLow)
            guard Self.storedLength(bytes, at: start) == key.count, let pageBase = bytes.baseAddress else { return false }
            return bytesEqual(pageBase + start + 4, keyBase, count: key.count)
        }
    }

    /// Whether `keys` entries would fill more than three quarters of the slots (the table's bound).
    @inline(__always)
    private func needsGrowth(toHold keys: Int) -> Bool { keys * 4 > slots.count * 3 }

    /// The slot a key whose kept hash bits are `hashBits` is first looked for in (`mask`: slots - 1).
    @inline(__always)
    private static func homeSlot(_ hashBits: UInt32, mask: Int) -> Int { Int(hashBits) & mask }

    /// Grows the slots now, as inserting `additional` new keys one by one would, so that they do
    /// not move while those keys go in.
    mutating func reserve(additional: Int) {
        while needsGrowth(toHold: count + additional) { grow() }
    }

    /// Reads the home slot of every key of `other` in this table and returns a value made from them
    /// (store it somewhere, so that the reads are kept). The reads do not depend on each other, so
    /// the processor overlaps their cache misses; inserting `other`'s keys one by one afterwards
    /// (``findOrInsert(_:hash:makeValue:)``, whose probes depend on each read) then finds the slots
    /// cached. With a million subjects the table is far larger than the caches, and these misses
    /// were most of the time `score` spent merging a chunk's subjects. Call ``reserve(additional:)``
    /// first, or a growth during the inserts moves the slots.
    func touchHomeSlots(ofKeysIn other: SubjectTable) -> UInt32 {
        guard !slots.isEmpty else { return 0 }
        let mask = slots.count - 1
        var touched: UInt32 = 0
        slots.withUnsafeBufferPointer { slots in
            for page in other.entryPages {
                for entry in page {
                    touched ^= slots[Self.homeSlot(entry.tag & Self.hashMask, mask: mask)]
                }
            }
        }
        return touched
    }

    /// Doubles the slots and re-places every entry (entries themselves never move).
    private mutating func grow() {
        let capacity = max(16, slots.count * 2)
        precondition(capacity <= Int(UInt32.max), "subject table too large")
        slots = []  // free the old slots before the new ones are made
        slots = [UInt32](repeating: 0, count: capacity)
        let mask = capacity - 1
        var index = 0
        for page in entryPages {
            for entry in page {
                var slot = Self.homeSlot(entry.tag & Self.hashMask, mask: mask)
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                index += 1
                slots[slot] = UInt32(index)
            }
        }
    }
}
