// The kernel table, written once for both element types: each requirement forwards to its generic
// implementation. Float and Double witnesses are specialized by the optimizer (whole-module), so a
// generic caller in another module reaches specialized loops through the witness table.

extension KernelScalar {
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Self>, b: UnsafePointer<Self>, c: UnsafeMutablePointer<Self>, accumulate: Bool) {
        GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, b: b, c: c, accumulate: accumulate)
    }

    public static func fill(_ y: UnsafeMutablePointer<Self>, _ value: Self, _ n: Int) {
        Elementwise.fill(y, value, n)
    }

    public static func copy(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        Elementwise.copy(x, y, n)
    }

    public static func add(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        Elementwise.add(a, b, y, n)
    }

    public static func subtract(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        Elementwise.subtract(a, b, y, n)
    }

    public static func multiply(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        Elementwise.multiply(a, b, y, n)
    }

    public static func axpy(_ alpha: Self, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        Elementwise.axpy(alpha, x, y, n)
    }

    public static func multiplyAccumulate(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        Elementwise.multiplyAccumulate(a, b, y, n)
    }

    public static func scale(_ x: UnsafePointer<Self>, _ alpha: Self, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        Elementwise.scale(x, alpha, y, n)
    }

    public static func addRow(_ x: UnsafePointer<Self>, _ row: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, m: Int, n: Int) {
        Elementwise.addRow(x, row, y, m: m, n: n)
    }

    public static func sumColumnsAccumulate(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, m: Int, n: Int) {
        Reductions.sumColumnsAccumulate(x, y, m: m, n: n)
    }

    public static func sumRowsAccumulate(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, m: Int, n: Int) {
        Reductions.sumRowsAccumulate(x, y, m: m, n: n)
    }

    public static func sum(_ x: UnsafePointer<Self>, _ n: Int) -> Self {
        Reductions.sum(x, n)
    }

    public static func dot(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ n: Int) -> Self {
        Reductions.dot(a, b, n)
    }

    public static func transpose(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, m: Int, n: Int) {
        Reductions.transpose(x, y, m: m, n: n, accumulate: false)
    }

    public static func transposeAccumulate(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, m: Int, n: Int) {
        Reductions.transpose(x, y, m: m, n: n, accumulate: true)
    }

    public static func relu(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        Elementwise.relu(x, y, n)
    }

    public static func reluBackward(_ x: UnsafePointer<Self>, _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, _ n: Int) {
        Elementwise.reluBackward(x, dy, dx, n)
    }

    public static func sigmoid(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        Elementwise.sigmoid(x, y, n)
    }

    public static func sigmoidBackward(_ y: UnsafePointer<Self>, _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, _ n: Int) {
        Elementwise.sigmoidBackward(y, dy, dx, n)
    }

    public static func tanh(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        Elementwise.tanh(x, y, n)
    }

    public static func tanhBackward(_ y: UnsafePointer<Self>, _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, _ n: Int) {
        Elementwise.tanhBackward(y, dy, dx, n)
    }

    public static func exp(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        Elementwise.exp(x, y, n)
    }

    public static func log(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        Elementwise.log(x, y, n)
    }

    public static func logBackward(_ x: UnsafePointer<Self>, _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, _ n: Int) {
        Elementwise.logBackward(x, dy, dx, n)
    }

    public static func softmaxRows(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, m: Int, n: Int) {
        Reductions.softmaxRows(x, y, m: m, n: n)
    }

    public static func logSoftmaxRows(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, m: Int, n: Int) {
        Reductions.logSoftmaxRows(x, y, m: m, n: n)
    }

    public static func softmaxCrossEntropy(_ logits: UnsafePointer<Self>, labels: UnsafePointer<Int32>, probabilities p: UnsafeMutablePointer<Self>, m: Int, n: Int) -> Self? {
        Reductions.softmaxCrossEntropy(logits, labels: labels, probabilities: p, m: m, n: n)
    }

    public static func adamUpdate(parameters: UnsafeMutablePointer<Self>, gradients: UnsafePointer<Self>, firstMoment: UnsafeMutablePointer<Self>, secondMoment: UnsafeMutablePointer<Self>, n: Int, stepSize: Self, beta1: Self, beta2: Self, epsilonHat: Self) {
        OptimizerKernels.adamUpdate(parameters: parameters, gradients: gradients, firstMoment: firstMoment, secondMoment: secondMoment, n: n, stepSize: stepSize, beta1: beta1, beta2: beta2, epsilonHat: epsilonHat)
    }

    public static func convert(_ bytes: UnsafePointer<UInt8>, scale: Self, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        Elementwise.convert(bytes, scale: scale, y, n)
    }

    public static func im2col(_ x: UnsafePointer<Self>, _ geometry: WindowGeometry, _ cols: UnsafeMutablePointer<Self>) {
        Convolution.im2col(x, geometry, cols)
    }

    public static func col2imAccumulate(_ cols: UnsafePointer<Self>, _ geometry: WindowGeometry, _ dx: UnsafeMutablePointer<Self>) {
        Convolution.col2imAccumulate(cols, geometry, dx)
    }

    public static func maxPool(_ x: UnsafePointer<Self>, _ geometry: WindowGeometry, _ y: UnsafeMutablePointer<Self>, argmax: UnsafeMutablePointer<Int32>) {
        Convolution.maxPool(x, geometry, y, argmax: argmax)
    }

    public static func maxPoolBackward(_ dy: UnsafePointer<Self>, argmax: UnsafePointer<Int32>, count: Int, _ dx: UnsafeMutablePointer<Self>) {
        Convolution.maxPoolBackward(dy, argmax: argmax, count: count, dx)
    }
}
