import ABICore

/// What the first records of a file say about its columns, before any is given a role.
public enum ColumnSample {
    /// Records read from the first chunk to judge a column.
    public static let sampleRecords = 200

    /// 0-based columns whose non-blank cells in the first ``sampleRecords`` data records are mostly
    /// (more than half) text that is neither a pressure nor a pressure status word (`placebo`,
    /// `active`, `left`): such a column is never mapped by a header that could name two roles (`arm`),
    /// and is never suggested for `--map` (see ``ColumnMapping/resolve(headers:overrides:matchAliases:requireMeasurements:ignoring:textColumns:)``).
    /// - Parameters:
    ///   - chunk: the first chunk of the input.
    ///   - delimiter: the field delimiter byte.
    ///   - skipRecords: leading records of `chunk` that are not data (1 for a header).
    ///   - decimalComma: whether numbers use a decimal comma.
    public static func textColumns(in chunk: CSVChunk, delimiter: UInt8, skipRecords: Int, decimalComma: Bool) -> Set<Int> {
        Set(textColumnExamples(in: chunk, delimiter: delimiter, skipRecords: skipRecords, decimalComma: decimalComma).keys)
    }

    /// The columns of ``textColumns(in:delimiter:skipRecords:decimalComma:)``, each with its first
    /// text cell (for messages that say what the column holds).
    public static func textColumnExamples(in chunk: CSVChunk, delimiter: UInt8, skipRecords: Int,
                                          decimalComma: Bool) -> [Int: String] {
        var parser = CSVRecordParser(chunk: chunk, delimiter: delimiter)
        var text: [Int: Int] = [:]
        var example: [Int: String] = [:]
        var nonBlank: [Int: Int] = [:]
        var records = 0
        while records < skipRecords + sampleRecords {
            guard (try? parser.nextRecord()) ?? false else { break }
            records += 1
            guard records > skipRecords else { continue }
            for column in 0..<parser.fieldCount {
                switch PressureCell.parse(parser.field(at: column), decimalComma: decimalComma) {
                case .notMeasured: continue
                case .invalid(.unrecognizedText):
                    text[column, default: 0] += 1
                    if example[column] == nil { example[column] = parser.fieldString(at: column) }
                default: break
                }
                nonBlank[column, default: 0] += 1
            }
        }
        return example.filter { column, _ in 2 * (text[column] ?? 0) > (nonBlank[column] ?? 0) }
    }

    /// Headers of a column that says which leg a row is about.
    static let legHeaders: Set<String> = ["side", "leg", "limb", "laterality", "extremity", "seite", "bein", "legside", "limbside"]
    /// Values of such a column.
    static let legValues: Set<String> = ["left", "right", "l", "r", "lt", "rt", "links", "rechts", "li", "re"]

    /// A column of a one-row-per-leg layout: its header is `side`, `leg`, `limb` (and similar) and
    /// most of its non-blank cells in the first ``sampleRecords`` data records are `left`/`right`
    /// (`L`/`R`, `links`/`rechts`). Such files hold one ankle pair per row, which `score` must not
    /// read as the left leg (see the README, "One row per leg"). Returns the 0-based column.
    public static func legColumn(headers: [String], in chunk: CSVChunk, delimiter: UInt8, skipRecords: Int) -> Int? {
        let candidates = headers.indices.filter { legHeaders.contains(HeaderName.normalized(headers[$0])) }
        guard !candidates.isEmpty else { return nil }
        var parser = CSVRecordParser(chunk: chunk, delimiter: delimiter)
        var sides: [Int: Int] = [:]
        var nonBlank: [Int: Int] = [:]
        var records = 0
        while records < skipRecords + sampleRecords {
            guard (try? parser.nextRecord()) ?? false else { break }
            records += 1
            guard records > skipRecords else { continue }
            for column in candidates where column < parser.fieldCount {
                let value = parser.fieldString(at: column).trimmingASCIISpaces().lowercased()
                guard !value.isEmpty else { continue }
                nonBlank[column, default: 0] += 1
                if legValues.contains(value) { sides[column, default: 0] += 1 }
            }
        }
        return candidates.first { column in
            let count = sides[column] ?? 0
            return count > 0 && 2 * count > (nonBlank[column] ?? 0)
        }
    }
}
