import Testing

@testable import Kernels

/// The one dispatch of generic chunk code to the kernel threads (`KernelThreads.run` with a
/// `KernelWork`), for Double (GEMMTests check Float): every chunk runs exactly once, so results on
/// two threads are the bits of the documented order. A chunk run twice would add its part of an
/// accumulating product, or its part of an Adam step, twice; a chunk left out would leave it out.
@Suite struct ParallelTests {
    /// A Double product through each algorithm that runs on the threads, cut into many chunks.
    @Test func doubleProductsOnTwoThreads() {
        var random = Random(seed: 21)
        let cases: [(shape: (Int, Int, Int), transposeB: Bool, accumulate: Bool)] = [
            ((37, 129, 200), false, true),  // packed tiles
            ((7, 33, 515), false, false),  // split sums (k ≥ 512, C written)
            ((16, 40, 64), true, true),  // dot products (A·Bᵀ, k ≥ 32 and k ≥ m)
        ]
        for (shape, transposeB, accumulate) in cases {
            let problem = RandomProblem<Double>(
                shape, transposeA: false, transposeB: transposeB, sparse: true, random: &random)
            let expected =
                transposeB
                ? problem.dotOrderedLoop(accumulate: accumulate)
                : accumulate ? problem.orderedLoop(accumulate: true) : problem.splitOrderedLoop()
            let configuration = GEMM.Configuration(
                wideVectors: 2, threads: 2, minimumParallelWork: 0, narrowProducts: false)
            let result = problem.run(accumulate: accumulate, configuration: configuration)
            #expect(result.map(\.bitPattern) == expected.map(\.bitPattern), "\(shape)")
        }
    }

    /// Double Adam over enough parameters to be cut into chunks for the threads: each element
    /// updated once, with the kernel's arithmetic in its order.
    @Test func doubleAdamOnTheThreads() {
        let n = 70_003
        #expect(10 * n >= KernelThreads.minimumParallelWork)
        var random = Random(seed: 22)
        let g = (0..<n).map { _ in random.signed() }
        var theta = (0..<n).map { _ in random.signed() }
        var m = (0..<n).map { _ in random.signed() * 0.1 }
        var v = (0..<n).map { _ in random.signed() * random.signed() }.map(abs)
        let (alpha, beta1, beta2, epsilon) = (1e-3, 0.9, 0.999, 1e-7)
        var expected = theta, expectedM = m, expectedV = v
        for i in 0..<n {
            expectedM[i] = beta1 * m[i] + (1 - beta1) * g[i]
            expectedV[i] = beta2 * v[i] + (1 - beta2) * (g[i] * g[i])
            expected[i] = theta[i] - alpha * expectedM[i] / (expectedV[i].squareRoot() + epsilon)
        }
        Double.adamUpdate(
            parameters: &theta, gradients: g, firstMoment: &m, secondMoment: &v, n: n, stepSize: alpha,
            beta1: beta1, beta2: beta2, epsilonHat: epsilon)
        #expect(theta.map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(m.map(\.bitPattern) == expectedM.map(\.bitPattern))
        #expect(v.map(\.bitPattern) == expectedV.map(\.bitPattern))
    }
}
