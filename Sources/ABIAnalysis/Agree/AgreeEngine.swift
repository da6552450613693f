import ABICore
import ABIIO
import ABIStatistics

/// The work of `abikit agree`: method comparison (Bland-Altman, CCC), diagnostic accuracy at an
/// ABI cut-off (2 x 2 table, kappa, ROC) and rater reliability (ICC).
///
/// Cells are read as text and classified by ``AgreeCell``: numbers are used; blank cells, `NC`
/// / `>255` (noncompressible) and other text (device errors) are counted per column and reason
/// in ``AgreeResult/unusable`` and the row is left out of that analysis, never silently.
public struct AgreeEngine: Sendable {
    public let options: AgreeOptions
    /// How many device-error cells are kept for messages (all are counted).
    public static let maximumReportedCells = 10

    public init(options: AgreeOptions) { self.options = options }

    /// Loads the needed columns from `loader` (consuming it) and computes the result.
    public func run(_ loader: ColumnLoader, threads: Int = 1) throws(AgreeError) -> AgreeResult {
        try run(sourceName: loader.sourceName, decimalMark: loader.dialect.decimalMark) { (names) throws(ColumnLoaderError) in
            try loader.load(names.map { .categorical($0) }, threads: threads, maximumIssues: 10)
        }
    }

    /// Loads the needed columns from `source` (its `--where` filter applied) and computes the result.
    public func run(_ source: ColumnSource, threads: Int = 1) throws(AgreeError) -> AgreeResult {
        try run(sourceName: source.loader.sourceName, decimalMark: source.loader.dialect.decimalMark) { (names) throws(ColumnLoaderError) in
            try source.loadRows(names.map { .categorical($0) }, threads: threads, maximumIssues: 10)
        }
    }

    private func run(sourceName: String, decimalMark: CSVDialect.DecimalMark,
                     load: ([String]) throws(ColumnLoaderError) -> LoadedColumns) throws(AgreeError) -> AgreeResult {
        let pair: (String, String)?
        switch (options.indexColumn, options.referenceColumn) {
        case let (a?, b?): pair = (a, b)
        case (let a?, nil): throw .missingPartner(given: "--a \(a)")
        case (nil, let b?): throw .missingPartner(given: "--b \(b)")
        case (nil, nil): pair = nil
        }
        if pair == nil && options.raterColumns.isEmpty { throw .nothingToCompare }
        if !options.raterColumns.isEmpty && options.raterColumns.count < 2 { throw .tooFewRaters(options.raterColumns.count) }
        var names: [String] = []
        if let pair { names += [pair.0, pair.1] }
        if let subject = options.subjectColumn { names.append(subject) }
        names += options.raterColumns
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted { throw .duplicateColumn(name) }
        let loaded: LoadedColumns
        do {
            loaded = try load(names)
        } catch {
            throw .load(error, source: sourceName)
        }
        var texts: [String: [String]] = [:]
        for (name, column) in zip(names, loaded.columns) {
            if case .categorical(let labels) = column { texts[name] = labels }
        }
        return compute(texts: texts, rowCount: loaded.rowCount, decimalMark: decimalMark, source: sourceName, dataRows: loaded.sourceRows)
    }

    /// Computes the result from the cell texts of each named column (`""` = missing marker).
    /// - Parameters:
    ///   - texts: the cell texts of each column the options name, one per row.
    ///   - rowCount: the number of rows.
    ///   - decimalMark: the input's decimal mark, for reading the cells as numbers.
    ///   - source: the input's name in messages.
    ///   - dataRows: each row's 0-based data row in the input when `--where` removed rows
    ///     (ABIIO's `LoadedColumns.sourceRows`), so that messages name the input's rows.
    public func compute(texts: [String: [String]], rowCount: Int, decimalMark: CSVDialect.DecimalMark,
                        source: String, dataRows: [Int]? = nil) -> AgreeResult {
        let level = options.level
        var notes: [AgreeNote] = []
        var unusable: [UnusableCount] = []
        var deviceErrors: [DeviceErrorCell] = []
        func classify(_ name: String) -> [AgreeCell] {
            let column = texts[name] ?? []
            let cells = column.map { AgreeCell($0, decimalMark: decimalMark) }
            for (i, cell) in cells.enumerated() where cell == .unusable(.deviceError) && deviceErrors.count < Self.maximumReportedCells {
                deviceErrors.append(DeviceErrorCell(dataRow: (dataRows?[i] ?? i) + 1, column: name, text: column[i]))
            }
            for reason in UnusableReason.allCases {
                let count = cells.reduce(0) { $0 + ($1 == .unusable(reason) ? 1 : 0) }
                if count > 0 { unusable.append(UnusableCount(column: name, reason: reason, count: count)) }
            }
            return cells
        }
        var usablePairs = 0, excludedPairs = 0
        var blandAltman: BlandAltmanResult? = nil, repeated: RepeatedMeasuresAgreementResult? = nil
        var repeatedMOVER: RepeatedMeasuresAgreementResult? = nil
        var concordance: ConcordanceCorrelationResult? = nil, diagnostic: DiagnosticAccuracyResult? = nil
        var categoryTable: [[Int]]? = nil, kappas: [KappaResult] = [], roc: ROCResult? = nil
        var icc: IntraclassCorrelationResult? = nil, iccColumns: [String] = [], iccExcluded = 0

        if let a = options.indexColumn, let b = options.referenceColumn {
            let left = classify(a), right = classify(b)
            var xs: [Double] = [], ys: [Double] = [], rows: [Int] = []
            var table = [[Int]](repeating: [Int](repeating: 0, count: 4), count: 4)
            var categorised = 0, mixed = 0
            let cutoff = options.cutoff ?? .atOrBelow090
            func category(_ cell: AgreeCell) -> ABICategory? {
                switch cell {
                case .category(let c): return c
                case .number(let v, let h): return ABICategory(hundredths: h ?? Int((v * 100).rounded()), cutoff: cutoff, noncompressibleAbove: .above140)
                case .unusable: return nil
                }
            }
            for i in 0..<rowCount {
                switch (left[i], right[i]) {
                case let (.number(x, _), .number(y, _)):
                    xs.append(x); ys.append(y); rows.append(i); usablePairs += 1
                case (.category, .category): usablePairs += 1
                case (.category, .number), (.number, .category): mixed += 1; excludedPairs += 1; continue
                default: excludedPairs += 1; continue
                }
                if let ci = category(left[i]), let cj = category(right[i]) {
                    table[AgreeResult.categoryOrder.firstIndex(of: ci)!][AgreeResult.categoryOrder.firstIndex(of: cj)!] += 1
                    categorised += 1
                }
            }
            if mixed > 0 { notes.append(.mixedCategoriesAndNumbers(mixed)) }
            if xs.count >= 2 {
                blandAltman = BlandAltman.analyse(xs, ys, level: level, relative: options.relative)
                concordance = ConcordanceCorrelation.analyse(xs, ys, level: level)
                if let normality = blandAltman?.normality, normality.pValue < 0.05 { notes.append(.differencesNotNormal(pValue: normality.pValue)) }
                if let ba = blandAltman, ba.normality == nil, ba.count > 5000 { notes.append(.normalityNotTested(count: ba.count)) }
                if let p = blandAltman?.proportionalBias?.slopePValue, p < 0.05 { notes.append(.proportionalBias(pValue: p)) }
            } else if xs.count < 2 && usablePairs == xs.count {
                notes.append(.tooFewPairs(xs.count))
            }
            if let subject = options.subjectColumn, let ids = texts[subject] {
                var codes: [String: Int] = [:]
                var blankSubjects = 0
                let subjects = rows.map { row -> Int in
                    let id = ids[row].trimmingASCIISpaces()
                    // A row without a subject id is its own subject (never lumped with other blanks).
                    if id.isEmpty { blankSubjects += 1; return -blankSubjects }
                    if let code = codes[id] { return code }
                    codes[id] = codes.count
                    return codes.count - 1
                }
                if codes.count + blankSubjects < rows.count {
                    notes.append(.repeatedPairs(subjects: codes.count + blankSubjects, pairs: rows.count))
                    let differences = zip(xs, ys).map { x, y in options.relative ? 100 * (x - y) / ((x + y) / 2) : x - y }
                    repeated = BlandAltman.repeatedMeasures(subjects: subjects, differences: differences, level: level)
                    repeatedMOVER = BlandAltman.repeatedMeasuresMOVER(subjects: subjects, differences: differences, level: level)
                }
            }
            if options.cutoff != nil || xs.isEmpty, categorised > 0 {
                categoryTable = table
                kappas = KappaResult.Weighting.allCases.compactMap { CohenKappa.analyse(table: table, weighting: $0, level: level) }
                // 2 x 2 at the cut-off: abnormal is positive.
                let tp = table[0][0], fp = table[0][1...].reduce(0, +)
                let fn = (1..<4).reduce(0) { $0 + table[$1][0] }
                let tn = (1..<4).reduce(0) { s, i in s + table[i][1...].reduce(0, +) }
                diagnostic = DiagnosticAccuracy.analyse(truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn, level: level)
                if tp + fn == 0 || fp + tn == 0 { notes.append(.referenceOneClass) }
                if !xs.isEmpty {
                    let isCase = rows.map { row -> Bool in
                        if case .number(let v, let h) = right[row] { return cutoff.isAbnormal(h ?? Int((v * 100).rounded())) }
                        return false
                    }
                    roc = ROCCurve.analyse(index: xs, isCase: isCase, level: level)
                    if let ties = roc?.youdenTies, ties > 1 { notes.append(.youdenTies(ties)) }
                }
            }
            if options.icc && options.raterColumns.isEmpty {
                iccColumns = [a, b]
                icc = IntraclassCorrelation.analyse(zip(xs, ys).map { [$0, $1] }, level: level)
                iccExcluded = rowCount - xs.count
                if icc == nil { notes.append(.iccUndefined) }
            }
        }
        if !options.raterColumns.isEmpty {
            iccColumns = options.raterColumns
            let columns = options.raterColumns.map(classify)
            var ratings: [[Double]] = []
            for i in 0..<rowCount {
                let row = columns.compactMap { column -> Double? in
                    if case .number(let v, _) = column[i] { return v }
                    return nil
                }
                if row.count == columns.count { ratings.append(row) } else { iccExcluded += 1 }
            }
            icc = ratings.isEmpty ? nil : IntraclassCorrelation.analyse(ratings, level: level)
            if icc == nil { notes.append(.iccUndefined) }
        }
        return AgreeResult(
            source: source, indexColumn: options.indexColumn, referenceColumn: options.referenceColumn,
            subjectColumn: options.subjectColumn, rowCount: rowCount, usablePairCount: usablePairs,
            excludedPairCount: excludedPairs, unusable: unusable, deviceErrorCells: deviceErrors, blandAltman: blandAltman, repeatedMeasures: repeated, repeatedMeasuresMOVER: repeatedMOVER,
            concordance: concordance, cutoff: options.cutoff, diagnostic: diagnostic, categoryTable: categoryTable,
            categoryKappa: kappas, roc: roc, icc: icc, iccColumns: iccColumns, iccExcludedTargets: iccExcluded,
            level: level, notes: notes)
    }
}
