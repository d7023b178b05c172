// General matrix product C = op(A)·op(B) (+ C), row-major, for the three products of a dense
// layer: x·W (forward), dY·Wᵀ (input gradient) and xᵀ·dY (weight gradient), without ever
// materializing a transpose. This file is the entry point and the choice of algorithm; the
// shape alone chooses (never the threads), and each algorithm has its own file:
//
// - dot products of rows (DotProducts.swift): A·Bᵀ with k ≥ 32 and k ≥ m, a batch against a
//   weight matrix (dY·Wᵀ), with a mask on C only where it is needed (a ReLU output's gradient);
// - narrow products (NarrowProducts.swift): at most 16 columns and too little work for the
//   threads, a classifier's last layer;
// - split sums (SplitSums.swift): x·W with k ≥ 512, C written, in two halves of k, one per core;
// - packed tiles (PackedTiles.swift, packing in Packing.swift, micro-kernels in
//   MicroKernels.swift): every other product, skipping the steps where op(A) is zero.
//
// Sources/Kernels/README.md tells why each shape takes its algorithm, with the measurements.
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

    static func multiply<T: KernelScalar>(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<T>, b: UnsafePointer<T>, c: UnsafeMutablePointer<T>, accumulate: Bool,
        mask: UnsafePointer<T>? = nil
    ) {
        multiply(
            Problem(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, b: b, c: c,
                accumulate: accumulate, mask: mask),
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
        /// When given (m×n, row-major like C): C is needed only where the mask is not ±0. The dot
        /// products then compute only those elements and take the others' sums as 0 (C = 0, or C
        /// left as it is when accumulating); the other algorithms compute every element.
        let mask: UnsafePointer<T>?

        init(
            transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<T>, b: UnsafePointer<T>,
            c: UnsafeMutablePointer<T>, accumulate: Bool, lda: Int? = nil, mask: UnsafePointer<T>? = nil
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
            self.mask = mask
        }
    }

    /// C = op(A)·op(B) (+ C) by the algorithm for its shape (see the top of the file).
    static func multiply<T: KernelScalar>(_ problem: Problem<T>, _ configuration: Configuration) {
        guard problem.m > 0, problem.n > 0 else { return }
        if takesDots(problem) {
            multiplyByDots(problem, configuration)
            return
        }
        if configuration.narrowProducts && !problem.transposeB && problem.n <= lanes
            && 2 * problem.m * problem.n * problem.k < configuration.minimumParallelWork && multiplyNarrow(problem)
        {
            return
        }
        if splitsSum(problem) {
            multiplyInHalves(problem, configuration)
            return
        }
        multiplyByTiles(problem, configuration)
    }

    /// Part `index` of `parts` near-equal contiguous parts of 0..<units.
    @inline(__always)
    static func range(_ index: Int, of parts: Int, units: Int) -> Range<Int> {
        (units * index / parts)..<(units * (index + 1) / parts)
    }
}
