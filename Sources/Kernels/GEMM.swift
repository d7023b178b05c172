// General matrix product C = op(A)·op(B) (+ C), row-major, for the three products of a dense
// layer: x·W (forward), dY·Wᵀ (input gradient) and xᵀ·dY (weight gradient), without ever
// materializing a transpose.
//
// Shape of the computation (names as in the GEMM literature):
//
// - C is cut into register tiles of MR rows by one *panel* of columns, kept in registers for all
//   of k so that C is read and written once. On a machine with 32 registers of 512 bits: 4 rows
//   × 64 floats (16 accumulators) for dense op(A); 2 rows × 128 floats (16 accumulators) for
//   sparse row-major op(A), the images of x·W. Elsewhere the panels are 4 times narrower.
// - The MR rows of op(A) for one tile are packed, MR values per k step, dropping every step where
//   all MR values are zero (its k is kept in an index for B). MNIST pixels are 81% zero and ReLU
//   outputs about half, so the products of a dense layer skip much of their work; a zero product
//   adds nothing to a sum of finite numbers, so the result is what the dense loop gives.
// - op(B) is read in place when it is row-major and the panel whole (x·W, xᵀ·dY); a partial
//   panel is packed, zero-padded. Rows go in blocks of 32: the block's A is packed first, then
//   its tiles run panel by panel, so one panel of B (k × 128 floats) stays in L2 (1 MiB per core
//   here) for all the block's rows.
// - A·Bᵀ (dY·Wᵀ) with k ≥ 32 is computed as dot products of contiguous rows instead: packing Bᵀ
//   would transpose the whole weight matrix, element by element, at every step.
// - There is no blocking over k: the products here have k ≤ 1024, so a block's packed A and a
//   panel of B fit in L2 together. Not splitting k also keeps every element's sum in one order.
//
// Every element of C is computed the same way whatever the tile, panel, chunk or thread:
// acc = 0; acc = acc + a[i,p]·b[p,j] for the p with a[i,p] ≠ 0 in increasing order; then C = acc,
// or C = C + acc (C is left as it is when there is no such p). So results are bit-identical across
// thread counts and tile shapes, and equal to the dense loop's up to the sign of zeros (and an
// infinite or NaN b met by a zero a, which the dense loop would turn into NaN). The dot products
// have their own fixed order (see `multiplyByDots`), and so do the split sums of x·W with k ≥ 512:
// the sum above over each half of k, then C = first + second (see `splitMinimumK`).

enum GEMM {
    /// How a product is cut: panel widths, rows per tile, threads. Results do not depend on it
    /// (see above); tests vary it to show that.
    struct Configuration {
        /// Width of a wide panel, in vectors of 16 lanes: 4, 2 or 1.
        var wideVectors: Int
        /// Rows per register tile: 2 or 4, or chosen by op(A)'s density (nil).
        var groupRows: Int? = nil
        var threads: Int = KernelThreads.count
        var minimumParallelWork: Int = KernelThreads.minimumParallelWork
        /// Whether small products with at most 16 columns take `multiplyNarrow` (tests turn it
        /// off to compare it with the tiles).
        var narrowProducts: Bool = true

        static func standard<T: KernelScalar>(for _: T.Type) -> Configuration {
            Configuration(wideVectors: defaultWideVectors(T.self))
        }
    }

    /// Rows of C per register tile for dense op(A) (MR). With a wide panel of 4 vectors, 4 × 4 = 16
    /// accumulators, 4 B vectors and a broadcast use 21 of the 32 vector registers.
    static let tileRows = 4

    /// Below this fraction of nonzero entries in op(A), tiles have two rows.
    static let sparseDensity = 0.3

    /// Rows per register tile for a product: 2 for sparse op(A), else 4. For x·W two images share
    /// each B row loaded, and are nonzero together at 29% of the steps (19% for one, 39% for
    /// four); for xᵀ·dY the rows are adjacent pixels, a pair packed with two adjacent loads per
    /// step. Measured on the tutorial model's xᵀ·dZ1, one thread: 47 µs single rows, 36 µs four
    /// rows, 33 µs two. (Single rows keep the fewest steps but pack one strided value at a time;
    /// sorting the nonzeros into per-row lists instead cost more than it saved.)
    static func chooseGroupRows<T: KernelScalar>(_ p: Problem<T>) -> Int {
        sampledDensity(p.a, p.m * p.k) < sparseDensity ? 2 : tileRows
    }

    /// The column width of a wide panel, in vectors of 16 lanes, for element type T: 4 (64 floats,
    /// 4 zmm registers per row) or 2 (32 doubles) when 32 registers of 512 bits are there, else 1
    /// (16 lanes: 4 xmm per row on SSE or NEON, 2 ymm on AVX2).
    static func defaultWideVectors<T: KernelScalar>(_: T.Type) -> Int {
        guard Host.hasWideVectorRegisters else { return 1 }
        return MemoryLayout<T>.size <= 4 ? 4 : 2
    }

    static func multiply<T: KernelScalar>(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<T>, b: UnsafePointer<T>, c: UnsafeMutablePointer<T>, accumulate: Bool
    ) {
        multiply(
            Problem(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, b: b, c: c,
                accumulate: accumulate),
            .standard(for: T.self))
    }

    /// One product, with its strides: op(A)[i, p] = A[i·lda + p] (lda = k unless given), or
    /// A[p·m + i] when transposed; op(B)[p, j] = B[p·n + j], or B[j·k + p] when transposed;
    /// C[i, j] = C[i·n + j]. (An lda above k is how a range of A's columns is multiplied: the
    /// halves of a split sum.)
    struct Problem<T: KernelScalar> {
        let transposeA: Bool, transposeB: Bool
        let m: Int, n: Int, k: Int
        let a: UnsafePointer<T>, b: UnsafePointer<T>, c: UnsafeMutablePointer<T>
        let accumulate: Bool
        let lda: Int

        init(
            transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<T>, b: UnsafePointer<T>,
            c: UnsafeMutablePointer<T>, accumulate: Bool, lda: Int? = nil
        ) {
            self.transposeA = transposeA
            self.transposeB = transposeB
            self.m = m
            self.n = n
            self.k = k
            self.a = a
            self.b = b
            self.c = c
            self.accumulate = accumulate
            self.lda = lda ?? k
        }
    }

    // MARK: Split sums (x·W)

    /// From this k on, C = A·B with row-major A and B (and C written, not added to) is summed in
    /// two halves of k: C = (Σ over p < k/2) + (Σ over p ≥ k/2), each half in the order below.
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

    /// The columns of C cut into panels: `wideCount` panels of `wideWidth` columns, then panels of
    /// one vector (16 lanes), the last of which may be partial.
    struct Panels {
        let n: Int, wideWidth: Int, wideVectors: Int, wideCount: Int, count: Int

        init(n: Int, wideVectors: Int) {
            self.n = n
            self.wideVectors = wideVectors
            wideWidth = wideVectors * lanes
            wideCount = n / wideWidth
            count = wideCount + (n - wideCount * wideWidth + lanes - 1) / lanes
        }

        /// First column, number of columns and vectors of panel `index`.
        @inline(__always)
        func panel(_ index: Int) -> Panel {
            if index < wideCount { return Panel(column: index &* wideWidth, width: wideWidth, vectors: wideVectors) }
            let column = wideCount &* wideWidth &+ (index &- wideCount) &* lanes
            return Panel(column: column, width: min(lanes, n &- column), vectors: 1)
        }
    }

    struct Panel {
        let column: Int, width: Int, vectors: Int
        var isPartial: Bool { width < vectors * lanes }
    }

    static func multiply<T: KernelScalar>(_ problem: Problem<T>, _ configuration: Configuration) {
        let m = problem.m, n = problem.n, k = problem.k
        guard m > 0, n > 0 else { return }
        if takesDots(problem) {
            multiplyByDots(problem, configuration)
            return
        }
        if configuration.narrowProducts && !problem.transposeB && n <= lanes
            && 2 * m * n * k < configuration.minimumParallelWork && multiplyNarrow(problem)
        {
            return
        }
        let groupRows = configuration.groupRows ?? chooseGroupRows(problem)
        // A tile of two rows holds twice the columns (8 vectors: 128 floats).
        let panels = Panels(n: n, wideVectors: groupRows < tileRows ? 2 * configuration.wideVectors : configuration.wideVectors)
        // The partition: rows, in whole register tiles (each thread packs only its own rows of
        // A), or panels of columns when there are too few rows. Several chunks per thread, so
        // that a thread that starts late (its core busy with another process) leaves the others
        // only the chunks it has not claimed.
        let rowUnits = (m + groupRows - 1) / groupRows
        let byRows = rowUnits >= 2 * KernelThreads.processors || panels.count == 1
        let flops = 2 * m * n * k
        let units = byRows ? rowUnits : panels.count
        // A split sum: the chunks of the first half of k, then those of the second, whose sums
        // go to a scratch matrix added into C at the end (see `splitMinimumK`).
        let parts = splitsSum(problem) ? 2 : 1
        let perPart = flops < configuration.minimumParallelWork ? 1 : max(1, min(units, KernelThreads.parallelParts / parts))
        let chunks = perPart * parts
        var second = problem
        if parts == 2 {
            let half = k / 2
            let partial = Scratch.products(bytes: m * n * MemoryLayout<T>.stride).bindMemory(to: T.self, capacity: m * n)
            second = Problem(
                transposeA: false, transposeB: false, m: m, n: n, k: k - half, a: problem.a + half,
                b: problem.b + half * n, c: partial, accumulate: false, lda: problem.lda)
            let first = Problem(
                transposeA: false, transposeB: false, m: m, n: n, k: half, a: problem.a, b: problem.b, c: problem.c,
                accumulate: false, lda: problem.lda)
            run(Chunks(
                problem: first, second: second, parts: 2, panels: panels, groupRows: groupRows, byRows: byRows,
                units: units, chunks: chunks), configuration)
            Elementwise.add(problem.c, partial, problem.c, m * n)
            return
        }
        run(Chunks(
            problem: problem, second: problem, parts: 1, panels: panels, groupRows: groupRows, byRows: byRows,
            units: units, chunks: chunks), configuration)
    }

    /// Runs the chunks of one product on the kernel threads.
    @inline(__always)
    static func run<T: KernelScalar>(_ work: Chunks<T>, _ configuration: Configuration) {
        let chunks = work.chunks
        // The workers need a concrete type (see ChunkedWork); T is Float or Double here.
        if T.self == Float.self {
            KernelThreads.run(
                chunks: chunks, threads: configuration.threads, FloatChunks(work: unsafeBitCast(work, to: Chunks<Float>.self)))
        } else if T.self == Double.self {
            KernelThreads.run(
                chunks: chunks, threads: configuration.threads, DoubleChunks(work: unsafeBitCast(work, to: Chunks<Double>.self)))
        } else {
            for chunk in 0..<chunks { work.run(chunk: chunk) }
        }
    }

    struct FloatChunks: ChunkedWork {
        let work: Chunks<Float>
        func run(chunk: Int) { work.run(chunk: chunk) }
    }

    struct DoubleChunks: ChunkedWork {
        let work: Chunks<Double>
        func run(chunk: Int) { work.run(chunk: chunk) }
    }

    /// The chunks of one product: a range of rows (all panels) or of panels (all rows); for a
    /// split sum, the chunks of the first half of k (`problem`) and then of the second (`second`).
    struct Chunks<T: KernelScalar> {
        let problem: Problem<T>, second: Problem<T>
        let parts: Int
        let panels: Panels
        let groupRows: Int, byRows: Bool, units: Int, chunks: Int

        func run(chunk: Int) {
            let perPart = chunks / parts
            let p = chunk < perPart ? problem : second
            let part = range(chunk % perPart, of: perPart, units: units)
            let rows = byRows ? (part.lowerBound * groupRows)..<min(part.upperBound * groupRows, p.m) : 0..<p.m
            let panelRange = byRows ? 0..<panels.count : part
            multiplyBlock(p, groupRows: groupRows, panels: panels, rows: rows, panelRange: panelRange)
        }
    }

    /// Rows of op(A) packed together, for the bookkeeping of a block (counts and offsets).
    static let stripRows = 16

    // MARK: Narrow products (n ≤ 16)

    /// C = op(A)·B (+ C) for a B of at most 16 columns, small enough for one thread: a
    /// classifier's last layer (10 classes) forward, h·W, and its weight gradient, hᵀ·dZ. One
    /// vector holds a whole row of C, so the tiles' machinery (A packed step by step, zero steps
    /// dropped, B's partial panel packed, C through a scratch tile) cost several times the
    /// arithmetic; here B is padded to 16 lanes once and A read in place, 8 rows of C at a time.
    ///
    /// No step is skipped, yet the bits are the ordered loop's (see the top of the file) when
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

    // MARK: Products as dot products (A·Bᵀ)

    /// From this k on, A·Bᵀ may be computed as dot products of rows (below, B is packed).
    static let dotMinimumK = 32

    /// Whether A·Bᵀ is computed as dot products: k ≥ 32 and at least as many steps as rows of A.
    /// A dot product pays its 16 lanes' pairwise sum once per element of C, about as much as 16
    /// steps; packing Bᵀ pays k·n strided copies once for all m rows. So dots win for a batch of
    /// 32 rows against a weight matrix (dY·Wᵀ: packing W2ᵀ of the wide model was a third of its
    /// epoch), and lose for the thousands of rows of a convolution's dY·Kᵀ with k = 32 filters
    /// (there the sums took a third of the CNN's epoch). The choice depends on the shape only.
    @inline(__always)
    static func takesDots<T>(_ p: Problem<T>) -> Bool {
        p.transposeB && !p.transposeA && p.k >= dotMinimumK && p.k >= p.m
    }

    /// C = A·Bᵀ (+ C) with A m×k and B n×k both row-major: every C[i, j] is the dot product of
    /// row i of A and row j of B, both contiguous. Packing Bᵀ instead (the other products' way)
    /// is a strided scalar transpose of the whole weight matrix at every step: for the wide
    /// model's dh = dZ·W2ᵀ (W2 is 512×256) it was a third of the epoch. No zero is skipped here.
    ///
    /// Each element's sum has one fixed order, whatever the tile or thread: 16 lane sums over
    /// the whole blocks of 16 steps (block by block), added pairwise (lanes l and l+8, then l and
    /// l+4, l+2, l+1), then the remaining steps one by one; then C = sum or C + sum.
    static func multiplyByDots<T: KernelScalar>(_ p: Problem<T>, _ configuration: Configuration) {
        let m = p.m, n = p.n
        let rowUnits = (m + 3) / 4, columnUnits = (n + 3) / 4
        // By columns of C, which are rows of B, whenever B has at least as many rows as A: in a
        // layer's dY·Wᵀ each thread then reads only the rows of W it owns in the other products
        // and in Adam (its half of W, from its own L2), where cutting the batch's rows made both
        // cores read all of W.
        let byRows = columnUnits < rowUnits
        let flops = 2 * m * n * p.k
        let units = byRows ? rowUnits : columnUnits
        let chunks = flops < configuration.minimumParallelWork ? 1 : max(1, min(units, KernelThreads.parallelParts))
        let work = DotChunks(problem: p, byRows: byRows, units: units, chunks: chunks)
        if T.self == Float.self {
            KernelThreads.run(
                chunks: chunks, threads: configuration.threads, FloatDotChunks(work: unsafeBitCast(work, to: DotChunks<Float>.self)))
        } else if T.self == Double.self {
            KernelThreads.run(
                chunks: chunks, threads: configuration.threads, DoubleDotChunks(work: unsafeBitCast(work, to: DotChunks<Double>.self)))
        } else {
            for chunk in 0..<chunks { work.run(chunk: chunk) }
        }
    }

    struct FloatDotChunks: ChunkedWork {
        let work: DotChunks<Float>
        func run(chunk: Int) { work.run(chunk: chunk) }
    }

    struct DoubleDotChunks: ChunkedWork {
        let work: DotChunks<Double>
        func run(chunk: Int) { work.run(chunk: chunk) }
    }

    /// A range of rows (all columns) or of columns (all rows) of C, in units of 4.
    struct DotChunks<T: KernelScalar> {
        let problem: Problem<T>
        let byRows: Bool, units: Int, chunks: Int

        func run(chunk: Int) {
            let p = problem
            let part = range(chunk, of: chunks, units: units)
            let rows = byRows ? (part.lowerBound * 4)..<min(part.upperBound * 4, p.m) : 0..<p.m
            let columns = byRows ? 0..<p.n : (part.lowerBound * 4)..<min(part.upperBound * 4, p.n)
            var i = rows.lowerBound
            while i < rows.upperBound {
                var j = columns.lowerBound
                while j < columns.upperBound {
                    if i + 4 <= rows.upperBound && j + 4 <= columns.upperBound {
                        dotKernel4x4(p, i, j)
                    } else {
                        for r in i..<min(i + 4, rows.upperBound) {
                            for c in j..<min(j + 4, columns.upperBound) {
                                store(dot(p.a + r * p.k, p.b + c * p.k, p.k), p.c + r * p.n + c, p.accumulate)
                            }
                        }
                    }
                    j += 4
                }
                i += 4
            }
        }
    }

    /// The 4×4 block of C at (i, j): 16 dot products, 16 vector accumulators, 8 loads for 16
    /// multiplies and 16 adds per block of 16 steps.
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

    /// One dot product in the order above (for the elements outside whole 4×4 blocks).
    @inline(__always)
    static func dot<T: KernelScalar>(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ k: Int) -> T {
        let blocks = k / lanes
        var sum = SIMD16<T>()
        var offset = 0
        for _ in 0..<blocks {
            sum = sum + loadVector(a + offset) * loadVector(b + offset)
            offset += lanes
        }
        return finish(sum, a, b, blocks * lanes, k)
    }

    /// The lane sums added pairwise, then the steps from `tail` to k one by one.
    @inline(__always)
    static func finish<T: KernelScalar>(
        _ lanesSum: SIMD16<T>, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ tail: Int, _ k: Int
    ) -> T {
        let eight = lanesSum.lowHalf + lanesSum.highHalf
        let four = eight.lowHalf + eight.highHalf
        let two = four.lowHalf + four.highHalf
        var sum = two[0] + two[1]
        for step in tail..<k { sum = sum + a[step] * b[step] }
        return sum
    }

    /// C = sum, or C = C + sum.
    @inline(__always)
    static func store<T: KernelScalar>(_ sum: T, _ c: UnsafeMutablePointer<T>, _ accumulate: Bool) {
        c.pointee = accumulate ? c.pointee + sum : sum
    }

    /// The fraction of nonzero entries of the `count` values of `a`, from a sample of at most
    /// 256 runs of 16 spread over all of it (the choice it serves only changes the speed).
    @inline(__always)
    static func sampledDensity<T: KernelScalar>(_ a: UnsafePointer<T>, _ count: Int) -> Double {
        guard count > 0 else { return 1 }
        let runs = count / lanes
        if runs == 0 {
            var nonzero = 0
            for i in 0..<count { nonzero &+= Bits.nonzero(Bits.magnitude(a + i)) }
            return Double(nonzero) / Double(count)
        }
        let sampled = min(runs, 256), stride = runs / sampled
        var nonzero = 0
        for s in 0..<sampled { nonzero &+= Bits.nonzeroMask16(a + s &* stride &* lanes).nonzeroBitCount }
        return Double(nonzero) / Double(sampled * lanes)
    }

    /// Part `index` of `parts` near-equal contiguous parts of 0..<units.
    @inline(__always)
    static func range(_ index: Int, of parts: Int, units: Int) -> Range<Int> {
        (units * index / parts)..<(units * (index + 1) / parts)
    }

    /// One chunk: rows `rows` of C in panels `panelRange`, packed in strips of up to 16 rows and
    /// computed as register tiles of `groupRows` (2 or 4) rows.
    ///
    /// Rows go in blocks of `blockRows`: the block's strips are packed first, then the tiles run
    /// panel by panel, so that one panel of B (k × 128 floats: 400 KB for k = 784) stays in L2
    /// while every row of the block uses it. Row by row instead, each row would stream all of B
    /// from L3 when B is larger than L2 (the wide model's 784×512 W1 is 1.6 MB).
    static func multiplyBlock<T: KernelScalar>(
        _ p: Problem<T>, groupRows: Int, panels: Panels, rows chunkRows: Range<Int>, panelRange: Range<Int>
    ) {
        guard !chunkRows.isEmpty, !panelRange.isEmpty else { return }
        let k = p.k
        let first = panels.panel(panelRange.lowerBound), last = panels.panel(panelRange.upperBound - 1)
        let columns = last.column + last.vectors * lanes - first.column  // padded to whole vectors
        // Scratch: a packed block of A (values, steps and counts for `blockRows` rows), packed B
        // for the chunk's columns when it must be packed, one C tile for tiles sticking out of C.
        let size = MemoryLayout<T>.stride
        let aBytes = align(blockRows * k * size), indexBytes = align(blockRows * k * 4)
        let countBytes = align(blockRows * MemoryLayout<Int>.stride)
        let packsB = p.transposeB || last.isPartial
        let bBytes = packsB ? align(k * columns * size) : 0
        let tileBytes = align(tileRows * panels.wideWidth * size)
        let scratch = Scratch.memory(bytes: aBytes + indexBytes + countBytes + bBytes + tileBytes)
        let packedA = scratch.bindMemory(to: T.self, capacity: blockRows * k)
        var offset = aBytes
        let index = (scratch + offset).bindMemory(to: Int32.self, capacity: blockRows * k)
        offset += indexBytes
        let counts = (scratch + offset).bindMemory(to: Int.self, capacity: blockRows)
        offset += countBytes
        let packedB = (scratch + offset).bindMemory(to: T.self, capacity: max(1, k * columns))
        offset += bBytes
        let tile = (scratch + offset).bindMemory(to: T.self, capacity: tileRows * panels.wideWidth)

        // op(B) for panel `i`: in place when B is row-major and the panel whole, else packed.
        if p.transposeB {
            for i in panelRange {
                let panel = panels.panel(i)
                packB(p, panel, into: packedB + k * (panel.column - first.column))
            }
        } else if last.isPartial {
            packB(p, last, into: packedB + k * (last.column - first.column))
        }
        @inline(__always) func b(_ panel: Panel) -> (UnsafePointer<T>, Int) {
            if p.transposeB || panel.isPartial {
                return (UnsafePointer(packedB + k * (panel.column - first.column)), panel.vectors * lanes)
            }
            return (p.b + panel.column, p.n)
        }

        for blockRow in stride(from: chunkRows.lowerBound, to: chunkRows.upperBound, by: blockRows) {
            let blockEnd = min(blockRow + blockRows, chunkRows.upperBound)
            // Pack the block's strips: strip s holds its groups at packedA[s·16·k…], their steps
            // at index[s·16·k…] (k per group) and counts at counts[s·16…].
            for row in stride(from: blockRow, to: blockEnd, by: stripRows) {
                let strip = (row - blockRow) / stripRows * stripRows
                _ = packStrip(
                    p, row: row, rows: min(stripRows, blockEnd - row), groupRows: groupRows,
                    into: packedA + strip * k, index: index + strip * k, counts: counts + strip)
            }
            for i in panelRange {
                let panel = panels.panel(i)
                let (bPanel, ldb) = b(panel)
                for row in stride(from: blockRow, to: blockEnd, by: stripRows) {
                    let strip = (row - blockRow) / stripRows * stripRows
                    let stripGroups = (min(stripRows, blockEnd - row) + groupRows - 1) / groupRows
                    for group in 0..<stripGroups {
                        runTile(
                            p, row: row + group * groupRows, rows: groupRows, panel: panel,
                            count: counts[strip + group], packedA: UnsafePointer(packedA + (strip + group * groupRows) * k),
                            index: UnsafePointer(index + (strip * k + group * k)), b: bPanel, ldb: ldb, tile: tile)
                    }
                }
            }
        }
    }

    /// Rows of C packed and computed together (see `multiplyBlock`): 32 rows of A for k = 784
    /// pack into 200 KB, which sits in L2 beside a 400 KB panel of B.
    static let blockRows = 32

    @inline(__always)
    static func align(_ bytes: Int) -> Int { (bytes + Scratch.alignment - 1) & ~(Scratch.alignment - 1) }

    /// Runs the micro-kernel for the tile at `row` in `panel`: straight into C when the tile is
    /// whole, through the scratch `tile` and an element copy when it sticks out of C.
    @inline(__always)
    static func runTile<T: KernelScalar>(
        _ p: Problem<T>, row: Int, rows: Int, panel: Panel, count: Int,
        packedA: UnsafePointer<T>, index: UnsafePointer<Int32>, b: UnsafePointer<T>, ldb: Int,
        tile: UnsafeMutablePointer<T>
    ) {
        if count == 0 && p.accumulate { return }  // nothing to add
        let valid = min(rows, p.m - row)
        let whole = valid == rows && !panel.isPartial
        let target = whole ? p.c + row * p.n + panel.column : tile
        let ldc = whole ? p.n : panel.vectors * lanes
        let accumulate = whole && p.accumulate
        switch (rows, panel.vectors) {
        case (4, 4): kernel4x4(count, packedA, index, b, ldb, target, ldc, accumulate)
        case (4, 2): kernel4x2(count, packedA, index, b, ldb, target, ldc, accumulate)
        case (4, _): kernel4x1(count, packedA, index, b, ldb, target, ldc, accumulate)
        case (_, 8): kernel2x8(count, packedA, index, b, ldb, target, ldc, accumulate)
        default: kernel2xV(count, packedA, index, b, ldb, target, ldc, accumulate, vectors: panel.vectors)
        }
        if whole { return }
        for r in 0..<valid {
            let source = tile + r * ldc, destination = p.c + (row + r) * p.n + panel.column
            if p.accumulate {
                for j in 0..<panel.width { destination[j] = destination[j] + source[j] }
            } else {
                for j in 0..<panel.width { destination[j] = source[j] }
            }
        }
    }

    // MARK: Packing

    /// Packs `rows` (≤ 16) rows of op(A) from `row` as groups of `groupRows` rows (2 or 4; rows
    /// past m are zero): group g gets its values at packed[g·groupRows·k…], `groupRows` per step,
    /// the k of each step at index[g·k…] and its step count at counts[g]. Only steps where a
    /// group has a nonzero value are kept. Returns the number of groups.
    ///
    /// No per-value branches: values are tested on their bits, 16 at a time as a bit mask where
    /// they are adjacent in memory (the work then follows the mask's set bits), else one at a
    /// time with a count advanced by 0 or 1.
    @inline(__always)
    static func packStrip<T: KernelScalar>(
        _ p: Problem<T>, row: Int, rows: Int, groupRows: Int, into packed: UnsafeMutablePointer<T>,
        index: UnsafeMutablePointer<Int32>, counts: UnsafeMutablePointer<Int>
    ) -> Int {
        let k = p.k
        if groupRows == 2 && p.transposeA && rows == stripRows && MemoryLayout<T>.size == 4 {
            packPairsTransposed(p, row: row, into: packed, index: index, counts: counts)
            return stripRows / 2
        }
        if groupRows == 2 {
            let groups = (rows + 1) / 2
            for g in 0..<groups {
                counts[g] = packTwoRows(p, row: row + 2 * g, rows: min(2, rows - 2 * g), into: packed + 2 * g * k, index: index + g * k)
            }
            return groups
        }
        let groups = (rows + tileRows - 1) / tileRows
        for g in 0..<groups {
            counts[g] = packFourRows(
                p, row: row + g * tileRows, into: packed + g * tileRows * k, index: index + g * k)
        }
        return groups
    }

    /// `packStrip` for 16 rows of transposed Float A in groups of 2 (the pixel pairs of xᵀ in
    /// xᵀ·dY), all 8 groups at once: at each step the strip's 16 values are one 64-byte load,
    /// whose 8 lanes of 64 bits are the 8 pairs, each stored whole where its group's count
    /// stands, the count advanced when the pair is not zero. The same packed data as 8 calls
    /// of `packTwoRows`, with a third of the instructions.
    @inline(__always)
    static func packPairsTransposed<T: KernelScalar>(
        _ p: Problem<T>, row: Int, into packed: UnsafeMutablePointer<T>, index: UnsafeMutablePointer<Int32>,
        counts: UnsafeMutablePointer<Int>
    ) {
        let k = p.k, stride = p.m &* 4
        let pairs = UnsafeMutableRawPointer(packed)
        var source = UnsafeRawPointer(p.a + row)
        var n0 = 0, n1 = 0, n2 = 0, n3 = 0, n4 = 0, n5 = 0, n6 = 0, n7 = 0
        let k8 = k &* 8
        for step in 0..<k {
            let v = source.loadUnaligned(as: SIMD8<UInt64>.self)
            // 1 in the lanes whose pair has a value that is not ±0 (a NaN counts).
            let kept = ((v & 0x7fff_ffff_7fff_ffff) &+ 0x7fff_ffff_ffff_ffff) &>> 63
            let s = Int32(truncatingIfNeeded: step)
            @inline(__always) func put(_ g: Int, _ n: inout Int) {
                pairs.storeBytes(of: v[g], toByteOffset: g &* k8 &+ n &* 8, as: UInt64.self)
                index[g &* k &+ n] = s
                n &+= Int(truncatingIfNeeded: kept[g])
            }
            put(0, &n0); put(1, &n1); put(2, &n2); put(3, &n3)
            put(4, &n4); put(5, &n5); put(6, &n6); put(7, &n7)
            source += stride
        }
        counts[0] = n0; counts[1] = n1; counts[2] = n2; counts[3] = n3
        counts[4] = n4; counts[5] = n5; counts[6] = n6; counts[7] = n7
    }

    /// Packs 2 rows of op(A) from `row` (`rows` of them real, the other zero), 2 values per kept
    /// step; A transposed is packed one strided pair at a time.
    @inline(__always)
    static func packTwoRows<T: KernelScalar>(
        _ p: Problem<T>, row: Int, rows: Int, into packed: UnsafeMutablePointer<T>, index: UnsafeMutablePointer<Int32>
    ) -> Int {
        let k = p.k
        var count = 0
        if rows == 2 && p.transposeA {
            // A is k×m: the 2 values of one step are adjacent.
            var source = p.a + row
            for step in 0..<k {
                packed[2 &* count] = source[0]
                packed[2 &* count &+ 1] = source[1]
                index[count] = Int32(truncatingIfNeeded: step)
                count &+= Bits.nonzero(Bits.magnitude(source) | Bits.magnitude(source + 1))
                source += p.m
            }
            return count
        }
        if rows == 2 && !p.transposeA {
            let r0 = p.a + row &* p.lda, r1 = r0 + p.lda
            var step = 0
            while step &+ lanes <= k {
                var mask = Bits.nonzeroMask16(r0 + step) | Bits.nonzeroMask16(r1 + step)
                while mask != 0 {
                    let s = step &+ mask.trailingZeroBitCount
                    packed[2 &* count] = r0[s]
                    packed[2 &* count &+ 1] = r1[s]
                    index[count] = Int32(truncatingIfNeeded: s)
                    count &+= 1
                    mask &= mask &- 1
                }
                step &+= lanes
            }
            while step < k {
                packed[2 &* count] = r0[step]
                packed[2 &* count &+ 1] = r1[step]
                index[count] = Int32(truncatingIfNeeded: step)
                count &+= Bits.nonzero(Bits.magnitude(r0 + step) | Bits.magnitude(r1 + step))
                step &+= 1
            }
            return count
        }
        for step in 0..<k {
            var bits: UInt64 = 0
            for r in 0..<2 {
                if r < rows {
                    let source = p.transposeA ? p.a + (step &* p.m &+ row &+ r) : p.a + ((row &+ r) &* p.lda &+ step)
                    packed[2 &* count &+ r] = source.pointee
                    bits |= Bits.magnitude(source)
                } else {
                    packed[2 &* count &+ r] = 0
                }
            }
            index[count] = Int32(truncatingIfNeeded: step)
            count &+= Bits.nonzero(bits)
        }
        return count
    }

    /// Packs 4 rows of op(A) from `row` (zeros past m), 4 values per kept step.
    @inline(__always)
    static func packFourRows<T: KernelScalar>(
        _ p: Problem<T>, row: Int, into packed: UnsafeMutablePointer<T>, index: UnsafeMutablePointer<Int32>
    ) -> Int {
        let k = p.k, m = p.m, rows = min(tileRows, m &- row)
        var count = 0
        if rows == tileRows && p.transposeA {
            // A is k×m: the 4 values of one step are adjacent.
            var source = p.a + row
            for step in 0..<k {
                let out = packed + count &* 4
                out[0] = source[0]; out[1] = source[1]; out[2] = source[2]; out[3] = source[3]
                index[count] = Int32(truncatingIfNeeded: step)
                let bits = Bits.magnitude(source) | Bits.magnitude(source + 1) | Bits.magnitude(source + 2) | Bits.magnitude(source + 3)
                count &+= Bits.nonzero(bits)
                source += m
            }
            return count
        }
        if rows == tileRows {
            // A is m×k: one value from each of 4 rows; the steps to keep are the set bits of the
            // four rows' nonzero masks, 16 steps at a time.
            let r0 = p.a + row &* p.lda, r1 = r0 + p.lda, r2 = r1 + p.lda, r3 = r2 + p.lda
            var step = 0
            while step &+ lanes <= k {
                var mask =
                    Bits.nonzeroMask16(r0 + step) | Bits.nonzeroMask16(r1 + step) | Bits.nonzeroMask16(r2 + step)
                    | Bits.nonzeroMask16(r3 + step)
                while mask != 0 {
                    let s = step &+ mask.trailingZeroBitCount
                    let out = packed + count &* 4
                    out[0] = r0[s]; out[1] = r1[s]; out[2] = r2[s]; out[3] = r3[s]
                    index[count] = Int32(truncatingIfNeeded: s)
                    count &+= 1
                    mask &= mask &- 1
                }
                step &+= lanes
            }
            while step < k {
                let out = packed + count &* 4
                out[0] = r0[step]; out[1] = r1[step]; out[2] = r2[step]; out[3] = r3[step]
                index[count] = Int32(truncatingIfNeeded: step)
                let bits = Bits.magnitude(r0 + step) | Bits.magnitude(r1 + step) | Bits.magnitude(r2 + step) | Bits.magnitude(r3 + step)
                count &+= Bits.nonzero(bits)
                step &+= 1
            }
            return count
        }
        // A group that sticks out of C: the missing rows are zero.
        for step in 0..<k {
            let out = packed + count &* 4
            var bits: UInt64 = 0
            for r in 0..<4 {
                if r < rows {
                    let source = p.transposeA ? p.a + (step &* m &+ row &+ r) : p.a + ((row &+ r) &* p.lda &+ step)
                    out[r] = source.pointee
                    bits |= Bits.magnitude(source)
                } else {
                    out[r] = 0
                }
            }
            index[count] = Int32(truncatingIfNeeded: step)
            count &+= Bits.nonzero(bits)
        }
        return count
    }

    /// Packs the columns of `panel` of op(B) as k rows of `panel.vectors` vectors, zero-padded.
    @inline(__always)
    static func packB<T: KernelScalar>(_ p: Problem<T>, _ panel: Panel, into packed: UnsafeMutablePointer<T>) {
        let k = p.k, ldp = panel.vectors * lanes, column = panel.column, width = panel.width
        if p.transposeB {
            // B is n×k: column j of op(B) is row j of B, contiguous in k.
            if width < ldp { packed.update(repeating: 0, count: k * ldp) }
            for j in 0..<width {
                let source = p.b + (column &+ j) &* k
                var target = packed + j
                for step in 0..<k {
                    target.pointee = source[step]
                    target += ldp
                }
            }
        } else {
            for step in 0..<k {
                let source = p.b + (step &* p.n &+ column), target = packed + step &* ldp
                for j in 0..<width { target[j] = source[j] }
                for j in width..<ldp { target[j] = 0 }
            }
        }
    }

    // MARK: Micro-kernels

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
}

/// Zero tests on the bits of Float and Double values, without float compares (which LLVM turns
/// into branches on x86-64, to handle NaN).
enum Bits {
    /// The bits of the value at `p` without its sign (0 exactly for +0 and −0), widened.
    @inline(__always)
    static func magnitude<T: KernelScalar>(_ p: UnsafePointer<T>) -> UInt64 {
        if MemoryLayout<T>.size == 8 {
            return UnsafeRawPointer(p).load(as: UInt64.self) & 0x7fff_ffff_ffff_ffff
        }
        return UInt64(UnsafeRawPointer(p).load(as: UInt32.self) & 0x7fff_ffff)
    }

    /// 1 when `magnitude` is not zero, else 0 (a NaN is not zero, and is kept).
    @inline(__always)
    static func nonzero(_ magnitude: UInt64) -> Int {
        Int(truncatingIfNeeded: (magnitude &+ 0x7fff_ffff_ffff_ffff) >> 63)
    }

    /// Bit i set when value i of the 16 from `p` is not ±0: a handful of vector instructions
    /// (LLVM turns the weighted sum into a horizontal reduction).
    @inline(__always)
    static func nonzeroMask16<T: KernelScalar>(_ p: UnsafePointer<T>) -> UInt32 {
        let raw = UnsafeRawPointer(p)
        if MemoryLayout<T>.size == 8 {
            let weights = SIMD8<UInt64>(1, 2, 4, 8, 16, 32, 64, 128)
            let low = raw.loadUnaligned(as: SIMD8<UInt64>.self) & 0x7fff_ffff_ffff_ffff
            let high = raw.loadUnaligned(fromByteOffset: 64, as: SIMD8<UInt64>.self) & 0x7fff_ffff_ffff_ffff
            let lowMask = ((low &+ 0x7fff_ffff_ffff_ffff) &>> 63 &* weights).wrappedSum()
            let highMask = ((high &+ 0x7fff_ffff_ffff_ffff) &>> 63 &* weights).wrappedSum()
            return UInt32(truncatingIfNeeded: lowMask | highMask << 8)
        }
        let weights = SIMD16<UInt32>(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768)
        let bits = raw.loadUnaligned(as: SIMD16<UInt32>.self) & 0x7fff_ffff
        return ((bits &+ 0x7fff_ffff) &>> 31 &* weights).wrappedSum()
    }
}
