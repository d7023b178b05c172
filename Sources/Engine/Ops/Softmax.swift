import Kernels

/// Y = softmax(x) along each row: exp(x − max) / Σ exp(x − max), so large logits never overflow.
public struct Softmax: TensorOp {
    public static let declaration = OpDeclaration.function(
        "softmax", summary: "e^x / Σ e^x along each row, computed stably (the row maximum is subtracted first)", Softmax())
    public init() {}
    public var name: String { "softmax" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? { .call("torch.softmax", x, "dim=-1") }
    public var arity: Int { 1 }
    public func formula(_ x: [String]) -> String { "softmax(\(x[0]))" }
    public var rule: String {
        "∂pᵢ/∂xⱼ = pᵢ·(1[i = j] − pⱼ), so dx = p ⊙ (dp − Σⱼ dpⱼ·pⱼ) row by row"
    }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(.output, .subtract(.upstream, .sum(.multiply(.upstream, .output), axis: 1)))
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape {
        guard x[0].rank >= 1 else { throw EngineError("softmax: needs a vector or a matrix, got a scalar") }
        return x[0]
    }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0)
        T.softmaxRows(x.value, c.output.value, m: x.shape.rows, n: x.shape.columns)
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0), y = c.output
        guard let dY = y.gradient, let dX = x.gradient else { return }
        let m = x.shape.rows, n = x.shape.columns
        for i in 0..<m {
            let p = y.value + i * n, g = dY + i * n, d = dX + i * n
            let s = T.dot(g, p, n)
            for j in 0..<n { d[j] += p[j] * (g[j] - s) }
        }
    }
}

/// Y = log softmax(x) along each row, computed as x − max − log Σ exp(x − max): stable where
/// log(softmax(x)) would take the log of an underflowed 0.
public struct LogSoftmax: TensorOp {
    public static let declaration = OpDeclaration.function(
        "log_softmax", summary: "x − log Σ e^x along each row, computed stably", LogSoftmax())
    public init() {}
    public var name: String { "log_softmax" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? { .call("torch.log_softmax", x, "dim=-1") }
    public var arity: Int { 1 }
    public func formula(_ x: [String]) -> String { "log_softmax(\(x[0]))" }
    public var rule: String {
        "∂(log pᵢ)/∂xⱼ = 1[i = j] − pⱼ, so dx = dy − p ⊙ Σⱼ dyⱼ row by row"
    }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .subtract(.upstream, .multiply(.function(.softmax, .input(0)), .sum(.upstream, axis: 1)))
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape {
        guard x[0].rank >= 1 else { throw EngineError("log_softmax: needs a vector or a matrix, got a scalar") }
        return x[0]
    }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0)
        T.logSoftmaxRows(x.value, c.output.value, m: x.shape.rows, n: x.shape.columns)
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0), y = c.output
        guard let dY = y.gradient, let dX = x.gradient else { return }
        let m = x.shape.rows, n = x.shape.columns
        for i in 0..<m {
            let logp = y.value + i * n, g = dY + i * n, d = dX + i * n
            let s = T.sum(g, n)
            for j in 0..<n { d[j] += g[j] - T.exp(logp[j]) * s }
        }
    }
}
