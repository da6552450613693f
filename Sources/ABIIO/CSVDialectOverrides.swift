/// Choices the user made on the command line, which take precedence over detection.
public struct CSVDialectOverrides: Sendable, Equatable {
    /// `-d/--delimiter`: the field separator byte.
    public var delimiter: UInt8?
    /// `--decimal-comma` (true) or an explicit point (false).
    public var decimalComma: Bool?
    /// `--no-headers` sets this to false.
    public var hasHeader: Bool?

    /// Overrides; nil leaves a decision to the sniffer.
    public init(delimiter: UInt8? = nil, decimalComma: Bool? = nil, hasHeader: Bool? = nil) {
        self.delimiter = delimiter
        self.decimalComma = decimalComma
        self.hasHeader = hasHeader
    }

    /// Parses a `--delimiter` argument: one ASCII character, or `tab`, `\t`, `comma`, `semicolon`, `pipe`.
    /// - Throws: ``CSVError/invalidDelimiter(text:)`` for anything else.
    public static func parseDelimiter(_ text: String) throws(CSVError) -> UInt8 {
        switch text.lowercased() {
        case "tab", "\\t", "\t": return 0x09
        case "comma": return UInt8(ascii: ",")
        case "semicolon": return UInt8(ascii: ";")
        case "pipe": return UInt8(ascii: "|")
        default:
            let bytes = Array(text.utf8)
            guard bytes.count == 1, CSVDialect.isUsableDelimiter(bytes[0]) else {
                throw .invalidDelimiter(text: text)
            }
            return bytes[0]
        }
    }
}
