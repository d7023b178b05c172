// Reductions, transposes and the row-wise softmax family. Every reduction runs in one fixed order
// (lane-wise partial sums, then the lanes in index order), so a result never depends on threads.

enum Reductions {
    @inline(__always)
    static func sum<T: KernelScalar>(_ x: UnsafePointer<T>, _ n: Int) -> T {
        var acc = Vector<T>(repeating: 0)
        var i = 0
        while i + lanes <= n {
            acc += loadVector(x + i)
            i += lanes
        }
        var total: T = 0
        for l in 0..<lanes { total += acc[l] }
        while i < n {
            total += x[i]
            i += 1
        }
        return total
    }

    @inline(__always)
    static func dot<T: KernelScalar>(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ n: Int) -> T {
        var acc = Vector<T>(repeating: 0)
        var i = 0
        while i + lanes <= n {
            acc += loadVector(a + i) * loadVector(b + i)
            i += lanes
        }
        var total: T = 0
        for l in 0..<lanes { total += acc[l] }
        while i < n {
            total += a[i] * b[i]
            i += 1
        }
        return total
    }

    @inline(__always)
    static func sumColumnsAccumulate<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, m: Int, n: Int) {
        for i in 0..<m { Elementwise.add(y, x + i * n, y, n) }
    }

    @inline(__always)
    static func sumRowsAccumulate<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, m: Int, n: Int) {
        for i in 0..<m { y[i] += sum(x + i * n, n) }
    }

    @inline(__always)
    static func transpose<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, m: Int, n: Int, accumulate: Bool) {
        // Tiles of 8×8 keep both the reads and the writes within a few cache lines.
        let tile = 8
        var i0 = 0
        while i0 < m {
            let i1 = Swift.min(i0 + tile, m)
            var j0 = 0
            while j0 < n {
                let j1 = Swift.min(j0 + tile, n)
                for i in i0..<i1 {
                    for j in j0..<j1 {
                        if accumulate { y[j * m + i] += x[i * n + j] } else { y[j * m + i] = x[i * n + j] }
                    }
                }
                j0 = j1
            }
            i0 = i1
        }
    }

    @inline(__always)
    static func rowMaximum<T: KernelScalar>(_ x: UnsafePointer<T>, _ n: Int) -> T {
        var best = x[0]
        for j in 1..<Swift.max(n, 1) where x[j] > best { best = x[j] }
        return best
    }

    /// One row of softmax: out = exp(row − max) / Σ exp(row − max). Returns the max and the sum,
    /// from which log-softmax follows without taking the log of an underflowed probability.
    @inline(__always)
    static func softmaxRow<T: KernelScalar>(_ row: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ n: Int) -> (top: T, total: T) {
        let top = rowMaximum(row, n)
        var total: T = 0
        for j in 0..<n {
            let e = T.exp(row[j] - top)
            out[j] = e
            total += e
        }
        let inverse = 1 / total
        for j in 0..<n { out[j] *= inverse }
        return (top, total)
    }

    @inline(__always)
    static func softmaxRows<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, m: Int, n: Int) {
        guard n > 0 else { return }
        for i in 0..<m { _ = softmaxRow(x + i * n, y + i * n, n) }
    }

    @inline(__always)
    static func logSoftmaxRows<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, m: Int, n: Int) {
        guard n > 0 else { return }
        for i in 0..<m {
            let row = x + i * n, out = y + i * n
            let top = rowMaximum(row, n)
            var total: T = 0
            for j in 0..<n { total += T.exp(row[j] - top) }
            let logTotal = T.log(total)
            for j in 0..<n { out[j] = row[j] - top - logTotal }
        }
    }

    @inline(__always)
    static func softmaxCrossEntropy<T: KernelScalar>(
        _ logits: UnsafePointer<T>, labels: UnsafePointer<Int32>, probabilities p: UnsafeMutablePointer<T>, m: Int, n: Int
    ) -> T? {
        guard m > 0, n > 0 else { return 0 }
        var loss: T = 0
        for i in 0..<m {
            let label = Int(labels[i])
            guard label >= 0, label < n else { return nil }
            let row = logits + i * n
            let (top, total) = softmaxRow(row, p + i * n, n)
            // −log p[label] from the log-softmax form, exact even when p[label] underflows to 0.
            loss += T.log(total) - (row[label] - top)
        }
        return loss / T(m)
    }
}
