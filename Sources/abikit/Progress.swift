import ABIBatch
import Dispatch
import Glibc

/// A one-line progress count on standard error for long runs: only when standard error is a
/// terminal (never in pipes or files, so captured output never changes), not before a second has
/// passed, at most a few times a second, and never with `--quiet`. The line is cleared at the end.
/// Updates may come from worker threads (an engine's ``ProgressHandler``); a lock keeps them whole.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let enabled: Bool
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastShown: UInt64 = 0
    private var shown = false
    private let lock = DispatchSemaphore(value: 1)

    init(label: String, quiet: Bool) {
        self.label = label
        enabled = !quiet && isatty(2) == 1
    }

    /// Shows `count` rows if a second has passed since the start and a quarter since the last update.
    func update(rows count: Int) {
        show { "\(count) rows..." }
    }

    /// Shows `completed` of `total` `unit` (e.g. "bootstrap replicates"), with the same pacing.
    func update(_ completed: Int, of total: Int, _ unit: String) {
        show { "\(completed) of \(total) \(unit)..." }
    }

    /// An engine's progress handler that updates this line; nil when nothing would be shown
    /// (a pipe or file, `--quiet`), so the engine does not even call one.
    func handler(_ unit: String) -> ProgressHandler? {
        guard enabled else { return nil }
        return { [self] completed, total in update(completed, of: total, unit) }
    }

    private func show(_ text: () -> String) {
        guard enabled else { return }
        lock.wait()
        defer { lock.signal() }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - start >= 1_000_000_000, now - lastShown >= 250_000_000 else { return }
        lastShown = now
        shown = true
        writeToStandardError("\r\(label): \(text())")
    }

    /// Clears the line, if one was shown.
    func finish() {
        lock.wait()
        defer { lock.signal() }
        guard shown else { return }
        shown = false
        writeToStandardError("\r\u{1B}[K")
    }
}
