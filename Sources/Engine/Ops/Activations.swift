import Kernels

/// Y = max(0, x), elementwise.
public struct ReLU: TensorOp {
    public init() {}
    public var name: String { "relu" }
    public var arity: Int { 1 }
    public func formula(_ x: [String]) -> String { "relu(\(x[0]))" }
    public var rule: String { "relu'(x) = 1 if x > 0, else 0 (at x = 0 there is a kink: no derivative)" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(.upstream, .function(.step, .input(0)))
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape { x[0] }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        T.relu(c.input(0).value, c.output.value, c.output.count)
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0)
        guard let dY = c.output.gradient, let dX = x.gradient else { return }
        T.reluBackward(x.value, dY, dX, x.count)
    }
}

/// Y = σ(x) = 1 / (1 + e^(−x)), elementwise.
public struct Sigmoid: TensorOp {
    public init() {}
    public var name: String { "sigmoid" }
    public var arity: Int { 1 }
    public func formula(_ x: [String]) -> String { "σ(\(x[0]))" }
    public var rule: String { "σ'(z) = σ(z)·(1 − σ(z))" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(.multiply(.upstream, .output), .subtract(.constant(1), .output))
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape { x[0] }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        T.sigmoid(c.input(0).value, c.output.value, c.output.count)
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let y = c.output
        guard let dY = y.gradient, let dX = c.input(0).gradient else { return }
        T.sigmoidBackward(y.value, dY, dX, y.count)
    }
}

/// Y = tanh(x), elementwise.
public struct Tanh: TensorOp {
    public init() {}
    public var name: String { "tanh" }
    public var arity: Int { 1 }
    public func formula(_ x: [String]) -> String { "tanh(\(x[0]))" }
    public var rule: String { "tanh'(z) = 1 − tanh(z)²" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(.upstream, .subtract(.constant(1), .function(.square, .output)))
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape { x[0] }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        T.tanh(c.input(0).value, c.output.value, c.output.count)
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let y = c.output
        guard let dY = y.gradient, let dX = c.input(0).gradient else { return }
        T.tanhBackward(y.value, dY, dX, y.count)
    }
}

/// Y = e^x, elementwise.
public struct Exp: TensorOp {
    public init() {}
    public var name: String { "exp" }
    public var arity: Int { 1 }
    public func formula(_ x: [String]) -> String { "exp(\(x[0]))" }
    public var rule: String { "exp'(x) = exp(x)" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(.upstream, .output)
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape { x[0] }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        T.exp(c.input(0).value, c.output.value, c.output.count)
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let y = c.output
        guard let dY = y.gradient, let dX = c.input(0).gradient else { return }
        T.multiplyAccumulate(dY, y.value, dX, y.count)
    }
}

/// Y = ln x, elementwise.
public struct Log: TensorOp {
    public init() {}
    public var name: String { "log" }
    public var arity: Int { 1 }
    public func formula(_ x: [String]) -> String { "log(\(x[0]))" }
    public var rule: String { "log'(x) = 1/x" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .divide(.upstream, .input(0))
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape { x[0] }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        T.log(c.input(0).value, c.output.value, c.output.count)
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0)
        guard let dY = c.output.gradient, let dX = x.gradient else { return }
        T.logBackward(x.value, dY, dX, x.count)
    }
}
