import Engine

/// Batch normalization over the features of a (batch, features) input, as Keras does it:
/// training mode normalizes with the batch's mean and variance and updates running averages
/// (moving = momentum · moving + (1 − momentum) · batch); inference uses the running averages.
public final class BatchNormalization<Scalar: KernelScalar>: Layer {
    public let features: Int
    public let momentum: Double
    public let epsilon: Double
    public let gamma: Parameter<Scalar>
    public let beta: Parameter<Scalar>
    public let movingMean: Parameter<Scalar>
    public let movingVariance: Parameter<Scalar>
    private let outputName: String

    public init(features: Int, momentum: Double = 0.99, epsilon: Double = 1e-3, index: Int) {
        self.features = features
        self.momentum = momentum
        self.epsilon = epsilon
        gamma = Parameter("gamma\(index)", Tensor(shape: Shape(features), elements: Array(repeating: 1, count: features)))
        beta = Parameter("beta\(index)", Tensor(zeros: Shape(features)))
        movingMean = Parameter("moving_mean\(index)", Tensor(zeros: Shape(features)))
        movingVariance = Parameter(
            "moving_variance\(index)", Tensor(shape: Shape(features), elements: Array(repeating: 1, count: features)))
        outputName = "bn\(index)"
    }

    public var parameters: [Parameter<Scalar>] { [gamma, beta] }
    public var state: [Parameter<Scalar>] { [movingMean, movingVariance] }
    public var summary: String { "BatchNormalization(\(features), momentum \(momentum), ε \(epsilon))" }

    public func outputShape(for input: Shape) throws(EngineError) -> Shape {
        guard input.rank == 2, input[1] == features else {
            throw EngineError("\(summary): expects (batch × \(features)) input, got \(input)")
        }
        return input
    }

    @_specialize(where Scalar == Float)
    public func forward(_ x: Variable, on tape: Tape<Scalar>) throws(EngineError) -> Variable {
        let g = tape.parameter(gamma), b = tape.parameter(beta)
        guard tape.isTraining else {
            let mean = tape.parameter(movingMean, requiresGradient: false)
            let variance = tape.parameter(movingVariance, requiresGradient: false)
            return try tape.batchNormInference(
                x, gamma: g, beta: b, mean: mean, variance: variance, epsilon: epsilon, name: outputName)
        }
        let y = try tape.batchNorm(x, gamma: g, beta: b, epsilon: epsilon, name: outputName)
        // The op left the batch mean and 1/√(σ² + ε) in its scratch, after x̂.
        let batch = tape.shape(of: x)[0]
        let scratch = tape.node(y).auxiliary.pointer + batch * features
        let keep = Scalar(momentum), take = Scalar(1 - momentum), eps = Scalar(epsilon)
        for j in 0..<features {
            let mean = scratch[j], inverse = scratch[features + j]
            let variance = 1 / (inverse * inverse) - eps
            movingMean.value.pointer[j] = keep * movingMean.value.pointer[j] + take * mean
            movingVariance.value.pointer[j] = keep * movingVariance.value.pointer[j] + take * variance
        }
        return y
    }
}
