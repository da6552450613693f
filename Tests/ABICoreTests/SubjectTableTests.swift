import Testing
import TestSupport
@testable import ABICore

/// The byte-keyed table behind visit-change tracking, against a Dictionary doing the same work.
@Suite struct SubjectTableTests {
    static func insert(_ key: String, into table: inout SubjectTable<Int>, value: Int) -> (index: Int, inserted: Bool) {
        var key = key
        return key.withUTF8 { table.findOrInsert($0, hash: VisitChangeTracker.subjectHash($0)) { value } }
    }

    /// Short subjects are read in overlapping words: every byte of every length must count. All
    /// strings of length 0-3 over 40 symbols and 200,000 of lengths 4-16 differing in one byte
    /// give no two equal hashes, and the table's low bits stay spread.
    @Test func shortSubjectsOfEveryLengthHashApart() {
        let symbols = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_ .".utf8)
        var keys: [[UInt8]] = [[]]
        for length in 1...3 {
            var index = [Int](repeating: 0, count: length)
            repeat {
                keys.append(index.map { symbols[$0] })
                var position = length - 1
                while position >= 0 {
                    index[position] += 1
                    if index[position] < symbols.count { break }
                    index[position] = 0
                    position -= 1
                }
                if position < 0 { break }
            } while true
        }
        for length in 4...16 {
            let base = Array("S00000000000000000".utf8.prefix(length))
            for position in 0..<length {
                for symbol in symbols where symbol != base[position] {
                    var key = base
                    key[position] = symbol
                    keys.append(key)
                }
            }
            keys.append(base)
        }
        var seen: [UInt64: [UInt8]] = [:]
        var buckets = [Int](repeating: 0, count: 1024)
        for key in keys {
            let hash = key.withUnsafeBufferPointer { VisitChangeTracker.subjectHash($0) }
            if let earlier = seen[hash], earlier != key {
                Issue.record("\(String(decoding: key, as: UTF8.self)) and \(String(decoding: earlier, as: UTF8.self)) hash alike")
            }
            seen[hash] = key
            buckets[Int(hash & 1023)] += 1
        }
        #expect(seen.count == Set(keys).count)
        let mean = Double(keys.count) / 1024
        #expect(buckets.allSatisfy { Double($0) < mean * 1.6 && Double($0) > mean * 0.4 }, "\(buckets.min()!)...\(buckets.max()!) around \(mean)")
    }

    /// Keys of up to 8 bytes are kept as one word, read in at most two loads: the same word as
    /// a byte loop, at every length and offset.
    @Test func inlineWordIsTheZeroPaddedBytes() {
        var rng = SplitMix64(seed: 8)
        let buffer = (0..<64).map { _ in UInt8(truncatingIfNeeded: rng.next()) | 1 }
        buffer.withUnsafeBufferPointer { bytes in
            for offset in 0..<16 {
                for length in 0...8 {
                    let key = UnsafeBufferPointer(rebasing: bytes[offset..<(offset + length)])
                    var expected: UInt64 = 0
                    for index in 0..<length { expected |= UInt64(key[index]) << UInt64(index * 8) }
                    #expect(SubjectTable<Int>.inlineWord(key) == expected, "offset \(offset) length \(length)")
                }
            }
        }
    }

    /// The last entry found is tried first: keys whose hashes (passed in) agree must still be told
    /// apart by their bytes, inline and paged, alternating and repeated.
    @Test func lastEntryShortcutComparesTheKey() {
        var table = SubjectTable<Int>()
        let keys = ["S1", "S2", "S000001", "S000002", "subject-000000001", "subject-000000002"]
        func find(_ key: String) -> (index: Int, inserted: Bool) {
            var key = key
            return key.withUTF8 { table.findOrInsert($0, hash: 42) { -1 } }  // every key the same hash
        }
        var indices: [String: Int] = [:]
        for _ in 0..<3 {
            for key in keys + keys.reversed() {
                let first = find(key), again = find(key)
                #expect(first.index == again.index && !again.inserted, "\(key)")
                if let known = indices[key] { #expect(first.index == known && !first.inserted, "\(key)") }
                indices[key] = first.index
            }
        }
        #expect(Set(indices.values).count == keys.count)
        #expect(table.count == keys.count)
        table.removeAll()
        #expect(find("S1").inserted)
    }

    @Test func agreesWithADictionaryAcrossPagesGrowthAndReuse() {
        var table = SubjectTable<Int>()
        for round in 0..<2 {  // the second round reuses the emptied table
            var reference: [String: Int] = [:]
            var order: [String] = []
            // 40,000 subjects cross two entry pages (16,384 each) and several key pages; every
            // subject is seen twice, the second time out of order.
            let subjects = (0..<40_000).map { "S\(round)-\(($0 &* 7919) % 40_000)" }
            for (number, subject) in subjects.enumerated() {
                let (index, inserted) = Self.insert(subject, into: &table, value: number)
                #expect(inserted == (reference[subject] == nil))
                if inserted {
                    reference[subject] = index
                    order.append(subject)
                } else {
                    #expect(reference[subject] == index)
                }
            }
            for subject in subjects.reversed() {
                let (index, inserted) = Self.insert(subject, into: &table, value: -1)
                #expect(!inserted)
                #expect(reference[subject] == index)
            }
            #expect(table.count == reference.count)
            var seen: [String] = []
            table.forEach { key, _, value in
                seen.append(String(decoding: key, as: UTF8.self))
                #expect(value >= 0)  // the value of the first sighting, never replaced
            }
            #expect(seen == order)
            table.removeAll()
            #expect(table.count == 0)
        }
    }

    @Test func keepsValuesInPlaceAndHandlesUnusualKeys() {
        var table = SubjectTable<Int>()
        let long = String(repeating: "x", count: 70_000)  // longer than a key page
        let keys = ["", "a", "ab", "abcdefgh", "abcdefghi", long, long + "y", "é", "e\u{301}"]
        for (number, key) in keys.enumerated() {
            let (index, inserted) = Self.insert(key, into: &table, value: number)
            #expect(inserted)
            #expect(index == number)
        }
        let (index, inserted) = Self.insert(long + "y", into: &table, value: 99)
        #expect(!inserted)
        #expect(index == 6)
        #expect(table.withValue(at: index) { value -> Int in value += 100; return value } == 106)
        var values: [Int] = []
        table.forEach { _, _, value in values.append(value) }
        #expect(values == [0, 1, 2, 3, 4, 5, 106, 7, 8])
    }

    /// Equal hashes with different keys (forced here) must still be told apart by their bytes.
    @Test func tellsKeysApartWhenTheirHashesCollide() {
        var table = SubjectTable<Int>()
        for (number, key) in ["S1", "S2", "S3", "S10"].enumerated() {
            var key = key
            let (_, inserted) = key.withUTF8 { table.findOrInsert($0, hash: 42) { number } }
            #expect(inserted)
        }
        var key = "S2"
        let (index, inserted) = key.withUTF8 { table.findOrInsert($0, hash: 42) { -1 } }
        #expect(!inserted)
        #expect(index == 1)
        #expect(table.count == 4)
    }

    /// Keys of up to 8 bytes live in the entry, zero-padded: keys that differ only by trailing NUL
    /// bytes, or by length around 8 bytes, are still different keys, and come back byte for byte.
    @Test func tellsApartKeysThatOnlyDifferInPaddingOrLength() {
        var table = SubjectTable<Int>()
        let keys: [[UInt8]] = [[], [0], [0, 0], [65], [65, 0], Array(repeating: 0, count: 8), Array(repeating: 0, count: 9),
                               Array("12345678".utf8), Array("123456780".utf8), Array("1234567".utf8), [0xFF, 0xFE, 0x80]]
        for (number, key) in keys.enumerated() {
            let (index, inserted) = key.withUnsafeBufferPointer { table.findOrInsert($0, hash: 7) { number } }
            #expect(inserted, "key \(key)")
            #expect(index == number)
        }
        for (number, key) in keys.enumerated() {
            let (index, inserted) = key.withUnsafeBufferPointer { table.findOrInsert($0, hash: 7) { -1 } }
            #expect(!inserted && index == number, "key \(key)")
        }
        var seen: [[UInt8]] = []
        table.forEach { key, hash, _ in
            seen.append(Array(key))
            #expect(hash == 7)
        }
        #expect(seen == keys)
    }

    /// What the merge of a chunk's subjects does: reserve room for them, touch their home slots,
    /// insert them. Reserving grows the slots once, so the inserts that follow never move them;
    /// touching reads only (every key is found or inserted as without it, against a Dictionary);
    /// and its value is the XOR of the slots it read, recomputed here from the keys' hashes.
    @Test func reservedInsertsDoNotGrowAndTouchingChangesNothing() {
        var table = SubjectTable<Int>()
        var reference: [String: Int] = [:]
        var generator = SplitMix64(seed: 21)
        for round in 0..<40 {
            var chunk = SubjectTable<Int>()
            var keys: [String] = []
            for _ in 0..<(1 + Int(generator.next() % 3_000)) {
                // Some keys seen in earlier rounds, most new; short and long (paged) keys.
                let key = generator.next() % 4 == 0 && !reference.isEmpty
                    ? "S\(generator.next() % UInt64(reference.count))"
                    : "S\(reference.count + keys.count)" + (generator.next() % 5 == 0 ? "-long-subject-id" : "")
                if Self.insert(key, into: &chunk, value: keys.count).inserted { keys.append(key) }
            }
            table.reserve(additional: chunk.count)
            let slotsAfterReserve = table.slotCount
            #expect(Double(table.count + chunk.count) <= Double(table.slotCount) * 0.75, "round \(round)")
            var expectedTouch: UInt32 = 0
            if table.slotCount > 0 {
                for key in keys {
                    var key = key
                    let hash = key.withUTF8 { VisitChangeTracker.subjectHash($0) }
                    let home = Int(UInt32(truncatingIfNeeded: hash) & 0x0FFF_FFFF) & (table.slotCount - 1)
                    expectedTouch ^= table.slotValueForTesting(at: home)
                }
            }
            #expect(table.touchHomeSlots(ofKeysIn: chunk) == expectedTouch, "round \(round)")
            for key in keys {
                let (index, inserted) = Self.insert(key, into: &table, value: reference.count)
                if let known = reference[key] {
                    #expect(!inserted && index == known, "\(key)")
                } else {
                    #expect(inserted && index == reference.count, "\(key)")
                    reference[key] = index
                }
            }
            #expect(table.slotCount == slotsAfterReserve, "round \(round): the inserts grew the slots")
            #expect(table.count == reference.count)
        }
    }
}
