extension OutputBuffer {
    /// Appends `text` as a JSON string literal (RFC 8259 section 7). Invalid UTF-8 is passed through
    /// unchanged; input is UTF-8 by the time it reaches a writer.
    public mutating func appendJSONString(_ text: UnsafeBufferPointer<UInt8>) {
        let hexDigits: StaticString = "0123456789abcdef"
        bytes.append(UInt8(ascii: "\""))
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0x00..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                hexDigits.withUTF8Buffer { digits in
                    bytes.append(digits[Int(byte >> 4)])
                    bytes.append(digits[Int(byte & 0x0F)])
                }
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `text` for a Markdown table cell: `|` and `\` backslash-escaped, `<` `>` `&` as HTML
    /// entities, and each line break (CRLF, LF or CR) as `<br>`.
    public mutating func appendMarkdownCell(_ text: UnsafeBufferPointer<UInt8>) {
        var i = 0
        while i < text.count {
            let byte = text[i]
            switch byte {
            case UInt8(ascii: "|"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "<"): bytes.append(contentsOf: Array("&lt;".utf8))
            case UInt8(ascii: ">"): bytes.append(contentsOf: Array("&gt;".utf8))
            case UInt8(ascii: "&"): bytes.append(contentsOf: Array("&amp;".utf8))
            case 0x0D, 0x0A:
                bytes.append(contentsOf: Array("<br>".utf8))
                if byte == 0x0D && i + 1 < text.count && text[i + 1] == 0x0A { i += 1 }
            default: bytes.append(byte)
            }
            i += 1
        }
    }
}
