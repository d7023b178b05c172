// The micro-kernels: the innermost loops, each holding one register tile of C for all of k.

extension GEMM {
    // C tile (R rows × V vectors of 16 lanes) = Σ over kept steps t of A[:, t] ⊗ B[index[t], :].
    // One B row is loaded per step and each A value broadcast once; the products are written as
    // `acc + a * b`, not `addProduct`, which becomes a library call on x86-64 without FMA in the
    // target. Each width is written out so that every accumulator is a named register.

    /// 4 rows × 4 vectors: 16 accumulators, 4 B vectors, 1 broadcast (21 of 32 zmm registers);
    /// per step 5 loads for 16 multiplies and 16 adds, so the two FP pipes set the pace.
    @inline(never)
    static func kernel4x4<T: KernelScalar>(
        _ count: Int, _ a: UnsafePointer<T>, _ index: UnsafePointer<Int32>, _ b: UnsafePointer<T>, _ ldb: Int,
        _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool
    ) {
        typealias V = SIMD16<T>
        var c00 = V(), c01 = V(), c02 = V(), c03 = V()
        var c10 = V(), c11 = V(), c12 = V(), c13 = V()
        var c20 = V(), c21 = V(), c22 = V(), c23 = V()
        var c30 = V(), c31 = V(), c32 = V(), c33 = V()
        var a = a
        for t in 0..<count {
            let row = b + Int(index[t]) &* ldb
            let b0 = loadVector(row), b1 = loadVector(row + 16), b2 = loadVector(row + 32), b3 = loadVector(row + 48)
            var x = V(repeating: a[0])
            c00 = c00 + x * b0; c01 = c01 + x * b1; c02 = c02 + x * b2; c03 = c03 + x * b3
            x = V(repeating: a[1])
            c10 = c10 + x * b0; c11 = c11 + x * b1; c12 = c12 + x * b2; c13 = c13 + x * b3
            x = V(repeating: a[2])
            c20 = c20 + x * b0; c21 = c21 + x * b1; c22 = c22 + x * b2; c23 = c23 + x * b3
            x = V(repeating: a[3])
            c30 = c30 + x * b0; c31 = c31 + x * b1; c32 = c32 + x * b2; c33 = c33 + x * b3
            a += 4
        }
        var out = c
        store(c00, out, accumulate); store(c01, out + 16, accumulate); store(c02, out + 32, accumulate); store(c03, out + 48, accumulate)
        out += ldc
        store(c10, out, accumulate); store(c11, out + 16, accumulate); store(c12, out + 32, accumulate); store(c13, out + 48, accumulate)
        out += ldc
        store(c20, out, accumulate); store(c21, out + 16, accumulate); store(c22, out + 32, accumulate); store(c23, out + 48, accumulate)
        out += ldc
        store(c30, out, accumulate); store(c31, out + 16, accumulate); store(c32, out + 32, accumulate); store(c33, out + 48, accumulate)
    }

    @inline(never)
    static func kernel4x2<T: KernelScalar>(
        _ count: Int, _ a: UnsafePointer<T>, _ index: UnsafePointer<Int32>, _ b: UnsafePointer<T>, _ ldb: Int,
        _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool
    ) {
        typealias V = SIMD16<T>
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V(), c30 = V(), c31 = V()
        var a = a
        for t in 0..<count {
            let row = b + Int(index[t]) &* ldb
            let b0 = loadVector(row), b1 = loadVector(row + 16)
            var x = V(repeating: a[0])
            c00 = c00 + x * b0; c01 = c01 + x * b1
            x = V(repeating: a[1])
            c10 = c10 + x * b0; c11 = c11 + x * b1
            x = V(repeating: a[2])
            c20 = c20 + x * b0; c21 = c21 + x * b1
            x = V(repeating: a[3])
            c30 = c30 + x * b0; c31 = c31 + x * b1
            a += 4
        }
        store(c00, c, accumulate); store(c01, c + 16, accumulate)
        store(c10, c + ldc, accumulate); store(c11, c + ldc + 16, accumulate)
        store(c20, c + 2 * ldc, accumulate); store(c21, c + 2 * ldc + 16, accumulate)
        store(c30, c + 3 * ldc, accumulate); store(c31, c + 3 * ldc + 16, accumulate)
    }

    @inline(never)
    static func kernel4x1<T: KernelScalar>(
        _ count: Int, _ a: UnsafePointer<T>, _ index: UnsafePointer<Int32>, _ b: UnsafePointer<T>, _ ldb: Int,
        _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool
    ) {
        typealias V = SIMD16<T>
        var c0 = V(), c1 = V(), c2 = V(), c3 = V()
        var a = a
        for t in 0..<count {
            let b0 = loadVector(b + Int(index[t]) &* ldb)
            c0 = c0 + V(repeating: a[0]) * b0
            c1 = c1 + V(repeating: a[1]) * b0
            c2 = c2 + V(repeating: a[2]) * b0
            c3 = c3 + V(repeating: a[3]) * b0
            a += 4
        }
        store(c0, c, accumulate)
        store(c1, c + ldc, accumulate)
        store(c2, c + 2 * ldc, accumulate)
        store(c3, c + 3 * ldc, accumulate)
    }

    /// 2 rows × 8 vectors (128 floats), for sparse row-major A: 16 accumulators; per kept step
    /// 8 B vectors (512 bytes, from L2) each used twice, 2 broadcasts, 16 multiplies and 16 adds,
    /// so L2 and the FP pipes both take about 16 cycles a step.
    @inline(never)
    static func kernel2x8<T: KernelScalar>(
        _ count: Int, _ a: UnsafePointer<T>, _ index: UnsafePointer<Int32>, _ b: UnsafePointer<T>, _ ldb: Int,
        _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool
    ) {
        typealias V = SIMD16<T>
        var c00 = V(), c01 = V(), c02 = V(), c03 = V(), c04 = V(), c05 = V(), c06 = V(), c07 = V()
        var c10 = V(), c11 = V(), c12 = V(), c13 = V(), c14 = V(), c15 = V(), c16 = V(), c17 = V()
        var a = a
        for t in 0..<count {
            let row = b + Int(index[t]) &* ldb
            let x0 = V(repeating: a[0]), x1 = V(repeating: a[1])
            var y = loadVector(row)
            c00 = c00 + x0 * y; c10 = c10 + x1 * y
            y = loadVector(row + 16)
            c01 = c01 + x0 * y; c11 = c11 + x1 * y
            y = loadVector(row + 32)
            c02 = c02 + x0 * y; c12 = c12 + x1 * y
            y = loadVector(row + 48)
            c03 = c03 + x0 * y; c13 = c13 + x1 * y
            y = loadVector(row + 64)
            c04 = c04 + x0 * y; c14 = c14 + x1 * y
            y = loadVector(row + 80)
            c05 = c05 + x0 * y; c15 = c15 + x1 * y
            y = loadVector(row + 96)
            c06 = c06 + x0 * y; c16 = c16 + x1 * y
            y = loadVector(row + 112)
            c07 = c07 + x0 * y; c17 = c17 + x1 * y
            a += 2
        }
        store(c00, c, accumulate); store(c01, c + 16, accumulate); store(c02, c + 32, accumulate); store(c03, c + 48, accumulate)
        store(c04, c + 64, accumulate); store(c05, c + 80, accumulate); store(c06, c + 96, accumulate); store(c07, c + 112, accumulate)
        let d = c + ldc
        store(c10, d, accumulate); store(c11, d + 16, accumulate); store(c12, d + 32, accumulate); store(c13, d + 48, accumulate)
        store(c14, d + 64, accumulate); store(c15, d + 80, accumulate); store(c16, d + 96, accumulate); store(c17, d + 112, accumulate)
    }

    /// 2 rows × `vectors` (4, 2 or 1) vectors: the narrower panels of two-row tiles, one vector
    /// column at a time (each its own pass over the kept steps, in the same order).
    @inline(never)
    static func kernel2xV<T: KernelScalar>(
        _ count: Int, _ a: UnsafePointer<T>, _ index: UnsafePointer<Int32>, _ b: UnsafePointer<T>, _ ldb: Int,
        _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool, vectors: Int
    ) {
        typealias V = SIMD16<T>
        for column in stride(from: 0, to: vectors * 16, by: 16) {
            var c0 = V(), c1 = V()
            for t in 0..<count {
                let y = loadVector(b + (Int(index[t]) &* ldb &+ column))
                c0 = c0 + V(repeating: a[2 &* t]) * y
                c1 = c1 + V(repeating: a[2 &* t &+ 1]) * y
            }
            store(c0, c + column, accumulate)
            store(c1, c + ldc + column, accumulate)
        }
    }

    /// C = acc, or C = C + acc.
    @inline(__always)
    static func store<T: KernelScalar>(_ v: SIMD16<T>, _ p: UnsafeMutablePointer<T>, _ accumulate: Bool) {
        storeVector(accumulate ? loadVector(p) + v : v, p)
    }

    /// The dot products' kernel (`multiplyByDots`): the 4×4 block of C at (i, j), 16 dot
    /// products, 16 vector accumulators, 8 loads for 16 multiplies and 16 adds per block of 16
    /// steps.
    @inline(never)
    static func dotKernel4x4<T: KernelScalar>(_ p: Problem<T>, _ i: Int, _ j: Int) {
        typealias V = SIMD16<T>
        let k = p.k, blocks = k / lanes
        let a0 = p.a + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k
        let b0 = p.b + j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k
        var s00 = V(), s01 = V(), s02 = V(), s03 = V(), s10 = V(), s11 = V(), s12 = V(), s13 = V()
        var s20 = V(), s21 = V(), s22 = V(), s23 = V(), s30 = V(), s31 = V(), s32 = V(), s33 = V()
        var offset = 0
        for _ in 0..<blocks {
            let x0 = loadVector(a0 + offset), x1 = loadVector(a1 + offset)
            let x2 = loadVector(a2 + offset), x3 = loadVector(a3 + offset)
            var y = loadVector(b0 + offset)
            s00 = s00 + x0 * y; s10 = s10 + x1 * y; s20 = s20 + x2 * y; s30 = s30 + x3 * y
            y = loadVector(b1 + offset)
            s01 = s01 + x0 * y; s11 = s11 + x1 * y; s21 = s21 + x2 * y; s31 = s31 + x3 * y
            y = loadVector(b2 + offset)
            s02 = s02 + x0 * y; s12 = s12 + x1 * y; s22 = s22 + x2 * y; s32 = s32 + x3 * y
            y = loadVector(b3 + offset)
            s03 = s03 + x0 * y; s13 = s13 + x1 * y; s23 = s23 + x2 * y; s33 = s33 + x3 * y
            offset += lanes
        }
        let tail = blocks * lanes
        let c0 = p.c + i * p.n + j, c1 = c0 + p.n, c2 = c1 + p.n, c3 = c2 + p.n
        let accumulate = p.accumulate
        store(finish(s00, a0, b0, tail, k), c0, accumulate); store(finish(s01, a0, b1, tail, k), c0 + 1, accumulate)
        store(finish(s02, a0, b2, tail, k), c0 + 2, accumulate); store(finish(s03, a0, b3, tail, k), c0 + 3, accumulate)
        store(finish(s10, a1, b0, tail, k), c1, accumulate); store(finish(s11, a1, b1, tail, k), c1 + 1, accumulate)
        store(finish(s12, a1, b2, tail, k), c1 + 2, accumulate); store(finish(s13, a1, b3, tail, k), c1 + 3, accumulate)
        store(finish(s20, a2, b0, tail, k), c2, accumulate); store(finish(s21, a2, b1, tail, k), c2 + 1, accumulate)
        store(finish(s22, a2, b2, tail, k), c2 + 2, accumulate); store(finish(s23, a2, b3, tail, k), c2 + 3, accumulate)
        store(finish(s30, a3, b0, tail, k), c3, accumulate); store(finish(s31, a3, b1, tail, k), c3 + 1, accumulate)
        store(finish(s32, a3, b2, tail, k), c3 + 2, accumulate); store(finish(s33, a3, b3, tail, k), c3 + 3, accumulate)
    }
}
