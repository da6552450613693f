internal import CBLAS
internal import CLAPACKE

// Thin wrappers so the rest of ABIBatch speaks Swift `Int` and zero-based indices, and LAPACK error
// codes become `BatchError.lapackFailure`.

@inline(__always) func ascii(_ c: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: c)) }

enum LAPACK {
    static let columnMajor = Int32(LAPACK_COL_MAJOR)

    static func check(_ info: Int32, _ routine: String) throws {
        if info != 0 { throw BatchError.lapackFailure(routine: routine, info: Int(info)) }
    }

    /// Householder QR without pivoting (blocked, BLAS-3): `a` (m x n, leading dimension lda)
    /// is overwritten by R and the reflectors.
    static func geqrf(m: Int, n: Int, a: inout [Double], lda: Int, tau: inout [Double]) throws {
        let info = a.withUnsafeMutableBufferPointer { ap in
            tau.withUnsafeMutableBufferPointer { tp in
                LAPACKE_dgeqrf(columnMajor, Int32(m), Int32(n), ap.baseAddress, Int32(lda), tp.baseAddress)
            }
        }
        try check(info, "dgeqrf")
    }

    /// `geqrf` on a block addressed by pointers (a sub-matrix of a larger column-major array).
    static func geqrf(m: Int, n: Int, a: UnsafeMutablePointer<Double>, lda: Int, tau: UnsafeMutablePointer<Double>) throws {
        try check(LAPACKE_dgeqrf(columnMajor, Int32(m), Int32(n), a, Int32(lda), tau), "dgeqrf")
    }

    /// `ormqr` with the reflectors addressed by pointer.
    static func ormqr(transpose: Bool, m: Int, ncols: Int, k: Int, a: UnsafePointer<Double>, lda: Int, tau: UnsafePointer<Double>,
                      c: UnsafeMutablePointer<Double>, ldc: Int) throws {
        if m == 0 || ncols == 0 || k == 0 { return }
        try check(LAPACKE_dormqr(columnMajor, ascii("L"), ascii(transpose ? "T" : "N"), Int32(m), Int32(ncols), Int32(k),
                                 a, Int32(lda), tau, c, Int32(ldc)), "dormqr")
    }

    /// Applies Q or Q^T (from `geqrf`/`geqp3` reflectors in `a`) to `c` (m x ncols) from the left.
    static func ormqr(transpose: Bool, m: Int, ncols: Int, k: Int, a: [Double], lda: Int, tau: [Double],
                      c: UnsafeMutablePointer<Double>, ldc: Int) throws {
        if m == 0 || ncols == 0 || k == 0 { return }
        let info = a.withUnsafeBufferPointer { ap in
            tau.withUnsafeBufferPointer { tp in
                LAPACKE_dormqr(columnMajor, ascii("L"), ascii(transpose ? "T" : "N"), Int32(m), Int32(ncols), Int32(k),
                               ap.baseAddress, Int32(lda), tp.baseAddress, c, Int32(ldc))
            }
        }
        try check(info, "dormqr")
    }

    /// Inverse of an upper-triangular matrix in place.
    static func trtri(n: Int, a: inout [Double], lda: Int) throws {
        if n == 0 { return }
        let info = a.withUnsafeMutableBufferPointer { ap in
            LAPACKE_dtrtri(columnMajor, ascii("U"), ascii("N"), Int32(n), ap.baseAddress, Int32(lda))
        }
        try check(info, "dtrtri")
    }

    /// Singular values of an m x n matrix (destroys `a`).
    static func singularValues(m: Int, n: Int, a: inout [Double]) throws -> [Double] {
        let count = min(m, n)
        if count == 0 { return [] }
        var s = [Double](repeating: 0, count: count)
        var superb = [Double](repeating: 0, count: max(count, 2))
        var dummy = [0.0]
        let info = a.withUnsafeMutableBufferPointer { ap in
            s.withUnsafeMutableBufferPointer { sp in
                superb.withUnsafeMutableBufferPointer { wp in
                    dummy.withUnsafeMutableBufferPointer { dp in
                        LAPACKE_dgesvd(columnMajor, ascii("N"), ascii("N"), Int32(m), Int32(n), ap.baseAddress, Int32(m),
                                       sp.baseAddress, dp.baseAddress, 1, dp.baseAddress, 1, wp.baseAddress)
                    }
                }
            }
        }
        try check(info, "dgesvd")
        return s
    }

    /// Solves R x = b or R^T x = b in place (R upper triangular n x n, leading dimension lda).
    static func triangularSolve(transpose: Bool, n: Int, r: UnsafePointer<Double>, lda: Int, x: UnsafeMutablePointer<Double>) {
        if n == 0 { return }
        cblas_dtrsv(CblasColMajor, CblasUpper, transpose ? CblasTrans : CblasNoTrans, CblasNonUnit,
                    Int32(n), r, Int32(lda), x, 1)
    }

    /// Solves R X = B for many right-hand sides (B n x nrhs, overwritten).
    static func triangularSolve(n: Int, nrhs: Int, r: UnsafePointer<Double>, lda: Int,
                                b: UnsafeMutablePointer<Double>, ldb: Int) {
        if n == 0 || nrhs == 0 { return }
        cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit,
                    Int32(n), Int32(nrhs), 1.0, r, Int32(lda), b, Int32(ldb))
    }
}
