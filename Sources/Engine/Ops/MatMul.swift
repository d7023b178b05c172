import Kernels

/// Y = A · B for A (m×k) and B (k×n): the heart of a dense layer.
public struct MatMul: TensorOp {
    public static let declaration = OpDeclaration(
        "matmul", usage: "matmul(a, b)", summary: "the same as a @ b: (m×k)·(k×n) → (m×n)",
        arguments: [.tensor("a"), .tensor("b")]
    ) { _ in MatMul() }
    public init() {}
    public var name: String { "matmul" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? {
        .binary(x[0], "@", x[1], shapes: shapes, output: output)
    }
    public var arity: Int { 2 }
    public func formula(_ x: [String]) -> String { "\(x[0]) · \(x[1])" }
    public var rule: String {
        "Y = A·B: ∂Y[i,j]/∂A[i,k] = B[k,j] and ∂Y[i,j]/∂B[k,j] = A[i,k], so dA = dY·Bᵀ and dB = Aᵀ·dY"
    }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        index == 0 ? .matmul(.upstream, .transpose(.input(1))) : .matmul(.transpose(.input(0)), .upstream)
    }

    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape {
        guard x[0].rank == 2, x[1].rank == 2 else {
            throw EngineError("matmul: needs two matrices, got \(x[0]) · \(x[1])")
        }
        guard x[0][1] == x[1][0] else {
            throw EngineError("matmul: inner dimensions differ: \(x[0]) · \(x[1]) (\(x[0][1]) ≠ \(x[1][0]))")
        }
        return Shape(x[0][0], x[1][1])
    }

    // A is (m,k), B is (k,n), Y is (m,n).
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let a = c.input(0), b = c.input(1), y = c.output
        T.gemm(
            transposeA: false, transposeB: false, m: y.shape[0], n: y.shape[1], k: a.shape[1],
            a: a.value, b: b.value, c: y.value, accumulate: false)
    }

    /// The products write every element of C with `accumulate: false`.
    public var writesFreshGradients: Bool { true }

    // dA (m,k) += dY (m,n) · Bᵀ;  dB (k,n) += Aᵀ · dY  (= instead of += into a fresh gradient).
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let a = c.input(0), b = c.input(1), y = c.output
        let m = y.shape[0], n = y.shape[1], k = a.shape[1]
        guard let dY = y.gradient else { return }
        if let dA = a.gradient {
            // Where A is a ReLU's output, dA is read only where A ≠ 0: the product may skip the rest.
            T.gemm(
                transposeA: false, transposeB: true, m: m, n: k, k: n, a: dY, b: b.value, c: dA,
                accumulate: !a.gradientIsFresh, onlyWhereNonzero: a.gradientIsReadOnlyWhereNonzero ? UnsafePointer(a.value) : nil)
        }
        if let dB = b.gradient {
            T.gemm(
                transposeA: true, transposeB: false, m: k, n: n, k: m, a: a.value, b: dY, c: dB,
                accumulate: !b.gradientIsFresh)
        }
    }
}
