// Elementwise loops: SIMD over 16 lanes, then a scalar tail. Generic here, specialized for Float
// and Double by the conformances in Conformances.swift.

@usableFromInline typealias Vector<T: SIMDScalar> = SIMD16<T>
@usableFromInline let lanes = 16

@inline(__always)
func loadVector<T: KernelScalar>(_ p: UnsafePointer<T>) -> Vector<T> {
    UnsafeRawPointer(p).loadUnaligned(as: Vector<T>.self)
}

@inline(__always)
func storeVector<T: KernelScalar>(_ v: Vector<T>, _ p: UnsafeMutablePointer<T>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector<T>.self)
}

/// y[i] = f(a[i], b[i]) with a vector body and a scalar tail.
@inline(__always)
func zipMap<T: KernelScalar>(
    _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int,
    _ vector: (Vector<T>, Vector<T>) -> Vector<T>, _ scalar: (T, T) -> T
) {
    var i = 0
    while i + lanes <= n {
        storeVector(vector(loadVector(a + i), loadVector(b + i)), y + i)
        i += lanes
    }
    while i < n {
        y[i] = scalar(a[i], b[i])
        i += 1
    }
}

/// y[i] = f(x[i]) with a vector body and a scalar tail.
@inline(__always)
func map<T: KernelScalar>(
    _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int,
    _ vector: (Vector<T>) -> Vector<T>, _ scalar: (T) -> T
) {
    var i = 0
    while i + lanes <= n {
        storeVector(vector(loadVector(x + i)), y + i)
        i += lanes
    }
    while i < n {
        y[i] = scalar(x[i])
        i += 1
    }
}

/// y[i] += f(a[i], b[i])
@inline(__always)
func zipAccumulate<T: KernelScalar>(
    _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int,
    _ vector: (Vector<T>, Vector<T>) -> Vector<T>, _ scalar: (T, T) -> T
) {
    var i = 0
    while i + lanes <= n {
        storeVector(loadVector(y + i) + vector(loadVector(a + i), loadVector(b + i)), y + i)
        i += lanes
    }
    while i < n {
        y[i] += scalar(a[i], b[i])
        i += 1
    }
}

enum Elementwise {
    /// Fills, on the kernel threads when the buffer is large (a layer's weight gradient, zeroed
    /// before every backward pass, is 400 KB in the tutorial's model).
    @inline(__always)
    static func fill<T: KernelScalar>(_ y: UnsafeMutablePointer<T>, _ value: T, _ n: Int) {
        let chunks = RangeWork<T>.chunks(count: n, cost: 8)
        if chunks <= 1 {
            y.update(repeating: value, count: n)
        } else {
            let work = RangeWork(.fill, count: n, chunks: chunks, output: y, value: value)
            withUnsafePointer(to: work) { KernelThreads.run(chunks: chunks, .range($0)) }
        }
    }

    @inline(__always)
    static func copy<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
        if UnsafePointer(y) != x { y.update(from: x, count: n) }
    }

    @inline(__always)
    static func add<T: KernelScalar>(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
        zipMap(a, b, y, n, { $0 + $1 }, { $0 + $1 })
    }

    @inline(__always)
    static func subtract<T: KernelScalar>(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
        zipMap(a, b, y, n, { $0 - $1 }, { $0 - $1 })
    }

    @inline(__always)
    static func multiply<T: KernelScalar>(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
        zipMap(a, b, y, n, { $0 * $1 }, { $0 * $1 })
    }

    @inline(__always)
    static func axpy<T: KernelScalar>(_ alpha: T, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
        let va = Vector<T>(repeating: alpha)
        var i = 0
        while i + lanes <= n {
            storeVector(loadVector(y + i) + va * loadVector(x + i), y + i)
            i += lanes
        }
        while i < n {
            y[i] += alpha * x[i]
            i += 1
        }
    }

    @inline(__always)
    static func multiplyAccumulate<T: KernelScalar>(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
        zipAccumulate(a, b, y, n, { $0 * $1 }, { $0 * $1 })
    }

    @inline(__always)
    static func scale<T: KernelScalar>(_ x: UnsafePointer<T>, _ alpha: T, _ y: UnsafeMutablePointer<T>, _ n: Int) {
        let va = Vector<T>(repeating: alpha)
        map(x, y, n, { $0 * va }, { $0 * alpha })
    }

    @inline(__always)
    static func addRow<T: KernelScalar>(_ x: UnsafePointer<T>, _ row: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, m: Int, n: Int) {
        for i in 0..<m { add(x + i * n, row, y + i * n, n) }
    }

    // ReLU and its backward as plain loops: LLVM vectorizes `x > 0 ? x : 0` into one max per
    // vector, while the SIMD16 spelling with `.<` and `replacing(with:where:)` builds its mask
    // lane by lane, many times slower.
    @inline(__always)
    static func relu<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
        for i in 0..<n {
            let v = x[i]
            y[i] = v > 0 ? v : 0
        }
    }

    @inline(__always)
    static func reluBackward<T: KernelScalar>(_ x: UnsafePointer<T>, _ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, _ n: Int) {
        for i in 0..<n { dx[i] = dx[i] + (x[i] > 0 ? dy[i] : 0) }
    }

    @inline(__always)
    static func sigmoid<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
        for i in 0..<n { y[i] = logistic(x[i]) }
    }

    /// σ(x) written so that neither branch overflows: for x < 0, e^x / (1 + e^x).
    @inline(__always)
    static func logistic<T: KernelScalar>(_ x: T) -> T {
        if x >= 0 {
            return 1 / (1 + T.exp(-x))
        }
        let e = T.exp(x)
        return e / (1 + e)
    }

    @inline(__always)
    static func sigmoidBackward<T: KernelScalar>(_ y: UnsafePointer<T>, _ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, _ n: Int) {
        zipAccumulate(y, dy, dx, n, { y, g in g * y * (1 - y) }, { y, g in g * y * (1 - y) })
    }

    @inline(__always)
    static func tanh<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
        for i in 0..<n { y[i] = T.tanh(x[i]) }
    }

    @inline(__always)
    static func tanhBackward<T: KernelScalar>(_ y: UnsafePointer<T>, _ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, _ n: Int) {
        zipAccumulate(y, dy, dx, n, { y, g in g * (1 - y * y) }, { y, g in g * (1 - y * y) })
    }

    @inline(__always)
    static func exp<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
        for i in 0..<n { y[i] = T.exp(x[i]) }
    }

    @inline(__always)
    static func log<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
        for i in 0..<n { y[i] = T.log(x[i]) }
    }

    @inline(__always)
    static func logBackward<T: KernelScalar>(_ x: UnsafePointer<T>, _ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, _ n: Int) {
        zipAccumulate(x, dy, dx, n, { x, g in g / x }, { x, g in g / x })
    }

    @inline(__always)
    static func convert<T: KernelScalar>(_ bytes: UnsafePointer<UInt8>, scale: T, _ y: UnsafeMutablePointer<T>, _ n: Int) {
        let chunks = RangeWork<T>.chunks(count: n, cost: 8)
        if chunks <= 1 {
            convertBlock(bytes, scale: scale, y, n)
        } else {
            let work = RangeWork(.convert, count: n, chunks: chunks, output: y, value: scale, bytes: bytes)
            withUnsafePointer(to: work) { KernelThreads.run(chunks: chunks, .range($0)) }
        }
    }

    @inline(__always)
    static func convertBlock<T: KernelScalar>(_ bytes: UnsafePointer<UInt8>, scale: T, _ y: UnsafeMutablePointer<T>, _ n: Int) {
        for i in 0..<n { y[i] = T(bytes[i]) * scale }
    }

    /// Row r of y (`width` values) = row rows[r] of the byte matrix `bytes` · scale, for r in
    /// 0..<count: a shuffled batch of images gathered and converted. The rows are scattered over
    /// tens of megabytes, so the time goes to cache misses, which two cores overlap twice as well.
    @inline(__always)
    static func convertRows<T: KernelScalar>(
        _ bytes: UnsafePointer<UInt8>, rows: UnsafePointer<Int>, count: Int, width: Int, scale: T,
        _ y: UnsafeMutablePointer<T>
    ) {
        let chunks = min(count, RangeWork<T>.chunks(count: count * width, cost: 32))
        if chunks <= 1 {
            touchRows(bytes, rows: rows, count: count, width: width)
            for r in 0..<count { convertBlock(bytes + rows[r] * width, scale: scale, y + r * width, width) }
        } else {
            let work = RangeWork(
                .convertRows, count: count, chunks: chunks, output: y, value: scale, bytes: bytes, rows: rows, width: width)
            withUnsafePointer(to: work) { KernelThreads.run(chunks: chunks, .range($0)) }
        }
    }
}

extension Elementwise {
    /// Reads one byte of every cache line of the rows first: the loads are independent, so the
    /// processor has dozens of misses in flight at once, where the conversion loop, image after
    /// image, waits for a few at a time. (Swift has no prefetch instruction; this is one by hand.)
    @inline(__always)
    static func touchRows(_ bytes: UnsafePointer<UInt8>, rows: UnsafePointer<Int>, count: Int, width: Int) {
        var sink: UInt8 = 0
        for r in 0..<count {
            let row = bytes + rows[r] * width
            for offset in stride(from: 0, to: width, by: 64) { sink ^= row[offset] }
        }
        touched = sink  // keeps the loads
    }

    nonisolated(unsafe) static var touched: UInt8 = 0
}

/// The parallel elementwise kernels' work: contiguous parts of one buffer (or of its rows).
struct RangeWork<T: KernelScalar> {
    enum Operation { case fill, convert, convertRows }
    let operation: Operation
    /// Elements (rows for `convertRows`) in all, and the chunks they are cut into (whole vectors).
    let count: Int, chunks: Int
    let output: UnsafeMutablePointer<T>
    /// The fill value or the conversion's scale.
    let value: T
    let bytes: UnsafePointer<UInt8>?, rows: UnsafePointer<Int>?, width: Int

    init(
        _ operation: Operation, count: Int, chunks: Int, output: UnsafeMutablePointer<T>, value: T,
        bytes: UnsafePointer<UInt8>? = nil, rows: UnsafePointer<Int>? = nil, width: Int = 0
    ) {
        self.operation = operation
        self.count = count
        self.chunks = chunks
        self.output = output
        self.value = value
        self.bytes = bytes
        self.rows = rows
        self.width = width
    }

    /// Chunks for `count` elements of work `cost` each (in the units of
    /// `KernelThreads.minimumParallelWork`): one when small.
    static func chunks(count: Int, cost: Int) -> Int {
        count * cost < KernelThreads.minimumParallelWork ? 1 : min(KernelThreads.parallelParts, max(1, count / lanes))
    }

    func run(chunk: Int) {
        let y = output
        switch operation {
        case .fill, .convert:
            // Contiguous parts in whole vectors.
            let vectors = (count + lanes - 1) / lanes
            let part = GEMM.range(chunk, of: chunks, units: vectors)
            let start = part.lowerBound * lanes, end = min(part.upperBound * lanes, count)
            if operation == .fill {
                (y + start).update(repeating: value, count: end - start)
            } else {
                Elementwise.convertBlock(bytes! + start, scale: value, y + start, end - start)
            }
        case .convertRows:
            let part = GEMM.range(chunk, of: chunks, units: count)
            Elementwise.touchRows(bytes!, rows: rows! + part.lowerBound, count: part.count, width: width)
            for r in part {
                Elementwise.convertBlock(bytes! + rows![r] * width, scale: value, y + r * width, width)
            }
        }
    }
}
