@testable import ABIAnalysis
import ABICore
import ABIIO
import Foundation
import Testing

/// The report's renderers and the clinic report's streamed aggregates.
@Suite struct ReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"><title>t</title></svg>\n"

    static let sample = ReportResult(
        title: "A & B <report>",
        sections: [ReportSection(heading: "One", paragraphs: ["Text with `code` and **bold**."],
                                 tables: ["## Results\n\n| a | b |\n| --- | ---: |\n| x \\| y | 1.5 |\n"],
                                 figures: [ReportFigure(fileName: "01-one.svg", caption: "y ~ a * b", svg: svg)],
                                 methods: "Method (Author 2000).", notes: ["a note"])],
        softwareVersion: "9.9", command: "abikit report x.csv -o r")

    @Test func markdownReferencesFiguresByRelativePathAndNestsHeadings() {
        let markdown = ReportRenderer.markdown(Self.sample)
        #expect(markdown.hasPrefix("# A & B <report>\n"))
        #expect(markdown.contains("![y ~ a \\* b](figures/01-one.svg)"))
        #expect(markdown.contains("### Results"), "a command's ## heading one level below the section's")
        #expect(!markdown.contains("\n## Results"))
        #expect(markdown.contains("**Methods.** Method (Author 2000)."))
        #expect(markdown.contains("abikit 9.9") && markdown.contains("abikit report x.csv -o r"))
    }

    @Test func htmlIsSelfContainedWithInlinedFiguresAndPrintStyles() {
        let html = ReportRenderer.html(Self.sample)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>A &amp; B &lt;report&gt;</title>"))
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"><title>t</title></svg>"))
        #expect(!html.contains("<?xml"), "the XML declaration is not allowed inside HTML")
        #expect(html.contains("@media print"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("<link"))
        #expect(html.contains("<td>x | y</td><td class=\"number\">1.5</td>"))
        #expect(html.contains("<code>code</code>") && html.contains("<strong>bold</strong>"))
        #expect(html.contains("<h3>Results</h3>"))
    }

    @Test func histogramFromCountsEqualsHistogramFromValues() {
        let values: [Double] = [0.42, 0.9, 0.9, 0.91, 1.0, 1.4, 1.41, 1.27, 0.0, 0.55]
        var counts: [Int: Int] = [:]
        for v in values { counts[Int((v * 100).rounded()), default: 0] += 1 }
        let fromValues = ABIDistributionFigure.compute(values: values + [.nan], measure: "patient ABI")
        let fromCounts = ABIDistributionFigure.compute(hundredthCounts: counts, missing: 1, measure: "patient ABI")
        #expect(fromValues == fromCounts)
        #expect(ABIDistributionFigure.compute(hundredthCounts: [:], measure: "m").notes == [.noData])
    }

    @Test func categoryBarsFromCountsEqualBarsFromRows() {
        let categories = ["abnormal", "abnormal", "normal", "", "noncompressible", "borderline", "abnormal"]
        let severities = ["mild", "severe", "", "", "", "", "mild"]
        let fromRows = CategoryCountsFigure.compute(categories: categories, severities: severities, groups: nil)
        var categoryCounts: [String: Int] = [:], severityCounts: [String: Int] = [:]
        for c in categories { categoryCounts[c, default: 0] += 1 }
        for s in severities where !s.isEmpty { severityCounts[s, default: 0] += 1 }
        #expect(CategoryCountsFigure.compute(categoryCounts: categoryCounts, severityCounts: severityCounts) == fromRows)
        #expect(CategoryCountsFigure.compute(categoryCounts: [:], severityCounts: [:]).notes == [.noData])
    }

    /// The demo clinic file, scored by the engine: the report's counts are those of `abikit score`'s
    /// summary (README), the attention list and problems as worked out by hand from the README table.
    @Test func clinicReportOfTheDemoFile() throws {
        let path = Self.root.appendingPathComponent("Fixtures/demo/clinic.csv").path
        let report = try ClinicReportEngine().run(open: { try CSVChunkReader(path: path) }, displayName: "clinic.csv", isFile: true,
                                                  softwareVersion: "t", command: "c")
        #expect(report.sections.map(\.heading) == ["Rules and their sources", "ABI categories", "Severity, flags and status",
                                                    "Patients needing attention", "Data problems"])
        let categories = report.sections[1].tables[0]
        // README: 2 noncompressible, 1 normal, 1 borderline, 5 abnormal, 2 without category (11 rows).
        for row in ["| noncompressible | 2 | 18.2 |", "| normal | 1 | 9.1 |", "| borderline | 1 | 9.1 |", "| abnormal | 5 | 45.5 |", "| (none) | 2 | 18.2 |"] {
            #expect(categories.contains(row), "\(row)")
        }
        #expect(report.sections[2].tables[0].contains("| mild | 3 |") && report.sections[2].tables[0].contains("| severe | 1 |"))
        let attention = report.sections[3]
        #expect(attention.paragraphs[0].hasPrefix("7 rows (5 abnormal ABI, 2 noncompressible, TBI recommended, 1 CLTI marker, 1 significant ABI decline)"))
        #expect(attention.tables[0].contains("| P001 | 2025-09-10 | 0.90 | abnormal | mild | abnormal ABI; significant ABI decline (-0.16) |"))
        #expect(attention.tables[0].contains("| P004 | 2025-03-06 | 0.00 | abnormal | severe | abnormal ABI; CLTI marker (toe_lt30, ankle_lt50, ankle_lt70) |"))
        let problems = report.sections[4].tables[0]
        #expect(problems.contains("| line 9, column 25 | error | L DP (ankle_dp_left) '1400': invalid pressure"))
        #expect(problems.contains("| line 12 | error | no usable brachial pressure"))
        #expect(report.figures.map(\.fileName) == ["abi-distribution.svg", "categories.svg"])
        #expect(report.figures[0].svg.contains("2 rows with scoring errors (no ABI)"))
        #expect(report.sections.filter { $0.heading != "Data problems" }.allSatisfy { !$0.methods.isEmpty })
    }

    @Test func emptyAndHeaderOnlyClinicFiles() throws {
        let headerOnly = Array("Patient ID,abi,category,severity,flags,status\n".utf8)
        let report = try ClinicReportEngine().run(open: { try CSVChunkReader(bytes: headerOnly) }, displayName: "h.csv", isFile: false,
                                                  softwareVersion: "t", command: "c")
        #expect(report.sections[1].paragraphs[0].hasPrefix("0 rows"))
        #expect(report.sections[3].paragraphs[0] == "No patient needs attention under these rules.")
        #expect(report.sections[4].paragraphs[0] == "No data problems.")
        #expect(throws: AnalysisFailure.self) {
            _ = try ClinicReportEngine().run(open: { try CSVChunkReader(bytes: []) }, displayName: "e.csv", isFile: false, softwareVersion: "t", command: "c")
        }
        // A raw file from standard input cannot be scored (it is read twice).
        let raw = Array("brachial_left,ankle_pt_left\n120,110\n".utf8)
        #expect(throws: AnalysisFailure.self) {
            _ = try ClinicReportEngine().run(open: { try CSVChunkReader(bytes: raw) }, displayName: "<stdin>", isFile: false, softwareVersion: "t", command: "c")
        }
    }

    @Test func outputDirectoryIsReplacedWholeOrNotAtAll() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("abikit-outdir-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let target = base.appendingPathComponent("report").path
        let first = try OutputDirectory(path: target + "/")
        try first.write("report.md", bytes: Array("one".utf8))
        try first.write("figures/a.svg", bytes: Array("<svg/>".utf8))
        #expect(!FileManager.default.fileExists(atPath: target), "nothing at the target before commit")
        try first.commit()
        #expect(try String(contentsOfFile: target + "/report.md", encoding: .utf8) == "one")
        let second = try OutputDirectory(path: target)
        try second.write("report.md", bytes: Array("two".utf8))
        second.discard()
        #expect(try String(contentsOfFile: target + "/report.md", encoding: .utf8) == "one", "a discarded report leaves the old one")
        do {
            let third = try OutputDirectory(path: target)
            try third.write("report.md", bytes: Array("three".utf8))
        }  // released without commit
        let replacing = try OutputDirectory(path: target)
        try replacing.write("report.md", bytes: Array("four".utf8))
        try replacing.commit()
        #expect(try String(contentsOfFile: target + "/report.md", encoding: .utf8) == "four")
        #expect(!FileManager.default.fileExists(atPath: target + "/figures"), "the old directory's files are gone")
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path) == ["report"], "no temporary directory left")
        let file = base.appendingPathComponent("plain").path
        #expect(FileManager.default.createFile(atPath: file, contents: Data()))
        #expect(throws: OutputError.self) { _ = try OutputDirectory(path: file) }
    }
}
