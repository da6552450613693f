/// Recognises text that is a plain number, for the sniffer and for formula neutralisation.
enum NumericText {
    enum Shape: Equatable {
        case integer
        case pointDecimal
        case commaDecimal
    }

    /// The shape of `bytes` if it is `[+-]digits[(.|,)digits][(e|E)[+-]digits]` (also `.5`, `5.`),
    /// otherwise nil. No spaces, thousands separators, `inf` or `nan`.
    static func shape(of bytes: UnsafeBufferPointer<UInt8>) -> Shape? {
        var i = 0
        let n = bytes.count
        if i < n && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
        var digits = 0
        while i < n && bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1; digits += 1 }
        var shape = Shape.integer
        if i < n && (bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ",")) {
            shape = bytes[i] == UInt8(ascii: ".") ? .pointDecimal : .commaDecimal
            i += 1
            while i < n && bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1; digits += 1 }
        }
        guard digits > 0 else { return nil }
        if i < n && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            if i < n && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            var exponentDigits = 0
            while i < n && bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return nil }
        }
        return i == n ? shape : nil
    }

    static func shape(of text: String) -> Shape? {
        var copy = text
        return copy.withUTF8 { shape(of: $0) }
    }
}
