extension OutputBuffer {
    /// Appends `text` as a JSON string literal (RFC 8259 section 7). Invalid UTF-8 is passed through
    /// unchanged; input is UTF-8 by the time it reaches a writer.
    public mutating func appendJSONString(_ text: UnsafeBufferPointer<UInt8>) {
        let hexDigits: StaticString = "0123456789abcdef"
        append(byte: UInt8(ascii: "\""))
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""): append(byte: UInt8(ascii: "\\")); append(byte: byte)
            case UInt8(ascii: "\\"): append(byte: UInt8(ascii: "\\")); append(byte: byte)
            case 0x0A: append(byte: UInt8(ascii: "\\")); append(byte: UInt8(ascii: "n"))
            case 0x0D: append(byte: UInt8(ascii: "\\")); append(byte: UInt8(ascii: "r"))
            case 0x09: append(byte: UInt8(ascii: "\\")); append(byte: UInt8(ascii: "t"))
            case 0x00..<0x20:
                append(string: "\\u00")
                hexDigits.withUTF8Buffer { digits in
                    append(byte: digits[Int(byte >> 4)])
                    append(byte: digits[Int(byte & 0x0F)])
                }
            default: append(byte: byte)
            }
        }
        append(byte: UInt8(ascii: "\""))
    }

    /// Appends `text` for a Markdown table cell: `|` and `\` backslash-escaped, `<` `>` `&` as HTML
    /// entities, and each line break (CRLF, LF or CR) as `<br>`.
    public mutating func appendMarkdownCell(_ text: UnsafeBufferPointer<UInt8>) {
        var i = 0
        while i < text.count {
            let byte = text[i]
            switch byte {
            case UInt8(ascii: "|"): append(byte: UInt8(ascii: "\\")); append(byte: byte)
            case UInt8(ascii: "\\"): append(byte: UInt8(ascii: "\\")); append(byte: byte)
            case UInt8(ascii: "<"): append(string: "&lt;")
            case UInt8(ascii: ">"): append(string: "&gt;")
            case UInt8(ascii: "&"): append(string: "&amp;")
            case 0x0D, 0x0A:
                append(string: "<br>")
                if byte == 0x0D && i + 1 < text.count && text[i + 1] == 0x0A { i += 1 }
            default: append(byte: byte)
            }
            i += 1
        }
    }
}
