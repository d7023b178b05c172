import Kernels

/// Checks an axis for `sum` and `mean`: nil (all elements) for any shape, 0 or 1 for a matrix.
private func reducedShape(_ x: Shape, axis: Int?, op: String) throws(EngineError) -> Shape {
    guard let axis else { return .scalar }
    guard x.rank == 2, axis == 0 || axis == 1 else {
        throw EngineError("\(op): axis \(axis) needs a matrix and an axis of 0 (down the rows) or 1 (along each row); got \(x)")
    }
    return axis == 0 ? Shape(1, x[1]) : Shape(x[0], 1)
}

/// Writes the sum of x over `axis` (nil: everything; 0: down the rows; 1: along each row),
/// multiplied by `factor`.
private func reduce<T: KernelScalar>(_ x: TensorReference<T>, axis: Int?, factor: T, into y: TensorReference<T>) {
    switch axis {
    case nil:
        y.value[0] = T.sum(x.value, x.count) * factor
    case 0?:
        T.fill(y.value, 0, y.count)
        T.sumColumnsAccumulate(x.value, y.value, m: x.shape[0], n: x.shape[1])
        T.scale(y.value, factor, y.value, y.count)
    default:
        T.fill(y.value, 0, y.count)
        T.sumRowsAccumulate(x.value, y.value, m: x.shape[0], n: x.shape[1])
        T.scale(y.value, factor, y.value, y.count)
    }
}

/// dx += factor · dy, with dy repeated back over the reduced axis.
private func spread<T: KernelScalar>(_ dY: UnsafePointer<T>, axis: Int?, factor: T, into x: TensorReference<T>) {
    guard let dX = x.gradient else { return }
    switch axis {
    case nil:
        let g = dY[0] * factor
        for i in 0..<x.count { dX[i] += g }
    case 0?:
        let m = x.shape[0], n = x.shape[1]
        for i in 0..<m { T.axpy(factor, dY, dX + i * n, n) }
    default:
        let m = x.shape[0], n = x.shape[1]
        for i in 0..<m {
            let g = dY[i] * factor
            for j in 0..<n { dX[i * n + j] += g }
        }
    }
}

/// `torch.sum(x)`, or over one axis keeping it (a 1×n row, an m×1 column), as here.
private func reduction(_ function: String, _ x: PyTorchForm, axis: Int?, output: Shape) -> PyTorchForm {
    guard let axis else { return .call(function, [x]) }
    return .call(function, [x], "dim=\(axis)", "keepdim=True")
}

private func axisSuffix(_ axis: Int?) -> String { axis.map { ", axis=\($0)" } ?? "" }

/// The number of elements each output of a reduction summed.
private func reducedCount(_ x: Shape, axis: Int?) -> Int {
    switch axis {
    case nil: x.count
    case 0?: x[0]
    default: x[1]
    }
}

/// Y = Σ x over all elements (a scalar) or along one axis of a matrix.
public struct Sum: TensorOp {
    public static let declaration = OpDeclaration(
        "sum", usage: "sum(x, axis=0|1)",
        summary: "over all elements (a single number), down the rows (axis=0: a 1×n row) or along each row (axis=1: an m×1 column)",
        arguments: [.tensor("x")], options: [.integer("axis", in: 0...1)]
    ) { call in Sum(axis: call.integer("axis")) }
    public let axis: Int?
    public init(axis: Int? = nil) { self.axis = axis }
    public var name: String { "sum" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? {
        reduction("torch.sum", x[0], axis: axis, output: output)
    }
    public var arity: Int { 1 }
    public func formula(_ x: [String]) -> String { "sum(\(x[0])\(axisSuffix(axis)))" }
    public var rule: String { "∂(Σ xᵢ)/∂xⱼ = 1: every summed element receives the upstream gradient" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .broadcast(.upstream, toInput: 0)
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape {
        try reducedShape(x[0], axis: axis, op: name)
    }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        reduce(c.input(0), axis: axis, factor: 1, into: c.output)
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        guard let dY = c.output.gradient else { return }
        spread(dY, axis: axis, factor: 1, into: c.input(0))
    }
}

/// Y = the mean of x over all elements (a scalar) or along one axis of a matrix.
public struct Mean: TensorOp {
    public static let declaration = OpDeclaration(
        "mean", usage: "mean(x, axis=0|1)", summary: "like sum, divided by the number of elements summed",
        arguments: [.tensor("x")], options: [.integer("axis", in: 0...1)]
    ) { call in Mean(axis: call.integer("axis")) }
    public let axis: Int?
    public init(axis: Int? = nil) { self.axis = axis }
    public var name: String { "mean" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? {
        reduction("torch.mean", x[0], axis: axis, output: output)
    }
    public var arity: Int { 1 }
    public func formula(_ x: [String]) -> String { "mean(\(x[0])\(axisSuffix(axis)))" }
    public var rule: String { "∂(Σ xᵢ / N)/∂xⱼ = 1/N: every averaged element receives the upstream gradient over N" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .divide(.broadcast(.upstream, toInput: 0), .constant(Double(reducedCount(inputs[0], axis: axis)), symbol: "N"))
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape {
        try reducedShape(x[0], axis: axis, op: name)
    }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0)
        reduce(x, axis: axis, factor: 1 / T(reducedCount(x.shape, axis: axis)), into: c.output)
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0)
        guard let dY = c.output.gradient else { return }
        spread(dY, axis: axis, factor: 1 / T(reducedCount(x.shape, axis: axis)), into: x)
    }
}
