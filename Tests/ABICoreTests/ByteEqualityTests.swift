import Testing
@testable import ABICore

/// The key comparison of the subject and key tables (ABICore's `bytesEqual`): equal exactly when a
/// byte loop says so, at every length (the word loads overlap for the last bytes) and for a
/// difference at every position.
struct ByteEqualityTests {
    @Test func agreesWithAByteLoop() {
        let base: [UInt8] = (0..<48).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        base.withUnsafeBufferPointer { a in
            for count in 0...40 {
                var copy = Array(base)
                copy.withUnsafeBufferPointer { b in
                    #expect(bytesEqual(a.baseAddress!, b.baseAddress!, count: count), "length \(count)")
                }
                for position in 0..<count {
                    copy = Array(base)
                    copy[position] ^= 0x40
                    copy.withUnsafeBufferPointer { b in
                        #expect(!bytesEqual(a.baseAddress!, b.baseAddress!, count: count),
                                "length \(count), difference at \(position)")
                    }
                }
                // A difference just past the length is not looked at.
                copy = Array(base)
                copy[count] ^= 0x40
                copy.withUnsafeBufferPointer { b in
                    #expect(bytesEqual(a.baseAddress!, b.baseAddress!, count: count), "length \(count), past")
                }
            }
        }
    }
}
