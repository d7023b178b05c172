import Engine
import Kernels
import Support

/// Adam (Kingma & Ba, 2015) as Keras implements it, for step t = 1, 2, …:
///     m ← β1·m + (1 − β1)·g
///     v ← β2·v + (1 − β2)·g²
///     θ ← θ − α_t · m / (√v + ε),   α_t = η · √(1 − β2ᵗ) / (1 − β1ᵗ)
/// which is η · m̂ / (√v̂ + ε̂) with the bias-corrected m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ) and
/// ε̂ = ε/√(1 − β2ᵗ). Keras defaults: η 0.001, β1 0.9, β2 0.999, ε 1e-7.
public final class Adam<Scalar: KernelScalar>: Optimizer {
    public let parameters: [Parameter<Scalar>]
    public let learningRate: Double
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    public private(set) var stepCount = 0
    let firstMoment: SlotBuffers<Scalar>
    let secondMoment: SlotBuffers<Scalar>

    public init(
        _ parameters: [Parameter<Scalar>], learningRate: Double = 1e-3, beta1: Double = 0.9,
        beta2: Double = 0.999, epsilon: Double = 1e-7
    ) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoment = SlotBuffers("m", for: parameters)
        secondMoment = SlotBuffers("v", for: parameters)
    }

    /// The step size α_t for step t (1-based), with both bias corrections folded in.
    public func stepSize(at t: Int) -> Double {
        learningRate * (1 - Double.pow(beta2, Double(t))).squareRoot() / (1 - Double.pow(beta1, Double(t)))
    }

    /// m and v of parameter `index` (for lessons that show every state variable).
    public func moments(of index: Int) -> (m: [Scalar], v: [Scalar]) {
        (firstMoment.buffers[index].array, secondMoment.buffers[index].array)
    }

    /// α_t of the step begun last.
    private var currentStepSize: Scalar = 0

    public func beginStep() {
        stepCount += 1
        currentStepSize = Scalar(stepSize(at: stepCount))
    }

    @_specialize(where Scalar == Float)
    public func update(_ k: Int) {
        let p = parameters[k]
        Scalar.adamUpdate(
            parameters: p.value.pointer, gradients: p.gradient.pointer,
            firstMoment: firstMoment.buffers[k].pointer, secondMoment: secondMoment.buffers[k].pointer,
            n: p.count, stepSize: currentStepSize, beta1: Scalar(beta1), beta2: Scalar(beta2),
            epsilonHat: Scalar(epsilon))
    }

    public var stateTensors: [(name: String, tensor: Tensor<Scalar>)] {
        firstMoment.tensors(parameters) + secondMoment.tensors(parameters)
    }
    public func restore(stepCount: Int, state: [String: Tensor<Scalar>]) throws(EngineError) {
        try OptimizerSteps.check(stepCount)
        try firstMoment.restore(parameters, from: state)
        try secondMoment.restore(parameters, from: state)
        self.stepCount = stepCount
    }
    public var summary: String {
        "Adam(η \(NumberFormat.compact(learningRate)), β1 \(NumberFormat.compact(beta1)), β2 \(NumberFormat.compact(beta2)), ε \(NumberFormat.compact(epsilon)))"
    }
}
