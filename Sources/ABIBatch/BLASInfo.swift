internal import CBLAS

/// Facts about the BLAS library ABIBatch is linked against.
public enum BLASInfo {
    /// Sets the number of threads OpenBLAS may use (`openblas_set_num_threads`).
    public static func setThreadCount(_ count: Int) {
        precondition(count >= 1, "thread count must be at least 1")
        openblas_set_num_threads(Int32(count))
    }

    /// The number of threads OpenBLAS will use (`openblas_get_num_threads`).
    public static var threadCount: Int { Int(openblas_get_num_threads()) }
}
