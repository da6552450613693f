/// A problem found while reading delimited text.
///
/// Every case carries the 1-based physical line and, where it is meaningful, the 1-based
/// column (in characters) and the offending text, so callers can print `FILE:LINE:COLUMN: message`.
public enum CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A field opened a quote (RFC 4180 section 2, rule 5) that was still open at the end of the
    /// input. Not fatal: the quote is read as a literal and the record ends at its line's end.
    case unterminatedQuote(line: Int, column: Int)
    /// A record had a different number of fields from the header (or the first record).
    /// Not fatal: the record is still delivered.
    case raggedRecord(line: Int, expectedFields: Int, foundFields: Int)
    /// A single record grew beyond the reader's limit; usually an unbalanced quote.
    case recordTooLong(line: Int, limitBytes: Int)
    /// A byte that is not UTF-8, found after the sample that decided the file was UTF-8.
    /// Not fatal: the byte is read as Windows-1252 and reading goes on (see
    /// ``CSVChunkReader/encodingIssue``).
    case invalidUTF8(line: Int, column: Int, byte: UInt8)
    /// The file is in an encoding the reader does not handle (UTF-32, from its byte order mark).
    case unsupportedEncoding(name: String)
    /// The file is not delimited text: `kind` says what it looks like ("an Excel workbook (.xlsx)").
    case notDelimitedText(kind: String)
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
        case .invalidDelimiter, .readFailed, .unsupportedEncoding, .notDelimitedText:
            return nil
        }
    }

    /// The 1-based column (in characters) the problem starts at, when known.
    public var column: Int? {
        switch self {
        case .unterminatedQuote(_, let column), .invalidUTF8(_, let column, _): return column
        case .raggedRecord, .recordTooLong: return 1
        case .invalidDelimiter, .readFailed, .unsupportedEncoding, .notDelimitedText: return nil
        }
    }

    /// A message without the file name; prefix `FILE:LINE:COLUMN: ` where appropriate.
    public var description: String {
        switch self {
        case .unterminatedQuote(let line, let column), .invalidUTF8(let line, let column, _):
            return "line \(line), column \(column): " + messageWithoutPlace
        case .raggedRecord(let line, _, _), .recordTooLong(let line, _):
            return "line \(line): " + messageWithoutPlace
        case .unsupportedEncoding, .notDelimitedText, .invalidDelimiter, .readFailed:
            return messageWithoutPlace
        }
    }

    /// What is wrong and what was expected, without the line and column (for callers that show the
    /// place themselves).
    public var messageWithoutPlace: String {
        switch self {
        case .unterminatedQuote:
            return "quoted field opened here is never closed; expected a closing '\"' followed by the delimiter "
                + "or the end of a line (the quote is read as a character and the record ends at the end of this line)"
        case .raggedRecord(_, let expected, let found):
            return "record has \(found) field\(found == 1 ? "" : "s"), expected \(expected) like the header"
        case .recordTooLong(_, let limit):
            return "record is longer than \(limit) bytes; expected a line ending (is a quote left open?)"
        case .invalidUTF8(_, _, let byte):
            return "byte 0x\(CSVSniffer.hex(byte)) is not valid UTF-8; expected UTF-8 like the first 64 KiB "
                + "of the file (such bytes are read as Windows-1252, e.g. 0xFC as \"\u{FC}\")"
        case .unsupportedEncoding(let name):
            return "the file is \(name); expected UTF-8, UTF-16 or Windows-1252: save it as \"CSV UTF-8\" and try again"
        case .notDelimitedText(let kind):
            return "the file looks like \(kind), not delimited text; expected CSV or tab-separated text: "
                + "save it as \"CSV UTF-8\" and try again"
        case .invalidDelimiter(let text):
            return "invalid delimiter '\(TerminalSafeText.escaped(text))': expected a single ASCII character other than '\"', CR or LF (for example ',' ';' or 'tab')"
        case .readFailed(let path, let errno, let message):
            return "\(TerminalSafeText.escaped(path)): cannot read (errno \(errno)): \(message)"
        }
    }
}
