import Kernels

/// The same elements in another shape (row-major order is kept): `reshape` and `flatten`.
public struct Reshape: TensorOp {
    public static let declaration = OpDeclaration(
        "reshape", usage: "reshape(x, [rows, columns])",
        summary: "the same elements (row-major) in another shape, 1 to 4 dimensions",
        arguments: [.tensor("x"), .shape("shape")]
    ) { call in Reshape(Shape(call.dimensions)) }
    public let shape: Shape
    public init(_ shape: Shape) { self.shape = shape }
    public var name: String { "reshape" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? { x[0].reshaped(output) }
    public var arity: Int { 1 }
    public func formula(_ x: [String]) -> String { "reshape(\(x[0]), \(shape))" }
    public var rule: String { "reshaping moves no numbers: the gradient is reshaped back" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .reshape(.upstream, likeInput: 0)
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape {
        guard x[0].count == shape.count else {
            throw EngineError("reshape: cannot reshape \(x[0]) (\(x[0].count) elements) to \(shape) (\(shape.count) elements)")
        }
        return shape
    }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        T.copy(c.input(0).value, c.output.value, c.output.count)
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        guard let dY = c.output.gradient, let dX = c.input(0).gradient else { return }
        T.axpy(1, dY, dX, c.output.count)
    }
}

/// `flatten(x)`: a reshape that keeps the first axis (the batch) and folds the others into one,
/// (N, 28, 28) → (N, 784).
public enum FlattenOp {
    public static let declaration = OpDeclaration(
        "flatten", usage: "flatten(x)", summary: "keeps the first axis and folds the others: (N, 28, 28) → (N, 784)",
        arguments: [.tensor("x")]
    ) { call in Reshape(shape(of: call.shapes[0])) }

    public static func shape(of x: Shape) -> Shape {
        let batch = x.rank == 0 ? 1 : x[0]
        return Shape(batch, x.count / Swift.max(batch, 1))
    }
}

/// Y = xᵀ for a matrix.
public struct Transpose: TensorOp {
    public static let declaration = OpDeclaration(
        "transpose", usage: "transpose(x)", summary: "the transpose of a matrix", arguments: [.tensor("x")]
    ) { _ in Transpose() }
    public init() {}
    public var name: String { "transpose" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? { x[0].member("T") }
    public var arity: Int { 1 }
    public func formula(_ x: [String]) -> String { "\(x[0])ᵀ" }
    public var rule: String { "Y[j,i] = X[i,j], so dX = dYᵀ" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression { .transpose(.upstream) }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape {
        guard x[0].rank == 2 else { throw EngineError("transpose: needs a matrix, got \(x[0])") }
        return Shape(x[0][1], x[0][0])
    }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0)
        T.transpose(x.value, c.output.value, m: x.shape[0], n: x.shape[1])
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0), y = c.output
        guard let dY = y.gradient, let dX = x.gradient else { return }
        T.transposeAccumulate(dY, dX, m: y.shape[0], n: y.shape[1])
    }
}
