import Foundation
import Testing

/// End-to-end `abikit plot`: every kind from the fixtures, raw files scored through the scoring
/// engine, byte-identical output across runs and thread counts, -o written atomically, and usage
/// errors with exit status 2.
@Suite struct PlotCommandTests {
    static func plot(_ arguments: [String]) throws -> CommandResult { try runABIKit(["plot"] + arguments) }

    /// The figure's `<desc>` text (what a screen reader says, and the numbers drawn).
    static func description(_ svg: String) -> String? {
        guard let start = svg.range(of: "<desc id=\"figure-desc\">"), let end = svg.range(of: "</desc>") else { return nil }
        return String(svg[start.upperBound..<end.lowerBound])
    }

    static let kinds: [[String]] = [
        ["abi-distribution", Paths.fixture("plot/clinic.csv")],
        ["abi-distribution", Paths.fixture("trend/visits.csv"), "--leg"],
        ["categories", Paths.fixture("plot/clinic.csv"), "--by", "site"],
        ["categories", Paths.fixture("trend/visits.csv"), "--leg"],
        ["trajectories", Paths.fixture("plot/study.csv"), "--subject", "subject", "--time", "month", "--measure", "abi", "--by", "arm"],
        ["box", Paths.fixture("plot/study.csv"), "--measure", "abi", "--by", "arm", "--time", "month"],
        ["bland-altman", Paths.fixture("plot/study.csv"), "--a", "doppler", "--b", "oscillometric"],
        ["forest", Paths.fixture("plot/regress.csv")],
        ["roc", Paths.fixture("plot/study.csv"), "--score", "doppler", "--reference", "pad", "--lower-is-positive"],
    ]

    @Test(arguments: kinds)
    func everyKindIsDeterministicAcrossRunsAndThreadCounts(arguments: [String]) throws {
        let one = try Self.plot(arguments + ["--threads", "1"])
        let two = try Self.plot(arguments + ["--threads", "2"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
        #expect(one.stdout.hasSuffix("</svg>\n"))
        #expect(one.stdout == two.stdout)
        #expect(one.stdout == (try Self.plot(arguments + ["--threads", "1"])).stdout)
    }

    @Test func rawFileIsScoredLikeAbikitScore() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let scored = directory.appendingPathComponent("scored.csv").path
        let score = try runABIKit(["score", Paths.fixture("plot/clinic.csv"), "-o", scored, "--quiet"])
        #expect(score.status == 0)
        let raw = try Self.plot(["abi-distribution", Paths.fixture("plot/clinic.csv")])
        let fromScores = try Self.plot(["abi-distribution", scored])
        #expect(Self.description(raw.stdout) != nil && Self.description(raw.stdout) == Self.description(fromScores.stdout))
        // The counts drawn equal the scoring summary's (patients with an ABI: noncompressible ones have none).
        #expect(Self.description(raw.stdout)!.contains("abnormal 112, borderline 17, normal 13, noncompressible 0"))
        #expect(raw.stderr.contains("7 noncompressible patients have no patient ABI"))
        let categories = try Self.plot(["categories", Paths.fixture("plot/clinic.csv")])
        #expect(Self.description(categories.stdout)!.contains("abnormal 112, borderline 17, normal 13, noncompressible 7, no category 1, severe 4, moderate 52, mild 56"))
    }

    @Test func writesTheFileAtomicallyWithOptions() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("roc.svg").path
        let result = try Self.plot(["roc", Paths.fixture("plot/study.csv"), "--score", "doppler", "--reference", "pad", "--lower-is-positive",
                                    "--width", "600", "--height", "600", "--title", "Doppler & PAD", "-o", path])
        #expect(result.status == 0 && result.stdout.isEmpty)
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.contains("width=\"600\" height=\"600\" viewBox=\"0 0 600 600\""))
        #expect(svg.contains("<title id=\"figure-title\">Doppler &amp; PAD</title>"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(leftovers == ["roc.svg"])
    }

    @Test(arguments: [
        (["trajectories", "plot/study.csv", "--time", "month", "--measure", "abi"], "needs --subject"),
        (["box", "plot/study.csv", "--measure", "nope"], "nope"),
        (["roc", "plot/study.csv", "--score", "abi"], "needs --reference"),
        (["forest", "plot/study.csv"], "term"),
        (["abi-distribution", "plot/study.csv", "--width", "50"], "--width"),
        (["bogus", "plot/study.csv"], "bogus"),
    ])
    func usageErrorsExitWithStatusTwo(arguments: [String], message: String) throws {
        var arguments = arguments
        arguments[1] = Paths.fixture(arguments[1])
        let result = try Self.plot(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    /// Day-first dates need --date-format (exit 2 naming the data row without it, as trend).
    @Test func trajectoriesReadDatesWithDateFormat() throws {
        let csv = "id,visit,abi\n1,2025-03-01,0.9\n1,03/05/2025,0.8\n2,01/04/2025,1.0\n2,01/06/2025,0.95\n"
        let ambiguous = try runABIKit(["plot", "trajectories", "--subject", "id", "--time", "visit", "--measure", "abi"], stdin: Data(csv.utf8))
        #expect(ambiguous.status == 2 && ambiguous.stdout.isEmpty)
        #expect(ambiguous.stderr.contains("data row 2, column visit: '03/05/2025'"), "\(ambiguous.stderr)")
        let read = try runABIKit(["plot", "trajectories", "--subject", "id", "--time", "visit", "--measure", "abi", "--date-format", "dd/mm/yyyy"],
                                 stdin: Data(csv.utf8))
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("years since first visit (visit)"))
        let wrong = try runABIKit(["plot", "trajectories", "--subject", "id", "--time", "visit", "--measure", "abi", "--date-format", "yy"],
                                  stdin: Data(csv.utf8))
        #expect(wrong.status == 2 && wrong.stderr.contains("--date-format 'yy'"))
    }

    @Test func rawFileOnStandardInputIsAUsageError() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Paths.fixture("plot/clinic.csv")))
        let result = try runABIKit(["plot", "abi-distribution"], stdin: data)
        #expect(result.status == 2 && result.stderr.contains("must be a file path"))
        let scoredOnStdin = try runABIKit(["plot", "box", "--measure", "abi"], stdin: try Data(contentsOf: URL(fileURLWithPath: Paths.fixture("plot/study.csv"))))
        #expect(scoredOnStdin.status == 0 && scoredOnStdin.stdout.contains("</svg>"))
    }
}
