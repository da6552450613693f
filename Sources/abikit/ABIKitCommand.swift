import ABIBatch
import ArgumentParser
import Glibc

/// The `abikit` command: ankle-brachial index and vascular measurement analytics.
@main
struct ABIKitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abikit",
        abstract: "Ankle-brachial index (ABI) and vascular measurement analytics for clinics and studies.",
        discussion: """
            Reads CSV exported from Doppler or oscillometric devices or typed into spreadsheets. Data goes to standard output (or -o FILE), messages to standard error.

            Exit codes (the same for every command):
              0  success (also when the reader of the output goes away, as with | head)
              1  data errors: rows with errors under --strict, errors found by validate, models that cannot be fitted
              2  usage errors: bad options, an unreadable or empty input, columns that cannot be mapped, -o naming the input
              3  I/O failures: reading or writing failed in the system (disk full, /dev/full, EIO); a target named by -o is left as it was
              128+N  killed by signal N (SIGINT 130, SIGTERM 143, SIGHUP 129); the temporary file of -o is removed first
            """,
        version: ABIKitVersion.current,
        subcommands: [
            ScoreCommand.self, ValidateCommand.self, SniffCommand.self, TrendCommand.self, DescribeCommand.self,
            RegressCommand.self, CorrelateCommand.self, MixedCommand.self, CompareCommand.self, AgreeCommand.self,
            PlotCommand.self, ReportCommand.self,
        ]
    )

    /// Runs a command and maps every failure to the documented exit codes: 0 success (also help
    /// and a closed output pipe), 1 data errors, 2 usage errors, 3 I/O failures.
    static func main() {
        IgnoreBrokenPipe.install()
        // OpenBLAS's workers poll for a tenth of a second after it loads; most commands never call
        // BLAS, and those that do get them back on their first threaded call.
        BLASInfo.stopIdleThreads()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            failure.report()
            Glibc.exit(failure.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Glibc.exit(0)
            }
            writeToStandardError("abikit: " + fullMessage(for: error) + "\n")
            // ArgumentParser uses EX_USAGE (64) for validation failures; abikit documents 2.
            Glibc.exit(code == .validationFailure || code.rawValue == 64 ? 2 : code.rawValue)
        }
    }
}

enum ABIKitVersion {
    static let current = "0.1.0"
}
