import Kernels
import Support

/// How an operand of an elementwise op lines up with the output: the same shape, one row
/// repeated down every row (a bias), or one number repeated everywhere.
public enum Broadcast: Sendable, Equatable {
    case full, row, scalar

    /// The output shape and each operand's alignment, or an error naming the op.
    static func of(_ a: Shape, _ b: Shape, op: String) throws(EngineError) -> (Shape, Broadcast, Broadcast) {
        if a == b { return (a, .full, .full) }
        if b.count == 1 { return (a, .full, .scalar) }
        if a.count == 1 { return (b, .scalar, .full) }
        if isRow(b, of: a) { return (a, .full, .row) }
        if isRow(a, of: b) { return (b, .row, .full) }
        throw EngineError(
            "\(op): shapes \(a) and \(b) do not match (an operand may also be a single number or a row of the other's columns)")
    }

    private static func isRow(_ r: Shape, of m: Shape) -> Bool {
        m.rank >= 2 && r.count == m.columns && (r.rank == 1 || (r.rank == 2 && r[0] == 1))
    }

    /// The index of this operand's element at output position (i, j) of an output n wide.
    @inline(__always)
    func index(_ i: Int, _ j: Int, _ n: Int) -> Int {
        switch self {
        case .full: i * n + j
        case .row: j
        case .scalar: 0
        }
    }

    /// The gradient of this operand from `elementwise`, the gradient at the output's shape:
    /// summed over the rows it was repeated down, or over everything.
    func reduced(_ elementwise: GradientExpression) -> GradientExpression {
        switch self {
        case .full: elementwise
        case .row: .sum(elementwise, axis: 0)
        case .scalar: .sum(elementwise, axis: nil)
        }
    }
}

/// The shared rule of the elementwise binary ops: shape, forward and backward over broadcast
/// operands. `combine` is the op itself; `partialA`/`partialB` its local derivatives. The common
/// cases (same shapes, a row bias) run in kernels; the rest in plain loops.
private func broadcastShape(_ x: ShapeList, _ op: String) throws(EngineError) -> Shape {
    try Broadcast.of(x[0], x[1], op: op).0
}

private func alignment<T>(_ c: OpContext<T>) -> (Broadcast, Broadcast) {
    // The shapes were checked when the op was recorded.
    let modes = try? Broadcast.of(c.input(0).shape, c.input(1).shape, op: "")
    return (modes?.1 ?? .full, modes?.2 ?? .full)
}

private func forwardLoop<T: KernelScalar>(_ c: OpContext<T>, _ combine: (T, T) -> T) {
    let a = c.input(0), b = c.input(1), y = c.output
    let (ma, mb) = alignment(c)
    let m = y.shape.rows, n = y.shape.columns
    for i in 0..<m {
        for j in 0..<n { y.value[i * n + j] = combine(a.value[ma.index(i, j, n)], b.value[mb.index(i, j, n)]) }
    }
}

/// d(operand) += dY ⊙ partial(a, b), summed down to the operand's shape.
private func backwardLoop<T: KernelScalar>(
    _ c: OpContext<T>, operand k: Int, _ partial: (_ a: T, _ b: T) -> T
) {
    let a = c.input(0), b = c.input(1), y = c.output
    guard let dY = y.gradient, let d = c.input(k).gradient else { return }
    let (ma, mb) = alignment(c)
    let mode = k == 0 ? ma : mb
    let m = y.shape.rows, n = y.shape.columns
    for i in 0..<m {
        for j in 0..<n {
            let g = dY[i * n + j] * partial(a.value[ma.index(i, j, n)], b.value[mb.index(i, j, n)])
            d[mode.index(i, j, n)] += g
        }
    }
}

/// Y = a + b, elementwise; either operand may be a row (a bias) or a single number.
public struct Add: TensorOp {
    public init() {}
    public var name: String { "add" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? {
        .binary(x[0], "+", x[1], shapes: shapes, output: output)
    }
    public var arity: Int { 2 }
    public func formula(_ x: [String]) -> String { "\(x[0]) + \(x[1])" }
    public var rule: String { "∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1" }
    public func rule(for inputs: ShapeList) -> String {
        guard let modes = try? Broadcast.of(inputs[0], inputs[1], op: name), modes.1 != .full || modes.2 != .full else { return rule }
        return rule + "; a row added to every row (a bias) collects the sum of their gradients"
    }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        let modes = (try? Broadcast.of(inputs[0], inputs[1], op: name)) ?? (inputs[0], .full, .full)
        return (index == 0 ? modes.1 : modes.2).reduced(.upstream)
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape { try broadcastShape(x, name) }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let a = c.input(0), b = c.input(1), y = c.output
        switch alignment(c) {
        case (.full, .full): T.add(a.value, b.value, y.value, y.count)
        case (.full, .row): T.addRow(a.value, b.value, y.value, m: y.shape.rows, n: y.shape.columns)
        case (.row, .full): T.addRow(b.value, a.value, y.value, m: y.shape.rows, n: y.shape.columns)
        default: forwardLoop(c, +)
        }
    }
    /// A fresh operand's gradient is written: the upstream gradient copied, or a sum started
    /// from zero.
    public var writesFreshGradients: Bool { true }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let y = c.output
        guard let dY = y.gradient else { return }
        let modes = alignment(c)
        for k in 0..<2 {
            let operand = c.input(k)
            guard let d = operand.gradient else { continue }
            let fresh = operand.gradientIsFresh
            switch k == 0 ? modes.0 : modes.1 {
            case .full:
                if fresh { T.copy(dY, d, y.count) } else { T.axpy(1, dY, d, y.count) }
            case .row:
                if fresh { T.fill(d, 0, operand.count) }
                T.sumColumnsAccumulate(dY, d, m: y.shape.rows, n: y.shape.columns)
            case .scalar:
                let total = T.sum(dY, y.count)
                d[0] = fresh ? total : d[0] + total
            }
        }
    }
}

/// Y = a − b, elementwise; either operand may be a row or a single number.
public struct Subtract: TensorOp {
    public init() {}
    public var name: String { "subtract" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? {
        .binary(x[0], "-", x[1], shapes: shapes, output: output)
    }
    public var arity: Int { 2 }
    public func formula(_ x: [String]) -> String { "\(x[0]) − \(x[1])" }
    public var rule: String { "∂(a − b)/∂a = 1 and ∂(a − b)/∂b = −1" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        let modes = (try? Broadcast.of(inputs[0], inputs[1], op: name)) ?? (inputs[0], .full, .full)
        return index == 0 ? modes.1.reduced(.upstream) : modes.2.reduced(.multiply(.constant(-1), .upstream))
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape { try broadcastShape(x, name) }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let a = c.input(0), b = c.input(1), y = c.output
        let n = y.shape.columns
        switch alignment(c) {
        case (.full, .full): T.subtract(a.value, b.value, y.value, y.count)
        case (.full, .row):
            for i in 0..<y.shape.rows { T.subtract(a.value + i * n, b.value, y.value + i * n, n) }
        default: forwardLoop(c, -)
        }
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let y = c.output
        guard let dY = y.gradient else { return }
        let modes = alignment(c)
        for k in 0..<2 {
            guard let d = c.input(k).gradient else { continue }
            let sign: T = k == 0 ? 1 : -1
            switch k == 0 ? modes.0 : modes.1 {
            case .full: T.axpy(sign, dY, d, y.count)
            case .row:
                let n = y.shape.columns
                for i in 0..<y.shape.rows { T.axpy(sign, dY + i * n, d, n) }
            case .scalar: d[0] += sign * T.sum(dY, y.count)
            }
        }
    }
}

/// Y = a ⊙ b, the elementwise product; either operand may be a row or a single number.
public struct Multiply: TensorOp {
    public init() {}
    public var name: String { "multiply" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? {
        .binary(x[0], "*", x[1], shapes: shapes, output: output)
    }
    public var arity: Int { 2 }
    public func formula(_ x: [String]) -> String { "\(x[0]) ⊙ \(x[1])" }
    public func formula(_ x: [String], shapes: ShapeList) -> String {
        shapes[0].count == 1 && shapes[1].count == 1 ? "\(x[0]) · \(x[1])" : formula(x)
    }
    public var rule: String { "∂(a·b)/∂a = b and ∂(a·b)/∂b = a, element by element" }
    public func rule(for inputs: ShapeList) -> String {
        inputs[0].count == 1 && inputs[1].count == 1 ? "∂(a·b)/∂a = b and ∂(a·b)/∂b = a" : rule
    }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        let modes = (try? Broadcast.of(inputs[0], inputs[1], op: name)) ?? (inputs[0], .full, .full)
        return (index == 0 ? modes.1 : modes.2).reduced(.multiply(.upstream, .input(1 - index)))
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape { try broadcastShape(x, name) }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let a = c.input(0), b = c.input(1), y = c.output
        let n = y.shape.columns
        switch alignment(c) {
        case (.full, .full): T.multiply(a.value, b.value, y.value, y.count)
        case (.full, .row):
            for i in 0..<y.shape.rows { T.multiply(a.value + i * n, b.value, y.value + i * n, n) }
        default: forwardLoop(c, *)
        }
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let a = c.input(0), b = c.input(1), y = c.output
        guard let dY = y.gradient else { return }
        if alignment(c) == (.full, .full) {
            if let dA = a.gradient { T.multiplyAccumulate(dY, b.value, dA, y.count) }
            if let dB = b.gradient { T.multiplyAccumulate(dY, a.value, dB, y.count) }
            return
        }
        backwardLoop(c, operand: 0) { _, b in b }
        backwardLoop(c, operand: 1) { a, _ in a }
    }
}

/// Y = a / b, elementwise; either operand may be a row or a single number.
public struct Divide: TensorOp {
    public init() {}
    public var name: String { "divide" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? {
        .binary(x[0], "/", x[1], shapes: shapes, output: output)
    }
    public var arity: Int { 2 }
    public func formula(_ x: [String]) -> String { "\(x[0]) / \(x[1])" }
    public var rule: String { "∂(a/b)/∂a = 1/b and ∂(a/b)/∂b = −a/b²" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        let modes = (try? Broadcast.of(inputs[0], inputs[1], op: name)) ?? (inputs[0], .full, .full)
        return index == 0
            ? modes.1.reduced(.divide(.upstream, .input(1)))
            : modes.2.reduced(.multiply(.upstream, .divide(.multiply(.constant(-1), .input(0)), .function(.square, .input(1)))))
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape { try broadcastShape(x, name) }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) { forwardLoop(c, /) }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        backwardLoop(c, operand: 0) { _, b in 1 / b }
        backwardLoop(c, operand: 1) { a, b in -a / (b * b) }
    }
    public func nonFiniteCause(inputs: [Double?], output: Double) -> (input: Int, reason: String)? {
        guard output.isInfinite, inputs.count > 1, inputs[1] == 0 else { return nil }
        return (1, "division by 0")
    }
}

/// Y = −x, elementwise.
public struct Negate: ElementwiseOp {
    public init() {}
    public var name: String { "negate" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? { .negated(x[0]) }
    public func formula(_ x: [String]) -> String { "−\(x[0])" }
    public var rule: String { "∂(−a)/∂a = −1" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression { .multiply(.constant(-1), .upstream) }
    public func value(_ x: Double) -> Double { -x }
    public func derivative(_ x: Double, output y: Double) -> Double { -1 }
}

/// Y = c · x for a constant c.
public struct Scale: TensorOp {
    public let factor: Double
    public init(_ factor: Double) { self.factor = factor }
    public var name: String { "scale" }
    /// `-x` for the factor −1 (how `-x` is recorded), else `c * x`.
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? {
        factor == -1 ? .negated(x[0]) : .binary(.number(factor), "*", x[0], shapes: ShapeList([.scalar, shapes[0]]), output: output)
    }
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
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        guard let dY = c.output.gradient, let dX = c.input(0).gradient else { return }
        T.axpy(T(factor), dY, dX, c.output.count)
    }
}
