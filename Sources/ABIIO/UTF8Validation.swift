import CByteClassifier

/// UTF-8 well-formedness check (Unicode 15, table 3-7) used by the sniffer and the reader.
enum UTF8Validation {
    /// The first ill-formed byte, if any, and the end of the last complete sequence before the end
    /// of `bytes` (less than `bytes.count` when a character is cut short by the end).
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (firstInvalid: Int?, completeUpTo: Int) {
        guard let base = bytes.baseAddress else { return (nil, 0) }
        var i = 0
        let n = bytes.count
        while i < n {
            // ASCII runs 64 bytes at a time (SSE2), then eight.
            i += abikit_ascii_blocks(base + i, n - i)
            if i + 8 <= n && UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            guard i < n else { break }
            let lead = base[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return (i, i)
            }
            for k in 1..<length {
                guard i + k < n else { return (nil, i) }
                let byte = base[i + k]
                let low = k == 1 ? lower : 0x80
                let high = k == 1 ? upper : 0xBF
                if byte < low || byte > high { return (i, i) }
            }
            i += length
        }
        return (nil, n)
    }

    /// The offset of the first byte that cannot start or continue a well-formed UTF-8 sequence,
    /// or nil if all is well. A sequence cut short by the end of `bytes` counts as well-formed when
    /// `isTruncated` is true, because a sample may end mid-character.
    static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>, isTruncated: Bool) -> Int? {
        let result = scan(bytes)
        if let invalid = result.firstInvalid { return invalid }
        return result.completeUpTo < bytes.count && !isTruncated ? result.completeUpTo : nil
    }
}
