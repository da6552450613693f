import Testing

/// `--by` takes the same lists in every command: repeated or comma-separated mean the same, and
/// an empty name is a usage error.
@Suite struct RepeatedByOptionTests {
    static let trial = Paths.fixture("compare/trial.csv"), study = Paths.fixture("plot/study.csv")
    static let commands: [[String]] = [
        ["compare", trial, "--subject", "id", "--time", "week", "--from", "0", "--to", "12", "--measure", "abi"],
        ["mixed", trial, "--formula", "abi ~ week + (1 | id)"],
        ["plot", "box", study, "--measure", "abi", "--time", "month"],
        ["plot", "trajectories", study, "--subject", "subject", "--time", "month", "--measure", "abi"],
    ]

    @Test(arguments: commands)
    func repeatedAndCommaSeparatedAreTheSame(_ command: [String]) throws {
        let repeated = try runABIKit(command + ["--by", "arm", "--by", "site", "--quiet"])
        let listed = try runABIKit(command + ["--by", "arm, site", "--quiet"])
        #expect(repeated.status == 0, "\(repeated.stderr)")
        #expect(repeated.stdout == listed.stdout && !repeated.stdout.isEmpty)
        #expect(repeated.stdout.contains("exercise / north") || repeated.stdout.contains("exercise / Leeds"))
    }

    @Test(arguments: commands)
    func anEmptyNameIsAUsageError(_ command: [String]) throws {
        let run = try runABIKit(command + ["--by", "arm,"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--by: empty column name in 'arm,'"), "\(run.stderr)")
    }
}
