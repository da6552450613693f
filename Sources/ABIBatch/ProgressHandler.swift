/// Progress of a long computation, for a caller that shows it (the libraries never print): called
/// with the units completed so far and their total. Calls are made one at a time (possibly from a
/// worker thread), with counts that only increase; the last call has `completed == total`. Results
/// never depend on whether a handler is given.
public typealias ProgressHandler = @Sendable (_ completed: Int, _ total: Int) -> Void
