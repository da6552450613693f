/// A problem found while reading delimited text.
///
/// Every case carries the 1-based physical line and, where it is meaningful, the 1-based
/// column (in characters) and the offending text, so callers can print `FILE:LINE:COLUMN: message`.
public enum CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A quoted field (RFC 4180 section 2, rule 5) was still open at the end of the input.
    case unterminatedQuote(line: Int, column: Int)
    /// A record had a different number of fields from the header (or the first record).
    /// Not fatal: the record is still delivered.
    case raggedRecord(line: Int, expectedFields: Int, foundFields: Int)
    /// A single record grew beyond the reader's limit; usually an unbalanced quote.
    case recordTooLong(line: Int, limitBytes: Int)
    /// A byte that is not UTF-8, found after the sample that decided the file was UTF-8.
    /// Not fatal: reading goes on (see ``CSVChunkReader/encodingIssue``).
    case invalidUTF8(line: Int, column: Int, byte: UInt8)
    /// The file is in an encoding the reader does not handle (UTF-16 or UTF-32, from its byte order mark).
    case unsupportedEncoding(name: String)
    /// A `--delimiter` argument that cannot be a delimiter.
    case invalidDelimiter(text: String)
    /// The operating system refused to open or read the input.
    case readFailed(path: String, errno: Int32, message: String)

    /// The 1-based physical line the problem starts on, or `nil` for whole-file problems.
    public var line: Int? {
        switch self {
        case .unterminatedQuote(let line, _), .raggedRecord(let line, _, _), .recordTooLong(let line, _),
             .invalidUTF8(let line, _, _):
            return line
        case .invalidDelimiter, .readFailed, .unsupportedEncoding:
            return nil
        }
    }

    /// The 1-based column (in characters) the problem starts at, when known.
    public var column: Int? {
        switch self {
        case .unterminatedQuote(_, let column), .invalidUTF8(_, let column, _): return column
        case .raggedRecord, .recordTooLong: return 1
        case .invalidDelimiter, .readFailed, .unsupportedEncoding: return nil
        }
    }

    /// A message without the file name; prefix `FILE:LINE:COLUMN: ` where appropriate.
    public var description: String {
        switch self {
        case .unterminatedQuote(let line, let column):
            return "line \(line), column \(column): quoted field opened here is never closed; expected a closing '\"' before the end of the file"
        case .raggedRecord(let line, let expected, let found):
            return "line \(line): record has \(found) field\(found == 1 ? "" : "s"), expected \(expected) like the header"
        case .recordTooLong(let line, let limit):
            return "line \(line): record is longer than \(limit) bytes; expected a line ending (is a quote left open?)"
        case .invalidUTF8(let line, let column, let byte):
            return "line \(line), column \(column): byte 0x\(CSVSniffer.hex(byte)) is not valid UTF-8; "
                + "expected UTF-8 like the first 64 KiB of the file (the text is kept, shown as U+FFFD)"
        case .unsupportedEncoding(let name):
            return "the file is \(name) (Excel's \"Unicode Text\"); expected UTF-8 or Windows-1252: "
                + "save it as \"CSV UTF-8\" and try again"
        case .invalidDelimiter(let text):
            return "invalid delimiter '\(text)': expected a single ASCII character other than '\"', CR or LF (for example ',' ';' or 'tab')"
        case .readFailed(let path, let errno, let message):
            return "\(path): cannot read (errno \(errno)): \(message)"
        }
    }
}
