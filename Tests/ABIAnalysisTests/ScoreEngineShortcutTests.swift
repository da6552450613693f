import Foundation
import Testing
import TestSupport
import ABICore
import ABIIO
@testable import ABIAnalysis

/// `score`'s usual-row shortcut (`ScoreEngine.scoreUsualRecord`) against the general path: whole
/// outputs, every diagnostic and the summary must be the same with the shortcut on and off, over
/// random files whose pressure cells cross every range boundary the shortcut tests (absent signal,
/// ankle 1-39, brachial 70-250, the 300 mmHg maximum, implausible ABIs) and every spelling it must
/// leave to the general path (decimals, padding, quotes, markers, signs), under varied rules and
/// column layouts.
struct ScoreEngineShortcutTests {
    /// A random pressure cell: mostly 1-3 plain digits around the thresholds, sometimes empty, and
    /// sometimes a spelling only the general path reads.
    static func cell(_ generator: inout SplitMix64) -> String {
        let roll = generator.next() % 100
        switch roll {
        case 0..<12: return ""
        case 12..<60: return String(40 + generator.next() % 211)  // usual ankle and arm values
        case 60..<70:
            // Boundaries: 0 (absent), 1, 39/40, 69/70, 250/251, 299/300/301, 999.
            let edges = [0, 1, 9, 10, 39, 40, 49, 50, 69, 70, 99, 100, 249, 250, 251, 299, 300, 301, 999]
            return String(edges[Int(generator.next() % UInt64(edges.count))])
        case 70..<78: return String(generator.next() % 1000)
        case 78..<82: return ["00", "000", "07", "095", "0120"][Int(generator.next() % 5)]
        case 82..<86: return "\(40 + generator.next() % 200).\(generator.next() % 10)"
        case 86..<89: return "\"\(40 + generator.next() % 200)\""
        case 89..<91: return [" 98", "98 ", " "][Int(generator.next() % 3)]
        case 91..<93: return ["NA", "nc", ">250", "absent", "n/a"][Int(generator.next() % 5)]
        case 93..<95: return ["-5", "+98", "1e2", "abc", "1000", "12,5"][Int(generator.next() % 6)]
        default: return String(1 + generator.next() % 60)  // low ankle pressures: warnings
        }
    }

    /// Scores `path` and returns the output bytes, the diagnostics in order and the summary.
    static func score(_ path: String, options: ScoringOptions, shortcut: Bool, threads: Int) throws
        -> (output: [UInt8], diagnostics: [RowDiagnostic], summary: ScoreSummary, usesShortcutLayout: Bool) {
        // Small chunks: subjects span chunk boundaries, so the visit-change patching runs too.
        let reader = try CSVChunkReader(path: path, options: CSVReaderOptions(blockSize: 2048))
        let source = try ScoringSource.open(reader, displayName: "test.csv", maps: [], options: options)
        var engine = ScoreEngine(layout: source.layout, delimiter: reader.dialect.delimiter, format: .csv,
                                 decimalCommaOutput: false, threads: threads, sourceName: "test.csv")
        engine.usesUsualRowShortcut = shortcut
        let outputPath = temporaryPath("shortcut-out.csv")
        defer { unlink(outputPath) }
        let sink = try OutputSink.atomicFile(path: outputPath)
        var diagnostics: [RowDiagnostic] = []
        let summary = try engine.run(reader: reader, firstChunk: source.firstChunk.map { ($0, source.headerRecords) },
                                     sink: sink) { diagnostics.append($0) }
        let output = try [UInt8](Data(contentsOf: URL(fileURLWithPath: outputPath)))
        return (output, diagnostics, summary, source.layout.usualPressureColumns != nil)
    }

    static let layouts: [(headers: [String], shortcut: Bool)] = [
        (["brachial_left", "brachial_right", "ankle_dp_left", "ankle_pt_left", "ankle_dp_right", "ankle_pt_right"], true),
        (["ankle_pt_right", "brachial_right", "ankle_dp_left", "brachial_left", "ankle_dp_right", "ankle_pt_left"], true),
        // Sites without a column read as not measured.
        (["brachial_left", "ankle_dp_left", "ankle_dp_right"], true),
        // Another site, or a site twice: general path only.
        (["brachial_left", "brachial_right", "ankle_dp_left", "ankle_pt_left", "ankle_dp_right", "ankle_pt_right",
          "toe_left"], false),
    ]

    @Test(arguments: 0..<4)
    func shortcutGivesTheGeneralPathsOutput(layoutIndex: Int) throws {
        let layout = Self.layouts[layoutIndex]
        var generator = SplitMix64(seed: 2026_1207 + UInt64(layoutIndex))
        let ruleSets: [ScoringOptions] = [
            ScoringOptions(),
            ScoringOptions(padCutoff: .below090, noncompressibleThreshold: .above130, severityScheme: .split050,
                           interArmSubclavianThreshold: 0, interArmRiskThreshold: 30, significantChangeHundredths: 0),
            ScoringOptions(interArmSubclavianThreshold: 5, interArmRiskThreshold: 5),
            ScoringOptions(method: .lowerAnkle),
        ]
        for (ruleIndex, options) in ruleSets.enumerated() {
            var text = "subject_id,visit_date," + layout.headers.joined(separator: ",") + "\n"
            for row in 0..<1_500 {
                let subject = "S\(row / 7 + Int(generator.next() % 2))"
                let date = "20\(10 + row % 7)-0\(1 + generator.next() % 9)-1\(generator.next() % 10)"
                text += subject + "," + date + ","
                    + layout.headers.indices.map { _ in Self.cell(&generator) }.joined(separator: ",") + "\n"
            }
            let path = temporaryPath("shortcut-in.csv")
            defer { unlink(path) }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            for threads in [1, 2] {
                let general = try Self.score(path, options: options, shortcut: false, threads: threads)
                let shortcut = try Self.score(path, options: options, shortcut: true, threads: threads)
                let what = "layout \(layoutIndex), rules \(ruleIndex), \(threads) threads"
                #expect(shortcut.usesShortcutLayout == (layout.shortcut && options.method == .standard), "\(what)")
                #expect(general.summary.rows == 1_500, "\(what)")
                #expect(firstDifferingLine(shortcut.output, general.output) == nil, "\(what): output")
                #expect(shortcut.diagnostics == general.diagnostics, "\(what): diagnostics")
                #expect(shortcut.summary == general.summary, "\(what): summary")
            }
        }
    }

    /// The shortcut's cell reading against `PressureCell.parse`: for every cell it accepts, the same
    /// reading (none for empty, one measured whole pressure otherwise); every cell of at most three
    /// bytes over a small alphabet, and the rest of the digits.
    @Test func cellReadingAgreesWithPressureCellParse() throws {
        let alphabet: [UInt8] = Array("0123456789 .,-+\"aN>".utf8)
        var cells: [[UInt8]] = [[]]
        for a in alphabet {
            cells.append([a])
            for b in alphabet {
                cells.append([a, b])
                for c in alphabet { cells.append([a, b, c]) }
            }
        }
        var accepted = 0
        for cell in cells {
            let reading = cell.withUnsafeBufferPointer { PressureCell.parse($0, decimalComma: false) }
            let nanounits = cell.withUnsafeBufferPointer { ScoreEngine.usualCellNanounits(of: $0) }
            guard let nanounits else { continue }
            accepted += 1
            if nanounits == 0 {
                #expect(reading == .notMeasured, "\(cell)")
            } else {
                #expect(reading == .measured(ExactDecimal(Int64(nanounits / ExactPressure.nanounitsPerMillimetre))), "\(cell)")
            }
        }
        // Empty, and every 1-3 digit spelling of 1-300.
        #expect(accepted == 1 + 9 + 99 + 300)
    }
}
