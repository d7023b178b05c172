// The element types the kernels work on, and the one table of every kernel the engine calls.
//
// The engine is generic over `T: KernelScalar` (Double for teaching and checks, Float for MNIST).
// Its op code stays generic and light; every loop over a buffer is a static requirement here,
// implemented once generically in this module and specialized for Float and Double in the two
// conformances below, so a generic caller in another module still runs specialized SIMD code.
//
// Conventions for every kernel:
// - matrices are row-major; `m×n` means m rows of n contiguous elements;
// - `n` is an element count; pointers are never aliased unless the doc says so;
// - kernels named `…Accumulate` add into their output (`+=`); gradients accumulate.

public protocol KernelScalar: BinaryFloatingPoint, SIMDScalar, Codable, Sendable, CustomStringConvertible {
    /// C = op(A)·op(B) (+ C when `accumulate`), op(A) m×k, op(B) k×n, C m×n.
    /// `transposeA`: A is stored k×m; `transposeB`: B is stored n×k.
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Self>, b: UnsafePointer<Self>,
        c: UnsafeMutablePointer<Self>, accumulate: Bool)
    /// `gemm` for a C needed only where `mask` (m×n, like C), when given, is not ±0, as for the
    /// gradient of a ReLU's output: elsewhere C may hold 0 (or what it held, when accumulating)
    /// instead of the product. The dot products of A·Bᵀ skip those elements; other shapes compute
    /// them all.
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Self>, b: UnsafePointer<Self>,
        c: UnsafeMutablePointer<Self>, accumulate: Bool, onlyWhereNonzero mask: UnsafePointer<Self>?)

    static func fill(_ y: UnsafeMutablePointer<Self>, _ value: Self, _ n: Int)
    static func copy(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    /// y = a + b, y = a − b, y = a ⊙ b (y may alias a or b).
    static func add(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    static func subtract(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    static func multiply(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    /// y += alpha · x
    static func axpy(_ alpha: Self, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    /// y += a ⊙ b
    static func multiplyAccumulate(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    /// y = alpha · x
    static func scale(_ x: UnsafePointer<Self>, _ alpha: Self, _ y: UnsafeMutablePointer<Self>, _ n: Int)

    /// y[i, j] = x[i, j] + row[j] for an m×n x (row-broadcast of a bias).
    static func addRow(_ x: UnsafePointer<Self>, _ row: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, m: Int, n: Int)
    /// y[j] += Σ_i x[i, j]: the column sums of an m×n x (the bias gradient).
    static func sumColumnsAccumulate(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, m: Int, n: Int)
    /// y[i] += Σ_j x[i, j]: the row sums of an m×n x.
    static func sumRowsAccumulate(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, m: Int, n: Int)
    /// Σ x (pairwise-free, fixed order, so results do not depend on threads).
    static func sum(_ x: UnsafePointer<Self>, _ n: Int) -> Self
    /// Σ a ⊙ b
    static func dot(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ n: Int) -> Self
    /// y[j, i] = x[i, j] for an m×n x.
    static func transpose(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, m: Int, n: Int)
    /// y[j, i] += x[i, j] for an m×n x.
    static func transposeAccumulate(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, m: Int, n: Int)

    /// Elementwise functions y = f(x) and their backward passes dx += dy ⊙ f'(x).
    static func relu(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    /// dx += dy where x > 0.
    static func reluBackward(_ x: UnsafePointer<Self>, _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, _ n: Int)
    static func sigmoid(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    /// dx += dy ⊙ y ⊙ (1 − y), from the output y = σ(x).
    static func sigmoidBackward(_ y: UnsafePointer<Self>, _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, _ n: Int)
    static func tanh(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    /// dx += dy ⊙ (1 − y²), from the output y = tanh(x).
    static func tanhBackward(_ y: UnsafePointer<Self>, _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, _ n: Int)
    static func exp(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    static func log(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    /// dx += dy / x
    static func logBackward(_ x: UnsafePointer<Self>, _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, _ n: Int)

    /// Row-wise softmax of an m×n x, stable (the row maximum is subtracted first).
    static func softmaxRows(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, m: Int, n: Int)
    /// Row-wise log-softmax of an m×n x: x − max − log Σ exp(x − max).
    static func logSoftmaxRows(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, m: Int, n: Int)
    /// Softmax cross-entropy of m×n logits with integer labels: writes the probabilities to `p`
    /// and returns the mean over rows of −log p[i, label[i]] computed from log-softmax.
    /// Returns nil when a label is out of 0..<n.
    static func softmaxCrossEntropy(
        _ logits: UnsafePointer<Self>, labels: UnsafePointer<Int32>,
        probabilities p: UnsafeMutablePointer<Self>, m: Int, n: Int) -> Self?

    /// One Adam step over n parameters, in place:
    /// m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²;  θ −= stepSize · m / (√v + ε̂)
    /// where the caller folds the bias corrections into `stepSize` and `epsilonHat`.
    static func adamUpdate(
        parameters: UnsafeMutablePointer<Self>, gradients: UnsafePointer<Self>,
        firstMoment: UnsafeMutablePointer<Self>, secondMoment: UnsafeMutablePointer<Self>, n: Int,
        stepSize: Self, beta1: Self, beta2: Self, epsilonHat: Self)

    /// x[i] = bytes[i] · scale (pixels to [0, 1] with scale 1/255).
    static func convert(_ bytes: UnsafePointer<UInt8>, scale: Self, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    /// Row r of y = row rows[r] of the byte matrix `bytes` (rows of `width` bytes) · scale, for r
    /// in 0..<count: a batch of images gathered by index.
    static func convertRows(
        _ bytes: UnsafePointer<UInt8>, rows: UnsafePointer<Int>, count: Int, width: Int, scale: Self,
        _ y: UnsafeMutablePointer<Self>)

    /// Convolution patches of an NHWC input (see Convolution.swift): `cols` is patchRows × patchColumns.
    static func im2col(_ x: UnsafePointer<Self>, _ geometry: WindowGeometry, _ cols: UnsafeMutablePointer<Self>)
    /// The adjoint of `im2col`: adds every patch entry back onto the input position it came from.
    static func col2imAccumulate(_ cols: UnsafePointer<Self>, _ geometry: WindowGeometry, _ dx: UnsafeMutablePointer<Self>)
    /// Max pooling of an NHWC input; `argmax` receives the flat input index of each maximum.
    static func maxPool(_ x: UnsafePointer<Self>, _ geometry: WindowGeometry, _ y: UnsafeMutablePointer<Self>, argmax: UnsafeMutablePointer<Int32>)
    /// dx[argmax[o]] += dy[o] for o in 0..<count.
    static func maxPoolBackward(_ dy: UnsafePointer<Self>, argmax: UnsafePointer<Int32>, count: Int, _ dx: UnsafeMutablePointer<Self>)
    /// The convolution without the patch matrix, for small windows (`WindowGeometry.directPatchLimit`):
    /// y = im2col(x) · K, y (patchRows × filters), K (patchColumns × filters).
    static func convolveDirect(_ x: UnsafePointer<Self>, _ geometry: WindowGeometry, kernel: UnsafePointer<Self>, filters: Int, _ y: UnsafeMutablePointer<Self>)
    /// dK += im2col(x)ᵀ · dY without the patch matrix.
    static func convolutionKernelGradientDirect(_ x: UnsafePointer<Self>, _ geometry: WindowGeometry, upstream: UnsafePointer<Self>, filters: Int, _ dK: UnsafeMutablePointer<Self>)
    /// dx += col2im(dY · Kᵀ) without the patch matrix.
    static func convolutionInputGradientDirect(upstream: UnsafePointer<Self>, _ geometry: WindowGeometry, kernel: UnsafePointer<Self>, filters: Int, _ dx: UnsafeMutablePointer<Self>)

    /// Elementary functions on one element (libm), for the light generic loops outside the kernels.
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func sqrt(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
}
