// General matrix product C = op(A)·op(B) (+ C), row-major, for the three products of a dense
// layer: x·W (forward), dY·Wᵀ (input gradient) and xᵀ·dY (weight gradient), without
// materializing a transpose.

enum GEMM {
    @inline(__always)
    static func multiply<T: KernelScalar>(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<T>, b: UnsafePointer<T>, c: UnsafeMutablePointer<T>, accumulate: Bool
    ) {
        if !accumulate { Elementwise.fill(c, 0, m * n) }
        guard m > 0, n > 0, k > 0 else { return }
        switch (transposeA, transposeB) {
        case (false, false):
            // C[i, :] += A[i, p] · B[p, :]: streams rows of B, vectorized over n.
            for i in 0..<m {
                let row = c + i * n
                for p in 0..<k { Elementwise.axpy(a[i * k + p], b + p * n, row, n) }
            }
        case (true, false):
            // A stored k×m: C[i, :] += A[p, i] · B[p, :].
            for i in 0..<m {
                let row = c + i * n
                for p in 0..<k { Elementwise.axpy(a[p * m + i], b + p * n, row, n) }
            }
        case (false, true):
            // B stored n×k: C[i, j] += A[i, :] · B[j, :].
            for i in 0..<m {
                for j in 0..<n { c[i * n + j] += Reductions.dot(a + i * k, b + j * k, k) }
            }
        case (true, true):
            for i in 0..<m {
                for j in 0..<n {
                    var total: T = 0
                    for p in 0..<k { total += a[p * m + i] * b[j * k + p] }
                    c[i * n + j] += total
                }
            }
        }
    }
}
