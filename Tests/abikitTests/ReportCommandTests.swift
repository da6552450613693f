import Foundation
import Testing

/// End-to-end `abikit report`: the directory layout, figures referenced by relative path, the HTML
/// self-contained, the figures' numbers those `abikit agree` prints, -o refusing the input, and
/// recipe errors naming their line.
@Suite struct ReportCommandTests {
    static func files(_ directory: URL) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let figures = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("figures").path).sorted()) ?? []
        return names + figures.map { "figures/" + $0 }
    }

    @Test func clinicReportFromARawFile() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("report")
        let result = try runABIKit(["report", Paths.fixture("demo/clinic.csv"), "-o", output.path, "--html"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try Self.files(output) == ["figures", "report.html", "report.md", "figures/abi-distribution.svg", "figures/categories.svg"])
        let markdown = try String(contentsOf: output.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.contains("](figures/abi-distribution.svg)") && markdown.contains("](figures/categories.svg)"))
        #expect(markdown.contains("abikit report ") && markdown.contains(" --html"), "the exact command")
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
        // Scoring a raw file leaves no temporary file behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(leftovers == ["report"])
    }

    @Test func scoredAndRawFilesGiveTheSameCounts() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let scored = directory.appendingPathComponent("scored.csv")
        #expect(try runABIKit(["score", Paths.fixture("demo/clinic.csv"), "-o", scored.path, "--quiet"]).status == 0)
        for (input, name) in [(Paths.fixture("demo/clinic.csv"), "raw"), (scored.path, "scored")] {
            #expect(try runABIKit(["report", input, "-o", directory.appendingPathComponent(name).path, "--quiet"]).status == 0)
        }
        func section(_ name: String, _ heading: String) throws -> String {
            let text = try String(contentsOf: directory.appendingPathComponent("\(name)/report.md"), encoding: .utf8)
            let parts = text.components(separatedBy: "## ")
            // The tables (the paragraphs name the file).
            return try #require(parts.first { $0.hasPrefix(heading) }).split(separator: "\n").filter { $0.hasPrefix("|") }.joined(separator: "\n")
        }
        for heading in ["ABI categories", "Severity, flags and status", "Patients needing attention"] {
            #expect(try section("raw", heading) == (try section("scored", heading)), "\(heading)")
        }
    }

    @Test func studyReportFiguresDrawAgreesNumbers() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("study")
        let result = try runABIKit(["report", Paths.fixture("report/study.yaml"), "-o", output.path, "--html", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.files(output).filter { $0.hasPrefix("figures/") } == [
            "figures/01-table1-box.svg", "figures/02-trajectories.svg", "figures/03-trend.svg", "figures/04-comparison-box.svg",
            "figures/05-agreement-bland-altman.svg", "figures/05-agreement-roc.svg", "figures/06-regression-forest.svg",
            "figures/07-mixed-forest.svg",
        ])
        let markdown = try String(contentsOf: output.appendingPathComponent("report.md"), encoding: .utf8)
        for section in markdown.components(separatedBy: "\n## ").dropFirst().dropLast() {
            #expect(section.contains("| --- |"), "a table in \(section.prefix(40))")
            #expect(section.contains("](figures/"), "a figure in \(section.prefix(40))")
            #expect(section.contains("**Methods.** "), "a methods sentence in \(section.prefix(40))")
        }
        // agree's numbers (CSV, round-trip precision) appear in the figure at 4 decimals.
        let agree = try runABIKit(["agree", Paths.fixture("plot/study.csv"), "--a", "oscillometric", "--b", "doppler", "--subject", "subject",
                                   "--cutoff", "le-0.90", "--quiet"])
        let rows = outputRows(agree)
        let zou = try #require(rows.first { $0["analysis"] == "repeated_measures_zou" && $0["quantity"] == "upper_limit" })
        let auc = try #require(rows.first { $0["analysis"] == "roc" && $0["quantity"] == "auc" })
        let ba = try String(contentsOf: output.appendingPathComponent("figures/05-agreement-bland-altman.svg"), encoding: .utf8)
        let roc = try String(contentsOf: output.appendingPathComponent("figures/05-agreement-roc.svg"), encoding: .utf8)
        func rounded(_ text: String?, _ digits: Int) -> String {
            let value = Double(text ?? "") ?? .nan
            var s = String(format: "%.\(digits)f", value)
            while s.contains(".") && (s.hasSuffix("0") || s.hasSuffix(".")) { s.removeLast() }
            return s
        }
        #expect(ba.contains("to \(rounded(zou["estimate"], 4)) (95% CI \(rounded(zou["ci_lower"], 4)) to \(rounded(zou["ci_upper"], 4)))"), "\(zou)")
        #expect(roc.contains("AUC \(String(format: "%.3f", Double(auc["estimate"] ?? "") ?? .nan)) (95% CI \(String(format: "%.3f", Double(auc["ci_lower"] ?? "") ?? .nan))"))
    }

    @Test(arguments: [
        (["report", "Fixtures/demo/clinic.csv", "-o", "Fixtures/demo/clinic.csv"], "names the input"),
        (["report", "Fixtures/demo/clinic.csv", "-o", "Fixtures/demo"], "holds or names the input"),
        (["report", "Fixtures/demo/clinic.csv", "-o", "Fixtures/"], "holds or names the input"),
        (["report", "Fixtures/report/study.yaml", "-o", "Fixtures/plot"], "holds or names the input"),
        (["report", "Fixtures/report/bad_recipe.yaml", "-o", "/nonexistent/x"], "line 7, column 7"),
        (["report", "-", "-o", "/nonexistent/x"], "not standard input"),
    ])
    func refusals(arguments: [String], message: String) throws {
        let result = try runABIKit(arguments, currentDirectory: Paths.packageRoot)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func anExistingReportIsReplacedWhole() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("r")
        try FileManager.default.createDirectory(at: output.appendingPathComponent("figures"), withIntermediateDirectories: true)
        try Data("old".utf8).write(to: output.appendingPathComponent("figures/stale.svg"))
        #expect(try runABIKit(["report", Paths.fixture("demo/clinic.csv"), "-o", output.path, "--quiet"]).status == 0)
        #expect(try Self.files(output) == ["figures", "report.md", "figures/abi-distribution.svg", "figures/categories.svg"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["r"])
    }
}
