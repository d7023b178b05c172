import Kernels

/// The shape rule shared by both batch-normalization ops: x is N×F, every per-feature input is
/// a row of F (F or 1×F).
private func checkFeatureRows(_ x: ShapeList, op: String) throws(EngineError) -> Shape {
    guard x[0].rank == 2 else { throw EngineError("\(op): needs a matrix (batch × features), got \(x[0])") }
    let features = x[0][1]
    for i in 1..<x.count where !(x[i].count == features && (x[i].rank == 1 || x[i][0] == 1)) {
        throw EngineError("\(op): input \(i + 1) has shape \(x[i]); expected a row of \(features) features")
    }
    return x[0]
}

/// A per-feature input as PyTorch's batch norm takes it: a vector of F (a 1×F row reshaped).
private func rowVector(_ x: PyTorchForm, _ shape: Shape) -> PyTorchForm {
    shape.rank == 1 ? x : x.reshaped(Shape(shape.count))
}

/// Batch normalization in training mode, per feature (column) of an N×F batch:
///   μ = mean over the batch, σ² = mean((x − μ)²), x̂ = (x − μ)/√(σ² + ε), y = γ ⊙ x̂ + β.
/// Scratch: x̂ (N×F), μ (F), 1/√(σ² + ε) (F), and two rows (F each) for the backward sums;
/// the running averages are updated from μ and σ² by the layer, not here.
public struct BatchNorm: TensorOp {
    public static let declaration = OpDeclaration(
        "batchnorm", usage: "batchnorm(x, gamma, beta, eps=0.001)",
        summary: "batch normalization with batch statistics of a batch × features matrix; gamma and beta are rows of the feature count",
        arguments: [.tensor("x"), .tensor("gamma"), .tensor("beta")],
        options: [.number("eps", mustBe: "greater than 0") { $0 > 0 }]
    ) { call in BatchNorm(epsilon: call.number("eps") ?? 1e-3) }
    public let epsilon: Double
    public init(epsilon: Double = 1e-3) { self.epsilon = epsilon }
    public var name: String { "batchnorm" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? {
        .call("F.batch_norm", [x[0], PyTorchForm("None"), PyTorchForm("None"), rowVector(x[1], shapes[1]), rowVector(x[2], shapes[2])],
              "training=True", "eps=" + PyTorchForm.number(epsilon).text)
    }
    public var arity: Int { 3 }
    public func formula(_ x: [String]) -> String { "batchnorm(\(x[0]); γ=\(x[1]), β=\(x[2]))" }
    public var rule: String {
        "y = γ·x̂ + β with x̂ = (x − μ)/√(σ² + ε) over the batch: dβ = Σ dy, dγ = Σ dy ⊙ x̂, "
            + "dx = γ/(N·√(σ² + ε)) ⊙ (N·dy − Σ dy − x̂ ⊙ Σ(dy ⊙ x̂))"
    }

    // x̂ written from the input, as named pieces the explainer prints once.
    private var mean: GradientExpression { .defined("μ", .mean(.input(0), axis: 0)) }
    private var variance: GradientExpression {
        .defined("σ²", .mean(.function(.square, .subtract(.input(0), mean)), axis: 0))
    }
    private var normalized: GradientExpression {
        .defined("x̂", .divide(.subtract(.input(0), mean), standardDeviation(variance)))
    }

    private func standardDeviation(_ variance: GradientExpression) -> GradientExpression {
        .defined("s", .function(.sqrt, .add(variance, .constant(epsilon, symbol: "ε"))))
    }

    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        let xhat = normalized
        switch index {
        case 0:
            let n = GradientExpression.constant(Double(inputs[0][0]), symbol: "N")
            let deviation = standardDeviation(variance)
            let scale = GradientExpression.divide(.divide(.input(1), deviation), n)
            let threeTerms = GradientExpression.subtract(
                .subtract(.multiply(n, .upstream), .sum(.upstream, axis: 0)),
                .multiply(xhat, .sum(.multiply(.upstream, xhat), axis: 0)))
            return .multiply(scale, threeTerms)
        case 1:
            return .reshape(.sum(.multiply(.upstream, xhat), axis: 0), likeInput: 1)
        default:
            return .reshape(.sum(.upstream, axis: 0), likeInput: 2)
        }
    }

    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape {
        try checkFeatureRows(x, op: name)
    }
    public func auxiliaryCount(_ inputs: ShapeList, output: Shape) -> Int { output.count + 4 * output[1] }

    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0), gamma = c.input(1), beta = c.input(2), y = c.output
        let n = x.shape[0], f = x.shape[1]
        let xhat = c.auxiliary, mean = xhat + n * f, inverseDeviation = mean + f
        T.fill(mean, 0, f)
        T.sumColumnsAccumulate(x.value, mean, m: n, n: f)
        T.scale(mean, 1 / T(n), mean, f)
        T.fill(inverseDeviation, 0, f)
        for i in 0..<n {
            let row = x.value + i * f, centered = xhat + i * f
            T.subtract(row, mean, centered, f)
            T.multiplyAccumulate(centered, centered, inverseDeviation, f)
        }
        for j in 0..<f { inverseDeviation[j] = 1 / T.sqrt(inverseDeviation[j] / T(n) + T(epsilon)) }
        for i in 0..<n {
            let centered = xhat + i * f, out = y.value + i * f
            T.multiply(centered, inverseDeviation, centered, f)
            T.multiply(centered, gamma.value, out, f)
            T.add(out, beta.value, out, f)
        }
    }

    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0), gamma = c.input(1), beta = c.input(2), y = c.output
        guard let dY = y.gradient else { return }
        let n = x.shape[0], f = x.shape[1]
        let xhat = c.auxiliary, inverseDeviation = xhat + n * f + f
        if let dBeta = beta.gradient { T.sumColumnsAccumulate(dY, dBeta, m: n, n: f) }
        guard x.gradient != nil || gamma.gradient != nil else { return }
        // Σ dy and Σ dy ⊙ x̂ per feature, each computed once for dγ and dx.
        let sumDY = inverseDeviation + f, sumDYXhat = sumDY + f
        T.fill(sumDY, 0, f)
        T.sumColumnsAccumulate(dY, sumDY, m: n, n: f)
        T.fill(sumDYXhat, 0, f)
        for i in 0..<n { T.multiplyAccumulate(dY + i * f, xhat + i * f, sumDYXhat, f) }
        if let dGamma = gamma.gradient { T.axpy(1, sumDYXhat, dGamma, f) }
        if let dX = x.gradient {
            let count = T(n)
            for j in 0..<f {
                let scale = gamma.value[j] * inverseDeviation[j] / count
                for i in 0..<n {
                    let k = i * f + j
                    dX[k] += scale * (count * dY[k] - sumDY[j] - xhat[k] * sumDYXhat[j])
                }
            }
        }
    }
}

/// Batch normalization in inference mode: y = γ ⊙ (x − mean)/√(var + ε) + β with the running
/// mean and variance given as inputs 4 and 5 (they take no gradient).
public struct BatchNormInference: TensorOp {
    public let epsilon: Double
    public init(epsilon: Double = 1e-3) { self.epsilon = epsilon }
    public var name: String { "batchnorm_inference" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? {
        .call("F.batch_norm", [x[0]] + [3, 4, 1, 2].map { rowVector(x[$0], shapes[$0]) },
              "training=False", "eps=" + PyTorchForm.number(epsilon).text)
    }
    public var arity: Int { 5 }
    public func formula(_ x: [String]) -> String {
        "\(x[1]) ⊙ (\(x[0]) − \(x[3])) / √(\(x[4]) + ε) + \(x[2])"
    }
    public var rule: String { "with fixed running statistics the layer is affine: dx = dy ⊙ γ/√(var + ε)" }

    private var deviation: GradientExpression {
        .defined("s", .function(.sqrt, .add(.input(4), .constant(epsilon, symbol: "ε"))))
    }

    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        switch index {
        case 0: return .multiply(.upstream, .divide(.input(1), deviation))
        case 1:
            return .reshape(.sum(.multiply(.upstream, .divide(.subtract(.input(0), .input(3)), deviation)), axis: 0), likeInput: 1)
        case 2: return .reshape(.sum(.upstream, axis: 0), likeInput: 2)
        default: return .constant(0)
        }
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape {
        try checkFeatureRows(x, op: name)
    }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0), gamma = c.input(1), beta = c.input(2), mean = c.input(3), variance = c.input(4)
        let n = x.shape[0], f = x.shape[1], y = c.output
        for i in 0..<n {
            for j in 0..<f {
                let k = i * f + j
                let xhat = (x.value[k] - mean.value[j]) / T.sqrt(variance.value[j] + T(epsilon))
                y.value[k] = gamma.value[j] * xhat + beta.value[j]
            }
        }
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0), gamma = c.input(1), beta = c.input(2), mean = c.input(3), variance = c.input(4)
        guard let dY = c.output.gradient else { return }
        let n = x.shape[0], f = x.shape[1]
        for i in 0..<n {
            for j in 0..<f {
                let k = i * f + j
                let inverse = 1 / T.sqrt(variance.value[j] + T(epsilon))
                x.gradient?[k] += dY[k] * gamma.value[j] * inverse
                gamma.gradient?[j] += dY[k] * (x.value[k] - mean.value[j]) * inverse
                beta.gradient?[j] += dY[k]
            }
        }
    }
}
