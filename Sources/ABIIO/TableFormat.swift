/// The output formats of `--format`.
public enum TableFormat: String, Sendable, CaseIterable {
    /// RFC 4180 CSV with CRLF-free LF line endings and formula neutralisation.
    case csv
    /// Tab-separated, quoted like Excel's "Text (tab delimited)" when a cell needs it.
    case tsv
    /// JSON Lines: one RFC 8259 object per row.
    case json
    /// A GitHub-flavoured Markdown table.
    case markdown

    /// A writer for this format into `sink`.
    public func makeWriter(sink: OutputSink, decimalComma: Bool = false) -> any TableWriter {
        makeWriter(buffer: OutputBuffer(sink: sink), decimalComma: decimalComma)
    }

    /// A writer for this format into `buffer` (e.g. an ``OutputBuffer/inMemory(capacity:)`` buffer filled on
    /// a worker thread and written out in order by its owner).
    public func makeWriter(buffer: OutputBuffer, decimalComma: Bool = false) -> any TableWriter {
        switch self {
        case .csv: return DelimitedTableWriter(buffer: buffer, delimiter: decimalComma ? UInt8(ascii: ";") : UInt8(ascii: ","), decimalComma: decimalComma)
        case .tsv: return DelimitedTableWriter(buffer: buffer, delimiter: 0x09, decimalComma: decimalComma)
        case .json: return JSONLinesTableWriter(buffer: buffer)
        case .markdown: return MarkdownTableWriter(buffer: buffer, decimalComma: decimalComma)
        }
    }
}
