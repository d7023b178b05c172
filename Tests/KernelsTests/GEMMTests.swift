import Testing

@testable import Kernels

/// The GEMM against a naive reference in Double, on odd shapes, every transpose variant, with and
/// without accumulation; and the same bits whatever the tiles, the partition and the threads.
@Suite struct GEMMTests {
    /// m, n, k: the trivial, the odd, sizes around the SIMD width (16) and the wide panel (64),
    /// more than one strip of 16 rows, and the shapes of the tutorial model's products.
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (3, 5, 7), (1, 17, 3), (17, 1, 5), (4, 16, 1), (5, 33, 2), (16, 64, 16), (15, 65, 17),
        (33, 70, 9), (18, 130, 47), (2, 10, 128), (32, 10, 128), (128, 10, 32), (32, 128, 10),
        (37, 129, 200),
    ]

    static let variants: [(Bool, Bool)] = [(false, false), (true, false), (false, true), (true, true)]

    @Test(arguments: shapes)
    func floatAgainstReference(shape: (Int, Int, Int)) {
        var random = Random(seed: UInt64(shape.0 * 1000 + shape.1 * 10 + shape.2))
        for (transposeA, transposeB) in Self.variants {
            for accumulate in [false, true] {
                for sparse in [false, true] {
                    let problem = RandomProblem<Float>(
                        shape, transposeA: transposeA, transposeB: transposeB, sparse: sparse, random: &random)
                    let result = problem.run(accumulate: accumulate)
                    problem.expectClose(result, accumulate: accumulate, tolerance: 1e-5)
                }
            }
        }
    }

    @Test(arguments: shapes)
    func doubleAgainstReference(shape: (Int, Int, Int)) {
        var random = Random(seed: UInt64(shape.0 * 999 + shape.1 * 7 + shape.2))
        for (transposeA, transposeB) in Self.variants {
            for accumulate in [false, true] {
                let problem = RandomProblem<Double>(
                    shape, transposeA: transposeA, transposeB: transposeB, sparse: true, random: &random)
                let result = problem.run(accumulate: accumulate)
                problem.expectClose(result, accumulate: accumulate, tolerance: 1e-12)
            }
        }
    }

    /// Every tile width, single or 4-row tiles, one or several chunks on one or two threads: the
    /// same bits, equal to a scalar loop that sums in the documented order (for A·Bᵀ with k ≥ 32,
    /// the dot products' order).
    @Test(arguments: [
        (37, 129, 200), (32, 128, 784), (64, 10, 32), (200, 40, 13), (7, 33, 515), (32, 10, 128), (13, 16, 9), (128, 1, 32),
    ] as [(Int, Int, Int)])
    func sameBitsWhateverTilesAndThreads(shape: (Int, Int, Int)) {
        var random = Random(seed: 7)
        for (transposeA, transposeB) in Self.variants {
            for accumulate in [false, true] {
                let problem = RandomProblem<Float>(
                    shape, transposeA: transposeA, transposeB: transposeB, sparse: true, random: &random)
                let expected =
                    transposeB && !transposeA && shape.2 >= GEMM.dotMinimumK && shape.2 >= shape.0
                    ? problem.dotOrderedLoop(accumulate: accumulate)
                    : !transposeA && !transposeB && !accumulate && shape.2 >= GEMM.splitMinimumK
                    ? problem.splitOrderedLoop() : problem.orderedLoop(accumulate: accumulate)
                // The narrow path (n ≤ 16) runs when the product is small enough for one thread.
                let narrow = problem.run(accumulate: accumulate, configuration: GEMM.Configuration(
                    wideVectors: 4, minimumParallelWork: .max))
                #expect(narrow.map(\.bitPattern) == expected.map(\.bitPattern), "\(shape) narrow")
                for wideVectors in [1, 2, 4] {
                    for groupRows in [2, 4] {
                        for threads in [1, 2] {
                            let configuration = GEMM.Configuration(
                                wideVectors: wideVectors, groupRows: groupRows, threads: threads,
                                minimumParallelWork: 0, narrowProducts: false)
                            let result = problem.run(accumulate: accumulate, configuration: configuration)
                            #expect(
                                result.map(\.bitPattern) == expected.map(\.bitPattern),
                                "\(shape) tA \(transposeA) tB \(transposeB) acc \(accumulate) width \(wideVectors) rows \(groupRows) threads \(threads)"
                            )
                        }
                    }
                }
            }
        }
    }

    /// A product with a mask on C (the gradient of a ReLU's output): where the mask is not ±0
    /// (a NaN counts), the same bits as without it; elsewhere, for A·Bᵀ as dot products, 0 or C
    /// as it was (accumulating), and every element for the other shapes, which skip nothing.
    @Test(arguments: [(32, 512, 256), (7, 37, 40), (3, 20, 33), (40, 18, 35), (5, 9, 7), (32, 10, 128)] as [(Int, Int, Int)])
    func maskedProductsKeepTheNeededElements(shape: (Int, Int, Int)) {
        var random = Random(seed: 11)
        let (m, n, k) = shape
        // About half zero, in runs, with −0 (not needed) and NaN (needed) among them.
        let mask: [Float] = (0..<(m * n)).map { i in
            switch random.next() % 16 {
            case 0: return -0.0
            case 1: return .nan
            default: return (i / 5) % 2 == 0 ? 0 : Float(random.signed())
            }
        }
        for (transposeA, transposeB) in Self.variants {
            for accumulate in [false, true] {
                let problem = RandomProblem<Float>(
                    shape, transposeA: transposeA, transposeB: transposeB, sparse: true, random: &random)
                let whole = problem.run(accumulate: accumulate)
                let skips = transposeB && !transposeA && k >= GEMM.dotMinimumK && k >= m
                for threads in [1, 2] {
                    for minimumParallelWork in [0, Int.max] {
                        let configuration = GEMM.Configuration(
                            wideVectors: 4, threads: threads, minimumParallelWork: minimumParallelWork)
                        let masked = problem.run(accumulate: accumulate, configuration: configuration, mask: mask)
                        for e in 0..<(m * n) {
                            let needed = mask[e].isNaN || mask[e] != 0
                            let expected = needed || !skips ? whole[e] : accumulate ? problem.c[e] : 0
                            #expect(
                                masked[e].bitPattern == expected.bitPattern,
                                "\(shape) tA \(transposeA) tB \(transposeB) acc \(accumulate) threads \(threads) element \(e)")
                            if masked[e].bitPattern != expected.bitPattern { return }
                        }
                    }
                }
            }
        }
    }

    /// Zero entries of op(A) are skipped: an infinity in B met only by zeros does not poison C,
    /// and a NaN in A still reaches C.
    @Test func zerosAreSkippedButNaNPropagates() {
        let a: [Float] = [0, 2, 0, Float.nan]  // 2×2
        let b: [Float] = [Float.infinity, 1, 3, 4]  // 2×2
        var c = [Float](repeating: 0, count: 4)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    Float.gemm(
                        transposeA: false, transposeB: false, m: 2, n: 2, k: 2, a: a.baseAddress!,
                        b: b.baseAddress!, c: c.baseAddress!, accumulate: false)
                }
            }
        }
        #expect(c[0] == 6 && c[1] == 8)
        #expect(c[2].isNaN && c[3].isNaN)
    }
}

/// A seeded generator for test data (SplitMix64).
struct Random {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [-1, 1).
    mutating func signed() -> Double { Double(next() >> 11) * 0x1p-52 - 1 }
}

/// Operands of one product, stored as the transpose flags say.
struct RandomProblem<T: KernelScalar> {
    let m: Int, n: Int, k: Int
    let transposeA: Bool, transposeB: Bool
    let a: [T], b: [T], c: [T]

    init(_ shape: (Int, Int, Int), transposeA: Bool, transposeB: Bool, sparse: Bool, random: inout Random) {
        (m, n, k) = shape
        self.transposeA = transposeA
        self.transposeB = transposeB
        // Sparse A: about 70% zeros, in runs, as in images and ReLU outputs.
        a = (0..<(m * k)).map { i in
            if sparse && (i / 3) % 10 < 7 { return 0 }
            return T(random.signed())
        }
        b = (0..<(k * n)).map { _ in T(random.signed()) }
        c = (0..<(m * n)).map { _ in T(random.signed()) }
    }

    func opA(_ i: Int, _ p: Int) -> T { transposeA ? a[p * m + i] : a[i * k + p] }
    func opB(_ p: Int, _ j: Int) -> T { transposeB ? b[j * k + p] : b[p * n + j] }

    func run(accumulate: Bool, configuration: GEMM.Configuration? = nil, mask: [T]? = nil) -> [T] {
        var out = c
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { out in
                    if let configuration {
                        (mask ?? []).withUnsafeBufferPointer { mask in
                            GEMM.multiply(
                                GEMM.Problem(
                                    transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a.baseAddress!,
                                    b: b.baseAddress!, c: out.baseAddress!, accumulate: accumulate,
                                    mask: mask.isEmpty ? nil : mask.baseAddress!),
                                configuration)
                        }
                    } else {
                        T.gemm(
                            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a.baseAddress!,
                            b: b.baseAddress!, c: out.baseAddress!, accumulate: accumulate)
                    }
                }
            }
        }
        return out
    }

    /// Every element within `tolerance` of the Double reference, relative to the scale of its
    /// sum (Σ|a·b| plus |C| when accumulating), which bounds the rounding error of any order.
    func expectClose(_ result: [T], accumulate: Bool, tolerance: Double) {
        var worst = 0.0
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0, scale = 0.0
                for p in 0..<k {
                    let term = Double(opA(i, p)) * Double(opB(p, j))
                    sum += term
                    scale += abs(term)
                }
                if accumulate {
                    sum += Double(c[i * n + j])
                    scale += abs(Double(c[i * n + j]))
                }
                worst = max(worst, abs(Double(result[i * n + j]) - sum) / max(scale, 1e-30))
            }
        }
        #expect(worst <= tolerance, "\(m)×\(n)×\(k) tA \(transposeA) tB \(transposeB) acc \(accumulate): \(worst)")
    }

    /// The documented order in plain scalar code: acc = 0; acc += a·b over nonzero a in
    /// increasing p; C = acc or C + acc (C unchanged when no term).
    func orderedLoop(accumulate: Bool) -> [T] {
        var out = c
        for i in 0..<m {
            for j in 0..<n {
                var acc: T = 0
                var terms = 0
                for p in 0..<k where opA(i, p) != 0 {
                    acc = acc + opA(i, p) * opB(p, j)
                    terms += 1
                }
                if accumulate {
                    if terms > 0 { out[i * n + j] = out[i * n + j] + acc }
                } else {
                    out[i * n + j] = acc
                }
            }
        }
        return out
    }

    /// The order of a split sum (x·W with k ≥ GEMM.splitMinimumK): each half of k summed in
    /// the order of `orderedLoop`, then C = first half + second half.
    func splitOrderedLoop() -> [T] {
        var out = c
        let half = k / 2
        for i in 0..<m {
            for j in 0..<n {
                var first: T = 0, second: T = 0
                for p in 0..<half where opA(i, p) != 0 { first = first + opA(i, p) * opB(p, j) }
                for p in half..<k where opA(i, p) != 0 { second = second + opA(i, p) * opB(p, j) }
                out[i * n + j] = first + second
            }
        }
        return out
    }

    /// The order of A·Bᵀ as dot products: 16 lane sums over whole blocks of 16 steps, added
    /// pairwise (l and l+8, l and l+4, l and l+2, l and l+1), then the rest one by one.
    func dotOrderedLoop(accumulate: Bool) -> [T] {
        var out = c
        let blocks = k / 16
        for i in 0..<m {
            for j in 0..<n {
                var lanes = [T](repeating: 0, count: 16)
                for block in 0..<blocks {
                    for l in 0..<16 { lanes[l] = lanes[l] + opA(i, block * 16 + l) * opB(block * 16 + l, j) }
                }
                var width = 8
                while width >= 1 {
                    for l in 0..<width { lanes[l] = lanes[l] + lanes[l + width] }
                    width /= 2
                }
                var sum = lanes[0]
                for p in (blocks * 16)..<k { sum = sum + opA(i, p) * opB(p, j) }
                out[i * n + j] = accumulate ? out[i * n + j] + sum : sum
            }
        }
        return out
    }
}
