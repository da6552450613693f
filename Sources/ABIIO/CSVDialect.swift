/// How a delimited text file is written: its encoding, delimiter, decimal mark, header and line ending.
///
/// Decided once per file by ``CSVSniffer/sniff(sample:isCompleteFile:overrides:)`` from its first bytes, never
/// row by row, and reported to the user with a one-line reason for each decision.
public struct CSVDialect: Sendable, Equatable {
    /// The character encoding of the input bytes.
    public enum Encoding: String, Sendable, Equatable, CaseIterable {
        /// UTF-8 without a byte order mark (plain ASCII is reported as this).
        case utf8 = "utf-8"
        /// UTF-8 starting with the byte order mark EF BB BF, which the reader strips.
        case utf8WithBOM = "utf-8 with BOM"
        /// Windows-1252 (the usual "ANSI" export of Excel in Western Europe), transcoded to UTF-8 on reading.
        case windows1252 = "windows-1252"
        /// UTF-16 little-endian with the byte order mark FF FE (Excel's "Unicode Text"), converted to
        /// UTF-8 on reading.
        case utf16LE = "utf-16le"
        /// UTF-16 big-endian with the byte order mark FE FF, converted to UTF-8 on reading.
        case utf16BE = "utf-16be"
    }

    /// The character that separates the integer part from the fraction in numbers.
    public enum DecimalMark: String, Sendable, Equatable, CaseIterable {
        /// `120.5`
        case point = "."
        /// `120,5`, common in continental Europe with `;` as the delimiter.
        case comma = ","
    }

    /// The line terminator seen first outside quotes. All three are accepted everywhere when reading.
    public enum LineEnding: String, Sendable, Equatable, CaseIterable {
        /// Unix.
        case lf = "LF"
        /// Windows, and RFC 4180's own.
        case crlf = "CRLF"
        /// Classic Mac OS; still written by some devices and old Excel for Mac.
        case cr = "CR"
        /// The sample held a single line without a terminator.
        case none = "none"
    }

    /// One-line explanations of each decision, for `abikit sniff`.
    public struct Reasons: Sendable, Equatable {
        /// Why this encoding (e.g. "starts with the UTF-8 byte order mark EF BB BF").
        public var encoding: String
        /// Why this delimiter (e.g. "';' splits 200 of 200 sampled records into 13 fields").
        public var delimiter: String
        /// Why this decimal mark.
        public var decimalMark: String
        /// Why a header is (not) assumed.
        public var header: String
        /// Which line ending came first.
        public var lineEnding: String

        /// Reasons as given; the sniffer fills them in.
        public init(encoding: String = "", delimiter: String = "", decimalMark: String = "",
                    header: String = "", lineEnding: String = "") {
            self.encoding = encoding
            self.delimiter = delimiter
            self.decimalMark = decimalMark
            self.header = header
            self.lineEnding = lineEnding
        }
    }

    /// The input's encoding; the reader hands out UTF-8 either way.
    public var encoding: Encoding
    /// The field separator as one ASCII byte: `,` (0x2C), `;` (0x3B) or tab (0x09) when detected.
    public var delimiter: UInt8
    /// The decimal mark of numbers in the file (`,` only detected with `;` or tab delimiters).
    public var decimalMark: DecimalMark
    /// Whether the first record (after any `sep=` line) names the columns.
    public var hasHeader: Bool
    /// The first line ending seen; informational, since every line ending is accepted.
    public var lineEnding: LineEnding
    /// Whether the file starts with Excel's `sep=X` line, which the reader skips.
    public var hasSeparatorLine: Bool
    /// Why each decision was taken.
    public var reasons: Reasons

    /// The RFC 4180 default: UTF-8, comma, point, header, CRLF.
    public init(encoding: Encoding = .utf8, delimiter: UInt8 = UInt8(ascii: ","), decimalMark: DecimalMark = .point,
                hasHeader: Bool = true, lineEnding: LineEnding = .crlf, hasSeparatorLine: Bool = false,
                reasons: Reasons = Reasons()) {
        precondition(CSVDialect.isUsableDelimiter(delimiter), "delimiter must be ASCII and not a quote, CR or LF")
        self.encoding = encoding
        self.delimiter = delimiter
        self.decimalMark = decimalMark
        self.hasHeader = hasHeader
        self.lineEnding = lineEnding
        self.hasSeparatorLine = hasSeparatorLine
        self.reasons = reasons
    }

    /// Whether `byte` can separate fields: ASCII, and not `"`, CR or LF.
    public static func isUsableDelimiter(_ byte: UInt8) -> Bool {
        byte < 0x80 && byte != UInt8(ascii: "\"") && byte != 0x0A && byte != 0x0D
    }

    /// A printable name for the delimiter: `','`, `';'` or `tab`.
    public var delimiterName: String {
        delimiter == 0x09 ? "tab" : "'\(Character(Unicode.Scalar(delimiter)))'"
    }

    /// The reasons as lines `name: value (reason)`, in a fixed order, for `abikit sniff`.
    public var explanation: [String] {
        [
            "encoding: \(encoding.rawValue) (\(reasons.encoding))",
            "delimiter: \(delimiterName) (\(reasons.delimiter))",
            "decimal mark: '\(decimalMark.rawValue)' (\(reasons.decimalMark))",
            "header: \(hasHeader ? "yes" : "no") (\(reasons.header))",
            "line ending: \(lineEnding.rawValue) (\(reasons.lineEnding))",
        ]
    }
}
