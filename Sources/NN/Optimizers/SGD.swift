import Engine
import Kernels
import Support

/// Plain gradient descent: θ ← θ − η·g.
public final class SGD<Scalar: KernelScalar>: Optimizer {
    public let parameters: [Parameter<Scalar>]
    public let learningRate: Double
    public private(set) var stepCount = 0

    public init(_ parameters: [Parameter<Scalar>], learningRate: Double = 0.01) {
        self.parameters = parameters
        self.learningRate = learningRate
    }

    public func beginStep() { stepCount += 1 }

    @_specialize(where Scalar == Float)
    public func update(_ k: Int) {
        let p = parameters[k]
        Scalar.axpy(Scalar(-learningRate), p.gradient.pointer, p.value.pointer, p.count)
    }

    public var stateTensors: [(name: String, tensor: Tensor<Scalar>)] { [] }
    public func restore(stepCount: Int, state: [String: Tensor<Scalar>]) throws(EngineError) {
        try OptimizerSteps.check(stepCount)
        self.stepCount = stepCount
    }
    public var summary: String { "SGD(η \(NumberFormat.compact(learningRate)))" }
}

/// Gradient descent with momentum, as Keras writes it: v ← μ·v − η·g;  θ ← θ + v.
public final class Momentum<Scalar: KernelScalar>: Optimizer {
    public let parameters: [Parameter<Scalar>]
    public let learningRate: Double
    public let momentum: Double
    public private(set) var stepCount = 0
    let velocity: SlotBuffers<Scalar>

    public init(_ parameters: [Parameter<Scalar>], learningRate: Double = 0.01, momentum: Double = 0.9) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        velocity = SlotBuffers("velocity", for: parameters)
    }

    /// The velocity of parameter `index` (for lessons that show every state variable).
    public func velocity(of index: Int) -> [Scalar] { velocity.buffers[index].array }

    public func beginStep() { stepCount += 1 }

    @_specialize(where Scalar == Float)
    public func update(_ k: Int) {
        let p = parameters[k], v = velocity.buffers[k]
        Scalar.scale(v.pointer, Scalar(momentum), v.pointer, p.count)
        Scalar.axpy(Scalar(-learningRate), p.gradient.pointer, v.pointer, p.count)
        Scalar.axpy(1, v.pointer, p.value.pointer, p.count)
    }

    public var stateTensors: [(name: String, tensor: Tensor<Scalar>)] { velocity.tensors(parameters) }
    public func restore(stepCount: Int, state: [String: Tensor<Scalar>]) throws(EngineError) {
        try OptimizerSteps.check(stepCount)
        try velocity.restore(parameters, from: state)
        self.stepCount = stepCount
    }
    public var summary: String { "Momentum(η \(NumberFormat.compact(learningRate)), μ \(NumberFormat.compact(momentum)))" }
}
