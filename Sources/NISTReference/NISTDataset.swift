import Foundation

/// A NIST Statistical Reference Dataset (StRD) file: its certified values and its data.
///
/// Format: NIST/ITL StRD, <https://www.itl.nist.gov/div898/strd/>. The header says on which lines
/// the certified values and the data stand ("Data (lines 61 to 96)"), and the line before the
/// data names the columns ("Data:  y  x"). Numbers are kept both as their exact decimal text and
/// as the nearest `Double`, because certified results such as NumAcc4's can only be reproduced
/// from the text (docs/statistics.md, "Decimal input is data").
public struct NISTDataset: Sendable {
    /// Dataset name, e.g. "Filip".
    public let name: String
    /// Column names as the file gives them ("y", "x", "x1"...; "Y" for univariate files).
    public let columnNames: [String]
    /// Data by column, exact decimal text.
    public let columnTexts: [[String]]
    /// Data by column as `Double`.
    public let columns: [[Double]]
    /// Certified univariate values (mean, SD with n-1, lag-1 autocorrelation), if a univariate file.
    public let univariate: NISTUnivariateCertified?
    /// Certified regression values, if a linear-regression file.
    public let regression: NISTRegressionCertified?

    /// Reads and parses one StRD file.
    /// - Throws: `NISTReferenceError` when the file cannot be read or is not in StRD layout.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1)
        else { throw NISTReferenceError.unreadable(path: path) }
        let fileName = (path as NSString).lastPathComponent
        try self.init(text: text, name: (fileName as NSString).deletingPathExtension)
    }

    /// Parses the text of one StRD file.
    public init(text: String, name: String) throws {
        self.name = name
        // "\r\n" is one Character in Swift, so split on every line-ending form explicitly.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map(String.init)
        guard let dataRange = Self.lineRange(after: "Data", in: lines) else {
            throw NISTReferenceError.malformed(name: name, reason: "no 'Data (lines A to B)' in the header")
        }
        guard dataRange.lowerBound >= 2, dataRange.upperBound <= lines.count else {
            throw NISTReferenceError.malformed(name: name, reason: "data lines \(dataRange) outside the file")
        }
        // The last "Data:" line before the data names the columns: "Data:  y  x".
        // (Univariate files put a rule of dashes under it.)
        let columnLine = lines[..<(dataRange.lowerBound - 1)].last(where: { $0.hasPrefix("Data:") }) ?? ""
        let headerFields = columnLine.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard headerFields.first == "Data:" else {
            throw NISTReferenceError.malformed(name: name, reason: "no 'Data:' column line before the data")
        }
        columnNames = headerFields.dropFirst().map(String.init)
        var texts = Array(repeating: [String](), count: columnNames.count)
        for lineNumber in dataRange {
            let fields = lines[lineNumber - 1].split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == columnNames.count else {
                throw NISTReferenceError.malformed(
                    name: name, reason: "line \(lineNumber): \(fields.count) values, expected \(columnNames.count)")
            }
            for (index, field) in fields.enumerated() { texts[index].append(String(field)) }
        }
        columnTexts = texts
        columns = try texts.map { column in
            try column.map { text in
                guard let value = Double(text) else {
                    throw NISTReferenceError.malformed(name: name, reason: "'\(text)' is not a number")
                }
                return value
            }
        }
        univariate = Self.parseUnivariate(lines)
        regression = Self.parseRegression(lines)
        if univariate == nil && regression == nil {
            throw NISTReferenceError.malformed(name: name, reason: "no certified univariate or regression values")
        }
    }

    /// "Data (lines 61 to 96)" or "Data : lines 61 to 5060" in the header, as a 1-based range.
    static func lineRange(after label: String, in lines: [String]) -> ClosedRange<Int>? {
        for line in lines.prefix(12) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(label), trimmed.contains("lines") else { continue }
            let numbers = trimmed.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            if numbers.count >= 2, numbers[0] <= numbers[1] { return numbers[0]...numbers[1] }
        }
        return nil
    }

    /// The last whitespace-separated token of a line that reads as a number.
    static func trailingNumber(_ line: String) -> (text: String, value: Double)? {
        let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        for token in tokens.reversed() {
            if let value = Double(token) { return (String(token), value) }
            if token == "(exact)" { continue }
            return nil
        }
        return nil
    }

    static func parseUnivariate(_ lines: [String]) -> NISTUnivariateCertified? {
        // "Sample Mean    ybar:   10000000.2 (exact)": the number after the last colon.
        func value(_ label: String) -> Double? {
            guard let line = lines.first(where: { $0.hasPrefix(label) }),
                  let colon = line.lastIndex(of: ":") else { return nil }
            return line[line.index(after: colon)...].split(separator: " ").first.flatMap { Double($0) }
        }
        guard let mean = value("Sample Mean"), let sd = value("Sample Standard Deviation"),
              let r1 = value("Sample Autocorrelation") else { return nil }
        return NISTUnivariateCertified(mean: mean, standardDeviation: sd, lag1Autocorrelation: r1)
    }

    static func parseRegression(_ lines: [String]) -> NISTRegressionCertified? {
        guard let start = lines.firstIndex(where: { $0.contains("Certified Regression Statistics") }) else {
            return nil
        }
        var estimates: [Double] = [], standardDeviations: [Double] = [], names: [String] = []
        var residualSD: Double?, rSquared: Double?
        for line in lines[start...] {
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if tokens.count == 3, tokens[0].hasPrefix("B"), Int(tokens[0].dropFirst()) != nil,
               let estimate = Double(tokens[1]), let sd = Double(tokens[2]) {
                names.append(String(tokens[0])); estimates.append(estimate); standardDeviations.append(sd)
            } else if line.contains("Standard Deviation"), residualSD == nil, !estimates.isEmpty,
                      let number = trailingNumber(line) {
                residualSD = number.value
            } else if line.contains("R-Squared"), let number = trailingNumber(line) {
                rSquared = number.value
                break
            }
        }
        guard !estimates.isEmpty, let residualSD, let rSquared else { return nil }
        let model = lines.first(where: { $0.contains("y =") || $0.contains("y  =") }) ?? ""
        return NISTRegressionCertified(
            parameterNames: names, estimates: estimates, standardDeviations: standardDeviations,
            residualStandardDeviation: residualSD, rSquared: rSquared, hasIntercept: model.contains("B0"))
    }
}

/// Certified univariate summary statistics (NIST StRD "Univariate Summary Statistics").
public struct NISTUnivariateCertified: Sendable, Equatable {
    /// Sample mean ("ybar").
    public let mean: Double
    /// Sample standard deviation with denominator n - 1 ("s").
    public let standardDeviation: Double
    /// Lag-1 autocorrelation coefficient ("r(1)"), NIST's definition: sum of lagged products of
    /// deviations over the sum of squared deviations.
    public let lag1Autocorrelation: Double
}

/// Certified linear-regression statistics (NIST StRD "Linear Least Squares Regression").
public struct NISTRegressionCertified: Sendable, Equatable {
    /// "B0", "B1", ... in file order. Without an intercept (NoInt1, NoInt2) the first is "B1".
    public let parameterNames: [String]
    /// Certified estimates, in the order of `parameterNames`.
    public let estimates: [Double]
    /// Certified standard deviations of the estimates.
    public let standardDeviations: [Double]
    /// Residual standard deviation.
    public let residualStandardDeviation: Double
    /// R-squared (uncentred when the model has no intercept).
    public let rSquared: Double
    /// Whether the model has a constant term (B0).
    public let hasIntercept: Bool
}

/// Problems reading a StRD file.
public enum NISTReferenceError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String)
    case malformed(name: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read NIST StRD file \(path)"
        case .malformed(let name, let reason): "NIST StRD file \(name): \(reason)"
        }
    }
}
