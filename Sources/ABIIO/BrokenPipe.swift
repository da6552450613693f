import Glibc

/// Makes writes to a closed pipe fail with EPIPE instead of killing the process with SIGPIPE.
///
/// Call once at the start of the CLI; writes then surface as ``OutputError/brokenPipe``, which the CLI
/// turns into a quiet exit 0 (the convention of xsv, ripgrep and other well-behaved filters).
public func ignoreBrokenPipeSignal() {
    signal(SIGPIPE, SIG_IGN)
}
