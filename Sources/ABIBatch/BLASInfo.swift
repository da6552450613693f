internal import CBLAS
#if canImport(Glibc)
import Glibc
#endif

/// Facts about the BLAS library ABIBatch is linked against.
public enum BLASInfo {
    /// Sets the number of threads OpenBLAS may use (`openblas_set_num_threads`).
    public static func setThreadCount(_ count: Int) {
        precondition(count >= 1, "thread count must be at least 1")
        openblas_set_num_threads(Int32(count))
    }

    /// The number of threads OpenBLAS will use (`openblas_get_num_threads`).
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Stops OpenBLAS's idle worker threads, if it has any running; returns whether it did.
    ///
    /// The pthreads build of OpenBLAS starts its workers when the library loads, and each polls
    /// with `sched_yield` for about 2^28 clock cycles (`THREAD_TIMEOUT` in its `blas_server.c`)
    /// before it sleeps: a tenth of a second of a core taken from a command that never calls BLAS.
    /// OpenBLAS starts them again on its next threaded call (`exec_blas` re-initialises a stopped
    /// server, as it does after `fork`), so BLAS users lose nothing but that start. Looked up at run
    /// time: serial and OpenMP builds do not all export `blas_thread_shutdown_`. Call it while no
    /// other thread uses BLAS.
    @discardableResult
    public static func stopIdleThreads() -> Bool {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "blas_thread_shutdown_") else { return false }
        typealias Shutdown = @convention(c) () -> Int32
        return unsafeBitCast(symbol, to: Shutdown.self)() == 0
        #else
        return false
        #endif
    }
}
