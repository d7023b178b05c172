// The kernel table, written out for Float and for Double: each requirement forwards to its
// generic implementation (GEMM/, Elementwise.swift, Reductions.swift, Optimizers.swift), which
// the optimizer specializes here, in this module, for the concrete type and this module's target
// CPU.
//
// Why not once, as a protocol extension's default: a generic caller reaches a default through the
// witness table, which is specialized, but a call on the concrete type from another module
// (`Float.convert(...)` in the training loop) binds straight to the default's *unspecialized*
// generic body, where every element goes through protocol witnesses (Sources/Kernels/README.md
// has what that cost). Concrete members leave no such path.

extension Float {
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, accumulate: Bool) {
        GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, b: b, c: c, accumulate: accumulate)
    }

    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, accumulate: Bool, onlyWhereNonzero mask: UnsafePointer<Float>?) {
        GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, b: b, c: c, accumulate: accumulate, mask: mask)
    }

    public static func fill(_ y: UnsafeMutablePointer<Float>, _ value: Float, _ n: Int) {
        Elementwise.fill(y, value, n)
    }

    public static func copy(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        Elementwise.copy(x, y, n)
    }

    public static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        Elementwise.add(a, b, y, n)
    }

    public static func subtract(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        Elementwise.subtract(a, b, y, n)
    }

    public static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        Elementwise.multiply(a, b, y, n)
    }

    public static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        Elementwise.axpy(alpha, x, y, n)
    }

    public static func multiplyAccumulate(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        Elementwise.multiplyAccumulate(a, b, y, n)
    }

    public static func scale(_ x: UnsafePointer<Float>, _ alpha: Float, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        Elementwise.scale(x, alpha, y, n)
    }

    public static func addRow(_ x: UnsafePointer<Float>, _ row: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, m: Int, n: Int) {
        Elementwise.addRow(x, row, y, m: m, n: n)
    }

    public static func sumColumnsAccumulate(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, m: Int, n: Int) {
        Reductions.sumColumnsAccumulate(x, y, m: m, n: n)
    }

    public static func sumRowsAccumulate(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, m: Int, n: Int) {
        Reductions.sumRowsAccumulate(x, y, m: m, n: n)
    }

    public static func sum(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
        Reductions.sum(x, n)
    }

    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        Reductions.dot(a, b, n)
    }

    public static func transpose(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, m: Int, n: Int) {
        Reductions.transpose(x, y, m: m, n: n, accumulate: false)
    }

    public static func transposeAccumulate(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, m: Int, n: Int) {
        Reductions.transpose(x, y, m: m, n: n, accumulate: true)
    }

    public static func relu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        Elementwise.relu(x, y, n)
    }

    public static func reluBackward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ n: Int) {
        Elementwise.reluBackward(x, dy, dx, n)
    }

    public static func sigmoid(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        Elementwise.sigmoid(x, y, n)
    }

    public static func sigmoidBackward(_ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ n: Int) {
        Elementwise.sigmoidBackward(y, dy, dx, n)
    }

    public static func tanh(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        Elementwise.tanh(x, y, n)
    }

    public static func tanhBackward(_ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ n: Int) {
        Elementwise.tanhBackward(y, dy, dx, n)
    }

    public static func exp(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        Elementwise.exp(x, y, n)
    }

    public static func log(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        Elementwise.log(x, y, n)
    }

    public static func logBackward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ n: Int) {
        Elementwise.logBackward(x, dy, dx, n)
    }

    public static func softmaxRows(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, m: Int, n: Int) {
        Reductions.softmaxRows(x, y, m: m, n: n)
    }

    public static func logSoftmaxRows(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, m: Int, n: Int) {
        Reductions.logSoftmaxRows(x, y, m: m, n: n)
    }

    public static func softmaxCrossEntropy(_ logits: UnsafePointer<Float>, labels: UnsafePointer<Int32>, probabilities p: UnsafeMutablePointer<Float>, m: Int, n: Int) -> Float? {
        Reductions.softmaxCrossEntropy(logits, labels: labels, probabilities: p, m: m, n: n)
    }

    public static func adamUpdate(parameters: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>, firstMoment: UnsafeMutablePointer<Float>, secondMoment: UnsafeMutablePointer<Float>, n: Int, stepSize: Float, beta1: Float, beta2: Float, epsilonHat: Float) {
        OptimizerKernels.adamUpdate(parameters: parameters, gradients: gradients, firstMoment: firstMoment, secondMoment: secondMoment, n: n, stepSize: stepSize, beta1: beta1, beta2: beta2, epsilonHat: epsilonHat)
    }

    public static func convert(_ bytes: UnsafePointer<UInt8>, scale: Float, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        Elementwise.convert(bytes, scale: scale, y, n)
    }

    public static func convertRows(
        _ bytes: UnsafePointer<UInt8>, rows: UnsafePointer<Int>, count: Int, width: Int, scale: Float,
        _ y: UnsafeMutablePointer<Float>
    ) {
        Elementwise.convertRows(bytes, rows: rows, count: count, width: width, scale: scale, y)
    }

    public static func im2col(_ x: UnsafePointer<Float>, _ geometry: WindowGeometry, _ cols: UnsafeMutablePointer<Float>) {
        Convolution.im2col(x, geometry, cols)
    }

    public static func col2imAccumulate(_ cols: UnsafePointer<Float>, _ geometry: WindowGeometry, _ dx: UnsafeMutablePointer<Float>) {
        Convolution.col2imAccumulate(cols, geometry, dx)
    }

    public static func maxPool(_ x: UnsafePointer<Float>, _ geometry: WindowGeometry, _ y: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>) {
        Convolution.maxPool(x, geometry, y, argmax: argmax)
    }

    public static func maxPoolBackward(_ dy: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, count: Int, _ dx: UnsafeMutablePointer<Float>) {
        Convolution.maxPoolBackward(dy, argmax: argmax, count: count, dx)
    }
}


extension Double {
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>, accumulate: Bool) {
        GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, b: b, c: c, accumulate: accumulate)
    }

    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>, accumulate: Bool, onlyWhereNonzero mask: UnsafePointer<Double>?) {
        GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, b: b, c: c, accumulate: accumulate, mask: mask)
    }

    public static func fill(_ y: UnsafeMutablePointer<Double>, _ value: Double, _ n: Int) {
        Elementwise.fill(y, value, n)
    }

    public static func copy(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        Elementwise.copy(x, y, n)
    }

    public static func add(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        Elementwise.add(a, b, y, n)
    }

    public static func subtract(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        Elementwise.subtract(a, b, y, n)
    }

    public static func multiply(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        Elementwise.multiply(a, b, y, n)
    }

    public static func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        Elementwise.axpy(alpha, x, y, n)
    }

    public static func multiplyAccumulate(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        Elementwise.multiplyAccumulate(a, b, y, n)
    }

    public static func scale(_ x: UnsafePointer<Double>, _ alpha: Double, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        Elementwise.scale(x, alpha, y, n)
    }

    public static func addRow(_ x: UnsafePointer<Double>, _ row: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, m: Int, n: Int) {
        Elementwise.addRow(x, row, y, m: m, n: n)
    }

    public static func sumColumnsAccumulate(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, m: Int, n: Int) {
        Reductions.sumColumnsAccumulate(x, y, m: m, n: n)
    }

    public static func sumRowsAccumulate(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, m: Int, n: Int) {
        Reductions.sumRowsAccumulate(x, y, m: m, n: n)
    }

    public static func sum(_ x: UnsafePointer<Double>, _ n: Int) -> Double {
        Reductions.sum(x, n)
    }

    public static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        Reductions.dot(a, b, n)
    }

    public static func transpose(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, m: Int, n: Int) {
        Reductions.transpose(x, y, m: m, n: n, accumulate: false)
    }

    public static func transposeAccumulate(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, m: Int, n: Int) {
        Reductions.transpose(x, y, m: m, n: n, accumulate: true)
    }

    public static func relu(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        Elementwise.relu(x, y, n)
    }

    public static func reluBackward(_ x: UnsafePointer<Double>, _ dy: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>, _ n: Int) {
        Elementwise.reluBackward(x, dy, dx, n)
    }

    public static func sigmoid(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        Elementwise.sigmoid(x, y, n)
    }

    public static func sigmoidBackward(_ y: UnsafePointer<Double>, _ dy: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>, _ n: Int) {
        Elementwise.sigmoidBackward(y, dy, dx, n)
    }

    public static func tanh(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        Elementwise.tanh(x, y, n)
    }

    public static func tanhBackward(_ y: UnsafePointer<Double>, _ dy: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>, _ n: Int) {
        Elementwise.tanhBackward(y, dy, dx, n)
    }

    public static func exp(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        Elementwise.exp(x, y, n)
    }

    public static func log(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        Elementwise.log(x, y, n)
    }

    public static func logBackward(_ x: UnsafePointer<Double>, _ dy: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>, _ n: Int) {
        Elementwise.logBackward(x, dy, dx, n)
    }

    public static func softmaxRows(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, m: Int, n: Int) {
        Reductions.softmaxRows(x, y, m: m, n: n)
    }

    public static func logSoftmaxRows(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, m: Int, n: Int) {
        Reductions.logSoftmaxRows(x, y, m: m, n: n)
    }

    public static func softmaxCrossEntropy(_ logits: UnsafePointer<Double>, labels: UnsafePointer<Int32>, probabilities p: UnsafeMutablePointer<Double>, m: Int, n: Int) -> Double? {
        Reductions.softmaxCrossEntropy(logits, labels: labels, probabilities: p, m: m, n: n)
    }

    public static func adamUpdate(parameters: UnsafeMutablePointer<Double>, gradients: UnsafePointer<Double>, firstMoment: UnsafeMutablePointer<Double>, secondMoment: UnsafeMutablePointer<Double>, n: Int, stepSize: Double, beta1: Double, beta2: Double, epsilonHat: Double) {
        OptimizerKernels.adamUpdate(parameters: parameters, gradients: gradients, firstMoment: firstMoment, secondMoment: secondMoment, n: n, stepSize: stepSize, beta1: beta1, beta2: beta2, epsilonHat: epsilonHat)
    }

    public static func convert(_ bytes: UnsafePointer<UInt8>, scale: Double, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        Elementwise.convert(bytes, scale: scale, y, n)
    }

    public static func convertRows(
        _ bytes: UnsafePointer<UInt8>, rows: UnsafePointer<Int>, count: Int, width: Int, scale: Double,
        _ y: UnsafeMutablePointer<Double>
    ) {
        Elementwise.convertRows(bytes, rows: rows, count: count, width: width, scale: scale, y)
    }
    public static func im2col(_ x: UnsafePointer<Double>, _ geometry: WindowGeometry, _ cols: UnsafeMutablePointer<Double>) {
        Convolution.im2col(x, geometry, cols)
    }

    public static func col2imAccumulate(_ cols: UnsafePointer<Double>, _ geometry: WindowGeometry, _ dx: UnsafeMutablePointer<Double>) {
        Convolution.col2imAccumulate(cols, geometry, dx)
    }

    public static func maxPool(_ x: UnsafePointer<Double>, _ geometry: WindowGeometry, _ y: UnsafeMutablePointer<Double>, argmax: UnsafeMutablePointer<Int32>) {
        Convolution.maxPool(x, geometry, y, argmax: argmax)
    }

    public static func maxPoolBackward(_ dy: UnsafePointer<Double>, argmax: UnsafePointer<Int32>, count: Int, _ dx: UnsafeMutablePointer<Double>) {
        Convolution.maxPoolBackward(dy, argmax: argmax, count: count, dx)
    }
}
