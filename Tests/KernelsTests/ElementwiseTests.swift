import Testing

@testable import Kernels

/// The elementwise and reduction kernels a training step runs, against plain Double loops, on
/// sizes around the vector width and past the parallel threshold; and the parallel paths against
/// the serial ones, bit for bit.
@Suite(.serialized) struct ElementwiseTests {
    static let sizes = [1, 15, 16, 17, 33, 100, 70_003]

    static func values(_ n: Int, seed: UInt64, zeros: Bool = false) -> [Float] {
        var random = Random(seed: seed)
        return (0..<n).map { i in zeros && i % 3 == 0 ? 0 : Float(random.signed()) }
    }

    /// Runs `body` with the kernels forced serial, then forced parallel at every size.
    static func serialAndParallel<R>(_ body: () -> R) -> (serial: R, parallel: R) {
        let threads = KernelThreads.count, work = KernelThreads.minimumParallelWork
        defer {
            KernelThreads.count = threads
            KernelThreads.minimumParallelWork = work
        }
        KernelThreads.count = 1
        let serial = body()
        KernelThreads.count = 2
        KernelThreads.minimumParallelWork = 0
        return (serial, body())
    }

    @Test(arguments: sizes)
    func reluAndItsBackward(n: Int) {
        let x = Self.values(n, seed: 1, zeros: true), dy = Self.values(n, seed: 2)
        var y = [Float](repeating: 9, count: n), dx = Self.values(n, seed: 3)
        let dx0 = dx
        Float.relu(x, &y, n)
        Float.reluBackward(x, dy, &dx, n)
        for i in 0..<n {
            #expect(y[i] == max(x[i], 0))
            #expect(dx[i] == dx0[i] + (x[i] > 0 ? dy[i] : 0))
        }
    }

    @Test(arguments: [(1, 1), (3, 17), (32, 128), (5, 10)] as [(Int, Int)])
    func biasRowAndColumnSums(m: Int, n: Int) {
        let x = Self.values(m * n, seed: 4), row = Self.values(n, seed: 5)
        var y = [Float](repeating: 0, count: m * n), sums = Self.values(n, seed: 6)
        let sums0 = sums
        Float.addRow(x, row, &y, m: m, n: n)
        Float.sumColumnsAccumulate(x, &sums, m: m, n: n)
        for i in 0..<m {
            for j in 0..<n { #expect(y[i * n + j] == x[i * n + j] + row[j]) }
        }
        for j in 0..<n {
            var reference = Double(sums0[j])
            for i in 0..<m { reference += Double(x[i * n + j]) }
            #expect(abs(Double(sums[j]) - reference) <= 1e-5 * max(1, abs(reference)) * Double(m))
        }
    }

    @Test(arguments: [(1, 1), (3, 7), (32, 10), (7, 33)] as [(Int, Int)])
    func softmaxCrossEntropy(m: Int, n: Int) {
        let logits = Self.values(m * n, seed: 7).map { $0 * 8 }
        let labels = (0..<m).map { Int32($0 * 7 % n) }
        var p = [Float](repeating: 0, count: m * n)
        let loss = Float.softmaxCrossEntropy(logits, labels: labels, probabilities: &p, m: m, n: n)!
        var reference = 0.0
        for i in 0..<m {
            let row = (0..<n).map { Double(logits[i * n + $0]) }
            let top = row.max()!
            let total = row.reduce(0) { $0 + _exp($1 - top) }
            for j in 0..<n {
                #expect(abs(Double(p[i * n + j]) - _exp(row[j] - top) / total) <= 1e-6)
            }
            reference += _log(total) - (row[Int(labels[i])] - top)
        }
        reference /= Double(m)
        #expect(abs(Double(loss) - reference) <= 1e-5 * max(1, abs(reference)))
    }

    /// Adam against the Keras formula in Double, and the parallel blocks against one pass.
    @Test(arguments: sizes)
    func adam(n: Int) {
        let g = Self.values(n, seed: 8, zeros: true)
        let start = (Self.values(n, seed: 9), Self.values(n, seed: 10).map { $0 * 0.1 }, Self.values(n, seed: 11).map { $0 * $0 })
        let (alpha, beta1, beta2, epsilon): (Float, Float, Float, Float) = (1e-3, 0.9, 0.999, 1e-7)
        func run() -> ([Float], [Float], [Float]) {
            var (theta, m, v) = start
            Float.adamUpdate(
                parameters: &theta, gradients: g, firstMoment: &m, secondMoment: &v, n: n, stepSize: alpha,
                beta1: beta1, beta2: beta2, epsilonHat: epsilon)
            return (theta, m, v)
        }
        let (serial, parallel) = Self.serialAndParallel(run)
        #expect(serial.0.map(\.bitPattern) == parallel.0.map(\.bitPattern))
        #expect(serial.1.map(\.bitPattern) == parallel.1.map(\.bitPattern))
        #expect(serial.2.map(\.bitPattern) == parallel.2.map(\.bitPattern))
        // Within 1e-6 of each sum's scale (the size of its terms, which bounds Float rounding),
        // with the kernel's Float constants (1 − β2 in Float is 0.00099998713, not 0.001).
        let (b1, c1) = (Double(beta1), Double(1 - beta1)), (b2, c2) = (Double(beta2), Double(1 - beta2))
        let (a, e) = (Double(alpha), Double(epsilon))
        for i in 0..<n {
            let m = b1 * Double(start.1[i]) + c1 * Double(g[i])
            let v = b2 * Double(start.2[i]) + c2 * Double(g[i]) * Double(g[i])
            let step = a * m / (v.squareRoot() + e)
            let theta = Double(start.0[i]) - step
            let mScale = b1 * abs(Double(start.1[i])) + c1 * abs(Double(g[i]))
            #expect(abs(Double(serial.1[i]) - m) <= 1e-6 * max(mScale, 1e-30))
            #expect(abs(Double(serial.2[i]) - v) <= 1e-6 * max(v, 1e-30))
            #expect(abs(Double(serial.0[i]) - theta) <= 1e-6 * (abs(Double(start.0[i])) + a * mScale / (v.squareRoot() + e)))
        }
    }

    @Test(arguments: sizes)
    func fillAndConvert(n: Int) {
        var random = Random(seed: 12)
        let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        func run() -> ([Float], [Double]) {
            var filled = [Float](repeating: 1, count: n), converted = [Double](repeating: 0, count: n)
            Float.fill(&filled, 0.5, n)
            Double.convert(bytes, scale: 1.0 / 255, &converted, n)
            return (filled, converted)
        }
        let (serial, parallel) = Self.serialAndParallel(run)
        #expect(serial.0 == [Float](repeating: 0.5, count: n))
        #expect(serial.1 == bytes.map { Double($0) * (1.0 / 255) })
        #expect(parallel.0 == serial.0 && parallel.1 == serial.1)
    }

    /// A shuffled batch gathered from a byte matrix, as the trainer feeds it.
    @Test(arguments: [(1, 5), (3, 784), (32, 784), (200, 17)] as [(Int, Int)])
    func convertRows(count: Int, width: Int) {
        let images = 300
        var random = Random(seed: 13)
        let bytes = (0..<(images * width)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let rows = (0..<count).map { _ in Int(random.next() % UInt64(images)) }
        func run() -> [Float] {
            var y = [Float](repeating: -1, count: count * width)
            Float.convertRows(bytes, rows: rows, count: count, width: width, scale: 1 / 255, &y)
            return y
        }
        let (serial, parallel) = Self.serialAndParallel(run)
        for r in 0..<count {
            for j in 0..<width { #expect(serial[r * width + j] == Float(bytes[rows[r] * width + j]) * (1 / 255)) }
        }
        #expect(parallel == serial)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private func _exp(_ x: Double) -> Double { exp(x) }
private func _log(_ x: Double) -> Double { log(x) }
