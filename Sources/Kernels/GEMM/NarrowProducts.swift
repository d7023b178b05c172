// Narrow products: C = op(A)·B (+ C) for a B of at most 16 columns, one vector to a row of C.

extension GEMM {
    /// C = op(A)·B (+ C) for a B of at most 16 columns, small enough for one thread: a
    /// classifier's last layer (10 classes) forward, h·W, and its weight gradient, hᵀ·dZ. One
    /// vector holds a whole row of C, so the tiles' machinery (A packed step by step, zero steps
    /// dropped, B's partial panel packed, C through a scratch tile) cost several times the
    /// arithmetic; here B is padded to 16 lanes once and A read in place, 8 rows of C at a time.
    ///
    /// No step is skipped, yet the bits are the ordered loop's (see the top of GEMM.swift) when
    /// every value of B is finite: a zero a adds 0·b = ±0 to a sum that is never −0 (it starts
    /// at +0, and x + y = 0 rounds to +0), which leaves it as it is. So B is checked while it is
    /// padded, and the product returns false (computing nothing) when B holds an infinity or a
    /// NaN, for the tiles to do it with their skipping.
    static func multiplyNarrow<T: KernelScalar>(_ p: Problem<T>) -> Bool {
        typealias V = SIMD16<T>
        let m = p.m, n = p.n, k = p.k
        let padded = Scratch.memory(bytes: max(1, k) * lanes * MemoryLayout<T>.stride)
            .bindMemory(to: T.self, capacity: max(1, k) * lanes)
        var finite = true
        for step in 0..<k {
            let row = p.b + step * n, target = padded + step * lanes
            for j in 0..<n {
                target[j] = row[j]
                finite = finite && row[j].isFinite
            }
            for j in n..<lanes { target[j] = 0 }
        }
        guard finite else { return false }
        // op(A)[i, step] is at a[i·rowStride + step·stepStride].
        let rowStride = p.transposeA ? 1 : p.lda, stepStride = p.transposeA ? m : 1
        @inline(__always) func store(_ sum: V, row: Int) {
            let c = p.c + row * n
            if p.accumulate {
                for j in 0..<n { c[j] = c[j] + sum[j] }
            } else {
                for j in 0..<n { c[j] = sum[j] }
            }
        }
        var i = 0
        while i + 8 <= m {
            var s0 = V(), s1 = V(), s2 = V(), s3 = V(), s4 = V(), s5 = V(), s6 = V(), s7 = V()
            var a = p.a + i * rowStride
            for step in 0..<k {
                let y = loadVector(padded + step * lanes)
                s0 = s0 + V(repeating: a[0]) * y
                s1 = s1 + V(repeating: a[rowStride]) * y
                s2 = s2 + V(repeating: a[2 * rowStride]) * y
                s3 = s3 + V(repeating: a[3 * rowStride]) * y
                s4 = s4 + V(repeating: a[4 * rowStride]) * y
                s5 = s5 + V(repeating: a[5 * rowStride]) * y
                s6 = s6 + V(repeating: a[6 * rowStride]) * y
                s7 = s7 + V(repeating: a[7 * rowStride]) * y
                a += stepStride
            }
            store(s0, row: i); store(s1, row: i + 1); store(s2, row: i + 2); store(s3, row: i + 3)
            store(s4, row: i + 4); store(s5, row: i + 5); store(s6, row: i + 6); store(s7, row: i + 7)
            i += 8
        }
        while i < m {
            var sum = V()
            var a = p.a + i * rowStride
            for step in 0..<k {
                sum = sum + V(repeating: a[0]) * loadVector(padded + step * lanes)
                a += stepStride
            }
            store(sum, row: i)
            i += 1
        }
        return true
    }
}
