/// Text from input files made safe to show in a terminal: control characters and escape sequences
/// in cells and headers must never reach the terminal raw (an `ESC [ 2 J` in a cell would clear
/// the screen, a bidirectional override would reorder what the user reads).
public enum TerminalSafeText {
    /// `text` with C0 controls, DEL and C1 controls written as `\xHH` (`\x1b`, `\x07`; tab, CR and
    /// LF too, as `\t`, `\r`, `\n`, unless `keepingLineBreaks`) and Unicode bidirectional controls
    /// (U+200E/F, U+202A-E, U+2066-9) as `\u{202e}`. Other text is unchanged; escaping twice changes
    /// nothing more.
    public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard needsAnyEscape(text, keepingLineBreaks: keepingLineBreaks) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar, keepingLineBreaks: keepingLineBreaks) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar.value {
            case 0x09: result += "\\t"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0..<0x100: result += "\\x" + hex(scalar.value, width: 2)
            default: result += "\\u{" + hex(scalar.value, width: 4) + "}"
            }
        }
        return result
    }

    /// Whether any scalar of `text` needs escaping: ASCII bytes are checked as bytes (most
    /// messages are ASCII: no scalar decoding per character), the rest scalar by scalar.
    static func needsAnyEscape(_ text: String, keepingLineBreaks: Bool) -> Bool {
        var text = text
        let asciiOnly: Bool? = text.withUTF8 { bytes in
            var sawNonASCII = false
            for byte in bytes {
                if byte >= 0x80 { sawNonASCII = true; continue }
                if byte < 0x20 || byte == 0x7F {
                    if byte == 0x0A && keepingLineBreaks { continue }
                    return nil  // an ASCII control: needs escaping
                }
            }
            return !sawNonASCII
        }
        guard let asciiOnly else { return true }
        if asciiOnly { return false }
        return text.unicodeScalars.contains { needsEscape($0, keepingLineBreaks: keepingLineBreaks) }
    }

    static func needsEscape(_ scalar: Unicode.Scalar, keepingLineBreaks: Bool) -> Bool {
        switch scalar.value {
        case 0x0A: return !keepingLineBreaks
        case 0..<0x20, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
