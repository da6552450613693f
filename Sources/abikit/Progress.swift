import Dispatch
import Glibc

/// A one-line progress count on standard error for long runs: only when standard error is a
/// terminal (never in pipes or files, so captured output never changes), not before a second has
/// passed, at most a few times a second, and never with `--quiet`. The line is cleared at the end.
final class ProgressLine {
    private let label: String
    private let enabled: Bool
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastShown: UInt64 = 0
    private var shown = false

    init(label: String, quiet: Bool) {
        self.label = label
        enabled = !quiet && isatty(2) == 1
    }

    /// Shows `count` rows if a second has passed since the start and a quarter since the last update.
    func update(rows count: Int) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - start >= 1_000_000_000, now - lastShown >= 250_000_000 else { return }
        lastShown = now
        shown = true
        writeToStandardError("\r\(label): \(count) rows...")
    }

    /// Clears the line, if one was shown.
    func finish() {
        guard shown else { return }
        shown = false
        writeToStandardError("\r\u{1B}[K")
    }
}
