// Dot products: A·Bᵀ with A and B both row-major, every element of C the dot product of two
// contiguous rows, where packing Bᵀ would transpose a whole weight matrix at every step.

extension GEMM {
    /// From this k on, A·Bᵀ may be computed as dot products of rows (below it, the tiles pack Bᵀ).
    static let dotMinimumK = 32

    /// Whether A·Bᵀ is computed as dot products: k ≥ 32 and at least as many steps as rows of A.
    /// A dot product pays its 16 lanes' pairwise sum once per element of C, about as much as 16
    /// steps; packing Bᵀ pays k·n strided copies once for all m rows. So dots win for a batch of
    /// 32 rows against a weight matrix (dY·Wᵀ), and lose for the thousands of rows of a
    /// convolution's dY·Kᵀ with k = 32 filters (Sources/Kernels/README.md has what each way cost).
    /// The choice depends on the shape only.
    @inline(__always)
    static func takesDots<T>(_ p: Problem<T>) -> Bool {
        p.transposeB && !p.transposeA && p.k >= dotMinimumK && p.k >= p.m
    }

    /// C = A·Bᵀ (+ C) with A m×k and B n×k both row-major: every C[i, j] is the dot product of
    /// row i of A and row j of B, both contiguous. Packing Bᵀ instead (the other products' way)
    /// is a strided scalar transpose of the whole weight matrix at every step (the wide model's
    /// dh = dZ·W2ᵀ transposes its 512×256 W2). No zero of A is skipped here; with a mask, only
    /// the elements of C it needs are computed (`maskedBlock`).
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
        withUnsafePointer(to: work) { KernelThreads.run(chunks: chunks, threads: configuration.threads, .dotProducts($0)) }
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
            if let mask = p.mask {
                let rowsOfColumn = Scratch.memory(bytes: 2 * columns.count).bindMemory(
                    to: UInt16.self, capacity: columns.count)
                for block in stride(from: rows.lowerBound, to: rows.upperBound, by: maskedBlockRows) {
                    let blockRows = block..<min(block + maskedBlockRows, rows.upperBound)
                    maskedBlock(p, rows: blockRows, columns: columns, mask: mask, rowsOfColumn: rowsOfColumn)
                }
                return
            }
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

    /// Rows of A taken together by `maskedBlock` (one bit each in a UInt16): 16 rows of k = 256
    /// floats are 16 KB, half of L1.
    static let maskedBlockRows = 16

    /// The elements of C in `rows` × `columns` where the mask is not ±0; the others' sums are 0.
    /// Column by column: row j of B is read once for up to four rows of A that need it (from L1,
    /// `maskedBlockRows` at a time), four dot products at once; each element is `dot`'s sum.
    /// `rowsOfColumn` is scratch: for each column, the block's rows that need it, as bits.
    @inline(__always)
    static func maskedBlock<T: KernelScalar>(
        _ p: Problem<T>, rows: Range<Int>, columns: Range<Int>, mask: UnsafePointer<T>,
        rowsOfColumn: UnsafeMutablePointer<UInt16>
    ) {
        let n = p.n, k = p.k, first = columns.lowerBound
        rowsOfColumn.update(repeating: 0, count: columns.count)
        for i in rows {
            let row = mask + i * n, c = p.c + i * n, bit = UInt16(1) << (i - rows.lowerBound)
            var j = first
            while j < columns.upperBound {
                let run = min(lanes, columns.upperBound - j)
                let all: UInt32 = run == lanes ? 0xffff : (1 << run) - 1
                var bits = run == lanes ? Bits.nonzeroMask16(row + j) : partialMask(row + j, run)
                if !p.accumulate {
                    var zeros = ~bits & all
                    while zeros != 0 {
                        c[j &+ zeros.trailingZeroBitCount] = 0
                        zeros &= zeros &- 1
                    }
                }
                while bits != 0 {
                    rowsOfColumn[j &- first &+ bits.trailingZeroBitCount] |= bit
                    bits &= bits &- 1
                }
                j &+= run
            }
        }
        for j in columns {
            var bits = rowsOfColumn[j - first]
            let b = p.b + j * k, c = p.c + j
            while bits.nonzeroBitCount >= 4 {
                let r0 = rows.lowerBound &+ bits.trailingZeroBitCount
                bits &= bits &- 1
                let r1 = rows.lowerBound &+ bits.trailingZeroBitCount
                bits &= bits &- 1
                let r2 = rows.lowerBound &+ bits.trailingZeroBitCount
                bits &= bits &- 1
                let r3 = rows.lowerBound &+ bits.trailingZeroBitCount
                bits &= bits &- 1
                dots4(b, p.a, k, r0, r1, r2, r3, c, n, p.accumulate)
            }
            while bits != 0 {
                let r = rows.lowerBound &+ bits.trailingZeroBitCount
                bits &= bits &- 1
                store(dot(p.a + r * k, b, k), c + r * n, p.accumulate)
            }
        }
    }

    /// The nonzero mask of `count` (< 16) values.
    @inline(__always)
    static func partialMask<T: KernelScalar>(_ p: UnsafePointer<T>, _ count: Int) -> UInt32 {
        var bits: UInt32 = 0
        for r in 0..<count { bits |= UInt32(Bits.nonzero(Bits.magnitude(p + r))) << r }
        return bits
    }

    /// C[r0…r3, j] = the dot products of row j of B (`b`) with rows r0…r3 of A, each in `dot`'s
    /// order: four accumulators over the blocks of k, then each finished alone.
    @inline(__always)
    static func dots4<T: KernelScalar>(
        _ b: UnsafePointer<T>, _ a: UnsafePointer<T>, _ k: Int, _ r0: Int, _ r1: Int, _ r2: Int, _ r3: Int,
        _ c: UnsafeMutablePointer<T>, _ n: Int, _ accumulate: Bool
    ) {
        let a0 = a + r0 * k, a1 = a + r1 * k, a2 = a + r2 * k, a3 = a + r3 * k
        var s0 = SIMD16<T>(), s1 = SIMD16<T>(), s2 = SIMD16<T>(), s3 = SIMD16<T>()
        var offset = 0
        for _ in 0..<(k / lanes) {
            let y = loadVector(b + offset)
            s0 = s0 + loadVector(a0 + offset) * y
            s1 = s1 + loadVector(a1 + offset) * y
            s2 = s2 + loadVector(a2 + offset) * y
            s3 = s3 + loadVector(a3 + offset) * y
            offset += lanes
        }
        let tail = k / lanes * lanes
        store(finish(s0, a0, b, tail, k), c + r0 * n, accumulate)
        store(finish(s1, a1, b, tail, k), c + r1 * n, accumulate)
        store(finish(s2, a2, b, tail, k), c + r2 * n, accumulate)
        store(finish(s3, a3, b, tail, k), c + r3 * n, accumulate)
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
}
