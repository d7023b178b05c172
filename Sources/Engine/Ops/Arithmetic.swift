import Kernels

/// How a second operand combines with the first in `add` and `subtract`: same shape, or a row
/// (1×n or n) repeated down every row of an m×n matrix — a bias.
enum Broadcast {
    case none, row

    static func of(_ a: Shape, _ b: Shape, op: String) throws(EngineError) -> Broadcast {
        if a == b { return .none }
        if a.rank == 2, b.count == a[1], b.rank == 1 || (b.rank == 2 && b[0] == 1) { return .row }
        throw EngineError("\(op): shapes \(a) and \(b) do not match (the second may also be a row of \(a.columns))")
    }
}

/// Y = a + b, elementwise; b may be a row broadcast down a's rows (a bias).
public struct Add: TensorOp {
    public init() {}
    public var name: String { "add" }
    public var arity: Int { 2 }
    public func formula(_ x: [String]) -> String { "\(x[0]) + \(x[1])" }
    public var rule: String {
        "∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1; a row added to every row (a bias) collects the sum of their gradients"
    }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        if index == 1, inputs[0] != inputs[1] { return .reshape(.sum(.upstream, axis: 0), likeInput: 1) }
        return .upstream
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape {
        _ = try Broadcast.of(x[0], x[1], op: name)
        return x[0]
    }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let a = c.input(0), b = c.input(1), y = c.output
        if a.shape == b.shape {
            T.add(a.value, b.value, y.value, y.count)
        } else {
            T.addRow(a.value, b.value, y.value, m: a.shape.rows, n: a.shape.columns)
        }
    }
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let a = c.input(0), b = c.input(1), y = c.output
        guard let dY = y.gradient else { return }
        if let dA = a.gradient { T.axpy(1, dY, dA, y.count) }
        if let dB = b.gradient {
            if a.shape == b.shape {
                T.axpy(1, dY, dB, y.count)
            } else {
                T.sumColumnsAccumulate(dY, dB, m: y.shape.rows, n: y.shape.columns)
            }
        }
    }
}

/// Y = a − b, elementwise; b may be a row broadcast down a's rows.
public struct Subtract: TensorOp {
    public init() {}
    public var name: String { "subtract" }
    public var arity: Int { 2 }
    public func formula(_ x: [String]) -> String { "\(x[0]) − \(x[1])" }
    public var rule: String { "∂(a − b)/∂a = 1 and ∂(a − b)/∂b = −1" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        if index == 0 { return .upstream }
        let negative = GradientExpression.multiply(.constant(-1), .upstream)
        if inputs[0] != inputs[1] { return .reshape(.sum(negative, axis: 0), likeInput: 1) }
        return negative
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape {
        _ = try Broadcast.of(x[0], x[1], op: name)
        return x[0]
    }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let a = c.input(0), b = c.input(1), y = c.output
        if a.shape == b.shape {
            T.subtract(a.value, b.value, y.value, y.count)
        } else {
            let n = a.shape.columns
            for i in 0..<a.shape.rows { T.subtract(a.value + i * n, b.value, y.value + i * n, n) }
        }
    }
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let a = c.input(0), b = c.input(1), y = c.output
        guard let dY = y.gradient else { return }
        if let dA = a.gradient { T.axpy(1, dY, dA, y.count) }
        if let dB = b.gradient {
            if a.shape == b.shape {
                T.axpy(-1, dY, dB, y.count)
            } else {
                let n = a.shape.columns
                for i in 0..<a.shape.rows { T.axpy(-1, dY + i * n, dB, n) }
            }
        }
    }
}

/// Y = a ⊙ b, the elementwise product of two tensors of the same shape.
public struct Multiply: TensorOp {
    public init() {}
    public var name: String { "multiply" }
    public var arity: Int { 2 }
    public func formula(_ x: [String]) -> String { "\(x[0]) ⊙ \(x[1])" }
    public var rule: String { "∂(a·b)/∂a = b and ∂(a·b)/∂b = a, element by element" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(.upstream, .input(1 - index))
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape {
        guard x[0] == x[1] else { throw EngineError("multiply: shapes \(x[0]) and \(x[1]) differ") }
        return x[0]
    }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        T.multiply(c.input(0).value, c.input(1).value, c.output.value, c.output.count)
    }
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let a = c.input(0), b = c.input(1), y = c.output
        guard let dY = y.gradient else { return }
        if let dA = a.gradient { T.multiplyAccumulate(dY, b.value, dA, y.count) }
        if let dB = b.gradient { T.multiplyAccumulate(dY, a.value, dB, y.count) }
    }
}

/// Y = c · x for a constant c.
public struct Scale: TensorOp {
    public let factor: Double
    public init(_ factor: Double) { self.factor = factor }
    public var name: String { "scale" }
    public var arity: Int { 1 }
    public func formula(_ x: [String]) -> String { "\(NumberFormat.compact(factor)) · \(x[0])" }
    public var rule: String { "∂(c·x)/∂x = c" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(.constant(factor), .upstream)
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape { x[0] }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        T.scale(c.input(0).value, T(factor), c.output.value, c.output.count)
    }
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        guard let dY = c.output.gradient, let dX = c.input(0).gradient else { return }
        T.axpy(T(factor), dY, dX, c.output.count)
    }
}
