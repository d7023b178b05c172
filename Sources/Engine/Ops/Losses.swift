import Kernels

/// L = mean over the batch of −log softmax(logits)[label]: softmax and cross-entropy in one op,
/// from integer labels (Keras's sparse categorical cross-entropy from logits).
/// The op keeps the probabilities p for its backward pass.
public struct SoftmaxCrossEntropy: TensorOp {
    public static let declaration = OpDeclaration(
        "cross_entropy", usage: "cross_entropy(logits, labels)",
        summary: "softmax cross-entropy of a batch × classes matrix with labels declared by `labels`, averaged over the batch",
        arguments: [.tensor("logits"), .labels("labels")]
    ) { _ in SoftmaxCrossEntropy() }
    public init() {}
    public var name: String { "cross_entropy" }
    /// `x[1]` is the labels, which the export hands over as one more operand.
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? { .call("F.cross_entropy", x) }
    public var arity: Int { 1 }
    public var takesLabels: Bool { true }
    public func formula(_ x: [String]) -> String { "cross_entropy(\(x[0]), labels)" }
    public var rule: String {
        "L = −(1/N) Σ log pᵢ[yᵢ] with p = softmax(z): ∂L/∂z = (p − onehot(y)) / N"
    }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(
            .upstream,
            .divide(
                .subtract(.function(.softmax, .input(0)), .oneHotLabels(likeInput: 0)),
                .constant(Double(inputs[0].rows), symbol: "N")))
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape {
        guard x[0].rank == 2 else { throw EngineError("cross_entropy: needs logits as a matrix (batch × classes), got \(x[0])") }
        return .scalar
    }
    public func auxiliaryCount(_ inputs: ShapeList, output: Shape) -> Int { inputs[0].count }

    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let z = c.input(0)
        let loss = T.softmaxCrossEntropy(
            z.value, labels: c.labels.baseAddress!, probabilities: c.auxiliary, m: z.shape[0], n: z.shape[1])
        c.output.value[0] = loss ?? .nan  // labels are checked when the op is recorded
    }

    /// A fresh dz is written: dz = factor · p, then the labels' entries lowered.
    public var writesFreshGradients: Bool { true }

    // dz += dL · (p − onehot(y)) / N
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let z = c.input(0)
        guard let dL = c.output.gradient, let dZ = z.gradient else { return }
        let m = z.shape[0], n = z.shape[1]
        let factor = dL[0] / T(m)
        if z.gradientIsFresh {
            T.scale(c.auxiliary, factor, dZ, m * n)
        } else {
            T.axpy(factor, c.auxiliary, dZ, m * n)
        }
        for (i, label) in c.labels.enumerated() { dZ[i * n + Int(label)] -= factor }
    }
}

/// L = mean((ŷ − y)²) over all elements.
public struct MeanSquaredError: TensorOp {
    public static let declaration = OpDeclaration(
        "mse", usage: "mse(prediction, target)", summary: "mean((prediction − target)²), a single number; the shapes must match",
        arguments: [.tensor("prediction"), .tensor("target")]
    ) { _ in MeanSquaredError() }
    public init() {}
    public var name: String { "mse" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? { .call("F.mse_loss", x) }
    public var arity: Int { 2 }
    public func formula(_ x: [String]) -> String { "mean((\(x[0]) − \(x[1]))²)" }
    public var rule: String { "L = (1/N) Σ (ŷᵢ − yᵢ)²: ∂L/∂ŷᵢ = 2(ŷᵢ − yᵢ)/N and ∂L/∂yᵢ = −2(ŷᵢ − yᵢ)/N" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        let n = GradientExpression.constant(Double(inputs[0].count), symbol: "N")
        let residual = GradientExpression.subtract(.input(0), .input(1))
        let sign = index == 0 ? 2.0 : -2.0
        return .multiply(.upstream, .divide(.multiply(.constant(sign), residual), n))
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape {
        guard x[0] == x[1] else { throw EngineError("mse: prediction \(x[0]) and target \(x[1]) differ in shape") }
        return .scalar
    }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let p = c.input(0), t = c.input(1)
        var total: T = 0
        for i in 0..<p.count {
            let r = p.value[i] - t.value[i]
            total += r * r
        }
        c.output.value[0] = total / T(p.count)
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let p = c.input(0), t = c.input(1)
        guard let dL = c.output.gradient else { return }
        let factor = 2 * dL[0] / T(p.count)
        for i in 0..<p.count {
            let g = factor * (p.value[i] - t.value[i])
            p.gradient?[i] += g
            t.gradient?[i] -= g
        }
    }
}
