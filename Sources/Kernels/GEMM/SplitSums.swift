// Split sums: x·W with k ≥ 512 (C written, not added to) summed in two fixed halves of k.

extension GEMM {
    /// From this k on, C = A·B with row-major A and B (and C written, not added to) is summed in
    /// two halves of k: C = (Σ over p < k/2) + (Σ over p ≥ k/2), each half in the order of the tiles (see the top of GEMM.swift).
    /// The halves are the rows of B that each thread owns: in a dense layer's forward x·W, the
    /// first thread multiplies by the first half of W's rows and the second by the second half —
    /// the rows whose gradient (xᵀ·dY, cut by rows) and Adam update (cut in contiguous halves)
    /// the same thread computes. So each core's L2 keeps its half of W, dW and Adam's moments
    /// from step to step; cut by images instead, both cores read all of W, and half of its lines
    /// moved between the cores at every step. The split depends on the shape alone, never on
    /// the threads, so results stay bit-identical across thread counts.
    static let splitMinimumK = 512

    /// Whether `p` is summed in two halves of k (see `splitMinimumK`).
    @inline(__always)
    static func splitsSum<T>(_ p: Problem<T>) -> Bool {
        !p.transposeA && !p.transposeB && !p.accumulate && p.k >= splitMinimumK
    }

    /// C = A·B summed in two halves of k: the packed tiles' chunks of the first half, which
    /// write C, then those of the second, which write a scratch matrix added into C at the end.
    @inline(__always)
    static func multiplyInHalves<T: KernelScalar>(_ problem: Problem<T>, _ configuration: Configuration) {
        let m = problem.m, n = problem.n, k = problem.k
        let layout = TileLayout(problem, configuration)
        let chunks = 2 * layout.chunksPerPart(flops: 2 * m * n * k, parts: 2, configuration)
        let half = k / 2
        let partial = Scratch.products(bytes: m * n * MemoryLayout<T>.stride).bindMemory(to: T.self, capacity: m * n)
        let second = Problem(
            transposeA: false, transposeB: false, m: m, n: n, k: k - half, a: problem.a + half,
            b: problem.b + half * n, c: partial, accumulate: false, lda: problem.lda)
        let first = Problem(
            transposeA: false, transposeB: false, m: m, n: n, k: half, a: problem.a, b: problem.b, c: problem.c,
            accumulate: false, lda: problem.lda)
        run(Chunks(problem: first, second: second, parts: 2, layout: layout, chunks: chunks), configuration)
        Elementwise.add(problem.c, partial, problem.c, m * n)
    }
}
