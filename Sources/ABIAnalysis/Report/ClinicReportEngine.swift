import ABICore
import ABIIO
import Glibc

/// `abikit report CLINIC.csv`: a clinic's scored file (or a raw file, scored first with the rules
/// of `abikit score`) as a report: the rules and their sources, counts by category, severity, flag
/// and status, the ABI distribution and category figures, the patients needing attention and the
/// data problems with their lines.
///
/// Memory is bounded whatever the number of rows: the records are streamed once and aggregated
/// (counts, a histogram in hundredths); only the first ``maximumListedRows`` patients needing
/// attention and data problems are kept (all are counted).
public struct ClinicReportEngine: Sendable {
    public var scoring: ScoringOptions
    public var maps: [String]
    public var threads: Int
    public var figure: FigureOptions
    public static let maximumListedRows = 200

    public init(scoring: ScoringOptions = ScoringOptions(), maps: [String] = [], threads: Int = 1, figure: FigureOptions = FigureOptions()) {
        self.scoring = scoring
        self.maps = maps
        self.threads = threads
        self.figure = figure
    }

    /// Why a patient is listed.
    public enum AttentionReason: String, Sendable, Equatable, CaseIterable {
        case abnormal = "abnormal ABI"
        case noncompressibleTBIRecommended = "noncompressible, TBI recommended"
        case limbThreateningMarkers = "CLTI marker"
        case significantDecline = "significant ABI decline"
    }

    /// The counts of one pass over the scored rows.
    public struct Tally: Sendable, Equatable {
        public var rows = 0
        public var categories: [String: Int] = [:]
        public var severities: [String: Int] = [:]
        public var flags: [String: Int] = [:]
        public var statuses: [String: Int] = [:]
        /// Patient ABI values in hundredths, counted.
        public var abiHundredths: [Int: Int] = [:]
        public var missingABI = 0
        /// Rows without an ABI because scoring found an error (status `error`).
        public var scoringErrorsWithoutABI = 0
        public var noncompressibleWithoutABI = 0
        public var attentionCount = 0
        public var attentionByReason: [AttentionReason: Int] = [:]
        /// The first listed patients: identifier (or data row), ABI, category, reasons.
        public var attention: [[String]] = []
        public var problemCount = 0
        /// The first data problems: where, severity, message.
        public var problems: [[String]] = []
    }

    /// Reads `open()` (a file: a raw file is opened twice, once to look at its header and once to
    /// score it) and builds the report.
    public func run(open: () throws -> CSVChunkReader, displayName: String, isFile: Bool, softwareVersion: String,
                    command: String) throws(AnalysisFailure) -> ReportResult {
        func reopen() throws(AnalysisFailure) -> CSVChunkReader {
            do { return try open() } catch let failure as AnalysisFailure { throw failure } catch {
                throw .usage("\(displayName): \(error)")
            }
        }
        let table = try TableSource.open(try reopen(), displayName: displayName)
        var tally = Tally()
        var rulesText = scoring.summary
        var scored = true
        var summaryText: String? = nil
        if table.headers.contains("abi") && table.headers.contains("category") {
            try Self.stream(table, prefix: "", displayName: displayName, problemsFromRows: true, into: &tally)
        } else {
            guard isFile else {
                throw .usage("\(displayName): no abi and category columns: report scores a raw clinic file, which must be a file path")
            }
            scored = false
            let prepared = try ScoringSource.open(try reopen(), displayName: displayName, maps: maps, options: scoring)
            let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
            var template = Array("\(directory)/abikit-report-XXXXXX".utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else { throw .inputOutput("cannot create a temporary file in \(directory): \(String(cString: strerror(errno)))") }
            // Unlinked at once: nothing is left behind whatever ends the process.
            unlink(String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
            defer { close(descriptor) }
            var problems: [[String]] = [], problemCount = 0
            let engine = ScoreEngine(layout: prepared.layout, delimiter: prepared.reader.dialect.delimiter, format: .csv,
                                     decimalCommaOutput: false, threads: threads, sourceName: displayName)
            let summary: ScoreSummary
            do {
                summary = try engine.run(reader: prepared.reader, firstChunk: prepared.firstChunk.map { ($0, prepared.headerRecords) },
                                         sink: OutputSink(fileDescriptor: descriptor, name: "scores")) { diagnostic in
                    problemCount += 1
                    if problems.count < Self.maximumListedRows {
                        problems.append(["line \(diagnostic.line)" + (diagnostic.column.map { ", column \($0)" } ?? ""),
                                         diagnostic.severity.rawValue, diagnostic.message])
                    }
                }
            } catch let error as CSVError {
                throw .usage(error.description)
            } catch {
                throw .inputOutput("scoring \(displayName): \(error)")
            }
            summaryText = summary.text
            rulesText = prepared.layout.options.summary
            guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw .inputOutput("temporary file: \(String(cString: strerror(errno)))") }
            let reader: CSVChunkReader
            do { reader = try CSVChunkReader(fileDescriptor: descriptor, sourceName: displayName) } catch {
                throw .inputOutput("reading the scores back: \(error.description)")
            }
            let scoredTable = try TableSource.open(reader, displayName: displayName)
            try Self.stream(scoredTable, prefix: prepared.layout.resultPrefix, displayName: displayName, problemsFromRows: false, into: &tally)
            tally.problems = problems
            tally.problemCount = problemCount
        }
        return build(tally, displayName: displayName, scored: scored, rulesText: rulesText, summaryText: summaryText,
                     softwareVersion: softwareVersion, command: command)
    }

    /// One pass over scored records: counts, the histogram, the attention list and (for a file
    /// that was scored earlier) the rows with a warning or error status, with their lines.
    static func stream(_ table: TableSource, prefix: String, displayName: String, problemsFromRows: Bool,
                       into tally: inout Tally) throws(AnalysisFailure) {
        let headers = table.headers
        func index(_ name: String) -> Int? { headers.lastIndex(of: prefix + name) }
        guard let abiColumn = index("abi"), let categoryColumn = index("category") else {
            throw .usage("\(displayName): no \(prefix)abi and \(prefix)category columns")
        }
        let severityColumn = index("severity"), flagsColumn = index("flags"), statusColumn = index("status")
        let messageColumn = index("message"), changeColumn = index("abi_change")
        let subjectNames: Set<String> = ["patientid", "patient", "subjectid", "subject", "id", "mrn", "studyid", "participantid"]
        let subjectColumn = headers.firstIndex { subjectNames.contains(String($0.lowercased().filter { $0.isLetter || $0.isNumber })) }
        let dateNames: Set<String> = ["visitdate", "date", "datum", "examdate"]
        let dateColumn = headers.firstIndex { dateNames.contains(String($0.lowercased().filter { $0.isLetter || $0.isNumber })) }
        var dataRow = 0
        func consume(_ chunk: CSVChunk, skip: Int) {
            var parser = CSVRecordParser(chunk: chunk, delimiter: table.reader.dialect.delimiter)
            var skipped = 0
            while (try? parser.nextRecord()) ?? true {
                if parser.fieldCount == 0 { break }
                if skipped < skip { skipped += 1; continue }
                if parser.isBlankRecord { continue }
                dataRow += 1
                func text(_ column: Int?) -> String {
                    guard let column, column < parser.fieldCount else { return "" }
                    return parser.fieldString(at: column).trimmingASCIISpaces()
                }
                tally.rows += 1
                let category = text(categoryColumn)
                tally.categories[category.isEmpty ? "(none)" : category, default: 0] += 1
                let severity = text(severityColumn)
                if !severity.isEmpty { tally.severities[severity, default: 0] += 1 }
                let flags = text(flagsColumn).split(separator: ";").map(String.init)
                for flag in flags { tally.flags[flag, default: 0] += 1 }
                let status = text(statusColumn)
                if !status.isEmpty { tally.statuses[status, default: 0] += 1 }
                let abiText = text(abiColumn)
                if let abi = Double(abiText), abi.isFinite, abs(abi) < 1e6 {
                    tally.abiHundredths[Int((abi * 100).rounded(.toNearestOrAwayFromZero)), default: 0] += 1
                } else if category == ABICategory.noncompressible.rawValue {
                    tally.noncompressibleWithoutABI += 1
                } else if status == "error" {
                    tally.scoringErrorsWithoutABI += 1
                } else {
                    tally.missingABI += 1
                }
                var reasons: [AttentionReason] = []
                if category == ABICategory.abnormal.rawValue { reasons.append(.abnormal) }
                if category == ABICategory.noncompressible.rawValue && flags.contains("tbi_recommended") { reasons.append(.noncompressibleTBIRecommended) }
                let markers = flags.filter { ["toe_lt30", "ankle_lt50", "ankle_lt70"].contains($0) }
                if !markers.isEmpty { reasons.append(.limbThreateningMarkers) }
                if flags.contains("abi_change_significant"), let change = Double(text(changeColumn)), change < 0 { reasons.append(.significantDecline) }
                if !reasons.isEmpty {
                    tally.attentionCount += 1
                    for reason in reasons { tally.attentionByReason[reason, default: 0] += 1 }
                    if tally.attention.count < maximumListedRows {
                        let who = subjectColumn.map { text($0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "data row \(dataRow)"
                        var why = reasons.map(\.rawValue)
                        if !markers.isEmpty, let i = why.firstIndex(of: AttentionReason.limbThreateningMarkers.rawValue) {
                            why[i] += " (" + markers.joined(separator: ", ") + ")"
                        }
                        if reasons.contains(.significantDecline) { why[why.count - 1] += " (\(text(changeColumn)))" }
                        tally.attention.append([who, text(dateColumn), abiText, category, severity, why.joined(separator: "; ")])
                    }
                }
                if problemsFromRows, status == "error" || status == "warning" {
                    tally.problemCount += 1
                    if tally.problems.count < maximumListedRows {
                        tally.problems.append(["line \(parser.fieldLine(at: 0))", status, text(messageColumn)])
                    }
                }
            }
        }
        if let first = table.firstChunk { consume(first, skip: table.headerRecords) }
        do {
            while let chunk = try table.reader.nextChunk() { consume(chunk, skip: 0) }
        } catch {
            throw .inputOutput("\(displayName): \(error.description)")
        }
    }

    func build(_ tally: Tally, displayName: String, scored: Bool, rulesText: String, summaryText: String?,
               softwareVersion: String, command: String) -> ReportResult {
        var sections: [ReportSection] = []
        // Rules and sources.
        let rules: [[String]] = [
            ["ABI per leg", scoring.method.code, "higher of DP and PT over the higher brachial pressure (AHA/ACC 2016, Gerhard-Herman, Circulation 2017;135:e726; ACC/AHA 2024, Gornik)"],
            ["PAD (abnormal)", scoring.padCutoff.code, "ABI ≤ 0.90 (AHA/ACC 2016 and 2024; Aboyans, Circulation 2012;126:2890)"],
            ["noncompressible", scoring.noncompressibleThreshold.code, "ABI > 1.40; TBI recommended (AHA/ACC 2016 and 2024)"],
            ["severity", scoring.severityScheme.code, "convention; no guideline defines ABI severity"],
            ["TBI abnormal", scoring.tbiCutoff.code, "TBI ≤ 0.70 (AHA/ACC 2016)"],
            ["inter-arm difference", "\(scoring.interArmSubclavianThreshold)/\(scoring.interArmRiskThreshold) mmHg", "Clark, Lancet 2012;379:905"],
            ["CLTI markers", "toe < 30, ankle < 50 / < 70 mmHg", "PARC; TASC II; SVS WIfI (Mills, J Vasc Surg 2014;59:220)"],
            ["significant change", DecimalText.hundredths(scoring.significantChangeHundredths), "|ΔABI| ≥ 0.15 between visits (Aboyans 2012)"],
        ]
        var rulesSection = ReportSection(heading: "Rules and their sources",
                                         paragraphs: [scored ? "The input was already scored (`abi` and `category` columns); the rules below are the defaults of this report and describe how such a file is scored by `abikit score`."
                                                      : "The raw readings were scored with the rules of `abikit score`: \(rulesText)."],
                                         tables: [MarkdownTable.render(headers: ["rule", "setting", "source"], rows: rules)],
                                         methods: "Clinical rules as listed, each with its source; ABI rounded half up to two decimals from the exact quotient of the pressures.")
        if let summaryText { rulesSection.notes.append("scoring: " + summaryText) }
        sections.append(rulesSection)

        // Categories and distribution.
        let categoryOrder = ABICategory.allCases.map(\.rawValue) + ["(none)"]
        let known = Set(categoryOrder)
        let categoryRows = (categoryOrder + tally.categories.keys.filter { !known.contains($0) }.sorted()).compactMap { code -> [String]? in
            guard let count = tally.categories[code] else { return nil }
            return [code, String(count), Self.percent(count, of: tally.rows)]
        }
        var distribution = ABIDistributionFigure.compute(hundredthCounts: tally.abiHundredths, missing: tally.missingABI,
                                                         noncompressibleWithoutABI: tally.noncompressibleWithoutABI,
                                                         measure: "patient ABI", options: scoring,
                                                         notes: tally.scoringErrorsWithoutABI > 0 ? [.rowsWithScoringErrors(count: tally.scoringErrorsWithoutABI)] : [])
        if distribution.count == 0 && tally.rows == 0 { distribution = ABIDistributionFigure.compute(values: [], measure: "patient ABI", options: scoring) }
        sections.append(ReportSection(
            heading: "ABI categories",
            paragraphs: ["\(tally.rows) rows from `\(displayName)`; \(distribution.count) with a patient ABI."],
            tables: [MarkdownTable.render(headers: ["category", "rows", "%"], rows: categoryRows, alignRight: [1, 2])],
            figures: [ReportFigure(fileName: "abi-distribution.svg", caption: "Distribution of patient ABI with the category bands and the 0.90 and \(DecimalText.hundredths(distribution.normalAtOrBelowHundredths)) cut-offs",
                                   svg: ABIDistributionFigure.render(distribution, options: figure))],
            methods: "Categories on the two-decimal patient ABI (worst leg): abnormal ≤ 0.90, borderline 0.91-0.99, normal 1.00-1.40, noncompressible > 1.40 (AHA/ACC 2016, Gerhard-Herman, Circulation 2017;135:e726)."))

        // Severity, flags, status.
        let severityOrder = PADSeverity.allCases.map(\.rawValue)
        let severityRows = (severityOrder + tally.severities.keys.filter { !severityOrder.contains($0) }.sorted()).compactMap { code -> [String]? in
            tally.severities[code].map { [code, String($0), Self.percent($0, of: tally.rows)] }
        }
        let flagRows = tally.flags.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { [$0.key, String($0.value), Self.percent($0.value, of: tally.rows)] }
        let statusRows = ["ok", "warning", "error"].compactMap { code in tally.statuses[code].map { [code, String($0), Self.percent($0, of: tally.rows)] } }
        let categoryCounts = CategoryCountsFigure.compute(categoryCounts: tally.categories, severityCounts: tally.severities,
                                                          allLabel: "all rows", unit: "rows")
        sections.append(ReportSection(
            heading: "Severity, flags and status",
            tables: [MarkdownTable.render(headers: ["severity", "rows", "%"], rows: severityRows, alignRight: [1, 2]),
                     MarkdownTable.render(headers: ["flag", "rows", "%"], rows: flagRows, alignRight: [1, 2]),
                     MarkdownTable.render(headers: ["status", "rows", "%"], rows: statusRows, alignRight: [1, 2])],
            figures: [ReportFigure(fileName: "categories.svg", caption: "Rows (visits) by ABI category and, within abnormal, by severity",
                                   svg: CategoryCountsFigure.render(categoryCounts, options: figure))],
            methods: "Severity within abnormal by convention (mild 0.70-0.90, moderate 0.40-0.69, severe < 0.40; no guideline defines it); flags as defined in docs/clinical-rules.md (inter-arm difference: Clark, Lancet 2012;379:905; CLTI markers: TASC II, PARC)."))

        // Attention.
        let reasonText = AttentionReason.allCases.compactMap { reason in tally.attentionByReason[reason].map { "\($0) \(reason.rawValue)" } }.joined(separator: ", ")
        var attention = ReportSection(
            heading: "Patients needing attention",
            paragraphs: [tally.attentionCount == 0 ? "No patient needs attention under these rules."
                         : "\(tally.attentionCount) row\(tally.attentionCount == 1 ? "" : "s") (\(reasonText))" + (tally.attentionCount > tally.attention.count ? "; the first \(tally.attention.count) are listed." : ".")],
            methods: "Listed: abnormal ABI (≤ 0.90), noncompressible arteries with a toe-brachial index recommended (AHA/ACC 2016), CLTI markers (toe pressure < 30 mmHg, ankle pressure < 50 or < 70 mmHg; TASC II, PARC, SVS WIfI) and an ABI decline of at least 0.15 since the previous visit (Aboyans, Circulation 2012;126:2890).")
        if !tally.attention.isEmpty {
            attention.tables = [MarkdownTable.render(headers: ["patient", "date", "ABI", "category", "severity", "why"], rows: tally.attention)]
        }
        sections.append(attention)

        // Data problems.
        var problems = ReportSection(
            heading: "Data problems",
            paragraphs: [tally.problemCount == 0 ? "No data problems." : "\(tally.problemCount) problem\(tally.problemCount == 1 ? "" : "s")"
                         + (tally.problemCount > tally.problems.count ? "; the first \(tally.problems.count) are listed." : ".")
                         + " Lines are those of `\(displayName)`."])
        if !tally.problems.isEmpty { problems.tables = [MarkdownTable.render(headers: ["where", "severity", "message"], rows: tally.problems)] }
        sections.append(problems)
        return ReportResult(title: "ABI clinic report: \(displayName)", sections: sections, softwareVersion: softwareVersion, command: command)
    }

    static func percent(_ count: Int, of total: Int) -> String {
        guard total > 0 else { return "" }
        let tenths = (count * 1000 + total / 2) / total
        return "\(tenths / 10).\(tenths % 10)"
    }
}
