import Foundation
import Testing

/// Real clinic exports through the built binary (issue 8, items 5-10 and 13): every case of
/// Fixtures/messy/cli_cases.tsv against its expected output, `-o` naming the input, I/O failures
/// and signals during `-o`.
@Suite struct MessyExportTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var status: Int32
        var arguments: [String]
        var testDescription: String { name }
    }

    static let folder = Paths.fixtures.appendingPathComponent("messy")

    static let cases: [Case] = {
        let path = folder.appendingPathComponent("cli_cases.tsv").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 3, let status = Int32(parts[1]) else { return nil }
            return Case(name: String(parts[0]), status: status, arguments: parts[2].split(separator: " ").map(String.init))
        }
    }()

    @Test func theCaseListIsRead() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases)
    func producesTheExpectedOutput(_ example: Case) throws {
        let result = try runABIKit(example.arguments, currentDirectory: Self.folder)
        let expected = Self.folder.appendingPathComponent("expected")
        let stdout = try String(contentsOf: expected.appendingPathComponent(example.name + ".stdout"), encoding: .utf8)
        let stderr = try String(contentsOf: expected.appendingPathComponent(example.name + ".stderr"), encoding: .utf8)
        #expect(result.status == example.status)
        #expect(result.stdout == stdout)
        #expect(result.stderr == stderr)
        // Every CSV output re-parses to the header's width (nothing shifted).
        if example.arguments.first == "score" && result.status == 0 {
            let rows = parseCSV(result.stdout)
            #expect(rows.count > 1)
            #expect(rows.allSatisfy { $0.count == rows[0].count })
        }
    }

    @Test func germanDatesGiveTheSameVisitChangeAsISODates() throws {
        let german = try runABIKit(["score", "german_dates.csv", "--date-format", "dd.mm.yyyy"], currentDirectory: Self.folder)
        let rows = parseCSV(german.stdout)
        let change = try #require(rows.first?.firstIndex(of: "abi_change"))
        // P001: 0.90 (left 121/134 = 0.903) after 1.04 (140/134 = 1.045): -0.14; P002: 0.80 after 0.69: +0.11.
        #expect(rows.dropFirst().map { $0[change] } == ["", "-0.14", "", "0.11", ""])
        let iso = try String(contentsOf: Self.folder.appendingPathComponent("german_dates.csv"), encoding: .utf8)
            .replacingOccurrences(of: "04.03.2025", with: "2025-03-04").replacingOccurrences(of: "10.09.2025", with: "2025-09-10")
            .replacingOccurrences(of: "05.03.2025", with: "2025-03-05").replacingOccurrences(of: "01.10.2025", with: "2025-10-01")
            .replacingOccurrences(of: "31.12.2025", with: "2025-12-31")
        let isoResult = try runABIKit(["score", "-"], stdin: Data(iso.utf8))
        let isoRows = parseCSV(isoResult.stdout)
        #expect(isoRows.dropFirst().map { $0[change] } == rows.dropFirst().map { $0[change] })
    }

    // MARK: Columns of text (item 8)

    /// `brachial_right` names a pressure exactly, so it is a pressure column whatever it holds: its
    /// text cells are errors naming line, column and text, never a silent `single_arm` row.
    @Test func aNamedPressureColumnOfTextIsReadAndEachTextCellReported() throws {
        let result = try runABIKit(["score", "brachial_text.csv"], currentDirectory: Self.folder)
        let rows = parseCSV(result.stdout)
        let status = try #require(rows.first?.firstIndex(of: "status"))
        let abi = try #require(rows.first?.firstIndex(of: "abi"))
        // Row 1 says `not measured` (a missing value): one arm, ABI 140/132 = 1.06. The others hold text.
        #expect(rows.dropFirst().map { $0[status] } == ["ok", "error", "error", "error"])
        #expect(rows.dropFirst().map { $0[abi] } == ["1.06", "", "", ""])
        for (line, text) in [(3, "n/a (cuff)"), (4, "n/a (cuff)"), (5, "refused")] {
            #expect(result.stderr.contains("brachial_text.csv:\(line):20: error: brachial_right '\(text)': invalid pressure"))
        }
        let validate = try runABIKit(["validate", "brachial_text.csv"], currentDirectory: Self.folder)
        #expect(validate.status == 1)
        #expect(validate.stdout.split(separator: "\n").count == 3)
    }

    /// `arm` could be either arm and holds `placebo`: it is not read as a pressure, and because the
    /// right arm is then in no column, every command that scores says so instead of a silent `single_arm`.
    @Test(arguments: [["score"], ["validate"], ["trend", "--subject", "subject", "--time", "visit_date", "--measure", "abi", "--min-points", "1"]])
    func aTreatmentColumnLeftOutIsNamedWhenAnArmIsMissing(_ command: [String]) throws {
        let result = try runABIKit([command[0], "arm_text_one_brachial.csv"] + command.dropFirst(), currentDirectory: Self.folder)
        #expect(result.status == 0)
        let warning = "arm_text_one_brachial.csv: warning: column 3 'arm' could be brachial_left or brachial_right but holds "
            + "text ('placebo'), not pressures: not used, so brachial_right is read from no column"
        #expect((command[0] == "validate" ? result.stdout : result.stderr).contains(warning))
        // With both arms named exactly, the same column is left out without a warning (nothing is missing).
        let both = try runABIKit([command[0], "arm_treatment_column.csv"] + command.dropFirst(), currentDirectory: Self.folder)
        #expect(!both.stderr.contains("warning: column") && !both.stdout.contains("warning: column"))
    }

    // MARK: Dates (item 7), one row per leg (item 9), title lines (item 10) in every command

    /// `score`, `validate` and `trend` share one date parser: without `--date-format` a German date is
    /// refused in each with the same advice; with it, each reads the same visits.
    @Test func everyCommandReadsDatesTheSameWay() throws {
        let trend = ["trend", "--subject", "Patient", "--time", "Datum", "--measure", "abi", "--min-points", "1"]
        for command in [["score"], ["validate"], trend] {
            let arguments = [command[0], "german_dates.csv"] + command.dropFirst()
            let without = try runABIKit(arguments, currentDirectory: Self.folder)
            #expect((without.stdout + without.stderr).contains("day and month order is ambiguous: pass --date-format"),
                    "\(command[0])")
            let with = try runABIKit(arguments + ["--date-format", "dd.mm.yyyy"], currentDirectory: Self.folder)
            #expect(with.status == 0, "\(command[0]): \(with.stderr)")
            #expect(!(with.stdout + with.stderr).contains("ambiguous"), "\(command[0])")
        }
        let rows = parseCSV(try runABIKit(Array(trend.prefix(1)) + ["german_dates.csv"] + trend.dropFirst()
                                              + ["--date-format", "dd.mm.yyyy"], currentDirectory: Self.folder).stdout)
        let first = try #require(rows.first?.firstIndex(of: "first_time")), last = try #require(rows.first?.firstIndex(of: "last_time"))
        #expect(rows[1][0] == "P001" && rows[1][first] == "2025-03-04" && rows[1][last] == "2025-09-10")
    }

    /// A one-row-per-leg file is refused (exit 2, the layout named) by every command that scores,
    /// not only `score` and `sniff`: no command computes an ABI from it.
    @Test(arguments: [["validate"], ["trend", "--subject", "subject", "--time", "visit_date", "--measure", "abi"],
                      ["plot", "abi-distribution"]])
    func oneRowPerLegIsRefusedByEveryCommandThatScores(_ command: [String]) throws {
        let arguments = command[0] == "plot" ? command + ["one_row_per_leg.csv"]
            : [command[0], "one_row_per_leg.csv"] + command.dropFirst()
        let result = try runABIKit(arguments, currentDirectory: Self.folder)
        #expect(result.status == 2, "\(command[0]): \(result.stderr)")
        #expect(result.stderr.contains("column 3 'side' holds left/right: the file has one row per leg"))
        #expect(result.stdout.isEmpty)
    }

    /// `--skip-lines` in the statistics commands: the title lines are skipped as if the file started
    /// at its header.
    @Test(arguments: [["describe", "--columns", "L DP,R DP"], ["regress", "--formula", "`L DP` ~ `R DP`"],
                      ["correlate", "--columns", "L DP,R DP"], ["compare", "--pre", "L DP", "--post", "R DP"]])
    func skipLinesWorksInTheStatisticsCommands(_ command: [String]) throws {
        let skipped = try runABIKit([command[0], "title_lines.csv", "--skip-lines", "2"] + command.dropFirst(),
                                    currentDirectory: Self.folder)
        #expect(skipped.status == 0, "\(command[0]): \(skipped.stderr)")
        let text = try Data(contentsOf: Self.folder.appendingPathComponent("title_lines.csv"))
        let withoutTitle = Data(String(decoding: text, as: UTF8.self).components(separatedBy: "\r\n").dropFirst(2)
            .joined(separator: "\r\n").utf8)
        let plain = try runABIKit([command[0], "-"] + command.dropFirst(), stdin: withoutTitle)
        #expect(plain.status == 0)
        #expect(skipped.stdout == plain.stdout, "\(command[0])")
        #expect(skipped.stdout.split(separator: "\n").count >= 2)
    }

    // MARK: -o naming the input (item 5)

    /// Every command that takes -o, with the arguments it needs on the demo clinic file.
    static let writers: [[String]] = [
        ["score"], ["trend", "--subject", "Patient ID", "--time", "Visit date", "--measure", "abi", "--min-points", "1"],
        ["describe", "--columns", "L DP"], ["regress", "--formula", "`L DP` ~ `R DP`"], ["correlate", "--columns", "L DP,R DP"],
    ]

    @Test(arguments: writers)
    func refusesAnOutputThatIsTheInput(_ command: [String]) throws {
        let directory = try Paths.temporaryDirectory()
        let input = directory.appendingPathComponent("clinic.csv").path
        try FileManager.default.copyItem(atPath: Paths.fixture("demo/clinic.csv"), toPath: input)
        let original = try Data(contentsOf: URL(fileURLWithPath: input))
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("link.csv").path,
                                                   withDestinationPath: input)
        try FileManager.default.linkItem(atPath: input, toPath: directory.appendingPathComponent("hard.csv").path)
        let dotted = directory.appendingPathComponent(".").appendingPathComponent("clinic.csv").path
        for target in [input, "link.csv", "hard.csv", dotted] {
            let result = try runABIKit([command[0], input] + command.dropFirst() + ["-o", target], currentDirectory: directory)
            #expect(result.status == 2, "\(command[0]) -o \(target)")
            #expect(result.stderr.contains("names the input file"), "\(result.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == original)
        }
        // Standard input redirected from the file is the input too.
        let shell = try runShell("'\(Paths.executable.path)' \(command[0]) \(command.dropFirst().map { "'\($0)'" }.joined(separator: " ")) -o '\(input)' < '\(input)'")
        #expect(shell.status == 2)
        #expect(shell.stderr.contains("standard input"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == original)
        let listing = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(listing.sorted() == ["clinic.csv", "hard.csv", "link.csv"])
        // Another file is fine.
        let other = try runABIKit([command[0], input] + command.dropFirst() + ["-o", "out.csv"], currentDirectory: directory)
        #expect(other.status == 0, "\(other.stderr)")
    }

    /// The commands merged after issue 8 refuse `-o` naming their input too (exit 2, input unchanged).
    @Test(arguments: [
        ["agree", "agree/methods.csv", "--a", "abi_osc", "--b", "abi_dop"],
        ["compare", "regress/study.csv", "--group", "sex", "--measure", "abi"],
        ["mixed", "regress/study.csv", "--formula", "abi ~ years + (1|subject)"],
        ["plot", "abi-distribution", "demo/clinic.csv"],
    ])
    func everyLaterCommandRefusesAnOutputThatIsTheInput(_ command: [String]) throws {
        let directory = try Paths.temporaryDirectory()
        let fixture = command.first { $0.hasSuffix(".csv") }!
        let input = directory.appendingPathComponent("input.csv").path
        try FileManager.default.copyItem(atPath: Paths.fixture(fixture), toPath: input)
        let original = try Data(contentsOf: URL(fileURLWithPath: input))
        let arguments = command.map { $0 == fixture ? input : $0 } + ["-o", input]
        let result = try runABIKit(arguments)
        #expect(result.status == 2, "\(command[0]): \(result.stderr)")
        #expect(result.stderr.contains("names the input file"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["input.csv"])
    }

    // MARK: I/O failures (item 13)

    static let readers: [[String]] = writers + [["validate"], ["sniff"]]

    @Test(arguments: readers)
    func aWriteFailureIsAnIOErrorNotADataError(_ command: [String]) throws {
        // /dev/full fails every write with ENOSPC, as a full disk does.
        let stdout = try runShell("'\(Paths.executable.path)' \(command[0]) '\(Paths.fixture("demo/clinic.csv"))' "
            + command.dropFirst().map { "'\($0)'" }.joined(separator: " ") + " > /dev/full")
        #expect(stdout.status == 3, "\(command[0]): \(stdout.stderr)")
        #expect(stdout.stderr.contains("No space left on device"))
        guard command[0] != "validate" && command[0] != "sniff" else { return }
        let file = try runABIKit([command[0], Paths.fixture("demo/clinic.csv")] + command.dropFirst() + ["-o", "/dev/full"])
        #expect(file.status == 3, "\(command[0]) -o /dev/full: \(file.stderr)")
    }

    /// The commands merged after issue 8 keep its exit codes: a failed write is 3, never 1.
    @Test(arguments: [
        ["agree", Paths.fixture("agree/methods.csv"), "--a", "abi_osc", "--b", "abi_dop"],
        ["compare", Paths.fixture("regress/study.csv"), "--group", "sex", "--measure", "abi"],
        ["mixed", Paths.fixture("regress/study.csv"), "--formula", "abi ~ years + (1|subject)"],
        ["plot", "abi-distribution", Paths.fixture("demo/clinic.csv")],
    ])
    func everyLaterCommandTreatsAWriteFailureAsAnIOError(_ command: [String]) throws {
        let result = try runShell(([Paths.executable.path] + command).map { "'\($0)'" }.joined(separator: " ") + " > /dev/full")
        #expect(result.status == 3, "\(command[0]): \(result.stderr)")
        #expect(result.stderr.contains("No space left on device"))
    }

    @Test func anOutputDirectoryThatCannotBeWrittenIsAnIOError() throws {
        let result = try runABIKit(["score", Paths.fixture("demo/clinic.csv"), "-o", "/nonexistent-dir/out.csv"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("cannot create output"))
    }

    @Test func helpDocumentsTheExitCodes() throws {
        let help = try runABIKit(["--help"])
        #expect(help.status == 0)
        for line in ["0  success", "1  data errors", "2  usage errors", "3  I/O failures", "128+N"] {
            #expect(help.stdout.contains(line), "\(line)")
        }
    }

    // MARK: signals during -o (item 6)

    /// A file big enough that scoring it takes a while in a debug build.
    static let bigInput: URL? = {
        guard let directory = try? Paths.temporaryDirectory() else { return nil }
        var text = "subject_id,visit_date,brachial_left,brachial_right,ankle_dp_left,ankle_pt_left,ankle_dp_right,ankle_pt_right,notes\n"
        text.reserveCapacity(40 << 20)
        for row in 0..<600_000 {
            text += "S\(row % 50_000),2025-\(String(format: "%02d", row / 50_000 % 12 + 1))-01,\(120 + row % 40),\(118 + row % 37),"
                + "\(100 + row % 60),\(101 + row % 55),\(110 + row % 50),\(111 + row % 45),some patient notes text\n"
        }
        let url = directory.appendingPathComponent("big.csv")
        return (try? text.write(to: url, atomically: false, encoding: .utf8)) == nil ? nil : url
    }()

    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func aSignalRemovesTheTemporaryFileAndLeavesTheTarget(_ signalNumber: Int32) throws {
        let input = try #require(Self.bigInput)
        let directory = try Paths.temporaryDirectory()
        let target = directory.appendingPathComponent("out.csv")
        try Data("previous results\n".utf8).write(to: target)
        let pid = try spawnWithDefaultSignals(Paths.executable.path,
                                              ["score", input.path, "-o", target.path, "--threads", "1", "--quiet"])
        // Wait until the temporary file exists and has data, then interrupt.
        var sawTemporary = false
        for _ in 0..<20_000 {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            if let temporary = names.first(where: { $0.hasPrefix(".out.csv.abikit-") }),
               let size = try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(temporary).path)[.size] as? Int,
               size > 0 {
                sawTemporary = true
                break
            }
            usleep(500)
        }
        #expect(sawTemporary, "the run ended before its temporary file was seen")
        kill(pid, signalNumber)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Killed by the signal itself (re-raised after the clean-up): a shell reports 128 + signalNumber.
        let termination = status & 0x7f
        #expect(termination == signalNumber, "wait status \(status)")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(left == ["out.csv"])
        #expect(try String(contentsOf: target, encoding: .utf8) == "previous results\n")
    }

    @Test func theShellSeesOneHundredTwentyEightPlusTheSignal() throws {
        let input = try #require(Self.bigInput)
        let directory = try Paths.temporaryDirectory()
        let script = "cd '\(directory.path)' && '\(Paths.executable.path)' score '\(input.path)' -o out.csv --threads 1 --quiet & "
            + "pid=$!; while [ -z \"$(ls -A '\(directory.path)' 2>/dev/null)\" ]; do sleep 0.01; done; kill -TERM $pid; "
            + "wait $pid; echo \"status $?\" > '\(directory.path)/status.txt'"
        let pid = try spawnWithDefaultSignals("/bin/sh", ["-c", script])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        #expect(try String(contentsOf: directory.appendingPathComponent("status.txt"), encoding: .utf8) == "status 143\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["status.txt"])
    }
}

/// Starts `path` with `arguments`, standard streams to /dev/null, no signal blocked and SIGINT,
/// SIGTERM and SIGHUP at their default disposition: a test runner may block or ignore signals, and
/// children inherit both.
func spawnWithDefaultSignals(_ path: String, _ arguments: [String]) throws -> pid_t {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signalNumber in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, signalNumber) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for descriptor: Int32 in [0, 1, 2] {
        posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let code = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
    guard code == 0 else { throw CocoaError(.executableLoad) }
    return pid
}

/// Runs `command` with /bin/sh (for redirections the Process API does not offer).
func runShell(_ command: String, currentDirectory: URL? = nil) throws -> CommandResult {
    try runExecutable(URL(fileURLWithPath: "/bin/sh"), ["-c", command], currentDirectory: currentDirectory)
}

func runExecutable(_ executable: URL, _ arguments: [String], currentDirectory: URL? = nil) throws -> CommandResult {
    let raw = try runProcessRaw(executable, arguments, currentDirectory: currentDirectory)
    return CommandResult(stdout: String(decoding: raw.stdout, as: UTF8.self), stderr: String(decoding: raw.stderr, as: UTF8.self),
                         status: raw.status)
}
