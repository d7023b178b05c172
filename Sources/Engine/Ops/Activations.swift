import Kernels

/// Y = max(0, x), elementwise.
public struct ReLU: ElementwiseOp {
    public static let declaration = OpDeclaration.function("relu", summary: "max(0, x), elementwise", ReLU())
    public init() {}
    public var name: String { "relu" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? { .call("torch.relu", x) }
    public var rule: String { "relu'(x) = 1 if x > 0, else 0 (at x = 0 there is a kink: no derivative)" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(.upstream, .function(.step, .input(0)))
    }
    public func value(_ x: Double) -> Double { x > 0 ? x : 0 }
    public func derivative(_ x: Double, output y: Double) -> Double { x > 0 ? 1 : 0 }
    public var kink: Double? { 0 }
    /// dx = dy where x > 0, which is where the output is not 0.
    public var readsOutputGradientOnlyWhereOutputIsNonzero: Bool { true }
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
public struct Sigmoid: ElementwiseOp {
    public static let declaration = OpDeclaration.function("sigmoid", summary: "1 / (1 + e^(−x)), elementwise", Sigmoid())
    public init() {}
    public var name: String { "sigmoid" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? { .call("torch.sigmoid", x) }
    public func formula(_ x: [String]) -> String { "σ(\(x[0]))" }
    public var rule: String { "σ'(z) = σ(z)·(1 − σ(z))" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(.multiply(.upstream, .output), .subtract(.constant(1), .output))
    }
    /// Written so that e^x is never formed for a large x (no overflow on either side).
    public func value(_ x: Double) -> Double { x >= 0 ? 1 / (1 + libmExp(-x)) : libmExp(x) / (1 + libmExp(x)) }
    public func derivative(_ x: Double, output y: Double) -> Double { y * (1 - y) }
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
public struct Tanh: ElementwiseOp {
    public static let declaration = OpDeclaration.function("tanh", summary: "the hyperbolic tangent, elementwise", Tanh())
    public init() {}
    public var name: String { "tanh" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? { .call("torch.tanh", x) }
    public var rule: String { "tanh'(z) = 1 − tanh(z)²" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(.upstream, .subtract(.constant(1), .function(.square, .output)))
    }
    public func value(_ x: Double) -> Double { libmTanh(x) }
    public func derivative(_ x: Double, output y: Double) -> Double { 1 - y * y }
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
public struct Exp: ElementwiseOp {
    public static let declaration = OpDeclaration.function("exp", summary: "e^x, elementwise", Exp())
    public init() {}
    public var name: String { "exp" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? { .call("torch.exp", x) }
    public var rule: String { "exp'(x) = exp(x)" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(.upstream, .output)
    }
    public func value(_ x: Double) -> Double { libmExp(x) }
    public func derivative(_ x: Double, output y: Double) -> Double { y }
    public func nonFiniteCause(inputs: [Double?], output: Double) -> (input: Int, reason: String)? {
        guard let x = inputs[0], output == .infinity else { return nil }
        return (0, "exp of \(Trace.number(x))")
    }
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
public struct Log: ElementwiseOp {
    public static let declaration = OpDeclaration.function("log", summary: "the natural logarithm, elementwise", Log())
    public init() {}
    public var name: String { "log" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? { .call("torch.log", x) }
    public var rule: String { "log'(x) = 1/x" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .divide(.upstream, .input(0))
    }
    public func value(_ x: Double) -> Double { libmLog(x) }
    public func derivative(_ x: Double, output y: Double) -> Double { 1 / x }
    public func nonFiniteCause(inputs: [Double?], output: Double) -> (input: Int, reason: String)? {
        guard let x = inputs[0], x <= 0 else { return nil }
        return (0, "log of \(Trace.number(x))")
    }
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
