/// Decides a file's ``CSVDialect`` once, from a sample of its first bytes.
///
/// Each decision comes with a one-line reason (``CSVDialect/Reasons``). Command-line overrides win
/// and are reported as such. Detection is never repeated row by row: a file is read one way throughout.
public enum CSVSniffer {
    /// The number of leading bytes examined: 64 KiB.
    public static let sampleSize = 65_536

    static let candidateDelimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09]
    static let maximumSampledRecords = 200

    /// Detects encoding, `sep=` line, delimiter, decimal mark, header and line ending.
    ///
    /// - Parameters:
    ///   - sample: the first bytes of the file (``sampleSize`` or fewer).
    ///   - isCompleteFile: true when `sample` is the whole file, so its last line is complete.
    ///   - overrides: the user's explicit choices, which are taken as given.
    public static func sniff(sample: [UInt8], isCompleteFile: Bool = true,
                             overrides: CSVDialectOverrides = CSVDialectOverrides()) -> CSVDialect {
        var reasons = CSVDialect.Reasons()
        var body = sample[...]

        // Encoding.
        let encoding: CSVDialect.Encoding
        if body.starts(with: [0xEF, 0xBB, 0xBF]) {
            encoding = .utf8WithBOM
            body = body.dropFirst(3)
            reasons.encoding = "starts with the UTF-8 byte order mark EF BB BF"
        } else if let bad = body.withUnsafeBufferPointer({
            UTF8Validation.firstInvalidOffset(in: $0, isTruncated: !isCompleteFile)
        }) {
            encoding = .windows1252
            let byte = body[body.startIndex + bad]
            let line = 1 + body[body.startIndex..<(body.startIndex + bad)].count(where: { $0 == 0x0A })
            reasons.encoding = "byte 0x\(hex(byte)) on line \(line) is not valid UTF-8; reading as Windows-1252"
        } else if body.contains(where: { $0 >= 0x80 }) {
            encoding = .utf8
            reasons.encoding = "non-ASCII text is valid UTF-8"
        } else {
            encoding = .utf8
            reasons.encoding = "ASCII only, read as UTF-8"
        }

        // Excel's `sep=X` first line.
        var separatorFromLine: UInt8?
        if let (separator, lineLength) = separatorLine(in: body) {
            separatorFromLine = separator
            body = body.dropFirst(lineLength)
        }

        // Only complete records are analysed.
        if !isCompleteFile, let lastBreak = body.lastIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
            body = body[..<(lastBreak + 1)]
        }
        let text = Array(body)

        // Line ending.
        let lineEnding = firstLineEnding(in: text)
        switch lineEnding {
        case .none: reasons.lineEnding = "no line break in the sample"
        default: reasons.lineEnding = "first record ends with \(lineEnding.rawValue)"
        }

        // Delimiter.
        let delimiter: UInt8
        if let given = overrides.delimiter {
            delimiter = given
            reasons.delimiter = "given with --delimiter"
        } else if let separator = separatorFromLine, CSVDialect.isUsableDelimiter(separator) {
            delimiter = separator
            reasons.delimiter = "named by the file's 'sep=' first line"
        } else {
            (delimiter, reasons.delimiter) = detectDelimiter(in: text)
        }

        let records = sampleRecords(text, delimiter: delimiter)

        // Header.
        let hasHeader: Bool
        if let given = overrides.hasHeader {
            hasHeader = given
            reasons.header = given ? "header requested" : "--no-headers given"
        } else {
            (hasHeader, reasons.header) = detectHeader(records)
        }

        // Decimal mark.
        let decimalMark: CSVDialect.DecimalMark
        if let given = overrides.decimalComma {
            decimalMark = given ? .comma : .point
            reasons.decimalMark = given ? "--decimal-comma given" : "decimal point requested"
        } else {
            (decimalMark, reasons.decimalMark) = detectDecimalMark(
                hasHeader ? Array(records.dropFirst()) : records, delimiter: delimiter)
        }

        return CSVDialect(encoding: encoding, delimiter: delimiter, decimalMark: decimalMark, hasHeader: hasHeader,
                          lineEnding: lineEnding, hasSeparatorLine: separatorFromLine != nil, reasons: reasons)
    }

    /// `sep=X` followed by a line break or the end: the separator and the line's length with its break.
    static func separatorLine(in body: ArraySlice<UInt8>) -> (UInt8, Int)? {
        let bytes = Array(body.prefix(7))
        guard bytes.count >= 5 else { return nil }
        let prefix = bytes[0..<4].map { $0 | 0x20 }  // ASCII lower case
        guard prefix == Array("sep=".utf8) else { return nil }
        let separator = bytes[4]
        guard separator != 0x0A && separator != 0x0D else { return nil }
        if bytes.count == 5 { return (separator, 5) }
        switch bytes[5] {
        case 0x0A: return (separator, 6)
        case 0x0D: return (separator, bytes.count > 6 && bytes[6] == 0x0A ? 7 : 6)
        default: return nil
        }
    }

    static func firstLineEnding(in text: [UInt8]) -> CSVDialect.LineEnding {
        var inQuotes = false
        for (i, byte) in text.enumerated() {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if inQuotes { continue }
            if byte == 0x0A { return .lf }
            if byte == 0x0D { return i + 1 < text.count && text[i + 1] == 0x0A ? .crlf : .cr }
        }
        return .none
    }

    /// Non-blank records of the sample, as byte arrays per field.
    static func sampleRecords(_ text: [UInt8], delimiter: UInt8) -> [[[UInt8]]] {
        var parser = CSVRecordParser(chunk: CSVChunk(bytes: text), delimiter: delimiter)
        var records: [[[UInt8]]] = []
        while records.count < maximumSampledRecords {
            let more: Bool
            do {
                more = try parser.nextRecord()
            } catch {
                // An unterminated quote: the record is still usable for counting.
                more = true
            }
            guard more else { break }
            if parser.isBlankRecord { continue }
            records.append((0..<parser.fieldCount).map { Array(parser.field(at: $0)) })
        }
        return records
    }

    static func detectDelimiter(in text: [UInt8]) -> (UInt8, String) {
        struct Score {
            var delimiter: UInt8
            var fields: Int
            var consistent: Int
            var records: Int
            var numericFields: Int
        }
        var scores: [Score] = []
        for candidate in candidateDelimiters {
            let records = sampleRecords(text, delimiter: candidate)
            guard !records.isEmpty else { continue }
            var frequency: [Int: Int] = [:]
            for record in records { frequency[record.count, default: 0] += 1 }
            // The most common field count; ties go to the larger count.
            guard let mode = frequency.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { continue }
            // The right split leaves whole numbers (`120,5` with `;`); a wrong one cuts them (`5;130`).
            let numericFields = records.reduce(0) { total, record in
                total + record.count(where: { field in field.withUnsafeBufferPointer { NumericText.shape(of: $0) } != nil })
            }
            scores.append(Score(delimiter: candidate, fields: mode.key, consistent: mode.value,
                                records: records.count, numericFields: numericFields))
        }
        let usable = scores.filter { $0.fields >= 2 }
        // Most consistent first; then most numeric-looking fields; then most fields.
        let best = usable.enumerated().min { a, b in
            let x = a.element, y = b.element
            let left = x.consistent * y.records, right = y.consistent * x.records
            if left != right { return left > right }
            if x.numericFields != y.numericFields { return x.numericFields > y.numericFields }
            if x.fields != y.fields { return x.fields > y.fields }
            return a.offset < b.offset
        }?.element
        guard let best else {
            return (UInt8(ascii: ","), "no candidate (',' ';' tab) splits the sample into several columns; using ','")
        }
        let name = best.delimiter == 0x09 ? "tab" : "'\(Character(Unicode.Scalar(best.delimiter)))'"
        return (best.delimiter,
                "\(name) splits \(best.consistent) of \(best.records) sampled records into \(best.fields) fields")
    }

    static func detectHeader(_ records: [[[UInt8]]]) -> (Bool, String) {
        guard let first = records.first else { return (true, "empty sample; assuming a header") }
        for (column, field) in first.enumerated() where !field.isEmpty {
            if field.withUnsafeBufferPointer({ NumericText.shape(of: $0) }) != nil {
                let text = String(decoding: field, as: UTF8.self)
                return (false, "first record has the number '\(text)' in column \(column + 1)")
            }
        }
        let preview = first.prefix(3).map { "'\(String(decoding: $0, as: UTF8.self))'" }.joined(separator: ", ")
        return (true, "first record holds no numbers (\(preview)\(first.count > 3 ? ", ..." : ""))")
    }

    static func detectDecimalMark(_ dataRecords: [[[UInt8]]], delimiter: UInt8) -> (CSVDialect.DecimalMark, String) {
        var commaCount = 0
        var pointCount = 0
        var commaExample = ""
        for record in dataRecords {
            for field in record {
                switch field.withUnsafeBufferPointer({ NumericText.shape(of: $0) }) {
                case .commaDecimal?:
                    commaCount += 1
                    if commaExample.isEmpty { commaExample = String(decoding: field, as: UTF8.self) }
                case .pointDecimal?: pointCount += 1
                default: break
                }
            }
        }
        guard delimiter != UInt8(ascii: ",") else {
            return (.point, "delimiter is ','; a decimal comma is only detected with ';' or tab")
        }
        if commaCount > 0 && pointCount == 0 {
            return (.comma, "\(commaCount) numeric field\(commaCount == 1 ? "" : "s") like '\(commaExample)' use a decimal comma")
        }
        if commaCount > 0 {
            return (.point, "both '.' (\(pointCount)) and ',' (\(commaCount)) decimals seen; using '.' (pass --decimal-comma to override)")
        }
        if pointCount > 0 { return (.point, "\(pointCount) numeric fields use a decimal point") }
        return (.point, "no decimal fractions in the sample; using '.'")
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
